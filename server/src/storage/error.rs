//! What can go wrong in storage, and which engine a database URL names.

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
    /// A group commit's writer task is gone (the server is shutting down).
    #[error("the group commit writer has stopped")]
    WriterStopped,
    /// A batch written together failed as a whole, for a reason that is the same for each write.
    #[error("writing a batch together failed: {0}")]
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
