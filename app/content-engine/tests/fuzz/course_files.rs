//! Loading a course with one shipped file mutated: never a panic, and every error names a file
//! of the course (and, when it gives a line, a line of that file).
//!
//! Loading the whole shipped course takes a few hundred milliseconds in a debug build, too slow
//! for thousands of inputs. So most inputs put the mutated file into a small course made of a
//! few shipped files: every kind of file is there but the key, which comes in when an input
//! mutates it, so every parser runs. The small course has errors of its own (its agenda names
//! modules it lacks), which the checks treat like any other. A few inputs mutate a file of the
//! whole shipped course instead, the only way to reach what runs once a course is valid (the
//! search index) and to duplicate ids the course really uses.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};

use content_engine::{load, ContentError};
use proptest::prelude::*;
use proptest::sample::Index;

use super::file_mutations::{file_mutations, mutate, FileMutation};
use super::shipped::{files, write_file, ShippedFile};
use super::support::fuzz;

/// The shipped files of the small course.
const SMALL_COURSE: &[&str] = &[
    "course.toml",
    "glossary.toml",
    "model/model.toml",
    "model/process-areas/IMC.toml",
    "model/process-areas/VAR.toml",
    "model/process-areas/SC.toml",
    "model/process-areas/RISK.toml",
    "modules/01-welcome/module.toml",
    "modules/01-welcome/lesson.md",
    "modules/01-welcome/slides.md",
    "exercises/01-meridian-friday.toml",
    "appraisal/case.toml",
    "appraisal/evidence/01-incident-management-policy.md",
    "handouts/01-process-area-card.md",
];

/// A course in a scratch folder, and which shipped files it holds when no input is applied.
struct ScratchCourse {
    folder: tempfile::TempDir,
    base: HashSet<PathBuf>,
}

impl ScratchCourse {
    fn with(paths: impl IntoIterator<Item = PathBuf>) -> ScratchCourse {
        let course = ScratchCourse {
            folder: tempfile::tempdir().expect("a scratch folder"),
            base: paths.into_iter().collect(),
        };
        for file in files().iter().filter(|f| course.base.contains(&f.path)) {
            file.write_into(course.root(), &file.bytes);
        }
        course
    }

    fn root(&self) -> &Path {
        self.folder.path()
    }
}

/// One input: which shipped file, how it is mutated, and whether a copy of it (or of its module
/// folder) is added under another name, which duplicates its ids.
type Input = (Index, Vec<FileMutation>, bool);

fn input() -> impl Strategy<Value = Input> {
    (
        any::<Index>(),
        file_mutations(4),
        proptest::bool::weighted(0.15),
    )
}

/// Puts the input's mutated file (with its module's other files) into `course`, loads it, checks
/// the outcome, and puts the course back as it was, also when the loader panics.
fn load_mutated(
    course: &ScratchCourse,
    (which, mutations, duplicate): &Input,
) -> Result<(), TestCaseError> {
    let target = &files()[which.index(files().len())];
    let mutated = mutate(&target.bytes, mutations);
    let group: Vec<&ShippedFile> = match target.module_folder() {
        Some(folder) => files()
            .iter()
            .filter(|f| f.path.starts_with(&folder))
            .collect(),
        None => vec![target],
    };
    let _restore = Restore {
        course,
        target,
        written: group.clone(),
    };
    for file in &group {
        let bytes = if file.path == target.path {
            &mutated
        } else {
            &file.bytes
        };
        file.write_into(course.root(), bytes);
    }
    if *duplicate {
        write_copy(course.root(), target, &mutated);
    }
    check_load(course.root())
}

/// Where the copy of `target` goes when an input duplicates it: beside it as `zz-copy.EXT`, or,
/// for a module file, its whole module folder beside the others as `modules/zz-copy`.
fn copy_place(target: &ShippedFile) -> PathBuf {
    match target.module_folder() {
        Some(folder) => folder.with_file_name("zz-copy"),
        None => {
            let extension = target
                .path
                .extension()
                .unwrap_or_default()
                .to_string_lossy();
            target.path.with_file_name(format!("zz-copy.{extension}"))
        }
    }
}

/// A second copy of `target` (of its whole module folder, for a module file), which repeats the
/// ids it holds.
fn write_copy(root: &Path, target: &ShippedFile, mutated: &[u8]) {
    let Some(folder) = target.module_folder() else {
        write_file(root, &copy_place(target), mutated);
        return;
    };
    for file in files().iter().filter(|f| f.path.starts_with(&folder)) {
        let bytes = if file.path == target.path {
            mutated
        } else {
            &file.bytes
        };
        let inside = file.path.strip_prefix(&folder).expect("inside its folder");
        write_file(root, &copy_place(target).join(inside), bytes);
    }
}

/// Puts the files an input wrote back as the course had them, and removes the copy, if any.
struct Restore<'a> {
    course: &'a ScratchCourse,
    target: &'static ShippedFile,
    written: Vec<&'static ShippedFile>,
}

impl Drop for Restore<'_> {
    fn drop(&mut self) {
        let root = self.course.root();
        for file in &self.written {
            if self.course.base.contains(&file.path) {
                file.write_into(root, &file.bytes);
            } else {
                let _ = fs::remove_file(root.join(&file.path));
            }
        }
        let copy = root.join(copy_place(self.target));
        let _ = match self.target.module_folder() {
            Some(_) => fs::remove_dir_all(copy),
            None => fs::remove_file(copy),
        };
    }
}

/// Loads the course at `root`: errors (and warnings) each name a file of the course that exists,
/// and a line of it when they give one.
fn check_load(root: &Path) -> Result<(), TestCaseError> {
    let mut lines = LineCounts::default();
    match load(root) {
        Ok(course) => course
            .warnings
            .iter()
            .try_for_each(|w| check_names_its_place(root, w, &mut lines)),
        Err(errors) => {
            prop_assert!(!errors.0.is_empty(), "a failed load without an error");
            prop_assert!(!errors.to_string().is_empty());
            errors
                .0
                .iter()
                .try_for_each(|e| check_names_its_place(root, e, &mut lines))
        }
    }
}

/// How many lines each file named by an error has, read once per load (a broken course can
/// have hundreds of errors in one file).
#[derive(Default)]
struct LineCounts(HashMap<PathBuf, Option<usize>>);

impl LineCounts {
    /// The lines of `file` (the last one may be empty); `None` when it cannot be read.
    fn of(&mut self, file: &Path) -> Option<usize> {
        *self.0.entry(file.to_path_buf()).or_insert_with(|| {
            let bytes = fs::read(file).ok()?;
            Some(bytes.iter().filter(|b| **b == b'\n').count() + 1)
        })
    }
}

fn check_names_its_place(
    root: &Path,
    error: &ContentError,
    lines: &mut LineCounts,
) -> Result<(), TestCaseError> {
    prop_assert!(
        error.file.starts_with(root),
        "{error} names no file of the course"
    );
    prop_assert!(!error.message.trim().is_empty(), "{error} says nothing");
    let Some(line) = error.line else {
        return Ok(());
    };
    let Some(count) = lines.of(&error.file) else {
        return Err(TestCaseError::fail(format!(
            "{error} gives a line of a file it cannot be"
        )));
    };
    prop_assert!(
        (1..=count).contains(&line),
        "{error}: the file has {count} lines"
    );
    Ok(())
}

#[test]
fn a_mutated_file_in_a_small_course_never_panics_and_every_error_names_its_place() {
    let course = ScratchCourse::with(SMALL_COURSE.iter().map(PathBuf::from));
    fuzz(
        "content: a mutated file in a small course",
        4,
        input(),
        |input| load_mutated(&course, &input),
    );
}

#[test]
fn a_mutated_file_in_the_whole_shipped_course_never_panics_and_every_error_names_its_place() {
    let course = ScratchCourse::with(files().iter().map(|f| f.path.clone()));
    prop_assert_shipped_course_loads(course.root());
    fuzz(
        "content: a mutated file in the whole course",
        100,
        input(),
        |input| load_mutated(&course, &input),
    );
}

/// The unmutated copy loads, so every error found later comes from the mutation.
fn prop_assert_shipped_course_loads(root: &Path) {
    if let Err(errors) = load(root) {
        panic!("the copied shipped course does not load: {errors}");
    }
}
