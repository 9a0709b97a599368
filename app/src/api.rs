//! Server functions: the only way the browser asks the server for course data. Each is thin: it
//! finds the loaded course in the request's context and returns a copy of the part asked for.
//! A missing item is `Ok(None)`, which the pages turn into a "not found" page with status 404.

use leptos::prelude::*;

use crate::course::*;

#[cfg(feature = "ssr")]
pub mod ssr {
    use std::sync::Arc;

    use leptos::prelude::*;

    use crate::content::LoadedCourse;

    /// The course loaded at start-up, provided to every request by the server.
    pub fn course() -> Result<Arc<LoadedCourse>, ServerFnError> {
        use_context::<Arc<LoadedCourse>>()
            .ok_or_else(|| ServerFnError::new("the course is not loaded (server misconfiguration)"))
    }
}

/// Every class exercise: (id, title, module title, minutes, points).
#[server]
pub async fn get_exercise_list() -> Result<Vec<(String, String, String, u32, u32)>, ServerFnError> {
    let course = ssr::course()?;
    Ok(course
        .exercises
        .iter()
        .map(|e| {
            let module = course
                .module(&e.module_id)
                .map(|m| m.summary.title.clone())
                .unwrap_or_default();
            (
                e.id.clone(),
                e.title.clone(),
                module,
                e.minutes,
                e.total_points(),
            )
        })
        .collect())
}

#[server]
pub async fn get_course_overview() -> Result<CourseOverview, ServerFnError> {
    Ok(ssr::course()?.overview.clone())
}

#[server]
pub async fn get_module_page(id: String) -> Result<Option<ModulePage>, ServerFnError> {
    Ok(ssr::course()?.module_page(&id))
}

#[server]
pub async fn get_lesson_page(id: String) -> Result<Option<LessonPage>, ServerFnError> {
    Ok(ssr::course()?.lesson_page(&id))
}

#[server]
pub async fn get_deck_page(id: String) -> Result<Option<DeckPage>, ServerFnError> {
    Ok(ssr::course()?.deck_page(&id))
}

#[server]
pub async fn get_model_overview() -> Result<ModelOverview, ServerFnError> {
    Ok(ssr::course()?.model.clone())
}

#[server]
pub async fn get_process_area(abbr: String) -> Result<Option<ProcessArea>, ServerFnError> {
    Ok(ssr::course()?.process_area(&abbr).cloned())
}

#[server]
pub async fn get_glossary() -> Result<Vec<GlossaryTerm>, ServerFnError> {
    Ok(ssr::course()?.glossary.clone())
}

/// At most this many search results are returned.
pub const SEARCH_LIMIT: usize = 50;

#[server]
pub async fn get_search(query: String) -> Result<SearchResults, ServerFnError> {
    let course = ssr::course()?;
    let query: String = query
        .trim()
        .chars()
        .take(crate::course::MAX_SEARCH_QUERY_CHARS)
        .collect();
    let hits = course.search.search(&query, SEARCH_LIMIT);
    Ok(SearchResults { query, hits })
}

#[server]
pub async fn get_handouts() -> Result<Vec<Handout>, ServerFnError> {
    Ok(ssr::course()?.handouts.clone())
}

#[server]
pub async fn get_handout(id: String) -> Result<Option<Handout>, ServerFnError> {
    Ok(ssr::course()?.handout(&id).cloned())
}

#[server]
pub async fn get_notebook() -> Result<Notebook, ServerFnError> {
    Ok(ssr::course()?.notebook())
}
