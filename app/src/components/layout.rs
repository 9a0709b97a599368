//! The frame around every page: header with navigation, footer with the independence notice,
//! and the "not found" page.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use crate::api::set_response_status;
use crate::components::account_menu::AccountMenu;

#[component]
pub fn Header() -> impl IntoView {
    view! {
        <header class="site-header">
            <a class="brand" href="/">"RMM Classroom"</a>
            <nav aria-label="Main">
                <ul>
                    <li><A href="/" exact=true>"Course"</A></li>
                    <li><A href="/model">"Model"</A></li>
                    <li><A href="/glossary">"Glossary"</A></li>
                    <li><A href="/exercises">"Exercises"</A></li>
                    <li><A href="/appraisal">"Appraisal"</A></li>
                    <li><A href="/handouts">"Handouts"</A></li>
                    <li><A href="/offerings">"Offerings"</A></li>
                    <li><A href="/about">"About"</A></li>
                </ul>
            </nav>
            <AccountMenu/>
            <form class="site-search" role="search" method="get" action="/search">
                <label for="site-search-query" class="visually-hidden">"Search the course"</label>
                <input id="site-search-query" name="q" type="search" placeholder="Search the course" maxlength="200"/>
                <button type="submit">"Search"</button>
            </form>
        </header>
    }
}

#[component]
pub fn Footer() -> impl IntoView {
    view! {
        <footer class="site-footer">
            <p>
                "RMM Classroom is an independent course platform. It is not affiliated with or endorsed by \
                 Carnegie Mellon University or its Software Engineering Institute, which own the CERT \
                 Resilience Management Model. CERT is a registered mark of Carnegie Mellon University. "
                <a href="/about">"About this course"</a>
                " · "
                <a href="/terms">"Registration terms and confidentiality"</a>
            </p>
        </footer>
    }
}

/// Shown for any address that names nothing; answers with HTTP 404 when rendered on the server.
#[component]
pub fn NotFound() -> impl IntoView {
    set_response_status(404);
    view! {
        <Title text="Not found"/>
        <section class="page">
            <h1>"Page not found"</h1>
            <p>"Nothing lives at this address. It may have moved, or the link may be mistyped."</p>
            <p><a href="/">"Go to the course home page"</a></p>
        </section>
    }
}

/// Shown when the server could not answer; the message is meant for a person.
#[component]
pub fn ServerProblem(message: String) -> impl IntoView {
    set_response_status(500);
    view! {
        <Title text="Something went wrong"/>
        <section class="page">
            <h1>"Something went wrong"</h1>
            <p>"The server could not load this page. Please try again in a moment."</p>
            <p class="error-detail">{message}</p>
        </section>
    }
}
