//! All SQL lives here. The rest of the server asks this module for what it needs in domain terms
//! and never sees a query.
//!
//! One set of queries serves both databases through sqlx's `Any` driver: placeholders are
//! written `$1, $2, …` (which SQLite accepts too), times are bound as text from `clock`, and
//! the few differences (how a writing transaction starts, how a class is locked, how a change
//! is announced) are methods of `pool.rs` that look at the engine.
//!
//! SQLite is opened in WAL mode with `synchronous=FULL`, so that a write acknowledged to a user is
//! on disk even if the machine loses power, with a busy timeout so that concurrent writers wait
//! instead of failing, and every writing transaction starts with `BEGIN IMMEDIATE`, which takes
//! the write lock up front (a deferred transaction that reads first and writes later can fail
//! with SQLITE_BUSY half-way).
//!
//! PostgreSQL runs at its default isolation (read committed); the one read-modify-write that
//! two servers could race on, a class's live state, is serialized with a transaction-level
//! advisory lock on the class.

mod accounts;
mod appraisals;
pub mod attendance;
mod certificates;
mod class_members;
mod classes;
pub mod clock;
mod error;
mod exercises;
mod exports;
mod group_commit;
pub mod live;
mod live_checks;
pub mod live_record;
pub mod live_room;
pub mod offerings;
pub mod plans;
mod pool;
mod progress;
mod queued;
mod security_events;
mod sign_in_failures;
mod signing_keys;
mod submissions;
mod teams;
mod withholding;

pub use accounts::AccountRecord;
pub use classes::{JoinOutcome, NewClass};
pub use error::{Engine, StorageError};
pub use exercises::{StoredGrade, StoredSubmission, SubmitOutcome};
pub use pool::Storage;
pub use security_events::{SecurityEvent, SecurityEventFilter};
pub use sign_in_failures::Entry;
pub use teams::{StoredTeam, TeamState};
