//! The course materials to take home (issue 16): one zip, built at start-up from the loaded
//! course (`build`), of self-contained HTML files that open offline, downloaded from
//! `GET /materials` by the people of the course (`download`).
//!
//! The files share one shell (`html`) and one stylesheet (`style`); `pages`, `exercises_page` and
//! `model_page` write what each file holds; `links` fits the course's rendered HTML into a file,
//! reading its tags with `tags`.
//!
//! `AppState` names `build::Materials` by its own path, not through the re-export below, so that
//! no file depends on this one through the state (the handler depends on the state).

pub mod build;
mod download;
mod exercises_page;
mod html;
mod links;
mod model_page;
mod pages;
mod style;
mod tags;

pub use build::Materials;

use axum::routing::get;
use axum::Router;

use crate::state::AppState;

/// `GET /materials`.
pub fn routes() -> Router<AppState> {
    Router::new().route("/materials", get(download::materials))
}

#[cfg(test)]
mod tests;
