//! Attendance (issue 16): the minutes each learner was present in the live session (counted by
//! `record_presence`, one row per minute so that CPE hours can be cut to the teaching slots), and
//! the marks and notes an instructor adds per day.

use domain::ids::{ClassId, UserId};
use sqlx::Row;

use super::error::StorageError;
use super::pool::Storage;

/// An instructor's mark for one learner and day.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredMark {
    pub user_id: UserId,
    pub day: String,
    /// `present`, `absent` or `partial`.
    pub mark: String,
    pub note: String,
}

impl Storage {
    /// Sets (or replaces) an instructor's mark for a learner's day.
    pub async fn mark_attendance(
        &self,
        class_id: ClassId,
        mark: &StoredMark,
        by: UserId,
        now_ms: i64,
    ) -> Result<(), StorageError> {
        sqlx::query(
            "INSERT INTO attendance_marks (class_id, user_id, day, mark, note, marked_by, marked_ms)
             VALUES ($1, $2, $3, $4, $5, $6, $7)
             ON CONFLICT (class_id, user_id, day) DO UPDATE SET mark = excluded.mark,
                note = excluded.note, marked_by = excluded.marked_by, marked_ms = excluded.marked_ms",
        )
        .bind(class_id.get())
        .bind(mark.user_id.get())
        .bind(mark.day.as_str())
        .bind(mark.mark.as_str())
        .bind(mark.note.as_str())
        .bind(by.get())
        .bind(now_ms)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Removes an instructor's mark, so that the day counts from presence again.
    pub async fn clear_attendance_mark(
        &self,
        class_id: ClassId,
        user: UserId,
        day: &str,
    ) -> Result<(), StorageError> {
        sqlx::query(
            "DELETE FROM attendance_marks WHERE class_id = $1 AND user_id = $2 AND day = $3",
        )
        .bind(class_id.get())
        .bind(user.get())
        .bind(day)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Every mark of the class, or of one learner.
    pub async fn attendance_marks(
        &self,
        class_id: ClassId,
        only: Option<UserId>,
    ) -> Result<Vec<StoredMark>, StorageError> {
        let rows = sqlx::query(
            "SELECT user_id, day, mark, note FROM attendance_marks
             WHERE class_id = $1 AND ($2 = 0 OR user_id = $2) ORDER BY user_id, day",
        )
        .bind(class_id.get())
        .bind(only.map_or(0, UserId::get))
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|row| {
                Ok(StoredMark {
                    user_id: UserId(row.try_get("user_id")?),
                    day: row.try_get("day")?,
                    mark: row.try_get("mark")?,
                    note: row.try_get("note")?,
                })
            })
            .collect()
    }

    /// The minutes (since 1970) each learner was present, or one learner's, in time order.
    pub async fn presence_minutes(
        &self,
        class_id: ClassId,
        only: Option<UserId>,
    ) -> Result<Vec<(UserId, i64)>, StorageError> {
        let rows = sqlx::query(
            "SELECT user_id, minute FROM live_presence_minutes
             WHERE class_id = $1 AND ($2 = 0 OR user_id = $2) ORDER BY user_id, minute",
        )
        .bind(class_id.get())
        .bind(only.map_or(0, UserId::get))
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|row| Ok((UserId(row.try_get("user_id")?), row.try_get("minute")?)))
            .collect()
    }

    /// Counts the minute `now_ms` falls in as one `user` was present (a second tab or server
    /// counting the same minute changes nothing).
    pub async fn record_presence_minute(
        &self,
        class_id: ClassId,
        user: UserId,
        now_ms: i64,
    ) -> Result<(), StorageError> {
        sqlx::query(
            "INSERT INTO live_presence_minutes (class_id, user_id, minute) VALUES ($1, $2, $3)
             ON CONFLICT (class_id, user_id, minute) DO NOTHING",
        )
        .bind(class_id.get())
        .bind(user.get())
        .bind(now_ms.div_euclid(60_000))
        .execute(self.pool())
        .await?;
        Ok(())
    }
}
