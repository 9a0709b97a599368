//! Server functions of the live session: what the live page shows, and the instructor's changes
//! (which the server pushes to every screen).

use domain::ids::ClassId;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

use super::Access;
use domain::live::{LiveChange, LiveState};
use domain::people::{ClassSummary, CurrentUser};

#[cfg(feature = "ssr")]
use domain::policy::Refusal;

/// What these server functions need from the server.
#[cfg(feature = "ssr")]
#[async_trait::async_trait]
pub trait LiveBackend: Send + Sync + 'static {
    /// The class, its live state, and whether this person may drive it.
    async fn live_state(
        &self,
        user: &CurrentUser,
        class_id: ClassId,
    ) -> Result<LiveSession, Refusal>;
    /// Changes the live state (the class's instructors only) and tells every screen.
    async fn drive_live(
        &self,
        user: &CurrentUser,
        class_id: ClassId,
        change: LiveChange,
    ) -> Result<LiveState, Refusal>;
}

#[cfg(feature = "ssr")]
fn backend() -> Result<std::sync::Arc<dyn LiveBackend>, ServerFnError> {
    super::ssr::provided::<dyn LiveBackend>()
}

/// A class's live session as one person may see it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LiveSession {
    pub class: ClassSummary,
    pub state: LiveState,
    pub may_drive: bool,
}

/// What the live page needs: the class, its live state, and whether this person drives it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LiveView {
    pub user: CurrentUser,
    pub class: ClassSummary,
    pub state: LiveState,
    pub may_drive: bool,
    /// The deck of the module the session shows now. Sent with the state so that the page needs
    /// no second resource (the browser fetches another deck only when the module changes).
    pub deck: Option<domain::course::DeckPage>,
    /// The course's modules, for the instructor's module picker.
    pub modules: Vec<domain::course::ModuleLink>,
    /// The class exercises, for the instructor's "open for everyone" picker.
    pub exercises: Vec<domain::course::ModuleLink>,
}

#[server]
pub async fn get_live(class_id: ClassId) -> Result<Access<LiveView>, ServerFnError> {
    use super::ssr::{access, course, current_user};
    let Some(user) = current_user().await? else {
        return Ok(Access::SignInRequired);
    };
    let session = backend()?.live_state(&user, class_id).await;
    let course = course()?;
    let modules = course
        .modules
        .iter()
        .map(|m| domain::course::ModuleLink {
            id: m.summary.id.clone(),
            title: format!("{}. {}", m.summary.order, m.summary.title),
        })
        .collect();
    let exercises = course
        .exercises
        .iter()
        .map(|e| domain::course::ModuleLink {
            id: e.id.clone(),
            title: e.title.clone(),
        })
        .collect();
    access(session.map(|session| {
        let deck = course.deck_page(&session.state.module_id);
        LiveView {
            user,
            class: session.class,
            state: session.state,
            may_drive: session.may_drive,
            deck,
            modules,
            exercises,
        }
    }))
}

#[server(endpoint = "drive_live", input = Json)]
pub async fn drive_live(
    class_id: ClassId,
    change: LiveChange,
) -> Result<Access<LiveState>, ServerFnError> {
    use super::ssr::{access, current_user};
    let Some(user) = current_user().await? else {
        return Ok(Access::SignInRequired);
    };
    access(backend()?.drive_live(&user, class_id, change).await)
}
