//! The appraisal exercise, as pure rules: the case file and its key (`case`), how practice
//! ratings become goal ratings and capability levels (`engine`), how two sets of ratings compare
//! (`compare`), what blocks a target level (`gaps`), a learner's workspace (`workspace`), team mode (`team`) and the jigsaw's shares
//! of the scope (`jigsaw`). Shared by the server
//! (which loads the case from `content/appraisal/`) and the pages.
//!
//! This file only declares the modules and re-exports their main types, so that the modules can
//! depend on one another without any of them depending on this file.

mod case;
mod compare;
mod engine;
pub mod gaps;
pub mod jigsaw;
pub mod plan;
pub mod team;
pub mod workspace;

pub use case::{
    AppraisalKey, CaseFile, EvidenceItem, GoalOverride, KeyRating, Rating, ScopedPractice,
};
pub use compare::{compare, Comparison, PracticeDifference};
pub use engine::{evaluate, Evaluation, GoalRating, GoalResult, ProcessAreaResult};

#[cfg(test)]
pub(crate) use case::test_case;

#[cfg(test)]
mod tests;
