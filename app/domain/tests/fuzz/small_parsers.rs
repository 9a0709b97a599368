//! The small readers of addresses and forms: typed ids in paths, notice and error codes in query
//! strings, ratings and progress kinds, agenda times, team names and team sizes, and short
//! answers as graded. Each reads any text without panicking and accepts only its own words.

use domain::appraisal::team::{form_teams, team_name, MAX_TEAM_NAME_CHARS};
use domain::appraisal::Rating;
use domain::course::ClockTime;
use domain::exercise::normalize_short_answer;
use domain::ids::{ClassId, TeamId, UserId};
use domain::notice::{with_error, with_notice, FormError, Notice, NoticePage};
use domain::progress::ItemKind;
use proptest::prelude::*;

use super::mutations::{posted_text, tricky_text};
use super::support::{check_readable, fuzz};

const PAGES: [NoticePage; 7] = [
    NoticePage::Exercise,
    NoticePage::Appraisal,
    NoticePage::TeamAppraisal,
    NoticePage::ClassAppraisal,
    NoticePage::Grading,
    NoticePage::Class,
    NoticePage::Accounts,
];

/// A word from an address: a number, a known code or time, or posted text.
fn address_word() -> impl Strategy<Value = String> {
    let known: Vec<String> = Notice::ALL
        .iter()
        .map(|n| n.code().to_string())
        .chain(FormError::ALL.iter().map(|e| e.code().to_string()))
        .chain(
            [
                "FI", "LI", "lesson", "deck", "08:30", "23:59", "24:00", "+1:+5",
            ]
            .map(String::from),
        )
        .collect();
    prop_oneof![
        3 => posted_text(),
        1 => any::<i64>().prop_map(|n| n.to_string()),
        1 => "[+-]?[0-9]{0,25}",
        2 => proptest::sample::select(known),
        1 => "[0-9+-]{0,3}:[0-9+-]{0,3}",
    ]
}

#[test]
fn ids_read_only_numbers_and_print_back_as_read() {
    fuzz("ids::FromStr", 1, address_word(), |text| {
        if let Ok(id) = text.parse::<UserId>() {
            prop_assert_eq!(id.to_string().parse::<UserId>(), Ok(id));
        }
        if let Ok(id) = text.parse::<ClassId>() {
            prop_assert_eq!(id.get().to_string(), id.to_string());
        }
        let _ = text.parse::<TeamId>();
        Ok(())
    });
}

#[test]
fn notice_and_error_codes_read_only_their_own_codes() {
    let page = proptest::sample::select(PAGES.to_vec());
    fuzz(
        "notice::Notice::parse",
        1,
        (page, address_word()),
        |(page, code)| {
            if let Some(notice) = Notice::parse(page, &code) {
                prop_assert_eq!(notice.code(), code.as_str());
                prop_assert_eq!(notice.page(), page);
                prop_assert!(with_notice(&code, notice).ends_with(notice.code()));
            }
            if let Some(error) = FormError::parse(&code) {
                prop_assert_eq!(error.code(), code.as_str());
                prop_assert!(with_error(&code, error).ends_with(error.code()));
            }
            Ok(())
        },
    );
}

#[test]
fn ratings_progress_kinds_and_times_read_only_their_own_words() {
    fuzz("Rating, ItemKind, ClockTime", 1, address_word(), |text| {
        if let Some(rating) = Rating::parse(&text) {
            prop_assert_eq!(rating.code(), text.as_str());
        }
        if let Some(kind) = ItemKind::parse(&text) {
            prop_assert_eq!(kind.as_str(), text.as_str());
        }
        if let Some(time) = ClockTime::parse(&text) {
            prop_assert!(time.0 < 24 * 60);
            prop_assert_eq!(ClockTime::parse(&time.to_string()), Some(time));
        }
        Ok(())
    });
}

#[test]
fn team_names_are_trimmed_bounded_and_free_of_control_characters() {
    let name = prop_oneof![
        3 => posted_text(),
        1 => (tricky_text(2), "[A-Za-z ]{30,50}", tricky_text(2)).prop_map(|(a, b, c)| format!("{a}{b}{c}")),
    ];
    fuzz("team::team_name", 1, name, |text| {
        match team_name(&text) {
            Ok(None) => prop_assert!(text.trim().is_empty()),
            Ok(Some(name)) => {
                prop_assert!((1..=MAX_TEAM_NAME_CHARS).contains(&name.chars().count()));
                prop_assert_eq!(name.trim(), name.as_str());
                prop_assert!(!name.chars().any(char::is_control));
            }
            Err(message) => check_readable(&message)?,
        }
        Ok(())
    });
}

#[test]
fn forming_teams_places_every_learner_once() {
    let existing = proptest::collection::vec((tricky_text(8), 0usize..6), 0..5);
    let input = (
        proptest::collection::hash_set(0i64..500, 0..40),
        existing,
        0usize..20,
    );
    fuzz(
        "team::form_teams",
        1,
        input,
        |(learners, existing, size)| {
            let learners: Vec<UserId> = learners.into_iter().map(UserId).collect();
            match form_teams(&learners, &existing, size) {
                Ok(assignments) => {
                    let mut placed: Vec<UserId> = assignments.iter().map(|(id, _)| *id).collect();
                    placed.sort();
                    let mut expected = learners.clone();
                    expected.sort();
                    prop_assert_eq!(placed, expected);
                }
                Err(message) => check_readable(&message)?,
            }
            Ok(())
        },
    );
}

#[test]
fn short_answers_normalize_to_a_fixed_point() {
    fuzz(
        "exercise::normalize_short_answer",
        1,
        posted_text(),
        |text| {
            let normal = normalize_short_answer(&text);
            prop_assert_eq!(normalize_short_answer(&normal), normal.clone());
            prop_assert_eq!(normal.trim(), normal.as_str());
            Ok(())
        },
    );
}
