//! The live session of an instructor-led class, as every screen in the class sees it: the slide,
//! what the instructor opened for everyone, and the quick check running.

use serde::{Deserialize, Serialize};

use crate::ids::ClassId;
use crate::quick_check::QuickCheck;

/// Something the instructor opened for everyone.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushedItem {
    /// A path on this site, such as `/modules/appraisal/lesson`.
    pub url: String,
    pub label: String,
}

/// The state of a class's live session. `version` grows by one with every change: a screen that
/// shows version N and hears of N+2 knows it missed one and simply shows N+2.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LiveState {
    pub class_id: ClassId,
    pub version: i64,
    pub active: bool,
    pub module_id: String,
    pub slide: usize,
    pub pushed: Option<PushedItem>,
    /// The quick check the instructor runs now, if any (open, or closed with its results).
    #[serde(default)]
    pub check: Option<LiveCheck>,
}

/// Where a quick check is written: the module and the slide that hold it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckSource {
    pub module_id: String,
    pub slide: usize,
}

/// A quick check as the session runs it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LiveCheck {
    /// Which run of a check this is: the state's version when it was opened. Answers belong to
    /// a run, so a check opened again starts with no answers.
    pub run: i64,
    /// The slide it is written on, or `None` when the instructor typed it on the spot.
    pub source: Option<CheckSource>,
    pub check: QuickCheck,
    /// Learners may answer (and change their answer) while it is open.
    pub open: bool,
    /// The room sees the results.
    pub results_shown: bool,
    /// The room sees which answer is correct.
    pub correct_shown: bool,
}

/// What the instructor can change.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LiveChange {
    Start {
        module_id: String,
    },
    Stop,
    GoTo {
        module_id: String,
        slide: usize,
    },
    Push {
        url: String,
        label: String,
    },
    /// Opens a quick check for answers (a new run, replacing any check shown before). For a
    /// check written on a slide the server takes the check from the course, not from the
    /// request.
    OpenCheck {
        check: QuickCheck,
        source: Option<CheckSource>,
    },
    /// Stops taking answers.
    CloseCheck,
    /// Shows the room the results.
    ShowResults,
    /// Shows the room the correct answer (and the results with it).
    RevealCorrect,
    /// Takes the check off every screen.
    ClearCheck,
}

impl LiveState {
    /// The state after `change`, one version later. Pure: storage calls it inside its
    /// transaction, and tests call it directly.
    pub fn apply(&self, change: &LiveChange) -> LiveState {
        let mut next = self.clone();
        next.version += 1;
        match change {
            LiveChange::Start { module_id } => {
                next.active = true;
                if !module_id.is_empty() && *module_id != self.module_id {
                    next.module_id = module_id.clone();
                    next.slide = 1;
                }
                next.pushed = None;
            }
            LiveChange::Stop => {
                next.active = false;
                next.pushed = None;
                if let Some(check) = &mut next.check {
                    check.open = false;
                }
            }
            LiveChange::GoTo { module_id, slide } => {
                next.module_id = module_id.clone();
                next.slide = (*slide).max(1);
            }
            LiveChange::Push { url, label } => {
                next.pushed = Some(PushedItem {
                    url: url.clone(),
                    label: label.clone(),
                })
            }
            LiveChange::OpenCheck { check, source } => {
                next.check = Some(LiveCheck {
                    run: next.version,
                    source: source.clone(),
                    check: check.clone(),
                    open: true,
                    results_shown: false,
                    correct_shown: false,
                });
            }
            LiveChange::CloseCheck => {
                if let Some(check) = &mut next.check {
                    check.open = false;
                }
            }
            LiveChange::ShowResults => {
                if let Some(check) = &mut next.check {
                    check.results_shown = true;
                }
            }
            LiveChange::RevealCorrect => {
                if let Some(check) = &mut next.check {
                    check.results_shown = true;
                    check.correct_shown = !check.check.correct.is_empty();
                }
            }
            LiveChange::ClearCheck => next.check = None,
        }
        next
    }

    /// The run of the check that takes answers now, if any: the session is live and the check
    /// open.
    pub fn answerable_run(&self) -> Option<i64> {
        self.check
            .as_ref()
            .filter(|check| self.active && check.open)
            .map(|check| check.run)
    }

    /// The state of a class that has never gone live.
    pub fn initial(class_id: ClassId, first_module: &str) -> LiveState {
        LiveState {
            class_id,
            version: 0,
            active: false,
            module_id: first_module.to_string(),
            slide: 1,
            pushed: None,
            check: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_change_raises_the_version_by_one() {
        let state = LiveState::initial(ClassId(7), "welcome");
        let started = state.apply(&LiveChange::Start {
            module_id: String::new(),
        });
        assert!(started.active);
        assert_eq!(started.version, 1);
        let moved = started.apply(&LiveChange::GoTo {
            module_id: "welcome".into(),
            slide: 4,
        });
        assert_eq!((moved.version, moved.slide), (2, 4));
        let pushed = moved.apply(&LiveChange::Push {
            url: "/modules/welcome/lesson".into(),
            label: "Lesson".into(),
        });
        assert_eq!(
            pushed.pushed.as_ref().unwrap().url,
            "/modules/welcome/lesson"
        );
        assert_eq!(pushed.slide, 4, "pushing keeps the slide");
        let stopped = pushed.apply(&LiveChange::Stop);
        assert!(!stopped.active && stopped.pushed.is_none());
        assert_eq!(stopped.version, 4);
    }

    #[test]
    fn a_check_runs_from_open_to_revealed_and_a_new_run_starts_afresh() {
        let check = crate::quick_check::QuickCheck {
            kind: crate::quick_check::CheckKind::Single,
            question: "Which?".into(),
            options: vec!["a".into(), "b".into()],
            correct: vec!["b".into()],
            low: None,
            high: None,
        };
        let live = LiveState::initial(ClassId(1), "welcome").apply(&LiveChange::Start {
            module_id: String::new(),
        });
        let opened = live.apply(&LiveChange::OpenCheck {
            check: check.clone(),
            source: None,
        });
        assert_eq!(opened.answerable_run(), Some(2));
        let closed = opened.apply(&LiveChange::CloseCheck);
        assert_eq!(closed.answerable_run(), None);
        let shown = closed.apply(&LiveChange::ShowResults);
        let running = shown.check.as_ref().unwrap();
        assert!(running.results_shown && !running.correct_shown);
        let revealed = shown.apply(&LiveChange::RevealCorrect);
        assert!(revealed.check.as_ref().unwrap().correct_shown);
        let again = revealed.apply(&LiveChange::OpenCheck {
            check,
            source: None,
        });
        let rerun = again.check.as_ref().unwrap();
        assert_eq!(
            rerun.run, 6,
            "a new run, so no answer of the last one counts"
        );
        assert!(!rerun.results_shown && !rerun.correct_shown);
        let stopped = again.apply(&LiveChange::Stop);
        assert_eq!(
            stopped.answerable_run(),
            None,
            "no answers once the session ends"
        );
        assert!(stopped.apply(&LiveChange::ClearCheck).check.is_none());
    }

    #[test]
    fn a_check_without_a_correct_answer_reveals_only_its_results() {
        let scale = crate::quick_check::QuickCheck {
            kind: crate::quick_check::CheckKind::Scale,
            question: "How sure?".into(),
            options: Vec::new(),
            correct: Vec::new(),
            low: None,
            high: None,
        };
        let state = LiveState::initial(ClassId(1), "welcome")
            .apply(&LiveChange::OpenCheck {
                check: scale,
                source: None,
            })
            .apply(&LiveChange::RevealCorrect);
        let check = state.check.unwrap();
        assert!(check.results_shown && !check.correct_shown);
        assert!(
            !state.active,
            "a check may be prepared before the session starts"
        );
    }

    #[test]
    fn slide_numbers_start_at_one() {
        let state = LiveState::initial(ClassId(1), "welcome").apply(&LiveChange::GoTo {
            module_id: "welcome".into(),
            slide: 0,
        });
        assert_eq!(state.slide, 1);
    }
}
