//! Team mode over HTTP: the instructor puts learners on teams; each member rates alone and
//! submits before seeing anything of the team; members agree team ratings (concurrent edits are
//! detected, never overwritten); the team's ratings are what is compared with the key and become
//! final when it shows; the heatmap and CSV show teams. Outsiders, other teams and bad input are
//! refused with a sentence.

use domain::ids::ClassId;
use std::collections::HashMap;

use app::api::teams::SaveTeamDraft;
use app::appraisal::team::fingerprint;
use app::appraisal::{CaseFile, Rating};
use app::people::{ClassMode, Role};
use leptos::server_fn::ServerFn;
use server::storage::NewClass;

use crate::helpers::{fields, shipped_content, spawn_app, Session, TestApp};

/// The practices on which Ben's own ratings differ from the key.
const MOVED: [&str; 3] = ["IMC:SG1.SP1", "VAR:SG2.SP2", "RISK:SG1.SP1"];
const TEAM_RATINGS: &str = "/appraisal/team/ratings";

type Fields = Vec<(String, String)>;

/// A class whose learners Ana, Ben and Eve are on team Blue, Chen on Green, Dana on none.
struct TeamClass {
    app: TestApp,
    case: CaseFile,
    key: HashMap<String, Rating>,
    /// The key with the `MOVED` practices changed.
    different: HashMap<String, Rating>,
    class_id: ClassId,
    instructor: Session,
    ana: Session,
    ben: Session,
    chen: Session,
    dana: Session,
    eve: Session,
}

impl TeamClass {
    async fn new(mode: ClassMode) -> TeamClass {
        let course = app::content::load(&shipped_content()).unwrap();
        let (case, key) = course.appraisal.clone().unwrap();
        let key: HashMap<String, Rating> = key
            .ratings
            .iter()
            .map(|r| (r.practice.clone(), r.rating))
            .collect();
        let mut different = key.clone();
        for practice in MOVED {
            let moved = if key[practice] == Rating::NI {
                Rating::FI
            } else {
                Rating::NI
            };
            different.insert(practice.into(), moved);
        }
        let app = spawn_app().await;
        let instructor = app.person("teach", Role::Instructor).await;
        let class_id = app
            .accounts
            .storage
            .create_class(NewClass {
                name: "Team class",
                starts_on: "2026-12-01",
                ends_on: "2026-12-02",
                mode,
                join_code: "TEAM2345",
                instructor_id: instructor.user.id,
            })
            .await
            .unwrap()
            .unwrap();
        let mut learners = Vec::new();
        for name in ["ana", "ben", "chen", "dana", "eve"] {
            let learner = app.person(name, Role::Learner).await;
            app.accounts
                .storage
                .join_by_code("TEAM2345", learner.user.id)
                .await
                .unwrap();
            learners.push(learner);
        }
        let [ana, ben, chen, dana, eve] = learners.try_into().unwrap();
        let class = TeamClass {
            app,
            case,
            key,
            different,
            class_id,
            instructor,
            ana,
            ben,
            chen,
            dana,
            eve,
        };
        let assignment = fields(&[
            (&team_field(&class.ana), "Blue"),
            (&team_field(&class.ben), " Blue "),
            (&team_field(&class.eve), "Blue"),
            (&team_field(&class.chen), "<script>alert(1)</script>"),
        ]);
        let (status, _) = class
            .post(&class.teams_path(), &class.instructor, &assignment)
            .await;
        assert_eq!(status, 303);
        class
    }

    async fn post(&self, path: &str, who: &Session, fields: &Fields) -> (u16, String) {
        self.app.post_fields(path, who, fields).await
    }

    async fn page(&self, path: &str, who: &Session) -> (u16, String) {
        self.app.page_as(path, who).await
    }

    fn teams_path(&self) -> String {
        format!("/classes/{}/appraisal/teams", self.class_id)
    }

    fn team_page(&self) -> String {
        format!("/appraisal/team?class={}", self.class_id)
    }

    fn own_page(&self) -> String {
        format!("/appraisal?class={}", self.class_id)
    }

    /// Submits `who`'s own ratings of every practice.
    async fn submit_alone(&self, who: &Session, ratings: &HashMap<String, Rating>) {
        let mut form = fields(&[
            ("class_id", &self.class_id.to_string()),
            ("intent", "submit"),
            (
                "note.IMC:SG1.SP1",
                "My note </textarea><script>x()</script>",
            ),
        ]);
        for practice in &self.case.practices {
            form.push((
                format!("rating.{}", practice.id),
                ratings[&practice.id].code().into(),
            ));
        }
        assert_eq!(self.post("/appraisal/ratings", who, &form).await.0, 303);
    }

    /// A team form: `intent`, then (practice, revision seen, rating) for each practice given.
    fn team_form(&self, intent: &str, practices: &[(&str, u32, Rating)]) -> Fields {
        let mut form = fields(&[("class_id", &self.class_id.to_string()), ("intent", intent)]);
        for (practice, seen, rating) in practices {
            form.push((format!("seen.{practice}"), seen.to_string()));
            form.push((format!("rating.{practice}"), rating.code().into()));
        }
        form
    }

    async fn blue(&self) -> server::storage::StoredTeam {
        self.app
            .accounts
            .storage
            .team_of(self.class_id, self.ana.user.id)
            .await
            .unwrap()
            .unwrap()
    }
}

/// Whether the page shows `text`, with its apostrophes as the page escapes them.
fn shows(body: &str, text: &str) -> bool {
    body.contains(&text.replace('\'', "&#x27;")) || body.contains(text)
}

fn team_field(who: &Session) -> String {
    format!("team.{}", who.user.id)
}

#[tokio::test]
async fn instructors_form_and_change_teams_and_bad_names_or_people_are_refused() {
    let class = TeamClass::new(ClassMode::SelfPaced).await;
    let storage = &class.app.accounts.storage;
    let blue = class.blue().await;
    assert_eq!(blue.name, "Blue", "names are trimmed");
    assert_eq!(
        blue.members,
        [class.ana.user.id, class.ben.user.id, class.eve.user.id]
    );

    let path = class.teams_path();
    let refused = |status: u16, message: &str, expected: &str| {
        assert_eq!(status, 400, "{message}");
        assert!(message.contains(expected), "{message}");
    };
    let (status, _) = class
        .post(
            &path,
            &class.ana,
            &fields(&[(&team_field(&class.ana), "Mine")]),
        )
        .await;
    assert_eq!(status, 403, "learners do not form teams");
    let long = "x".repeat(41);
    let (status, message) = class
        .post(
            &path,
            &class.instructor,
            &fields(&[(&team_field(&class.ana), &long)]),
        )
        .await;
    refused(
        status,
        &message,
        "ana display: A team name can be at most 40",
    );
    let (status, message) = class
        .post(&path, &class.instructor, &fields(&[("team.999999", "Red")]))
        .await;
    refused(
        status,
        &message,
        "No learner of this class has the number 999999",
    );
    let outsider = class.app.person("outsider", Role::Learner).await;
    let (status, message) = class
        .post(
            &path,
            &class.instructor,
            &fields(&[(&team_field(&outsider), "Red")]),
        )
        .await;
    refused(status, &message, "No learner of this class");
    let (status, message) = class
        .post(
            &path,
            &class.instructor,
            &fields(&[("action", "form"), ("size", "1")]),
        )
        .await;
    refused(status, &message, "2 to 12");

    // Forming teams places only those without one: Dana alone joins the smallest team.
    let form = fields(&[("action", "form"), ("size", "3")]);
    assert_eq!(class.post(&path, &class.instructor, &form).await.0, 303);
    let dana_team = storage
        .team_of(class.class_id, class.dana.user.id)
        .await
        .unwrap();
    assert_eq!(dana_team.unwrap().name, "<script>alert(1)</script>");
    let response = class
        .app
        .post_form(
            &path,
            Some(&class.instructor.cookie),
            &[("action", "form"), ("size", "3")],
        )
        .await;
    assert!(response.headers()["location"]
        .to_str()
        .unwrap()
        .ends_with("notice=teams-none"));

    // A team emptied after it rated keeps its ratings until the instructor removes it.
    let rated = class.team_form("save", &[("IMC:SG1.SP1", 0, Rating::LI)]);
    class.submit_alone(&class.ana, &class.key).await;
    assert_eq!(class.post(TEAM_RATINGS, &class.ana, &rated).await.0, 303);
    let off = fields(&[
        (&team_field(&class.ana), ""),
        (&team_field(&class.ben), ""),
        (&team_field(&class.eve), ""),
    ]);
    assert_eq!(class.post(&path, &class.instructor, &off).await.0, 303);
    let names = |teams: Vec<server::storage::StoredTeam>| {
        let mut names: Vec<String> = teams.into_iter().map(|t| t.name).collect();
        names.sort();
        names
    };
    let teams = storage.class_teams(class.class_id).await.unwrap();
    assert_eq!(names(teams), ["<script>alert(1)</script>", "Blue"]);
    let (status, message) = class
        .post(
            &path,
            &class.instructor,
            &fields(&[("action", "remove"), ("team", "<script>alert(1)</script>")]),
        )
        .await;
    refused(status, &message, "take its members off it first");
    let remove = fields(&[("action", "remove"), ("team", "Blue")]);
    assert_eq!(class.post(&path, &class.instructor, &remove).await.0, 303);
    let teams = storage.class_teams(class.class_id).await.unwrap();
    assert_eq!(names(teams), ["<script>alert(1)</script>"]);

    // Removed from the class, Chen is off his team too.
    let removal = format!(
        "/classes/{}/learners/{}/remove",
        class.class_id, class.chen.user.id
    );
    assert_eq!(
        class.post(&removal, &class.instructor, &Vec::new()).await.0,
        303
    );
    assert!(storage
        .team_of(class.class_id, class.chen.user.id)
        .await
        .unwrap()
        .is_none());
}

#[tokio::test]
async fn an_unknown_team_intent_or_teams_action_is_refused_with_a_sentence() {
    let class = TeamClass::new(ClassMode::SelfPaced).await;
    let sentence = "This form sent an action the server does not know; reload the page.";
    class.submit_alone(&class.ana, &class.key).await;
    // Not save, submit or adopt: refused, not saved as a draft.
    let unknown = class.team_form("publish", &[("IMC:SG1.SP1", 0, Rating::LI)]);
    assert_eq!(
        class.post(TEAM_RATINGS, &class.ana, &unknown).await,
        (400, sentence.to_string())
    );
    assert!(class.blue().await.workspace.agreed.ratings().is_empty());
    let saved = class.team_form("save", &[("IMC:SG1.SP1", 0, Rating::LI)]);
    assert_eq!(class.post(TEAM_RATINGS, &class.ana, &saved).await.0, 303);
    assert_eq!(class.blue().await.workspace.agreed.ratings().len(), 1);

    // Not form or remove: refused, and the teams stay as they are.
    let before = class.blue().await;
    let unknown = fields(&[("action", "dissolve"), ("team", "Blue")]);
    assert_eq!(
        class
            .post(&class.teams_path(), &class.instructor, &unknown)
            .await,
        (400, sentence.to_string())
    );
    assert_eq!(class.blue().await.members, before.members);
}

#[tokio::test]
async fn members_rate_alone_first_and_nothing_of_the_team_reaches_them_before() {
    let class = TeamClass::new(ClassMode::SelfPaced).await;
    // Before submitting alone: no table, and the team's ratings cannot be changed.
    let (status, body) = class.page(&class.team_page(), &class.ana).await;
    assert_eq!(status, 200);
    assert!(body.contains("Rate alone first"));
    let early = class.team_form("save", &[("IMC:SG1.SP1", 0, Rating::FI)]);
    let (status, message) = class.post(TEAM_RATINGS, &class.ana, &early).await;
    assert_eq!((status, message.contains("Rate alone first")), (400, true));

    // Ana and Ben submit alone; a member's own ratings are then final.
    class.submit_alone(&class.ana, &class.key).await;
    class.submit_alone(&class.ben, &class.different).await;
    let change = fields(&[
        ("class_id", &class.class_id.to_string()),
        ("intent", "save"),
        ("rating.IMC:SG1.SP1", "NI"),
    ]);
    let (status, message) = class.post("/appraisal/ratings", &class.ana, &change).await;
    assert_eq!(
        (status, message.contains("team sees them")),
        (400, true),
        "{message}"
    );
    // Self-paced, but on a team: the key waits for the team.
    let (_, own) = class.page(&class.own_page(), &class.ana).await;
    assert!(own.contains("The key is shown once your team submits"));
    assert!(!own.contains("Exact agreement"));

    // The team agrees and submits; then Ana sees the team's comparison.
    let note = "Team note kept from Eve until she rates";
    let mut agree = class.team_form(
        "submit",
        &class
            .case
            .practices
            .iter()
            .map(|p| (p.id.as_str(), 0, class.key[&p.id]))
            .collect::<Vec<_>>(),
    );
    agree.push(("note.IMC:SG1.SP2".into(), note.into()));
    let (status, message) = class.post(TEAM_RATINGS, &class.ana, &agree).await;
    assert_eq!(status, 303, "{message}");
    let (_, body) = class.page(&class.team_page(), &class.ana).await;
    assert!(body.contains("Exact agreement: 100%"));
    assert!(body.contains(note));

    // Eve, on the team but not yet rated alone, gets none of it, not even in the page's data.
    let (status, body) = class.page(&class.team_page(), &class.eve).await;
    assert_eq!(status, 200);
    assert!(body.contains("Rate alone first"));
    for hidden in [note, "Exact agreement", "My note"] {
        assert!(!body.contains(hidden), "{hidden} leaked to Eve");
    }
    assert!(
        !body.contains("Annex C"),
        "the key's rationale leaked to Eve"
    );
}

#[tokio::test]
async fn teammates_edit_at_once_without_overwriting_and_the_team_meets_the_key() {
    let class = TeamClass::new(ClassMode::SelfPaced).await;
    class.submit_alone(&class.ana, &class.key).await;
    class.submit_alone(&class.ben, &class.different).await;

    // Side by side: the members who submitted, disagreements marked, notes inert.
    let (_, body) = class.page(&class.team_page(), &class.ana).await;
    assert!(body.contains("ben display — submitted"));
    assert!(body.contains("eve display — still rating alone"));
    assert!(body.contains("members 3 steps apart") || body.contains("members 2 steps apart"));
    assert!(!body.contains("<script>x()"), "a member's note is inert");

    // "Fill in where every member agrees" takes the practices Ana and Ben rated alike.
    let adopt = class.team_form("adopt", &[]);
    assert_eq!(class.post(TEAM_RATINGS, &class.ana, &adopt).await.0, 303);
    let team = class.blue().await.workspace;
    assert_eq!(
        team.agreed.ratings().len(),
        class.case.practices.len() - MOVED.len()
    );

    // Both opened the page at revision 0 of IMC:SG1.SP1. Ben saves first; Ana's change to
    // that practice is refused and names him, and her other change is kept.
    let ben_edit = class.team_form("save", &[("IMC:SG1.SP1", 0, Rating::PI)]);
    assert_eq!(class.post(TEAM_RATINGS, &class.ben, &ben_edit).await.0, 303);
    let settled = class.key["VAR:SG2.SP2"];
    let mut ana_edit = class.team_form(
        "save",
        &[("IMC:SG1.SP1", 0, Rating::LI), ("VAR:SG2.SP2", 0, settled)],
    );
    ana_edit.push((
        "note.VAR:SG2.SP2".into(),
        "</textarea><script>y()</script>".into(),
    ));
    let (status, message) = class.post(TEAM_RATINGS, &class.ana, &ana_edit).await;
    assert_eq!(status, 409, "{message}");
    assert!(
        message.contains("IMC:SG1.SP1 (changed by ben display)"),
        "{message}"
    );
    assert!(message.contains("Your other changes are saved"));
    let team = class.blue().await.workspace;
    assert_eq!(
        team.agreed.practices["IMC:SG1.SP1"].rating,
        Some(Rating::PI)
    );
    assert_eq!(team.agreed.practices["VAR:SG2.SP2"].rating, Some(settled));
    let (_, body) = class.page(&class.team_page(), &class.ben).await;
    assert!(body.contains("last changed by ana display"));
    assert!(
        !body.contains("<script>y()"),
        "a team note cannot leave its field"
    );

    // A stale submit is refused whole: nothing saved, nothing submitted.
    let mut stale_submit = ana_edit.clone();
    stale_submit[1].1 = "submit".into();
    let (status, message) = class.post(TEAM_RATINGS, &class.ana, &stale_submit).await;
    assert_eq!(
        (status, message.contains("Nothing was saved or submitted")),
        (409, true)
    );
    assert!(class.blue().await.submitted_at.is_none());

    // Autosave (the server function the hydrated page calls) carries the revision and the value
    // as shown, and answers the new revision so the page can carry on from it.
    let form = serde_urlencoded::to_string([
        ("seen.VAR:SG2.SP2", team.revision("VAR:SG2.SP2").to_string()),
        (
            "was.VAR:SG2.SP2",
            fingerprint(team.agreed.practices.get("VAR:SG2.SP2")),
        ),
        ("rating.VAR:SG2.SP2", "PI".to_string()),
        // Left as shown (empty) although Ben has rated it since: reported, not a conflict.
        ("seen.IMC:SG1.SP1", "0".to_string()),
        ("was.IMC:SG1.SP1", fingerprint(None)),
    ])
    .unwrap();
    let answer = class
        .app
        .client
        .post(format!("{}{}", class.app.address, SaveTeamDraft::PATH))
        .header("origin", &class.app.address)
        .header("content-type", "application/json")
        .header("cookie", &class.ana.cookie)
        .body(serde_json::json!({ "class_id": class.class_id, "form": form }).to_string())
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let answer: serde_json::Value = serde_json::from_str(&answer).unwrap();
    let outcome = &answer["Granted"]["outcome"];
    assert_eq!(outcome["applied"][0][0], "VAR:SG2.SP2", "{answer}");
    assert_eq!(outcome["applied"][0][1], team.revision("VAR:SG2.SP2") + 1);
    assert_eq!(outcome["conflicts"], serde_json::json!([]));
    assert_eq!(
        outcome["changed_by_others"],
        serde_json::json!(["IMC:SG1.SP1"])
    );
    let team = class.blue().await.workspace;
    assert_eq!(
        team.agreed.practices["IMC:SG1.SP1"].rating,
        Some(Rating::PI),
        "Ben's kept"
    );

    // The team agrees the key everywhere but RISK:SG1.SP1 and submits; its comparison shows
    // exactly that difference, and its ratings are final.
    let agreed: Vec<(&str, u32, Rating)> = class
        .case
        .practices
        .iter()
        .map(|p| {
            let rating = if p.id == "RISK:SG1.SP1" {
                class.different[&p.id]
            } else {
                class.key[&p.id]
            };
            (p.id.as_str(), team.revision(&p.id), rating)
        })
        .collect();
    let (status, message) = class
        .post(
            TEAM_RATINGS,
            &class.ben,
            &class.team_form("submit", &agreed),
        )
        .await;
    assert_eq!(status, 303, "{message}");
    let (_, body) = class.page(&class.team_page(), &class.ana).await;
    assert!(shows(&body, "Your team's ratings against the key"));
    assert!(body.contains("1 practice differs from the key"));
    assert!(body.contains("<th scope=\"row\">RISK:SG1.SP1</th>"));
    assert!(body.contains("its ratings are final and read-only"));
    let (status, message) = class.post(TEAM_RATINGS, &class.ana, &ben_edit).await;
    assert_eq!(
        (status, message.contains("final")),
        (400, true),
        "{message}"
    );
    // Now each member also sees their own comparison.
    let (_, own) = class.page(&class.own_page(), &class.ben).await;
    assert!(own.contains("3 practices differ from the key"));
}

#[tokio::test]
async fn in_an_instructor_led_class_the_reveal_makes_team_ratings_final_even_unsubmitted() {
    let class = TeamClass::new(ClassMode::InstructorLed).await;
    class.submit_alone(&class.ana, &class.key).await;
    let edit = class.team_form("save", &[("IMC:SG1.SP1", 0, Rating::PI)]);
    assert_eq!(class.post(TEAM_RATINGS, &class.ana, &edit).await.0, 303);
    let reveal = format!("/classes/{}/appraisal/reveal", class.class_id);
    let (status, _) = class
        .post(&reveal, &class.instructor, &fields(&[("action", "reveal")]))
        .await;
    assert_eq!(status, 303);
    // Ana sees the key on her own page now; the team's unsubmitted ratings cannot follow it.
    let (_, own) = class.page(&class.own_page(), &class.ana).await;
    assert!(own.contains("Exact agreement"));
    let copy = class.team_form("save", &[("IMC:SG1.SP1", 1, class.key["IMC:SG1.SP1"])]);
    let (status, message) = class.post(TEAM_RATINGS, &class.ana, &copy).await;
    assert_eq!(
        (status, message.contains("final and read-only")),
        (400, true),
        "{message}"
    );
    let (_, body) = class.page(&class.team_page(), &class.ana).await;
    assert!(shows(&body, "Your team's ratings against the key"));
}

#[tokio::test]
async fn outsiders_and_other_teams_are_refused_and_instructors_see_every_team() {
    let class = TeamClass::new(ClassMode::SelfPaced).await;
    class.submit_alone(&class.ana, &class.key).await;
    let edit = class.team_form("submit", &[("IMC:SG1.SP1", 0, Rating::PI)]);
    assert_eq!(class.post(TEAM_RATINGS, &class.ana, &edit).await.0, 303);
    let blue = class.blue().await;
    let blue_page = format!("/appraisal/team?class={}&team={}", class.class_id, blue.id);

    // Dana is on no team: she is told so, in a sentence.
    let (status, body) = class.page(&class.team_page(), &class.dana).await;
    assert_eq!(
        (status, body.contains("You are not on a team in this class")),
        (200, true)
    );
    let (status, message) = class.post(TEAM_RATINGS, &class.dana, &edit).await;
    assert_eq!((status, message.contains("not on a team")), (400, true));
    // Chen (another team) and an outsider may not look at Blue.
    assert_eq!(class.page(&blue_page, &class.chen).await.0, 403);
    let outsider = class.app.person("outsider", Role::Learner).await;
    assert_eq!(class.page(&blue_page, &outsider).await.0, 403);
    assert_eq!(class.page(&class.team_page(), &outsider).await.0, 403);
    // The instructor looks at any team, read-only.
    let (status, body) = class.page(&blue_page, &class.instructor).await;
    assert_eq!(status, 200);
    assert!(shows(&body, "Only the team's members change its ratings"));

    // The heatmap and CSV by team.
    let heatmap_path = format!("/classes/{}/appraisal?by=teams", class.class_id);
    let (status, heatmap) = class.page(&heatmap_path, &class.instructor).await;
    assert_eq!(status, 200);
    assert!(heatmap.contains(&format!("&amp;team={}", blue.id)));
    assert!(
        heatmap.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "team names are text"
    );
    assert!(!heatmap.contains("<script>alert(1)"));
    let csv_path = format!("/classes/{}/appraisal.csv?by=teams", class.class_id);
    let (status, csv) = class.page(&csv_path, &class.instructor).await;
    assert_eq!(status, 200);
    let lines: Vec<&str> = csv.lines().collect();
    assert!(lines[0].starts_with("team,members,practice,rating,key,distance"));
    assert_eq!(lines.len(), 1 + 2 * class.case.practices.len());
    let expected = format!(
        "Blue,\"ana display, ben display, eve display\",IMC:SG1.SP1,PI,{},",
        class.key["IMC:SG1.SP1"].code()
    );
    assert!(lines.iter().any(|l| l.starts_with(&expected)), "{expected}");
}
