//! Quick checks in a live session, on the server: a learner's answer (from a server function or
//! a plain form), and the running check as each person may see it.
//!
//! Who sees what: a learner sees their own answer, and the room's results only once the
//! instructor shows them (the correct answer is in the live state once revealed); the class's
//! instructors see the counts as answers arrive. Nobody sees who answered what.

use app::api::live::CheckView;
use app::people::CurrentUser;
use app::policy::{Action, Refusal};
use app::quick_check::CheckAnswer;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use domain::ids::ClassId;

use crate::access::{also_may, authorize_in_class, signed_in, unavailable};
use crate::http_error::HttpError;
use crate::state::AppState;

/// The sentence for an answer that came too late (or to a check that was replaced).
const CLOSED: &str = "This quick check is closed; your answer was not taken.";

/// Stores `user`'s answer to run `run` of the class's running check.
pub async fn answer(
    backend: &AppState,
    user: &CurrentUser,
    class_id: ClassId,
    run: i64,
    fields: &[(String, String)],
) -> Result<CheckAnswer, Refusal> {
    authorize_in_class(backend.storage(), user, class_id, Action::TakePartLive).await?;
    let state = backend
        .storage()
        .live_state(class_id, backend.first_module())
        .await
        .map_err(unavailable)?;
    let running = state
        .check
        .as_ref()
        .filter(|_| state.answerable_run() == Some(run))
        .ok_or_else(|| Refusal::Closed(CLOSED.into()))?;
    let answer = running
        .check
        .read_answer(fields)
        .map_err(Refusal::Invalid)?;
    let stored = backend
        .storage()
        .answer_check(class_id, run, user.id, &answer)
        .await
        .map_err(unavailable)?;
    if stored {
        Ok(answer)
    } else {
        Err(Refusal::Closed(CLOSED.into()))
    }
}

/// The running check as `user` may see it.
pub async fn view(
    backend: &AppState,
    user: &CurrentUser,
    class_id: ClassId,
) -> Result<Option<CheckView>, Refusal> {
    let grant = authorize_in_class(backend.storage(), user, class_id, Action::ViewClass).await?;
    let state = backend
        .storage()
        .live_state(class_id, backend.first_module())
        .await
        .map_err(unavailable)?;
    let Some(running) = state.check else {
        return Ok(None);
    };
    let storage = backend.storage();
    let mine = storage
        .check_answer_of(class_id, running.run, user.id)
        .await
        .map_err(unavailable)?;
    let drives = also_may(user, &grant, Action::DriveLiveSession);
    let tally = if drives || running.results_shown {
        let answers = storage
            .check_answers(class_id, running.run)
            .await
            .map_err(unavailable)?;
        Some(running.check.tally(&answers))
    } else {
        None
    };
    Ok(Some(CheckView {
        run: running.run,
        mine,
        tally,
    }))
}

/// `POST /classes/{class_id}/live/check`: a learner's answer from the plain form (no
/// JavaScript): `run` and the answer's fields. Back to the live page, which shows the answer.
pub async fn answer_form(
    State(backend): State<AppState>,
    headers: HeaderMap,
    Path(class_id): Path<ClassId>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, HttpError> {
    let user = signed_in(&backend.accounts, &headers).await?;
    let run = fields
        .iter()
        .find(|(name, _)| name == "run")
        .and_then(|(_, value)| value.parse::<i64>().ok())
        .ok_or_else(|| {
            HttpError::from(Refusal::Invalid(
                "The answer names no quick check; reload the live page.".into(),
            ))
        })?;
    answer(&backend, &user, class_id, run, &fields).await?;
    Ok(Redirect::to(&format!("/classes/{class_id}/live#quick-check")).into_response())
}
