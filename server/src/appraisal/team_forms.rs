//! Team forms: a member saves, submits or fills in the team's agreed ratings; an instructor puts
//! learners on teams (by name, or by asking for teams of a size).

use app::appraisal::team::{conflict_message, form_teams, team_name};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use domain::notice::{with_notice, Notice};
use serde::Deserialize;

use super::teams::{save_team, TeamIntent};
use crate::access::signed_in;
use crate::exercises::results::class_and_learners;
use crate::form_fields::{choice, class_id, field};
use crate::http_error::HttpError;
use crate::state::AppState;
use domain::ids::{ClassId, UserId};

/// `POST /appraisal/team/ratings`: `intent=save` (or no intent), `submit` or `adopt`, with
/// `class_id`, and per practice `seen.PRACTICE` (the revision the form showed) beside the usual
/// rating fields; any other intent is refused (400).
pub async fn post_team_ratings(
    State(backend): State<AppState>,
    headers: HeaderMap,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, HttpError> {
    let user = signed_in(&backend.accounts, &headers).await?;
    let class_id = class_id(&fields)?.ok_or_else(|| {
        HttpError::Refused(
            StatusCode::BAD_REQUEST,
            "Teams exist only in a class; this form names none.".into(),
        )
    })?;
    let intent = choice(&fields, "intent")?.unwrap_or(TeamIntent::Save);
    let (outcome, _) = save_team(&backend, &user, class_id, &fields, intent).await?;
    if !outcome.conflicts.is_empty() {
        return Err(HttpError::Refused(
            StatusCode::CONFLICT,
            conflict_message(&outcome.conflicts, intent != TeamIntent::Submit),
        ));
    }
    let notice = match intent {
        TeamIntent::Save => Notice::TeamRatingsSaved,
        TeamIntent::Submit => Notice::TeamRatingsSubmitted,
        TeamIntent::AdoptUnanimous => Notice::TeamRatingsAdopted,
    };
    let page = format!("/appraisal/team?class={class_id}");
    Ok(Redirect::to(&with_notice(&page, notice)).into_response())
}

/// What the teams forms ask for: the form that puts learners on teams by name sends no `action`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum TeamsAction {
    /// Deal the learners without a team into new teams of a size.
    Form,
    /// Remove a team without members.
    Remove,
}

/// `POST /classes/{class_id}/appraisal/teams`: `team.USER_ID` = a team name (empty: no team)
/// for each learner to place; or `action=form` with `size` to deal the learners without a team
/// into new teams of that size; or `action=remove` with `team` to remove a team without members.
/// Any other action is refused (400).
pub async fn post_teams(
    State(backend): State<AppState>,
    headers: HeaderMap,
    Path(class_id): Path<ClassId>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, HttpError> {
    let user = signed_in(&backend.accounts, &headers).await?;
    // Checks that the person manages the class, as well as reading its learners.
    let (_, learners) = class_and_learners(&backend, &user, class_id).await?;
    let storage = &backend.accounts.storage;
    let refused = |message: String| HttpError::Refused(StatusCode::BAD_REQUEST, message);
    let action: Option<TeamsAction> = choice(&fields, "action")?;
    // The heatmap by teams, where every teams form comes back to.
    let by_teams = format!("/classes/{class_id}/appraisal?by=teams");
    if action == Some(TeamsAction::Remove) {
        // Removing a team that has no members (its agreed ratings go with it, as the
        // instructor asked); a team with members is refused, so nobody loses their team.
        let name = field(&fields, "team").unwrap_or_default();
        if !storage.remove_empty_team(class_id, name).await? {
            return Err(refused(format!(
                "There is no team \"{name}\" without members in this class; take its members off it first."
            )));
        }
        return Ok(Redirect::to(&with_notice(&by_teams, Notice::TeamRemoved)).into_response());
    }
    let assignments = if action == Some(TeamsAction::Form) {
        let size = field(&fields, "size")
            .unwrap_or_default()
            .trim()
            .parse::<usize>()
            .map_err(|_| refused("The team size is a whole number, such as 4.".into()))?;
        let teams = storage.class_teams(class_id).await?;
        let unassigned: Vec<UserId> = learners
            .iter()
            .map(|l| l.user_id)
            .filter(|id| !teams.iter().any(|t| t.members.contains(id)))
            .collect();
        let existing: Vec<(String, usize)> = teams
            .into_iter()
            .map(|t| (t.name, t.members.len()))
            .collect();
        let formed = form_teams(&unassigned, &existing, size).map_err(refused)?;
        if formed.is_empty() {
            return Ok(
                Redirect::to(&with_notice(&by_teams, Notice::TeamsUnchanged)).into_response(),
            );
        }
        formed
            .into_iter()
            .map(|(id, name)| (id, Some(name)))
            .collect()
    } else {
        let mut assignments = Vec::new();
        for (name, value) in &fields {
            let Some(id) = name.strip_prefix("team.") else {
                continue;
            };
            let learner = id
                .parse::<UserId>()
                .ok()
                .and_then(|id| learners.iter().find(|l| l.user_id == id))
                .ok_or_else(|| {
                    refused(format!(
                        "No learner of this class has the number {id}; reload the page."
                    ))
                })?;
            let team = team_name(value)
                .map_err(|message| refused(format!("{}: {message}", learner.display_name)))?;
            assignments.push((learner.user_id, team));
        }
        assignments
    };
    storage.assign_teams(class_id, &assignments).await?;
    Ok(Redirect::to(&with_notice(&by_teams, Notice::TeamsSaved)).into_response())
}
