//! Server functions of the live session: what the live page shows, and the instructor's changes
//! (which the server pushes to every screen).

use domain::ids::ClassId;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

use super::Access;
use domain::live::{LiveChange, LiveState};
use domain::people::{ClassSummary, CurrentUser};
use domain::quick_check::{CheckAnswer, Tally};

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
    /// Stores a learner's answer to run `run` of the running check (`fields`: the answer form's
    /// fields); refused once the check is closed.
    async fn answer_check(
        &self,
        user: &CurrentUser,
        class_id: ClassId,
        run: i64,
        fields: Vec<(String, String)>,
    ) -> Result<CheckAnswer, Refusal>;
    /// The running check as this person may see it (`None`: no check is running).
    async fn check_view(
        &self,
        user: &CurrentUser,
        class_id: ClassId,
    ) -> Result<Option<CheckView>, Refusal>;
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

/// The running quick check as one person sees it, beside what the live state says of it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CheckView {
    pub run: i64,
    /// This person's own answer, if they gave one.
    pub mine: Option<CheckAnswer>,
    /// What the room answered: always for those who drive the session (counts while answers
    /// arrive); for learners only once the results are shown.
    pub tally: Option<Tally>,
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
    /// The running quick check as this person sees it (their answer, and the results when they
    /// may see them), so that the page shows it without JavaScript.
    pub check: Option<CheckView>,
    /// The room's questions and signals as this person may see them.
    pub room: Option<super::live_room::RoomView>,
}

#[server]
pub async fn get_live(class_id: ClassId) -> Result<Access<LiveView>, ServerFnError> {
    use super::ssr::{access, course, current_user};
    let Some(user) = current_user().await? else {
        return Ok(Access::SignInRequired);
    };
    let backend = backend()?;
    let session = backend.live_state(&user, class_id).await;
    let (check, room) = match &session {
        Ok(_) => (
            backend.check_view(&user, class_id).await.ok().flatten(),
            super::ssr::provided::<dyn super::live_room::LiveRoomBackend>()?
                .room(&user, class_id, domain::live_room::QuestionOrder::Votes)
                .await
                .ok(),
        ),
        Err(_) => (None, None),
    };
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
            check,
            room,
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

/// Answers the running check; `form` is the answer form's fields, URL-encoded (`choice`,
/// `scale` or `word`).
#[server(endpoint = "answer_live_check", input = Json)]
pub async fn answer_live_check(
    class_id: ClassId,
    run: i64,
    form: String,
) -> Result<Access<CheckAnswer>, ServerFnError> {
    use super::ssr::{access, current_user};
    let Some(user) = current_user().await? else {
        return Ok(Access::SignInRequired);
    };
    let fields: Vec<(String, String)> = serde_urlencoded::from_str(&form)
        .map_err(|_| ServerFnError::new("The answer could not be read; reload the page."))?;
    access(backend()?.answer_check(&user, class_id, run, fields).await)
}

/// The running check as the person asking may see it.
#[server(endpoint = "get_live_check")]
pub async fn get_live_check(class_id: ClassId) -> Result<Access<Option<CheckView>>, ServerFnError> {
    use super::ssr::{access, current_user};
    let Some(user) = current_user().await? else {
        return Ok(Access::SignInRequired);
    };
    access(backend()?.check_view(&user, class_id).await)
}
