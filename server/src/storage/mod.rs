//! All SQL lives here. The rest of the server asks this module for what it needs in domain terms
//! and never sees a query.
//!
//! One set of queries serves both databases through sqlx's `Any` driver: placeholders are
//! written `$1, $2, …` (which SQLite accepts too), times are bound as text from `clock`, and
//! the few differences (how a writing transaction starts, how a class is locked, how a change
//! is announced) are methods here that look at the engine.
//!
//! SQLite is opened in WAL mode with `synchronous=FULL`, so that a write acknowledged to a user is
//! on disk even if the machine loses power, with a busy timeout so that concurrent writers wait
//! instead of failing, and every writing transaction starts with `BEGIN IMMEDIATE`, which takes
//! the write lock up front (a deferred transaction that reads first and writes later can fail
//! with SQLITE_BUSY half-way).
//!
//! PostgreSQL runs at its default isolation (read committed); the one read-modify-write that
//! two servers could race on, a class's live state, is serialized with a transaction-level
//! advisory lock on the class.

mod accounts;
mod appraisals;
mod classes;
pub mod clock;
mod exercises;
mod group_commit;
pub mod live;
mod progress;
mod sign_in_failures;
mod teams;

pub use accounts::AccountRecord;
pub use classes::NewClass;
pub use exercises::{StoredGrade, StoredSubmission, SubmitOutcome};
pub use teams::{StoredTeam, TeamState};

use std::str::FromStr;

use sqlx::any::AnyPoolOptions;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{Any, AnyConnection, AnyPool, Connection, Executor, Row, Transaction};

#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error("unsupported DATABASE_URL `{0}`: use sqlite://PATH or postgres://USER@HOST/DATABASE")]
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
    #[error("the workspace writer has stopped")]
    WriterStopped,
    #[error("saving a batch of workspaces failed: {0}")]
    BatchFailed(String),
}

/// Which database engine a `DATABASE_URL` names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

impl Engine {
    pub fn of_url(url: &str) -> Option<Engine> {
        if url.starts_with("sqlite:") {
            Some(Engine::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Some(Engine::Postgres)
        } else {
            None
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Engine::Sqlite => "sqlite",
            Engine::Postgres => "postgres",
        }
    }
}

/// The database behind the application.
#[derive(Clone, Debug)]
pub struct Storage {
    pool: AnyPool,
    engine: Engine,
    url: String,
    /// Where appraisal workspace saves queue to be committed together (`None` in the writer's
    /// own copy, which writes them directly).
    workspace_saves: Option<group_commit::GroupCommit>,
}

/// Settings every SQLite connection gets before its first use. The busy timeout comes first, so
/// that the others wait for a lock instead of failing. (WAL mode belongs to the file and is set
/// once, in `open`, before the pool exists: switching it needs the database to itself.)
const SQLITE_PRAGMAS: &str =
    "PRAGMA busy_timeout = 10000; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;";

impl Storage {
    /// Opens the database at `url`, creating an SQLite file (and its folder) if needed, and
    /// applies pending migrations.
    pub async fn open(url: &str) -> Result<Storage, StorageError> {
        let engine =
            Engine::of_url(url).ok_or_else(|| StorageError::UnsupportedUrl(url.to_string()))?;
        sqlx::any::install_default_drivers();
        let pool = match engine {
            Engine::Sqlite => {
                let path = SqliteConnectOptions::from_str(url)?
                    .get_filename()
                    .to_owned();
                if let Some(folder) = path.parent().filter(|f| !f.as_os_str().is_empty()) {
                    std::fs::create_dir_all(folder).map_err(|source| {
                        StorageError::CreateFolder {
                            path: folder.display().to_string(),
                            source,
                        }
                    })?;
                }
                // `mode=rwc` creates the file on first start.
                let separator = if url.contains('?') { '&' } else { '?' };
                let url = if url.contains("mode=") {
                    url.to_string()
                } else {
                    format!("{url}{separator}mode=rwc")
                };
                let mut first = AnyConnection::connect(&url).await?;
                first.execute("PRAGMA journal_mode = WAL").await?;
                first.close().await?;
                let pool = AnyPoolOptions::new()
                    .max_connections(8)
                    .after_connect(|connection, _| {
                        Box::pin(async move {
                            connection.execute(SQLITE_PRAGMAS).await?;
                            Ok(())
                        })
                    })
                    .connect(&url)
                    .await?;
                sqlx::migrate!("./migrations/sqlite").run(&pool).await?;
                pool
            }
            Engine::Postgres => {
                let pool = AnyPoolOptions::new()
                    .max_connections(16)
                    .connect(url)
                    .await?;
                sqlx::migrate!("./migrations/postgres").run(&pool).await?;
                pool
            }
        };
        let mut storage = Storage {
            pool,
            engine,
            url: url.to_string(),
            workspace_saves: None,
        };
        storage.workspace_saves = Some(group_commit::GroupCommit::start(storage.clone()));
        Ok(storage)
    }

    pub fn engine(&self) -> Engine {
        self.engine
    }

    /// The address it was opened with; the live-session listener opens its own connection.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Checks that the database answers.
    pub async fn ping(&self) -> Result<(), StorageError> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// Starts a writing transaction. On SQLite it holds the write lock from its first
    /// statement.
    async fn begin_write(&self) -> Result<Transaction<'static, Any>, StorageError> {
        Ok(match self.engine {
            Engine::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await?,
            Engine::Postgres => self.pool.begin().await?,
        })
    }

    /// Makes concurrent writers of the same `key` take turns until `tx` ends (PostgreSQL; on
    /// SQLite `BEGIN IMMEDIATE` already allows one writer at a time).
    async fn lock_key(
        &self,
        tx: &mut Transaction<'static, Any>,
        key: &str,
    ) -> Result<(), StorageError> {
        if self.engine == Engine::Postgres {
            sqlx::query("SELECT pg_advisory_xact_lock(hashtext($1))")
                .bind(key)
                .execute(&mut **tx)
                .await?;
        }
        Ok(())
    }

    /// Makes concurrent writers of one class's live state take turns until `tx` ends.
    /// SQLite's `BEGIN IMMEDIATE` already allows one writer at a time.
    async fn lock_class(
        &self,
        tx: &mut Transaction<'static, Any>,
        class_id: i64,
    ) -> Result<(), StorageError> {
        if self.engine == Engine::Postgres {
            sqlx::query("SELECT pg_advisory_xact_lock($1)")
                .bind(class_id)
                .execute(&mut **tx)
                .await?;
        }
        Ok(())
    }

    /// Records a start of the server with the content it loaded.
    pub async fn record_start(
        &self,
        version: &str,
        content_json: &str,
    ) -> Result<i64, StorageError> {
        let mut tx = self.begin_write().await?;
        let id = sqlx::query(
            "INSERT INTO server_starts (version, content) VALUES ($1, $2) RETURNING id",
        )
        .bind(version)
        .bind(content_json)
        .fetch_one(&mut *tx)
        .await?
        .try_get::<i64, _>("id")?;
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
