//! Loading a page's data through a server function and showing it, "not found", or a problem.
//! Every page route uses this, so the three outcomes look and behave the same everywhere.

use std::future::Future;

use leptos::prelude::*;
use serde::{de::DeserializeOwned, Serialize};

use super::layout::{NotFound, ServerProblem};

/// Loads `fetch(key())` and renders it with `render`. `None` becomes the "not found" page.
pub fn load_page<K, T, Fut, V>(
    key: impl Fn() -> K + Send + Sync + 'static,
    fetch: impl Fn(K) -> Fut + Send + Sync + 'static,
    render: impl Fn(T) -> V + Send + Sync + Clone + 'static,
) -> impl IntoView
where
    K: PartialEq + Clone + Send + Sync + 'static,
    T: Clone + Serialize + DeserializeOwned + Send + Sync + 'static,
    Fut: Future<Output = Result<Option<T>, ServerFnError>> + Send + 'static,
    V: IntoView + 'static,
{
    let resource = Resource::new(key, fetch);
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || {
                let render = render.clone();
                Suspend::new(async move {
                    match resource.await {
                        Ok(Some(data)) => render(data).into_any(),
                        Ok(None) => view! { <NotFound/> }.into_any(),
                        Err(error) => view! { <ServerProblem message=error.to_string()/> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}
