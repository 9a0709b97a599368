//! Reading content files and parsing their TOML, with errors that name the file and line.

use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use toml::Spanned;

use super::error::{ContentError, LineIndex};
use super::markdown::Place;

/// A content file's path and text, kept together so that positions in it can become lines.
pub struct SourceFile {
    pub path: PathBuf,
    pub text: String,
    lines: LineIndex,
}

impl SourceFile {
    pub fn read(path: &Path) -> Result<SourceFile, ContentError> {
        let text = std::fs::read_to_string(path).map_err(|error| {
            let reason = match error.kind() {
                std::io::ErrorKind::NotFound => "file is missing".to_string(),
                std::io::ErrorKind::InvalidData => "file is not valid UTF-8 text".to_string(),
                _ => format!("cannot read file: {error}"),
            };
            ContentError::new(path, None, reason)
        })?;
        Ok(SourceFile::new(path, text))
    }

    pub fn new(path: &Path, text: String) -> SourceFile {
        let lines = LineIndex::new(&text, 1);
        SourceFile {
            path: path.to_path_buf(),
            text,
            lines,
        }
    }

    pub fn line_of(&self, span: Range<usize>) -> usize {
        self.lines.line_of(span.start)
    }

    /// An error at the position of a spanned value.
    pub fn error_at<T>(&self, value: &Spanned<T>, message: impl Into<String>) -> ContentError {
        ContentError::new(&self.path, Some(self.line_of(value.span())), message)
    }

    pub fn error(&self, message: impl Into<String>) -> ContentError {
        ContentError::new(&self.path, None, message)
    }

    /// Parses the whole file as TOML.
    pub fn parse_toml<T: DeserializeOwned>(&self) -> Result<T, ContentError> {
        parse_toml(&self.path, &self.text, 1)
    }

    /// Splits a Markdown file into its parsed front matter (`None` when it has none) and its
    /// body. A front matter that does not parse is reported and treated as absent; `None` is
    /// returned only when the front matter is never closed, as nothing of the file can be trusted.
    pub fn split_front_matter<T: DeserializeOwned>(
        &self,
        errors: &mut Vec<ContentError>,
    ) -> Option<(Option<T>, super::front_matter::Split<'_>)> {
        let split = match super::front_matter::split(&self.text) {
            Ok(split) => split,
            Err((line, message)) => {
                errors.push(ContentError::new(&self.path, Some(line), message));
                return None;
            }
        };
        // The front matter's first line is the line after the opening `+++`.
        let front = split.front_matter.and_then(|text| {
            parse_toml(&self.path, text, 2)
                .map_err(|e| errors.push(e))
                .ok()
        });
        Some((front, split))
    }

    /// Where the Markdown held in a TOML string value starts. A multi-line string's text starts on
    /// the line after its opening quotes.
    pub fn markdown_place(&self, value: &Spanned<String>) -> Place<'_> {
        let span = value.span();
        let raw = &self.text[span.start.min(self.text.len())..];
        let starts_on_next_line = raw.starts_with("\"\"\"\n")
            || raw.starts_with("'''\n")
            || raw.starts_with("\"\"\"\r\n")
            || raw.starts_with("'''\r\n");
        Place {
            file: &self.path,
            first_line: self.line_of(span) + usize::from(starts_on_next_line),
        }
    }
}

/// Parses TOML that starts on line `first_line` of `path` (front matter starts after its marker).
pub fn parse_toml<T: DeserializeOwned>(
    path: &Path,
    text: &str,
    first_line: usize,
) -> Result<T, ContentError> {
    toml::from_str(text).map_err(|error| {
        let line = error
            .span()
            .map(|span| LineIndex::new(text, first_line).line_of(span.start));
        // The error's own text repeats the source excerpt; its message alone reads better after
        // our "file:line:" prefix.
        ContentError::new(path, line, format!("invalid TOML: {}", error.message()))
    })
}

/// Reads every file of `dir` whose name ends in `.extension`, sorted by name. A file that cannot
/// be read is an error and is left out; the others are still read.
pub fn read_files(dir: &Path, extension: &str, errors: &mut Vec<ContentError>) -> Vec<SourceFile> {
    let paths = match sorted_entries(dir) {
        Ok(paths) => paths,
        Err(error) => {
            errors.push(error);
            return Vec::new();
        }
    };
    paths
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == extension))
        .filter_map(|path| SourceFile::read(&path).map_err(|e| errors.push(e)).ok())
        .collect()
}

/// The entries of a folder, sorted by name so that loading is deterministic.
pub fn sorted_entries(dir: &Path) -> Result<Vec<PathBuf>, ContentError> {
    let entries = std::fs::read_dir(dir)
        .map_err(|error| ContentError::new(dir, None, format!("cannot read folder: {error}")))?;
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| {
            // Editors leave hidden swap and backup files beside the ones being edited.
            path.file_name()
                .and_then(|name| name.to_str())
                .is_some_and(|name| !name.starts_with('.') && !name.ends_with('~'))
        })
        .collect();
    paths.sort();
    Ok(paths)
}
