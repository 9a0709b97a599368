//! Refusing passwords that guessers try first. The list ships with the server
//! (`common-passwords.txt`, written for this project); the check also refuses a password made of
//! one repeated character, a run such as `abcdefghij` or `9876543210`, or one that contains the
//! username.

use std::collections::HashSet;
use std::sync::OnceLock;

use app::people::InputError;

fn stems() -> &'static HashSet<&'static str> {
    static STEMS: OnceLock<HashSet<&'static str>> = OnceLock::new();
    STEMS.get_or_init(|| {
        include_str!("common-passwords.txt")
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty() && !line.starts_with('#'))
            .collect()
    })
}

/// Whether every character is the one before it plus (or minus) one: `abcdef`, `3456789`.
fn is_run(text: &str) -> bool {
    let codes: Vec<u32> = text.chars().map(u32::from).collect();
    codes.len() >= 4
        && (codes.windows(2).all(|w| w[1] == w[0] + 1)
            || codes.windows(2).all(|w| w[0] == w[1] + 1))
}

/// Refuses a common or guessable password, with a sentence saying why.
pub fn check_not_common(password: &str, username: &str) -> Result<(), InputError> {
    let lower = password.to_lowercase();
    let stem = lower.trim_end_matches(|c: char| c.is_ascii_digit() || c.is_ascii_punctuation());
    let refused = || {
        Err(InputError(
            "That password is one that guessers try first. Choose a longer phrase of your own, for example four unrelated words.".into(),
        ))
    };
    let mut chars = lower.chars();
    let first = chars.next();
    if first.is_some_and(|first| chars.all(|c| c == first)) {
        return refused();
    }
    if stems().contains(lower.as_str()) || stems().contains(stem) || is_run(&lower) {
        return refused();
    }
    // A stem that is a repeated common word, such as "passwordpassword1".
    if stem.len() >= 8 && stem.len() % 2 == 0 && stem[..stem.len() / 2] == stem[stem.len() / 2..] {
        let half = &stem[..stem.len() / 2];
        if stems().contains(half) || half.chars().all(|c| c.is_ascii_digit()) {
            return refused();
        }
    }
    let name = username.trim().to_lowercase();
    if name.chars().count() >= 4 && lower.contains(&name) {
        return Err(InputError(
            "A password must not contain your username. Choose a phrase of your own.".into(),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_passwords_and_their_variants_are_refused() {
        for weak in [
            "password123",
            "Password2024!",
            "qwertyuiop",
            "1234567890",
            "iloveyou12",
            "letmein!!!!",
            "aaaaaaaaaaaa",
            "abcdefghijkl",
            "9876543210",
            "passwordpassword",
            "resilience2026",
            "P@ssw0rd2026",
        ] {
            assert!(check_not_common(weak, "someone").is_err(), "{weak}");
        }
        assert!(check_not_common("ada.lovelace.1815", "ada.lovelace").is_err());
    }

    #[test]
    fn phrases_of_ones_own_are_accepted() {
        for strong in [
            "correct horse battery staple",
            "a long test password",
            "learner-long-password",
            "Tuesday maps 7 orchards",
        ] {
            assert!(check_not_common(strong, "learner.b").is_ok(), "{strong}");
        }
    }
}
