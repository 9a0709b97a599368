//! What learners type that the content engine reads: search queries (run against the shipped
//! course's index) and written answers and comments (rendered as safe HTML).

use content_engine::learner_text::render_learner_text;
use content_engine::search::{html_to_text, snippet, tokenize};
use proptest::prelude::*;

use super::active_html::active_part;
use super::mutations::{posted_text, tricky_text};
use super::shipped::course;
use super::support::fuzz;

/// A query: posted text, or words of the course with tricky characters between them.
fn query() -> impl Strategy<Value = String> {
    let word = proptest::sample::select(vec![
        "incident",
        "Incident",
        "recover",
        "IMC",
        "resilience",
        "ß",
        "İ",
        "e\u{301}",
        "o",
        "ab",
    ]);
    prop_oneof![
        2 => posted_text(),
        2 => proptest::collection::vec((word, tricky_text(2)), 1..6)
            .prop_map(|words| words.into_iter().map(|(w, sep)| format!("{w}{sep}")).collect()),
    ]
}

#[test]
fn search_answers_any_query_with_at_most_the_limit() {
    let index = &course().search;
    fuzz(
        "search::SearchIndex::search",
        8,
        (query(), 0usize..30),
        |(query, limit)| {
            let hits = index.search(&query, limit);
            prop_assert!(hits.len() <= limit);
            prop_assert!(hits.windows(2).all(|pair| pair[0].score >= pair[1].score));
            prop_assert!(hits
                .iter()
                .all(|hit| hit.score.is_finite() && hit.url.starts_with('/')));
            Ok(())
        },
    );
}

#[test]
fn snippets_are_cut_from_the_text_at_character_boundaries() {
    let words = proptest::collection::vec(tricky_text(4), 0..4);
    fuzz(
        "search::snippet",
        1,
        (posted_text(), words),
        |(text, words)| {
            let words: Vec<String> = words.iter().flat_map(|w| tokenize(w)).collect();
            let parts = snippet(&text, &words);
            let shown: String = parts.iter().map(|p| p.text.as_str()).collect();
            let shown = shown.trim_start_matches("… ").trim_end_matches(" …");
            prop_assert!(text.contains(shown), "{shown:?} is not a piece of the text");
            html_to_text(&text);
            Ok(())
        },
    );
}

/// Learner text: posted text, or Markdown with HTML and links that try to run script.
fn learner_text() -> impl Strategy<Value = String> {
    let attack = proptest::sample::select(vec![
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "<svg/onload=alert(1)>",
        "[x](javascript:alert(1))",
        "[x](jav&#x61;script:alert(1))",
        "<a href=\"java\tscript:x\">x</a>",
        "<p style=\"x\" onclick=\"y\">",
        "<iframe src=//evil.example>",
        "**bold**",
        "`code`",
        "\n\n",
    ]);
    proptest::collection::vec(
        prop_oneof![attack.prop_map(String::from), tricky_text(6)],
        0..8,
    )
    .prop_map(|parts| parts.concat())
}

#[test]
fn learner_text_never_renders_anything_active() {
    fuzz(
        "learner_text::render_learner_text",
        2,
        learner_text(),
        |text| {
            let html = render_learner_text(&text);
            let active = active_part(&html);
            prop_assert!(
                active.is_none(),
                "{} got through in {html}",
                active.unwrap_or_default()
            );
            Ok(())
        },
    );
}
