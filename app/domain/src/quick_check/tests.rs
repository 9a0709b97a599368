use super::*;

fn choice(kind: CheckKind, options: &[&str], correct: &[&str]) -> QuickCheck {
    QuickCheck {
        kind,
        question: "Which?".into(),
        options: options.iter().map(|o| o.to_string()).collect(),
        correct: correct.iter().map(|c| c.to_string()).collect(),
        low: None,
        high: None,
    }
}

fn fields(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[test]
fn well_formed_checks_pass_and_text_is_trimmed() {
    let check = choice(CheckKind::Single, &[" People ", "Systems"], &["People"])
        .validated()
        .unwrap();
    assert_eq!(check.options, vec!["People", "Systems"]);
    let scale = QuickCheck {
        low: Some("Lost".into()),
        high: Some("Sure".into()),
        ..choice(CheckKind::Scale, &[], &[])
    };
    assert!(scale.validated().is_ok());
    assert!(choice(CheckKind::Word, &[], &["risk", "Risk appetite"])
        .validated()
        .is_ok());
}

#[test]
fn malformed_checks_say_what_is_wrong() {
    let cases: Vec<(QuickCheck, &str)> = vec![
        (choice(CheckKind::Single, &["only"], &[]), "2 to 6 options"),
        (
            choice(
                CheckKind::Multiple,
                &["a", "b", "c", "d", "e", "f", "g"],
                &[],
            ),
            "2 to 6 options",
        ),
        (choice(CheckKind::Single, &["a", "a"], &[]), "listed twice"),
        (
            choice(CheckKind::Single, &["a", "b"], &["c"]),
            "not one of the options",
        ),
        (
            choice(CheckKind::Single, &["a", "b"], &["a", "b"]),
            "at most one correct",
        ),
        (choice(CheckKind::Scale, &["a", "b"], &[]), "no options"),
        (choice(CheckKind::Scale, &[], &["3"]), "no correct answer"),
        (choice(CheckKind::Word, &["a", "b"], &[]), "no options"),
        (
            QuickCheck {
                question: "  ".into(),
                ..choice(CheckKind::Word, &[], &[])
            },
            "needs a question",
        ),
        (
            QuickCheck {
                question: "x".repeat(201),
                ..choice(CheckKind::Word, &[], &[])
            },
            "longer than 200",
        ),
        (
            QuickCheck {
                low: Some("x".into()),
                ..choice(CheckKind::Single, &["a", "b"], &[])
            },
            "scale checks only",
        ),
    ];
    for (check, expected) in cases {
        let error = check.clone().validated().unwrap_err();
        assert!(error.contains(expected), "{check:?}: {error}");
    }
}

#[test]
fn answers_are_read_from_form_fields_and_refused_when_they_do_not_fit() {
    let single = choice(CheckKind::Single, &["a", "b", "c"], &["b"]);
    assert_eq!(
        single.read_answer(&fields(&[("choice", "1")])),
        Ok(CheckAnswer::Options(vec![1]))
    );
    assert!(single
        .read_answer(&fields(&[("choice", "0"), ("choice", "2")]))
        .is_err());
    assert!(single.read_answer(&fields(&[("choice", "3")])).is_err());
    assert!(single.read_answer(&fields(&[("choice", "-1")])).is_err());
    assert!(single.read_answer(&fields(&[])).is_err());
    let multiple = choice(CheckKind::Multiple, &["a", "b", "c"], &[]);
    assert_eq!(
        multiple.read_answer(&fields(&[
            ("choice", "2"),
            ("choice", "0"),
            ("choice", "2")
        ])),
        Ok(CheckAnswer::Options(vec![0, 2]))
    );
    let scale = choice(CheckKind::Scale, &[], &[]);
    assert_eq!(
        scale.read_answer(&fields(&[("scale", "5")])),
        Ok(CheckAnswer::Scale(5))
    );
    for bad in ["0", "6", "three", ""] {
        assert!(
            scale.read_answer(&fields(&[("scale", bad)])).is_err(),
            "{bad}"
        );
    }
    let word = choice(CheckKind::Word, &[], &[]);
    assert_eq!(
        word.read_answer(&fields(&[("word", "  risk   appetite ")])),
        Ok(CheckAnswer::Word("risk appetite".into()))
    );
    assert!(word
        .read_answer(&fields(&[("word", &"x".repeat(41))]))
        .is_err());
    assert!(word.read_answer(&fields(&[("word", "   ")])).is_err());
    assert!(word.read_answer(&fields(&[("word", "a\u{7}b")])).is_err());
}

#[test]
fn correctness_follows_the_kind() {
    let single = choice(CheckKind::Single, &["a", "b"], &["b"]);
    assert_eq!(
        single.is_correct(&CheckAnswer::Options(vec![1])),
        Some(true)
    );
    assert_eq!(
        single.is_correct(&CheckAnswer::Options(vec![0])),
        Some(false)
    );
    let multiple = choice(CheckKind::Multiple, &["a", "b", "c"], &["a", "c"]);
    assert_eq!(
        multiple.is_correct(&CheckAnswer::Options(vec![0, 2])),
        Some(true)
    );
    assert_eq!(
        multiple.is_correct(&CheckAnswer::Options(vec![0])),
        Some(false)
    );
    assert_eq!(
        multiple.is_correct(&CheckAnswer::Options(vec![0, 1, 2])),
        Some(false)
    );
    assert!(multiple.option_is_correct(2) && !multiple.option_is_correct(1));
    let word = choice(CheckKind::Word, &[], &["Risk appetite"]);
    assert_eq!(
        word.is_correct(&CheckAnswer::Word("risk  APPETITE".into())),
        Some(true)
    );
    assert_eq!(
        word.is_correct(&CheckAnswer::Word("risk".into())),
        Some(false)
    );
    let open = choice(CheckKind::Single, &["a", "b"], &[]);
    assert_eq!(open.is_correct(&CheckAnswer::Options(vec![0])), None);
}

#[test]
fn the_tally_counts_choices_points_and_words() {
    let multiple = choice(CheckKind::Multiple, &["a", "b", "c"], &[]);
    let answers = [
        CheckAnswer::Options(vec![0, 2]),
        CheckAnswer::Options(vec![2]),
        CheckAnswer::Options(vec![7]), // not this check's: left out
        CheckAnswer::Scale(3),         // another kind: left out
    ];
    let tally = multiple.tally(&answers);
    assert_eq!((tally.answers, tally.counts), (2, vec![1, 0, 2]));

    let scale = choice(CheckKind::Scale, &[], &[]);
    let tally = scale.tally(&[
        CheckAnswer::Scale(1),
        CheckAnswer::Scale(5),
        CheckAnswer::Scale(5),
    ]);
    assert_eq!(tally.counts, vec![1, 0, 0, 0, 2]);

    let word = choice(CheckKind::Word, &[], &[]);
    let mut answers = vec![
        CheckAnswer::Word("Resilience".into()),
        CheckAnswer::Word("resilience".into()),
        CheckAnswer::Word("risk".into()),
    ];
    for n in 0..25 {
        answers.push(CheckAnswer::Word(format!("word{n:02}")));
    }
    let tally = word.tally(&answers);
    assert_eq!(tally.answers, 28);
    assert_eq!(tally.words[0], ("Resilience".to_string(), 2));
    assert_eq!(tally.words.len(), MAX_WORDS_SHOWN);
    assert_eq!(tally.other_words, 28 - 2 - (MAX_WORDS_SHOWN - 1));
}

#[test]
fn a_check_survives_a_round_trip_through_json() {
    let check = choice(CheckKind::Single, &["a", "b"], &["a"]);
    let text = serde_json::to_string(&check).unwrap();
    assert!(text.contains(r#""kind":"single""#), "{text}");
    assert_eq!(serde_json::from_str::<QuickCheck>(&text).unwrap(), check);
}
