//! Signing up, in and out; sessions; the sign-in limit; cross-site forms.

use app::people::Role;

use crate::helpers::{spawn_app, spawn_app_with_settings};

/// A public self-paced site, where anyone may sign up.
async fn open_site() -> crate::helpers::TestApp {
    spawn_app_with_settings(|settings| settings.sign_up = app::people::SignUpMode::Open).await
}

#[tokio::test]
async fn sign_up_signs_in_and_sign_out_ends_the_session() {
    let app = open_site().await;
    let response = app
        .post_form(
            "/sign-up",
            None,
            &[
                ("username", "Ada"),
                ("display_name", "Ada L."),
                ("password", "a long enough password"),
                ("next", "/classes"),
            ],
        )
        .await;
    assert_eq!(response.status().as_u16(), 303);
    assert_eq!(response.headers()["location"], "/classes");
    let set_cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        set_cookie.contains("HttpOnly") && set_cookie.contains("SameSite=Lax"),
        "{set_cookie}"
    );
    let cookie = set_cookie.split(';').next().unwrap().to_string();

    let (status, html) = {
        let r = app.get_as("/classes", Some(&cookie)).await;
        (r.status().as_u16(), r.text().await.unwrap())
    };
    assert_eq!(status, 200);
    assert!(
        html.contains("Signed in as Ada L. (ada)"),
        "usernames are stored in lowercase"
    );

    let response = app.post_form("/sign-out", Some(&cookie), &[]).await;
    assert_eq!(response.status().as_u16(), 303);
    assert_eq!(
        app.get_as("/classes", Some(&cookie))
            .await
            .status()
            .as_u16(),
        401,
        "the old cookie no longer works"
    );
}

#[tokio::test]
async fn sign_up_refuses_bad_input_and_taken_names_with_a_message() {
    let app = open_site().await;
    app.person("taken", Role::Learner).await;
    for (fields, code) in [
        (
            [
                ("username", "x"),
                ("display_name", "X"),
                ("password", "a long enough password"),
            ],
            "username",
        ),
        (
            [
                ("username", "valid.name"),
                ("display_name", ""),
                ("password", "a long enough password"),
            ],
            "display-name",
        ),
        (
            [
                ("username", "valid.name"),
                ("display_name", "V"),
                ("password", "short"),
            ],
            "password",
        ),
        (
            [
                ("username", "TAKEN"),
                ("display_name", "T"),
                ("password", "a long enough password"),
            ],
            "username-taken",
        ),
    ] {
        let response = app.post_form("/sign-up", None, &fields).await;
        assert_eq!(response.status().as_u16(), 303);
        let location = response.headers()["location"].to_str().unwrap().to_string();
        assert!(
            location.starts_with(&format!("/sign-up?error={code}&")),
            "{location}"
        );
        let page = app.get_as(&location, None).await.text().await.unwrap();
        assert!(
            page.contains("role=\"alert\""),
            "the page shows the message for {code}"
        );
    }
}

#[tokio::test]
async fn wrong_passwords_are_slowed_down_with_a_clear_wait_not_a_server_error() {
    let app = spawn_app().await;
    app.person("target", Role::Learner).await;
    let mut statuses = Vec::new();
    for _ in 0..20 {
        let response = app
            .post_form(
                "/sign-in",
                None,
                &[("username", "target"), ("password", "wrong password here")],
            )
            .await;
        let status = response.status().as_u16();
        if status == 429 {
            let retry: u64 = response.headers()["retry-after"]
                .to_str()
                .unwrap()
                .parse()
                .unwrap();
            assert!(retry > 0 && retry <= 15 * 60);
            let body = response.text().await.unwrap();
            assert!(
                body.contains(&format!("try again in {retry} seconds")),
                "{body}"
            );
        }
        statuses.push(status);
    }
    assert!(
        statuses.iter().all(|s| *s == 303 || *s == 429),
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == 303).count(),
        3,
        "three free tries, then a growing delay: {statuses:?}"
    );
    // From the same network even the right password waits for the delay.
    let response = app
        .post_form(
            "/sign-in",
            None,
            &[
                ("username", "target"),
                ("password", &crate::helpers::password_of("target")),
            ],
        )
        .await;
    assert_eq!(response.status().as_u16(), 429);
}

#[tokio::test]
async fn forms_from_another_origin_are_refused() {
    let app = spawn_app().await;
    let instructor = app.person("teacher", Role::Instructor).await;
    let response = app
        .client
        .post(format!("{}/classes", app.address))
        .header("origin", "http://evil.example")
        .header("cookie", &instructor.cookie)
        .form(&[
            ("name", "Stolen"),
            ("starts_on", "2026-12-01"),
            ("ends_on", "2026-12-02"),
            ("mode", "self-paced"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 403);
    assert!(response
        .text()
        .await
        .unwrap()
        .contains("came from another website"));
    let cross_site_fetch = app
        .client
        .post(format!("{}/sign-out", app.address))
        .header("sec-fetch-site", "cross-site")
        .header("cookie", &instructor.cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(cross_site_fetch.status().as_u16(), 403);
    assert!(
        app.accounts
            .storage
            .classes_of(instructor.user.id)
            .await
            .unwrap()
            .is_empty(),
        "nothing was created"
    );
}

#[tokio::test]
async fn a_made_up_or_tampered_cookie_is_nobody() {
    let app = spawn_app().await;
    let learner = app.person("learner", Role::Learner).await;
    let mut tampered = learner.cookie.clone();
    let last = tampered.pop().unwrap();
    tampered.push(if last == '0' { '1' } else { '0' });
    for cookie in [
        tampered.as_str(),
        "rmm_session=0000000000000000000000000000000000000000000000000000000000000000",
        "rmm_session=../../etc",
    ] {
        assert_eq!(
            app.get_as("/classes", Some(cookie)).await.status().as_u16(),
            401,
            "{cookie}"
        );
    }
}

#[tokio::test]
async fn sign_in_never_redirects_to_another_site() {
    let app = spawn_app().await;
    app.person("walker", Role::Learner).await;
    let response = app
        .post_form(
            "/sign-in",
            None,
            &[
                ("username", "walker"),
                ("password", &crate::helpers::password_of("walker")),
                ("next", "https://evil.example/"),
            ],
        )
        .await;
    assert_eq!(response.headers()["location"], "/classes");
}

#[tokio::test]
async fn create_admin_command_makes_an_administrator() {
    let data = tempfile::tempdir().unwrap();
    let url = crate::helpers::test_database_url(data.path()).await;
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_server"))
        .args([
            "create-admin",
            "--username",
            "root.admin",
            "--display-name",
            "Root",
        ])
        .env("DATABASE_URL", &url)
        .env("ADMIN_PASSWORD", "an admin password")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let storage = server::storage::Storage::open(&url).await.unwrap();
    let admin = storage
        .account_by_username("root.admin")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(admin.user.role, Role::Admin);
    // A short password is refused with a reason.
    let refused = std::process::Command::new(env!("CARGO_BIN_EXE_server"))
        .args(["create-admin", "--username", "other", "--display-name", "O"])
        .env("DATABASE_URL", &url)
        .env("ADMIN_PASSWORD", "short")
        .output()
        .unwrap();
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("at least 10 characters"));
}
