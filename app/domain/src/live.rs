//! The live session of an instructor-led class, as every screen in the class sees it.

use serde::{Deserialize, Serialize};

use crate::ids::ClassId;

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
}

/// What the instructor can change.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LiveChange {
    Start { module_id: String },
    Stop,
    GoTo { module_id: String, slide: usize },
    Push { url: String, label: String },
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
        }
        next
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
    fn slide_numbers_start_at_one() {
        let state = LiveState::initial(ClassId(1), "welcome").apply(&LiveChange::GoTo {
            module_id: "welcome".into(),
            slide: 0,
        });
        assert_eq!(state.slide, 1);
    }
}
