//! Quick checks in decks, loaded from a course folder: a good one reaches its slide (and the
//! counts), a bad one stops the course with the file and the line.

use super::validation_tests::{assert_reported, edit, fixture, load_errors, load_ok};

const DECK: &str = "modules/02-beta/slides.md";

fn with_check(toml: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = fixture();
    let file = edit(
        dir.path(),
        DECK,
        "- point\n",
        &format!("- point\n```check\n{toml}```\n"),
    );
    (dir, file)
}

#[test]
fn a_check_on_a_slide_is_loaded_apart_from_the_slide_text() {
    let (dir, _) = with_check(
        "kind = \"single\"\nquestion = \"Which source?\"\noptions = [\"People\", \"Events\"]\ncorrect = [\"Events\"]\n",
    );
    let course = load_ok(dir.path());
    let slide = &course.modules[1].deck.slides[0];
    let check = slide.check.as_ref().expect("the slide's check");
    assert_eq!(check.question, "Which source?");
    assert_eq!(check.correct, vec!["Events"]);
    assert!(!slide.html.contains("kind ="), "{}", slide.html);
    let counts = course.counts();
    assert_eq!(
        (counts.quick_checks, counts.modules_with_quick_checks),
        (1, 1)
    );
}

#[test]
fn a_check_of_an_unknown_kind_is_an_error_at_its_block() {
    let (dir, file) = with_check("kind = \"poll\"\nquestion = \"Which?\"\n");
    assert_reported(
        &load_errors(dir.path()),
        &file,
        4,
        "unknown quick check kind `poll`",
    );
}

#[test]
fn a_toml_mistake_in_a_check_is_an_error_at_its_own_line() {
    let (dir, file) = with_check("kind = \"single\"\nquestion = 5\n");
    assert_reported(
        &load_errors(dir.path()),
        &file,
        6,
        "the quick check is not valid",
    );
}

#[test]
fn a_malformed_check_says_what_is_wrong() {
    let (dir, file) = with_check(
        "kind = \"single\"\nquestion = \"Which?\"\noptions = [\"a\", \"b\"]\ncorrect = [\"c\"]\n",
    );
    assert_reported(
        &load_errors(dir.path()),
        &file,
        4,
        "the correct answer `c` is not one of the options",
    );
}

#[test]
fn an_unclosed_block_and_a_second_check_on_a_slide_are_errors() {
    let dir = fixture();
    let file = edit(
        dir.path(),
        DECK,
        "- point\n",
        "- point\n```check\nkind = \"word\"\n",
    );
    assert_reported(&load_errors(dir.path()), &file, 4, "is not closed");

    let check = "```check\nkind = \"scale\"\nquestion = \"Sure?\"\n```\n";
    let (dir, _) = with_check("kind = \"scale\"\nquestion = \"Sure?\"\n");
    let file = edit(
        dir.path(),
        DECK,
        "- point\n```check",
        &format!("- point\n{check}```check"),
    );
    assert_reported(
        &load_errors(dir.path()),
        &file,
        8,
        "slide 1 has more than one quick check",
    );
}
