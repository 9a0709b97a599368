//! One module per page type.

pub mod about;
pub mod account;
pub mod classes;
pub mod glossary;
pub mod handouts;
pub mod home;
pub mod lesson;
pub mod live;
pub mod model;
pub mod module;
pub mod notebook;
pub mod search;
pub mod slides;

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// A reactive route parameter, empty when absent.
pub fn route_param(name: &'static str) -> impl Fn() -> String + Clone + Send + Sync + 'static {
    let params = use_params_map();
    move || params.read().get(name).unwrap_or_default()
}

/// "75 min" or "1 h 15 min".
pub fn format_minutes(minutes: u32) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m} min"),
    }
}
