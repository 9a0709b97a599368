//! Team mode: the members of a team rate alone, then see their ratings side by side and agree a
//! team rating per practice, which is what gets compared with the key.
//!
//! Several members edit the team's ratings at once, so an edit says which revision of each
//! practice (and of each goal's mark) it started from. A change made on top of a revision a
//! teammate has since replaced is refused for that practice alone and reported, never silently
//! overwriting what the teammate saved; the rest of the edit is kept.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::ids::UserId;

use super::case::{CaseFile, Rating};
use super::workspace::{as_typed, workspace_from_fields, PracticeWork, Workspace};

/// The longest team name, in characters.
pub const MAX_TEAM_NAME_CHARS: usize = 40;
/// The largest team the instructor can ask the app to form.
pub const MAX_TEAM_SIZE: usize = 12;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamWorkspace {
    /// The agreed ratings, notes and evidence, and the goals the team marks Unsatisfied.
    pub agreed: Workspace,
    /// How many times each practice (or goal mark, by goal id) has changed.
    pub revisions: BTreeMap<String, u32>,
    /// Who changed each practice (or goal mark) last: their name, for people to read.
    pub changed_by: BTreeMap<String, String>,
    /// Who changed each practice (or goal mark) last: their account, to tell a member's own
    /// earlier change from a teammate's (names need not be unique).
    #[serde(default)]
    pub changed_by_id: BTreeMap<String, UserId>,
}

/// The member making an edit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Author {
    pub user_id: UserId,
    pub name: String,
}

impl TeamWorkspace {
    pub fn revision(&self, item: &str) -> u32 {
        self.revisions.get(item).copied().unwrap_or(0)
    }

    fn record_change(&mut self, item: &str, author: &Author) {
        *self.revisions.entry(item.to_string()).or_default() += 1;
        self.changed_by
            .insert(item.to_string(), author.name.clone());
        self.changed_by_id.insert(item.to_string(), author.user_id);
    }
}

/// A short fingerprint of a practice's agreed work (rating, note, evidence) as a page showed it.
/// The team form carries it as `was.PRACTICE`, so an edit can tell a value the editor left as
/// shown from one they changed, even when a teammate has changed it since (FNV-1a, stable
/// across builds).
pub fn fingerprint(work: Option<&PracticeWork>) -> String {
    let text = match work {
        None => String::new(),
        Some(work) if *work == PracticeWork::default() => String::new(),
        Some(work) => format!(
            "{}|{}|{}",
            work.rating.map(|r| r.code()).unwrap_or(""),
            work.note,
            work.evidence.join(",")
        ),
    };
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}

/// A goal mark's fingerprint: whether it was marked.
pub fn mark_fingerprint(marked: bool) -> String {
    if marked { "1" } else { "0" }.to_string()
}

/// What a team edit did.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditOutcome {
    /// Practices and goal marks this edit changed, or found already as the editor wants them,
    /// with their revision and fingerprint now, so an autosaving page can carry on from them.
    pub applied: Vec<(String, u32, String)>,
    /// Changes refused because a teammate changed the same item first.
    pub conflicts: Vec<EditConflict>,
    /// Items the editor left as shown that teammates have changed since the page was loaded.
    pub changed_by_others: Vec<String>,
}

/// A practice or goal mark a teammate changed after the editor loaded it; the editor's change to
/// it was not applied.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditConflict {
    pub item: String,
    pub changed_by: String,
}

/// Applies a team edit read from form fields. Only the practices and goals the form carried a
/// `seen.ITEM` revision for take part, so a partial form never clears the rest; one that also
/// carries `was.ITEM` and still holds that value is left alone (the editor did not touch it).
pub fn apply_team_edit(
    stored: &TeamWorkspace,
    case: &CaseFile,
    fields: &[(String, String)],
    author: &Author,
) -> Result<(TeamWorkspace, EditOutcome), String> {
    let submitted = workspace_from_fields(case, fields)?;
    let mut edit = TeamEdit {
        stored,
        fields,
        author,
        next: stored.clone(),
        outcome: EditOutcome::default(),
    };
    edit.apply_practices(case, &submitted)?;
    edit.apply_marks(case, &submitted)?;
    Ok((edit.next, edit.outcome))
}

/// One team edit in progress: what was stored when it began, the form it came from, and the
/// workspace and outcome it builds. Kept together because every item is decided against all of
/// them.
struct TeamEdit<'a> {
    stored: &'a TeamWorkspace,
    fields: &'a [(String, String)],
    author: &'a Author,
    next: TeamWorkspace,
    outcome: EditOutcome,
}

impl TeamEdit<'_> {
    /// The first value of the form field `name`.
    fn field(&self, name: &str) -> Option<&String> {
        self.fields.iter().find(|(n, _)| n == name).map(|(_, v)| v)
    }

    /// The revision of `item` the editor's page started from; `None` when the form did not carry
    /// the item, which then takes no part in the edit.
    fn seen(&self, item: &str) -> Result<Option<u32>, String> {
        match self.field(&format!("seen.{item}")) {
            None => Ok(None),
            Some(value) => value.trim().parse().map(Some).map_err(|_| {
                format!("{item}: the form's revision number is damaged; reload the page.")
            }),
        }
    }

    /// Applies the submitted work of every practice the form carried.
    fn apply_practices(&mut self, case: &CaseFile, submitted: &Workspace) -> Result<(), String> {
        for practice in &case.practices {
            let id = &practice.id;
            let Some(seen) = self.seen(id)? else {
                continue;
            };
            let new = submitted.practices.get(id);
            let current = fingerprint(self.stored.agreed.practices.get(id));
            if self.decide(id, seen, fingerprint(new), current) {
                match new {
                    Some(work) => self.next.agreed.practices.insert(id.clone(), work.clone()),
                    None => self.next.agreed.practices.remove(id),
                };
            }
        }
        Ok(())
    }

    /// Applies the submitted mark of every goal the form carried.
    fn apply_marks(&mut self, case: &CaseFile, submitted: &Workspace) -> Result<(), String> {
        let mut goals: Vec<&String> = case.practices.iter().map(|p| &p.goal).collect();
        goals.dedup();
        for goal in goals {
            let Some(seen) = self.seen(goal)? else {
                continue;
            };
            let marked = submitted.marks.contains(goal);
            let current = mark_fingerprint(self.stored.agreed.marks.contains(goal));
            if self.decide(goal, seen, mark_fingerprint(marked), current) {
                if marked {
                    self.next.agreed.marks.insert(goal.clone());
                } else {
                    self.next.agreed.marks.remove(goal);
                }
            }
        }
        Ok(())
    }

    /// Decides one item: untouched, changed, or overtaken by a teammate's change. `now` is the
    /// fingerprint of what the editor submitted and `current` that of what is stored; answers
    /// whether the caller should write the submitted value (the change is already recorded).
    fn decide(&mut self, item: &str, seen: u32, now: String, current: String) -> bool {
        let untouched = self.field(&format!("was.{item}")) == Some(&now);
        let overtaken = seen != self.stored.revision(item);
        if untouched {
            if overtaken {
                self.outcome.changed_by_others.push(item.to_string());
            }
            return false;
        }
        if now == current {
            // Already as the editor wants it (a teammate made the same change): the page can
            // carry on from the current revision.
            let revision = self.stored.revision(item);
            self.outcome.applied.push((item.to_string(), revision, now));
            return false;
        }
        // The member's own later change (another tab, or a save still in flight when they
        // submitted) is theirs to replace; a teammate's is not.
        let own = self.stored.changed_by_id.get(item) == Some(&self.author.user_id);
        if !overtaken || own {
            self.next.record_change(item, self.author);
            let revision = self.next.revision(item);
            self.outcome.applied.push((item.to_string(), revision, now));
            true
        } else {
            self.outcome.conflicts.push(EditConflict {
                item: item.to_string(),
                changed_by: self
                    .stored
                    .changed_by
                    .get(item)
                    .cloned()
                    .unwrap_or_default(),
            });
            false
        }
    }
}

/// The sentence for edits a teammate overtook; `rest_saved` says whether the rest of the edit
/// was kept.
pub fn conflict_message(conflicts: &[EditConflict], rest_saved: bool) -> String {
    let items = conflicts
        .iter()
        .map(|c| match c.changed_by.as_str() {
            "" => c.item.clone(),
            by => format!("{} (changed by {by})", c.item),
        })
        .collect::<Vec<_>>()
        .join(", ");
    let rest = if rest_saved {
        "Your other changes are saved."
    } else {
        "Nothing was saved or submitted."
    };
    format!(
        "A teammate changed {items} while you were editing, so your change there was not applied. {rest} Reload the team page to see the team's current ratings."
    )
}

/// The rating every member gave, when all of them (at least two) rated the practice and agree.
/// Pass the members who have submitted: one still rating alone has nothing to agree with yet.
pub fn unanimous(ratings: &[Option<Rating>]) -> Option<Rating> {
    if ratings.len() < 2 {
        return None;
    }
    let first = (*ratings.first()?)?;
    ratings.iter().all(|r| *r == Some(first)).then_some(first)
}

/// Steps between the highest and the lowest rating given (0 when fewer than two rated).
pub fn spread(ratings: &[Option<Rating>]) -> u8 {
    let steps = ratings.iter().flatten().map(|r| r.step());
    match (steps.clone().min(), steps.max()) {
        (Some(low), Some(high)) => high - low,
        _ => 0,
    }
}

/// Fills every practice the team has not rated yet where the members are unanimous; answers
/// how many it filled. Practices the team already rated are left as they are.
pub fn adopt_unanimous(
    team: &mut TeamWorkspace,
    case: &CaseFile,
    members: &[Workspace],
    author: &Author,
) -> usize {
    let mut filled = 0;
    for practice in &case.practices {
        let given: Vec<Option<Rating>> = members
            .iter()
            .map(|m| m.practices.get(&practice.id).and_then(|w| w.rating))
            .collect();
        let Some(rating) = unanimous(&given) else {
            continue;
        };
        let work = team
            .agreed
            .practices
            .entry(practice.id.clone())
            .or_default();
        if work.rating.is_none() {
            work.rating = Some(rating);
            team.record_change(&practice.id, author);
            filled += 1;
        }
    }
    filled
}

/// A team name as typed by an instructor, trimmed; refused when empty-looking, too long or
/// holding control characters.
pub fn team_name(text: &str) -> Result<Option<String>, String> {
    let name = text.trim();
    if name.is_empty() {
        return Ok(None);
    }
    if name.chars().count() > MAX_TEAM_NAME_CHARS {
        let shown = as_typed(name, MAX_TEAM_NAME_CHARS);
        return Err(format!(
            "A team name can be at most {MAX_TEAM_NAME_CHARS} characters: \"{shown}\" is longer."
        ));
    }
    if name.chars().any(char::is_control) {
        return Err("A team name cannot hold control characters such as line breaks.".into());
    }
    Ok(Some(name.to_string()))
}

/// Deals the learners without a team into new teams of `size` ("Team 1", "Team 2", … skipping
/// names in use). Nobody is left alone: a last single learner joins the previous new team, or,
/// when they are the only one to place, the smallest existing team (`existing`: names and
/// sizes). Answers no assignment when everyone is already on a team.
pub fn form_teams(
    unassigned: &[UserId],
    existing: &[(String, usize)],
    size: usize,
) -> Result<Vec<(UserId, String)>, String> {
    if !(2..=MAX_TEAM_SIZE).contains(&size) {
        return Err(format!(
            "A team has 2 to {MAX_TEAM_SIZE} members; {size} is outside that."
        ));
    }
    if let ([only], Some((smallest, _))) = (
        unassigned,
        existing
            .iter()
            .min_by_key(|(name, members)| (*members, name.clone())),
    ) {
        return Ok(vec![(*only, smallest.clone())]);
    }
    let mut chunks: Vec<Vec<UserId>> = unassigned.chunks(size).map(<[UserId]>::to_vec).collect();
    if chunks.len() > 1 && chunks.last().is_some_and(|c| c.len() == 1) {
        let last = chunks.pop().unwrap_or_default();
        if let Some(previous) = chunks.last_mut() {
            previous.extend(last);
        }
    }
    let mut number = 0;
    let mut assignments = Vec::new();
    for chunk in chunks {
        let name = loop {
            number += 1;
            let name = format!("Team {number}");
            if !existing.iter().any(|(used, _)| *used == name) {
                break name;
            }
        };
        assignments.extend(chunk.into_iter().map(|id| (id, name.clone())));
    }
    Ok(assignments)
}

#[cfg(test)]
#[path = "team_tests.rs"]
mod tests;
