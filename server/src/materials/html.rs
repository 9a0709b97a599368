//! The materials' HTML files, written as text: each a self-contained page (one inline stylesheet,
//! no script, nothing loaded from anywhere) that opens offline in any browser.
//!
//! The course's rendered HTML (slides, notes, handouts, definitions, exercise prompts) is put into
//! these pages through [`Links::place`], which makes it fit its file: its ids (and the references
//! to them) get a prefix of their own, so that ids stay unique across the many pieces of one file;
//! its headings move below the file's own; its links to pages of the site point to the file that
//! holds the same thing, or become plain text where no file does; and anything that would load
//! something (an image's `src`, a `url(...)` outside the page) is dropped.
//!
//! Every plain-text field of the course goes through `escape_html`; fields ending in `_html` are
//! already HTML, rendered and checked by the content engine.
//!
//! Prefixes are a run of letters and digits without a hyphen, then one hyphen (`m3s12-`): two
//! different prefixes can then never give the same id, whatever ids the content itself has.

use std::collections::HashSet;

use app::content::{LoadedCourse, LoadedModule};
use domain::answers::escape_html as esc;
use domain::course::{
    course_anchor, ExerciseWhen, GlossaryTerm, Goal, Level, ModelOverview, ProcessArea, Slide,
    Source,
};
use domain::exercise::{Criterion, ExerciseView, Item, ItemForm};

/// The HTML files, in the order the navigation and the index list them: (file, name, what it
/// holds). The descriptions are plain text without markup characters.
pub const FILES: [(&str, &str, &str); 6] = [
    (
        "index.html",
        "Start here",
        "what is in this folder, the course's outcomes and its modules.",
    ),
    (
        "notebook.html",
        "Course notebook",
        "every module's slides in course order, each with its speaker notes.",
    ),
    (
        "handouts.html",
        "Handouts",
        "the reference cards, sheets and worksheets to print.",
    ),
    (
        "exercises.html",
        "Class exercises",
        "every exercise's introduction and questions, without the answers.",
    ),
    (
        "glossary.html",
        "Glossary",
        "the course's terms with their definitions.",
    ),
    (
        "model-reference.html",
        "Model reference",
        "the 26 process areas with their goals and practices, the capability levels, the generic goals and the maturity indicator levels.",
    ),
];

/// Said at the foot of every page and in the README.
pub const INDEPENDENCE: &str = "RMM Classroom is an independent course platform. It is not \
    affiliated with, sponsored by or endorsed by Carnegie Mellon University or its Software \
    Engineering Institute, which own the CERT Resilience Management Model (CERT-RMM). CERT is a \
    registered mark of Carnegie Mellon University.";

/// Where the model's titles come from, as the site's reference pages say it.
const TITLES_NOTE: &str = "Identifiers and titles follow CERT-RMM v1.2. Titles marked \
    “reconstructed” could not be checked against a public v1.2 source and may be paraphrased; all \
    descriptions are our own words.";

/// The one stylesheet, inline in every page: system fonts, a readable measure, and print rules
/// (a module, handout, exercise or process area starts a page; a slide is never split).
const STYLE: &str = r#"
:root { color-scheme: light; font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; line-height: 1.55; color: #1b1f24; background: #ffffff; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 54rem; padding: 0.75rem 1.25rem 2rem; }
a { color: #0b5394; }
a:hover { color: #083d6d; }
a:not([href]) { color: inherit; text-decoration: none; }
a:focus-visible { outline: 3px solid #f2a900; outline-offset: 2px; }
h1, h2, h3, h4, h5, h6 { line-height: 1.25; }
h1 { font-size: 1.9rem; margin: 1.25rem 0 0.75rem; }
h2 { font-size: 1.45rem; margin: 2.25rem 0 0.75rem; }
h3 { font-size: 1.2rem; margin: 1.5rem 0 0.5rem; }
h4 { font-size: 1.05rem; margin: 1.25rem 0 0.4rem; }
h5, h6 { font-size: 1rem; }
table { border-collapse: collapse; width: 100%; margin: 1rem 0; }
caption { text-align: left; font-weight: 700; padding: 0.25rem 0; }
th, td { border: 1px solid #c4cad3; padding: 0.4rem 0.55rem; text-align: left; vertical-align: top; }
thead th { background: #f3f5f8; }
code { background: #f3f5f8; padding: 0.1rem 0.3rem; border-radius: 3px; font-size: 0.95em; }
pre { white-space: pre-wrap; background: #f3f5f8; padding: 0.75rem; border-radius: 6px; }
pre code { padding: 0; }
blockquote { margin: 1rem 0; padding: 0.1rem 1rem; border-left: 4px solid #c4cad3; }
img, svg { max-width: 100%; height: auto; }
abbr { text-decoration: none; }
.site-nav { border-bottom: 1px solid #d5dae1; padding: 0.25rem 0 0.5rem; }
.site-nav ul { list-style: none; display: flex; flex-wrap: wrap; gap: 0.25rem 1.25rem; margin: 0; padding: 0; }
footer { margin-top: 3rem; border-top: 1px solid #d5dae1; padding-top: 0.5rem; font-size: 0.9rem; color: #4a5260; }
.lead { font-size: 1.1rem; }
.meta { color: #4a5260; font-size: 0.95rem; }
.note { background: #f3f5f8; border-left: 4px solid #0b5394; padding: 0.5rem 0.75rem; }
.contents { columns: 2 18rem; column-gap: 2rem; }
.contents li { break-inside: avoid; }
.slide { margin: 1.75rem 0; }
.slide-number { font-weight: 700; color: #4a5260; margin: 0 0 0.3rem; }
.slide-box { border: 1px solid #8a94a3; border-radius: 6px; padding: 0.1rem 1.25rem 0.75rem; }
.notes { background: #fdf8e7; border: 1px solid #e3d6a3; border-radius: 6px; padding: 0.1rem 1rem 0.5rem; margin-top: 0.6rem; }
.notes-title, .how { font-weight: 700; margin: 0.6rem 0 0.3rem; }
.launch { border-left: 4px solid #1e6b34; padding: 0.25rem 0.75rem; }
.item { border-top: 1px solid #d5dae1; margin-top: 1.25rem; }
.answer-space { border-bottom: 1px solid #8a94a3; height: 2.5rem; margin-bottom: 1rem; }
.answer-space.long { border: 1px solid #8a94a3; border-radius: 6px; height: 12rem; }
td.blank { width: 9rem; }
.glossary dt { font-weight: 700; margin-top: 1.1rem; }
.glossary dd { margin: 0.2rem 0 0; }
.practices li { margin: 0.4rem 0; }
.practice-id { color: #4a5260; font-size: 0.9rem; }
.source { font-size: 0.8rem; font-weight: 400; color: #8a4b00; border: 1px solid #8a4b00; border-radius: 3px; padding: 0 0.25rem; }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  .site-nav { display: none; }
  a { color: inherit; }
  h1, h2, h3, h4 { break-after: avoid; page-break-after: avoid; }
  .module, .handout, .exercise, .category, .process-area { break-before: page; page-break-before: always; }
  .slide { break-before: page; page-break-before: always; break-inside: avoid; page-break-inside: avoid; }
  .module > .slide:first-of-type { break-before: auto; page-break-before: auto; }
  .category > .process-area:first-of-type { break-before: auto; page-break-before: auto; }
  tr, li, dt, dd, .item { break-inside: avoid; page-break-inside: avoid; }
  .notes { background: none; }
  @page { margin: 14mm; }
}
"#;

/// A whole page: the head with the inline stylesheet, the navigation between the files, `body_html`
/// as the main content (it brings its own `<h1>`), and the footer.
pub fn page(title: &str, body_html: &str) -> String {
    let navigation: String = FILES
        .iter()
        .map(|(file, name, _)| format!("<li><a href=\"{file}\">{name}</a></li>"))
        .collect();
    format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{heading}</title>\n<link rel=\"icon\" href=\"data:,\">\n<style>{STYLE}</style>\n\
         </head>\n<body>\n<nav class=\"site-nav\" aria-label=\"Course materials\"><ul>{navigation}</ul></nav>\n\
         <main>\n{body_html}</main>\n<footer>\n<p>{INDEPENDENCE}</p>\n</footer>\n</body>\n</html>\n",
        heading = esc(title),
    )
}

/// `index.html`: the course, what each file holds, the outcomes and the modules.
pub fn index(course: &LoadedCourse, version: &str, links: &Links) -> String {
    let overview = &course.overview;
    let mut body = format!(
        "<h1>{title}</h1>\n<p class=\"lead\">{subtitle}</p>\n<p class=\"meta\">Course materials, version {version}</p>\n",
        title = esc(&overview.title),
        subtitle = esc(&overview.subtitle),
        version = esc(version),
    );
    body.push_str(&links.place(&overview.description_html, "about-", 1));
    body.push_str("<h2>What is in this folder</h2>\n<ul>\n");
    for (file, name, what) in FILES.iter().skip(1) {
        body.push_str(&format!("<li><a href=\"{file}\">{name}</a>: {what}</li>\n"));
    }
    body.push_str(
        "</ul>\n<p>The answers to the exercises (their keys and explanations) are not included. \
         Every file opens in a web browser without a network connection and runs no scripts; for \
         a copy on paper, use the browser's Print command (or “Save as PDF”).</p>\n",
    );
    body.push_str("<h2>Course outcomes</h2>\n<ul>\n");
    for outcome in &overview.outcomes {
        body.push_str(&format!(
            "<li><strong>{}</strong> {}</li>\n",
            esc(&outcome.id),
            esc(&outcome.text)
        ));
    }
    body.push_str("</ul>\n<h2>Modules</h2>\n<ul>\n");
    for module in &course.modules {
        let summary = &module.summary;
        body.push_str(&format!(
            "<li><a href=\"notebook.html#module-{id}\">Module {order}: {title}</a> <span class=\"meta\">(day {day})</span></li>\n",
            id = esc(&summary.id),
            order = summary.order,
            title = esc(&summary.title),
            day = summary.day,
        ));
    }
    body.push_str("</ul>\n");
    page(&format!("{} · course materials", overview.title), &body)
}

/// `notebook.html`: every module in course order, every slide with its speaker notes.
pub fn notebook(course: &LoadedCourse, links: &Links) -> String {
    let slide_total: usize = course.modules.iter().map(|m| m.deck.slides.len()).sum();
    let mut body = format!(
        "<h1>Course notebook</h1>\n<p class=\"lead\">{title}: every slide of the course ({slide_total}) in order, \
         each with its speaker notes. When printed, each slide starts a new page.</p>\n\
         <h2>Modules</h2>\n<ul class=\"contents\">\n",
        title = esc(&course.overview.title),
    );
    for module in &course.modules {
        body.push_str(&format!(
            "<li><a href=\"#module-{id}\">Module {order}: {title}</a></li>\n",
            id = esc(&module.summary.id),
            order = module.summary.order,
            title = esc(&module.summary.title),
        ));
    }
    body.push_str("</ul>\n");
    for (index, module) in course.modules.iter().enumerate() {
        body.push_str(&notebook_module(index, module, links));
    }
    page("Course notebook", &body)
}

fn notebook_module(index: usize, module: &LoadedModule, links: &Links) -> String {
    let summary = &module.summary;
    let mut out = format!(
        "<section class=\"module\" id=\"module-{id}\">\n<h2>Module {order}: {title}</h2>\n\
         <p class=\"meta\">Day {day} · about {minutes} minutes · {slides} slides</p>\n<p>{text}</p>\n",
        id = esc(&summary.id),
        order = summary.order,
        title = esc(&summary.title),
        day = summary.day,
        minutes = summary.duration_minutes,
        slides = module.deck.slides.len(),
        text = esc(&summary.summary),
    );
    if !summary.objectives.is_empty() {
        out.push_str("<p class=\"how\">Objectives</p>\n<ul>\n");
        for objective in &summary.objectives {
            out.push_str(&format!("<li>{}</li>\n", esc(objective)));
        }
        out.push_str("</ul>\n");
    }
    for slide in &module.deck.slides {
        out.push_str(&notebook_slide(index, module, slide, links));
    }
    out.push_str("</section>\n");
    out
}

fn notebook_slide(index: usize, module: &LoadedModule, slide: &Slide, links: &Links) -> String {
    let number = slide.number;
    let mut out = format!(
        "<section class=\"slide\" id=\"module-{id}-slide-{number}\">\n\
         <p class=\"slide-number\">Module {order}, slide {number} of {total}</p>\n\
         <div class=\"slide-box\">\n{html}</div>\n",
        id = esc(&module.summary.id),
        order = module.summary.order,
        total = module.deck.slides.len(),
        html = links.place(&slide.html, &format!("m{index}s{number}-"), 2),
    );
    if let Some(exercise) = &slide.exercise {
        out.push_str(&format!(
            "<p class=\"launch\">Class exercise: <a href=\"exercises.html#exercise-{id}\">{title}</a> (about {minutes} minutes)</p>\n",
            id = esc(&exercise.id),
            title = esc(&exercise.title),
            minutes = exercise.minutes,
        ));
    }
    if !slide.notes_html.trim().is_empty() {
        out.push_str(&format!(
            "<div class=\"notes\">\n<p class=\"notes-title\">Speaker notes</p>\n{}</div>\n",
            links.place(&slide.notes_html, &format!("m{index}s{number}n-"), 3)
        ));
    }
    out.push_str("</section>\n");
    out
}

/// `handouts.html`: every handout, one after the other.
pub fn handouts(course: &LoadedCourse, links: &Links) -> String {
    let mut body = String::from(
        "<h1>Handouts</h1>\n<p class=\"lead\">The course's one- and two-page sheets, to print and \
         keep beside you. When printed, each handout starts a new page.</p>\n<ul class=\"contents\">\n",
    );
    for handout in &course.handouts {
        body.push_str(&format!(
            "<li><a href=\"#handout-{}\">{}</a></li>\n",
            esc(&handout.id),
            esc(&handout.title)
        ));
    }
    body.push_str("</ul>\n");
    for (index, handout) in course.handouts.iter().enumerate() {
        body.push_str(&format!(
            "<section class=\"handout\" id=\"handout-{id}\">\n<h2>{title}</h2>\n<p class=\"meta\">{summary}</p>\n{html}</section>\n",
            id = esc(&handout.id),
            title = esc(&handout.title),
            summary = esc(&handout.summary),
            html = links.place(&handout.html, &format!("h{index}-"), 2),
        ));
    }
    page("Handouts", &body)
}

/// `exercises.html`: every exercise as a learner sees it before answering. It is given the
/// exercises as `ExerciseView`s, which have no key, so that no answer can reach the file.
pub fn exercises(course: &LoadedCourse, views: &[ExerciseView], links: &Links) -> String {
    let mut body = String::from(
        "<h1>Class exercises</h1>\n<p class=\"lead\">Every exercise of the course with its \
         introduction and questions, to read again or to try at home. The answers and their \
         explanations are not included.</p>\n<ul class=\"contents\">\n",
    );
    for view in views {
        body.push_str(&format!(
            "<li><a href=\"#exercise-{}\">{}</a></li>\n",
            esc(&view.id),
            esc(&view.title)
        ));
    }
    body.push_str("</ul>\n");
    for (index, view) in views.iter().enumerate() {
        body.push_str(&exercise(index, view, course, links));
    }
    page("Class exercises", &body)
}

fn exercise(index: usize, view: &ExerciseView, course: &LoadedCourse, links: &Links) -> String {
    let mut facts = Vec::new();
    if let Some(module) = course.module(&view.module_id) {
        facts.push(format!(
            "Module {}: {}",
            module.summary.order,
            esc(&module.summary.title)
        ));
    }
    if let Some(when) = when_done(course, &view.id) {
        facts.push(when);
    }
    facts.push(format!("about {} minutes", view.minutes));
    facts.push(points_text(view.total_points));
    let mut out = format!(
        "<section class=\"exercise\" id=\"exercise-{id}\">\n<h2>{title}</h2>\n<p class=\"meta\">{facts}</p>\n{introduction}",
        id = esc(&view.id),
        title = esc(&view.title),
        facts = facts.join(" · "),
        introduction = links.place(&view.introduction_html, &format!("x{index}-"), 2),
    );
    for (n, item) in view.items.iter().enumerate() {
        out.push_str(&exercise_item(
            &format!("x{index}q{}", n + 1),
            n + 1,
            item,
            links,
        ));
    }
    out.push_str("</section>\n");
    out
}

/// When the agenda has the exercise done.
fn when_done(course: &LoadedCourse, exercise_id: &str) -> Option<String> {
    let scheduled = course
        .overview
        .exercises
        .iter()
        .find(|e| e.id == exercise_id)?;
    Some(match scheduled.when {
        ExerciseWhen::InClass { day, start } => format!("in class on day {day} at {start}"),
        ExerciseWhen::Homework { evening } => format!("homework on the evening of day {evening}"),
    })
}

fn points_text(points: u32) -> String {
    match points {
        1 => "1 point".to_string(),
        n => format!("{n} points"),
    }
}

/// One question; `scope` (letters and digits) starts the ids of its pieces.
fn exercise_item(scope: &str, number: usize, item: &Item, links: &Links) -> String {
    format!(
        "<div class=\"item\">\n<h3>Question {number} <span class=\"meta\">({points})</span></h3>\n{prompt}{form}</div>\n",
        points = points_text(item.points),
        prompt = links.place(&item.prompt_html, &format!("{scope}-"), 3),
        form = item_form(scope, &item.form, links),
    )
}

/// What the learner answers with, laid out for answering on paper.
fn item_form(scope: &str, form: &ItemForm, links: &Links) -> String {
    match form {
        ItemForm::SingleChoice { choices_html } => {
            choices(scope, "Choose one answer.", choices_html, links)
        }
        ItemForm::MultipleChoice { choices_html } => choices(
            scope,
            "Choose every answer that applies.",
            choices_html,
            links,
        ),
        ItemForm::Matching {
            lefts_html,
            options,
        } => matching(scope, lefts_html, options, links),
        ItemForm::Ordering { steps } => ordering(steps),
        ItemForm::ShortAnswer => {
            "<p class=\"how\">Answer in a few words.</p>\n<div class=\"answer-space\"></div>\n"
                .to_string()
        }
        ItemForm::Essay { max_words, rubric } => essay(*max_words, rubric),
        ItemForm::Rating { scale } => rating(scale),
    }
}

fn choices(scope: &str, how: &str, choices_html: &[String], links: &Links) -> String {
    let mut out = format!("<p class=\"how\">{how}</p>\n<ol class=\"choices\" type=\"A\">\n");
    for (n, choice) in choices_html.iter().enumerate() {
        out.push_str(&format!(
            "<li>{}</li>\n",
            links.place(choice, &format!("{scope}c{n}-"), 0)
        ));
    }
    out.push_str("</ol>\n");
    out
}

fn matching(scope: &str, lefts_html: &[String], options: &[String], links: &Links) -> String {
    let mut out = String::from(
        "<p class=\"how\">Match each item with one of the options below: write the option's letter beside it.</p>\n\
         <table>\n<thead><tr><th scope=\"col\">Item</th><th scope=\"col\">Option</th></tr></thead>\n<tbody>\n",
    );
    for (n, left) in lefts_html.iter().enumerate() {
        out.push_str(&format!(
            "<tr><td>{}</td><td class=\"blank\"></td></tr>\n",
            links.place(left, &format!("{scope}l{n}-"), 0)
        ));
    }
    out.push_str("</tbody>\n</table>\n<p class=\"how\">Options</p>\n<ol type=\"a\">\n");
    for option in options {
        out.push_str(&format!("<li>{}</li>\n", esc(option)));
    }
    out.push_str("</ol>\n");
    out
}

fn ordering(steps: &[String]) -> String {
    let mut out = String::from(
        "<p class=\"how\">Number the steps in the right order (1 for the first).</p>\n\
         <table>\n<thead><tr><th scope=\"col\">Step</th><th scope=\"col\">Position</th></tr></thead>\n<tbody>\n",
    );
    for step in steps {
        out.push_str(&format!(
            "<tr><td>{}</td><td class=\"blank\"></td></tr>\n",
            esc(step)
        ));
    }
    out.push_str("</tbody>\n</table>\n");
    out
}

fn essay(max_words: u32, rubric: &[Criterion]) -> String {
    let mut out = format!(
        "<p class=\"how\">Write up to {max_words} words.</p>\n<div class=\"answer-space long\"></div>\n"
    );
    if !rubric.is_empty() {
        out.push_str("<p class=\"how\">How it is graded</p>\n<ul>\n");
        for criterion in rubric {
            let top = criterion
                .levels
                .iter()
                .map(|level| level.points)
                .max()
                .unwrap_or(0);
            out.push_str(&format!(
                "<li>{} (up to {})</li>\n",
                esc(&criterion.criterion),
                points_text(top)
            ));
        }
        out.push_str("</ul>\n");
    }
    out
}

fn rating(scale: &[String]) -> String {
    let mut out = String::from("<p class=\"how\">Choose one point on the scale.</p>\n<ol>\n");
    for label in scale {
        out.push_str(&format!("<li>{}</li>\n", esc(label)));
    }
    out.push_str("</ol>\n");
    out
}

/// `glossary.html`: every term, anchored by its id as the site's glossary is.
pub fn glossary(course: &LoadedCourse, links: &Links) -> String {
    let mut body = format!(
        "<h1>Glossary</h1>\n<p class=\"lead\">{} terms used in the course, in our own words.</p>\n<dl class=\"glossary\">\n",
        course.glossary.len()
    );
    for (index, term) in course.glossary.iter().enumerate() {
        body.push_str(&glossary_entry(index, term, links));
    }
    body.push_str("</dl>\n");
    page("Glossary", &body)
}

fn glossary_entry(index: usize, term: &GlossaryTerm, links: &Links) -> String {
    let mut out = format!(
        "<dt id=\"{id}\">{term}</dt>\n<dd>\n{definition}",
        id = esc(&term.id),
        term = esc(&term.term),
        definition = links.place(&term.definition_html, &format!("g{index}-"), 2),
    );
    if !term.see_also.is_empty() {
        let others: Vec<String> = term
            .see_also
            .iter()
            .map(|other| format!("<a href=\"#{}\">{}</a>", esc(&other.id), esc(&other.term)))
            .collect();
        out.push_str(&format!("<p>See also: {}.</p>\n", others.join(", ")));
    }
    out.push_str("</dd>\n");
    out
}

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

/// A start or end tag as written.
struct Tag<'a> {
    closing: bool,
    name: &'a str,
    attributes: Vec<Attribute<'a>>,
    self_closing: bool,
}

/// An attribute as written: its value without the quotes, entities left as they are.
struct Attribute<'a> {
    name: &'a str,
    value: Option<&'a str>,
}

impl Attribute<'_> {
    /// The attribute written again, its value between double quotes.
    fn written(&self) -> String {
        match self.value {
            Some(value) => format!(" {}=\"{}\"", self.name, value.replace('"', "&quot;")),
            None => format!(" {}", self.name),
        }
    }
}

/// The tag at the start of `text` (which starts with `<`) and its length in bytes, read as
/// browsers read tags; `None` when `text` does not start with a tag or the tag never ends.
fn parse_tag(text: &str) -> Option<(Tag<'_>, usize)> {
    let bytes = text.as_bytes();
    let closing = bytes.get(1) == Some(&b'/');
    let start = if closing { 2 } else { 1 };
    if !bytes.get(start)?.is_ascii_alphabetic() {
        return None;
    }
    let mut at = start;
    while at < bytes.len() && !ends_name(bytes[at]) {
        at += 1;
    }
    let mut tag = Tag {
        closing,
        name: &text[start..at],
        attributes: Vec::new(),
        self_closing: false,
    };
    loop {
        while let Some(&byte) = bytes.get(at) {
            if byte == b'/' && bytes.get(at + 1) == Some(&b'>') {
                tag.self_closing = true;
            } else if !byte.is_ascii_whitespace() && byte != b'/' {
                break;
            }
            at += 1;
        }
        if *bytes.get(at)? == b'>' {
            return Some((tag, at + 1));
        }
        let (attribute, next) = parse_attribute(text, at)?;
        tag.attributes.push(attribute);
        at = next;
    }
}

/// The attribute starting at byte `start` of `text` and the byte after it.
fn parse_attribute(text: &str, start: usize) -> Option<(Attribute<'_>, usize)> {
    let bytes = text.as_bytes();
    // The first character belongs to the name whatever it is (even `=`), as browsers read it.
    let mut at = start + text[start..].chars().next()?.len_utf8();
    while at < bytes.len() && !ends_name(bytes[at]) && bytes[at] != b'=' {
        at += 1;
    }
    let name = &text[start..at];
    let mut next = at;
    while next < bytes.len() && bytes[next].is_ascii_whitespace() {
        next += 1;
    }
    if bytes.get(next) != Some(&b'=') {
        return Some((Attribute { name, value: None }, at));
    }
    next += 1;
    while next < bytes.len() && bytes[next].is_ascii_whitespace() {
        next += 1;
    }
    match *bytes.get(next)? {
        quote @ (b'"' | b'\'') => {
            let value_start = next + 1;
            let length = text[value_start..].find(char::from(quote))?;
            let value = &text[value_start..value_start + length];
            Some((
                Attribute {
                    name,
                    value: Some(value),
                },
                value_start + length + 1,
            ))
        }
        _ => {
            let mut end = next;
            while end < bytes.len() && !bytes[end].is_ascii_whitespace() && bytes[end] != b'>' {
                end += 1;
            }
            Some((
                Attribute {
                    name,
                    value: Some(&text[next..end]),
                },
                end,
            ))
        }
    }
}

fn ends_name(byte: u8) -> bool {
    byte.is_ascii_whitespace() || byte == b'/' || byte == b'>'
}
