//! The course as the pages see it: plain, serializable values with Markdown already rendered to
//! HTML. The server builds them once from `content/` (see the `content-engine` crate, server side only) and
//! sends them to the browser through server functions, so these types compile for both sides.

use serde::{Deserialize, Serialize};

/// Whether a title comes from a public source for CERT-RMM v1.2 or was reconstructed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    Sourced,
    Reconstructed,
}

impl Source {
    pub fn label(self) -> &'static str {
        match self {
            Source::Sourced => "sourced",
            Source::Reconstructed => "reconstructed",
        }
    }
}

/// A time of day on the agenda, in minutes after midnight.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ClockTime(pub u16);

impl ClockTime {
    /// Parses `HH:MM` (24-hour clock).
    pub fn parse(text: &str) -> Option<ClockTime> {
        let (hours, minutes) = text.split_once(':')?;
        if hours.len() != 2 || minutes.len() != 2 {
            return None;
        }
        let hours: u16 = hours.parse().ok()?;
        let minutes: u16 = minutes.parse().ok()?;
        (hours < 24 && minutes < 60).then_some(ClockTime(hours * 60 + minutes))
    }
}

impl std::fmt::Display for ClockTime {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:02}:{:02}", self.0 / 60, self.0 % 60)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Outcome {
    pub id: String,
    pub text: String,
    /// Ids of the modules that teach this outcome, in course order.
    pub modules: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum SlotKind {
    Module {
        id: String,
    },
    Break {
        title: String,
    },
    Lunch {
        title: String,
    },
    /// The whole class together outside any module: the day 1 close, the day 2 recap.
    Plenary {
        title: String,
    },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AgendaSlot {
    pub start: ClockTime,
    pub end: ClockTime,
    pub kind: SlotKind,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Day {
    pub number: u8,
    pub title: String,
    pub slots: Vec<AgendaSlot>,
}

/// What a list of modules shows about each: enough for the home page and navigation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ModuleSummary {
    pub id: String,
    pub day: u8,
    pub order: u32,
    pub title: String,
    pub duration_minutes: u32,
    pub summary: String,
    pub objectives: Vec<String>,
    pub outcomes: Vec<String>,
    pub slide_count: usize,
    pub lesson_words: usize,
}

/// The course home page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CourseOverview {
    pub title: String,
    pub subtitle: String,
    pub description_html: String,
    pub outcomes: Vec<Outcome>,
    pub days: Vec<Day>,
    pub modules: Vec<ModuleSummary>,
    /// Every exercise with the time it has: a slot in a module or an evening's homework.
    pub exercises: Vec<ScheduledExercise>,
}

/// When an exercise is done: in class, launched by a slide of its module at a time the deck's
/// timing cues give, or as homework on the evening after a day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ExerciseWhen {
    InClass { day: u8, start: ClockTime },
    Homework { evening: u8 },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScheduledExercise {
    pub id: String,
    pub title: String,
    pub module_id: String,
    pub minutes: u32,
    pub when: ExerciseWhen,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TocEntry {
    pub level: u8,
    pub anchor: String,
    pub text: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Lesson {
    pub title: String,
    pub html: String,
    pub toc: Vec<TocEntry>,
    pub words: usize,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Slide {
    /// 1-based position in the deck, as it appears in URLs.
    pub number: usize,
    pub title: String,
    pub html: String,
    /// Rendered speaker notes; empty when the slide has none.
    pub notes_html: String,
    /// The minutes its notes give it (the deck's cues add up to the module's duration).
    pub minutes: u32,
    /// The exercise this slide launches in class, if any.
    pub exercise: Option<SlideExercise>,
    /// The quick check written on this slide, if any, which the live session can run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub check: Option<crate::quick_check::QuickCheck>,
}

/// An exercise launched by a slide: enough for the slide to show a card linking to it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SlideExercise {
    pub id: String,
    pub title: String,
    pub minutes: u32,
    /// When the slide comes if the day runs to the agenda (its module's slot and the cues).
    pub starts_at: ClockTime,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Deck {
    pub title: String,
    pub slides: Vec<Slide>,
}

/// A neighbour of a module in course order, for previous/next links.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ModuleLink {
    pub id: String,
    pub title: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ModulePage {
    pub module: ModuleSummary,
    pub outcomes: Vec<Outcome>,
    pub lesson_title: String,
    pub lesson_toc: Vec<TocEntry>,
    /// The module's class exercises: (id, title).
    pub exercises: Vec<(String, String)>,
    pub previous: Option<ModuleLink>,
    pub next: Option<ModuleLink>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LessonPage {
    pub module: ModuleSummary,
    pub lesson: Lesson,
    pub previous: Option<ModuleLink>,
    pub next: Option<ModuleLink>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeckPage {
    pub module_id: String,
    pub module_title: String,
    pub deck: Deck,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Practice {
    /// Canonical id, for example `IMC:SG2.SP1`.
    pub id: String,
    /// Short id within the process area, for example `SP2.1`.
    pub short_id: String,
    pub title: String,
    pub source: Source,
    pub description: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Goal {
    /// Canonical id, for example `IMC:SG2`.
    pub id: String,
    pub short_id: String,
    pub title: String,
    pub source: Source,
    pub practices: Vec<Practice>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProcessAreaLink {
    pub abbr: String,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProcessArea {
    pub abbr: String,
    pub name: String,
    pub category_id: String,
    pub category_name: String,
    pub source: Source,
    pub summary_html: String,
    pub goals: Vec<Goal>,
    pub related: Vec<ProcessAreaLink>,
    pub typical_evidence_html: Vec<String>,
    pub typical_work_products_html: Vec<String>,
}

impl ProcessArea {
    pub fn practice_count(&self) -> usize {
        self.goals.iter().map(|goal| goal.practices.len()).sum()
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Category {
    pub id: String,
    pub name: String,
    pub description_html: String,
    pub process_areas: Vec<ProcessAreaLink>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GenericPractice {
    pub id: String,
    pub title: String,
    pub source: Source,
    pub description: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GenericGoal {
    pub id: String,
    pub title: String,
    pub source: Source,
    pub description: String,
    pub practices: Vec<GenericPractice>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Level {
    pub level: u8,
    pub name: String,
    pub description_html: String,
}

/// The `/model` page: the categories with their process areas, and the model-wide parts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ModelOverview {
    pub categories: Vec<Category>,
    pub generic_goals: Vec<GenericGoal>,
    pub capability_levels: Vec<Level>,
    pub maturity_indicator_levels: Vec<Level>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GlossaryTerm {
    pub id: String,
    pub term: String,
    pub definition_html: String,
    pub see_also: Vec<TermLink>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TermLink {
    pub id: String,
    pub term: String,
}

/// A printable handout (a reference card, a sheet, a worksheet).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Handout {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub html: String,
}

/// One module's deck in the printable notebook.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NotebookModule {
    pub module: ModuleSummary,
    pub slides: Vec<Slide>,
}

/// The whole course for printing: every deck with its notes, then the handouts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Notebook {
    pub title: String,
    pub modules: Vec<NotebookModule>,
    pub handouts: Vec<Handout>,
}

/// A piece of a search result's snippet; `highlight` marks a word that matched the query.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SnippetPart {
    pub text: String,
    pub highlight: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SearchHit {
    /// "lesson", "slide", "notes", "process area", "glossary" or "handout".
    pub kind: String,
    pub title: String,
    pub context: String,
    pub url: String,
    pub snippet: Vec<SnippetPart>,
    pub score: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SearchResults {
    pub query: String,
    pub hits: Vec<SearchHit>,
}

/// Search queries are cut to this many characters.
pub const MAX_SEARCH_QUERY_CHARS: usize = 200;

/// The HTML anchor of a goal or practice on its process area's page: `IMC:SG2.SP1` → `IMC-SG2-SP1`.
/// The content engine's `model:` links use the same rule.
pub fn course_anchor(canonical_id: &str) -> String {
    canonical_id.replace([':', '.'], "-")
}
