//! A quick check's results as the room sees them: a bar chart (SVG) for choices and the 1-to-5
//! scale, a ranked list for short words. Written as HTML by pure functions, so that the same
//! markup is rendered by the server (a learner without JavaScript sees it after their answer)
//! and by the browser when results arrive, and so that it is tested without a browser.
//!
//! Colour is never the only sign: each bar carries its count as text, and a correct option is
//! labelled "correct" once the instructor reveals it.

use super::html_text::escape;
use domain::quick_check::{CheckKind, QuickCheck, Tally};

/// The chart's geometry, in SVG user units (it scales with the page).
const WIDTH: usize = 640;
const LABEL_WIDTH: usize = 260;
const ROW_HEIGHT: usize = 34;
const BAR_HEIGHT: usize = 22;

/// The results of `check` as `tally` counts them, with the correct answer marked when
/// `correct_shown`.
pub fn results_html(check: &QuickCheck, tally: &Tally, correct_shown: bool) -> String {
    let heading = format!(
        r#"<p class="check-answers-count">{} {}</p>"#,
        tally.answers,
        if tally.answers == 1 {
            "answer"
        } else {
            "answers"
        }
    );
    let body = match check.kind {
        CheckKind::Word => words_html(check, tally, correct_shown),
        _ => bars_svg(check, tally, correct_shown),
    };
    format!("{heading}{body}")
}

/// The label of each bar: the options, or the scale's points with its end labels.
fn bar_labels(check: &QuickCheck) -> Vec<String> {
    match check.kind {
        CheckKind::Scale => (1..=5)
            .map(|point| match (point, &check.low, &check.high) {
                (1, Some(low), _) => format!("1 · {low}"),
                (5, _, Some(high)) => format!("5 · {high}"),
                _ => point.to_string(),
            })
            .collect(),
        _ => check.options.clone(),
    }
}

fn bars_svg(check: &QuickCheck, tally: &Tally, correct_shown: bool) -> String {
    let labels = bar_labels(check);
    let most = tally.counts.iter().copied().max().unwrap_or(0).max(1);
    let height = ROW_HEIGHT * labels.len() + 8;
    let summary: Vec<String> = labels
        .iter()
        .zip(&tally.counts)
        .map(|(label, count)| format!("{label}: {count}"))
        .collect();
    let mut svg = format!(
        r#"<svg class="check-chart" role="img" viewBox="0 0 {WIDTH} {height}" aria-label="{}">"#,
        escape(&format!("Results. {}", summary.join("; ")))
    );
    let bar_room = WIDTH - LABEL_WIDTH - 70;
    for (row, (label, count)) in labels.iter().zip(&tally.counts).enumerate() {
        let y = row * ROW_HEIGHT + 4;
        let correct = correct_shown && check.option_is_correct(row);
        let width = if *count == 0 {
            2
        } else {
            bar_room * count / most
        };
        let mark = if correct { " (correct)" } else { "" };
        svg.push_str(&format!(
            r#"<text x="{}" y="{}" text-anchor="end" class="check-label">{}{mark}</text><rect x="{LABEL_WIDTH}" y="{y}" width="{width}" height="{BAR_HEIGHT}" class="{}"/><text x="{}" y="{}" class="check-count">{count}</text>"#,
            LABEL_WIDTH - 8,
            y + BAR_HEIGHT - 6,
            escape(&shortened(label, 34)),
            if correct { "bar correct" } else { "bar" },
            LABEL_WIDTH + width + 6,
            y + BAR_HEIGHT - 6,
        ));
    }
    svg.push_str("</svg>");
    svg
}

fn words_html(check: &QuickCheck, tally: &Tally, correct_shown: bool) -> String {
    if tally.words.is_empty() {
        return r#"<p class="check-words-empty">No words yet.</p>"#.into();
    }
    let mut html = String::from(r#"<ol class="check-words">"#);
    for (word, count) in &tally.words {
        let accepted = correct_shown
            && check
                .is_correct(&domain::quick_check::CheckAnswer::Word(word.clone()))
                .unwrap_or(false);
        html.push_str(&format!(
            r#"<li{}><span class="check-word">{}</span> <span class="check-count">{count}</span>{}</li>"#,
            if accepted { r#" class="correct""# } else { "" },
            escape(word),
            if accepted { " (accepted)" } else { "" }
        ));
    }
    html.push_str("</ol>");
    if tally.other_words > 0 {
        html.push_str(&format!(
            r#"<p class="check-words-other">and {} other answers</p>"#,
            tally.other_words
        ));
    }
    if correct_shown && !check.correct.is_empty() {
        html.push_str(&format!(
            r#"<p class="check-accepted">Accepted: {}</p>"#,
            escape(&check.correct.join(", "))
        ));
    }
    html
}

/// `text` cut to `most` characters, with an ellipsis when cut (a long option in a chart label).
fn shortened(text: &str, most: usize) -> String {
    if text.chars().count() <= most {
        text.to_string()
    } else {
        let cut: String = text.chars().take(most - 1).collect();
        format!("{cut}…")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(kind: CheckKind, options: &[&str], correct: &[&str]) -> QuickCheck {
        QuickCheck {
            kind,
            question: "Which?".into(),
            options: options.iter().map(|o| o.to_string()).collect(),
            correct: correct.iter().map(|c| c.to_string()).collect(),
            low: None,
            high: None,
        }
    }

    #[test]
    fn bars_carry_their_counts_as_text_and_the_correct_one_is_labelled_once_revealed() {
        let single = check(CheckKind::Single, &["People", "Events"], &["Events"]);
        let tally = Tally {
            answers: 3,
            counts: vec![1, 2],
            ..Tally::default()
        };
        let hidden = results_html(&single, &tally, false);
        assert!(hidden.contains("3 answers"));
        assert!(
            hidden.contains(r#"aria-label="Results. People: 1; Events: 2""#),
            "{hidden}"
        );
        assert!(!hidden.contains("(correct)"));
        let shown = results_html(&single, &tally, true);
        assert!(shown.contains("Events (correct)"));
        assert!(shown.contains(r#"class="bar correct""#));
        assert_eq!(shown.matches("<rect").count(), 2);
    }

    #[test]
    fn a_scale_has_five_bars_with_its_end_labels() {
        let mut scale = check(CheckKind::Scale, &[], &[]);
        scale.low = Some("Lost".into());
        scale.high = Some("Sure".into());
        let tally = scale.tally(&[domain::quick_check::CheckAnswer::Scale(5)]);
        let html = results_html(&scale, &tally, true);
        assert_eq!(html.matches("<rect").count(), 5);
        assert!(html.contains("1 · Lost") && html.contains("5 · Sure"));
        assert!(html.contains("1 answer<"));
    }

    #[test]
    fn words_are_ranked_and_hostile_text_stays_text() {
        let word = check(CheckKind::Word, &[], &["resilience"]);
        let tally = Tally {
            answers: 3,
            counts: Vec::new(),
            words: vec![
                ("Resilience".into(), 2),
                ("<script>alert(1)</script>".into(), 1),
            ],
            other_words: 0,
        };
        let html = results_html(&word, &tally, true);
        assert!(!html.contains("<script>"));
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(html.contains(r#"<li class="correct"><span class="check-word">Resilience</span>"#));
        assert!(html.contains("Accepted: resilience"));
        let option = check(CheckKind::Single, &["<b>x</b>", "y"], &[]);
        let html = results_html(&option, &option.tally(&[]), false);
        assert!(!html.contains("<b>") && html.contains("&lt;b&gt;x&lt;/b&gt;"));
    }
}
