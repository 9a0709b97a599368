//! What the server functions about people and classes need from the server, as a trait. The
//! server crate implements it over its storage (`server::backend`); the app crate cannot depend
//! on the server crate, so the server provides its implementation in each request's context.

use crate::live::{LiveChange, LiveState};
use crate::people::{ClassDetail, ClassSummary, CurrentUser};

/// Why a request for people or class data was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    SignInRequired,
    Forbidden,
    NotFound,
    /// The request asks for something impossible; the text says what, for the person.
    Invalid(String),
    /// The server could not answer (for example, its database is down); the text is for logs.
    Unavailable(String),
}

#[async_trait::async_trait]
pub trait Backend: Send + Sync + 'static {
    /// The person signed in with the session cookie in `headers`, if any.
    async fn current_user(&self, headers: &http::HeaderMap)
        -> Result<Option<CurrentUser>, Refusal>;
    /// The classes the person belongs to.
    async fn classes_of(&self, user: &CurrentUser) -> Result<Vec<ClassSummary>, Refusal>;
    /// One class as this person may see it.
    async fn class_detail(&self, user: &CurrentUser, class_id: i64)
        -> Result<ClassDetail, Refusal>;
    /// Every account (admins only).
    async fn all_users(&self, user: &CurrentUser) -> Result<Vec<CurrentUser>, Refusal>;
    /// The class's live state, and whether this person may drive it.
    async fn live_state(
        &self,
        user: &CurrentUser,
        class_id: i64,
    ) -> Result<(LiveState, bool), Refusal>;
    /// Changes the live state (the class's instructors only) and tells every screen.
    async fn drive_live(
        &self,
        user: &CurrentUser,
        class_id: i64,
        change: LiveChange,
    ) -> Result<LiveState, Refusal>;
    /// Records a lesson opened or a slide shown (`position` 0 for lessons).
    async fn record_progress(
        &self,
        user: &CurrentUser,
        kind: crate::progress::ItemKind,
        module_id: &str,
        position: usize,
    ) -> Result<(), Refusal>;
    /// The person's progress through the course.
    async fn progress_of(
        &self,
        user: &CurrentUser,
    ) -> Result<crate::progress::ProgressSummary, Refusal>;
    /// The person's classes whose live session is on: (class id, class name).
    async fn live_classes_of(&self, user: &CurrentUser) -> Result<Vec<(i64, String)>, Refusal>;
    /// An exercise as this person may see it: alone (`class_id` `None`) or in one of their
    /// classes. Anonymous visitors see the questions only.
    async fn exercise_page(
        &self,
        user: Option<&CurrentUser>,
        exercise_id: &str,
        class_id: Option<i64>,
    ) -> Result<crate::api_exercises::ExercisePageData, Refusal>;
    /// Keeps the answers typed so far (`Invalid` with a message when a field is refused).
    async fn save_exercise_draft(
        &self,
        user: &CurrentUser,
        exercise_id: &str,
        class_id: Option<i64>,
        fields: Vec<(String, String)>,
    ) -> Result<(), Refusal>;
    /// How the class is answering an exercise (its instructors only).
    async fn exercise_distribution(
        &self,
        user: &CurrentUser,
        class_id: i64,
        exercise_id: &str,
    ) -> Result<crate::api_exercises::Distribution, Refusal>;
    /// Essays of the class waiting for a grade (its instructors only).
    async fn grading_queue(
        &self,
        user: &CurrentUser,
        class_id: i64,
    ) -> Result<
        (
            crate::api_exercises::ClassRef,
            Vec<crate::api_exercises::GradingTask>,
        ),
        Refusal,
    >;
    /// The person's appraisal workspace, alone or in a class, with the key when it may be seen.
    async fn appraisal_page(
        &self,
        user: Option<&CurrentUser>,
        class_id: Option<i64>,
    ) -> Result<crate::api_appraisal::AppraisalPageData, Refusal>;
    /// Saves the workspace; answers the goal ratings and levels its ratings give.
    async fn save_appraisal(
        &self,
        user: &CurrentUser,
        class_id: Option<i64>,
        fields: Vec<(String, String)>,
    ) -> Result<crate::appraisal::Evaluation, Refusal>;
    /// The class heatmap against the key, by learner or by team (its instructors only).
    async fn class_appraisal(
        &self,
        user: &CurrentUser,
        class_id: i64,
        by_teams: bool,
    ) -> Result<crate::api_appraisal::ClassAppraisal, Refusal>;
    /// A team's page: members' ratings side by side and the agreed ratings (the person's own
    /// team, or with `team_id` any team of a class they teach).
    async fn team_appraisal(
        &self,
        user: &CurrentUser,
        class_id: i64,
        team_id: Option<i64>,
    ) -> Result<crate::api_appraisal_team::TeamPage, Refusal>;
    /// Applies a member's edit to their team's agreed ratings (autosave).
    async fn save_team_appraisal(
        &self,
        user: &CurrentUser,
        class_id: i64,
        fields: Vec<(String, String)>,
    ) -> Result<
        (
            crate::appraisal::team::EditOutcome,
            crate::appraisal::Evaluation,
        ),
        Refusal,
    >;
    /// Learners × exercises (its instructors only).
    async fn gradebook(
        &self,
        user: &CurrentUser,
        class_id: i64,
    ) -> Result<crate::api_exercises::Gradebook, Refusal>;
}
