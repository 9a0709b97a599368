//! The course pages, rendered once and kept with their brotli and gzip bytes. The course cannot
//! change while the server runs (see `content-engine`), so a lesson, a slide or a process area is
//! the same render for every reader: the first request renders it, and every later one is a
//! hash-map look-up, an ETag comparison (304 when the browser has it) and a copy of a
//! reference-counted buffer, like a static file.
//!
//! What is kept: GET answers for the public course paths (`cacheable_path`) that are a 200 HTML
//! page setting no cookie, rendered without the reader's cookies (so nothing personal can be in
//! them). The key is the path with its query. A page is rendered with an empty account-menu slot
//! (`account_menu`), and kept in two forms:
//! - for readers not signed in, with the "Sign in" menu, compressed once (brotli and gzip);
//! - for signed-in readers of the pages whose body is the same for everyone (`shared_path`: not
//!   the home page with its progress panel, nor the exercises with their answers), compressed
//!   around the slot (`SplicedGzip`), so that the reader's menu goes in as they ask, without
//!   rendering or compressing the page again. Other signed-in pages are rendered per request.
//!
//! The home page also lists the class codes instructors publish, so it is kept for
//! `HOME_SECONDS` only; once expired, one request renders it again while the others still get
//! the expired copy (otherwise every request in flight at that moment renders it: measured, a
//! p99 of 500 ms at 64 connections). The cache is bounded (`MAX_PAGES`, `MAX_BYTES`): once full, further pages
//! (say a flood of distinct search queries) are rendered as before and not kept.
//!
//! A nonce must differ per response, and a kept page is the same bytes for everyone. So a page
//! is kept with its Content-Security-Policy rewritten: the render's `'nonce-…'` is replaced by
//! the SHA-256 hash of each inline script of the kept bytes (`hashed_policy`). Those scripts, and
//! only those, run; markup injected anywhere would not match a hash. (The account menu has no
//! script.)

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method, Response, StatusCode};
use axum::middleware::Next;

use sha2::{Digest, Sha256};

use crate::account_menu::{
    is_uncompressed_html, joined, read_page, signed_out, split_at_slot, AccountMenus,
    KeepAccountSlot,
};
use crate::spliced_gzip::SplicedGzip;
use crate::static_files::{
    accepted_encodings, accepts, compress_brotli, compress_gzip, etag_of, matches_etag,
};

/// How many pages, and how many bytes in all (every encoding), the cache keeps at most.
pub const MAX_PAGES: usize = 2_000;
pub const MAX_BYTES: usize = 64 << 20;
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

/// Whether a signed-in reader's page at `path` is the page everyone gets but for the account menu.
pub fn shared_path(path: &str) -> bool {
    cacheable_path(path) && path != "/" && !path.starts_with("/exercises")
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
    /// Set by the one request that renders the page again once it has expired; the others keep
    /// getting this copy meanwhile, rather than all rendering it at once.
    refreshing: std::sync::atomic::AtomicBool,
    /// The page around its account-menu slot, for signed-in readers (`None`: the page has no
    /// slot).
    personal: Option<PersonalPage>,
}

/// A page kept for filling in each reader's account menu.
struct PersonalPage {
    before: Bytes,
    after: Bytes,
    gzip: SplicedGzip,
}

impl CachedPage {
    /// Keeps `slotted`, a page as rendered with its account-menu slot empty.
    fn new(rendered: &HeaderMap, slotted: Bytes, lifetime: Option<Duration>) -> CachedPage {
        let (identity, personal) = match split_at_slot(&slotted) {
            Some((before, after)) => {
                let signed_out = joined(before, &signed_out(), after);
                let personal = PersonalPage {
                    gzip: SplicedGzip::new(before, after),
                    before: Bytes::copy_from_slice(before),
                    after: Bytes::copy_from_slice(after),
                };
                (Bytes::from(signed_out), Some(personal))
            }
            None => (slotted, None),
        };
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
            gzip: Bytes::from(compress_gzip(&identity, flate2::Compression::best())),
            brotli: Bytes::from(compress_brotli(&identity, BROTLI_QUALITY)),
            identity,
            expires: lifetime.map(|l| Instant::now() + l),
            refreshing: std::sync::atomic::AtomicBool::new(false),
            personal,
        }
    }

    fn size(&self) -> usize {
        let personal = self
            .personal
            .as_ref()
            .map_or(0, |p| p.before.len() + p.after.len() + p.gzip.size());
        self.identity.len() + self.gzip.len() + self.brotli.len() + personal
    }

    fn fresh(&self, now: Instant) -> bool {
        self.expires.is_none_or(|at| now < at)
    }

    /// The page for a request with `headers`: 304 when its ETag matches, else the best encoding
    /// the request accepts.
    fn respond(&self, headers: &HeaderMap) -> Response<Body> {
        // Browsers keep the page but ask again each time; the ETag makes that a cheap 304.
        self.answer(headers, self.etag.clone(), "no-cache", |accepted| {
            if accepts(accepted, "br") {
                (self.brotli.clone(), Some("br"))
            } else if accepts(accepted, "gzip") {
                (self.gzip.clone(), Some("gzip"))
            } else {
                (self.identity.clone(), None)
            }
        })
    }

    /// The page with `menu` in its slot, for a signed-in reader: gzip when the request accepts
    /// it (the one encoding that can be spliced), else as text. `None` when the page has no slot.
    fn respond_personal(&self, headers: &HeaderMap, menu: &str) -> Option<Response<Body>> {
        let personal = self.personal.as_ref()?;
        // The validator names both the page and the menu: either changing is a new page.
        let menu_crc = crc32fast::hash(menu.as_bytes());
        let page_tag = self.etag.to_str().unwrap_or("\"\"").trim_matches('"');
        let etag = HeaderValue::from_str(&format!("\"{page_tag}-{menu_crc:08x}\""))
            .expect("hex digits make a valid header");
        Some(self.answer(headers, etag, "private, no-cache", |accepted| {
            if accepts(accepted, "gzip") {
                (
                    Bytes::from(personal.gzip.with(menu.as_bytes())),
                    Some("gzip"),
                )
            } else {
                (
                    Bytes::from(joined(&personal.before, menu, &personal.after)),
                    None,
                )
            }
        }))
    }

    /// The answer to a request with `headers`: a 304 when it has `etag`, else the page's headers
    /// and the body `choose` picks (bytes and their encoding) for the request's Accept-Encoding.
    fn answer(
        &self,
        headers: &HeaderMap,
        etag: HeaderValue,
        cache_control: &'static str,
        choose: impl FnOnce(&str) -> (Bytes, Option<&'static str>),
    ) -> Response<Body> {
        let mut response = Response::builder()
            .header(header::ETAG, etag.clone())
            .header(header::CACHE_CONTROL, cache_control)
            .header(header::VARY, "accept-encoding, cookie");
        let not_modified = matches_etag(headers, &etag);
        // A 304 carries the page's own policy (and no other of its headers): the browser
        // replaces the kept page's headers with the 304's, and the page must keep its policy.
        for (name, value) in &self.headers {
            if !not_modified || name == header::CONTENT_SECURITY_POLICY {
                response = response.header(name, value);
            }
        }
        if not_modified {
            return response
                .status(StatusCode::NOT_MODIFIED)
                .body(Body::empty())
                .expect("a valid response");
        }
        let (body, encoding) = choose(accepted_encodings(headers));
        if let Some(encoding) = encoding {
            response = response.header(header::CONTENT_ENCODING, encoding);
        }
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
    /// The page kept under `key`, if any. An expired page is still answered while one request
    /// renders it again: `None` (render it) goes to that one request only.
    fn get(&self, key: &str) -> Option<Arc<CachedPage>> {
        let pages = self.inner.lock().expect("the page cache lock");
        let page = pages.by_key.get(key)?;
        if page.fresh(Instant::now())
            || page
                .refreshing
                .swap(true, std::sync::atomic::Ordering::AcqRel)
        {
            return Some(page.clone());
        }
        None
    }

    /// Lets another request render `key` again (after a render that could not be kept).
    fn refresh_failed(&self, key: &str) {
        let pages = self.inner.lock().expect("the page cache lock");
        if let Some(page) = pages.by_key.get(key) {
            page.refreshing
                .store(false, std::sync::atomic::Ordering::Release);
        }
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

/// What the middleware needs: the kept pages, and the readers' menus to fill them with.
#[derive(Clone)]
pub struct CachedPages {
    pub pages: PageCache,
    pub menus: AccountMenus,
}

/// The middleware: answers public course pages from the cache, rendering (uncompressed, without
/// the reader's cookies, with the menu slot empty) and keeping a page the first time it is asked
/// for.
pub async fn serve_cached_pages(
    State(CachedPages {
        pages: cache,
        menus,
    }): State<CachedPages>,
    mut request: Request,
    next: Next,
) -> Response<Body> {
    let path = request.uri().path();
    if !matches!(*request.method(), Method::GET | Method::HEAD) {
        // A change may change what a menu shows (a sign-out, a role, a live session), and a
        // change to a class the codes the home page lists: this server shows both afresh at
        // once (other servers within their menus' and the home page's lifetimes).
        let class_change = path.starts_with("/classes");
        let response = next.run(request).await;
        menus.forget_all();
        if class_change {
            cache.forget("/");
        }
        return response;
    }
    let signed_in = has_session_cookie(request.headers());
    if request.method() != Method::GET || !cacheable_path(path) || (signed_in && !shared_path(path))
    {
        return next.run(request).await;
    }
    let key = request
        .uri()
        .path_and_query()
        .map_or_else(|| path.to_string(), |pq| pq.as_str().to_string());
    let page = match cache.get(&key) {
        Some(page) => page,
        None => {
            let lifetime = (path == "/").then(|| Duration::from_secs(HOME_SECONDS));
            let mut render = Request::builder()
                .method(Method::GET)
                .uri(request.uri().clone())
                .version(request.version())
                .body(Body::empty())
                .expect("a copy of a valid request");
            // Rendered as for anyone: no cookies, no compression (the cache compresses once,
            // better than per request), the menu slot left empty.
            for (name, value) in request.headers() {
                if name != header::COOKIE && name != header::ACCEPT_ENCODING {
                    render.headers_mut().append(name, value.clone());
                }
            }
            *render.extensions_mut() = std::mem::take(request.extensions_mut());
            render.extensions_mut().insert(KeepAccountSlot);
            match render_and_keep(&cache, key.clone(), render, lifetime, next).await {
                Ok(page) => page,
                // Rendered as for anyone, so the menu of the person asking goes in now.
                Err(response) => {
                    cache.refresh_failed(&key);
                    return crate::account_menu::fill_slot(response, &menus, request.headers())
                        .await;
                }
            }
        }
    };
    if signed_in {
        let menu = menus.menu_for(request.headers()).await;
        if let Some(response) = page.respond_personal(request.headers(), &menu) {
            return response;
        }
    }
    page.respond(request.headers())
}

/// Renders `request` and keeps the page under `key`; a page that may not be kept (not a 200 HTML
/// page, or one that sets a cookie) comes back as the response to send.
async fn render_and_keep(
    cache: &PageCache,
    key: String,
    request: Request,
    lifetime: Option<Duration>,
    next: Next,
) -> Result<Arc<CachedPage>, Response<Body>> {
    let response = next.run(request).await;
    if response.status() != StatusCode::OK
        || !is_uncompressed_html(response.headers())
        || response.headers().contains_key(header::SET_COOKIE)
    {
        return Err(response);
    }
    let (parts, body) = response.into_parts();
    let bytes = read_page(body).await?;
    let page = tokio::task::spawn_blocking(move || {
        Arc::new(CachedPage::new(&parts.headers, bytes, lifetime))
    })
    .await
    .expect("compressing a page does not panic");
    cache.insert(key, page.clone());
    Ok(page)
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
    fn an_expired_page_is_rendered_again_by_one_request_while_the_others_get_it() {
        let cache = PageCache::default();
        cache.insert("/".into(), page("<p>home</p>", Some(Duration::ZERO)));
        assert!(
            cache.get("/").is_none(),
            "the first request renders it again"
        );
        assert!(
            cache.get("/").is_some(),
            "the others get the expired copy meanwhile"
        );
        assert!(cache.get("/").is_some());
        cache.refresh_failed("/");
        assert!(
            cache.get("/").is_none(),
            "after a failed render, another request tries"
        );
        cache.insert(
            "/".into(),
            page("<p>home</p>", Some(Duration::from_secs(60))),
        );
        assert!(
            cache.get("/").is_some() && cache.get("/").is_some(),
            "fresh again"
        );
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
