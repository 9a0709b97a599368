//! The record of a class's live sessions on the server: the page's data for the class's
//! instructors, and the counting of each connected learner's minutes present.
//!
//! Presence is counted by the learner's own event stream: while it is open, once a minute, if the
//! session is running, one more minute is added to that learner's day. A learner with the live
//! page open in two tabs (or on two servers) still gets one minute per minute: storage adds a
//! minute only when the last one is most of a minute old.

use std::collections::BTreeMap;
use std::time::Duration;

use app::live::LiveState;
use app::live_record::{
    attendance_days, Attendance, CheckRun, LiveRecord, TimelineEntry, PRESENCE_TICK_SECONDS,
};
use app::people::CurrentUser;
use app::policy::{Action, Refusal};
use domain::ids::{ClassId, UserId};
use tokio::sync::watch;

use crate::access::{authorize_in_class, unavailable};
use crate::state::AppState;
use crate::storage::clock::{format_utc, now, now_millis};

fn utc(ms: i64) -> String {
    format_utc(std::time::UNIX_EPOCH + Duration::from_millis(ms.max(0) as u64))
}

#[async_trait::async_trait]
impl app::api::live_record::LiveRecordBackend for AppState {
    async fn live_record(
        &self,
        user: &CurrentUser,
        class_id: ClassId,
    ) -> Result<(String, LiveRecord), Refusal> {
        let record = record(self, user, class_id).await?;
        let name = self
            .storage()
            .class_detail(class_id, Some(user.id), false)
            .await
            .map_err(unavailable)?
            .ok_or(Refusal::NotFound)?
            .summary
            .name;
        Ok((name, record))
    }
}

/// The record of the class's live sessions (its instructors only).
pub async fn record(
    backend: &AppState,
    user: &CurrentUser,
    class_id: ClassId,
) -> Result<LiveRecord, Refusal> {
    authorize_in_class(backend.storage(), user, class_id, Action::DriveLiveSession).await?;
    let storage = backend.storage();
    let timeline = storage
        .timeline(class_id)
        .await
        .map_err(unavailable)?
        .into_iter()
        .map(|(at, kind, what)| TimelineEntry {
            at: utc(at),
            kind,
            what,
        })
        .collect();
    let mut checks = Vec::new();
    for opened in storage.opened_checks(class_id).await.map_err(unavailable)? {
        let answers = storage
            .check_answers(class_id, opened.run)
            .await
            .map_err(unavailable)?;
        checks.push(CheckRun {
            run: opened.run,
            opened_at: utc(opened.at_ms),
            tally: opened.check.tally(&answers),
            check: opened.check,
        });
    }
    let questions = storage
        .exported_questions(class_id)
        .await
        .map_err(unavailable)?
        .into_iter()
        .filter(|q| !q.hidden)
        .map(|q| (utc(q.posted_ms), q.text, q.votes as u32, q.answered))
        .collect();
    let attendance = attendance(storage.presence(class_id).await.map_err(unavailable)?);
    Ok(LiveRecord {
        days: attendance_days(&attendance),
        timeline,
        checks,
        questions,
        attendance,
    })
}

/// Groups presence rows (by learner, then day) into one line per learner.
fn attendance(rows: Vec<crate::storage::live_record::PresenceRow>) -> Vec<Attendance> {
    let mut by_learner: BTreeMap<UserId, Attendance> = BTreeMap::new();
    let mut order = Vec::new();
    for (user, learner, username, day, minutes) in rows {
        let entry = by_learner.entry(user).or_insert_with(|| {
            order.push(user);
            Attendance {
                learner,
                username,
                days: Vec::new(),
            }
        });
        if let Some(day) = day {
            entry.days.push((day, minutes));
        }
    }
    order
        .into_iter()
        .filter_map(|user| by_learner.remove(&user))
        .collect()
}

/// Counts `user`'s presence while their event stream is open: the minute they join, then a
/// minute each `PRESENCE_TICK_SECONDS` during which the session (as `state` follows it) was
/// running, so that a learner who joined shows as present at once. Runs until dropped (the
/// stream's end aborts it). A reconnection within the same minute counts nothing twice.
pub async fn count_presence(
    backend: AppState,
    class_id: ClassId,
    user: UserId,
    state: watch::Receiver<LiveState>,
) {
    let mut tick = tokio::time::interval(Duration::from_secs(PRESENCE_TICK_SECONDS));
    loop {
        tick.tick().await;
        if !state.borrow().active {
            continue;
        }
        let day = now()[..10].to_string();
        let at = now_millis();
        let storage = backend.storage();
        // The day's total for the session record, and the minute itself for CPE hours (which
        // count only minutes inside the agenda's teaching slots).
        let counted = match storage.record_presence(class_id, user, &day, at).await {
            Ok(()) => storage.record_presence_minute(class_id, user, at).await,
            Err(error) => Err(error),
        };
        if let Err(error) = counted {
            tracing::warn!(%error, %class_id, "a minute of presence could not be counted");
        }
    }
}

/// Aborts a task when dropped: the presence counter ends with the stream that holds this.
pub struct AbortOnDrop(pub tokio::task::JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presence_rows_become_one_line_per_learner_with_absent_learners_kept() {
        let rows = vec![
            (
                UserId(2),
                "Ana".to_string(),
                "ana".to_string(),
                Some("2026-12-01".to_string()),
                300,
            ),
            (
                UserId(2),
                "Ana".to_string(),
                "ana".to_string(),
                Some("2026-12-02".to_string()),
                41,
            ),
            (UserId(1), "Ben".to_string(), "ben".to_string(), None, 0),
        ];
        let lines = attendance(rows);
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].learner, "Ana");
        assert_eq!(
            lines[0].days,
            vec![
                ("2026-12-01".to_string(), 300),
                ("2026-12-02".to_string(), 41)
            ]
        );
        assert!(lines[1].days.is_empty());
    }
}
