//! The improvement plan over HTTP (issue 17): a learner's targets, gaps and roadmap, named
//! snapshots and their comparison, the class's plans for its instructor. Attacks: the key never
//! feeds a learner's gaps before it is shown to them, hostile text comes back escaped (and inert
//! in the CSV), bad input is refused with a sentence and leaves what was saved, the snapshot limit
//! holds under a burst of posts, and nobody reads or changes another person's plan.

use std::collections::{BTreeMap, HashMap, HashSet};

use app::appraisal::Rating;
use app::people::{ClassMode, Role};
use domain::appraisal::gaps::gaps;
use domain::appraisal::plan::MAX_SNAPSHOTS;
use domain::ids::ClassId;
use server::storage::NewClass;

use crate::helpers::{fields, shipped_content, spawn_app, Session, TestApp};

async fn class_with(app: &TestApp, code: &str, learners: &[&Session]) -> (Session, ClassId) {
    let instructor = app
        .person(&format!("teach{}", code.to_lowercase()), Role::Instructor)
        .await;
    let storage = &app.accounts.storage;
    let class_id = storage
        .create_class(NewClass {
            name: "Plan class",
            starts_on: "2026-12-01",
            ends_on: "2026-12-02",
            mode: ClassMode::InstructorLed,
            join_code: code,
            instructor_id: instructor.user.id,
        })
        .await
        .unwrap()
        .unwrap();
    for learner in learners {
        storage.join_by_code(code, learner.user.id).await.unwrap();
    }
    (instructor, class_id)
}

/// Submits `rating` for every practice in scope.
async fn submit_all(app: &TestApp, learner: &Session, class_id: ClassId, rating: Rating) {
    let course = app::content::load(&shipped_content()).unwrap();
    let (case, _) = course.appraisal.as_ref().unwrap();
    let mut form = vec![
        ("class_id".to_string(), class_id.to_string()),
        ("intent".to_string(), "submit".to_string()),
    ];
    for practice in &case.practices {
        form.push((format!("rating.{}", practice.id), rating.code().to_string()));
    }
    let (status, body) = app.post_fields("/appraisal/ratings", learner, &form).await;
    assert_eq!(status, 303, "{body}");
}

#[tokio::test]
async fn the_gaps_use_the_key_only_once_it_is_shown_to_the_learner() {
    let course = app::content::load(&shipped_content()).unwrap();
    let (case, key) = course.appraisal.as_ref().unwrap();
    let app = spawn_app().await;
    let learner = app.person("planner", Role::Learner).await;
    let (instructor, class_id) = class_with(&app, "PLAN2345", &[&learner]).await;
    submit_all(&app, &learner, class_id, Rating::NI).await;

    // Before the reveal, asking for the key's ratings gives the learner's own (all NI: level 0).
    let (status, page) = app
        .page_as(
            &format!("/appraisal/plan?class={class_id}&source=key"),
            &learner,
        )
        .await;
    assert_eq!(status, 200);
    assert!(page.contains("From your ratings."), "the learner's own");
    assert!(!page.contains("the key&#x27;s ratings") && !page.contains("the key's ratings"));
    for area in &case.scope {
        assert!(page.contains(&format!("{area}: level 0 now")), "{area}");
    }
    let all_ni: HashMap<String, Rating> = case
        .practices
        .iter()
        .map(|p| (p.id.clone(), Rating::NI))
        .collect();
    let own_blockers: usize = gaps(&case.practices, &all_ni, &HashSet::new(), &case.targets)
        .iter()
        .map(|g| g.blockers.len())
        .sum();
    assert_eq!(page.matches("class=\"blocker\"").count(), own_blockers);

    let reveal = format!("/classes/{class_id}/appraisal/reveal");
    let response = app
        .post_form(&reveal, Some(&instructor.cookie), &[("action", "reveal")])
        .await;
    assert_eq!(response.status().as_u16(), 303);

    // After it, the key's levels are the engine's levels for the key's ratings.
    let (_, page) = app
        .page_as(
            &format!("/appraisal/plan?class={class_id}&source=key"),
            &learner,
        )
        .await;
    assert!(page.contains("From the key"), "the key's ratings now");
    let key_ratings: HashMap<String, Rating> = key
        .ratings
        .iter()
        .map(|r| (r.practice.clone(), r.rating))
        .collect();
    let marks: HashSet<String> = key.goal_overrides.iter().map(|o| o.goal.clone()).collect();
    let expected = gaps(&case.practices, &key_ratings, &marks, &case.targets);
    let key_blockers: usize = expected.iter().map(|g| g.blockers.len()).sum();
    assert_ne!(key_blockers, own_blockers, "the key's gaps are told apart");
    assert_eq!(page.matches("class=\"blocker\"").count(), key_blockers);
    for gap in expected {
        assert!(
            page.contains(&format!(
                "{}: level {} now, target {}",
                gap.process_area, gap.current_level, gap.target_level
            )),
            "{}",
            gap.process_area
        );
    }
}

fn roadmap_form(class_id: ClassId, rows: &[(&str, &str, &str)]) -> Vec<(String, String)> {
    let mut form = vec![("class_id".to_string(), class_id.to_string())];
    for (n, (target, action, horizon)) in rows.iter().enumerate() {
        for (field, value) in [
            ("target", *target),
            ("action", *action),
            ("owner", "incident manager"),
            ("horizon", *horizon),
            ("rationale", "It blocks level 1."),
            ("evidence", "=cmd|' /C calc'!A0"),
        ] {
            form.push((format!("action.{n}.{field}"), value.to_string()));
        }
    }
    form
}

#[tokio::test]
async fn targets_and_the_roadmap_are_saved_checked_escaped_and_exported() {
    let app = spawn_app().await;
    let learner = app.person("roadmapper", Role::Learner).await;
    let (_, class_id) = class_with(&app, "ROAD2345", &[&learner]).await;
    submit_all(&app, &learner, class_id, Rating::PI).await;
    let plan_page = format!("/appraisal/plan?class={class_id}");
    let class_text = class_id.to_string();

    // Targets: saved, shown in the gaps; a level out of range is refused and changes nothing.
    let (status, _) = app
        .post_fields(
            "/appraisal/plan/targets",
            &learner,
            &fields(&[("class_id", &class_text), ("target.IMC", "1")]),
        )
        .await;
    assert_eq!(status, 303);
    let (_, page) = app.page_as(&plan_page, &learner).await;
    assert!(page.contains("IMC: level 0 now, target 1"), "target used");
    let (status, body) = app
        .post_fields(
            "/appraisal/plan/targets",
            &learner,
            &fields(&[("class_id", &class_text), ("target.IMC", "7")]),
        )
        .await;
    assert_eq!(status, 400);
    assert!(body.contains("capability level from 0 to 3"), "{body}");
    let (_, page) = app.page_as(&plan_page, &learner).await;
    assert!(page.contains("IMC: level 0 now, target 1"), "kept");

    // The roadmap: three actions, one hostile; the page escapes it, the CSV makes it inert.
    let hostile = "<script>alert('plan')</script>";
    let form = roadmap_form(
        class_id,
        &[
            ("IMC:SG1.SP1", "Write the incident plan.", "30"),
            ("IMC:SG2", hostile, "60"),
            ("VAR:SG1.SP1", "=HYPERLINK(\"http://evil\")", "later"),
        ],
    );
    let (status, body) = app
        .post_fields("/appraisal/plan/roadmap", &learner, &form)
        .await;
    assert_eq!(status, 303, "{body}");
    let (_, page) = app.page_as(&plan_page, &learner).await;
    assert!(page.contains("Write the incident plan."));
    assert!(!page.contains(hostile), "escaped on the page");
    assert!(page.contains("3 actions saved"));
    let csv = app
        .get_as(
            &format!("/appraisal/plan.csv?class={class_id}"),
            Some(&learner.cookie),
        )
        .await;
    assert_eq!(csv.status().as_u16(), 200);
    let csv = csv.text().await.unwrap();
    assert!(csv.contains("'=HYPERLINK"), "formula made inert: {csv}");
    assert!(csv.contains("'=cmd"), "{csv}");
    assert!(!csv.contains(",=HYPERLINK") && !csv.contains(",=cmd"));
    let (_, markdown) = app
        .page_as(&format!("/appraisal/plan.md?class={class_id}"), &learner)
        .await;
    assert!(markdown.contains("Write the incident plan."));

    // An unknown practice or horizon, or an oversized action, is refused with a sentence and the
    // roadmap stays.
    let oversized = "x".repeat(501);
    for (rows, message) in [
        (
            vec![("XYZ:SG9.SP9", "Do it.", "30")],
            "choose the practice or goal",
        ),
        (
            vec![("IMC:SG1.SP1", "Do it.", "next year")],
            "choose a horizon",
        ),
        (
            vec![("IMC:SG1.SP1", oversized.as_str(), "30")],
            "keep the action to 500 characters",
        ),
    ] {
        let (status, body) = app
            .post_fields(
                "/appraisal/plan/roadmap",
                &learner,
                &roadmap_form(class_id, &rows),
            )
            .await;
        assert_eq!(status, 400);
        assert!(body.contains(message), "{body}");
    }
    let (_, page) = app.page_as(&plan_page, &learner).await;
    assert!(page.contains("3 actions saved"), "nothing lost");
}

#[tokio::test]
async fn snapshots_compare_and_stop_at_the_limit_even_in_a_burst() {
    let app = spawn_app().await;
    let learner = app.person("snapper", Role::Learner).await;
    let (_, class_id) = class_with(&app, "SNAP2345", &[&learner]).await;
    let class_text = class_id.to_string();
    let snapshot = |name: &str| fields(&[("class_id", &class_text), ("name", name)]);

    let (status, _) = app
        .post_fields("/appraisal/plan/snapshots", &learner, &snapshot("day 1"))
        .await;
    assert_eq!(status, 303);
    submit_all(&app, &learner, class_id, Rating::LI).await;
    let (status, body) = app
        .post_fields("/appraisal/plan/snapshots", &learner, &snapshot("   "))
        .await;
    assert_eq!(status, 400, "a name is needed: {body}");
    let (status, body) = app
        .post_fields(
            "/appraisal/plan/snapshots",
            &learner,
            &snapshot(&"n".repeat(81)),
        )
        .await;
    assert_eq!(status, 400, "a name too long: {body}");
    assert!(body.contains("1 to 80 characters"), "{body}");
    let (status, _) = app
        .post_fields(
            "/appraisal/plan/snapshots",
            &learner,
            &snapshot("<b>after</b> the debrief"),
        )
        .await;
    assert_eq!(status, 303);

    let kept = app
        .accounts
        .storage
        .snapshots(learner.user.id, Some(class_id))
        .await
        .unwrap();
    let first = kept.iter().find(|s| s.name == "day 1").unwrap();
    let last = kept.iter().find(|s| s.name.contains("debrief")).unwrap();
    assert_eq!(first.ratings.len(), 0);
    assert!(last.ratings.values().all(|r| *r == Rating::LI));
    assert!(
        kept.iter().any(|s| s.name.starts_with("Submitted")),
        "the submission kept its own snapshot"
    );
    let (_, page) = app
        .page_as(
            &format!(
                "/appraisal/plan?class={class_id}&from={}&to={}",
                first.id, last.id
            ),
            &learner,
        )
        .await;
    assert!(page.contains("practices changed"), "comparison shown");
    assert!(!page.contains("<b>after</b>"), "the name is escaped");

    // A burst of posts past the limit: exactly MAX_SNAPSHOTS named ones are kept.
    let posts = (0..30).map(|n| {
        let form = snapshot(&format!("burst {n}"));
        let app = &app;
        let learner = &learner;
        async move {
            app.post_fields("/appraisal/plan/snapshots", learner, &form)
                .await
                .0
        }
    });
    let statuses = futures_util::future::join_all(posts).await;
    assert!(
        statuses.iter().all(|s| *s == 303 || *s == 409),
        "{statuses:?}"
    );
    let named = app
        .accounts
        .storage
        .snapshots(learner.user.id, Some(class_id))
        .await
        .unwrap()
        .into_iter()
        .filter(|s| !s.name.starts_with("Submitted"))
        .count();
    assert_eq!(named, MAX_SNAPSHOTS);
}

#[tokio::test]
async fn plans_are_their_owners_and_the_class_view_is_its_instructors() {
    let app = spawn_app().await;
    let learner = app.person("owner", Role::Learner).await;
    let peer = app.person("peer", Role::Learner).await;
    let outsider = app.person("stranger", Role::Learner).await;
    let (instructor, class_id) = class_with(&app, "OWNS2345", &[&learner, &peer]).await;
    let class_text = class_id.to_string();
    let secret = "Rotate the vault keys before the audit.";
    let (status, _) = app
        .post_fields(
            "/appraisal/plan/roadmap",
            &learner,
            &roadmap_form(class_id, &[("IMC:SG1.SP1", secret, "30")]),
        )
        .await;
    assert_eq!(status, 303);

    // A peer's own plan page never shows another learner's roadmap.
    let (status, page) = app
        .page_as(&format!("/appraisal/plan?class={class_id}"), &peer)
        .await;
    assert_eq!(status, 200);
    assert!(!page.contains(secret));

    // An outsider can neither read nor write a plan in the class.
    let (status, page) = app
        .page_as(&format!("/appraisal/plan?class={class_id}"), &outsider)
        .await;
    assert_eq!(status, 403);
    assert!(!page.contains(secret));
    assert!(page.contains("Not allowed"));
    for (path, form) in [
        (
            "/appraisal/plan/targets",
            fields(&[("class_id", &class_text), ("target.IMC", "1")]),
        ),
        (
            "/appraisal/plan/snapshots",
            fields(&[("class_id", &class_text), ("name", "mine")]),
        ),
        (
            "/appraisal/plan/roadmap",
            roadmap_form(class_id, &[("IMC:SG1.SP1", "x", "30")]),
        ),
    ] {
        let (status, _) = app.post_fields(path, &outsider, &form).await;
        assert_eq!(status, 403, "{path}");
    }
    let csv = app
        .get_as(
            &format!("/appraisal/plan.csv?class={class_id}"),
            Some(&outsider.cookie),
        )
        .await;
    assert_eq!(csv.status().as_u16(), 403);
    let signed_out = app
        .post_form("/appraisal/plan/targets", None, &[("target.IMC", "1")])
        .await;
    assert_eq!(signed_out.status().as_u16(), 401);

    // The class view: the instructor sees the roadmap and its first choice; learners do not.
    let class_plans = format!("/classes/{class_id}/plans");
    let (status, page) = app.page_as(&class_plans, &instructor).await;
    assert_eq!(status, 200);
    assert!(page.contains(secret));
    assert!(page.contains("IMC:SG1.SP1"));
    assert!(page.contains("1 learner"), "first choices counted");
    for who in [&learner, &outsider] {
        let (status, page) = app.page_as(&class_plans, who).await;
        assert_eq!(status, 403, "{}", who.user.username);
        assert!(!page.contains(secret), "{}", who.user.username);
    }
}

#[tokio::test]
async fn a_self_paced_learner_plans_without_a_class() {
    let app = spawn_app().await;
    let learner = app.person("alone", Role::Learner).await;
    let (status, _) = app
        .post_fields(
            "/appraisal/plan/targets",
            &learner,
            &fields(&[("target.RISK", "2")]),
        )
        .await;
    assert_eq!(status, 303);
    let plan = app
        .accounts
        .storage
        .plan(learner.user.id, None)
        .await
        .unwrap();
    assert_eq!(plan.targets, BTreeMap::from([("RISK".to_string(), 2)]));
    let (status, page) = app.page_as("/appraisal/plan", &learner).await;
    assert_eq!(status, 200);
    assert!(page.contains("RISK: level 0 now, target 2"));
    assert!(page.contains("Projection onto the NIST Cybersecurity Framework 2.0"));
    assert!(page.contains("An approximation"));

    // Exercise 14 sends the learner here, and its rubric reads the roadmap.
    let (_, exercise) = app
        .page_as("/exercises/first-improvement-plan-outline", &learner)
        .await;
    assert!(exercise.contains("href=\"/appraisal/plan\""));
    assert!(exercise.contains("roadmap of the improvement plan page"));
}

#[tokio::test]
async fn the_class_targets_adjust_the_case_files_and_the_learners_own_come_first() {
    let course = app::content::load(&shipped_content()).unwrap();
    let (case, _) = course.appraisal.as_ref().unwrap();
    let app = spawn_app().await;
    let learner = app.person("adjusted", Role::Learner).await;
    let (instructor, class_id) = class_with(&app, "TARG2345", &[&learner]).await;
    let class_targets = format!("/classes/{class_id}/plans/targets");
    let plan_page = format!("/appraisal/plan?class={class_id}");
    let suggested = case.targets["VAR"];
    let (_, page) = app.page_as(&plan_page, &learner).await;
    assert!(page.contains(&format!("VAR: level 0 now, target {suggested}")));

    // The instructor lowers VAR's target to 0 for the class: the learner's gap closes.
    let (status, _) = app
        .post_fields(&class_targets, &instructor, &fields(&[("target.VAR", "0")]))
        .await;
    assert_eq!(status, 303);
    let (_, page) = app.page_as(&plan_page, &learner).await;
    assert!(page.contains("VAR: level 0 now, target 0"));
    assert!(
        page.contains("Suggested by your class"),
        "the class's target named as such"
    );
    let (_, class_page) = app
        .page_as(&format!("/classes/{class_id}/plans"), &instructor)
        .await;
    assert!(
        class_page.contains("name=\"target.VAR\""),
        "the class's targets form"
    );
    assert!(
        class_page.contains("<option value=\"0\" selected"),
        "its saved level chosen"
    );

    // The learner's own target still comes first.
    let (status, _) = app
        .post_fields(
            "/appraisal/plan/targets",
            &learner,
            &fields(&[("class_id", &class_id.to_string()), ("target.VAR", "2")]),
        )
        .await;
    assert_eq!(status, 303);
    let (_, page) = app.page_as(&plan_page, &learner).await;
    assert!(page.contains("VAR: level 0 now, target 2"));

    // A learner cannot set the class's targets; a bad level changes nothing.
    let (status, _) = app
        .post_fields(&class_targets, &learner, &fields(&[("target.VAR", "3")]))
        .await;
    assert_eq!(status, 403);
    let (status, body) = app
        .post_fields(
            &class_targets,
            &instructor,
            &fields(&[("target.VAR", "-1")]),
        )
        .await;
    assert_eq!(status, 400);
    assert!(body.contains("capability level from 0 to 3"), "{body}");
    let kept = app.accounts.storage.class_targets(class_id).await.unwrap();
    assert_eq!(kept, BTreeMap::from([("VAR".to_string(), 0)]));
}

#[tokio::test]
async fn a_roadmap_from_a_stale_page_never_replaces_a_newer_one() {
    let app = spawn_app().await;
    let learner = app.person("twotabs", Role::Learner).await;
    let (_, class_id) = class_with(&app, "TABS2345", &[&learner]).await;
    let with_revision = |rows: &[(&str, &str, &str)], revision: &str| {
        let mut form = roadmap_form(class_id, rows);
        form.push(("revision".to_string(), revision.to_string()));
        form
    };
    // Two tabs loaded at revision 0: the first save wins; the second is refused with a sentence.
    let newer = "Kept: written in the first tab.";
    let (status, _) = app
        .post_fields(
            "/appraisal/plan/roadmap",
            &learner,
            &with_revision(&[("IMC:SG1.SP1", newer, "30")], "0"),
        )
        .await;
    assert_eq!(status, 303);
    let (status, body) = app
        .post_fields(
            "/appraisal/plan/roadmap",
            &learner,
            &with_revision(&[("IMC:SG1.SP2", "From the stale tab.", "60")], "0"),
        )
        .await;
    assert_eq!(status, 409);
    assert!(body.contains("changed elsewhere"), "{body}");
    let plan = app
        .accounts
        .storage
        .plan(learner.user.id, Some(class_id))
        .await
        .unwrap();
    assert_eq!(plan.actions.len(), 1);
    assert_eq!(plan.actions[0].action, newer);
    assert_eq!(plan.roadmap_revision, 1);
    let (status, _) = app
        .post_fields(
            "/appraisal/plan/roadmap",
            &learner,
            &fields(&[("class_id", &class_id.to_string()), ("revision", "one")]),
        )
        .await;
    assert_eq!(status, 400, "a revision that is not a number");

    // Targets and roadmap saved at once, many times: each keeps what the other wrote.
    let class_text = class_id.to_string();
    let saves = (0..20).map(|n| {
        let app = &app;
        let learner = &learner;
        let class_text = class_text.clone();
        async move {
            if n % 2 == 0 {
                let level = (n / 2 % 4).to_string();
                app.post_fields(
                    "/appraisal/plan/targets",
                    learner,
                    &fields(&[("class_id", &class_text), ("target.SC", &level)]),
                )
                .await
                .0
            } else {
                app.post_fields(
                    "/appraisal/plan/roadmap",
                    learner,
                    &roadmap_form(class_id, &[("IMC:SG1.SP1", newer, "30")]),
                )
                .await
                .0
            }
        }
    });
    let statuses = futures_util::future::join_all(saves).await;
    assert!(statuses.iter().all(|s| *s == 303), "{statuses:?}");
    let plan = app
        .accounts
        .storage
        .plan(learner.user.id, Some(class_id))
        .await
        .unwrap();
    assert!(plan.targets.contains_key("SC"), "targets kept");
    assert_eq!(plan.actions.len(), 1, "roadmap kept");
    assert_eq!(plan.roadmap_revision, 11, "every roadmap save counted once");
}
