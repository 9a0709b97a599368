//! What a person types into the account and class forms: usernames, display names, passwords,
//! class names, dates and join codes. Accepted values keep the documented limits and read the
//! same when read again; refusals are sentences.

use domain::people::{
    check_new_password, display_join_code, normalize_join_code, parse_class_name, parse_date,
    parse_display_name, ClassMode, Membership, Role, Username,
};
use proptest::prelude::*;

use super::mutations::{posted_text, tricky_text};
use super::support::{check_readable, fuzz};

/// Text typed into a name or code field: posted text, or a valid-looking value with some tricky
/// characters around it.
fn typed() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => posted_text(),
        2 => (tricky_text(3), "[a-zA-Z0-9._-]{0,45}", tricky_text(3))
            .prop_map(|(before, core, after)| format!("{before}{core}{after}")),
        1 => "[0-9]{0,5}-[0-9]{0,3}-[0-9]{0,3}",
    ]
}

#[test]
fn usernames_are_lowercase_words_of_3_to_40_characters() {
    fuzz("people::Username::parse", 1, typed(), |text| {
        match Username::parse(&text) {
            Ok(name) => {
                let name = name.as_str();
                prop_assert!((3..=40).contains(&name.chars().count()), "{name:?}");
                prop_assert!(name.chars().all(|c| c.is_ascii_lowercase()
                    || c.is_ascii_digit()
                    || matches!(c, '.' | '-' | '_')));
                prop_assert_eq!(
                    Username::parse(name).map(|n| n.as_str().to_string()),
                    Ok(name.to_string())
                );
            }
            Err(error) => check_readable(&error.0)?,
        }
        Ok(())
    });
}

#[test]
fn display_and_class_names_are_trimmed_bounded_and_free_of_control_characters() {
    fuzz("people::parse_display_name", 1, typed(), |text| {
        for (max, parsed) in [
            (80, parse_display_name(&text)),
            (120, parse_class_name(&text)),
        ] {
            match parsed {
                Ok(name) => {
                    prop_assert!((1..=max).contains(&name.chars().count()), "{name:?}");
                    prop_assert_eq!(name.trim(), name.as_str());
                    prop_assert!(!name.chars().any(char::is_control), "{name:?}");
                }
                Err(error) => check_readable(&error.0)?,
            }
        }
        Ok(())
    });
}

#[test]
fn new_passwords_have_10_to_200_characters() {
    fuzz("people::check_new_password", 1, typed(), |text| {
        match check_new_password(&text) {
            Ok(()) => prop_assert!((10..=200).contains(&text.chars().count())),
            Err(error) => check_readable(&error.0)?,
        }
        Ok(())
    });
}

#[test]
fn dates_are_written_yyyy_mm_dd() {
    fuzz("people::parse_date", 1, typed(), |text| {
        match parse_date(&text, "start date") {
            Ok(date) => {
                let parts: Vec<&str> = date.split('-').collect();
                prop_assert_eq!(
                    parts.iter().map(|p| p.len()).collect::<Vec<_>>(),
                    vec![4, 2, 2]
                );
                prop_assert!(date.chars().all(|c| c.is_ascii_digit() || c == '-'));
                let month: u32 = parts[1].parse().unwrap_or(0);
                let day: u32 = parts[2].parse().unwrap_or(0);
                prop_assert!((1..=12).contains(&month) && (1..=31).contains(&day));
            }
            Err(error) => check_readable(&error.0)?,
        }
        Ok(())
    });
}

#[test]
fn join_codes_are_normalized_to_at_most_16_capitals_and_digits() {
    fuzz("people::normalize_join_code", 1, typed(), |text| {
        let code = normalize_join_code(&text);
        prop_assert!(code.chars().count() <= 16);
        prop_assert!(code
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()));
        prop_assert_eq!(normalize_join_code(&code), code.clone());
        // As shown and typed back in lowercase, a code reads as itself.
        let shown = display_join_code(&code);
        prop_assert_eq!(normalize_join_code(&shown.to_lowercase()), code);
        // Showing any text at all, not only a code, never panics.
        display_join_code(&text);
        Ok(())
    });
}

#[test]
fn roles_modes_and_memberships_read_only_their_own_words() {
    fuzz("people::Role::parse and friends", 1, typed(), |text| {
        if let Some(role) = Role::parse(&text) {
            prop_assert_eq!(role.as_str(), text.as_str());
        }
        if let Some(mode) = ClassMode::parse(&text) {
            prop_assert_eq!(mode.as_str(), text.as_str());
        }
        if let Some(membership) = Membership::parse(&text) {
            prop_assert_eq!(membership.as_str(), text.as_str());
        }
        Ok(())
    });
}
