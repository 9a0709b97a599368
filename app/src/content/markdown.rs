//! Markdown rendering for all course prose. This is the one place that chooses pulldown-cmark's
//! options, resolves the course's own link schemes (`glossary:`, `model:`, `module:`), gives
//! headings stable anchors, and refuses raw HTML that could run script or break the page's
//! Content-Security-Policy.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use pulldown_cmark::{html, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::error::{ContentError, LineIndex};
use crate::course::TocEntry;

/// The names that links in course prose may point at.
#[derive(Debug, Default, Clone)]
pub struct LinkTargets {
    pub glossary: HashSet<String>,
    pub process_areas: HashSet<String>,
    /// Canonical practice ids such as `IMC:SG2.SP1`.
    pub practices: HashSet<String>,
    pub modules: HashSet<String>,
}

/// Where a piece of Markdown sits, so that errors can name the file and line.
#[derive(Debug, Clone, Copy)]
pub struct Place<'a> {
    pub file: &'a Path,
    /// The line of the file on which the Markdown text begins.
    pub first_line: usize,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Rendered {
    pub html: String,
    /// Level-2 and level-3 headings, in order.
    pub toc: Vec<TocEntry>,
    /// The text of the first heading, whatever its level.
    pub first_heading: Option<String>,
    pub words: usize,
}

/// The pulldown-cmark options used for every piece of course prose.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION
}

/// Renders Markdown to HTML, checking every link and every piece of raw HTML.
pub fn render(
    markdown: &str,
    targets: &LinkTargets,
    place: Place<'_>,
) -> Result<Rendered, Vec<ContentError>> {
    let lines = LineIndex::new(markdown, place.first_line);
    let mut errors = Vec::new();
    let mut rendered = Rendered::default();
    let mut used_anchors: HashMap<String, usize> = HashMap::new();

    let events: Vec<(Event<'_>, std::ops::Range<usize>)> = Parser::new_ext(markdown, options())
        .into_offset_iter()
        .collect();
    let mut output: Vec<Event<'_>> = Vec::with_capacity(events.len());

    let mut index = 0;
    while index < events.len() {
        let (event, range) = &events[index];
        let line = lines.line_of(range.start);
        match event {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                // Gather the heading's own events first: its anchor comes from its text.
                let end = events[index..]
                    .iter()
                    .position(|(e, _)| matches!(e, Event::End(TagEnd::Heading(_))))
                    .map(|offset| index + offset)
                    .unwrap_or(events.len() - 1);
                let text = plain_text(events[index + 1..end].iter().map(|(e, _)| e));
                let base = id
                    .as_ref()
                    .map(|id| id.to_string())
                    .unwrap_or_else(|| slugify(&text));
                let anchor = unique_anchor(&base, &mut used_anchors);
                if rendered.first_heading.is_none() {
                    rendered.first_heading = Some(text.clone());
                }
                if matches!(level, HeadingLevel::H2 | HeadingLevel::H3) {
                    rendered.toc.push(TocEntry {
                        level: if *level == HeadingLevel::H2 { 2 } else { 3 },
                        anchor: anchor.clone(),
                        text: text.clone(),
                    });
                }
                rendered.words += count_words(&text);
                output.push(Event::Start(Tag::Heading {
                    level: *level,
                    id: Some(CowStr::from(anchor)),
                    classes: classes.clone(),
                    attrs: attrs.clone(),
                }));
                for (inner, inner_range) in &events[index + 1..end] {
                    let inner_line = lines.line_of(inner_range.start);
                    output.push(check_event(
                        inner.clone(),
                        targets,
                        place.file,
                        inner_line,
                        &mut errors,
                    ));
                }
                output.push(events[end].0.clone());
                index = end + 1;
                continue;
            }
            Event::Text(text) => rendered.words += count_words(text),
            _ => {}
        }
        output.push(check_event(
            event.clone(),
            targets,
            place.file,
            line,
            &mut errors,
        ));
        index += 1;
    }

    if !errors.is_empty() {
        return Err(errors);
    }
    html::push_html(&mut rendered.html, output.into_iter());
    Ok(rendered)
}

/// Resolves links and rejects unsafe HTML in one event.
fn check_event<'a>(
    event: Event<'a>,
    targets: &LinkTargets,
    file: &Path,
    line: usize,
    errors: &mut Vec<ContentError>,
) -> Event<'a> {
    match event {
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            let dest_url = match resolve_link(&dest_url, targets) {
                Ok(url) => CowStr::from(url),
                Err(message) => {
                    errors.push(ContentError::new(file, Some(line), message));
                    dest_url
                }
            };
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            })
        }
        Event::Start(Tag::Image { .. }) => {
            errors.push(ContentError::new(
                file,
                Some(line),
                "images are not supported: draw diagrams as inline SVG",
            ));
            event
        }
        Event::Html(ref html) | Event::InlineHtml(ref html) => {
            if let Some(problem) = unsafe_html(html) {
                errors.push(ContentError::new(file, Some(line), problem));
            }
            event
        }
        other => other,
    }
}

/// Turns a link destination into a URL of the site, or says why it is wrong.
pub fn resolve_link(destination: &str, targets: &LinkTargets) -> Result<String, String> {
    if let Some(id) = destination.strip_prefix("glossary:") {
        return if targets.glossary.contains(id) {
            Ok(format!("/glossary#{id}"))
        } else {
            Err(format!(
                "unknown glossary term `{id}` in link `{destination}`"
            ))
        };
    }
    if let Some(target) = destination.strip_prefix("model:") {
        let abbr = target
            .split(':')
            .next()
            .unwrap_or_default()
            .to_ascii_uppercase();
        if !targets.process_areas.contains(&abbr) {
            return Err(format!(
                "unknown process area `{abbr}` in link `{destination}`"
            ));
        }
        if target.contains(':') {
            let practice = target.to_ascii_uppercase();
            if !targets.practices.contains(&practice) {
                return Err(format!(
                    "unknown practice `{target}` in link `{destination}`"
                ));
            }
            return Ok(format!("/model/{abbr}#{}", crate::course_anchor(&practice)));
        }
        return Ok(format!("/model/{abbr}"));
    }
    if let Some(id) = destination.strip_prefix("module:") {
        return if targets.modules.contains(id) {
            Ok(format!("/modules/{id}"))
        } else {
            Err(format!("unknown module `{id}` in link `{destination}`"))
        };
    }
    let lower = destination.to_ascii_lowercase();
    let allowed = lower.starts_with("https://")
        || lower.starts_with("http://")
        || lower.starts_with("mailto:")
        || lower.starts_with('/')
        || lower.starts_with('#');
    if allowed {
        Ok(destination.to_string())
    } else {
        Err(format!(
            "link `{destination}` must be glossary:, model:, module:, https:, mailto:, / or #"
        ))
    }
}

/// Says what is wrong with a piece of raw HTML, if anything. Content may carry inline SVG and
/// simple markup, but nothing that runs script or needs inline styles (the CSP forbids both).
fn unsafe_html(html: &str) -> Option<String> {
    let lower = html.to_ascii_lowercase();
    if lower.contains("<script") || lower.contains("javascript:") {
        return Some("raw HTML may not contain scripts".into());
    }
    if lower.contains("<iframe") || lower.contains("<object") || lower.contains("<embed") {
        return Some("raw HTML may not embed frames or objects".into());
    }
    if has_attribute(&lower, "style") || lower.contains("<style") {
        return Some(
            "raw HTML may not carry inline styles: use SVG presentation attributes".into(),
        );
    }
    let has_handler = lower
        .split(|c: char| c.is_whitespace() || c == '<')
        .any(|word| word.starts_with("on") && word.contains('=') && word.len() > 3);
    if has_handler {
        return Some("raw HTML may not carry event-handler attributes (on…=)".into());
    }
    None
}

/// Whether `html` (lowercased) has an attribute called exactly `name` (`font-style=` is not
/// `style=`).
fn has_attribute(html: &str, name: &str) -> bool {
    html.match_indices(name).any(|(at, _)| {
        let before = html[..at].chars().next_back();
        let after = html[at + name.len()..].trim_start();
        // pulldown-cmark hands over an HTML block line by line, so a line start is a boundary too.
        before.is_none_or(char::is_whitespace) && after.starts_with('=')
    })
}

fn plain_text<'a>(events: impl Iterator<Item = &'a Event<'a>>) -> String {
    let mut text = String::new();
    for event in events {
        if let Event::Text(t) | Event::Code(t) = event {
            text.push_str(t);
        }
    }
    text
}

fn count_words(text: &str) -> usize {
    text.split_whitespace()
        .filter(|word| word.chars().any(char::is_alphanumeric))
        .count()
}

/// Makes a heading's anchor from its text, as mdBook does: lowercase letters and digits, with
/// hyphens for spaces.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.trim().chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() || c == '_' || c == '-' {
            slug.push(c);
        } else if c.is_whitespace() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_matches('-').to_string();
    if slug.is_empty() {
        "section".into()
    } else {
        slug
    }
}

fn unique_anchor(base: &str, used: &mut HashMap<String, usize>) -> String {
    let count = used.entry(base.to_string()).or_insert(0);
    *count += 1;
    if *count == 1 {
        base.to_string()
    } else {
        format!("{base}-{}", *count - 1)
    }
}

#[cfg(test)]
mod tests {
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
        let markdown =
            "[a](glossary:asset) [b](model:imc) [c](model:IMC:SG2.SP1) [d](module:welcome)";
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
}
