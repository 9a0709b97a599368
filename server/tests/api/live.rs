//! Live sessions over HTTP: the event stream delivers the current state on connect and every
//! change after it, with growing versions; bad changes are refused.

use std::time::Duration;

use app::live::LiveState;
use app::people::Role;
use leptos::server_fn::ServerFn;

use crate::helpers::spawn_app;

/// Reads server-sent events from a response until `count` states have arrived.
pub async fn read_states(response: &mut reqwest::Response, count: usize) -> Vec<LiveState> {
    let mut buffer = String::new();
    let mut states = Vec::new();
    while states.len() < count {
        let chunk = tokio::time::timeout(Duration::from_secs(5), response.chunk())
            .await
            .expect("an event in time")
            .unwrap()
            .expect("stream open");
        buffer.push_str(&String::from_utf8_lossy(&chunk));
        while let Some(end) = buffer.find("\n\n") {
            let event: String = buffer.drain(..end + 2).collect();
            if let Some(data) = event.lines().find_map(|line| line.strip_prefix("data: ")) {
                states.push(serde_json::from_str(data).unwrap());
            }
        }
    }
    states
}

#[tokio::test]
async fn every_screen_gets_the_current_state_then_each_change() {
    let app = spawn_app().await;
    let instructor = app.person("teach", Role::Instructor).await;
    let learner = app.person("learn", Role::Learner).await;
    let storage = &app.accounts.storage;
    let class_id = storage
        .create_class(server::storage::NewClass {
            name: "Live",
            starts_on: "2026-12-01",
            ends_on: "2026-12-02",
            mode: app::people::ClassMode::InstructorLed,
            join_code: "LIVE2345",
            instructor_id: instructor.user.id,
        })
        .await
        .unwrap()
        .unwrap();
    storage
        .join_by_code("LIVE2345", learner.user.id)
        .await
        .unwrap();

    let mut events = app
        .get_as(
            &format!("/classes/{class_id}/live/events"),
            Some(&learner.cookie),
        )
        .await;
    assert_eq!(events.status().as_u16(), 200);
    assert_eq!(events.headers()["content-type"], "text/event-stream");
    let first = read_states(&mut events, 1).await;
    assert_eq!(
        (first[0].version, first[0].active),
        (0, false),
        "a late joiner gets the current state first"
    );

    let drive = |body: String| {
        app.client
            .post(format!(
                "{}{}",
                app.address,
                app::api::live::DriveLive::PATH
            ))
            .header("origin", &app.address)
            .header("content-type", "application/json")
            .header("cookie", &instructor.cookie)
            .body(body)
            .send()
    };
    drive(format!(
        r#"{{"class_id":{class_id},"change":{{"Start":{{"module_id":""}}}}}}"#
    ))
    .await
    .unwrap();
    let started = read_states(&mut events, 1).await;
    assert!(started[0].active);
    drive(format!(
        r#"{{"class_id":{class_id},"change":{{"GoTo":{{"module_id":"welcome","slide":3}}}}}}"#
    ))
    .await
    .unwrap();
    let moved = read_states(&mut events, 1).await;
    assert_eq!((moved[0].version, moved[0].slide), (2, 3));

    // A slide that does not exist, or an address off the site, is refused and changes nothing.
    for change in [
        r#"{"GoTo":{"module_id":"welcome","slide":999}}"#,
        r#"{"Push":{"url":"https://evil.example","label":"x"}}"#,
    ] {
        let response = drive(format!(r#"{{"class_id":{class_id},"change":{change}}}"#))
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 400, "{change} is a bad request");
        let text = response.text().await.unwrap();
        assert!(text.contains("does not exist in this course"), "{text}");
    }
    let state = storage.live_state(class_id, "welcome").await.unwrap();
    assert_eq!((state.version, state.slide), (2, 3));

    // A second connection (a reconnect) starts from the newest state.
    let mut again = app
        .get_as(
            &format!("/classes/{class_id}/live/events"),
            Some(&learner.cookie),
        )
        .await;
    assert_eq!(read_states(&mut again, 1).await[0].version, 2);
}
