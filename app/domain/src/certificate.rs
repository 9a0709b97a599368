//! Certificates of completion (issue 16) as the certificate page, the public verify page and the
//! Open Badges credential show them.
//!
//! What a certificate states is fixed when it is issued (the learner's name, the class's dates
//! and delivery, the hours), so that a later change to the class or the account never rewrites a
//! certificate already handed out. Only its status changes: an administrator may revoke it.

use serde::{Deserialize, Serialize};

use crate::ids::ClassId;

/// The sentence every certificate carries, so that nobody mistakes it for a degree.
pub const NOT_A_CREDENTIAL: &str =
    "This certificate is evidence of completion of a training course. It is not an academic credential.";

/// The statement of independence every certificate and verify page carries.
pub const INDEPENDENCE: &str = "RMM Classroom is independent and not affiliated with, endorsed by or sponsored by Carnegie Mellon University or its Software Engineering Institute.";

/// Whether a certificate still stands.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CertificateStatus {
    Valid,
    Revoked { at: String, reason: String },
}

impl CertificateStatus {
    pub fn label(&self) -> &'static str {
        match self {
            CertificateStatus::Valid => "valid",
            CertificateStatus::Revoked { .. } => "revoked",
        }
    }
}

/// A certificate as issued.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Certificate {
    /// The verification code: 128 random bits or more, written in lowercase hexadecimal.
    pub code: String,
    pub class_id: ClassId,
    pub learner_name: String,
    pub course_title: String,
    pub starts_on: String,
    pub ends_on: String,
    /// The delivery in words ("Virtual classroom").
    pub delivery: String,
    /// CPE hours in quarter hours (so 14.75 hours is 59).
    pub cpe_quarter_hours: u32,
    /// When it was issued, `YYYY-MM-DDTHH:MM:SSZ`.
    pub issued_at: String,
    pub status: CertificateStatus,
}

/// What the public verify page shows: nothing beyond name, course, dates, hours and status.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verification {
    pub learner_name: String,
    pub course_title: String,
    pub starts_on: String,
    pub ends_on: String,
    pub cpe_quarter_hours: u32,
    /// "valid" or "revoked".
    pub status: String,
}

impl Certificate {
    /// The certificate as the public may see it.
    pub fn verification(&self) -> Verification {
        Verification {
            learner_name: self.learner_name.clone(),
            course_title: self.course_title.clone(),
            starts_on: self.starts_on.clone(),
            ends_on: self.ends_on.clone(),
            cpe_quarter_hours: self.cpe_quarter_hours,
            status: self.status.label().to_string(),
        }
    }
}

/// Whether `text` has the shape of a verification code (32 to 64 lowercase hexadecimal
/// characters), checked before any look-up so that junk never reaches the database.
pub fn is_code(text: &str) -> bool {
    (32..=64).contains(&text.len()) && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_hexadecimal_codes_of_128_bits_or_more_are_codes() {
        assert!(is_code(&"a1".repeat(16)));
        assert!(!is_code(&"a1".repeat(15)));
        assert!(!is_code(&"A1".repeat(16)));
        assert!(!is_code(&format!("{}'--", "a".repeat(32))));
        assert!(!is_code(&"a".repeat(65)));
    }
}
