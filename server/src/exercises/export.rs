//! CSV exports of a class's gradebook and of all its answers, and the streaming every CSV export
//! of the server shares: RFC 4180 (comma-separated, fields quoted when they hold a comma, a quote
//! or a line break, CRLF line ends), UTF-8, a header row.
//!
//! Every export is streamed. The handler first checks who asks and records the export in the
//! security log; only then does it answer, with the header row at once. The rows follow in chunks
//! of `ROWS_PER_CHUNK` from a task of their own, so that a big class's file is never held whole
//! and its first byte does not wait for its last. The channel between the task and the
//! connection holds only `CHUNKS_AHEAD` chunks, so a slow reader slows the task down instead of
//! letting the rows pile up in memory, and a reader who goes away stops it.

use std::collections::BTreeMap;
use std::future::Future;

use app::answers::describe;
use app::api::exercises::{format_points, Gradebook};
use app::exercise::{Exercise, ItemForm};
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use tokio::sync::mpsc;
use tokio_stream::wrappers::ReceiverStream;

use super::results::{class_and_learners, gradebook};
use crate::access::signed_in;
use crate::http_error::HttpError;
use crate::state::AppState;
use crate::storage::{SecurityEvent, Storage, StorageError, StoredGrade, StoredSubmission};
use domain::ids::{ClassId, UserId};
use domain::security_log::SecurityEventKind;

/// Records per chunk: enough that a chunk is worth a write, few enough that rows come soon.
const ROWS_PER_CHUNK: usize = 32;
/// Chunks that may wait for a slow reader before the producing task waits too.
const CHUNKS_AHEAD: usize = 4;
/// Submissions the answers export reads from the database at a time. Each page is one short
/// query, so no connection stays taken while the reader is behind.
const SUBMISSIONS_PER_PAGE: u32 = 64;

/// The answers export's header row.
const ANSWER_HEADER: [&str; 9] = [
    "learner",
    "username",
    "exercise",
    "attempt",
    "submitted_at",
    "item",
    "answer",
    "points",
    "possible",
];

/// One CSV record. A field a spreadsheet would take for a formula (starting with `=`, `+`, `-`,
/// `@`, a tab or a carriage return) gets a leading apostrophe, so that a learner's answer cannot
/// run as one.
pub fn csv_record<S: AsRef<str>>(fields: &[S]) -> String {
    let mut line = fields
        .iter()
        .map(|field| {
            let field = field.as_ref();
            let field = if field.starts_with(['=', '+', '-', '@', '\t', '\r']) {
                format!("'{field}")
            } else {
                field.to_string()
            };
            if field.contains([',', '"', '\r', '\n']) {
                format!("\"{}\"", field.replace('"', "\"\""))
            } else {
                field
            }
        })
        .collect::<Vec<_>>()
        .join(",");
    line.push_str("\r\n");
    line
}

/// Why an export's rows stopped before their end.
#[derive(Debug)]
pub enum Stopped {
    /// The reader went away (closed the connection), so nobody is left to send the rest to.
    Gone,
    /// The rows could not be read. The download is cut off, so that it cannot pass for complete.
    Failed(String),
}

impl From<StorageError> for Stopped {
    fn from(error: StorageError) -> Stopped {
        Stopped::Failed(error.to_string())
    }
}

/// What the channel carries to the body: a chunk of records, or the error that cuts it off.
type Chunk = Result<String, std::io::Error>;

/// The writing end of a streamed CSV: records are gathered and sent `ROWS_PER_CHUNK` at a time.
pub struct CsvRows {
    sender: mpsc::Sender<Chunk>,
    chunk: String,
    rows: usize,
}

impl CsvRows {
    /// Adds one record, and sends the chunk when it is full (waiting while the reader is behind).
    pub async fn push<S: AsRef<str>>(&mut self, fields: &[S]) -> Result<(), Stopped> {
        self.chunk.push_str(&csv_record(fields));
        self.rows += 1;
        if self.rows < ROWS_PER_CHUNK {
            return Ok(());
        }
        self.flush().await
    }

    /// Sends the records gathered so far, if any.
    async fn flush(&mut self) -> Result<(), Stopped> {
        self.rows = 0;
        if self.chunk.is_empty() {
            return Ok(());
        }
        let chunk = std::mem::take(&mut self.chunk);
        self.sender.send(Ok(chunk)).await.map_err(|_| Stopped::Gone)
    }
}

/// A streamed CSV download named `file_name`. The export is written to the security log as done
/// by `by` first, so a failure there is a 503 with nothing sent; then the answer starts with the
/// header row, and `rows` writes the rest from a task of its own. The caller has checked
/// permissions already, so a refusal never reaches this point and never sends a byte of CSV.
pub async fn logged_csv<S, F, Fut>(
    storage: &Storage,
    by: UserId,
    class: Option<ClassId>,
    file_name: &str,
    header: &[S],
    rows: F,
) -> Result<Response, HttpError>
where
    S: AsRef<str>,
    F: FnOnce(CsvRows) -> Fut,
    Fut: Future<Output = Result<CsvRows, Stopped>> + Send + 'static,
{
    let mut event = SecurityEvent::new(SecurityEventKind::Export)
        .by(by)
        .detail(file_name);
    if let Some(class) = class {
        event = event.in_class(class);
    }
    storage.record_security_event(&event).await?;
    let (sender, receiver) = mpsc::channel(CHUNKS_AHEAD);
    // The channel is new and empty, so the header row always fits and goes out first.
    let _ = sender.try_send(Ok(csv_record(header)));
    let failure = sender.clone();
    let producing = rows(CsvRows {
        sender,
        chunk: String::new(),
        rows: 0,
    });
    let name = file_name.to_string();
    tokio::spawn(async move {
        // The rows are produced in a task of their own, so that even a panic among them cuts the
        // download off (through `failure`) instead of ending it as if it were complete.
        let stopped = match tokio::spawn(producing).await {
            Ok(Ok(mut rest)) => rest.flush().await.err(),
            Ok(Err(stopped)) => Some(stopped),
            Err(crashed) => Some(Stopped::Failed(crashed.to_string())),
        };
        if let Some(Stopped::Failed(detail)) = stopped {
            tracing::error!(%detail, file = %name, "a CSV export failed part-way; cut off");
            // An error item ends the body without its proper end, so the reader's download
            // fails instead of looking complete.
            let _ = failure.send(Err(std::io::Error::other(detail))).await;
        }
    });
    let body = Body::from_stream(ReceiverStream::new(receiver));
    Ok(csv_response(file_name, body))
}

/// A CSV download named `file_name`.
fn csv_response(file_name: &str, body: Body) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file_name}\""),
            ),
        ],
        body,
    )
        .into_response()
}

/// `GET /classes/{id}/gradebook.csv`
pub async fn gradebook_csv(
    State(backend): State<AppState>,
    headers: HeaderMap,
    Path(class_id): Path<ClassId>,
) -> Result<Response, HttpError> {
    let user = signed_in(&backend.accounts, &headers).await?;
    let book = gradebook(&backend, &user, class_id)
        .await
        .map_err(HttpError::from)?;
    let mut header_row = vec!["learner".to_string(), "username".to_string()];
    header_row.extend(book.exercises.iter().map(|(id, _, _)| id.clone()));
    header_row.push("total".to_string());
    logged_csv(
        backend.storage(),
        user.id,
        Some(class_id),
        &format!("class-{class_id}-gradebook.csv"),
        &header_row,
        move |rows| gradebook_rows(rows, book),
    )
    .await
}

/// The gradebook's records, one per learner. The page's own computation (`results::gradebook`)
/// needs every submission and grade of the class to find each learner's best result, so the rows
/// are formatted in chunks from it rather than read again page by page with it copied here.
async fn gradebook_rows(mut rows: CsvRows, book: Gradebook) -> Result<CsvRows, Stopped> {
    for row in &book.rows {
        let mut fields = vec![row.learner.clone(), row.username.clone()];
        fields.extend(row.cells.iter().zip(&row.pending).map(|(cell, pending)| {
            match (cell, pending) {
                (Some(points), _) => format_points(*points),
                (None, true) => "pending".to_string(),
                (None, false) => String::new(),
            }
        }));
        fields.push(format_points(row.total));
        rows.push(&fields).await?;
    }
    Ok(rows)
}

/// `GET /classes/{id}/answers.csv`: one record per item of every submission of the class, learner
/// by learner (in the order of their accounts), exercise by exercise, attempt by attempt.
pub async fn answers_csv(
    State(backend): State<AppState>,
    headers: HeaderMap,
    Path(class_id): Path<ClassId>,
) -> Result<Response, HttpError> {
    let user = signed_in(&backend.accounts, &headers).await?;
    let (_, learners) = class_and_learners(&backend, &user, class_id)
        .await
        .map_err(HttpError::from)?;
    let names: BTreeMap<UserId, (String, String)> = learners
        .into_iter()
        .map(|l| (l.user_id, (l.display_name, l.username)))
        .collect();
    let state = backend.clone();
    logged_csv(
        backend.storage(),
        user.id,
        Some(class_id),
        &format!("class-{class_id}-answers.csv"),
        &ANSWER_HEADER,
        move |rows| answer_pages(rows, state, class_id, names),
    )
    .await
}

/// The answers export's records, read a page of submissions at a time (with that page's grades),
/// so that however many answers a class holds, one page of them is in memory. Someone who is not
/// (or no longer) a learner of the class is shown without a name, as the export always was.
async fn answer_pages(
    mut rows: CsvRows,
    backend: AppState,
    class_id: ClassId,
    names: BTreeMap<UserId, (String, String)>,
) -> Result<CsvRows, Stopped> {
    let storage = backend.storage();
    let mut after: Option<StoredSubmission> = None;
    loop {
        let page = storage
            .class_submissions_after(class_id, after.as_ref(), SUBMISSIONS_PER_PAGE)
            .await?;
        let ids: Vec<i64> = page.iter().map(|s| s.id).collect();
        let grades = storage.grades_of_submissions(&ids).await?;
        for submission in &page {
            let Some(exercise) = backend.course.exercise(&submission.exercise_id) else {
                continue;
            };
            let (name, username) = names
                .get(&submission.user_id)
                .map_or(("", ""), |(n, u)| (n.as_str(), u.as_str()));
            for record in submission_records(exercise, submission, &grades, name, username) {
                rows.push(&record).await?;
            }
        }
        // A page shorter than asked for was the last.
        if page.len() < SUBMISSIONS_PER_PAGE as usize {
            return Ok(rows);
        }
        after = page.into_iter().last();
    }
}

/// One submission's records in the answers export, one per item in the exercise's order: the
/// answer in words, and its points (an unanswered essay scores zero by itself; an answered one
/// is "pending" until a person grades it).
fn submission_records(
    exercise: &Exercise,
    submission: &StoredSubmission,
    grades: &[StoredGrade],
    name: &str,
    username: &str,
) -> Vec<[String; 9]> {
    exercise
        .items
        .iter()
        .zip(&exercise.keys)
        .map(|(item, key)| {
            let answer = submission.answers.get(&item.id);
            let points = match item.form {
                ItemForm::Essay { .. } if answer.is_none() => Some(0),
                ItemForm::Essay { .. } => grades
                    .iter()
                    .find(|g| g.submission_id == submission.id && g.item_id == item.id)
                    .map(|g| g.points),
                _ => app::exercise::grade(item.points, &key.answer, answer),
            };
            [
                name.to_string(),
                username.to_string(),
                exercise.id.clone(),
                submission.attempt.to_string(),
                submission.submitted_at.clone(),
                item.id.clone(),
                answer.map(|a| describe(&item.form, a)).unwrap_or_default(),
                points
                    .map(format_points)
                    .unwrap_or_else(|| "pending".into()),
                format_points(item.points * 100),
            ]
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::csv_record;

    #[test]
    fn fields_are_quoted_as_rfc_4180_says() {
        assert_eq!(csv_record(&["a", "b"]), "a,b\r\n");
        assert_eq!(
            csv_record(&["x, y", "say \"hi\"", "two\nlines"]),
            "\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\r\n"
        );
        assert_eq!(csv_record(&["Zoë", ""]), "Zoë,\r\n");
    }

    #[test]
    fn formulas_are_made_inert() {
        assert_eq!(
            csv_record(&["=HYPERLINK(\"x\")"]),
            "\"'=HYPERLINK(\"\"x\"\")\"\r\n"
        );
        assert_eq!(csv_record(&["-1", "@x"]), "'-1,'@x\r\n");
    }

    /// Reads one RFC 4180 record (the test's own reader, independent of the writer).
    fn read_record(line: &str) -> Vec<String> {
        let body = line.strip_suffix("\r\n").expect("a record ends with CRLF");
        let mut fields = vec![String::new()];
        let mut chars = body.chars().peekable();
        let mut quoted = false;
        while let Some(c) = chars.next() {
            match (quoted, c) {
                (false, '"') if fields.last().unwrap().is_empty() => quoted = true,
                (true, '"') if chars.peek() == Some(&'"') => {
                    chars.next();
                    fields.last_mut().unwrap().push('"');
                }
                (true, '"') => quoted = false,
                (false, ',') => fields.push(String::new()),
                (_, c) => fields.last_mut().unwrap().push(c),
            }
        }
        fields
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(
            std::env::var("FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(2000)
        ))]

        /// Any fields, hostile ones included, read back as one record with the same fields, each
        /// either as given or with the formula guard in front of a formula's first character.
        #[test]
        fn any_fields_read_back_as_one_record(
            fields in proptest::collection::vec("[=+@\\-\t\r\n\",a-z\u{e9}\u{1F600} ]{0,12}|.{0,40}", 0..8)
        ) {
            let line = csv_record(&fields);
            let read = read_record(&line);
            let expected_count = fields.len().max(1);
            proptest::prop_assert_eq!(read.len(), expected_count);
            for (written, read) in fields.iter().zip(&read) {
                if written.starts_with(['=', '+', '-', '@', '\t', '\r']) {
                    proptest::prop_assert_eq!(read, &format!("'{written}"));
                } else {
                    proptest::prop_assert_eq!(read, written);
                }
            }
        }
    }
}
