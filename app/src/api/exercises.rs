//! Server functions and page data for class exercises: the learner's exercise page (with autosave),
//! and the instructor's live distribution, grading queue and gradebook. Thin, as all server
//! functions here: the backend decides who may see what.

use domain::ids::ClassId;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

use super::Access;
use domain::answers::Answers;
use domain::exercise::{Criterion, ExerciseView};
use domain::knowledge_check::{ClassOutcome, OutcomeScore};
use domain::people::ClassMode;
use domain::policy::{ClassExerciseSetting, ExerciseStatus};

/// The class an exercise is answered in, as the page shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClassRef {
    pub id: ClassId,
    pub name: String,
    pub mode: ClassMode,
}

/// One submission as its author sees it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SubmissionSummary {
    pub attempt: u32,
    pub submitted_at: String,
    /// Hundredths of a point; `None` while a person still has to grade part of it, or while
    /// results are not released.
    pub points: Option<u32>,
    pub possible: u32,
}

/// The result of one item, shown once results may be seen.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ItemFeedback {
    pub item_id: String,
    pub your_answer_html: String,
    /// Hundredths of a point; `None` while waiting for grading.
    pub points: Option<u32>,
    pub possible: u32,
    pub correct_answer: String,
    pub explanation_html: String,
    /// For essays: the level chosen for each criterion, and the grader's comment.
    pub rubric: Vec<(String, Option<String>)>,
    pub comment_html: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExercisePageData {
    pub exercise: ExerciseView,
    pub class: Option<ClassRef>,
    pub signed_in: bool,
    pub status: ExerciseStatus,
    pub draft: Answers,
    pub submissions: Vec<SubmissionSummary>,
    pub attempts_left: u32,
    /// The latest submission's results, when they may be shown.
    pub feedback: Option<Vec<ItemFeedback>>,
    /// A fresh token for the submit button, so that a double click or a retried post makes
    /// one submission.
    pub request_id: String,
    /// For the knowledge check, once results may be shown: the latest submission per outcome.
    pub outcome_scores: Vec<OutcomeScore>,
}

/// The class's knowledge check per course outcome, and each learner's, for the instructor.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KnowledgeCheckResults {
    pub class: ClassRef,
    pub exercise_id: String,
    pub exercise_title: String,
    /// (id, text) of every outcome the check measures, in its order.
    pub outcomes: Vec<(String, String)>,
    pub class_outcomes: Vec<ClassOutcome>,
    pub learners: u32,
    pub submitted: u32,
    /// Learners who submitted: name, username and their score per outcome (in `outcomes` order).
    pub rows: Vec<(String, String, Vec<OutcomeScore>)>,
}

/// How a class answered one item so far (each learner's latest submission, or their draft).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ItemDistribution {
    pub item_id: String,
    pub prompt_html: String,
    pub answered: u32,
    /// (what, how many, whether it is right)
    pub rows: Vec<(String, u32, bool)>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Distribution {
    pub class: ClassRef,
    pub exercise: ExerciseView,
    pub setting: ClassExerciseSetting,
    pub learners: u32,
    pub submitted: u32,
    pub items: Vec<ItemDistribution>,
}

/// An essay waiting for a grade.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GradingTask {
    pub submission_id: i64,
    pub learner: String,
    pub exercise_id: String,
    pub exercise_title: String,
    pub attempt: u32,
    pub item_id: String,
    pub prompt_html: String,
    pub answer_html: String,
    pub rubric: Vec<Criterion>,
}

/// The essays of a class waiting for a grade.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GradingQueue {
    pub class: ClassRef,
    pub tasks: Vec<GradingTask>,
}

/// One learner's row of the gradebook.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GradebookRow {
    pub learner: String,
    pub username: String,
    /// Per exercise, in course order: hundredths of a point of the best graded submission,
    /// or `None` (nothing submitted, or waiting for grading — see `pending`).
    pub cells: Vec<Option<u32>>,
    pub pending: Vec<bool>,
    pub total: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Gradebook {
    pub class: ClassRef,
    /// (id, title, possible points)
    pub exercises: Vec<(String, String, u32)>,
    /// (id, title, setting) for the class's controls.
    pub settings: Vec<ClassExerciseSetting>,
    pub rows: Vec<GradebookRow>,
}

/// What these server functions need from the server. Every method decides access through the
/// server's `authorize` door and the rules of `domain::policy`.
#[cfg(feature = "ssr")]
#[async_trait::async_trait]
pub trait ExerciseBackend: Send + Sync + 'static {
    /// An exercise as this person may see it: alone (`class_id` `None`) or in one of their
    /// classes. Anonymous visitors see the questions only.
    async fn exercise_page(
        &self,
        user: Option<&CurrentUser>,
        exercise_id: &str,
        class_id: Option<ClassId>,
    ) -> Result<ExercisePageData, Refusal>;
    /// Keeps the answers typed so far (`Invalid` with a message when a field is refused).
    async fn save_exercise_draft(
        &self,
        user: &CurrentUser,
        exercise_id: &str,
        class_id: Option<ClassId>,
        fields: Vec<(String, String)>,
    ) -> Result<(), Refusal>;
    /// How the class is answering an exercise (its instructors only).
    async fn exercise_distribution(
        &self,
        user: &CurrentUser,
        class_id: ClassId,
        exercise_id: &str,
    ) -> Result<Distribution, Refusal>;
    /// Essays of the class waiting for a grade (its instructors only).
    async fn grading_queue(
        &self,
        user: &CurrentUser,
        class_id: ClassId,
    ) -> Result<GradingQueue, Refusal>;
    /// Learners × exercises (its instructors only).
    async fn gradebook(&self, user: &CurrentUser, class_id: ClassId) -> Result<Gradebook, Refusal>;
    /// The knowledge check per outcome, for the class and each learner (its instructors only).
    async fn knowledge_check_results(
        &self,
        user: &CurrentUser,
        class_id: ClassId,
    ) -> Result<KnowledgeCheckResults, Refusal>;
}

#[cfg(feature = "ssr")]
use domain::{people::CurrentUser, policy::Refusal};

#[cfg(feature = "ssr")]
fn backend() -> Result<std::sync::Arc<dyn ExerciseBackend>, ServerFnError> {
    super::ssr::provided::<dyn ExerciseBackend>()
}

/// Formats hundredths of a point: `1250` is "12.5".
pub fn format_points(centipoints: u32) -> String {
    let whole = centipoints / 100;
    match centipoints % 100 {
        0 => whole.to_string(),
        fraction if fraction % 10 == 0 => format!("{whole}.{}", fraction / 10),
        fraction => format!("{whole}.{fraction:02}"),
    }
}

#[server]
pub async fn get_exercise_page(
    exercise_id: String,
    class_id: Option<ClassId>,
) -> Result<Option<Access<ExercisePageData>>, ServerFnError> {
    use super::ssr::*;
    let user = current_user().await?;
    found(
        backend()?
            .exercise_page(user.as_ref(), &exercise_id, class_id)
            .await,
    )
}

/// Saves the answers typed so far (the page calls it as the learner works). `form` is the
/// exercise form's fields, URL-encoded as the browser would post them.
#[server(endpoint = "save_exercise_draft", input = Json)]
pub async fn save_exercise_draft(
    exercise_id: String,
    class_id: Option<ClassId>,
    form: String,
) -> Result<Access<()>, ServerFnError> {
    use super::ssr::*;
    let Some(user) = current_user().await? else {
        return Ok(Access::SignInRequired);
    };
    let fields: Vec<(String, String)> = serde_urlencoded::from_str(&form)
        .map_err(|_| ServerFnError::new("The answers could not be read; reload the page."))?;
    access(
        backend()?
            .save_exercise_draft(&user, &exercise_id, class_id, fields)
            .await,
    )
}

#[server]
pub async fn get_distribution(
    class_id: ClassId,
    exercise_id: String,
) -> Result<Access<Distribution>, ServerFnError> {
    use super::ssr::*;
    let Some(user) = current_user().await? else {
        return Ok(Access::SignInRequired);
    };
    access(
        backend()?
            .exercise_distribution(&user, class_id, &exercise_id)
            .await,
    )
}

#[server]
pub async fn get_grading_queue(class_id: ClassId) -> Result<Access<GradingQueue>, ServerFnError> {
    use super::ssr::*;
    let Some(user) = current_user().await? else {
        return Ok(Access::SignInRequired);
    };
    access(backend()?.grading_queue(&user, class_id).await)
}

#[server]
pub async fn get_gradebook(class_id: ClassId) -> Result<Access<Gradebook>, ServerFnError> {
    use super::ssr::*;
    let Some(user) = current_user().await? else {
        return Ok(Access::SignInRequired);
    };
    access(backend()?.gradebook(&user, class_id).await)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_read_naturally() {
        assert_eq!(format_points(1200), "12");
        assert_eq!(format_points(1250), "12.5");
        assert_eq!(format_points(1233), "12.33");
        assert_eq!(format_points(5), "0.05");
    }
}

#[server]
pub async fn get_knowledge_check_results(
    class_id: ClassId,
) -> Result<Option<Access<KnowledgeCheckResults>>, ServerFnError> {
    use super::ssr::*;
    let Some(user) = current_user().await? else {
        return Ok(Some(Access::SignInRequired));
    };
    found(backend()?.knowledge_check_results(&user, class_id).await)
}
