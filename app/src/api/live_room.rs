//! Server functions of the room's side of a live session: questions (posted, upvoted, and
//! pinned, marked answered or hidden by the instructor) and signals (a raised hand, "too fast",
//! "too slow", "lost me").

use domain::ids::ClassId;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

use super::Access;
use domain::live_room::{Question, QuestionChange, RoomSignals};

#[cfg(feature = "ssr")]
use domain::live_room::QuestionOrder;
#[cfg(feature = "ssr")]
use domain::people::CurrentUser;
#[cfg(feature = "ssr")]
use domain::policy::Refusal;

/// What the live page shows of the room: the questions and the signals, as this person may see
/// them (authors' names and who raised a hand: the class's instructors only).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RoomView {
    pub questions: Vec<Question>,
    pub signals: RoomSignals,
    /// How long a signal counts, in seconds.
    pub signal_seconds: u32,
}

/// What these server functions need from the server.
#[cfg(feature = "ssr")]
#[async_trait::async_trait]
pub trait LiveRoomBackend: Send + Sync + 'static {
    async fn room(
        &self,
        user: &CurrentUser,
        class_id: ClassId,
        order: QuestionOrder,
    ) -> Result<RoomView, Refusal>;
    /// Posts a question (the class's learners); answers its number.
    async fn post_question(
        &self,
        user: &CurrentUser,
        class_id: ClassId,
        text: String,
    ) -> Result<i64, Refusal>;
    async fn upvote_question(
        &self,
        user: &CurrentUser,
        class_id: ClassId,
        question_id: i64,
    ) -> Result<(), Refusal>;
    /// Pins, marks answered or hides a question (the class's instructors).
    async fn change_question(
        &self,
        user: &CurrentUser,
        class_id: ClassId,
        question_id: i64,
        change: QuestionChange,
    ) -> Result<(), Refusal>;
    /// Raises or lowers one of the person's signals (the class's learners).
    async fn set_signal(
        &self,
        user: &CurrentUser,
        class_id: ClassId,
        kind: String,
        raised: bool,
    ) -> Result<(), Refusal>;
}

#[cfg(feature = "ssr")]
fn backend() -> Result<std::sync::Arc<dyn LiveRoomBackend>, ServerFnError> {
    super::ssr::provided::<dyn LiveRoomBackend>()
}

#[server(endpoint = "get_live_room")]
pub async fn get_live_room(
    class_id: ClassId,
    by_time: bool,
) -> Result<Access<RoomView>, ServerFnError> {
    use super::ssr::{access, current_user};
    let Some(user) = current_user().await? else {
        return Ok(Access::SignInRequired);
    };
    let order = if by_time {
        QuestionOrder::Time
    } else {
        QuestionOrder::Votes
    };
    access(backend()?.room(&user, class_id, order).await)
}

#[server(endpoint = "post_live_question")]
pub async fn post_live_question(
    class_id: ClassId,
    text: String,
) -> Result<Access<i64>, ServerFnError> {
    use super::ssr::{access, current_user};
    let Some(user) = current_user().await? else {
        return Ok(Access::SignInRequired);
    };
    access(backend()?.post_question(&user, class_id, text).await)
}

#[server(endpoint = "upvote_live_question")]
pub async fn upvote_live_question(
    class_id: ClassId,
    question_id: i64,
) -> Result<Access<()>, ServerFnError> {
    use super::ssr::{access, current_user};
    let Some(user) = current_user().await? else {
        return Ok(Access::SignInRequired);
    };
    access(
        backend()?
            .upvote_question(&user, class_id, question_id)
            .await,
    )
}

#[server(endpoint = "change_live_question", input = Json)]
pub async fn change_live_question(
    class_id: ClassId,
    question_id: i64,
    change: QuestionChange,
) -> Result<Access<()>, ServerFnError> {
    use super::ssr::{access, current_user};
    let Some(user) = current_user().await? else {
        return Ok(Access::SignInRequired);
    };
    access(
        backend()?
            .change_question(&user, class_id, question_id, change)
            .await,
    )
}

#[server(endpoint = "set_live_signal")]
pub async fn set_live_signal(
    class_id: ClassId,
    kind: String,
    raised: bool,
) -> Result<Access<()>, ServerFnError> {
    use super::ssr::{access, current_user};
    let Some(user) = current_user().await? else {
        return Ok(Access::SignInRequired);
    };
    access(backend()?.set_signal(&user, class_id, kind, raised).await)
}
