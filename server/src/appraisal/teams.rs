//! Team mode on the server: a team's page (members' ratings side by side once the viewer has
//! rated alone, the agreed ratings, and their comparison with the key when it may be seen) and
//! the team's edits. Who may see and change what is decided here, from the class membership and
//! the team roster.

use app::api::exercises::ClassRef;
use app::api::teams::{MemberRatings, TeamAppraisalData, TeamMember, TeamPage};
use app::appraisal::team::{
    adopt_unanimous, apply_team_edit, spread, unanimous, Author, EditOutcome, TeamWorkspace,
};
use app::appraisal::workspace::Workspace;
use app::appraisal::{evaluate, Evaluation, Rating};
use app::people::{ClassMode, CurrentUser};
use app::policy::{
    final_after_reveal, may_see_team_work, shown_to_person, team_key_shown, team_locked_reason,
    teammate_ratings_shown,
};
use app::policy::{Action, Scope};
use domain::policy::Refusal;

use super::workspace::{case_and_key, class_context, comparison_view, revealed};
use crate::access::{authorize_in_class, unavailable};
use crate::state::AppState;
use crate::storage::StoredTeam;
use domain::ids::{ClassId, TeamId};

/// What a team edit asks for; the team form sends it as `intent=save`, `submit` or `adopt`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TeamIntent {
    Save,
    Submit,
    /// Fill every unrated practice where the members are unanimous.
    #[serde(rename = "adopt")]
    AdoptUnanimous,
}

/// A team member's name, whether they submitted, and their own ratings.
struct MemberWork {
    name: String,
    submitted: bool,
    workspace: Workspace,
}

async fn members_work(
    backend: &AppState,
    class_id: ClassId,
    team: &StoredTeam,
) -> Result<Vec<MemberWork>, Refusal> {
    let storage = &backend.accounts.storage;
    // The roster is read for the server's own use, so no viewer is named.
    let roster = storage
        .class_detail(class_id, None, true)
        .await
        .map_err(unavailable)?
        .and_then(|detail| detail.roster)
        .unwrap_or_default();
    let mut members = Vec::new();
    // Members are listed in roster order; someone who left the class is no longer shown.
    for entry in roster.iter().filter(|e| team.members.contains(&e.user_id)) {
        let (workspace, submitted_at) = storage
            .workspace(entry.user_id, Scope::Class(class_id))
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

/// The team to show, and whether the person is on it: with `team_id`, that team for those who
/// manage the class (or the person's own); else the person's own team, if any.
async fn resolve_team(
    backend: &AppState,
    user: &CurrentUser,
    class_id: ClassId,
    team_id: Option<TeamId>,
) -> Result<Option<(StoredTeam, bool)>, Refusal> {
    let storage = &backend.accounts.storage;
    let own = storage
        .team_of(class_id, user.id)
        .await
        .map_err(unavailable)?;
    match (team_id, own) {
        (Some(wanted), Some(own)) if own.id == wanted => Ok(Some((own, true))),
        (Some(wanted), _) => {
            authorize_in_class(backend.storage(), user, class_id, Action::ManageClass).await?;
            let team = storage
                .team(class_id, wanted)
                .await
                .map_err(unavailable)?
                .ok_or(Refusal::NotFound)?;
            Ok(Some((team, false)))
        }
        (None, own) => Ok(own.map(|team| (team, true))),
    }
}

fn side_by_side(case: &app::appraisal::CaseFile, members: &[MemberWork]) -> Vec<MemberRatings> {
    case.practices
        .iter()
        .map(|practice| {
            // A member still rating alone shows nothing, so their draft cannot steer the others.
            let shown: Vec<(Option<Rating>, String)> = members
                .iter()
                .map(|m| {
                    match (
                        teammate_ratings_shown(m.submitted),
                        m.workspace.practices.get(&practice.id),
                    ) {
                        (true, Some(work)) => (work.rating, work.note.clone()),
                        _ => (None, String::new()),
                    }
                })
                .collect();
            let ratings: Vec<Option<Rating>> = shown.iter().map(|(r, _)| *r).collect();
            let submitted: Vec<Option<Rating>> = members
                .iter()
                .zip(&ratings)
                .filter(|(m, _)| m.submitted)
                .map(|(_, r)| *r)
                .collect();
            MemberRatings {
                practice: practice.id.clone(),
                unanimous: unanimous(&submitted),
                spread: spread(&ratings),
                ratings,
                notes: shown.into_iter().map(|(_, n)| n).collect(),
            }
        })
        .collect()
}

/// Whether the team's ratings are final, and whether this viewer sees the key, given whether the
/// class shows it to the team now. In an instructor-led class the reveal made the team's ratings
/// final, and hiding the key again does not reopen them; and the key also waits while another
/// class of this viewer's withholds it (keys are per course; see `shown_to_person`).
async fn key_for(
    backend: &AppState,
    user: &CurrentUser,
    class: &ClassRef,
    key_shown: bool,
) -> Result<(bool, bool), Refusal> {
    let storage = &backend.accounts.storage;
    let ever_revealed = class.mode == ClassMode::InstructorLed
        && storage
            .appraisal_ever_revealed(class.id)
            .await
            .map_err(unavailable)?;
    let withheld = storage
        .appraisal_withheld_elsewhere(user.id, Scope::Class(class.id))
        .await
        .map_err(unavailable)?;
    Ok((
        final_after_reveal(key_shown, ever_revealed, true),
        shown_to_person(key_shown, withheld),
    ))
}

pub async fn team_page(
    backend: &AppState,
    user: &CurrentUser,
    class_id: ClassId,
    team_id: Option<TeamId>,
) -> Result<TeamPage, Refusal> {
    let (case, _) = case_and_key(backend)?;
    let (class, _) = class_context(backend, user, Some(class_id)).await?;
    let class = class.ok_or(Refusal::NotFound)?;
    let Some((team, member)) = resolve_team(backend, user, class_id, team_id).await? else {
        return Ok(TeamPage::NoTeam { class });
    };
    // A jigsaw team sees, rates and is compared on its share of the scope only.
    let narrowed = case.narrowed_to(&team.process_areas);
    let case = &narrowed;
    let members = members_work(backend, class_id, &team).await?;
    let (_, own_submitted_at) = backend
        .accounts
        .storage
        .workspace(user.id, Scope::Class(class_id))
        .await
        .map_err(unavailable)?;
    let own_submitted = own_submitted_at.is_some();
    let key_shown = team_key_shown(
        class.mode,
        team.submitted_at.is_some(),
        revealed(backend, &Some(class.clone())).await?,
    );
    // A member who has not rated alone yet sees neither the others' ratings, nor the team's,
    // nor the key: none of it leaves the server for them.
    let may_see = may_see_team_work(member, own_submitted);
    let agreed = if may_see {
        team.workspace
    } else {
        TeamWorkspace::default()
    };
    let (ratings_final, key_for_viewer) = key_for(backend, user, &class, key_shown).await?;
    let comparison = if may_see && key_for_viewer {
        Some(comparison_view(backend, Some(class_id), &agreed.agreed, &team.process_areas).await?)
    } else {
        None
    };
    Ok(TeamPage::Team(Box::new(TeamAppraisalData {
        evaluation: evaluate(
            &case.practices,
            &agreed.agreed.ratings(),
            &agreed.agreed.mark_set(),
        ),
        locked_reason: team_locked_reason(member, own_submitted, ratings_final).map(str::to_string),
        side_by_side: if may_see {
            side_by_side(case, &members)
        } else {
            Vec::new()
        },
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
        submitted_at: team.submitted_at.clone(),
        team: agreed,
        comparison,
    })))
}

/// Applies a member's edit to their team's agreed ratings; answers what it changed, the practices
/// refused because a teammate changed them meanwhile, and what the ratings now give. Everything
/// else in the edit is saved, except when submitting: then a conflict leaves the team's ratings
/// untouched and unsubmitted.
pub async fn save_team(
    backend: &AppState,
    user: &CurrentUser,
    class_id: ClassId,
    fields: &[(String, String)],
    intent: TeamIntent,
) -> Result<(EditOutcome, Evaluation), Refusal> {
    let (case, _) = case_and_key(backend)?;
    let (class, _) = class_context(backend, user, Some(class_id)).await?;
    let mode = class.ok_or(Refusal::NotFound)?.mode;
    let storage = &backend.accounts.storage;
    let team = storage
        .team_of(class_id, user.id)
        .await
        .map_err(unavailable)?
        .ok_or_else(|| Refusal::Invalid(NOT_ON_A_TEAM.into()))?;
    refuse_outside_share(case, &team.process_areas, fields)?;
    let narrowed = case.narrowed_to(&team.process_areas);
    let case = &narrowed;
    let (_, own_submitted_at) = storage
        .workspace(user.id, Scope::Class(class_id))
        .await
        .map_err(unavailable)?;
    if let Some(reason) = team_locked_reason(true, own_submitted_at.is_some(), false) {
        return Err(Refusal::Invalid(reason.into()));
    }
    let author = Author {
        user_id: user.id,
        name: user.display_name.clone(),
    };
    // Filling in unanimous ratings applies the rest of the form first, so nothing typed is lost.
    let members: Vec<Workspace> = if intent == TeamIntent::AdoptUnanimous {
        members_work(backend, class_id, &team)
            .await?
            .into_iter()
            .filter(|m| m.submitted)
            .map(|m| m.workspace)
            .collect()
    } else {
        Vec::new()
    };
    let evaluation = |team: &TeamWorkspace| {
        evaluate(
            &case.practices,
            &team.agreed.ratings(),
            &team.agreed.mark_set(),
        )
    };
    let outcome = storage
        .update_team_workspace(team.id, |stored, state| {
            // Checked inside the transaction, so an edit that waited for a teammate's submit
            // (or the reveal) does not change ratings that have become final.
            if let Some(reason) = team_locked_reason(
                true,
                true,
                team_key_shown(mode, state.submitted, state.revealed),
            ) {
                return Err(reason.to_string());
            }
            let (mut next, outcome) = apply_team_edit(stored, case, fields, &author)?;
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

/// Refuses an edit that rates, notes or cites evidence for a practice outside the team's share
/// of the scope, naming the first such practice and the share (a form from before the instructor
/// changed the share, or a hand-made request).
fn refuse_outside_share(
    case: &app::appraisal::CaseFile,
    share: &[String],
    fields: &[(String, String)],
) -> Result<(), Refusal> {
    if share.is_empty() {
        return Ok(());
    }
    for (name, value) in fields {
        let Some((kind, practice)) = name.split_once('.') else {
            continue;
        };
        if !matches!(kind, "rating" | "note" | "evidence" | "mark") {
            continue;
        }
        let outside = case
            .practices
            .iter()
            .find(|p| p.id == practice || p.goal == practice)
            .is_some_and(|p| !share.contains(&p.process_area));
        if outside && !value.trim().is_empty() {
            return Err(Refusal::Invalid(format!(
                "{practice} is not in your team's share of the appraisal: your instructor gave \
                 your team {}. Reload the page to see it.",
                share.join(", ")
            )));
        }
    }
    Ok(())
}

/// The answer to a learner who is on no team of the class.
pub const NOT_ON_A_TEAM: &str =
    "You are not on a team in this class; your instructor puts learners on teams.";
