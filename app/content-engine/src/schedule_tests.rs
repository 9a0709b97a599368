//! The course's time: every deck's timing cues add up to its module's slot, every exercise is
//! launched by a slide (and so has a clock time) or is an evening's homework, the class gets a
//! break at least every 105 minutes, and the knowledge check covers every outcome. Each broken
//! rule is an error naming the file and line an author must fix.

use std::fs;

use super::exercise_tests::with_exercise;
use super::validation_tests::{assert_reported, edit, fixture, load_errors, load_ok};
use domain::course::{ClockTime, ExerciseWhen};

const ALPHA_DECK: &str = "modules/01-alpha/slides.md";
const SORTING: &str = "exercises/01-sorting.toml";

#[test]
fn a_launched_exercise_gets_the_clock_time_of_its_slide() {
    let dir = with_exercise();
    let course = load_ok(dir.path());
    let scheduled = &course.overview.exercises;
    assert_eq!(scheduled.len(), 1);
    // Alpha starts at 08:30; the first slide takes 1 minute.
    assert_eq!(
        scheduled[0].when,
        ExerciseWhen::InClass {
            day: 1,
            start: ClockTime(8 * 60 + 31)
        }
    );
    let slide = &course.modules[0].deck.slides[1];
    assert_eq!(
        slide.exercise.as_ref().map(|e| e.id.as_str()),
        Some("sorting")
    );
    assert_eq!(slide.minutes, 104);
    assert!(!slide.html.contains(":::"), "{}", slide.html);
}

#[test]
fn an_exercise_with_no_slot_and_no_homework_mark_is_an_error() {
    let dir = with_exercise();
    edit(dir.path(), ALPHA_DECK, "::: exercise sorting\n", "");
    assert_reported(
        &load_errors(dir.path()),
        &dir.path().join(SORTING),
        1,
        "exercise `sorting` has no time in the agenda",
    );
}

#[test]
fn homework_names_an_evening_after_its_module() {
    let dir = with_exercise();
    edit(dir.path(), ALPHA_DECK, "::: exercise sorting\n", "");
    edit(
        dir.path(),
        SORTING,
        "minutes = 10",
        "minutes = 10\nhomework_evening = 1",
    );
    let course = load_ok(dir.path());
    assert_eq!(
        course.overview.exercises[0].when,
        ExerciseWhen::Homework { evening: 1 }
    );

    edit(
        dir.path(),
        SORTING,
        "homework_evening = 1",
        "homework_evening = 3",
    );
    assert_reported(
        &load_errors(dir.path()),
        &dir.path().join(SORTING),
        6,
        "the course has evenings 1 and 2",
    );

    edit(
        dir.path(),
        SORTING,
        "homework_evening = 3",
        "homework_evening = 1",
    );
    edit(
        dir.path(),
        SORTING,
        "module = \"alpha\"",
        "module = \"gamma\"",
    );
    assert_reported(
        &load_errors(dir.path()),
        &dir.path().join(SORTING),
        6,
        "comes before module `gamma` is taught on day 2",
    );
}

#[test]
fn an_exercise_both_launched_and_homework_is_an_error() {
    let dir = with_exercise();
    edit(
        dir.path(),
        SORTING,
        "minutes = 10",
        "minutes = 10\nhomework_evening = 1",
    );
    assert_reported(
        &load_errors(dir.path()),
        &dir.path().join(SORTING),
        6,
        "is marked as homework but",
    );
}

#[test]
fn a_launch_slide_too_short_or_naming_no_exercise_is_an_error() {
    let dir = with_exercise();
    edit(dir.path(), SORTING, "minutes = 10", "minutes = 200");
    let deck = dir.path().join(ALPHA_DECK);
    assert_reported(
        &load_errors(dir.path()),
        &deck,
        12,
        "gives it 104 min; the exercise takes 200",
    );

    let dir = with_exercise();
    let deck = edit(
        dir.path(),
        ALPHA_DECK,
        "::: exercise sorting",
        "::: exercise sortin",
    );
    let errors = load_errors(dir.path());
    assert_reported(&errors, &deck, 12, "no exercise has the id `sortin`");
}

#[test]
fn a_deck_whose_cues_do_not_add_up_to_its_slot_is_an_error() {
    let dir = fixture();
    let deck = edit(dir.path(), ALPHA_DECK, "(1 min)", "(6 min)");
    let errors = load_errors(dir.path());
    assert!(
        errors.iter().any(|e| e.file == deck
            && e.message.contains("timing cues add up to 110 min")
            && e.message.contains("lasts 105 min")),
        "{errors:#?}"
    );
}

#[test]
fn a_slide_without_exactly_one_cue_is_an_error_at_its_notes() {
    let dir = fixture();
    let deck = edit(dir.path(), ALPHA_DECK, "(1 min)", "");
    assert_reported(
        &load_errors(dir.path()),
        &deck,
        6,
        "slide 1 needs exactly one timing cue like (5 min) in its notes; it has 0",
    );
    let dir = fixture();
    let deck = edit(dir.path(), ALPHA_DECK, "(1 min)", "(1 min) (0 min)");
    assert_reported(&load_errors(dir.path()), &deck, 6, "it has 2");
}

#[test]
fn working_more_than_105_minutes_without_a_break_is_an_error() {
    let dir = fixture();
    let course = edit(
        dir.path(),
        "course.toml",
        "kind = \"break\"\ntitle = \"Break\"",
        "kind = \"plenary\"\ntitle = \"Talk\"",
    );
    assert_reported(
        &load_errors(dir.path()),
        &course,
        28,
        "the class works from 08:30 to 12:00 without a break",
    );
}

/// A knowledge check with `per_outcome` items for O1 and for O2.
fn knowledge_check(per_outcome: usize) -> String {
    let mut text = String::from(
        "id = \"knowledge-check\"\nmodule = \"alpha\"\ntitle = \"Check\"\noutcomes = [\"O1\", \"O2\"]\nminutes = 10\nhomework_evening = 1\nknowledge_check = true\nattempts = 1\nintroduction = \"Answer.\"\n",
    );
    for outcome in ["O1", "O2"] {
        for n in 0..per_outcome {
            text.push_str(&format!(
                "\n[[items]]\nid = \"{outcome}-{n}\"\nkind = \"single-choice\"\npoints = 1\noutcome = \"{outcome}\"\nprompt = \"Pick.\"\nchoices = [\"a\", \"b\"]\nanswer = 1\nexplanation = \"Because.\"\n"
            ));
        }
    }
    text
}

#[test]
fn the_knowledge_check_needs_three_items_per_outcome_each_naming_it() {
    let dir = fixture();
    let path = dir.path().join("exercises/09-check.toml");
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(&path, knowledge_check(3)).unwrap();
    let course = load_ok(dir.path());
    let check = course.exercise("knowledge-check").unwrap();
    assert!(check.knowledge_check);
    assert_eq!(check.items[0].outcome.as_deref(), Some("O1"));

    fs::write(&path, knowledge_check(2)).unwrap();
    let errors = load_errors(dir.path());
    assert_reported(
        &errors,
        &path,
        1,
        "has 2 item(s) for outcome O1; it needs at least 3",
    );
    assert_reported(&errors, &path, 1, "for outcome O2");

    fs::write(
        &path,
        knowledge_check(3).replacen("outcome = \"O1\"\n", "", 1),
    )
    .unwrap();
    assert_reported(
        &load_errors(dir.path()),
        &path,
        12,
        "every item of the knowledge check names the outcome it measures",
    );
}
