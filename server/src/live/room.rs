//! The room's questions and signals on the server: the backend of their server functions, the
//! plain forms a learner without JavaScript uses, and the instructor's CSV of the questions.
//!
//! Who sees what: learners see the questions without their authors (and which are their own),
//! and only their own signals; the class's instructors see authors, every signal's count and who
//! has a hand up. Only the class's learners post, upvote and raise signals; only its instructors
//! pin, mark answered and hide.

use app::api::live_room::{LiveRoomBackend, RoomView};
use app::learner_text::render_learner_text;
use app::live_room::{
    order_questions, question_text, summarize_signals, QuestionChange, QuestionOrder, SignalKind,
};
use app::people::CurrentUser;
use app::policy::{Action, Refusal};
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use domain::ids::ClassId;
use serde::Deserialize;

use crate::access::{also_may, authorize_in_class, signed_in, signed_in_for, unavailable};
use crate::http_error::HttpError;
use crate::state::AppState;
use crate::storage::clock::now_millis;
use crate::storage::live_room::Posted;

#[async_trait::async_trait]
impl LiveRoomBackend for AppState {
    async fn room(
        &self,
        user: &CurrentUser,
        class_id: ClassId,
        order: QuestionOrder,
    ) -> Result<RoomView, Refusal> {
        let grant = authorize_in_class(self.storage(), user, class_id, Action::ViewClass).await?;
        let drives = also_may(user, &grant, Action::DriveLiveSession);
        let storage = self.storage();
        let mut questions = storage
            .questions(class_id, user.id, drives)
            .await
            .map_err(unavailable)?;
        order_questions(&mut questions, order);
        let now = now_millis();
        let seconds = self.signal_seconds;
        let raised = storage
            .signals(class_id, now - i64::from(seconds) * 1_000)
            .await
            .map_err(unavailable)?;
        let mine = raised
            .iter()
            .filter(|(_, _, _, whose)| *whose == user.id)
            .map(|(kind, _, _, _)| *kind)
            .collect();
        let mut signals = if drives {
            let named: Vec<(SignalKind, i64, String)> = raised
                .into_iter()
                .map(|(kind, at, who, _)| (kind, at, who))
                .collect();
            summarize_signals(&named, now, seconds)
        } else {
            Default::default()
        };
        signals.mine = mine;
        Ok(RoomView {
            questions,
            signals,
            signal_seconds: seconds,
        })
    }

    async fn post_question(
        &self,
        user: &CurrentUser,
        class_id: ClassId,
        text: String,
    ) -> Result<i64, Refusal> {
        authorize_in_class(self.storage(), user, class_id, Action::TakePartLive).await?;
        let text = question_text(&text).map_err(Refusal::Invalid)?;
        let html = render_learner_text(&text);
        match self
            .storage()
            .post_question(class_id, user.id, &text, &html, now_millis())
            .await
            .map_err(unavailable)?
        {
            Posted::Stored(id) => Ok(id),
            Posted::TooSoon(wait) => Err(Refusal::Closed(wait)),
        }
    }

    async fn upvote_question(
        &self,
        user: &CurrentUser,
        class_id: ClassId,
        question_id: i64,
    ) -> Result<(), Refusal> {
        authorize_in_class(self.storage(), user, class_id, Action::TakePartLive).await?;
        let counted = self
            .storage()
            .upvote_question(class_id, question_id, user.id)
            .await
            .map_err(unavailable)?;
        if counted {
            Ok(())
        } else {
            Err(Refusal::Invalid(
                "There is no such question to upvote (your own questions cannot be upvoted)."
                    .into(),
            ))
        }
    }

    async fn change_question(
        &self,
        user: &CurrentUser,
        class_id: ClassId,
        question_id: i64,
        change: QuestionChange,
    ) -> Result<(), Refusal> {
        authorize_in_class(self.storage(), user, class_id, Action::DriveLiveSession).await?;
        let changed = self
            .storage()
            .change_question(class_id, question_id, change)
            .await
            .map_err(unavailable)?;
        if changed {
            Ok(())
        } else {
            Err(Refusal::NotFound)
        }
    }

    async fn set_signal(
        &self,
        user: &CurrentUser,
        class_id: ClassId,
        kind: String,
        raised: bool,
    ) -> Result<(), Refusal> {
        authorize_in_class(self.storage(), user, class_id, Action::TakePartLive).await?;
        let kind = SignalKind::parse(&kind)
            .ok_or_else(|| Refusal::Invalid("There is no such signal.".into()))?;
        self.storage()
            .set_signal(class_id, user.id, kind, raised, now_millis())
            .await
            .map_err(unavailable)
    }
}

#[derive(Deserialize)]
pub struct QuestionForm {
    text: String,
}

/// `POST /classes/{class_id}/live/questions`: a question from the plain form.
pub async fn post_question_form(
    State(backend): State<AppState>,
    headers: HeaderMap,
    Path(class_id): Path<ClassId>,
    Form(form): Form<QuestionForm>,
) -> Result<Response, HttpError> {
    let user = signed_in(&backend.accounts, &headers).await?;
    backend.post_question(&user, class_id, form.text).await?;
    Ok(Redirect::to(&format!("/classes/{class_id}/live#questions")).into_response())
}

/// `POST /classes/{class_id}/live/questions/{question_id}/upvote`: an upvote from the plain form.
pub async fn upvote_form(
    State(backend): State<AppState>,
    headers: HeaderMap,
    Path((class_id, question_id)): Path<(ClassId, i64)>,
) -> Result<Response, HttpError> {
    let user = signed_in(&backend.accounts, &headers).await?;
    backend
        .upvote_question(&user, class_id, question_id)
        .await?;
    Ok(Redirect::to(&format!("/classes/{class_id}/live#questions")).into_response())
}

#[derive(Deserialize)]
pub struct SignalForm {
    kind: String,
    /// `raise` or `lower`.
    action: String,
}

/// `POST /classes/{class_id}/live/signals`: a signal raised or lowered from the plain form.
pub async fn signal_form(
    State(backend): State<AppState>,
    headers: HeaderMap,
    Path(class_id): Path<ClassId>,
    Form(form): Form<SignalForm>,
) -> Result<Response, HttpError> {
    let user = signed_in(&backend.accounts, &headers).await?;
    let raised = match form.action.as_str() {
        "raise" => true,
        "lower" => false,
        _ => {
            return Err(HttpError::from(Refusal::Invalid(
                "A signal is raised or lowered.".into(),
            )))
        }
    };
    backend
        .set_signal(&user, class_id, form.kind, raised)
        .await?;
    Ok(Redirect::to(&format!("/classes/{class_id}/live#signals")).into_response())
}

/// `GET /classes/{class_id}/live/questions.csv`: every question of the session, hidden ones
/// too, with authors, votes and states (the class's instructors).
pub async fn questions_csv(
    State(backend): State<AppState>,
    headers: HeaderMap,
    Path(class_id): Path<ClassId>,
) -> Result<Response, HttpError> {
    let user = signed_in_for(
        &backend.accounts,
        &headers,
        app::policy::Scope::Class(class_id),
        Action::DriveLiveSession,
    )
    .await?;
    let questions = backend.storage().exported_questions(class_id).await?;
    let rows: Vec<[String; 8]> = questions
        .into_iter()
        .map(|q| {
            let posted = crate::storage::clock::format_utc(
                std::time::UNIX_EPOCH + std::time::Duration::from_millis(q.posted_ms.max(0) as u64),
            );
            [
                posted,
                q.author,
                q.username,
                q.text,
                q.votes.to_string(),
                yes_no(q.pinned),
                yes_no(q.answered),
                yes_no(q.hidden),
            ]
        })
        .collect();
    crate::exercises::export::logged_csv(
        backend.storage(),
        user.id,
        Some(class_id),
        &format!("class-{class_id}-questions.csv"),
        &[
            "posted (UTC)",
            "asked by",
            "username",
            "question",
            "upvotes",
            "pinned",
            "answered",
            "hidden",
        ],
        move |mut csv| async move {
            for row in rows {
                csv.push(&row).await?;
            }
            Ok(csv)
        },
    )
    .await
}

fn yes_no(flag: bool) -> String {
    if flag { "yes" } else { "no" }.to_string()
}
