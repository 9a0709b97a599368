//! Who may see what, once the door has let a person in: the key and its rationales, a
//! teammate's ratings, an exercise's results. Each rule is a pure function of plain facts (the
//! class's mode, what was submitted, what the instructor revealed or released), so the whole
//! table is tested here and the server and pages only ask.

use serde::{Deserialize, Serialize};

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

/// Whether a person sees a key (or an exercise's results) here, given whether this place would
/// show it and whether a class they are a learner of still withholds it. Keys belong to the
/// course, so "hidden until release" holds per person: what any of their instructor-led classes
/// keeps back stays back for them everywhere, working alone included, or a learner could read
/// the key alone and then submit the same answers in class.
pub fn shown_to_person(shown_here: bool, withheld_in_one_of_their_classes: bool) -> bool {
    shown_here && !withheld_in_one_of_their_classes
}

/// Whether ratings are final because they were compared with the key: while it is shown, and
/// after the instructor hides it again if they were submitted while it had been revealed (hiding
/// the key must not reopen ratings that were already compared with it).
pub fn final_after_reveal(shown_now: bool, ever_revealed: bool, submitted: bool) -> bool {
    shown_now || (ever_revealed && submitted)
}

/// How an instructor set an exercise up for a class. Absent settings mean the defaults.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassExerciseSetting {
    /// `Some(true)` opened by hand, `Some(false)` closed by hand, `None` never touched.
    pub open: Option<bool>,
    /// UTC, `YYYY-MM-DDTHH:MM`; answers are refused from then on.
    pub deadline: Option<String>,
    pub released: bool,
}

/// Whether answers are accepted now and whether results may be shown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExerciseStatus {
    pub accepting: bool,
    /// Why answers are not accepted, for the learner.
    pub closed_reason: Option<String>,
    pub deadline: Option<String>,
    pub results_visible: bool,
}

/// The rules: alone, an exercise is always open and results show at once; in a self-paced class
/// it is open unless the instructor closed it or its deadline passed, and results show at once;
/// in an instructor-led class it is open only while the instructor has it open (and before the
/// deadline), and results show when the instructor releases them. `now` is UTC text.
pub fn exercise_status(
    mode: Option<ClassMode>,
    setting: &ClassExerciseSetting,
    now: &str,
) -> ExerciseStatus {
    let past_deadline = setting
        .deadline
        .as_deref()
        .is_some_and(|deadline| now >= deadline);
    let (accepting, closed_reason, results_visible) = match mode {
        None => (true, None, true),
        Some(mode) => {
            let open = setting.open.unwrap_or(mode == ClassMode::SelfPaced);
            let reason = if past_deadline {
                Some("The deadline for this exercise has passed: answers are read-only.")
            } else if !open {
                Some("Your instructor has not opened this exercise for answers (or has closed it): answers are read-only.")
            } else {
                None
            };
            (
                reason.is_none(),
                reason.map(str::to_string),
                mode == ClassMode::SelfPaced || setting.released,
            )
        }
    };
    ExerciseStatus {
        accepting,
        closed_reason,
        deadline: setting.deadline.clone(),
        results_visible,
    }
}

/// Whether a person looking at a team's page sees its work (the members' ratings side by side,
/// the agreed ratings, the comparison): an instructor looking on always; a member only once they
/// submitted their own ratings, so that nothing of the team steers them while they rate alone.
pub fn may_see_team_work(member: bool, own_submitted: bool) -> bool {
    !member || own_submitted
}

/// Whether a teammate's own ratings appear side by side: only once that teammate submitted, so a
/// draft still being rated alone cannot steer the others.
pub fn teammate_ratings_shown(teammate_submitted: bool) -> bool {
    teammate_submitted
}

/// Why this person cannot change the team's agreed ratings, if they cannot: they are not on the
/// team, they have not rated alone yet, or the key is shown to the team.
pub fn team_locked_reason(
    member: bool,
    own_submitted: bool,
    key_shown: bool,
) -> Option<&'static str> {
    if !member {
        Some("Only the team's members change its ratings; you are looking at them.")
    } else if !own_submitted {
        Some("Rate alone first: submit your own ratings, then your team's ratings appear here side by side and you can agree the team's.")
    } else if key_shown {
        Some("The key is revealed to your team, so its ratings are final and read-only.")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: &str = "2026-12-01T10:00:00.000Z";

    #[test]
    fn alone_always_open_with_results() {
        let status = exercise_status(None, &ClassExerciseSetting::default(), NOW);
        assert!(status.accepting && status.results_visible);
    }

    #[test]
    fn instructor_led_waits_for_the_instructor_and_the_release() {
        let mode = Some(ClassMode::InstructorLed);
        let mut setting = ClassExerciseSetting::default();
        let status = exercise_status(mode, &setting, NOW);
        assert!(!status.accepting && !status.results_visible);
        setting.open = Some(true);
        assert!(exercise_status(mode, &setting, NOW).accepting);
        setting.deadline = Some("2026-12-01T09:59".into());
        let status = exercise_status(mode, &setting, NOW);
        assert!(!status.accepting);
        assert!(status.closed_reason.unwrap().contains("deadline"));
        setting.released = true;
        assert!(exercise_status(mode, &setting, NOW).results_visible);
    }

    #[test]
    fn self_paced_is_open_until_closed_and_shows_results_at_once() {
        let mode = Some(ClassMode::SelfPaced);
        let mut setting = ClassExerciseSetting::default();
        let status = exercise_status(mode, &setting, NOW);
        assert!(status.accepting && status.results_visible);
        setting.open = Some(false);
        assert!(!exercise_status(mode, &setting, NOW).accepting);
    }

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

    #[test]
    fn team_work_shows_to_onlookers_and_to_members_who_rated_alone() {
        // (member, own submitted) -> may see
        let table = [
            (false, false, true),
            (false, true, true),
            (true, false, false),
            (true, true, true),
        ];
        for (member, submitted, expected) in table {
            assert_eq!(
                may_see_team_work(member, submitted),
                expected,
                "{member} {submitted}"
            );
        }
        assert!(teammate_ratings_shown(true));
        assert!(!teammate_ratings_shown(false));
    }

    #[test]
    fn team_ratings_change_only_by_members_who_rated_alone_before_the_key_shows() {
        // (member, own submitted, key shown) -> the reason's telling words, or None
        let table = [
            (false, true, false, Some("Only the team's members")),
            (false, false, true, Some("Only the team's members")),
            (true, false, false, Some("Rate alone first")),
            (true, false, true, Some("Rate alone first")),
            (true, true, true, Some("key is revealed")),
            (true, true, false, None),
        ];
        for (member, submitted, key_shown, expected) in table {
            let reason = team_locked_reason(member, submitted, key_shown);
            match expected {
                Some(words) => assert!(
                    reason.unwrap().contains(words),
                    "{member} {submitted} {key_shown}"
                ),
                None => assert!(reason.is_none()),
            }
        }
    }

    #[test]
    fn a_key_withheld_in_any_class_of_theirs_is_withheld_everywhere() {
        assert!(shown_to_person(true, false));
        assert!(!shown_to_person(true, true));
        assert!(!shown_to_person(false, false));
        assert!(!shown_to_person(false, true));
    }

    #[test]
    fn hiding_the_key_again_keeps_compared_ratings_final() {
        assert!(final_after_reveal(true, true, true));
        assert!(final_after_reveal(false, true, true));
        assert!(!final_after_reveal(false, true, false));
        assert!(!final_after_reveal(false, false, true));
    }
}
