//! Loading a small, complete course from files, then breaking it one way at a time: each kind of
//! mistake an author can make must be reported with the file and line where it is.

use std::fs;
use std::path::{Path, PathBuf};

use super::{load, ContentError, LoadedCourse};

const COURSE: &str = r#"title = "Fixture course"

[[outcomes]]
id = "O1"
text = "First outcome."

[[outcomes]]
id = "O2"
text = "Second outcome."

[[days]]
number = 1
title = "One"

[[days.slots]]
start = "08:30"
end = "10:15"
module = "alpha"

[[days.slots]]
start = "10:15"
end = "10:30"
kind = "break"
title = "Break"

[[days.slots]]
start = "10:30"
end = "12:00"
module = "beta"

[[days.slots]]
start = "12:00"
end = "13:00"
kind = "lunch"
title = "Lunch"

[[days.slots]]
start = "13:00"
end = "14:30"
kind = "plenary"
title = "Discussion"

[[days.slots]]
start = "14:30"
end = "14:45"
kind = "break"
title = "Break"

[[days.slots]]
start = "14:45"
end = "16:30"
kind = "plenary"
title = "Questions"

[[days]]
number = 2
title = "Two"

[[days.slots]]
start = "08:30"
end = "10:15"
module = "gamma"

[[days.slots]]
start = "10:15"
end = "16:30"
kind = "break"
title = "Free time"
"#;

const LESSON: &str = "+++\ntitle = \"A lesson\"\n+++\n\n## Start\n\nAn [asset](glossary:asset) and [IMC](model:IMC).\n";
/// A two-slide deck whose timing cues add up to `minutes`.
fn slides(minutes: u32) -> String {
    format!(
        "# First\n\n- point\n\nNotes:\nSay this. (1 min) Ask: why?\n\n---\n\n## Second\n\nText.\n\nNotes:\nSay that. ({} min)\n",
        minutes - 1
    )
}

const MODEL: &str = r#"[[categories]]
id = "operations-management"
name = "Operations Management"

[[generic_goals]]
id = "GG1"
title = "Achieve Specific Goals"
source = "reconstructed"
[[generic_goals.practices]]
id = "GP1"
title = "Perform Specific Practices"
source = "reconstructed"

[[capability_levels]]
level = 0
name = "Incomplete"
"#;

const IMC: &str = r#"abbr = "IMC"
name = "Incident Management and Control"
category = "operations-management"
source = "sourced"
summary = "Handles incidents."
related = []

[[goals]]
id = "SG1"
title = "Detect Events"
source = "reconstructed"

[[goals.practices]]
id = "SP1.1"
title = "Detect and Report Events"
source = "sourced"
"#;

fn module_toml(id: &str, order: u32, day: u8, minutes: u32, outcome: &str) -> String {
    format!(
        "id = \"{id}\"\nday = {day}\norder = {order}\ntitle = \"Module {id}\"\nduration_minutes = {minutes}\noutcomes = [\"{outcome}\"]\nobjectives = [\"Explain {id}.\"]\n"
    )
}

/// Writes the fixture course into a fresh temporary folder.
pub(super) fn fixture() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let write = |path: &str, text: &str| {
        let path = root.join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    };
    write("course.toml", COURSE);
    write(
        "glossary.toml",
        "[[terms]]\nid = \"asset\"\nterm = \"Asset\"\ndefinition = \"Something of value.\"\n",
    );
    write("model/model.toml", MODEL);
    write("model/process-areas/IMC.toml", IMC);
    for (folder, id, order, day, minutes, outcome) in [
        ("01-alpha", "alpha", 1, 1, 105, "O1"),
        ("02-beta", "beta", 2, 1, 90, "O2"),
        ("03-gamma", "gamma", 3, 2, 105, "O1"),
    ] {
        write(
            &format!("modules/{folder}/module.toml"),
            &module_toml(id, order, day, minutes, outcome),
        );
        write(&format!("modules/{folder}/lesson.md"), LESSON);
        write(&format!("modules/{folder}/slides.md"), &slides(minutes));
    }
    write(
        "handouts/01-card.md",
        "+++\nid = \"card\"\ntitle = \"Card\"\n+++\n\n## Card\n\nText.\n",
    );
    dir
}

pub(super) fn edit(root: &Path, file: &str, from: &str, to: &str) -> PathBuf {
    let path = root.join(file);
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{file} lacks {from:?}");
    fs::write(&path, text.replacen(from, to, 1)).unwrap();
    path
}

pub(super) fn load_errors(root: &Path) -> Vec<ContentError> {
    match load(root) {
        Ok(_) => panic!("the broken course loaded"),
        Err(errors) => errors.0,
    }
}

pub(super) fn load_ok(root: &Path) -> LoadedCourse {
    load(root).unwrap_or_else(|errors| panic!("{errors}"))
}

/// Asserts that one of `problems` is at `file`:`line` and says `message`.
pub(super) fn assert_reported(problems: &[ContentError], file: &Path, line: usize, message: &str) {
    let found = problems
        .iter()
        .any(|p| p.file == file && p.line == Some(line) && p.message.contains(message));
    assert!(
        found,
        "expected {}:{line}: …{message}… among:\n{problems:#?}",
        file.display()
    );
}

#[test]
fn the_fixture_is_a_complete_valid_course() {
    let dir = fixture();
    let course = load_ok(dir.path());
    assert!(course.warnings.is_empty(), "{:?}", course.warnings);
    let counts = course.counts();
    assert_eq!(
        (
            counts.modules,
            counts.slides,
            counts.slides_with_notes,
            counts.process_areas
        ),
        (3, 6, 6, 1)
    );
    assert_eq!(course.overview.days.len(), 2);
    assert_eq!(course.modules[1].deck.slides[1].title, "Second");
    assert_eq!(course.handouts.len(), 1);
}

#[test]
fn a_slide_without_notes_is_an_error_since_its_time_is_unknown() {
    let dir = fixture();
    let file = edit(
        dir.path(),
        "modules/02-beta/slides.md",
        "\nNotes:\nSay that. (89 min)\n",
        "\n",
    );
    assert_reported(
        &load_errors(dir.path()),
        &file,
        10,
        "slide 2 needs exactly one timing cue like (5 min) in its notes; it has 0",
    );
}

#[test]
fn a_module_without_objectives_is_a_warning() {
    let dir = fixture();
    let file = edit(
        dir.path(),
        "modules/01-alpha/module.toml",
        "objectives = [\"Explain alpha.\"]\n",
        "",
    );
    assert_reported(&load_ok(dir.path()).warnings, &file, 1, "has no objectives");
}

#[test]
fn a_module_without_a_deck_is_an_error() {
    let dir = fixture();
    fs::remove_file(dir.path().join("modules/03-gamma/slides.md")).unwrap();
    let errors = load_errors(dir.path());
    assert!(
        errors
            .iter()
            .any(|e| e.file.ends_with("03-gamma/slides.md") && e.message == "file is missing"),
        "{errors:?}"
    );
}

#[test]
fn an_outcome_without_a_module_is_a_warning() {
    let dir = fixture();
    edit(
        dir.path(),
        "modules/02-beta/module.toml",
        "outcomes = [\"O2\"]",
        "outcomes = [\"O1\"]",
    );
    let course = load_ok(dir.path());
    assert_reported(
        &course.warnings,
        &dir.path().join("course.toml"),
        8,
        "outcome `O2` is taught by no module",
    );
}

#[test]
fn a_process_area_without_goals_is_an_error() {
    let dir = fixture();
    let path = dir.path().join("model/process-areas/IMC.toml");
    let text = fs::read_to_string(&path).unwrap();
    fs::write(&path, &text[..text.find("[[goals]]").unwrap()]).unwrap();
    assert_reported(
        &load_errors(dir.path()),
        &path,
        1,
        "process area `IMC` has no goals",
    );
}

#[test]
fn a_dangling_glossary_link_is_an_error_at_its_line() {
    let dir = fixture();
    let file = edit(
        dir.path(),
        "modules/01-alpha/lesson.md",
        "glossary:asset",
        "glossary:assets",
    );
    assert_reported(
        &load_errors(dir.path()),
        &file,
        7,
        "unknown glossary term `assets`",
    );
}

#[test]
fn agenda_gaps_and_duration_mismatches_are_errors() {
    let dir = fixture();
    let course = edit(
        dir.path(),
        "course.toml",
        "start = \"10:30\"",
        "start = \"10:45\"",
    );
    let errors = load_errors(dir.path());
    assert_reported(&errors, &course, 27, "leaves a gap");
    let module = dir.path().join("modules/02-beta/module.toml");
    assert_reported(
        &errors,
        &module,
        5,
        "duration_minutes is 90 but the agenda gives module `beta` 75 minutes",
    );
}

#[test]
fn bad_toml_unknown_keys_and_wrong_numbering_name_their_lines() {
    let dir = fixture();
    let imc = edit(
        dir.path(),
        "model/process-areas/IMC.toml",
        "id = \"SP1.1\"",
        "id = \"SP1.2\"",
    );
    assert_reported(
        &load_errors(dir.path()),
        &imc,
        14,
        "practice `SP1.2` should be `SP1.1`",
    );
    // A file that does not parse hides the checks that need it, but is itself reported.
    let glossary = edit(
        dir.path(),
        "glossary.toml",
        "term = \"Asset\"",
        "term = \"Asset\"\ncolour = \"red\"",
    );
    assert_reported(
        &load_errors(dir.path()),
        &glossary,
        4,
        "unknown field `colour`",
    );
}

#[test]
fn unsafe_html_in_a_slide_is_an_error() {
    let dir = fixture();
    let file = edit(
        dir.path(),
        "modules/01-alpha/slides.md",
        "- point",
        "- point\n\n<img src=x onerror=\"alert(1)\">",
    );
    assert_reported(&load_errors(dir.path()), &file, 5, "event-handler");
}
