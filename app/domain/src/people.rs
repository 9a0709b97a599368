//! People and classes as the pages see them, and the rules for what a person may type into a
//! form. Parsing happens once, at the edge (`Username::parse` and friends); code past the edge
//! works with values it knows are valid.

use serde::{Deserialize, Serialize};

use crate::ids::{ClassId, UserId};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Admin,
    Instructor,
    Learner,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Instructor => "instructor",
            Role::Learner => "learner",
        }
    }

    pub fn parse(text: &str) -> Option<Role> {
        match text {
            "admin" => Some(Role::Admin),
            "instructor" => Some(Role::Instructor),
            "learner" => Some(Role::Learner),
            _ => None,
        }
    }
}

/// How accounts come to exist on a deployment (`SIGN_UP`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum SignUpMode {
    /// Anyone may create an account: a public self-paced site.
    Open,
    /// An account is created only with a valid class join code (and by administrators): the
    /// default, so that a second account made to read keys is not one click away.
    #[default]
    WithCode,
    /// Only administrators create accounts.
    Closed,
}

impl SignUpMode {
    pub fn as_str(self) -> &'static str {
        match self {
            SignUpMode::Open => "open",
            SignUpMode::WithCode => "with-code",
            SignUpMode::Closed => "closed",
        }
    }

    pub fn parse(text: &str) -> Option<SignUpMode> {
        match text.trim() {
            "open" => Some(SignUpMode::Open),
            "with-code" => Some(SignUpMode::WithCode),
            "closed" => Some(SignUpMode::Closed),
            _ => None,
        }
    }
}

impl std::str::FromStr for SignUpMode {
    type Err = String;

    fn from_str(text: &str) -> Result<SignUpMode, String> {
        SignUpMode::parse(text)
            .ok_or_else(|| format!("`{text}` is not a sign-up mode: use open, with-code or closed"))
    }
}

/// The signed-in person.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub id: UserId,
    pub username: String,
    pub display_name: String,
    pub role: Role,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ClassMode {
    InstructorLed,
    SelfPaced,
}

impl ClassMode {
    pub fn as_str(self) -> &'static str {
        match self {
            ClassMode::InstructorLed => "instructor-led",
            ClassMode::SelfPaced => "self-paced",
        }
    }

    pub fn parse(text: &str) -> Option<ClassMode> {
        match text {
            "instructor-led" => Some(ClassMode::InstructorLed),
            "self-paced" => Some(ClassMode::SelfPaced),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ClassMode::InstructorLed => "Instructor-led",
            ClassMode::SelfPaced => "Self-paced",
        }
    }
}

/// A person's place in a class.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Membership {
    Instructor,
    Learner,
}

impl Membership {
    pub fn as_str(self) -> &'static str {
        match self {
            Membership::Instructor => "instructor",
            Membership::Learner => "learner",
        }
    }

    pub fn parse(text: &str) -> Option<Membership> {
        match text {
            "instructor" => Some(Membership::Instructor),
            "learner" => Some(Membership::Learner),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassSummary {
    pub id: ClassId,
    pub name: String,
    pub starts_on: String,
    pub ends_on: String,
    pub mode: ClassMode,
    /// The viewer's place in the class (admins may see classes they are not in).
    pub membership: Option<Membership>,
    pub learner_count: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RosterEntry {
    pub user_id: UserId,
    pub username: String,
    pub display_name: String,
    pub membership: Membership,
    pub joined_at: String,
}

/// A class as its page shows it. The join code and roster are present only for those allowed
/// to see them (the class's instructors and admins).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassDetail {
    pub summary: ClassSummary,
    pub join_code: Option<String>,
    pub roster: Option<Vec<RosterEntry>>,
    /// Whether a self-paced class shows its code on the home page, so that people can sign up.
    #[serde(default)]
    pub code_published: bool,
    /// Who opened the class (present with the roster): the one instructor nobody removes.
    #[serde(default)]
    pub opened_by: Option<UserId>,
    /// Learners removed and not re-admitted (present with the roster): id and display name.
    #[serde(default)]
    pub removed: Vec<(UserId, String)>,
}

/// Why a form was refused, in words for the person who filled it in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputError(pub String);

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A sign-in name: 3 to 40 characters, lowercase letters, digits, dots, hyphens and underscores.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Username(String);

impl Username {
    pub fn parse(text: &str) -> Result<Username, InputError> {
        let name = text.trim().to_lowercase();
        let length = name.chars().count();
        if !(3..=40).contains(&length) {
            return Err(InputError("A username has 3 to 40 characters.".into()));
        }
        if !name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '-' | '_'))
        {
            return Err(InputError(
                "A username may use only letters, digits, dots, hyphens and underscores.".into(),
            ));
        }
        Ok(Username(name))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The name shown to others: 1 to 80 characters, no control characters.
pub fn parse_display_name(text: &str) -> Result<String, InputError> {
    let name = text.trim();
    let length = name.chars().count();
    if length == 0 || length > 80 {
        return Err(InputError("A display name has 1 to 80 characters.".into()));
    }
    if name.chars().any(char::is_control) {
        return Err(InputError(
            "A display name cannot contain control characters.".into(),
        ));
    }
    Ok(name.to_string())
}

/// Passwords: at least 10 characters (length is what makes a password strong), at most 200 (the
/// hash must stay cheap to refuse).
pub fn check_new_password(password: &str) -> Result<(), InputError> {
    let length = password.chars().count();
    if length < 10 {
        return Err(InputError(
            "Choose a password of at least 10 characters.".into(),
        ));
    }
    if length > 200 {
        return Err(InputError("A password has at most 200 characters.".into()));
    }
    Ok(())
}

/// A class name: 1 to 120 characters.
pub fn parse_class_name(text: &str) -> Result<String, InputError> {
    let name = text.trim();
    let length = name.chars().count();
    if length == 0 || length > 120 || name.chars().any(char::is_control) {
        return Err(InputError("A class name has 1 to 120 characters.".into()));
    }
    Ok(name.to_string())
}

/// A calendar date written YYYY-MM-DD.
pub fn parse_date(text: &str, what: &str) -> Result<String, InputError> {
    let text = text.trim();
    let parts: Vec<&str> = text.split('-').collect();
    let valid = parts.len() == 3
        && parts[0].len() == 4
        && parts[1].len() == 2
        && parts[2].len() == 2
        && parts.iter().all(|p| p.chars().all(|c| c.is_ascii_digit()))
        && (1..=12).contains(&parts[1].parse::<u32>().unwrap_or(0))
        && (1..=31).contains(&parts[2].parse::<u32>().unwrap_or(0));
    if valid {
        Ok(text.to_string())
    } else {
        Err(InputError(format!(
            "The {what} must be a date written YYYY-MM-DD."
        )))
    }
}

/// A join code as people type it: letters and digits, any case, with or without the hyphen.
pub fn normalize_join_code(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .take(16)
        .collect()
}

/// The code as shown: `ABCD-EFGH`. Any other text is shown as it is (slicing by `get`, so that
/// text whose fifth byte falls inside a character is not split there).
pub fn display_join_code(code: &str) -> String {
    match (code.len(), code.get(..4), code.get(4..)) {
        (8, Some(first), Some(second)) => format!("{first}-{second}"),
        _ => code.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames_are_normalized_and_checked() {
        assert_eq!(
            Username::parse("  Ada.Lovelace ").unwrap().as_str(),
            "ada.lovelace"
        );
        assert!(Username::parse("ab").is_err());
        assert!(Username::parse("has space").is_err());
        assert!(Username::parse("<script>").is_err());
        assert!(Username::parse(&"a".repeat(41)).is_err());
    }

    #[test]
    fn passwords_need_length() {
        assert!(check_new_password("short").is_err());
        assert!(check_new_password("long enough pass").is_ok());
        assert!(check_new_password(&"x".repeat(201)).is_err());
    }

    #[test]
    fn dates_and_names() {
        assert!(parse_date("2026-11-27", "start").is_ok());
        assert!(parse_date("2026-13-01", "start").is_err());
        assert!(parse_date("27/11/2026", "start").is_err());
        assert!(parse_class_name("  ").is_err());
        assert!(parse_display_name("Ada\u{7}").is_err());
    }

    #[test]
    fn join_codes_are_shown_in_two_halves_and_other_text_as_it_is() {
        assert_eq!(display_join_code("ABCDEFGH"), "ABCD-EFGH");
        assert_eq!(display_join_code("ABC"), "ABC");
        // Eight bytes whose fourth and fifth are one character: once a panic.
        assert_eq!(display_join_code("a😀aaa"), "a😀aaa");
    }
}
