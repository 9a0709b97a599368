//! Live sessions on the server: the hub that fans a class's state out to this server's screens
//! (`hub`), the server-sent-events stream (`events`), the live server functions' backend
//! (`backend`), the quick checks' answers and results (`checks`) and, on PostgreSQL, following
//! other servers' changes (`notices`).

mod backend;
mod checks;
pub mod events;
pub mod hub;
pub mod notices;

use axum::routing::{get, post};
use axum::Router;

use crate::state::AppState;

pub use hub::LiveHub;

/// The live session's routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/classes/{class_id}/live/events", get(events::live_events))
        .route("/classes/{class_id}/live/check", post(checks::answer_form))
}
