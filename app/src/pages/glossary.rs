//! The glossary: every term with its definition, anchored by id for `glossary:` links.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::course::get_glossary;
use crate::components::loading::load_page;
use domain::course::GlossaryTerm;

#[component]
pub fn GlossaryPage() -> impl IntoView {
    load_page(
        || (),
        |_| async { get_glossary().await.map(Some) },
        |terms| view! { <GlossaryView terms/> },
    )
}

#[component]
fn GlossaryView(terms: Vec<GlossaryTerm>) -> impl IntoView {
    let count = terms.len();
    let entries = terms.into_iter().map(|term| {
        let see_also = (!term.see_also.is_empty()).then(|| {
            let links = term.see_also.iter().map(|other| view! { <li><a href=format!("#{}", other.id)>{other.term.clone()}</a></li> }).collect_view();
            view! { <p class="see-also">"See also:"</p><ul class="inline-list">{links}</ul> }
        });
        view! {
            <dt id=term.id.clone()>{term.term.clone()}</dt>
            <dd><div inner_html=term.definition_html.clone()></div>{see_also}</dd>
        }
    }).collect_view();
    view! {
        <Title text="Glossary"/>
        <article class="page glossary">
            <h1>"Glossary"</h1>
            <p class="lead">{format!("{count} terms used in the course, in our own words.")}</p>
            <dl>{entries}</dl>
        </article>
    }
}
