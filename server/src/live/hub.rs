//! The fan-out of a class's live state to every screen connected to this server.
//!
//! A change is written to storage first (one transaction that raises the version), then
//! published to this process's subscribers through a `watch` channel per class. A `watch`
//! channel keeps only the newest state, so a slow screen skips intermediate slides instead of
//! queueing them; every event carries the whole state with its version.

use std::collections::HashMap;
use std::sync::Mutex;

use app::live::LiveState;
use domain::ids::ClassId;
use tokio::sync::watch;

#[derive(Default)]
pub struct LiveHub {
    channels: Mutex<HashMap<ClassId, watch::Sender<LiveState>>>,
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
    pub fn shown_version(&self, class_id: ClassId) -> Option<i64> {
        let channels = self.channels.lock().expect("live hub lock");
        let sender = channels.get(&class_id)?;
        (sender.receiver_count() > 0).then(|| sender.borrow().version)
    }

    /// The classes that at least one screen on this server watches.
    pub fn watched_classes(&self) -> Vec<ClassId> {
        let channels = self.channels.lock().expect("live hub lock");
        channels
            .iter()
            .filter(|(_, sender)| sender.receiver_count() > 0)
            .map(|(class_id, _)| *class_id)
            .collect()
    }

    #[cfg(test)]
    pub fn subscriber_count(&self, class_id: ClassId) -> usize {
        self.channels
            .lock()
            .expect("live hub lock")
            .get(&class_id)
            .map_or(0, |s| s.receiver_count())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::live::LiveChange;

    #[tokio::test]
    async fn subscribers_get_the_newest_state_and_never_an_older_one() {
        let hub = LiveHub::default();
        let initial = LiveState::initial(ClassId(1), "welcome");
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
        assert_eq!(hub.subscriber_count(ClassId(1)), 2);
    }
}
