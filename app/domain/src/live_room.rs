//! The room's side of a live session, besides quick checks: questions learners post (and upvote)
//! without interrupting, and the signals they raise (a hand, "too fast", "too slow", "lost me").
//!
//! Pure rules: what a question may say, how often a learner may post, how the instructor's list
//! is ordered, and which signals still count. Who may see an author is decided where questions
//! are read (peers never do).

use serde::{Deserialize, Serialize};

/// The longest question, in characters.
pub const MAX_QUESTION_CHARS: usize = 500;
/// A learner may post one question per `POST_GAP_MS`, and at most `POSTS_PER_WINDOW` per
/// `POST_WINDOW_MS`: enough for a lively class, too few to flood the instructor's list.
pub const POST_GAP_MS: i64 = 10_000;
pub const POSTS_PER_WINDOW: usize = 10;
pub const POST_WINDOW_MS: i64 = 10 * 60_000;
/// How long a raised signal counts, in seconds, unless the server is configured otherwise.
pub const DEFAULT_SIGNAL_SECONDS: u32 = 180;

/// A question's text as posted: trimmed, 1 to `MAX_QUESTION_CHARS` characters, no control
/// characters but line breaks and tabs.
pub fn question_text(text: &str) -> Result<String, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("Type your question first.".into());
    }
    if text.chars().count() > MAX_QUESTION_CHARS {
        return Err(format!(
            "Keep your question to {MAX_QUESTION_CHARS} characters."
        ));
    }
    if text
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
    {
        return Err("Your question holds characters that cannot be shown.".into());
    }
    Ok(text.to_string())
}

/// Whether a learner whose earlier posts in this class were at `earlier` (milliseconds) may
/// post at `now`; if not, a sentence saying when they may.
pub fn may_post(earlier: &[i64], now: i64) -> Result<(), String> {
    if let Some(last) = earlier.iter().max() {
        let wait = POST_GAP_MS - (now - last);
        if wait > 0 {
            return Err(format!(
                "You have just posted a question; you may post another in {} s.",
                (wait + 999) / 1000
            ));
        }
    }
    let recent = earlier
        .iter()
        .filter(|at| now - **at < POST_WINDOW_MS)
        .count();
    if recent >= POSTS_PER_WINDOW {
        return Err(format!(
            "You have posted {POSTS_PER_WINDOW} questions in the last ten minutes; please wait a little."
        ));
    }
    Ok(())
}

/// A posted question as the live page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    pub id: i64,
    /// The question as safe HTML (Markdown through the learner-text sanitizer).
    pub html: String,
    /// Who asked: for the class's instructors only (`None` for everyone else).
    pub author: Option<String>,
    pub votes: u32,
    /// Whether the person looking has upvoted it.
    pub voted: bool,
    /// Whether the person looking asked it (so they cannot upvote it).
    pub mine: bool,
    pub pinned: bool,
    pub answered: bool,
    /// Posted at, in milliseconds.
    pub at: i64,
}

/// How the instructor orders the questions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum QuestionOrder {
    Votes,
    Time,
}

/// Orders `questions` for the list: pinned first, unanswered before answered, then by votes (ties
/// oldest first) or by time (newest first).
pub fn order_questions(questions: &mut [Question], order: QuestionOrder) {
    questions.sort_by(|a, b| {
        b.pinned
            .cmp(&a.pinned)
            .then(a.answered.cmp(&b.answered))
            .then_with(|| match order {
                QuestionOrder::Votes => b.votes.cmp(&a.votes).then(a.at.cmp(&b.at)),
                QuestionOrder::Time => b.at.cmp(&a.at),
            })
            .then(a.id.cmp(&b.id))
    });
}

/// What the instructor does to a question.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum QuestionChange {
    Pin(bool),
    Answered(bool),
    /// Hidden questions leave every list but the export.
    Hide,
}

/// A signal a learner raises.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SignalKind {
    Hand,
    TooFast,
    TooSlow,
    Lost,
}

impl SignalKind {
    pub const ALL: [SignalKind; 4] = [
        SignalKind::Hand,
        SignalKind::TooFast,
        SignalKind::TooSlow,
        SignalKind::Lost,
    ];

    pub fn parse(text: &str) -> Option<SignalKind> {
        SignalKind::ALL.into_iter().find(|k| k.code() == text)
    }

    /// The code stored and posted.
    pub fn code(self) -> &'static str {
        match self {
            SignalKind::Hand => "hand",
            SignalKind::TooFast => "too-fast",
            SignalKind::TooSlow => "too-slow",
            SignalKind::Lost => "lost",
        }
    }

    /// What the learner's button and the instructor's count say.
    pub fn label(self) -> &'static str {
        match self {
            SignalKind::Hand => "Raise hand",
            SignalKind::TooFast => "Too fast",
            SignalKind::TooSlow => "Too slow",
            SignalKind::Lost => "You lost me",
        }
    }
}

/// Whether a signal raised at `raised_at` still counts at `now` (milliseconds), `seconds` being
/// how long a signal counts.
pub fn signal_counts(raised_at: i64, now: i64, seconds: u32) -> bool {
    now - raised_at < i64::from(seconds) * 1_000 && raised_at <= now + 5_000
}

/// How long a signal counts, in words ("3 minutes", "45 seconds").
pub fn signal_lifetime(seconds: u32) -> String {
    match seconds {
        60 => "1 minute".into(),
        s if s % 60 == 0 => format!("{} minutes", s / 60),
        1 => "1 second".into(),
        s => format!("{s} seconds"),
    }
}

/// The room's signals as the instructor sees them: how many of each still count, and who has a
/// hand up (oldest first, so hands are taken in turn).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoomSignals {
    pub counts: Vec<(SignalKind, u32)>,
    pub hands: Vec<String>,
    /// The signals the person looking has up (a learner sees only their own).
    pub mine: Vec<SignalKind>,
}

/// Summarizes raised signals `(kind, raised at, who)` for the instructor, keeping those that
/// still count at `now`.
pub fn summarize_signals(
    raised: &[(SignalKind, i64, String)],
    now: i64,
    seconds: u32,
) -> RoomSignals {
    let live: Vec<&(SignalKind, i64, String)> = raised
        .iter()
        .filter(|(_, at, _)| signal_counts(*at, now, seconds))
        .collect();
    let counts = SignalKind::ALL
        .into_iter()
        .map(|kind| {
            (
                kind,
                live.iter().filter(|(k, _, _)| *k == kind).count() as u32,
            )
        })
        .collect();
    let mut hands: Vec<&&(SignalKind, i64, String)> = live
        .iter()
        .filter(|(k, _, _)| *k == SignalKind::Hand)
        .collect();
    hands.sort_by_key(|(_, at, _)| *at);
    RoomSignals {
        counts,
        hands: hands.into_iter().map(|(_, _, who)| who.clone()).collect(),
        mine: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_question_is_trimmed_and_bounded() {
        assert_eq!(question_text("  Why CL2?  "), Ok("Why CL2?".to_string()));
        assert!(question_text("   ").is_err());
        assert!(question_text(&"x".repeat(501)).unwrap_err().contains("500"));
        assert!(question_text(&"x".repeat(500)).is_ok());
        assert!(question_text("line one\nline two").is_ok());
        assert!(question_text("bell\u{7}").is_err());
    }

    #[test]
    fn posting_is_limited_by_a_gap_and_a_window() {
        assert!(may_post(&[], 1_000_000).is_ok());
        let error = may_post(&[1_000_000], 1_004_000).unwrap_err();
        assert!(error.contains("in 6 s"), "{error}");
        assert!(may_post(&[1_000_000], 1_010_000).is_ok());
        let ten: Vec<i64> = (0..10).map(|i| 1_000_000 + i * 20_000).collect();
        assert!(may_post(&ten, 1_000_000 + 9 * 20_000 + 11_000).is_err());
        assert!(may_post(&ten, 1_000_000 + POST_WINDOW_MS + 1).is_ok());
    }

    fn question(id: i64, votes: u32, at: i64, pinned: bool, answered: bool) -> Question {
        Question {
            id,
            html: String::new(),
            author: None,
            votes,
            voted: false,
            mine: false,
            pinned,
            answered,
            at,
        }
    }

    #[test]
    fn pinned_first_answered_last_then_by_votes_or_time() {
        let mut list = vec![
            question(1, 5, 100, false, true),
            question(2, 1, 200, false, false),
            question(3, 3, 300, false, false),
            question(4, 0, 400, true, false),
            question(5, 3, 150, false, false),
        ];
        order_questions(&mut list, QuestionOrder::Votes);
        let ids: Vec<i64> = list.iter().map(|q| q.id).collect();
        assert_eq!(ids, vec![4, 5, 3, 2, 1]);
        order_questions(&mut list, QuestionOrder::Time);
        let ids: Vec<i64> = list.iter().map(|q| q.id).collect();
        assert_eq!(ids, vec![4, 3, 2, 5, 1]);
    }

    #[test]
    fn signals_expire_and_hands_are_listed_oldest_first() {
        let minute = 60_000;
        let raised = vec![
            (SignalKind::Hand, 10 * minute, "ben".to_string()),
            (SignalKind::Hand, 9 * minute, "ana".to_string()),
            (SignalKind::TooFast, 8 * minute + 30_000, "cai".to_string()),
            (SignalKind::Hand, 2 * minute, "old".to_string()),
        ];
        let room = summarize_signals(&raised, 11 * minute, 180);
        assert_eq!(room.hands, vec!["ana", "ben"]);
        assert!(room.counts.contains(&(SignalKind::Hand, 2)));
        assert!(room.counts.contains(&(SignalKind::TooFast, 1)));
        assert!(room.counts.contains(&(SignalKind::Lost, 0)));
        assert!(
            !signal_counts(0, 3 * minute, 180),
            "three minutes on, it no longer counts"
        );
        assert!(signal_counts(0, 3 * minute - 1, 180));
        assert_eq!(signal_lifetime(180), "3 minutes");
        assert_eq!(signal_lifetime(45), "45 seconds");
        for kind in SignalKind::ALL {
            assert_eq!(SignalKind::parse(kind.code()), Some(kind));
        }
        assert_eq!(SignalKind::parse("applause"), None);
    }
}
