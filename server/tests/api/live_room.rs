//! The room's questions and signals in a live session: learners post and upvote (once, never
//! their own), peers never see who asked, the instructor sees authors, pins, marks answered and
//! hides, and exports them; signals count for the instructor (with names for hands) and expire;
//! posting is rate-limited; learners cannot moderate and outsiders see nothing.

use app::api::live_room::RoomView;
use app::api::Access;
use app::live_room::SignalKind;
use app::people::{ClassMode, Role};
use domain::ids::ClassId;

use crate::helpers::{spawn_app, spawn_app_with_settings, Session, TestApp};

async fn call(app: &TestApp, path: &str, who: &Session, fields: &[(&str, &str)]) -> (u16, String) {
    let response = app.post_form(path, Some(&who.cookie), fields).await;
    (response.status().as_u16(), response.text().await.unwrap())
}

async fn room(app: &TestApp, who: &Session, class_id: ClassId) -> Access<RoomView> {
    let (_, body) = call(
        app,
        "/api/get_live_room",
        who,
        &[("class_id", &class_id.to_string()), ("by_time", "false")],
    )
    .await;
    serde_json::from_str(&body).unwrap()
}

fn granted<T: std::fmt::Debug>(access: Access<T>) -> T {
    match access {
        Access::Granted(value) => value,
        other => panic!("not granted: {other:?}"),
    }
}

async fn ask(app: &TestApp, who: &Session, class_id: ClassId, text: &str) -> (u16, String) {
    call(
        app,
        "/api/post_live_question",
        who,
        &[("class_id", &class_id.to_string()), ("text", text)],
    )
    .await
}

async fn upvote(app: &TestApp, who: &Session, class_id: ClassId, question: i64) -> (u16, String) {
    call(
        app,
        "/api/upvote_live_question",
        who,
        &[
            ("class_id", &class_id.to_string()),
            ("question_id", &question.to_string()),
        ],
    )
    .await
}

/// A class with an instructor and three learners.
async fn class(app: &TestApp) -> (ClassId, Session, Vec<Session>) {
    let instructor = app.person("teach", Role::Instructor).await;
    let storage = &app.accounts.storage;
    let class_id = storage
        .create_class(server::storage::NewClass {
            name: "Room",
            starts_on: "2026-12-01",
            ends_on: "2026-12-02",
            mode: ClassMode::InstructorLed,
            join_code: "ROOM2345",
            instructor_id: instructor.user.id,
        })
        .await
        .unwrap()
        .unwrap();
    let mut learners = Vec::new();
    for name in ["ana", "ben", "cai"] {
        let learner = app.person(name, Role::Learner).await;
        storage
            .join_by_code("ROOM2345", learner.user.id)
            .await
            .unwrap();
        learners.push(learner);
    }
    (class_id, instructor, learners)
}

#[tokio::test]
async fn questions_are_posted_upvoted_and_moderated_and_peers_never_see_who_asked() {
    let app = spawn_app().await;
    let (class_id, instructor, learners) = class(&app).await;
    let outsider = app.person("outsider", Role::Learner).await;
    let (status, body) = ask(
        &app,
        &learners[0],
        class_id,
        "Why is **GP2** about planning? <script>alert(1)</script>",
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let id: i64 = match serde_json::from_str::<Access<i64>>(&body).unwrap() {
        Access::Granted(id) => id,
        other => panic!("{other:?}"),
    };

    // Two peers upvote; a second upvote and an upvote of one's own question change nothing.
    for who in [&learners[1], &learners[2], &learners[1]] {
        assert_eq!(upvote(&app, who, class_id, id).await.0, 200);
    }
    let (status, body) = upvote(&app, &learners[0], class_id, id).await;
    assert_eq!(status, 400, "{body}");

    // Peers see the question, safe, with two upvotes, and no author.
    let seen = granted(room(&app, &learners[1], class_id).await);
    let question = &seen.questions[0];
    assert_eq!(
        (question.votes, question.voted, question.mine),
        (2, true, false)
    );
    assert_eq!(question.author, None);
    assert!(question.html.contains("<strong>GP2</strong>") && !question.html.contains("<script"));
    let (_, page) = app
        .page_as(&format!("/classes/{class_id}/live"), &learners[1])
        .await;
    assert!(
        !page.contains("ana display"),
        "the author's name is not on a peer's page"
    );
    assert!(granted(room(&app, &learners[0], class_id).await).questions[0].mine);

    // The instructor sees the author and moderates; a learner cannot.
    let seen = granted(room(&app, &instructor, class_id).await);
    assert_eq!(seen.questions[0].author.as_deref(), Some("ana display"));
    let change = |who: &Session, change: &str| {
        let body = format!(r#"{{"class_id":{class_id},"question_id":{id},"change":{change}}}"#);
        let app = &app;
        let cookie = who.cookie.clone();
        async move {
            let response = app
                .client
                .post(format!("{}/api/change_live_question", app.address))
                .header("origin", &app.address)
                .header("content-type", "application/json")
                .header("cookie", cookie)
                .body(body)
                .send()
                .await
                .unwrap();
            serde_json::from_str::<Access<()>>(&response.text().await.unwrap()).unwrap()
        }
    };
    assert_eq!(
        change(&learners[1], r#"{"Answered":true}"#).await,
        Access::Forbidden
    );
    assert_eq!(
        change(&instructor, r#"{"Answered":true}"#).await,
        Access::Granted(())
    );
    assert!(granted(room(&app, &learners[2], class_id).await).questions[0].answered);

    // Outsiders see nothing and cannot post.
    assert_eq!(room(&app, &outsider, class_id).await, Access::Forbidden);
    let (_, body) = ask(&app, &outsider, class_id, "Hello?").await;
    assert_eq!(
        serde_json::from_str::<Access<i64>>(&body).unwrap(),
        Access::Forbidden
    );

    // The export lists everything, with authors; then a hidden question leaves every list.
    let csv = app
        .get_as(
            &format!("/classes/{class_id}/live/questions.csv"),
            Some(&instructor.cookie),
        )
        .await;
    assert_eq!(csv.status().as_u16(), 200);
    let text = csv.text().await.unwrap();
    assert!(text
        .starts_with("posted (UTC),asked by,username,question,upvotes,pinned,answered,hidden\r\n"));
    assert!(
        text.contains("ana display,ana,") && text.contains(",2,no,yes,no\r\n"),
        "{text}"
    );
    let refused = app
        .get_as(
            &format!("/classes/{class_id}/live/questions.csv"),
            Some(&learners[0].cookie),
        )
        .await;
    assert_eq!(refused.status().as_u16(), 403);
    assert_eq!(change(&instructor, r#""Hide""#).await, Access::Granted(()));
    assert!(granted(room(&app, &learners[1], class_id).await)
        .questions
        .is_empty());
    assert_eq!(
        upvote(&app, &learners[2], class_id, id).await.0,
        400,
        "a hidden question takes no votes"
    );
}

#[tokio::test]
async fn posting_is_rate_limited_and_bad_text_is_refused_with_a_reason() {
    let app = spawn_app().await;
    let (class_id, instructor, learners) = class(&app).await;
    assert_eq!(ask(&app, &learners[0], class_id, "First?").await.0, 200);
    let (status, body) = ask(&app, &learners[0], class_id, "Second, at once?").await;
    assert_eq!(status, 409, "{body}");
    assert!(body.contains("you may post another in"), "{body}");
    let (status, body) = ask(&app, &learners[1], class_id, &"x".repeat(501)).await;
    assert_eq!(status, 400);
    assert!(body.contains("500 characters"), "{body}");
    assert_eq!(ask(&app, &learners[1], class_id, "   ").await.0, 400);
    // The instructor does not post into their own room.
    let (_, body) = ask(&app, &instructor, class_id, "Me?").await;
    assert_eq!(
        serde_json::from_str::<Access<i64>>(&body).unwrap(),
        Access::Forbidden
    );
    // Without JavaScript: the plain form posts and comes back to the room.
    let plain = app
        .post_form(
            &format!("/classes/{class_id}/live/questions"),
            Some(&learners[2].cookie),
            &[("text", "Asked without JavaScript")],
        )
        .await;
    assert_eq!(plain.status().as_u16(), 303);
    let (_, page) = app
        .page_as(&format!("/classes/{class_id}/live"), &learners[1])
        .await;
    assert!(page.contains("Asked without JavaScript"));
}

#[tokio::test]
async fn signals_reach_the_instructor_with_names_for_hands_and_expire() {
    let app = spawn_app_with_settings(|settings| settings.signal_seconds = 2).await;
    let (class_id, instructor, learners) = class(&app).await;
    let signal = |who: &Session, kind: &'static str, raised: bool| {
        let app = &app;
        let who = who.clone();
        async move {
            call(
                app,
                "/api/set_live_signal",
                &who,
                &[
                    ("class_id", &class_id.to_string()),
                    ("kind", kind),
                    ("raised", if raised { "true" } else { "false" }),
                ],
            )
            .await
        }
    };
    assert_eq!(signal(&learners[0], "hand", true).await.0, 200);
    assert_eq!(signal(&learners[1], "too-fast", true).await.0, 200);
    assert_eq!(signal(&learners[2], "too-fast", true).await.0, 200);
    assert_eq!(signal(&learners[0], "applause", true).await.0, 400);
    let (_, body) = signal(&instructor, "hand", true).await;
    assert_eq!(
        serde_json::from_str::<Access<()>>(&body).unwrap(),
        Access::Forbidden
    );

    let seen = granted(room(&app, &instructor, class_id).await).signals;
    assert_eq!(seen.hands, vec!["ana display"]);
    assert!(seen.counts.contains(&(SignalKind::TooFast, 2)));
    // A peer sees only their own signals, never the room's or who raised a hand.
    let peer = granted(room(&app, &learners[1], class_id).await).signals;
    assert!(peer.hands.is_empty() && peer.counts.is_empty());
    assert_eq!(peer.mine, vec![SignalKind::TooFast]);

    // Lowered at once; the others expire on their own.
    assert_eq!(signal(&learners[1], "too-fast", false).await.0, 200);
    assert!(granted(room(&app, &instructor, class_id).await)
        .signals
        .counts
        .contains(&(SignalKind::TooFast, 1)));
    tokio::time::sleep(std::time::Duration::from_millis(2_300)).await;
    let later = granted(room(&app, &instructor, class_id).await).signals;
    assert!(later.hands.is_empty(), "{later:?}");
    assert!(later.counts.iter().all(|(_, n)| *n == 0), "{later:?}");
}
