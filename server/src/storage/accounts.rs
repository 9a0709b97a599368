//! Accounts and sessions.

use app::people::{CurrentUser, Role};
use sqlx::Row;

use domain::ids::UserId;

use super::error::StorageError;
use super::pool::Storage;

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

    pub async fn set_password_hash(
        &self,
        user_id: UserId,
        password_hash: &str,
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
        tx.commit().await?;
        Ok(())
    }

    pub async fn set_role(&self, user_id: UserId, role: Role) -> Result<bool, StorageError> {
        let mut tx = self.begin_write().await?;
        let changed = sqlx::query("UPDATE users SET role = $1 WHERE id = $2")
            .bind(role.as_str())
            .bind(user_id.get())
            .execute(&mut *tx)
            .await?
            .rows_affected();
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
        sqlx::query("INSERT INTO sessions (token_hash, user_id, expires_at) VALUES ($1, $2, $3)")
            .bind(token_hash)
            .bind(user_id.get())
            .bind(super::clock::days_from_now(lifetime_days))
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

    /// The user of a live (unexpired) session.
    pub async fn session_user(
        &self,
        token_hash: &str,
    ) -> Result<Option<CurrentUser>, StorageError> {
        let row = sqlx::query(
            "SELECT u.id, u.username, u.display_name, u.role FROM sessions s JOIN users u ON u.id = s.user_id
             WHERE s.token_hash = $1 AND s.expires_at > $2",
        )
        .bind(token_hash)
        .bind(super::clock::now())
        .fetch_optional(self.pool())
        .await?;
        row.as_ref().map(user_from_row).transpose()
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
