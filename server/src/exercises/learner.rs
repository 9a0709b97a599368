//! Class exercises on the server: who may answer where, drafts and idempotent submits, the
//! learner's view with results when they may be shown, and (in `results`) what instructors see.
//! Every decision about a person goes through the `crate::access::authorize` door.

use app::answers::{answers_from_fields, describe, describe_key, escape_html, Answers};
use app::api::exercises::{ClassRef, ExercisePageData, ItemFeedback, SubmissionSummary};
use app::exercise::{grade, Answer, Exercise, ItemForm};
use app::knowledge_check::outcome_scores;
use app::learner_text::render_learner_text;
use app::people::{CurrentUser, Membership};
use app::policy::{
    exercise_status, shown_to_person, Action, ClassExerciseSetting, ExerciseStatus, Scope,
};
use argon2::password_hash::rand_core::{OsRng, RngCore};
use domain::policy::Refusal;

use crate::access::{authorize_in_class, unavailable};
use crate::state::AppState;
use crate::storage::{clock, StoredGrade, StoredSubmission, SubmitOutcome};
use domain::ids::ClassId;

/// Where an exercise is answered: alone (class key 0) or in a class, with that class's settings.
pub struct Context {
    pub class: Option<ClassRef>,
    /// Where the work is done: alone or in the class.
    pub scope: Scope,
    pub setting: ClassExerciseSetting,
    pub membership: Option<Membership>,
}

impl Context {
    pub fn status(&self) -> ExerciseStatus {
        exercise_status(
            self.class.as_ref().map(|c| c.mode),
            &self.setting,
            &clock::now(),
        )
    }
}

pub fn exercise<'a>(backend: &'a AppState, id: &str) -> Result<&'a Exercise, Refusal> {
    backend.course.exercise(id).ok_or(Refusal::NotFound)
}

/// The class context, after checking that the person belongs to the class (or is an admin).
pub async fn context(
    backend: &AppState,
    user: &CurrentUser,
    class_id: Option<ClassId>,
    exercise_id: &str,
    action: Action,
) -> Result<Context, Refusal> {
    let Some(class_id) = class_id else {
        return Ok(Context {
            class: None,
            scope: Scope::Alone,
            setting: ClassExerciseSetting::default(),
            membership: None,
        });
    };
    let membership = authorize_in_class(backend.storage(), user, class_id, action)
        .await?
        .membership;
    let storage = &backend.accounts.storage;
    let detail = storage
        .class_detail(class_id, Some(user.id), false)
        .await
        .map_err(unavailable)?
        .ok_or(Refusal::NotFound)?;
    let setting = storage
        .class_exercise_setting(class_id, exercise_id)
        .await
        .map_err(unavailable)?;
    Ok(Context {
        class: Some(ClassRef {
            id: class_id,
            name: detail.summary.name,
            mode: detail.summary.mode,
        }),
        scope: Scope::Class(class_id),
        setting,
        membership,
    })
}

/// Hundredths of a point from the automatically graded items.
pub fn auto_points(exercise: &Exercise, answers: &Answers) -> u32 {
    exercise
        .items
        .iter()
        .zip(&exercise.keys)
        .filter_map(|(item, key)| grade(item.points, &key.answer, answers.get(&item.id)))
        .sum()
}

/// A submission's total, or `None` while an essay of it waits for a grade. An essay left
/// unanswered scores zero and waits for nobody.
pub fn submission_points(
    exercise: &Exercise,
    submission: &StoredSubmission,
    grades: &[StoredGrade],
) -> Option<u32> {
    let mut total = submission.auto_points;
    for item in &exercise.items {
        if matches!(item.form, ItemForm::Essay { .. }) && submission.answers.contains_key(&item.id)
        {
            let given = grades
                .iter()
                .find(|g| g.submission_id == submission.id && g.item_id == item.id)?;
            total += given.points;
        }
    }
    Some(total)
}

fn new_request_id() -> String {
    let mut bytes = [0u8; 16];
    OsRng.fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The exercise page for one person.
pub async fn page(
    backend: &AppState,
    user: Option<&CurrentUser>,
    exercise_id: &str,
    class_id: Option<ClassId>,
) -> Result<ExercisePageData, Refusal> {
    let exercise = exercise(backend, exercise_id)?;
    let Some(user) = user else {
        if class_id.is_some() {
            return Err(Refusal::SignInRequired);
        }
        return Ok(ExercisePageData {
            exercise: exercise.view(),
            class: None,
            signed_in: false,
            status: exercise_status(None, &ClassExerciseSetting::default(), &clock::now()),
            draft: Answers::new(),
            submissions: Vec::new(),
            attempts_left: exercise.attempts,
            feedback: None,
            request_id: String::new(),
            outcome_scores: Vec::new(),
        });
    };
    let context = context(backend, user, class_id, exercise_id, Action::ViewClass).await?;
    let mut status = context.status();
    let storage = &backend.accounts.storage;
    let withheld = storage
        .exercise_withheld_elsewhere(user.id, exercise_id, context.scope)
        .await
        .map_err(unavailable)?;
    status.results_visible = shown_to_person(status.results_visible, withheld);
    let draft = storage
        .draft(user.id, context.scope, exercise_id)
        .await
        .map_err(unavailable)?;
    let submitted = storage
        .submissions_of(user.id, context.scope, exercise_id)
        .await
        .map_err(unavailable)?;
    let grades: Vec<StoredGrade> = if submitted.is_empty() {
        Vec::new()
    } else {
        storage
            .class_grades(context.scope)
            .await
            .map_err(unavailable)?
            .into_iter()
            .filter(|g| submitted.iter().any(|s| s.id == g.submission_id))
            .collect()
    };
    let submissions = summaries(exercise, &submitted, &grades, status.results_visible);
    let shown = submitted.last().filter(|_| status.results_visible);
    let feedback = shown.map(|latest| feedback(exercise, latest, &grades));
    let outcome_scores = shown
        .filter(|_| exercise.knowledge_check)
        .map(|latest| outcome_scores(exercise, &latest.answers))
        .unwrap_or_default();
    Ok(ExercisePageData {
        exercise: exercise.view(),
        class: context.class,
        signed_in: true,
        status,
        draft,
        attempts_left: exercise.attempts.saturating_sub(submitted.len() as u32),
        submissions,
        feedback,
        request_id: new_request_id(),
        outcome_scores,
    })
}

/// The person's submissions, with their points when results may be shown.
fn summaries(
    exercise: &Exercise,
    submitted: &[StoredSubmission],
    grades: &[StoredGrade],
    results_visible: bool,
) -> Vec<SubmissionSummary> {
    let possible = exercise.total_points() * 100;
    submitted
        .iter()
        .map(|s| SubmissionSummary {
            attempt: s.attempt,
            submitted_at: s.submitted_at.clone(),
            points: results_visible
                .then(|| submission_points(exercise, s, grades))
                .flatten(),
            possible,
        })
        .collect()
}

/// Per-item results of a submission, with the key and its explanations.
fn feedback(
    exercise: &Exercise,
    submission: &StoredSubmission,
    grades: &[StoredGrade],
) -> Vec<ItemFeedback> {
    exercise
        .items
        .iter()
        .zip(&exercise.keys)
        .map(|(item, key)| {
            let answer = submission.answers.get(&item.id);
            let your_answer_html = match answer {
                Some(Answer::Text(text)) => render_learner_text(text),
                Some(other) => escape_html(&describe(&item.form, other)),
                None => "<p><em>No answer</em></p>".to_string(),
            };
            let given = grades
                .iter()
                .find(|g| g.submission_id == submission.id && g.item_id == item.id);
            let (points, rubric, comment_html) = match &item.form {
                ItemForm::Essay { rubric, .. } => (
                    if answer.is_none() {
                        Some(0)
                    } else {
                        given.map(|g| g.points)
                    },
                    rubric
                        .iter()
                        .enumerate()
                        .map(|(n, criterion)| {
                            let level = given
                                .and_then(|g| g.levels.get(n))
                                .and_then(|l| criterion.levels.get(*l))
                                .map(|l| format!("{} ({} points)", l.label, l.points));
                            (criterion.criterion.clone(), level)
                        })
                        .collect(),
                    given
                        .filter(|g| !g.comment.trim().is_empty())
                        .map(|g| render_learner_text(&g.comment)),
                ),
                _ => (grade(item.points, &key.answer, answer), Vec::new(), None),
            };
            ItemFeedback {
                item_id: item.id.clone(),
                your_answer_html,
                points,
                possible: item.points * 100,
                correct_answer: describe_key(&item.form, &key.answer),
                explanation_html: key.explanation_html.clone(),
                rubric,
                comment_html,
            }
        })
        .collect()
}

/// Checks that answers are accepted here and now, and reads them from the form's fields.
async fn accepted_answers(
    backend: &AppState,
    user: &CurrentUser,
    exercise_id: &str,
    class_id: Option<ClassId>,
    fields: &[(String, String)],
) -> Result<(Context, Answers), Refusal> {
    let exercise = exercise(backend, exercise_id)?;
    let context = context(backend, user, class_id, exercise_id, Action::ViewClass).await?;
    let status = context.status();
    if !status.accepting {
        return Err(Refusal::Closed(
            status
                .closed_reason
                .unwrap_or_else(|| "This exercise is closed.".to_string()),
        ));
    }
    let answers =
        answers_from_fields(&exercise.items, fields).map_err(|e| Refusal::Invalid(e.0))?;
    Ok((context, answers))
}

pub async fn save_draft(
    backend: &AppState,
    user: &CurrentUser,
    exercise_id: &str,
    class_id: Option<ClassId>,
    fields: &[(String, String)],
) -> Result<(), Refusal> {
    let (context, answers) = accepted_answers(backend, user, exercise_id, class_id, fields).await?;
    backend
        .accounts
        .storage
        .save_draft(user.id, context.scope, exercise_id, &answers)
        .await
        .map_err(unavailable)
}

/// Submits the answers in `fields` once per `request_id`.
pub async fn submit(
    backend: &AppState,
    user: &CurrentUser,
    exercise_id: &str,
    class_id: Option<ClassId>,
    request_id: &str,
    fields: &[(String, String)],
) -> Result<SubmitOutcome, Refusal> {
    if request_id.len() != 32 || !request_id.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(Refusal::Invalid(
            "The form is incomplete: reload the page and submit again.".to_string(),
        ));
    }
    let (context, answers) = accepted_answers(backend, user, exercise_id, class_id, fields).await?;
    let exercise = exercise(backend, exercise_id)?;
    backend
        .accounts
        .storage
        .submit(
            user.id,
            context.scope,
            exercise_id,
            request_id,
            &answers,
            auto_points(exercise, &answers),
            exercise.attempts,
        )
        .await
        .map_err(unavailable)
}
