//! What a slide says about time, read from its text: the timing cue `(N min)` in its speaker
//! notes, the `::: exercise <id>` line that launches an exercise in class, and the room
//! questions (`Ask: …`) the instructor guide collects. Pure functions of the slide's text.

/// The line that launches an exercise from a slide: `::: exercise <id>` on a line of its own.
const LAUNCH_PREFIX: &str = "::: exercise";

/// The minutes of every `(N min)` cue in `notes`, in order.
pub fn timing_cues(notes: &str) -> Vec<u32> {
    let mut cues = Vec::new();
    let mut rest = notes;
    while let Some(open) = rest.find('(') {
        rest = &rest[open + 1..];
        let Some(close) = rest.find(')') else { break };
        if let Some(number) = rest[..close].strip_suffix(" min") {
            if !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit()) {
                if let Ok(minutes) = number.parse() {
                    cues.push(minutes);
                }
            }
        }
    }
    cues
}

/// A slide's content with its launch lines taken out, and the exercise ids they named with the
/// offset (0-based) of each line within the content. A launch line without an id is returned
/// with an empty id, so that the caller can report it.
pub fn take_launches(content: &str) -> (String, Vec<(String, usize)>) {
    let mut kept = String::with_capacity(content.len());
    let mut launches = Vec::new();
    for (offset, line) in content.lines().enumerate() {
        match line.trim().strip_prefix(LAUNCH_PREFIX) {
            Some(rest) if rest.is_empty() || rest.starts_with(char::is_whitespace) => {
                launches.push((rest.trim().to_string(), offset));
            }
            _ => {
                kept.push_str(line);
                kept.push('\n');
            }
        }
    }
    (kept, launches)
}

/// The questions the notes tell the instructor to ask the room: the text after each `Ask:`,
/// without the quotation marks around it.
pub fn room_questions(notes: &str) -> Vec<String> {
    notes
        .split("Ask:")
        .skip(1)
        .map(|after| {
            let question = after.lines().next().unwrap_or_default().trim();
            question
                .trim_matches(|c| c == '"' || c == '“' || c == '”')
                .trim()
                .to_string()
        })
        .filter(|question| !question.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_cues_and_ignores_other_brackets() {
        assert_eq!(timing_cues("Say this (see E02). (5 min) then"), vec![5]);
        assert_eq!(timing_cues("(2 min) and again (10 min)"), vec![2, 10]);
        assert!(timing_cues("(min) ( 3 min) (3min) (x min) no cue").is_empty());
        assert!(timing_cues("unclosed (4 min").is_empty());
    }

    #[test]
    fn takes_launch_lines_out_of_the_content() {
        let (kept, launches) =
            take_launches("## Try it\n\n::: exercise four-sources\n\nIn groups.\n:::exercisex\n");
        assert_eq!(launches, vec![("four-sources".to_string(), 2)]);
        assert_eq!(kept, "## Try it\n\n\nIn groups.\n:::exercisex\n");
        let (_, empty) = take_launches("::: exercise\n");
        assert_eq!(empty, vec![(String::new(), 0)]);
    }

    #[test]
    fn collects_room_questions_without_quotes() {
        let notes = "Explain. (3 min)\nAsk: \"Who owns this?\"\nMore.\nAsk: Why now?\nAsk:\n";
        assert_eq!(room_questions(notes), vec!["Who owns this?", "Why now?"]);
    }
}
