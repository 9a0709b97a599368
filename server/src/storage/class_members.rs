//! Who is in a class besides the learners who join by code: learners removed (and kept out until
//! re-admitted), co-instructors, and how many of a learner's classes an instructor does not teach
//! (for password resets). Each change is logged in its own transaction's security event.

use sqlx::Row;

use domain::ids::{ClassId, UserId};

use super::error::StorageError;
use super::pool::Storage;
use super::security_events::{record_in, SecurityEvent};

impl Storage {
    /// Removes a learner (never an instructor) from a class and keeps them from rejoining with
    /// the code until re-admitted; logs `event` with it. Returns whether someone was removed.
    pub async fn remove_learner(
        &self,
        class_id: ClassId,
        user_id: UserId,
        event: &SecurityEvent,
    ) -> Result<bool, StorageError> {
        let mut tx = self.begin_write().await?;
        let removed = sqlx::query(
            "DELETE FROM class_members WHERE class_id = $1 AND user_id = $2 AND role = 'learner'",
        )
        .bind(class_id.get())
        .bind(user_id.get())
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if removed == 0 {
            return Ok(false);
        }
        // Off the class, off its appraisal team: a learner who is re-admitted starts without
        // one, and the team's page no longer lists them.
        sqlx::query("DELETE FROM appraisal_team_members WHERE class_id = $1 AND user_id = $2")
            .bind(class_id.get())
            .bind(user_id.get())
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO class_removals (class_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
        )
        .bind(class_id.get())
        .bind(user_id.get())
        .execute(&mut *tx)
        .await?;
        record_in(&mut tx, event).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// The people removed from a class who have not been re-admitted: (id, display name).
    pub async fn removed_learners(
        &self,
        class_id: ClassId,
    ) -> Result<Vec<(UserId, String)>, StorageError> {
        let rows = sqlx::query(
            "SELECT u.id, u.display_name FROM class_removals r JOIN users u ON u.id = r.user_id
             WHERE r.class_id = $1 ORDER BY lower(u.display_name)",
        )
        .bind(class_id.get())
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|row| Ok((UserId(row.try_get("id")?), row.try_get("display_name")?)))
            .collect()
    }

    /// Lets a removed learner join again with the code. Returns whether they had been removed.
    pub async fn readmit_learner(
        &self,
        class_id: ClassId,
        user_id: UserId,
        event: &SecurityEvent,
    ) -> Result<bool, StorageError> {
        self.delete_one_logged(
            "DELETE FROM class_removals WHERE class_id = $1 AND user_id = $2",
            class_id,
            user_id,
            event,
        )
        .await
    }

    /// Makes an instructor account an instructor of the class (a learner membership becomes an
    /// instructor's). `Ok(false)` when the account is not an instructor's.
    pub async fn add_co_instructor(
        &self,
        class_id: ClassId,
        user_id: UserId,
        event: &SecurityEvent,
    ) -> Result<bool, StorageError> {
        let mut tx = self.begin_write().await?;
        let role: Option<String> = sqlx::query_scalar("SELECT role FROM users WHERE id = $1")
            .bind(user_id.get())
            .fetch_optional(&mut *tx)
            .await?;
        if role.as_deref() != Some("instructor") {
            return Ok(false);
        }
        sqlx::query(
            "INSERT INTO class_members (class_id, user_id, role) VALUES ($1, $2, 'instructor')
             ON CONFLICT (class_id, user_id) DO UPDATE SET role = 'instructor'",
        )
        .bind(class_id.get())
        .bind(user_id.get())
        .execute(&mut *tx)
        .await?;
        record_in(&mut tx, event).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Removes an instructor who is not the one who opened the class. Returns whether someone
    /// was removed.
    pub async fn remove_co_instructor(
        &self,
        class_id: ClassId,
        user_id: UserId,
        event: &SecurityEvent,
    ) -> Result<bool, StorageError> {
        self.delete_one_logged(
            "DELETE FROM class_members WHERE class_id = $1 AND user_id = $2 AND role = 'instructor'
             AND user_id <> (SELECT created_by FROM classes WHERE id = $1)",
            class_id,
            user_id,
            event,
        )
        .await
    }

    /// Runs `delete` (a statement on one class and one person) and, if it removed a row, logs
    /// `event` in the same transaction. Returns whether a row was removed.
    async fn delete_one_logged(
        &self,
        delete: &'static str,
        class_id: ClassId,
        user_id: UserId,
        event: &SecurityEvent,
    ) -> Result<bool, StorageError> {
        let mut tx = self.begin_write().await?;
        let removed = sqlx::query(delete)
            .bind(class_id.get())
            .bind(user_id.get())
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if removed == 1 {
            record_in(&mut tx, event).await?;
        }
        tx.commit().await?;
        Ok(removed == 1)
    }

    /// How many of the classes `learner` belongs to are not taught by `instructor`.
    pub async fn classes_not_taught_by(
        &self,
        learner: UserId,
        instructor: UserId,
    ) -> Result<i64, StorageError> {
        Ok(sqlx::query_scalar(
            "SELECT COUNT(*) FROM class_members m WHERE m.user_id = $1 AND NOT EXISTS (
                 SELECT 1 FROM class_members i WHERE i.class_id = m.class_id AND i.user_id = $2 AND i.role = 'instructor')",
        )
        .bind(learner.get())
        .bind(instructor.get())
        .fetch_one(self.pool())
        .await?)
    }
}
