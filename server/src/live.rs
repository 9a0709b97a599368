//! Live sessions: the fan-out of a class's live state to every connected screen, and the
//! server-sent-events stream each screen listens on.
//!
//! A change is written to storage first (one transaction that raises the version), then
//! published to this process's subscribers through a `watch` channel per class. A `watch`
//! channel keeps only the newest state, so a slow screen skips intermediate slides instead of
//! queueing them; every event carries the whole state with its version.

use std::collections::HashMap;
use std::convert::Infallible;
use std::sync::Mutex;
use std::time::Duration;

use app::authz::Action;
use app::live::LiveState;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::{Stream, StreamExt};
use tokio::sync::watch;
use tokio_stream::wrappers::WatchStream;

use crate::backend::ServerBackend;
use crate::classes::{authorize, signed_in};
use crate::http_error::HttpError;

#[derive(Default)]
pub struct LiveHub {
    channels: Mutex<HashMap<i64, watch::Sender<LiveState>>>,
}

impl LiveHub {
    /// A receiver of the class's states, starting from `current` (or a newer one already here).
    pub fn subscribe(&self, current: LiveState) -> watch::Receiver<LiveState> {
        let mut channels = self.channels.lock().expect("live hub lock");
        let sender = channels
            .entry(current.class_id)
            .or_insert_with(|| watch::channel(current.clone()).0);
        sender.send_if_modified(|shown| {
            let newer = current.version > shown.version;
            if newer {
                *shown = current.clone();
            }
            newer
        });
        sender.subscribe()
    }

    /// Tells every subscriber of the class about `state`, unless they already have a newer one.
    pub fn publish(&self, state: LiveState) {
        let mut channels = self.channels.lock().expect("live hub lock");
        // Channels nobody listens to any more are dropped as changes come in.
        channels.retain(|_, sender| sender.receiver_count() > 0);
        if let Some(sender) = channels.get(&state.class_id) {
            sender.send_if_modified(|shown| {
                let newer = state.version > shown.version;
                if newer {
                    *shown = state.clone();
                }
                newer
            });
        }
    }

    /// The version this server's screens of a class have, if any screen watches it.
    pub fn shown_version(&self, class_id: i64) -> Option<i64> {
        let channels = self.channels.lock().expect("live hub lock");
        let sender = channels.get(&class_id)?;
        (sender.receiver_count() > 0).then(|| sender.borrow().version)
    }

    /// The classes that at least one screen on this server watches.
    pub fn watched_classes(&self) -> Vec<i64> {
        let channels = self.channels.lock().expect("live hub lock");
        channels
            .iter()
            .filter(|(_, sender)| sender.receiver_count() > 0)
            .map(|(class_id, _)| *class_id)
            .collect()
    }

    #[cfg(test)]
    pub fn subscriber_count(&self, class_id: i64) -> usize {
        self.channels
            .lock()
            .expect("live hub lock")
            .get(&class_id)
            .map_or(0, |s| s.receiver_count())
    }
}

/// `GET /classes/{id}/live/events`: the class's live state now, then at every change.
pub async fn live_events(
    State(backend): State<ServerBackend>,
    headers: HeaderMap,
    Path(class_id): Path<i64>,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, HttpError> {
    let user = signed_in(&backend.accounts, &headers).await?;
    authorize(&backend.accounts, &user, Some(class_id), Action::ViewClass).await?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use app::live::LiveChange;

    #[tokio::test]
    async fn subscribers_get_the_newest_state_and_never_an_older_one() {
        let hub = LiveHub::default();
        let initial = LiveState::initial(1, "welcome");
        let mut first = hub.subscribe(initial.clone());
        let v1 = initial.apply(&LiveChange::Start {
            module_id: String::new(),
        });
        let v2 = v1.apply(&LiveChange::GoTo {
            module_id: "welcome".into(),
            slide: 2,
        });
        hub.publish(v2.clone());
        hub.publish(v1.clone()); // arrives late: ignored
        first.changed().await.unwrap();
        assert_eq!(first.borrow_and_update().version, 2);
        // A late joiner starts at the current state.
        let late = hub.subscribe(initial);
        assert_eq!(late.borrow().slide, 2);
        assert_eq!(hub.subscriber_count(1), 2);
    }
}
