//! Optional TOML front matter at the top of a Markdown file, between two `+++` lines.

/// A Markdown file split into its front matter and its body.
#[derive(Debug, PartialEq, Eq)]
pub struct Split<'a> {
    /// The TOML text between the markers, if the file has front matter.
    pub front_matter: Option<&'a str>,
    pub body: &'a str,
    /// The 1-based line of the file on which `body` starts.
    pub body_first_line: usize,
}

/// Splits off front matter. An opening `+++` without a closing one is an error, reported with the
/// line of the opening marker.
pub fn split(text: &str) -> Result<Split<'_>, (usize, String)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.split_inclusive('\n');
    let Some(first) = lines.next() else {
        return Ok(Split {
            front_matter: None,
            body: text,
            body_first_line: 1,
        });
    };
    if first.trim_end() != "+++" {
        return Ok(Split {
            front_matter: None,
            body: text,
            body_first_line: 1,
        });
    }
    let start = first.len();
    let mut offset = start;
    let mut line_number = 1;
    for line in lines {
        line_number += 1;
        if line.trim_end() == "+++" {
            return Ok(Split {
                front_matter: Some(&text[start..offset]),
                body: &text[offset + line.len()..],
                body_first_line: line_number + 1,
            });
        }
        offset += line.len();
    }
    Err((1, "front matter opened with `+++` is never closed".into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_and_counts_body_lines() {
        let split = split("+++\ntitle = \"A\"\n+++\n# Body\n").unwrap();
        assert_eq!(split.front_matter, Some("title = \"A\"\n"));
        assert_eq!(split.body, "# Body\n");
        assert_eq!(split.body_first_line, 4);
    }

    #[test]
    fn files_without_front_matter_are_all_body() {
        let split = split("# Body\n").unwrap();
        assert_eq!(split.front_matter, None);
        assert_eq!(split.body_first_line, 1);
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        assert_eq!(split("+++\ntitle = 1\n# Body\n").unwrap_err().0, 1);
    }
}
