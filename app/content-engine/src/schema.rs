//! The TOML files of `content/` as serde types. Unknown keys are rejected, so that a misspelt key
//! is an error an author sees rather than a setting that silently does nothing. Values that other
//! files refer to, or that are checked after parsing, keep their position (`Spanned`) so that an
//! error can name the line. The rule for the slug ids these files use is here too, next to them.

use serde::Deserialize;
use toml::Spanned;

use domain::course::Source;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CourseFile {
    pub title: String,
    #[serde(default)]
    pub subtitle: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub outcomes: Vec<OutcomeEntry>,
    pub days: Vec<DayEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutcomeEntry {
    pub id: Spanned<String>,
    pub text: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DayEntry {
    pub number: Spanned<u8>,
    pub title: String,
    pub slots: Vec<SlotEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SlotEntry {
    pub start: Spanned<String>,
    pub end: Spanned<String>,
    pub module: Option<Spanned<String>>,
    pub kind: Option<Spanned<String>>,
    pub title: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModuleFile {
    pub id: Spanned<String>,
    pub day: Spanned<u8>,
    pub order: Spanned<u32>,
    pub title: String,
    pub duration_minutes: Spanned<u32>,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub outcomes: Vec<Spanned<String>>,
    #[serde(default)]
    pub objectives: Vec<String>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct LessonFrontMatter {
    pub title: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct DeckFrontMatter {
    pub title: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GlossaryFile {
    #[serde(default)]
    pub terms: Vec<TermEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TermEntry {
    pub id: Spanned<String>,
    pub term: String,
    pub definition: Spanned<String>,
    #[serde(default)]
    pub see_also: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelFile {
    pub categories: Vec<CategoryEntry>,
    pub generic_goals: Vec<GenericGoalEntry>,
    pub capability_levels: Vec<LevelEntry>,
    #[serde(default)]
    pub maturity_indicator_levels: Vec<LevelEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CategoryEntry {
    pub id: Spanned<String>,
    pub name: String,
    #[serde(default)]
    pub description: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GenericGoalEntry {
    pub id: Spanned<String>,
    pub title: String,
    pub source: Source,
    #[serde(default)]
    pub description: String,
    pub practices: Vec<GenericPracticeEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GenericPracticeEntry {
    pub id: Spanned<String>,
    pub title: String,
    pub source: Source,
    #[serde(default)]
    pub description: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LevelEntry {
    pub level: Spanned<u8>,
    pub name: String,
    #[serde(default)]
    pub description: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProcessAreaFile {
    pub abbr: Spanned<String>,
    pub name: String,
    pub category: Spanned<String>,
    pub source: Source,
    pub summary: Option<Spanned<String>>,
    #[serde(default)]
    pub related: Vec<Spanned<String>>,
    #[serde(default)]
    pub typical_evidence: Vec<String>,
    #[serde(default)]
    pub typical_work_products: Vec<String>,
    #[serde(default)]
    pub goals: Vec<GoalEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoalEntry {
    pub id: Spanned<String>,
    pub title: String,
    pub source: Source,
    #[serde(default)]
    pub practices: Vec<PracticeEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PracticeEntry {
    pub id: Spanned<String>,
    pub title: String,
    pub source: Source,
    #[serde(default)]
    pub description: String,
}

/// Whether `id` is a slug: lowercase ASCII letters, digits and hyphens, and not empty. The ids of
/// modules, glossary terms and exercises are slugs because they appear in the site's URLs.
pub fn is_slug(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}
