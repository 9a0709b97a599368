//! Autosave for forms (hydrated pages only): a short pause after the last change, then the form's
//! fields, URL-encoded exactly as the browser would post them, go to `save`, whose answer (a
//! sentence) is shown in a status line.
//!
//! One save is in flight at a time. Changes made meanwhile are saved once it has answered, from
//! the form as it is then: two saves racing could reach the server out of order and store the
//! older one last, and a form whose hidden fields the answer updates (the team form's revisions)
//! must be read after that update. A save unanswered for `GIVE_UP_AFTER_MS` no longer holds the
//! others back, so one lost request never stops autosave for good.

use std::future::Future;
use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

const GIVE_UP_AFTER_MS: f64 = 20_000.0;

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|window| window.performance())
        .map(|performance| performance.now())
        .unwrap_or_default()
}

/// The form's fields, URL-encoded as the browser would post them.
pub fn encoded_fields(form_ref: NodeRef<leptos::html::Form>) -> Option<String> {
    let form = form_ref.get_untracked()?;
    let data = web_sys::FormData::new_with_form(&form).ok()?;
    let params =
        web_sys::UrlSearchParams::new_with_str_sequence_sequence(data.unchecked_ref()).ok()?;
    Some(params.to_string().into())
}

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
    // When the save in flight started, if one is.
    let in_flight: StoredValue<Option<f64>> = StoredValue::new(None);
    let again = StoredValue::new(false);
    move |_| {
        if let Some(handle) = pending.get_value() {
            handle.clear();
        }
        let save = save.clone();
        let handle = set_timeout_with_handle(
            move || {
                let started = now_ms();
                if in_flight
                    .get_value()
                    .is_some_and(|since| started - since < GIVE_UP_AFTER_MS)
                {
                    again.set_value(true);
                    return;
                }
                in_flight.set_value(Some(started));
                spawn_local(async move {
                    loop {
                        again.set_value(false);
                        let Some(encoded) = encoded_fields(form_ref) else {
                            break;
                        };
                        status.set("Saving…".to_string());
                        status.set(save(encoded).await);
                        // A loop that was given up on leaves the queue to the one that
                        // replaced it.
                        if in_flight.get_value() != Some(started) || !again.get_value() {
                            break;
                        }
                    }
                    if in_flight.get_value() == Some(started) {
                        in_flight.set_value(None);
                    }
                });
            },
            Duration::from_millis(700),
        )
        .ok();
        pending.set_value(handle);
    }
}

/// Sets the form's input named `name` at once (not through a reactive attribute, which would
/// change only after the next tick): a save queued behind this one reads the form right after
/// the answer, and must post what the answer said (a revision, say).
pub fn set_field(form: &web_sys::HtmlFormElement, name: &str, value: &str) {
    let selector = format!("input[name=\"{name}\"]");
    if let Ok(Some(element)) = form.query_selector(&selector) {
        if let Some(input) = element.dyn_ref::<web_sys::HtmlInputElement>() {
            input.set_value(value);
        }
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
