//! The server function of the record of a class's live sessions (its instructors only).

use domain::ids::ClassId;
use leptos::prelude::*;

use super::Access;
use domain::live_record::LiveRecord;

#[cfg(feature = "ssr")]
use domain::{people::CurrentUser, policy::Refusal};

/// What this server function needs from the server.
#[cfg(feature = "ssr")]
#[async_trait::async_trait]
pub trait LiveRecordBackend: Send + Sync + 'static {
    /// The class's name and the record of its live sessions.
    async fn live_record(
        &self,
        user: &CurrentUser,
        class_id: ClassId,
    ) -> Result<(String, LiveRecord), Refusal>;
}

#[server(endpoint = "get_live_record")]
pub async fn get_live_record(
    class_id: ClassId,
) -> Result<Option<Access<(String, LiveRecord)>>, ServerFnError> {
    use super::ssr::{current_user, found, provided};
    let Some(user) = current_user().await? else {
        return Ok(Some(Access::SignInRequired));
    };
    found(
        provided::<dyn LiveRecordBackend>()?
            .live_record(&user, class_id)
            .await,
    )
}
