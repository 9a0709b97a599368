//! The course pages as readers who are not signed in get them, rendered once and kept with their
//! brotli and gzip bytes. The course cannot change while the server runs (see `content-engine`),
//! so a lesson, a slide or a process area is the same page for every anonymous reader: the first
//! request renders it, and every later one is a hash-map look-up, an ETag comparison (304 when the
//! browser has it) and a copy of a reference-counted buffer, like a static file.
//!
//! What is cached: GET requests without a session cookie, for the public course paths
//! (`cacheable_path`), whose answer is a 200 HTML page that sets no cookie. The key is the path
//! with its query. Nothing personal can be in such a page: a signed-in reader (any request with
//! the session cookie) is never served from here and never fills it. The home page also lists
//! the class codes instructors publish, so it is kept for `HOME_SECONDS` only. The cache is
//! bounded (`MAX_PAGES`, `MAX_BYTES`): once full, further pages (say a flood of distinct search
//! queries) are rendered as before and not kept.
//!
//! A nonce must differ per response, and a cached page is the same bytes for everyone. So a page
//! is kept with its Content-Security-Policy rewritten: the render's `'nonce-…'` is replaced by
//! the SHA-256 hash of each inline script of the kept bytes (`hashed_policy`). Those scripts, and
//! only those, run; markup injected anywhere would not match a hash.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::{to_bytes, Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method, Response, StatusCode};
use axum::middleware::Next;

use sha2::{Digest, Sha256};

use crate::static_files::{accepts, compress_brotli, compress_gzip, etag_of};

/// How many pages, and how many bytes in all (every encoding), the cache keeps at most.
pub const MAX_PAGES: usize = 2_000;
pub const MAX_BYTES: usize = 64 << 20;
/// The largest page kept (the notebook, the whole course on one page, is about 1 MB).
const MAX_PAGE_BYTES: usize = 8 << 20;
/// The home page lists published class codes, which change while the server runs.
const HOME_SECONDS: u64 = 10;
/// Brotli quality for a cached page: compressed once, so a good ratio is worth the time.
const BROTLI_QUALITY: u32 = 9;

/// Whether `path` is a public course page, the same for every reader who is not signed in.
pub fn cacheable_path(path: &str) -> bool {
    matches!(
        path,
        "/" | "/model"
            | "/glossary"
            | "/about"
            | "/search"
            | "/handouts"
            | "/notebook"
            | "/exercises"
    ) || ["/modules/", "/model/", "/handouts/", "/exercises/"]
        .iter()
        .any(|prefix| path.starts_with(prefix))
}

/// Whether the request carries the session cookie (signed in, or was).
fn has_session_cookie(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .any(|cookies| {
            cookies.split(';').any(|c| {
                c.trim_start()
                    .starts_with(crate::accounts::session::COOKIE_NAME)
            })
        })
}

/// One page in its three encodings, with the headers the render gave it.
struct CachedPage {
    etag: HeaderValue,
    headers: Vec<(HeaderName, HeaderValue)>,
    identity: Bytes,
    gzip: Bytes,
    brotli: Bytes,
    expires: Option<Instant>,
}

impl CachedPage {
    fn new(rendered: &HeaderMap, identity: Bytes, lifetime: Option<Duration>) -> CachedPage {
        let kept = rendered
            .iter()
            .filter(|(name, _)| {
                !matches!(
                    *name,
                    &header::CONTENT_LENGTH
                        | &header::TRANSFER_ENCODING
                        | &header::CONTENT_ENCODING
                        | &header::DATE
                        | &header::ETAG
                        | &header::CACHE_CONTROL
                        | &header::VARY
                )
            })
            .map(|(name, value)| {
                let value = if name == header::CONTENT_SECURITY_POLICY {
                    hashed_policy(value, &identity)
                } else {
                    value.clone()
                };
                (name.clone(), value)
            })
            .collect();
        CachedPage {
            etag: etag_of(&identity),
            headers: kept,
            gzip: Bytes::from(compress_gzip(&identity)),
            brotli: Bytes::from(compress_brotli(&identity, BROTLI_QUALITY)),
            identity,
            expires: lifetime.map(|l| Instant::now() + l),
        }
    }

    fn size(&self) -> usize {
        self.identity.len() + self.gzip.len() + self.brotli.len()
    }

    fn fresh(&self, now: Instant) -> bool {
        self.expires.is_none_or(|at| now < at)
    }

    /// The page for a request with `headers`: 304 when its ETag matches, else the best encoding
    /// the request accepts.
    fn respond(&self, headers: &HeaderMap) -> Response<Body> {
        let mut response = Response::builder()
            .header(header::ETAG, self.etag.clone())
            // Browsers keep the page but ask again each time; the ETag makes that a cheap 304.
            .header(header::CACHE_CONTROL, "no-cache")
            .header(header::VARY, "accept-encoding, cookie");
        let not_modified = headers.get(header::IF_NONE_MATCH).is_some_and(|tags| {
            tags.as_bytes()
                .split(|b| *b == b',')
                .any(|tag| tag.trim_ascii() == self.etag.as_bytes())
        });
        if not_modified {
            return response
                .status(StatusCode::NOT_MODIFIED)
                .body(Body::empty())
                .expect("a valid response");
        }
        for (name, value) in &self.headers {
            response = response.header(name, value);
        }
        let accepted = headers
            .get(header::ACCEPT_ENCODING)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        let body = if accepts(accepted, "br") {
            response = response.header(header::CONTENT_ENCODING, "br");
            self.brotli.clone()
        } else if accepts(accepted, "gzip") {
            response = response.header(header::CONTENT_ENCODING, "gzip");
            self.gzip.clone()
        } else {
            self.identity.clone()
        };
        response
            .header(header::CONTENT_LENGTH, body.len())
            .body(Body::from(body))
            .expect("a valid response")
    }
}

/// `policy` with its `'nonce-…'` source replaced by a `'sha256-…'` source per inline script of
/// `html` (a `<script>` without `src`), so that the policy holds for every reader of the kept
/// page. A policy without a nonce is kept as it is.
fn hashed_policy(policy: &HeaderValue, html: &[u8]) -> HeaderValue {
    let Ok(text) = policy.to_str() else {
        return policy.clone();
    };
    let Some(start) = text.find("'nonce-") else {
        return policy.clone();
    };
    let end = text[start + 1..]
        .find('\'')
        .map_or(text.len(), |i| start + i + 2);
    let hashes: Vec<String> = inline_scripts(&String::from_utf8_lossy(html))
        .into_iter()
        .map(|script| format!("'sha256-{}'", base64(&Sha256::digest(script.as_bytes()))))
        .collect();
    let rewritten = format!("{}{}{}", &text[..start], hashes.join(" "), &text[end..]);
    HeaderValue::from_str(&rewritten.replace("  ", " ")).unwrap_or_else(|_| policy.clone())
}

/// The text of every inline `<script>` (one without a `src` attribute) in `html`.
fn inline_scripts(html: &str) -> Vec<&str> {
    let mut scripts = Vec::new();
    let mut rest = html;
    while let Some(open) = rest.find("<script") {
        rest = &rest[open..];
        let Some(tag_end) = rest.find('>') else { break };
        let tag = &rest[..tag_end];
        let body = &rest[tag_end + 1..];
        let Some(close) = body.find("</script>") else {
            break;
        };
        if !tag.contains(" src=") {
            scripts.push(&body[..close]);
        }
        rest = &body[close..];
    }
    scripts
}

/// Standard base64 with padding, as CSP hash sources are written.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i)) as usize & 63] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The cache shared by every request of one server.
#[derive(Clone, Default)]
pub struct PageCache {
    inner: Arc<Mutex<Pages>>,
}

#[derive(Default)]
struct Pages {
    by_key: HashMap<String, Arc<CachedPage>>,
    bytes: usize,
}

impl PageCache {
    fn get(&self, key: &str) -> Option<Arc<CachedPage>> {
        let pages = self.inner.lock().expect("the page cache lock");
        pages
            .by_key
            .get(key)
            .filter(|page| page.fresh(Instant::now()))
            .cloned()
    }

    /// Keeps `page` under `key` unless the cache is full (a page replacing an expired one of the
    /// same key always fits in its place).
    fn insert(&self, key: String, page: Arc<CachedPage>) {
        let mut pages = self.inner.lock().expect("the page cache lock");
        let replaced = pages.by_key.get(&key).map_or(0, |old| old.size());
        let bytes = pages.bytes - replaced + page.size();
        let count = pages.by_key.len() + usize::from(replaced == 0);
        if bytes > MAX_BYTES || count > MAX_PAGES {
            return;
        }
        pages.bytes = bytes;
        pages.by_key.insert(key, page);
    }

    fn forget(&self, key: &str) {
        let mut pages = self.inner.lock().expect("the page cache lock");
        if let Some(old) = pages.by_key.remove(key) {
            pages.bytes -= old.size();
        }
    }

    /// How many pages and bytes are kept (for `/healthz` and the tests).
    pub fn usage(&self) -> (usize, usize) {
        let pages = self.inner.lock().expect("the page cache lock");
        (pages.by_key.len(), pages.bytes)
    }
}

/// The middleware: answers public course pages for readers who are not signed in from the cache,
/// rendering (uncompressed) and keeping a page the first time it is asked for.
pub async fn serve_cached_pages(
    State(cache): State<PageCache>,
    mut request: Request,
    next: Next,
) -> Response<Body> {
    let path = request.uri().path();
    if request.method() == Method::POST && path.starts_with("/classes") {
        // A change to a class may change the codes the home page lists: this server renders
        // the home page afresh at once (other servers within `HOME_SECONDS`).
        let response = next.run(request).await;
        cache.forget("/");
        return response;
    }
    if request.method() != Method::GET
        || !cacheable_path(path)
        || has_session_cookie(request.headers())
    {
        return next.run(request).await;
    }
    let key = request
        .uri()
        .path_and_query()
        .map_or_else(|| path.to_string(), |pq| pq.as_str().to_string());
    if let Some(page) = cache.get(&key) {
        return page.respond(request.headers());
    }
    let lifetime = (path == "/").then(|| Duration::from_secs(HOME_SECONDS));
    let asked = request.headers().clone();
    // Rendered without compression: the cache compresses once, better than per request.
    request.headers_mut().remove(header::ACCEPT_ENCODING);
    let response = next.run(request).await;
    let html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("text/html"));
    if response.status() != StatusCode::OK
        || !html
        || response.headers().contains_key(header::SET_COOKIE)
        || response.headers().contains_key(header::CONTENT_ENCODING)
    {
        return response;
    }
    let (parts, body) = response.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_PAGE_BYTES).await else {
        return Response::builder()
            .status(StatusCode::INTERNAL_SERVER_ERROR)
            .body(Body::from("The page could not be read; please reload."))
            .expect("a valid response");
    };
    let page = tokio::task::spawn_blocking(move || {
        Arc::new(CachedPage::new(&parts.headers, bytes, lifetime))
    })
    .await
    .expect("compressing a page does not panic");
    cache.insert(key, page.clone());
    page.respond(&asked)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(body: &str, lifetime: Option<Duration>) -> Arc<CachedPage> {
        let mut headers = HeaderMap::new();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html"));
        headers.insert(header::CONTENT_LENGTH, HeaderValue::from_static("1"));
        Arc::new(CachedPage::new(
            &headers,
            Bytes::from(body.to_string()),
            lifetime,
        ))
    }

    #[test]
    fn only_public_course_paths_are_cacheable() {
        for path in [
            "/",
            "/modules/welcome/lesson",
            "/model/IMC",
            "/glossary",
            "/search",
            "/exercises/four-sources",
        ] {
            assert!(cacheable_path(path), "{path}");
        }
        for path in [
            "/classes",
            "/classes/1",
            "/sign-in",
            "/appraisal",
            "/admin/users",
            "/api/x",
            "/instructor-guide",
            "/join/ABCD",
        ] {
            assert!(!cacheable_path(path), "{path}");
        }
    }

    #[test]
    fn a_session_cookie_anywhere_in_the_header_bypasses_the_cache() {
        let mut headers = HeaderMap::new();
        assert!(!has_session_cookie(&headers));
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("theme=dark; rmm_session=abc"),
        );
        assert!(has_session_cookie(&headers));
    }

    #[test]
    fn a_cached_page_negotiates_its_encoding_and_answers_304_to_its_etag() {
        let page = page(&"<p>lesson</p>".repeat(200), None);
        let mut headers = HeaderMap::new();
        headers.insert(
            header::ACCEPT_ENCODING,
            HeaderValue::from_static("gzip, br"),
        );
        let response = page.respond(&headers);
        assert_eq!(response.headers()[header::CONTENT_ENCODING], "br");
        assert_eq!(response.headers()[header::CONTENT_TYPE], "text/html");
        // The rendered length is dropped: the length sent is the encoding's.
        assert_eq!(
            response.headers()[header::CONTENT_LENGTH],
            page.brotli.len().to_string()
        );
        headers.insert(header::IF_NONE_MATCH, page.etag.clone());
        assert_eq!(page.respond(&headers).status(), StatusCode::NOT_MODIFIED);
        let plain = page.respond(&HeaderMap::new());
        assert!(!plain.headers().contains_key(header::CONTENT_ENCODING));
    }

    #[test]
    fn the_policy_of_a_kept_page_names_its_inline_scripts_by_hash() {
        assert_eq!(base64(b"Man"), "TWFu");
        assert_eq!(base64(b"Ma"), "TWE=");
        assert_eq!(base64(b"M"), "TQ==");
        let html = b"<script nonce=\"n1\">go()</script><script src=\"/pkg/a.js\"></script>";
        let policy = HeaderValue::from_static(
            "default-src 'self'; script-src 'self' 'nonce-n1' 'wasm-unsafe-eval'; style-src 'self'",
        );
        let hashed = hashed_policy(&policy, html);
        let expected = format!("'sha256-{}'", base64(&Sha256::digest(b"go()")));
        assert_eq!(
            hashed.to_str().unwrap(),
            format!("default-src 'self'; script-src 'self' {expected} 'wasm-unsafe-eval'; style-src 'self'")
        );
        let plain = HeaderValue::from_static("default-src 'self'");
        assert_eq!(hashed_policy(&plain, html), plain);
    }

    #[test]
    fn the_cache_is_bounded_and_an_expired_page_is_not_served() {
        let cache = PageCache::default();
        for n in 0..MAX_PAGES + 50 {
            cache.insert(format!("/search?q={n}"), page("<p>hit</p>", None));
        }
        let (pages, bytes) = cache.usage();
        assert_eq!(pages, MAX_PAGES);
        assert!(bytes <= MAX_BYTES);
        assert!(cache.get("/search?q=1").is_some());
        assert!(cache
            .get(&format!("/search?q={}", MAX_PAGES + 10))
            .is_none());
        // A page for a key already kept replaces it, even when the cache is full.
        cache.insert("/search?q=1".into(), page("<p>new</p>", None));
        assert_eq!(cache.get("/search?q=1").unwrap().identity, "<p>new</p>");

        let home = PageCache::default();
        home.insert("/".into(), page("<p>home</p>", Some(Duration::ZERO)));
        assert!(home.get("/").is_none(), "an expired page is rendered again");
        home.insert("/".into(), page("<p>home</p>", None));
        home.forget("/");
        assert_eq!(
            home.usage(),
            (0, 0),
            "a forgotten page gives its bytes back"
        );
    }
}
