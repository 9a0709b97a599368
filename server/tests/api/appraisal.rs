//! The appraisal over HTTP: two learners rate the whole scope (one copies the key, one differs in
//! known places), the key stays hidden until the instructor reveals it, then each sees the
//! comparison; the instructor's heatmap shows both; bad input and other people are refused.

use domain::ids::UserId;
use domain::policy::Scope;
use std::collections::{HashMap, HashSet};

use app::appraisal::{compare, Rating};
use app::people::{ClassMode, Role};
use server::storage::NewClass;

use crate::helpers::{shipped_content, spawn_app};

#[tokio::test]
async fn ratings_are_compared_with_the_key_after_the_reveal_and_the_heatmap_shows_the_class() {
    let course = app::content::load(&shipped_content()).unwrap();
    let (case, key) = course.appraisal.as_ref().unwrap();
    let app = spawn_app().await;
    let instructor = app.person("teach", Role::Instructor).await;
    let storage = &app.accounts.storage;
    let class_id = storage
        .create_class(NewClass {
            name: "Appraisal class",
            starts_on: "2026-12-01",
            ends_on: "2026-12-02",
            mode: ClassMode::InstructorLed,
            join_code: "APPR2345",
            instructor_id: instructor.user.id,
        })
        .await
        .unwrap()
        .unwrap();
    let copier = app.person("copier", Role::Learner).await;
    let differ = app.person("differ", Role::Learner).await;
    let outsider = app.person("outsider", Role::Learner).await;
    for learner in [&copier, &differ] {
        storage
            .join_by_code("APPR2345", learner.user.id)
            .await
            .unwrap();
    }

    // The copier gives the key's rating everywhere; the other moves three practices.
    let key_ratings: HashMap<String, Rating> = key
        .ratings
        .iter()
        .map(|r| (r.practice.clone(), r.rating))
        .collect();
    let moved = ["IMC:SG1.SP1", "VAR:SG2.SP2", "RISK:SG1.SP1"];
    let mut different = key_ratings.clone();
    for practice in moved {
        let rating = key_ratings[practice];
        different.insert(
            practice.to_string(),
            if rating == Rating::NI {
                Rating::FI
            } else {
                Rating::NI
            },
        );
    }
    let class_text = class_id.to_string();
    let submit = |ratings: &HashMap<String, Rating>| {
        let mut fields = vec![
            ("class_id".to_string(), class_text.clone()),
            ("intent".to_string(), "submit".to_string()),
        ];
        for practice in &case.practices {
            fields.push((
                format!("rating.{}", practice.id),
                ratings[&practice.id].code().to_string(),
            ));
        }
        fields
    };
    for (learner, ratings) in [(&copier, &key_ratings), (&differ, &different)] {
        let fields = submit(ratings);
        let pairs: Vec<(&str, &str)> = fields
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        let response = app
            .post_form("/appraisal/ratings", Some(&learner.cookie), &pairs)
            .await;
        assert_eq!(response.status().as_u16(), 303);
    }
    let page_path = format!("/appraisal?class={class_id}");
    let rationale = "Annex C"; // from the key's rationale for IMC:SG1.SP1
    let before = app
        .get_as(&page_path, Some(&differ.cookie))
        .await
        .text()
        .await
        .unwrap();
    assert!(before.contains("Your instructor will reveal the key"));
    assert!(!before.contains(rationale), "no key before the reveal");

    // Only the class's instructor reveals, sees the heatmap and downloads the CSV.
    let reveal = format!("/classes/{class_id}/appraisal/reveal");
    assert_eq!(
        app.post_form(&reveal, Some(&copier.cookie), &[("action", "reveal")])
            .await
            .status()
            .as_u16(),
        403
    );
    for route in [
        format!("/classes/{class_id}/appraisal"),
        format!("/classes/{class_id}/appraisal.csv"),
    ] {
        assert_eq!(
            app.get_as(&route, Some(&copier.cookie))
                .await
                .status()
                .as_u16(),
            403,
            "{route}"
        );
        assert_eq!(
            app.get_as(&route, Some(&outsider.cookie))
                .await
                .status()
                .as_u16(),
            403,
            "{route}"
        );
    }
    assert_eq!(
        app.get_as(&page_path, Some(&outsider.cookie))
            .await
            .status()
            .as_u16(),
        403
    );
    // During a live session the reveal opens the workspace again on every screen.
    storage
        .change_live(
            class_id,
            "welcome",
            &app::live::LiveChange::Start {
                module_id: String::new(),
            },
        )
        .await
        .unwrap();
    assert_eq!(
        app.post_form(&reveal, Some(&instructor.cookie), &[("action", "reveal")])
            .await
            .status()
            .as_u16(),
        303
    );
    let live = storage.live_state(class_id, "welcome").await.unwrap();
    assert_eq!(
        live.pushed.map(|p| p.url),
        Some(format!("/appraisal?class={class_id}")),
        "the reveal is pushed live"
    );

    let copier_page = app
        .get_as(&page_path, Some(&copier.cookie))
        .await
        .text()
        .await
        .unwrap();
    assert!(copier_page.contains("Exact agreement: 100%"));
    assert!(copier_page.contains("Weighted kappa: 1.00"));
    assert!(copier_page.contains("0 practices differ from the key"));

    let differ_page = app
        .get_as(&page_path, Some(&differ.cookie))
        .await
        .text()
        .await
        .unwrap();
    assert!(differ_page.contains("3 practices differ from the key"));
    for practice in moved {
        assert!(
            differ_page.contains(&format!("<th scope=\"row\">{practice}</th>")),
            "{practice} listed"
        );
    }
    assert!(
        differ_page.contains(rationale),
        "the key's rationale beside the difference"
    );
    let marks: HashSet<String> = key.goal_overrides.iter().map(|o| o.goal.clone()).collect();
    let expected = compare(
        &case.practices,
        &different,
        &key_ratings,
        &HashSet::new(),
        &marks,
    );
    let kappa = format!("Weighted kappa: {:.2}", expected.weighted_kappa.unwrap());
    assert!(differ_page.contains(&kappa), "{kappa}");
    assert!(expected.weighted_kappa.unwrap() < 1.0);

    // After the reveal the ratings are final.
    let fields = submit(&key_ratings);
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    let locked = app
        .post_form("/appraisal/ratings", Some(&differ.cookie), &pairs)
        .await;
    assert_eq!(locked.status().as_u16(), 400);
    assert!(locked.text().await.unwrap().contains("read-only"));

    let heatmap = app
        .get_as(
            &format!("/classes/{class_id}/appraisal"),
            Some(&instructor.cookie),
        )
        .await
        .text()
        .await
        .unwrap();
    assert!(heatmap.contains("copier display") && heatmap.contains("differ display"));
    // A cell per learner and practice: all the copier's agree with the key, and all the
    // differ's but the three practices moved.
    let practices = case
        .practices
        .iter()
        .filter(|p| key_ratings.contains_key(&p.id))
        .count();
    let away: usize = ["<td class=d1>1", "<td class=d2>2", "<td class=d3>3"]
        .iter()
        .map(|cell| heatmap.matches(cell).count())
        .sum();
    assert_eq!(
        (heatmap.matches("<td class=d0>=").count(), away),
        (2 * practices - 3, 3)
    );
    assert!(
        !heatmap.contains("<td class=nr>"),
        "both rated every practice"
    );
    // The instructor adjusts the class's key on one practice, to the other learner's rating:
    // comparisons follow the class's key, and only instructors may change it.
    let adjusted = format!("key.{}", moved[0]);
    let new_rating = different[moved[0]].code();
    let key_form = format!("/classes/{class_id}/appraisal/key");
    let refused = app
        .post_form(
            &key_form,
            Some(&differ.cookie),
            &[(adjusted.as_str(), new_rating)],
        )
        .await;
    assert_eq!(refused.status().as_u16(), 403);
    let changed = app
        .post_form(
            &key_form,
            Some(&instructor.cookie),
            &[(adjusted.as_str(), new_rating)],
        )
        .await;
    assert_eq!(changed.status().as_u16(), 303);
    let differ_page = app
        .get_as(&page_path, Some(&differ.cookie))
        .await
        .text()
        .await
        .unwrap();
    assert!(differ_page.contains("2 practices differ from the key"));
    let copier_page = app
        .get_as(&page_path, Some(&copier.cookie))
        .await
        .text()
        .await
        .unwrap();
    assert!(copier_page.contains("1 practice differs from the key"));
    assert!(copier_page.contains("(set by your instructor for this class)"));

    let csv = app
        .get_as(
            &format!("/classes/{class_id}/appraisal.csv"),
            Some(&instructor.cookie),
        )
        .await
        .text()
        .await
        .unwrap();
    assert!(csv.starts_with("learner,username,practice,rating,key,distance,evidence,note\r\n"));
    assert_eq!(csv.lines().count(), 1 + 2 * case.practices.len());
}

#[tokio::test]
async fn bad_ratings_and_unknown_evidence_are_refused_with_a_message() {
    let app = spawn_app().await;
    let learner = app.person("alone", Role::Learner).await;
    for (field, value, message) in [
        ("rating.IMC:SG1.SP1", "XX", "a rating is FI, LI, PI or NI"),
        ("evidence.IMC:SG1.SP1", "E99", "no evidence item E99"),
    ] {
        let response = app
            .post_form(
                "/appraisal/ratings",
                Some(&learner.cookie),
                &[("intent", "save"), (field, value)],
            )
            .await;
        assert_eq!(response.status().as_u16(), 400);
        assert!(
            response.text().await.unwrap().contains(message),
            "{message}"
        );
    }
    let saved = app
        .post_form(
            "/appraisal/ratings",
            Some(&learner.cookie),
            &[
                ("intent", "save"),
                ("rating.IMC:SG1.SP1", "LI"),
                ("note.IMC:SG1.SP1", "<script>alert(1)</script>"),
            ],
        )
        .await;
    assert_eq!(saved.status().as_u16(), 303);
    let page = app
        .get_as("/appraisal", Some(&learner.cookie))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "the note is shown as text"
    );
    assert!(!page.contains("<script>alert(1)"));
    assert!(page.contains("1 of 24"), "IMC shows one practice rated");
}

/// Saves arriving together are committed together (group commit): every one is stored, each
/// person's last save wins, and a save that cannot be stored (its owner does not exist) fails
/// alone without taking the others with it.
#[tokio::test]
async fn concurrent_workspace_saves_are_all_stored_and_a_bad_one_fails_alone() {
    use app::appraisal::workspace::{PracticeWork, Workspace};
    let app = spawn_app().await;
    let storage = &app.accounts.storage;
    let mut people = Vec::new();
    for i in 0..20 {
        let user = storage
            .create_user(
                &format!("saver{i}"),
                "Saver",
                "not-a-real-hash",
                Role::Learner,
            )
            .await
            .unwrap()
            .unwrap();
        people.push(user.id);
    }
    let workspace = |rating: Rating| {
        let mut workspace = Workspace::default();
        workspace.practices.insert(
            "IMC:SG1.SP1".into(),
            PracticeWork {
                rating: Some(rating),
                ..PracticeWork::default()
            },
        );
        workspace
    };
    let first = workspace(Rating::NI);
    let last = workspace(Rating::FI);
    let mut saves = Vec::new();
    for id in &people {
        saves.push(storage.save_workspace(*id, Scope::Alone, &first, false));
        saves.push(storage.save_workspace(*id, Scope::Alone, &last, false));
    }
    let nobody = UserId(999_999);
    saves.insert(
        7,
        storage.save_workspace(nobody, Scope::Alone, &first, false),
    );
    let results = futures_util::future::join_all(saves).await;
    assert!(results[7].is_err(), "a save for no account is refused");
    assert_eq!(results.iter().filter(|r| r.is_ok()).count(), 40);
    for id in &people {
        let (stored, _) = storage.workspace(*id, Scope::Alone).await.unwrap();
        assert_eq!(stored, last, "the last save of {id} wins");
    }
}
