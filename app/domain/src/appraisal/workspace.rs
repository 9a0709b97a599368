//! A learner's appraisal workspace: a rating, a note and the evidence cited for each practice,
//! and the goals they mark Unsatisfied for a significant weakness. Read from the workspace form's
//! fields (posted, or autosaved as they work), with limits and a message a person understands.
//!
//! Field names: `rating.PRACTICE` (FI, LI, PI, NI or empty), `note.PRACTICE`,
//! `evidence.PRACTICE` (ids such as `E07, E12`), and `mark.GOAL` present when the goal is marked.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use serde::{Deserialize, Serialize};

use super::case::{CaseFile, Rating};

/// The longest note on one practice, in characters.
pub const MAX_NOTE_CHARS: usize = 2_000;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PracticeWork {
    pub rating: Option<Rating>,
    pub note: String,
    pub evidence: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Workspace {
    pub practices: BTreeMap<String, PracticeWork>,
    /// Goals marked Unsatisfied despite FI/LI practices.
    pub marks: BTreeSet<String>,
}

impl Workspace {
    pub fn ratings(&self) -> HashMap<String, Rating> {
        self.practices
            .iter()
            .filter_map(|(id, work)| work.rating.map(|r| (id.clone(), r)))
            .collect()
    }

    pub fn mark_set(&self) -> HashSet<String> {
        self.marks.iter().cloned().collect()
    }
}

/// The most of a mistyped evidence id an error message repeats, in characters.
const MAX_ECHOED_ID_CHARS: usize = 20;

/// Text a person typed, for repeating in an error message: at most `max_chars` characters (then
/// `…`), with control characters such as line breaks shown as `�`. Whatever was posted, the
/// message stays one short line that names what was wrong.
pub(crate) fn as_typed(text: &str, max_chars: usize) -> String {
    let mut shown: String = text
        .chars()
        .take(max_chars)
        .map(|c| if c.is_control() { '\u{fffd}' } else { c })
        .collect();
    if text.chars().nth(max_chars).is_some() {
        shown.push('…');
    }
    shown
}

/// Reads a workspace from form fields; refuses unknown ratings and evidence, and long notes.
pub fn workspace_from_fields(
    case: &CaseFile,
    fields: &[(String, String)],
) -> Result<Workspace, String> {
    let value = |name: String| {
        fields
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.trim())
    };
    let evidence_ids: HashSet<&str> = case.evidence.iter().map(|e| e.id.as_str()).collect();
    let mut workspace = Workspace::default();
    for practice in &case.practices {
        let id = &practice.id;
        let rating = match value(format!("rating.{id}")) {
            None | Some("") => None,
            Some(text) => Some(Rating::parse(text).ok_or_else(|| {
                format!("{id}: a rating is FI, LI, PI or NI (or empty while you decide).")
            })?),
        };
        // Browsers post a textarea's line breaks as CRLF; stored notes use LF, so a note sent
        // back unchanged compares equal to what was shown. A lone CR is a line break too (a
        // browser would post it as CRLF), so none is stored to read differently next time.
        let note = value(format!("note.{id}"))
            .unwrap_or_default()
            .replace("\r\n", "\n")
            .replace('\r', "\n");
        let length = note.chars().count();
        if length > MAX_NOTE_CHARS {
            return Err(format!(
                "{id}: a note can be at most {MAX_NOTE_CHARS} characters; this one has {length}."
            ));
        }
        let mut evidence = Vec::new();
        for cited in value(format!("evidence.{id}"))
            .unwrap_or_default()
            .split([',', ' ', ';'])
            .filter(|s| !s.is_empty())
        {
            let cited = cited.to_ascii_uppercase();
            if !evidence_ids.contains(cited.as_str()) {
                let shown = as_typed(&cited, MAX_ECHOED_ID_CHARS);
                return Err(format!(
                    "{id}: there is no evidence item {shown} in the case file (ids look like E07)."
                ));
            }
            if !evidence.contains(&cited) {
                evidence.push(cited);
            }
        }
        if rating.is_some() || !note.is_empty() || !evidence.is_empty() {
            workspace.practices.insert(
                id.clone(),
                PracticeWork {
                    rating,
                    note,
                    evidence,
                },
            );
        }
    }
    for goal in case.practices.iter().map(|p| &p.goal) {
        if value(format!("mark.{goal}")).is_some() {
            workspace.marks.insert(goal.clone());
        }
    }
    Ok(workspace)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn case() -> CaseFile {
        crate::appraisal::test_case(&["X:SG1.SP1"])
    }

    fn fields(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn ratings_notes_evidence_and_marks_are_read() {
        let workspace = workspace_from_fields(
            &case(),
            &fields(&[
                ("rating.X:SG1.SP1", "LI"),
                (
                    "note.X:SG1.SP1",
                    " Plan exists,\r\nnever tested.\r\r\nAgain. ",
                ),
                ("evidence.X:SG1.SP1", "e01, E01"),
                ("mark.X:SG1", "on"),
            ]),
        )
        .unwrap();
        let work = &workspace.practices["X:SG1.SP1"];
        assert_eq!(work.rating, Some(Rating::LI));
        assert_eq!(work.note, "Plan exists,\nnever tested.\n\nAgain.");
        assert_eq!(work.evidence, ["E01"]);
        assert!(workspace.marks.contains("X:SG1"));
    }

    #[test]
    fn bad_ratings_unknown_evidence_and_long_notes_are_refused_with_the_practice() {
        let refused =
            |pairs: &[(&str, &str)]| workspace_from_fields(&case(), &fields(pairs)).unwrap_err();
        assert!(refused(&[("rating.X:SG1.SP1", "XI")]).starts_with("X:SG1.SP1: a rating is FI"));
        assert!(refused(&[("evidence.X:SG1.SP1", "E99")]).contains("no evidence item E99"));
        let long = "x".repeat(MAX_NOTE_CHARS + 1);
        assert!(refused(&[("note.X:SG1.SP1", &long)]).contains("at most 2000 characters"));
    }

    #[test]
    fn a_mistyped_evidence_id_is_repeated_short_and_without_control_characters() {
        let message = workspace_from_fields(
            &case(),
            &fields(&[(
                "evidence.X:SG1.SP1",
                &format!("E0\u{1b}[2J{}", "9".repeat(5000)),
            )]),
        )
        .unwrap_err();
        assert!(
            message.contains("no evidence item E0\u{fffd}[2J99999"),
            "{message}"
        );
        assert!(message.chars().count() < 150, "{message}");
        assert!(!message.chars().any(char::is_control), "{message}");
    }
}
