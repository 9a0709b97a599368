//! The server's implementation of `app::backend::Backend`: what server functions ask about people,
//! classes and live sessions, answered from storage under the rules of `app::authz`.

use std::sync::Arc;

use app::authz::{decide, Action, Actor, Decision};
use app::backend::{Backend, Refusal};
use app::content::LoadedCourse;
use app::links::is_local_path;
use app::live::{LiveChange, LiveState};
use app::people::{ClassDetail, ClassSummary, CurrentUser, Membership};
use app::progress::{summarize, ItemKind, ProgressSummary};

use crate::accounts::Accounts;
use crate::exercises;
use crate::live::LiveHub;
use crate::storage::StorageError;
use app::api_exercises::{ClassRef, Distribution, ExercisePageData, Gradebook, GradingTask};

#[derive(Clone)]
pub struct ServerBackend {
    pub accounts: Accounts,
    pub course: Arc<LoadedCourse>,
    pub live: Arc<LiveHub>,
}

impl ServerBackend {
    /// Where a class's live session starts: the first module of the course.
    pub fn first_module(&self) -> &str {
        self.course
            .modules
            .first()
            .map(|m| m.summary.id.as_str())
            .unwrap_or("")
    }

    /// Checks that a change names a real module and slide, and a local address.
    fn valid_change(&self, change: &LiveChange) -> bool {
        let module_has_slide = |module_id: &str, slide: usize| {
            self.course
                .module(module_id)
                .is_some_and(|m| (1..=m.deck.slides.len()).contains(&slide))
        };
        match change {
            LiveChange::Start { module_id } => {
                module_id.is_empty() || self.course.module(module_id).is_some()
            }
            LiveChange::Stop => true,
            LiveChange::GoTo { module_id, slide } => module_has_slide(module_id, *slide),
            LiveChange::Push { url, label } => is_local_path(url) && label.chars().count() <= 200,
        }
    }

    /// Asks the policy about `action` in `class_id` for `user`.
    pub(crate) async fn permit(
        &self,
        user: &CurrentUser,
        class_id: i64,
        action: Action,
    ) -> Result<Option<Membership>, Refusal> {
        let storage = &self.accounts.storage;
        if !storage.class_exists(class_id).await.map_err(unavailable)? {
            return Err(Refusal::NotFound);
        }
        let membership = storage
            .membership(class_id, user.id)
            .await
            .map_err(unavailable)?;
        refusal(decide(Some(actor(user)), membership, action))?;
        Ok(membership)
    }
}

pub(crate) fn actor(user: &CurrentUser) -> Actor {
    Actor {
        user_id: user.id,
        role: user.role,
    }
}

pub(crate) fn unavailable(error: StorageError) -> Refusal {
    Refusal::Unavailable(error.to_string())
}

fn refusal(decision: Decision) -> Result<(), Refusal> {
    match decision {
        Decision::Allow => Ok(()),
        Decision::SignInRequired => Err(Refusal::SignInRequired),
        Decision::Forbidden => Err(Refusal::Forbidden),
    }
}

#[async_trait::async_trait]
impl Backend for ServerBackend {
    async fn current_user(
        &self,
        headers: &http::HeaderMap,
    ) -> Result<Option<CurrentUser>, Refusal> {
        self.accounts
            .current_user(headers)
            .await
            .map_err(unavailable)
    }

    async fn classes_of(&self, user: &CurrentUser) -> Result<Vec<ClassSummary>, Refusal> {
        self.accounts
            .storage
            .classes_of(user.id)
            .await
            .map_err(unavailable)
    }

    async fn class_detail(
        &self,
        user: &CurrentUser,
        class_id: i64,
    ) -> Result<ClassDetail, Refusal> {
        let membership = self.permit(user, class_id, Action::ViewClass).await?;
        let with_roster =
            decide(Some(actor(user)), membership, Action::ViewRoster) == Decision::Allow;
        self.accounts
            .storage
            .class_detail(class_id, user.id, with_roster)
            .await
            .map_err(unavailable)?
            .ok_or(Refusal::NotFound)
    }

    async fn all_users(&self, user: &CurrentUser) -> Result<Vec<CurrentUser>, Refusal> {
        refusal(decide(Some(actor(user)), None, Action::ManageAccounts))?;
        self.accounts
            .storage
            .list_users()
            .await
            .map_err(unavailable)
    }

    async fn live_state(
        &self,
        user: &CurrentUser,
        class_id: i64,
    ) -> Result<(LiveState, bool), Refusal> {
        let membership = self.permit(user, class_id, Action::ViewClass).await?;
        let may_drive =
            decide(Some(actor(user)), membership, Action::DriveLiveSession) == Decision::Allow;
        let state = self
            .accounts
            .storage
            .live_state(class_id, self.first_module())
            .await
            .map_err(unavailable)?;
        Ok((state, may_drive))
    }

    async fn drive_live(
        &self,
        user: &CurrentUser,
        class_id: i64,
        change: LiveChange,
    ) -> Result<LiveState, Refusal> {
        self.permit(user, class_id, Action::DriveLiveSession)
            .await?;
        if !self.valid_change(&change) {
            return Err(Refusal::Invalid(
                "That slide, module or address does not exist in this course.".into(),
            ));
        }
        let state = self
            .accounts
            .storage
            .change_live(class_id, self.first_module(), &change)
            .await
            .map_err(unavailable)?;
        self.live.publish(state.clone());
        Ok(state)
    }

    async fn record_progress(
        &self,
        user: &CurrentUser,
        kind: ItemKind,
        module_id: &str,
        position: usize,
    ) -> Result<(), Refusal> {
        let Some(module) = self.course.module(module_id) else {
            return Err(Refusal::Invalid(
                "There is no such module in this course.".into(),
            ));
        };
        let valid = match kind {
            ItemKind::Lesson => position == 0,
            ItemKind::Deck => (1..=module.deck.slides.len()).contains(&position),
        };
        if !valid {
            return Err(Refusal::Invalid(
                "There is no such slide in this module.".into(),
            ));
        }
        self.accounts
            .storage
            .record_progress(user.id, kind, module_id, position)
            .await
            .map_err(unavailable)
    }

    async fn progress_of(&self, user: &CurrentUser) -> Result<ProgressSummary, Refusal> {
        let records = self
            .accounts
            .storage
            .progress_of(user.id)
            .await
            .map_err(unavailable)?;
        let modules: Vec<(String, String, usize)> = self
            .course
            .modules
            .iter()
            .map(|m| {
                (
                    m.summary.id.clone(),
                    format!("{}. {}", m.summary.order, m.summary.title),
                    m.deck.slides.len(),
                )
            })
            .collect();
        Ok(summarize(&modules, &records))
    }

    async fn live_classes_of(&self, user: &CurrentUser) -> Result<Vec<(i64, String)>, Refusal> {
        self.accounts
            .storage
            .active_live_classes(user.id)
            .await
            .map_err(unavailable)
    }

    async fn exercise_page(
        &self,
        user: Option<&CurrentUser>,
        exercise_id: &str,
        class_id: Option<i64>,
    ) -> Result<ExercisePageData, Refusal> {
        exercises::page(self, user, exercise_id, class_id).await
    }

    async fn save_exercise_draft(
        &self,
        user: &CurrentUser,
        exercise_id: &str,
        class_id: Option<i64>,
        fields: Vec<(String, String)>,
    ) -> Result<(), Refusal> {
        exercises::save_draft(self, user, exercise_id, class_id, &fields).await
    }

    async fn exercise_distribution(
        &self,
        user: &CurrentUser,
        class_id: i64,
        exercise_id: &str,
    ) -> Result<Distribution, Refusal> {
        exercises::results::distribution(self, user, class_id, exercise_id).await
    }

    async fn grading_queue(
        &self,
        user: &CurrentUser,
        class_id: i64,
    ) -> Result<(ClassRef, Vec<GradingTask>), Refusal> {
        exercises::results::grading_queue(self, user, class_id).await
    }

    async fn appraisal_page(
        &self,
        user: Option<&CurrentUser>,
        class_id: Option<i64>,
    ) -> Result<app::api_appraisal::AppraisalPageData, Refusal> {
        crate::appraisal::page(self, user, class_id).await
    }

    async fn save_appraisal(
        &self,
        user: &CurrentUser,
        class_id: Option<i64>,
        fields: Vec<(String, String)>,
    ) -> Result<app::appraisal::Evaluation, Refusal> {
        crate::appraisal::save(self, user, class_id, &fields, false).await
    }

    async fn class_appraisal(
        &self,
        user: &CurrentUser,
        class_id: i64,
        by_teams: bool,
    ) -> Result<app::api_appraisal::ClassAppraisal, Refusal> {
        crate::appraisal::heatmap::class_view(self, user, class_id, by_teams).await
    }

    async fn team_appraisal(
        &self,
        user: &CurrentUser,
        class_id: i64,
        team_id: Option<i64>,
    ) -> Result<app::api_appraisal_team::TeamPage, Refusal> {
        crate::appraisal::teams::team_page(self, user, class_id, team_id).await
    }

    async fn save_team_appraisal(
        &self,
        user: &CurrentUser,
        class_id: i64,
        fields: Vec<(String, String)>,
    ) -> Result<
        (
            app::appraisal::team::EditOutcome,
            app::appraisal::Evaluation,
        ),
        Refusal,
    > {
        use crate::appraisal::teams::{save_team, TeamIntent};
        save_team(self, user, class_id, &fields, TeamIntent::Save).await
    }

    async fn gradebook(&self, user: &CurrentUser, class_id: i64) -> Result<Gradebook, Refusal> {
        exercises::results::gradebook(self, user, class_id).await
    }
}
