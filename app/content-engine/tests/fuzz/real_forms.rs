//! The form readers on the shipped course: answers to each shipped exercise, and the workspace
//! and team forms of the shipped case file, posted valid and then mutated. Accepted answers also
//! grade within the item's points against the shipped key.

use domain::answers::answers_from_fields;
use domain::appraisal::team::{Author, TeamWorkspace};
use domain::appraisal::workspace::workspace_from_fields;
use domain::exercise::{grade, Exercise};
use domain::ids::UserId;
use proptest::prelude::*;
use proptest::sample::Index;

use super::form_checks::{
    check_answers, check_team_edit, check_workspace, submission_seed, valid_answer_fields,
    valid_team_fields, valid_workspace_fields, Choices,
};
use super::mutations::{field_mutations, mutate_fields};
use super::shipped::course;
use super::support::fuzz;

/// Grades every answer `fields` give to `exercise` against its key: never more than the item's
/// points (in hundredths).
fn check_grades(exercise: &Exercise, fields: &[(String, String)]) -> Result<(), TestCaseError> {
    let Ok(answers) = answers_from_fields(&exercise.items, fields) else {
        return Ok(());
    };
    for (item, key) in exercise.items.iter().zip(&exercise.keys) {
        if let Some(points) = grade(item.points, &key.answer, answers.get(&item.id)) {
            prop_assert!(points <= item.points * 100, "{} scored {points}", item.id);
        }
    }
    Ok(())
}

#[test]
fn mutated_answers_to_the_shipped_exercises_are_read_and_graded_within_the_limits() {
    let exercises = &course().exercises;
    let input = (any::<Index>(), submission_seed(), field_mutations(6));
    fuzz(
        "answers_from_fields (shipped exercises)",
        2,
        input,
        |(which, (numbers, text), mutations)| {
            let exercise = &exercises[which.index(exercises.len())];
            let mut fields =
                valid_answer_fields(&exercise.items, &mut Choices::new(&numbers), &text);
            let valid = answers_from_fields(&exercise.items, &fields);
            prop_assert!(
                valid.is_ok(),
                "{}: a valid form was refused: {valid:?}",
                exercise.id
            );
            check_grades(exercise, &fields)?;
            mutate_fields(&mut fields, &mutations);
            check_answers(&exercise.items, &fields)?;
            check_grades(exercise, &fields)
        },
    );
}

#[test]
fn mutated_workspace_forms_for_the_shipped_case_are_read_within_the_limits() {
    let (case, _) = course()
        .appraisal
        .as_ref()
        .expect("the shipped course has a case file");
    fuzz(
        "workspace_from_fields (shipped case)",
        4,
        (submission_seed(), field_mutations(6)),
        |((numbers, note), mutations)| {
            let mut fields = valid_workspace_fields(case, &mut Choices::new(&numbers), &note);
            prop_assert!(
                workspace_from_fields(case, &fields).is_ok(),
                "a valid form was refused"
            );
            mutate_fields(&mut fields, &mutations);
            check_workspace(case, &fields)
        },
    );
}

#[test]
fn mutated_team_edits_of_the_shipped_case_keep_the_team_workspace_sound() {
    let (case, _) = course()
        .appraisal
        .as_ref()
        .expect("the shipped course has a case file");
    let ana = Author {
        user_id: UserId(1),
        name: "Ana".into(),
    };
    let ben = Author {
        user_id: UserId(2),
        name: "Ben".into(),
    };
    let input = (submission_seed(), submission_seed(), field_mutations(6));
    fuzz(
        "apply_team_edit (shipped case)",
        8,
        input,
        |((numbers, note), (more, other), mutations)| {
            let empty = TeamWorkspace::default();
            let first = valid_team_fields(case, &empty, &mut Choices::new(&numbers), &note);
            let Some(stored) = check_team_edit(&empty, case, &first, &ana)? else {
                return Err(TestCaseError::fail("a valid team form was refused"));
            };
            let mut fields = valid_team_fields(case, &stored, &mut Choices::new(&more), &other);
            mutate_fields(&mut fields, &mutations);
            check_team_edit(&stored, case, &fields, &ben).map(|_| ())
        },
    );
}
