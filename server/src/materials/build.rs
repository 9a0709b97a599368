//! The materials zip, built once at start-up from the loaded course and held in memory: a README
//! and six self-contained HTML files (see `html` and `pages`) in one folder. The same course
//! always gives the same bytes: the files are written in a fixed order with a fixed date.

use std::io::{Cursor, Write};
use std::time::Instant;

use app::content::LoadedCourse;
use axum::body::Bytes;
use domain::exercise::{Exercise, ExerciseView};
use sha2::{Digest, Sha256};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use super::links::Links;
use super::{exercises_page, html, model_page, pages};

/// The folder that holds every file of the zip.
pub const FOLDER: &str = "rmm-course-materials";

/// The course materials to take home, as one zip.
#[derive(Clone)]
pub struct Materials {
    /// The zip; cloning it shares the bytes rather than copying them.
    pub zip: Bytes,
    /// The names of the files in the zip (with their folder), in the order they are written.
    pub files: Vec<String>,
    /// The course version the README and the index name: the server's version and a fingerprint
    /// of the content (`0.1.0+3f2a9c1b`), so that two different contents never share a version.
    pub version: String,
    /// How long building took, in milliseconds.
    pub build_ms: u64,
}

impl Materials {
    /// Builds the zip from `course`. The exercises go in through `ExerciseView`, which has no key.
    pub fn build(course: &LoadedCourse) -> Result<Materials, String> {
        let started = Instant::now();
        let links = Links::of(course);
        let views: Vec<ExerciseView> = course.exercises.iter().map(Exercise::view).collect();
        let pages = vec![
            ("notebook.html", pages::notebook(course, &links)),
            ("handouts.html", pages::handouts(course, &links)),
            (
                "exercises.html",
                exercises_page::exercises(course, &views, &links),
            ),
            ("glossary.html", pages::glossary(course, &links)),
            (
                "model-reference.html",
                model_page::model_reference(course, &links),
            ),
        ];
        let version = course_version(course, &pages)?;
        let mut files = vec![
            ("README.txt", readme(course, &version)),
            ("index.html", pages::index(course, &version, &links)),
        ];
        files.extend(pages);
        let zip = write_zip(&files)?;
        Ok(Materials {
            zip: Bytes::from(zip),
            files: files
                .iter()
                .map(|(name, _)| format!("{FOLDER}/{name}"))
                .collect(),
            version,
            build_ms: u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
        })
    }

    /// The name a download gets.
    pub fn file_name(&self) -> String {
        format!("{FOLDER}-{}.zip", self.version)
    }
}

/// The server's version with the first eight hex digits of a SHA-256 of the course overview and
/// the pages (the index and the README name the version, so they are not part of it; what they
/// show comes from the overview).
fn course_version(course: &LoadedCourse, pages: &[(&str, String)]) -> Result<String, String> {
    let overview = serde_json::to_string(&course.overview)
        .map_err(|error| format!("the course overview does not serialize: {error}"))?;
    let mut hasher = Sha256::new();
    hasher.update(overview.as_bytes());
    for (name, text) in pages {
        hasher.update(b"\0");
        hasher.update(name.as_bytes());
        hasher.update(b"\0");
        hasher.update(text.as_bytes());
    }
    let digest = hasher.finalize();
    let fingerprint: String = digest
        .iter()
        .take(4)
        .map(|byte| format!("{byte:02x}"))
        .collect();
    Ok(format!("{}+{fingerprint}", env!("CARGO_PKG_VERSION")))
}

/// `README.txt`: the course, its version, what each file is, what is left out, and who we are
/// not.
fn readme(course: &LoadedCourse, version: &str) -> String {
    let overview = &course.overview;
    let mut text = format!(
        "{title}\n{subtitle}\n\nCourse materials, version {version}\n\n\
         Open index.html in a web browser to start. The files need no network connection and run\n\
         no scripts; to keep a copy on paper, use the browser's Print command (or \"Save as PDF\").\n\n\
         Files in this folder:\n\n",
        title = overview.title,
        subtitle = overview.subtitle,
    );
    for (file, name, what) in html::FILES.iter() {
        text.push_str(&format!("  {file:<22}{name}: {what}\n"));
    }
    text.push_str(&format!("  {:<22}This file.\n\n", "README.txt"));
    text.push_str(
        "Not included: the answers to the exercises (their keys and explanations), which your\n\
         instructor releases in class.\n\n",
    );
    text.push_str(html::INDEPENDENCE);
    text.push('\n');
    text
}

/// The zip of `files` (name, text), all in `FOLDER`, compressed, dated 1980-01-01 (the zip
/// format's first day) so that the bytes depend on the files alone.
fn write_zip(files: &[(&str, String)]) -> Result<Vec<u8>, String> {
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(DateTime::default())
        .unix_permissions(0o644);
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, text) in files {
        zip.start_file(format!("{FOLDER}/{name}"), options)
            .map_err(|error| format!("{name}: {error}"))?;
        zip.write_all(text.as_bytes())
            .map_err(|error| format!("{name}: {error}"))?;
    }
    let written = zip
        .finish()
        .map_err(|error| format!("the zip does not close: {error}"))?;
    Ok(written.into_inner())
}
