//! The record of a class's live sessions: the timeline (written in the same transaction as the
//! change it records), the quick checks run, and each learner's minutes present per day.

use domain::ids::{ClassId, UserId};
use domain::live::LiveCheck;
use domain::quick_check::QuickCheck;
use sqlx::{Any, Row, Transaction};

use super::error::StorageError;
use super::pool::Storage;

/// Less than this after a counted minute, another is not counted (most of a minute, so that a
/// tick that comes a little early still counts).
const MIN_GAP_MS: i64 = 50_000;

/// A check opened in a session, as its timeline row keeps it.
pub struct OpenedCheck {
    pub run: i64,
    pub at_ms: i64,
    pub check: QuickCheck,
}

/// One learner's presence on one day: (user, display name, username, UTC date, minutes); the
/// date and minutes are `None` for a learner never present.
pub type PresenceRow = (UserId, String, String, Option<String>, u32);

impl Storage {
    /// Adds a line to the class's timeline, inside the transaction of the change it records. An
    /// opened check keeps its run and text in `data`, so that its answers can be tallied later.
    pub(super) async fn record_timeline(
        tx: &mut Transaction<'static, Any>,
        class_id: ClassId,
        kind: &str,
        detail: &str,
        opened: Option<&LiveCheck>,
        at_ms: i64,
    ) -> Result<(), StorageError> {
        let data = opened
            .map(|check| serde_json::json!({ "run": check.run, "check": check.check }).to_string());
        sqlx::query(
            "INSERT INTO live_timeline (class_id, at_ms, kind, detail, data) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(class_id.get())
        .bind(at_ms)
        .bind(kind)
        .bind(detail)
        .bind(data)
        .execute(&mut **tx)
        .await?;
        Ok(())
    }

    /// The class's timeline, oldest first: (when, kind, what).
    pub async fn timeline(
        &self,
        class_id: ClassId,
    ) -> Result<Vec<(i64, String, String)>, StorageError> {
        let rows = sqlx::query(
            "SELECT at_ms, kind, detail FROM live_timeline WHERE class_id = $1 ORDER BY id",
        )
        .bind(class_id.get())
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|row| {
                Ok((
                    row.try_get("at_ms")?,
                    row.try_get("kind")?,
                    row.try_get("detail")?,
                ))
            })
            .collect()
    }

    /// The quick checks opened in the class's sessions, oldest first.
    pub async fn opened_checks(&self, class_id: ClassId) -> Result<Vec<OpenedCheck>, StorageError> {
        let rows = sqlx::query(
            "SELECT at_ms, data FROM live_timeline WHERE class_id = $1 AND kind = 'check-open' ORDER BY id",
        )
        .bind(class_id.get())
        .fetch_all(self.pool())
        .await?;
        let mut opened = Vec::with_capacity(rows.len());
        for row in &rows {
            let Some(data) = row.try_get::<Option<String>, _>("data")? else {
                continue;
            };
            let value: serde_json::Value = serde_json::from_str(&data)
                .map_err(|error| StorageError::Corrupt(format!("a timeline's check: {error}")))?;
            let check = serde_json::from_value(value["check"].clone())
                .map_err(|error| StorageError::Corrupt(format!("a timeline's check: {error}")))?;
            opened.push(OpenedCheck {
                run: value["run"].as_i64().unwrap_or_default(),
                at_ms: row.try_get("at_ms")?,
                check,
            });
        }
        Ok(opened)
    }

    /// Counts one more minute of `user`'s presence in the class's live session on `day`, unless
    /// one was counted less than `MIN_GAP_MS` ago (the same learner's other tab or server).
    pub async fn record_presence(
        &self,
        class_id: ClassId,
        user: UserId,
        day: &str,
        now_ms: i64,
    ) -> Result<(), StorageError> {
        sqlx::query(
            "INSERT INTO live_presence (class_id, user_id, day, minutes, first_ms, last_ms)
             VALUES ($1, $2, $3, 1, $4, $4)
             ON CONFLICT (class_id, user_id, day) DO UPDATE
               SET minutes = live_presence.minutes + 1, last_ms = excluded.last_ms
               WHERE live_presence.last_ms <= excluded.last_ms - $5",
        )
        .bind(class_id.get())
        .bind(user.get())
        .bind(day)
        .bind(now_ms)
        .bind(MIN_GAP_MS)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Every current learner of the class with their minutes present per day (a learner never
    /// present has one row without a day), by name then day.
    pub async fn presence(&self, class_id: ClassId) -> Result<Vec<PresenceRow>, StorageError> {
        let rows = sqlx::query(
            "SELECT u.id, u.display_name, u.username, p.day, p.minutes
             FROM class_members m JOIN users u ON u.id = m.user_id
             LEFT JOIN live_presence p ON p.class_id = m.class_id AND p.user_id = m.user_id
             WHERE m.class_id = $1 AND m.role = 'learner'
             ORDER BY lower(u.display_name), u.id, p.day",
        )
        .bind(class_id.get())
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|row| {
                Ok((
                    UserId(row.try_get("id")?),
                    row.try_get("display_name")?,
                    row.try_get("username")?,
                    row.try_get("day")?,
                    row.try_get::<Option<i64>, _>("minutes")?.unwrap_or(0) as u32,
                ))
            })
            .collect()
    }
}
