//! The glossary in `glossary.toml`: term ids are slugs and unique, cross-references name terms
//! that exist, and definitions are rendered with their links checked.

use std::collections::{BTreeMap, HashSet};

use super::error::ContentError;
use super::files::SourceFile;
use super::markdown::{render_html, LinkTargets};
use super::schema::{is_slug, GlossaryFile};
use domain::course::{GlossaryTerm, TermLink};

/// Checks the term ids and every `see_also` reference.
pub fn check_glossary(file: &SourceFile, glossary: &GlossaryFile, errors: &mut Vec<ContentError>) {
    let mut seen = HashSet::new();
    for term in &glossary.terms {
        let id = term.id.get_ref();
        if !is_slug(id) {
            errors.push(file.error_at(
                &term.id,
                format!("term id `{id}` must be lowercase letters, digits and hyphens"),
            ));
        }
        if !seen.insert(id.as_str()) {
            errors.push(file.error_at(&term.id, format!("duplicate glossary term `{id}`")));
        }
    }
    let ids: HashSet<&str> = glossary
        .terms
        .iter()
        .map(|t| t.id.get_ref().as_str())
        .collect();
    for term in &glossary.terms {
        for other in &term.see_also {
            if !ids.contains(other.get_ref().as_str()) {
                errors.push(file.error_at(
                    other,
                    format!("see_also names unknown term `{}`", other.get_ref()),
                ));
            }
        }
    }
}

/// The terms with their definitions rendered and their cross-references named, sorted by term.
pub fn build_glossary(
    file: &SourceFile,
    glossary: &GlossaryFile,
    targets: &LinkTargets,
    errors: &mut Vec<ContentError>,
) -> Vec<GlossaryTerm> {
    let names: BTreeMap<&str, &str> = glossary
        .terms
        .iter()
        .map(|t| (t.id.get_ref().as_str(), t.term.as_str()))
        .collect();
    let mut terms: Vec<GlossaryTerm> = glossary
        .terms
        .iter()
        .map(|term| GlossaryTerm {
            id: term.id.get_ref().clone(),
            term: term.term.clone(),
            definition_html: render_html(
                term.definition.get_ref(),
                targets,
                file.markdown_place(&term.definition),
                errors,
            ),
            see_also: term
                .see_also
                .iter()
                .filter_map(|id| {
                    names.get(id.get_ref().as_str()).map(|name| TermLink {
                        id: id.get_ref().clone(),
                        term: name.to_string(),
                    })
                })
                .collect(),
        })
        .collect();
    terms.sort_by_key(|term| term.term.to_lowercase());
    terms
}
