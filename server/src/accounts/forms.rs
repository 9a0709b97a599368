//! The sign-up, sign-in and sign-out forms. They are plain HTML form posts answered with a
//! redirect (post/redirect/get), so they work with JavaScript off; a refused form goes back to
//! its page with an error code that the page turns into a sentence.

use std::net::SocketAddr;

use app::links::{is_local_path, urlencode};
use app::people::Role;
use axum::extract::{ConnectInfo, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use domain::notice::{with_error, FormError};
use serde::Deserialize;

use super::{session, Accounts, SignInOutcome, SignUpError};
use crate::http_error::HttpError;
use crate::state::AppState;

/// The sign-up, sign-in and sign-out forms.
pub fn routes() -> axum::Router<AppState> {
    use axum::routing::post;
    axum::Router::new()
        .route("/sign-in", post(sign_in))
        .route("/sign-up", post(sign_up))
        .route("/sign-out", post(sign_out))
}

#[derive(Deserialize)]
pub struct SignInForm {
    username: String,
    password: String,
    #[serde(default)]
    next: String,
}

#[derive(Deserialize)]
pub struct SignUpForm {
    username: String,
    display_name: String,
    password: String,
    #[serde(default)]
    next: String,
}

/// Where to go after signing in: a path on this site, never another site (open redirect).
pub fn safe_next(next: &str) -> &str {
    if is_local_path(next) {
        next
    } else {
        "/classes"
    }
}

fn with_cookie(location: &str, cookie: HeaderValue) -> Response {
    let mut response = Redirect::to(location).into_response();
    response.headers_mut().insert(header::SET_COOKIE, cookie);
    response
}

fn back_to(page: &str, error: FormError, next: &str) -> Response {
    let next = urlencode(safe_next(next));
    Redirect::to(&format!("{}&next={next}", with_error(page, error))).into_response()
}

pub async fn sign_in(
    State(accounts): State<Accounts>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Form(form): Form<SignInForm>,
) -> Result<Response, HttpError> {
    match accounts
        .sign_in(&form.username, &form.password, peer.ip())
        .await?
    {
        SignInOutcome::SignedIn { user, token } => {
            tracing::info!(user = %user.id, "signed in");
            Ok(with_cookie(
                safe_next(&form.next),
                session::session_cookie(&token, accounts.secure_cookies),
            ))
        }
        SignInOutcome::WrongCredentials => {
            Ok(back_to("/sign-in", FormError::WrongCredentials, &form.next))
        }
        SignInOutcome::TooManyAttempts {
            retry_after_seconds,
        } => {
            tracing::warn!(address = %peer.ip(), "sign-in limited");
            let message = format!(
                "Too many failed sign-ins for this account or from this network. For your security, try again in {retry_after_seconds} seconds."
            );
            let mut response = (StatusCode::TOO_MANY_REQUESTS, message).into_response();
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(retry_after_seconds));
            Ok(response)
        }
    }
}

pub async fn sign_up(
    State(accounts): State<Accounts>,
    Form(form): Form<SignUpForm>,
) -> Result<Response, HttpError> {
    match accounts
        .create_account(
            &form.username,
            &form.display_name,
            &form.password,
            Role::Learner,
        )
        .await
    {
        Ok(user) => {
            let token = accounts.start_session(user.id).await?;
            tracing::info!(user = %user.id, "signed up");
            Ok(with_cookie(
                safe_next(&form.next),
                session::session_cookie(&token, accounts.secure_cookies),
            ))
        }
        Err(SignUpError::UsernameTaken) => {
            Ok(back_to("/sign-up", FormError::UsernameTaken, &form.next))
        }
        Err(SignUpError::Username(_)) => Ok(back_to("/sign-up", FormError::Username, &form.next)),
        Err(SignUpError::DisplayName(_)) => {
            Ok(back_to("/sign-up", FormError::DisplayName, &form.next))
        }
        Err(SignUpError::Password(_)) => Ok(back_to("/sign-up", FormError::Password, &form.next)),
        Err(SignUpError::Storage(error)) => Err(error.into()),
    }
}

pub async fn sign_out(
    State(accounts): State<Accounts>,
    headers: HeaderMap,
) -> Result<Response, HttpError> {
    accounts.end_session(&headers).await?;
    Ok(with_cookie(
        "/",
        session::clearing_cookie(accounts.secure_cookies),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_paths_are_followed_after_sign_in() {
        assert_eq!(safe_next("/classes/3"), "/classes/3");
        for hostile in [
            "//evil.example",
            "https://evil.example",
            "/\\evil.example",
            "evil",
            "",
        ] {
            assert_eq!(safe_next(hostile), "/classes", "{hostile}");
        }
    }
}
