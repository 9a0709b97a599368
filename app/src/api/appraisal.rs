//! Server functions and page data for the appraisal: the learner's workspace (with autosave and,
//! when allowed, the comparison with the key), the case file's evidence, and the instructor's
//! class heatmap. Thin: the backend decides who may see what.

use domain::ids::{ClassId, TeamId, UserId};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

use super::exercises::ClassRef;
use super::Access;
use domain::appraisal::workspace::Workspace;
use domain::appraisal::{CaseFile, Comparison, Evaluation, EvidenceItem, Rating};

/// The team a learner is on, for links between their workspace and the team's.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamRef {
    pub id: TeamId,
    pub name: String,
    pub submitted: bool,
    /// The team's share of the scope in the jigsaw (empty: the whole scope).
    pub areas: Vec<String>,
}

/// The key's view of one practice, shown beside the learner's note after the reveal.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KeyEntryView {
    pub practice: String,
    pub rating: Rating,
    /// Whether the class's instructors changed the course's default rating.
    pub adjusted: bool,
    pub evidence: Vec<String>,
    pub rationale_html: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ComparisonView {
    pub comparison: Comparison,
    pub key_evaluation: Evaluation,
    /// In scope order.
    pub key: Vec<KeyEntryView>,
    pub key_marks: Vec<(String, String)>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AppraisalPageData {
    /// The case without the evidence bodies (they have their own pages).
    pub case: CaseFile,
    pub class: Option<ClassRef>,
    pub signed_in: bool,
    pub workspace: Workspace,
    pub evaluation: Evaluation,
    pub submitted_at: Option<String>,
    /// Why the workspace is read-only, if it is.
    pub locked_reason: Option<String>,
    pub comparison: Option<ComparisonView>,
    /// The learner's team in this class, if they are on one.
    pub team: Option<TeamRef>,
}

/// One practice's row of the class heatmap: each column's (learner's or team's) distance from
/// the key, and how the class rated it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HeatmapRow {
    pub practice: String,
    pub title: String,
    pub key: Rating,
    /// Whether the class's instructors changed the course's default rating.
    pub adjusted: bool,
    /// One character per column, in column order: the distance from the key in steps (`0` to
    /// `3`), or `-` for not rated (see `cell_code`). A string rather than a list because this
    /// value is sent twice, as the page's HTML and as the data the browser hydrates from, and a
    /// class of 500 has 500 cells a row: as a string each cell is one byte of that data.
    pub cells: String,
    /// Count of FI, LI, PI, NI.
    pub counts: [u32; 4],
    /// Mean distance from the key over those who rated it.
    pub dispute: f64,
    /// The module whose lesson teaches the practice's process area.
    pub lesson: Option<(String, String)>,
}

impl HeatmapRow {
    /// A cell's character in `cells`: the distance's digit, or `-` when the column left the
    /// practice unrated.
    pub fn cell_code(distance: Option<u8>) -> char {
        match distance {
            Some(steps) => char::from(b'0' + steps.min(3)),
            None => '-',
        }
    }

    /// Each column's distance from the key (`None`: not rated), read back from `cells`.
    pub fn distances(&self) -> impl Iterator<Item = Option<u8>> + '_ {
        self.cells
            .bytes()
            .map(|code| code.checked_sub(b'0').filter(|steps| *steps <= 3))
    }
}

/// A column of the heatmap: a learner, or a team and its agreed ratings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HeatColumn {
    pub name: String,
    /// The learner's username, or the team's members.
    pub detail: String,
    pub submitted: bool,
    /// 0–100 against the key.
    pub score: f64,
    pub kappa: Option<f64>,
    /// The team's page, for a team column. Left out of the data when absent, as for every
    /// learner: hundreds of columns would each carry an empty field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
    /// A jigsaw team's share of the scope (empty: the whole scope, and for learners).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub areas: Vec<String>,
}

/// One team in the jigsaw debrief: its share, how far it got, how it agrees with the key, and
/// per process area of its share the capability level its ratings give beside the key's.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DebriefRow {
    pub team: String,
    pub link: String,
    pub areas: Vec<String>,
    pub submitted: bool,
    pub rated: usize,
    pub practices: usize,
    /// Whole per cent of the share's practices rated as the key rates them.
    pub exact_percent: u32,
    pub within_one_percent: u32,
    /// (process area, the team's level, the key's level)
    pub levels: Vec<(String, u8, u8)>,
}

/// A learner of the class and the team they are on, for the instructor's team assignment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamAssignment {
    pub user_id: UserId,
    pub name: String,
    pub username: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClassAppraisal {
    pub class: ClassRef,
    pub revealed: bool,
    /// Whether the columns are teams (else learners).
    pub by_teams: bool,
    pub columns: Vec<HeatColumn>,
    pub rows: Vec<HeatmapRow>,
    pub roster: Vec<TeamAssignment>,
    /// Team names, with how many members each has.
    pub teams: Vec<(String, usize)>,
    /// Each team's share of the scope, in the order of `teams` (empty: the whole scope).
    pub shares: Vec<Vec<String>>,
    /// The case's process areas, for the instructor to deal round the teams.
    pub scope: Vec<String>,
    /// The jigsaw debrief, by team (empty in the view by learners).
    pub debrief: Vec<DebriefRow>,
}

/// What these server functions need from the server.
#[cfg(feature = "ssr")]
#[async_trait::async_trait]
pub trait AppraisalBackend: Send + Sync + 'static {
    /// The person's appraisal workspace, alone or in a class, with the key when it may be seen.
    async fn appraisal_page(
        &self,
        user: Option<&CurrentUser>,
        class_id: Option<ClassId>,
    ) -> Result<AppraisalPageData, Refusal>;
    /// Saves the workspace; answers the goal ratings and levels its ratings give.
    async fn save_appraisal(
        &self,
        user: &CurrentUser,
        class_id: Option<ClassId>,
        fields: Vec<(String, String)>,
    ) -> Result<Evaluation, Refusal>;
    /// The class heatmap against the key, by learner or by team (its instructors only).
    async fn class_appraisal(
        &self,
        user: &CurrentUser,
        class_id: ClassId,
        by_teams: bool,
    ) -> Result<ClassAppraisal, Refusal>;
}

#[cfg(feature = "ssr")]
use domain::{people::CurrentUser, policy::Refusal};

#[cfg(feature = "ssr")]
fn backend() -> Result<std::sync::Arc<dyn AppraisalBackend>, ServerFnError> {
    super::ssr::provided::<dyn AppraisalBackend>()
}

#[server]
pub async fn get_appraisal_page(
    class_id: Option<ClassId>,
) -> Result<Option<Access<AppraisalPageData>>, ServerFnError> {
    use super::ssr::*;
    let user = current_user().await?;
    found(backend()?.appraisal_page(user.as_ref(), class_id).await)
}

/// Saves the workspace as the learner works; `form` is its fields, URL-encoded.
#[server(endpoint = "save_appraisal_draft", input = Json)]
pub async fn save_appraisal_draft(
    class_id: Option<ClassId>,
    form: String,
) -> Result<Access<Evaluation>, ServerFnError> {
    use super::ssr::*;
    let Some(user) = current_user().await? else {
        return Ok(Access::SignInRequired);
    };
    let fields: Vec<(String, String)> = serde_urlencoded::from_str(&form)
        .map_err(|_| ServerFnError::new("The ratings could not be read; reload the page."))?;
    access(backend()?.save_appraisal(&user, class_id, fields).await)
}

/// The case file's evidence (bodies included), filtered by a search text and a practice.
#[server]
pub async fn get_evidence(
    query: String,
    practice: String,
) -> Result<Option<(CaseFile, Vec<EvidenceItem>)>, ServerFnError> {
    let course = super::ssr::course()?;
    let Some((case, _)) = course.appraisal.as_ref() else {
        return Ok(None);
    };
    let words: Vec<String> = query.split_whitespace().map(|w| w.to_lowercase()).collect();
    let items = case
        .evidence
        .iter()
        .filter(|e| practice.is_empty() || e.practices.contains(&practice))
        .filter(|e| {
            let text = format!("{} {} {} {}", e.id, e.title, e.author, e.html).to_lowercase();
            words.iter().all(|w| text.contains(w))
        })
        .cloned()
        .collect();
    Ok(Some((case.outline(), items)))
}

/// The class heatmap; `by` is `teams` for one column per team, else one per learner.
#[server]
pub async fn get_class_appraisal(
    class_id: ClassId,
    #[server(default)] by: String,
) -> Result<Access<ClassAppraisal>, ServerFnError> {
    use super::ssr::*;
    let Some(user) = current_user().await? else {
        return Ok(Access::SignInRequired);
    };
    access(
        backend()?
            .class_appraisal(&user, class_id, by == "teams")
            .await,
    )
}
