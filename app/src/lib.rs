//! RMM Classroom's web application: the Leptos components, pages and server functions. Built
//! twice: with `ssr` into the server (which renders every page to HTML) and with `hydrate` into
//! the WebAssembly that makes those pages interactive in the browser.

#![recursion_limit = "512"]

pub mod api;
pub mod components;
mod lazy_pages;
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
    live, live_record, live_room, people, policy, progress, quick_check,
};

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    path, Lazy, SsrMode,
};

use crate::components::layout::{Footer, Header, NotFound};
use crate::lazy_pages::*;
use crate::pages::{lesson::LessonRoute, slides::SlidesRoute};
/// The HTML document around every page. It sets the Content-Security-Policy header with the
/// nonce that Leptos puts on its own inline scripts, so that no other inline script can run.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    security::set_content_security_policy(&options);
    let stylesheet = stylesheet_href(&options);
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

/// The stylesheet's address. A build that names files by their content (`hash-files`) lists
/// each hash in `hash.txt` beside the server binary, as `css: <hash>`; the page must name the
/// file the build wrote.
fn stylesheet_href(options: &LeptosOptions) -> String {
    static HREF: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HREF.get_or_init(|| {
        let hash = options
            .hash_files
            .then(|| {
                let exe = std::env::current_exe().ok()?;
                let hashes =
                    std::fs::read_to_string(exe.parent()?.join(&*options.hash_file)).ok()?;
                hashes.lines().find_map(|line| {
                    let (kind, hash) = line.split_once(':')?;
                    (kind.trim() == "css").then(|| hash.trim().to_string())
                })
            })
            .flatten();
        match hash {
            Some(hash) => format!(
                "/{}/{}.{hash}.css",
                options.site_pkg_dir, options.output_name
            ),
            None => format!("/{}/{}.css", options.site_pkg_dir, options.output_name),
        }
    })
    .clone()
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
                    <Route path=path!("") view={Lazy::<LazyHome>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/modules/:id") view={Lazy::<LazyModule>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/modules/:id/lesson") view=LessonRoute ssr=SsrMode::Async/>
                    <Route path=path!("/modules/:id/slides/:n") view=SlidesRoute ssr=SsrMode::Async/>
                    <Route path=path!("/modules/:id/presenter/:n") view={Lazy::<LazyPresenter>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/modules/:id/handout") view={Lazy::<LazyPrintableDeck>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/model") view={Lazy::<LazyModelOverview>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/model/:abbr") view={Lazy::<LazyProcessArea>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/glossary") view={Lazy::<LazyGlossary>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/crosswalk") view={Lazy::<LazyCrosswalk>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/about") view={Lazy::<LazyAbout>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/search") view={Lazy::<LazySearch>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/sign-in") view={Lazy::<LazySignIn>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/sign-up") view={Lazy::<LazySignUp>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/classes") view={Lazy::<LazyClasses>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/classes/:id") view={Lazy::<LazyClass>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/classes/:id/live") view={Lazy::<LazyLive>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/classes/:id/live/record") view={Lazy::<LazyLiveRecord>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/classes/:id/exercises/:exercise") view={Lazy::<LazyDistribution>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/classes/:id/grading") view={Lazy::<LazyGrading>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/classes/:id/gradebook") view={Lazy::<LazyGradebook>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/classes/:id/appraisal") view={Lazy::<LazyClassAppraisal>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/appraisal") view={Lazy::<LazyAppraisal>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/appraisal/evidence") view={Lazy::<LazyEvidence>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/appraisal/team") view={Lazy::<LazyTeamAppraisal>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/appraisal/plan") view={Lazy::<LazyPlan>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/classes/:id/plans") view={Lazy::<LazyClassPlans>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/exercises") view={Lazy::<LazyExerciseList>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/exercises/:id") view={Lazy::<LazyExercise>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/join") view={Lazy::<LazyJoin>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/join/:code") view={Lazy::<LazyJoin>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/admin/users") view={Lazy::<LazyAdminUsers>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/admin/security") view={Lazy::<LazySecurityLog>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/handouts") view={Lazy::<LazyHandouts>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/instructor-guide") view={Lazy::<LazyInstructorGuide>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/classes/:id/knowledge-check") view={Lazy::<LazyKnowledgeCheck>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/handouts/:id") view={Lazy::<LazyHandout>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/notebook") view={Lazy::<LazyNotebook>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/offerings") view={Lazy::<LazyOfferings>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/offerings/:id") view={Lazy::<LazyOffering>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/terms") view={Lazy::<LazyTerms>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/classes/:id/offering") view={Lazy::<LazyOfferingAdmin>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/classes/:id/attendance") view={Lazy::<LazyAttendance>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/classes/:id/completion") view={Lazy::<LazyCompletion>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/certificates") view={Lazy::<LazyMyCertificates>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/certificates/:code") view={Lazy::<LazyCertificate>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/verify/:code") view={Lazy::<LazyVerify>::new()} ssr=SsrMode::Async/>
                </Routes>
            </main>
            <Footer/>
        </Router>
    }
}

/// Entry point of the WebAssembly build: hydrates the server-rendered page (first loading the
/// code of a lazily loaded page, see `lazy_pages`), then marks the body so that end-to-end
/// tests know when the page has become interactive.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    // A panic's message in the browser console, in debug builds only: a release build aborts
    // on panic anyway, and the hook's formatting code would weigh on every first page.
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    // The executor must run before the first task: hydration waits on the page's chunk.
    let _ = any_spawner::Executor::init_wasm_bindgen();
    leptos::task::spawn_local(async {
        let body = leptos::prelude::document()
            .body()
            .expect("a page has a body");
        let owner = leptos::mount::hydrate_from_async(body.clone(), App).await;
        owner.forget();
        let _ = body.set_attribute("data-hydrated", "true");
    });
}
