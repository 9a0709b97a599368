//! The server's signing keys (the Open Badges credentials' Ed25519 key), kept in the database so
//! that every server signs with the same key and a restart never changes it.

use sqlx::Row;

use super::error::StorageError;
use super::pool::Storage;

impl Storage {
    /// The secret key (hexadecimal) stored under `name`, storing `fresh_hex` first if there is none.
    /// The insert gives way to a key already there, so two servers starting at once both end up
    /// with the one key that was stored first.
    pub async fn signing_key_hex(
        &self,
        name: &str,
        fresh_hex: &str,
    ) -> Result<String, StorageError> {
        sqlx::query(
            "INSERT INTO signing_keys (name, secret_hex, created_ms) VALUES ($1, $2, $3)
             ON CONFLICT (name) DO NOTHING",
        )
        .bind(name)
        .bind(fresh_hex)
        .bind(super::clock::now_millis())
        .execute(self.pool())
        .await?;
        let row = sqlx::query("SELECT secret_hex FROM signing_keys WHERE name = $1")
            .bind(name)
            .fetch_one(self.pool())
            .await?;
        let secret_hex: String = row.try_get("secret_hex")?;
        Ok(secret_hex)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_first_key_stored_under_a_name_stays() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}/keys.sqlite", dir.path().display());
        let storage = Storage::open(&url).await.unwrap();
        let first = "11".repeat(32);
        let second = "22".repeat(32);
        assert_eq!(
            storage
                .signing_key_hex("open-badges", &first)
                .await
                .unwrap(),
            first
        );
        assert_eq!(
            storage
                .signing_key_hex("open-badges", &second)
                .await
                .unwrap(),
            first
        );
        assert_eq!(
            storage.signing_key_hex("other", &second).await.unwrap(),
            second
        );
        storage.close().await;
        let reopened = Storage::open(&url).await.unwrap();
        assert_eq!(
            reopened
                .signing_key_hex("open-badges", &second)
                .await
                .unwrap(),
            first
        );
    }
}
