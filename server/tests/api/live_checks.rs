//! Quick checks in a live session: the instructor runs the check written on a slide, learners
//! answer (and change their answer) until it closes, the instructor sees the counts as they
//! arrive, the room sees the results and the correct answer only when shown. Learners cannot
//! open, close or reveal; outsiders and instructors cannot answer; nobody sees who answered what.

use app::api::live::CheckView;
use app::api::Access;
use app::live::LiveState;
use app::people::{ClassMode, Role};
use app::quick_check::CheckKind;
use domain::ids::ClassId;

use crate::helpers::{shipped_content, spawn_app, Session, TestApp};

/// The first slide of the shipped course that holds a choice check with a correct answer:
/// (module, slide number, number of options, the correct option's position).
fn a_slide_with_a_check() -> (String, usize, usize, usize) {
    let course = app::content::load(&shipped_content()).expect("the shipped course loads");
    for module in &course.modules {
        for slide in &module.deck.slides {
            if let Some(check) = &slide.check {
                if check.kind == CheckKind::Single && check.correct.len() == 1 {
                    let right = check
                        .options
                        .iter()
                        .position(|o| *o == check.correct[0])
                        .unwrap();
                    return (
                        module.summary.id.clone(),
                        slide.number,
                        check.options.len(),
                        right,
                    );
                }
            }
        }
    }
    panic!("the shipped decks have no single-choice check with a correct answer");
}

async fn post_json(app: &TestApp, path: &str, who: &Session, body: String) -> (u16, String) {
    let response = app
        .client
        .post(format!("{}{path}", app.address))
        .header("origin", &app.address)
        .header("content-type", "application/json")
        .header("cookie", &who.cookie)
        .body(body)
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

async fn drive(app: &TestApp, who: &Session, class_id: ClassId, change: &str) -> (u16, String) {
    post_json(
        app,
        "/api/drive_live",
        who,
        format!(r#"{{"class_id":{class_id},"change":{change}}}"#),
    )
    .await
}

async fn answer(
    app: &TestApp,
    who: &Session,
    class_id: ClassId,
    run: i64,
    form: &str,
) -> (u16, String) {
    post_json(
        app,
        "/api/answer_live_check",
        who,
        format!(r#"{{"class_id":{class_id},"run":{run},"form":"{form}"}}"#),
    )
    .await
}

async fn check_view(
    app: &TestApp,
    who: &Session,
    class_id: ClassId,
) -> (u16, Access<Option<CheckView>>) {
    let response = app
        .post_form(
            "/api/get_live_check",
            Some(&who.cookie),
            &[("class_id", &class_id.to_string())],
        )
        .await;
    let status = response.status().as_u16();
    (
        status,
        serde_json::from_str(&response.text().await.unwrap()).unwrap(),
    )
}

fn granted<T: std::fmt::Debug>(access: Access<T>) -> T {
    match access {
        Access::Granted(value) => value,
        other => panic!("not granted: {other:?}"),
    }
}

/// A class with an instructor and three learners, live.
async fn live_class(app: &TestApp) -> (ClassId, Session, Vec<Session>) {
    let instructor = app.person("teach", Role::Instructor).await;
    let storage = &app.accounts.storage;
    let class_id = storage
        .create_class(server::storage::NewClass {
            name: "Checks",
            starts_on: "2026-12-01",
            ends_on: "2026-12-02",
            mode: ClassMode::InstructorLed,
            join_code: "CHECK2345",
            instructor_id: instructor.user.id,
        })
        .await
        .unwrap()
        .unwrap();
    let mut learners = Vec::new();
    for name in ["ana", "ben", "cai"] {
        let learner = app.person(name, Role::Learner).await;
        storage
            .join_by_code("CHECK2345", learner.user.id)
            .await
            .unwrap();
        learners.push(learner);
    }
    let (status, _) = drive(app, &instructor, class_id, r#"{"Start":{"module_id":""}}"#).await;
    assert_eq!(status, 200);
    (class_id, instructor, learners)
}

#[tokio::test]
async fn a_check_from_a_slide_runs_from_answers_to_the_revealed_correct_answer() {
    let app = spawn_app().await;
    let (class_id, instructor, learners) = live_class(&app).await;
    let (module, slide, options, right) = a_slide_with_a_check();
    let wrong = (right + 1) % options;

    // The instructor opens the slide's check; the server takes the check from the course, not
    // from the request (the question sent here is ignored).
    let (status, body) = drive(
        &app,
        &instructor,
        class_id,
        &format!(r#"{{"OpenCheck":{{"check":{{"kind":"word","question":"forged"}},"source":{{"module_id":"{module}","slide":{slide}}}}}}}"#),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let state: Access<LiveState> = serde_json::from_str(&body).unwrap();
    let running = granted(state).check.expect("a running check");
    assert_ne!(running.check.question, "forged");
    let run = running.run;

    // Two answer through the server function, one through the plain form (no JavaScript).
    let (status, body) = answer(
        &app,
        &learners[0],
        class_id,
        run,
        &format!("choice={right}"),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let (status, _) = answer(
        &app,
        &learners[1],
        class_id,
        run,
        &format!("choice={wrong}"),
    )
    .await;
    assert_eq!(status, 200);
    let plain = app
        .post_form(
            &format!("/classes/{class_id}/live/check"),
            Some(&learners[2].cookie),
            &[("run", &run.to_string()), ("choice", &right.to_string())],
        )
        .await;
    assert_eq!(plain.status().as_u16(), 303);
    // Ben changes his mind: still one answer of his.
    let (status, _) = answer(
        &app,
        &learners[1],
        class_id,
        run,
        &format!("choice={right}"),
    )
    .await;
    assert_eq!(status, 200);

    // The instructor sees the counts at once; a learner sees only their own answer.
    let (_, view) = check_view(&app, &instructor, class_id).await;
    let tally = granted(view)
        .unwrap()
        .tally
        .expect("the instructor's counts");
    assert_eq!(tally.answers, 3);
    assert_eq!(tally.counts[right], 3);
    let (_, view) = check_view(&app, &learners[0], class_id).await;
    let view = granted(view).unwrap();
    assert!(view.tally.is_none(), "results not shown yet");
    assert_eq!(
        view.mine,
        Some(app::quick_check::CheckAnswer::Options(vec![right]))
    );

    // A learner cannot close, show or reveal.
    for change in [
        r#""CloseCheck""#,
        r#""ShowResults""#,
        r#""RevealCorrect""#,
        r#""ClearCheck""#,
    ] {
        let (_, body) = drive(&app, &learners[0], class_id, change).await;
        let refused: Access<LiveState> = serde_json::from_str(&body).unwrap();
        assert_eq!(refused, Access::Forbidden, "{change}");
    }

    // Closed: no more answers, with a sentence that says why.
    assert_eq!(
        drive(&app, &instructor, class_id, r#""CloseCheck""#)
            .await
            .0,
        200
    );
    let (status, body) = answer(
        &app,
        &learners[0],
        class_id,
        run,
        &format!("choice={wrong}"),
    )
    .await;
    assert_eq!(status, 409);
    assert!(body.contains("closed"), "{body}");

    // Shown: learners see the results; revealed: the state carries it.
    assert_eq!(
        drive(&app, &instructor, class_id, r#""ShowResults""#)
            .await
            .0,
        200
    );
    let (_, view) = check_view(&app, &learners[1], class_id).await;
    assert_eq!(granted(view).unwrap().tally.unwrap().counts[right], 3);
    let (_, body) = drive(&app, &instructor, class_id, r#""RevealCorrect""#).await;
    let state: Access<LiveState> = serde_json::from_str(&body).unwrap();
    assert!(granted(state).check.unwrap().correct_shown);

    // The live page shows a learner without JavaScript their answer and the results.
    let (status, page) = app
        .page_as(&format!("/classes/{class_id}/live"), &learners[2])
        .await;
    assert_eq!(status, 200);
    assert!(
        page.contains("Your answer:") && page.contains("3 answers"),
        "{page}"
    );
    assert!(page.contains("(correct)"));
}

#[tokio::test]
async fn answers_that_do_not_fit_and_people_outside_the_room_are_refused() {
    let app = spawn_app().await;
    let (class_id, instructor, learners) = live_class(&app).await;
    let outsider = app.person("outsider", Role::Learner).await;
    let (status, body) = drive(
        &app,
        &instructor,
        class_id,
        r#"{"OpenCheck":{"check":{"kind":"word","question":"In one word?","correct":["resilience"]},"source":null}}"#,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let state: Access<LiveState> = serde_json::from_str(&body).unwrap();
    let run = granted(state).check.unwrap().run;

    // Too long, empty, a stale run.
    let (status, body) = answer(
        &app,
        &learners[0],
        class_id,
        run,
        &format!("word={}", "x".repeat(41)),
    )
    .await;
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("40 characters"), "{body}");
    assert_eq!(
        answer(&app, &learners[0], class_id, run, "word=").await.0,
        400
    );
    assert_eq!(
        answer(&app, &learners[0], class_id, run - 1, "word=risk")
            .await
            .0,
        409
    );
    // A hostile word is kept as text (the page escapes it when shown).
    let (status, _) = answer(
        &app,
        &learners[0],
        class_id,
        run,
        "word=%3Cscript%3Ex%3C%2Fscript%3E",
    )
    .await;
    assert_eq!(status, 200);

    // Not a learner of the class: the outsider, and the instructor (whose answer would skew
    // the room's).
    for who in [&outsider, &instructor] {
        let (_, body) = answer(&app, who, class_id, run, "word=risk").await;
        let refused: Access<app::quick_check::CheckAnswer> = serde_json::from_str(&body).unwrap();
        assert_eq!(refused, Access::Forbidden, "{}", who.user.username);
    }
    let (_, seen) = check_view(&app, &outsider, class_id).await;
    assert_eq!(
        seen,
        Access::Forbidden,
        "an outsider sees nothing of the check"
    );
    let plain = app
        .post_form(
            &format!("/classes/{class_id}/live/check"),
            Some(&outsider.cookie),
            &[("run", &run.to_string()), ("word", "risk")],
        )
        .await;
    assert_eq!(plain.status().as_u16(), 403);

    // A check typed on the spot is checked like a written one; a slide without a check has none.
    let (status, body) = drive(
        &app,
        &instructor,
        class_id,
        r#"{"OpenCheck":{"check":{"kind":"single","question":"Which?","options":["only"]},"source":null}}"#,
    )
    .await;
    assert_eq!(status, 400);
    assert!(body.contains("2 to 6 options"), "{body}");
    let (status, body) = drive(
        &app,
        &instructor,
        class_id,
        r#"{"OpenCheck":{"check":{"kind":"word","question":"x"},"source":{"module_id":"welcome","slide":999}}}"#,
    )
    .await;
    assert_eq!(status, 400);
    assert!(body.contains("no quick check"), "{body}");

    // Once the session ends, the check takes no answers.
    assert_eq!(drive(&app, &instructor, class_id, r#""Stop""#).await.0, 200);
    assert_eq!(
        answer(&app, &learners[1], class_id, run, "word=risk")
            .await
            .0,
        409
    );
}
