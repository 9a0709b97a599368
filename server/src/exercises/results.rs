//! What the instructors of a class see: how the class is answering an exercise (live), the
//! essays waiting for a grade, and the gradebook.

use std::collections::BTreeMap;

use app::answers::{unescape_html, Answers};
use app::api::exercises::{
    ClassRef, Distribution, Gradebook, GradebookRow, GradingQueue, GradingTask, ItemDistribution,
};
use app::exercise::{normalize_short_answer, Answer, Exercise, ItemForm, KeyAnswer};
use app::learner_text::render_learner_text;
use app::people::{CurrentUser, Membership, RosterEntry};
use app::policy::{Action, Scope};
use domain::policy::Refusal;

use super::learner::{exercise, submission_points};
use crate::access::{authorize_in_class, unavailable};
use crate::state::AppState;
use crate::storage::{StoredGrade, StoredSubmission};
use domain::ids::{ClassId, UserId};

/// The class, its learners, and the instructor's right to see them.
pub async fn class_and_learners(
    backend: &AppState,
    user: &CurrentUser,
    class_id: ClassId,
) -> Result<(ClassRef, Vec<RosterEntry>), Refusal> {
    authorize_in_class(backend.storage(), user, class_id, Action::ManageClass).await?;
    let detail = backend
        .accounts
        .storage
        .class_detail(class_id, Some(user.id), true)
        .await
        .map_err(unavailable)?
        .ok_or(Refusal::NotFound)?;
    let learners = detail
        .roster
        .unwrap_or_default()
        .into_iter()
        .filter(|entry| entry.membership == Membership::Learner)
        .collect();
    Ok((
        ClassRef {
            id: class_id,
            name: detail.summary.name,
            mode: detail.summary.mode,
        },
        learners,
    ))
}

/// Each learner's latest answers: their last submission, or else what they have typed so far.
pub async fn latest_answers(
    backend: &AppState,
    class_id: ClassId,
    exercise_id: &str,
) -> Result<(BTreeMap<UserId, Answers>, u32), Refusal> {
    let storage = &backend.accounts.storage;
    let mut latest: BTreeMap<UserId, Answers> = storage
        .class_drafts(class_id, exercise_id)
        .await
        .map_err(unavailable)?
        .into_iter()
        .collect();
    let mut submitted = std::collections::BTreeSet::new();
    for submission in storage
        .class_submissions(class_id, Some(exercise_id))
        .await
        .map_err(unavailable)?
    {
        submitted.insert(submission.user_id);
        latest.insert(submission.user_id, submission.answers);
    }
    Ok((latest, submitted.len() as u32))
}

pub async fn distribution(
    backend: &AppState,
    user: &CurrentUser,
    class_id: ClassId,
    exercise_id: &str,
) -> Result<Distribution, Refusal> {
    let exercise = exercise(backend, exercise_id)?;
    let (class, learners) = class_and_learners(backend, user, class_id).await?;
    // `class_and_learners` has already checked that the person manages the class.
    let setting = backend
        .accounts
        .storage
        .class_exercise_setting(class_id, exercise_id)
        .await
        .map_err(unavailable)?;
    let (latest, submitted) = latest_answers(backend, class_id, exercise_id).await?;
    let answers: Vec<&Answers> = learners
        .iter()
        .filter_map(|learner| latest.get(&learner.user_id))
        .collect();
    Ok(Distribution {
        class,
        exercise: exercise.view(),
        setting,
        learners: learners.len() as u32,
        submitted,
        items: item_distributions(exercise, &answers),
    })
}

/// Counts, per item, how the given answer sets answered it.
pub fn item_distributions(exercise: &Exercise, answers: &[&Answers]) -> Vec<ItemDistribution> {
    exercise
        .items
        .iter()
        .zip(&exercise.keys)
        .map(|(item, key)| {
            let given: Vec<&Answer> = answers.iter().filter_map(|a| a.get(&item.id)).collect();
            ItemDistribution {
                item_id: item.id.clone(),
                prompt_html: item.prompt_html.clone(),
                answered: given.len() as u32,
                rows: distribution_rows(&item.form, &key.answer, &given),
            }
        })
        .collect()
}

/// One item's rows: (what, how many gave it, whether it is right). Choices, scale steps, pairs and
/// steps are listed in the item's order; short answers as the eight most frequent, normalized.
fn distribution_rows(
    form: &ItemForm,
    key: &KeyAnswer,
    given: &[&Answer],
) -> Vec<(String, u32, bool)> {
    let count =
        |matches: &dyn Fn(&Answer) -> bool| given.iter().filter(|a| matches(a)).count() as u32;
    match (form, key) {
        (ItemForm::SingleChoice { choices_html }, KeyAnswer::SingleChoice(right)) => choices_html
            .iter()
            .enumerate()
            .map(|(i, choice)| {
                let n = count(&|a| matches!(a, Answer::Choice(c) if *c == i));
                (unescape_html(choice), n, i == *right)
            })
            .collect(),
        (ItemForm::MultipleChoice { choices_html }, KeyAnswer::MultipleChoice(right)) => {
            choices_html
                .iter()
                .enumerate()
                .map(|(i, choice)| {
                    let n = count(&|a| matches!(a, Answer::Choices(c) if c.contains(&i)));
                    (unescape_html(choice), n, right.contains(&i))
                })
                .collect()
        }
        (ItemForm::Rating { scale }, KeyAnswer::Rating(right)) => scale
            .iter()
            .enumerate()
            .map(|(i, label)| {
                let n = count(&|a| matches!(a, Answer::Rating(r) if *r == i));
                (label.clone(), n, i == *right)
            })
            .collect(),
        (
            ItemForm::Matching {
                lefts_html,
                options,
            },
            KeyAnswer::Matching(right),
        ) => lefts_html
            .iter()
            .enumerate()
            .map(|(n, left)| {
                let hits = count(
                    &|a| matches!(a, Answer::Matching(p) if p.get(n) == Some(&Some(right[n]))),
                );
                (
                    format!("{} → {}", unescape_html(left), options[right[n]]),
                    hits,
                    true,
                )
            })
            .collect(),
        (ItemForm::Ordering { steps }, KeyAnswer::Ordering(right)) => steps
            .iter()
            .enumerate()
            .map(|(n, step)| {
                let hits = count(
                    &|a| matches!(a, Answer::Ordering(p) if p.get(n) == Some(&Some(right[n]))),
                );
                (format!("{}. {step}", right[n] + 1), hits, true)
            })
            .collect(),
        (ItemForm::ShortAnswer, KeyAnswer::ShortAnswer(accepted)) => {
            short_answer_rows(accepted, given)
        }
        _ => Vec::new(),
    }
}

/// The eight most frequent short answers (normalized as grading normalizes them), most first.
fn short_answer_rows(accepted: &[String], given: &[&Answer]) -> Vec<(String, u32, bool)> {
    let mut tally: BTreeMap<String, u32> = BTreeMap::new();
    for answer in given {
        if let Answer::Text(text) = answer {
            *tally.entry(normalize_short_answer(text)).or_default() += 1;
        }
    }
    let mut rows: Vec<(String, u32, bool)> = tally
        .into_iter()
        .map(|(text, n)| {
            let right = accepted.contains(&text);
            (text, n, right)
        })
        .collect();
    rows.sort_by_key(|row| std::cmp::Reverse(row.1));
    rows.truncate(8);
    rows
}

/// Every submission of a class, oldest first, and the grades given to them.
async fn submissions_and_grades(
    backend: &AppState,
    class_id: ClassId,
) -> Result<(Vec<StoredSubmission>, Vec<StoredGrade>), Refusal> {
    let storage = &backend.accounts.storage;
    let submissions = storage
        .class_submissions(class_id, None)
        .await
        .map_err(unavailable)?;
    let grades = storage
        .class_grades(Scope::Class(class_id))
        .await
        .map_err(unavailable)?;
    Ok((submissions, grades))
}

pub async fn grading_queue(
    backend: &AppState,
    user: &CurrentUser,
    class_id: ClassId,
) -> Result<GradingQueue, Refusal> {
    let (class, learners) = class_and_learners(backend, user, class_id).await?;
    let (submissions, grades) = submissions_and_grades(backend, class_id).await?;
    let mut tasks = Vec::new();
    for submission in &submissions {
        let Some(exercise) = backend.course.exercise(&submission.exercise_id) else {
            continue;
        };
        let learner = learners
            .iter()
            .find(|l| l.user_id == submission.user_id)
            .map_or_else(
                || "(no longer in the class)".to_string(),
                |l| l.display_name.clone(),
            );
        for item in &exercise.items {
            let ItemForm::Essay { rubric, .. } = &item.form else {
                continue;
            };
            let graded = grades
                .iter()
                .any(|g| g.submission_id == submission.id && g.item_id == item.id);
            // An unanswered essay scores zero by itself; only written answers wait for a person.
            let Some(Answer::Text(text)) = submission.answers.get(&item.id) else {
                continue;
            };
            if graded {
                continue;
            }
            let answer_html = render_learner_text(text);
            tasks.push(GradingTask {
                submission_id: submission.id,
                learner: learner.clone(),
                exercise_id: exercise.id.clone(),
                exercise_title: exercise.title.clone(),
                attempt: submission.attempt,
                item_id: item.id.clone(),
                prompt_html: item.prompt_html.clone(),
                answer_html,
                rubric: rubric.clone(),
            });
        }
    }
    Ok(GradingQueue { class, tasks })
}

pub async fn gradebook(
    backend: &AppState,
    user: &CurrentUser,
    class_id: ClassId,
) -> Result<Gradebook, Refusal> {
    let (class, learners) = class_and_learners(backend, user, class_id).await?;
    let storage = &backend.accounts.storage;
    let (submissions, grades) = submissions_and_grades(backend, class_id).await?;
    let settings = storage
        .class_exercise_settings(class_id)
        .await
        .map_err(unavailable)?;
    let exercises = &backend.course.exercises;
    let rows = learners
        .iter()
        .map(|learner| gradebook_row(learner, exercises, &submissions, &grades))
        .collect();
    Ok(Gradebook {
        class,
        exercises: exercises
            .iter()
            .map(|e| (e.id.clone(), e.title.clone(), e.total_points() * 100))
            .collect(),
        settings: exercises
            .iter()
            .map(|e| {
                settings
                    .iter()
                    .find(|(id, _)| *id == e.id)
                    .map(|(_, s)| s.clone())
                    .unwrap_or_default()
            })
            .collect(),
        rows,
    })
}

/// One learner's best graded result per exercise, and whether something waits for grading.
fn gradebook_row(
    learner: &RosterEntry,
    exercises: &[Exercise],
    submissions: &[StoredSubmission],
    grades: &[StoredGrade],
) -> GradebookRow {
    let mut cells = Vec::new();
    let mut pending = Vec::new();
    for exercise in exercises {
        let mine = submissions
            .iter()
            .filter(|s| s.user_id == learner.user_id && s.exercise_id == exercise.id);
        let totals: Vec<Option<u32>> = mine
            .map(|s| submission_points(exercise, s, grades))
            .collect();
        cells.push(totals.iter().flatten().max().copied());
        pending.push(totals.iter().any(Option::is_none));
    }
    GradebookRow {
        learner: learner.display_name.clone(),
        username: learner.username.clone(),
        total: cells.iter().flatten().sum(),
        cells,
        pending,
    }
}
