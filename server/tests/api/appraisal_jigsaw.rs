//! The appraisal jigsaw over HTTP: an instructor gives each team a share of the scope (by hand
//! or dealt round the teams); a team then sees, rates and is compared on its share only; the
//! class view by teams lists each team against the key. Learners cannot change shares, a share
//! outside the case or for no team is refused with a sentence, and a rating outside the team's
//! share is refused rather than silently dropped.

use std::collections::HashMap;

use app::appraisal::{CaseFile, Rating};
use app::people::{ClassMode, Role};
use domain::ids::ClassId;
use server::storage::NewClass;

use crate::helpers::{fields, shipped_content, Session, TestApp};

type Fields = Vec<(String, String)>;

struct Jigsaw {
    app: TestApp,
    case: CaseFile,
    key: HashMap<String, Rating>,
    class_id: ClassId,
    instructor: Session,
    /// One learner per team, teams "Team 1" to "Team 4".
    learners: Vec<Session>,
}

impl Jigsaw {
    async fn new() -> Jigsaw {
        let course = app::content::load(&shipped_content()).unwrap();
        let (case, key) = course.appraisal.clone().unwrap();
        let key = key
            .ratings
            .iter()
            .map(|r| (r.practice.clone(), r.rating))
            .collect();
        let app = crate::helpers::spawn_app().await;
        let instructor = app.person("teach", Role::Instructor).await;
        let class_id = app
            .accounts
            .storage
            .create_class(NewClass {
                name: "Jigsaw",
                starts_on: "2026-12-01",
                ends_on: "2026-12-02",
                mode: ClassMode::SelfPaced,
                join_code: "JIGS2345",
                instructor_id: instructor.user.id,
            })
            .await
            .unwrap()
            .unwrap();
        let mut learners = Vec::new();
        let mut assignment = Vec::new();
        for n in 1..=4 {
            let learner = app.person(&format!("learner{n}"), Role::Learner).await;
            app.accounts
                .storage
                .join_by_code("JIGS2345", learner.user.id)
                .await
                .unwrap();
            assignment.push((format!("team.{}", learner.user.id), format!("Team {n}")));
            learners.push(learner);
        }
        let jigsaw = Jigsaw {
            app,
            case,
            key,
            class_id,
            instructor,
            learners,
        };
        let (status, _) = jigsaw
            .post(&jigsaw.teams_path(), &jigsaw.instructor, &assignment)
            .await;
        assert_eq!(status, 303);
        jigsaw
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

    async fn shares(&self) -> Vec<(String, Vec<String>)> {
        self.app
            .accounts
            .storage
            .class_teams(self.class_id)
            .await
            .unwrap()
            .into_iter()
            .map(|t| (t.name, t.process_areas))
            .collect()
    }

    /// Submits `who`'s own ratings of every practice, as the key rates them.
    async fn submit_alone(&self, who: &Session) {
        let mut form = fields(&[
            ("class_id", &self.class_id.to_string()),
            ("intent", "submit"),
        ]);
        for practice in &self.case.practices {
            form.push((
                format!("rating.{}", practice.id),
                self.key[&practice.id].code().into(),
            ));
        }
        assert_eq!(self.post("/appraisal/ratings", who, &form).await.0, 303);
    }
}

fn areas(list: &[&str]) -> Vec<String> {
    list.iter().map(|a| a.to_string()).collect()
}

#[tokio::test]
async fn shares_are_given_by_hand_or_dealt_and_refused_to_learners_and_bad_input() {
    let jigsaw = Jigsaw::new().await;
    let path = jigsaw.teams_path();
    let learner = &jigsaw.learners[0];

    let (status, _) = jigsaw
        .post(&path, learner, &fields(&[("action", "deal")]))
        .await;
    assert_eq!(status, 403, "learners do not deal shares");
    let (status, message) = jigsaw
        .post(
            &path,
            &jigsaw.instructor,
            &fields(&[
                ("action", "share"),
                ("team", "Team 1"),
                ("area", "<script>x()</script>"),
            ]),
        )
        .await;
    assert_eq!(status, 400);
    assert!(
        message.contains("is not a process area of this case"),
        "{message}"
    );
    assert!(
        !message.contains("<script>"),
        "the hostile value is not echoed as markup"
    );
    let (status, message) = jigsaw
        .post(
            &path,
            &jigsaw.instructor,
            &fields(&[("action", "share"), ("team", "Team 9"), ("area", "IMC")]),
        )
        .await;
    assert_eq!(status, 400);
    assert!(message.contains("There is no team"), "{message}");

    let (status, _) = jigsaw
        .post(&path, &jigsaw.instructor, &fields(&[("action", "deal")]))
        .await;
    assert_eq!(status, 303);
    assert_eq!(
        jigsaw.shares().await,
        vec![
            ("Team 1".to_string(), areas(&["IMC"])),
            ("Team 2".to_string(), areas(&["VAR"])),
            ("Team 3".to_string(), areas(&["SC"])),
            ("Team 4".to_string(), areas(&["RISK"])),
        ]
    );

    // By hand: two areas for Team 2, in scope order whatever the form's order; every area is the
    // whole scope again.
    let share = |team: &str, chosen: &[&str]| {
        let mut form = fields(&[("action", "share"), ("team", team)]);
        form.extend(chosen.iter().map(|a| ("area".to_string(), a.to_string())));
        form
    };
    assert_eq!(
        jigsaw
            .post(
                &path,
                &jigsaw.instructor,
                &share("Team 2", &["risk", "VAR"])
            )
            .await
            .0,
        303
    );
    assert_eq!(jigsaw.shares().await[1].1, areas(&["VAR", "RISK"]));
    let whole = share("Team 2", &["IMC", "VAR", "SC", "RISK"]);
    assert_eq!(jigsaw.post(&path, &jigsaw.instructor, &whole).await.0, 303);
    assert!(jigsaw.shares().await[1].1.is_empty());
}

#[tokio::test]
async fn a_team_rates_its_share_only_and_the_debrief_shows_it_against_the_key() {
    let jigsaw = Jigsaw::new().await;
    let imc_learner = &jigsaw.learners[0];
    let class_id = jigsaw.class_id.to_string();
    // Before the shares, the learner has rated a VAR practice alone.
    let before = fields(&[
        ("class_id", &class_id),
        ("intent", "save"),
        ("rating.VAR:SG1.SP1", "PI"),
    ]);
    assert_eq!(
        jigsaw
            .post("/appraisal/ratings", imc_learner, &before)
            .await
            .0,
        303
    );
    let (status, _) = jigsaw
        .post(
            &jigsaw.teams_path(),
            &jigsaw.instructor,
            &fields(&[("action", "deal")]),
        )
        .await;
    assert_eq!(status, 303);
    // Alone too, the learner now rates the team's share only; the VAR rating is kept.
    let own = format!("/appraisal?class={}", jigsaw.class_id);
    let (_, page) = jigsaw.page(&own, imc_learner).await;
    assert!(page.contains("rating.IMC:SG1.SP1") && !page.contains("rating.VAR:SG1.SP1"));
    jigsaw.submit_alone(imc_learner).await;
    let (stored, _) = jigsaw
        .app
        .accounts
        .storage
        .workspace(
            imc_learner.user.id,
            domain::policy::Scope::Class(jigsaw.class_id),
        )
        .await
        .unwrap();
    assert_eq!(stored.practices["VAR:SG1.SP1"].rating, Some(Rating::PI));

    let team_page = format!("/appraisal/team?class={}", jigsaw.class_id);
    let (status, page) = jigsaw.page(&team_page, imc_learner).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("rating.IMC:SG1.SP1"),
        "the team rates its share"
    );
    assert!(!page.contains("rating.VAR:SG1.SP1"), "and nothing else");

    let outside = fields(&[
        ("class_id", &class_id),
        ("intent", "save"),
        ("seen.VAR:SG1.SP1", "0"),
        ("rating.VAR:SG1.SP1", "FI"),
    ]);
    let (status, message) = jigsaw
        .post("/appraisal/team/ratings", imc_learner, &outside)
        .await;
    assert_eq!(status, 400);
    assert!(
        message.contains("VAR:SG1.SP1 is not in your team's share"),
        "{message}"
    );
    assert!(message.contains("IMC"), "{message}");

    let mut form = fields(&[("class_id", &class_id), ("intent", "save")]);
    let imc: Vec<_> = jigsaw
        .case
        .practices
        .iter()
        .filter(|p| p.process_area == "IMC")
        .collect();
    for practice in &imc {
        form.push((format!("seen.{}", practice.id), "0".into()));
        form.push((
            format!("rating.{}", practice.id),
            jigsaw.key[&practice.id].code().into(),
        ));
    }
    let (status, message) = jigsaw
        .post("/appraisal/team/ratings", imc_learner, &form)
        .await;
    assert_eq!(status, 303, "{message}");

    let debrief = format!("/classes/{}/appraisal?by=teams", jigsaw.class_id);
    let (status, page) = jigsaw.page(&debrief, &jigsaw.instructor).await;
    assert_eq!(status, 200);
    assert!(page.contains("Jigsaw debrief"), "{page}");
    let row = &page[page.find(">Team 1<").expect("Team 1's row")..];
    let row = &row[..row.find("</tr>").unwrap()];
    assert!(
        row.contains(&format!("{} of {}", imc.len(), imc.len())),
        "{row}"
    );
    assert!(row.contains("100 %"), "rated as the key: {row}");
    assert!(row.contains("IMC: CL0 (key CL0, agrees)"), "{row}");
    assert_eq!(jigsaw.page(&debrief, imc_learner).await.0, 403);
}
