//! Table tests and property tests of the rating rules and the comparison.

use std::collections::{HashMap, HashSet};

use proptest::prelude::*;

use super::compare::quadratic_weighted_kappa;
use super::*;
use Rating::*;

/// A process area X with SG1 (two practices), SG2 (one) and GG2 (ten), and Y with SG1 only.
fn scope() -> Vec<ScopedPractice> {
    let practice = |id: &str, goal: &str| ScopedPractice {
        id: id.to_string(),
        process_area: id.split(':').next().unwrap().to_string(),
        goal: goal.to_string(),
        title: String::new(),
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

fn all(rating: Rating) -> HashMap<String, Rating> {
    scope().into_iter().map(|p| (p.id, rating)).collect()
}

fn with(
    mut ratings: HashMap<String, Rating>,
    changes: &[(&str, Rating)],
) -> HashMap<String, Rating> {
    for (id, rating) in changes {
        ratings.insert(id.to_string(), *rating);
    }
    ratings
}

fn x(ratings: &HashMap<String, Rating>, marks: &[&str]) -> ProcessAreaResult {
    let marks = marks.iter().map(|m| m.to_string()).collect();
    evaluate(&scope(), ratings, &marks).process_areas[0].clone()
}

#[test]
fn goal_ratings_and_capability_levels_follow_the_rules() {
    // (changes from all-FI, expected SG1, SG2, GG2, capability level, MIL)
    use GoalRating::*;
    type Case<'a> = (Vec<(&'a str, Rating)>, [GoalRating; 3], u8, u8);
    let table: Vec<Case> = vec![
        (vec![], [Satisfied, Satisfied, Satisfied], 2, 4),
        (
            vec![("X:SG1.SP2", LI)],
            [Satisfied, Satisfied, Satisfied],
            2,
            4,
        ),
        (
            vec![("X:SG1.SP2", PI)],
            [Unsatisfied, Satisfied, Satisfied],
            0,
            0,
        ),
        (
            vec![("X:SG2.SP1", NI)],
            [Satisfied, Unsatisfied, Satisfied],
            0,
            0,
        ),
        (
            vec![("X:GG2.GP8", NI)],
            [Satisfied, Satisfied, Unsatisfied],
            1,
            3,
        ),
        (
            vec![("X:GG2.GP5", PI)],
            [Satisfied, Satisfied, Unsatisfied],
            1,
            2,
        ),
        (
            vec![("X:GG2.GP2", PI)],
            [Satisfied, Satisfied, Unsatisfied],
            1,
            1,
        ),
    ];
    for (changes, goals, level, mil) in table {
        let result = x(&with(all(FI), &changes), &[]);
        let got: Vec<GoalRating> = result.goals.iter().map(|g| g.rating).collect();
        assert_eq!(got, goals, "{changes:?}");
        assert_eq!(
            (result.capability_level, result.mil),
            (level, mil),
            "{changes:?}"
        );
        assert_eq!((result.capability_ceiling, result.mil_ceiling), (2, 4));
    }
}

#[test]
fn unrated_practices_leave_the_goal_not_rated() {
    let mut ratings = all(FI);
    ratings.remove("X:SG2.SP1");
    let result = x(&ratings, &[]);
    assert_eq!(result.goals[1].rating, GoalRating::NotRated);
    assert_eq!(result.capability_level, 0);
    assert_eq!((result.rated, result.practices), (12, 13));
}

#[test]
fn an_appraiser_can_mark_a_goal_unsatisfied_for_a_significant_weakness() {
    let result = x(&all(LI), &["X:SG1"]);
    assert_eq!(result.goals[0].rating, GoalRating::Unsatisfied);
    assert!(result.goals[0].marked_unsatisfied);
    assert_eq!(result.capability_level, 0);
    // A mark on a goal that is unsatisfied anyway is not what made it so.
    let result = x(&with(all(LI), &[("X:SG1.SP1", NI)]), &["X:SG1"]);
    assert!(!result.goals[0].marked_unsatisfied);
}

#[test]
fn without_generic_practices_in_scope_the_level_stops_at_one() {
    let y = evaluate(&scope(), &all(FI), &HashSet::new()).process_areas[1].clone();
    assert_eq!(y.process_area, "Y");
    assert_eq!((y.capability_level, y.capability_ceiling), (1, 1));
    assert_eq!((y.mil, y.mil_ceiling), (1, 1));
}

#[test]
fn kappa_matches_values_worked_by_hand() {
    assert_eq!(
        quadratic_weighted_kappa(&[(FI, FI), (LI, LI), (PI, PI), (NI, NI)]),
        Some(1.0)
    );
    // Two raters who swap FI and LI on two practices disagree as much as chance allows.
    assert_eq!(quadratic_weighted_kappa(&[(FI, LI), (LI, FI)]), Some(-1.0));
    // One practice one step apart out of four: κ = 1 − (0.25/9) / (2.5/9) = 0.9.
    let kappa = quadratic_weighted_kappa(&[(FI, FI), (LI, LI), (PI, LI), (NI, NI)]).unwrap();
    assert!((kappa - 0.9).abs() < 1e-12, "{kappa}");
    assert_eq!(quadratic_weighted_kappa(&[]), None);
    assert_eq!(quadratic_weighted_kappa(&[(PI, PI), (PI, PI)]), Some(1.0));
}

#[test]
fn a_comparison_lists_exactly_the_differences_with_partial_credit() {
    let key = with(all(LI), &[("X:SG1.SP1", FI), ("Y:SG1.SP1", PI)]);
    let learner = with(key.clone(), &[("X:SG1.SP1", LI), ("X:GG2.GP3", NI)]);
    let none = HashSet::new();
    let result = compare(&scope(), &learner, &key, &none, &none);
    let differences: Vec<(&str, u8)> = result
        .differences
        .iter()
        .map(|d| (d.practice.as_str(), d.distance))
        .collect();
    assert_eq!(differences, [("X:SG1.SP1", 1), ("X:GG2.GP3", 2)]);
    assert_eq!(result.practices, 14);
    assert!((result.exact_agreement - 12.0 / 14.0).abs() < 1e-12);
    assert!((result.within_one_step - 13.0 / 14.0).abs() < 1e-12);
    assert!((result.score - 100.0 * 12.5 / 14.0).abs() < 1e-9);
    // GG2 differs (Unsatisfied for the learner): 4 goals, 3 agree; levels 1 against 2 for X.
    assert!((result.goal_agreement - 0.75).abs() < 1e-12);
    assert!((result.capability_level_agreement - 0.5).abs() < 1e-12);
}

fn ratings_strategy() -> impl Strategy<Value = HashMap<String, Rating>> {
    let ids: Vec<String> = scope().into_iter().map(|p| p.id).collect();
    proptest::collection::vec(0u8..4, ids.len()).prop_map(move |steps| {
        ids.iter()
            .cloned()
            .zip(steps.into_iter().map(|s| Rating::ALL[s as usize]))
            .collect()
    })
}

proptest! {
    #[test]
    fn identical_ratings_agree_fully(ratings in ratings_strategy()) {
        let none = HashSet::new();
        let result = compare(&scope(), &ratings, &ratings, &none, &none);
        prop_assert_eq!(result.weighted_kappa, Some(1.0));
        prop_assert_eq!(result.score, 100.0);
        prop_assert_eq!(result.exact_agreement, 1.0);
        prop_assert!(result.differences.is_empty());
        prop_assert_eq!(result.capability_level_agreement, 1.0);
    }

    #[test]
    fn raising_one_rating_never_lowers_a_level(
        ratings in ratings_strategy(),
        index in 0usize..14,
    ) {
        let id = scope()[index].id.clone();
        let current = ratings[&id];
        prop_assume!(current != FI);
        let raised = with(ratings.clone(), &[(&id, Rating::ALL[current.step() as usize - 1])]);
        let none = HashSet::new();
        let before = evaluate(&scope(), &ratings, &none);
        let after = evaluate(&scope(), &raised, &none);
        for (b, a) in before.process_areas.iter().zip(&after.process_areas) {
            prop_assert!(a.capability_level >= b.capability_level);
            prop_assert!(a.mil >= b.mil);
        }
    }

    #[test]
    fn agreement_figures_stay_in_range_and_kappa_is_symmetric(
        a in ratings_strategy(),
        b in ratings_strategy(),
    ) {
        let none = HashSet::new();
        let ab = compare(&scope(), &a, &b, &none, &none);
        let ba = compare(&scope(), &b, &a, &none, &none);
        let kappa = ab.weighted_kappa.unwrap();
        prop_assert!((-1.0 - 1e-9..=1.0 + 1e-9).contains(&kappa));
        prop_assert!((kappa - ba.weighted_kappa.unwrap()).abs() < 1e-9);
        prop_assert!(ab.exact_agreement <= ab.within_one_step);
        prop_assert!((0.0..=100.0).contains(&ab.score));
        prop_assert_eq!(ab.differences.len(), ((1.0 - ab.exact_agreement) * 14.0).round() as usize);
    }
}
