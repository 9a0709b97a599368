//! How the course's rendered HTML (slides, notes, handouts, definitions, exercise prompts) is made
//! to fit a file of the materials, through [`Links::place`]: its ids (and the references to them)
//! get a prefix of their own, so that ids stay unique across the many pieces of one file; its
//! headings move below the file's own; its links to pages of the site point to the file that holds
//! the same thing, or become plain text where no file does; and anything that would load something
//! (an image's `src`, a `url(...)` outside the page) is dropped.
//!
//! Prefixes are a run of letters and digits without a hyphen, then one hyphen (`m3s12-`): two
//! different prefixes can then never give the same id, whatever ids the content itself has.
//!
//! The tags are read by `tags`, which knows nothing of what is done with them.

use std::collections::HashSet;

use app::content::LoadedCourse;
use domain::course::course_anchor;

use super::tags::{parse_tag, Attribute, Tag};

/// What the files hold of the site's pages: the ids that a link to the site may name, so that it
/// can point to the same thing in a file instead.
pub struct Links {
    glossary: HashSet<String>,
    /// In capitals.
    process_areas: HashSet<String>,
    /// The anchors of every goal and practice (`IMC-SG2-SP1`), as the model reference has them.
    model_anchors: HashSet<String>,
    handouts: HashSet<String>,
    modules: HashSet<String>,
    exercises: HashSet<String>,
}

/// What becomes of an attribute of the course's HTML in a file.
enum Placed {
    Same,
    Changed(String),
    Dropped,
}

impl Links {
    pub fn of(course: &LoadedCourse) -> Links {
        let mut model_anchors = HashSet::new();
        for goal in course.process_areas.values().flat_map(|area| &area.goals) {
            model_anchors.insert(course_anchor(&goal.id));
            model_anchors.extend(goal.practices.iter().map(|p| course_anchor(&p.id)));
        }
        Links {
            glossary: course.glossary.iter().map(|term| term.id.clone()).collect(),
            process_areas: course
                .process_areas
                .values()
                .map(|area| area.abbr.to_ascii_uppercase())
                .collect(),
            model_anchors,
            handouts: course.handouts.iter().map(|h| h.id.clone()).collect(),
            modules: course
                .modules
                .iter()
                .map(|m| m.summary.id.clone())
                .collect(),
            exercises: course.exercises.iter().map(|e| e.id.clone()).collect(),
        }
    }

    /// The course's rendered `html` as it goes into a file: every id (and every reference to one)
    /// starts with `prefix`; headings move below a heading of level `under` (0: they stay as they
    /// are); links to the site point into the files or lose their address; nothing is loaded from
    /// elsewhere; comments are left out.
    pub fn place(&self, html: &str, prefix: &str, under: u8) -> String {
        let mut out = String::with_capacity(html.len() + html.len() / 8);
        let mut rest = html;
        while let Some(at) = rest.find('<') {
            out.push_str(&rest[..at]);
            rest = &rest[at..];
            if rest.starts_with("<!--") {
                let end = rest.find("-->").map_or(rest.len(), |end| end + 3);
                rest = &rest[end..];
                continue;
            }
            match parse_tag(rest) {
                Some((tag, length)) => {
                    match self.rewrite_tag(&tag, prefix, under) {
                        Some(rewritten) => out.push_str(&rewritten),
                        None => out.push_str(&rest[..length]),
                    }
                    rest = &rest[length..];
                }
                None => {
                    out.push('<');
                    rest = &rest[1..];
                }
            }
        }
        out.push_str(rest);
        out
    }

    /// The tag as it goes into the file, or `None` when it goes in as written.
    fn rewrite_tag(&self, tag: &Tag<'_>, prefix: &str, under: u8) -> Option<String> {
        let renamed = heading_level(tag.name)
            .filter(|_| under > 0)
            .map(|level| format!("h{}", placed_level(level, under)));
        if tag.closing {
            return renamed.map(|name| format!("</{name}>"));
        }
        let mut changed = renamed.is_some();
        // Only a link's address is followed on request; any other element's would be loaded.
        let followed = matches!(tag.name.to_ascii_lowercase().as_str(), "a" | "area");
        let mut attributes = String::new();
        for attribute in &tag.attributes {
            match self.place_attribute(attribute, prefix, followed) {
                Placed::Same => attributes.push_str(&attribute.written()),
                Placed::Changed(value) => {
                    changed = true;
                    let value = value.replace('"', "&quot;");
                    attributes.push_str(&format!(" {}=\"{value}\"", attribute.name));
                }
                Placed::Dropped => changed = true,
            }
        }
        if !changed {
            return None;
        }
        let name = renamed.unwrap_or_else(|| tag.name.to_string());
        let end = if tag.self_closing { " />" } else { ">" };
        Some(format!("<{name}{attributes}{end}"))
    }

    fn place_attribute(&self, attribute: &Attribute<'_>, prefix: &str, followed: bool) -> Placed {
        let Some(value) = attribute.value else {
            return Placed::Same;
        };
        let name = attribute.name.to_ascii_lowercase();
        match name.as_str() {
            "id" if !prefix.is_empty() => Placed::Changed(format!("{prefix}{value}")),
            "for" | "headers" | "aria-labelledby" | "aria-describedby" | "aria-controls"
            | "aria-owns" | "aria-details"
                if !prefix.is_empty() =>
            {
                let ids: Vec<String> = value
                    .split_ascii_whitespace()
                    .map(|id| format!("{prefix}{id}"))
                    .collect();
                Placed::Changed(ids.join(" "))
            }
            "href" | "xlink:href" => self.place_link(value, prefix, followed),
            "src" | "srcset" | "poster" | "background" | "data" | "action" | "formaction"
            | "ping" | "cite" | "longdesc" => {
                if value.trim_start().to_ascii_lowercase().starts_with("data:") {
                    Placed::Same
                } else {
                    Placed::Dropped
                }
            }
            _ if value.to_ascii_lowercase().contains("url(") => place_urls(value, prefix),
            _ => Placed::Same,
        }
    }

    /// An address: a place in the same piece, a page of the site (`/…`), or elsewhere, which
    /// stays only where it is `followed` (a link) or written into the page (`data:`).
    fn place_link(&self, href: &str, prefix: &str, followed: bool) -> Placed {
        let href = href.trim();
        if let Some(fragment) = href.strip_prefix('#') {
            return if prefix.is_empty() || fragment.is_empty() {
                Placed::Same
            } else {
                Placed::Changed(format!("#{prefix}{fragment}"))
            };
        }
        if href.to_ascii_lowercase().starts_with("data:") {
            return Placed::Same;
        }
        if !followed {
            return Placed::Dropped;
        }
        if href.starts_with('/') || href.starts_with('\\') {
            return self
                .site_link(href)
                .map_or(Placed::Dropped, Placed::Changed);
        }
        Placed::Same
    }

    /// The file (and the place in it) that holds the site's page `href`, or `None` when no file
    /// does.
    fn site_link(&self, href: &str) -> Option<String> {
        let (path, fragment) = match href.split_once('#') {
            Some((path, fragment)) => (path, Some(fragment).filter(|f| !f.is_empty())),
            None => (href, None),
        };
        let path = path.split('?').next().unwrap_or(path);
        let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        match segments.as_slice() {
            [] => Some("index.html".to_string()),
            ["glossary"] => Some(match fragment {
                Some(id) if self.glossary.contains(id) => format!("glossary.html#{id}"),
                _ => "glossary.html".to_string(),
            }),
            ["model"] => Some("model-reference.html".to_string()),
            ["model", abbr] => {
                let abbr = abbr.to_ascii_uppercase();
                if !self.process_areas.contains(&abbr) {
                    return None;
                }
                Some(match fragment {
                    Some(anchor) if self.model_anchors.contains(anchor) => {
                        format!("model-reference.html#{anchor}")
                    }
                    _ => format!("model-reference.html#pa-{abbr}"),
                })
            }
            ["handouts"] => Some("handouts.html".to_string()),
            ["handouts", id] if self.handouts.contains(*id) => {
                Some(format!("handouts.html#handout-{id}"))
            }
            ["notebook"] => Some("notebook.html".to_string()),
            ["modules", id, ..] if self.modules.contains(*id) => {
                Some(format!("notebook.html#module-{id}"))
            }
            ["exercises"] => Some("exercises.html".to_string()),
            ["exercises", id] if self.exercises.contains(*id) => {
                Some(format!("exercises.html#exercise-{id}"))
            }
            _ => None,
        }
    }
}

/// A value holding `url(...)`: each `url(#id)` points to `#` + `prefix` + `id`; a value that
/// names anything outside the page is dropped.
fn place_urls(value: &str, prefix: &str) -> Placed {
    let lower = value.to_ascii_lowercase();
    let mut out = String::with_capacity(value.len() + prefix.len());
    let mut from = 0;
    while let Some(found) = lower[from..].find("url(") {
        let inside = from + found + 4;
        out.push_str(&value[from..inside]);
        let quote = value[inside..]
            .chars()
            .next()
            .filter(|c| *c == '\'' || *c == '"');
        let target = inside + quote.map_or(0, char::len_utf8);
        if !value[target..].starts_with('#') {
            return Placed::Dropped;
        }
        if let Some(quote) = quote {
            out.push(quote);
        }
        out.push('#');
        out.push_str(prefix);
        from = target + 1;
    }
    out.push_str(&value[from..]);
    Placed::Changed(out)
}

/// The level of a heading tag's name (`h2`: 2).
fn heading_level(name: &str) -> Option<u8> {
    let mut chars = name.chars();
    match (chars.next(), chars.next(), chars.next()) {
        (Some('h' | 'H'), Some(digit @ '1'..='6'), None) => Some(digit as u8 - b'0'),
        _ => None,
    }
}

/// A heading of `level` in a piece that sits below a heading of level `under`: one level down,
/// and never above `under + 1` (a slide's `#` title and its `##` headings both become `h3` under
/// a module's `h2`).
fn placed_level(level: u8, under: u8) -> u8 {
    (level + under - 1).max(under + 1).min(6)
}
