//! The account menu of the person asking, written into each page as it is sent.
//!
//! Pages are rendered with an empty slot where the header's account menu goes
//! (`app::components::account_menu`), so that a course page is the same render for every
//! reader and can be kept (`page_cache`). This module finds the reader's menu (their session,
//! their name, the classes whose live session is on) and fills the slot: in kept pages by
//! splicing (see `page_cache`), and in pages rendered per request with `fill_account_menu`.
//!
//! The menu is kept per session for `MENU_SECONDS`, so that reading pages does not cost a
//! session look-up per request. It only says what the header shows: no permission is ever
//! decided from it (every server function and form checks the session itself). Any change
//! made through this server (a POST, including a sign-out, a role change or a session start)
//! forgets every kept menu, so the person making it sees its effect at once; a change made
//! through another server shows within `MENU_SECONDS`.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use app::api::classes::{HeaderAccount, LiveClass};
use app::components::account_menu::{account_menu_html, ACCOUNT_MENU_SLOT};
use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, Response};
use axum::middleware::Next;

use crate::accounts::session;
use crate::state::AppState;

/// How long a session's menu is reused.
const MENU_SECONDS: u64 = 2;
/// How many sessions' menus are kept at most; a full cache starts again empty.
const MAX_MENUS: usize = 10_000;
/// The largest page read (to fill its slot, or to keep it): the notebook, the whole course on
/// one page, is about 1 MB.
const MAX_PAGE_BYTES: usize = 8 << 20;

/// Marks a request whose page must keep its slot unfilled, because the page cache keeps it and
/// fills the slot for each reader.
#[derive(Clone, Copy)]
pub struct KeepAccountSlot;

/// The menus of recent sessions, shared by every request of one server.
#[derive(Clone)]
pub struct AccountMenus {
    state: AppState,
    recent: Arc<Mutex<RecentMenus>>,
}

/// Each session's menu (by the hash of its token) and when it was read.
type RecentMenus = HashMap<String, (Instant, Arc<str>)>;

impl AccountMenus {
    pub fn new(state: AppState) -> AccountMenus {
        AccountMenus {
            state,
            recent: Arc::default(),
        }
    }

    /// The menu for a request with `headers`: "Sign in" without a live session.
    pub async fn menu_for(&self, headers: &HeaderMap) -> Arc<str> {
        let Some(token) = session::token_from(headers) else {
            return signed_out();
        };
        let key = session::token_hash(&token);
        if let Some(menu) = self.recent_menu(&key) {
            return menu;
        }
        let menu: Arc<str> = match self.account(headers).await {
            Ok(account) => account_menu_html(account.as_ref()).into(),
            Err(error) => {
                // Not kept: the next page asks again.
                tracing::warn!(%error, "the account menu could not be read");
                return signed_out();
            }
        };
        let mut recent = self.recent.lock().expect("the menu lock");
        if recent.len() >= MAX_MENUS {
            recent.clear();
        }
        recent.insert(key, (Instant::now(), menu.clone()));
        menu
    }

    /// Forgets every kept menu (after a change that may alter one).
    pub fn forget_all(&self) {
        self.recent.lock().expect("the menu lock").clear();
    }

    fn recent_menu(&self, key: &str) -> Option<Arc<str>> {
        let recent = self.recent.lock().expect("the menu lock");
        recent
            .get(key)
            .filter(|(at, _)| at.elapsed() < Duration::from_secs(MENU_SECONDS))
            .map(|(_, menu)| menu.clone())
    }

    async fn account(
        &self,
        headers: &HeaderMap,
    ) -> Result<Option<HeaderAccount>, crate::storage::StorageError> {
        let Some(user) = self.state.accounts.current_user(headers).await? else {
            return Ok(None);
        };
        let live_classes = self
            .state
            .storage()
            .active_live_classes(user.id)
            .await?
            .into_iter()
            .map(|(id, name)| LiveClass { id, name })
            .collect();
        Ok(Some(HeaderAccount { user, live_classes }))
    }
}

/// The menu of a reader not signed in ("Sign in"), the same for everyone.
pub fn signed_out() -> Arc<str> {
    static MENU: std::sync::OnceLock<Arc<str>> = std::sync::OnceLock::new();
    MENU.get_or_init(|| account_menu_html(None).into()).clone()
}

/// `page` with its slot filled with `menu`, or `None` when it has no slot.
pub fn filled(page: &[u8], menu: &str) -> Option<Vec<u8>> {
    let (before, after) = split_at_slot(page)?;
    Some(joined(before, menu, after))
}

/// The page around a slot (`before`, `after`) with `menu` in it.
pub fn joined(before: &[u8], menu: &str, after: &[u8]) -> Vec<u8> {
    [before, menu.as_bytes(), after].concat()
}

/// Whether a response is an HTML page as rendered (not compressed yet).
pub fn is_uncompressed_html(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("text/html"))
        && !headers.contains_key(header::CONTENT_ENCODING)
}

/// A rendered page's bytes, or the 500 to send when they cannot be read (over
/// `MAX_PAGE_BYTES`, or the render failed half-way).
pub async fn read_page(body: Body) -> Result<axum::body::Bytes, Response<Body>> {
    to_bytes(body, MAX_PAGE_BYTES).await.map_err(|_| {
        Response::builder()
            .status(axum::http::StatusCode::INTERNAL_SERVER_ERROR)
            .body(Body::from("The page could not be read; please reload."))
            .expect("a valid response")
    })
}

/// The page before and after its (first) account-menu slot.
pub fn split_at_slot(page: &[u8]) -> Option<(&[u8], &[u8])> {
    let slot = ACCOUNT_MENU_SLOT.as_bytes();
    let at = page.windows(slot.len()).position(|w| w == slot)?;
    Some((&page[..at], &page[at + slot.len()..]))
}

/// The middleware for pages rendered per request: fills the slot of an HTML page with the menu
/// of the person asking. Runs inside the compression layer, on the page as rendered.
pub async fn fill_account_menu(
    State(menus): State<AccountMenus>,
    request: Request,
    next: Next,
) -> Response<Body> {
    if request.extensions().get::<KeepAccountSlot>().is_some() {
        return next.run(request).await;
    }
    // The menu depends on the session cookie alone: keep that, not every header of every
    // request (static files and server functions pass here too).
    let mut cookies = HeaderMap::new();
    for value in request.headers().get_all(header::COOKIE) {
        cookies.append(header::COOKIE, value.clone());
    }
    let response = next.run(request).await;
    fill_slot(response, &menus, &cookies).await
}

/// `response` with the menu for a request with `headers` in its slot, when it is an
/// uncompressed HTML page with one.
pub async fn fill_slot(
    response: Response<Body>,
    menus: &AccountMenus,
    headers: &HeaderMap,
) -> Response<Body> {
    if !is_uncompressed_html(response.headers()) {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let page = match read_page(body).await {
        Ok(page) => page,
        Err(unreadable) => return unreadable,
    };
    let body = match split_at_slot(&page) {
        Some((before, after)) => Body::from(joined(before, &menus.menu_for(headers).await, after)),
        None => Body::from(page),
    };
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_slot_is_filled_and_a_page_without_one_is_left_alone() {
        let page = format!("<header>{ACCOUNT_MENU_SLOT}</header><main>{ACCOUNT_MENU_SLOT}</main>");
        let out = String::from_utf8(filled(page.as_bytes(), "<a>Ana</a>").unwrap()).unwrap();
        assert_eq!(
            out,
            format!("<header><a>Ana</a></header><main>{ACCOUNT_MENU_SLOT}</main>")
        );
        assert!(filled(b"<p>no header</p>", "menu").is_none());
    }
}
