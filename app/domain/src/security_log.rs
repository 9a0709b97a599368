//! The kinds of event the security log keeps, and how they are written in the log and read back
//! from a filter. The log itself is written by the server's storage layer, in the same
//! transaction as the action it records.

use serde::{Deserialize, Serialize};

/// Something that happened that an administrator may need to trace later.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SecurityEventKind {
    SignIn,
    SignInFailed,
    SignInLimited,
    SignUp,
    SignUpLimited,
    PasswordReset,
    RoleChanged,
    KeyRevealed,
    KeyHidden,
    ResultsReleased,
    ResultsWithheld,
    Export,
    LearnerRemoved,
    LearnerReadmitted,
    CoInstructorAdded,
    CoInstructorRemoved,
    JoinCodeLimited,
    CertificateIssued,
    CertificateRevoked,
}

impl SecurityEventKind {
    pub const ALL: [SecurityEventKind; 19] = [
        SecurityEventKind::SignIn,
        SecurityEventKind::SignInFailed,
        SecurityEventKind::SignInLimited,
        SecurityEventKind::SignUp,
        SecurityEventKind::SignUpLimited,
        SecurityEventKind::PasswordReset,
        SecurityEventKind::RoleChanged,
        SecurityEventKind::KeyRevealed,
        SecurityEventKind::KeyHidden,
        SecurityEventKind::ResultsReleased,
        SecurityEventKind::ResultsWithheld,
        SecurityEventKind::Export,
        SecurityEventKind::LearnerRemoved,
        SecurityEventKind::LearnerReadmitted,
        SecurityEventKind::CoInstructorAdded,
        SecurityEventKind::CoInstructorRemoved,
        SecurityEventKind::JoinCodeLimited,
        SecurityEventKind::CertificateIssued,
        SecurityEventKind::CertificateRevoked,
    ];

    /// The name stored in the log and used in filters and CSV.
    pub fn as_str(self) -> &'static str {
        match self {
            SecurityEventKind::SignIn => "sign-in",
            SecurityEventKind::SignInFailed => "sign-in-failed",
            SecurityEventKind::SignInLimited => "sign-in-limited",
            SecurityEventKind::SignUp => "sign-up",
            SecurityEventKind::SignUpLimited => "sign-up-limited",
            SecurityEventKind::PasswordReset => "password-reset",
            SecurityEventKind::RoleChanged => "role-changed",
            SecurityEventKind::KeyRevealed => "key-revealed",
            SecurityEventKind::KeyHidden => "key-hidden",
            SecurityEventKind::ResultsReleased => "results-released",
            SecurityEventKind::ResultsWithheld => "results-withheld",
            SecurityEventKind::Export => "export",
            SecurityEventKind::LearnerRemoved => "learner-removed",
            SecurityEventKind::LearnerReadmitted => "learner-readmitted",
            SecurityEventKind::CoInstructorAdded => "co-instructor-added",
            SecurityEventKind::CoInstructorRemoved => "co-instructor-removed",
            SecurityEventKind::JoinCodeLimited => "join-code-limited",
            SecurityEventKind::CertificateIssued => "certificate-issued",
            SecurityEventKind::CertificateRevoked => "certificate-revoked",
        }
    }

    pub fn parse(text: &str) -> Option<SecurityEventKind> {
        SecurityEventKind::ALL
            .into_iter()
            .find(|kind| kind.as_str() == text)
    }

    /// What it means, for the filter on the administrator's page.
    pub fn label(self) -> &'static str {
        match self {
            SecurityEventKind::SignIn => "Signed in",
            SecurityEventKind::SignInFailed => "Sign-in failed",
            SecurityEventKind::SignInLimited => "Sign-in refused by the limit",
            SecurityEventKind::SignUp => "Account created",
            SecurityEventKind::SignUpLimited => "Sign-up refused by the limit",
            SecurityEventKind::PasswordReset => "Password reset",
            SecurityEventKind::RoleChanged => "Role changed",
            SecurityEventKind::KeyRevealed => "Appraisal key revealed",
            SecurityEventKind::KeyHidden => "Appraisal key hidden",
            SecurityEventKind::ResultsReleased => "Exercise results released",
            SecurityEventKind::ResultsWithheld => "Exercise results withheld",
            SecurityEventKind::Export => "Export downloaded",
            SecurityEventKind::LearnerRemoved => "Learner removed from a class",
            SecurityEventKind::LearnerReadmitted => "Learner re-admitted",
            SecurityEventKind::CoInstructorAdded => "Co-instructor added",
            SecurityEventKind::CoInstructorRemoved => "Co-instructor removed",
            SecurityEventKind::JoinCodeLimited => "Join-code guessing refused by the limit",
            SecurityEventKind::CertificateIssued => "Certificate issued",
            SecurityEventKind::CertificateRevoked => "Certificate revoked",
        }
    }
}

/// One entry of the log as the administrator's page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecurityEventView {
    pub id: i64,
    /// UTC, `YYYY-MM-DDTHH:MM:SS.mmmZ`.
    pub at: String,
    pub kind: String,
    /// Username of who acted, if anyone was signed in.
    pub actor: Option<String>,
    /// Username of whom it concerned, if someone else.
    pub subject: Option<String>,
    pub class_id: Option<i64>,
    pub address: String,
    pub detail: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_reads_back_from_its_name() {
        for kind in SecurityEventKind::ALL {
            assert_eq!(SecurityEventKind::parse(kind.as_str()), Some(kind));
            assert!(!kind.label().is_empty());
        }
        assert_eq!(SecurityEventKind::parse("password"), None);
    }
}
