//! Autosave for forms (hydrated pages only): a short pause after the last change, then the form's
//! fields, URL-encoded exactly as the browser would post them, go to `save`, whose answer (a
//! sentence) is shown in a status line.
//!
//! One save is in flight at a time. Changes made meanwhile are saved once it has answered, from
//! the form as it is then: two saves racing could reach the server out of order and store the
//! older one last, and a form whose hidden fields the answer updates (the team form's revisions)
//! must be read after that update.

use std::future::Future;
use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

/// The form's fields, URL-encoded as the browser would post them.
fn encoded_fields(form_ref: NodeRef<leptos::html::Form>) -> Option<String> {
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
    let in_flight = StoredValue::new(false);
    let again = StoredValue::new(false);
    move |_| {
        if let Some(handle) = pending.get_value() {
            handle.clear();
        }
        let save = save.clone();
        let handle = set_timeout_with_handle(
            move || {
                if in_flight.get_value() {
                    again.set_value(true);
                    return;
                }
                in_flight.set_value(true);
                spawn_local(async move {
                    loop {
                        again.set_value(false);
                        let Some(encoded) = encoded_fields(form_ref) else {
                            break;
                        };
                        status.set("Saving…".to_string());
                        status.set(save(encoded).await);
                        if !again.get_value() {
                            break;
                        }
                    }
                    in_flight.set_value(false);
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
