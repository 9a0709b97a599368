//! The bodies of the course's own files: the index, the notebook of slides and speaker notes, the
//! handouts and the glossary. The exercises and the model reference are written in their own files
//! (`exercises_page`, `model_page`) because each is long enough to be a concern of its own.
//!
//! Every plain-text field of the course goes through `escape_html`; fields ending in `_html` are
//! already HTML, rendered and checked by the content engine, and go in through [`Links::place`]
//! with a prefix of their own for each piece (see `links`).

use app::content::{LoadedCourse, LoadedModule};
use domain::answers::escape_html as esc;
use domain::course::{GlossaryTerm, Slide};

use super::html::{page, FILES};
use super::links::Links;

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
