//! Server functions and page data for the appraisal: the learner's workspace (with autosave and,
//! when allowed, the comparison with the key), the case file's evidence, and the instructor's
//! class heatmap. Thin: the backend decides who may see what.

use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

use crate::api_exercises::ClassRef;
use crate::api_people::Access;
use crate::appraisal::workspace::Workspace;
use crate::appraisal::{CaseFile, Comparison, Evaluation, EvidenceItem, Rating};
use crate::people::ClassMode;

/// When the key may be compared with a learner's ratings: alone or in a self-paced class as soon
/// as they submit; in an instructor-led class once they submitted and the instructor revealed it.
pub fn key_visible(mode: Option<ClassMode>, submitted: bool, revealed: bool) -> bool {
    submitted && (mode != Some(ClassMode::InstructorLed) || revealed)
}

/// For a member of a team: alone or in a self-paced class they see the key once their team has
/// submitted its agreed ratings too, so the key cannot steer the team's discussion; in an
/// instructor-led class the reveal decides, as for everyone.
pub fn member_key_visible(
    mode: Option<ClassMode>,
    submitted: bool,
    revealed: bool,
    team_submitted: Option<bool>,
) -> bool {
    key_visible(mode, submitted, revealed)
        && (mode == Some(ClassMode::InstructorLed) || team_submitted.unwrap_or(true))
}

/// Whether a team's agreed ratings are compared with the key, and so final: in an
/// instructor-led class at the reveal (submitted or not, since its members see the key then);
/// otherwise once the team has submitted.
pub fn team_key_shown(mode: ClassMode, team_submitted: bool, revealed: bool) -> bool {
    if mode == ClassMode::InstructorLed {
        revealed
    } else {
        team_submitted
    }
}

/// Why a learner can no longer change their own ratings, if they cannot: in a class once the
/// key is shown to them; on a team once they submitted, since teammates then see them and a
/// later change would no longer be their own reading of the evidence.
pub fn own_locked_reason(
    in_class: bool,
    key_shown: bool,
    on_team_and_submitted: bool,
) -> Option<&'static str> {
    if in_class && key_shown {
        Some("The key is revealed to you, so your ratings are final and read-only.")
    } else if on_team_and_submitted {
        Some("You submitted your own ratings and your team sees them beside theirs, so they are final; agree the team's ratings on the team page.")
    } else {
        None
    }
}

/// The team a learner is on, for links between their workspace and the team's.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamRef {
    pub id: i64,
    pub name: String,
    pub submitted: bool,
}

/// The key's view of one practice, shown beside the learner's note after the reveal.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KeyEntryView {
    pub practice: String,
    pub rating: Rating,
    /// Whether the class's instructors changed the course's default rating.
    pub adjusted: bool,
    pub evidence: Vec<String>,
    pub rationale_html: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ComparisonView {
    pub comparison: Comparison,
    pub key_evaluation: Evaluation,
    /// In scope order.
    pub key: Vec<KeyEntryView>,
    pub key_marks: Vec<(String, String)>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AppraisalPageData {
    /// The case without the evidence bodies (they have their own pages).
    pub case: CaseFile,
    pub class: Option<ClassRef>,
    pub signed_in: bool,
    pub workspace: Workspace,
    pub evaluation: Evaluation,
    pub submitted_at: Option<String>,
    /// Why the workspace is read-only, if it is.
    pub locked_reason: Option<String>,
    pub comparison: Option<ComparisonView>,
    /// The learner's team in this class, if they are on one.
    pub team: Option<TeamRef>,
}

/// One practice's row of the class heatmap: each column's (learner's or team's) distance from
/// the key (`None`: unrated), and how the class rated it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HeatmapRow {
    pub practice: String,
    pub title: String,
    pub key: Rating,
    /// Whether the class's instructors changed the course's default rating.
    pub adjusted: bool,
    pub distances: Vec<Option<u8>>,
    /// Count of FI, LI, PI, NI.
    pub counts: [u32; 4],
    /// Mean distance from the key over those who rated it.
    pub dispute: f64,
    /// The module whose lesson teaches the practice's process area.
    pub lesson: Option<(String, String)>,
}

/// A column of the heatmap: a learner, or a team and its agreed ratings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HeatColumn {
    pub name: String,
    /// The learner's username, or the team's members.
    pub detail: String,
    pub submitted: bool,
    /// 0–100 against the key.
    pub score: f64,
    pub kappa: Option<f64>,
    /// The team's page, for a team column.
    pub link: Option<String>,
}

/// A learner of the class and the team they are on, for the instructor's team assignment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamAssignment {
    pub user_id: i64,
    pub name: String,
    pub username: String,
    pub team: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClassAppraisal {
    pub class: ClassRef,
    pub revealed: bool,
    /// Whether the columns are teams (else learners).
    pub by_teams: bool,
    pub columns: Vec<HeatColumn>,
    pub rows: Vec<HeatmapRow>,
    pub roster: Vec<TeamAssignment>,
    /// Team names, with how many members each has.
    pub teams: Vec<(String, usize)>,
}

#[server]
pub async fn get_appraisal_page(
    class_id: Option<i64>,
) -> Result<Option<Access<AppraisalPageData>>, ServerFnError> {
    use crate::api_people::ssr::*;
    let user = current_user().await?;
    match backend()?.appraisal_page(user.as_ref(), class_id).await {
        Err(crate::backend::Refusal::NotFound) => Ok(None),
        other => access(other).map(Some),
    }
}

/// Saves the workspace as the learner works; `form` is its fields, URL-encoded.
#[server(endpoint = "save_appraisal_draft", input = Json)]
pub async fn save_appraisal_draft(
    class_id: Option<i64>,
    form: String,
) -> Result<Access<Evaluation>, ServerFnError> {
    use crate::api_people::ssr::*;
    let Some(user) = current_user().await? else {
        return Ok(Access::SignInRequired);
    };
    let fields: Vec<(String, String)> = serde_urlencoded::from_str(&form)
        .map_err(|_| ServerFnError::new("The ratings could not be read; reload the page."))?;
    access(backend()?.save_appraisal(&user, class_id, fields).await)
}

/// The case file's evidence (bodies included), filtered by a search text and a practice.
#[server]
pub async fn get_evidence(
    query: String,
    practice: String,
) -> Result<Option<(CaseFile, Vec<EvidenceItem>)>, ServerFnError> {
    let course = crate::api::ssr::course()?;
    let Some((case, _)) = course.appraisal.as_ref() else {
        return Ok(None);
    };
    let words: Vec<String> = query.split_whitespace().map(|w| w.to_lowercase()).collect();
    let items = case
        .evidence
        .iter()
        .filter(|e| practice.is_empty() || e.practices.contains(&practice))
        .filter(|e| {
            let text = format!("{} {} {} {}", e.id, e.title, e.author, e.html).to_lowercase();
            words.iter().all(|w| text.contains(w))
        })
        .cloned()
        .collect();
    Ok(Some((case.outline(), items)))
}

/// The class heatmap; `by` is `teams` for one column per team, else one per learner.
#[server]
pub async fn get_class_appraisal(
    class_id: i64,
    #[server(default)] by: String,
) -> Result<Access<ClassAppraisal>, ServerFnError> {
    use crate::api_people::ssr::*;
    let Some(user) = current_user().await? else {
        return Ok(Access::SignInRequired);
    };
    access(
        backend()?
            .class_appraisal(&user, class_id, by == "teams")
            .await,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_shows_after_submitting_and_in_led_classes_after_the_reveal() {
        assert!(!key_visible(None, false, false));
        assert!(key_visible(None, true, false));
        assert!(key_visible(Some(ClassMode::SelfPaced), true, false));
        assert!(!key_visible(Some(ClassMode::InstructorLed), true, false));
        assert!(key_visible(Some(ClassMode::InstructorLed), true, true));
        assert!(!key_visible(Some(ClassMode::InstructorLed), false, true));
    }

    #[test]
    fn a_team_member_sees_the_key_once_the_team_submitted_unless_the_reveal_decides() {
        let paced = Some(ClassMode::SelfPaced);
        let led = Some(ClassMode::InstructorLed);
        assert!(!member_key_visible(paced, true, false, Some(false)));
        assert!(member_key_visible(paced, true, false, Some(true)));
        assert!(member_key_visible(paced, true, false, None));
        assert!(!member_key_visible(paced, false, false, Some(true)));
        assert!(member_key_visible(led, true, true, Some(false)));
        assert!(!member_key_visible(led, true, false, Some(true)));
    }

    #[test]
    fn a_teams_ratings_are_final_at_the_reveal_or_once_submitted_when_self_paced() {
        use ClassMode::*;
        assert!(team_key_shown(InstructorLed, false, true));
        assert!(!team_key_shown(InstructorLed, true, false));
        assert!(team_key_shown(SelfPaced, true, false));
        assert!(!team_key_shown(SelfPaced, false, true));
    }

    #[test]
    fn own_ratings_lock_when_the_key_shows_in_a_class_or_once_submitted_on_a_team() {
        assert!(own_locked_reason(true, true, false)
            .unwrap()
            .contains("key is revealed"));
        assert!(
            own_locked_reason(false, true, false).is_none(),
            "alone: free to try again"
        );
        assert!(own_locked_reason(true, false, true)
            .unwrap()
            .contains("team sees them"));
        assert!(own_locked_reason(true, false, false).is_none());
    }
}
