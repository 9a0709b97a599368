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
        // back unchanged compares equal to what was shown.
        let note = value(format!("note.{id}"))
            .unwrap_or_default()
            .replace("\r\n", "\n");
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
                return Err(format!(
                    "{id}: there is no evidence item {cited} in the case file (ids look like E07)."
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
                ("note.X:SG1.SP1", " Plan exists,\r\nnever tested. "),
                ("evidence.X:SG1.SP1", "e01, E01"),
                ("mark.X:SG1", "on"),
            ]),
        )
        .unwrap();
        let work = &workspace.practices["X:SG1.SP1"];
        assert_eq!(work.rating, Some(Rating::LI));
        assert_eq!(work.note, "Plan exists,\nnever tested.");
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
}
