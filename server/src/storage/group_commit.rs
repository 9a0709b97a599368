//! Group commit: writes that arrive together are stored in one transaction.
//!
//! Hundreds of learners autosave their appraisal ratings, or submit the same exercise, at once.
//! On SQLite each commit waits for the disk (`synchronous = FULL`) and commits take turns, so one
//! transaction per write caps a server at the disk's sync rate (about 1,200 a second on our build
//! machines) and makes the last of a storm wait for all the others' syncs. Writes that arrive
//! while a commit is under way wait in a queue; the writer task then stores all of them in one
//! transaction and answers each after that commit. Every acknowledged write is as durable as
//! before, for a fraction of the syncs. Writes of one person stay in arrival order, so they
//! happen as they would one transaction at a time.
//!
//! One queue and one writer task serve one kind of write (`Queued`); what a batch of it does in
//! the database is the storage's business (`WriteBatch`), so this file knows no SQL and does not
//! depend on the storage that holds its queues.

use std::fmt;
use std::future::Future;

use tokio::sync::{mpsc, oneshot};

use super::error::StorageError;

/// A kind of write that waits in a group commit's queue.
pub(super) trait Queued: Send + Sync + 'static {
    /// What the one who queued the write learns once it is committed.
    type Answer: Send + 'static;

    /// The (class, user) whose rows the write changes. Every batch is written in this order on
    /// every server, so two servers' batches on PostgreSQL cannot lock the same rows in opposite
    /// orders (a deadlock).
    fn order_key(&self) -> (i64, i64);
}

/// What a batch written in one transaction answers: one answer per write, in the batch's order,
/// or an error for the whole batch (then nothing of it was stored).
pub(super) type BatchAnswers<A> = Result<Vec<Result<A, StorageError>>, StorageError>;

/// What the writer task writes with: the storage, seen only through this one method so that
/// this file does not depend on the storage that holds its queue.
pub(super) trait WriteBatch<T: Queued>: Send + Sync + 'static {
    /// Stores the writes in one transaction, in order, and answers only after the commit. A
    /// write refused on its own gets its own `Err` while the others are stored; an `Err` for
    /// the whole batch means none of them was.
    fn write_batch(&self, batch: &[&T]) -> impl Future<Output = BatchAnswers<T::Answer>> + Send;
}

/// The most writes stored in one transaction.
const MAX_BATCH: usize = 256;
/// The most writes waiting; beyond it a write waits to be queued, so a stalled database slows
/// requests down rather than growing memory without limit.
const MAX_WAITING: usize = 4096;

type Answering<T> = oneshot::Sender<Result<<T as Queued>::Answer, StorageError>>;
type Pending<T> = (T, Answering<T>);

/// The queue in front of one writer task; cloned with `Storage`.
pub(super) struct GroupCommit<T: Queued> {
    queue: mpsc::Sender<Pending<T>>,
}

impl<T: Queued> Clone for GroupCommit<T> {
    fn clone(&self) -> Self {
        GroupCommit {
            queue: self.queue.clone(),
        }
    }
}

impl<T: Queued> fmt::Debug for GroupCommit<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GroupCommit")
            .field("waiting", &(MAX_WAITING - self.queue.capacity()))
            .finish()
    }
}

impl<T: Queued> GroupCommit<T> {
    /// Starts the writer on `storage` (a copy without group commits of its own, so the task
    /// ends when the last `Storage` that can queue writes is dropped).
    pub fn start(storage: impl WriteBatch<T>) -> GroupCommit<T> {
        let (queue, pending) = mpsc::channel(MAX_WAITING);
        tokio::spawn(write_batches(storage, pending));
        GroupCommit { queue }
    }

    /// Queues a write and waits until it is committed (or refused).
    pub async fn write(&self, item: T) -> Result<T::Answer, StorageError> {
        let (answer, answered) = oneshot::channel();
        self.queue
            .send((item, answer))
            .await
            .map_err(|_| StorageError::WriterStopped)?;
        answered.await.map_err(|_| StorageError::WriterStopped)?
    }
}

/// Writes one item in a transaction of its own: how a copy without a queue writes, and how a
/// write is tried again after its batch failed.
pub(super) async fn write_alone<T: Queued>(
    storage: &impl WriteBatch<T>,
    item: &T,
) -> Result<T::Answer, StorageError> {
    storage
        .write_batch(&[item])
        .await?
        .into_iter()
        .next()
        .unwrap_or_else(|| Err(missing_answer()))
}

fn missing_answer() -> StorageError {
    StorageError::BatchFailed("the batch writer gave no answer for a write".to_string())
}

async fn write_batches<T: Queued>(
    storage: impl WriteBatch<T>,
    mut pending: mpsc::Receiver<Pending<T>>,
) {
    while let Some(first) = pending.recv().await {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match pending.try_recv() {
                Ok(next) => batch.push(next),
                Err(_) => break,
            }
        }
        // The sort is stable, so one person's writes keep their arrival order.
        batch.sort_by_key(|(item, _)| item.order_key());
        write_and_answer(&storage, batch).await;
    }
}

/// Writes one batch and answers each of its writers.
async fn write_and_answer<T: Queued>(storage: &impl WriteBatch<T>, batch: Vec<Pending<T>>) {
    let items: Vec<&T> = batch.iter().map(|(item, _)| item).collect();
    let written = storage.write_batch(&items).await;
    drop(items);
    match written {
        Ok(answers) => {
            let mut answers = answers.into_iter();
            for (_, answer) in batch {
                // A requester that stopped waiting no longer needs the answer.
                let _ = answer.send(answers.next().unwrap_or_else(|| Err(missing_answer())));
            }
        }
        // A write the database refuses as a whole batch (a constraint, or on PostgreSQL a
        // deadlock) must not fail the others: each is tried again on its own and gets its own
        // answer. Any other failure (the database unreachable or busy) is the same for all of
        // them, so all get it at once rather than waiting for it one by one.
        Err(StorageError::Database(sqlx::Error::Database(_))) if batch.len() > 1 => {
            for (item, answer) in batch {
                let _ = answer.send(write_alone(storage, &item).await);
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
