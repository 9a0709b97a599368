//! Exercise files: a valid one with every item kind loads with its key hidden from the view, and
//! each kind of mistake is reported at its file and line.

use std::fs;

use super::validation_tests::{assert_reported, edit, fixture, load_errors, load_ok};
use domain::exercise::{grade, Answer, ItemForm, KeyAnswer};

const EXERCISE: &str = r#"id = "sorting"
module = "alpha"
title = "Sorting things"
outcomes = ["O1"]
minutes = 10
attempts = 2
introduction = """
Sort the [assets](glossary:asset).
"""

[[items]]
id = "one"
kind = "single-choice"
points = 1
prompt = "Pick one."
choices = ["first", "second", "third"]
answer = 2
explanation = "Because."

[[items]]
id = "many"
kind = "multiple-choice"
points = 2
prompt = "Pick several."
choices = ["a", "b", "c"]
answers = [1, 3]
explanation = "Because."

[[items]]
id = "match"
kind = "matching"
points = 2
prompt = "Match."
pairs = [
  { left = "laptop", right = "Technology" },
  { left = "engineer", right = "People" },
]
distractors = ["Facilities"]
explanation = "Because."

[[items]]
id = "order"
kind = "ordering"
points = 3
prompt = "Order."
steps = ["detect", "analyze", "respond"]
explanation = "Because."

[[items]]
id = "short"
kind = "short-answer"
points = 1
prompt = "Name it."
accepted = ["IMC", "Incident Management and Control"]
explanation = "Because."

[[items]]
id = "essay"
kind = "essay"
prompt = "Write."
explanation = "A strong answer says why."
[[items.rubric]]
criterion = "Names a sponsor"
levels = [
  { label = "Missing", points = 0, description = "None." },
  { label = "Strong", points = 3, description = "Clear." },
]

[[items]]
id = "rate"
kind = "rating"
points = 2
prompt = "Rate."
scale = ["NI", "PI", "LI", "FI"]
answer = 3
explanation = "Because."
"#;

/// The fixture with one exercise of every kind, launched by the second slide of module alpha.
pub(super) fn with_exercise() -> tempfile::TempDir {
    let dir = fixture();
    fs::create_dir_all(dir.path().join("exercises")).unwrap();
    fs::write(dir.path().join("exercises/01-sorting.toml"), EXERCISE).unwrap();
    edit(
        dir.path(),
        "modules/01-alpha/slides.md",
        "## Second\n",
        "## Second\n\n::: exercise sorting\n",
    );
    dir
}

#[test]
fn an_exercise_with_every_item_kind_loads() {
    let dir = with_exercise();
    let course = load_ok(dir.path());
    assert_eq!(course.counts().exercises, 1);
    let exercise = course.exercise("sorting").unwrap();
    let view = exercise.view();
    assert_eq!(view.items.len(), 7);
    // 1 + 2 + 2 + 3 + 1 + 3 (the rubric's top level) + 2
    assert_eq!(view.total_points, 14);
    assert!(exercise.needs_manual_grading());
    assert!(view.introduction_html.contains("href=\"/glossary#asset\""));
    // Options are presented sorted, and the key points into that order.
    let ItemForm::Matching { options, .. } = &view.items[2].form else {
        panic!("matching item expected");
    };
    assert_eq!(options, &["Facilities", "People", "Technology"]);
    assert_eq!(exercise.keys[2].answer, KeyAnswer::Matching(vec![2, 1]));
    let ItemForm::Ordering { steps } = &view.items[3].form else {
        panic!("ordering item expected");
    };
    assert_eq!(steps, &["analyze", "detect", "respond"]);
    assert_eq!(exercise.keys[3].answer, KeyAnswer::Ordering(vec![1, 0, 2]));
    let right_order = Answer::Ordering(vec![Some(1), Some(0), Some(2)]);
    assert_eq!(
        grade(3, &exercise.keys[3].answer, Some(&right_order)),
        Some(300)
    );
    // The learner's view carries no explanation and no answer.
    let json = serde_json::to_string(&view).unwrap();
    assert!(
        !json.contains("Because") && !json.contains("Incident Management"),
        "{json}"
    );
}

#[test]
fn an_index_out_of_range_is_reported_at_its_line() {
    let dir = with_exercise();
    let file = edit(
        dir.path(),
        "exercises/01-sorting.toml",
        "answer = 2",
        "answer = 9",
    );
    assert_reported(
        &load_errors(dir.path()),
        &file,
        17,
        "9 is not between 1 and 3",
    );
}

#[test]
fn unknown_modules_outcomes_kinds_and_keys_are_reported() {
    let dir = with_exercise();
    let path = "exercises/01-sorting.toml";
    let file = edit(dir.path(), path, "module = \"alpha\"", "module = \"omega\"");
    edit(
        dir.path(),
        path,
        "outcomes = [\"O1\"]",
        "outcomes = [\"O9\"]",
    );
    edit(dir.path(), path, "kind = \"rating\"", "kind = \"slider\"");
    let errors = load_errors(dir.path());
    assert_reported(&errors, &file, 2, "unknown module `omega`");
    assert_reported(&errors, &file, 4, "unknown outcome `O9`");
    assert_reported(&errors, &file, 71, "unknown item kind `slider`");

    let dir = with_exercise();
    let file = edit(
        dir.path(),
        path,
        "minutes = 10",
        "minutes = 10\ncolour = \"red\"",
    );
    assert_reported(&load_errors(dir.path()), &file, 6, "unknown field `colour`");
}

#[test]
fn essay_rubrics_and_points_are_checked() {
    let dir = with_exercise();
    let file = edit(
        dir.path(),
        "exercises/01-sorting.toml",
        "{ label = \"Missing\", points = 0,",
        "{ label = \"Missing\", points = 1,",
    );
    assert_reported(&load_errors(dir.path()), &file, 63, "rising from 0");
    let dir = with_exercise();
    let file = edit(
        dir.path(),
        "exercises/01-sorting.toml",
        "points = 3\nprompt = \"Order.\"",
        "points = 30\nprompt = \"Order.\"",
    );
    assert_reported(&load_errors(dir.path()), &file, 44, "from 1 to 20");
}
