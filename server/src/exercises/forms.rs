//! Exercise forms: a learner saves or submits answers; an instructor opens, closes, sets a
//! deadline for and releases an exercise in a class, and grades essays with the rubric.

use app::exercise::ItemForm;
use app::policy::Action;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use domain::notice::{with_notice, Notice};
use serde::Deserialize;

use super::learner::{exercise, save_draft, submit};
use crate::access::{signed_in, signed_in_manager};
use crate::form_fields::{choice, class_id, field, required_choice};
use crate::http_error::HttpError;
use crate::state::AppState;
use crate::storage::{SecurityEvent, StoredGrade, SubmitOutcome};
use domain::ids::ClassId;
use domain::security_log::SecurityEventKind;

fn page_address(exercise_id: &str, class_id: Option<ClassId>, notice: Notice) -> String {
    let page = match class_id {
        Some(class_id) => format!("/exercises/{exercise_id}?class={class_id}"),
        None => format!("/exercises/{exercise_id}"),
    };
    with_notice(&page, notice)
}

/// What the answers form asks for: the `intent` of the button pressed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum AnswersIntent {
    Save,
    Submit,
}

/// `POST /exercises/{id}/answers`: `intent=save` (or no intent) keeps a draft, `intent=submit`
/// submits once per `request_id`; any other intent is refused (400).
pub async fn post_answers(
    State(backend): State<AppState>,
    headers: HeaderMap,
    Path(exercise_id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, HttpError> {
    let user = signed_in(&backend.accounts, &headers).await?;
    let class_id = class_id(&fields)?;
    let intent = choice(&fields, "intent")?.unwrap_or(AnswersIntent::Save);
    if intent == AnswersIntent::Submit {
        let request_id = field(&fields, "request_id").unwrap_or_default();
        let outcome = submit(&backend, &user, &exercise_id, class_id, request_id, &fields).await?;
        return match outcome {
            SubmitOutcome::Stored { .. } | SubmitOutcome::AlreadyStored { .. } => Ok(Redirect::to(
                &page_address(&exercise_id, class_id, Notice::AnswersSubmitted),
            )
            .into_response()),
            SubmitOutcome::NoAttemptsLeft => Err(HttpError::Refused(
                StatusCode::CONFLICT,
                "You have used every attempt this exercise allows; your earlier submissions are kept.".into(),
            )),
        };
    }
    save_draft(&backend, &user, &exercise_id, class_id, &fields).await?;
    Ok(Redirect::to(&page_address(&exercise_id, class_id, Notice::AnswersSaved)).into_response())
}

/// What the exercise settings form asks for: the `action` of the button pressed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum SettingsAction {
    Open,
    Close,
    Release,
    Withhold,
    /// Set the deadline to the `deadline` field (empty: none).
    Deadline,
}

/// `POST /classes/{class_id}/exercises/{exercise_id}/settings`: `action=open`, `close`,
/// `release`, `withhold` or `deadline` (with `deadline`); any other action, or none, is refused
/// (400).
pub async fn post_settings(
    State(backend): State<AppState>,
    headers: HeaderMap,
    Path((class_id, exercise_id)): Path<(ClassId, String)>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, HttpError> {
    let user = signed_in(&backend.accounts, &headers).await?;
    exercise(&backend, &exercise_id)?;
    let mut setting = super::learner::context(
        &backend,
        &user,
        Some(class_id),
        &exercise_id,
        Action::ManageClass,
    )
    .await?
    .setting;
    let action = required_choice(&fields, "action")?;
    let event = match action {
        SettingsAction::Release => Some(SecurityEventKind::ResultsReleased),
        SettingsAction::Withhold => Some(SecurityEventKind::ResultsWithheld),
        _ => None,
    }
    .map(|kind| {
        SecurityEvent::new(kind)
            .by(user.id)
            .in_class(class_id)
            .detail(format!("exercise {exercise_id}"))
    });
    match action {
        SettingsAction::Open => setting.open = Some(true),
        SettingsAction::Close => setting.open = Some(false),
        SettingsAction::Release => setting.released = true,
        SettingsAction::Withhold => setting.released = false,
        SettingsAction::Deadline => {
            let value = field(&fields, "deadline").unwrap_or_default().trim();
            setting.deadline = if value.is_empty() {
                None
            } else {
                Some(parse_deadline(value).ok_or_else(|| {
                    HttpError::Refused(
                        StatusCode::BAD_REQUEST,
                        "Give the deadline as a date and time, for example 2026-12-01T17:00 (UTC)."
                            .into(),
                    )
                })?)
            };
        }
    }
    backend
        .accounts
        .storage
        .set_class_exercise(class_id, &exercise_id, &setting, event.as_ref())
        .await?;
    Ok(Redirect::to(&format!("/classes/{class_id}/gradebook")).into_response())
}

/// Accepts `YYYY-MM-DDTHH:MM` (what a date-time field sends) and nothing else.
fn parse_deadline(value: &str) -> Option<String> {
    let bytes = value.as_bytes();
    let shape = value.len() == 16
        && bytes.iter().enumerate().all(|(i, b)| match i {
            4 | 7 => *b == b'-',
            10 => *b == b'T',
            13 => *b == b':',
            _ => b.is_ascii_digit(),
        });
    let number = |range: std::ops::Range<usize>| value[range].parse::<u32>().ok();
    let valid = shape
        && (1..=12).contains(&number(5..7)?)
        && (1..=31).contains(&number(8..10)?)
        && number(11..13)? < 24
        && number(14..16)? < 60;
    valid.then(|| value.to_string())
}

/// `POST /classes/{class_id}/grades`: one essay item of one submission, a level per criterion
/// (`level.N`) and a comment.
pub async fn post_grade(
    State(backend): State<AppState>,
    headers: HeaderMap,
    Path(class_id): Path<ClassId>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, HttpError> {
    let user = signed_in_manager(&backend.accounts, &headers, class_id).await?;
    let bad = |message: &str| HttpError::Refused(StatusCode::BAD_REQUEST, message.to_string());
    let submission_id: i64 = field(&fields, "submission_id")
        .and_then(|v| v.parse().ok())
        .ok_or_else(|| bad("The form names no submission."))?;
    let (submission_class, exercise_id) = backend
        .accounts
        .storage
        .submission_class(submission_id)
        .await?
        .ok_or(HttpError::NotFound)?;
    // Grading goes through the class the instructor is allowed to manage, and no other.
    if submission_class != class_id {
        return Err(HttpError::NotFound);
    }
    let exercise = exercise(&backend, &exercise_id)?;
    let item_id = field(&fields, "item_id").unwrap_or_default();
    let Some(ItemForm::Essay { rubric, .. }) = exercise
        .items
        .iter()
        .find(|i| i.id == item_id)
        .map(|i| &i.form)
    else {
        return Err(bad("Only essay items are graded by hand."));
    };
    let mut levels = Vec::new();
    let mut points = 0;
    for (n, criterion) in rubric.iter().enumerate() {
        let level: usize = field(&fields, &format!("level.{n}"))
            .and_then(|v| v.parse().ok())
            .filter(|l: &usize| *l < criterion.levels.len())
            .ok_or_else(|| bad("Choose a level for every criterion of the rubric."))?;
        points += criterion.levels[level].points * 100;
        levels.push(level);
    }
    let comment = field(&fields, "comment").unwrap_or_default().trim();
    if comment.chars().count() > 5_000 {
        return Err(bad("A comment can be at most 5,000 characters."));
    }
    backend
        .accounts
        .storage
        .save_grade(
            &StoredGrade {
                submission_id,
                item_id: item_id.to_string(),
                points,
                levels,
                comment: comment.to_string(),
            },
            user.id,
        )
        .await?;
    let grading = format!("/classes/{class_id}/grading");
    Ok(Redirect::to(&with_notice(&grading, Notice::Graded)).into_response())
}

#[cfg(test)]
mod tests {
    use super::parse_deadline;

    #[test]
    fn deadlines_are_dates_and_times() {
        assert_eq!(
            parse_deadline("2026-12-01T17:00").as_deref(),
            Some("2026-12-01T17:00")
        );
        for bad in [
            "2026-13-01T17:00",
            "2026-12-01 17:00",
            "tomorrow",
            "2026-12-01T24:00",
        ] {
            assert_eq!(parse_deadline(bad), None, "{bad}");
        }
    }
}
