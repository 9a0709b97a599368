//! The instructor guide as the page sees it: the course's general guidance, and per module its
//! timetable (every slide at its clock time, the exercises it launches), its homework, the
//! instructor's notes, the questions for the room and the answers to its exercises. Only
//! instructors and administrators are sent it: it holds every key.

use serde::{Deserialize, Serialize};

use crate::course::{ClockTime, Day, ScheduledExercise, SlideExercise};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InstructorGuide {
    pub course_title: String,
    /// The general part (`content/instructor/guide.md`), rendered.
    pub general_html: String,
    pub days: Vec<Day>,
    pub modules: Vec<GuideModule>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GuideModule {
    pub id: String,
    pub title: String,
    pub day: u8,
    pub start: ClockTime,
    pub end: ClockTime,
    pub timetable: Vec<GuideSlide>,
    /// The module's exercises done as homework (in-class ones are in the timetable).
    pub homework: Vec<ScheduledExercise>,
    /// The module's own guide (`guide.md`): preparation, cut-lines, misconceptions, answers to
    /// the slide exercises.
    pub notes_html: String,
    pub room_questions: Vec<RoomQuestion>,
    pub exercises: Vec<ExerciseAnswers>,
}

/// One slide at the time it starts, if the module runs to the minute.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GuideSlide {
    pub number: usize,
    pub start: ClockTime,
    pub minutes: u32,
    pub title: String,
    pub exercise: Option<SlideExercise>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoomQuestion {
    pub slide: usize,
    pub question: String,
}

/// The answers to one platform exercise, item by item.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExerciseAnswers {
    pub id: String,
    pub title: String,
    pub minutes: u32,
    /// Whether part of it is an essay graded with a rubric.
    pub essay: bool,
    pub items: Vec<ItemAnswer>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ItemAnswer {
    pub number: usize,
    pub points: u32,
    pub outcome: Option<String>,
    pub prompt_html: String,
    /// The right answer as plain text (for an essay: its rubric's criteria).
    pub answer: String,
    pub explanation_html: String,
}
