//! Quick checks written into slides: a fenced block whose info string is `check`, holding TOML.
//!
//! ````text
//! ```check
//! kind = "single"
//! question = "A supplier's warehouse floods. Which source of operational risk is this?"
//! options = ["Actions of people", "Systems and technology", "Failed internal processes", "External events"]
//! correct = ["External events"]
//! ```
//! ````
//!
//! The block is taken out of the slide's text (the slide viewer shows the check as a card of its
//! own, and the live session runs it) and checked here, so that a mistake stops the course from
//! loading with the file and line, not in front of a class.

use domain::quick_check::{CheckKind, QuickCheck};
use serde::Deserialize;

/// The line that opens a check block.
const OPENING: &str = "```check";
/// The line that closes a fenced block.
const CLOSING: &str = "```";

/// A check block found in a slide: its TOML text and the offset (0-based) of its opening line
/// within the slide's content.
#[derive(Debug, PartialEq, Eq)]
pub struct FoundCheck {
    pub toml: String,
    pub offset: usize,
}

/// A slide's content with its check blocks taken out, the blocks found, and the offset of an
/// opening line never closed (an error for the caller to report).
pub fn take_checks(content: &str) -> (String, Vec<FoundCheck>, Option<usize>) {
    let mut kept = String::with_capacity(content.len());
    let mut found = Vec::new();
    let mut open: Option<FoundCheck> = None;
    for (offset, line) in content.lines().enumerate() {
        let trimmed = line.trim();
        if let Some(mut block) = open.take() {
            if trimmed == CLOSING {
                found.push(block);
            } else {
                block.toml.push_str(line);
                block.toml.push('\n');
                open = Some(block);
            }
        } else if trimmed == OPENING {
            open = Some(FoundCheck {
                toml: String::new(),
                offset,
            });
        } else {
            kept.push_str(line);
            kept.push('\n');
        }
    }
    let unclosed = open.map(|block| block.offset);
    (kept, found, unclosed)
}

/// The fields of a check block, as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WrittenCheck {
    kind: String,
    question: String,
    #[serde(default)]
    options: Vec<String>,
    #[serde(default)]
    correct: Vec<String>,
    low: Option<String>,
    high: Option<String>,
}

/// The check a block's TOML describes, or what is wrong with it and the line (0-based, within
/// the TOML) where TOML placed the mistake, when it did.
pub fn parse_check(toml_text: &str) -> Result<QuickCheck, (String, Option<usize>)> {
    let written: WrittenCheck = toml::from_str(toml_text).map_err(|error| {
        let line = error.span().map(|span| {
            toml_text[..span.start.min(toml_text.len())]
                .matches('\n')
                .count()
        });
        (
            format!("the quick check is not valid: {}", error.message()),
            line,
        )
    })?;
    let kind = CheckKind::parse(&written.kind).ok_or_else(|| {
        (
            format!(
                "unknown quick check kind `{}`: use single, multiple, scale or word",
                written.kind
            ),
            None,
        )
    })?;
    QuickCheck {
        kind,
        question: written.question,
        options: written.options,
        correct: written.correct,
        low: written.low,
        high: written.high,
    }
    .validated()
    .map_err(|problem| (format!("quick check: {problem}"), None))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_block_is_taken_out_of_the_slide_with_its_place() {
        let slide = "## Sources\n\n- people\n```check\nkind = \"scale\"\nquestion = \"Sure?\"\n```\nafter\n";
        let (kept, found, unclosed) = take_checks(slide);
        assert_eq!(kept, "## Sources\n\n- people\nafter\n");
        assert_eq!(
            found,
            vec![FoundCheck {
                toml: "kind = \"scale\"\nquestion = \"Sure?\"\n".into(),
                offset: 3
            }]
        );
        assert_eq!(unclosed, None);
        let (_, _, unclosed) = take_checks("text\n```check\nkind = \"word\"\n");
        assert_eq!(unclosed, Some(1));
    }

    #[test]
    fn a_written_check_becomes_a_check() {
        let check = parse_check(
            "kind = \"single\"\nquestion = \"Which?\"\noptions = [\"a\", \"b\"]\ncorrect = [\"b\"]\n",
        )
        .unwrap();
        assert_eq!(check.kind, CheckKind::Single);
        assert_eq!(check.correct, vec!["b"]);
    }

    #[test]
    fn mistakes_are_named_with_their_line_when_toml_knows_it() {
        let (message, line) = parse_check("kind = \"single\"\nquestion = 5\n").unwrap_err();
        assert!(message.contains("not valid"), "{message}");
        assert_eq!(line, Some(1));
        let (message, _) = parse_check("kind = \"poll\"\nquestion = \"Which?\"\n").unwrap_err();
        assert!(
            message.contains("unknown quick check kind `poll`"),
            "{message}"
        );
        let (message, _) =
            parse_check("kind = \"single\"\nquestion = \"Which?\"\nanswer = \"a\"\n").unwrap_err();
        assert!(message.contains("answer"), "{message}");
        let (message, _) =
            parse_check("kind = \"single\"\nquestion = \"Which?\"\noptions = [\"a\"]\n")
                .unwrap_err();
        assert!(message.contains("2 to 6 options"), "{message}");
    }
}
