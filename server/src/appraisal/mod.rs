//! The appraisal on the server: a learner's workspace (alone or in a class they belong to), its
//! evaluation by the model's rules, the comparison with the key once it may be seen, and the
//! instructor's class heatmap. Decisions about people go through `ServerBackend::permit`.

pub mod forms;

use std::collections::{HashMap, HashSet};

use app::api_appraisal::{
    key_visible, AppraisalPageData, ClassAppraisal, ComparisonView, HeatmapRow, KeyEntryView,
};
use app::api_exercises::ClassRef;
use app::appraisal::workspace::{workspace_from_fields, Workspace};
use app::appraisal::{compare, evaluate, AppraisalKey, CaseFile, Evaluation, Rating};
use app::authz::Action;
use app::backend::Refusal;
use app::people::{CurrentUser, Membership};

use crate::backend::{unavailable, ServerBackend};
use crate::exercises::results::class_and_learners;

fn case_and_key(backend: &ServerBackend) -> Result<&(CaseFile, AppraisalKey), Refusal> {
    backend.course.appraisal.as_ref().ok_or(Refusal::NotFound)
}

fn key_ratings(key: &AppraisalKey) -> HashMap<String, Rating> {
    key.ratings
        .iter()
        .map(|r| (r.practice.clone(), r.rating))
        .collect()
}

/// The key as a class uses it: the course's default with the class's adjustments, and which
/// practices were adjusted.
pub async fn effective_key(
    backend: &ServerBackend,
    key: &AppraisalKey,
    class_id: Option<i64>,
) -> Result<(HashMap<String, Rating>, HashSet<String>), Refusal> {
    let mut ratings = key_ratings(key);
    let mut adjusted = HashSet::new();
    if let Some(class_id) = class_id {
        for (practice, code) in backend
            .accounts
            .storage
            .class_key_ratings(class_id)
            .await
            .map_err(unavailable)?
        {
            if let (Some(rating), true) = (Rating::parse(&code), ratings.contains_key(&practice)) {
                ratings.insert(practice.clone(), rating);
                adjusted.insert(practice);
            }
        }
    }
    Ok((ratings, adjusted))
}

/// The class (checked: the person belongs to it) or `None` alone, and the stored class key.
async fn class_context(
    backend: &ServerBackend,
    user: &CurrentUser,
    class_id: Option<i64>,
) -> Result<(Option<ClassRef>, i64), Refusal> {
    let Some(class_id) = class_id else {
        return Ok((None, 0));
    };
    let membership = backend.permit(user, class_id, Action::ViewClass).await?;
    let detail = backend
        .accounts
        .storage
        .class_detail(class_id, user.id, false)
        .await
        .map_err(unavailable)?
        .ok_or(Refusal::NotFound)?;
    Ok((
        Some(ClassRef {
            id: class_id,
            name: detail.summary.name,
            mode: detail.summary.mode,
            is_instructor: membership == Some(Membership::Instructor),
        }),
        class_id,
    ))
}

async fn revealed(backend: &ServerBackend, class: &Option<ClassRef>) -> Result<bool, Refusal> {
    match class {
        Some(class) => backend
            .accounts
            .storage
            .appraisal_revealed(class.id)
            .await
            .map_err(unavailable),
        None => Ok(false),
    }
}

/// Why a workspace can no longer change: in a class, once the key is shown to its author.
fn locked_reason(class: &Option<ClassRef>, key_shown: bool) -> Option<String> {
    (class.is_some() && key_shown)
        .then(|| "The key is revealed to you, so your ratings are final and read-only.".to_string())
}

pub async fn page(
    backend: &ServerBackend,
    user: Option<&CurrentUser>,
    class_id: Option<i64>,
) -> Result<AppraisalPageData, Refusal> {
    let (case, key) = case_and_key(backend)?;
    let outline = case.outline();
    let Some(user) = user else {
        if class_id.is_some() {
            return Err(Refusal::SignInRequired);
        }
        let workspace = Workspace::default();
        return Ok(AppraisalPageData {
            evaluation: evaluate(&case.practices, &workspace.ratings(), &workspace.mark_set()),
            case: outline,
            class: None,
            signed_in: false,
            workspace,
            submitted_at: None,
            locked_reason: None,
            comparison: None,
        });
    };
    let (class, class_key) = class_context(backend, user, class_id).await?;
    let (workspace, submitted_at) = backend
        .accounts
        .storage
        .workspace(user.id, class_key)
        .await
        .map_err(unavailable)?;
    let shown = key_visible(
        class.as_ref().map(|c| c.mode),
        submitted_at.is_some(),
        revealed(backend, &class).await?,
    );
    let ratings = workspace.ratings();
    let marks = workspace.mark_set();
    let (effective, adjusted) = effective_key(backend, key, class.as_ref().map(|c| c.id)).await?;
    let comparison = shown.then(|| {
        let key_marks = key.goal_overrides.iter().map(|o| o.goal.clone()).collect();
        ComparisonView {
            comparison: compare(&case.practices, &ratings, &effective, &marks, &key_marks),
            key_evaluation: evaluate(&case.practices, &effective, &key_marks),
            key: key
                .ratings
                .iter()
                .map(|r| KeyEntryView {
                    practice: r.practice.clone(),
                    rating: effective.get(&r.practice).copied().unwrap_or(r.rating),
                    adjusted: adjusted.contains(&r.practice),
                    evidence: r.evidence.clone(),
                    rationale_html: r.rationale_html.clone(),
                })
                .collect(),
            key_marks: key
                .goal_overrides
                .iter()
                .map(|o| (o.goal.clone(), o.reason_html.clone()))
                .collect(),
        }
    });
    Ok(AppraisalPageData {
        evaluation: evaluate(&case.practices, &ratings, &marks),
        locked_reason: locked_reason(&class, shown),
        case: outline,
        class,
        signed_in: true,
        workspace,
        submitted_at,
        comparison,
    })
}

/// Saves (and with `submit`, submits) a workspace from form fields.
pub async fn save(
    backend: &ServerBackend,
    user: &CurrentUser,
    class_id: Option<i64>,
    fields: &[(String, String)],
    submit: bool,
) -> Result<Evaluation, Refusal> {
    let (case, _) = case_and_key(backend)?;
    let (class, class_key) = class_context(backend, user, class_id).await?;
    let storage = &backend.accounts.storage;
    let (_, submitted_at) = storage
        .workspace(user.id, class_key)
        .await
        .map_err(unavailable)?;
    let shown = key_visible(
        class.as_ref().map(|c| c.mode),
        submitted_at.is_some(),
        revealed(backend, &class).await?,
    );
    if let Some(reason) = locked_reason(&class, shown) {
        return Err(Refusal::Invalid(reason));
    }
    let workspace = workspace_from_fields(case, fields).map_err(Refusal::Invalid)?;
    storage
        .save_workspace(user.id, class_key, &workspace, submit)
        .await
        .map_err(unavailable)?;
    Ok(evaluate(
        &case.practices,
        &workspace.ratings(),
        &workspace.mark_set(),
    ))
}

/// The class heatmap: practices × learners, coloured by distance from the key.
pub async fn class_view(
    backend: &ServerBackend,
    user: &CurrentUser,
    class_id: i64,
) -> Result<ClassAppraisal, Refusal> {
    let (case, key) = case_and_key(backend)?;
    let (class, learners) = class_and_learners(backend, user, class_id).await?;
    let storage = &backend.accounts.storage;
    let stored = storage
        .class_workspaces(class_id)
        .await
        .map_err(unavailable)?;
    let workspaces: Vec<(Workspace, bool)> = learners
        .iter()
        .map(|learner| {
            stored
                .iter()
                .find(|(id, _, _)| *id == learner.user_id)
                .map(|(_, w, at)| (w.clone(), at.is_some()))
                .unwrap_or_default()
        })
        .collect();
    let (key_ratings, adjusted) = effective_key(backend, key, Some(class_id)).await?;
    let key_marks = key.goal_overrides.iter().map(|o| o.goal.clone()).collect();
    let learner_rows = learners
        .iter()
        .zip(&workspaces)
        .map(|(learner, (workspace, submitted))| {
            let result = compare(
                &case.practices,
                &workspace.ratings(),
                &key_ratings,
                &workspace.mark_set(),
                &key_marks,
            );
            (
                learner.display_name.clone(),
                learner.username.clone(),
                *submitted,
                result.score,
                result.weighted_kappa,
            )
        })
        .collect();
    let rows = case
        .practices
        .iter()
        .filter_map(|practice| {
            let expected = *key_ratings.get(&practice.id)?;
            let given: Vec<Option<Rating>> = workspaces
                .iter()
                .map(|(w, _)| w.practices.get(&practice.id).and_then(|p| p.rating))
                .collect();
            let mut counts = [0u32; 4];
            for rating in given.iter().flatten() {
                counts[rating.step() as usize] += 1;
            }
            let distances: Vec<Option<u8>> = given
                .iter()
                .map(|r| r.map(|r| r.step().abs_diff(expected.step())))
                .collect();
            let rated: Vec<u8> = distances.iter().flatten().copied().collect();
            let dispute = if rated.is_empty() {
                0.0
            } else {
                rated.iter().map(|d| f64::from(*d)).sum::<f64>() / rated.len() as f64
            };
            let lesson = backend
                .course
                .process_area(&practice.process_area)
                .and_then(|area| backend.course.module(&area.category_id))
                .map(|m| (m.summary.id.clone(), m.summary.title.clone()));
            Some(HeatmapRow {
                practice: practice.id.clone(),
                title: practice.title.clone(),
                key: expected,
                adjusted: adjusted.contains(&practice.id),
                distances,
                counts,
                dispute,
                lesson,
            })
        })
        .collect();
    Ok(ClassAppraisal {
        revealed: storage
            .appraisal_revealed(class_id)
            .await
            .map_err(unavailable)?,
        class,
        learners: learner_rows,
        rows,
    })
}
