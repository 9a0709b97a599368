//! The first step of loading: reading the course's files and parsing their TOML, before anything
//! is checked against anything else. A file that cannot be read or parsed is an error; the
//! course cannot be loaded at all without its three essential files (`course.toml`,
//! `glossary.toml` and `model/model.toml`).

use std::path::Path;

use serde::de::DeserializeOwned;

use super::error::ContentError;
use super::files::{sorted_entries, SourceFile};
use super::schema::{CourseFile, GlossaryFile, ModelFile, ModuleFile, ProcessAreaFile};

/// A module folder: its `module.toml` (read and parsed), its lesson and its slides.
pub struct RawModule {
    pub meta_file: SourceFile,
    pub meta: ModuleFile,
    pub lesson: SourceFile,
    pub deck: SourceFile,
    /// The instructor's notes for the module (`guide.md`), which only instructors see.
    pub guide: Option<SourceFile>,
}

/// Every file of the course, the TOML ones parsed, each kept with its source for errors.
pub struct ParsedCourse {
    pub course_file: SourceFile,
    pub course: CourseFile,
    pub glossary_file: SourceFile,
    pub glossary: GlossaryFile,
    pub model_file: SourceFile,
    pub model: ModelFile,
    pub areas: Vec<(SourceFile, ProcessAreaFile)>,
    pub modules: Vec<RawModule>,
}

/// Reads and parses every file. Returns `None` when something essential could not be parsed.
/// Every file is still read first, so that all the errors are reported at once.
pub fn parse_all(dir: &Path, errors: &mut Vec<ContentError>) -> Option<ParsedCourse> {
    if !dir.is_dir() {
        errors.push(ContentError::new(
            dir,
            None,
            "content folder does not exist",
        ));
        return None;
    }
    let mut read = |path: &Path| -> Option<SourceFile> {
        SourceFile::read(path).map_err(|e| errors.push(e)).ok()
    };
    let course_file = read(&dir.join("course.toml"));
    let glossary_file = read(&dir.join("glossary.toml"));
    let model_file = read(&dir.join("model/model.toml"));

    let course = parse_file::<CourseFile>(course_file.as_ref(), errors);
    let glossary = parse_file::<GlossaryFile>(glossary_file.as_ref(), errors);
    let model = parse_file::<ModelFile>(model_file.as_ref(), errors);
    let areas = parse_process_areas(&dir.join("model/process-areas"), errors);
    let modules = parse_modules(&dir.join("modules"), errors);
    Some(ParsedCourse {
        course_file: course_file?,
        course: course?,
        glossary_file: glossary_file?,
        glossary: glossary?,
        model_file: model_file?,
        model: model?,
        areas,
        modules,
    })
}

/// Parses a file that could be read (`None` when it could not, which is already reported).
fn parse_file<T: DeserializeOwned>(
    file: Option<&SourceFile>,
    errors: &mut Vec<ContentError>,
) -> Option<T> {
    file.and_then(|f| f.parse_toml::<T>().map_err(|e| errors.push(e)).ok())
}

/// Every `*.toml` of the process-area folder, parsed, in file-name order.
fn parse_process_areas(
    dir: &Path,
    errors: &mut Vec<ContentError>,
) -> Vec<(SourceFile, ProcessAreaFile)> {
    let mut areas = Vec::new();
    let paths = match sorted_entries(dir) {
        Err(error) => {
            errors.push(error);
            return areas;
        }
        Ok(paths) => paths,
    };
    for path in paths
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
    {
        match SourceFile::read(&path) {
            Err(error) => errors.push(error),
            Ok(file) => match file.parse_toml::<ProcessAreaFile>() {
                Ok(area) => areas.push((file, area)),
                Err(error) => errors.push(error),
            },
        }
    }
    areas
}

/// Every module folder, in folder-name order (their `order` decides the course order later).
fn parse_modules(dir: &Path, errors: &mut Vec<ContentError>) -> Vec<RawModule> {
    let paths = match sorted_entries(dir) {
        Err(error) => {
            errors.push(error);
            return Vec::new();
        }
        Ok(paths) => paths,
    };
    paths
        .into_iter()
        .filter(|p| p.is_dir())
        .filter_map(|module_dir| read_module(&module_dir, errors))
        .collect()
}

/// A module folder's three files (and its guide, if it has one); `None` when any of the three
/// cannot be read or parsed.
fn read_module(module_dir: &Path, errors: &mut Vec<ContentError>) -> Option<RawModule> {
    let guide_path = module_dir.join("guide.md");
    let guide = if guide_path.exists() {
        SourceFile::read(&guide_path)
            .map_err(|error| errors.push(error))
            .ok()
    } else {
        None
    };
    let files = (
        SourceFile::read(&module_dir.join("module.toml")),
        SourceFile::read(&module_dir.join("lesson.md")),
        SourceFile::read(&module_dir.join("slides.md")),
    );
    match files {
        (Ok(meta_file), Ok(lesson), Ok(deck)) => match meta_file.parse_toml::<ModuleFile>() {
            Ok(meta) => Some(RawModule {
                meta_file,
                meta,
                lesson,
                deck,
                guide,
            }),
            Err(error) => {
                errors.push(error);
                None
            }
        },
        (meta, lesson, deck) => {
            errors.extend([meta.err(), lesson.err(), deck.err()].into_iter().flatten());
            None
        }
    }
}
