//! Self-paced progress on the server: the progress server functions' backend, which checks that
//! a recorded lesson or slide exists before storing it.

use app::api::progress::ProgressBackend;
use app::people::CurrentUser;
use app::policy::Refusal;
use app::progress::{summarize, ItemKind, ProgressSummary};

use crate::access::unavailable;
use crate::state::AppState;

#[async_trait::async_trait]
impl ProgressBackend for AppState {
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
        self.storage()
            .record_progress(user.id, kind, module_id, position)
            .await
            .map_err(unavailable)
    }

    async fn progress_of(&self, user: &CurrentUser) -> Result<ProgressSummary, Refusal> {
        let records = self
            .storage()
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
}
