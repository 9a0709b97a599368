//! The authorization matrix: every class and account route and server function, called as each
//! kind of person, with the answer each must get. A cell that allows what it should not is a
//! security bug; a cell that refuses what it should allow is a usability bug. Both fail here.

use app::people::{Membership, Role};
use domain::ids::{ClassId, UserId};
use leptos::server_fn::ServerFn;

use crate::helpers::{spawn_app, Session, TestApp};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Who {
    Anonymous,
    LearnerOfClass,
    LearnerOfOtherClass,
    InstructorOfClass,
    InstructorOfOtherClass,
    Admin,
}

pub(crate) const EVERYONE: [Who; 6] = [
    Who::Anonymous,
    Who::LearnerOfClass,
    Who::LearnerOfOtherClass,
    Who::InstructorOfClass,
    Who::InstructorOfOtherClass,
    Who::Admin,
];

pub(crate) struct World {
    pub(crate) app: TestApp,
    pub(crate) class_id: ClassId,
    join_code: String,
    /// A learner of the class whom destructive calls act on, re-added before each call.
    pub(crate) bystander: Session,
    pub(crate) people: Vec<(Who, Option<Session>)>,
}

impl World {
    pub(crate) fn cookie(&self, who: Who) -> Option<&str> {
        self.people
            .iter()
            .find(|(w, _)| *w == who)
            .and_then(|(_, s)| s.as_ref())
            .map(|s| s.cookie.as_str())
    }

    /// Calls each server function as every kind of person and notes each answer that is not the
    /// expected one: a number expects that status (a refusal with a sentence), a name that
    /// `Access` variant with status 200.
    pub(crate) async fn check_server_fns(
        &self,
        calls: &[ServerFnCase],
        failures: &mut Vec<String>,
    ) {
        for (path, content_type, body, row) in calls {
            for (who, expected) in EVERYONE.iter().zip(row) {
                let mut request = self
                    .app
                    .client
                    .post(format!("{}{}", self.app.address, path))
                    .header("origin", &self.app.address)
                    .header("content-type", *content_type)
                    .header("accept", "application/json")
                    .body(body.clone());
                if let Some(cookie) = self.cookie(*who) {
                    request = request.header("cookie", cookie);
                }
                let response = request.send().await.unwrap();
                let status = response.status().as_u16();
                let text = response.text().await.unwrap();
                let variant = text
                    .trim_start_matches(['{', '"'])
                    .split(['"', ':'])
                    .next()
                    .unwrap_or("")
                    .to_string();
                let as_expected = if expected.bytes().all(|b| b.is_ascii_digit()) {
                    status.to_string() == *expected
                } else {
                    status == 200 && variant == *expected
                };
                if !as_expected {
                    let kind = if variant == "Granted" {
                        "UNEXPECTED ALLOW"
                    } else {
                        "wrong answer"
                    };
                    failures.push(format!("{kind}: server fn {path} as {who:?}: expected {expected}, got {status} {text:.80}"));
                }
            }
        }
    }

    /// GETs each page as every kind of person and notes each answer that is not the expected one.
    pub(crate) async fn check_pages(&self, pages: &[(String, Row)], failures: &mut Vec<String>) {
        for (path, row) in pages {
            for (who, expected) in EVERYONE.iter().zip(row) {
                let got = self
                    .app
                    .get_as(path, self.cookie(*who))
                    .await
                    .status()
                    .as_u16();
                check(&format!("GET {path}"), *who, *expected, got, failures);
            }
        }
    }

    /// Posts each form as every kind of person and notes each answer that is not the expected
    /// one.
    pub(crate) async fn check_forms(&self, forms: &[FormCase<'_>], failures: &mut Vec<String>) {
        for (path, fields, row) in forms {
            for (who, expected) in EVERYONE.iter().zip(row) {
                let got = self
                    .app
                    .post_form(path, self.cookie(*who), fields)
                    .await
                    .status()
                    .as_u16();
                check(&format!("POST {path}"), *who, *expected, got, failures);
            }
        }
    }

    pub(crate) async fn reset_bystander(&self) {
        self.app
            .accounts
            .storage
            .set_join_code(self.class_id, Some(&self.join_code))
            .await
            .unwrap();
        self.app
            .accounts
            .storage
            .join_by_code(&self.join_code, self.bystander.user.id)
            .await
            .unwrap();
    }
}

pub(crate) async fn world() -> World {
    let app = spawn_app().await;
    let instructor = app.person("instructor.a", Role::Instructor).await;
    let other_instructor = app.person("instructor.b", Role::Instructor).await;
    let learner = app.person("learner.a", Role::Learner).await;
    let other_learner = app.person("learner.b", Role::Learner).await;
    let admin = app.person("admin", Role::Admin).await;
    let bystander = app.person("bystander", Role::Learner).await;
    let storage = &app.accounts.storage;
    let class =
        |name: &'static str, code: &'static str, instructor: UserId| server::storage::NewClass {
            name,
            starts_on: "2026-12-01",
            ends_on: "2026-12-02",
            mode: app::people::ClassMode::InstructorLed,
            join_code: code,
            instructor_id: instructor,
        };
    let class_id = storage
        .create_class(class("Class A", "AAAA2222", instructor.user.id))
        .await
        .unwrap()
        .unwrap();
    storage
        .create_class(class("Class B", "BBBB3333", other_instructor.user.id))
        .await
        .unwrap()
        .unwrap();
    storage
        .join_by_code("AAAA2222", learner.user.id)
        .await
        .unwrap();
    storage
        .join_by_code("BBBB3333", other_learner.user.id)
        .await
        .unwrap();
    assert_eq!(
        storage.membership(class_id, learner.user.id).await.unwrap(),
        Some(Membership::Learner)
    );
    World {
        class_id,
        join_code: "AAAA2222".into(),
        bystander,
        people: vec![
            (Who::Anonymous, None),
            (Who::LearnerOfClass, Some(learner)),
            (Who::LearnerOfOtherClass, Some(other_learner)),
            (Who::InstructorOfClass, Some(instructor)),
            (Who::InstructorOfOtherClass, Some(other_instructor)),
            (Who::Admin, Some(admin)),
        ],
        app,
    }
}

/// The expected status for each person, in the order of `EVERYONE`.
pub(crate) type Row = [u16; 6];

/// An exercise with an essay, used by the exercise rows.
const EXERCISE: &str = "meridian-sponsorship-plan";

/// A server function call: its path, content type, body, and the `Access` variant each person gets.
pub(crate) type ServerFnCase = (&'static str, &'static str, String, [&'static str; 6]);

/// A form post: its path, its fields, and the expected status for each person.
pub(crate) type FormCase<'a> = (String, Vec<(&'a str, &'a str)>, Row);

pub(crate) fn check(route: &str, who: Who, expected: u16, got: u16, failures: &mut Vec<String>) {
    if expected != got {
        let kind = if got < 400 && expected >= 400 {
            "UNEXPECTED ALLOW"
        } else {
            "wrong answer"
        };
        failures.push(format!(
            "{kind}: {route} as {who:?}: expected {expected}, got {got}"
        ));
    }
}

#[tokio::test]
async fn every_route_answers_each_kind_of_person_as_the_policy_says() {
    let world = world().await;
    let class = world.class_id;
    let bystander = world.bystander.user.id;
    let mut failures = Vec::new();

    // Pages (GET). 401 = sign in first, 403 = not allowed.
    let pages: Vec<(String, Row)> = vec![
        ("/classes".into(), [401, 200, 200, 200, 200, 200]),
        (format!("/classes/{class}"), [401, 200, 403, 200, 403, 200]),
        ("/admin/users".into(), [401, 403, 403, 403, 403, 200]),
        // The security log and its CSV: administrators only.
        ("/admin/security".into(), [401, 403, 403, 403, 403, 200]),
        ("/admin/security.csv".into(), [401, 403, 403, 403, 403, 200]),
        (
            "/admin/security.csv?kind=sign-in".into(),
            [401, 403, 403, 403, 403, 200],
        ),
        ("/classes/999999".into(), [401, 404, 404, 404, 404, 404]),
        (
            format!("/classes/{class}/live"),
            [401, 200, 403, 200, 403, 200],
        ),
        (
            format!("/classes/{class}/live/events"),
            [401, 200, 403, 200, 403, 200],
        ),
        // The record of the sessions (attendance, checks, questions): its instructors only.
        (
            format!("/classes/{class}/live/record"),
            [401, 403, 403, 200, 403, 200],
        ),
        // The session's questions with their authors: the class's instructors only.
        (
            format!("/classes/{class}/live/questions.csv"),
            [401, 403, 403, 200, 403, 200],
        ),
        // Exercises: alone anyone may read the questions; in a class only its members; the
        // instructor's views and exports only to those who manage the class.
        (format!("/exercises/{EXERCISE}"), [200; 6]),
        (
            format!("/exercises/{EXERCISE}?class={class}"),
            [401, 200, 403, 200, 403, 200],
        ),
        (
            format!("/classes/{class}/exercises/{EXERCISE}"),
            [401, 403, 403, 200, 403, 200],
        ),
        (
            format!("/classes/{class}/grading"),
            [401, 403, 403, 200, 403, 200],
        ),
        (
            format!("/classes/{class}/gradebook"),
            [401, 403, 403, 200, 403, 200],
        ),
        (
            format!("/classes/{class}/gradebook.csv"),
            [401, 403, 403, 200, 403, 200],
        ),
        (
            format!("/classes/{class}/answers.csv"),
            [401, 403, 403, 200, 403, 200],
        ),
        // The knowledge check by outcome, and its CSV: those who manage the class.
        (
            format!("/classes/{class}/knowledge-check"),
            [401, 403, 403, 200, 403, 200],
        ),
        (
            format!("/classes/{class}/knowledge-check.csv"),
            [401, 403, 403, 200, 403, 200],
        ),
        // The instructor guide holds every answer: instructors and administrators only.
        ("/instructor-guide".into(), [401, 403, 403, 200, 200, 200]),
        // The appraisal: alone anyone may look; in a class only its members; the heatmap and
        // its CSV only those who manage the class.
        ("/appraisal".into(), [200; 6]),
        ("/appraisal/evidence?practice=IMC:SG1.SP1".into(), [200; 6]),
        (
            format!("/appraisal?class={class}"),
            [401, 200, 403, 200, 403, 200],
        ),
        (
            format!("/classes/{class}/appraisal"),
            [401, 403, 403, 200, 403, 200],
        ),
        (
            format!("/classes/{class}/appraisal.csv"),
            [401, 403, 403, 200, 403, 200],
        ),
        (
            format!("/classes/{class}/appraisal?by=teams"),
            [401, 403, 403, 200, 403, 200],
        ),
        (
            format!("/classes/{class}/appraisal.csv?by=teams"),
            [401, 403, 403, 200, 403, 200],
        ),
        // Team mode: nobody in this world is on a team; members of the class are told so.
        (
            format!("/appraisal/team?class={class}"),
            [401, 200, 403, 200, 403, 200],
        ),
    ];
    world.check_pages(&pages, &mut failures).await;

    // The roster and join code show only to those who manage the class.
    for who in EVERYONE {
        let response = world
            .app
            .get_as(&format!("/classes/{class}"), world.cookie(who))
            .await;
        let html = response.text().await.unwrap();
        let shows_roster = html.contains("id=\"roster\"") && html.contains("AAAA-2222");
        let should = matches!(who, Who::InstructorOfClass | Who::Admin);
        if shows_roster != should {
            failures.push(format!(
                "roster visibility on /classes/{class} as {who:?}: shown={shows_roster}"
            ));
        }
    }

    // Server functions answer with an `Access` value: check which variant each person gets.
    const FORM: &str = "application/x-www-form-urlencoded";
    let drive = format!(
        r#"{{"class_id":{class},"change":{{"GoTo":{{"module_id":"welcome","slide":2}}}}}}"#
    );
    // A quick check is open in the class's live session, so that its learners may answer it.
    let storage = &world.app.accounts.storage;
    storage
        .change_live(
            class,
            "welcome",
            &app::live::LiveChange::Start {
                module_id: String::new(),
            },
        )
        .await
        .unwrap();
    let run = storage
        .change_live(
            class,
            "welcome",
            &app::live::LiveChange::OpenCheck {
                check: app::quick_check::QuickCheck {
                    kind: app::quick_check::CheckKind::Word,
                    question: "In one word?".into(),
                    options: Vec::new(),
                    correct: Vec::new(),
                    low: None,
                    high: None,
                },
                source: None,
            },
        )
        .await
        .unwrap()
        .answerable_run()
        .unwrap();
    let run_text = run.to_string();
    // A question the bystander (a learner of the class) asked, for the upvote rows.
    let question = match storage
        .post_question(
            class,
            world.bystander.user.id,
            "Asked by the bystander",
            "<p>Asked by the bystander</p>",
            server::storage::clock::now_millis(),
        )
        .await
        .unwrap()
    {
        server::storage::live_room::Posted::Stored(id) => id,
        other => panic!("{other:?}"),
    };
    let question_text = question.to_string();
    // The exercise is open in the class, so that members may save drafts.
    world
        .app
        .accounts
        .storage
        .set_class_exercise(
            class,
            EXERCISE,
            &app::policy::ClassExerciseSetting {
                open: Some(true),
                ..Default::default()
            },
            None,
        )
        .await
        .unwrap();
    let draft = format!(r#"{{"exercise_id":"{EXERCISE}","class_id":{class},"form":"item.q1=1"}}"#);
    const MANAGERS: [&str; 6] = [
        "SignInRequired",
        "Forbidden",
        "Forbidden",
        "Granted",
        "Forbidden",
        "Granted",
    ];
    let server_functions: Vec<ServerFnCase> = vec![
        (
            app::api::exercises::GetExercisePage::PATH,
            FORM,
            format!("exercise_id={EXERCISE}&class_id={class}"),
            [
                "SignInRequired",
                "Granted",
                "Forbidden",
                "Granted",
                "Forbidden",
                "Granted",
            ],
        ),
        (
            app::api::exercises::SaveExerciseDraft::PATH,
            "application/json",
            draft,
            [
                "SignInRequired",
                "Granted",
                "Forbidden",
                "Granted",
                "Forbidden",
                "Granted",
            ],
        ),
        (
            app::api::exercises::GetKnowledgeCheckResults::PATH,
            FORM,
            format!("class_id={class}"),
            MANAGERS,
        ),
        (
            app::api::course::GetInstructorGuide::PATH,
            FORM,
            String::new(),
            [
                "SignInRequired",
                "Forbidden",
                "Forbidden",
                "Granted",
                "Granted",
                "Granted",
            ],
        ),
        (
            app::api::exercises::GetDistribution::PATH,
            FORM,
            format!("class_id={class}&exercise_id={EXERCISE}"),
            MANAGERS,
        ),
        (
            app::api::exercises::GetGradingQueue::PATH,
            FORM,
            format!("class_id={class}"),
            MANAGERS,
        ),
        (
            app::api::exercises::GetGradebook::PATH,
            FORM,
            format!("class_id={class}"),
            MANAGERS,
        ),
        (
            app::api::appraisal::GetClassAppraisal::PATH,
            FORM,
            format!("class_id={class}"),
            MANAGERS,
        ),
        (
            app::api::appraisal::GetClassAppraisal::PATH,
            FORM,
            format!("class_id={class}&by=teams"),
            MANAGERS,
        ),
        (
            app::api::teams::GetTeamAppraisal::PATH,
            FORM,
            format!("class_id={class}&team_id=999999"),
            [
                "SignInRequired",
                "Forbidden",
                "Forbidden",
                "NotFound",
                "Forbidden",
                "NotFound",
            ],
        ),
        (
            app::api::appraisal::GetAppraisalPage::PATH,
            FORM,
            format!("class_id={class}"),
            [
                "SignInRequired",
                "Granted",
                "Forbidden",
                "Granted",
                "Forbidden",
                "Granted",
            ],
        ),
        (
            app::api::appraisal::SaveAppraisalDraft::PATH,
            "application/json",
            format!(r#"{{"class_id":{class},"form":"rating.IMC%3ASG1.SP1=LI"}}"#),
            [
                "SignInRequired",
                "Granted",
                "Forbidden",
                "Granted",
                "Forbidden",
                "Granted",
            ],
        ),
        // Nobody here is on a team: members learn that (400); others are refused first.
        (
            app::api::teams::SaveTeamDraft::PATH,
            "application/json",
            format!(
                r#"{{"class_id":{class},"form":"seen.IMC%3ASG1.SP1=0&rating.IMC%3ASG1.SP1=LI"}}"#
            ),
            [
                "SignInRequired",
                "400",
                "Forbidden",
                "400",
                "Forbidden",
                "400",
            ],
        ),
        (
            app::api::classes::GetClass::PATH,
            FORM,
            format!("id={class}"),
            [
                "SignInRequired",
                "Granted",
                "Forbidden",
                "Granted",
                "Forbidden",
                "Granted",
            ],
        ),
        (
            app::api::classes::GetMyClasses::PATH,
            FORM,
            String::new(),
            [
                "SignInRequired",
                "Granted",
                "Granted",
                "Granted",
                "Granted",
                "Granted",
            ],
        ),
        (
            app::api::classes::GetAllUsers::PATH,
            FORM,
            String::new(),
            [
                "SignInRequired",
                "Forbidden",
                "Forbidden",
                "Forbidden",
                "Forbidden",
                "Granted",
            ],
        ),
        (
            app::api::classes::GetSecurityLog::PATH,
            FORM,
            "kind=&person=&class=".into(),
            [
                "SignInRequired",
                "Forbidden",
                "Forbidden",
                "Forbidden",
                "Forbidden",
                "Granted",
            ],
        ),
        // Driving the live session (JSON input): only the class's instructors and admins.
        (
            app::api::live::DriveLive::PATH,
            "application/json",
            drive,
            [
                "SignInRequired",
                "Forbidden",
                "Forbidden",
                "Granted",
                "Forbidden",
                "Granted",
            ],
        ),
        // Answering the live quick check: the class's learners only (an instructor's or an
        // administrator's answer would skew the room's results).
        (
            app::api::live::AnswerLiveCheck::PATH,
            "application/json",
            format!(r#"{{"class_id":{class},"run":{run},"form":"word=risk"}}"#),
            [
                "SignInRequired",
                "Granted",
                "Forbidden",
                "Forbidden",
                "Forbidden",
                "Forbidden",
            ],
        ),
        // The room: its questions and signals for members; posting, upvoting and signals for its
        // learners; moderating for its instructors.
        (
            app::api::live_room::GetLiveRoom::PATH,
            FORM,
            format!("class_id={class}&by_time=false"),
            [
                "SignInRequired",
                "Granted",
                "Forbidden",
                "Granted",
                "Forbidden",
                "Granted",
            ],
        ),
        (
            app::api::live_room::PostLiveQuestion::PATH,
            FORM,
            format!("class_id={class}&text=Why"),
            [
                "SignInRequired",
                "Granted",
                "Forbidden",
                "Forbidden",
                "Forbidden",
                "Forbidden",
            ],
        ),
        (
            app::api::live_room::UpvoteLiveQuestion::PATH,
            FORM,
            format!("class_id={class}&question_id={question}"),
            [
                "SignInRequired",
                "Granted",
                "Forbidden",
                "Forbidden",
                "Forbidden",
                "Forbidden",
            ],
        ),
        (
            app::api::live_room::ChangeLiveQuestion::PATH,
            "application/json",
            format!(r#"{{"class_id":{class},"question_id":{question},"change":{{"Pin":true}}}}"#),
            [
                "SignInRequired",
                "Forbidden",
                "Forbidden",
                "Granted",
                "Forbidden",
                "Granted",
            ],
        ),
        (
            app::api::live_room::SetLiveSignal::PATH,
            FORM,
            format!("class_id={class}&kind=hand&raised=true"),
            [
                "SignInRequired",
                "Granted",
                "Forbidden",
                "Forbidden",
                "Forbidden",
                "Forbidden",
            ],
        ),
        // Opening, closing or revealing a check is driving the session: learners cannot.
        (
            app::api::live::DriveLive::PATH,
            "application/json",
            format!(r#"{{"class_id":{class},"change":"RevealCorrect"}}"#),
            [
                "SignInRequired",
                "Forbidden",
                "Forbidden",
                "Granted",
                "Forbidden",
                "Granted",
            ],
        ),
        // The record of the sessions: the class's instructors only.
        (
            app::api::live_record::GetLiveRecord::PATH,
            FORM,
            format!("class_id={class}"),
            [
                "SignInRequired",
                "Forbidden",
                "Forbidden",
                "Granted",
                "Forbidden",
                "Granted",
            ],
        ),
        // The running check (answers, counts): the class's members.
        (
            app::api::live::GetLiveCheck::PATH,
            FORM,
            format!("class_id={class}"),
            [
                "SignInRequired",
                "Granted",
                "Forbidden",
                "Granted",
                "Forbidden",
                "Granted",
            ],
        ),
    ];
    world
        .check_server_fns(&server_functions, &mut failures)
        .await;

    let class_text = class.to_string();
    // A third instructor, whom the co-instructor rows add and remove.
    let third = world
        .app
        .person("instructor.c", Role::Instructor)
        .await
        .user
        .id;
    // Forms (POST), after the reads: joining (the last row) changes who is in the class.
    // 303 = done (redirect), 401/403 = refused.
    let forms: Vec<FormCase> = vec![
        // The room's plain forms (no JavaScript): the class's learners only. The learner's
        // question is let in and then held by the rate limit (409), having just posted one
        // through the server function above.
        (
            format!("/classes/{class}/live/questions"),
            vec![("text", "Asked without JavaScript")],
            [401, 409, 403, 403, 403, 403],
        ),
        (
            format!("/classes/{class}/live/questions/{question_text}/upvote"),
            vec![],
            [401, 303, 403, 403, 403, 403],
        ),
        (
            format!("/classes/{class}/live/signals"),
            vec![("kind", "hand"), ("action", "raise")],
            [401, 303, 403, 403, 403, 403],
        ),
        // The quick check's plain answer form (no JavaScript): the class's learners only.
        (
            format!("/classes/{class}/live/check"),
            vec![("run", run_text.as_str()), ("word", "risk")],
            [401, 303, 403, 403, 403, 403],
        ),
        (
            "/classes".into(),
            vec![
                ("name", "New"),
                ("starts_on", "2026-12-01"),
                ("ends_on", "2026-12-02"),
                ("mode", "self-paced"),
            ],
            [401, 403, 403, 303, 303, 303],
        ),
        (
            format!("/classes/{class}/join-code"),
            vec![("action", "new")],
            [401, 403, 403, 303, 403, 303],
        ),
        (
            format!("/classes/{class}/learners/{bystander}/remove"),
            vec![],
            [401, 403, 403, 303, 403, 303],
        ),
        (
            format!("/classes/{class}/learners/{bystander}/password"),
            vec![("password", "a brand new password")],
            [401, 403, 403, 303, 403, 303],
        ),
        (
            format!("/admin/users/{bystander}/role"),
            vec![("role", "learner")],
            [401, 403, 403, 403, 403, 303],
        ),
        (
            format!("/admin/users/{bystander}/password"),
            vec![("password", "another new password")],
            [401, 403, 403, 403, 403, 303],
        ),
        (
            format!("/exercises/{EXERCISE}/answers"),
            vec![
                ("class_id", class_text.as_str()),
                ("intent", "save"),
                ("item.q1", "2"),
            ],
            [401, 303, 403, 303, 403, 303],
        ),
        (
            format!("/classes/{class}/exercises/{EXERCISE}/settings"),
            vec![("action", "release")],
            [401, 403, 403, 303, 403, 303],
        ),
        (
            "/appraisal/ratings".into(),
            vec![
                ("class_id", class_text.as_str()),
                ("intent", "save"),
                ("rating.IMC:SG1.SP1", "PI"),
            ],
            [401, 303, 403, 303, 403, 303],
        ),
        (
            format!("/classes/{class}/appraisal/reveal"),
            vec![("action", "reveal")],
            [401, 403, 403, 303, 403, 303],
        ),
        (
            format!("/classes/{class}/appraisal/key"),
            vec![("key.IMC:SG1.SP1", "NI")],
            [401, 403, 403, 303, 403, 303],
        ),
        (
            format!("/classes/{class}/appraisal/teams"),
            vec![("action", "form"), ("size", "3")],
            [401, 403, 403, 303, 403, 303],
        ),
        // The jigsaw: dealing the process areas round the teams just formed, and a hostile share
        // (refused with a sentence to those who manage the class, refused first to the others).
        (
            format!("/classes/{class}/appraisal/teams"),
            vec![("action", "deal")],
            [401, 403, 403, 303, 403, 303],
        ),
        (
            format!("/classes/{class}/appraisal/teams"),
            vec![
                ("action", "share"),
                ("team", "Team 1"),
                ("area", "<script>"),
            ],
            [401, 403, 403, 400, 403, 400],
        ),
        // Nobody here is on a team: members learn that (400); others are refused first.
        (
            "/appraisal/team/ratings".into(),
            vec![("class_id", class_text.as_str()), ("intent", "save")],
            [401, 400, 403, 400, 403, 400],
        ),
        // No such submission: those who may grade learn that (404); others are refused first.
        (
            format!("/classes/{class}/grades"),
            vec![("submission_id", "999999"), ("item_id", "q6")],
            [401, 403, 403, 404, 403, 404],
        ),
        (
            format!("/classes/{class}/join-code"),
            vec![("action", "publish")],
            [401, 403, 403, 303, 403, 303],
        ),
        (
            format!("/classes/{class}/learners/{bystander}/readmit"),
            vec![],
            [401, 403, 403, 303, 403, 303],
        ),
        (
            format!("/classes/{class}/co-instructors"),
            vec![("username", "instructor.c")],
            [401, 403, 403, 303, 403, 303],
        ),
        (
            format!("/classes/{class}/co-instructors/{third}/remove"),
            vec![],
            [401, 403, 403, 303, 403, 303],
        ),
        // Everyone gets an answer page; only learner accounts are let in (see below).
        (
            "/join".into(),
            vec![("code", "AAAA-2222")],
            [303, 303, 303, 303, 303, 303],
        ),
    ];
    for (path, fields, row) in &forms {
        for (who, expected) in EVERYONE.iter().zip(row) {
            world.reset_bystander().await;
            let got = world
                .app
                .post_form(path, world.cookie(*who), fields)
                .await
                .status()
                .as_u16();
            check(&format!("POST {path}"), *who, *expected, got, &mut failures);
        }
    }

    // Joining with a code: only learner accounts; administrators and instructors are told why.
    for (who, expected) in [
        (Who::Anonymous, "/sign-in?next="),
        (Who::LearnerOfOtherClass, &format!("/classes/{class}")),
        (Who::InstructorOfOtherClass, "error=instructors-are-added"),
        (Who::Admin, "error=admins-do-not-join"),
    ] {
        let response = world
            .app
            .post_form("/join", world.cookie(who), &[("code", "AAAA-2222")])
            .await;
        let location = response.headers()["location"].to_str().unwrap().to_string();
        if !location.contains(expected) {
            failures.push(format!("POST /join as {who:?}: went to {location}"));
        }
    }

    assert!(
        failures.is_empty(),
        "authorization matrix:\n{}",
        failures.join("\n")
    );
}

#[tokio::test]
async fn sign_up_answers_each_mode_as_documented() {
    use app::people::SignUpMode;
    // mode, join code given, where the form goes: a class page (created and joined), the
    // classes page (created), or back with the reason.
    let table = [
        (SignUpMode::Open, "", "/classes"),
        (SignUpMode::Open, "SIGN2345", "/classes/"),
        (SignUpMode::Open, "ZZZZ9999", "error=needs-code"),
        (SignUpMode::WithCode, "", "error=needs-code"),
        (SignUpMode::WithCode, "SIGN2345", "/classes/"),
        (SignUpMode::WithCode, "ZZZZ9999", "error=needs-code"),
        (SignUpMode::Closed, "", "error=sign-up-closed"),
        (SignUpMode::Closed, "SIGN2345", "error=sign-up-closed"),
    ];
    let mut failures = Vec::new();
    for (n, (mode, code, expected)) in table.into_iter().enumerate() {
        let app = crate::helpers::spawn_app_with_settings(|s| s.sign_up = mode).await;
        let instructor = app.person("teach", Role::Instructor).await;
        app.accounts
            .storage
            .create_class(server::storage::NewClass {
                name: "Sign-up",
                starts_on: "2026-12-01",
                ends_on: "2026-12-02",
                mode: app::people::ClassMode::SelfPaced,
                join_code: "SIGN2345",
                instructor_id: instructor.user.id,
            })
            .await
            .unwrap();
        let username = format!("newcomer{n}");
        let response = app
            .post_form(
                "/sign-up",
                None,
                &[
                    ("username", username.as_str()),
                    ("display_name", "Newcomer"),
                    ("password", "tulips under the bridge"),
                    ("code", code),
                ],
            )
            .await;
        let location = response.headers()["location"].to_str().unwrap().to_string();
        let created = app
            .accounts
            .storage
            .account_by_username(&username)
            .await
            .unwrap()
            .is_some();
        let should_create = !expected.starts_with("error=");
        let ok = location.contains(expected) && created == should_create;
        if !ok {
            failures.push(format!(
                "{mode:?} with code {code:?}: went to {location}, account created: {created}"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "sign-up modes:\n{}",
        failures.join("\n")
    );
}

#[tokio::test]
async fn a_learners_cookie_cannot_act_as_the_instructor() {
    let world = world().await;
    let class = world.class_id;
    let learner = world.cookie(Who::LearnerOfClass).unwrap();
    let bystander = world.bystander.user.id;
    world.reset_bystander().await;
    let response = world
        .app
        .post_form(
            &format!("/classes/{class}/learners/{bystander}/remove"),
            Some(learner),
            &[],
        )
        .await;
    assert_eq!(response.status().as_u16(), 403);
    let membership = world
        .app
        .accounts
        .storage
        .membership(class, bystander)
        .await
        .unwrap();
    assert_eq!(
        membership,
        Some(Membership::Learner),
        "the bystander is still in the class"
    );
}

#[tokio::test]
async fn instructors_reset_only_their_own_learners_and_never_an_instructor() {
    let world = world().await;
    let class = world.class_id;
    let instructor = world.cookie(Who::InstructorOfClass).unwrap();
    let other_learner = world
        .people
        .iter()
        .find(|(w, _)| *w == Who::LearnerOfOtherClass)
        .unwrap()
        .1
        .clone()
        .unwrap();
    let response = world
        .app
        .post_form(
            &format!(
                "/classes/{class}/learners/{}/password",
                other_learner.user.id
            ),
            Some(instructor),
            &[("password", "hijacked password!")],
        )
        .await;
    assert_eq!(
        response.headers()["location"],
        &format!("/classes/{class}?error=not-a-learner")
    );
    assert!(
        world
            .app
            .sign_in("learner.b", &crate::helpers::password_of("learner.b"))
            .await
            .is_some(),
        "the other learner's password is unchanged"
    );
}
