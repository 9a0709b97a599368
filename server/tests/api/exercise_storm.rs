//! Exercise submissions arriving together, which are committed together (group commit): every
//! learner's submissions are stored with the right attempt numbers, one learner's submits at once
//! never take more attempts than the exercise allows, and a submission the database refuses
//! fails alone.

use app::answers::Answers;
use app::people::{ClassMode, Role};
use domain::ids::{ClassId, UserId};
use domain::notice::{with_notice, Notice};
use domain::policy::Scope;
use futures_util::future::join_all;
use server::storage::{NewClass, SubmitOutcome};

use crate::helpers::{spawn_app, TestApp};

/// An exercise with two attempts; `q1` is worth one point and its right answer is `1`.
const EXERCISE: &str = "meridian-sponsorship-plan";
/// What a learner with no attempt left is told.
const NO_ATTEMPT_LEFT: &str =
    "You have used every attempt this exercise allows; your earlier submissions are kept.";

/// A learner in the test: their account and session cookie.
struct Learner {
    id: UserId,
    cookie: String,
}

/// A self-paced class (its exercises are open) with `count` learners, made directly in storage
/// (no password hashing, so that many learners are quick to make), each with a session.
async fn class_of(app: &TestApp, count: usize) -> (ClassId, Vec<Learner>) {
    let storage = &app.accounts.storage;
    let instructor = storage
        .create_user(
            "storm.teacher",
            "Teacher",
            "not-a-real-hash",
            Role::Instructor,
        )
        .await
        .unwrap()
        .unwrap();
    let class_id = storage
        .create_class(NewClass {
            name: "Storm",
            starts_on: "2026-12-01",
            ends_on: "2026-12-02",
            mode: ClassMode::SelfPaced,
            join_code: "EXER2345",
            instructor_id: instructor.id,
        })
        .await
        .unwrap()
        .unwrap();
    let mut learners = Vec::new();
    for i in 0..count {
        let user = storage
            .create_user(
                &format!("stormer{i}"),
                "Stormer",
                "not-a-real-hash",
                Role::Learner,
            )
            .await
            .unwrap()
            .unwrap();
        let joined = storage.join_by_code("EXER2345", user.id).await.unwrap();
        assert_eq!(joined.joined(), Some(class_id));
        let token = app.accounts.start_session(user.id).await.unwrap();
        learners.push(Learner {
            id: user.id,
            cookie: format!("{}={token}", server::accounts::session::COOKIE_NAME),
        });
    }
    (class_id, learners)
}

/// A request id as the exercise page makes them: 32 hexadecimal digits.
fn request_id(n: u128) -> String {
    format!("{n:032x}")
}

/// Submits `q1 = 1` through the plain form; answers the status, the redirect and the body.
async fn submit(
    app: &TestApp,
    class_id: ClassId,
    learner: &Learner,
    request: &str,
) -> (u16, Option<String>, String) {
    let class = class_id.to_string();
    let response = app
        .post_form(
            &format!("/exercises/{EXERCISE}/answers"),
            Some(&learner.cookie),
            &[
                ("class_id", class.as_str()),
                ("intent", "submit"),
                ("request_id", request),
                ("item.q1", "1"),
            ],
        )
        .await;
    let status = response.status().as_u16();
    let location = response
        .headers()
        .get("location")
        .map(|l| l.to_str().unwrap().to_string());
    (status, location, response.text().await.unwrap())
}

/// Thirty learners each submit twice at once, one of the two as a double click: every post is
/// answered with the redirect to the page, and each learner has exactly attempts 1 and 2.
#[tokio::test]
async fn many_learners_submitting_at_once_are_all_stored_with_their_attempt_numbers() {
    let app = spawn_app().await;
    let (class_id, learners) = class_of(&app, 30).await;
    let app = &app;
    let mut posts = Vec::new();
    for (n, learner) in learners.iter().enumerate() {
        let first = request_id(2 * n as u128 + 1);
        let second = request_id(2 * n as u128 + 2);
        for request in [first.clone(), first, second] {
            posts.push(async move { submit(app, class_id, learner, &request).await });
        }
    }
    let answers = join_all(posts).await;
    let page = with_notice(
        &format!("/exercises/{EXERCISE}?class={class_id}"),
        Notice::AnswersSubmitted,
    );
    for (status, location, body) in &answers {
        assert_eq!(*status, 303, "{body}");
        assert_eq!(location.as_deref(), Some(page.as_str()));
    }
    for learner in &learners {
        let stored = app
            .accounts
            .storage
            .submissions_of(learner.id, Scope::Class(class_id), EXERCISE)
            .await
            .unwrap();
        let attempts: Vec<u32> = stored.iter().map(|s| s.attempt).collect();
        assert_eq!(attempts, [1, 2], "one submission per request, numbered");
        assert!(stored.iter().all(|s| s.auto_points == 100));
    }
}

/// One learner submits ten different requests at once: two are stored (the exercise allows
/// two attempts) and the other eight are refused with a 409 and the usual sentence.
#[tokio::test]
async fn one_learner_submitting_at_once_never_exceeds_the_attempt_limit() {
    let app = spawn_app().await;
    let (class_id, learners) = class_of(&app, 1).await;
    let learner = &learners[0];
    let requests: Vec<String> = (1..=10).map(request_id).collect();
    let answers = join_all(
        requests
            .iter()
            .map(|request| submit(&app, class_id, learner, request)),
    )
    .await;
    let stored = answers.iter().filter(|(status, ..)| *status == 303).count();
    assert_eq!(stored, 2, "as many acknowledged as there are attempts");
    for (status, _, body) in answers.iter().filter(|(status, ..)| *status != 303) {
        assert_eq!(*status, 409);
        assert_eq!(body, NO_ATTEMPT_LEFT);
    }
    let attempts: Vec<u32> = app
        .accounts
        .storage
        .submissions_of(learner.id, Scope::Class(class_id), EXERCISE)
        .await
        .unwrap()
        .iter()
        .map(|s| s.attempt)
        .collect();
    assert_eq!(attempts, [1, 2]);
    // A submit after the storm is refused the same way.
    let (status, _, body) = submit(&app, class_id, learner, &request_id(11)).await;
    assert_eq!((status, body.as_str()), (409, NO_ATTEMPT_LEFT));
}

/// Submissions queued together with one the database refuses (its account does not exist) are
/// stored; only that one fails.
#[tokio::test]
async fn a_submission_the_database_refuses_fails_alone() {
    let app = spawn_app().await;
    let (_, learners) = class_of(&app, 20).await;
    let storage = &app.accounts.storage;
    let answers = &Answers::new();
    let submit = move |user: UserId, request: String| async move {
        storage
            .submit(user, Scope::Alone, EXERCISE, &request, answers, 0, 2)
            .await
    };
    let mut submits: Vec<_> = learners
        .iter()
        .enumerate()
        .map(|(n, learner)| submit(learner.id, request_id(n as u128 + 1)))
        .collect();
    submits.insert(7, submit(UserId(999_999), request_id(999)));
    let results = join_all(submits).await;
    assert!(
        results[7].is_err(),
        "a submission for no account is refused"
    );
    let stored = results
        .iter()
        .filter(|r| matches!(r, Ok(SubmitOutcome::Stored { attempt: 1 })))
        .count();
    assert_eq!(stored, 20, "every other submission is stored as attempt 1");
    for learner in &learners {
        let mine = storage
            .submissions_of(learner.id, Scope::Alone, EXERCISE)
            .await
            .unwrap();
        assert_eq!(mine.len(), 1);
    }
}
