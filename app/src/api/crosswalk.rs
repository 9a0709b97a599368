//! The crosswalk browser's server function (issue 17): the mapping from CERT-RMM practices to
//! NIST CSF 2.0 subcategories, by process area or by CSF function, filtered by a search or a
//! process area. Public, like the rest of the course; it copies parts of the loaded course.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One mapping row as the browser shows it from one side: the other side's id and text, the
/// relationship and the rationale.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RowView {
    pub other_id: String,
    pub other_text: String,
    /// `subset`, …
    pub relationship: String,
    pub relationship_words: String,
    pub rationale: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PracticeRows {
    pub id: String,
    pub title: String,
    pub rows: Vec<RowView>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AreaRows {
    pub abbr: String,
    pub name: String,
    pub practices: Vec<PracticeRows>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SubcategoryRows {
    pub id: String,
    pub text: String,
    /// The practices mapped to it (their id and title in `other_*`).
    pub rows: Vec<RowView>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CategoryRows {
    pub id: String,
    pub title: String,
    pub subcategories: Vec<SubcategoryRows>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FunctionRows {
    pub id: String,
    pub title: String,
    pub categories: Vec<CategoryRows>,
}

/// The browser's page: one of the two directions, as filtered.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CrosswalkView {
    pub query: String,
    /// CSF → practices instead of practices → CSF.
    pub by_csf: bool,
    /// The process area the view is narrowed to (empty: all).
    pub area: String,
    pub csf_source: String,
    pub rows_total: usize,
    pub rows_shown: usize,
    pub by_area: Vec<AreaRows>,
    pub by_function: Vec<FunctionRows>,
    /// Every process area (abbreviation, name), for the filter.
    pub all_areas: Vec<(String, String)>,
}

/// At most this many characters of a search are used.
pub const MAX_QUERY_CHARS: usize = 200;

#[server]
pub async fn get_crosswalk(
    query: String,
    by_csf: bool,
    area: String,
) -> Result<CrosswalkView, ServerFnError> {
    let course = super::ssr::course()?;
    let query: String = query.trim().chars().take(MAX_QUERY_CHARS).collect();
    let area = area.trim().to_ascii_uppercase();
    let area = if course.process_areas.contains_key(&area) {
        area
    } else {
        String::new()
    };
    Ok(ssr::view(&course, query, by_csf, area))
}

#[cfg(feature = "ssr")]
mod ssr {
    use std::collections::{BTreeSet, HashMap};

    use content_engine::LoadedCourse;
    use domain::crosswalk::{area_of, category_of, MappingRow};

    use super::*;

    pub fn view(course: &LoadedCourse, query: String, by_csf: bool, area: String) -> CrosswalkView {
        let crosswalk = &course.crosswalk;
        let titles: HashMap<String, String> = course
            .process_areas
            .values()
            .flat_map(|a| a.goals.iter().flat_map(|g| &g.practices))
            .map(|p| (p.id.clone(), p.title.clone()))
            .collect();
        let texts: HashMap<&str, &str> = crosswalk
            .subcategories
            .iter()
            .map(|s| (s.id.as_str(), s.text.as_str()))
            .collect();
        let rows: Vec<&MappingRow> = if query.is_empty() {
            crosswalk.rows.iter().collect()
        } else {
            crosswalk.search(&query, &titles)
        };
        let rows: Vec<&MappingRow> = rows
            .into_iter()
            .filter(|r| area.is_empty() || area_of(&r.practice) == area)
            .collect();
        let mut view = CrosswalkView {
            rows_total: crosswalk.rows.len(),
            rows_shown: rows.len(),
            csf_source: crosswalk.csf_source.clone(),
            all_areas: course
                .process_areas
                .values()
                .map(|a| (a.abbr.clone(), a.name.clone()))
                .collect(),
            by_area: Vec::new(),
            by_function: Vec::new(),
            query,
            by_csf,
            area,
        };
        if by_csf {
            view.by_function = by_function(crosswalk, &rows, &titles);
        } else {
            view.by_area = by_area(course, &rows, &texts);
        }
        view
    }

    fn row_view(row: &MappingRow, other_id: &str, other_text: &str) -> RowView {
        RowView {
            other_id: other_id.to_string(),
            other_text: other_text.to_string(),
            relationship: row.relationship.as_str().to_string(),
            relationship_words: row.relationship.words().to_string(),
            rationale: row.rationale.clone(),
        }
    }

    /// CSF functions → categories → subcategories reached by `rows`, with their practices.
    fn by_function(
        crosswalk: &domain::crosswalk::Crosswalk,
        rows: &[&MappingRow],
        titles: &HashMap<String, String>,
    ) -> Vec<FunctionRows> {
        let reached: BTreeSet<&str> = rows.iter().map(|r| r.subcategory.as_str()).collect();
        crosswalk
            .functions
            .iter()
            .map(|function| FunctionRows {
                id: function.id.clone(),
                title: function.title.clone(),
                categories: crosswalk
                    .categories
                    .iter()
                    .filter(|c| c.function == function.id)
                    .map(|category| CategoryRows {
                        id: category.id.clone(),
                        title: category.title.clone(),
                        subcategories: crosswalk
                            .subcategories
                            .iter()
                            .filter(|s| category_of(&s.id) == category.id)
                            .filter(|s| reached.contains(s.id.as_str()))
                            .map(|s| SubcategoryRows {
                                id: s.id.clone(),
                                text: s.text.clone(),
                                rows: rows
                                    .iter()
                                    .filter(|r| r.subcategory == s.id)
                                    .map(|r| {
                                        let title =
                                            titles.get(&r.practice).map_or("", String::as_str);
                                        row_view(r, &r.practice, title)
                                    })
                                    .collect(),
                            })
                            .collect(),
                    })
                    .filter(|c| !c.subcategories.is_empty())
                    .collect(),
            })
            .filter(|f| !f.categories.is_empty())
            .collect()
    }

    /// Process areas → practices with rows among `rows`, with the subcategories they reach.
    fn by_area(
        course: &LoadedCourse,
        rows: &[&MappingRow],
        texts: &HashMap<&str, &str>,
    ) -> Vec<AreaRows> {
        course
            .process_areas
            .values()
            .map(|pa| AreaRows {
                abbr: pa.abbr.clone(),
                name: pa.name.clone(),
                practices: pa
                    .goals
                    .iter()
                    .flat_map(|g| &g.practices)
                    .map(|p| PracticeRows {
                        id: p.id.clone(),
                        title: p.title.clone(),
                        rows: rows
                            .iter()
                            .filter(|r| r.practice == p.id)
                            .map(|r| {
                                row_view(
                                    r,
                                    &r.subcategory,
                                    texts.get(r.subcategory.as_str()).unwrap_or(&""),
                                )
                            })
                            .collect(),
                    })
                    .filter(|p| !p.rows.is_empty())
                    .collect(),
            })
            .filter(|a| !a.practices.is_empty())
            .collect()
    }
}
