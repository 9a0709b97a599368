//! Builds the instructor guide from the loaded course: nothing in it is written twice. The
//! timetable comes from the agenda and the decks' timing cues, the room questions from the
//! speaker notes, the answers from the exercises' keys; only the preparation, cut-lines and
//! misconceptions are the modules' own `guide.md`.

use domain::answers::describe_key;
use domain::course::{ClockTime, ExerciseWhen, SlotKind};
use domain::exercise::{Exercise, ItemForm};
use domain::guide::{
    ExerciseAnswers, GuideModule, GuideSlide, InstructorGuide, ItemAnswer, RoomQuestion,
};

use super::loaded::{LoadedCourse, LoadedModule};

impl LoadedCourse {
    pub fn instructor_guide(&self) -> InstructorGuide {
        InstructorGuide {
            course_title: self.overview.title.clone(),
            general_html: self.instructor_guide_html.clone(),
            days: self.overview.days.clone(),
            modules: self.modules.iter().map(|m| self.guide_module(m)).collect(),
        }
    }

    fn guide_module(&self, module: &LoadedModule) -> GuideModule {
        let id = &module.summary.id;
        let (start, end) = self
            .overview
            .days
            .iter()
            .flat_map(|day| &day.slots)
            .find(|slot| matches!(&slot.kind, SlotKind::Module { id: slot_id } if slot_id == id))
            .map_or((ClockTime(0), ClockTime(0)), |slot| (slot.start, slot.end));
        let mut clock = start;
        let timetable = module
            .deck
            .slides
            .iter()
            .map(|slide| {
                let entry = GuideSlide {
                    number: slide.number,
                    start: clock,
                    minutes: slide.minutes,
                    title: slide.title.clone(),
                    exercise: slide.exercise.clone(),
                };
                clock = ClockTime(clock.0 + slide.minutes as u16);
                entry
            })
            .collect();
        GuideModule {
            id: id.clone(),
            title: module.summary.title.clone(),
            day: module.summary.day,
            start,
            end,
            timetable,
            homework: self
                .overview
                .exercises
                .iter()
                .filter(|e| &e.module_id == id && matches!(e.when, ExerciseWhen::Homework { .. }))
                .cloned()
                .collect(),
            notes_html: module.guide_html.clone(),
            room_questions: module
                .room_questions
                .iter()
                .map(|(slide, question)| RoomQuestion {
                    slide: *slide,
                    question: question.clone(),
                })
                .collect(),
            exercises: self
                .exercises
                .iter()
                .filter(|e| &e.module_id == id)
                .map(exercise_answers)
                .collect(),
        }
    }
}

fn exercise_answers(exercise: &Exercise) -> ExerciseAnswers {
    ExerciseAnswers {
        id: exercise.id.clone(),
        title: exercise.title.clone(),
        minutes: exercise.minutes,
        essay: exercise.needs_manual_grading(),
        items: exercise
            .items
            .iter()
            .zip(&exercise.keys)
            .enumerate()
            .map(|(index, (item, key))| ItemAnswer {
                number: index + 1,
                points: item.points,
                outcome: item.outcome.clone(),
                prompt_html: item.prompt_html.clone(),
                answer: match &item.form {
                    ItemForm::Essay { rubric, .. } => format!(
                        "Graded with the rubric: {}",
                        rubric
                            .iter()
                            .map(|c| c.criterion.as_str())
                            .collect::<Vec<_>>()
                            .join("; ")
                    ),
                    form => describe_key(form, &key.answer),
                },
                explanation_html: key.explanation_html.clone(),
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use crate::exercise_tests::with_exercise;
    use crate::validation_tests::load_ok;

    #[test]
    fn the_guide_times_every_slide_and_answers_every_item() {
        let dir = with_exercise();
        let course = load_ok(dir.path());
        let guide = course.instructor_guide();
        let alpha = &guide.modules[0];
        assert_eq!(alpha.start.to_string(), "08:30");
        assert_eq!(alpha.timetable[1].start.to_string(), "08:31");
        assert_eq!(
            alpha.timetable[1].exercise.as_ref().map(|e| e.id.as_str()),
            Some("sorting")
        );
        assert_eq!(alpha.room_questions[0].question, "why?");
        let answers = &alpha.exercises[0];
        assert_eq!(answers.items.len(), 7);
        assert_eq!(answers.items[0].answer, "second");
        assert!(answers.essay);
        assert!(answers
            .items
            .iter()
            .any(|i| i.answer.starts_with("Graded with the rubric")));
    }
}
