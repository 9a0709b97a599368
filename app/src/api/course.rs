//! Server functions for the course itself: each finds the loaded course in the request's context
//! and returns a copy of the part asked for.
//! A missing item is `Ok(None)`, which the pages turn into a "not found" page with status 404.

use leptos::prelude::*;

use domain::course::*;

/// One class exercise in the list of all of them.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ExerciseListing {
    pub id: String,
    pub title: String,
    pub module_title: String,
    pub minutes: u32,
    /// Points available (`Exercise::total_points`).
    pub points: u32,
}

/// Every class exercise, in course order.
#[server]
pub async fn get_exercise_list() -> Result<Vec<ExerciseListing>, ServerFnError> {
    let course = super::ssr::course()?;
    Ok(course
        .exercises
        .iter()
        .map(|e| {
            let module = course
                .module(&e.module_id)
                .map(|m| m.summary.title.clone())
                .unwrap_or_default();
            ExerciseListing {
                id: e.id.clone(),
                title: e.title.clone(),
                module_title: module,
                minutes: e.minutes,
                points: e.total_points(),
            }
        })
        .collect())
}

#[server]
pub async fn get_course_overview() -> Result<CourseOverview, ServerFnError> {
    Ok(super::ssr::course()?.overview.clone())
}

#[server]
pub async fn get_module_page(id: String) -> Result<Option<ModulePage>, ServerFnError> {
    Ok(super::ssr::course()?.module_page(&id))
}

#[server]
pub async fn get_lesson_page(id: String) -> Result<Option<LessonPage>, ServerFnError> {
    Ok(super::ssr::course()?.lesson_page(&id))
}

#[server]
pub async fn get_deck_page(id: String) -> Result<Option<DeckPage>, ServerFnError> {
    Ok(super::ssr::course()?.deck_page(&id))
}

#[server]
pub async fn get_model_overview() -> Result<ModelOverview, ServerFnError> {
    Ok(super::ssr::course()?.model.clone())
}

#[server]
pub async fn get_process_area(abbr: String) -> Result<Option<ProcessArea>, ServerFnError> {
    Ok(super::ssr::course()?.process_area(&abbr).cloned())
}

#[server]
pub async fn get_glossary() -> Result<Vec<GlossaryTerm>, ServerFnError> {
    Ok(super::ssr::course()?.glossary.clone())
}

/// At most this many search results are returned.
pub const SEARCH_LIMIT: usize = 50;

#[server]
pub async fn get_search(query: String) -> Result<SearchResults, ServerFnError> {
    let course = super::ssr::course()?;
    let query: String = query
        .trim()
        .chars()
        .take(domain::course::MAX_SEARCH_QUERY_CHARS)
        .collect();
    let hits = course.search.search(&query, SEARCH_LIMIT);
    Ok(SearchResults { query, hits })
}

#[server]
pub async fn get_handouts() -> Result<Vec<Handout>, ServerFnError> {
    Ok(super::ssr::course()?.handouts.clone())
}

#[server]
pub async fn get_handout(id: String) -> Result<Option<Handout>, ServerFnError> {
    Ok(super::ssr::course()?.handout(&id).cloned())
}

#[server]
pub async fn get_notebook() -> Result<Notebook, ServerFnError> {
    Ok(super::ssr::course()?.notebook())
}

/// The instructor guide, with every exercise's answers: instructors and administrators only.
#[server]
pub async fn get_instructor_guide(
) -> Result<super::Access<domain::guide::InstructorGuide>, ServerFnError> {
    use super::ssr::{access, course, current_user};
    use domain::policy::{decide, Action, Actor, Decision, Refusal};
    let user = current_user().await?;
    let actor = user.as_ref().map(|user| Actor {
        user_id: user.id,
        role: user.role,
    });
    let guide = match decide(actor, None, Action::ReadInstructorGuide) {
        Decision::Allow => Ok(course()?.instructor_guide()),
        Decision::SignInRequired => Err(Refusal::SignInRequired),
        Decision::Forbidden => Err(Refusal::Forbidden),
    };
    access(guide)
}
