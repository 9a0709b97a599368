//! Pieces shared by several pages.

pub mod account_menu;
pub mod appraisal_tables;
#[cfg(feature = "hydrate")]
pub mod autosave;
pub mod check_results;
pub mod csf_heatmap;
pub mod html_text;
pub mod layout;
pub mod loading;
pub mod local_time;
pub mod notice;
pub mod progress_panel;
