//! Tests of Markdown rendering: extensions, anchors, course links and the raw HTML refused.

use super::*;

fn targets() -> LinkTargets {
    LinkTargets {
        glossary: ["asset".to_string()].into(),
        process_areas: ["IMC".to_string()].into(),
        practices: ["IMC:SG2.SP1".to_string()].into(),
        modules: ["welcome".to_string()].into(),
    }
}

fn place() -> Place<'static> {
    Place {
        file: Path::new("lesson.md"),
        first_line: 1,
    }
}

#[test]
fn renders_tables_footnotes_and_heading_anchors() {
    let markdown = "## Risk and resilience\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nText[^1].\n\n[^1]: A note.\n\n## Risk and resilience\n";
    let rendered = render(markdown, &targets(), place()).unwrap();
    assert!(rendered.html.contains("<table>"));
    assert!(rendered.html.contains("footnote-definition"));
    assert!(rendered.html.contains(r#"<h2 id="risk-and-resilience">"#));
    assert!(rendered.html.contains(r#"<h2 id="risk-and-resilience-1">"#));
    assert_eq!(rendered.toc.len(), 2);
    assert_eq!(
        rendered.first_heading.as_deref(),
        Some("Risk and resilience")
    );
}

#[test]
fn explicit_heading_ids_win() {
    let rendered = render("## Scope {#scope}\n", &targets(), place()).unwrap();
    assert!(rendered.html.contains(r#"id="scope""#));
}

#[test]
fn resolves_course_link_schemes() {
    let markdown = "[a](glossary:asset) [b](model:imc) [c](model:IMC:SG2.SP1) [d](module:welcome)";
    let html = render(markdown, &targets(), place()).unwrap().html;
    assert!(html.contains(r#"href="/glossary#asset""#));
    assert!(html.contains(r#"href="/model/IMC""#));
    assert!(html.contains(r#"href="/model/IMC#IMC-SG2-SP1""#));
    assert!(html.contains(r#"href="/modules/welcome""#));
}

#[test]
fn dangling_links_name_their_line() {
    let markdown = "first line\n\nsee [x](glossary:nothing)\n";
    let errors = render(
        markdown,
        &targets(),
        Place {
            file: Path::new("f.md"),
            first_line: 5,
        },
    )
    .unwrap_err();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].line, Some(7));
    assert!(errors[0]
        .message
        .contains("unknown glossary term `nothing`"));
    for bad in [
        "[x](model:XYZ)",
        "[x](model:IMC:SG9.SP9)",
        "[x](module:none)",
        "[x](javascript:alert(1))",
    ] {
        assert!(
            render(bad, &targets(), place()).is_err(),
            "{bad} should be refused"
        );
    }
}

#[test]
fn refuses_script_handlers_styles_and_images() {
    for bad in [
        "<script>alert(1)</script>",
        "<svg onload=\"x()\"></svg>",
        "<p style=\"color:red\">x</p>",
        "<p\nstyle = \"color:red\">x</p>",
        "<div>\n<svg/onload=alert(1)>\n</div>",
        "<a href=\"jav&#x61;script:alert(1)\">x</a>",
        "<div>\n<a href=\"java\nscript:alert(1)\">x</a>\n</div>",
        "![pic](pic.png)",
    ] {
        assert!(
            render(bad, &targets(), place()).is_err(),
            "{bad} should be refused"
        );
    }
    let svg = "<svg viewBox=\"0 0 10 10\" role=\"img\" aria-labelledby=\"t\">\n<title id=\"t\">Box</title>\n<rect width=\"10\" height=\"10\" fill=\"#036\"/>\n<text font-style=\"italic\">ok</text>\n</svg>\n";
    assert!(render(svg, &targets(), place())
        .unwrap()
        .html
        .contains("<rect"));
}

#[test]
fn counts_words_of_text_only() {
    let rendered = render(
        "## Two words\n\nThree more words — and `code`.\n",
        &targets(),
        place(),
    )
    .unwrap();
    assert_eq!(rendered.words, 2 + 4);
}
