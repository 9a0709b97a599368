//! The course shipped in `content/` meets the course standards: the validation test that fails
//! when a slide lacks notes, a module lacks objectives or a deck, an outcome has no module, a
//! process area lacks goals (a load error), or a glossary link dangles (a load error).
#![cfg(feature = "ssr")]

use std::path::Path;

use app::content::{load, standards};

#[test]
fn the_shipped_course_loads_and_meets_every_standard() {
    let course = load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../content"))
        .unwrap_or_else(|errors| panic!("{errors}"));
    let problems = standards::shortfalls(&course);
    assert!(
        problems.is_empty(),
        "the course falls short:\n{}",
        problems.join("\n")
    );
    // Every outcome is taught, and the search index covers every slide.
    assert!(course
        .overview
        .outcomes
        .iter()
        .all(|o| !o.modules.is_empty()));
    assert!(course.search.len() > course.counts().slides);
}

#[test]
fn search_finds_slides_notes_process_areas_and_glossary_terms() {
    let course = load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../content")).unwrap();
    let kinds = |query: &str| -> Vec<String> {
        course
            .search
            .search(query, 50)
            .into_iter()
            .map(|hit| hit.kind)
            .collect()
    };
    assert!(kinds("incident").iter().any(|k| k == "process area"));
    assert!(kinds("incident").iter().any(|k| k == "slide"));
    assert!(kinds("incident").iter().any(|k| k == "notes"));
    assert!(kinds("operational resilience")
        .iter()
        .any(|k| k == "glossary"));
    assert!(kinds("operational resilience")
        .iter()
        .any(|k| k == "lesson"));
    let imc = course.search.search("Incident Management and Control", 5);
    assert_eq!(
        imc[0].url, "/model/IMC",
        "the process area itself ranks first: {imc:?}"
    );
}
