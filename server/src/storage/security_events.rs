//! The security log: one table of events, each written inside the transaction of the action it
//! records (so that an action and its record stand or fall together), and read back, filtered,
//! for the administrator's page and CSV.

use domain::ids::{ClassId, UserId};
use domain::security_log::{SecurityEventKind, SecurityEventView};
use sqlx::{Any, Row, Transaction};

use super::clock;
use super::error::StorageError;
use super::pool::Storage;

/// An event to record. Never holds a password or a token: the fields are people, a class, the
/// network address and a short detail written by the server.
#[derive(Clone, Debug)]
pub struct SecurityEvent {
    pub kind: SecurityEventKind,
    pub actor: Option<UserId>,
    pub subject: Option<UserId>,
    pub class: Option<ClassId>,
    pub address: String,
    pub detail: String,
}

impl SecurityEvent {
    pub fn new(kind: SecurityEventKind) -> SecurityEvent {
        SecurityEvent {
            kind,
            actor: None,
            subject: None,
            class: None,
            address: String::new(),
            detail: String::new(),
        }
    }

    pub fn by(mut self, actor: UserId) -> SecurityEvent {
        self.actor = Some(actor);
        self
    }

    pub fn about(mut self, subject: UserId) -> SecurityEvent {
        self.subject = Some(subject);
        self
    }

    pub fn in_class(mut self, class: ClassId) -> SecurityEvent {
        self.class = Some(class);
        self
    }

    pub fn from_address(mut self, address: impl ToString) -> SecurityEvent {
        self.address = address.to_string();
        self
    }

    pub fn detail(mut self, detail: impl Into<String>) -> SecurityEvent {
        self.detail = detail.into();
        self
    }
}

/// Which events the administrator asks for; empty fields match everything.
#[derive(Clone, Debug, Default)]
pub struct SecurityEventFilter {
    pub kind: Option<SecurityEventKind>,
    /// A username, matched against who acted and whom it concerned.
    pub person: Option<String>,
    pub class: Option<ClassId>,
    /// At most this many, newest first.
    pub limit: u32,
}

/// Writes `event` inside `tx`, the transaction of the action it records.
pub(super) async fn record_in(
    tx: &mut Transaction<'static, Any>,
    event: &SecurityEvent,
) -> Result<(), StorageError> {
    sqlx::query(
        "INSERT INTO security_events (at, kind, actor_id, subject_id, class_id, address, detail)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(clock::now())
    .bind(event.kind.as_str())
    .bind(event.actor.map(UserId::get))
    .bind(event.subject.map(UserId::get))
    .bind(event.class.map(ClassId::get))
    .bind(event.address.chars().take(64).collect::<String>())
    .bind(event.detail.chars().take(500).collect::<String>())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

impl Storage {
    /// Records an event that has no other write of its own (an export, a refused attempt).
    pub async fn record_security_event(&self, event: &SecurityEvent) -> Result<(), StorageError> {
        let mut tx = self.begin_write().await?;
        record_in(&mut tx, event).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The events matching `filter`, newest first, with people named by username.
    pub async fn security_events(
        &self,
        filter: &SecurityEventFilter,
    ) -> Result<Vec<SecurityEventView>, StorageError> {
        // The first page of what the export reads a page at a time.
        self.security_events_before(filter, None).await
    }
}

/// A security event as the log's page and its export read it.
pub(super) fn event_from_row(row: &sqlx::any::AnyRow) -> Result<SecurityEventView, StorageError> {
    Ok(SecurityEventView {
        id: row.try_get("id")?,
        at: row.try_get("at")?,
        kind: row.try_get("kind")?,
        actor: row.try_get("actor")?,
        subject: row.try_get("subject")?,
        class_id: row.try_get("class_id")?,
        address: row.try_get("address")?,
        detail: row.try_get("detail")?,
    })
}
