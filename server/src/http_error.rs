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
    #[error(transparent)]
    Storage(#[from] StorageError),
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
            HttpError::NotFound => {
                (StatusCode::NOT_FOUND, "There is no such class or person.").into_response()
            }
            HttpError::Storage(error) => {
                tracing::error!(%error, "storage failure");
                (StatusCode::SERVICE_UNAVAILABLE, "The server could not reach its database. Nothing was changed; please try again in a moment.").into_response()
            }
        }
    }
}
