//! RMM Classroom's web application: the Leptos components, pages and server functions. Built
//! twice: with `ssr` into the server (which renders every page to HTML) and with `hydrate` into
//! the WebAssembly that makes those pages interactive in the browser.

#![recursion_limit = "512"]

pub mod api;
pub mod components;
pub mod pages;
mod security;

// The pure rules live in the `domain` crate and the content engine in its own crate, so that their
// tests build without compiling views; they are re-exported here under the names pages use.
#[cfg(feature = "ssr")]
pub use content_engine as content;
#[cfg(feature = "ssr")]
pub use content_engine::learner_text;
pub use domain::{
    answers, appraisal, course, course::course_anchor, exercise, guide, knowledge_check, links,
    live, people, policy, progress,
};

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    path, SsrMode,
};

use crate::components::layout::{Footer, Header, NotFound};
use crate::pages::{
    about::AboutPage,
    account::{SignInPage, SignUpPage},
    appraisal::{AppraisalRoute, EvidenceRoute},
    appraisal_class::ClassAppraisalRoute,
    appraisal_team::TeamAppraisalRoute,
    classes::{AdminUsersPage, ClassRoute, ClassesPage, JoinPage},
    exercise::{ExerciseListPage, ExerciseRoute},
    exercise_results::{DistributionRoute, GradebookRoute, GradingRoute},
    glossary::GlossaryPage,
    handouts::{HandoutRoute as PrintableHandoutRoute, HandoutsPage},
    home::HomePage,
    instructor_guide::InstructorGuidePage,
    knowledge_check::KnowledgeCheckRoute,
    lesson::LessonRoute,
    live::LiveRoute,
    model::{ModelOverviewPage, ProcessAreaRoute},
    module::ModuleRoute,
    notebook::NotebookPage,
    search::SearchPage,
    security_log::SecurityLogPage,
    slides::{HandoutRoute, PresenterRoute, SlidesRoute},
};

/// The HTML document around every page. It sets the Content-Security-Policy header with the
/// nonce that Leptos puts on its own inline scripts, so that no other inline script can run.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    security::set_content_security_policy(&options);
    let stylesheet = format!("/{}/{}.css", options.site_pkg_dir, options.output_name);
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="description" content="An independent two-day course on the CERT Resilience Management Model, with live instructor-led sessions."/>
                <link rel="stylesheet" href=stylesheet/>
                <link rel="icon" type="image/svg+xml" href="/favicon.svg"/>
                <AutoReload options=options.clone()/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Title formatter=|page: String| if page.is_empty() { "RMM Classroom".to_string() } else { format!("{page} · RMM Classroom") }/>
        <Router>
            <a class="skip-link" href="#main">"Skip to content"</a>
            <Header/>
            <main id="main" tabindex="-1">
                <Routes fallback=|| view! { <NotFound/> }>
                    <Route path=path!("") view=HomePage ssr=SsrMode::Async/>
                    <Route path=path!("/modules/:id") view=ModuleRoute ssr=SsrMode::Async/>
                    <Route path=path!("/modules/:id/lesson") view=LessonRoute ssr=SsrMode::Async/>
                    <Route path=path!("/modules/:id/slides/:n") view=SlidesRoute ssr=SsrMode::Async/>
                    <Route path=path!("/modules/:id/presenter/:n") view=PresenterRoute ssr=SsrMode::Async/>
                    <Route path=path!("/modules/:id/handout") view=HandoutRoute ssr=SsrMode::Async/>
                    <Route path=path!("/model") view=ModelOverviewPage ssr=SsrMode::Async/>
                    <Route path=path!("/model/:abbr") view=ProcessAreaRoute ssr=SsrMode::Async/>
                    <Route path=path!("/glossary") view=GlossaryPage ssr=SsrMode::Async/>
                    <Route path=path!("/about") view=AboutPage ssr=SsrMode::Async/>
                    <Route path=path!("/search") view=SearchPage ssr=SsrMode::Async/>
                    <Route path=path!("/sign-in") view=SignInPage ssr=SsrMode::Async/>
                    <Route path=path!("/sign-up") view=SignUpPage ssr=SsrMode::Async/>
                    <Route path=path!("/classes") view=ClassesPage ssr=SsrMode::Async/>
                    <Route path=path!("/classes/:id") view=ClassRoute ssr=SsrMode::Async/>
                    <Route path=path!("/classes/:id/live") view=LiveRoute ssr=SsrMode::Async/>
                    <Route path=path!("/classes/:id/exercises/:exercise") view=DistributionRoute ssr=SsrMode::Async/>
                    <Route path=path!("/classes/:id/grading") view=GradingRoute ssr=SsrMode::Async/>
                    <Route path=path!("/classes/:id/gradebook") view=GradebookRoute ssr=SsrMode::Async/>
                    <Route path=path!("/classes/:id/appraisal") view=ClassAppraisalRoute ssr=SsrMode::Async/>
                    <Route path=path!("/appraisal") view=AppraisalRoute ssr=SsrMode::Async/>
                    <Route path=path!("/appraisal/evidence") view=EvidenceRoute ssr=SsrMode::Async/>
                    <Route path=path!("/appraisal/team") view=TeamAppraisalRoute ssr=SsrMode::Async/>
                    <Route path=path!("/exercises") view=ExerciseListPage ssr=SsrMode::Async/>
                    <Route path=path!("/exercises/:id") view=ExerciseRoute ssr=SsrMode::Async/>
                    <Route path=path!("/join") view=JoinPage ssr=SsrMode::Async/>
                    <Route path=path!("/join/:code") view=JoinPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/users") view=AdminUsersPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/security") view=SecurityLogPage ssr=SsrMode::Async/>
                    <Route path=path!("/handouts") view=HandoutsPage ssr=SsrMode::Async/>
                    <Route path=path!("/instructor-guide") view=InstructorGuidePage ssr=SsrMode::Async/>
                    <Route path=path!("/classes/:id/knowledge-check") view=KnowledgeCheckRoute ssr=SsrMode::Async/>
                    <Route path=path!("/handouts/:id") view=PrintableHandoutRoute ssr=SsrMode::Async/>
                    <Route path=path!("/notebook") view=NotebookPage ssr=SsrMode::Async/>
                </Routes>
            </main>
            <Footer/>
        </Router>
    }
}

/// Entry point of the WebAssembly build: hydrates the server-rendered page, then marks the body
/// so that end-to-end tests know when the page has become interactive.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(App);
    if let Some(body) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
    {
        let _ = body.set_attribute("data-hydrated", "true");
    }
}
