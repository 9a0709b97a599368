//! Security headers on every response. Pages get their Content-Security-Policy (with the nonce of
//! Leptos' inline scripts) from the app; any response without one, such as JSON or a static file,
//! gets a policy that allows nothing to run and nothing to frame it. A 304 gets none: browsers
//! replace the kept page's headers with the 304's, so a fallback policy there would become the
//! page's own and block its stylesheet and scripts on every later visit.
//!
//! Private answers (anything asked for with a session cookie, any server function, any CSV
//! export) are marked `Cache-Control: no-store` unless they set their own caching, so that a
//! shared computer's cache or a proxy never keeps someone's grades. Over HTTPS
//! (`SECURE_COOKIES=true`) every answer also carries HSTS, so browsers stop trying plain HTTP.

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

const FALLBACK_POLICY: &str = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";

/// Whether the site is served over HTTPS (then HSTS is sent).
#[derive(Clone, Copy, Debug)]
pub struct Https(pub bool);

fn is_private(request: &Request) -> bool {
    let path = request.uri().path();
    crate::accounts::session::token_from(request.headers()).is_some()
        || path.starts_with("/api/")
        || path.ends_with(".csv")
}

pub async fn add_security_headers(
    State(Https(https)): State<Https>,
    request: Request,
    next: Next,
) -> Response {
    let private = is_private(&request);
    let mut response = next.run(request).await;
    let not_modified = response.status() == axum::http::StatusCode::NOT_MODIFIED;
    let headers = response.headers_mut();
    if private && !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if https {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        "permissions-policy",
        HeaderValue::from_static("camera=(), microphone=(), geolocation=(), payment=()"),
    );
    headers.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY) && !not_modified {
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(FALLBACK_POLICY),
        );
    }
    response
}
