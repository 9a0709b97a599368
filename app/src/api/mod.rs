//! Server functions: the only way a page asks the server for data. One file per feature, each
//! with the page data it answers and the backend trait its server functions call; the server
//! implements each trait in that feature's folder and provides it in every request's context
//! (the app crate cannot depend on the server crate).
//!
//! Every server function is thin: it finds the signed-in person and the feature's backend in the
//! context, asks, and turns the answer into an [`Access`] (so a page can show "sign in", "not
//! allowed" or "not found" with the right status) or an error for a person. Who may see what is
//! decided by the server's one `authorize` door and the pure rules of `domain::policy`.
//!
//! This file holds only what every feature shares, and uses none of its children.

pub mod appraisal;
pub mod classes;
pub mod course;
pub mod crosswalk;
pub mod exercises;
pub mod live;
pub mod live_record;
pub mod live_room;
pub mod offerings;
pub mod plans;
pub mod progress;
pub mod teams;

use serde::{Deserialize, Serialize};

/// The answer about something that needs an account: it, or why not.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Access<T> {
    Granted(T),
    SignInRequired,
    Forbidden,
    NotFound,
}

/// Sets the HTTP status of the response being rendered. On the server only: in the browser a
/// page has no status to set.
pub fn set_response_status(status: u16) {
    #[cfg(feature = "ssr")]
    if let (Some(response), Ok(status)) = (
        leptos::prelude::use_context::<leptos_axum::ResponseOptions>(),
        http::StatusCode::from_u16(status),
    ) {
        response.set_status(status);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = status;
}

/// The server side of every server function: what the request's context provides.
#[cfg(feature = "ssr")]
pub mod ssr {
    use std::sync::Arc;

    use domain::people::CurrentUser;
    use domain::policy::Refusal;
    use leptos::prelude::*;

    use super::{set_response_status, Access};
    use content_engine::LoadedCourse;

    /// Who is signed in: the one thing every feature asks first.
    #[async_trait::async_trait]
    pub trait SessionBackend: Send + Sync + 'static {
        /// The person signed in with the session cookie in `headers`, if any.
        async fn current_user(
            &self,
            headers: &http::HeaderMap,
        ) -> Result<Option<CurrentUser>, Refusal>;
    }

    /// The course loaded at start-up, provided to every request by the server.
    pub fn course() -> Result<Arc<LoadedCourse>, ServerFnError> {
        use_context::<Arc<LoadedCourse>>()
            .ok_or_else(|| ServerFnError::new("the course is not loaded (server misconfiguration)"))
    }

    /// The implementation of one feature's backend trait that the server provided.
    pub fn provided<T: ?Sized + Send + Sync + 'static>() -> Result<Arc<T>, ServerFnError> {
        use_context::<Arc<T>>().ok_or_else(|| {
            ServerFnError::new("the backend is not available (server misconfiguration)")
        })
    }

    pub fn headers() -> http::HeaderMap {
        use_context::<http::request::Parts>()
            .map(|parts| parts.headers)
            .unwrap_or_default()
    }

    pub async fn current_user() -> Result<Option<CurrentUser>, ServerFnError> {
        provided::<dyn SessionBackend>()?
            .current_user(&headers())
            .await
            .map_err(unavailable)
    }

    /// An error for the person, with the status that fits: 400 for an impossible request, 409
    /// for a change to something closed or final, 503 when the database is down.
    pub fn unavailable(refusal: Refusal) -> ServerFnError {
        match refusal {
            Refusal::Unavailable(detail) => {
                tracing::error!(%detail, "backend unavailable");
                set_response_status(503);
                ServerFnError::new(
                    "The server could not reach its database. Please try again in a moment.",
                )
            }
            Refusal::Invalid(message) => {
                set_response_status(400);
                ServerFnError::new(message)
            }
            Refusal::Closed(message) => {
                set_response_status(409);
                ServerFnError::new(message)
            }
            other => ServerFnError::new(format!("{other:?}")),
        }
    }

    /// Turns a refusal into the matching `Access`, and a failure into an error.
    pub fn access<T>(result: Result<T, Refusal>) -> Result<Access<T>, ServerFnError> {
        match result {
            Ok(value) => Ok(Access::Granted(value)),
            Err(Refusal::SignInRequired) => Ok(Access::SignInRequired),
            Err(Refusal::Forbidden) => Ok(Access::Forbidden),
            Err(Refusal::NotFound) => Ok(Access::NotFound),
            Err(refusal) => Err(unavailable(refusal)),
        }
    }

    /// Like [`access`], but "not found" is `None`, which pages show as their 404 page.
    pub fn found<T>(result: Result<T, Refusal>) -> Result<Option<Access<T>>, ServerFnError> {
        match result {
            Err(Refusal::NotFound) => Ok(None),
            other => access(other).map(Some),
        }
    }
}
