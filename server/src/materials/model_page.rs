//! `model-reference.html`: the model's process areas by category with their goals and practices,
//! then the model-wide parts (capability levels, generic goals and practices, maturity indicator
//! levels). The ids of goals and practices are the anchors the site uses, so that the site's links
//! to them can point here (see `links`).
//!
//! Every plain-text field goes through `escape_html`; the rendered descriptions go in through
//! [`Links::place`] with a prefix of their own.

use std::collections::HashSet;

use app::content::LoadedCourse;
use domain::answers::escape_html as esc;
use domain::course::{course_anchor, Goal, Level, ModelOverview, ProcessArea, Source};

use super::html::page;
use super::links::Links;

/// Where the model's titles come from, as the site's reference pages say it.
const TITLES_NOTE: &str = "Identifiers and titles follow CERT-RMM v1.2. Titles marked \
    “reconstructed” could not be checked against a public v1.2 source and may be paraphrased; all \
    descriptions are our own words.";

/// `model-reference.html`: the process areas by category with their goals and practices, then
/// the model-wide parts.
pub fn model_reference(course: &LoadedCourse, links: &Links) -> String {
    let model = &course.model;
    let mut body = format!(
        "<h1>Model reference: CERT-RMM v1.2</h1>\n<p class=\"lead\">The {areas} process areas in {categories} categories \
         with their specific goals and practices, then the capability levels, the generic goals and \
         practices and the maturity indicator levels.</p>\n<p class=\"note\">{TITLES_NOTE}</p>\n",
        areas = course.process_areas.len(),
        categories = model.categories.len(),
    );
    body.push_str(&model_contents(model));
    let mut shown = HashSet::new();
    for (index, category) in model.categories.iter().enumerate() {
        body.push_str(&format!(
            "<section class=\"category\" id=\"cat-{id}\">\n<h2>{name}</h2>\n{description}",
            id = esc(&category.id),
            name = esc(&category.name),
            description = links.place(&category.description_html, &format!("cat{index}-"), 2),
        ));
        for link in &category.process_areas {
            if let Some(area) = course.process_area(&link.abbr) {
                if shown.insert(area.abbr.to_ascii_uppercase()) {
                    body.push_str(&process_area(area, links));
                }
            }
        }
        body.push_str("</section>\n");
    }
    let others: Vec<&ProcessArea> = course
        .process_areas
        .values()
        .filter(|area| !shown.contains(&area.abbr.to_ascii_uppercase()))
        .collect();
    if !others.is_empty() {
        body.push_str("<section class=\"category\">\n<h2>Other process areas</h2>\n");
        for area in others {
            body.push_str(&process_area(area, links));
        }
        body.push_str("</section>\n");
    }
    let capability = &model.capability_levels;
    body.push_str(&levels_table(
        "capability-levels",
        "Capability levels",
        "CL",
        capability,
        links,
    ));
    body.push_str(&generic_goals(model));
    let maturity = &model.maturity_indicator_levels;
    body.push_str(&levels_table(
        "maturity-indicator-levels",
        "Maturity indicator levels (MIL)",
        "MIL",
        maturity,
        links,
    ));
    page("Model reference", &body)
}

fn model_contents(model: &ModelOverview) -> String {
    let mut out = String::from("<h2>Contents</h2>\n<ul class=\"contents\">\n");
    for category in &model.categories {
        out.push_str(&format!(
            "<li><a href=\"#cat-{}\">{}</a>\n<ul>\n",
            esc(&category.id),
            esc(&category.name)
        ));
        for area in &category.process_areas {
            out.push_str(&format!(
                "<li><a href=\"#pa-{abbr}\">{abbr}</a> {name}</li>\n",
                abbr = esc(&area.abbr.to_ascii_uppercase()),
                name = esc(&area.name),
            ));
        }
        out.push_str("</ul>\n</li>\n");
    }
    out.push_str(
        "<li><a href=\"#capability-levels\">Capability levels</a></li>\n\
         <li><a href=\"#generic-goals\">Generic goals and practices</a></li>\n\
         <li><a href=\"#maturity-indicator-levels\">Maturity indicator levels</a></li>\n</ul>\n",
    );
    out
}

fn process_area(area: &ProcessArea, links: &Links) -> String {
    let abbr = area.abbr.to_ascii_uppercase();
    let scope = format!(
        "pa{}",
        abbr.replace(|c: char| !c.is_ascii_alphanumeric(), "")
    );
    let goals = match area.goals.len() {
        1 => "1 specific goal".to_string(),
        n => format!("{n} specific goals"),
    };
    let practices = match area.practice_count() {
        1 => "1 specific practice".to_string(),
        n => format!("{n} specific practices"),
    };
    let mut out = format!(
        "<section class=\"process-area\" id=\"pa-{abbr}\">\n<h3>{name} ({abbr}){mark}</h3>\n\
         <p class=\"meta\">{category} · {goals} · {practices}</p>\n{summary}",
        abbr = esc(&abbr),
        name = esc(&area.name),
        mark = source_mark(area.source),
        category = esc(&area.category_name),
        summary = links.place(&area.summary_html, &format!("{scope}-"), 3),
    );
    for goal in &area.goals {
        out.push_str(&goal_html(goal));
    }
    out.push_str(&html_list(
        "What an appraiser looks for",
        &area.typical_evidence_html,
        &format!("{scope}e"),
        links,
    ));
    out.push_str(&html_list(
        "Typical work products",
        &area.typical_work_products_html,
        &format!("{scope}w"),
        links,
    ));
    if !area.related.is_empty() {
        let related: Vec<String> = area
            .related
            .iter()
            .map(|other| {
                format!(
                    "<a href=\"#pa-{abbr}\">{abbr}</a> {name}",
                    abbr = esc(&other.abbr.to_ascii_uppercase()),
                    name = esc(&other.name),
                )
            })
            .collect();
        out.push_str(&format!(
            "<p>Related process areas: {}.</p>\n",
            related.join(", ")
        ));
    }
    out.push_str("</section>\n");
    out
}

fn goal_html(goal: &Goal) -> String {
    let mut out = format!(
        "<h4 id=\"{anchor}\">{short} {title}{mark}</h4>\n<ul class=\"practices\">\n",
        anchor = esc(&course_anchor(&goal.id)),
        short = esc(&goal.short_id),
        title = esc(&goal.title),
        mark = source_mark(goal.source),
    );
    for practice in &goal.practices {
        out.push_str(&format!(
            "<li id=\"{anchor}\"><strong>{short}</strong> {title}{mark} <span class=\"practice-id\">({id})</span><br>\n{description}</li>\n",
            anchor = esc(&course_anchor(&practice.id)),
            short = esc(&practice.short_id),
            title = esc(&practice.title),
            mark = source_mark(practice.source),
            id = esc(&practice.id),
            description = esc(&practice.description),
        ));
    }
    out.push_str("</ul>\n");
    out
}

/// A titled list of rendered items; `scope` and the item's number start the ids of each item.
fn html_list(title: &str, items: &[String], scope: &str, links: &Links) -> String {
    if items.is_empty() {
        return String::new();
    }
    let mut out = format!("<h4>{title}</h4>\n<ul>\n");
    for (n, item) in items.iter().enumerate() {
        out.push_str(&format!(
            "<li>{}</li>\n",
            links.place(item, &format!("{scope}{n}-"), 4)
        ));
    }
    out.push_str("</ul>\n");
    out
}

fn levels_table(id: &str, title: &str, label: &str, levels: &[Level], links: &Links) -> String {
    let mut out = format!(
        "<h2 id=\"{id}\">{title}</h2>\n<table>\n<thead><tr><th scope=\"col\">Level</th><th scope=\"col\">Name</th>\
         <th scope=\"col\">What it means</th></tr></thead>\n<tbody>\n"
    );
    let scope = label.to_ascii_lowercase();
    for level in levels {
        out.push_str(&format!(
            "<tr><th scope=\"row\">{label}{number}</th><td>{name}</td><td>{description}</td></tr>\n",
            number = level.level,
            name = esc(&level.name),
            description = links.place(&level.description_html, &format!("{scope}{}-", level.level), 2),
        ));
    }
    out.push_str("</tbody>\n</table>\n");
    out
}

fn generic_goals(model: &ModelOverview) -> String {
    let mut out = String::from("<h2 id=\"generic-goals\">Generic goals and practices</h2>\n");
    for goal in &model.generic_goals {
        out.push_str(&format!(
            "<h3>{id} {title}{mark}</h3>\n<p>{description}</p>\n<ul class=\"practices\">\n",
            id = esc(&goal.id),
            title = esc(&goal.title),
            mark = source_mark(goal.source),
            description = esc(&goal.description),
        ));
        for practice in &goal.practices {
            out.push_str(&format!(
                "<li><strong>{id}</strong> {title}{mark}<br>\n{description}</li>\n",
                id = esc(&practice.id),
                title = esc(&practice.title),
                mark = source_mark(practice.source),
                description = esc(&practice.description),
            ));
        }
        out.push_str("</ul>\n");
    }
    out
}

fn source_mark(source: Source) -> &'static str {
    match source {
        Source::Sourced => "",
        Source::Reconstructed => " <span class=\"source\">reconstructed</span>",
    }
}
