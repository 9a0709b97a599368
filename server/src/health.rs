//! `GET /healthz`: whether the server can answer, which database it uses, and how much content it
//! loaded. Load balancers and the README's start command poll it.

use app::content::ContentCounts;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::Serialize;

use crate::state::AppState;

#[derive(Serialize)]
pub struct Health {
    pub status: &'static str,
    pub database: &'static str,
    pub content: ContentCounts,
    /// The take-home materials zip built at start-up: its size and how long it took.
    pub materials: MaterialsFigures,
}

#[derive(Serialize)]
pub struct MaterialsFigures {
    pub zip_bytes: usize,
    pub files: usize,
    pub build_ms: u64,
}

pub async fn healthz(State(state): State<AppState>) -> (StatusCode, Json<Health>) {
    let (status, code) = match state.storage().ping().await {
        Ok(()) => ("ok", StatusCode::OK),
        Err(error) => {
            tracing::error!(%error, "health check: the database does not answer");
            ("database unavailable", StatusCode::SERVICE_UNAVAILABLE)
        }
    };
    let health = Health {
        status,
        database: state.storage().engine().name(),
        content: state.course.counts(),
        materials: MaterialsFigures {
            zip_bytes: state.materials.zip.len(),
            files: state.materials.files.len(),
            build_ms: state.materials.build_ms,
        },
    };
    (code, Json(health))
}
