//! The security suite of issue 12, continued: connection limits, the sign-up flood, the lower
//! findings and the security log. One test per finding, named after it.

use std::time::Duration;

use app::people::{ClassMode, Role, SignUpMode};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::helpers::{spawn_app, spawn_app_with_settings, TestApp};
use crate::security::submit_appraisal;

fn location(response: &reqwest::Response) -> String {
    response.headers()["location"].to_str().unwrap().to_string()
}

async fn class(
    app: &TestApp,
    instructor: &crate::helpers::Session,
    code: &str,
) -> domain::ids::ClassId {
    app.accounts
        .storage
        .create_class(server::storage::NewClass {
            name: "Limits",
            starts_on: "2026-12-01",
            ends_on: "2026-12-02",
            mode: ClassMode::InstructorLed,
            join_code: code,
            instructor_id: instructor.user.id,
        })
        .await
        .unwrap()
        .unwrap()
}

#[tokio::test]
async fn finding_6_slow_headers_are_dropped_and_live_streams_are_capped() {
    let app = spawn_app_with_settings(|s| {
        s.limits.header_read_timeout_secs = 1;
        s.limits.live_streams_per_person = 2;
    })
    .await;
    // A client that never finishes its headers is disconnected after the timeout.
    let address = app.address.trim_start_matches("http://").to_string();
    let mut slow = tokio::net::TcpStream::connect(&address).await.unwrap();
    slow.write_all(b"GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        .await
        .unwrap();
    let mut buffer = [0u8; 256];
    let closed = tokio::time::timeout(Duration::from_secs(10), slow.read(&mut buffer)).await;
    assert!(
        matches!(closed, Ok(Ok(_)) | Ok(Err(_))),
        "the server ended the connection instead of waiting forever"
    );

    let instructor = app.person("teach", Role::Instructor).await;
    let learner = app.person("tabs", Role::Learner).await;
    let class_id = class(&app, &instructor, "TABS2345").await;
    app.accounts
        .storage
        .join_by_code("TABS2345", learner.user.id)
        .await
        .unwrap();
    let path = format!("/classes/{class_id}/live/events");
    let first = app.get_as(&path, Some(&learner.cookie)).await;
    let second = app.get_as(&path, Some(&learner.cookie)).await;
    assert_eq!(
        (first.status().as_u16(), second.status().as_u16()),
        (200, 200)
    );
    let third = app.get_as(&path, Some(&learner.cookie)).await;
    assert_eq!(third.status().as_u16(), 429);
    assert!(third.text().await.unwrap().contains("Close one of them"));
    // Closing one gives its place back.
    drop(first);
    let mut again = 0;
    for _ in 0..50 {
        tokio::time::sleep(Duration::from_millis(100)).await;
        again = app
            .get_as(&path, Some(&learner.cookie))
            .await
            .status()
            .as_u16();
        if again == 200 {
            break;
        }
    }
    assert_eq!(again, 200);
}

#[tokio::test]
async fn finding_7_sign_ups_are_limited_per_network() {
    let app = spawn_app_with_settings(|s| {
        s.sign_up = SignUpMode::Open;
        s.sign_ups_per_hour = 3;
    })
    .await;
    let mut statuses = Vec::new();
    for i in 0..5 {
        let username = format!("flood{i}");
        let response = app
            .post_form(
                "/sign-up",
                None,
                &[
                    ("username", username.as_str()),
                    ("display_name", "Flood"),
                    ("password", "tulips under the bridge"),
                ],
            )
            .await;
        statuses.push(response.status().as_u16());
    }
    assert_eq!(statuses, [303, 303, 303, 429, 429]);
    // Sign-ins are not counted against sign-ups: an existing account still signs in.
    app.person("regular", Role::Learner).await;
}

#[tokio::test]
async fn finding_8_a_live_stream_ends_at_sign_out() {
    let app = spawn_app().await;
    let instructor = app.person("teach", Role::Instructor).await;
    let learner = app.person("leaver", Role::Learner).await;
    let class_id = class(&app, &instructor, "LEAV2345").await;
    app.accounts
        .storage
        .join_by_code("LEAV2345", learner.user.id)
        .await
        .unwrap();
    let mut events = app
        .get_as(
            &format!("/classes/{class_id}/live/events"),
            Some(&learner.cookie),
        )
        .await;
    assert_eq!(events.status().as_u16(), 200);
    events.chunk().await.unwrap();
    app.post_form("/sign-out", Some(&learner.cookie), &[]).await;
    let ended = tokio::time::timeout(Duration::from_secs(15), async {
        while let Ok(Some(_)) = events.chunk().await {}
    })
    .await;
    assert!(ended.is_ok(), "the stream ended after sign-out");
}

#[tokio::test]
async fn finding_8_a_removed_learner_waits_to_be_readmitted() {
    let app = spawn_app().await;
    let instructor = app.person("teach", Role::Instructor).await;
    let learner = app.person("removed", Role::Learner).await;
    let class_id = class(&app, &instructor, "BACK2345").await;
    app.accounts
        .storage
        .join_by_code("BACK2345", learner.user.id)
        .await
        .unwrap();
    let removal = app
        .post_form(
            &format!("/classes/{class_id}/learners/{}/remove", learner.user.id),
            Some(&instructor.cookie),
            &[],
        )
        .await;
    assert_eq!(removal.status().as_u16(), 303);
    let rejoin = app
        .post_form("/join", Some(&learner.cookie), &[("code", "BACK2345")])
        .await;
    assert!(
        location(&rejoin).contains("error=removed"),
        "{}",
        location(&rejoin)
    );
    let readmit = app
        .post_form(
            &format!("/classes/{class_id}/learners/{}/readmit", learner.user.id),
            Some(&instructor.cookie),
            &[],
        )
        .await;
    assert!(location(&readmit).contains("notice=readmitted"));
    let rejoin = app
        .post_form("/join", Some(&learner.cookie), &[("code", "BACK2345")])
        .await;
    assert_eq!(location(&rejoin), format!("/classes/{class_id}"));
}

#[tokio::test]
async fn finding_8_hiding_the_key_again_keeps_compared_ratings_final() {
    let app = spawn_app().await;
    let instructor = app.person("teach", Role::Instructor).await;
    let learner = app.person("rater", Role::Learner).await;
    let class_id = class(&app, &instructor, "HIDE2345").await;
    app.accounts
        .storage
        .join_by_code("HIDE2345", learner.user.id)
        .await
        .unwrap();
    assert_eq!(submit_appraisal(&app, &learner, Some(class_id)).await, 303);
    let reveal = format!("/classes/{class_id}/appraisal/reveal");
    for action in ["reveal", "hide"] {
        let response = app
            .post_form(&reveal, Some(&instructor.cookie), &[("action", action)])
            .await;
        assert_eq!(response.status().as_u16(), 303);
    }
    let status = submit_appraisal(&app, &learner, Some(class_id)).await;
    assert!(
        status == 409 || status == 400,
        "ratings stay final: {status}"
    );
}

#[tokio::test]
async fn finding_8_join_codes_cannot_be_guessed_without_limit() {
    let app = spawn_app().await;
    let learner = app.person("guesser", Role::Learner).await;
    let mut statuses = Vec::new();
    for i in 0..12 {
        let code = format!("WRNG{:04}", 2000 + i);
        let response = app
            .post_form("/join", Some(&learner.cookie), &[("code", code.as_str())])
            .await;
        statuses.push(response.status().as_u16());
    }
    assert_eq!(
        statuses.iter().filter(|s| **s == 303).count(),
        10,
        "{statuses:?}"
    );
    assert_eq!(statuses[11], 429);
}

#[tokio::test]
async fn finding_8_private_answers_are_not_cached_and_https_sends_hsts() {
    let app = spawn_app_with_settings(|s| s.secure_cookies = true).await;
    let learner = app.person("private", Role::Learner).await;
    let mine = app.get_as("/classes", Some(&learner.cookie)).await;
    assert_eq!(mine.headers()["cache-control"], "no-store");
    assert!(mine.headers()["strict-transport-security"]
        .to_str()
        .unwrap()
        .contains("max-age="));
    let public = app.get("/about").await;
    assert!(public
        .headers()
        .get("cache-control")
        .is_none_or(|v| v != "no-store"));
}

#[tokio::test]
async fn finding_8_idle_sessions_end_common_passwords_are_refused_and_big_bodies_get_413() {
    let app = spawn_app().await;
    let learner = app.person("idle", Role::Learner).await;
    let token = learner.cookie.trim_start_matches("rmm_session=");
    let hash = server::accounts::session::token_hash(token);
    let storage = &app.accounts.storage;
    assert!(storage
        .session_user(&hash, Duration::from_secs(3600))
        .await
        .unwrap()
        .is_some());
    tokio::time::sleep(Duration::from_millis(20)).await;
    assert!(
        storage
            .session_user(&hash, Duration::from_millis(1))
            .await
            .unwrap()
            .is_none(),
        "a session idle longer than the limit is over"
    );

    let open = spawn_app_with_settings(|s| s.sign_up = SignUpMode::Open).await;
    let weak = open
        .post_form(
            "/sign-up",
            None,
            &[
                ("username", "weakling"),
                ("display_name", "W"),
                ("password", "password1234"),
            ],
        )
        .await;
    assert!(location(&weak).contains("error=password"));

    let big = "x".repeat(2 * 1024 * 1024);
    let response = app
        .client
        .post(format!(
            "{}{}",
            app.address,
            <app::api::exercises::SaveExerciseDraft as leptos::server_fn::ServerFn>::PATH
        ))
        .header("origin", &app.address)
        .header("cookie", &learner.cookie)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(big)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 413);
    assert!(response
        .text()
        .await
        .unwrap()
        .contains("larger than the server accepts"));
}

#[tokio::test]
async fn finding_9_the_security_log_records_actions_for_administrators_only() {
    let app = spawn_app().await;
    let admin = app.person("boss", Role::Admin).await;
    let learner = app.person("logged", Role::Learner).await;
    app.sign_in("logged", "a wrong password here").await;
    let reset = app
        .post_form(
            &format!("/admin/users/{}/password", learner.user.id),
            Some(&admin.cookie),
            &[("password", "a brand new phrase")],
        )
        .await;
    assert!(location(&reset).contains("notice=password-reset"));

    let log = app.get_as("/admin/security.csv", Some(&admin.cookie)).await;
    assert_eq!(log.status().as_u16(), 200);
    assert_eq!(log.headers()["cache-control"], "no-store");
    let csv = log.text().await.unwrap();
    for kind in ["sign-in,", "sign-in-failed,", "password-reset,"] {
        assert!(csv.contains(kind), "{kind} in\n{csv}");
    }
    assert!(
        csv.contains("boss,logged"),
        "who reset whose password:\n{csv}"
    );
    assert!(
        !csv.contains("a brand new phrase") && !csv.contains("a wrong password"),
        "no passwords"
    );
    assert!(!csv.contains("rmm_session"), "no tokens");

    let filtered = app
        .get_as(
            "/admin/security.csv?kind=password-reset",
            Some(&admin.cookie),
        )
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(
        filtered.lines().count(),
        2,
        "a header and the one reset:\n{filtered}"
    );
    let bad = app
        .get_as("/admin/security.csv?kind=nonsense", Some(&admin.cookie))
        .await;
    assert_eq!(bad.status().as_u16(), 400);
    let page = app.get_as("/admin/security", Some(&admin.cookie)).await;
    let status = page.status().as_u16();
    let text = page.text().await.unwrap();
    assert_eq!(status, 200, "{text}");
    assert!(text.contains("Security log"));
    let other = app.person("curious", Role::Learner).await;
    for who in [Some(other.cookie.as_str()), None] {
        let csv = app
            .get_as("/admin/security.csv", who)
            .await
            .status()
            .as_u16();
        let page = app.get_as("/admin/security", who).await.status().as_u16();
        assert_eq!(
            (csv, page),
            if who.is_some() {
                (403, 403)
            } else {
                (401, 401)
            }
        );
    }
}
