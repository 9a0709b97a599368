//! Live sessions across several servers on one PostgreSQL database.
//!
//! Each server keeps its own `LiveHub` of connected screens. When an instructor changes a class's
//! live state on one server, the writing transaction also sends a PostgreSQL notification that
//! names the class and the new version, nothing more. Every server listens; a server with
//! screens on that class and an older version re-reads the state from the database and
//! publishes it to them. Because the notice carries no state, a listener can never show
//! something the database does not hold.
//!
//! Notifications are not stored: those sent while a listener is disconnected are lost. So after
//! every (re)connection, once it listens again, the follower re-reads every class this server
//! has screens for. Listening first and re-reading second leaves no gap.

use std::sync::Arc;
use std::time::Duration;

use sqlx::postgres::PgListener;

use super::hub::LiveHub;
use crate::storage::live::{parse_live_notice, LIVE_CHANNEL};
use crate::storage::Storage;
use domain::ids::ClassId;

/// Follows live-state changes made by other servers until the task is aborted.
pub async fn follow_other_servers(storage: Storage, hub: Arc<LiveHub>, first_module: String) {
    let mut delay = Duration::from_millis(100);
    loop {
        match listen(&storage).await {
            Ok(mut listener) => {
                delay = Duration::from_millis(100);
                catch_up(&storage, &hub, &first_module).await;
                tracing::info!("following live changes of other servers");
                loop {
                    match listener.try_recv().await {
                        Ok(Some(notice)) => {
                            if let Some((class_id, version)) = parse_live_notice(notice.payload()) {
                                refresh(&storage, &hub, &first_module, class_id, version).await;
                            }
                        }
                        Ok(None) => {
                            tracing::warn!("live listener lost its connection; reconnecting");
                            break;
                        }
                        Err(error) => {
                            tracing::warn!(%error, "live listener failed; reconnecting");
                            break;
                        }
                    }
                }
            }
            Err(error) => {
                tracing::warn!(%error, ?delay, "cannot listen for live changes; retrying");
            }
        }
        tokio::time::sleep(delay).await;
        delay = (delay * 2).min(Duration::from_secs(5));
    }
}

async fn listen(storage: &Storage) -> Result<PgListener, sqlx::Error> {
    let mut listener = PgListener::connect(storage.url()).await?;
    listener.listen(LIVE_CHANNEL).await?;
    Ok(listener)
}

/// Re-reads the state of one class if this server shows an older version of it.
async fn refresh(
    storage: &Storage,
    hub: &LiveHub,
    first_module: &str,
    class_id: ClassId,
    version: i64,
) {
    let Some(shown) = hub.shown_version(class_id) else {
        return; // Nobody here watches this class.
    };
    if shown >= version {
        return; // This server made the change itself, or already caught up.
    }
    match storage.live_state(class_id, first_module).await {
        Ok(state) => hub.publish(state),
        Err(error) => tracing::warn!(%error, %class_id, "cannot re-read a live state"),
    }
}

/// Re-reads every class this server has screens for.
async fn catch_up(storage: &Storage, hub: &LiveHub, first_module: &str) {
    for class_id in hub.watched_classes() {
        match storage.live_state(class_id, first_module).await {
            Ok(state) => hub.publish(state),
            Err(error) => tracing::warn!(%error, %class_id, "cannot re-read a live state"),
        }
    }
}
