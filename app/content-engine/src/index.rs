//! What search looks through: one document per lesson, slide, set of speaker notes, process area,
//! glossary term and handout, made from the rendered course.

use super::loaded::{LoadedCourse, LoadedModule};
use super::search::{html_to_text, Document};
use domain::course::ProcessArea;

/// Every searchable document of the course, module by module and then by kind.
pub fn search_documents(course: &LoadedCourse) -> Vec<Document> {
    let mut documents = Vec::new();
    for module in &course.modules {
        module_documents(module, &mut documents);
    }
    documents.extend(course.process_areas.values().map(process_area_document));
    for term in &course.glossary {
        documents.push(Document {
            kind: "glossary",
            title: term.term.clone(),
            context: "Glossary".into(),
            url: format!("/glossary#{}", term.id),
            text: html_to_text(&term.definition_html),
        });
    }
    for handout in &course.handouts {
        documents.push(Document {
            kind: "handout",
            title: handout.title.clone(),
            context: "Handouts".into(),
            url: format!("/handouts/{}", handout.id),
            text: html_to_text(&handout.html),
        });
    }
    documents
}

/// A module's lesson, each of its slides, and each slide's speaker notes when it has some.
fn module_documents(module: &LoadedModule, documents: &mut Vec<Document>) {
    let id = &module.summary.id;
    let context = format!("Module {}: {}", module.summary.order, module.summary.title);
    documents.push(Document {
        kind: "lesson",
        title: module.lesson.title.clone(),
        context: context.clone(),
        url: format!("/modules/{id}/lesson"),
        text: html_to_text(&module.lesson.html),
    });
    for slide in &module.deck.slides {
        documents.push(Document {
            kind: "slide",
            title: slide.title.clone(),
            context: format!("{context} · slide {}", slide.number),
            url: format!("/modules/{id}/slides/{}", slide.number),
            text: html_to_text(&slide.html),
        });
        if !slide.notes_html.is_empty() {
            documents.push(Document {
                kind: "notes",
                title: format!("Notes: {}", slide.title),
                context: format!("{context} · slide {}", slide.number),
                url: format!("/modules/{id}/handout#slide-{}", slide.number),
                text: html_to_text(&slide.notes_html),
            });
        }
    }
}

/// A process area with its goals and practices, so that a practice's words find its area.
fn process_area_document(area: &ProcessArea) -> Document {
    let practices: Vec<String> = area
        .goals
        .iter()
        .flat_map(|goal| {
            std::iter::once(format!("{} {}", goal.id, goal.title)).chain(
                goal.practices
                    .iter()
                    .map(|p| format!("{} {} {}", p.id, p.title, p.description)),
            )
        })
        .collect();
    Document {
        kind: "process area",
        title: format!("{} {}", area.abbr, area.name),
        context: area.category_name.clone(),
        url: format!("/model/{}", area.abbr),
        text: format!(
            "{} {}",
            html_to_text(&area.summary_html),
            practices.join(" ")
        ),
    }
}
