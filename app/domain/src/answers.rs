//! A learner's answers to an exercise: read from the fields of the exercise form (the same
//! fields whether the browser posts the form or the page autosaves it), checked against size
//! limits with a message a person understands, and described as text for CSV exports.
//!
//! Field names: `item.ID` holds the value of a single-choice, rating, short-answer or essay item
//! (and repeats for multiple choice); `item.ID.N` holds the option chosen for the N-th left side
//! of a matching item, or the position given to the N-th step of an ordering item.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::exercise::{Answer, Item, ItemForm};

/// Answers by item id. Items not answered yet are absent.
pub type Answers = BTreeMap<String, Answer>;

/// The longest short answer, in characters.
pub const MAX_SHORT_ANSWER_CHARS: usize = 300;
/// The longest essay, in characters, whatever its word limit.
pub const MAX_ESSAY_CHARS: usize = 20_000;

/// Why a set of fields was refused, for the person who typed them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnswerError(pub String);

/// Reads the answers in `fields` (name, value pairs in form order). Unknown fields are ignored;
/// a value that is out of range or too long is an error naming the item.
pub fn answers_from_fields(
    items: &[Item],
    fields: &[(String, String)],
) -> Result<Answers, AnswerError> {
    let fields = FormFields(fields);
    let mut answers = Answers::new();
    for (position, item) in items.iter().enumerate() {
        if let Some(answer) = read_answer(item, position + 1, &fields)? {
            answers.insert(item.id.clone(), answer);
        }
    }
    Ok(answers)
}

/// The fields of one submitted form, looked up by name.
struct FormFields<'a>(&'a [(String, String)]);

impl FormFields<'_> {
    /// Every value of the field `name`, in form order (multiple choice repeats its field).
    fn values(&self, name: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// The first value of the field `name`, when there is one and it is not empty.
    fn chosen(&self, name: &str) -> Option<&str> {
        self.values(name).first().copied().filter(|v| !v.is_empty())
    }

    /// The first value of the field `name` without surrounding white space, empty when absent.
    fn text(&self, name: &str) -> &str {
        self.values(name).first().map_or("", |v| v.trim())
    }
}

/// Reads the answer to the `number`-th item (counted from 1, as the learner sees it); `None`
/// when the learner has not answered it.
fn read_answer(
    item: &Item,
    number: usize,
    fields: &FormFields<'_>,
) -> Result<Option<Answer>, AnswerError> {
    let name = format!("item.{}", item.id);
    match &item.form {
        ItemForm::SingleChoice { choices_html } => fields
            .chosen(&name)
            .map(|v| index(v, choices_html.len(), number).map(Answer::Choice))
            .transpose(),
        ItemForm::Rating { scale } => fields
            .chosen(&name)
            .map(|v| index(v, scale.len(), number).map(Answer::Rating))
            .transpose(),
        ItemForm::MultipleChoice { choices_html } => {
            let mut chosen = fields
                .values(&name)
                .into_iter()
                .map(|v| index(v, choices_html.len(), number))
                .collect::<Result<Vec<_>, _>>()?;
            chosen.sort_unstable();
            chosen.dedup();
            Ok((!chosen.is_empty()).then_some(Answer::Choices(chosen)))
        }
        ItemForm::Matching {
            lefts_html,
            options,
        } => Ok(
            read_positions(fields, &name, lefts_html.len(), options.len(), number)?
                .map(Answer::Matching),
        ),
        ItemForm::Ordering { steps } => {
            Ok(
                read_positions(fields, &name, steps.len(), steps.len(), number)?
                    .map(Answer::Ordering),
            )
        }
        ItemForm::ShortAnswer => read_short_answer(fields.text(&name), number),
        ItemForm::Essay { max_words, .. } => read_essay(fields.text(&name), *max_words, number),
    }
}

/// A 1-based choice among `len` options as a 0-based index, or an error naming the item.
fn index(value: &str, len: usize, item: usize) -> Result<usize, AnswerError> {
    value
        .parse::<usize>()
        .ok()
        .filter(|i| (1..=len).contains(i))
        .map(|i| i - 1)
        .ok_or_else(|| AnswerError(format!("Question {item}: that choice does not exist.")))
}

/// The option picked in each of `slots` fields `NAME.0`, `NAME.1`, … (the right side chosen for
/// each left side of a matching item, or the position given to each step of an ordering item);
/// `None` when every slot is blank.
fn read_positions(
    fields: &FormFields<'_>,
    name: &str,
    slots: usize,
    options: usize,
    number: usize,
) -> Result<Option<Vec<Option<usize>>>, AnswerError> {
    let picks = (0..slots)
        .map(|n| match fields.chosen(&format!("{name}.{n}")) {
            Some(v) => index(v, options, number).map(Some),
            None => Ok(None),
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(picks.iter().any(Option::is_some).then_some(picks))
}

fn read_short_answer(text: &str, number: usize) -> Result<Option<Answer>, AnswerError> {
    let length = text.chars().count();
    if length > MAX_SHORT_ANSWER_CHARS {
        return Err(AnswerError(format!(
            "Question {number}: a short answer can be at most {MAX_SHORT_ANSWER_CHARS} characters; yours has {length}."
        )));
    }
    Ok((!text.is_empty()).then(|| Answer::Text(text.to_string())))
}

fn read_essay(text: &str, max_words: u32, number: usize) -> Result<Option<Answer>, AnswerError> {
    let length = text.chars().count();
    let words = text.split_whitespace().count();
    if length > MAX_ESSAY_CHARS {
        return Err(AnswerError(format!(
            "Question {number}: an answer can be at most {MAX_ESSAY_CHARS} characters; yours has {length}."
        )));
    }
    if words > max_words as usize {
        return Err(AnswerError(format!(
            "Question {number}: keep the answer to {max_words} words; it has {words}."
        )));
    }
    Ok((!text.is_empty()).then(|| Answer::Text(text.to_string())))
}

/// An answer in words, for exports and for the instructor's views.
pub fn describe(form: &ItemForm, answer: &Answer) -> String {
    let plain = unescape_html;
    match (form, answer) {
        (ItemForm::SingleChoice { choices_html }, Answer::Choice(i))
        | (ItemForm::MultipleChoice { choices_html }, Answer::Choice(i)) => {
            choices_html.get(*i).map(|c| plain(c)).unwrap_or_default()
        }
        (ItemForm::MultipleChoice { choices_html }, Answer::Choices(chosen)) => chosen
            .iter()
            .filter_map(|i| choices_html.get(*i).map(|c| plain(c)))
            .collect::<Vec<_>>()
            .join("; "),
        (
            ItemForm::Matching {
                lefts_html,
                options,
            },
            Answer::Matching(picks),
        ) => lefts_html
            .iter()
            .zip(picks)
            .map(|(left, pick)| {
                let right = pick
                    .and_then(|p| options.get(p))
                    .map_or("—", String::as_str);
                format!("{} → {right}", plain(left))
            })
            .collect::<Vec<_>>()
            .join("; "),
        (ItemForm::Ordering { steps }, Answer::Ordering(positions)) => {
            let mut placed: Vec<(usize, &str)> = steps
                .iter()
                .zip(positions)
                .filter_map(|(step, position)| position.map(|p| (p, step.as_str())))
                .collect();
            placed.sort();
            placed
                .iter()
                .map(|(p, step)| format!("{}. {step}", p + 1))
                .collect::<Vec<_>>()
                .join("; ")
        }
        (ItemForm::Rating { scale }, Answer::Rating(i)) => {
            scale.get(*i).cloned().unwrap_or_default()
        }
        (_, Answer::Text(text)) => text.clone(),
        _ => String::new(),
    }
}

/// The key's answer in words, shown with the results.
pub fn describe_key(form: &ItemForm, key: &crate::exercise::KeyAnswer) -> String {
    use crate::exercise::KeyAnswer;
    match key {
        KeyAnswer::SingleChoice(i) => describe(form, &Answer::Choice(*i)),
        KeyAnswer::MultipleChoice(right) => describe(form, &Answer::Choices(right.clone())),
        KeyAnswer::Matching(right) => describe(
            form,
            &Answer::Matching(right.iter().map(|i| Some(*i)).collect()),
        ),
        KeyAnswer::Ordering(right) => describe(
            form,
            &Answer::Ordering(right.iter().map(|i| Some(*i)).collect()),
        ),
        KeyAnswer::ShortAnswer(accepted) => accepted.join(" or "),
        KeyAnswer::Essay => "Graded by a person with the rubric.".to_string(),
        KeyAnswer::Rating(i) => describe(form, &Answer::Rating(*i)),
    }
}

/// Undoes `escape_html`: option texts are kept escaped for the pages, and exports want them plain.
pub fn unescape_html(html: &str) -> String {
    html.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}

/// Escapes text for HTML.
pub fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exercise::{Criterion, ExerciseView, RubricLevel};

    fn item(id: &str, form: ItemForm) -> Item {
        Item {
            id: id.into(),
            points: 1,
            prompt_html: String::new(),
            form,
            outcome: None,
        }
    }

    fn exercise() -> ExerciseView {
        ExerciseView {
            id: "x".into(),
            module_id: "m".into(),
            title: "X".into(),
            outcomes: vec![],
            minutes: 5,
            attempts: 1,
            introduction_html: String::new(),
            total_points: 0,
            items: vec![
                item(
                    "one",
                    ItemForm::SingleChoice {
                        choices_html: vec!["a".into(), "b".into()],
                    },
                ),
                item(
                    "many",
                    ItemForm::MultipleChoice {
                        choices_html: vec!["a".into(), "b".into(), "c".into()],
                    },
                ),
                item(
                    "match",
                    ItemForm::Matching {
                        lefts_html: vec!["l1".into(), "l2".into()],
                        options: vec!["A".into(), "B".into()],
                    },
                ),
                item(
                    "order",
                    ItemForm::Ordering {
                        steps: vec!["s1".into(), "s2".into(), "s3".into()],
                    },
                ),
                item("short", ItemForm::ShortAnswer),
                item(
                    "essay",
                    ItemForm::Essay {
                        max_words: 5,
                        rubric: vec![Criterion {
                            criterion: "c".into(),
                            levels: vec![RubricLevel {
                                label: "x".into(),
                                points: 0,
                                description: String::new(),
                            }],
                        }],
                    },
                ),
                item(
                    "rate",
                    ItemForm::Rating {
                        scale: vec!["NI".into(), "PI".into(), "LI".into(), "FI".into()],
                    },
                ),
            ],
        }
    }

    fn fields(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn every_kind_is_read_from_its_fields() {
        let answers = answers_from_fields(
            &exercise().items,
            &fields(&[
                ("item.one", "2"),
                ("item.many", "3"),
                ("item.many", "1"),
                ("item.match.1", "1"),
                ("item.order.0", "3"),
                ("item.order.2", "1"),
                ("item.short", "  IMC "),
                ("item.essay", "A short essay."),
                ("item.rate", "4"),
                ("unrelated", "ignored"),
            ]),
        )
        .unwrap();
        assert_eq!(answers["one"], Answer::Choice(1));
        assert_eq!(answers["many"], Answer::Choices(vec![0, 2]));
        assert_eq!(answers["match"], Answer::Matching(vec![None, Some(0)]));
        assert_eq!(
            answers["order"],
            Answer::Ordering(vec![Some(2), None, Some(0)])
        );
        assert_eq!(answers["short"], Answer::Text("IMC".into()));
        assert_eq!(answers["rate"], Answer::Rating(3));
        assert_eq!(answers.len(), 7);
        let described = describe(&exercise().items[3].form, &answers["order"]);
        assert_eq!(described, "1. s3; 3. s1");
    }

    #[test]
    fn blank_fields_are_unanswered_and_bad_values_are_refused_with_the_question_number() {
        let answers = answers_from_fields(
            &exercise().items,
            &fields(&[("item.one", ""), ("item.short", "   ")]),
        )
        .unwrap();
        assert!(answers.is_empty());
        let error =
            answers_from_fields(&exercise().items, &fields(&[("item.one", "7")])).unwrap_err();
        assert_eq!(error.0, "Question 1: that choice does not exist.");
        let long = "x".repeat(MAX_SHORT_ANSWER_CHARS + 1);
        let error =
            answers_from_fields(&exercise().items, &fields(&[("item.short", &long)])).unwrap_err();
        assert!(
            error
                .0
                .starts_with("Question 5: a short answer can be at most 300 characters"),
            "{error:?}"
        );
        let error = answers_from_fields(
            &exercise().items,
            &fields(&[("item.essay", "one two three four five six")]),
        )
        .unwrap_err();
        assert_eq!(error.0, "Question 6: keep the answer to 5 words; it has 6.");
    }
}
