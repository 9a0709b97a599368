//! The room's questions (with their upvotes) and signals in a live session.
//!
//! A question is posted with the times of its author's earlier posts checked inside the same
//! writing transaction, so two posts sent at once cannot both slip under the rate limit. An
//! upvote is a row per person and question (a second one changes nothing). A signal is a row per
//! person and kind, replaced when raised again and deleted when lowered; which still count is
//! decided by their age when read.

use domain::ids::{ClassId, UserId};
use domain::live_room::{may_post, Question, QuestionChange, SignalKind};
use sqlx::Row;

use super::error::StorageError;
use super::pool::Storage;

/// What posting a question came to.
#[derive(Debug, PartialEq, Eq)]
pub enum Posted {
    Stored(i64),
    /// Refused by the rate limit, with the sentence that says when to try again.
    TooSoon(String),
}

/// A question as the export lists it: everything, hidden ones too.
#[derive(Debug, Clone)]
pub struct ExportedQuestion {
    pub posted_ms: i64,
    pub author: String,
    pub username: String,
    pub text: String,
    pub votes: i64,
    pub pinned: bool,
    pub answered: bool,
    pub hidden: bool,
}

impl Storage {
    /// Posts a question (`text` as typed, `html` rendered safe) unless its author posted too
    /// recently.
    pub async fn post_question(
        &self,
        class_id: ClassId,
        author: UserId,
        text: &str,
        html: &str,
        now_ms: i64,
    ) -> Result<Posted, StorageError> {
        let mut tx = self.begin_write().await?;
        self.lock_key(&mut tx, &format!("questions:{class_id}:{author}"))
            .await?;
        let earlier: Vec<i64> = sqlx::query(
            "SELECT posted_ms FROM live_questions WHERE class_id = $1 AND author_id = $2 AND posted_ms > $3",
        )
        .bind(class_id.get())
        .bind(author.get())
        .bind(now_ms - domain::live_room::POST_WINDOW_MS)
        .fetch_all(&mut *tx)
        .await?
        .iter()
        .map(|row| row.try_get("posted_ms"))
        .collect::<Result<_, _>>()?;
        if let Err(wait) = may_post(&earlier, now_ms) {
            return Ok(Posted::TooSoon(wait));
        }
        let id: i64 = sqlx::query(
            "INSERT INTO live_questions (class_id, author_id, body, body_html, posted_ms)
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(class_id.get())
        .bind(author.get())
        .bind(text)
        .bind(html)
        .bind(now_ms)
        .fetch_one(&mut *tx)
        .await?
        .try_get("id")?;
        tx.commit().await?;
        Ok(Posted::Stored(id))
    }

    /// Records `voter`'s upvote of a question of the class (once; not their own question).
    /// `false`: no such visible question of this class, or it is their own.
    pub async fn upvote_question(
        &self,
        class_id: ClassId,
        question_id: i64,
        voter: UserId,
    ) -> Result<bool, StorageError> {
        let stored = sqlx::query(
            "INSERT INTO live_question_votes (question_id, user_id)
             SELECT id, $3 FROM live_questions
             WHERE id = $1 AND class_id = $2 AND hidden = 0 AND author_id <> $3
             ON CONFLICT (question_id, user_id) DO NOTHING",
        )
        .bind(question_id)
        .bind(class_id.get())
        .bind(voter.get())
        .execute(self.pool())
        .await?;
        if stored.rows_affected() > 0 {
            return Ok(true);
        }
        // Already upvoted counts as done; a missing, hidden or own question does not.
        let voted = sqlx::query(
            "SELECT 1 AS one FROM live_question_votes v JOIN live_questions q ON q.id = v.question_id
             WHERE v.question_id = $1 AND v.user_id = $2 AND q.class_id = $3 AND q.hidden = 0",
        )
        .bind(question_id)
        .bind(voter.get())
        .bind(class_id.get())
        .fetch_optional(self.pool())
        .await?;
        Ok(voted.is_some())
    }

    /// The class's visible questions as `viewer` sees them; authors' names only when
    /// `with_authors`.
    pub async fn questions(
        &self,
        class_id: ClassId,
        viewer: UserId,
        with_authors: bool,
    ) -> Result<Vec<Question>, StorageError> {
        let rows = sqlx::query(
            "SELECT q.id, q.body_html, q.posted_ms, q.pinned, q.answered, q.author_id, u.display_name,
                    (SELECT COUNT(*) FROM live_question_votes v WHERE v.question_id = q.id) AS votes,
                    (SELECT COUNT(*) FROM live_question_votes v WHERE v.question_id = q.id AND v.user_id = $2) AS voted
             FROM live_questions q JOIN users u ON u.id = q.author_id
             WHERE q.class_id = $1 AND q.hidden = 0",
        )
        .bind(class_id.get())
        .bind(viewer.get())
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|row| {
                Ok(Question {
                    id: row.try_get("id")?,
                    html: row.try_get("body_html")?,
                    author: if with_authors {
                        Some(row.try_get("display_name")?)
                    } else {
                        None
                    },
                    votes: row.try_get::<i64, _>("votes")? as u32,
                    voted: row.try_get::<i64, _>("voted")? > 0,
                    mine: row.try_get::<i64, _>("author_id")? == viewer.get(),
                    pinned: row.try_get::<i64, _>("pinned")? == 1,
                    answered: row.try_get::<i64, _>("answered")? == 1,
                    at: row.try_get("posted_ms")?,
                })
            })
            .collect()
    }

    /// Applies an instructor's change to a question of the class; `false` when there is none.
    pub async fn change_question(
        &self,
        class_id: ClassId,
        question_id: i64,
        change: QuestionChange,
    ) -> Result<bool, StorageError> {
        let (column, value) = match change {
            QuestionChange::Pin(on) => ("pinned", on),
            QuestionChange::Answered(on) => ("answered", on),
            QuestionChange::Hide => ("hidden", true),
        };
        let sql =
            format!("UPDATE live_questions SET {column} = $1 WHERE id = $2 AND class_id = $3");
        let changed = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(i64::from(value))
            .bind(question_id)
            .bind(class_id.get())
            .execute(self.pool())
            .await?;
        Ok(changed.rows_affected() > 0)
    }

    /// Every question of the class, hidden ones too, oldest first, for the instructor's export.
    pub async fn exported_questions(
        &self,
        class_id: ClassId,
    ) -> Result<Vec<ExportedQuestion>, StorageError> {
        let rows = sqlx::query(
            "SELECT q.posted_ms, u.display_name, u.username, q.body, q.pinned, q.answered, q.hidden,
                    (SELECT COUNT(*) FROM live_question_votes v WHERE v.question_id = q.id) AS votes
             FROM live_questions q JOIN users u ON u.id = q.author_id
             WHERE q.class_id = $1 ORDER BY q.posted_ms, q.id",
        )
        .bind(class_id.get())
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|row| {
                Ok(ExportedQuestion {
                    posted_ms: row.try_get("posted_ms")?,
                    author: row.try_get("display_name")?,
                    username: row.try_get("username")?,
                    text: row.try_get("body")?,
                    votes: row.try_get("votes")?,
                    pinned: row.try_get::<i64, _>("pinned")? == 1,
                    answered: row.try_get::<i64, _>("answered")? == 1,
                    hidden: row.try_get::<i64, _>("hidden")? == 1,
                })
            })
            .collect()
    }

    /// Raises (or, with `raised` false, lowers) `user`'s signal of `kind` in the class.
    pub async fn set_signal(
        &self,
        class_id: ClassId,
        user: UserId,
        kind: SignalKind,
        raised: bool,
        now_ms: i64,
    ) -> Result<(), StorageError> {
        let query = if raised {
            sqlx::query(
                "INSERT INTO live_signals (class_id, user_id, kind, raised_ms) VALUES ($1, $2, $3, $4)
                 ON CONFLICT (class_id, user_id, kind) DO UPDATE SET raised_ms = excluded.raised_ms",
            )
            .bind(class_id.get())
            .bind(user.get())
            .bind(kind.code())
            .bind(now_ms)
        } else {
            sqlx::query(
                "DELETE FROM live_signals WHERE class_id = $1 AND user_id = $2 AND kind = $3",
            )
            .bind(class_id.get())
            .bind(user.get())
            .bind(kind.code())
        };
        query.execute(self.pool()).await?;
        Ok(())
    }

    /// The class's signals raised since `since_ms`: (kind, raised at, who, whose).
    pub async fn signals(
        &self,
        class_id: ClassId,
        since_ms: i64,
    ) -> Result<Vec<(SignalKind, i64, String, UserId)>, StorageError> {
        let rows = sqlx::query(
            "SELECT s.kind, s.raised_ms, u.display_name, s.user_id FROM live_signals s
             JOIN users u ON u.id = s.user_id WHERE s.class_id = $1 AND s.raised_ms > $2",
        )
        .bind(class_id.get())
        .bind(since_ms)
        .fetch_all(self.pool())
        .await?;
        let mut signals = Vec::with_capacity(rows.len());
        for row in &rows {
            let code: String = row.try_get("kind")?;
            let kind = SignalKind::parse(&code)
                .ok_or_else(|| StorageError::Corrupt(format!("unknown signal `{code}`")))?;
            signals.push((
                kind,
                row.try_get("raised_ms")?,
                row.try_get("display_name")?,
                UserId(row.try_get("user_id")?),
            ));
        }
        Ok(signals)
    }
}
