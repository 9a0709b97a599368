//! The improvement plan (issue 17): targets and gaps, the roadmap, snapshots of ratings, and the
//! class's plans for its instructors. Pages read through `app::api::plans` (implemented in
//! `backend`); changes are the form posts and downloads of `forms`.

pub mod backend;
mod forms;

use axum::routing::{get, post};
use axum::Router;

use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/appraisal/plan/targets", post(forms::save_targets))
        .route("/appraisal/plan/roadmap", post(forms::save_roadmap_form))
        .route("/appraisal/plan/snapshots", post(forms::save_snapshot))
        .route(
            "/classes/{id}/plans/targets",
            post(forms::save_class_targets),
        )
        .route("/appraisal/plan.csv", get(forms::roadmap_csv_file))
        .route("/appraisal/plan.md", get(forms::roadmap_markdown_file))
}
