use super::*;
use crate::ids::UserId;

const P1: &str = "X:SG1.SP1";
const P2: &str = "X:SG1.SP2";
const GOAL: &str = "X:SG1";

fn case() -> CaseFile {
    crate::appraisal::test_case(&[P1, P2])
}

/// Applies an edit given as form fields to `team`; the fields must be valid.
fn edit(
    team: &TeamWorkspace,
    pairs: &[(&str, &str)],
    who: &Author,
) -> (TeamWorkspace, EditOutcome) {
    apply_team_edit(team, &case(), &fields(pairs), who).unwrap()
}

fn author(user_id: i64, name: &str) -> Author {
    Author {
        user_id: UserId(user_id),
        name: name.into(),
    }
}

fn ana() -> Author {
    author(1, "Ana")
}

fn ben() -> Author {
    author(2, "Ben")
}

fn chen() -> Author {
    author(3, "Chen")
}

fn fields(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect()
}

fn rating_of(team: &TeamWorkspace, practice: &str) -> Option<Rating> {
    team.agreed.practices.get(practice).and_then(|w| w.rating)
}

#[test]
fn an_edit_from_the_current_revision_applies_and_counts_a_revision() {
    let (team, EditOutcome { conflicts, .. }) = edit(
        &TeamWorkspace::default(),
        &[
            ("seen.X:SG1.SP1", "0"),
            ("rating.X:SG1.SP1", "LI"),
            ("note.X:SG1.SP1", "Agreed after debate."),
            ("seen.X:SG1", "0"),
            ("mark.X:SG1", "on"),
        ],
        &ana(),
    );
    assert!(conflicts.is_empty());
    assert_eq!(rating_of(&team, P1), Some(Rating::LI));
    assert_eq!(team.agreed.practices[P1].note, "Agreed after debate.");
    assert!(team.agreed.marks.contains(GOAL));
    assert_eq!(team.revision(P1), 1);
    assert_eq!(team.revision(GOAL), 1);
    assert_eq!(team.changed_by[P1], "Ana");
    // Nothing changed on P2, so its revision stays at 0.
    assert_eq!(team.revision(P2), 0);
}

#[test]
fn a_stale_edit_is_refused_for_that_practice_only_and_names_who_changed_it() {
    let (after_ana, _) = edit(
        &TeamWorkspace::default(),
        &[("seen.X:SG1.SP1", "0"), ("rating.X:SG1.SP1", "LI")],
        &ana(),
    );
    // Ben loaded the page before Ana saved: he changes P1 (stale) and P2 (fresh).
    let (after_ben, EditOutcome { conflicts, .. }) = edit(
        &after_ana,
        &[
            ("seen.X:SG1.SP1", "0"),
            ("rating.X:SG1.SP1", "PI"),
            ("seen.X:SG1.SP2", "0"),
            ("rating.X:SG1.SP2", "FI"),
        ],
        &ben(),
    );
    assert_eq!(
        conflicts,
        [EditConflict {
            item: P1.into(),
            changed_by: "Ana".into()
        }]
    );
    assert_eq!(
        rating_of(&after_ben, P1),
        Some(Rating::LI),
        "Ana's rating kept"
    );
    assert_eq!(
        rating_of(&after_ben, P2),
        Some(Rating::FI),
        "Ben's other change kept"
    );
}

#[test]
fn a_stale_form_that_leaves_a_practice_unchanged_does_not_conflict_or_clear_it() {
    let (after_ana, _) = edit(
        &TeamWorkspace::default(),
        &[("seen.X:SG1.SP1", "0"), ("rating.X:SG1.SP1", "LI")],
        &ana(),
    );
    // Ben's page still shows P1 as LI at revision 1 and he only changes P2.
    let (after_ben, EditOutcome { conflicts, .. }) = edit(
        &after_ana,
        &[
            ("seen.X:SG1.SP1", "1"),
            ("rating.X:SG1.SP1", "LI"),
            ("seen.X:SG1.SP2", "0"),
            ("rating.X:SG1.SP2", "NI"),
        ],
        &ben(),
    );
    assert!(conflicts.is_empty());
    assert_eq!(after_ben.revision(P1), 1);
    // A form without `seen` for a practice leaves it alone, even though its rating is absent.
    let (partial, EditOutcome { conflicts, .. }) = edit(
        &after_ben,
        &[("seen.X:SG1.SP2", "1"), ("rating.X:SG1.SP2", "PI")],
        &chen(),
    );
    assert!(conflicts.is_empty());
    assert_eq!(rating_of(&partial, P1), Some(Rating::LI));
    assert_eq!(rating_of(&partial, P2), Some(Rating::PI));
}

#[test]
fn a_whole_stale_form_leaves_what_the_editor_did_not_touch_and_says_it_changed() {
    let empty = fingerprint(None);
    let (after_ana, _) = edit(
        &TeamWorkspace::default(),
        &[("seen.X:SG1.SP1", "0"), ("rating.X:SG1.SP1", "LI")],
        &ana(),
    );
    // Ben's page was loaded before Ana's save: both practices empty, revision 0. He posts the
    // whole form, changing only P2.
    let (after_ben, outcome) = edit(
        &after_ana,
        &[
            ("seen.X:SG1.SP1", "0"),
            ("was.X:SG1.SP1", &empty),
            ("rating.X:SG1.SP1", ""),
            ("seen.X:SG1.SP2", "0"),
            ("was.X:SG1.SP2", &empty),
            ("rating.X:SG1.SP2", "PI"),
            ("note.X:SG1.SP2", "Line one\r\nline two"),
        ],
        &ben(),
    );
    assert!(outcome.conflicts.is_empty(), "Ben did not touch P1");
    assert_eq!(outcome.changed_by_others, [P1]);
    assert_eq!(
        rating_of(&after_ben, P1),
        Some(Rating::LI),
        "Ana's rating kept"
    );
    let p2 = after_ben.agreed.practices.get(P2);
    assert_eq!(outcome.applied, [(P2.to_string(), 1, fingerprint(p2))]);
    // The note comes back from the page with CRLF line breaks and is still "as shown".
    let shown = fingerprint(p2);
    let (again, outcome) = edit(
        &after_ben,
        &[
            ("seen.X:SG1.SP2", "1"),
            ("was.X:SG1.SP2", &shown),
            ("rating.X:SG1.SP2", "PI"),
            ("note.X:SG1.SP2", "Line one\r\nline two"),
        ],
        &ben(),
    );
    assert_eq!(outcome, EditOutcome::default());
    assert_eq!(again, after_ben);
}

#[test]
fn a_members_own_later_change_is_theirs_to_replace_and_equal_values_are_in_step() {
    let case = case();
    let edit = |team: &TeamWorkspace, seen: &str, rating: &str, who: &Author| {
        apply_team_edit(
            team,
            &case,
            &fields(&[("seen.X:SG1.SP1", seen), ("rating.X:SG1.SP1", rating)]),
            who,
        )
        .unwrap()
    };
    let (first, _) = edit(&TeamWorkspace::default(), "0", "LI", &ana());
    // Ana submits from a page still at revision 0 (her autosave answered meanwhile): hers.
    let (second, outcome) = edit(&first, "0", "PI", &ana());
    assert!(outcome.conflicts.is_empty());
    assert_eq!(rating_of(&second, P1), Some(Rating::PI));
    // Ben, at revision 0 too, is refused: the change is Ana's.
    let (_, outcome) = edit(&second, "0", "NI", &ben());
    assert_eq!(outcome.conflicts.len(), 1);
    // Ben, at revision 0, wanting what is already there: no conflict, and he is told the
    // current revision so his page carries on from it.
    let (same, outcome) = edit(&second, "0", "PI", &ben());
    assert!(outcome.conflicts.is_empty());
    assert_eq!(same, second);
    assert_eq!(
        outcome.applied,
        [(
            P1.to_string(),
            2,
            fingerprint(second.agreed.practices.get(P1))
        )]
    );
}

#[test]
fn clearing_a_practice_removes_it_and_bad_input_is_refused_with_the_item() {
    let case = case();
    let (rated, _) = edit(
        &TeamWorkspace::default(),
        &[("seen.X:SG1.SP1", "0"), ("rating.X:SG1.SP1", "FI")],
        &ana(),
    );
    let (cleared, _) = edit(
        &rated,
        &[("seen.X:SG1.SP1", "1"), ("rating.X:SG1.SP1", "")],
        &ana(),
    );
    assert!(!cleared.agreed.practices.contains_key(P1));
    let refused = |pairs: &[(&str, &str)]| {
        apply_team_edit(&rated, &case, &fields(pairs), &ana()).unwrap_err()
    };
    assert!(refused(&[("seen.X:SG1.SP1", "one")]).starts_with("X:SG1.SP1: the form's revision"));
    assert!(
        refused(&[("seen.X:SG1.SP1", "1"), ("rating.X:SG1.SP1", "XX")])
            .starts_with("X:SG1.SP1: a rating is FI")
    );
    assert!(
        refused(&[("seen.X:SG1.SP1", "1"), ("evidence.X:SG1.SP1", "E77")])
            .contains("no evidence item E77")
    );
}

#[test]
fn unanimity_needs_every_member_to_rate_alike_and_spread_counts_steps() {
    use Rating::*;
    assert_eq!(unanimous(&[Some(LI), Some(LI), Some(LI)]), Some(LI));
    assert_eq!(unanimous(&[Some(LI), Some(PI)]), None);
    assert_eq!(unanimous(&[Some(LI), None]), None);
    assert_eq!(unanimous(&[]), None);
    assert_eq!(
        unanimous(&[Some(LI)]),
        None,
        "one member agrees with nobody"
    );
    assert_eq!(spread(&[Some(FI), Some(PI), None]), 2);
    assert_eq!(spread(&[Some(NI)]), 0);
    assert_eq!(spread(&[None, None]), 0);
}

#[test]
fn adopting_unanimous_ratings_fills_only_what_the_team_left_unrated() {
    let case = case();
    let member = |p1: Rating, p2: Rating| {
        let mut workspace = Workspace::default();
        for (id, rating) in [(P1, p1), (P2, p2)] {
            workspace.practices.insert(
                id.into(),
                PracticeWork {
                    rating: Some(rating),
                    ..PracticeWork::default()
                },
            );
        }
        workspace
    };
    let members = [
        member(Rating::LI, Rating::PI),
        member(Rating::LI, Rating::PI),
    ];
    let (mut team, _) = edit(
        &TeamWorkspace::default(),
        &[("seen.X:SG1.SP2", "0"), ("rating.X:SG1.SP2", "NI")],
        &ana(),
    );
    assert_eq!(adopt_unanimous(&mut team, &case, &members, &ben()), 1);
    assert_eq!(rating_of(&team, P1), Some(Rating::LI));
    assert_eq!(
        rating_of(&team, P2),
        Some(Rating::NI),
        "the team's own rating stays"
    );
    assert_eq!(team.changed_by[P1], "Ben");
    assert_eq!(adopt_unanimous(&mut team, &case, &members, &ben()), 0);
}

#[test]
fn team_names_are_trimmed_and_checked() {
    assert_eq!(team_name("  Blue  ").unwrap(), Some("Blue".into()));
    assert_eq!(team_name("   ").unwrap(), None);
    assert!(team_name(&"x".repeat(41))
        .unwrap_err()
        .contains("at most 40"));
    assert!(team_name("a\nb")
        .unwrap_err()
        .contains("control characters"));
    // A long name is repeated cut short and without its control characters.
    let long = team_name(&format!("Blue\n{}", "x".repeat(10_000))).unwrap_err();
    assert!(long.contains("\"Blue\u{fffd}xxx"), "{long}");
    assert!(long.chars().count() < 120 && !long.chars().any(char::is_control));
}

#[test]
fn forming_teams_deals_learners_and_never_leaves_one_alone() {
    let ids = |numbers: &[i64]| numbers.iter().map(|n| UserId(*n)).collect::<Vec<_>>();
    let teams = form_teams(&ids(&[1, 2, 3, 4, 5, 6, 7]), &[("Team 2".into(), 3)], 3).unwrap();
    let names: Vec<&str> = teams.iter().map(|(_, n)| n.as_str()).collect();
    assert_eq!(
        names,
        ["Team 1", "Team 1", "Team 1", "Team 3", "Team 3", "Team 3", "Team 3"]
    );
    assert_eq!(form_teams(&ids(&[1, 2]), &[], 3).unwrap().len(), 2);
    assert!(form_teams(&[], &[], 3).unwrap().is_empty());
    assert!(form_teams(&ids(&[1, 2]), &[], 1)
        .unwrap_err()
        .contains("2 to 12"));
    // One learner to place joins the smallest existing team rather than a team of one.
    let existing = [("Blue".to_string(), 3), ("Green".to_string(), 2)];
    assert_eq!(
        form_teams(&ids(&[9]), &existing, 3).unwrap(),
        [(UserId(9), "Green".to_string())]
    );
    assert_eq!(
        form_teams(&ids(&[9]), &[], 3).unwrap(),
        [(UserId(9), "Team 1".to_string())]
    );
}

mod properties {
    use proptest::prelude::*;

    use super::*;

    fn rating() -> impl Strategy<Value = Option<Rating>> {
        prop_oneof![
            Just(None),
            proptest::sample::select(Rating::ALL.to_vec()).prop_map(Some)
        ]
    }

    /// One member's edit: for each practice, the rating they set and whether their form was
    /// loaded before the last change (stale).
    fn edit() -> impl Strategy<Value = (Author, Vec<(Option<Rating>, bool)>)> {
        (
            proptest::sample::select(vec![ana(), ben()]),
            proptest::collection::vec((rating(), any::<bool>()), 2),
        )
    }

    proptest! {
        /// Whatever sequence of fresh and stale edits members make, an edit applies exactly where
        /// it started from the current revision (or replaces the editor's own later change);
        /// a teammate's accepted value is never overwritten, and every accepted change counts
        /// one revision.
        #[test]
        fn stale_edits_never_overwrite_and_fresh_edits_always_apply(edits in proptest::collection::vec(edit(), 1..12)) {
            let case = case();
            let mut team = TeamWorkspace::default();
            for (author, changes) in edits {
                let mut form = Vec::new();
                for ((rating, stale), practice) in changes.iter().zip([P1, P2]) {
                    let revision = team.revision(practice);
                    let seen = if *stale { revision.wrapping_sub(1) } else { revision };
                    form.push((format!("seen.{practice}"), seen.to_string()));
                    form.push((format!("rating.{practice}"), rating.map(|r| r.code()).unwrap_or("").to_string()));
                }
                let (next, EditOutcome { conflicts, .. }) = apply_team_edit(&team, &case, &form, &author).unwrap();
                for ((rating, stale), practice) in changes.iter().zip([P1, P2]) {
                    let before = rating_of(&team, practice);
                    let after = rating_of(&next, practice);
                    let conflicted = conflicts.iter().any(|c| c.item == practice);
                    if *rating == before {
                        prop_assert_eq!(after, before);
                        prop_assert_eq!(next.revision(practice), team.revision(practice));
                        prop_assert!(!conflicted);
                    } else if *stale && team.changed_by_id.get(practice) != Some(&author.user_id) {
                        prop_assert_eq!(after, before, "a stale edit of {} overwrote it", practice);
                        prop_assert!(conflicted);
                    } else {
                        prop_assert_eq!(after, *rating);
                        prop_assert!(!conflicted);
                        prop_assert_eq!(next.revision(practice), team.revision(practice) + 1);
                        prop_assert!(!conflicted);
                    }
                }
                team = next;
            }
        }
    }
}
