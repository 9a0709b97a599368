//! The crosswalk from CERT-RMM practices to the NIST Cybersecurity Framework 2.0 (issue 17): the
//! CSF 2.0 Core (functions, categories, subcategories) and the project's own mapping rows, with
//! the look-ups the crosswalk browser needs in both directions, its search, and a projection of
//! practice ratings onto CSF functions and categories.
//!
//! The projection is an approximation and says so wherever it is shown: a CSF category's score is
//! the mean of the ratings of the practices mapped to it, each practice counted once per category
//! however many of its subcategories it reaches, so a category's colour depends on which practices
//! the project chose to map, not on any official equivalence.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::{Deserialize, Serialize};

use crate::appraisal::Rating;

/// How a CERT-RMM practice relates to a CSF subcategory (in the sense of NIST's OLIR
/// relationship types), read as the practice relative to the subcategory.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Relationship {
    Equivalent,
    /// The practice covers part of what the subcategory asks.
    Subset,
    /// The practice asks for more than the subcategory.
    Superset,
    /// They overlap; neither contains the other.
    Intersects,
}

impl Relationship {
    pub const ALL: [Relationship; 4] = [
        Relationship::Equivalent,
        Relationship::Subset,
        Relationship::Superset,
        Relationship::Intersects,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Relationship::Equivalent => "equivalent",
            Relationship::Subset => "subset",
            Relationship::Superset => "superset",
            Relationship::Intersects => "intersects",
        }
    }

    pub fn parse(text: &str) -> Option<Relationship> {
        Relationship::ALL.into_iter().find(|r| r.as_str() == text)
    }

    /// The relationship in words, as the browser's legend says it.
    pub fn words(self) -> &'static str {
        match self {
            Relationship::Equivalent => "the same outcome",
            Relationship::Subset => "the practice covers part of the subcategory",
            Relationship::Superset => "the practice asks for more than the subcategory",
            Relationship::Intersects => "they overlap; neither contains the other",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CsfFunction {
    /// `GV`.
    pub id: String,
    pub title: String,
    pub text: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CsfCategory {
    /// `GV.OC`.
    pub id: String,
    pub function: String,
    pub title: String,
    pub text: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CsfSubcategory {
    /// `GV.OC-01`.
    pub id: String,
    pub category: String,
    pub text: String,
}

/// One row of the mapping.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MappingRow {
    /// `IMC:SG1.SP1`.
    pub practice: String,
    /// `RS.MA-01`.
    pub subcategory: String,
    pub relationship: Relationship,
    pub rationale: String,
}

/// The whole crosswalk as loaded and validated from `content/crosswalk/`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Crosswalk {
    /// Where the CSF text comes from, as the data file says.
    pub csf_source: String,
    pub functions: Vec<CsfFunction>,
    pub categories: Vec<CsfCategory>,
    pub subcategories: Vec<CsfSubcategory>,
    /// In file order (grouped by process area).
    pub rows: Vec<MappingRow>,
}

/// The category a subcategory id belongs to: `GV.OC-01` → `GV.OC`.
pub fn category_of(subcategory: &str) -> &str {
    subcategory.split('-').next().unwrap_or(subcategory)
}

/// The function a category or subcategory id belongs to: `GV.OC-01` → `GV`.
pub fn function_of(id: &str) -> &str {
    id.split('.').next().unwrap_or(id)
}

/// The process area of a practice id: `IMC:SG1.SP1` → `IMC`.
pub fn area_of(practice: &str) -> &str {
    practice.split(':').next().unwrap_or(practice)
}

impl Crosswalk {
    /// The rows of one practice.
    pub fn rows_of_practice<'a>(
        &'a self,
        practice: &'a str,
    ) -> impl Iterator<Item = &'a MappingRow> {
        self.rows.iter().filter(move |r| r.practice == practice)
    }

    /// The rows reaching one subcategory.
    pub fn rows_of_subcategory<'a>(
        &'a self,
        subcategory: &'a str,
    ) -> impl Iterator<Item = &'a MappingRow> {
        self.rows
            .iter()
            .filter(move |r| r.subcategory == subcategory)
    }

    /// The rows of a process area's practices.
    pub fn rows_of_area<'a>(&'a self, area: &'a str) -> impl Iterator<Item = &'a MappingRow> {
        self.rows
            .iter()
            .filter(move |r| area_of(&r.practice) == area)
    }

    /// The practices of `practices` that no row maps.
    pub fn unmapped<'a>(&self, practices: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
        let mapped: BTreeSet<&str> = self.rows.iter().map(|r| r.practice.as_str()).collect();
        practices
            .into_iter()
            .filter(|p| !mapped.contains(p))
            .collect()
    }

    /// The CSF categories no row reaches.
    pub fn unreached_categories(&self) -> Vec<&str> {
        let reached: BTreeSet<&str> = self
            .rows
            .iter()
            .map(|r| category_of(&r.subcategory))
            .collect();
        self.categories
            .iter()
            .map(|c| c.id.as_str())
            .filter(|c| !reached.contains(c))
            .collect()
    }

    /// The rows whose practice, subcategory, CSF text or rationale holds every word of `query`
    /// (case-insensitive); `practice_titles` gives the practices' titles to search too.
    pub fn search<'a>(
        &'a self,
        query: &str,
        practice_titles: &HashMap<String, String>,
    ) -> Vec<&'a MappingRow> {
        let words: Vec<String> = query
            .split_whitespace()
            .take(8)
            .map(str::to_lowercase)
            .collect();
        if words.is_empty() {
            return Vec::new();
        }
        let texts: HashMap<&str, &str> = self
            .subcategories
            .iter()
            .map(|s| (s.id.as_str(), s.text.as_str()))
            .collect();
        self.rows
            .iter()
            .filter(|row| {
                let haystack = format!(
                    "{} {} {} {} {}",
                    row.practice,
                    practice_titles
                        .get(&row.practice)
                        .map_or("", String::as_str),
                    row.subcategory,
                    texts.get(row.subcategory.as_str()).unwrap_or(&""),
                    row.rationale
                )
                .to_lowercase();
                words.iter().all(|w| haystack.contains(w.as_str()))
            })
            .collect()
    }
}

/// A projected score: the mean of the mapped practices' ratings on a 0–3 scale (NI 0, PI 1,
/// LI 2, FI 3), with how many rated practices it rests on.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Projected {
    /// `None` when no mapped practice is rated.
    pub mean: Option<f64>,
    pub rated: usize,
    pub mapped: usize,
}

/// A rating's place on the projection's scale.
pub fn score(rating: Rating) -> f64 {
    match rating {
        Rating::FI => 3.0,
        Rating::LI => 2.0,
        Rating::PI => 1.0,
        Rating::NI => 0.0,
    }
}

/// Projects practice ratings onto CSF categories and functions (keys `GV.OC` and `GV`). Each
/// practice counts once per category and once per function, whatever the number of rows.
pub fn project(
    crosswalk: &Crosswalk,
    ratings: &HashMap<String, Rating>,
) -> BTreeMap<String, Projected> {
    let mut practices: BTreeMap<String, BTreeSet<&str>> = BTreeMap::new();
    for row in &crosswalk.rows {
        let category = category_of(&row.subcategory);
        for key in [category, function_of(category)] {
            practices
                .entry(key.to_string())
                .or_default()
                .insert(row.practice.as_str());
        }
    }
    practices
        .into_iter()
        .map(|(key, mapped)| {
            let scores: Vec<f64> = mapped
                .iter()
                .filter_map(|p| ratings.get(*p).copied().map(score))
                .collect();
            let mean =
                (!scores.is_empty()).then(|| scores.iter().sum::<f64>() / scores.len() as f64);
            (
                key,
                Projected {
                    mean,
                    rated: scores.len(),
                    mapped: mapped.len(),
                },
            )
        })
        .collect()
}

#[cfg(test)]
#[path = "crosswalk_tests.rs"]
mod tests;
