//! Server functions for self-paced progress: recording what a person opened, and the summary
//! the home page shows.

use leptos::prelude::*;

use domain::progress::ProgressSummary;

#[cfg(feature = "ssr")]
use domain::people::CurrentUser;
#[cfg(feature = "ssr")]
use domain::policy::Refusal;
#[cfg(feature = "ssr")]
use domain::progress::ItemKind;

/// What these server functions need from the server.
#[cfg(feature = "ssr")]
#[async_trait::async_trait]
pub trait ProgressBackend: Send + Sync + 'static {
    /// Records a lesson opened or a slide shown (`position` 0 for lessons).
    async fn record_progress(
        &self,
        user: &CurrentUser,
        kind: ItemKind,
        module_id: &str,
        position: usize,
    ) -> Result<(), Refusal>;
    /// The person's progress through the course.
    async fn progress_of(&self, user: &CurrentUser) -> Result<ProgressSummary, Refusal>;
}

#[cfg(feature = "ssr")]
fn backend() -> Result<std::sync::Arc<dyn ProgressBackend>, ServerFnError> {
    super::ssr::provided::<dyn ProgressBackend>()
}

/// Records progress for the signed-in person; for anyone else it does nothing (reading the
/// course needs no account).
#[server(endpoint = "record_progress")]
pub async fn record_progress(
    kind: String,
    module_id: String,
    position: usize,
) -> Result<(), ServerFnError> {
    use super::ssr::{current_user, unavailable};
    let Some(user) = current_user().await? else {
        return Ok(());
    };
    let Some(kind) = ItemKind::parse(&kind) else {
        return Err(unavailable(Refusal::Invalid(
            "Progress is kept for lessons and decks only.".into(),
        )));
    };
    backend()?
        .record_progress(&user, kind, &module_id, position)
        .await
        .map_err(unavailable)
}

#[server]
pub async fn get_my_progress() -> Result<Option<ProgressSummary>, ServerFnError> {
    use super::ssr::{current_user, unavailable};
    let Some(user) = current_user().await? else {
        return Ok(None);
    };
    backend()?
        .progress_of(&user)
        .await
        .map(Some)
        .map_err(unavailable)
}
