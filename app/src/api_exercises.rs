//! Server functions and page data for class exercises: the learner's exercise page (with autosave),
//! and the instructor's live distribution, grading queue and gradebook. Thin, as all server
//! functions here: the backend decides who may see what.

use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

use crate::answers::Answers;
use crate::api_people::Access;
use crate::exercise::{Criterion, ExerciseView};
use crate::people::ClassMode;

/// The class an exercise is answered in, as the page shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClassRef {
    pub id: i64,
    pub name: String,
    pub mode: ClassMode,
    pub is_instructor: bool,
}

/// How an instructor set an exercise up for a class. Absent settings mean the defaults.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassExerciseSetting {
    /// `Some(true)` opened by hand, `Some(false)` closed by hand, `None` never touched.
    pub open: Option<bool>,
    /// UTC, `YYYY-MM-DDTHH:MM`; answers are refused from then on.
    pub deadline: Option<String>,
    pub released: bool,
}

/// Whether answers are accepted now and whether results may be shown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExerciseStatus {
    pub accepting: bool,
    /// Why answers are not accepted, for the learner.
    pub closed_reason: Option<String>,
    pub deadline: Option<String>,
    pub results_visible: bool,
}

/// The rules: alone, an exercise is always open and results show at once; in a self-paced class
/// it is open unless the instructor closed it or its deadline passed, and results show at once;
/// in an instructor-led class it is open only while the instructor has it open (and before the
/// deadline), and results show when the instructor releases them. `now` is UTC text.
pub fn exercise_status(
    mode: Option<ClassMode>,
    setting: &ClassExerciseSetting,
    now: &str,
) -> ExerciseStatus {
    let past_deadline = setting
        .deadline
        .as_deref()
        .is_some_and(|deadline| now >= deadline);
    let (accepting, closed_reason, results_visible) = match mode {
        None => (true, None, true),
        Some(mode) => {
            let open = setting.open.unwrap_or(mode == ClassMode::SelfPaced);
            let reason = if past_deadline {
                Some("The deadline for this exercise has passed: answers are read-only.")
            } else if !open {
                Some("Your instructor has not opened this exercise for answers (or has closed it): answers are read-only.")
            } else {
                None
            };
            (
                reason.is_none(),
                reason.map(str::to_string),
                mode == ClassMode::SelfPaced || setting.released,
            )
        }
    };
    ExerciseStatus {
        accepting,
        closed_reason,
        deadline: setting.deadline.clone(),
        results_visible,
    }
}

/// One submission as its author sees it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SubmissionSummary {
    pub attempt: u32,
    pub submitted_at: String,
    /// Hundredths of a point; `None` while a person still has to grade part of it, or while
    /// results are not released.
    pub points: Option<u32>,
    pub possible: u32,
}

/// The result of one item, shown once results may be seen.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ItemFeedback {
    pub item_id: String,
    pub your_answer_html: String,
    /// Hundredths of a point; `None` while waiting for grading.
    pub points: Option<u32>,
    pub possible: u32,
    pub correct_answer: String,
    pub explanation_html: String,
    /// For essays: the level chosen for each criterion, and the grader's comment.
    pub rubric: Vec<(String, Option<String>)>,
    pub comment_html: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExercisePageData {
    pub exercise: ExerciseView,
    pub class: Option<ClassRef>,
    pub signed_in: bool,
    pub status: ExerciseStatus,
    pub draft: Answers,
    pub submissions: Vec<SubmissionSummary>,
    pub attempts_left: u32,
    /// The latest submission's results, when they may be shown.
    pub feedback: Option<Vec<ItemFeedback>>,
    /// A fresh token for the submit button, so that a double click or a retried post makes
    /// one submission.
    pub request_id: String,
}

/// How a class answered one item so far (each learner's latest submission, or their draft).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ItemDistribution {
    pub item_id: String,
    pub prompt_html: String,
    pub answered: u32,
    /// (what, how many, whether it is right)
    pub rows: Vec<(String, u32, bool)>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Distribution {
    pub class: ClassRef,
    pub exercise: ExerciseView,
    pub setting: ClassExerciseSetting,
    pub learners: u32,
    pub submitted: u32,
    pub items: Vec<ItemDistribution>,
}

/// An essay waiting for a grade.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GradingTask {
    pub submission_id: i64,
    pub learner: String,
    pub exercise_id: String,
    pub exercise_title: String,
    pub attempt: u32,
    pub item_id: String,
    pub prompt_html: String,
    pub answer_html: String,
    pub rubric: Vec<Criterion>,
}

/// One learner's row of the gradebook.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GradebookRow {
    pub learner: String,
    pub username: String,
    /// Per exercise, in course order: hundredths of a point of the best graded submission,
    /// or `None` (nothing submitted, or waiting for grading — see `pending`).
    pub cells: Vec<Option<u32>>,
    pub pending: Vec<bool>,
    pub total: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Gradebook {
    pub class: ClassRef,
    /// (id, title, possible points)
    pub exercises: Vec<(String, String, u32)>,
    /// (id, title, setting) for the class's controls.
    pub settings: Vec<ClassExerciseSetting>,
    pub rows: Vec<GradebookRow>,
}

/// Formats hundredths of a point: `1250` is "12.5".
pub fn format_points(centipoints: u32) -> String {
    let whole = centipoints / 100;
    match centipoints % 100 {
        0 => whole.to_string(),
        fraction if fraction % 10 == 0 => format!("{whole}.{}", fraction / 10),
        fraction => format!("{whole}.{fraction:02}"),
    }
}

#[server]
pub async fn get_exercise_page(
    exercise_id: String,
    class_id: Option<i64>,
) -> Result<Option<Access<ExercisePageData>>, ServerFnError> {
    use crate::api_people::ssr::*;
    let user = current_user().await?;
    let result = backend()?
        .exercise_page(user.as_ref(), &exercise_id, class_id)
        .await;
    match result {
        Err(crate::backend::Refusal::NotFound) => Ok(None),
        other => access(other).map(Some),
    }
}

/// Saves the answers typed so far (the page calls it as the learner works). `form` is the
/// exercise form's fields, URL-encoded as the browser would post them.
#[server(endpoint = "save_exercise_draft", input = Json)]
pub async fn save_exercise_draft(
    exercise_id: String,
    class_id: Option<i64>,
    form: String,
) -> Result<Access<()>, ServerFnError> {
    use crate::api_people::ssr::*;
    let Some(user) = current_user().await? else {
        return Ok(Access::SignInRequired);
    };
    let fields: Vec<(String, String)> = serde_urlencoded::from_str(&form)
        .map_err(|_| ServerFnError::new("The answers could not be read; reload the page."))?;
    access(
        backend()?
            .save_exercise_draft(&user, &exercise_id, class_id, fields)
            .await,
    )
}

#[server]
pub async fn get_distribution(
    class_id: i64,
    exercise_id: String,
) -> Result<Access<Distribution>, ServerFnError> {
    use crate::api_people::ssr::*;
    let Some(user) = current_user().await? else {
        return Ok(Access::SignInRequired);
    };
    access(
        backend()?
            .exercise_distribution(&user, class_id, &exercise_id)
            .await,
    )
}

#[server]
pub async fn get_grading_queue(
    class_id: i64,
) -> Result<Access<(ClassRef, Vec<GradingTask>)>, ServerFnError> {
    use crate::api_people::ssr::*;
    let Some(user) = current_user().await? else {
        return Ok(Access::SignInRequired);
    };
    access(backend()?.grading_queue(&user, class_id).await)
}

#[server]
pub async fn get_gradebook(class_id: i64) -> Result<Access<Gradebook>, ServerFnError> {
    use crate::api_people::ssr::*;
    let Some(user) = current_user().await? else {
        return Ok(Access::SignInRequired);
    };
    access(backend()?.gradebook(&user, class_id).await)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: &str = "2026-12-01T10:00:00.000Z";

    #[test]
    fn alone_always_open_with_results() {
        let status = exercise_status(None, &ClassExerciseSetting::default(), NOW);
        assert!(status.accepting && status.results_visible);
    }

    #[test]
    fn instructor_led_waits_for_the_instructor_and_the_release() {
        let mode = Some(ClassMode::InstructorLed);
        let mut setting = ClassExerciseSetting::default();
        let status = exercise_status(mode, &setting, NOW);
        assert!(!status.accepting && !status.results_visible);
        setting.open = Some(true);
        assert!(exercise_status(mode, &setting, NOW).accepting);
        setting.deadline = Some("2026-12-01T09:59".into());
        let status = exercise_status(mode, &setting, NOW);
        assert!(!status.accepting);
        assert!(status.closed_reason.unwrap().contains("deadline"));
        setting.released = true;
        assert!(exercise_status(mode, &setting, NOW).results_visible);
    }

    #[test]
    fn self_paced_is_open_until_closed_and_shows_results_at_once() {
        let mode = Some(ClassMode::SelfPaced);
        let mut setting = ClassExerciseSetting::default();
        let status = exercise_status(mode, &setting, NOW);
        assert!(status.accepting && status.results_visible);
        setting.open = Some(false);
        assert!(!exercise_status(mode, &setting, NOW).accepting);
    }

    #[test]
    fn points_read_naturally() {
        assert_eq!(format_points(1200), "12");
        assert_eq!(format_points(1250), "12.5");
        assert_eq!(format_points(1233), "12.33");
        assert_eq!(format_points(5), "0.05");
    }
}
