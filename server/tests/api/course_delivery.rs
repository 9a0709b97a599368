//! What an instructor needs to teach the course as scheduled: the instructor guide (instructors
//! and administrators only: it holds every answer) and the knowledge check scored per learning
//! outcome, for the learner and for the class (page and CSV), never for anyone else.

use std::collections::HashMap;

use app::exercise::{ItemForm, KeyAnswer};
use app::knowledge_check::outcome_scores;
use app::people::{ClassMode, Role};
use domain::answers::Answers;
use domain::exercise::Answer;
use domain::ids::ClassId;
use server::storage::NewClass;

use crate::helpers::{shipped_content, Session, TestApp};

/// A sentence only the guide shows: the heading of every module guide's cut-lines.
const GUIDE_ONLY: &str = "If you are running late";

#[tokio::test]
async fn the_instructor_guide_is_for_instructors_and_administrators_only() {
    let app = crate::helpers::spawn_app().await;
    let learner = app.person("lena", Role::Learner).await;
    let instructor = app.person("ines", Role::Instructor).await;
    let admin = app.person("ada", Role::Admin).await;

    let anonymous = app.get("/instructor-guide").await;
    assert_eq!(anonymous.status().as_u16(), 401);
    assert!(!anonymous.text().await.unwrap().contains(GUIDE_ONLY));

    let refused = app.get_as("/instructor-guide", Some(&learner.cookie)).await;
    assert_eq!(refused.status().as_u16(), 403);
    let body = refused.text().await.unwrap();
    assert!(
        !body.contains(GUIDE_ONLY),
        "no guide text reaches a learner"
    );
    assert!(!body.contains("Answer: "), "no answer reaches a learner");

    for who in [&instructor, &admin] {
        let (status, page) = fetch(&app, "/instructor-guide", who).await;
        assert_eq!(status, 200);
        assert!(page.contains(GUIDE_ONLY));
        // The timetable to the minute, with the first module at 08:30 and an exercise slot.
        assert!(page.contains("08:30"));
        assert!(page.contains("Exercise: "));
        assert!(page.contains("Questions for the room"));
        assert!(page.contains("Answer: "));
        assert!(page.contains("Essay grading plan"));
    }
}

#[tokio::test]
async fn the_knowledge_check_is_scored_per_outcome_for_the_learner_and_the_class() {
    let app = crate::helpers::spawn_app().await;
    let course = app::content::load(&shipped_content()).unwrap();
    let check = course
        .knowledge_check()
        .expect("the course has a knowledge check")
        .clone();
    let instructor = app.person("teach", Role::Instructor).await;
    let other = app.person("other", Role::Instructor).await;
    let class_id = class(&app, &instructor, ClassMode::SelfPaced).await;
    let strong = joined(&app, "strong").await;
    let weak = joined(&app, "weak").await;
    let outsider = app.person("outsider", Role::Learner).await;

    // The strong learner answers every single-choice item as the key does, the weak one answers
    // every single-choice item wrongly; the other kinds stay unanswered.
    let mut right = Vec::new();
    let mut wrong = Vec::new();
    let mut right_answers = Answers::new();
    for (item, key) in check.items.iter().zip(&check.keys) {
        if let (ItemForm::SingleChoice { choices_html }, KeyAnswer::SingleChoice(index)) =
            (&item.form, &key.answer)
        {
            // The form numbers choices from 1.
            let other_choice = (index + 1) % choices_html.len();
            right.push((format!("item.{}", item.id), (index + 1).to_string()));
            wrong.push((format!("item.{}", item.id), (other_choice + 1).to_string()));
            right_answers.insert(item.id.clone(), Answer::Choice(*index));
        }
    }
    submit(&app, &check.id, class_id, &strong, &right).await;
    submit(&app, &check.id, class_id, &weak, &wrong).await;
    let expected: HashMap<String, u32> = outcome_scores(&check, &right_answers)
        .into_iter()
        .map(|s| (s.outcome.clone(), s.percent()))
        .collect();
    assert!(expected.values().all(|p| *p > 0), "{expected:?}");

    // The learner sees their own result per outcome (a self-paced class shows results at once).
    let (_, page) = fetch(
        &app,
        &format!("/exercises/{}?class={class_id}", check.id),
        &strong,
    )
    .await;
    assert!(page.contains("Your result by learning outcome"), "{page}");

    // The class's view: each outcome with its mean and who missed it; and the CSV.
    let results = format!("/classes/{class_id}/knowledge-check");
    let (status, page) = fetch(&app, &results, &instructor).await;
    assert_eq!(status, 200);
    assert!(page.contains("Knowledge check by outcome"));
    for outcome in ["O1", "O4", "O7"] {
        assert!(page.contains(outcome), "{outcome} is listed");
    }
    let csv = app
        .get_as(&format!("{results}.csv"), Some(&instructor.cookie))
        .await;
    assert_eq!(csv.status().as_u16(), 200);
    let csv = csv.text().await.unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert!(lines[0].starts_with("learner,username,O1 %"), "{csv}");
    let strong_row = lines
        .iter()
        .find(|l| l.contains(",strong,"))
        .expect("strong's row");
    let first_outcome: u32 = strong_row.split(',').nth(2).unwrap().parse().unwrap();
    assert_eq!(first_outcome, expected["O1"]);
    let weak_row = lines
        .iter()
        .find(|l| l.contains(",weak,"))
        .expect("weak's row");
    assert!(
        weak_row.split(',').skip(2).all(|cell| cell == "0"),
        "{weak_row}"
    );
    let missed = lines.last().unwrap();
    assert!(missed.starts_with("learners below 60 %"), "{missed}");

    // Nobody else reads the class's results.
    for who in [&strong, &outsider, &other] {
        assert_eq!(fetch(&app, &results, who).await.0, 403);
        let csv = app
            .get_as(&format!("{results}.csv"), Some(&who.cookie))
            .await;
        assert_eq!(csv.status().as_u16(), 403);
    }
    assert_eq!(
        app.get(&format!("{results}.csv")).await.status().as_u16(),
        401
    );
    assert_eq!(
        fetch(&app, "/classes/99999/knowledge-check", &instructor)
            .await
            .0,
        404
    );
}

/// The status and body of `path` as `who` sees it.
async fn fetch(app: &TestApp, path: &str, who: &Session) -> (u16, String) {
    app.page_as(path, who).await
}

const CODE: &str = "KNOW2345";

async fn class(app: &TestApp, instructor: &Session, mode: ClassMode) -> ClassId {
    app.accounts
        .storage
        .create_class(NewClass {
            name: "Knowledge",
            starts_on: "2026-12-01",
            ends_on: "2026-12-02",
            mode,
            join_code: CODE,
            instructor_id: instructor.user.id,
        })
        .await
        .unwrap()
        .unwrap()
}

async fn joined(app: &TestApp, name: &str) -> Session {
    let learner = app.person(name, Role::Learner).await;
    app.accounts
        .storage
        .join_by_code(CODE, learner.user.id)
        .await
        .unwrap();
    learner
}

/// Submits `fields` as `who`'s answers to the exercise in the class.
async fn submit(
    app: &TestApp,
    exercise_id: &str,
    class_id: ClassId,
    who: &Session,
    fields: &[(String, String)],
) {
    let page_path = format!("/exercises/{exercise_id}?class={class_id}");
    let body = app
        .get_as(&page_path, Some(&who.cookie))
        .await
        .text()
        .await
        .unwrap();
    let marker = "name=\"request_id\" value=\"";
    let start = body.find(marker).expect("a request id on the page") + marker.len();
    let request_id = body[start..start + 32].to_string();
    let class = class_id.to_string();
    let mut form: Vec<(&str, &str)> = vec![
        ("class_id", class.as_str()),
        ("intent", "submit"),
        ("request_id", request_id.as_str()),
    ];
    form.extend(fields.iter().map(|(n, v)| (n.as_str(), v.as_str())));
    let response = app
        .post_form(
            &format!("/exercises/{exercise_id}/answers"),
            Some(&who.cookie),
            &form,
        )
        .await;
    assert_eq!(
        response.status().as_u16(),
        303,
        "{}",
        response.text().await.unwrap()
    );
}
