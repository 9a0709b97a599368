//! The public addresses of the Open Badges credentials (issue 16): the issuer's profile with its
//! public key (`/issuer`, which every proof's verification method points into), the same key as a
//! JSON Web Key Set (`/.well-known/jwks.json`), and each valid certificate's signed credential
//! (`/verify/{code}/badge.json`). None needs a sign-in: a verifier is anyone holding the address.

use axum::extract::{Path, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use domain::certificate::{is_code, CertificateStatus};
use serde_json::Value;

use super::badge::{issuer_profile, jwks, open_badge};
use crate::http_error::HttpError;
use crate::state::AppState;

const LD_JSON: &str = "application/ld+json";
const JSON: &str = "application/json";

/// The key changes only when an operator replaces it; a few minutes of caching is harmless.
const PUBLIC_KEY_CACHING: &str = "public, max-age=300";
/// A credential stops being handed out the moment its certificate is revoked.
const CREDENTIAL_CACHING: &str = "no-cache";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/issuer", get(issuer))
        .route("/.well-known/jwks.json", get(key_set))
        .route("/verify/{code}/badge.json", get(badge))
}

/// `GET /issuer`: the issuer's Open Badges profile with its verification method.
async fn issuer(State(state): State<AppState>) -> Response {
    let profile = issuer_profile(&state.public_url, &state.badge_signer);
    json_response(LD_JSON, PUBLIC_KEY_CACHING, &profile)
}

/// `GET /.well-known/jwks.json`: the issuer's public key as a JSON Web Key Set.
async fn key_set(State(state): State<AppState>) -> Response {
    json_response(JSON, PUBLIC_KEY_CACHING, &jwks(&state.badge_signer))
}

/// `GET /verify/{code}/badge.json`: the certificate's signed credential, as a download; 404 for a
/// code that is not one (checked before the database is asked) or not issued, 410 once revoked.
async fn badge(
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> Result<Response, HttpError> {
    if !is_code(&code) {
        return Err(no_such_certificate());
    }
    let Some(certificate) = state.storage().certificate_by_code(&code).await? else {
        return Err(no_such_certificate());
    };
    if let CertificateStatus::Revoked { .. } = certificate.status {
        return Err(HttpError::Refused(
            StatusCode::GONE,
            "This certificate has been revoked, so its Open Badges credential is no longer issued."
                .to_string(),
        ));
    }
    let credential = open_badge(&certificate, &state.public_url, &state.badge_signer);
    let mut response = json_response(LD_JSON, CREDENTIAL_CACHING, &credential);
    // The code is lowercase hexadecimal (checked above), so the header is always valid.
    if let Ok(disposition) = HeaderValue::from_str(&format!(
        "attachment; filename=\"rmm-certificate-{code}.json\""
    )) {
        response
            .headers_mut()
            .insert(header::CONTENT_DISPOSITION, disposition);
    }
    Ok(response)
}

fn no_such_certificate() -> HttpError {
    HttpError::Refused(
        StatusCode::NOT_FOUND,
        "There is no certificate with this code.".to_string(),
    )
}

/// `value` as indented JSON of the given type, readable by a verifier's web page on any site.
fn json_response(content_type: &'static str, caching: &'static str, value: &Value) -> Response {
    let body = serde_json::to_string_pretty(value).expect("a JSON value serializes");
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, caching),
            (header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"),
        ],
        body,
    )
        .into_response()
}
