//! Team mode on the server: a team's page (members' ratings side by side once the viewer has
//! rated alone, the agreed ratings, and their comparison with the key when it may be seen) and
//! the team's edits. Who may see and change what is decided here, from the class membership and
//! the team roster.

use app::api_appraisal::key_visible;
use app::api_appraisal_team::{MemberRatings, TeamAppraisalData, TeamMember};
use app::appraisal::team::{adopt_unanimous, apply_team_edit, spread, unanimous, EditOutcome};
use app::appraisal::workspace::Workspace;
use app::appraisal::{evaluate, Evaluation, Rating};
use app::authz::Action;
use app::backend::Refusal;
use app::people::CurrentUser;

use super::{case_and_key, class_context, comparison_view, revealed};
use crate::backend::{unavailable, ServerBackend};
use crate::storage::StoredTeam;

/// What a team edit asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TeamIntent {
    Save,
    Submit,
    /// Fill every unrated practice where the members are unanimous.
    AdoptUnanimous,
}

/// A team member's name, whether they submitted, and their own ratings.
struct MemberWork {
    name: String,
    submitted: bool,
    workspace: Workspace,
}

async fn members_work(
    backend: &ServerBackend,
    class_id: i64,
    team: &StoredTeam,
) -> Result<Vec<MemberWork>, Refusal> {
    let storage = &backend.accounts.storage;
    let roster = storage
        .class_detail(class_id, 0, true)
        .await
        .map_err(unavailable)?
        .and_then(|detail| detail.roster)
        .unwrap_or_default();
    let mut members = Vec::new();
    // Members are listed in roster order; someone who left the class is no longer shown.
    for entry in roster.iter().filter(|e| team.members.contains(&e.user_id)) {
        let (workspace, submitted_at) = storage
            .workspace(entry.user_id, class_id)
            .await
            .map_err(unavailable)?;
        members.push(MemberWork {
            name: entry.display_name.clone(),
            submitted: submitted_at.is_some(),
            workspace,
        });
    }
    Ok(members)
}

/// Why this person cannot change the team's ratings, if they cannot.
fn team_locked_reason(member: bool, own_submitted: bool, key_shown: bool) -> Option<String> {
    if !member {
        Some("Only the team's members change its ratings; you are looking at them.".into())
    } else if !own_submitted {
        Some("Rate alone first: submit your own ratings, then your team's ratings appear here side by side and you can agree the team's.".into())
    } else if key_shown {
        Some("The key is revealed to your team, so its ratings are final and read-only.".into())
    } else {
        None
    }
}

/// The team to show: `team_id` for those who manage the class (or the person's own team),
/// else the person's own team.
async fn resolve_team(
    backend: &ServerBackend,
    user: &CurrentUser,
    class_id: i64,
    team_id: Option<i64>,
) -> Result<(StoredTeam, bool), Refusal> {
    let storage = &backend.accounts.storage;
    let own = storage
        .team_of(class_id, user.id)
        .await
        .map_err(unavailable)?;
    match (team_id, own) {
        (Some(wanted), Some(own)) if own.id == wanted => Ok((own, true)),
        (Some(wanted), _) => {
            backend.permit(user, class_id, Action::ManageClass).await?;
            let team = storage
                .team(class_id, wanted)
                .await
                .map_err(unavailable)?
                .ok_or(Refusal::NotFound)?;
            Ok((team, false))
        }
        (None, Some(own)) => Ok((own, true)),
        (None, None) => Err(Refusal::NotFound),
    }
}

pub async fn team_page(
    backend: &ServerBackend,
    user: &CurrentUser,
    class_id: i64,
    team_id: Option<i64>,
) -> Result<TeamAppraisalData, Refusal> {
    let (case, _) = case_and_key(backend)?;
    let (class, _) = class_context(backend, user, Some(class_id)).await?;
    let class = class.ok_or(Refusal::NotFound)?;
    let (team, member) = resolve_team(backend, user, class_id, team_id).await?;
    let members = members_work(backend, class_id, &team).await?;
    let (_, own_submitted_at) = backend
        .accounts
        .storage
        .workspace(user.id, class_id)
        .await
        .map_err(unavailable)?;
    let own_submitted = own_submitted_at.is_some();
    let key_shown = key_visible(
        Some(class.mode),
        team.submitted_at.is_some(),
        revealed(backend, &Some(class.clone())).await?,
    );
    let side_by_side = if !member || own_submitted {
        case.practices
            .iter()
            .map(|practice| {
                let shown: Vec<(Option<Rating>, String)> = members
                    .iter()
                    .map(
                        |m| match (m.submitted, m.workspace.practices.get(&practice.id)) {
                            (true, Some(work)) => (work.rating, work.note.clone()),
                            _ => (None, String::new()),
                        },
                    )
                    .collect();
                let ratings: Vec<Option<Rating>> = shown.iter().map(|(r, _)| *r).collect();
                MemberRatings {
                    practice: practice.id.clone(),
                    unanimous: unanimous(&ratings),
                    spread: spread(&ratings),
                    ratings,
                    notes: shown.into_iter().map(|(_, n)| n).collect(),
                }
            })
            .collect()
    } else {
        Vec::new()
    };
    let comparison = if key_shown {
        Some(comparison_view(backend, Some(class_id), &team.workspace.agreed).await?)
    } else {
        None
    };
    let agreed = &team.workspace.agreed;
    Ok(TeamAppraisalData {
        evaluation: evaluate(&case.practices, &agreed.ratings(), &agreed.mark_set()),
        locked_reason: team_locked_reason(member, own_submitted, key_shown),
        class,
        team_id: team.id,
        team_name: team.name.clone(),
        organization: case.organization.clone(),
        scope: case.scope.clone(),
        practices: case.practices.clone(),
        members: members
            .iter()
            .map(|m| TeamMember {
                name: m.name.clone(),
                submitted: m.submitted,
            })
            .collect(),
        side_by_side,
        submitted_at: team.submitted_at.clone(),
        team: team.workspace,
        comparison,
    })
}

/// Applies a member's edit to their team's agreed ratings; answers what it changed, the practices
/// refused because a teammate changed them meanwhile, and what the ratings now give. Everything
/// else in the edit is saved, except when submitting: then a conflict leaves the team's ratings
/// untouched and unsubmitted.
pub async fn save_team(
    backend: &ServerBackend,
    user: &CurrentUser,
    class_id: i64,
    fields: &[(String, String)],
    intent: TeamIntent,
) -> Result<(EditOutcome, Evaluation), Refusal> {
    let (case, _) = case_and_key(backend)?;
    let (class, _) = class_context(backend, user, Some(class_id)).await?;
    let class = class.ok_or(Refusal::NotFound)?;
    let storage = &backend.accounts.storage;
    let team = storage
        .team_of(class_id, user.id)
        .await
        .map_err(unavailable)?
        .ok_or_else(|| {
            Refusal::Invalid(
                "You are not on a team in this class; your instructor puts learners on teams."
                    .into(),
            )
        })?;
    let (_, own_submitted_at) = storage
        .workspace(user.id, class_id)
        .await
        .map_err(unavailable)?;
    let key_shown = key_visible(
        Some(class.mode),
        team.submitted_at.is_some(),
        revealed(backend, &Some(class.clone())).await?,
    );
    if let Some(reason) = team_locked_reason(true, own_submitted_at.is_some(), key_shown) {
        return Err(Refusal::Invalid(reason));
    }
    let author = user.display_name.clone();
    // Filling in unanimous ratings applies the rest of the form first, so nothing typed is lost.
    let members: Vec<Workspace> = if intent == TeamIntent::AdoptUnanimous {
        members_work(backend, class_id, &team)
            .await?
            .into_iter()
            .map(|m| {
                if m.submitted {
                    m.workspace
                } else {
                    Workspace::default()
                }
            })
            .collect()
    } else {
        Vec::new()
    };
    let outcome = storage
        .update_team_workspace(team.id, |stored| {
            let (mut next, outcome) = apply_team_edit(stored, case, fields, &author)?;
            let evaluation = |team: &app::appraisal::team::TeamWorkspace| {
                evaluate(
                    &case.practices,
                    &team.agreed.ratings(),
                    &team.agreed.mark_set(),
                )
            };
            if intent == TeamIntent::Submit && !outcome.conflicts.is_empty() {
                // Submitting ratings the submitter has not seen would be wrong; the edit is
                // refused whole (nothing written) and the answer says which practices changed.
                let refused = EditOutcome {
                    conflicts: outcome.conflicts,
                    ..EditOutcome::default()
                };
                return Ok((stored.clone(), false, (refused, evaluation(stored))));
            }
            if intent == TeamIntent::AdoptUnanimous {
                adopt_unanimous(&mut next, case, &members, &author);
            }
            let answer = (outcome, evaluation(&next));
            Ok((next, intent == TeamIntent::Submit, answer))
        })
        .await;
    outcome.map_err(unavailable)?.map_err(Refusal::Invalid)
}
