//! The exercise, workspace and team forms, on a made-up exercise with every item kind and a
//! made-up case file: random fields, and valid submissions mutated. The content engine's fuzz
//! tests run the same checks on the shipped exercises and case file.

use domain::appraisal::team::{Author, TeamWorkspace};
use domain::appraisal::{CaseFile, EvidenceItem, ScopedPractice};
use domain::exercise::{Criterion, Item, ItemForm, RubricLevel};
use domain::ids::UserId;
use proptest::prelude::*;

use super::form_checks::{
    check_answers, check_team_edit, check_workspace, goals, submission_seed, valid_answer_fields,
    valid_team_fields, valid_workspace_fields, Choices,
};
use super::mutations::{field_mutations, mutate_fields, random_fields};
use super::support::fuzz;

fn item(id: &str, form: ItemForm) -> Item {
    Item {
        id: id.into(),
        points: 2,
        prompt_html: String::new(),
        form,
        outcome: None,
    }
}

fn texts(words: &[&str]) -> Vec<String> {
    words.iter().map(|w| w.to_string()).collect()
}

/// An exercise with one item of every kind (ids with a dot and a colon, as ids may have).
fn every_kind() -> Vec<Item> {
    vec![
        item(
            "one",
            ItemForm::SingleChoice {
                choices_html: texts(&["a", "b", "c"]),
            },
        ),
        item(
            "many",
            ItemForm::MultipleChoice {
                choices_html: texts(&["a", "b", "c", "d"]),
            },
        ),
        item(
            "match.x",
            ItemForm::Matching {
                lefts_html: texts(&["l1", "l2", "l3"]),
                options: texts(&["A", "B"]),
            },
        ),
        item(
            "order",
            ItemForm::Ordering {
                steps: texts(&["s1", "s2", "s3"]),
            },
        ),
        item("short", ItemForm::ShortAnswer),
        item(
            "essay:1",
            ItemForm::Essay {
                max_words: 12,
                rubric: vec![Criterion {
                    criterion: "c".into(),
                    levels: vec![RubricLevel {
                        label: "x".into(),
                        points: 2,
                        description: String::new(),
                    }],
                }],
            },
        ),
        item(
            "rate",
            ItemForm::Rating {
                scale: texts(&["NI", "PI", "LI", "FI"]),
            },
        ),
    ]
}

/// Every field name the exercise form uses for `items`.
fn answer_field_names(items: &[Item]) -> Vec<String> {
    items
        .iter()
        .flat_map(|item| {
            let name = format!("item.{}", item.id);
            let slots: Vec<String> = (0..4).map(|n| format!("{name}.{n}")).collect();
            slots.into_iter().chain([name])
        })
        .collect()
}

/// A case file with two process areas, three goals and five evidence items.
fn case() -> CaseFile {
    let practice = |id: &str, goal: &str| ScopedPractice {
        id: id.into(),
        process_area: goal.split(':').next().unwrap_or_default().into(),
        goal: goal.into(),
        title: "P".into(),
    };
    let evidence = |id: &str| EvidenceItem {
        id: id.into(),
        title: "T".into(),
        kind: "policy".into(),
        date: "2026-01-01".into(),
        author: "A".into(),
        practices: vec![],
        html: String::new(),
    };
    CaseFile {
        organization: "O".into(),
        title: "T".into(),
        appraisal_date: "2026-05-18".into(),
        scope: texts(&["X", "Y"]),
        targets: Default::default(),
        generic_scope: vec![],
        overview_html: String::new(),
        instructions_html: String::new(),
        evidence: ["E01", "E02", "E07", "E12", "E30"].map(evidence).to_vec(),
        practices: vec![
            practice("X:SG1.SP1", "X:SG1"),
            practice("X:SG1.SP2", "X:SG1"),
            practice("X:SG2.SP1", "X:SG2"),
            practice("Y:SG1.SP1", "Y:SG1"),
            practice("X:GG2.GP1", "X:GG2"),
        ],
    }
}

/// Every field name the workspace and team forms use for `case`.
fn workspace_field_names(case: &CaseFile) -> Vec<String> {
    let items: Vec<String> = case
        .practices
        .iter()
        .map(|p| p.id.clone())
        .chain(goals(case))
        .collect();
    items
        .iter()
        .flat_map(|id| {
            ["rating", "note", "evidence", "mark", "seen", "was"].map(|kind| format!("{kind}.{id}"))
        })
        .collect()
}

fn author() -> Author {
    Author {
        user_id: UserId(7),
        name: "Ana".into(),
    }
}

#[test]
fn random_exercise_forms_are_read_within_the_limits() {
    let items = every_kind();
    fuzz(
        "answers::answers_from_fields (random)",
        1,
        random_fields(answer_field_names(&items)),
        |fields| check_answers(&items, &fields),
    );
}

#[test]
fn mutated_exercise_forms_are_read_within_the_limits() {
    let items = every_kind();
    fuzz(
        "answers::answers_from_fields (mutated)",
        1,
        (submission_seed(), field_mutations(6)),
        |((numbers, text), mutations)| {
            let mut fields = valid_answer_fields(&items, &mut Choices::new(&numbers), &text);
            prop_assert!(
                domain::answers::answers_from_fields(&items, &fields).is_ok(),
                "a valid form was refused: {fields:?}"
            );
            mutate_fields(&mut fields, &mutations);
            check_answers(&items, &fields)
        },
    );
}

#[test]
fn random_and_mutated_workspace_forms_are_read_within_the_limits() {
    let case = case();
    fuzz(
        "workspace::workspace_from_fields (random)",
        1,
        random_fields(workspace_field_names(&case)),
        |fields| check_workspace(&case, &fields),
    );
    fuzz(
        "workspace::workspace_from_fields (mutated)",
        1,
        (submission_seed(), field_mutations(6)),
        |((numbers, note), mutations)| {
            let mut fields = valid_workspace_fields(&case, &mut Choices::new(&numbers), &note);
            prop_assert!(
                domain::appraisal::workspace::workspace_from_fields(&case, &fields).is_ok(),
                "a valid form was refused: {fields:?}"
            );
            mutate_fields(&mut fields, &mutations);
            check_workspace(&case, &fields)
        },
    );
}

#[test]
fn mutated_team_edits_keep_the_team_workspace_sound() {
    let case = case();
    let input = (submission_seed(), submission_seed(), field_mutations(6));
    fuzz(
        "team::apply_team_edit (mutated)",
        1,
        input,
        |((numbers, note), (more, other_note), mutations)| {
            // A first, valid edit gives the team something stored, with revisions, to edit on top of.
            let empty = TeamWorkspace::default();
            let first = valid_team_fields(&case, &empty, &mut Choices::new(&numbers), &note);
            let Some(stored) = check_team_edit(&empty, &case, &first, &author())? else {
                return Err(TestCaseError::fail("a valid team form was refused"));
            };
            let mut fields =
                valid_team_fields(&case, &stored, &mut Choices::new(&more), &other_note);
            mutate_fields(&mut fields, &mutations);
            let teammate = Author {
                user_id: UserId(8),
                name: "Ben".into(),
            };
            check_team_edit(&stored, &case, &fields, &teammate).map(|_| ())
        },
    );
}

#[test]
fn random_team_edits_keep_the_team_workspace_sound() {
    let case = case();
    fuzz(
        "team::apply_team_edit (random)",
        1,
        random_fields(workspace_field_names(&case)),
        |fields| check_team_edit(&TeamWorkspace::default(), &case, &fields, &author()).map(|_| ()),
    );
}
