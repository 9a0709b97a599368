//! `GET /materials`: the course materials zip, for the people of the course: administrators,
//! instructors, and learners who belong to at least one class (a self-paced learner belongs to a
//! self-paced class). The zip was built at start-up; a download only checks who asks.

use app::people::Role;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::access::signed_in;
use crate::http_error::HttpError;
use crate::state::AppState;

/// The refusal for an account that belongs to no class.
pub const NOT_IN_A_CLASS: &str = "The course materials are for the learners of a class. Join a \
    class with the code your instructor gave you (or a self-paced class's published code), then \
    download them again.";

/// `GET /materials`
pub async fn materials(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, HttpError> {
    let user = signed_in(&state.accounts, &headers).await?;
    let allowed = match user.role {
        Role::Admin | Role::Instructor => true,
        Role::Learner => !state.storage().classes_of(user.id).await?.is_empty(),
    };
    if !allowed {
        return Err(HttpError::Refused(
            StatusCode::FORBIDDEN,
            NOT_IN_A_CLASS.to_string(),
        ));
    }
    let materials = &state.materials;
    Ok((
        [
            (header::CONTENT_TYPE, "application/zip".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{}\"", materials.file_name()),
            ),
            (header::CACHE_CONTROL, "private, max-age=3600".to_string()),
        ],
        materials.zip.clone(),
    )
        .into_response())
}
