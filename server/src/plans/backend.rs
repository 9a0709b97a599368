//! The improvement plan's server functions for `AppState`: a learner's plan page (gaps against
//! their targets, the CSF projection, the roadmap, snapshots and a comparison of two), saving the
//! roadmap, and the class's plans for its instructors.

use std::collections::{BTreeMap, HashMap};

use app::api::exercises::ClassRef;
use app::api::plans::{
    ClassPlans, LearnerPlan, Movement, PlanBackend, PlanTarget, PlanView, ProjectedCell,
    ProjectedRow, RoadmapSaved, SnapshotComparison, SnapshotSummary,
};
use app::people::{CurrentUser, Membership};
use app::policy::{Action, Refusal, Scope};
use domain::appraisal::gaps::gaps;
use domain::appraisal::plan::{compare_snapshots, read_actions, replace_roadmap, Plan, Snapshot};
use domain::appraisal::{CaseFile, Rating};
use domain::crosswalk::{project, Crosswalk, Projected};
use domain::ids::ClassId;

use crate::access::{authorize_in_class, unavailable};
use crate::appraisal::workspace::{case_and_key, class_context, plan_ratings};
use crate::form_fields::field;
use crate::state::AppState;
use crate::storage::clock::now;

/// The practices and goals of the case, in model order, that a roadmap action may close.
pub fn plan_targets(case: &CaseFile, goal_titles: &HashMap<String, String>) -> Vec<PlanTarget> {
    let mut out: Vec<PlanTarget> = Vec::new();
    for practice in &case.practices {
        if !out.iter().any(|t| t.id == practice.goal) {
            out.push(PlanTarget {
                id: practice.goal.clone(),
                title: goal_titles.get(&practice.goal).cloned().unwrap_or_default(),
            });
        }
        out.push(PlanTarget {
            id: practice.id.clone(),
            title: practice.title.clone(),
        });
    }
    out
}

fn projection(crosswalk: &Crosswalk, ratings: &HashMap<String, Rating>) -> Vec<ProjectedRow> {
    let projected = project(crosswalk, ratings);
    let cell = |id: &str, title: &str| {
        let p = projected.get(id).copied().unwrap_or(Projected {
            mean: None,
            rated: 0,
            mapped: 0,
        });
        ProjectedCell {
            id: id.to_string(),
            title: title.to_string(),
            mean: p.mean,
            rated: p.rated,
            mapped: p.mapped,
        }
    };
    crosswalk
        .functions
        .iter()
        .map(|f| ProjectedRow {
            function: cell(&f.id, &f.title),
            categories: crosswalk
                .categories
                .iter()
                .filter(|c| c.function == f.id)
                .map(|c| cell(&c.id, &c.title))
                .collect(),
        })
        .collect()
}

fn summary(snapshot: &Snapshot) -> SnapshotSummary {
    SnapshotSummary {
        id: snapshot.id,
        name: snapshot.name.clone(),
        taken_at: snapshot.taken_at.clone(),
        rated: snapshot.ratings.len(),
    }
}

impl AppState {
    fn goal_titles(&self) -> HashMap<String, String> {
        self.course
            .process_areas
            .values()
            .flat_map(|a| &a.goals)
            .map(|g| (g.id.clone(), g.title.clone()))
            .collect()
    }

    /// Reads a roadmap form and stores it as the person's roadmap in the class (or alone),
    /// unless the form was loaded at an older revision of the roadmap than the stored one.
    pub(super) async fn store_roadmap(
        &self,
        user: &CurrentUser,
        class_id: Option<ClassId>,
        fields: &[(String, String)],
    ) -> Result<RoadmapSaved, Refusal> {
        let (case, _) = case_and_key(self)?;
        class_context(self, user, class_id).await?;
        let targets = plan_targets(case, &self.goal_titles());
        let field = |name: &str| field(fields, name).map(str::to_string);
        let actions = read_actions(field, |id| targets.iter().any(|t| t.id == id))
            .map_err(Refusal::Invalid)?;
        let count = actions.len();
        let loaded_at = match field("revision").map(|r| r.trim().to_string()) {
            None => None,
            Some(r) if r.is_empty() => None,
            Some(r) => Some(r.parse::<u64>().map_err(|_| {
                Refusal::Invalid("The roadmap form's revision is not a number.".into())
            })?),
        };
        let revision = self
            .storage()
            .update_plan(user.id, class_id, &now(), |plan| {
                replace_roadmap(plan, actions, loaded_at).map_err(Refusal::Closed)
            })
            .await
            .map_err(unavailable)??;
        Ok(RoadmapSaved {
            actions: count,
            revision,
        })
    }
}

/// The comparison of two of the person's snapshots, when both exist.
fn comparison(
    case: &CaseFile,
    snapshots: &[Snapshot],
    pair: Option<(i64, i64)>,
) -> Option<SnapshotComparison> {
    let (from, to) = pair?;
    let before = snapshots.iter().find(|s| s.id == from)?;
    let after = snapshots.iter().find(|s| s.id == to)?;
    Some(SnapshotComparison {
        before: summary(before),
        after: summary(after),
        diff: compare_snapshots(case, before, after),
    })
}

#[async_trait::async_trait]
impl PlanBackend for AppState {
    async fn plan_view(
        &self,
        user: &CurrentUser,
        class_id: Option<ClassId>,
        source: String,
        compare: Option<(i64, i64)>,
    ) -> Result<PlanView, Refusal> {
        let (case, _) = case_and_key(self)?;
        let (class, scope): (Option<ClassRef>, Scope) = class_context(self, user, class_id).await?;
        let (ratings, marks, key_available) =
            plan_ratings(self, user, &class, scope, source == "key").await?;
        let storage = self.storage();
        let plan = storage.plan(user.id, class_id).await.map_err(unavailable)?;
        let class_targets = match class_id {
            Some(class_id) => storage.class_targets(class_id).await.map_err(unavailable)?,
            None => BTreeMap::new(),
        };
        // The learner's own targets first, then the class's, then the case file's.
        let mut targets: BTreeMap<String, u8> = case.targets.clone();
        targets.extend(class_targets.iter().map(|(a, l)| (a.clone(), *l)));
        targets.extend(plan.targets.iter().map(|(a, l)| (a.clone(), *l)));
        let snapshots = storage
            .snapshots(user.id, class_id)
            .await
            .map_err(unavailable)?;
        Ok(PlanView {
            class_id,
            class_name: class.map(|c| c.name),
            source: if source == "key" && key_available {
                "key".into()
            } else {
                "mine".into()
            },
            key_available,
            case_targets: case.targets.clone(),
            class_targets,
            gaps: gaps(&case.practices, &ratings, &marks, &targets),
            targets: plan_targets(case, &self.goal_titles()),
            projection: projection(&self.course.crosswalk, &ratings),
            comparison: comparison(case, &snapshots, compare),
            snapshots: snapshots.iter().map(summary).collect(),
            plan,
        })
    }

    async fn save_roadmap(
        &self,
        user: &CurrentUser,
        class_id: Option<ClassId>,
        form: String,
    ) -> Result<RoadmapSaved, Refusal> {
        let fields: Vec<(String, String)> = serde_urlencoded::from_str(&form)
            .map_err(|_| Refusal::Invalid("The roadmap form could not be read.".into()))?;
        self.store_roadmap(user, class_id, &fields).await
    }

    async fn class_plans(
        &self,
        user: &CurrentUser,
        class_id: ClassId,
    ) -> Result<ClassPlans, Refusal> {
        authorize_in_class(self.storage(), user, class_id, Action::ManageClass).await?;
        let (case, _) = case_and_key(self)?;
        let (class, learners) = self.class_with_learners(user, class_id, true).await?;
        let storage = self.storage();
        let mut stored: HashMap<_, Plan> = storage
            .class_plans(class_id)
            .await
            .map_err(unavailable)?
            .into_iter()
            .collect();
        let plans: Vec<LearnerPlan> = learners
            .iter()
            .filter(|l| l.membership == Membership::Learner)
            .filter_map(|l| {
                stored.remove(&l.user_id).map(|plan| LearnerPlan {
                    display_name: l.display_name.clone(),
                    username: l.username.clone(),
                    plan,
                })
            })
            .collect();
        let mut first: BTreeMap<String, usize> = BTreeMap::new();
        for learner in &plans {
            // The first action of the nearest horizon: what the learner would do first.
            if let Some(action) = learner.plan.actions.iter().min_by_key(|a| a.horizon) {
                *first.entry(action.target.clone()).or_default() += 1;
            }
        }
        let mut first_choices: Vec<(String, usize)> = first.into_iter().collect();
        first_choices.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let names: HashMap<_, String> = learners
            .iter()
            .map(|l| (l.user_id, l.display_name.clone()))
            .collect();
        let movement = storage
            .class_submission_snapshots(class_id)
            .await
            .map_err(unavailable)?
            .into_iter()
            .filter_map(|(user, first, latest)| {
                Some(Movement {
                    display_name: names.get(&user)?.clone(),
                    first_at: first.taken_at.clone(),
                    latest_at: latest.taken_at.clone(),
                    diff: compare_snapshots(case, &first, &latest),
                })
            })
            .collect();
        Ok(ClassPlans {
            class_id,
            class_name: class.name,
            scope: case.scope.clone(),
            case_targets: case.targets.clone(),
            class_targets: storage.class_targets(class_id).await.map_err(unavailable)?,
            plans,
            first_choices,
            movement,
        })
    }
}
