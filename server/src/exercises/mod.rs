//! Class exercises on the server: the learner's side (`learner`: who may answer where, drafts,
//! idempotent submits, results when they may be shown), what instructors see (`results`), the
//! forms (`forms`), the CSV exports (`export`), the knowledge check per outcome
//! (`knowledge_check`) and the exercise server functions' backend
//! (`backend`). Every decision about a person goes through the `crate::access::authorize` door.

mod backend;
pub mod export;
pub mod forms;
pub mod knowledge_check;
pub mod learner;
pub mod results;

use axum::routing::{get, post};
use axum::Router;

use crate::state::AppState;

/// The exercise forms and exports.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/exercises/{exercise_id}/answers",
            post(forms::post_answers),
        )
        .route(
            "/classes/{class_id}/exercises/{exercise_id}/settings",
            post(forms::post_settings),
        )
        .route("/classes/{class_id}/grades", post(forms::post_grade))
        .route(
            "/classes/{class_id}/gradebook.csv",
            get(export::gradebook_csv),
        )
        .route("/classes/{class_id}/answers.csv", get(export::answers_csv))
        .route(
            "/classes/{class_id}/knowledge-check.csv",
            get(knowledge_check::results_csv),
        )
}
