//! Class exercises over HTTP: drafts and idempotent submits, open/closed and released states,
//! rubric grading, CSV exports, and the attacks: script in answers, over-long answers, and
//! reading other people's answers or unreleased keys.

use app::people::{ClassMode, Role};
use domain::ids::ClassId;
use domain::policy::Scope;
use server::storage::NewClass;

use crate::helpers::{Session, TestApp};

const EXERCISE: &str = "meridian-sponsorship-plan";
/// A sentence of the explanation of its first item: part of the key.
const KEY_SENTENCE: &str = "owns the outcome";

struct Class {
    id: ClassId,
    instructor: Session,
    learners: Vec<Session>,
}

async fn class(app: &TestApp, mode: ClassMode, learners: &[&str]) -> Class {
    let instructor = app.person("teach", Role::Instructor).await;
    let storage = &app.accounts.storage;
    let id = storage
        .create_class(NewClass {
            name: "Exercises",
            starts_on: "2026-12-01",
            ends_on: "2026-12-02",
            mode,
            join_code: "EXER2345",
            instructor_id: instructor.user.id,
        })
        .await
        .unwrap()
        .unwrap();
    let mut sessions = Vec::new();
    for name in learners {
        let learner = app.person(name, Role::Learner).await;
        storage
            .join_by_code("EXER2345", learner.user.id)
            .await
            .unwrap();
        sessions.push(learner);
    }
    Class {
        id,
        instructor,
        learners: sessions,
    }
}

/// The request id the exercise page gives its submit button.
async fn request_id(app: &TestApp, path: &str, cookie: &str) -> String {
    let page = app.get_as(path, Some(cookie)).await.text().await.unwrap();
    let marker = "name=\"request_id\" value=\"";
    let start = page.find(marker).expect("a request id on the page") + marker.len();
    page[start..start + 32].to_string()
}

async fn post_answers(
    app: &TestApp,
    cookie: &str,
    class_id: Option<ClassId>,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    let class = class_id.map(|c| c.to_string()).unwrap_or_default();
    let mut all = vec![("class_id", class.as_str())];
    all.extend_from_slice(fields);
    app.post_form(
        &format!("/exercises/{EXERCISE}/answers"),
        Some(cookie),
        &all,
    )
    .await
}

#[tokio::test]
async fn alone_drafts_are_kept_a_submit_counts_once_and_results_show_at_once() {
    let app = crate::helpers::spawn_app().await;
    let learner = app.person("alone", Role::Learner).await;
    let cookie = learner.cookie.as_str();
    let saved = post_answers(&app, cookie, None, &[("intent", "save"), ("item.q1", "2")]).await;
    assert_eq!(saved.status().as_u16(), 303);
    let page = app
        .get_as(&format!("/exercises/{EXERCISE}"), Some(cookie))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("value=\"2\" checked"),
        "the draft is shown again"
    );
    assert!(!page.contains(KEY_SENTENCE), "no key before a submission");

    let id = request_id(&app, &format!("/exercises/{EXERCISE}"), cookie).await;
    let fields = [
        ("intent", "submit"),
        ("request_id", id.as_str()),
        ("item.q1", "1"),
    ];
    // A double click: the same request twice, at once.
    let (first, second) = tokio::join!(
        post_answers(&app, cookie, None, &fields),
        post_answers(&app, cookie, None, &fields)
    );
    assert_eq!(
        (first.status().as_u16(), second.status().as_u16()),
        (303, 303)
    );
    let stored = app
        .accounts
        .storage
        .submissions_of(learner.user.id, Scope::Alone, EXERCISE)
        .await
        .unwrap();
    assert_eq!(stored.len(), 1, "one submission for one request");
    assert_eq!(
        stored[0].auto_points, 100,
        "q1 is worth 1 point and was right"
    );
    let page = app
        .get_as(&format!("/exercises/{EXERCISE}"), Some(cookie))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        page.contains(KEY_SENTENCE),
        "alone, explanations show at once"
    );
}

/// What the server answers a form whose button it does not know.
const UNKNOWN_CHOICE: &str = "This form sent an action the server does not know; reload the page.";

#[tokio::test]
async fn an_unknown_intent_or_action_is_refused_with_a_sentence_and_changes_nothing() {
    let app = crate::helpers::spawn_app().await;
    let class = class(&app, ClassMode::SelfPaced, &["ada"]).await;
    let learner = class.learners[0].cookie.as_str();
    let saved = post_answers(&app, learner, None, &[("intent", "save"), ("item.q1", "2")]).await;
    assert_eq!(saved.status().as_u16(), 303);
    assert_eq!(
        saved.headers()["location"],
        &format!("/exercises/{EXERCISE}?notice=saved")
    );

    // Not a draft, not a submission: refused, and the draft stays as it was.
    for intent in ["publish", "Submit", ""] {
        let unknown =
            post_answers(&app, learner, None, &[("intent", intent), ("item.q1", "1")]).await;
        assert_eq!(unknown.status().as_u16(), 400, "{intent:?}");
        assert_eq!(unknown.text().await.unwrap(), UNKNOWN_CHOICE);
    }
    let page = app
        .get_as(&format!("/exercises/{EXERCISE}"), Some(learner))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("value=\"2\" checked"),
        "the draft is unchanged"
    );
    assert!(page.contains("Save answers"));

    // The same for the instructor's settings, whose action is required.
    let settings = format!("/classes/{}/exercises/{EXERCISE}/settings", class.id);
    let instructor = class.instructor.cookie.as_str();
    for fields in [&[("action", "delete")][..], &[]] {
        let unknown = app.post_form(&settings, Some(instructor), fields).await;
        assert_eq!(unknown.status().as_u16(), 400, "{fields:?}");
        assert_eq!(unknown.text().await.unwrap(), UNKNOWN_CHOICE);
    }
    // A learner is refused for who they are before what they ask.
    let refused = app
        .post_form(&settings, Some(learner), &[("action", "delete")])
        .await;
    assert_eq!(refused.status().as_u16(), 403);
}

#[tokio::test]
async fn an_instructor_led_exercise_opens_closes_and_releases() {
    let app = crate::helpers::spawn_app().await;
    let class = class(&app, ClassMode::InstructorLed, &["ada"]).await;
    let learner = class.learners[0].cookie.as_str();
    let path = format!("/exercises/{EXERCISE}?class={}", class.id);

    // Not opened yet: read-only, and a submit gets a clear 409.
    let id = request_id(&app, &path, learner).await;
    let closed = post_answers(
        &app,
        learner,
        Some(class.id),
        &[("intent", "submit"), ("request_id", &id), ("item.q1", "1")],
    )
    .await;
    assert_eq!(closed.status().as_u16(), 409);
    assert!(closed.text().await.unwrap().contains("read-only"));

    let settings = format!("/classes/{}/exercises/{EXERCISE}/settings", class.id);
    let instructor = class.instructor.cookie.as_str();
    // A learner cannot open it.
    let refused = app
        .post_form(&settings, Some(learner), &[("action", "open")])
        .await;
    assert_eq!(refused.status().as_u16(), 403);
    let opened = app
        .post_form(&settings, Some(instructor), &[("action", "open")])
        .await;
    assert_eq!(opened.status().as_u16(), 303);

    let essay = "**Sponsor**: the COO.\n\n<script>alert('x')</script> <img src=x onerror=\"alert(1)\"> [click](javascript:alert(1))";
    let id = request_id(&app, &path, learner).await;
    let submitted = post_answers(
        &app,
        learner,
        Some(class.id),
        &[
            ("intent", "submit"),
            ("request_id", &id),
            ("item.q1", "1"),
            ("item.q6", essay),
        ],
    )
    .await;
    assert_eq!(submitted.status().as_u16(), 303);
    let page = app.get_as(&path, Some(learner)).await.text().await.unwrap();
    assert!(!page.contains(KEY_SENTENCE), "no key before the release");
    assert!(page.contains("results not released yet"));

    // The grading queue shows the essay inert.
    let queue = app
        .get_as(&format!("/classes/{}/grading", class.id), Some(instructor))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        queue.contains("<strong>Sponsor</strong>"),
        "Markdown is rendered"
    );
    assert_inert(&queue);

    // Grade it with the rubric: levels 2, 1, 0, 3 (criteria worth 0-2, 0-2, 0-2, 0-3) and a comment.
    let submission = app
        .accounts
        .storage
        .submissions_of(class.learners[0].user.id, Scope::Class(class.id), EXERCISE)
        .await
        .unwrap()[0]
        .id
        .to_string();
    let grade = [
        ("submission_id", submission.as_str()),
        ("item_id", "q6"),
        ("level.0", "2"),
        ("level.1", "1"),
        ("level.2", "0"),
        ("level.3", "3"),
        (
            "comment",
            "Good choice of sponsor. <script>alert(2)</script>",
        ),
    ];
    let graded_path = format!("/classes/{}/grades", class.id);
    assert_eq!(
        app.post_form(&graded_path, Some(learner), &grade)
            .await
            .status()
            .as_u16(),
        403
    );
    assert_eq!(
        app.post_form(&graded_path, Some(instructor), &grade)
            .await
            .status()
            .as_u16(),
        303
    );

    let released = app
        .post_form(&settings, Some(instructor), &[("action", "release")])
        .await;
    assert_eq!(released.status().as_u16(), 303);
    let page = app.get_as(&path, Some(learner)).await.text().await.unwrap();
    assert!(
        page.contains(KEY_SENTENCE),
        "the key shows after the release"
    );
    assert!(
        page.contains("Good choice of sponsor."),
        "the grader's comment shows"
    );
    assert_inert(&page);

    // The gradebook CSV: a header row, then the learner with the auto points plus the rubric's.
    let csv = app
        .get_as(
            &format!("/classes/{}/gradebook.csv", class.id),
            Some(instructor),
        )
        .await;
    assert_eq!(csv.headers()["content-type"], "text/csv; charset=utf-8");
    let csv = csv.text().await.unwrap();
    let lines: Vec<&str> = csv.split("\r\n").collect();
    assert!(
        lines[0].starts_with("learner,username,meridian-friday,"),
        "{}",
        lines[0]
    );
    assert!(lines[0].ends_with(",total"));
    // q1 (1 point, right) plus the essay (2 + 1 + 0 + 3 = 6) = 7.
    assert!(lines[1].starts_with("ada display,ada,"), "{}", lines[1]);
    // The exercise's own column (found by its header) and the total.
    let column = lines[0]
        .split(',')
        .position(|header| header == EXERCISE)
        .expect("the exercise's column");
    let cells: Vec<&str> = lines[1].split(',').collect();
    assert_eq!(
        (cells[column], cells[cells.len() - 1]),
        ("7", "7"),
        "{}",
        lines[1]
    );
    let answers = app
        .get_as(
            &format!("/classes/{}/answers.csv", class.id),
            Some(instructor),
        )
        .await
        .text()
        .await
        .unwrap();
    assert!(answers.starts_with(
        "learner,username,exercise,attempt,submitted_at,item,answer,points,possible\r\n"
    ));
    assert!(
        answers.contains(",q6,\"**Sponsor**: the COO."),
        "multi-line answers are quoted"
    );
}

/// No script, event handler or `javascript:` link survives where learner text is shown, in the
/// HTML or in the data the page hydrates from.
fn assert_inert(page: &str) {
    let lower = page.to_lowercase();
    for active in [
        "<script>alert",
        "onerror=\"alert",
        "href=\"javascript:",
        "<script>alert(2)",
    ] {
        if let Some(at) = lower.find(active) {
            panic!(
                "`{active}` is live on the page: …{}…",
                &page[at.saturating_sub(300)..(at + 100).min(page.len())]
            );
        }
    }
}

#[tokio::test]
async fn over_long_answers_get_a_4xx_with_a_message_and_keep_the_draft() {
    let app = crate::helpers::spawn_app().await;
    let learner = app.person("wordy", Role::Learner).await;
    let cookie = learner.cookie.as_str();
    post_answers(&app, cookie, None, &[("intent", "save"), ("item.q1", "3")]).await;
    let long = "word ".repeat(401);
    let response = post_answers(
        &app,
        cookie,
        None,
        &[("intent", "save"), ("item.q1", "1"), ("item.q6", &long)],
    )
    .await;
    assert_eq!(response.status().as_u16(), 400);
    assert_eq!(
        response.text().await.unwrap(),
        "Question 6: keep the answer to 400 words; it has 401."
    );
    let kept = app
        .accounts
        .storage
        .draft(learner.user.id, Scope::Alone, EXERCISE)
        .await
        .unwrap();
    assert_eq!(
        kept.get("q1"),
        Some(&app::exercise::Answer::Choice(2)),
        "the earlier draft is not lost"
    );
    let huge = "x".repeat(25_000);
    let response = post_answers(
        &app,
        cookie,
        None,
        &[("intent", "save"), ("item.q6", &huge)],
    )
    .await;
    assert_eq!(response.status().as_u16(), 400);
    assert!(response
        .text()
        .await
        .unwrap()
        .contains("at most 20000 characters"));
}

#[tokio::test]
async fn nobody_reads_another_persons_answers_or_a_class_they_are_not_in() {
    let app = crate::helpers::spawn_app().await;
    let class = class(&app, ClassMode::SelfPaced, &["ada", "bob"]).await;
    let outsider = app.person("eve", Role::Learner).await;
    let other_instructor = app.person("mallory", Role::Instructor).await;
    let ada = class.learners[0].cookie.as_str();
    let bob = class.learners[1].cookie.as_str();
    let secret = "Ada's private sponsorship essay";
    let saved = post_answers(
        &app,
        ada,
        Some(class.id),
        &[("intent", "save"), ("item.q6", secret)],
    )
    .await;
    assert_eq!(saved.status().as_u16(), 303);

    let path = format!("/exercises/{EXERCISE}?class={}", class.id);
    let bobs_page = app.get_as(&path, Some(bob)).await.text().await.unwrap();
    assert!(
        !bobs_page.contains(secret),
        "a classmate's draft is not on my page"
    );
    assert!(
        !bobs_page.contains(KEY_SENTENCE),
        "no key before my own submission"
    );
    let outsider_page = app.get_as(&path, Some(&outsider.cookie)).await;
    assert_eq!(outsider_page.status().as_u16(), 403);
    let outsider_post = post_answers(
        &app,
        &outsider.cookie,
        Some(class.id),
        &[("intent", "save"), ("item.q1", "1")],
    )
    .await;
    assert_eq!(outsider_post.status().as_u16(), 403);
    let anonymous = app.get_as(&path, None).await;
    assert_eq!(anonymous.status().as_u16(), 401);

    for route in [
        format!("/classes/{}/gradebook.csv", class.id),
        format!("/classes/{}/answers.csv", class.id),
    ] {
        for (who, cookie) in [
            ("a learner of the class", bob),
            ("an outsider", outsider.cookie.as_str()),
            ("another instructor", other_instructor.cookie.as_str()),
        ] {
            let response = app.get_as(&route, Some(cookie)).await;
            assert_eq!(response.status().as_u16(), 403, "{route} as {who}");
            assert!(!response.text().await.unwrap().contains(secret));
        }
    }
    for page in ["gradebook", "grading", &format!("exercises/{EXERCISE}")] {
        let route = format!("/classes/{}/{page}", class.id);
        let html = app.get_as(&route, Some(bob)).await.text().await.unwrap();
        assert!(
            !html.contains(secret),
            "{route} shows nothing of Ada's to Bob"
        );
        assert!(
            html.contains("not allowed") || html.contains("Not allowed"),
            "{route}"
        );
    }
    // The instructor sees Ada's draft in the live distribution's count, not her words.
    let response = app
        .get_as(
            &format!("/classes/{}/exercises/{EXERCISE}", class.id),
            Some(&class.instructor.cookie),
        )
        .await
        .text()
        .await
        .unwrap();
    assert!(
        response.contains("0 of 2 learners submitted"),
        "{}",
        &response[..200.min(response.len())]
    );
}
