//! Limits on failed sign-ins, per account and per network address, so that guessing passwords
//! is slow whichever of the two an attacker varies.
//!
//! Failures are kept in the database, not in memory, so that several servers behind a load
//! balancer share one count: an attacker gets the same five guesses however many servers there
//! are. The decision itself (`wait_seconds`) is a pure function of the failure times.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::storage::{Storage, StorageError};

#[derive(Clone, Copy, Debug)]
pub struct Limit {
    pub failures: usize,
    pub window: Duration,
}

/// Five failures per account and thirty per address in fifteen minutes.
pub const PER_ACCOUNT: Limit = Limit {
    failures: 5,
    window: Duration::from_secs(15 * 60),
};
pub const PER_ADDRESS: Limit = Limit {
    failures: 30,
    window: Duration::from_secs(15 * 60),
};

/// The longest window: failures older than this are never looked at again.
const LONGEST_WINDOW: Duration = PER_ACCOUNT.window;

/// Milliseconds since 1970, the unit failure times are stored in.
pub fn now_millis() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

/// How long a person must wait, given the times (ms) of a key's recent failures, or `None`.
pub fn wait_seconds(failures_ms: &[i64], limit: Limit, now_ms: i64) -> Option<u64> {
    let window_ms = limit.window.as_millis() as i64;
    let mut recent: Vec<i64> = failures_ms
        .iter()
        .copied()
        .filter(|t| now_ms - t < window_ms)
        .collect();
    if recent.len() < limit.failures {
        return None;
    }
    // The person may try again when enough failures have aged out of the window that fewer
    // than `limit.failures` remain.
    recent.sort_unstable();
    let releasing = recent[recent.len() - limit.failures];
    let remaining_ms = (releasing + window_ms - now_ms).max(0);
    Some(((remaining_ms + 999) / 1000).max(1) as u64)
}

/// The failure log in the database, shared by every server.
#[derive(Clone)]
pub struct LoginLimiter {
    storage: Storage,
}

impl LoginLimiter {
    pub fn new(storage: Storage) -> LoginLimiter {
        LoginLimiter { storage }
    }

    /// `Ok(Err(seconds))` when any key is over its limit: the person must wait that long.
    pub async fn check(
        &self,
        keys: &[(&str, Limit)],
        now_ms: i64,
    ) -> Result<Result<(), u64>, StorageError> {
        let mut wait = 0;
        for (key, limit) in keys {
            let since = now_ms - limit.window.as_millis() as i64;
            let times = self.storage.sign_in_failures(key, since).await?;
            wait = wait.max(wait_seconds(&times, *limit, now_ms).unwrap_or(0));
        }
        Ok(if wait > 0 { Err(wait) } else { Ok(()) })
    }

    pub async fn record_failure(&self, keys: &[&str], now_ms: i64) -> Result<(), StorageError> {
        let forget_before = now_ms - LONGEST_WINDOW.as_millis() as i64;
        self.storage
            .record_sign_in_failure(keys, now_ms, forget_before)
            .await
    }

    /// A successful sign-in forgets the account's failures (not the address's).
    pub async fn clear(&self, key: &str) -> Result<(), StorageError> {
        self.storage.clear_sign_in_failures(key).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINUTE: i64 = 60_000;

    #[test]
    fn blocks_at_the_limit_and_releases_when_failures_age_out() {
        let start = 1_000_000_000;
        let four = vec![start; 4];
        assert_eq!(wait_seconds(&four, PER_ACCOUNT, start), None);
        let five = vec![start; 5];
        assert_eq!(
            wait_seconds(&five, PER_ACCOUNT, start + MINUTE),
            Some(14 * 60)
        );
        assert_eq!(wait_seconds(&five, PER_ACCOUNT, start + 15 * MINUTE), None);
        // A wait never shows as zero seconds while the limit holds.
        assert_eq!(
            wait_seconds(&five, PER_ACCOUNT, start + 15 * MINUTE - 1),
            Some(1)
        );
    }

    #[test]
    fn the_wait_ends_when_enough_failures_have_aged_out() {
        // Six failures, a minute apart: the limit lifts when the second-oldest ages out.
        let failures: Vec<i64> = (0..6).map(|i| i * MINUTE).collect();
        let now = 6 * MINUTE;
        assert_eq!(wait_seconds(&failures, PER_ACCOUNT, now), Some(10 * 60));
    }

    #[tokio::test]
    async fn counts_are_shared_through_the_database() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}/db.sqlite", dir.path().display());
        let storage = Storage::open(&url).await.unwrap();
        // Two limiters on one database stand for two servers.
        let (one, two) = (
            LoginLimiter::new(storage.clone()),
            LoginLimiter::new(storage),
        );
        let now = now_millis();
        let keys = [
            ("account:ada", PER_ACCOUNT),
            ("address:1.2.3.4", PER_ADDRESS),
        ];
        for i in 0..5 {
            let limiter = if i % 2 == 0 { &one } else { &two };
            assert_eq!(
                limiter.check(&keys, now).await.unwrap(),
                Ok(()),
                "attempt {i}"
            );
            limiter
                .record_failure(&["account:ada", "address:1.2.3.4"], now)
                .await
                .unwrap();
        }
        assert!(one.check(&keys, now).await.unwrap().is_err());
        assert!(two.check(&keys, now).await.unwrap().is_err());
        two.clear("account:ada").await.unwrap();
        assert_eq!(one.check(&keys, now).await.unwrap(), Ok(()));
        // The address limit applies across accounts.
        for i in 0..30 {
            let account = format!("account:user{i}");
            one.record_failure(&[&account, "address:9.9.9.9"], now)
                .await
                .unwrap();
        }
        let fresh = [
            ("account:new", PER_ACCOUNT),
            ("address:9.9.9.9", PER_ADDRESS),
        ];
        assert!(two.check(&fresh, now).await.unwrap().is_err());
    }
}
