//! CSV exports of a class's gradebook and of all its answers: RFC 4180 (comma-separated, fields
//! quoted when they hold a comma, a quote or a line break, CRLF line ends), UTF-8, a header row.

use app::api::exercises::format_points;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};

use super::results::{answer_rows, gradebook};
use crate::access::signed_in;
use crate::http_error::HttpError;
use crate::state::AppState;
use crate::storage::{SecurityEvent, Storage};
use domain::ids::{ClassId, UserId};
use domain::security_log::SecurityEventKind;

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

/// A CSV download named `file_name`, written to the security log as an export by `by`.
pub async fn logged_csv(
    storage: &Storage,
    by: UserId,
    class: Option<ClassId>,
    file_name: &str,
    body: String,
) -> Result<Response, HttpError> {
    let mut event = SecurityEvent::new(SecurityEventKind::Export)
        .by(by)
        .detail(file_name);
    if let Some(class) = class {
        event = event.in_class(class);
    }
    storage.record_security_event(&event).await?;
    Ok(csv_response(file_name, body))
}

/// A CSV download named `file_name`.
fn csv_response(file_name: &str, body: String) -> Response {
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
    let mut body = csv_record(&header_row);
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
        body.push_str(&csv_record(&fields));
    }
    logged_csv(
        backend.storage(),
        user.id,
        Some(class_id),
        &format!("class-{class_id}-gradebook.csv"),
        body,
    )
    .await
}

/// `GET /classes/{id}/answers.csv`
pub async fn answers_csv(
    State(backend): State<AppState>,
    headers: HeaderMap,
    Path(class_id): Path<ClassId>,
) -> Result<Response, HttpError> {
    let user = signed_in(&backend.accounts, &headers).await?;
    let rows = answer_rows(&backend, &user, class_id)
        .await
        .map_err(HttpError::from)?;
    let mut body = csv_record(&[
        "learner",
        "username",
        "exercise",
        "attempt",
        "submitted_at",
        "item",
        "answer",
        "points",
        "possible",
    ]);
    for (learner, username, exercise, attempt, at, item, answer, points, possible) in rows {
        body.push_str(&csv_record(&[
            learner,
            username,
            exercise,
            attempt.to_string(),
            at,
            item,
            answer,
            points
                .map(format_points)
                .unwrap_or_else(|| "pending".into()),
            format_points(possible),
        ]));
    }
    logged_csv(
        backend.storage(),
        user.id,
        Some(class_id),
        &format!("class-{class_id}-answers.csv"),
        body,
    )
    .await
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
