//! Limits on what one client can take from the server: how long a request may run, how large a
//! body may be, and how many live-session streams a person and the server hold open. (How long a
//! client may take over its headers is in `serve`.)

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use domain::ids::UserId;

/// Requests larger than this are refused with 413 before any handler reads them.
pub const MAX_REQUEST_BODY_BYTES: usize = 1024 * 1024;

/// Answers 408 with a sentence when a request takes longer than the timeout. A live stream's
/// handler returns as soon as the stream starts, so streams are not cut by this.
pub async fn request_timeout(
    State(timeout): State<Duration>,
    request: Request,
    next: Next,
) -> Response {
    match tokio::time::timeout(timeout, next.run(request)).await {
        Ok(response) => response,
        Err(_) => (
            StatusCode::REQUEST_TIMEOUT,
            "The server took too long to answer this request and stopped it. Nothing more will happen; try again in a moment.",
        )
            .into_response(),
    }
}

/// Refuses a body announced as larger than the limit with 413 and a sentence, whatever route it
/// is for (the server functions read their bodies themselves, so the extractors' limit alone
/// would answer them with a 500). Bodies without a length are cut at the limit by
/// `RequestBodyLimitLayer`.
pub async fn refuse_oversized_bodies(request: Request, next: Next) -> Response {
    let announced = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if announced.is_some_and(|length| length > MAX_REQUEST_BODY_BYTES as u64) {
        return (
            StatusCode::PAYLOAD_TOO_LARGE,
            "This request is larger than the server accepts (1 MiB). Shorten the text and send it again.",
        )
            .into_response();
    }
    next.run(request).await
}

/// How many live-session streams each person, and the server as a whole, holds open.
pub struct LiveStreamLimits {
    per_person: usize,
    per_server: usize,
    open: Mutex<HashMap<UserId, usize>>,
    total: AtomicUsize,
}

/// One open stream; dropping it (when the stream ends) gives the place back.
pub struct LiveStreamPermit {
    limits: Arc<LiveStreamLimits>,
    person: UserId,
}

/// Why a stream was refused, in words.
#[derive(Debug, PartialEq, Eq)]
pub enum StreamRefusal {
    PersonFull(usize),
    ServerFull,
}

impl StreamRefusal {
    pub fn message(&self) -> String {
        match self {
            StreamRefusal::PersonFull(limit) => format!(
                "You already follow live sessions in {limit} tabs or windows. Close one of them and reload this page."
            ),
            StreamRefusal::ServerFull => {
                "This server is following as many live screens as it can. Try again in a minute.".into()
            }
        }
    }
}

impl LiveStreamLimits {
    pub fn new(per_person: usize, per_server: usize) -> LiveStreamLimits {
        LiveStreamLimits {
            per_person: per_person.max(1),
            per_server: per_server.max(1),
            open: Mutex::new(HashMap::new()),
            total: AtomicUsize::new(0),
        }
    }

    /// A place for one more stream of `person`, or why there is none.
    pub fn admit(self: &Arc<Self>, person: UserId) -> Result<LiveStreamPermit, StreamRefusal> {
        let mut open = self.open.lock().expect("stream limits lock");
        if self.total.load(Ordering::SeqCst) >= self.per_server {
            return Err(StreamRefusal::ServerFull);
        }
        let count = open.entry(person).or_insert(0);
        if *count >= self.per_person {
            return Err(StreamRefusal::PersonFull(self.per_person));
        }
        *count += 1;
        self.total.fetch_add(1, Ordering::SeqCst);
        Ok(LiveStreamPermit {
            limits: self.clone(),
            person,
        })
    }

    /// Streams open now, for tests and health.
    pub fn open_streams(&self) -> usize {
        self.total.load(Ordering::SeqCst)
    }
}

impl Drop for LiveStreamPermit {
    fn drop(&mut self) {
        let mut open = self.limits.open.lock().expect("stream limits lock");
        if let Some(count) = open.get_mut(&self.person) {
            *count -= 1;
            if *count == 0 {
                open.remove(&self.person);
            }
        }
        self.limits.total.fetch_sub(1, Ordering::SeqCst);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_are_capped_per_person_and_per_server_and_given_back() {
        let limits = Arc::new(LiveStreamLimits::new(2, 3));
        let (ada, bo) = (UserId(1), UserId(2));
        let first = limits.admit(ada).unwrap();
        let _second = limits.admit(ada).unwrap();
        assert_eq!(limits.admit(ada).err(), Some(StreamRefusal::PersonFull(2)));
        let _third = limits.admit(bo).unwrap();
        assert_eq!(limits.admit(bo).err(), Some(StreamRefusal::ServerFull));
        drop(first);
        assert_eq!(limits.open_streams(), 2);
        assert!(limits.admit(ada).is_ok());
    }
}
