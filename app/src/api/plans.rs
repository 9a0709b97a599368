//! Server functions of the improvement plan (issue 17): a learner's targets and gaps, the CSF
//! projection of their ratings, their roadmap and snapshots; and the class's plans side by side
//! for its instructors. Changes are form posts to the server's `plans` routes (they work without
//! JavaScript); the roadmap also autosaves through `save_roadmap`.

use std::collections::BTreeMap;

use domain::appraisal::gaps::AreaGap;
use domain::appraisal::plan::{Plan, SnapshotDiff};
use domain::ids::ClassId;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

use super::Access;

#[cfg(feature = "ssr")]
use domain::people::CurrentUser;
#[cfg(feature = "ssr")]
use domain::policy::Refusal;

/// A practice or goal a roadmap action may close.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlanTarget {
    /// `IMC:SG2.SP1` or `IMC:SG2`.
    pub id: String,
    pub title: String,
}

/// A CSF function or category with the projection of the learner's ratings onto it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProjectedCell {
    /// `GV` or `GV.OC`.
    pub id: String,
    pub title: String,
    /// Mean on 0–3 (NI 0 … FI 3); `None` when no mapped practice is rated.
    pub mean: Option<f64>,
    pub rated: usize,
    pub mapped: usize,
}

/// One CSF function's row of the projection heatmap: the function and its categories.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProjectedRow {
    pub function: ProjectedCell,
    pub categories: Vec<ProjectedCell>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SnapshotSummary {
    pub id: i64,
    pub name: String,
    pub taken_at: String,
    pub rated: usize,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SnapshotComparison {
    pub before: SnapshotSummary,
    pub after: SnapshotSummary,
    pub diff: SnapshotDiff,
}

/// The learner's plan page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlanView {
    pub class_id: Option<ClassId>,
    pub class_name: Option<String>,
    /// Whose ratings the gaps and projection use: `mine` or `key`.
    pub source: String,
    /// Whether the key may be used (shown to this learner).
    pub key_available: bool,
    /// The case file's suggested target per process area.
    pub case_targets: BTreeMap<String, u8>,
    /// The class's own targets, where its instructors adjusted the case file's (they stand
    /// where the learner has set none).
    pub class_targets: BTreeMap<String, u8>,
    pub plan: Plan,
    pub gaps: Vec<AreaGap>,
    /// Practices and goals in scope, in model order, for the roadmap's choice.
    pub targets: Vec<PlanTarget>,
    pub projection: Vec<ProjectedRow>,
    pub snapshots: Vec<SnapshotSummary>,
    pub comparison: Option<SnapshotComparison>,
}

/// What an autosave of the roadmap stored: how many actions, and the revision the form must now
/// carry.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RoadmapSaved {
    pub actions: usize,
    pub revision: u64,
}

/// One learner's plan, as the instructor's side-by-side view shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LearnerPlan {
    pub display_name: String,
    pub username: String,
    pub plan: Plan,
}

/// How one learner's ratings moved from their first submission to the latest.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Movement {
    pub display_name: String,
    pub first_at: String,
    pub latest_at: String,
    pub diff: SnapshotDiff,
}

/// The instructor's view of the class's plans.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClassPlans {
    pub class_id: ClassId,
    pub class_name: String,
    /// The process areas in scope, the case file's suggestions and the class's own targets.
    pub scope: Vec<String>,
    pub case_targets: BTreeMap<String, u8>,
    pub class_targets: BTreeMap<String, u8>,
    pub plans: Vec<LearnerPlan>,
    /// Practice or goal ids with how many learners put them first (their first action of the
    /// nearest horizon), most first.
    pub first_choices: Vec<(String, usize)>,
    pub movement: Vec<Movement>,
}

#[cfg(feature = "ssr")]
#[async_trait::async_trait]
pub trait PlanBackend: Send + Sync + 'static {
    async fn plan_view(
        &self,
        user: &CurrentUser,
        class_id: Option<ClassId>,
        source: String,
        compare: Option<(i64, i64)>,
    ) -> Result<PlanView, Refusal>;
    /// Saves the roadmap from the form's URL-encoded fields; answers how many actions it holds
    /// and its new revision.
    async fn save_roadmap(
        &self,
        user: &CurrentUser,
        class_id: Option<ClassId>,
        form: String,
    ) -> Result<RoadmapSaved, Refusal>;
    async fn class_plans(
        &self,
        user: &CurrentUser,
        class_id: ClassId,
    ) -> Result<ClassPlans, Refusal>;
}

#[cfg(feature = "ssr")]
fn backend() -> Result<std::sync::Arc<dyn PlanBackend>, ServerFnError> {
    super::ssr::provided::<dyn PlanBackend>()
}

#[server]
pub async fn get_plan(
    class_id: Option<ClassId>,
    #[server(default)] source: String,
    #[server(default)] from: Option<i64>,
    #[server(default)] to: Option<i64>,
) -> Result<Option<Access<PlanView>>, ServerFnError> {
    use super::ssr::{current_user, found};
    let Some(user) = current_user().await? else {
        return Ok(Some(Access::SignInRequired));
    };
    let compare = from.zip(to);
    found(backend()?.plan_view(&user, class_id, source, compare).await)
}

/// Autosaves the roadmap (the same fields as its form).
#[server(endpoint = "save_roadmap", input = Json)]
pub async fn save_roadmap(
    class_id: Option<ClassId>,
    form: String,
) -> Result<Access<RoadmapSaved>, ServerFnError> {
    use super::ssr::{access, current_user};
    let Some(user) = current_user().await? else {
        return Ok(Access::SignInRequired);
    };
    access(backend()?.save_roadmap(&user, class_id, form).await)
}

#[server]
pub async fn get_class_plans(
    class_id: ClassId,
) -> Result<Option<Access<ClassPlans>>, ServerFnError> {
    use super::ssr::{current_user, found};
    let Some(user) = current_user().await? else {
        return Ok(Some(Access::SignInRequired));
    };
    found(backend()?.class_plans(&user, class_id).await)
}
