//! Errors in course content, each naming the file and, where known, the line.

use std::fmt;
use std::path::{Path, PathBuf};

/// One problem found in the content folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentError {
    pub file: PathBuf,
    /// 1-based line number, when the problem has a place in the file.
    pub line: Option<usize>,
    pub message: String,
}

impl ContentError {
    pub fn new(file: &Path, line: Option<usize>, message: impl Into<String>) -> Self {
        ContentError {
            file: file.to_path_buf(),
            line,
            message: message.into(),
        }
    }
}

impl fmt::Display for ContentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.file.display(), line, self.message),
            None => write!(f, "{}: {}", self.file.display(), self.message),
        }
    }
}

/// Everything wrong with a content folder, reported together so that an author can fix all of it
/// in one pass rather than one error per start-up.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ContentErrors(pub Vec<ContentError>);

impl fmt::Display for ContentErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "the course content has {} error(s):", self.0.len())?;
        for error in &self.0 {
            writeln!(f, "  {error}")?;
        }
        Ok(())
    }
}

/// Maps byte offsets in a file's text to 1-based line numbers.
pub struct LineIndex {
    starts: Vec<usize>,
    /// Added to every line: used when the text is a part of a larger file.
    first_line: usize,
}

impl LineIndex {
    pub fn new(text: &str, first_line: usize) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts, first_line }
    }

    pub fn line_of(&self, offset: usize) -> usize {
        let index = self.starts.partition_point(|&start| start <= offset);
        index.max(1) - 1 + self.first_line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_index_counts_from_the_first_line() {
        let index = LineIndex::new("a\nbc\n\nd", 1);
        assert_eq!(index.line_of(0), 1);
        assert_eq!(index.line_of(2), 2);
        assert_eq!(index.line_of(5), 3);
        assert_eq!(index.line_of(6), 4);
        let shifted = LineIndex::new("x\ny", 10);
        assert_eq!(shifted.line_of(2), 11);
    }

    #[test]
    fn display_names_file_and_line() {
        let error = ContentError::new(Path::new("content/a.toml"), Some(3), "bad");
        assert_eq!(error.to_string(), "content/a.toml:3: bad");
    }
}
