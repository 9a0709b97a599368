//! The CSV exports are streamed: the header row at once, then the rows a chunk at a time (and, for
//! the answers and the security log, a page of the database at a time). These tests export more
//! rows than several chunks and pages hold and read each body back as exactly the rows expected;
//! and check that whoever may not export is refused as before, with no CSV sent and no export
//! recorded.

use std::collections::BTreeMap;

use app::answers::Answers;
use app::exercise::Answer;
use app::people::{ClassMode, Role};
use domain::ids::{ClassId, UserId};
use domain::policy::Scope;
use domain::security_log::SecurityEventKind;
use server::storage::{NewClass, SecurityEvent, SecurityEventFilter};

use crate::helpers::{spawn_app, TestApp};

const EXERCISE: &str = "meridian-sponsorship-plan";
/// More learners than two chunks of rows (the server sends 32 a chunk) and than one page of
/// submissions (the answers export reads 64 at a time) hold.
const LEARNERS: usize = 70;
/// Each learner's essay: a formula, a comma, quotes and a line break, so that each of its records
/// needs the formula guard and quoting, wherever a chunk boundary falls.
const ESSAY: &str = "=HYPERLINK(\"x\"), they said \"go\"\nand then more";
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

/// A learner of the big class: account, display name, username.
type Learner = (UserId, String, String);

/// A session cookie for an account, without the slow password check of signing in.
async fn cookie_of(app: &TestApp, user: UserId) -> String {
    let token = app.accounts.start_session(user).await.unwrap();
    format!("{}={token}", server::accounts::session::COOKIE_NAME)
}

/// A class of `LEARNERS` learners, each with one submission of `EXERCISE` (its essay answered,
/// not graded). The learners are in the order of their accounts, which is also their names'.
async fn big_class(app: &TestApp, instructor: UserId) -> (ClassId, Vec<Learner>) {
    let storage = &app.accounts.storage;
    let class_id = storage
        .create_class(NewClass {
            name: "Streamed",
            starts_on: "2026-12-01",
            ends_on: "2026-12-02",
            mode: ClassMode::SelfPaced,
            join_code: "STRM2345",
            instructor_id: instructor,
        })
        .await
        .unwrap()
        .unwrap();
    let answers: Answers = [("q6".to_string(), Answer::Text(ESSAY.to_string()))].into();
    let mut learners = Vec::new();
    for n in 0..LEARNERS {
        let username = format!("learner{n:03}");
        // A name with a comma and quotes is quoted in every record it is in.
        let display = format!("Learner {n:03}, \"L{n}\"");
        let user = storage
            .create_user(&username, &display, "not-a-real-hash", Role::Learner)
            .await
            .unwrap()
            .unwrap();
        storage.join_by_code("STRM2345", user.id).await.unwrap();
        storage
            .submit(
                user.id,
                Scope::Class(class_id),
                EXERCISE,
                &format!("streamed-{n}"),
                &answers,
                0,
                3,
            )
            .await
            .unwrap();
        learners.push((user.id, display, username));
    }
    (class_id, learners)
}

/// Reads a whole RFC 4180 body into records: the test's own reader, independent of the server's
/// writer. Quoted fields may hold commas, doubled quotes and line breaks; every record ends with
/// CRLF.
fn read_csv(body: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let mut record = vec![String::new()];
    let mut quoted = false;
    let mut chars = body.chars().peekable();
    while let Some(c) = chars.next() {
        let field = record.last_mut().unwrap();
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (false, '"') if field.is_empty() => quoted = true,
            (false, ',') => record.push(String::new()),
            (false, '\r') => {
                assert_eq!(chars.next(), Some('\n'), "a record ends with CRLF");
                records.push(std::mem::replace(&mut record, vec![String::new()]));
            }
            (_, c) => field.push(c),
        }
    }
    assert!(!quoted, "the body ends inside a quoted field");
    assert_eq!(record, vec![String::new()], "the body ends with CRLF");
    records
}

/// Downloads `path` as `cookie`, checks that it came as a streamed CSV attachment named
/// `file_name`, and reads it back.
async fn download(app: &TestApp, path: &str, cookie: &str, file_name: &str) -> Vec<Vec<String>> {
    let response = app.get_as(path, Some(cookie)).await;
    assert_eq!(response.status().as_u16(), 200, "{path}");
    let headers = response.headers().clone();
    assert_eq!(headers["content-type"], "text/csv; charset=utf-8");
    assert_eq!(
        headers["content-disposition"],
        format!("attachment; filename=\"{file_name}\"").as_str()
    );
    assert!(
        headers.get("content-length").is_none(),
        "a streamed body has no length announced before it: {headers:?}"
    );
    read_csv(&response.text().await.unwrap())
}

/// The gradebook: one record per learner, in the roster's order; the exercise they submitted is
/// pending (its essay is not graded), every other exercise empty, and the total 0.
fn expected_gradebook(header: &[String], learners: &[Learner]) -> Vec<Vec<String>> {
    let exercises = &header[2..header.len() - 1];
    learners
        .iter()
        .map(|(_, display, username)| {
            let mut record = vec![display.clone(), username.clone()];
            record.extend(exercises.iter().map(|exercise| {
                let cell = if exercise == EXERCISE { "pending" } else { "" };
                cell.to_string()
            }));
            record.push("0".to_string());
            record
        })
        .collect()
}

/// The answers: each learner's submission, item by item as the first learner's records list the
/// exercise's items (and what each is worth): the essay as written, with the formula guard, and
/// pending; every other item unanswered, scoring 0.
fn expected_answers(
    records: &[Vec<String>],
    learners: &[Learner],
    submitted_at: &BTreeMap<UserId, String>,
) -> Vec<Vec<String>> {
    let per_learner = (records.len() - 1) / learners.len();
    let items: Vec<(String, String)> = records[1..=per_learner]
        .iter()
        .map(|record| (record[5].clone(), record[8].clone()))
        .collect();
    assert!(items.iter().any(|(item, _)| item == "q1"), "{items:?}");
    assert!(items.iter().any(|(item, _)| item == "q6"), "{items:?}");
    let mut expected = Vec::new();
    for (id, display, username) in learners {
        for (item, possible) in &items {
            let (answer, points) = if item == "q6" {
                (format!("'{ESSAY}"), "pending")
            } else {
                (String::new(), "0")
            };
            expected.push(vec![
                display.clone(),
                username.clone(),
                EXERCISE.to_string(),
                "1".to_string(),
                submitted_at[id].clone(),
                item.clone(),
                answer,
                points.to_string(),
                possible.clone(),
            ]);
        }
    }
    expected
}

#[tokio::test]
async fn a_big_class_streams_exactly_its_rows_and_a_refusal_streams_nothing() {
    let app = spawn_app().await;
    let instructor = app.person("teach", Role::Instructor).await;
    let (class_id, learners) = big_class(&app, instructor.user.id).await;
    let teacher = instructor.cookie.as_str();

    let gradebook = download(
        &app,
        &format!("/classes/{class_id}/gradebook.csv"),
        teacher,
        &format!("class-{class_id}-gradebook.csv"),
    )
    .await;
    let header = &gradebook[0];
    assert_eq!(header[..2], ["learner", "username"]);
    assert_eq!(header.last().unwrap(), "total");
    assert!(header.iter().any(|column| column == EXERCISE), "{header:?}");
    assert_eq!(gradebook[1..], expected_gradebook(header, &learners)[..]);

    let answers = download(
        &app,
        &format!("/classes/{class_id}/answers.csv"),
        teacher,
        &format!("class-{class_id}-answers.csv"),
    )
    .await;
    assert_eq!(answers[0], ANSWER_HEADER);
    assert_eq!((answers.len() - 1) % LEARNERS, 0, "as many records each");
    let submitted_at: BTreeMap<UserId, String> = app
        .accounts
        .storage
        .class_submissions(class_id, Some(EXERCISE))
        .await
        .unwrap()
        .into_iter()
        .map(|submission| (submission.user_id, submission.submitted_at))
        .collect();
    assert_eq!(
        answers[1..],
        expected_answers(&answers, &learners, &submitted_at)[..]
    );

    refusals_send_no_csv(&app, class_id, learners[0].0).await;
    let exports = app
        .accounts
        .storage
        .security_events(&SecurityEventFilter {
            kind: Some(SecurityEventKind::Export),
            person: None,
            class: Some(class_id),
            limit: 100,
        })
        .await
        .unwrap();
    let files: Vec<&str> = exports.iter().map(|e| e.detail.as_str()).collect();
    assert_eq!(
        files,
        [
            format!("class-{class_id}-answers.csv"),
            format!("class-{class_id}-gradebook.csv"),
        ],
        "the two downloads are recorded, the refusals are not"
    );
}

/// A learner of the class, an outsider and another instructor get each of the class's exports
/// refused as before (403; 401 without a session), with no CSV: no attachment, no header row.
async fn refusals_send_no_csv(app: &TestApp, class_id: ClassId, learner: UserId) {
    let storage = &app.accounts.storage;
    let outsider = storage
        .create_user("eve", "Eve", "not-a-real-hash", Role::Learner)
        .await
        .unwrap()
        .unwrap();
    let other_instructor = storage
        .create_user("mallory", "Mallory", "not-a-real-hash", Role::Instructor)
        .await
        .unwrap()
        .unwrap();
    let people = [
        (
            "a learner of the class",
            Some(cookie_of(app, learner).await),
            403,
        ),
        ("an outsider", Some(cookie_of(app, outsider.id).await), 403),
        (
            "another instructor",
            Some(cookie_of(app, other_instructor.id).await),
            403,
        ),
        ("someone signed out", None, 401),
    ];
    for export in [
        "gradebook.csv",
        "answers.csv",
        "knowledge-check.csv",
        "appraisal.csv",
        "appraisal.csv?by=teams",
    ] {
        let path = format!("/classes/{class_id}/{export}");
        for (who, cookie, status) in &people {
            let response = app.get_as(&path, cookie.as_deref()).await;
            assert_eq!(response.status().as_u16(), *status, "{path} as {who}");
            let headers = response.headers().clone();
            assert!(
                headers.get("content-disposition").is_none(),
                "{path} as {who}: {headers:?}"
            );
            let content_type = headers.get("content-type").map(|v| v.to_str().unwrap());
            assert!(
                !content_type.unwrap_or("").starts_with("text/csv"),
                "{path} as {who}: {content_type:?}"
            );
            let body = response.text().await.unwrap();
            assert!(
                !body.contains("username") && !body.contains("Learner 0"),
                "{path} as {who}: {body}"
            );
        }
    }
}

#[tokio::test]
async fn the_security_log_streams_page_after_page_newest_first_without_its_own_export() {
    let app = spawn_app().await;
    let admin = app.person("boss", Role::Admin).await;
    let storage = &app.accounts.storage;
    // More events than two of the pages the export reads (200 each), in a class of their own so
    // that the filter picks exactly them.
    let class = ClassId(4242);
    let count = 410;
    for n in 0..count {
        let event = SecurityEvent::new(SecurityEventKind::KeyRevealed)
            .by(admin.user.id)
            .in_class(class)
            .detail(format!("event {n}"));
        storage.record_security_event(&event).await.unwrap();
    }
    let records = download(
        &app,
        "/admin/security.csv?class=4242",
        &admin.cookie,
        "security-log.csv",
    )
    .await;
    assert_eq!(
        records[0],
        ["id", "at", "kind", "actor", "subject", "class", "address", "detail"]
    );
    assert_eq!(records.len(), count + 1);
    for (record, n) in records[1..].iter().zip((0..count).rev()) {
        let expected = [
            "key-revealed".to_string(),
            "boss".to_string(),
            String::new(),
            "4242".to_string(),
            String::new(),
            format!("event {n}"),
        ];
        assert_eq!(record[2..], expected, "{record:?}");
        assert!(!record[1].is_empty(), "{record:?}");
    }
    let ids: Vec<i64> = records[1..].iter().map(|r| r[0].parse().unwrap()).collect();
    assert!(
        ids.windows(2).all(|w| w[0] > w[1]),
        "newest first, no repeats"
    );

    // The exports so far: the one above. This download does not list itself.
    let exports = download(
        &app,
        "/admin/security.csv?kind=export",
        &admin.cookie,
        "security-log.csv",
    )
    .await;
    assert_eq!(exports.len(), 2, "{exports:?}");
    assert_eq!(exports[1][7], "security-log.csv");
}
