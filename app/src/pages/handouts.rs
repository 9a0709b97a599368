//! Handouts: the list, and one handout laid out for printing on one or two pages.

use leptos::prelude::*;
use leptos_meta::Title;

use super::route_param;
use crate::api::course::{get_handout, get_handouts};
use crate::components::loading::load_page;
use domain::course::Handout;

#[component]
pub fn HandoutsPage() -> impl IntoView {
    load_page(
        || (),
        |_| async { get_handouts().await.map(Some) },
        |handouts| view! { <HandoutList handouts/> },
    )
}

#[component]
fn HandoutList(handouts: Vec<Handout>) -> impl IntoView {
    let items = handouts
        .into_iter()
        .map(|h| view! { <li><a href=format!("/handouts/{}", h.id)>{h.title}</a><p>{h.summary}</p></li> })
        .collect_view();
    view! {
        <Title text="Handouts"/>
        <article class="page handouts">
            <h1>"Handouts"</h1>
            <p class="lead">"One- or two-page sheets to print and keep beside you in class. The "<a href="/notebook">"course notebook"</a>" prints every deck with its notes and all the handouts."</p>
            <ul class="handout-list">{items}</ul>
        </article>
    }
}

#[component]
pub fn HandoutRoute() -> impl IntoView {
    load_page(
        route_param("id"),
        get_handout,
        |handout| view! { <HandoutView handout/> },
    )
}

#[component]
fn HandoutView(handout: Handout) -> impl IntoView {
    view! {
        <Title text=handout.title.clone()/>
        <article class="page printable-handout">
            <p class="breadcrumb no-print"><a href="/handouts">"Handouts"</a></p>
            <h1>{handout.title}</h1>
            <p class="no-print">"Print this page (or “Save as PDF”) for a one- or two-page sheet."</p>
            <div class="prose handout-body" inner_html=handout.html></div>
        </article>
    }
}
