//! All SQL lives here. The rest of the server asks this module for what it needs in domain terms
//! and never sees a query.
//!
//! SQLite is opened in WAL mode with `synchronous=FULL`, so that a write acknowledged to a user is
//! on disk even if the machine loses power, with a busy timeout so that concurrent writers wait
//! instead of failing, and every writing transaction starts with `BEGIN IMMEDIATE`, which takes
//! the write lock up front (a deferred transaction that reads first and writes later can fail
//! with SQLITE_BUSY half-way).

mod accounts;
mod classes;
mod live;
mod progress;

pub use accounts::AccountRecord;
pub use classes::NewClass;

use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Sqlite, SqlitePool, Transaction};

#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error("unsupported DATABASE_URL `{0}`: use sqlite://PATH")]
    UnsupportedUrl(String),
    #[error("cannot create the database folder {path}: {source}")]
    CreateFolder {
        path: String,
        source: std::io::Error,
    },
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("database migration failed: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
    #[error("unexpected data in the database: {0}")]
    Corrupt(String),
}

/// The database behind the application.
#[derive(Clone, Debug)]
pub struct Storage {
    pool: SqlitePool,
}

impl Storage {
    /// Opens (creating if needed) the database at `url` and applies pending migrations.
    pub async fn open(url: &str) -> Result<Storage, StorageError> {
        if !url.starts_with("sqlite:") {
            return Err(StorageError::UnsupportedUrl(url.to_string()));
        }
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .busy_timeout(Duration::from_secs(10))
            .foreign_keys(true);
        let path = options.get_filename();
        if let Some(folder) = path.parent().filter(|f| !f.as_os_str().is_empty()) {
            std::fs::create_dir_all(folder).map_err(|source| StorageError::CreateFolder {
                path: folder.display().to_string(),
                source,
            })?;
        }
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await?;
        sqlx::migrate!("./migrations/sqlite").run(&pool).await?;
        Ok(Storage { pool })
    }

    /// The name of the database engine, as `/healthz` reports it.
    pub fn engine(&self) -> &'static str {
        "sqlite"
    }

    /// Checks that the database answers.
    pub async fn ping(&self) -> Result<(), StorageError> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// Starts a writing transaction that holds the write lock from its first statement.
    async fn begin_write(&self) -> Result<Transaction<'static, Sqlite>, StorageError> {
        Ok(self.pool.begin_with("BEGIN IMMEDIATE").await?)
    }

    /// Records a start of the server with the content it loaded.
    pub async fn record_start(
        &self,
        version: &str,
        content_json: &str,
    ) -> Result<i64, StorageError> {
        let mut tx = self.begin_write().await?;
        let id = sqlx::query("INSERT INTO server_starts (version, content) VALUES (?, ?)")
            .bind(version)
            .bind(content_json)
            .execute(&mut *tx)
            .await?
            .last_insert_rowid();
        tx.commit().await?;
        Ok(id)
    }

    /// How many times the server has started on this database.
    pub async fn start_count(&self) -> Result<i64, StorageError> {
        let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM server_starts")
            .fetch_one(&self.pool)
            .await?;
        Ok(count)
    }

    /// Waits for every connection to finish and closes the pool.
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn creates_the_file_and_its_folder_and_records_starts() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}/nested/db.sqlite", dir.path().display());
        let storage = Storage::open(&url).await.unwrap();
        assert!(dir.path().join("nested/db.sqlite").exists());
        storage.record_start("test", "{}").await.unwrap();
        storage.record_start("test", "{}").await.unwrap();
        assert_eq!(storage.start_count().await.unwrap(), 2);
        storage.close().await;
        // Reopening applies no migration twice and keeps the data.
        let reopened = Storage::open(&url).await.unwrap();
        assert_eq!(reopened.start_count().await.unwrap(), 2);
    }

    #[tokio::test]
    async fn refuses_an_unsupported_url() {
        let error = Storage::open("mysql://localhost/x").await.unwrap_err();
        assert!(error.to_string().contains("unsupported DATABASE_URL"));
    }
}
