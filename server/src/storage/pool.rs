//! The database pool and its engine: opening (and creating) the database, applying migrations,
//! and the few engine differences every query file uses (how a writing transaction starts, how a
//! class or key is locked).

use std::collections::BTreeSet;
use std::str::FromStr;

use domain::ids::ClassId;
use domain::policy::Scope;

use super::error::{Engine, StorageError};
use super::group_commit::GroupCommit;
use super::queued::{SubmitRequest, WorkspaceSave};

use sqlx::any::AnyPoolOptions;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{Any, AnyConnection, AnyPool, Connection, Executor, Row, Transaction};

/// How a scope is stored in the tables that keep work done alone beside work done in classes
/// (drafts, submissions, workspaces): a class's number, or 0 for "alone". Only storage knows the 0.
pub(super) fn class_key(scope: Scope) -> i64 {
    scope.class_id().map_or(0, ClassId::get)
}

/// The database behind the application.
#[derive(Clone, Debug)]
pub struct Storage {
    pool: AnyPool,
    engine: Engine,
    url: String,
    /// Where appraisal workspace saves queue to be committed together (`None` in the writers'
    /// own copy, which writes them directly).
    pub(super) workspace_saves: Option<GroupCommit<WorkspaceSave>>,
    /// Where exercise submissions queue to be committed together (`None` in the writers' own
    /// copy, which writes them directly).
    pub(super) submissions: Option<GroupCommit<SubmitRequest>>,
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
            submissions: None,
        };
        // The writer tasks get copies without queues, so that they write directly and end once
        // every `Storage` that can queue writes is dropped.
        let writers = storage.clone();
        storage.workspace_saves = Some(GroupCommit::start(writers.clone()));
        storage.submissions = Some(GroupCommit::start(writers));
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

    pub(super) fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// Starts a writing transaction. On SQLite it holds the write lock from its first
    /// statement.
    pub(super) async fn begin_write(&self) -> Result<Transaction<'static, Any>, StorageError> {
        Ok(match self.engine {
            Engine::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await?,
            Engine::Postgres => self.pool.begin().await?,
        })
    }

    /// Makes concurrent writers of the same `key` take turns until `tx` ends (PostgreSQL; on
    /// SQLite `BEGIN IMMEDIATE` already allows one writer at a time).
    pub(super) async fn lock_key(
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

    /// `lock_key` for several keys at once, in one statement: a batch of writes takes all its
    /// locks before it writes. The keys come sorted and are locked in that order (the rows of
    /// `VALUES` are read in the order written), the same on every server, so two servers'
    /// batches never wait for each other in a circle.
    pub(super) async fn lock_keys(
        &self,
        tx: &mut Transaction<'static, Any>,
        keys: &BTreeSet<String>,
    ) -> Result<(), StorageError> {
        if self.engine != Engine::Postgres || keys.is_empty() {
            return Ok(());
        }
        let rows = (1..=keys.len())
            .map(|n| format!("(${n})"))
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!(
            "SELECT pg_advisory_xact_lock(hashtext(k)) FROM (VALUES {rows}) AS lock_keys (k)"
        );
        // Not kept as a prepared statement: its text changes with the size of the batch.
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql)).persistent(false);
        for key in keys {
            query = query.bind(key.as_str());
        }
        query.execute(&mut **tx).await?;
        Ok(())
    }

    /// Makes concurrent writers of one class's live state take turns until `tx` ends.
    /// SQLite's `BEGIN IMMEDIATE` already allows one writer at a time.
    pub(super) async fn lock_class(
        &self,
        tx: &mut Transaction<'static, Any>,
        class_id: ClassId,
    ) -> Result<(), StorageError> {
        if self.engine == Engine::Postgres {
            sqlx::query("SELECT pg_advisory_xact_lock($1)")
                .bind(class_id.get())
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
