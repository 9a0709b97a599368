//! The course pages, rendered once and kept with their brotli and gzip bytes. The course cannot
//! change while the server runs (see `content-engine`), so a lesson, a slide or a process area is
//! the same render for every reader: the first request renders it, and every later one is a
//! hash-map look-up, an ETag comparison (304 when the browser has it) and a copy of a
//! reference-counted buffer, like a static file.
//!
//! What is kept: GET answers for the public course paths (`cacheable_path`) that are a 200 HTML
//! page setting no cookie, rendered without the reader's cookies (so nothing personal can be in
//! them). The key is the path with its query. A page is rendered with its slots empty (the
//! account menu, and the home page's progress panel: `page_slots`), and kept in two forms:
//! - for readers not signed in, with the "Sign in" menu and no panel, compressed once (brotli
//!   and gzip);
//! - for signed-in readers of the pages whose body is the same for everyone but for the slots
//!   (`shared_path`: not the exercises, which show a reader's own answers), compressed around the
//!   slots (`SplicedGzip`), so that the reader's parts go in as they ask, without rendering or
//!   compressing the page again. Other signed-in pages are rendered per request.
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

mod kept_page;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, Method, Response, StatusCode};
use axum::middleware::Next;

use crate::page_slots::{is_uncompressed_html, read_page};
use crate::personal_parts::{KeepSlots, PersonalParts};
use kept_page::CachedPage;

/// How many pages, and how many bytes in all (every encoding), the cache keeps at most.
pub const MAX_PAGES: usize = 2_000;
pub const MAX_BYTES: usize = 64 << 20;
/// The home page lists published class codes, which change while the server runs.
const HOME_SECONDS: u64 = 10;

/// Whether `path` is a public course page, the same for every reader who is not signed in.
pub fn cacheable_path(path: &str) -> bool {
    matches!(
        path,
        "/" | "/model"
            | "/glossary"
            | "/about"
            | "/terms"
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
    cacheable_path(path) && !path.starts_with("/exercises")
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

/// The cache shared by every request of one server.
#[derive(Clone, Default)]
pub struct PageCache {
    inner: Arc<Mutex<Pages>>,
}

#[derive(Default)]
struct Pages {
    by_key: HashMap<String, Arc<CachedPage>>,
    bytes: usize,
    /// The pages being rendered for the first time, each with a lock its renderer holds.
    filling: HashMap<String, Arc<tokio::sync::Mutex<()>>>,
}

/// Who renders a page missing from the cache.
enum Fill {
    /// This request: the others asking meanwhile wait until the guard is dropped.
    Mine(FillGuard),
    /// Another request is rendering it: wait on its lock, then look again.
    Wait(Arc<tokio::sync::Mutex<()>>),
}

/// Held by the request rendering a missing page; dropping it (after the page is kept, or the
/// render failed or was cancelled) lets the waiting requests look again.
struct FillGuard {
    cache: PageCache,
    key: String,
    _lock: tokio::sync::OwnedMutexGuard<()>,
}

impl Drop for FillGuard {
    fn drop(&mut self) {
        let mut pages = self.cache.inner.lock().expect("the page cache lock");
        pages.filling.remove(&self.key);
    }
}

impl PageCache {
    /// Claims the rendering of the missing page `key`, or says who is rendering it. A course
    /// page asked for by 64 readers at once before anyone has read it is then rendered once, not
    /// 64 times over (measured: a p99 of 511 ms for the first second of a cold server).
    fn start_fill(&self, key: &str) -> Fill {
        let mut pages = self.inner.lock().expect("the page cache lock");
        if let Some(lock) = pages.filling.get(key) {
            return Fill::Wait(lock.clone());
        }
        let lock = Arc::new(tokio::sync::Mutex::new(()));
        let guard = lock.clone().try_lock_owned().expect("a new lock is free");
        pages.filling.insert(key.to_string(), lock);
        Fill::Mine(FillGuard {
            cache: self.clone(),
            key: key.to_string(),
            _lock: guard,
        })
    }

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

/// What the middleware needs: the kept pages, and the readers' parts to fill them with.
#[derive(Clone)]
pub struct CachedPages {
    pub pages: PageCache,
    pub personal: PersonalParts,
}

/// The middleware: answers public course pages from the cache, rendering (uncompressed, without
/// the reader's cookies, with the menu slot empty) and keeping a page the first time it is asked
/// for.
pub async fn serve_cached_pages(
    State(CachedPages {
        pages: cache,
        personal,
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
        personal.forget_all();
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
    let mut page = cache.get(&key);
    let mut _filling = None;
    if page.is_none() {
        match cache.start_fill(&key) {
            Fill::Mine(guard) => _filling = Some(guard),
            // When the other render could not be kept, this request renders its own.
            Fill::Wait(lock) => {
                drop(lock.lock().await);
                page = cache.get(&key);
            }
        }
    }
    let page = match page {
        Some(page) => page,
        None => match render_for_everyone(&cache, &key, &mut request, next).await {
            Ok(page) => page,
            // Rendered as for anyone, so the parts of the person asking go in now.
            Err(response) => {
                cache.refresh_failed(&key);
                return crate::personal_parts::fill_slots(response, &personal, request.headers())
                    .await;
            }
        },
    };
    if signed_in {
        if let Some(personal_page) = &page.personal {
            let fills = personal
                .fills_for(request.headers(), &personal_page.slotted.slots)
                .await;
            if let Some(response) = page.respond_personal(request.headers(), &fills) {
                return response;
            }
        }
    }
    page.respond(request.headers())
}

/// Renders the page `request` asks for as anyone would get it, and keeps it under `key`.
async fn render_for_everyone(
    cache: &PageCache,
    key: &str,
    request: &mut Request,
    next: Next,
) -> Result<Arc<CachedPage>, Response<Body>> {
    let lifetime = (request.uri().path() == "/").then(|| Duration::from_secs(HOME_SECONDS));
    let mut render = Request::builder()
        .method(Method::GET)
        .uri(request.uri().clone())
        .version(request.version())
        .body(Body::empty())
        .expect("a copy of a valid request");
    // Rendered as for anyone: no cookies, no compression (the cache compresses once, better
    // than per request), the slots left empty.
    for (name, value) in request.headers() {
        if name != header::COOKIE && name != header::ACCEPT_ENCODING {
            render.headers_mut().append(name, value.clone());
        }
    }
    *render.extensions_mut() = std::mem::take(request.extensions_mut());
    render.extensions_mut().insert(KeepSlots);
    render_and_keep(cache, key.to_string(), render, lifetime, next).await
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
    use super::kept_page::tests::page;
    use super::*;
    use axum::http::HeaderValue;

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
