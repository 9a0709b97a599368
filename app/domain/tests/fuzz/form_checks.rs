//! The promises of the form readers, as checks a fuzz property calls on every input, and valid
//! submissions to mutate. Shared with the content engine's fuzz tests (included there by path),
//! which run the same checks on the shipped exercises and case file.

use std::collections::HashSet;

use domain::answers::{answers_from_fields, describe, MAX_ESSAY_CHARS, MAX_SHORT_ANSWER_CHARS};
use domain::appraisal::team::{
    apply_team_edit, fingerprint, mark_fingerprint, Author, TeamWorkspace,
};
use domain::appraisal::workspace::{workspace_from_fields, Workspace, MAX_NOTE_CHARS};
use domain::appraisal::CaseFile;
use domain::exercise::{Answer, Item, ItemForm};
use proptest::prelude::*;

use super::support::check_readable;

type Fields = Vec<(String, String)>;

/// Random numbers handed out in turn; a builder takes every decision from them, so one random
/// vector decides a whole valid submission.
pub struct Choices<'a> {
    numbers: &'a [u16],
    next: usize,
}

impl<'a> Choices<'a> {
    pub fn new(numbers: &'a [u16]) -> Self {
        Choices { numbers, next: 0 }
    }

    /// The next number below `below` (0 when `below` is 0).
    pub fn below(&mut self, below: usize) -> usize {
        let number = self
            .numbers
            .get(self.next % self.numbers.len().max(1))
            .copied();
        self.next += 1;
        usize::from(number.unwrap_or(0)) % below.max(1)
    }
}

/// Numbers and a short plain text to build valid submissions from.
pub fn submission_seed() -> impl Strategy<Value = (Vec<u16>, String)> {
    (
        proptest::collection::vec(any::<u16>(), 1..64),
        "[A-Za-z][A-Za-z ]{0,40}",
    )
}

/// A submission of answers to `items` that the exercise form could post, each item answered or
/// left blank as `choices` decide.
pub fn valid_answer_fields(items: &[Item], choices: &mut Choices<'_>, text: &str) -> Fields {
    let mut fields = Fields::new();
    for item in items {
        let name = format!("item.{}", item.id);
        if choices.below(5) == 0 {
            continue;
        }
        let mut pick = |name: String, len: usize, choices: &mut Choices<'_>| {
            if len > 0 {
                fields.push((name, (1 + choices.below(len)).to_string()));
            }
        };
        match &item.form {
            ItemForm::SingleChoice { choices_html } => pick(name, choices_html.len(), choices),
            ItemForm::Rating { scale } => pick(name, scale.len(), choices),
            ItemForm::MultipleChoice { choices_html } => {
                for number in 1..=choices_html.len() {
                    if choices.below(2) == 0 {
                        fields.push((name.clone(), number.to_string()));
                    }
                }
            }
            ItemForm::Matching {
                lefts_html,
                options,
            } => {
                for left in 0..lefts_html.len() {
                    pick(format!("{name}.{left}"), options.len(), choices);
                }
            }
            ItemForm::Ordering { steps } => {
                for step in 0..steps.len() {
                    pick(format!("{name}.{step}"), steps.len(), choices);
                }
            }
            ItemForm::ShortAnswer => fields.push((name, text.to_string())),
            ItemForm::Essay { max_words, .. } => {
                let words: Vec<&str> = text.split_whitespace().take(*max_words as usize).collect();
                fields.push((name, words.join(" ")));
            }
        }
    }
    fields
}

/// Reads `fields` as answers to `items`: an answer, when there is one, fits its item and the
/// limits; a refusal is a readable sentence.
pub fn check_answers(items: &[Item], fields: &[(String, String)]) -> Result<(), TestCaseError> {
    let answers = match answers_from_fields(items, fields) {
        Ok(answers) => answers,
        Err(error) => return check_readable(&error.0),
    };
    for (id, answer) in &answers {
        let item = items.iter().find(|item| item.id == *id);
        prop_assert!(item.is_some(), "an answer to no item: {id}");
        let form = &item.expect("checked").form;
        prop_assert!(fits(form, answer), "{answer:?} does not fit {form:?}");
        describe(form, answer);
    }
    Ok(())
}

/// Whether `answer` is one that `form` can hold, within the limits.
fn fits(form: &ItemForm, answer: &Answer) -> bool {
    let written = |text: &str, max_chars: usize| {
        !text.is_empty() && text.trim() == text && text.chars().count() <= max_chars
    };
    match (form, answer) {
        (ItemForm::SingleChoice { choices_html }, Answer::Choice(i)) => *i < choices_html.len(),
        (ItemForm::Rating { scale }, Answer::Rating(i)) => *i < scale.len(),
        (ItemForm::MultipleChoice { choices_html }, Answer::Choices(chosen)) => {
            !chosen.is_empty()
                && chosen.windows(2).all(|pair| pair[0] < pair[1])
                && chosen.iter().all(|i| *i < choices_html.len())
        }
        (
            ItemForm::Matching {
                lefts_html,
                options,
            },
            Answer::Matching(picks),
        ) => {
            picks.len() == lefts_html.len()
                && picks.iter().any(Option::is_some)
                && picks.iter().flatten().all(|p| *p < options.len())
        }
        (ItemForm::Ordering { steps }, Answer::Ordering(positions)) => {
            positions.len() == steps.len()
                && positions.iter().any(Option::is_some)
                && positions.iter().flatten().all(|p| *p < steps.len())
        }
        (ItemForm::ShortAnswer, Answer::Text(text)) => written(text, MAX_SHORT_ANSWER_CHARS),
        (ItemForm::Essay { max_words, .. }, Answer::Text(text)) => {
            written(text, MAX_ESSAY_CHARS) && text.split_whitespace().count() <= *max_words as usize
        }
        _ => false,
    }
}

/// A workspace form that could be posted for `case`: each practice rated or not, with or without
/// a note and evidence (ids in either case), and some goals marked.
pub fn valid_workspace_fields(case: &CaseFile, choices: &mut Choices<'_>, note: &str) -> Fields {
    let mut fields = Fields::new();
    for practice in &case.practices {
        let rating = ["", "FI", "LI", "PI", "NI"][choices.below(5)];
        fields.push((format!("rating.{}", practice.id), rating.to_string()));
        if choices.below(2) == 0 {
            fields.push((format!("note.{}", practice.id), note.replace(' ', "\r\n")));
        }
        let mut cited = Vec::new();
        for _ in 0..choices.below(3) {
            if let Some(item) = case.evidence.get(choices.below(case.evidence.len())) {
                // Learners type ids in either case; the reader makes them capitals.
                cited.push(match choices.below(2) {
                    0 => item.id.to_lowercase(),
                    _ => item.id.clone(),
                });
            }
        }
        fields.push((format!("evidence.{}", practice.id), cited.join(", ")));
    }
    for goal in goals(case) {
        if choices.below(3) == 0 {
            fields.push((format!("mark.{goal}"), "on".to_string()));
        }
    }
    fields
}

/// The goals of the practices in scope, each once, in scope order.
pub fn goals(case: &CaseFile) -> Vec<String> {
    let mut seen = HashSet::new();
    case.practices
        .iter()
        .filter(|p| seen.insert(p.goal.clone()))
        .map(|p| p.goal.clone())
        .collect()
}

/// Reads `fields` as a workspace for `case`: what it returns fits the case and the limits; a
/// refusal is a readable sentence.
pub fn check_workspace(case: &CaseFile, fields: &[(String, String)]) -> Result<(), TestCaseError> {
    match workspace_from_fields(case, fields) {
        Ok(workspace) => check_workspace_fits(case, &workspace),
        Err(message) => check_readable(&message),
    }
}

/// Every practice, evidence id and goal of `workspace` is in `case`, and every note is within
/// its limit, trimmed, with LF line breaks only.
fn check_workspace_fits(case: &CaseFile, workspace: &Workspace) -> Result<(), TestCaseError> {
    let evidence: HashSet<&str> = case.evidence.iter().map(|e| e.id.as_str()).collect();
    for (id, work) in &workspace.practices {
        prop_assert!(
            case.practices.iter().any(|p| p.id == *id),
            "unknown practice {id}"
        );
        prop_assert!(work.note.chars().count() <= MAX_NOTE_CHARS);
        prop_assert!(work.note.trim() == work.note && !work.note.contains('\r'));
        prop_assert!(work.evidence.iter().all(|e| evidence.contains(e.as_str())));
        let distinct: HashSet<&String> = work.evidence.iter().collect();
        prop_assert_eq!(distinct.len(), work.evidence.len());
        prop_assert!(work.rating.is_some() || !work.note.is_empty() || !work.evidence.is_empty());
    }
    let goals = goals(case);
    prop_assert!(workspace.marks.iter().all(|m| goals.contains(m)));
    Ok(())
}

/// A team form for `case` edited from `stored`: a valid workspace form, with the revision seen
/// (`seen.ITEM`) and the fingerprint shown (`was.ITEM`) for the items the page carried.
pub fn valid_team_fields(
    case: &CaseFile,
    stored: &TeamWorkspace,
    choices: &mut Choices<'_>,
    note: &str,
) -> Fields {
    let mut fields = valid_workspace_fields(case, choices, note);
    for practice in &case.practices {
        if choices.below(4) > 0 {
            let id = &practice.id;
            fields.push((format!("seen.{id}"), stored.revision(id).to_string()));
            let shown = fingerprint(stored.agreed.practices.get(id));
            fields.push((format!("was.{id}"), shown));
        }
    }
    for goal in goals(case) {
        if choices.below(4) > 0 {
            fields.push((format!("seen.{goal}"), stored.revision(&goal).to_string()));
            let shown = mark_fingerprint(stored.agreed.marks.contains(&goal));
            fields.push((format!("was.{goal}"), shown));
        }
    }
    fields
}

/// Applies `fields` as a team edit on `stored`: the result still fits the case, revisions only
/// grow, and every item reported is one of the case's; a refusal is a readable sentence.
pub fn check_team_edit(
    stored: &TeamWorkspace,
    case: &CaseFile,
    fields: &[(String, String)],
    author: &Author,
) -> Result<Option<TeamWorkspace>, TestCaseError> {
    let (next, outcome) = match apply_team_edit(stored, case, fields, author) {
        Ok(done) => done,
        Err(message) => return check_readable(&message).map(|()| None),
    };
    check_workspace_fits(case, &next.agreed)?;
    let goals = goals(case);
    let is_item =
        |item: &str| case.practices.iter().any(|p| p.id == item) || goals.iter().any(|g| g == item);
    for (item, revision) in &next.revisions {
        prop_assert!(is_item(item), "a revision for {item}");
        prop_assert!(
            *revision >= stored.revision(item),
            "{item}'s revision went down"
        );
    }
    for (item, revision, _) in &outcome.applied {
        prop_assert!(
            is_item(item) && *revision == next.revision(item),
            "applied {item}"
        );
    }
    for conflict in &outcome.conflicts {
        prop_assert!(is_item(&conflict.item));
        prop_assert!(!outcome
            .applied
            .iter()
            .any(|(item, ..)| *item == conflict.item));
        prop_assert_eq!(
            next.revision(&conflict.item),
            stored.revision(&conflict.item)
        );
    }
    prop_assert!(outcome.changed_by_others.iter().all(|item| is_item(item)));
    Ok(Some(next))
}
