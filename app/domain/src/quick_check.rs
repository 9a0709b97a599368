//! Quick checks: a question the instructor asks the room during a live session, answered by each
//! learner on their own screen. A check is written into a deck (or typed on the spot), opened,
//! answered (an answer may change until the check closes), tallied, and its results and correct
//! answer shown to the room when the instructor chooses.
//!
//! Pure: the content engine builds checks with `QuickCheck::validated`, the server reads answers
//! with `QuickCheck::read_answer` and counts them with `tally`, and the pages draw the tally.

use serde::{Deserialize, Serialize};

/// The most options a choice check may have.
pub const MAX_OPTIONS: usize = 6;
/// The longest question, option, scale label and word answer, in characters.
pub const MAX_QUESTION_CHARS: usize = 200;
pub const MAX_OPTION_CHARS: usize = 80;
pub const MAX_LABEL_CHARS: usize = 40;
pub const MAX_WORD_CHARS: usize = 40;
/// How many different words a word check's results list (the rest are counted as "others").
pub const MAX_WORDS_SHOWN: usize = 20;

/// How a check is answered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CheckKind {
    /// One of the options.
    Single,
    /// Any of the options (at least one).
    Multiple,
    /// A point from 1 to 5.
    Scale,
    /// A short word or phrase.
    Word,
}

impl CheckKind {
    pub fn parse(text: &str) -> Option<CheckKind> {
        match text {
            "single" => Some(CheckKind::Single),
            "multiple" => Some(CheckKind::Multiple),
            "scale" => Some(CheckKind::Scale),
            "word" => Some(CheckKind::Word),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            CheckKind::Single => "single",
            CheckKind::Multiple => "multiple",
            CheckKind::Scale => "scale",
            CheckKind::Word => "word",
        }
    }
}

/// A quick check as written.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuickCheck {
    pub kind: CheckKind,
    pub question: String,
    /// The options of a single or multiple choice; empty otherwise.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<String>,
    /// The correct options (single: one; multiple: one or more) or accepted words; empty: the
    /// check has no correct answer (always so for a scale).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub correct: Vec<String>,
    /// The labels of a scale's 1 and 5.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub low: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub high: Option<String>,
}

/// A learner's answer to a check.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CheckAnswer {
    /// The chosen options, by position, ascending (one for a single choice).
    Options(Vec<usize>),
    /// A point from 1 to 5.
    Scale(u8),
    /// The word as typed, trimmed.
    Word(String),
}

/// What the room answered.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tally {
    /// How many people answered.
    pub answers: usize,
    /// Per option (choices) or per point 1 to 5 (scale): how many chose it.
    pub counts: Vec<usize>,
    /// For a word check: each word (as most people wrote it, compared without case) and how
    /// many wrote it, most first, at most `MAX_WORDS_SHOWN`.
    pub words: Vec<(String, usize)>,
    /// Answers whose word is not among those listed.
    pub other_words: usize,
}

impl QuickCheck {
    /// The check if it is well formed, else what is wrong with it, in words an author
    /// understands. Text is trimmed.
    pub fn validated(mut self) -> Result<QuickCheck, String> {
        self.question = self.question.trim().to_string();
        self.options = self.options.iter().map(|o| o.trim().to_string()).collect();
        self.correct = self.correct.iter().map(|c| c.trim().to_string()).collect();
        if self.question.is_empty() {
            return Err("a quick check needs a question".into());
        }
        if self.question.chars().count() > MAX_QUESTION_CHARS {
            return Err(format!(
                "the question is longer than {MAX_QUESTION_CHARS} characters"
            ));
        }
        match self.kind {
            CheckKind::Single | CheckKind::Multiple => self.validate_choices()?,
            CheckKind::Scale => self.validate_scale()?,
            CheckKind::Word => self.validate_words()?,
        }
        Ok(self)
    }

    fn validate_choices(&self) -> Result<(), String> {
        if !(2..=MAX_OPTIONS).contains(&self.options.len()) {
            return Err(format!(
                "a {} check needs 2 to {MAX_OPTIONS} options; it has {}",
                self.kind.name(),
                self.options.len()
            ));
        }
        for (i, option) in self.options.iter().enumerate() {
            if option.is_empty() || option.chars().count() > MAX_OPTION_CHARS {
                return Err(format!(
                    "option {} must have 1 to {MAX_OPTION_CHARS} characters",
                    i + 1
                ));
            }
            if self.options[..i].contains(option) {
                return Err(format!("option `{option}` is listed twice"));
            }
        }
        if let Some(unknown) = self.correct.iter().find(|c| !self.options.contains(c)) {
            return Err(format!(
                "the correct answer `{unknown}` is not one of the options"
            ));
        }
        if self.kind == CheckKind::Single && self.correct.len() > 1 {
            return Err("a single-choice check has at most one correct option".into());
        }
        if self.low.is_some() || self.high.is_some() {
            return Err("`low` and `high` belong to scale checks only".into());
        }
        Ok(())
    }

    fn validate_scale(&self) -> Result<(), String> {
        if !self.options.is_empty() {
            return Err("a scale check has no options (it runs from 1 to 5)".into());
        }
        if !self.correct.is_empty() {
            return Err("a scale check has no correct answer".into());
        }
        for label in [&self.low, &self.high].into_iter().flatten() {
            if label.trim().is_empty() || label.chars().count() > MAX_LABEL_CHARS {
                return Err(format!(
                    "a scale label must have 1 to {MAX_LABEL_CHARS} characters"
                ));
            }
        }
        Ok(())
    }

    fn validate_words(&self) -> Result<(), String> {
        if !self.options.is_empty() {
            return Err("a word check has no options (learners type their answer)".into());
        }
        if let Some(long) = self
            .correct
            .iter()
            .find(|c| c.is_empty() || c.chars().count() > MAX_WORD_CHARS)
        {
            return Err(format!(
                "the accepted answer `{long}` must have 1 to {MAX_WORD_CHARS} characters"
            ));
        }
        if self.low.is_some() || self.high.is_some() {
            return Err("`low` and `high` belong to scale checks only".into());
        }
        Ok(())
    }

    /// A learner's answer from a form's values (`choice` fields for choices, one `scale` or
    /// `word` field otherwise), or why it cannot be taken.
    pub fn read_answer(&self, fields: &[(String, String)]) -> Result<CheckAnswer, String> {
        let values = |name: &'static str| {
            fields
                .iter()
                .filter(move |(key, _)| key == name)
                .map(|(_, value)| value.trim())
        };
        match self.kind {
            CheckKind::Single | CheckKind::Multiple => {
                let mut chosen = Vec::new();
                for value in values("choice") {
                    let index: usize = value
                        .parse()
                        .ok()
                        .filter(|i| *i < self.options.len())
                        .ok_or("That option is not one of this check's.")?;
                    if !chosen.contains(&index) {
                        chosen.push(index);
                    }
                }
                chosen.sort_unstable();
                match (self.kind, chosen.len()) {
                    (_, 0) => Err("Choose an option first.".into()),
                    (CheckKind::Single, n) if n > 1 => Err("Choose one option only.".into()),
                    _ => Ok(CheckAnswer::Options(chosen)),
                }
            }
            CheckKind::Scale => values("scale")
                .next()
                .and_then(|v| v.parse::<u8>().ok())
                .filter(|p| (1..=5).contains(p))
                .map(CheckAnswer::Scale)
                .ok_or_else(|| "Choose a point from 1 to 5.".into()),
            CheckKind::Word => {
                let word = values("word").next().unwrap_or_default();
                let word: String = word.split_whitespace().collect::<Vec<_>>().join(" ");
                if word.is_empty() {
                    Err("Type a word first.".into())
                } else if word.chars().count() > MAX_WORD_CHARS {
                    Err(format!("Keep it to {MAX_WORD_CHARS} characters."))
                } else if word.chars().any(char::is_control) {
                    Err("Type letters, digits or punctuation only.".into())
                } else {
                    Ok(CheckAnswer::Word(word))
                }
            }
        }
    }

    /// Whether `answer` is right (`None`: the check has no correct answer). A multiple choice
    /// is right when exactly the correct options are chosen; a word when it matches an accepted
    /// one, without case.
    pub fn is_correct(&self, answer: &CheckAnswer) -> Option<bool> {
        if self.correct.is_empty() {
            return None;
        }
        Some(match answer {
            CheckAnswer::Options(chosen) => {
                let right: Vec<usize> = self
                    .options
                    .iter()
                    .enumerate()
                    .filter(|(_, o)| self.correct.contains(o))
                    .map(|(i, _)| i)
                    .collect();
                *chosen == right
            }
            CheckAnswer::Word(word) => self.correct.iter().any(|c| fold(c) == fold(word)),
            CheckAnswer::Scale(_) => false,
        })
    }

    /// Whether option `index` is one of the correct ones.
    pub fn option_is_correct(&self, index: usize) -> bool {
        self.options
            .get(index)
            .is_some_and(|o| self.correct.contains(o))
    }

    /// Counts `answers` (answers that do not fit this check are left out).
    pub fn tally<'a>(&self, answers: impl IntoIterator<Item = &'a CheckAnswer>) -> Tally {
        let slots = match self.kind {
            CheckKind::Single | CheckKind::Multiple => self.options.len(),
            CheckKind::Scale => 5,
            CheckKind::Word => 0,
        };
        let mut tally = Tally {
            counts: vec![0; slots],
            ..Tally::default()
        };
        // Each word, without case: how many wrote it, and the first way it was written.
        let mut words: Vec<(String, String, usize)> = Vec::new();
        for answer in answers {
            match (self.kind, answer) {
                (CheckKind::Single | CheckKind::Multiple, CheckAnswer::Options(chosen))
                    if chosen.iter().all(|i| *i < slots) =>
                {
                    chosen.iter().for_each(|i| tally.counts[*i] += 1);
                }
                (CheckKind::Scale, CheckAnswer::Scale(point)) if (1..=5).contains(point) => {
                    tally.counts[usize::from(*point) - 1] += 1;
                }
                (CheckKind::Word, CheckAnswer::Word(word)) => {
                    let key = fold(word);
                    match words.iter_mut().find(|(k, _, _)| *k == key) {
                        Some(entry) => entry.2 += 1,
                        None => words.push((key, word.clone(), 1)),
                    }
                }
                _ => continue,
            }
            tally.answers += 1;
        }
        words.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.0.cmp(&b.0)));
        tally.other_words = words.iter().skip(MAX_WORDS_SHOWN).map(|w| w.2).sum();
        tally.words = words
            .into_iter()
            .take(MAX_WORDS_SHOWN)
            .map(|(_, shown, n)| (shown, n))
            .collect();
        tally
    }
}

/// A word as compared: trimmed, inner spaces single, lower case.
fn fold(word: &str) -> String {
    word.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

#[cfg(test)]
mod tests;
