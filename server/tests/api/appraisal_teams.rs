//! Team mode over HTTP: the instructor puts learners on teams; each member rates alone and
//! submits before seeing the others; members agree team ratings (concurrent edits are detected,
//! never overwritten); the team's ratings are what is compared with the key; the heatmap and CSV
//! show teams. Outsiders, other teams and bad input are refused.

use std::collections::HashMap;

use app::api_appraisal_team::SaveTeamDraft;
use app::appraisal::team::fingerprint;
use app::appraisal::Rating;
use app::people::{ClassMode, Role};
use leptos::server_fn::ServerFn;
use server::storage::NewClass;

use crate::helpers::{shipped_content, spawn_app, Session, TestApp};

const MOVED: [&str; 3] = ["IMC:SG1.SP1", "VAR:SG2.SP2", "RISK:SG1.SP1"];

async fn post(
    app: &TestApp,
    path: &str,
    who: &Session,
    fields: &[(String, String)],
) -> (u16, String) {
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    let response = app.post_form(path, Some(&who.cookie), &pairs).await;
    (response.status().as_u16(), response.text().await.unwrap())
}

async fn page(app: &TestApp, path: &str, who: &Session) -> (u16, String) {
    let response = app.get_as(path, Some(&who.cookie)).await;
    (response.status().as_u16(), response.text().await.unwrap())
}

fn pairs(list: &[(&str, String)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(n, v)| (n.to_string(), v.clone()))
        .collect()
}

#[tokio::test]
async fn teams_rate_alone_then_agree_and_their_agreed_ratings_meet_the_key() {
    let course = app::content::load(&shipped_content()).unwrap();
    let (case, key) = course.appraisal.as_ref().unwrap();
    let app = spawn_app().await;
    let storage = &app.accounts.storage;
    let instructor = app.person("teach", Role::Instructor).await;
    let class_id = storage
        .create_class(NewClass {
            name: "Team class",
            starts_on: "2026-12-01",
            ends_on: "2026-12-02",
            mode: ClassMode::SelfPaced,
            join_code: "TEAM2345",
            instructor_id: instructor.user.id,
        })
        .await
        .unwrap()
        .unwrap();
    let ana = app.person("ana", Role::Learner).await;
    let ben = app.person("ben", Role::Learner).await;
    let chen = app.person("chen", Role::Learner).await;
    let dana = app.person("dana", Role::Learner).await;
    for learner in [&ana, &ben, &chen, &dana] {
        storage
            .join_by_code("TEAM2345", learner.user.id)
            .await
            .unwrap();
    }
    let class = class_id.to_string();
    let teams_path = format!("/classes/{class_id}/appraisal/teams");
    let team_of = |who: &Session| format!("team.{}", who.user.id);

    // Only the class's instructors form teams; names are checked, unknown learners refused.
    let assignment = pairs(&[
        (&team_of(&ana), "Blue".into()),
        (&team_of(&ben), " Blue ".into()),
        (&team_of(&chen), "<script>alert(1)</script>".into()),
    ]);
    assert_eq!(post(&app, &teams_path, &ana, &assignment).await.0, 403);
    let (status, message) = post(
        &app,
        &teams_path,
        &instructor,
        &pairs(&[(&team_of(&ana), "x".repeat(41))]),
    )
    .await;
    assert_eq!(status, 400);
    assert!(
        message.contains("ana display: A team name can be at most 40"),
        "{message}"
    );
    let (status, message) = post(
        &app,
        &teams_path,
        &instructor,
        &pairs(&[("team.999999", "Red".into())]),
    )
    .await;
    assert_eq!(status, 400);
    assert!(message.contains("No learner of this class has the number 999999"));
    let (status, message) = post(
        &app,
        &teams_path,
        &instructor,
        &pairs(&[("action", "form".into()), ("size", "1".into())]),
    )
    .await;
    assert_eq!((status, message.contains("2 to 12")), (400, true));
    assert_eq!(
        post(&app, &teams_path, &instructor, &assignment).await.0,
        303
    );
    let blue = storage
        .team_of(class_id, ana.user.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(blue.name, "Blue");
    assert_eq!(blue.members, [ana.user.id, ben.user.id]);
    assert!(storage
        .team_of(class_id, dana.user.id)
        .await
        .unwrap()
        .is_none());

    // Before submitting alone, a member sees neither teammates' ratings nor the team's form, and
    // cannot change the team's ratings.
    let team_page = format!("/appraisal/team?class={class_id}");
    let key_ratings: HashMap<String, Rating> = key
        .ratings
        .iter()
        .map(|r| (r.practice.clone(), r.rating))
        .collect();
    let (status, body) = page(&app, &team_page, &ana).await;
    assert_eq!(status, 200);
    assert!(body.contains("Rate alone first"));
    assert!(!body.contains("team-table"));
    let early = pairs(&[
        ("class_id", class.clone()),
        ("intent", "save".into()),
        ("seen.IMC:SG1.SP1", "0".into()),
        ("rating.IMC:SG1.SP1", "FI".into()),
    ]);
    let (status, message) = post(&app, "/appraisal/team/ratings", &ana, &early).await;
    assert_eq!(
        (status, message.contains("Rate alone first")),
        (400, true),
        "{message}"
    );

    // Ana rates as the key does, Ben moves three practices; both submit alone.
    let individual = |ratings: &HashMap<String, Rating>| {
        let mut fields = pairs(&[("class_id", class.clone()), ("intent", "submit".into())]);
        for practice in &case.practices {
            fields.push((
                format!("rating.{}", practice.id),
                ratings[&practice.id].code().into(),
            ));
        }
        fields.push((
            "note.IMC:SG1.SP1".into(),
            "Ben's note </textarea><script>x()</script>".into(),
        ));
        fields
    };
    let mut different = key_ratings.clone();
    for practice in MOVED {
        let rating = key_ratings[practice];
        different.insert(
            practice.into(),
            if rating == Rating::NI {
                Rating::FI
            } else {
                Rating::NI
            },
        );
    }
    assert_eq!(
        post(&app, "/appraisal/ratings", &ana, &individual(&key_ratings))
            .await
            .0,
        303
    );
    assert_eq!(
        post(&app, "/appraisal/ratings", &ben, &individual(&different))
            .await
            .0,
        303
    );
    // Self-paced, but on a team: the key waits for the team's agreed ratings.
    let (_, own) = page(&app, &format!("/appraisal?class={class_id}"), &ana).await;
    assert!(own.contains("The key is shown once your team submits"));
    assert!(!own.contains("Exact agreement"));

    // Side by side: both members' ratings, the three disagreements marked, notes inert.
    let (_, body) = page(&app, &team_page, &ana).await;
    assert!(body.contains("ben display — submitted"));
    assert!(body.contains("members 3 steps apart") || body.contains("members 2 steps apart"));
    assert!(!body.contains("<script>x()"), "a member's note is inert");

    // "Fill in where every member agrees" takes the 61 unanimous practices.
    let (status, _) = post(
        &app,
        "/appraisal/team/ratings",
        &ana,
        &pairs(&[("class_id", class.clone()), ("intent", "adopt".into())]),
    )
    .await;
    assert_eq!(status, 303);
    let agreed = storage
        .team_of(class_id, ana.user.id)
        .await
        .unwrap()
        .unwrap()
        .workspace;
    assert_eq!(
        agreed.agreed.ratings().len(),
        case.practices.len() - MOVED.len()
    );

    // Ben and Ana both opened the page at revision 0 of IMC:SG1.SP1. Ben saves first; Ana's
    // change to that practice is refused and named, her other change kept.
    let ben_edit = pairs(&[
        ("class_id", class.clone()),
        ("intent", "save".into()),
        ("seen.IMC:SG1.SP1", "0".into()),
        ("rating.IMC:SG1.SP1", "PI".into()),
    ]);
    assert_eq!(
        post(&app, "/appraisal/team/ratings", &ben, &ben_edit)
            .await
            .0,
        303
    );
    let ana_edit = pairs(&[
        ("class_id", class.clone()),
        ("intent", "save".into()),
        ("seen.IMC:SG1.SP1", "0".into()),
        ("rating.IMC:SG1.SP1", "LI".into()),
        ("seen.VAR:SG2.SP2", "0".into()),
        (
            "rating.VAR:SG2.SP2",
            key_ratings["VAR:SG2.SP2"].code().into(),
        ),
        ("note.VAR:SG2.SP2", "</textarea><script>y()</script>".into()),
    ]);
    let (status, message) = post(&app, "/appraisal/team/ratings", &ana, &ana_edit).await;
    assert_eq!(status, 409, "{message}");
    assert!(
        message.contains("IMC:SG1.SP1 (changed by ben display)"),
        "{message}"
    );
    assert!(message.contains("Your other changes are saved"));
    let team = storage
        .team_of(class_id, ana.user.id)
        .await
        .unwrap()
        .unwrap()
        .workspace;
    assert_eq!(
        team.agreed.practices["IMC:SG1.SP1"].rating,
        Some(Rating::PI),
        "Ben's kept"
    );
    assert_eq!(
        team.agreed.practices["VAR:SG2.SP2"].rating,
        Some(key_ratings["VAR:SG2.SP2"]),
        "Ana's other change kept"
    );
    let (_, body) = page(&app, &team_page, &ben).await;
    assert!(body.contains("last changed by ana display"));
    assert!(
        !body.contains("<script>y()"),
        "a team note cannot leave its field"
    );

    // A stale submit is refused whole: nothing saved, nothing submitted.
    let mut stale_submit = ana_edit.clone();
    stale_submit[1].1 = "submit".into();
    let (status, message) = post(&app, "/appraisal/team/ratings", &ana, &stale_submit).await;
    assert_eq!(
        (status, message.contains("Nothing was saved or submitted")),
        (409, true)
    );
    assert!(storage
        .team_of(class_id, ana.user.id)
        .await
        .unwrap()
        .unwrap()
        .submitted_at
        .is_none());

    // Autosave (the server function the hydrated page calls) carries a revision and the value as
    // shown; it answers the new revision, so the page can carry on from it.
    let shown = fingerprint(team.agreed.practices.get("VAR:SG2.SP2"));
    let form = serde_urlencoded::to_string([
        ("seen.VAR:SG2.SP2", team.revision("VAR:SG2.SP2").to_string()),
        ("was.VAR:SG2.SP2", shown),
        ("rating.VAR:SG2.SP2", "PI".to_string()),
        // Untouched as shown, though Ben changed it: not a conflict, reported as changed.
        ("seen.IMC:SG1.SP1", "0".to_string()),
        ("was.IMC:SG1.SP1", fingerprint(None)),
    ])
    .unwrap();
    let answer = app
        .client
        .post(format!("{}{}", app.address, SaveTeamDraft::PATH))
        .header("origin", &app.address)
        .header("content-type", "application/json")
        .header("cookie", &ana.cookie)
        .body(serde_json::json!({ "class_id": class_id, "form": form }).to_string())
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let answer: serde_json::Value = serde_json::from_str(&answer).unwrap();
    let outcome = &answer["Granted"][0];
    assert_eq!(outcome["applied"][0][0], "VAR:SG2.SP2", "{answer}");
    assert_eq!(outcome["applied"][0][1], team.revision("VAR:SG2.SP2") + 1);
    assert_eq!(outcome["conflicts"], serde_json::json!([]));
    assert_eq!(
        outcome["changed_by_others"],
        serde_json::json!(["IMC:SG1.SP1"])
    );
    let team = storage
        .team_of(class_id, ana.user.id)
        .await
        .unwrap()
        .unwrap()
        .workspace;
    assert_eq!(
        team.agreed.practices["IMC:SG1.SP1"].rating,
        Some(Rating::PI),
        "Ben's kept"
    );

    // The team agrees the key on every practice but RISK:SG1.SP1 and submits.
    let mut agree = pairs(&[("class_id", class.clone()), ("intent", "submit".into())]);
    for practice in &case.practices {
        let rating = if practice.id == "RISK:SG1.SP1" {
            different[&practice.id]
        } else {
            key_ratings[&practice.id]
        };
        agree.push((
            format!("seen.{}", practice.id),
            team.revision(&practice.id).to_string(),
        ));
        agree.push((format!("rating.{}", practice.id), rating.code().into()));
    }
    let (status, message) = post(&app, "/appraisal/team/ratings", &ben, &agree).await;
    assert_eq!(status, 303, "{message}");
    let (_, body) = page(&app, &team_page, &ana).await;
    assert!(
        body.contains("Your team&#x27;s ratings against the key")
            || body.contains("Your team's ratings against the key")
    );
    assert!(body.contains("1 practice differs from the key"));
    assert!(body.contains("<th scope=\"row\">RISK:SG1.SP1</th>"));
    assert!(
        body.contains("read-only"),
        "the key is shown, so the team's ratings are final"
    );
    let (status, _) = post(&app, "/appraisal/team/ratings", &ana, &ben_edit).await;
    assert_eq!(status, 400);
    // Now each member also sees their own comparison.
    let (_, own) = page(&app, &format!("/appraisal?class={class_id}"), &ben).await;
    assert!(own.contains("3 practices differ from the key"));

    // Others: Dana has no team; Chen is on another team; the instructor may look at any team.
    let blue_page = format!("/appraisal/team?class={class_id}&team={}", blue.id);
    assert_eq!(page(&app, &team_page, &dana).await.0, 404);
    let (status, message) = post(&app, "/appraisal/team/ratings", &dana, &ben_edit).await;
    assert_eq!((status, message.contains("not on a team")), (400, true));
    assert_eq!(page(&app, &blue_page, &chen).await.0, 403);
    let (status, body) = page(&app, &blue_page, &instructor).await;
    assert_eq!(status, 200);
    assert!(
        body.contains("Only the team&#x27;s members change its ratings")
            || body.contains("Only the team's members change its ratings")
    );
    let outsider = app.person("outsider", Role::Learner).await;
    assert_eq!(page(&app, &blue_page, &outsider).await.0, 403);

    // The instructor's heatmap and CSV by team.
    let (status, heatmap) = page(
        &app,
        &format!("/classes/{class_id}/appraisal?by=teams"),
        &instructor,
    )
    .await;
    assert_eq!(status, 200);
    assert!(heatmap.contains(&format!(
        "/appraisal/team?class={class_id}&amp;team={}",
        blue.id
    )));
    assert!(
        heatmap.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "team names are text"
    );
    assert!(!heatmap.contains("<script>alert(1)"));
    let (status, csv) = page(
        &app,
        &format!("/classes/{class_id}/appraisal.csv?by=teams"),
        &instructor,
    )
    .await;
    assert_eq!(status, 200);
    let lines: Vec<&str> = csv.lines().collect();
    assert!(lines[0].starts_with("team,members,practice,rating,key,distance"));
    assert_eq!(lines.len(), 1 + 2 * case.practices.len());
    assert!(lines
        .iter()
        .any(|l| l.starts_with("Blue,\"ana display, ben display\",RISK:SG1.SP1,")));

    // Forming teams deals only those without a team: Dana is the one left, in "Team 1".
    let (status, _) = post(
        &app,
        &teams_path,
        &instructor,
        &pairs(&[("action", "form".into()), ("size", "2".into())]),
    )
    .await;
    assert_eq!(status, 303);
    let dana_team = storage
        .team_of(class_id, dana.user.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(dana_team.name, "Team 1");

    // Taking Ana and Ben off Blue keeps Blue's agreed ratings (it has rated); an empty new
    // team that never rated is removed.
    let off = pairs(&[
        (&team_of(&ana), "".into()),
        (&team_of(&ben), "".into()),
        (&team_of(&dana), "".into()),
    ]);
    assert_eq!(post(&app, &teams_path, &instructor, &off).await.0, 303);
    let mut names: Vec<String> = storage
        .class_teams(class_id)
        .await
        .unwrap()
        .into_iter()
        .map(|t| t.name)
        .collect();
    names.sort();
    assert_eq!(names, ["<script>alert(1)</script>", "Blue"]);
}
