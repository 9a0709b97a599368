//! A broken content folder stops start-up with a message naming the file and line.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::helpers::{shipped_content, test_settings};

/// Copies the shipped course into a temporary folder so that a test can break one file.
fn copy_of_content() -> tempfile::TempDir {
    let copy = tempfile::tempdir().unwrap();
    copy_dir(&shipped_content(), copy.path());
    copy
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

fn replace_in(file: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(file).unwrap();
    assert!(
        text.contains(from),
        "{} does not contain {from:?}",
        file.display()
    );
    std::fs::write(file, text.replacen(from, to, 1)).unwrap();
}

fn line_of(file: &Path, needle: &str) -> usize {
    let text = std::fs::read_to_string(file).unwrap();
    // A line that is exactly the needle wins (`---` must not match a table rule `|---|`).
    let exact = text.lines().position(|line| line.trim() == needle);
    exact
        .or_else(|| text.lines().position(|line| line.contains(needle)))
        .expect("needle present")
        + 1
}

/// Starts the real binary on the given content and returns its exit code and standard error.
fn start_server(content: &Path) -> (Option<i32>, String) {
    let data = tempfile::tempdir().unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_server"))
        .env("CONTENT_DIR", content)
        .env(
            "DATABASE_URL",
            format!("sqlite://{}/db.sqlite", data.path().display()),
        )
        .env("LEPTOS_SITE_ADDR", "127.0.0.1:0")
        .env("LEPTOS_SITE_ROOT", data.path().join("site"))
        .output()
        .expect("server runs");
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

struct Breakage {
    name: &'static str,
    file: &'static str,
    from: &'static str,
    to: &'static str,
    /// Text on the line the error must name (looked up after the change).
    line_marker: &'static str,
    /// Lines after the marker's line where the error is (an empty slide is reported at the line
    /// where its blank lines end).
    line_offset: usize,
    message: &'static str,
}

fn breakages() -> Vec<Breakage> {
    vec![
        Breakage {
            name: "bad TOML",
            file: "course.toml",
            from: "[[outcomes]]",
            to: "[[outcomes]\nbroken",
            line_marker: "[[outcomes]",
            line_offset: 0,
            message: "invalid TOML",
        },
        Breakage {
            name: "unknown process area",
            file: "model/process-areas/IMC.toml",
            from: "related = [\"",
            to: "related = [\"NOPE\", \"",
            line_marker: "related = [\"NOPE\"",
            line_offset: 0,
            message: "unknown related process area `NOPE`",
        },
        Breakage {
            name: "unknown glossary reference",
            file: "modules/01-welcome/lesson.md",
            from: "\n\n",
            to: "\n\nSee [this](glossary:no-such-term).\n\n",
            line_marker: "glossary:no-such-term",
            line_offset: 0,
            message: "unknown glossary term `no-such-term`",
        },
        Breakage {
            name: "empty slide",
            file: "modules/01-welcome/slides.md",
            from: "\n---\n",
            to: "\n---\n\n---\n",
            line_marker: "---",
            line_offset: 2,
            message: "is empty",
        },
        Breakage {
            name: "duplicate id",
            file: "modules/02-operational-risk/module.toml",
            from: "id = \"operational-risk\"",
            to: "id = \"welcome\"",
            line_marker: "id = \"welcome\"",
            line_offset: 0,
            message: "duplicate module id `welcome`",
        },
        Breakage {
            name: "unknown agenda module",
            file: "course.toml",
            from: "module = \"welcome\"",
            to: "module = \"welcom\"",
            line_marker: "module = \"welcom\"",
            line_offset: 0,
            message: "unknown module `welcom`",
        },
    ]
}

#[test]
fn broken_content_stops_start_up_naming_file_and_line() {
    for breakage in breakages() {
        let content = copy_of_content();
        let file: PathBuf = content.path().join(breakage.file);
        replace_in(&file, breakage.from, breakage.to);
        let (code, stderr) = start_server(content.path());
        assert_eq!(
            code,
            Some(2),
            "{}: exit code; stderr: {stderr}",
            breakage.name
        );
        assert!(
            stderr.contains(breakage.message),
            "{}: message missing from {stderr}",
            breakage.name
        );
        let line = line_of(&file, breakage.line_marker) + breakage.line_offset;
        let location = format!("{}:{line}:", file.display());
        assert!(
            stderr.contains(&location),
            "{}: expected {location} in {stderr}",
            breakage.name
        );
    }
}

#[test]
fn check_content_accepts_the_shipped_course_and_rejects_a_broken_one() {
    let ok = Command::new(env!("CARGO_BIN_EXE_server"))
        .args(["check-content"])
        .arg(shipped_content())
        .output()
        .unwrap();
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    assert!(String::from_utf8_lossy(&ok.stdout).contains("26 process areas"));

    let content = copy_of_content();
    replace_in(
        &content.path().join("glossary.toml"),
        "[[terms]]",
        "[[terms]]\nid = 3",
    );
    let broken = Command::new(env!("CARGO_BIN_EXE_server"))
        .args(["check-content"])
        .arg(content.path())
        .output()
        .unwrap();
    assert_eq!(broken.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&broken.stderr).contains("glossary.toml:"));
}

#[tokio::test]
async fn build_reports_content_errors_as_such() {
    let content = copy_of_content();
    std::fs::remove_file(content.path().join("modules/01-welcome/slides.md")).unwrap();
    let data = tempfile::tempdir().unwrap();
    let error = server::startup::Application::build(test_settings(
        content.path().to_path_buf(),
        data.path(),
    ))
    .await
    .err()
    .expect("start-up fails");
    assert!(
        error.to_string().contains("slides.md: file is missing"),
        "{error}"
    );
}
