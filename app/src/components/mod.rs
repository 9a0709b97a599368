//! Pieces shared by several pages.

pub mod account_menu;
#[cfg(feature = "hydrate")]
pub mod autosave;
pub mod layout;
pub mod loading;
pub mod notice;
