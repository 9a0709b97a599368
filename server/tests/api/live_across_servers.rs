//! Several server processes on one PostgreSQL database form one deployment: a slide change driven
//! through one server reaches a learner connected to another, also after the other server's
//! notification listener lost its connection.
//!
//! These tests need PostgreSQL. They are `#[ignore]`d in the default (SQLite) run;
//! `scripts/test` runs them with `RMM_TEST_POSTGRES` set and `--include-ignored`.

use app::api::live::DriveLive;
use app::people::{ClassMode, Role};
use domain::ids::ClassId;
use leptos::server_fn::ServerFn;
use server::accounts::Accounts;
use server::storage::{NewClass, Storage};

use crate::helpers::{fresh_postgres_database, spawn_server_process, POSTGRES_VARIABLE};
use crate::live::read_states;

/// Signs in through the form of the server at `address`; the session cookie.
async fn sign_in(client: &reqwest::Client, address: &str, username: &str) -> String {
    let password = crate::helpers::password_of(username);
    let response = client
        .post(format!("{address}/sign-in"))
        .header("origin", address)
        .form(&[
            ("username", username),
            ("password", &password),
            ("next", "/"),
        ])
        .send()
        .await
        .unwrap();
    let cookie = response.headers()["set-cookie"].to_str().unwrap();
    cookie.split(';').next().unwrap().to_string()
}

async fn drive(client: &reqwest::Client, address: &str, cookie: &str, body: String) {
    let response = client
        .post(format!("{address}{}", DriveLive::PATH))
        .header("origin", address)
        .header("content-type", "application/json")
        .header("cookie", cookie)
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200, "drive_live answered");
}

fn go_to(class_id: ClassId, slide: usize) -> String {
    format!(
        r#"{{"class_id":{class_id},"change":{{"GoTo":{{"module_id":"welcome","slide":{slide}}}}}}}"#
    )
}

/// One deployment of two server processes on a fresh PostgreSQL database, with a class taught by
/// `teach` (signed in on A) and attended by `learn` (signed in on B).
struct Deployment {
    database_url: String,
    class_id: ClassId,
    server_a: crate::helpers::ServerProcess,
    server_b: crate::helpers::ServerProcess,
    client: reqwest::Client,
    instructor: String,
    learner: String,
    _data: tempfile::TempDir,
}

async fn deployment(join_code: &str) -> Deployment {
    let server_url = std::env::var(POSTGRES_VARIABLE).expect("RMM_TEST_POSTGRES is set");
    let database_url = fresh_postgres_database(&server_url).await;
    let storage = Storage::open(&database_url).await.unwrap();
    let accounts = Accounts::new(storage.clone(), Default::default());
    let mut people = Vec::new();
    for (name, role) in [("teach", Role::Instructor), ("learn", Role::Learner)] {
        let password = crate::helpers::password_of(name);
        people.push(
            accounts
                .create_account(name, name, &password, role)
                .await
                .unwrap(),
        );
    }
    let class_id = storage
        .create_class(NewClass {
            name: "Two servers",
            starts_on: "2026-12-01",
            ends_on: "2026-12-02",
            mode: ClassMode::InstructorLed,
            join_code,
            instructor_id: people[0].id,
        })
        .await
        .unwrap()
        .unwrap();
    storage.join_by_code(join_code, people[1].id).await.unwrap();
    let data = tempfile::tempdir().unwrap();
    let server_a = spawn_server_process(&database_url, data.path());
    let server_b = spawn_server_process(&database_url, data.path());
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let instructor = sign_in(&client, &server_a.address, "teach").await;
    let learner = sign_in(&client, &server_b.address, "learn").await;
    Deployment {
        database_url,
        class_id,
        server_a,
        server_b,
        client,
        instructor,
        learner,
        _data: data,
    }
}

#[tokio::test]
#[ignore = "needs PostgreSQL: set RMM_TEST_POSTGRES and pass --include-ignored"]
async fn a_slide_change_on_one_server_reaches_learners_on_another() {
    let Deployment {
        database_url,
        class_id,
        server_a,
        server_b,
        client,
        instructor,
        learner,
        _data,
    } = deployment("TWOSRV23").await;

    let mut events = client
        .get(format!(
            "{}/classes/{class_id}/live/events",
            server_b.address
        ))
        .header("cookie", &learner)
        .send()
        .await
        .unwrap();
    assert_eq!(read_states(&mut events, 1).await[0].version, 0);

    // Driven on A, seen on B.
    let start = format!(r#"{{"class_id":{class_id},"change":{{"Start":{{"module_id":""}}}}}}"#);
    drive(&client, &server_a.address, &instructor, start).await;
    let started = read_states(&mut events, 1).await;
    assert!(started[0].active);
    drive(&client, &server_a.address, &instructor, go_to(class_id, 4)).await;
    let moved = read_states(&mut events, 1).await;
    assert_eq!((moved[0].version, moved[0].slide), (2, 4));

    // Cut B's listener off (as a network fault or a database restart would) and change the
    // slide while it reconnects: B must still deliver the newest state, by re-reading it.
    let (terminated,): (i64,) = sqlx::query_as(
        "SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity
         WHERE datname = current_database() AND query ILIKE 'LISTEN%'",
    )
    .fetch_one(&sqlx::PgPool::connect(&database_url).await.unwrap())
    .await
    .unwrap();
    assert_eq!(terminated, 2, "both servers' listeners were cut off");
    drive(&client, &server_a.address, &instructor, go_to(class_id, 7)).await;
    let after_gap = read_states(&mut events, 1).await;
    assert_eq!((after_gap[0].version, after_gap[0].slide), (3, 7));
}

#[tokio::test]
#[ignore = "needs PostgreSQL: set RMM_TEST_POSTGRES and pass --include-ignored"]
async fn a_quick_check_and_a_question_cross_between_servers() {
    let two = deployment("TWOCHK23").await;
    let (a, b, class_id) = (&two.server_a.address, &two.server_b.address, two.class_id);
    let mut events = two
        .client
        .get(format!("{b}/classes/{class_id}/live/events"))
        .header("cookie", &two.learner)
        .send()
        .await
        .unwrap();
    read_states(&mut events, 1).await;
    let start = format!(r#"{{"class_id":{class_id},"change":{{"Start":{{"module_id":""}}}}}}"#);
    drive(&two.client, a, &two.instructor, start).await;
    let open = format!(
        r#"{{"class_id":{class_id},"change":{{"OpenCheck":{{"check":{{"kind":"scale","question":"How sure?"}},"source":null}}}}}}"#
    );
    drive(&two.client, a, &two.instructor, open).await;
    // The check opened on A reaches the learner's screen on B (a screen may skip a state
    // straight to a newer one) ...
    let mut run = None;
    for _ in 0..3 {
        run = read_states(&mut events, 1).await[0].answerable_run();
        if run.is_some() {
            break;
        }
    }
    let run = run.expect("the check is open on B's stream");
    // ... who answers and asks through B; A's instructor sees both at once.
    let post = |path: &str, cookie: &str, body: String, json: bool| {
        let request = two
            .client
            .post(format!("{b}{path}"))
            .header("origin", b.as_str())
            .header("cookie", cookie.to_string())
            .header(
                "content-type",
                if json {
                    "application/json"
                } else {
                    "application/x-www-form-urlencoded"
                },
            )
            .body(body);
        async move { request.send().await.unwrap().text().await.unwrap() }
    };
    let answered = post(
        "/api/answer_live_check",
        &two.learner,
        format!(r#"{{"class_id":{class_id},"run":{run},"form":"scale=4"}}"#),
        true,
    )
    .await;
    assert!(answered.starts_with(r#"{"Granted""#), "{answered}");
    let asked = post(
        "/api/post_live_question",
        &two.learner,
        format!("class_id={class_id}&text=Asked+on+B"),
        false,
    )
    .await;
    assert!(asked.starts_with(r#"{"Granted""#), "{asked}");
    let read_on_a = |path: &str, body: String| {
        let request = two
            .client
            .post(format!("{a}{path}"))
            .header("origin", a.as_str())
            .header("cookie", two.instructor.clone())
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body);
        async move { request.send().await.unwrap().text().await.unwrap() }
    };
    let check: app::api::Access<Option<app::api::live::CheckView>> = serde_json::from_str(
        &read_on_a("/api/get_live_check", format!("class_id={class_id}")).await,
    )
    .unwrap();
    let app::api::Access::Granted(Some(view)) = check else {
        panic!("{check:?}")
    };
    assert_eq!(view.tally.unwrap().counts, vec![0, 0, 0, 1, 0]);
    let room = read_on_a(
        "/api/get_live_room",
        format!("class_id={class_id}&by_time=true"),
    )
    .await;
    assert!(
        room.contains("Asked on B") && room.contains(r#""author":"learn""#),
        "{room}"
    );
}
