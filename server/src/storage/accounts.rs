//! Accounts and sessions.

use app::people::{CurrentUser, Role};
use sqlx::Row;

use domain::ids::UserId;

use super::error::StorageError;
use super::pool::Storage;
use super::security_events::{record_in, SecurityEvent};

/// A stored account with its password hash, for signing in.
#[derive(Debug, Clone)]
pub struct AccountRecord {
    pub user: CurrentUser,
    pub password_hash: String,
}

fn user_from_row(row: &sqlx::any::AnyRow) -> Result<CurrentUser, StorageError> {
    let role: String = row.try_get("role")?;
    Ok(CurrentUser {
        id: UserId(row.try_get("id")?),
        username: row.try_get("username")?,
        display_name: row.try_get("display_name")?,
        role: Role::parse(&role)
            .ok_or_else(|| StorageError::Corrupt(format!("unknown role `{role}`")))?,
    })
}

impl Storage {
    /// Creates an account. `Ok(None)` when the username is taken.
    pub async fn create_user(
        &self,
        username: &str,
        display_name: &str,
        password_hash: &str,
        role: Role,
    ) -> Result<Option<CurrentUser>, StorageError> {
        let mut tx = self.begin_write().await?;
        let inserted = sqlx::query(
            "INSERT INTO users (username, display_name, password_hash, role) VALUES ($1, $2, $3, $4)
             ON CONFLICT (username) DO NOTHING RETURNING id, username, display_name, role",
        )
        .bind(username)
        .bind(display_name)
        .bind(password_hash)
        .bind(role.as_str())
        .fetch_optional(&mut *tx)
        .await?;
        tx.commit().await?;
        inserted.as_ref().map(user_from_row).transpose()
    }

    pub async fn account_by_username(
        &self,
        username: &str,
    ) -> Result<Option<AccountRecord>, StorageError> {
        let row = sqlx::query(
            "SELECT id, username, display_name, role, password_hash FROM users WHERE username = $1",
        )
        .bind(username)
        .fetch_optional(self.pool())
        .await?;
        row.map(|row| {
            Ok(AccountRecord {
                user: user_from_row(&row)?,
                password_hash: row.try_get("password_hash")?,
            })
        })
        .transpose()
    }

    pub async fn user_by_id(&self, id: UserId) -> Result<Option<CurrentUser>, StorageError> {
        let row = sqlx::query("SELECT id, username, display_name, role FROM users WHERE id = $1")
            .bind(id.get())
            .fetch_optional(self.pool())
            .await?;
        row.as_ref().map(user_from_row).transpose()
    }

    /// Sets a password hash, ends the account's sessions and logs `event`, in one transaction.
    pub async fn set_password_hash(
        &self,
        user_id: UserId,
        password_hash: &str,
        event: &SecurityEvent,
    ) -> Result<(), StorageError> {
        let mut tx = self.begin_write().await?;
        sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
            .bind(password_hash)
            .bind(user_id.get())
            .execute(&mut *tx)
            .await?;
        // A reset password ends every session of that account.
        sqlx::query("DELETE FROM sessions WHERE user_id = $1")
            .bind(user_id.get())
            .execute(&mut *tx)
            .await?;
        record_in(&mut tx, event).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Changes an account's role and logs `event` with it. `Ok(false)` when there is no such
    /// account.
    pub async fn set_role(
        &self,
        user_id: UserId,
        role: Role,
        event: &SecurityEvent,
    ) -> Result<bool, StorageError> {
        let mut tx = self.begin_write().await?;
        let changed = sqlx::query("UPDATE users SET role = $1 WHERE id = $2")
            .bind(role.as_str())
            .bind(user_id.get())
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if changed == 1 {
            record_in(&mut tx, event).await?;
        }
        tx.commit().await?;
        Ok(changed == 1)
    }

    pub async fn list_users(&self) -> Result<Vec<CurrentUser>, StorageError> {
        let rows =
            sqlx::query("SELECT id, username, display_name, role FROM users ORDER BY username")
                .fetch_all(self.pool())
                .await?;
        rows.iter().map(user_from_row).collect()
    }

    /// Stores a new session that lasts `lifetime_days`.
    pub async fn create_session(
        &self,
        token_hash: &str,
        user_id: UserId,
        lifetime_days: u32,
    ) -> Result<(), StorageError> {
        let mut tx = self.begin_write().await?;
        sqlx::query("INSERT INTO sessions (token_hash, user_id, expires_at, last_seen_at) VALUES ($1, $2, $3, $4)")
            .bind(token_hash)
            .bind(user_id.get())
            .bind(super::clock::days_from_now(lifetime_days))
            .bind(super::clock::now())
            .execute(&mut *tx)
            .await?;
        // Expired sessions are swept whenever a new one starts: no separate job is needed.
        sqlx::query("DELETE FROM sessions WHERE expires_at < $1")
            .bind(super::clock::now())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The user of a live session: unexpired, and used within `idle` (the last use is
    /// recorded at most once a minute, so that reading pages does not write on every request).
    pub async fn session_user(
        &self,
        token_hash: &str,
        idle: std::time::Duration,
    ) -> Result<Option<CurrentUser>, StorageError> {
        let now = std::time::SystemTime::now();
        let row = sqlx::query(
            "SELECT u.id, u.username, u.display_name, u.role, s.last_seen_at FROM sessions s JOIN users u ON u.id = s.user_id
             WHERE s.token_hash = $1 AND s.expires_at > $2 AND (s.last_seen_at IS NULL OR s.last_seen_at > $3)",
        )
        .bind(token_hash)
        .bind(super::clock::format_utc(now))
        .bind(super::clock::format_utc(now - idle))
        .fetch_optional(self.pool())
        .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        let last_seen: Option<String> = row.try_get("last_seen_at")?;
        let a_minute_ago = super::clock::format_utc(now - std::time::Duration::from_secs(60));
        if last_seen.is_none_or(|seen| seen < a_minute_ago) {
            let mut tx = self.begin_write().await?;
            sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2")
                .bind(super::clock::format_utc(now))
                .bind(token_hash)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
        }
        Ok(Some(user_from_row(&row)?))
    }

    /// Whether the session is still live (for streams that outlast the request that opened
    /// them: a sign-out or a password reset ends them).
    pub async fn session_exists(&self, token_hash: &str) -> Result<bool, StorageError> {
        let found: Option<String> = sqlx::query_scalar(
            "SELECT token_hash FROM sessions WHERE token_hash = $1 AND expires_at > $2",
        )
        .bind(token_hash)
        .bind(super::clock::now())
        .fetch_optional(self.pool())
        .await?;
        Ok(found.is_some())
    }

    pub async fn delete_session(&self, token_hash: &str) -> Result<(), StorageError> {
        let mut tx = self.begin_write().await?;
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(token_hash)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }
}
