//! The sentence a plain form post comes back with: `?notice=CODE` when it worked, `?error=CODE`
//! when it was refused (`domain::notice`). Every page shows them through these two functions; a
//! code the page does not know shows nothing.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use domain::notice::{FormError, Notice, NoticePage};

/// The notice of the `?notice=` code of the current address, if it is one of `page`'s.
pub fn form_notice(page: NoticePage) -> impl IntoView {
    use_query_map()
        .read_untracked()
        .get("notice")
        .and_then(|code| Notice::parse(page, &code))
        .map(|notice| view! { <p class="form-notice" role="status">{notice.message()}</p> })
}

/// The error sentence for the `?error=` code of the current address, if any.
pub fn form_error() -> impl IntoView {
    let query = use_query_map();
    move || {
        query
            .read()
            .get("error")
            .and_then(|code| FormError::parse(&code))
            .map(|error| {
                view! { <p class="form-error" role="alert">{error.message()}</p> }
            })
    }
}
