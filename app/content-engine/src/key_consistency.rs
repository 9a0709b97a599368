//! One rule for the whole key: practices of a goal that rest on the same weakness must be seen
//! together. When two or more practices of a goal are rated LI for the same weakness (named by a
//! weakness tag on each rating), the key must say what that weakness does to the goal: either a
//! goal override (together they make the goal unsatisfied) or a written reason why they do not.
//! Without either, the loader warns: that is how one key came to rate the same weakness
//! differently from the other and from the course's own teaching.

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::error::ContentError;
use domain::appraisal::Rating;

/// A key rating as this rule sees it, with where it was written.
pub struct TaggedRating {
    pub practice: String,
    pub goal: String,
    pub rating: Rating,
    pub weaknesses: Vec<String>,
    pub file: PathBuf,
    pub line: usize,
}

/// A reason the key gives why a weakness shared by practices of a goal leaves the goal satisfied.
pub struct SharedWeakness {
    pub goal: String,
    pub weakness: String,
    pub file: PathBuf,
    pub line: usize,
}

/// Warnings for every goal whose LI practices share a weakness the key says nothing about, and
/// errors for reasons given about a weakness that no two LI practices of the goal share (a
/// reason left behind when the ratings changed).
pub fn check_shared_weaknesses(
    ratings: &[TaggedRating],
    overridden_goals: &[String],
    reasons: &[SharedWeakness],
    errors: &mut Vec<ContentError>,
    warnings: &mut Vec<ContentError>,
) {
    let mut sharing: BTreeMap<(&str, &str), Vec<&TaggedRating>> = BTreeMap::new();
    for rating in ratings.iter().filter(|r| r.rating == Rating::LI) {
        for weakness in &rating.weaknesses {
            sharing
                .entry((rating.goal.as_str(), weakness.as_str()))
                .or_default()
                .push(rating);
        }
    }
    for ((goal, weakness), practices) in &sharing {
        if practices.len() < 2 || overridden_goals.iter().any(|g| g == goal) {
            continue;
        }
        let explained = reasons
            .iter()
            .any(|r| r.goal == *goal && r.weakness == *weakness);
        if !explained {
            let names: Vec<&str> = practices.iter().map(|p| p.practice.as_str()).collect();
            warnings.push(ContentError::new(
                &practices[0].file,
                Some(practices[0].line),
                format!(
                    "goal {goal} has {} LI practices ({}) resting on the same weakness \
                     `{weakness}`: add a [[goal_overrides]] entry if together they make the goal \
                     unsatisfied, or a [[shared_weaknesses]] entry saying why they do not",
                    practices.len(),
                    names.join(", ")
                ),
            ));
        }
    }
    for reason in reasons {
        let shared = sharing
            .get(&(reason.goal.as_str(), reason.weakness.as_str()))
            .is_some_and(|p| p.len() >= 2);
        if !shared {
            errors.push(ContentError::new(
                &reason.file,
                Some(reason.line),
                format!(
                    "no two LI practices of {} rest on the weakness `{}`; remove this reason or \
                     tag the ratings it explains",
                    reason.goal, reason.weakness
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rating(practice: &str, rating: Rating, weaknesses: &[&str]) -> TaggedRating {
        TaggedRating {
            practice: practice.into(),
            goal: practice.split('.').next().unwrap().into(),
            rating,
            weaknesses: weaknesses.iter().map(|w| w.to_string()).collect(),
            file: "key.toml".into(),
            line: 1,
        }
    }

    fn reason(goal: &str, weakness: &str) -> SharedWeakness {
        SharedWeakness {
            goal: goal.into(),
            weakness: weakness.into(),
            file: "key.toml".into(),
            line: 9,
        }
    }

    fn check(
        ratings: &[TaggedRating],
        overrides: &[&str],
        reasons: &[SharedWeakness],
    ) -> (Vec<ContentError>, Vec<ContentError>) {
        let (mut errors, mut warnings) = (Vec::new(), Vec::new());
        let overrides: Vec<String> = overrides.iter().map(|o| o.to_string()).collect();
        check_shared_weaknesses(ratings, &overrides, reasons, &mut errors, &mut warnings);
        (errors, warnings)
    }

    #[test]
    fn two_li_practices_with_one_weakness_and_no_word_on_it_warn() {
        let li = Rating::LI;
        let ratings = [
            rating("IMC:SG2.SP2", li, &["ot-logs"]),
            rating("IMC:SG2.SP3", li, &["ot-logs", "triage"]),
            rating("IMC:SG3.SP1", li, &["ot-logs"]),
        ];
        let (errors, warnings) = check(&ratings, &[], &[]);
        assert!(errors.is_empty());
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0]
            .message
            .contains("goal IMC:SG2 has 2 LI practices"));
        assert!(warnings[0].message.contains("`ot-logs`"));

        assert!(check(&ratings, &["IMC:SG2"], &[]).1.is_empty());
        let (errors, warnings) = check(&ratings, &[], &[reason("IMC:SG2", "ot-logs")]);
        assert!(errors.is_empty() && warnings.is_empty());
    }

    #[test]
    fn other_ratings_and_different_weaknesses_do_not_warn() {
        let ratings = [
            rating("IMC:SG2.SP2", Rating::LI, &["ot-logs"]),
            rating("IMC:SG2.SP3", Rating::PI, &["ot-logs"]),
            rating("IMC:SG2.SP4", Rating::LI, &["triage"]),
        ];
        assert_eq!(check(&ratings, &[], &[]), (vec![], vec![]));
    }

    #[test]
    fn a_reason_for_a_weakness_no_two_practices_share_is_an_error() {
        let ratings = [rating("IMC:SG2.SP2", Rating::LI, &["ot-logs"])];
        let (errors, _) = check(&ratings, &[], &[reason("IMC:SG2", "ot-logs")]);
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].line, Some(9));
        assert!(errors[0].message.contains("no two LI practices of IMC:SG2"));
    }
}
