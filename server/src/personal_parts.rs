//! Each reader's own parts of a page, written into the page's slots as it is sent.
//!
//! Pages are rendered with empty slots where the header's account menu and the home page's
//! progress panel go (`app::components`, `page_slots`), so that a course page is the same render
//! for every reader and can be kept (`page_cache`). This module finds what the reader asking
//! should see there (their session, name and live classes; their progress) and fills the slots:
//! in kept pages by splicing (see `page_cache`), and in pages rendered per request with
//! `fill_personal_parts`.
//!
//! Each session's parts are kept for `KEEP_SECONDS`, so that reading pages does not cost a
//! session look-up per request. They only say what the page shows: no permission is ever decided
//! from them (every server function and form checks the session itself). Any change made through
//! this server (a POST: a sign-out, a role change, a session start, progress recorded) forgets
//! every kept part, so the person making it sees its effect at once; a change made through
//! another server shows within `KEEP_SECONDS`.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use app::api::classes::{HeaderAccount, LiveClass};
use app::api::progress::ProgressBackend;
use app::components::account_menu::account_menu_html;
use app::components::progress_panel::progress_panel_html;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, Response};
use axum::middleware::Next;

use crate::accounts::session;
use crate::page_slots::{is_uncompressed_html, read_page, Slot, SlottedPage};
use crate::state::AppState;

/// How long a session's parts are reused.
const KEEP_SECONDS: u64 = 2;
/// How many sessions' parts of one kind are kept at most; a full cache starts again empty.
const MAX_KEPT: usize = 10_000;

/// Marks a request whose page must keep its slots unfilled, because the page cache keeps it and
/// fills the slots for each reader.
#[derive(Clone, Copy)]
pub struct KeepSlots;

/// The parts of recent sessions, shared by every request of one server.
#[derive(Clone)]
pub struct PersonalParts {
    state: AppState,
    menus: Arc<Mutex<Recent>>,
    progress: Arc<Mutex<Recent>>,
}

/// Each session's part (by the hash of its token) and when it was read.
type Recent = HashMap<String, (Instant, Arc<str>)>;

impl PersonalParts {
    pub fn new(state: AppState) -> PersonalParts {
        PersonalParts {
            state,
            menus: Arc::default(),
            progress: Arc::default(),
        }
    }

    /// What goes in each of `slots` for a request with `headers`.
    pub async fn fills_for(&self, headers: &HeaderMap, slots: &[Slot]) -> Vec<Arc<str>> {
        let mut fills = Vec::with_capacity(slots.len());
        for slot in slots {
            fills.push(match slot {
                Slot::AccountMenu => self.menu_for(headers).await,
                Slot::Progress => self.progress_for(headers).await,
            });
        }
        fills
    }

    /// The menu for a request with `headers`: "Sign in" without a live session.
    pub async fn menu_for(&self, headers: &HeaderMap) -> Arc<str> {
        self.part(
            headers,
            &self.menus,
            signed_out(),
            |state, headers| async move {
                let account = account(&state, &headers)
                    .await
                    .map_err(|error| error.to_string())?;
                Ok(account_menu_html(account.as_ref()))
            },
        )
        .await
    }

    /// The progress panel for a request with `headers`: nothing without a live session.
    pub async fn progress_for(&self, headers: &HeaderMap) -> Arc<str> {
        self.part(
            headers,
            &self.progress,
            Arc::from(""),
            |state, headers| async move {
                let user = state
                    .accounts
                    .current_user(&headers)
                    .await
                    .map_err(|error| error.to_string())?;
                let Some(user) = user else {
                    return Ok(progress_panel_html(None));
                };
                let summary = state
                    .progress_of(&user)
                    .await
                    .map_err(|refusal| format!("{refusal:?}"))?;
                Ok(progress_panel_html(Some(&summary)))
            },
        )
        .await
    }

    /// One kind of part for the session of `headers`: kept in `recent` for `KEEP_SECONDS`, read
    /// with `read` otherwise; `anonymous` without a session or when it cannot be read.
    async fn part<F, Fut>(
        &self,
        headers: &HeaderMap,
        recent: &Mutex<Recent>,
        anonymous: Arc<str>,
        read: F,
    ) -> Arc<str>
    where
        F: FnOnce(AppState, HeaderMap) -> Fut,
        Fut: std::future::Future<Output = Result<String, String>>,
    {
        let Some(token) = session::token_from(headers) else {
            return anonymous;
        };
        let key = session::token_hash(&token);
        if let Some(part) = kept(recent, &key) {
            return part;
        }
        let part: Arc<str> = match read(self.state.clone(), headers.clone()).await {
            Ok(html) => html.into(),
            Err(error) => {
                // Not kept: the next page asks again.
                tracing::warn!(%error, "a reader's part of the page could not be read");
                return anonymous;
            }
        };
        let mut recent = recent.lock().expect("the personal parts lock");
        if recent.len() >= MAX_KEPT {
            recent.clear();
        }
        recent.insert(key, (Instant::now(), part.clone()));
        part
    }

    /// Forgets every kept part (after a change that may alter one).
    pub fn forget_all(&self) {
        self.menus.lock().expect("the personal parts lock").clear();
        self.progress
            .lock()
            .expect("the personal parts lock")
            .clear();
    }
}

fn kept(recent: &Mutex<Recent>, key: &str) -> Option<Arc<str>> {
    let recent = recent.lock().expect("the personal parts lock");
    recent
        .get(key)
        .filter(|(at, _)| at.elapsed() < Duration::from_secs(KEEP_SECONDS))
        .map(|(_, part)| part.clone())
}

async fn account(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<Option<HeaderAccount>, crate::storage::StorageError> {
    let Some(user) = state.accounts.current_user(headers).await? else {
        return Ok(None);
    };
    let live_classes = state
        .storage()
        .active_live_classes(user.id)
        .await?
        .into_iter()
        .map(|(id, name)| LiveClass { id, name })
        .collect();
    Ok(Some(HeaderAccount { user, live_classes }))
}

/// The menu of a reader not signed in ("Sign in"), the same for everyone.
pub fn signed_out() -> Arc<str> {
    static MENU: std::sync::OnceLock<Arc<str>> = std::sync::OnceLock::new();
    MENU.get_or_init(|| account_menu_html(None).into()).clone()
}

/// What a reader not signed in gets in each of `slots`.
pub fn anonymous_fills(slots: &[Slot]) -> Vec<Arc<str>> {
    slots
        .iter()
        .map(|slot| match slot {
            Slot::AccountMenu => signed_out(),
            Slot::Progress => Arc::from(progress_panel_html(None)),
        })
        .collect()
}

/// The middleware for pages rendered per request: fills the slots of an HTML page with the
/// parts of the person asking. Runs inside the compression layer, on the page as rendered.
pub async fn fill_personal_parts(
    State(parts): State<PersonalParts>,
    request: Request,
    next: Next,
) -> Response<Body> {
    if request.extensions().get::<KeepSlots>().is_some() {
        return next.run(request).await;
    }
    // The parts depend on the session cookie alone: keep that, not every header of every
    // request (static files and server functions pass here too).
    let mut cookies = HeaderMap::new();
    for value in request.headers().get_all(header::COOKIE) {
        cookies.append(header::COOKIE, value.clone());
    }
    let response = next.run(request).await;
    fill_slots(response, &parts, &cookies).await
}

/// `response` with the parts for a request with `headers` in its slots, when it is an
/// uncompressed HTML page with any.
pub async fn fill_slots(
    response: Response<Body>,
    parts: &PersonalParts,
    headers: &HeaderMap,
) -> Response<Body> {
    if !is_uncompressed_html(response.headers()) {
        return response;
    }
    let (mut head, body) = response.into_parts();
    let page = match read_page(body).await {
        Ok(page) => page,
        Err(unreadable) => return unreadable,
    };
    let body = match SlottedPage::split(&page) {
        Some(slotted) => {
            let fills = parts.fills_for(headers, &slotted.slots).await;
            Body::from(slotted.joined(&fills))
        }
        None => Body::from(page),
    };
    head.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(head, body)
}
