//! Team forms: a member saves, submits or fills in the team's agreed ratings; an instructor puts
//! learners on teams (by name, or by asking for teams of a size).

use app::appraisal::jigsaw::{deal_areas, share_from_form};
use app::appraisal::team::{conflict_message, form_teams, team_name};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use domain::notice::{with_notice, Notice};
use serde::Deserialize;

use super::teams::{save_team, TeamIntent};
use super::workspace::case_and_key;
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
    /// Give one team (`team`) its share of the scope (`area`, repeated; none: the whole scope).
    Share,
    /// Deal the scope's process areas round the class's teams, in name order (the jigsaw).
    Deal,
}

/// `POST /classes/{class_id}/appraisal/teams`: `team.USER_ID` = a team name (empty: no team)
/// for each learner to place; or `action=form` with `size` to deal the learners without a team
/// into new teams of that size; or `action=remove` with `team` to remove a team without members;
/// or `action=share` with `team` and `area` (repeated) to give a team its share of the scope; or
/// `action=deal` to deal the process areas round the teams. Any other action is refused (400).
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
    if let Some(action @ (TeamsAction::Share | TeamsAction::Deal)) = action {
        save_shares(&backend, class_id, action, &fields).await?;
        return Ok(Redirect::to(&with_notice(&by_teams, Notice::TeamSharesSaved)).into_response());
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

/// Gives one team its share of the scope (`action=share`), or deals the process areas round
/// every team of the class (`action=deal`); a share outside the case or for no team is refused.
async fn save_shares(
    backend: &AppState,
    class_id: ClassId,
    action: TeamsAction,
    fields: &[(String, String)],
) -> Result<(), HttpError> {
    let refused = |message: String| HttpError::Refused(StatusCode::BAD_REQUEST, message);
    let storage = &backend.accounts.storage;
    let (case, _) = case_and_key(backend)?;
    let shares: Vec<(String, Vec<String>)> = if action == TeamsAction::Deal {
        let teams = storage.class_teams(class_id).await?;
        if teams.is_empty() {
            return Err(refused(
                "The class has no teams yet: form teams first, then deal the process areas.".into(),
            ));
        }
        let dealt = deal_areas(&case.scope, teams.len());
        teams.into_iter().map(|t| t.name).zip(dealt).collect()
    } else {
        let name = field(fields, "team").unwrap_or_default().to_string();
        let chosen: Vec<String> = fields
            .iter()
            .filter(|(key, _)| key == "area")
            .map(|(_, value)| value.trim().to_ascii_uppercase())
            .collect();
        vec![(name, share_from_form(case, &chosen).map_err(refused)?)]
    };
    let unknown = storage.set_team_areas(class_id, &shares).await?;
    match unknown.first() {
        Some(name) => {
            let shown: String = name.chars().take(40).collect();
            Err(refused(format!(
                "There is no team \"{shown}\" in this class; reload the page."
            )))
        }
        None => Ok(()),
    }
}
