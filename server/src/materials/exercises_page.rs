//! `exercises.html`: every exercise laid out for answering on paper, each kind of question with
//! the form it is answered in. It is written from `ExerciseView`s, which have no key, so that no
//! answer can reach the file whatever this code does.
//!
//! Every plain-text field goes through `escape_html`; the rendered prompts and choices go in
//! through [`Links::place`] with a prefix of their own (see `links`).

use app::content::LoadedCourse;
use domain::answers::escape_html as esc;
use domain::course::ExerciseWhen;
use domain::exercise::{Criterion, ExerciseView, Item, ItemForm};

use super::html::page;
use super::links::Links;

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
