//! Errors of HTTP handlers: the detail goes to the log, the person gets a sentence.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use crate::storage::StorageError;

#[derive(Debug, thiserror::Error)]
pub enum HttpError {
    #[error("sign in first")]
    SignInRequired,
    #[error("not allowed")]
    Forbidden,
    #[error("not found")]
    NotFound,
    /// A request that cannot be done as asked, with the status and the sentence that say why.
    #[error("{1}")]
    Refused(StatusCode, String),
    #[error("backend unavailable: {0}")]
    Unavailable(String),
    #[error(transparent)]
    Storage(#[from] StorageError),
}

impl From<domain::policy::Refusal> for HttpError {
    fn from(refusal: domain::policy::Refusal) -> HttpError {
        use domain::policy::Refusal;
        match refusal {
            Refusal::SignInRequired => HttpError::SignInRequired,
            Refusal::Forbidden => HttpError::Forbidden,
            Refusal::NotFound => HttpError::NotFound,
            Refusal::Invalid(message) => HttpError::Refused(StatusCode::BAD_REQUEST, message),
            Refusal::Closed(message) => HttpError::Refused(StatusCode::CONFLICT, message),
            Refusal::Unavailable(detail) => HttpError::Unavailable(detail),
        }
    }
}

impl IntoResponse for HttpError {
    fn into_response(self) -> Response {
        match self {
            HttpError::SignInRequired => (
                StatusCode::UNAUTHORIZED,
                "Sign in first: this needs an account.",
            )
                .into_response(),
            HttpError::Forbidden => (
                StatusCode::FORBIDDEN,
                "Your account is not allowed to do this.",
            )
                .into_response(),
            HttpError::NotFound => (
                StatusCode::NOT_FOUND,
                "There is no such class, person or exercise.",
            )
                .into_response(),
            HttpError::Refused(status, message) => (status, message).into_response(),
            HttpError::Unavailable(detail) => {
                tracing::error!(%detail, "backend unavailable");
                (StatusCode::SERVICE_UNAVAILABLE, "The server could not reach its database. Nothing was changed; please try again in a moment.").into_response()
            }
            HttpError::Storage(error) => {
                tracing::error!(%error, "storage failure");
                (StatusCode::SERVICE_UNAVAILABLE, "The server could not reach its database. Nothing was changed; please try again in a moment.").into_response()
            }
        }
    }
}

/// 429 with `Retry-After` and a sentence: a limit's answer, for people and scripts alike.
pub fn too_many(message: String, retry_after_seconds: u64) -> Response {
    let mut response = (StatusCode::TOO_MANY_REQUESTS, message).into_response();
    response.headers_mut().insert(
        axum::http::header::RETRY_AFTER,
        axum::http::HeaderValue::from(retry_after_seconds),
    );
    response
}
