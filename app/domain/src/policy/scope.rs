//! What a request concerns and what the door answers: the vocabulary of `authorize`.

use crate::ids::ClassId;
use crate::people::Membership;

/// Where a person acts: on their own (reading the course, working an exercise or the appraisal
/// without a class, managing accounts) or inside one class.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    Alone,
    Class(ClassId),
}

impl Scope {
    /// The scope of an optional class, as pages and forms name it.
    pub fn of(class_id: Option<ClassId>) -> Scope {
        class_id.map_or(Scope::Alone, Scope::Class)
    }

    pub fn class_id(self) -> Option<ClassId> {
        match self {
            Scope::Alone => None,
            Scope::Class(id) => Some(id),
        }
    }
}

/// What the door found out while letting a person in, so that nobody looks it up again: their
/// place in the class (`None` alone, and for administrators who are not members).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Grant {
    pub scope: Scope,
    pub membership: Option<Membership>,
}

/// Why a request was refused. Each variant has one HTTP status, chosen in one place on each side
/// (`server::http_error` and `app::api::ssr`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Nobody is signed in (401).
    SignInRequired,
    /// Signed in, but not allowed (403).
    Forbidden,
    /// No such class, person, exercise or team, or none this person may know of (404).
    NotFound,
    /// The request asks for something impossible; the text says what, for the person (400).
    Invalid(String),
    /// The thing exists and the person may see it, but it no longer takes changes: an exercise
    /// closed or past its deadline, ratings final once the key is shown (409). The text says why.
    Closed(String),
    /// The server could not answer (for example, its database is down); the text is for logs
    /// (503).
    Unavailable(String),
}
