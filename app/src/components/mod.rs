//! Pieces shared by several pages.

#[cfg(feature = "hydrate")]
pub mod autosave;
pub mod layout;
pub mod loading;
pub mod notice;
