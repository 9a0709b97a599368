//! Self-paced progress: what a person has read and seen, and where to pick up again.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ItemKind {
    Lesson,
    Deck,
}

impl ItemKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ItemKind::Lesson => "lesson",
            ItemKind::Deck => "deck",
        }
    }

    pub fn parse(text: &str) -> Option<ItemKind> {
        match text {
            "lesson" => Some(ItemKind::Lesson),
            "deck" => Some(ItemKind::Deck),
            _ => None,
        }
    }
}

/// One stored progress record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgressRecord {
    pub kind: ItemKind,
    pub module_id: String,
    pub last_position: usize,
    pub furthest: usize,
    pub updated_at: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ModuleProgress {
    pub module_id: String,
    pub title: String,
    pub lesson_read: bool,
    pub furthest_slide: usize,
    pub slides: usize,
}

impl ModuleProgress {
    /// Share of the module done: the lesson counts as much as the whole deck.
    pub fn fraction(&self) -> f64 {
        let lesson = if self.lesson_read { 1.0 } else { 0.0 };
        let deck = if self.slides == 0 {
            0.0
        } else {
            self.furthest_slide.min(self.slides) as f64 / self.slides as f64
        };
        (lesson + deck) / 2.0
    }
}

/// Where to continue, as a link.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Resume {
    pub url: String,
    pub label: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProgressSummary {
    pub modules: Vec<ModuleProgress>,
    pub resume: Option<Resume>,
}

impl ProgressSummary {
    pub fn overall(&self) -> f64 {
        if self.modules.is_empty() {
            return 0.0;
        }
        self.modules
            .iter()
            .map(ModuleProgress::fraction)
            .sum::<f64>()
            / self.modules.len() as f64
    }
}

/// Builds the summary from the course's modules (id, title, slide count, in order) and the
/// person's records. Pure, so the rules are tested without a database.
pub fn summarize(
    modules: &[(String, String, usize)],
    records: &[ProgressRecord],
) -> ProgressSummary {
    let summary_modules = modules
        .iter()
        .map(|(id, title, slides)| {
            let lesson_read = records
                .iter()
                .any(|r| r.kind == ItemKind::Lesson && &r.module_id == id);
            let furthest_slide = records
                .iter()
                .filter(|r| r.kind == ItemKind::Deck && &r.module_id == id)
                .map(|r| r.furthest)
                .max()
                .unwrap_or(0);
            ModuleProgress {
                module_id: id.clone(),
                title: title.clone(),
                lesson_read,
                furthest_slide,
                slides: *slides,
            }
        })
        .collect();
    // The most recent record that still names a module of the course.
    let resume = records
        .iter()
        .filter(|r| modules.iter().any(|(id, _, _)| id == &r.module_id))
        .max_by(|a, b| a.updated_at.cmp(&b.updated_at))
        .map(|r| {
            let title = &modules
                .iter()
                .find(|(id, _, _)| id == &r.module_id)
                .expect("filtered")
                .1;
            match r.kind {
                ItemKind::Lesson => Resume {
                    url: format!("/modules/{}/lesson", r.module_id),
                    label: format!("the lesson of “{title}”"),
                },
                ItemKind::Deck => Resume {
                    url: format!("/modules/{}/slides/{}", r.module_id, r.last_position.max(1)),
                    label: format!("slide {} of “{title}”", r.last_position.max(1)),
                },
            }
        });
    ProgressSummary {
        modules: summary_modules,
        resume,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(
        kind: ItemKind,
        module: &str,
        last: usize,
        furthest: usize,
        at: &str,
    ) -> ProgressRecord {
        ProgressRecord {
            kind,
            module_id: module.into(),
            last_position: last,
            furthest,
            updated_at: at.into(),
        }
    }

    fn modules() -> Vec<(String, String, usize)> {
        vec![
            ("a".into(), "Alpha".into(), 10),
            ("b".into(), "Beta".into(), 4),
        ]
    }

    #[test]
    fn nothing_done_is_zero_with_no_resume_link() {
        let summary = summarize(&modules(), &[]);
        assert_eq!(summary.overall(), 0.0);
        assert!(summary.resume.is_none());
    }

    #[test]
    fn lesson_and_deck_each_count_half_and_the_latest_item_is_resumed() {
        let records = [
            record(ItemKind::Lesson, "a", 0, 0, "2026-01-01T10:00:00Z"),
            record(ItemKind::Deck, "a", 3, 5, "2026-01-01T11:00:00Z"),
            record(ItemKind::Deck, "gone", 2, 2, "2026-01-02T00:00:00Z"),
        ];
        let summary = summarize(&modules(), &records);
        assert_eq!(summary.modules[0].fraction(), 0.75);
        assert_eq!(summary.modules[1].fraction(), 0.0);
        assert_eq!(summary.overall(), 0.375);
        let resume = summary.resume.unwrap();
        assert_eq!(
            resume.url, "/modules/a/slides/3",
            "the last slide shown, not the furthest; removed modules are skipped"
        );
    }

    #[test]
    fn a_fraction_never_passes_one() {
        let records = [
            record(ItemKind::Deck, "b", 9, 9, "x"),
            record(ItemKind::Lesson, "b", 0, 0, "y"),
        ];
        assert_eq!(summarize(&modules(), &records).modules[1].fraction(), 1.0);
    }
}
