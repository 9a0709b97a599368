//! The security suite of issue 12: one test per finding, named after it. Each shows the attack
//! and what stops it; all run on SQLite and, with `RMM_TEST_POSTGRES`, on PostgreSQL.

use app::people::{ClassMode, Role, SignUpMode};
use domain::ids::ClassId;
use server::storage::NewClass;

use crate::helpers::{password_of, spawn_app, spawn_app_with_settings, Session, TestApp};

const EXERCISE: &str = "meridian-sponsorship-plan";
/// A sentence of the explanation of its first item: part of the key.
const KEY_SENTENCE: &str = "owns the outcome";

async fn class_of(app: &TestApp, instructor: &Session, mode: ClassMode, code: &str) -> ClassId {
    app.accounts
        .storage
        .create_class(NewClass {
            name: "Security",
            starts_on: "2026-12-01",
            ends_on: "2026-12-02",
            mode,
            join_code: code,
            instructor_id: instructor.user.id,
        })
        .await
        .unwrap()
        .unwrap()
}

async fn join(app: &TestApp, code: &str, person: &Session) {
    let joined = app
        .accounts
        .storage
        .join_by_code(code, person.user.id)
        .await
        .unwrap();
    assert!(joined.joined().is_some(), "{joined:?}");
}

fn location(response: &reqwest::Response) -> String {
    response.headers()["location"].to_str().unwrap().to_string()
}

async fn page(app: &TestApp, path: &str, cookie: &str) -> String {
    app.get_as(path, Some(cookie)).await.text().await.unwrap()
}

/// Submits the exercise alone (no class) with a right answer to its first item.
async fn submit_alone(app: &TestApp, learner: &Session) {
    let path = format!("/exercises/{EXERCISE}");
    let text = page(app, &path, &learner.cookie).await;
    let marker = "name=\"request_id\" value=\"";
    let start = text.find(marker).expect("a request id") + marker.len();
    let id = text[start..start + 32].to_string();
    let response = app
        .post_form(
            &format!("{path}/answers"),
            Some(&learner.cookie),
            &[
                ("class_id", ""),
                ("intent", "submit"),
                ("request_id", &id),
                ("item.q1", "1"),
            ],
        )
        .await;
    assert_eq!(response.status().as_u16(), 303);
}

/// Submits the learner's ratings (the key's own, for every practice) alone or in a class;
/// answers the status.
pub async fn submit_appraisal(app: &TestApp, learner: &Session, class: Option<ClassId>) -> u16 {
    let course = app::content::load(&crate::helpers::shipped_content()).unwrap();
    let (_, key) = course.appraisal.as_ref().unwrap();
    let class = class.map(|c| c.to_string()).unwrap_or_default();
    let mut fields = vec![
        ("class_id".to_string(), class),
        ("intent".to_string(), "submit".to_string()),
    ];
    for rating in &key.ratings {
        fields.push((
            format!("rating.{}", rating.practice),
            rating.rating.code().to_string(),
        ));
    }
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    app.post_form("/appraisal/ratings", Some(&learner.cookie), &pairs)
        .await
        .status()
        .as_u16()
}

#[tokio::test]
async fn finding_1_keys_stay_hidden_alone_while_a_class_of_theirs_withholds_them() {
    let app = spawn_app().await;
    let instructor = app.person("teach", Role::Instructor).await;
    let learner = app.person("keen", Role::Learner).await;
    let class = class_of(&app, &instructor, ClassMode::InstructorLed, "KEYS2345").await;
    join(&app, "KEYS2345", &learner).await;

    // Working alone, the learner submits and sees only their own answers: the class has not
    // released this exercise's results.
    submit_alone(&app, &learner).await;
    let alone = page(&app, &format!("/exercises/{EXERCISE}"), &learner.cookie).await;
    assert!(!alone.contains(KEY_SENTENCE), "no key alone before release");

    // The appraisal alone: submitted, but no comparison while the class keeps the key back.
    assert_eq!(submit_appraisal(&app, &learner, None).await, 303);
    let alone = page(&app, "/appraisal", &learner.cookie).await;
    assert!(
        !alone.contains("Annex C"),
        "no key rationale alone before the reveal"
    );

    // Once the class releases the results, working alone shows them too.
    let release = app
        .post_form(
            &format!("/classes/{class}/exercises/{EXERCISE}/settings"),
            Some(&instructor.cookie),
            &[("action", "release")],
        )
        .await;
    assert_eq!(release.status().as_u16(), 303, "{}", location(&release));
    let alone = page(&app, &format!("/exercises/{EXERCISE}"), &learner.cookie).await;
    assert!(
        alone.contains(KEY_SENTENCE),
        "alone, results show once released"
    );

    // Someone in no class still sees results at once, as before.
    let reader = app.person("reader", Role::Learner).await;
    submit_alone(&app, &reader).await;
    let text = page(&app, &format!("/exercises/{EXERCISE}"), &reader.cookie).await;
    assert!(text.contains(KEY_SENTENCE));
}

async fn sign_up(app: &TestApp, username: &str, code: &str) -> reqwest::Response {
    app.post_form(
        "/sign-up",
        None,
        &[
            ("username", username),
            ("display_name", "New person"),
            ("password", "tulips under the bridge"),
            ("code", code),
            ("next", "/classes"),
        ],
    )
    .await
}

#[tokio::test]
async fn finding_1_sign_up_needs_a_class_code_by_default_and_obeys_the_mode() {
    let app = spawn_app().await;
    let instructor = app.person("teach", Role::Instructor).await;
    let class = class_of(&app, &instructor, ClassMode::SelfPaced, "OPEN2345").await;

    let refused = sign_up(&app, "no.code", "").await;
    assert!(location(&refused).starts_with("/sign-up?error=needs-code"));
    let wrong = sign_up(&app, "wrong.code", "ZZZZ9999").await;
    assert!(location(&wrong).contains("error=needs-code"));
    assert!(app
        .accounts
        .storage
        .account_by_username("no.code")
        .await
        .unwrap()
        .is_none());

    let joined = sign_up(&app, "with.code", "open-2345").await;
    assert_eq!(
        location(&joined),
        format!("/classes/{class}"),
        "joined at once"
    );
    let user = app
        .accounts
        .storage
        .account_by_username("with.code")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(user.user.role, Role::Learner);

    let closed = spawn_app_with_settings(|s| s.sign_up = SignUpMode::Closed).await;
    let response = sign_up(&closed, "anyone", "").await;
    assert!(location(&response).contains("error=sign-up-closed"));
    let open = spawn_app_with_settings(|s| s.sign_up = SignUpMode::Open).await;
    assert_eq!(location(&sign_up(&open, "anyone", "").await), "/classes");

    // The home page says how to get in, and lists a published self-paced code.
    let home = app.get("/").await.text().await.unwrap();
    assert!(
        home.contains("get its join code from your instructor"),
        "home explains sign-up"
    );
    assert!(!home.contains("OPEN-2345"));
    let publish = app
        .post_form(
            &format!("/classes/{class}/join-code"),
            Some(&instructor.cookie),
            &[("action", "publish")],
        )
        .await;
    assert_eq!(publish.status().as_u16(), 303);
    let home = app.get("/").await.text().await.unwrap();
    assert!(
        home.contains("OPEN-2345"),
        "a published code is on the home page"
    );
}

#[tokio::test]
async fn finding_2_an_instructor_cannot_take_over_an_administrator_or_a_colleague() {
    let app = spawn_app().await;
    let instructor = app.person("teach", Role::Instructor).await;
    let colleague = app.person("colleague", Role::Instructor).await;
    let admin = app.person("boss", Role::Admin).await;
    let shared = app.person("shared", Role::Learner).await;
    let mine = app.person("mine", Role::Learner).await;
    let class = class_of(&app, &instructor, ClassMode::InstructorLed, "MINE2345").await;
    class_of(&app, &colleague, ClassMode::InstructorLed, "THEIR234").await;
    // Memberships as older versions allowed them: the admin and the colleague joined as learners.
    for person in [&admin, &colleague, &shared, &mine] {
        join(&app, "MINE2345", person).await;
    }
    join(&app, "THEIR234", &shared).await;

    for target in [&admin, &colleague, &shared] {
        let response = app
            .post_form(
                &format!("/classes/{class}/learners/{}/password", target.user.id),
                Some(&instructor.cookie),
                &[("password", "taken over at last")],
            )
            .await;
        assert!(
            location(&response).contains("error=not-only-your-learner"),
            "{}: {}",
            target.user.username,
            location(&response)
        );
        let still = app
            .sign_in(&target.user.username, &password_of(&target.user.username))
            .await;
        assert!(
            still.is_some(),
            "{}'s password is unchanged",
            target.user.username
        );
    }
    // Their own learner, in no one else's class: allowed, and logged.
    let response = app
        .post_form(
            &format!("/classes/{class}/learners/{}/password", mine.user.id),
            Some(&instructor.cookie),
            &[("password", "a fresh start for you")],
        )
        .await;
    assert!(location(&response).contains("notice=password-reset"));
    assert!(app.sign_in("mine", "a fresh start for you").await.is_some());

    // Administrators and instructors do not join with a code.
    for (who, error) in [
        (&admin, "admins-do-not-join"),
        (&colleague, "instructors-are-added"),
    ] {
        let response = app
            .post_form("/join", Some(&who.cookie), &[("code", "MINE2345")])
            .await;
        assert!(
            location(&response).contains(error),
            "{}",
            location(&response)
        );
    }
    // A co-instructor is added by the class's instructor and then manages the class.
    let other = app.person("pair", Role::Instructor).await;
    let roster = format!("/classes/{class}");
    assert!(!page(&app, &roster, &other.cookie)
        .await
        .contains("MINE-2345"));
    let added = app
        .post_form(
            &format!("/classes/{class}/co-instructors"),
            Some(&instructor.cookie),
            &[("username", "pair")],
        )
        .await;
    assert!(location(&added).contains("notice=co-instructor-added"));
    assert!(page(&app, &roster, &other.cookie)
        .await
        .contains("MINE-2345"));
    // A learner account cannot be made a co-instructor, and learners cannot add anyone.
    let refused = app
        .post_form(
            &format!("/classes/{class}/co-instructors"),
            Some(&instructor.cookie),
            &[("username", "mine")],
        )
        .await;
    assert!(location(&refused).contains("error=not-an-instructor"));
    let forbidden = app
        .post_form(
            &format!("/classes/{class}/co-instructors"),
            Some(&shared.cookie),
            &[("username", "colleague")],
        )
        .await;
    assert_eq!(forbidden.status().as_u16(), 403);
}

#[tokio::test]
async fn finding_3_parallel_guesses_are_counted_before_the_slow_password_check() {
    let app = spawn_app().await;
    app.person("victim", Role::Learner).await;
    let guesses = (0..40).map(|i| {
        let app = &app;
        async move {
            let guess = format!("guess number {i} here");
            app.post_form(
                "/sign-in",
                None,
                &[("username", "victim"), ("password", guess.as_str())],
            )
            .await
            .status()
            .as_u16()
        }
    });
    let statuses = futures_util::future::join_all(guesses).await;
    let verified = statuses.iter().filter(|s| **s == 303).count();
    let limited = statuses.iter().filter(|s| **s == 429).count();
    assert_eq!(verified + limited, 40, "{statuses:?}");
    assert!(
        verified <= 5,
        "{verified} of 40 parallel guesses were verified"
    );
}

#[tokio::test]
async fn finding_4_behind_a_trusted_proxy_each_client_has_its_own_count_and_a_victim_gets_in() {
    let app = spawn_app_with_settings(|s| s.trusted_proxies = "127.0.0.1".parse().unwrap()).await;
    app.person("victim", Role::Learner).await;
    let try_from = |address: &'static str, password: String| {
        let app = &app;
        async move {
            app.client
                .post(format!("{}/sign-in", app.address))
                .header("origin", &app.address)
                .header("x-forwarded-for", address)
                .form(&[("username", "victim"), ("password", password.as_str())])
                .send()
                .await
                .unwrap()
        }
    };
    for _ in 0..10 {
        try_from("6.6.6.6", "not the password at all".into()).await;
    }
    let limited = try_from("6.6.6.6", password_of("victim")).await;
    assert_eq!(limited.status().as_u16(), 429, "the guessing address waits");
    // The victim, from a network without failures, gets in at once: delays, not lockouts.
    let victim = try_from("7.7.7.7", password_of("victim")).await;
    assert_eq!(victim.status().as_u16(), 303);
    assert_eq!(location(&victim), "/classes");

    // Without the proxy setting, a made-up header buys nothing: the peer is counted.
    let direct = spawn_app().await;
    direct.person("victim", Role::Learner).await;
    let mut statuses = Vec::new();
    for i in 0..8 {
        let response = direct
            .client
            .post(format!("{}/sign-in", direct.address))
            .header("origin", &direct.address)
            .header("x-forwarded-for", format!("9.9.9.{i}"))
            .form(&[
                ("username", "victim"),
                ("password", "not the password at all"),
            ])
            .send()
            .await
            .unwrap();
        statuses.push(response.status().as_u16());
    }
    assert!(statuses.contains(&429), "{statuses:?}");
}

#[tokio::test]
async fn finding_5_next_paths_that_leave_the_site_are_never_followed() {
    let app = spawn_app().await;
    app.person("walker", Role::Learner).await;
    for hostile in [
        "/\t/evil.example",
        "/\n/evil.example",
        "/\\evil.example",
        "//evil.example",
        " /evil",
    ] {
        let response = app
            .post_form(
                "/sign-in",
                None,
                &[
                    ("username", "walker"),
                    ("password", &password_of("walker")),
                    ("next", hostile),
                ],
            )
            .await;
        assert_eq!(location(&response), "/classes", "{hostile:?}");
    }
}
