//! Page data and server function of team mode: a team's members' ratings side by side, its
//! agreed ratings, and (when it may be seen) their comparison with the key.

use domain::ids::{ClassId, TeamId};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::appraisal::ComparisonView;
use super::exercises::ClassRef;
use super::Access;
use domain::appraisal::team::{EditOutcome, TeamWorkspace};
use domain::appraisal::{Evaluation, Rating, ScopedPractice};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamMember {
    pub name: String,
    /// Whether they submitted their own ratings; until then they are still rating alone and
    /// their ratings are not shown to the team.
    pub submitted: bool,
}

/// One practice as the team sees it: each member's rating (in the order of `members`; `None`
/// while unrated or still rating alone) and note.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberRatings {
    pub practice: String,
    pub ratings: Vec<Option<Rating>>,
    pub notes: Vec<String>,
    /// The rating all members gave, when they agree.
    pub unanimous: Option<Rating>,
    /// Steps between the highest and the lowest rating given.
    pub spread: u8,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TeamAppraisalData {
    pub class: ClassRef,
    pub team_id: TeamId,
    pub team_name: String,
    pub organization: String,
    pub scope: Vec<String>,
    pub practices: Vec<ScopedPractice>,
    pub members: Vec<TeamMember>,
    /// Empty until the viewer may see the members' ratings (they submitted their own, or they
    /// teach the class).
    pub side_by_side: Vec<MemberRatings>,
    pub team: TeamWorkspace,
    pub evaluation: Evaluation,
    pub submitted_at: Option<String>,
    /// Why the viewer cannot change the team's ratings, if they cannot.
    pub locked_reason: Option<String>,
    pub comparison: Option<ComparisonView>,
}

/// The team page: the team, or the note that the learner is on none.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum TeamPage {
    NoTeam { class: ClassRef },
    Team(Box<TeamAppraisalData>),
}

/// What a member's save changed, and what the team's ratings now give.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TeamSaved {
    pub outcome: EditOutcome,
    pub evaluation: Evaluation,
}

/// What these server functions need from the server.
#[cfg(feature = "ssr")]
#[async_trait::async_trait]
pub trait TeamBackend: Send + Sync + 'static {
    /// A team's page: members' ratings side by side and the agreed ratings (the person's own
    /// team, or with `team_id` any team of a class they teach).
    async fn team_appraisal(
        &self,
        user: &CurrentUser,
        class_id: ClassId,
        team_id: Option<TeamId>,
    ) -> Result<TeamPage, Refusal>;
    /// Applies a member's edit to their team's agreed ratings (autosave).
    async fn save_team_appraisal(
        &self,
        user: &CurrentUser,
        class_id: ClassId,
        fields: Vec<(String, String)>,
    ) -> Result<TeamSaved, Refusal>;
}

#[cfg(feature = "ssr")]
use domain::{people::CurrentUser, policy::Refusal};

#[cfg(feature = "ssr")]
fn backend() -> Result<std::sync::Arc<dyn TeamBackend>, ServerFnError> {
    super::ssr::provided::<dyn TeamBackend>()
}

#[server]
pub async fn get_team_appraisal(
    class_id: ClassId,
    team_id: Option<TeamId>,
) -> Result<Access<TeamPage>, ServerFnError> {
    use super::ssr::*;
    let Some(user) = current_user().await? else {
        return Ok(Access::SignInRequired);
    };
    access(backend()?.team_appraisal(&user, class_id, team_id).await)
}

/// Saves the team's ratings as a member works; `form` is the team form's fields, URL-encoded.
/// Answers what changed (with new revisions, for the page to carry on from) and what the team's
/// ratings now give.
#[server(endpoint = "save_team_draft", input = leptos::server_fn::codec::Json)]
pub async fn save_team_draft(
    class_id: ClassId,
    form: String,
) -> Result<Access<TeamSaved>, ServerFnError> {
    use super::ssr::*;
    let Some(user) = current_user().await? else {
        return Ok(Access::SignInRequired);
    };
    let fields: Vec<(String, String)> = serde_urlencoded::from_str(&form)
        .map_err(|_| ServerFnError::new("The ratings could not be read; reload the page."))?;
    access(
        backend()?
            .save_team_appraisal(&user, class_id, fields)
            .await,
    )
}
