//! The record of a class's live sessions: what each change to the session means on its timeline,
//! and the record as the instructor's page shows it after class (the timeline, the checks run
//! with their results, the questions, and each learner's minutes present per day: the attendance
//! a certificate can use).

use serde::{Deserialize, Serialize};

use crate::live::{LiveChange, LiveState};
use crate::quick_check::{QuickCheck, Tally};

/// How often a connected learner's presence is counted: a minute at a time.
pub const PRESENCE_TICK_SECONDS: u64 = 60;

/// What a change puts on the timeline: its kind and a line saying what happened, or `None` for
/// a change that says nothing worth keeping (clearing a check). `before` is the state the change
/// applied to, `after` the state it made.
pub fn timeline_entry(
    before: &LiveState,
    after: &LiveState,
    change: &LiveChange,
) -> Option<(&'static str, String)> {
    let check = |state: &LiveState| {
        state
            .check
            .as_ref()
            .map(|c| c.check.question.clone())
            .unwrap_or_default()
    };
    Some(match change {
        LiveChange::Start { .. } => (
            "start",
            format!(
                "Session started at {}, slide {}",
                after.module_id, after.slide
            ),
        ),
        LiveChange::Stop => ("stop", "Session ended".to_string()),
        LiveChange::GoTo { .. }
            if before.module_id == after.module_id && before.slide == after.slide =>
        {
            return None
        }
        LiveChange::GoTo { .. } => (
            "slide",
            format!("{}, slide {}", after.module_id, after.slide),
        ),
        LiveChange::Push { label, .. } => ("push", format!("Opened for everyone: {label}")),
        LiveChange::OpenCheck { .. } => (
            "check-open",
            format!("Quick check opened: {}", check(after)),
        ),
        LiveChange::CloseCheck => (
            "check-close",
            format!("Quick check closed: {}", check(after)),
        ),
        LiveChange::ShowResults => ("check-results", format!("Results shown: {}", check(after))),
        LiveChange::RevealCorrect => (
            "check-reveal",
            format!("Correct answer shown: {}", check(after)),
        ),
        LiveChange::ClearCheck => return None,
    })
}

/// One line of the timeline, as the page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineEntry {
    /// When, as UTC text (`2026-12-03T09:41:05.120Z`).
    pub at: String,
    pub kind: String,
    pub what: String,
}

/// A quick check run in the session, with what the room answered.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckRun {
    pub run: i64,
    pub opened_at: String,
    pub check: QuickCheck,
    pub tally: Tally,
}

/// A learner's minutes present on each day of the class's live sessions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attendance {
    pub learner: String,
    pub username: String,
    /// (UTC date, minutes present), in date order.
    pub days: Vec<(String, u32)>,
}

impl Attendance {
    pub fn total_minutes(&self) -> u32 {
        self.days.iter().map(|(_, minutes)| minutes).sum()
    }
}

/// The whole record of a class's live sessions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LiveRecord {
    pub timeline: Vec<TimelineEntry>,
    pub checks: Vec<CheckRun>,
    /// The questions posted: (when, text as typed, upvotes, answered).
    pub questions: Vec<(String, String, u32, bool)>,
    /// Every learner of the class, present or not, by name.
    pub attendance: Vec<Attendance>,
    /// The days with any presence, in order (the attendance table's columns).
    pub days: Vec<String>,
}

/// The days that appear in any learner's attendance, in order.
pub fn attendance_days(attendance: &[Attendance]) -> Vec<String> {
    let mut days: Vec<String> = attendance
        .iter()
        .flat_map(|a| a.days.iter().map(|(day, _)| day.clone()))
        .collect();
    days.sort();
    days.dedup();
    days
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::ClassId;
    use crate::quick_check::CheckKind;

    #[test]
    fn each_change_says_what_happened_and_a_move_to_the_same_slide_says_nothing() {
        let initial = LiveState::initial(ClassId(1), "welcome");
        let start = LiveChange::Start {
            module_id: String::new(),
        };
        let started = initial.apply(&start);
        assert_eq!(
            timeline_entry(&initial, &started, &start),
            Some(("start", "Session started at welcome, slide 1".to_string()))
        );
        let go = LiveChange::GoTo {
            module_id: "welcome".into(),
            slide: 3,
        };
        let moved = started.apply(&go);
        assert_eq!(
            timeline_entry(&started, &moved, &go),
            Some(("slide", "welcome, slide 3".to_string()))
        );
        assert_eq!(timeline_entry(&moved, &moved.apply(&go), &go), None);
        let open = LiveChange::OpenCheck {
            check: QuickCheck {
                kind: CheckKind::Scale,
                question: "How sure?".into(),
                options: Vec::new(),
                correct: Vec::new(),
                low: None,
                high: None,
            },
            source: None,
        };
        let opened = moved.apply(&open);
        assert_eq!(
            timeline_entry(&moved, &opened, &open).unwrap().1,
            "Quick check opened: How sure?"
        );
        let cleared = opened.apply(&LiveChange::ClearCheck);
        assert_eq!(
            timeline_entry(&opened, &cleared, &LiveChange::ClearCheck),
            None
        );
    }

    #[test]
    fn attendance_adds_up_and_lists_every_day_once() {
        let ana = Attendance {
            learner: "Ana".into(),
            username: "ana".into(),
            days: vec![("2026-12-01".into(), 380), ("2026-12-02".into(), 401)],
        };
        let ben = Attendance {
            learner: "Ben".into(),
            username: "ben".into(),
            days: vec![("2026-12-02".into(), 12)],
        };
        assert_eq!(ana.total_minutes(), 781);
        assert_eq!(
            attendance_days(&[ben, ana]),
            vec!["2026-12-01", "2026-12-02"]
        );
    }
}
