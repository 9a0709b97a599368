//! Limits on failed sign-ins, per account and per network address, so that guessing passwords
//! is slow whichever of the two an attacker varies. Counts live in memory: a server restart
//! forgets them, which only ever makes the limit less strict, never blocks anyone wrongly.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

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

/// Remembers this many keys at most; the oldest are dropped first. Bounds memory under a flood of
/// made-up usernames.
const MAX_KEYS: usize = 100_000;

#[derive(Default)]
pub struct LoginLimiter {
    failures: Mutex<HashMap<String, VecDeque<Instant>>>,
}

impl LoginLimiter {
    /// `Err(seconds)` when any key is over its limit: the person must wait that long.
    pub fn check(&self, keys: &[(&str, Limit)], now: Instant) -> Result<(), u64> {
        let mut failures = self.failures.lock().expect("limiter lock");
        let mut wait = 0u64;
        for (key, limit) in keys {
            if let Some(times) = failures.get_mut(*key) {
                while times
                    .front()
                    .is_some_and(|t| now.duration_since(*t) >= limit.window)
                {
                    times.pop_front();
                }
                if times.len() >= limit.failures {
                    let oldest = *times.front().expect("non-empty");
                    let remaining = limit.window.saturating_sub(now.duration_since(oldest));
                    wait = wait.max(remaining.as_secs().max(1));
                }
            }
        }
        if wait > 0 {
            Err(wait)
        } else {
            Ok(())
        }
    }

    pub fn record_failure(&self, keys: &[&str], now: Instant) {
        let mut failures = self.failures.lock().expect("limiter lock");
        if failures.len() >= MAX_KEYS {
            failures.clear();
        }
        for key in keys {
            failures
                .entry((*key).to_string())
                .or_default()
                .push_back(now);
        }
    }

    /// A successful sign-in forgets the account's failures (not the address's).
    pub fn clear(&self, key: &str) {
        self.failures.lock().expect("limiter lock").remove(key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_after_the_limit_and_releases_after_the_window() {
        let limiter = LoginLimiter::default();
        let start = Instant::now();
        let keys = [
            ("account:ada", PER_ACCOUNT),
            ("address:1.2.3.4", PER_ADDRESS),
        ];
        for i in 0..5 {
            assert!(limiter.check(&keys, start).is_ok(), "attempt {i}");
            limiter.record_failure(&["account:ada", "address:1.2.3.4"], start);
        }
        let wait = limiter
            .check(&keys, start + Duration::from_secs(60))
            .unwrap_err();
        assert_eq!(wait, 14 * 60);
        assert!(limiter.check(&keys, start + PER_ACCOUNT.window).is_ok());
        limiter.clear("account:ada");
        assert!(limiter.check(&keys, start).is_ok());
    }

    #[test]
    fn the_address_limit_applies_across_accounts() {
        let limiter = LoginLimiter::default();
        let now = Instant::now();
        for i in 0..30 {
            let account = format!("account:user{i}");
            limiter.record_failure(&[&account, "address:9.9.9.9"], now);
        }
        assert!(limiter
            .check(
                &[
                    ("account:new", PER_ACCOUNT),
                    ("address:9.9.9.9", PER_ADDRESS)
                ],
                now
            )
            .is_err());
    }
}
