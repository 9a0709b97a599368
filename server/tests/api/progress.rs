//! Self-paced progress: recorded for signed-in readers only, checked against the course, and
//! summarized with a "continue where you left off" link.

use app::people::Role;

use crate::helpers::{spawn_app, TestApp};

async fn record(
    app: &TestApp,
    cookie: Option<&str>,
    kind: &str,
    module: &str,
    position: usize,
) -> reqwest::Response {
    let position = position.to_string();
    app.post_form(
        "/api/record_progress",
        cookie,
        &[
            ("kind", kind),
            ("module_id", module),
            ("position", &position),
        ],
    )
    .await
}

#[tokio::test]
async fn progress_is_recorded_and_summarized_for_the_reader() {
    let app = spawn_app().await;
    let reader = app.person("reader", Role::Learner).await;
    let cookie = Some(reader.cookie.as_str());
    assert_eq!(
        record(&app, cookie, "lesson", "welcome", 0)
            .await
            .status()
            .as_u16(),
        200
    );
    for slide in [1, 2, 5, 3] {
        assert_eq!(
            record(&app, cookie, "deck", "welcome", slide)
                .await
                .status()
                .as_u16(),
            200
        );
    }
    let records = app
        .accounts
        .storage
        .progress_of(reader.user.id)
        .await
        .unwrap();
    let deck = records
        .iter()
        .find(|r| r.kind == app::progress::ItemKind::Deck)
        .unwrap();
    assert_eq!(
        (deck.last_position, deck.furthest),
        (3, 5),
        "furthest only grows; last follows the reader"
    );

    let home = app.get_as("/", cookie).await.text().await.unwrap();
    assert!(
        home.contains("Your progress"),
        "the home page shows progress to a signed-in reader"
    );
    assert!(
        home.contains("href=\"/modules/welcome/slides/3\""),
        "continue where you left off"
    );
    let anonymous_home = app.get_as("/", None).await.text().await.unwrap();
    assert!(!anonymous_home.contains("Your progress"));
}

#[tokio::test]
async fn progress_refuses_what_the_course_does_not_have_and_ignores_anonymous_readers() {
    let app = spawn_app().await;
    let reader = app.person("careful", Role::Learner).await;
    let cookie = Some(reader.cookie.as_str());
    for (kind, module, position) in [
        ("deck", "welcome", 999),
        ("deck", "welcome", 0),
        ("lesson", "nope", 0),
        ("quiz", "welcome", 1),
    ] {
        let response = record(&app, cookie, kind, module, position).await;
        assert_eq!(
            response.status().as_u16(),
            400,
            "{kind} {module} {position}"
        );
    }
    assert!(app
        .accounts
        .storage
        .progress_of(reader.user.id)
        .await
        .unwrap()
        .is_empty());
    assert_eq!(
        record(&app, None, "deck", "welcome", 2)
            .await
            .status()
            .as_u16(),
        200,
        "anonymous reading is fine, and not stored"
    );
}
