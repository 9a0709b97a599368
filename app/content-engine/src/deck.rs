//! Splitting a slide deck into slides and speaker notes. A line holding only `---` separates
//! slides; a line holding only `Notes:` starts the notes of the slide it is in.

/// One slide's Markdown as written, with the lines where its parts start.
#[derive(Debug, PartialEq, Eq)]
pub struct RawSlide {
    pub content: String,
    pub content_first_line: usize,
    pub notes: String,
    pub notes_first_line: usize,
}

/// Splits a deck body whose first line is line `first_line` of its file.
pub fn split_slides(body: &str, first_line: usize) -> Vec<RawSlide> {
    let mut slides = Vec::new();
    let mut current = RawSlide::starting_at(first_line);
    let mut in_notes = false;
    let mut in_fence = false;
    for (index, line) in body.lines().enumerate() {
        let line_number = first_line + index;
        let trimmed = line.trim_end();
        // A `---` inside a fenced code block is code, not a slide break.
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_fence = !in_fence;
        }
        if !in_fence && trimmed == "---" {
            slides.push(current);
            current = RawSlide::starting_at(line_number + 1);
            in_notes = false;
            continue;
        }
        if !in_fence && trimmed == "Notes:" && !in_notes {
            in_notes = true;
            current.notes_first_line = line_number + 1;
            continue;
        }
        // Blank lines before a part's first text do not count: errors then point at the text.
        if trimmed.trim_start().is_empty() {
            if !in_notes && current.content.is_empty() {
                current.content_first_line = line_number + 1;
                continue;
            }
            if in_notes && current.notes.is_empty() {
                current.notes_first_line = line_number + 1;
                continue;
            }
        }
        let part = if in_notes {
            &mut current.notes
        } else {
            &mut current.content
        };
        part.push_str(line);
        part.push('\n');
    }
    slides.push(current);
    slides
}

impl RawSlide {
    fn starting_at(line: usize) -> Self {
        RawSlide {
            content: String::new(),
            content_first_line: line,
            notes: String::new(),
            notes_first_line: line,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_slides_and_notes_with_their_lines() {
        let deck = "# One\nbody\nNotes:\nsay this\n---\n\n# Two\n```\n---\n```\n";
        let slides = split_slides(deck, 3);
        assert_eq!(slides.len(), 2);
        assert_eq!(slides[0].content, "# One\nbody\n");
        assert_eq!(slides[0].notes, "say this\n");
        assert_eq!(slides[0].notes_first_line, 6);
        assert_eq!(slides[1].content_first_line, 9);
        assert!(slides[1].content.contains("```\n---\n```"));
        assert!(slides[1].notes.is_empty());
    }

    #[test]
    fn an_empty_deck_is_one_empty_slide() {
        let slides = split_slides("", 1);
        assert_eq!(slides.len(), 1);
        assert!(slides[0].content.trim().is_empty());
    }
}
