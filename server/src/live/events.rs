//! The server-sent-events stream each live screen listens on: the class's state now, then every
//! change, newest state wins.

use std::convert::Infallible;
use std::time::Duration;

use app::policy::Action;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::{Stream, StreamExt};
use tokio_stream::wrappers::WatchStream;

use crate::access::{authorize_in_class, signed_in};
use crate::http_error::HttpError;
use crate::state::AppState;
use domain::ids::ClassId;

/// `GET /classes/{id}/live/events`: the class's live state now, then at every change.
pub async fn live_events(
    State(backend): State<AppState>,
    headers: HeaderMap,
    Path(class_id): Path<ClassId>,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, HttpError> {
    let user = signed_in(&backend.accounts, &headers).await?;
    authorize_in_class(backend.storage(), &user, class_id, Action::ViewClass).await?;
    let current = backend
        .accounts
        .storage
        .live_state(class_id, backend.first_module())
        .await?;
    let receiver = backend.live.subscribe(current);
    let events = WatchStream::new(receiver).map(|state| {
        let data = serde_json::to_string(&state).expect("live state serializes");
        Ok(Event::default()
            .event("state")
            .id(state.version.to_string())
            .data(data))
    });
    Ok(Sse::new(events).keep_alive(KeepAlive::new().interval(Duration::from_secs(15))))
}
