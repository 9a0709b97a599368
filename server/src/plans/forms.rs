//! The improvement plan's forms and downloads: targets, the roadmap (also autosaved through the
//! server function), named snapshots, and the roadmap as CSV and Markdown. Each answers with a
//! redirect back to the plan page, so that all of it works without JavaScript.

use std::collections::BTreeMap;

use app::policy::Refusal;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use domain::appraisal::plan::{
    read_targets, roadmap_csv, roadmap_markdown, snapshot_name, Snapshot, MAX_SNAPSHOTS,
};
use domain::ids::ClassId;
use domain::notice::Notice;
use domain::policy::Action;
use serde::Deserialize;

use crate::access::{authorize_in_class, signed_in};
use crate::appraisal::workspace::{case_and_key, class_context, plan_ratings};
use crate::form_fields::field;
use crate::http_error::HttpError;
use crate::state::AppState;
use crate::storage::clock::now;
use crate::storage::plans::Saved;

/// The class a plan form names in its `class_id` field (empty: on one's own). Unlike
/// [`crate::form_fields::class_id`] (404), a class id that is not a number is a 400 with a
/// sentence, as the plan's matrix expects.
fn class_of(fields: &[(String, String)]) -> Result<Option<ClassId>, HttpError> {
    match field(fields, "class_id")
        .map(str::trim)
        .filter(|v| !v.is_empty())
    {
        None => Ok(None),
        Some(text) => text.parse().map(Some).map_err(|_| {
            HttpError::from(Refusal::Invalid(
                "The form names no class this server knows.".into(),
            ))
        }),
    }
}

/// The targets form's levels, read against the case's scope.
fn targets_of(
    state: &AppState,
    fields: &[(String, String)],
) -> Result<BTreeMap<String, u8>, HttpError> {
    let (case, _) = case_and_key(state)?;
    read_targets(case, |name| field(fields, name).map(str::to_string))
        .map_err(|m| HttpError::from(Refusal::Invalid(m)))
}

/// Back to the plan page, saying what was saved, at the section it was saved from.
fn back_to_plan(class: Option<ClassId>, notice: Notice, anchor: &str) -> Response {
    let class = class.map(|c| format!("&class={c}")).unwrap_or_default();
    Redirect::to(&format!(
        "/appraisal/plan?notice={}{class}#{anchor}",
        notice.code()
    ))
    .into_response()
}

/// `POST /appraisal/plan/targets`: the learner's target level per process area.
pub async fn save_targets(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, HttpError> {
    let user = signed_in(&state.accounts, &headers).await?;
    let class = class_of(&fields)?;
    class_context(&state, &user, class).await?;
    let targets = targets_of(&state, &fields)?;
    state
        .storage()
        .update_plan(user.id, class, &now(), |plan| {
            plan.targets = targets;
            Ok::<_, Refusal>(())
        })
        .await??;
    Ok(back_to_plan(class, Notice::TargetsSaved, "targets"))
}

/// `POST /classes/{id}/plans/targets`: the class's own targets, by those who manage the class.
pub async fn save_class_targets(
    State(state): State<AppState>,
    Path(class_id): Path<ClassId>,
    headers: HeaderMap,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, HttpError> {
    let user = signed_in(&state.accounts, &headers).await?;
    authorize_in_class(state.storage(), &user, class_id, Action::ManageClass).await?;
    let targets = targets_of(&state, &fields)?;
    state
        .storage()
        .save_class_targets(class_id, &targets, &now())
        .await?;
    Ok(Redirect::to(&format!(
        "/classes/{class_id}/plans?notice={}#targets",
        Notice::ClassTargetsSaved.code()
    ))
    .into_response())
}

/// `POST /appraisal/plan/roadmap`: the whole roadmap, as its form holds it.
pub async fn save_roadmap_form(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, HttpError> {
    let user = signed_in(&state.accounts, &headers).await?;
    let class = class_of(&fields)?;
    state.store_roadmap(&user, class, &fields).await?;
    Ok(back_to_plan(class, Notice::RoadmapSaved, "roadmap"))
}

/// `POST /appraisal/plan/snapshots`: a named snapshot of the learner's ratings as they stand.
pub async fn save_snapshot(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, HttpError> {
    let user = signed_in(&state.accounts, &headers).await?;
    let class_id = class_of(&fields)?;
    let name = field(&fields, "name").unwrap_or("");
    let name = snapshot_name(name).map_err(|m| HttpError::from(Refusal::Invalid(m)))?;
    let (class, scope) = class_context(&state, &user, class_id).await?;
    let (ratings, marks, _) = plan_ratings(&state, &user, &class, scope, false).await?;
    let snapshot = Snapshot {
        id: 0,
        name,
        taken_at: now(),
        ratings: ratings.into_iter().collect(),
        marks: marks.into_iter().collect(),
    };
    match state
        .storage()
        .save_snapshot(user.id, class_id, &snapshot, false)
        .await?
    {
        Saved::Stored(_) => Ok(back_to_plan(class_id, Notice::SnapshotSaved, "snapshots")),
        Saved::Full => Err(HttpError::from(Refusal::Closed(format!(
            "You keep {MAX_SNAPSHOTS} snapshots already; that is the most a plan holds."
        )))),
    }
}

#[derive(Deserialize)]
pub struct PlanQuery {
    #[serde(default)]
    class: Option<ClassId>,
}

async fn plan_of(
    state: &AppState,
    headers: &HeaderMap,
    class: Option<ClassId>,
) -> Result<(String, domain::appraisal::plan::Plan), HttpError> {
    let user = signed_in(&state.accounts, headers).await?;
    let (class_ref, _) = class_context(state, &user, class).await?;
    let plan = state.storage().plan(user.id, class).await?;
    let title = match class_ref {
        Some(c) => format!("Improvement plan of {} ({})", user.display_name, c.name),
        None => format!("Improvement plan of {}", user.display_name),
    };
    Ok((title, plan))
}

fn download(content_type: &str, name: &str, body: String) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
        ],
        body,
    )
        .into_response()
}

/// `GET /appraisal/plan.csv`: the roadmap as CSV.
pub async fn roadmap_csv_file(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(query): Query<PlanQuery>,
) -> Result<Response, HttpError> {
    let (_, plan) = plan_of(&state, &headers, query.class).await?;
    Ok(download(
        "text/csv; charset=utf-8",
        "improvement-plan.csv",
        roadmap_csv(&plan),
    ))
}

/// `GET /appraisal/plan.md`: the plan as Markdown.
pub async fn roadmap_markdown_file(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(query): Query<PlanQuery>,
) -> Result<Response, HttpError> {
    let (title, plan) = plan_of(&state, &headers, query.class).await?;
    Ok(download(
        "text/markdown; charset=utf-8",
        "improvement-plan.md",
        roadmap_markdown(&title, &plan),
    ))
}
