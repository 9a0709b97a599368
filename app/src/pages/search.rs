//! `/search?q=…`: ranked results with highlighted snippets. The form is a plain GET form, so
//! search works without JavaScript.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::course::get_search;
use crate::components::loading::load_page;
use domain::course::SearchResults;

#[component]
pub fn SearchPage() -> impl IntoView {
    let query = use_query_map();
    load_page(
        move || query.read().get("q").unwrap_or_default(),
        |q| async move { get_search(q).await.map(Some) },
        |results| view! { <SearchView results/> },
    )
}

#[component]
fn SearchView(results: SearchResults) -> impl IntoView {
    let count = results.hits.len();
    let heading = if results.query.is_empty() {
        "Search the course".to_string()
    } else {
        format!(
            "{count} result{} for “{}”",
            if count == 1 { "" } else { "s" },
            results.query
        )
    };
    let hits = results
        .hits
        .into_iter()
        .map(|hit| {
            let snippet = hit
                .snippet
                .into_iter()
                .map(|part| {
                    if part.highlight {
                        view! { <mark>{part.text}</mark> }.into_any()
                    } else {
                        part.text.into_any()
                    }
                })
                .collect_view();
            view! {
                <li class="search-hit">
                    <p class="hit-kind">{hit.kind}" · "{hit.context}</p>
                    <h2><a href=hit.url>{hit.title}</a></h2>
                    <p class="snippet">{snippet}</p>
                </li>
            }
        })
        .collect_view();
    let empty = (count == 0 && !results.query.is_empty()).then(|| {
        view! { <p>"Nothing matched every word. Try fewer or shorter words; a word also finds longer words that start with it."</p> }
    });
    view! {
        <Title text="Search"/>
        <article class="page search">
            <h1>{heading}</h1>
            <form class="search-form" role="search" method="get" action="/search">
                <label for="search-page-query">"Search lessons, slides, notes, process areas, glossary and handouts"</label>
                <input id="search-page-query" name="q" type="search" value=results.query maxlength="200"/>
                <button class="button" type="submit">"Search"</button>
            </form>
            {empty}
            <ol class="search-results">{hits}</ol>
        </article>
    }
}
