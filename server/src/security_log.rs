//! The security log for administrators: the page's data (`ClassesBackend::security_log`) and the
//! CSV export `GET /admin/security.csv`, both filtered the same way. The events themselves are
//! written by storage, in the transactions of the actions they record.

use app::api::classes::SecurityLogQuery;
use app::people::CurrentUser;
use app::policy::{Action, Refusal, Scope};
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use domain::ids::ClassId;
use domain::security_log::{SecurityEventKind, SecurityEventView};

use crate::access::{authorize, signed_in_for, unavailable};
use crate::exercises::export::{logged_csv, CsvRows, Stopped};
use crate::http_error::HttpError;
use crate::state::AppState;
use crate::storage::{SecurityEventFilter, Storage};

/// The page shows the newest 500 matching events; the CSV up to 100,000.
const PAGE_EVENTS: u32 = 500;
const CSV_EVENTS: u32 = 100_000;
/// How many events the CSV reads from the database at a time.
const EVENTS_PER_PAGE: u32 = 200;

pub fn routes() -> Router<AppState> {
    Router::new().route("/admin/security.csv", get(security_csv))
}

/// Reads the administrator's filter; a kind or class that means nothing is a clear 400.
fn filter_of(query: &SecurityLogQuery, limit: u32) -> Result<SecurityEventFilter, String> {
    let kind = match query.kind.trim() {
        "" => None,
        text => Some(
            SecurityEventKind::parse(text)
                .ok_or_else(|| format!("`{text}` is not a kind of security event."))?,
        ),
    };
    let class = match query.class.trim() {
        "" => None,
        text => Some(
            text.parse::<ClassId>()
                .map_err(|_| format!("`{text}` is not a class number."))?,
        ),
    };
    let person = query.person.trim();
    Ok(SecurityEventFilter {
        kind,
        person: (!person.is_empty()).then(|| person.chars().take(64).collect()),
        class,
        limit,
    })
}

/// The events for the administrator's page.
pub async fn events_for_page(
    storage: &Storage,
    user: &CurrentUser,
    query: &SecurityLogQuery,
) -> Result<Vec<SecurityEventView>, Refusal> {
    authorize(storage, user, Scope::Alone, Action::ManageAccounts).await?;
    let filter = filter_of(query, PAGE_EVENTS).map_err(Refusal::Invalid)?;
    storage.security_events(&filter).await.map_err(unavailable)
}

/// `GET /admin/security.csv?kind=&person=&class=`: the filtered log as CSV (administrators).
pub async fn security_csv(
    State(backend): State<AppState>,
    headers: HeaderMap,
    Query(query): Query<SecurityLogQuery>,
) -> Result<Response, HttpError> {
    let user = signed_in_for(
        &backend.accounts,
        &headers,
        Scope::Alone,
        Action::ManageAccounts,
    )
    .await?;
    let filter = filter_of(&query, CSV_EVENTS)
        .map_err(|message| HttpError::Refused(StatusCode::BAD_REQUEST, message))?;
    // The first page is read before the export is recorded, so that the file does not list its
    // own export (later pages only go further back), and so that a database that cannot answer
    // is a 503 before anything is sent.
    let first = backend
        .storage()
        .security_events_before(&page_of(&filter, filter.limit), None)
        .await?;
    let storage = backend.storage().clone();
    logged_csv(
        backend.storage(),
        user.id,
        None,
        "security-log.csv",
        &[
            "id", "at", "kind", "actor", "subject", "class", "address", "detail",
        ],
        move |rows| event_pages(rows, storage, filter, first),
    )
    .await
}

/// The filter for the next page of the CSV: the administrator's, asking for at most a page of
/// what is left of the CSV's limit.
fn page_of(filter: &SecurityEventFilter, left: u32) -> SecurityEventFilter {
    SecurityEventFilter {
        limit: left.min(EVENTS_PER_PAGE),
        ..filter.clone()
    }
}

/// The CSV's records, newest first: the first page, then page after page from the database,
/// each older than the last, until the matching events or the CSV's limit run out.
async fn event_pages(
    mut rows: CsvRows,
    storage: Storage,
    filter: SecurityEventFilter,
    mut page: Vec<SecurityEventView>,
) -> Result<CsvRows, Stopped> {
    let mut left = filter.limit;
    loop {
        let asked = left.min(EVENTS_PER_PAGE) as usize;
        for event in &page {
            rows.push(&[
                event.id.to_string(),
                event.at.clone(),
                event.kind.clone(),
                event.actor.clone().unwrap_or_default(),
                event.subject.clone().unwrap_or_default(),
                event.class_id.map(|c| c.to_string()).unwrap_or_default(),
                event.address.clone(),
                event.detail.clone(),
            ])
            .await?;
        }
        left = left.saturating_sub(page.len() as u32);
        let Some(oldest) = page.last().map(|event| event.id) else {
            return Ok(rows);
        };
        // A page shorter than asked for was the last of the matching events.
        if page.len() < asked || left == 0 {
            return Ok(rows);
        }
        page = storage
            .security_events_before(&page_of(&filter, left), Some(oldest))
            .await?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_are_read_or_refused_in_words() {
        let query = SecurityLogQuery {
            kind: "password-reset".into(),
            person: " ada ".into(),
            class: "7".into(),
        };
        let filter = filter_of(&query, 10).unwrap();
        assert_eq!(filter.kind, Some(SecurityEventKind::PasswordReset));
        assert_eq!(filter.person.as_deref(), Some("ada"));
        assert_eq!(filter.class, Some(ClassId(7)));
        let bad = SecurityLogQuery {
            kind: "passwords".into(),
            ..SecurityLogQuery::default()
        };
        assert!(filter_of(&bad, 10).unwrap_err().contains("passwords"));
        let bad = SecurityLogQuery {
            class: "x".into(),
            ..SecurityLogQuery::default()
        };
        assert!(filter_of(&bad, 10).is_err());
    }
}
