//! The appraisal case file: a fictional organization's evidence, the practices in scope, and the
//! instructor's default key, with the four-step practice rating they use. The types every other
//! appraisal module builds on, so this file depends on none of them.

use serde::{Deserialize, Serialize};

/// A practice characterization, strongest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Rating {
    FI,
    LI,
    PI,
    NI,
}

impl Rating {
    pub const ALL: [Rating; 4] = [Rating::FI, Rating::LI, Rating::PI, Rating::NI];

    pub fn parse(text: &str) -> Option<Rating> {
        Rating::ALL.into_iter().find(|r| r.code() == text)
    }

    pub fn code(self) -> &'static str {
        match self {
            Rating::FI => "FI",
            Rating::LI => "LI",
            Rating::PI => "PI",
            Rating::NI => "NI",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Rating::FI => "Fully implemented",
            Rating::LI => "Largely implemented",
            Rating::PI => "Partially implemented",
            Rating::NI => "Not implemented",
        }
    }

    /// Steps from the top: FI 0, LI 1, PI 2, NI 3.
    pub fn step(self) -> u8 {
        self as u8
    }

    /// Whether the rating lets its goal be satisfied (FI or LI).
    pub fn counts_as_implemented(self) -> bool {
        matches!(self, Rating::FI | Rating::LI)
    }
}

/// One document of the case file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EvidenceItem {
    pub id: String,
    pub title: String,
    pub kind: String,
    pub date: String,
    pub author: String,
    /// Canonical practice ids (`IMC:SG1.SP1`, `IMC:GG2.GP2`) the item bears on.
    pub practices: Vec<String>,
    pub html: String,
}

/// A practice the learners rate.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScopedPractice {
    /// `IMC:SG1.SP1` or `IMC:GG2.GP3`.
    pub id: String,
    pub process_area: String,
    /// `IMC:SG1` or `IMC:GG2`.
    pub goal: String,
    pub title: String,
}

/// The key's rating of one practice, with why.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KeyRating {
    pub practice: String,
    pub rating: Rating,
    pub evidence: Vec<String>,
    pub rationale_html: String,
}

/// A goal the key marks Unsatisfied although its practices are all FI or LI.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GoalOverride {
    pub goal: String,
    pub reason_html: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AppraisalKey {
    /// In scope order.
    pub ratings: Vec<KeyRating>,
    pub goal_overrides: Vec<GoalOverride>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CaseFile {
    pub organization: String,
    pub title: String,
    pub appraisal_date: String,
    /// Process areas whose specific practices are rated.
    pub scope: Vec<String>,
    /// Process areas whose GG2 generic practices are rated too.
    pub generic_scope: Vec<String>,
    pub overview_html: String,
    pub instructions_html: String,
    pub evidence: Vec<EvidenceItem>,
    /// In scope order: process areas as listed, goals and practices in model order.
    pub practices: Vec<ScopedPractice>,
    /// The capability level the case suggests aiming at, per process area in scope (the
    /// improvement plan's starting targets; a learner sets their own).
    #[serde(default)]
    pub targets: std::collections::BTreeMap<String, u8>,
}

impl CaseFile {
    /// The case without the evidence bodies, for pages that list evidence but do not show it.
    pub fn outline(&self) -> CaseFile {
        CaseFile {
            evidence: self
                .evidence
                .iter()
                .map(|item| EvidenceItem {
                    id: item.id.clone(),
                    title: item.title.clone(),
                    kind: item.kind.clone(),
                    date: item.date.clone(),
                    author: item.author.clone(),
                    practices: item.practices.clone(),
                    html: String::new(),
                })
                .collect(),
            organization: self.organization.clone(),
            title: self.title.clone(),
            appraisal_date: self.appraisal_date.clone(),
            scope: self.scope.clone(),
            targets: self.targets.clone(),
            generic_scope: self.generic_scope.clone(),
            overview_html: self.overview_html.clone(),
            instructions_html: self.instructions_html.clone(),
            practices: self.practices.clone(),
        }
    }
}

/// A small case file for tests: one process area `X`, the practices `ids` (all of goal `X:SG1`),
/// and one evidence item `E01` tagged with the first of them.
#[cfg(test)]
pub(crate) fn test_case(ids: &[&str]) -> CaseFile {
    CaseFile {
        organization: "O".into(),
        title: "T".into(),
        appraisal_date: "2026-05-18".into(),
        scope: vec!["X".into()],
        targets: Default::default(),
        generic_scope: vec![],
        overview_html: String::new(),
        instructions_html: String::new(),
        evidence: vec![EvidenceItem {
            id: "E01".into(),
            title: "Policy".into(),
            kind: "policy".into(),
            date: "2026-01-01".into(),
            author: "A".into(),
            practices: ids.iter().take(1).map(|id| id.to_string()).collect(),
            html: String::new(),
        }],
        practices: ids
            .iter()
            .map(|id| ScopedPractice {
                id: id.to_string(),
                process_area: "X".into(),
                goal: "X:SG1".into(),
                title: "P".into(),
            })
            .collect(),
    }
}
