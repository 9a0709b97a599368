//! The sign-up, sign-in and sign-out forms. They are plain HTML form posts answered with a
//! redirect (post/redirect/get), so they work with JavaScript off; a refused form goes back to
//! its page with an error code that the page turns into a sentence.

use app::links::{is_local_path, urlencode};
use app::people::{normalize_join_code, SignUpMode};
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use domain::notice::{with_error, FormError};
use serde::Deserialize;

use super::{session, Accounts, SignInOutcome, SignUpError};
use crate::client_address::ClientAddress;
use crate::http_error::{too_many, HttpError};
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
    /// A class join code: required when accounts are created only with one.
    #[serde(default)]
    code: String,
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
    client: ClientAddress,
    Form(form): Form<SignInForm>,
) -> Result<Response, HttpError> {
    match accounts
        .sign_in(&form.username, &form.password, client)
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
            tracing::warn!(network = %client.network, "sign-in limited");
            let message = format!(
                "Too many failed sign-ins for this account or from your network. For your security, try again in {retry_after_seconds} seconds."
            );
            Ok(too_many(message, retry_after_seconds))
        }
    }
}

/// Creates an account within the deployment's sign-up rule (`SIGN_UP`): open to anyone, only
/// with a valid class join code (the account joins that class at once), or not at all.
pub async fn sign_up(
    State(accounts): State<Accounts>,
    client: ClientAddress,
    Form(form): Form<SignUpForm>,
) -> Result<Response, HttpError> {
    let code = normalize_join_code(&form.code);
    let class = match accounts.sign_up {
        SignUpMode::Closed => return Ok(back_to("/sign-up", FormError::SignUpClosed, &form.next)),
        SignUpMode::WithCode | SignUpMode::Open if !code.is_empty() => {
            match accounts.storage.class_with_code(&code).await? {
                Some(class) => Some(class),
                None => return Ok(back_to("/sign-up", FormError::SignUpNeedsCode, &form.next)),
            }
        }
        SignUpMode::WithCode => {
            return Ok(back_to("/sign-up", FormError::SignUpNeedsCode, &form.next))
        }
        SignUpMode::Open => None,
    };
    let created = accounts
        .sign_up(&form.username, &form.display_name, &form.password, client)
        .await;
    let error = match created {
        Ok(user) => {
            let mut next = safe_next(&form.next).to_string();
            if class.is_some() {
                if let Some(class_id) = accounts
                    .storage
                    .join_by_code(&code, user.id)
                    .await?
                    .joined()
                {
                    next = format!("/classes/{class_id}");
                }
            }
            let token = accounts.start_session(user.id).await?;
            tracing::info!(user = %user.id, "signed up");
            return Ok(with_cookie(
                &next,
                session::session_cookie(&token, accounts.secure_cookies),
            ));
        }
        Err(SignUpError::UsernameTaken) => FormError::UsernameTaken,
        Err(SignUpError::Username(_)) => FormError::Username,
        Err(SignUpError::DisplayName(_)) => FormError::DisplayName,
        Err(SignUpError::Password(_)) => FormError::Password,
        Err(SignUpError::TooMany(seconds)) => {
            let message = format!(
                "Too many accounts were created from your network in the last hour. Try again in {seconds} seconds."
            );
            return Ok(too_many(message, seconds));
        }
        Err(SignUpError::Storage(error)) => return Err(error.into()),
    };
    let page = if code.is_empty() {
        "/sign-up".to_string()
    } else {
        format!("/sign-up?code={code}")
    };
    Ok(back_to(&page, error, &form.next))
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
