//! Appraisal forms: a learner saves or submits their workspace; an instructor reveals the key to
//! the class; the class's ratings download as CSV.

use std::collections::HashMap;

use app::api::appraisal::HeatColumn;
use app::api::live::LiveBackend;
use app::appraisal::workspace::Workspace;
use app::appraisal::Rating;
use app::live::LiveChange;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use domain::notice::{with_notice, Notice};
use serde::Deserialize;

use super::heatmap::columns;
use super::workspace::{case_and_key, effective_key, save};
use crate::access::{signed_in, signed_in_manager};
use crate::exercises::export::{logged_csv, CsvRows, Stopped};
use crate::exercises::results::class_and_learners;
use crate::form_fields::{choice, class_id, field, required_choice};
use crate::http_error::HttpError;
use crate::state::AppState;
use crate::storage::SecurityEvent;
use domain::ids::ClassId;
use domain::security_log::SecurityEventKind;

/// What the ratings form asks for: the `intent` of the button pressed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum RatingsIntent {
    Save,
    Submit,
}

/// `POST /appraisal/ratings`: `intent=save` (or no intent) or `intent=submit`, with `class_id`
/// (empty alone); any other intent is refused (400).
pub async fn post_ratings(
    State(backend): State<AppState>,
    headers: HeaderMap,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, HttpError> {
    let user = signed_in(&backend.accounts, &headers).await?;
    let class_id = class_id(&fields)?;
    let intent = choice(&fields, "intent")?.unwrap_or(RatingsIntent::Save);
    let submit = intent == RatingsIntent::Submit;
    save(&backend, &user, class_id, &fields, submit).await?;
    let notice = if submit {
        Notice::RatingsSubmitted
    } else {
        Notice::RatingsSaved
    };
    let page = match class_id {
        Some(class_id) => format!("/appraisal?class={class_id}"),
        None => "/appraisal".to_string(),
    };
    Ok(Redirect::to(&with_notice(&page, notice)).into_response())
}

/// What the reveal form asks for: the `action` of the button pressed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum RevealAction {
    Reveal,
    Hide,
}

/// `POST /classes/{class_id}/appraisal/reveal`: `action=reveal` or `action=hide`; any other
/// action, or none, is refused (400).
pub async fn post_reveal(
    State(backend): State<AppState>,
    headers: HeaderMap,
    Path(class_id): Path<ClassId>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, HttpError> {
    let user = signed_in_manager(&backend.accounts, &headers, class_id).await?;
    let action: RevealAction = required_choice(&fields, "action")?;
    let revealed = action == RevealAction::Reveal;
    let storage = &backend.accounts.storage;
    let kind = if revealed {
        SecurityEventKind::KeyRevealed
    } else {
        SecurityEventKind::KeyHidden
    };
    let event = SecurityEvent::new(kind).by(user.id).in_class(class_id);
    storage
        .set_appraisal_revealed(class_id, revealed, &event)
        .await?;
    // Revealed live: during a live session, everyone's screen opens the workspace again, which
    // now shows the comparison.
    if revealed
        && storage
            .live_state(class_id, backend.first_module())
            .await?
            .active
    {
        let push = LiveChange::Push {
            url: format!("/appraisal?class={class_id}"),
            label: "the appraisal, with the key revealed".into(),
        };
        backend.drive_live(&user, class_id, push).await?;
    }
    Ok(Redirect::to(&format!("/classes/{class_id}/appraisal")).into_response())
}

/// `POST /classes/{class_id}/appraisal/key`: `key.PRACTICE` = the class's rating for each
/// practice; ratings equal to the course's default are not stored, so the default still applies.
pub async fn post_class_key(
    State(backend): State<AppState>,
    headers: HeaderMap,
    Path(class_id): Path<ClassId>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, HttpError> {
    signed_in_manager(&backend.accounts, &headers, class_id).await?;
    let (_, key) = case_and_key(&backend)?;
    let mut adjustments = Vec::new();
    for default in &key.ratings {
        let Some(value) = field(&fields, &format!("key.{}", default.practice)) else {
            continue;
        };
        let rating = Rating::parse(value).ok_or_else(|| {
            HttpError::Refused(
                StatusCode::BAD_REQUEST,
                format!("{}: a rating is FI, LI, PI or NI.", default.practice),
            )
        })?;
        if rating != default.rating {
            adjustments.push((default.practice.clone(), rating.code().to_string()));
        }
    }
    backend
        .accounts
        .storage
        .set_class_key_ratings(class_id, &adjustments)
        .await?;
    let heatmap = format!("/classes/{class_id}/appraisal");
    Ok(Redirect::to(&with_notice(&heatmap, Notice::KeySaved)).into_response())
}

/// The CSV's choice of rows: `by=teams` for the teams' agreed ratings.
#[derive(Debug, Default, serde::Deserialize)]
pub struct CsvQuery {
    #[serde(default)]
    by: String,
}

/// `GET /classes/{class_id}/appraisal.csv`: one row per learner (or team) and practice.
pub async fn ratings_csv(
    State(backend): State<AppState>,
    headers: HeaderMap,
    Path(class_id): Path<ClassId>,
    Query(query): Query<CsvQuery>,
) -> Result<Response, HttpError> {
    let user = signed_in(&backend.accounts, &headers).await?;
    let (case, key) = case_and_key(&backend)?;
    let (_, learners) = class_and_learners(&backend, &user, class_id).await?;
    let by_teams = query.by == "teams";
    let teams = backend.accounts.storage.class_teams(class_id).await?;
    let columns = columns(&backend, class_id, &learners, &teams, by_teams).await?;
    let (effective, _) = effective_key(&backend, key, Some(class_id)).await?;
    let practices: Vec<String> = case.practices.iter().map(|p| p.id.clone()).collect();
    let (who, detail) = if by_teams {
        ("team", "members")
    } else {
        ("learner", "username")
    };
    let file = if by_teams {
        format!("class-{class_id}-appraisal-teams.csv")
    } else {
        format!("class-{class_id}-appraisal.csv")
    };
    logged_csv(
        backend.storage(),
        user.id,
        Some(class_id),
        &file,
        &[
            who, detail, "practice", "rating", "key", "distance", "evidence", "note",
        ],
        move |rows| rating_rows(rows, columns, practices, effective),
    )
    .await
}

/// The ratings CSV's records: one per column and practice the key rates. The columns (every
/// learner's workspace, or every team's agreed ratings) are assembled in memory by the heatmap's
/// own `columns`, which the page shares, so the rows are formatted in chunks from them rather than
/// read again from the database with that assembly copied here.
async fn rating_rows(
    mut rows: CsvRows,
    columns: Vec<(HeatColumn, Workspace)>,
    practices: Vec<String>,
    effective: HashMap<String, Rating>,
) -> Result<CsvRows, Stopped> {
    for (column, workspace) in &columns {
        for practice in &practices {
            let Some(expected) = effective.get(practice).copied() else {
                continue;
            };
            let work = workspace.practices.get(practice);
            let rating = work.and_then(|w| w.rating);
            rows.push(&[
                column.name.clone(),
                column.detail.clone(),
                practice.clone(),
                rating.map(|r| r.code().to_string()).unwrap_or_default(),
                expected.code().to_string(),
                rating
                    .map(|r| r.step().abs_diff(expected.step()).to_string())
                    .unwrap_or_default(),
                work.map(|w| w.evidence.join(" ")).unwrap_or_default(),
                work.map(|w| w.note.clone()).unwrap_or_default(),
            ])
            .await?;
        }
    }
    Ok(rows)
}
