//! Session cookies. The cookie carries 256 random bits; the database keeps only their SHA-256.

use argon2::password_hash::rand_core::{OsRng, RngCore};
use axum::http::{header, HeaderMap, HeaderValue};
use sha2::{Digest, Sha256};

pub const COOKIE_NAME: &str = "rmm_session";
/// Sessions last fourteen days from sign-in.
pub const LIFETIME_DAYS: u32 = 14;

/// A fresh session token, URL-safe.
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// What the database stores for a token.
pub fn token_hash(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The `Set-Cookie` value that starts a session: HttpOnly (no script can read it), SameSite=Lax
/// (other sites' forms do not carry it), Secure when the site is served over TLS.
pub fn session_cookie(token: &str, secure: bool) -> HeaderValue {
    let max_age = u64::from(LIFETIME_DAYS) * 24 * 3600;
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{COOKIE_NAME}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}"
    ))
    .expect("token is hex")
}

pub fn clearing_cookie(secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{COOKIE_NAME}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{secure}"
    ))
    .expect("static")
}

/// The session token a request carries, if any.
pub fn token_from(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|pair| {
            let (name, value) = pair.trim().split_once('=')?;
            (name == COOKIE_NAME
                && value.len() == 64
                && value.bytes().all(|b| b.is_ascii_hexdigit()))
            .then(|| value.to_string())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_read_back_from_cookies() {
        let token = new_token();
        assert_eq!(token.len(), 64);
        assert_ne!(token, new_token());
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_str(&format!("theme=dark; {COOKIE_NAME}={token}")).unwrap(),
        );
        assert_eq!(token_from(&headers).as_deref(), Some(token.as_str()));
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("rmm_session=not-a-token"),
        );
        assert_eq!(token_from(&headers), None);
    }

    #[test]
    fn cookies_are_http_only_and_same_site() {
        let cookie = session_cookie(&new_token(), true);
        let text = cookie.to_str().unwrap();
        assert!(
            text.contains("HttpOnly")
                && text.contains("SameSite=Lax")
                && text.ends_with("; Secure")
        );
        assert_ne!(token_hash("a"), token_hash("b"));
    }
}
