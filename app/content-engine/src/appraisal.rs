//! The appraisal case file in `content/appraisal/`: `case.toml` (the organization and the scope),
//! `evidence/*.md` (one document each, with front matter naming the practices it bears on) and
//! `key*.toml` (the instructor's default key, which may be split over several files, read by
//! `appraisal_key`).
//!
//! Checked like all content: every practice named must be in scope, every key entry must cite
//! evidence that is tagged with its practice, and every practice in scope is rated exactly once.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::appraisal_key::load_key;
use super::error::ContentError;
use super::files::{read_files, SourceFile};
use super::markdown::{render, render_html, LinkTargets, Place};
use domain::appraisal::{AppraisalKey, CaseFile, EvidenceItem, ScopedPractice};
use domain::course::{ModelOverview, ProcessArea};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CaseEntry {
    organization: String,
    title: String,
    appraisal_date: String,
    scope: Vec<Spanned<String>>,
    #[serde(default)]
    generic_scope: Vec<Spanned<String>>,
    /// The capability level to aim at per process area in scope (0 to 3).
    #[serde(default)]
    targets: std::collections::BTreeMap<String, Spanned<u8>>,
    overview: Spanned<String>,
    instructions: Spanned<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct EvidenceFrontMatter {
    id: String,
    title: String,
    kind: String,
    date: String,
    author: String,
    practices: Vec<String>,
}

const EVIDENCE_KINDS: [&str; 11] = [
    "policy",
    "procedure",
    "plan",
    "interview",
    "ticket",
    "log",
    "minutes",
    "contract",
    "report",
    "record",
    "email",
];

/// Loads the case file and its key; `None` when the course has no `appraisal/` folder.
pub fn load_appraisal(
    dir: &Path,
    areas: &BTreeMap<String, ProcessArea>,
    model: &ModelOverview,
    targets: &LinkTargets,
    errors: &mut Vec<ContentError>,
    warnings: &mut Vec<ContentError>,
) -> Option<(CaseFile, AppraisalKey)> {
    if !dir.is_dir() {
        return None;
    }
    let file = SourceFile::read(&dir.join("case.toml"))
        .map_err(|e| errors.push(e))
        .ok()?;
    let case: CaseEntry = file.parse_toml().map_err(|e| errors.push(e)).ok()?;
    let markdown = |value: &Spanned<String>, errors: &mut Vec<ContentError>| {
        render_html(value.get_ref(), targets, file.markdown_place(value), errors)
    };
    let practices = scoped_practices(&file, &case, areas, model, errors);
    let in_scope: HashSet<&str> = practices.iter().map(|p| p.id.as_str()).collect();
    let evidence = load_evidence(&dir.join("evidence"), &in_scope, targets, errors);
    let key = load_key(dir, &practices, &evidence, targets, errors, warnings);
    let case_file = CaseFile {
        organization: case.organization.clone(),
        title: case.title.clone(),
        appraisal_date: case.appraisal_date.clone(),
        scope: case.scope.iter().map(|s| s.get_ref().clone()).collect(),
        generic_scope: case
            .generic_scope
            .iter()
            .map(|s| s.get_ref().clone())
            .collect(),
        overview_html: markdown(&case.overview, errors),
        instructions_html: markdown(&case.instructions, errors),
        evidence,
        practices,
        targets: case
            .targets
            .iter()
            .map(|(area, level)| (area.clone(), *level.get_ref()))
            .collect(),
    };
    Some((case_file, key))
}

/// The specific practices of the process areas in scope, then the GG2 generic practices of those
/// in the generic scope.
fn scoped_practices(
    file: &SourceFile,
    case: &CaseEntry,
    areas: &BTreeMap<String, ProcessArea>,
    model: &ModelOverview,
    errors: &mut Vec<ContentError>,
) -> Vec<ScopedPractice> {
    let mut practices = Vec::new();
    for abbr in &case.scope {
        let Some(area) = areas.get(abbr.get_ref()) else {
            errors.push(file.error_at(abbr, format!("unknown process area `{}`", abbr.get_ref())));
            continue;
        };
        for goal in &area.goals {
            for practice in &goal.practices {
                practices.push(ScopedPractice {
                    id: practice.id.clone(),
                    process_area: area.abbr.clone(),
                    goal: goal.id.clone(),
                    title: practice.title.clone(),
                });
            }
        }
    }
    for (abbr, level) in &case.targets {
        if !case.scope.iter().any(|s| s.get_ref() == abbr) {
            errors.push(file.error_at(
                level,
                format!("a target is set for `{abbr}`, which is not in scope"),
            ));
        } else if *level.get_ref() > 3 {
            errors.push(file.error_at(
                level,
                format!("the target for `{abbr}` must be a capability level from 0 to 3"),
            ));
        }
    }
    let gg2 = model.generic_goals.iter().find(|g| g.id == "GG2");
    for abbr in &case.generic_scope {
        if !case.scope.iter().any(|s| s.get_ref() == abbr.get_ref()) {
            errors.push(file.error_at(
                abbr,
                format!("`{}` is in generic_scope but not in scope", abbr.get_ref()),
            ));
            continue;
        }
        let Some(gg2) = gg2 else {
            errors.push(file.error_at(abbr, "the model defines no GG2 to rate"));
            continue;
        };
        for practice in &gg2.practices {
            practices.push(ScopedPractice {
                // The model names generic practices `GG2.GP1` or `GP1`; the case uses `IMC:GG2.GP1`.
                id: format!(
                    "{}:GG2.{}",
                    abbr.get_ref(),
                    practice.id.rsplit('.').next().unwrap_or(&practice.id)
                ),
                process_area: abbr.get_ref().clone(),
                goal: format!("{}:GG2", abbr.get_ref()),
                title: practice.title.clone(),
            });
        }
    }
    practices
}

fn load_evidence(
    dir: &Path,
    in_scope: &HashSet<&str>,
    targets: &LinkTargets,
    errors: &mut Vec<ContentError>,
) -> Vec<EvidenceItem> {
    let mut seen = HashSet::new();
    let mut items = Vec::new();
    for file in read_files(dir, "md", errors) {
        let path = file.path.clone();
        let Some((Some(front), split)) = file.split_front_matter::<EvidenceFrontMatter>(errors)
        else {
            errors.push(file.error("an evidence item starts with front matter (`+++`)"));
            continue;
        };
        let at_front = |message: String| ContentError::new(&path, Some(2), message);
        if !seen.insert(front.id.clone()) {
            errors.push(at_front(format!("duplicate evidence id `{}`", front.id)));
        }
        if !EVIDENCE_KINDS.contains(&front.kind.as_str()) {
            errors.push(at_front(format!(
                "unknown evidence kind `{}`: use one of {}",
                front.kind,
                EVIDENCE_KINDS.join(", ")
            )));
        }
        for practice in &front.practices {
            if !in_scope.contains(practice.as_str()) {
                errors.push(at_front(format!(
                    "practice `{practice}` is not in the appraisal scope"
                )));
            }
        }
        let place = Place {
            file: &path,
            first_line: split.body_first_line,
        };
        match render(split.body, targets, place) {
            Ok(rendered) => items.push(EvidenceItem {
                id: front.id,
                title: front.title,
                kind: front.kind,
                date: front.date,
                author: front.author,
                practices: front.practices,
                html: rendered.html,
            }),
            Err(found) => errors.extend(found),
        }
    }
    items
}
