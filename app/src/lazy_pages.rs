//! The pages whose code the browser loads only when one of them is opened.
//!
//! A reader's first page (a lesson, the slides) should not wait for the code of every other
//! page: the class, exercise, grading, appraisal and administration pages, and the course's other
//! pages (home, module, model, glossary, search, handouts, notebook, presenter view, sign-in).
//! Only the lesson and the slide viewer stay in the main file. (Measured: made lazy too, they left
//! a 212 KB main file, but a first lesson then fetched 113 small shared chunks, 357 KB of
//! WebAssembly in all, and hydrated after 900 ms instead of 205 ms.) Each page here is a lazy
//! route: the build splits its view into its own WebAssembly chunk (`cargo leptos build
//! --split`), which the router fetches on the way to the page (and `hydrate()` before hydrating,
//! when it is the first page); the server renders every page as before, so nothing changes for a
//! reader without JavaScript. Every build must be split, debug ones too: an unsplit WebAssembly still imports the
//! splitter's placeholder module, which the browser cannot load, and no page would hydrate.

use leptos::prelude::*;
use leptos_router::{lazy_route, LazyRoute};

/// Declares `$lazy`, a lazy route showing `$page` (a component without properties).
macro_rules! lazy_page {
    ($($lazy:ident => $page:path;)*) => {$(
        #[doc = concat!("`", stringify!($page), "`, loaded when first opened.")]
        pub struct $lazy;

        #[lazy_route]
        impl LazyRoute for $lazy {
            fn data() -> Self {
                $lazy
            }

            fn view(_this: Self) -> AnyView {
                use $page as Page;
                view! { <Page/> }.into_any()
            }
        }
    )*};
}

lazy_page! {
    LazyHome => crate::pages::home::HomePage;
    LazyModule => crate::pages::module::ModuleRoute;
    LazyPresenter => crate::pages::slides::PresenterRoute;
    LazyPrintableDeck => crate::pages::slides::HandoutRoute;
    LazyModelOverview => crate::pages::model::ModelOverviewPage;
    LazyProcessArea => crate::pages::model::ProcessAreaRoute;
    LazyGlossary => crate::pages::glossary::GlossaryPage;
    LazyCrosswalk => crate::pages::crosswalk::CrosswalkPage;
    LazyAbout => crate::pages::about::AboutPage;
    LazySearch => crate::pages::search::SearchPage;
    LazySignIn => crate::pages::account::SignInPage;
    LazySignUp => crate::pages::account::SignUpPage;
    LazyHandouts => crate::pages::handouts::HandoutsPage;
    LazyHandout => crate::pages::handouts::HandoutRoute;
    LazyNotebook => crate::pages::notebook::NotebookPage;
    LazyClasses => crate::pages::classes::ClassesPage;
    LazyClass => crate::pages::classes::ClassRoute;
    LazyJoin => crate::pages::classes::JoinPage;
    LazyAdminUsers => crate::pages::classes::AdminUsersPage;
    LazySecurityLog => crate::pages::security_log::SecurityLogPage;
    LazyLive => crate::pages::live::LiveRoute;
    LazyLiveRecord => crate::pages::live_record::LiveRecordRoute;
    LazyDistribution => crate::pages::exercise_results::DistributionRoute;
    LazyGrading => crate::pages::exercise_results::GradingRoute;
    LazyGradebook => crate::pages::exercise_results::GradebookRoute;
    LazyKnowledgeCheck => crate::pages::knowledge_check::KnowledgeCheckRoute;
    LazyClassAppraisal => crate::pages::appraisal_class::ClassAppraisalRoute;
    LazyAppraisal => crate::pages::appraisal::AppraisalRoute;
    LazyEvidence => crate::pages::appraisal::EvidenceRoute;
    LazyTeamAppraisal => crate::pages::appraisal_team::TeamAppraisalRoute;
    LazyPlan => crate::pages::plan::PlanRoute;
    LazyClassPlans => crate::pages::class_plans::ClassPlansRoute;
    LazyExerciseList => crate::pages::exercise::ExerciseListPage;
    LazyExercise => crate::pages::exercise::ExerciseRoute;
    LazyInstructorGuide => crate::pages::instructor_guide::InstructorGuidePage;
    LazyOfferings => crate::pages::offerings::OfferingsPage;
    LazyOffering => crate::pages::offerings::OfferingDetailPage;
    LazyTerms => crate::pages::terms::TermsPage;
    LazyOfferingAdmin => crate::pages::offering_admin::OfferingAdminRoute;
    LazyAttendance => crate::pages::attendance::AttendanceRoute;
    LazyCompletion => crate::pages::completion::CompletionRoute;
    LazyMyCertificates => crate::pages::certificate::MyCertificatesPage;
    LazyCertificate => crate::pages::certificate::CertificateRoute;
    LazyVerify => crate::pages::verify::VerifyRoute;
}
