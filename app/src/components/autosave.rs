//! Autosave for forms (hydrated pages only): a short pause after the last change, then the form's
//! fields, URL-encoded exactly as the browser would post them, go to `save`, whose answer (a
//! sentence) is shown in a status line.

use std::future::Future;
use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

pub fn on_input<F, Fut>(
    form_ref: NodeRef<leptos::html::Form>,
    status: RwSignal<String>,
    save: F,
) -> impl Fn(leptos::ev::Event) + Clone + 'static
where
    F: Fn(String) -> Fut + Clone + 'static,
    Fut: Future<Output = String> + 'static,
{
    let pending: StoredValue<Option<TimeoutHandle>> = StoredValue::new(None);
    move |_| {
        if let Some(handle) = pending.get_value() {
            handle.clear();
        }
        let save = save.clone();
        let handle = set_timeout_with_handle(
            move || {
                let Some(form) = form_ref.get_untracked() else {
                    return;
                };
                let Ok(data) = web_sys::FormData::new_with_form(&form) else {
                    return;
                };
                let Ok(params) =
                    web_sys::UrlSearchParams::new_with_str_sequence_sequence(data.unchecked_ref())
                else {
                    return;
                };
                let encoded: String = params.to_string().into();
                status.set("Saving…".to_string());
                spawn_local(async move {
                    status.set(save(encoded).await);
                });
            },
            Duration::from_millis(700),
        )
        .ok();
        pending.set_value(handle);
    }
}

/// The sentence for a failed save.
pub fn not_saved(error: &ServerFnError) -> String {
    format!(
        "Not saved: {}",
        error
            .to_string()
            .trim_start_matches("error running server function: ")
    )
}
