//! The appraisal and team server functions' backends, over the workspace, heatmap and team code.

use app::api::appraisal::{AppraisalBackend, AppraisalPageData, ClassAppraisal};
use app::api::teams::{TeamBackend, TeamPage, TeamSaved};
use app::appraisal::Evaluation;
use app::people::CurrentUser;
use app::policy::Refusal;

use super::teams::{save_team, team_page, TeamIntent};
use super::{heatmap, workspace};
use crate::state::AppState;
use domain::ids::{ClassId, TeamId};

#[async_trait::async_trait]
impl AppraisalBackend for AppState {
    async fn appraisal_page(
        &self,
        user: Option<&CurrentUser>,
        class_id: Option<ClassId>,
    ) -> Result<AppraisalPageData, Refusal> {
        workspace::page(self, user, class_id).await
    }

    async fn save_appraisal(
        &self,
        user: &CurrentUser,
        class_id: Option<ClassId>,
        fields: Vec<(String, String)>,
    ) -> Result<Evaluation, Refusal> {
        workspace::save(self, user, class_id, &fields, false).await
    }

    async fn class_appraisal(
        &self,
        user: &CurrentUser,
        class_id: ClassId,
        by_teams: bool,
    ) -> Result<ClassAppraisal, Refusal> {
        heatmap::class_view(self, user, class_id, by_teams).await
    }
}

#[async_trait::async_trait]
impl TeamBackend for AppState {
    async fn team_appraisal(
        &self,
        user: &CurrentUser,
        class_id: ClassId,
        team_id: Option<TeamId>,
    ) -> Result<TeamPage, Refusal> {
        team_page(self, user, class_id, team_id).await
    }

    async fn save_team_appraisal(
        &self,
        user: &CurrentUser,
        class_id: ClassId,
        fields: Vec<(String, String)>,
    ) -> Result<TeamSaved, Refusal> {
        let (outcome, evaluation) =
            save_team(self, user, class_id, &fields, TeamIntent::Save).await?;
        Ok(TeamSaved {
            outcome,
            evaluation,
        })
    }
}
