//! The record of a class's live sessions: the timeline of what the instructor did, the checks
//! run with their answers tallied, and each learner's minutes present per day; for the class's
//! instructors only.

use app::api::Access;
use app::live::LiveChange;
use app::live_record::LiveRecord;
use app::people::{ClassMode, Role};
use app::quick_check::{CheckAnswer, CheckKind, QuickCheck};

use crate::helpers::spawn_app;

#[tokio::test]
async fn the_record_shows_the_timeline_the_checks_and_the_minutes_present() {
    let app = spawn_app().await;
    let instructor = app.person("teach", Role::Instructor).await;
    let ana = app.person("ana", Role::Learner).await;
    let ben = app.person("ben", Role::Learner).await;
    let storage = &app.accounts.storage;
    let class_id = storage
        .create_class(server::storage::NewClass {
            name: "Recorded",
            starts_on: "2026-12-01",
            ends_on: "2026-12-02",
            mode: ClassMode::InstructorLed,
            join_code: "RECORD23",
            instructor_id: instructor.user.id,
        })
        .await
        .unwrap()
        .unwrap();
    for learner in [&ana, &ben] {
        storage
            .join_by_code("RECORD23", learner.user.id)
            .await
            .unwrap();
    }
    let check = QuickCheck {
        kind: CheckKind::Single,
        question: "Which one?".into(),
        options: vec!["a".into(), "b".into()],
        correct: vec!["b".into()],
        low: None,
        high: None,
    };
    let mut state = None;
    for change in [
        LiveChange::Start {
            module_id: String::new(),
        },
        LiveChange::GoTo {
            module_id: "welcome".into(),
            slide: 3,
        },
        LiveChange::OpenCheck {
            check,
            source: None,
        },
    ] {
        state = Some(
            storage
                .change_live(class_id, "welcome", &change)
                .await
                .unwrap(),
        );
    }
    let run = state.unwrap().answerable_run().unwrap();
    for (who, choice) in [(&ana, 1), (&ben, 0)] {
        assert!(storage
            .answer_check(
                class_id,
                run,
                who.user.id,
                &CheckAnswer::Options(vec![choice])
            )
            .await
            .unwrap());
    }
    storage
        .change_live(class_id, "welcome", &LiveChange::CloseCheck)
        .await
        .unwrap();
    // Ana was present two minutes; a second count within the same minute (another tab) adds
    // nothing. Ben never was.
    let day = "2026-12-01";
    for at in [1_000_000, 1_010_000, 1_061_000] {
        storage
            .record_presence(class_id, ana.user.id, day, at)
            .await
            .unwrap();
    }

    let fetch = |cookie: String| {
        let app = &app;
        async move {
            let response = app
                .post_form(
                    "/api/get_live_record",
                    Some(&cookie),
                    &[("class_id", &class_id.to_string())],
                )
                .await;
            serde_json::from_str::<Option<Access<(String, LiveRecord)>>>(
                &response.text().await.unwrap(),
            )
            .unwrap()
        }
    };
    let Some(Access::Granted((name, record))) = fetch(instructor.cookie.clone()).await else {
        panic!("the instructor sees the record")
    };
    assert_eq!(name, "Recorded");
    let what: Vec<&str> = record.timeline.iter().map(|e| e.what.as_str()).collect();
    assert_eq!(
        what,
        vec![
            "Session started at welcome, slide 1",
            "welcome, slide 3",
            "Quick check opened: Which one?",
            "Quick check closed: Which one?",
        ]
    );
    assert_eq!(record.checks.len(), 1);
    assert_eq!(record.checks[0].tally.counts, vec![1, 1]);
    assert_eq!(record.days, vec![day]);
    let minutes: Vec<(String, u32)> = record
        .attendance
        .iter()
        .map(|a| (a.username.clone(), a.total_minutes()))
        .collect();
    assert_eq!(
        minutes,
        vec![("ana".to_string(), 2), ("ben".to_string(), 0)]
    );

    // Learners and outsiders see nothing of it.
    assert_eq!(fetch(ana.cookie.clone()).await, Some(Access::Forbidden));
    let (status, _) = app
        .page_as(&format!("/classes/{class_id}/live/record"), &ana)
        .await;
    assert_eq!(status, 403);
    let (status, page) = app
        .page_as(&format!("/classes/{class_id}/live/record"), &instructor)
        .await;
    assert_eq!(status, 200);
    assert!(page.contains("Attendance") && page.contains("2 min") && page.contains("Which one?"));
}
