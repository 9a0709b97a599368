//! The server-sent-events stream each live screen listens on: the class's state now, then every
//! change, newest state wins.
//!
//! A stream outlives the request that opened it, so it keeps checking that its reader may still
//! read it: it ends when the session ends (sign-out, password reset, expiry) or the person is
//! removed from the class. Each person, and the server, holds a limited number of streams
//! (`limits::LiveStreamLimits`); beyond it the answer is 429 with a sentence.

use std::convert::Infallible;
use std::time::Duration;

use app::policy::{Action, Scope};
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;
use tokio_stream::wrappers::WatchStream;

use crate::access::{authorize, signed_in};
use crate::accounts::session;
use crate::http_error::{too_many, HttpError};
use crate::state::AppState;
use domain::ids::ClassId;

/// How often an open stream checks that its reader may still read it.
const RECHECK_EVERY: Duration = Duration::from_secs(3);

/// `GET /classes/{id}/live/events`: the class's live state now, then at every change.
pub async fn live_events(
    State(backend): State<AppState>,
    headers: HeaderMap,
    Path(class_id): Path<ClassId>,
) -> Result<Response, HttpError> {
    let user = signed_in(&backend.accounts, &headers).await?;
    let grant = authorize(
        backend.storage(),
        &user,
        Scope::Class(class_id),
        Action::ViewClass,
    )
    .await?;
    let permit = match backend.live_streams.admit(user.id) {
        Ok(permit) => permit,
        Err(refusal) => {
            tracing::warn!(user = %user.id, ?refusal, "live stream refused");
            return Ok(too_many(refusal.message(), 30));
        }
    };
    let current = backend
        .accounts
        .storage
        .live_state(class_id, backend.first_module())
        .await?;
    let receiver = backend.live.subscribe(current);
    // A learner's open stream is their presence in the session (the attendance), counted a
    // minute at a time until the stream ends.
    let presence = (grant.membership == Some(app::people::Membership::Learner)).then(|| {
        super::record::AbortOnDrop(tokio::spawn(super::record::count_presence(
            backend.clone(),
            class_id,
            user.id,
            receiver.clone(),
        )))
    });
    let token_hash = session::token_from(&headers).map(|t| session::token_hash(&t));
    let revoked = still_allowed_until_not(backend, user, class_id, token_hash);
    let events = WatchStream::new(receiver)
        .map(move |state| {
            // The permit lives as long as the stream, and gives its place back when it ends.
            let _held = (&permit, &presence);
            let data = serde_json::to_string(&state).expect("live state serializes");
            Ok::<_, Infallible>(
                Event::default()
                    .event("state")
                    .id(state.version.to_string())
                    .data(data),
            )
        })
        .take_until(revoked);
    Ok(Sse::new(events)
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
        .into_response())
}

/// Completes when the stream's reader may no longer read it: their session ended or they are
/// no longer let into the class. A database that does not answer is not a reason to end it.
async fn still_allowed_until_not(
    backend: AppState,
    user: app::people::CurrentUser,
    class_id: ClassId,
    token_hash: Option<String>,
) {
    let storage = backend.storage().clone();
    loop {
        tokio::time::sleep(RECHECK_EVERY).await;
        let session_live = match &token_hash {
            Some(hash) => storage.session_exists(hash).await.unwrap_or(true),
            None => false,
        };
        if !session_live {
            return;
        }
        match authorize(&storage, &user, Scope::Class(class_id), Action::ViewClass).await {
            Ok(_) | Err(domain::policy::Refusal::Unavailable(_)) => {}
            Err(_) => return,
        }
    }
}
