//! The log of failed sign-ins that the rate limit counts.

use super::error::StorageError;
use super::pool::Storage;

impl Storage {
    /// The times (ms since 1970) of a key's failures since `since_ms`.
    pub async fn sign_in_failures(
        &self,
        key: &str,
        since_ms: i64,
    ) -> Result<Vec<i64>, StorageError> {
        Ok(sqlx::query_scalar(
            "SELECT failed_at_ms FROM sign_in_failures WHERE key = $1 AND failed_at_ms > $2",
        )
        .bind(key)
        .bind(since_ms)
        .fetch_all(self.pool())
        .await?)
    }

    /// Records one failure under each key and forgets failures older than `forget_before_ms`,
    /// so the log never grows past what the limits look at.
    pub async fn record_sign_in_failure(
        &self,
        keys: &[&str],
        at_ms: i64,
        forget_before_ms: i64,
    ) -> Result<(), StorageError> {
        let mut tx = self.begin_write().await?;
        for key in keys {
            sqlx::query("INSERT INTO sign_in_failures (key, failed_at_ms) VALUES ($1, $2)")
                .bind(*key)
                .bind(at_ms)
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query("DELETE FROM sign_in_failures WHERE failed_at_ms < $1")
            .bind(forget_before_ms)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn clear_sign_in_failures(&self, key: &str) -> Result<(), StorageError> {
        let mut tx = self.begin_write().await?;
        sqlx::query("DELETE FROM sign_in_failures WHERE key = $1")
            .bind(key)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }
}
