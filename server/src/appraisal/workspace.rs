//! A learner's appraisal workspace on the server: alone or in a class they belong to, its
//! evaluation by the model's rules, and the comparison with the key once it may be seen.
//! Decisions about people go through the `crate::access::authorize` door and the visibility
//! rules of `domain::policy`.

use std::collections::{HashMap, HashSet};

use app::api::appraisal::{AppraisalPageData, ComparisonView, KeyEntryView, TeamRef};
use app::api::exercises::ClassRef;
use app::appraisal::workspace::{workspace_from_fields, Workspace};
use app::appraisal::{compare, evaluate, AppraisalKey, CaseFile, Evaluation, Rating};
use app::people::CurrentUser;
use app::policy::{
    final_after_reveal, member_key_visible, own_locked_reason, shown_to_person, Action, Scope,
};
use domain::policy::Refusal;

use crate::access::{authorize_in_class, unavailable};
use crate::state::AppState;
use domain::ids::ClassId;

pub(crate) fn case_and_key(backend: &AppState) -> Result<&(CaseFile, AppraisalKey), Refusal> {
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
    backend: &AppState,
    key: &AppraisalKey,
    class_id: Option<ClassId>,
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

/// The class (checked: the person belongs to it) or `None` alone, and the scope the work is in.
pub(crate) async fn class_context(
    backend: &AppState,
    user: &CurrentUser,
    class_id: Option<ClassId>,
) -> Result<(Option<ClassRef>, Scope), Refusal> {
    let Some(class_id) = class_id else {
        return Ok((None, Scope::Alone));
    };
    authorize_in_class(backend.storage(), user, class_id, Action::ViewClass).await?;
    let detail = backend
        .accounts
        .storage
        .class_detail(class_id, Some(user.id), false)
        .await
        .map_err(unavailable)?
        .ok_or(Refusal::NotFound)?;
    Ok((
        Some(ClassRef {
            id: class_id,
            name: detail.summary.name,
            mode: detail.summary.mode,
        }),
        Scope::Class(class_id),
    ))
}

pub(crate) async fn revealed(
    backend: &AppState,
    class: &Option<ClassRef>,
) -> Result<bool, Refusal> {
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

pub async fn page(
    backend: &AppState,
    user: Option<&CurrentUser>,
    class_id: Option<ClassId>,
) -> Result<AppraisalPageData, Refusal> {
    let (case, _) = case_and_key(backend)?;
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
            team: None,
        });
    };
    let (class, scope) = class_context(backend, user, class_id).await?;
    let IndividualState {
        workspace,
        submitted_at,
        key_shown,
        team,
        locked_reason,
    } = individual_state(backend, user, &class, scope).await?;
    // On a jigsaw team, the learner rates their team's share alone too.
    let share = team.as_ref().map(|t| t.areas.clone()).unwrap_or_default();
    let case = case.narrowed_to(&share);
    let comparison = if key_shown {
        Some(comparison_view(backend, class.as_ref().map(|c| c.id), &workspace, &share).await?)
    } else {
        None
    };
    let ratings = workspace.ratings();
    let marks = workspace.mark_set();
    Ok(AppraisalPageData {
        evaluation: evaluate(&case.practices, &ratings, &marks),
        locked_reason: locked_reason.map(str::to_string),
        case: if share.is_empty() {
            outline
        } else {
            case.outline()
        },
        class,
        signed_in: true,
        workspace,
        submitted_at,
        comparison,
        team,
    })
}

/// A learner's own appraisal as it stands.
struct IndividualState {
    workspace: Workspace,
    submitted_at: Option<String>,
    key_shown: bool,
    /// Their team in the class, if any.
    team: Option<TeamRef>,
    /// Why they can no longer change their ratings, if they cannot.
    locked_reason: Option<&'static str>,
}

async fn individual_state(
    backend: &AppState,
    user: &CurrentUser,
    class: &Option<ClassRef>,
    scope: Scope,
) -> Result<IndividualState, Refusal> {
    let storage = &backend.accounts.storage;
    let (workspace, submitted_at) = storage
        .workspace(user.id, scope)
        .await
        .map_err(unavailable)?;
    let team = match class {
        Some(class) => storage
            .team_ref_of(class.id, user.id)
            .await
            .map_err(unavailable)?,
        None => None,
    };
    let withheld = storage
        .appraisal_withheld_elsewhere(user.id, scope)
        .await
        .map_err(unavailable)?;
    let key_shown = shown_to_person(
        member_key_visible(
            class.as_ref().map(|c| c.mode),
            submitted_at.is_some(),
            revealed(backend, class).await?,
            team.as_ref().map(|t| t.submitted),
        ),
        withheld,
    );
    let ever_revealed = match class {
        Some(class) => storage
            .appraisal_ever_revealed(class.id)
            .await
            .map_err(unavailable)?,
        None => false,
    };
    Ok(IndividualState {
        locked_reason: own_locked_reason(
            class.is_some(),
            final_after_reveal(key_shown, ever_revealed, submitted_at.is_some()),
            team.is_some() && submitted_at.is_some(),
        ),
        workspace,
        submitted_at,
        key_shown,
        team,
    })
}

/// The comparison of `workspace` with the key as the class uses it, with the key's rationale,
/// over the process areas in `share` (a jigsaw team's; empty: the whole scope).
pub(crate) async fn comparison_view(
    backend: &AppState,
    class_id: Option<ClassId>,
    workspace: &Workspace,
    share: &[String],
) -> Result<ComparisonView, Refusal> {
    let (case, key) = case_and_key(backend)?;
    let (effective, adjusted) = effective_key(backend, key, class_id).await?;
    let narrowed = case.narrowed_to(share);
    let practices = &narrowed.practices;
    let key_marks = key
        .goal_overrides
        .iter()
        .filter(|o| practices.iter().any(|p| p.goal == o.goal))
        .map(|o| o.goal.clone())
        .collect();
    Ok(ComparisonView {
        comparison: compare(
            practices,
            &workspace.ratings(),
            &effective,
            &workspace.mark_set(),
            &key_marks,
        ),
        key_evaluation: evaluate(practices, &effective, &key_marks),
        key: key
            .ratings
            .iter()
            .filter(|r| practices.iter().any(|p| p.id == r.practice))
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
    })
}

/// Saves (and with `submit`, submits) a workspace from form fields.
pub async fn save(
    backend: &AppState,
    user: &CurrentUser,
    class_id: Option<ClassId>,
    fields: &[(String, String)],
    submit: bool,
) -> Result<Evaluation, Refusal> {
    let (case, _) = case_and_key(backend)?;
    let (class, scope) = class_context(backend, user, class_id).await?;
    let storage = &backend.accounts.storage;
    let state = individual_state(backend, user, &class, scope).await?;
    if let Some(reason) = state.locked_reason {
        return Err(Refusal::Invalid(reason.to_string()));
    }
    let share = state.team.map(|t| t.areas).unwrap_or_default();
    let narrowed = case.narrowed_to(&share);
    let mut workspace = workspace_from_fields(&narrowed, fields).map_err(Refusal::Invalid)?;
    if !share.is_empty() {
        // The form shows only the team's share: what the learner rated outside it (before the
        // instructor gave the team its share) is kept, not cleared.
        let in_share = |id: &str| {
            case.practices
                .iter()
                .any(|p| p.id == id && share.contains(&p.process_area))
        };
        for (practice, work) in state.workspace.practices {
            if !in_share(&practice) {
                workspace.practices.entry(practice).or_insert(work);
            }
        }
        for goal in state.workspace.marks {
            let area = goal.split(':').next().unwrap_or_default();
            if !share.iter().any(|a| a == area) {
                workspace.marks.insert(goal);
            }
        }
    }
    storage
        .save_workspace(user.id, scope, &workspace, submit)
        .await
        .map_err(unavailable)?;
    if submit {
        // Each submission is kept as a snapshot, so that instructors can follow the class from
        // the first submission to the latest (the improvement plan's movement view).
        let taken_at = crate::storage::clock::now();
        let snapshot = domain::appraisal::plan::Snapshot {
            id: 0,
            name: format!("Submitted {}", &taken_at[..16].replace('T', " ")),
            ratings: workspace.ratings().into_iter().collect(),
            marks: workspace.marks.iter().cloned().collect(),
            taken_at,
        };
        storage
            .save_snapshot(user.id, class.as_ref().map(|c| c.id), &snapshot, true)
            .await
            .map_err(unavailable)?;
    }
    Ok(evaluate(
        &narrowed.practices,
        &workspace.ratings(),
        &workspace.mark_set(),
    ))
}

/// The ratings an improvement plan works from: the learner's own, or the class's key when it is
/// shown to them (never before). Answers the ratings, the goals marked Unsatisfied, and whether
/// the key may be used.
pub(crate) async fn plan_ratings(
    backend: &AppState,
    user: &CurrentUser,
    class: &Option<ClassRef>,
    scope: Scope,
    want_key: bool,
) -> Result<(HashMap<String, Rating>, HashSet<String>, bool), Refusal> {
    let state = individual_state(backend, user, class, scope).await?;
    if want_key && state.key_shown {
        let (_, key) = case_and_key(backend)?;
        let (effective, _) = effective_key(backend, key, class.as_ref().map(|c| c.id)).await?;
        let marks = key.goal_overrides.iter().map(|o| o.goal.clone()).collect();
        return Ok((effective, marks, true));
    }
    Ok((
        state.workspace.ratings(),
        state.workspace.mark_set(),
        state.key_shown,
    ))
}
