//! Answers to a live session's quick checks: one row per learner and run, replaced when they
//! change their answer, stored only while that run takes answers.

use domain::ids::{ClassId, UserId};
use domain::quick_check::CheckAnswer;
use sqlx::Row;

use super::error::StorageError;
use super::pool::Storage;

impl Storage {
    /// Stores (or replaces) `user`'s answer to run `run` of the class's check, in one statement
    /// that stores it only while that run takes answers. `false`: the check is closed (or was
    /// replaced, or the session ended), and nothing was stored.
    pub async fn answer_check(
        &self,
        class_id: ClassId,
        run: i64,
        user: UserId,
        answer: &CheckAnswer,
    ) -> Result<bool, StorageError> {
        let json = serde_json::to_string(answer).expect("an answer serializes");
        let stored = sqlx::query(
            "INSERT INTO live_check_answers (class_id, run, user_id, answer, answered_at)
             SELECT $1, $2, $3, $4, $5 FROM live_sessions WHERE class_id = $1 AND open_run = $2
             ON CONFLICT (class_id, run, user_id) DO UPDATE SET answer = excluded.answer,
               answered_at = excluded.answered_at",
        )
        .bind(class_id.get())
        .bind(run)
        .bind(user.get())
        .bind(json)
        .bind(super::clock::now())
        .execute(self.pool())
        .await?;
        Ok(stored.rows_affected() > 0)
    }

    /// Every answer to run `run` of the class's check.
    pub async fn check_answers(
        &self,
        class_id: ClassId,
        run: i64,
    ) -> Result<Vec<CheckAnswer>, StorageError> {
        let rows =
            sqlx::query("SELECT answer FROM live_check_answers WHERE class_id = $1 AND run = $2")
                .bind(class_id.get())
                .bind(run)
                .fetch_all(self.pool())
                .await?;
        rows.iter()
            .map(|row| parse_answer(row.try_get("answer")?))
            .collect()
    }

    /// `user`'s answer to run `run`, if they gave one.
    pub async fn check_answer_of(
        &self,
        class_id: ClassId,
        run: i64,
        user: UserId,
    ) -> Result<Option<CheckAnswer>, StorageError> {
        let row = sqlx::query(
            "SELECT answer FROM live_check_answers WHERE class_id = $1 AND run = $2 AND user_id = $3",
        )
        .bind(class_id.get())
        .bind(run)
        .bind(user.get())
        .fetch_optional(self.pool())
        .await?;
        row.map(|row| parse_answer(row.try_get("answer")?))
            .transpose()
    }
}

fn parse_answer(json: String) -> Result<CheckAnswer, StorageError> {
    serde_json::from_str(&json)
        .map_err(|error| StorageError::Corrupt(format!("a quick check answer: {error}")))
}
