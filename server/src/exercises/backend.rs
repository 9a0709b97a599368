//! The exercise server functions' backend, over the learner's side and the instructor's results.

use app::api::exercises::{
    Distribution, ExerciseBackend, ExercisePageData, Gradebook, GradingQueue, KnowledgeCheckResults,
};
use app::people::CurrentUser;
use app::policy::Refusal;

use super::{knowledge_check, learner, results};
use crate::state::AppState;
use domain::ids::ClassId;

#[async_trait::async_trait]
impl ExerciseBackend for AppState {
    async fn exercise_page(
        &self,
        user: Option<&CurrentUser>,
        exercise_id: &str,
        class_id: Option<ClassId>,
    ) -> Result<ExercisePageData, Refusal> {
        learner::page(self, user, exercise_id, class_id).await
    }

    async fn save_exercise_draft(
        &self,
        user: &CurrentUser,
        exercise_id: &str,
        class_id: Option<ClassId>,
        fields: Vec<(String, String)>,
    ) -> Result<(), Refusal> {
        learner::save_draft(self, user, exercise_id, class_id, &fields).await
    }

    async fn exercise_distribution(
        &self,
        user: &CurrentUser,
        class_id: ClassId,
        exercise_id: &str,
    ) -> Result<Distribution, Refusal> {
        results::distribution(self, user, class_id, exercise_id).await
    }

    async fn grading_queue(
        &self,
        user: &CurrentUser,
        class_id: ClassId,
    ) -> Result<GradingQueue, Refusal> {
        results::grading_queue(self, user, class_id).await
    }

    async fn gradebook(&self, user: &CurrentUser, class_id: ClassId) -> Result<Gradebook, Refusal> {
        results::gradebook(self, user, class_id).await
    }

    async fn knowledge_check_results(
        &self,
        user: &CurrentUser,
        class_id: ClassId,
    ) -> Result<KnowledgeCheckResults, Refusal> {
        knowledge_check::results(self, user, class_id).await
    }
}
