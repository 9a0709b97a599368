//! Limits on guessing: failed sign-ins, sign-ups and wrong join codes, counted per network
//! address and (for sign-ins) per account at that address.
//!
//! The counts are kept in the database, not in memory, so that several servers behind a load
//! balancer share them. Checking a count and reserving the next entry is one writing transaction
//! (`Storage::reserve_attempt`): forty guesses sent at once are counted one after another, and
//! only the first few reach the slow password check. A correct password gives its reservation
//! back. The decisions themselves are pure functions of the entry times, tested below.
//!
//! Sign-ins get growing delays rather than a lockout of the account: an account's failures slow
//! down only the network they come from, so an attacker cannot lock a person out, and the person's
//! correct password from their own network still gets in. A network that fails against many
//! accounts meets a hard limit of its own.

use std::time::Duration;

use argon2::password_hash::rand_core::{OsRng, RngCore};

use crate::client_address::Network;
use crate::storage::{Entry, SecurityEvent, Storage, StorageError};

/// How a key's recent entries turn into a wait.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rule {
    /// At most `entries` settled in `window`; then wait until enough have aged out. Attempts
    /// still in flight do not count toward it (forty people behind one school router signing in
    /// at once are not forty failures), but more than `IN_FLIGHT` of them at once wait a second,
    /// so that parallelism cannot slip past the limit either.
    Window { entries: usize, window: Duration },
    /// `free` entries in `window` cost nothing; each further one doubles the wait after the latest
    /// entry, starting at one second, never longer than `longest`.
    GrowingDelay {
        free: usize,
        window: Duration,
        longest: Duration,
    },
}

impl Rule {
    fn window(self) -> Duration {
        match self {
            Rule::Window { window, .. } | Rule::GrowingDelay { window, .. } => window,
        }
    }
}

const FIFTEEN_MINUTES: Duration = Duration::from_secs(15 * 60);

/// Failed sign-ins for one account from one network: three free, then 1 s, 2 s, 4 s, … up to
/// fifteen minutes between tries.
pub const PER_ACCOUNT_AT_NETWORK: Rule = Rule::GrowingDelay {
    free: 3,
    window: FIFTEEN_MINUTES,
    longest: FIFTEEN_MINUTES,
};
/// Failed sign-ins from one network, whatever the account: thirty in fifteen minutes.
pub const PER_NETWORK: Rule = Rule::Window {
    entries: 30,
    window: FIFTEEN_MINUTES,
};
/// Accounts created from one network: `per_hour` in an hour (`SIGN_UPS_PER_HOUR`).
pub fn sign_ups_per_network(per_hour: usize) -> Rule {
    Rule::Window {
        entries: per_hour,
        window: Duration::from_secs(3600),
    }
}
/// Wrong join codes: ten per person and thirty per network in fifteen minutes.
pub const WRONG_CODES_PER_PERSON: Rule = Rule::Window {
    entries: 10,
    window: FIFTEEN_MINUTES,
};
pub const WRONG_CODES_PER_NETWORK: Rule = Rule::Window {
    entries: 30,
    window: FIFTEEN_MINUTES,
};

/// Attempts of one key that may be in flight at once under a `Window` rule.
pub const IN_FLIGHT: usize = 64;

/// The longest window of any rule: entries older than this are never looked at again.
pub const LONGEST_WINDOW: Duration = Duration::from_secs(3600);

/// How long to wait (whole seconds, at least one) before the next try, given a key's entries,
/// or `None` when the try may go ahead now.
pub fn wait_seconds(entries: &[Entry], rule: Rule, now_ms: i64) -> Option<u64> {
    let window_ms = rule.window().as_millis() as i64;
    let in_window = entries.iter().filter(|e| now_ms - e.at_ms < window_ms);
    let remaining_ms = match rule {
        Rule::Window { entries: limit, .. } => {
            if in_window.clone().filter(|e| e.provisional).count() >= IN_FLIGHT {
                return Some(1);
            }
            let mut recent: Vec<i64> = in_window
                .filter(|e| !e.provisional)
                .map(|e| e.at_ms)
                .collect();
            recent.sort_unstable();
            if recent.len() < limit {
                return None;
            }
            let entries = limit;
            // The next try is allowed when enough entries have aged out that fewer than
            // `entries` remain.
            recent[recent.len() - entries] + window_ms - now_ms
        }
        Rule::GrowingDelay { free, longest, .. } => {
            let mut recent: Vec<i64> = in_window.map(|e| e.at_ms).collect();
            recent.sort_unstable();
            if recent.len() < free {
                return None;
            }
            let doublings = (recent.len() - free).min(30) as u32;
            let delay_ms = (1000_i64 << doublings).min(longest.as_millis() as i64);
            let latest = *recent.last().expect("at least `free` entries");
            latest + delay_ms - now_ms
        }
    };
    (remaining_ms > 0).then(|| ((remaining_ms + 999) / 1000).max(1) as u64)
}

/// The longest wait any key asks for, given each key's entries.
pub fn longest_wait(keys: &[(String, Rule)], entries: &[Vec<Entry>], now_ms: i64) -> Option<u64> {
    keys.iter()
        .zip(entries)
        .filter_map(|((_, rule), times)| wait_seconds(times, *rule, now_ms))
        .max()
}

/// One try that has passed the limits and holds its reserved entries until it is settled.
pub struct Reservation {
    pub attempt: String,
    /// The keys whose entries a success forgets.
    pub forget_on_success: Vec<String>,
}

/// The keys a sign-in for `username` from `network` counts against.
pub fn sign_in_keys(username: &str, network: &Network) -> Vec<(String, Rule)> {
    let account = username.trim().to_lowercase();
    vec![
        (
            format!("sign-in:{account}@{network}"),
            PER_ACCOUNT_AT_NETWORK,
        ),
        (format!("sign-in-network:{network}"), PER_NETWORK),
    ]
}

/// The limits in the database, shared by every server.
#[derive(Clone)]
pub struct Limiter {
    storage: Storage,
}

impl Limiter {
    pub fn new(storage: Storage) -> Limiter {
        Limiter { storage }
    }

    /// Counts `keys` and, unless one says wait, reserves an entry under each in the same
    /// transaction. `Ok(Err(seconds))` when the person must wait.
    pub async fn reserve(
        &self,
        keys: &[(String, Rule)],
        forget_on_success: &[&str],
    ) -> Result<Result<Reservation, u64>, StorageError> {
        let attempt = new_attempt_id();
        let names: Vec<&str> = keys.iter().map(|(key, _)| key.as_str()).collect();
        let window = LONGEST_WINDOW.as_millis() as i64;
        let outcome = self
            .storage
            .reserve_attempt(&names, window, &attempt, |entries, now| {
                longest_wait(keys, entries, now)
            })
            .await?;
        Ok(outcome.map(|()| Reservation {
            attempt,
            forget_on_success: forget_on_success.iter().map(|k| k.to_string()).collect(),
        }))
    }

    /// The try succeeded: its entries are given back (and the keys of `forget_on_success`
    /// forgotten), with `event` written in the same transaction.
    pub async fn succeeded(
        &self,
        reservation: Reservation,
        event: Option<&SecurityEvent>,
    ) -> Result<(), StorageError> {
        let forget: Vec<&str> = reservation
            .forget_on_success
            .iter()
            .map(String::as_str)
            .collect();
        self.storage
            .give_back_attempt(&reservation.attempt, &forget, event)
            .await
    }

    /// The try failed (or counts anyway): its entries stay, with `event` written beside them.
    pub async fn counted(
        &self,
        reservation: Reservation,
        event: Option<&SecurityEvent>,
    ) -> Result<(), StorageError> {
        self.storage
            .settle_attempt(&reservation.attempt, event)
            .await
    }
}

fn new_attempt_id() -> String {
    let mut bytes = [0u8; 16];
    OsRng.fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECOND: i64 = 1000;
    const MINUTE: i64 = 60 * SECOND;
    const START: i64 = 1_000_000_000;

    fn settled(n: usize, at_ms: i64) -> Vec<Entry> {
        vec![
            Entry {
                at_ms,
                provisional: false
            };
            n
        ]
    }

    #[test]
    fn a_window_blocks_at_its_limit_and_releases_as_entries_age_out() {
        let twenty_nine = settled(29, START);
        assert_eq!(wait_seconds(&twenty_nine, PER_NETWORK, START), None);
        let thirty = settled(30, START);
        assert_eq!(
            wait_seconds(&thirty, PER_NETWORK, START + MINUTE),
            Some(14 * 60)
        );
        assert_eq!(
            wait_seconds(&thirty, PER_NETWORK, START + 15 * MINUTE),
            None
        );
        // A wait never shows as zero seconds while the limit holds.
        assert_eq!(
            wait_seconds(&thirty, PER_NETWORK, START + 15 * MINUTE - 1),
            Some(1)
        );
    }

    #[test]
    fn sign_in_delays_grow_after_three_failures_and_are_capped() {
        let rule = PER_ACCOUNT_AT_NETWORK;
        assert_eq!(wait_seconds(&settled(2, START), rule, START), None);
        assert_eq!(wait_seconds(&settled(3, START), rule, START), Some(1));
        assert_eq!(wait_seconds(&settled(3, START), rule, START + SECOND), None);
        assert_eq!(wait_seconds(&settled(4, START), rule, START), Some(2));
        assert_eq!(wait_seconds(&settled(6, START), rule, START), Some(8));
        assert_eq!(
            wait_seconds(&settled(60, START), rule, START),
            Some(15 * 60)
        );
        // Failures older than the window no longer count.
        assert_eq!(
            wait_seconds(&settled(60, START), rule, START + 15 * MINUTE),
            None
        );
    }

    #[test]
    fn the_longest_wait_of_all_keys_decides() {
        let keys = sign_in_keys("Ada", &Network::parse_for_test("10.0.0.1"));
        assert_eq!(keys[0].0, "sign-in:ada@10.0.0.1");
        let entries = vec![settled(4, START), settled(30, START)];
        assert_eq!(longest_wait(&keys, &entries, START + MINUTE), Some(14 * 60));
        let entries = vec![vec![], vec![]];
        assert_eq!(longest_wait(&keys, &entries, START), None);
    }

    #[test]
    fn attempts_in_flight_count_for_one_account_but_only_in_bulk_for_a_network() {
        let in_flight = vec![
            Entry {
                at_ms: START,
                provisional: true
            };
            40
        ];
        // Forty people behind one router signing in at once are not forty failures.
        assert_eq!(wait_seconds(&in_flight, PER_NETWORK, START), None);
        // More than IN_FLIGHT at once wait a second.
        let flood = vec![
            Entry {
                at_ms: START,
                provisional: true
            };
            IN_FLIGHT
        ];
        assert_eq!(wait_seconds(&flood, PER_NETWORK, START), Some(1));
        // Guesses at one account in flight count at once: that is what stops parallel guessing.
        let guesses = vec![
            Entry {
                at_ms: START,
                provisional: true
            };
            3
        ];
        assert_eq!(
            wait_seconds(&guesses, PER_ACCOUNT_AT_NETWORK, START),
            Some(1)
        );
    }

    #[tokio::test]
    async fn reservations_are_shared_through_the_database() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}/db.sqlite", dir.path().display());
        let storage = Storage::open(&url).await.unwrap();
        // Two limiters on one database stand for two servers.
        let (one, two) = (Limiter::new(storage.clone()), Limiter::new(storage));
        let keys = sign_in_keys("ada", &Network::parse_for_test("1.2.3.4"));
        for i in 0..3 {
            let limiter = if i % 2 == 0 { &one } else { &two };
            let reservation = limiter.reserve(&keys, &[]).await.unwrap();
            limiter.counted(reservation.unwrap(), None).await.unwrap();
        }
        assert!(one.reserve(&keys, &[]).await.unwrap().is_err());
        assert!(two.reserve(&keys, &[]).await.unwrap().is_err());
        // Another network is not slowed down by this one's failures.
        let elsewhere = sign_in_keys("ada", &Network::parse_for_test("5.6.7.8"));
        let reservation = two.reserve(&elsewhere, &[&elsewhere[0].0]).await.unwrap();
        two.succeeded(reservation.unwrap(), None).await.unwrap();
        assert!(one.reserve(&elsewhere, &[]).await.unwrap().is_ok());
    }
}
