//! The writes that go through a group commit (`group_commit`): an appraisal workspace save and an
//! exercise submission, and what each answers. They are plain values kept apart from the storage
//! that writes them (`appraisals.rs`, `submissions.rs`), so that `pool.rs`, which holds their
//! queues, does not depend on the files that use the pool.

use super::group_commit::Queued;

/// One workspace to store.
#[derive(Debug)]
pub(super) struct WorkspaceSave {
    pub user_id: i64,
    pub class_id: i64,
    pub json: String,
    /// When it was submitted, if this save submits it.
    pub submitted_at: Option<String>,
    pub updated_at: String,
}

impl Queued for WorkspaceSave {
    type Answer = ();

    fn order_key(&self) -> (i64, i64) {
        (self.class_id, self.user_id)
    }
}

/// One submission of an exercise to store, unless its request was stored before or no attempt
/// is left.
#[derive(Debug)]
pub(super) struct SubmitRequest {
    pub user_id: i64,
    pub class_id: i64,
    pub exercise_id: String,
    /// The token the submit button carried, so that a retried or doubled post is stored once.
    pub request_id: String,
    pub answers_json: String,
    /// Hundredths of a point from the automatically graded items.
    pub auto_points: i64,
    pub max_attempts: i64,
}

impl Queued for SubmitRequest {
    type Answer = SubmitOutcome;

    fn order_key(&self) -> (i64, i64) {
        (self.class_id, self.user_id)
    }
}

/// What happened to a submit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SubmitOutcome {
    Stored {
        attempt: u32,
    },
    /// The same request was stored before (a double click or a retry).
    AlreadyStored {
        attempt: u32,
    },
    NoAttemptsLeft,
}
