//! The instructor's default key to the appraisal case, in `content/appraisal/key*.toml` (the key
//! may be split over several files): a rating of every practice in scope, with the evidence it
//! rests on and why, and the goals marked Unsatisfied despite their practices' ratings.
//!
//! Checked like all content: every practice and goal named must be in scope, every rating must
//! cite evidence tagged with its practice, and every practice in scope is rated exactly once.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use super::error::ContentError;
use super::files::{sorted_entries, SourceFile};
use super::key_consistency::{check_shared_weaknesses, SharedWeakness, TaggedRating};
use super::markdown::{render_html, LinkTargets};
use super::schema::is_slug;
use domain::appraisal::{
    AppraisalKey, EvidenceItem, GoalOverride, KeyRating, Rating, ScopedPractice,
};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct KeyFile {
    #[serde(default)]
    ratings: Vec<KeyEntry>,
    #[serde(default)]
    goal_overrides: Vec<OverrideEntry>,
    #[serde(default)]
    shared_weaknesses: Vec<SharedWeaknessEntry>,
}

/// Why a weakness shared by several LI practices of a goal still leaves the goal satisfied.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SharedWeaknessEntry {
    goal: Spanned<String>,
    weakness: Spanned<String>,
    reason: Spanned<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct KeyEntry {
    practice: Spanned<String>,
    rating: Spanned<String>,
    evidence: Vec<Spanned<String>>,
    rationale: Spanned<String>,
    /// Short slugs naming the weaknesses the rating rests on; the same slug on two practices
    /// means the same weakness.
    #[serde(default)]
    weaknesses: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct OverrideEntry {
    goal: Spanned<String>,
    reason: Spanned<String>,
}

/// The instructor's key, from every `key*.toml` in `dir` (a key may be split over several files):
/// every practice in scope rated exactly once, citing evidence tagged with it.
pub fn load_key(
    dir: &Path,
    practices: &[ScopedPractice],
    evidence: &[EvidenceItem],
    targets: &LinkTargets,
    errors: &mut Vec<ContentError>,
    warnings: &mut Vec<ContentError>,
) -> AppraisalKey {
    let mut key = KeyBuilder {
        practices,
        evidence,
        targets,
        goals: practices.iter().map(|p| p.goal.as_str()).collect(),
        ratings: BTreeMap::new(),
        goal_overrides: Vec::new(),
        tagged: Vec::new(),
        reasons: Vec::new(),
    };
    for path in key_files(dir, errors) {
        let Ok(file) = SourceFile::read(&path).map_err(|e| errors.push(e)) else {
            continue;
        };
        let Ok(entries) = file.parse_toml::<KeyFile>().map_err(|e| errors.push(e)) else {
            continue;
        };
        key.add_file(&file, &entries, errors);
    }
    let overridden: Vec<String> = key.goal_overrides.iter().map(|o| o.goal.clone()).collect();
    check_shared_weaknesses(&key.tagged, &overridden, &key.reasons, errors, warnings);
    key.finish(dir, errors)
}

/// The files of `dir` that hold the key: `key.toml`, `key-day1.toml` and the like, by name.
fn key_files(dir: &Path, errors: &mut Vec<ContentError>) -> Vec<PathBuf> {
    sorted_entries(dir)
        .map_err(|e| errors.push(e))
        .unwrap_or_default()
        .into_iter()
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
            name.starts_with("key") && name.ends_with(".toml")
        })
        .collect()
}

/// The key as its files are read: what it may refer to, and the ratings (by practice) and goal
/// overrides gathered so far.
struct KeyBuilder<'a> {
    practices: &'a [ScopedPractice],
    evidence: &'a [EvidenceItem],
    targets: &'a LinkTargets,
    goals: HashSet<&'a str>,
    ratings: BTreeMap<String, KeyRating>,
    goal_overrides: Vec<GoalOverride>,
    tagged: Vec<TaggedRating>,
    reasons: Vec<SharedWeakness>,
}

impl KeyBuilder<'_> {
    fn add_file(&mut self, file: &SourceFile, key: &KeyFile, errors: &mut Vec<ContentError>) {
        for entry in &key.ratings {
            self.add_rating(file, entry, errors);
        }
        for entry in &key.goal_overrides {
            self.add_override(file, entry, errors);
        }
        for entry in &key.shared_weaknesses {
            self.add_shared_weakness(file, entry, errors);
        }
    }

    /// A reason why a weakness shared by LI practices leaves their goal satisfied. Only the
    /// consistency check reads it: each rating's own rationale is what learners see.
    fn add_shared_weakness(
        &mut self,
        file: &SourceFile,
        entry: &SharedWeaknessEntry,
        errors: &mut Vec<ContentError>,
    ) {
        self.check_goal_in_scope(file, &entry.goal, errors);
        if entry.reason.get_ref().trim().is_empty() {
            errors.push(file.error_at(&entry.reason, "a shared weakness needs a written reason"));
        }
        self.reasons.push(SharedWeakness {
            goal: entry.goal.get_ref().clone(),
            weakness: entry.weakness.get_ref().clone(),
            file: file.path.clone(),
            line: file.line_of(entry.goal.span()),
        });
    }

    /// Adds one practice's rating, unless the practice is out of scope or the rating unknown.
    fn add_rating(&mut self, file: &SourceFile, entry: &KeyEntry, errors: &mut Vec<ContentError>) {
        let practice = entry.practice.get_ref();
        if !self.practices.iter().any(|p| &p.id == practice) {
            errors.push(file.error_at(
                &entry.practice,
                format!("practice `{practice}` is not in the appraisal scope"),
            ));
            return;
        }
        let Some(rating) = Rating::parse(entry.rating.get_ref()) else {
            errors.push(file.error_at(&entry.rating, "a rating is FI, LI, PI or NI"));
            return;
        };
        self.check_citations(file, entry, errors);
        for weakness in &entry.weaknesses {
            if !is_slug(weakness.get_ref()) {
                errors.push(file.error_at(
                    weakness,
                    "a weakness tag uses lowercase letters, digits and hyphens",
                ));
            }
        }
        if let Some(scoped) = self.practices.iter().find(|p| &p.id == practice) {
            self.tagged.push(TaggedRating {
                practice: practice.clone(),
                goal: scoped.goal.clone(),
                rating,
                weaknesses: entry
                    .weaknesses
                    .iter()
                    .map(|w| w.get_ref().clone())
                    .collect(),
                file: file.path.clone(),
                line: file.line_of(entry.practice.span()),
            });
        }
        let rating = KeyRating {
            practice: practice.clone(),
            rating,
            evidence: entry.evidence.iter().map(|e| e.get_ref().clone()).collect(),
            rationale_html: render_html(
                entry.rationale.get_ref(),
                self.targets,
                file.markdown_place(&entry.rationale),
                errors,
            ),
        };
        if self.ratings.insert(practice.clone(), rating).is_some() {
            errors.push(file.error_at(
                &entry.practice,
                format!("practice `{practice}` is rated twice in the key"),
            ));
        }
    }

    /// Every piece of evidence a rating cites must exist and be tagged with the practice, so that
    /// learners can find it from the practice.
    fn check_citations(&self, file: &SourceFile, entry: &KeyEntry, errors: &mut Vec<ContentError>) {
        let practice = entry.practice.get_ref();
        for cited in &entry.evidence {
            let tagged = self
                .evidence
                .iter()
                .find(|e| &e.id == cited.get_ref())
                .map(|e| e.practices.contains(practice));
            match tagged {
                None => errors
                    .push(file.error_at(cited, format!("unknown evidence `{}`", cited.get_ref()))),
                Some(false) => errors.push(file.error_at(
                    cited,
                    format!(
                        "evidence `{}` is not tagged with `{practice}`",
                        cited.get_ref()
                    ),
                )),
                Some(true) => {}
            }
        }
    }

    fn check_goal_in_scope(
        &self,
        file: &SourceFile,
        goal: &Spanned<String>,
        errors: &mut Vec<ContentError>,
    ) {
        if !self.goals.contains(goal.get_ref().as_str()) {
            errors.push(file.error_at(
                goal,
                format!("goal `{}` is not in the appraisal scope", goal.get_ref()),
            ));
        }
    }

    fn add_override(
        &mut self,
        file: &SourceFile,
        entry: &OverrideEntry,
        errors: &mut Vec<ContentError>,
    ) {
        self.check_goal_in_scope(file, &entry.goal, errors);
        self.goal_overrides.push(GoalOverride {
            goal: entry.goal.get_ref().clone(),
            reason_html: render_html(
                entry.reason.get_ref(),
                self.targets,
                file.markdown_place(&entry.reason),
                errors,
            ),
        });
    }

    /// The key in scope order; every practice in scope must have been rated.
    fn finish(mut self, dir: &Path, errors: &mut Vec<ContentError>) -> AppraisalKey {
        let unrated: Vec<&str> = self
            .practices
            .iter()
            .filter(|p| !self.ratings.contains_key(&p.id))
            .map(|p| p.id.as_str())
            .collect();
        if !unrated.is_empty() {
            errors.push(ContentError::new(
                dir,
                None,
                format!("the key does not rate {}", unrated.join(", ")),
            ));
        }
        AppraisalKey {
            ratings: self
                .practices
                .iter()
                .filter_map(|p| self.ratings.remove(&p.id))
                .collect(),
            goal_overrides: self.goal_overrides,
        }
    }
}
