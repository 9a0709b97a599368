//! The reads behind the streamed CSV exports: the rows other queries give whole, here a page at a
//! time. Each page starts after the last row of the page before (keyset paging, in the export's
//! own order), so an export holds one page in memory, and no connection stays taken while the
//! reader of the download is slow: each page is a short query of its own.

use domain::ids::ClassId;
use domain::security_log::{SecurityEventKind, SecurityEventView};

use super::error::StorageError;
use super::exercises::{grade_from_row, submission_from_row, StoredGrade, StoredSubmission};
use super::pool::Storage;
use super::security_events::{event_from_row, SecurityEventFilter};

impl Storage {
    /// Up to `limit` submissions of a class, in the order of `class_submissions` (learner by
    /// account number, exercise, attempt), after `after` (from the first when `None`). That
    /// triple is unique in a class, so no submission is skipped or repeated between pages.
    pub async fn class_submissions_after(
        &self,
        class_id: ClassId,
        after: Option<&StoredSubmission>,
        limit: u32,
    ) -> Result<Vec<StoredSubmission>, StorageError> {
        // Account numbers start at 1, so (0, '', 0) comes before every submission.
        let (user, exercise, attempt) = after.map_or((0, "", 0), |s| {
            (
                s.user_id.get(),
                s.exercise_id.as_str(),
                i64::from(s.attempt),
            )
        });
        let rows = sqlx::query(
            "SELECT id, user_id, exercise_id, attempt, answers, auto_points, submitted_at
             FROM exercise_submissions
             WHERE class_id = $1 AND (user_id, exercise_id, attempt) > ($2, $3, $4)
             ORDER BY user_id, exercise_id, attempt LIMIT $5",
        )
        .bind(class_id.get())
        .bind(user)
        .bind(exercise)
        .bind(attempt)
        .bind(i64::from(limit.max(1)))
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(submission_from_row).collect()
    }

    /// The grades given to these submissions (a page of them: the list becomes one placeholder
    /// each).
    pub async fn grades_of_submissions(
        &self,
        submission_ids: &[i64],
    ) -> Result<Vec<StoredGrade>, StorageError> {
        if submission_ids.is_empty() {
            return Ok(Vec::new());
        }
        // The SQL is built from placeholder numbers only; the ids themselves are bound.
        let placeholders = (1..=submission_ids.len())
            .map(|n| format!("${n}"))
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!(
            "SELECT submission_id, item_id, points, levels, comment FROM exercise_grades
             WHERE submission_id IN ({placeholders})"
        );
        // Not kept as a prepared statement: its text changes with the size of the page.
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql)).persistent(false);
        for id in submission_ids {
            query = query.bind(*id);
        }
        let rows = query.fetch_all(self.pool()).await?;
        rows.iter().map(grade_from_row).collect()
    }

    /// Up to `filter.limit` events matching `filter`, newest first, older than the event
    /// `before` (from the newest when `None`): the CSV's pages of what `security_events` gives
    /// the page whole. Events only ever get higher numbers, so those written while the pages are
    /// read (the export's own record among them) never appear in a later page.
    pub async fn security_events_before(
        &self,
        filter: &SecurityEventFilter,
        before: Option<i64>,
    ) -> Result<Vec<SecurityEventView>, StorageError> {
        let rows = sqlx::query(
            "SELECT e.id, e.at, e.kind, a.username AS actor, s.username AS subject, e.class_id, e.address, e.detail
             FROM security_events e
             LEFT JOIN users a ON a.id = e.actor_id
             LEFT JOIN users s ON s.id = e.subject_id
             WHERE ($1 = '' OR e.kind = $1)
               AND ($2 = '' OR lower(a.username) = lower($2) OR lower(s.username) = lower($2))
               AND ($3 = 0 OR e.class_id = $3)
               AND ($4 = 0 OR e.id < $4)
             ORDER BY e.id DESC LIMIT $5",
        )
        .bind(filter.kind.map_or("", SecurityEventKind::as_str))
        .bind(filter.person.as_deref().unwrap_or(""))
        .bind(filter.class.map_or(0, ClassId::get))
        // Event numbers start at 1, so 0 means "no bound".
        .bind(before.unwrap_or(0))
        .bind(i64::from(filter.limit.clamp(1, 100_000)))
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(event_from_row).collect()
    }
}
