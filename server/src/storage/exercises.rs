//! Exercise drafts, submissions, grades and class settings. Answers are stored as JSON text
//! (`app::answers::Answers`); points in hundredths. Storing a submission is in `submissions.rs`.

use app::answers::Answers;
use app::policy::ClassExerciseSetting;
use sqlx::Row;

use domain::ids::{ClassId, UserId};
use domain::policy::Scope;

use super::clock;
use super::error::StorageError;
use super::pool::{class_key, Storage};
use super::security_events::{record_in, SecurityEvent};

pub use super::queued::SubmitOutcome;

/// A stored submission.
#[derive(Debug, Clone)]
pub struct StoredSubmission {
    pub id: i64,
    pub user_id: UserId,
    pub exercise_id: String,
    pub attempt: u32,
    pub answers: Answers,
    pub auto_points: u32,
    pub submitted_at: String,
}

/// A grade a person gave to one item of a submission.
#[derive(Debug, Clone)]
pub struct StoredGrade {
    pub submission_id: i64,
    pub item_id: String,
    pub points: u32,
    pub levels: Vec<usize>,
    pub comment: String,
}

fn answers_from_json(text: &str) -> Result<Answers, StorageError> {
    serde_json::from_str(text).map_err(|e| StorageError::Corrupt(format!("stored answers: {e}")))
}

pub(super) fn submission_from_row(
    row: &sqlx::any::AnyRow,
) -> Result<StoredSubmission, StorageError> {
    Ok(StoredSubmission {
        id: row.try_get("id")?,
        user_id: UserId(row.try_get("user_id")?),
        exercise_id: row.try_get("exercise_id")?,
        attempt: row.try_get::<i64, _>("attempt")? as u32,
        answers: answers_from_json(&row.try_get::<String, _>("answers")?)?,
        auto_points: row.try_get::<i64, _>("auto_points")? as u32,
        submitted_at: row.try_get("submitted_at")?,
    })
}

pub(super) fn grade_from_row(row: &sqlx::any::AnyRow) -> Result<StoredGrade, StorageError> {
    let levels: String = row.try_get("levels")?;
    Ok(StoredGrade {
        submission_id: row.try_get("submission_id")?,
        item_id: row.try_get("item_id")?,
        points: row.try_get::<i64, _>("points")? as u32,
        levels: serde_json::from_str(&levels)
            .map_err(|e| StorageError::Corrupt(format!("stored levels: {e}")))?,
        comment: row.try_get("comment")?,
    })
}

/// Makes `answers_json` the person's draft of the exercise (a submit does too, so that the page
/// shows the submitted answers again).
pub(super) async fn upsert_draft(
    connection: &mut sqlx::AnyConnection,
    user_id: i64,
    class_id: i64,
    exercise_id: &str,
    answers_json: &str,
    now: &str,
) -> Result<(), StorageError> {
    sqlx::query(
        "INSERT INTO exercise_drafts (user_id, class_id, exercise_id, answers, updated_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (user_id, class_id, exercise_id) DO UPDATE SET answers = excluded.answers, updated_at = excluded.updated_at",
    )
    .bind(user_id)
    .bind(class_id)
    .bind(exercise_id)
    .bind(answers_json)
    .bind(now)
    .execute(&mut *connection)
    .await?;
    Ok(())
}

const SUBMISSION_COLUMNS: &str =
    "id, user_id, exercise_id, attempt, answers, auto_points, submitted_at";

impl Storage {
    pub async fn save_draft(
        &self,
        user_id: UserId,
        scope: Scope,
        exercise_id: &str,
        answers: &Answers,
    ) -> Result<(), StorageError> {
        let json = serde_json::to_string(answers).expect("answers serialize");
        let mut tx = self.begin_write().await?;
        upsert_draft(
            &mut tx,
            user_id.get(),
            class_key(scope),
            exercise_id,
            &json,
            &clock::now(),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn draft(
        &self,
        user_id: UserId,
        scope: Scope,
        exercise_id: &str,
    ) -> Result<Answers, StorageError> {
        let text: Option<String> = sqlx::query_scalar(
            "SELECT answers FROM exercise_drafts WHERE user_id = $1 AND class_id = $2 AND exercise_id = $3",
        )
        .bind(user_id.get())
        .bind(class_key(scope))
        .bind(exercise_id)
        .fetch_optional(self.pool())
        .await?;
        text.map_or(Ok(Answers::new()), |t| answers_from_json(&t))
    }

    /// One person's submissions of an exercise, oldest first.
    pub async fn submissions_of(
        &self,
        user_id: UserId,
        scope: Scope,
        exercise_id: &str,
    ) -> Result<Vec<StoredSubmission>, StorageError> {
        let sql = format!("SELECT {SUBMISSION_COLUMNS} FROM exercise_submissions WHERE user_id = $1 AND class_id = $2 AND exercise_id = $3 ORDER BY attempt");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(user_id.get())
            .bind(class_key(scope))
            .bind(exercise_id)
            .fetch_all(self.pool())
            .await?;
        rows.iter().map(submission_from_row).collect()
    }

    /// Every submission in a class (of one exercise, or of all), oldest first.
    pub async fn class_submissions(
        &self,
        class_id: ClassId,
        exercise_id: Option<&str>,
    ) -> Result<Vec<StoredSubmission>, StorageError> {
        let sql = format!("SELECT {SUBMISSION_COLUMNS} FROM exercise_submissions WHERE class_id = $1 AND ($2 IS NULL OR exercise_id = $2) ORDER BY user_id, exercise_id, attempt");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(class_id.get())
            .bind(exercise_id)
            .fetch_all(self.pool())
            .await?;
        rows.iter().map(submission_from_row).collect()
    }

    /// The drafts of a class for one exercise: (user id, answers).
    pub async fn class_drafts(
        &self,
        class_id: ClassId,
        exercise_id: &str,
    ) -> Result<Vec<(UserId, Answers)>, StorageError> {
        let rows = sqlx::query(
            "SELECT user_id, answers FROM exercise_drafts WHERE class_id = $1 AND exercise_id = $2",
        )
        .bind(class_id.get())
        .bind(exercise_id)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|row| {
                Ok((
                    UserId(row.try_get("user_id")?),
                    answers_from_json(&row.try_get::<String, _>("answers")?)?,
                ))
            })
            .collect()
    }

    /// The grades given to the submissions of a class.
    /// The grades given to work done in `scope`.
    pub async fn class_grades(&self, scope: Scope) -> Result<Vec<StoredGrade>, StorageError> {
        let rows = sqlx::query(
            "SELECT g.submission_id, g.item_id, g.points, g.levels, g.comment FROM exercise_grades g
             JOIN exercise_submissions s ON s.id = g.submission_id WHERE s.class_id = $1",
        )
        .bind(class_key(scope))
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(grade_from_row).collect()
    }

    /// The class a submission belongs to, for checking who may grade it.
    pub async fn submission_class(
        &self,
        submission_id: i64,
    ) -> Result<Option<(ClassId, String)>, StorageError> {
        let row =
            sqlx::query("SELECT class_id, exercise_id FROM exercise_submissions WHERE id = $1")
                .bind(submission_id)
                .fetch_optional(self.pool())
                .await?;
        row.map(|row| {
            Ok((
                ClassId(row.try_get("class_id")?),
                row.try_get("exercise_id")?,
            ))
        })
        .transpose()
    }

    pub async fn save_grade(
        &self,
        grade: &StoredGrade,
        grader: UserId,
    ) -> Result<(), StorageError> {
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO exercise_grades (submission_id, item_id, points, levels, comment, graded_by, graded_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)
             ON CONFLICT (submission_id, item_id) DO UPDATE SET points = excluded.points, levels = excluded.levels,
               comment = excluded.comment, graded_by = excluded.graded_by, graded_at = excluded.graded_at",
        )
        .bind(grade.submission_id)
        .bind(&grade.item_id)
        .bind(i64::from(grade.points))
        .bind(serde_json::to_string(&grade.levels).expect("levels serialize"))
        .bind(&grade.comment)
        .bind(grader.get())
        .bind(clock::now())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The settings of every exercise the class's instructors touched: (exercise id, setting).
    pub async fn class_exercise_settings(
        &self,
        class_id: ClassId,
    ) -> Result<Vec<(String, ClassExerciseSetting)>, StorageError> {
        let rows = sqlx::query(
            "SELECT exercise_id, is_open, deadline, released FROM class_exercises WHERE class_id = $1",
        )
        .bind(class_id.get())
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|row| {
                Ok((
                    row.try_get("exercise_id")?,
                    ClassExerciseSetting {
                        open: row.try_get::<Option<i64>, _>("is_open")?.map(|v| v == 1),
                        deadline: row.try_get("deadline")?,
                        released: row.try_get::<i64, _>("released")? == 1,
                    },
                ))
            })
            .collect()
    }

    /// One exercise's setting in a class (the defaults if its instructors never touched it).
    pub async fn class_exercise_setting(
        &self,
        class_id: ClassId,
        exercise_id: &str,
    ) -> Result<ClassExerciseSetting, StorageError> {
        Ok(self
            .class_exercise_settings(class_id)
            .await?
            .into_iter()
            .find(|(id, _)| id == exercise_id)
            .map(|(_, setting)| setting)
            .unwrap_or_default())
    }

    /// Stores how the class has the exercise set up, with `event` (a release or a withholding of
    /// results) logged in the same transaction.
    pub async fn set_class_exercise(
        &self,
        class_id: ClassId,
        exercise_id: &str,
        setting: &ClassExerciseSetting,
        event: Option<&SecurityEvent>,
    ) -> Result<(), StorageError> {
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO class_exercises (class_id, exercise_id, is_open, deadline, released) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (class_id, exercise_id) DO UPDATE SET is_open = excluded.is_open, deadline = excluded.deadline,
               released = excluded.released",
        )
        .bind(class_id.get())
        .bind(exercise_id)
        .bind(setting.open.map(i64::from))
        .bind(setting.deadline.as_deref())
        .bind(i64::from(setting.released))
        .execute(&mut *tx)
        .await?;
        if let Some(event) = event {
            record_in(&mut tx, event).await?;
        }
        tx.commit().await?;
        Ok(())
    }
}
