//! Markdown rendering for all course prose. This is the one place that chooses pulldown-cmark's
//! options, resolves the course's own link schemes (`glossary:`, `model:`, `module:`), gives
//! headings stable anchors, and refuses raw HTML that could run script or break the page's
//! Content-Security-Policy.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{html, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::error::{ContentError, LineIndex};
use super::raw_html::unsafe_html;
use domain::course::TocEntry;

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
    let events: Vec<(Event<'_>, Range<usize>)> = Parser::new_ext(markdown, options())
        .into_offset_iter()
        .collect();
    let mut pass = RenderPass {
        lines: LineIndex::new(markdown, place.first_line),
        targets,
        file: place.file,
        errors: Vec::new(),
        rendered: Rendered::default(),
        used_anchors: HashMap::new(),
        html_block: None,
    };
    let mut output: Vec<Event<'_>> = Vec::with_capacity(events.len());
    let mut index = 0;
    while index < events.len() {
        index = pass.convert(&events, index, &mut output);
    }

    if !pass.errors.is_empty() {
        return Err(pass.errors);
    }
    let mut rendered = pass.rendered;
    html::push_html(&mut rendered.html, output.into_iter());
    Ok(rendered)
}

/// Renders Markdown to HTML like [`render`], for callers that only want the HTML: errors are
/// added to `errors` and the HTML is then empty, so loading can go on and report every problem.
pub fn render_html(
    markdown: &str,
    targets: &LinkTargets,
    place: Place<'_>,
    errors: &mut Vec<ContentError>,
) -> String {
    match render(markdown, targets, place) {
        Ok(rendered) => rendered.html,
        Err(found) => {
            errors.extend(found);
            String::new()
        }
    }
}

/// One rendering of one piece of Markdown: what it has found so far (errors, headings, words)
/// while its events are checked and copied to the output one by one.
struct RenderPass<'t> {
    lines: LineIndex,
    targets: &'t LinkTargets,
    file: &'t Path,
    errors: Vec<ContentError>,
    rendered: Rendered,
    /// How many headings have used each anchor, so that repeated titles get distinct anchors.
    used_anchors: HashMap<String, usize>,
    /// The HTML block being read, if any (see [`RenderPass::follow_html_block`]).
    html_block: Option<HtmlBlock>,
}

/// An HTML block read so far: where it starts, its text, and whether a line of it was already
/// reported.
struct HtmlBlock {
    first_line: usize,
    text: String,
    reported: bool,
}

impl RenderPass<'_> {
    /// Checks the event at `index` and appends it to `output`, or, for a heading, the whole
    /// heading; answers the index of the next event to convert.
    fn convert<'a>(
        &mut self,
        events: &[(Event<'a>, Range<usize>)],
        index: usize,
        output: &mut Vec<Event<'a>>,
    ) -> usize {
        let (event, range) = &events[index];
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
                let inner = &events[index + 1..end];
                let anchor = self.record_heading(*level, id.as_deref(), inner);
                output.push(Event::Start(Tag::Heading {
                    level: *level,
                    id: Some(CowStr::from(anchor)),
                    classes: classes.clone(),
                    attrs: attrs.clone(),
                }));
                for (inner_event, inner_range) in inner {
                    output.push(self.check(inner_event.clone(), inner_range.start));
                }
                output.push(events[end].0.clone());
                return end + 1;
            }
            Event::Text(text) => self.rendered.words += count_words(text),
            _ => {}
        }
        output.push(self.check(event.clone(), range.start));
        index + 1
    }

    /// Notes a heading (its text in `inner`) as the first heading, in the table of contents and
    /// in the word count; answers its anchor, the explicit id if it has one.
    fn record_heading(
        &mut self,
        level: HeadingLevel,
        id: Option<&str>,
        inner: &[(Event<'_>, Range<usize>)],
    ) -> String {
        let text = plain_text(inner.iter().map(|(e, _)| e));
        let base = id
            .map(|id| id.to_string())
            .unwrap_or_else(|| slugify(&text));
        let anchor = unique_anchor(&base, &mut self.used_anchors);
        if self.rendered.first_heading.is_none() {
            self.rendered.first_heading = Some(text.clone());
        }
        if matches!(level, HeadingLevel::H2 | HeadingLevel::H3) {
            self.rendered.toc.push(TocEntry {
                level: if level == HeadingLevel::H2 { 2 } else { 3 },
                anchor: anchor.clone(),
                text: text.clone(),
            });
        }
        self.rendered.words += count_words(&text);
        anchor
    }

    /// Checks one event that starts at byte `offset` of the Markdown.
    fn check<'a>(&mut self, event: Event<'a>, offset: usize) -> Event<'a> {
        let line = self.lines.line_of(offset);
        let errors_before = self.errors.len();
        let event = check_event(event, self.targets, self.file, line, &mut self.errors);
        self.follow_html_block(&event, line, self.errors.len() > errors_before);
        event
    }

    /// pulldown-cmark hands over an HTML block line by line, but a tag may span lines (`<a
    /// href="java` then `script:…">`), which a browser reads as one. So a block is checked again
    /// as a whole when it ends, and reported at its first line when no line of it was reported
    /// alone.
    fn follow_html_block(&mut self, event: &Event<'_>, line: usize, reported: bool) {
        match event {
            Event::Start(Tag::HtmlBlock) => {
                self.html_block = Some(HtmlBlock {
                    first_line: line,
                    text: String::new(),
                    reported: false,
                });
            }
            Event::Html(html) => {
                if let Some(block) = &mut self.html_block {
                    block.text.push_str(html);
                    block.reported |= reported;
                }
            }
            Event::End(TagEnd::HtmlBlock) => {
                let Some(block) = self.html_block.take() else {
                    return;
                };
                if let Some(problem) = unsafe_html(&block.text).filter(|_| !block.reported) {
                    let error = ContentError::new(self.file, Some(block.first_line), problem);
                    self.errors.push(error);
                }
            }
            _ => {}
        }
    }
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
            return Ok(format!(
                "/model/{abbr}#{}",
                domain::course::course_anchor(&practice)
            ));
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
#[path = "markdown_tests.rs"]
mod tests;
