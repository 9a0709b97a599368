//! One module per page type.

pub mod about;
pub mod account;
pub mod appraisal;
pub mod appraisal_class;
pub mod appraisal_report;
pub mod appraisal_team;
pub mod attendance;
pub mod certificate;
pub mod class_plans;
pub mod classes;
pub mod completion;
pub mod crosswalk;
pub mod exercise;
pub mod exercise_results;
pub mod glossary;
pub mod handouts;
pub mod home;
pub mod instructor_guide;
pub mod knowledge_check;
pub mod lesson;
pub mod live;
pub mod live_check;
pub mod live_record;
pub mod live_room;
pub mod model;
pub mod module;
pub mod notebook;
pub mod offering_admin;
pub mod offerings;
pub mod plan;
pub mod plan_roadmap;
pub mod search;
pub mod security_log;
pub mod slides;
pub mod terms;
pub mod verify;

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

/// Records a signed-in reader's progress whenever `position` changes (in the browser only; the
/// server records nothing while rendering). Failures are ignored: progress must never get in the
/// way of reading.
pub fn record_progress_once(
    kind: domain::progress::ItemKind,
    module_id: String,
    position: Signal<usize>,
) {
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        let position = position.get();
        let module_id = module_id.clone();
        leptos::task::spawn_local(async move {
            let _ = crate::api::progress::record_progress(
                kind.as_str().to_string(),
                module_id,
                position,
            )
            .await;
        });
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = (kind, module_id, position);
}
