//! The improvement plan (issue 17): a learner's targets per process area, the roadmap of actions
//! that closes the gaps, and named snapshots of their ratings compared over time.
//!
//! Read from forms with limits and messages a person understands, written out as CSV and
//! Markdown, and compared, all as pure functions.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::{Deserialize, Serialize};

use super::case::{CaseFile, Rating};
use super::compare::quadratic_weighted_kappa;
use super::engine::evaluate;
use super::workspace::as_typed;

/// When an action is due.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Horizon {
    Days30,
    Days60,
    Days90,
    Later,
}

impl Horizon {
    pub const ALL: [Horizon; 4] = [
        Horizon::Days30,
        Horizon::Days60,
        Horizon::Days90,
        Horizon::Later,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Horizon::Days30 => "30",
            Horizon::Days60 => "60",
            Horizon::Days90 => "90",
            Horizon::Later => "later",
        }
    }

    pub fn parse(text: &str) -> Option<Horizon> {
        Horizon::ALL.into_iter().find(|h| h.as_str() == text)
    }

    pub fn label(self) -> &'static str {
        match self {
            Horizon::Days30 => "within 30 days",
            Horizon::Days60 => "within 60 days",
            Horizon::Days90 => "within 90 days",
            Horizon::Later => "later",
        }
    }
}

/// One action of the roadmap.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Action {
    /// The practice or goal it closes (`IMC:SG2.SP1`, `IMC:SG2`).
    pub target: String,
    pub action: String,
    /// Who does it, by role ("incident manager").
    pub owner_role: String,
    pub horizon: Horizon,
    pub rationale: String,
    /// The evidence it will produce, for the next appraisal.
    pub evidence: String,
}

/// A learner's plan: targets and the roadmap.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    /// Process area → target capability level (0–3).
    pub targets: BTreeMap<String, u8>,
    pub actions: Vec<Action>,
    /// How many times the roadmap has been saved: a roadmap form carries the revision it was
    /// loaded at, so that a save from a stale page (another tab, another device) cannot silently
    /// replace a newer roadmap.
    #[serde(default)]
    pub roadmap_revision: u64,
}

/// Replaces the plan's roadmap with `actions` when `loaded_at` (the revision the form was loaded
/// at; `None` when the form carries none) is the plan's current revision, and counts the save.
pub fn replace_roadmap(
    plan: &mut Plan,
    actions: Vec<Action>,
    loaded_at: Option<u64>,
) -> Result<u64, String> {
    if loaded_at.is_some_and(|revision| revision != plan.roadmap_revision) {
        return Err("Your roadmap was changed elsewhere (another tab or device) since this page was loaded, so this save was not made. Reload the page to see the latest roadmap, then make your change again.".into());
    }
    plan.actions = actions;
    plan.roadmap_revision += 1;
    Ok(plan.roadmap_revision)
}

pub const MAX_ACTIONS: usize = 60;
pub const MAX_ACTION_CHARS: usize = 500;
pub const MAX_SHORT_CHARS: usize = 120;
pub const MAX_SNAPSHOTS: usize = 20;
pub const MAX_SNAPSHOT_NAME_CHARS: usize = 80;

/// Reads the targets form (`target.PA` = 0–3, blank for none) against the case's scope.
pub fn read_targets(
    case: &CaseFile,
    field: impl Fn(&str) -> Option<String>,
) -> Result<BTreeMap<String, u8>, String> {
    let mut targets = BTreeMap::new();
    for area in &case.scope {
        let text = field(&format!("target.{area}")).unwrap_or_default();
        let text = text.trim();
        if text.is_empty() {
            continue;
        }
        let level: u8 = text.parse().ok().filter(|l| *l <= 3).ok_or_else(|| {
            format!(
                "The target for {area} must be a capability level from 0 to 3, not “{}”.",
                as_typed(text, 10)
            )
        })?;
        targets.insert(area.clone(), level);
    }
    Ok(targets)
}

/// Reads the roadmap form: rows `action.N.target`, `action.N.action`, `action.N.owner`,
/// `action.N.horizon`, `action.N.rationale`, `action.N.evidence` for N = 0, 1, …; a row with an
/// empty action is dropped. `targets_known` says which practice and goal ids exist.
pub fn read_actions(
    field: impl Fn(&str) -> Option<String>,
    targets_known: impl Fn(&str) -> bool,
) -> Result<Vec<Action>, String> {
    let mut actions = Vec::new();
    for n in 0..=MAX_ACTIONS {
        let get = |name: &str| field(&format!("action.{n}.{name}")).map(|t| t.trim().to_string());
        let Some(text) = get("action") else {
            if n > 0 && get("target").is_none() {
                break;
            }
            continue;
        };
        if text.is_empty() {
            continue;
        }
        if n == MAX_ACTIONS {
            return Err(format!("A roadmap holds at most {MAX_ACTIONS} actions."));
        }
        let row = n + 1;
        let target = get("target").unwrap_or_default();
        if !targets_known(&target) {
            return Err(format!(
                "Action {row}: choose the practice or goal it closes."
            ));
        }
        let horizon = Horizon::parse(&get("horizon").unwrap_or_default()).ok_or(format!(
            "Action {row}: choose a horizon (30, 60 or 90 days, or later)."
        ))?;
        let long = |name: &str, what: &str, max: usize| -> Result<String, String> {
            let value = get(name).unwrap_or_default();
            if value.chars().count() > max {
                Err(format!(
                    "Action {row}: keep the {what} to {max} characters."
                ))
            } else {
                Ok(value)
            }
        };
        if text.chars().count() > MAX_ACTION_CHARS {
            return Err(format!(
                "Action {row}: keep the action to {MAX_ACTION_CHARS} characters."
            ));
        }
        actions.push(Action {
            target,
            action: text,
            owner_role: long("owner", "owner's role", MAX_SHORT_CHARS)?,
            horizon,
            rationale: long("rationale", "rationale", MAX_ACTION_CHARS)?,
            evidence: long("evidence", "evidence", MAX_ACTION_CHARS)?,
        });
    }
    Ok(actions)
}

/// A spreadsheet cell: quoted when needed, and a leading `=`, `+`, `-` or `@` made inert, so that
/// a spreadsheet never runs what a learner typed as a formula.
fn cell(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@']) {
        format!("'{text}")
    } else {
        text.to_string()
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

/// The roadmap as CSV (one row per action, a header first).
pub fn roadmap_csv(plan: &Plan) -> String {
    let mut out = String::from("practice or goal,action,owner role,horizon,rationale,evidence\r\n");
    for a in &plan.actions {
        let row = [
            cell(&a.target),
            cell(&a.action),
            cell(&a.owner_role),
            cell(a.horizon.label()),
            cell(&a.rationale),
            cell(&a.evidence),
        ];
        out.push_str(&row.join(","));
        out.push_str("\r\n");
    }
    out
}

/// Text for a Markdown table cell: pipes and line breaks cannot end the cell or the row.
fn md(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace(['\r', '\n'], " ")
}

/// The plan as Markdown: targets, then the roadmap by horizon.
pub fn roadmap_markdown(title: &str, plan: &Plan) -> String {
    let mut out = format!("# {}\n\n## Targets\n\n", md(title));
    if plan.targets.is_empty() {
        out.push_str("No targets set.\n");
    }
    for (area, level) in &plan.targets {
        out.push_str(&format!("- {area}: capability level {level}\n"));
    }
    for horizon in Horizon::ALL {
        let actions: Vec<&Action> = plan
            .actions
            .iter()
            .filter(|a| a.horizon == horizon)
            .collect();
        if actions.is_empty() {
            continue;
        }
        out.push_str(&format!("\n## {}\n\n| Practice or goal | Action | Owner | Rationale | Evidence |\n|---|---|---|---|---|\n", capitalized(horizon.label())));
        for a in actions {
            out.push_str(&format!(
                "| {} | {} | {} | {} | {} |\n",
                md(&a.target),
                md(&a.action),
                md(&a.owner_role),
                md(&a.rationale),
                md(&a.evidence)
            ));
        }
    }
    out
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().collect::<String>() + chars.as_str())
        .unwrap_or_default()
}

/// A named snapshot of ratings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snapshot {
    pub id: i64,
    pub name: String,
    pub taken_at: String,
    pub ratings: BTreeMap<String, Rating>,
    pub marks: Vec<String>,
}

/// A snapshot's name as typed: 1 to 80 characters, one line.
pub fn snapshot_name(text: &str) -> Result<String, String> {
    let name = text.trim();
    if name.is_empty()
        || name.chars().count() > MAX_SNAPSHOT_NAME_CHARS
        || name.contains(['\n', '\r'])
    {
        return Err(format!(
            "Name the snapshot in 1 to {MAX_SNAPSHOT_NAME_CHARS} characters, on one line."
        ));
    }
    Ok(name.to_string())
}

/// What changed between two snapshots.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SnapshotDiff {
    /// Practice, rating before, rating after (either may be unrated).
    pub changed: Vec<(String, Option<Rating>, Option<Rating>)>,
    /// Process area, level before, level after.
    pub levels: Vec<(String, u8, u8)>,
    /// Quadratic-weighted kappa over the practices rated in both (`None` when undefined).
    pub kappa: Option<f64>,
    pub rated_in_both: usize,
}

/// Compares two snapshots over the case's scope.
pub fn compare_snapshots(case: &CaseFile, before: &Snapshot, after: &Snapshot) -> SnapshotDiff {
    let changed = case
        .practices
        .iter()
        .filter_map(|p| {
            let a = before.ratings.get(&p.id).copied();
            let b = after.ratings.get(&p.id).copied();
            (a != b).then(|| (p.id.clone(), a, b))
        })
        .collect();
    let pairs: Vec<(Rating, Rating)> = case
        .practices
        .iter()
        .filter_map(|p| Some((*before.ratings.get(&p.id)?, *after.ratings.get(&p.id)?)))
        .collect();
    let evaluate_one = |s: &Snapshot| {
        let ratings: HashMap<String, Rating> =
            s.ratings.iter().map(|(k, v)| (k.clone(), *v)).collect();
        let marks: HashSet<String> = s.marks.iter().cloned().collect();
        evaluate(&case.practices, &ratings, &marks)
    };
    let (from, to) = (evaluate_one(before), evaluate_one(after));
    let levels = from
        .process_areas
        .iter()
        .zip(&to.process_areas)
        .map(|(a, b)| {
            (
                a.process_area.clone(),
                a.capability_level,
                b.capability_level,
            )
        })
        .collect();
    SnapshotDiff {
        changed,
        levels,
        kappa: quadratic_weighted_kappa(&pairs),
        rated_in_both: pairs.len(),
    }
}

#[cfg(test)]
#[path = "plan_tests.rs"]
mod tests;
