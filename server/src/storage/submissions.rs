//! Storing exercise submissions. Submissions arriving together are committed together (see
//! `group_commit`): a storm of learners submitting at the end of an exercise costs one disk sync
//! per batch instead of one per learner, and each learner is answered only after the commit.
//!
//! The rules are those of one submission per transaction, kept inside the batch's transaction:
//! a request stored before is answered with its attempt (a double click or a retry), the attempt
//! number is the count of the person's earlier submissions plus one, and a person with no
//! attempt left is refused. The submissions of a batch are written one after another in its
//! transaction, so each sees every earlier one of the batch; batches take turns with every other
//! writer of the same person and exercise (SQLite has one writer at a time; on PostgreSQL each
//! batch first takes an advisory lock per person and exercise). So two submits of one person
//! never both take the last attempt, whichever batch or server they land in; the unique index on
//! (user, class, exercise, attempt) backs this up.

use std::collections::BTreeSet;

use app::answers::Answers;
use sqlx::{Any, AnyConnection, Connection, Row, Transaction};

use domain::ids::UserId;
use domain::policy::Scope;

use super::clock;
use super::error::{Engine, StorageError};
use super::exercises::upsert_draft;
use super::group_commit::{write_alone, BatchAnswers, WriteBatch};
use super::pool::{class_key, Storage};
use super::queued::{SubmitOutcome, SubmitRequest};

impl Storage {
    /// Stores a submission unless `request_id` was stored before or no attempt is left; the
    /// draft becomes the submitted answers. Concurrent submits are committed together; this
    /// answers after the commit, so an acknowledged submission is on disk.
    #[allow(clippy::too_many_arguments)]
    pub async fn submit(
        &self,
        user_id: UserId,
        scope: Scope,
        exercise_id: &str,
        request_id: &str,
        answers: &Answers,
        auto_points: u32,
        max_attempts: u32,
    ) -> Result<SubmitOutcome, StorageError> {
        let request = SubmitRequest {
            user_id: user_id.get(),
            class_id: class_key(scope),
            exercise_id: exercise_id.to_string(),
            request_id: request_id.to_string(),
            answers_json: serde_json::to_string(answers).expect("answers serialize"),
            auto_points: i64::from(auto_points),
            max_attempts: i64::from(max_attempts),
        };
        match &self.submissions {
            Some(queue) => queue.write(request).await,
            None => write_alone(self, &request).await,
        }
    }

    /// Stores a batch of submissions in one transaction, in order, and answers each after the
    /// commit. A submission the database refuses (its account deleted meanwhile) is rolled back
    /// to its savepoint and answered with the error; the others are still stored.
    pub(super) async fn write_submissions(
        &self,
        batch: &[&SubmitRequest],
    ) -> BatchAnswers<SubmitOutcome> {
        let mut tx = self.begin_write().await?;
        self.lock_submitters(&mut tx, batch).await?;
        let mut answers = Vec::with_capacity(batch.len());
        for request in batch {
            answers.push(submit_one(&mut tx, request).await?);
        }
        tx.commit().await?;
        Ok(answers)
    }

    /// On PostgreSQL, makes one person's submits of one exercise take turns with those of other
    /// servers until `tx` ends (on SQLite `BEGIN IMMEDIATE` already allows one writer at a
    /// time). Every key of the batch is locked up front, in sorted order (see `lock_keys`). Two
    /// keys whose hashes collide could still make two servers' batches deadlock; PostgreSQL
    /// then fails one of them, whose submissions are each tried again alone.
    async fn lock_submitters(
        &self,
        tx: &mut Transaction<'static, Any>,
        batch: &[&SubmitRequest],
    ) -> Result<(), StorageError> {
        if self.engine() != Engine::Postgres {
            return Ok(());
        }
        let keys: BTreeSet<String> = batch
            .iter()
            .map(|r| format!("submit:{}:{}:{}", r.user_id, r.class_id, r.exercise_id))
            .collect();
        self.lock_keys(tx, &keys).await
    }
}

/// One submission of a batch, inside the batch's transaction. The outer `Err` fails the whole
/// batch (the connection or the transaction is broken); the inner one is this submission's own
/// refusal by the database, after its writes were rolled back to a savepoint so that the
/// transaction goes on for the others (PostgreSQL refuses every statement of a transaction after
/// an error until it is rolled back to a savepoint).
async fn submit_one(
    tx: &mut Transaction<'static, Any>,
    request: &SubmitRequest,
) -> Result<Result<SubmitOutcome, StorageError>, StorageError> {
    let row = sqlx::query(
        "SELECT (SELECT attempt FROM exercise_submissions WHERE user_id = $1 AND request_id = $2) AS earlier,
                (SELECT COUNT(*) FROM exercise_submissions WHERE user_id = $1 AND class_id = $3 AND exercise_id = $4) AS used",
    )
    .bind(request.user_id)
    .bind(&request.request_id)
    .bind(request.class_id)
    .bind(&request.exercise_id)
    .fetch_one(&mut **tx)
    .await?;
    if let Some(attempt) = row.try_get::<Option<i64>, _>("earlier")? {
        return Ok(Ok(SubmitOutcome::AlreadyStored {
            attempt: attempt as u32,
        }));
    }
    let used: i64 = row.try_get("used")?;
    if used >= request.max_attempts {
        return Ok(Ok(SubmitOutcome::NoAttemptsLeft));
    }
    let attempt = used + 1;
    let mut savepoint = Connection::begin(&mut **tx).await?;
    let inserted = insert_submission(&mut savepoint, request, attempt).await;
    match inserted {
        Ok(()) => {
            savepoint.commit().await?;
            Ok(Ok(SubmitOutcome::Stored {
                attempt: attempt as u32,
            }))
        }
        Err(refused) => {
            savepoint.rollback().await?;
            Ok(Err(refused))
        }
    }
}

/// Writes the submission row with its attempt number, and makes its answers the draft so that
/// the page shows them again.
async fn insert_submission(
    connection: &mut AnyConnection,
    request: &SubmitRequest,
    attempt: i64,
) -> Result<(), StorageError> {
    let now = clock::now();
    sqlx::query(
        "INSERT INTO exercise_submissions (user_id, class_id, exercise_id, attempt, request_id, answers, auto_points, submitted_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(request.user_id)
    .bind(request.class_id)
    .bind(&request.exercise_id)
    .bind(attempt)
    .bind(&request.request_id)
    .bind(&request.answers_json)
    .bind(request.auto_points)
    .bind(&now)
    .execute(&mut *connection)
    .await?;
    upsert_draft(
        connection,
        request.user_id,
        request.class_id,
        &request.exercise_id,
        &request.answers_json,
        &now,
    )
    .await
}

impl WriteBatch<SubmitRequest> for Storage {
    fn write_batch(
        &self,
        batch: &[&SubmitRequest],
    ) -> impl std::future::Future<Output = BatchAnswers<SubmitOutcome>> + Send {
        Storage::write_submissions(self, batch)
    }
}
