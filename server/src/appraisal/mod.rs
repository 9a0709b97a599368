//! The appraisal on the server: a learner's workspace (`workspace`: alone or in a class they
//! belong to, its evaluation by the model's rules, the comparison with the key once it may be
//! seen), the instructor's class heatmap (`heatmap`), team mode (`teams`), the forms (`forms`,
//! `team_forms`) and the appraisal server functions' backend (`backend`). Decisions about people
//! go through the `crate::access::authorize` door and the visibility rules of `domain::policy`.

mod backend;
pub mod forms;
pub mod heatmap;
pub mod team_forms;
pub mod teams;
pub mod workspace;

use axum::routing::{get, post};
use axum::Router;

use crate::state::AppState;

/// The appraisal forms and export.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/appraisal/ratings", post(forms::post_ratings))
        .route(
            "/appraisal/team/ratings",
            post(team_forms::post_team_ratings),
        )
        .route(
            "/classes/{class_id}/appraisal/teams",
            post(team_forms::post_teams),
        )
        .route(
            "/classes/{class_id}/appraisal/reveal",
            post(forms::post_reveal),
        )
        .route(
            "/classes/{class_id}/appraisal/key",
            post(forms::post_class_key),
        )
        .route("/classes/{class_id}/appraisal.csv", get(forms::ratings_csv))
}
