//! Live sessions on the server: the hub that fans a class's state out to this server's screens
//! (`hub`), the server-sent-events stream (`events`), the live server functions' backend
//! (`backend`), the quick checks' answers and results (`checks`), the room's questions and
//! signals (`room`), the sessions' record and attendance (`record`) and, on PostgreSQL, following
//! other servers' changes (`notices`).

mod backend;
mod checks;
pub mod events;
pub mod hub;
pub mod notices;
pub mod record;
mod room;

use axum::routing::{get, post};
use axum::Router;

use crate::state::AppState;

pub use hub::LiveHub;

/// The live session's routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/classes/{class_id}/live/events", get(events::live_events))
        .route("/classes/{class_id}/live/check", post(checks::answer_form))
        .route(
            "/classes/{class_id}/live/questions",
            post(room::post_question_form),
        )
        .route(
            "/classes/{class_id}/live/questions/{question_id}/upvote",
            post(room::upvote_form),
        )
        .route(
            "/classes/{class_id}/live/questions.csv",
            get(room::questions_csv),
        )
        .route("/classes/{class_id}/live/signals", post(room::signal_form))
}
