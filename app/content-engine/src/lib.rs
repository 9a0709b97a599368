//! The course content engine (server side): reads `content/` once at start-up, validates it, and
//! renders its Markdown. The result, [`LoadedCourse`], is immutable and shared by every request.
//!
//! Parsing and rendering are pure functions of file text (`markdown`, `deck`, `front_matter`,
//! `agenda`, `model`); only `files`, `parse` and `load` touch the file system. `learner_text` is
//! the one way text that learners type becomes HTML.
//!
//! This file only declares the modules and re-exports what other crates use, so that no module
//! depends on it.

mod agenda;
mod appraisal;
mod appraisal_key;
mod cast;
mod crosswalk;
mod deck;
pub mod error;
mod exercise_items;
mod exercises;
mod files;
mod front_matter;
mod glossary;
mod guide;
mod handouts;
mod index;
mod key_consistency;
pub mod learner_text;
mod load;
mod loaded;
pub mod markdown;
mod model;
mod modules;
mod parse;
mod quick_checks;
mod raw_html;
mod schema;
pub mod search;
pub mod standards;
mod timing;

pub use error::{ContentError, ContentErrors};
pub use load::load;
pub use loaded::{ContentCounts, LoadedCourse, LoadedModule};

#[cfg(test)]
mod exercise_tests;
#[cfg(test)]
mod quick_check_tests;
#[cfg(test)]
mod schedule_tests;
#[cfg(test)]
mod validation_tests;
