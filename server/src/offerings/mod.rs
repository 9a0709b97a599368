//! Offerings (issue 16): the public catalog, registration with a waitlist, attendance, the
//! completion rule and the certificates it leads to. Pages read through the server functions of
//! `app::api::offerings` (implemented in `backend`); changes are the form posts of `forms`.

pub mod admission;
pub mod backend;
mod calendar;
mod forms;
pub mod schedule;
mod standing;

use axum::routing::{get, post};
use axum::Router;

use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/classes/{class_id}/offering/details",
            post(forms::save_offering),
        )
        .route("/offerings/{class_id}/register", post(forms::register))
        .route("/offerings/{class_id}/cancel", post(forms::cancel))
        .route(
            "/offerings/{class_id}/calendar.ics",
            get(forms::calendar_file),
        )
        .route(
            "/classes/{class_id}/registrations.csv",
            get(forms::registrations_csv),
        )
        .route(
            "/classes/{class_id}/attendance/marks",
            post(forms::mark_attendance),
        )
        .route(
            "/classes/{class_id}/completion/rule",
            post(forms::save_rule),
        )
        .route(
            "/classes/{class_id}/certificates",
            post(forms::issue_certificates),
        )
        .route("/certificates/{code}/revoke", post(forms::revoke))
}
