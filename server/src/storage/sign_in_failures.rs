//! The log of counted attempts (failed sign-ins, sign-ups, wrong join codes) that the limits in
//! `accounts::rate_limit` read. Counting and reserving the next entry happen in one writing
//! transaction, so that parallel attempts are counted one after another.

use super::error::StorageError;
use super::pool::Storage;
use super::security_events::{record_in, SecurityEvent};

/// One counted attempt: when, and whether it is still in flight (reserved, not yet settled).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry {
    pub at_ms: i64,
    pub provisional: bool,
}

impl Storage {
    /// Reads the entries of each of `keys` within `window_ms` of now and asks `decide` (given them
    /// and now) for a wait; without one, reserves an entry now under each key, named `attempt`. All in one writing
    /// transaction (on PostgreSQL the keys are also locked, in a fixed order), so that two
    /// attempts never both see the count before the other's entry. Entries older than the window
    /// are forgotten on the way.
    pub async fn reserve_attempt(
        &self,
        keys: &[&str],
        window_ms: i64,
        attempt: &str,
        decide: impl FnOnce(&[Vec<Entry>], i64) -> Option<u64>,
    ) -> Result<Result<(), u64>, StorageError> {
        let mut tx = self.begin_write().await?;
        let mut ordered: Vec<&str> = keys.to_vec();
        ordered.sort_unstable();
        ordered.dedup();
        for key in &ordered {
            self.lock_key(&mut tx, key).await?;
        }
        // The time is taken once the keys are ours, so that an attempt that waited for the lock
        // is judged by the entries as they are now.
        let at_ms = super::clock::now_millis();
        let since_ms = at_ms - window_ms;
        let mut entries = Vec::with_capacity(keys.len());
        for key in keys {
            let rows: Vec<(i64, i64)> = sqlx::query_as(
                "SELECT failed_at_ms, CASE WHEN attempt IS NULL THEN 0 ELSE 1 END FROM sign_in_failures
                 WHERE key = $1 AND failed_at_ms > $2",
            )
            .bind(*key)
            .bind(since_ms)
            .fetch_all(&mut *tx)
            .await?;
            entries.push(
                rows.into_iter()
                    .map(|(at_ms, provisional)| Entry {
                        at_ms,
                        provisional: provisional == 1,
                    })
                    .collect(),
            );
        }
        if let Some(wait) = decide(&entries, at_ms) {
            tx.rollback().await?;
            return Ok(Err(wait));
        }
        for key in keys {
            sqlx::query(
                "INSERT INTO sign_in_failures (key, failed_at_ms, attempt) VALUES ($1, $2, $3)",
            )
            .bind(*key)
            .bind(at_ms)
            .bind(attempt)
            .execute(&mut *tx)
            .await?;
        }
        sqlx::query("DELETE FROM sign_in_failures WHERE failed_at_ms <= $1")
            .bind(since_ms)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(Ok(()))
    }

    /// A reserved attempt succeeded: removes its entries and every entry of `forget`, and writes
    /// `event`, in one transaction.
    pub async fn give_back_attempt(
        &self,
        attempt: &str,
        forget: &[&str],
        event: Option<&SecurityEvent>,
    ) -> Result<(), StorageError> {
        let mut tx = self.begin_write().await?;
        sqlx::query("DELETE FROM sign_in_failures WHERE attempt = $1")
            .bind(attempt)
            .execute(&mut *tx)
            .await?;
        for key in forget {
            sqlx::query("DELETE FROM sign_in_failures WHERE key = $1")
                .bind(*key)
                .execute(&mut *tx)
                .await?;
        }
        if let Some(event) = event {
            record_in(&mut tx, event).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// A reserved attempt counts (a wrong password, an account created): its entries stay, no
    /// longer provisional, and `event` is written beside them.
    pub async fn settle_attempt(
        &self,
        attempt: &str,
        event: Option<&SecurityEvent>,
    ) -> Result<(), StorageError> {
        let mut tx = self.begin_write().await?;
        sqlx::query("UPDATE sign_in_failures SET attempt = NULL WHERE attempt = $1")
            .bind(attempt)
            .execute(&mut *tx)
            .await?;
        if let Some(event) = event {
            record_in(&mut tx, event).await?;
        }
        tx.commit().await?;
        Ok(())
    }
}
