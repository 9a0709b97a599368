//! Table and property tests of the gaps between the levels ratings reach and their targets.

use std::collections::{BTreeMap, HashMap, HashSet};

use proptest::prelude::*;

use super::*;
use Rating::*;

/// X: SG1 (two practices), SG2 (one), GG2 (ten generic practices); Y: SG1 (one practice).
fn scope() -> Vec<ScopedPractice> {
    let practice = |id: &str, goal: &str| ScopedPractice {
        id: id.to_string(),
        process_area: id.split(':').next().unwrap().to_string(),
        goal: goal.to_string(),
        title: format!("title of {id}"),
    };
    let mut scope = vec![
        practice("X:SG1.SP1", "X:SG1"),
        practice("X:SG1.SP2", "X:SG1"),
        practice("X:SG2.SP1", "X:SG2"),
    ];
    for n in 1..=10 {
        scope.push(practice(&format!("X:GG2.GP{n}"), "X:GG2"));
    }
    scope.push(practice("Y:SG1.SP1", "Y:SG1"));
    scope
}

fn ratings(all: Rating, changes: &[(&str, Rating)]) -> HashMap<String, Rating> {
    let mut ratings: HashMap<String, Rating> = scope().into_iter().map(|p| (p.id, all)).collect();
    for (id, rating) in changes {
        ratings.insert(id.to_string(), *rating);
    }
    ratings
}

fn targets(pairs: &[(&str, u8)]) -> BTreeMap<String, u8> {
    pairs.iter().map(|(a, l)| (a.to_string(), *l)).collect()
}

fn x_gap(ratings: &HashMap<String, Rating>, marks: &[&str], target: u8) -> AreaGap {
    let marks: HashSet<String> = marks.iter().map(|m| m.to_string()).collect();
    gaps(&scope(), ratings, &marks, &targets(&[("X", target)]))
        .into_iter()
        .find(|g| g.process_area == "X")
        .unwrap()
}

fn ids(gap: &AreaGap) -> Vec<&str> {
    gap.blockers.iter().map(|b| b.id.as_str()).collect()
}

#[test]
fn blockers_are_the_practices_below_li_in_the_goals_the_target_needs() {
    // (changes from all-FI, target, current level, gap, blocker ids in order)
    type Case<'a> = (Vec<(&'a str, Rating)>, u8, u8, u8, Vec<&'a str>);
    let table: Vec<Case> = vec![
        (vec![], 2, 2, 0, vec![]),
        (vec![("X:SG1.SP2", PI)], 1, 0, 1, vec!["X:SG1.SP2"]),
        // Level 1 needs the specific goals only: a weak GG2 practice does not block it.
        (
            vec![("X:SG1.SP2", PI), ("X:GG2.GP3", NI)],
            1,
            0,
            1,
            vec!["X:SG1.SP2"],
        ),
        // Level 2 needs GG2 as well; the SG practice comes first, since closing it alone gains a
        // level (GG2's practice gains nothing until the specific goals hold).
        (
            vec![("X:SG1.SP2", PI), ("X:GG2.GP3", NI)],
            2,
            0,
            2,
            vec!["X:SG1.SP2", "X:GG2.GP3"],
        ),
        // Two open in SG1 and one in SG2: none gains a level alone; the lone one in SG2 first.
        (
            vec![("X:SG1.SP1", NI), ("X:SG1.SP2", PI), ("X:SG2.SP1", PI)],
            1,
            0,
            1,
            vec!["X:SG2.SP1", "X:SG1.SP1", "X:SG1.SP2"],
        ),
        // A target below the current level is met: no blockers, no gap.
        (vec![], 1, 2, 0, vec![]),
        (vec![("X:GG2.GP10", PI)], 2, 1, 1, vec!["X:GG2.GP10"]),
    ];
    for (changes, target, current, gap, expected) in table {
        let result = x_gap(&ratings(FI, &changes), &[], target);
        assert_eq!(result.current_level, current, "{changes:?}");
        assert_eq!(result.gap, gap, "{changes:?}");
        assert_eq!(ids(&result), expected, "{changes:?}");
    }
}

#[test]
fn unrated_practices_block_and_say_so() {
    let mut partial = ratings(FI, &[]);
    partial.remove("X:SG2.SP1");
    let result = x_gap(&partial, &[], 1);
    assert_eq!(result.current_level, 0);
    assert_eq!(ids(&result), vec!["X:SG2.SP1"]);
    assert_eq!(
        result.blockers[0].kind,
        BlockerKind::Practice { rating: None }
    );
    // GG2 is all FI, so rating the last specific practice FI lifts the area two levels.
    assert_eq!(result.blockers[0].levels_gained, 2);
}

#[test]
fn a_goal_marked_unsatisfied_is_its_own_blocker() {
    let result = x_gap(&ratings(FI, &[]), &["X:SG2"], 2);
    assert_eq!(result.current_level, 0);
    assert_eq!(ids(&result), vec!["X:SG2"]);
    assert_eq!(result.blockers[0].kind, BlockerKind::MarkedGoal);
    assert_eq!(result.blockers[0].levels_gained, 2);
}

#[test]
fn a_target_beyond_the_scope_is_flagged_and_an_area_without_target_aims_at_its_ceiling() {
    let result = x_gap(&ratings(FI, &[]), &[], 3);
    assert!(result.beyond_scope);
    assert_eq!(result.gap, 1);
    assert!(
        result.blockers.is_empty(),
        "GG3 is not rated: nothing in scope blocks"
    );
    let all = gaps(
        &scope(),
        &ratings(NI, &[]),
        &HashSet::new(),
        &BTreeMap::new(),
    );
    let y = all.iter().find(|g| g.process_area == "Y").unwrap();
    assert_eq!((y.target_level, y.ceiling, y.gap), (1, 1, 1));
    assert_eq!(ids(y), vec!["Y:SG1.SP1"]);
}

fn rating() -> impl Strategy<Value = Option<Rating>> {
    prop_oneof![
        Just(None),
        Just(Some(FI)),
        Just(Some(LI)),
        Just(Some(PI)),
        Just(Some(NI))
    ]
}

fn any_ratings() -> impl Strategy<Value = HashMap<String, Rating>> {
    proptest::collection::vec(rating(), 14).prop_map(|choices| {
        scope()
            .into_iter()
            .zip(choices)
            .filter_map(|(p, r)| r.map(|r| (p.id, r)))
            .collect()
    })
}

proptest! {
    #[test]
    fn raising_a_blocking_practice_to_fi_never_widens_the_gap(
        ratings in any_ratings(),
        target in 0u8..=3,
        mark_sg2 in any::<bool>(),
    ) {
        let marks: Vec<&str> = if mark_sg2 { vec!["X:SG2"] } else { vec![] };
        let before = x_gap(&ratings, &marks, target);
        for blocker in &before.blockers {
            if let BlockerKind::Practice { .. } = blocker.kind {
                let mut raised = ratings.clone();
                raised.insert(blocker.id.clone(), FI);
                let after = x_gap(&raised, &marks, target);
                prop_assert!(after.gap <= before.gap);
                prop_assert_eq!(after.current_level, before.current_level + blocker.levels_gained);
            }
        }
    }

    #[test]
    fn a_target_met_has_no_blockers_and_an_unmet_one_within_scope_has_some(
        ratings in any_ratings(),
        target in 0u8..=2,
    ) {
        let result = x_gap(&ratings, &[], target);
        if result.current_level >= target {
            prop_assert!(result.blockers.is_empty());
            prop_assert_eq!(result.gap, 0);
        } else {
            prop_assert!(!result.blockers.is_empty());
        }
    }

    #[test]
    fn closing_every_blocker_reaches_the_target(ratings in any_ratings(), target in 0u8..=2) {
        let result = x_gap(&ratings, &[], target);
        let mut closed = ratings.clone();
        for blocker in &result.blockers {
            closed.insert(blocker.id.clone(), FI);
        }
        prop_assert!(x_gap(&closed, &[], target).current_level >= target);
    }
}
