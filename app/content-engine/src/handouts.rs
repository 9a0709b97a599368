//! Printable handouts: Markdown files in `content/handouts/` with front matter naming them.

use std::collections::HashSet;
use std::path::Path;

use serde::Deserialize;

use super::error::ContentError;
use super::files::read_files;
use super::markdown::{render, LinkTargets, Place};
use domain::course::Handout;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct HandoutFrontMatter {
    id: String,
    title: String,
    #[serde(default)]
    summary: String,
}

/// Loads every handout in `dir` (a course may have none: then the folder may be absent).
pub fn load_handouts(
    dir: &Path,
    targets: &LinkTargets,
    errors: &mut Vec<ContentError>,
) -> Vec<Handout> {
    if !dir.is_dir() {
        return Vec::new();
    }
    let mut seen = HashSet::new();
    let mut handouts = Vec::new();
    for file in read_files(dir, "md", errors) {
        let path = file.path.clone();
        let Some((front, split)) = file.split_front_matter::<HandoutFrontMatter>(errors) else {
            continue;
        };
        let Some(front) = front else {
            if split.front_matter.is_none() {
                errors.push(ContentError::new(
                    &path,
                    Some(1),
                    "a handout starts with front matter (`+++`) giving id and title",
                ));
            }
            continue;
        };
        if !seen.insert(front.id.clone()) {
            errors.push(ContentError::new(
                &path,
                Some(2),
                format!("duplicate handout id `{}`", front.id),
            ));
        }
        match render(
            split.body,
            targets,
            Place {
                file: &path,
                first_line: split.body_first_line,
            },
        ) {
            Ok(rendered) => handouts.push(Handout {
                id: front.id,
                title: front.title,
                summary: front.summary,
                html: rendered.html,
            }),
            Err(found) => errors.extend(found),
        }
    }
    handouts
}
