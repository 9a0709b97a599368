//! Classes, their members and join codes.

use app::people::{ClassDetail, ClassMode, ClassSummary, Membership, RosterEntry};
use sqlx::Row;

use domain::ids::{ClassId, UserId};

use super::error::StorageError;
use super::pool::Storage;

/// What joining with a code did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JoinOutcome {
    Joined(ClassId),
    /// No class has that code (or it was revoked).
    UnknownCode,
    /// The person was removed from this class and not re-admitted.
    Removed(ClassId),
}

impl JoinOutcome {
    /// The class joined, if the person is now in it.
    pub fn joined(self) -> Option<ClassId> {
        match self {
            JoinOutcome::Joined(class_id) => Some(class_id),
            _ => None,
        }
    }
}

/// What a new class needs.
pub struct NewClass<'a> {
    pub name: &'a str,
    pub starts_on: &'a str,
    pub ends_on: &'a str,
    pub mode: ClassMode,
    pub join_code: &'a str,
    pub instructor_id: UserId,
}

const SUMMARY_COLUMNS: &str = "c.id, c.name, c.starts_on, c.ends_on, c.mode,
    (SELECT COUNT(*) FROM class_members l WHERE l.class_id = c.id AND l.role = 'learner') AS learner_count";

fn summary_from_row(
    row: &sqlx::any::AnyRow,
    membership: Option<Membership>,
) -> Result<ClassSummary, StorageError> {
    let mode: String = row.try_get("mode")?;
    Ok(ClassSummary {
        id: ClassId(row.try_get("id")?),
        name: row.try_get("name")?,
        starts_on: row.try_get("starts_on")?,
        ends_on: row.try_get("ends_on")?,
        mode: ClassMode::parse(&mode)
            .ok_or_else(|| StorageError::Corrupt(format!("unknown class mode `{mode}`")))?,
        membership,
        learner_count: row.try_get("learner_count")?,
    })
}

fn parse_membership(text: Option<String>) -> Result<Option<Membership>, StorageError> {
    text.map(|t| {
        Membership::parse(&t)
            .ok_or_else(|| StorageError::Corrupt(format!("unknown membership `{t}`")))
    })
    .transpose()
}

impl Storage {
    /// Creates a class with its instructor as first member. `Ok(None)` if the join code is taken
    /// (the caller draws another).
    pub async fn create_class(&self, class: NewClass<'_>) -> Result<Option<ClassId>, StorageError> {
        let mut tx = self.begin_write().await?;
        let id: Option<i64> = sqlx::query_scalar(
            "INSERT INTO classes (name, starts_on, ends_on, mode, join_code, created_by) VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (join_code) DO NOTHING RETURNING id",
        )
        .bind(class.name)
        .bind(class.starts_on)
        .bind(class.ends_on)
        .bind(class.mode.as_str())
        .bind(class.join_code)
        .bind(class.instructor_id.get())
        .fetch_optional(&mut *tx)
        .await?;
        let Some(id) = id else {
            return Ok(None);
        };
        sqlx::query(
            "INSERT INTO class_members (class_id, user_id, role) VALUES ($1, $2, 'instructor')",
        )
        .bind(id)
        .bind(class.instructor_id.get())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(Some(ClassId(id)))
    }

    /// The person's place in a class, if any.
    pub async fn membership(
        &self,
        class_id: ClassId,
        user_id: UserId,
    ) -> Result<Option<Membership>, StorageError> {
        let role: Option<String> = sqlx::query_scalar(
            "SELECT role FROM class_members WHERE class_id = $1 AND user_id = $2",
        )
        .bind(class_id.get())
        .bind(user_id.get())
        .fetch_optional(self.pool())
        .await?;
        parse_membership(role)
    }

    pub async fn class_exists(&self, class_id: ClassId) -> Result<bool, StorageError> {
        let found: Option<i64> = sqlx::query_scalar("SELECT id FROM classes WHERE id = $1")
            .bind(class_id.get())
            .fetch_optional(self.pool())
            .await?;
        Ok(found.is_some())
    }

    /// The classes a person belongs to, newest first.
    pub async fn classes_of(&self, user_id: UserId) -> Result<Vec<ClassSummary>, StorageError> {
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS}, m.role AS membership FROM classes c JOIN class_members m ON m.class_id = c.id
             WHERE m.user_id = $1 ORDER BY c.starts_on DESC, c.id DESC"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(user_id.get())
            .fetch_all(self.pool())
            .await?;
        rows.iter()
            .map(|row| summary_from_row(row, parse_membership(row.try_get("membership")?)?))
            .collect()
    }

    /// A class as `viewer` sees it; the join code and roster only when `with_roster`.
    pub async fn class_detail(
        &self,
        class_id: ClassId,
        viewer: Option<UserId>,
        with_roster: bool,
    ) -> Result<Option<ClassDetail>, StorageError> {
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS}, c.join_code, c.code_published, c.created_by, (SELECT role FROM class_members WHERE class_id = c.id AND user_id = $1) AS membership
             FROM classes c WHERE c.id = $2"
        );
        let Some(row) = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(viewer.map(UserId::get))
            .bind(class_id.get())
            .fetch_optional(self.pool())
            .await?
        else {
            return Ok(None);
        };
        let summary = summary_from_row(&row, parse_membership(row.try_get("membership")?)?)?;
        let code_published = row.try_get::<i64, _>("code_published")? == 1;
        if !with_roster {
            return Ok(Some(ClassDetail {
                summary,
                join_code: None,
                roster: None,
                code_published,
                opened_by: None,
                removed: Vec::new(),
            }));
        }
        let opened_by = Some(UserId(row.try_get("created_by")?));
        let join_code: Option<String> = row.try_get("join_code")?;
        let members = sqlx::query(
            "SELECT u.id, u.username, u.display_name, m.role, m.joined_at FROM class_members m JOIN users u ON u.id = m.user_id
             WHERE m.class_id = $1 ORDER BY m.role, lower(u.display_name)",
        )
        .bind(class_id.get())
        .fetch_all(self.pool())
        .await?;
        let roster = members
            .iter()
            .map(|row| {
                let role: String = row.try_get("role")?;
                Ok(RosterEntry {
                    user_id: UserId(row.try_get("id")?),
                    username: row.try_get("username")?,
                    display_name: row.try_get("display_name")?,
                    membership: Membership::parse(&role).ok_or_else(|| {
                        StorageError::Corrupt(format!("unknown membership `{role}`"))
                    })?,
                    joined_at: row.try_get("joined_at")?,
                })
            })
            .collect::<Result<Vec<_>, StorageError>>()?;
        Ok(Some(ClassDetail {
            summary,
            join_code,
            roster: Some(roster),
            code_published,
            opened_by,
            removed: self.removed_learners(class_id).await?,
        }))
    }

    /// The class whose join code this is, if any (for signing up with a code).
    pub async fn class_with_code(&self, join_code: &str) -> Result<Option<ClassId>, StorageError> {
        let id: Option<i64> = sqlx::query_scalar("SELECT id FROM classes WHERE join_code = $1")
            .bind(join_code)
            .fetch_optional(self.pool())
            .await?;
        Ok(id.map(ClassId))
    }

    /// Adds a learner to the class whose code this is, unless an instructor removed them from
    /// it and has not re-admitted them. Joining twice is harmless.
    pub async fn join_by_code(
        &self,
        join_code: &str,
        user_id: UserId,
    ) -> Result<JoinOutcome, StorageError> {
        let mut tx = self.begin_write().await?;
        let class_id: Option<i64> =
            sqlx::query_scalar("SELECT id FROM classes WHERE join_code = $1")
                .bind(join_code)
                .fetch_optional(&mut *tx)
                .await?;
        let Some(class_id) = class_id else {
            return Ok(JoinOutcome::UnknownCode);
        };
        let removed: Option<i64> = sqlx::query_scalar(
            "SELECT class_id FROM class_removals WHERE class_id = $1 AND user_id = $2",
        )
        .bind(class_id)
        .bind(user_id.get())
        .fetch_optional(&mut *tx)
        .await?;
        if removed.is_some() {
            return Ok(JoinOutcome::Removed(ClassId(class_id)));
        }
        sqlx::query("INSERT INTO class_members (class_id, user_id, role) VALUES ($1, $2, 'learner') ON CONFLICT DO NOTHING")
            .bind(class_id)
            .bind(user_id.get())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(JoinOutcome::Joined(ClassId(class_id)))
    }

    /// Publishes (or withdraws) a self-paced class's join code on the home page.
    pub async fn set_code_published(
        &self,
        class_id: ClassId,
        published: bool,
    ) -> Result<(), StorageError> {
        let mut tx = self.begin_write().await?;
        sqlx::query("UPDATE classes SET code_published = $1 WHERE id = $2 AND mode = 'self-paced'")
            .bind(i64::from(published))
            .bind(class_id.get())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Self-paced classes whose codes are published: (name, join code), for the home page.
    pub async fn published_classes(&self) -> Result<Vec<(String, String)>, StorageError> {
        let rows = sqlx::query(
            "SELECT name, join_code FROM classes WHERE code_published = 1 AND mode = 'self-paced'
             AND join_code IS NOT NULL ORDER BY name LIMIT 20",
        )
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|row| Ok((row.try_get("name")?, row.try_get("join_code")?)))
            .collect()
    }

    /// Replaces the join code (`None` revokes it). `Ok(false)` if the new code is taken.
    pub async fn set_join_code(
        &self,
        class_id: ClassId,
        join_code: Option<&str>,
    ) -> Result<bool, StorageError> {
        let mut tx = self.begin_write().await?;
        let result = sqlx::query("UPDATE classes SET join_code = $1 WHERE id = $2")
            .bind(join_code)
            .bind(class_id.get())
            .execute(&mut *tx)
            .await;
        match result {
            Ok(_) => {
                tx.commit().await?;
                Ok(true)
            }
            Err(sqlx::Error::Database(error)) if error.is_unique_violation() => Ok(false),
            Err(error) => Err(error.into()),
        }
    }
}
