//! Group commit of appraisal workspace saves.
//!
//! Hundreds of learners autosave their ratings at once during a class appraisal. On SQLite each
//! commit waits for the disk (`synchronous = FULL`) and commits take turns, so one transaction
//! per save caps a server at the disk's sync rate (about 1,200 a second on our build machines).
//! Saves that arrive while a commit is under way wait in a queue; the writer then stores all of
//! them in one transaction and answers each after that commit. Every acknowledged save is as
//! durable as before, for a fraction of the syncs. Saves of one person stay in arrival order, so
//! the last one wins, as it would one transaction at a time.

use tokio::sync::{mpsc, oneshot};

use std::future::Future;

use super::error::StorageError;

/// What the writer task writes with: the storage, seen only through this one method so that
/// this file does not depend on the storage that holds its queue.
pub(super) trait WriteWorkspaces: Clone + Send + Sync + 'static {
    /// Stores the saves in one transaction, in order.
    fn write_workspaces(
        &self,
        saves: &[&WorkspaceSave],
    ) -> impl Future<Output = Result<(), StorageError>> + Send;
}

/// The most saves written in one transaction.
const MAX_BATCH: usize = 256;
/// The most saves waiting; beyond it a save waits to be queued, so a stalled database slows
/// requests down rather than growing memory without limit.
const MAX_WAITING: usize = 4096;

/// One workspace to store.
#[derive(Debug)]
pub(super) struct WorkspaceSave {
    pub user_id: i64,
    pub class_id: i64,
    pub json: String,
    /// When it was submitted, if this save submits it.
    pub submitted_at: Option<String>,
    pub updated_at: String,
}

type Pending = (WorkspaceSave, oneshot::Sender<Result<(), StorageError>>);

/// The queue in front of the writer task; cloned with `Storage`.
#[derive(Clone, Debug)]
pub(super) struct GroupCommit {
    queue: mpsc::Sender<Pending>,
}

impl GroupCommit {
    /// Starts the writer on `storage` (a copy without a group commit of its own, so the task
    /// ends when the last `Storage` that can queue saves is dropped).
    pub fn start(storage: impl WriteWorkspaces) -> GroupCommit {
        let (queue, pending) = mpsc::channel(MAX_WAITING);
        tokio::spawn(write_batches(storage, pending));
        GroupCommit { queue }
    }

    /// Queues a save and waits until it is committed (or refused).
    pub async fn save(&self, save: WorkspaceSave) -> Result<(), StorageError> {
        let (answer, answered) = oneshot::channel();
        self.queue
            .send((save, answer))
            .await
            .map_err(|_| StorageError::WriterStopped)?;
        answered.await.map_err(|_| StorageError::WriterStopped)?
    }
}

async fn write_batches(storage: impl WriteWorkspaces, mut pending: mpsc::Receiver<Pending>) {
    while let Some(first) = pending.recv().await {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match pending.try_recv() {
                Ok(next) => batch.push(next),
                Err(_) => break,
            }
        }
        // Rows are written in one order on every server, so two servers' batches on PostgreSQL
        // cannot lock the same rows in opposite orders (a deadlock); the sort is stable, so one
        // person's saves keep their order.
        batch.sort_by_key(|(save, _)| (save.class_id, save.user_id));
        let saves: Vec<&WorkspaceSave> = batch.iter().map(|(save, _)| save).collect();
        match storage.write_workspaces(&saves).await {
            Ok(()) => {
                for (_, answer) in batch {
                    // A requester that stopped waiting no longer needs the answer.
                    let _ = answer.send(Ok(()));
                }
            }
            // A save the database refuses (a constraint) must not fail the others: each is
            // tried again on its own and gets its own answer. Any other failure (the database
            // unreachable or busy) is the same for all of them, so all get it at once rather
            // than waiting for it one by one.
            Err(StorageError::Database(sqlx::Error::Database(_))) if batch.len() > 1 => {
                for (save, answer) in batch {
                    let _ = answer.send(storage.write_workspaces(&[&save]).await);
                }
            }
            Err(error) => {
                let message = error.to_string();
                for (_, answer) in batch {
                    let _ = answer.send(Err(StorageError::BatchFailed(message.clone())));
                }
            }
        }
    }
}
