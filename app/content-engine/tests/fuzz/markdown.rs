//! Course Markdown rendered on its own (cheap enough for thousands of inputs): shipped Markdown
//! files mutated, and Markdown carrying hostile raw HTML. Errors name the file and a line of the
//! text; what renders without error runs no script.

use std::path::Path;

use content_engine::markdown::{render, LinkTargets, Place};
use proptest::prelude::*;
use proptest::sample::Index;

use super::active_html::active_part;
use super::file_mutations::{file_mutations, mutate};
use super::mutations::tricky_text;
use super::shipped::{files, link_targets};
use super::support::fuzz;

/// Renders `markdown` as if it began on `first_line` of a file: errors name that file and a line
/// of the text; HTML that renders runs no script.
fn check_render(
    markdown: &str,
    targets: &LinkTargets,
    first_line: usize,
) -> Result<(), TestCaseError> {
    let file = Path::new("content/modules/fuzz/lesson.md");
    let last_line = first_line + markdown.matches('\n').count();
    match render(markdown, targets, Place { file, first_line }) {
        Ok(rendered) => {
            let active = active_part(&rendered.html);
            prop_assert!(
                active.is_none(),
                "{} got through in {}",
                active.unwrap_or_default(),
                rendered.html
            );
        }
        Err(errors) => {
            prop_assert!(!errors.is_empty());
            for error in errors {
                prop_assert_eq!(&error.file, file);
                prop_assert!(!error.message.trim().is_empty());
                let line = error.line.unwrap_or(first_line);
                prop_assert!(
                    (first_line..=last_line).contains(&line),
                    "{error} is outside lines {first_line}..={last_line}"
                );
            }
        }
    }
    Ok(())
}

#[test]
fn mutated_shipped_markdown_renders_or_names_its_lines() {
    let targets = link_targets();
    let markdown: Vec<&Vec<u8>> = files()
        .iter()
        .filter(|f| f.path.extension().is_some_and(|e| e == "md"))
        .map(|f| &f.bytes)
        .collect();
    let input = (any::<Index>(), file_mutations(4), 1usize..2_000);
    fuzz(
        "markdown::render (mutated shipped Markdown)",
        4,
        input,
        |(which, mutations, first_line)| {
            let bytes = mutate(markdown[which.index(markdown.len())], &mutations);
            check_render(&String::from_utf8_lossy(&bytes), &targets, first_line)
        },
    );
}

/// Pieces of raw HTML and links, put together in every order: element names, separators that
/// browsers accept between attributes, attribute names in any case, and addresses that hide a
/// scheme.
fn hostile_markdown() -> impl Strategy<Value = String> {
    let piece = proptest::sample::select(vec![
        "<svg",
        "<a",
        "<img",
        "<div",
        "<p",
        "<SCRIPT",
        "<scr",
        "ipt>",
        "<iframe",
        "<style",
        "<object",
        "<embed",
        ">",
        "/>",
        " ",
        "/",
        "\t",
        "\n",
        "\n\n",
        "\"",
        "'",
        "`",
        "=",
        "onload",
        "ONCLICK",
        "onerror",
        "on",
        "style",
        "href",
        "xlink:href",
        "src",
        "javascript:",
        "JaVaScRiPt:",
        "java\tscript:",
        "jav&#x61;script:",
        "&#106;avascript:",
        "javascript&colon;",
        "vbscript:",
        "data:text/html,",
        "alert(1)",
        "[x](",
        ")",
        "<!--",
        "-->",
        "```",
        "&lt;",
        "x",
    ]);
    let pieces = proptest::collection::vec(
        prop_oneof![9 => piece.prop_map(String::from), 1 => tricky_text(3)],
        1..24,
    );
    pieces.prop_map(|pieces| pieces.concat())
}

#[test]
fn raw_html_that_renders_runs_no_script() {
    let targets = link_targets();
    fuzz(
        "markdown::render (hostile raw HTML)",
        1,
        hostile_markdown(),
        |markdown| check_render(&markdown, &targets, 1),
    );
}
