//! Classes on the server: the forms that create, join and manage them (`forms`) and the class
//! server functions' backend (`backend`).

mod backend;
pub mod forms;
pub mod members;

use axum::routing::post;
use axum::Router;

use crate::state::AppState;

/// The class and account-management forms.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/classes", post(forms::create_class))
        .route("/join", post(forms::join_class))
        .route(
            "/classes/{class_id}/join-code",
            post(forms::change_join_code),
        )
        .route(
            "/classes/{class_id}/learners/{learner_id}/remove",
            post(forms::remove_learner),
        )
        .route(
            "/classes/{class_id}/learners/{learner_id}/password",
            post(forms::reset_learner_password),
        )
        .route(
            "/classes/{class_id}/learners/{learner_id}/readmit",
            post(members::readmit_learner),
        )
        .route(
            "/classes/{class_id}/co-instructors",
            post(members::add_co_instructor),
        )
        .route(
            "/classes/{class_id}/co-instructors/{user_id}/remove",
            post(members::remove_co_instructor),
        )
        .route("/admin/users/{user_id}/role", post(forms::change_role))
        .route(
            "/admin/users/{user_id}/password",
            post(forms::reset_any_password),
        )
}
