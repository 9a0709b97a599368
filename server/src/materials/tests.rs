//! The materials built from the shipped course and read back from the zip: the files are all
//! there, none runs a script or loads anything, no key is in them, ids are unique and links land,
//! the README names the version, and the same course gives the same bytes.

use std::collections::{HashMap, HashSet};
use std::io::{Cursor, Read};
use std::path::Path;
use std::sync::OnceLock;

use app::content::LoadedCourse;

use super::build::{Materials, FOLDER};
use super::html::FILES;
use super::links::Links;

/// The files of the zip in the order they are written, without their folder.
const EXPECTED: [&str; 7] = [
    "README.txt",
    "index.html",
    "notebook.html",
    "handouts.html",
    "exercises.html",
    "glossary.html",
    "model-reference.html",
];

fn course() -> &'static LoadedCourse {
    static COURSE: OnceLock<LoadedCourse> = OnceLock::new();
    COURSE.get_or_init(|| {
        let dir = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../content"));
        app::content::load(dir).expect("the shipped course loads")
    })
}

fn materials() -> &'static Materials {
    static MATERIALS: OnceLock<Materials> = OnceLock::new();
    MATERIALS.get_or_init(|| Materials::build(course()).expect("the materials build"))
}

/// Every file of `zip` as (name in the zip, text), in the zip's order.
fn unpacked(zip: &[u8]) -> Vec<(String, String)> {
    let mut archive = zip::ZipArchive::new(Cursor::new(zip)).expect("a zip");
    (0..archive.len())
        .map(|index| {
            let mut file = archive.by_index(index).expect("an entry");
            let mut text = String::new();
            file.read_to_string(&mut text).expect("UTF-8 text");
            (file.name().to_string(), text)
        })
        .collect()
}

/// The text of the file `name` (without its folder) among `files`.
fn file<'a>(files: &'a [(String, String)], name: &str) -> &'a str {
    let full = format!("{FOLDER}/{name}");
    files
        .iter()
        .find(|(path, _)| *path == full)
        .map(|(_, text)| text.as_str())
        .unwrap_or_else(|| panic!("no {full} in the zip"))
}

fn short_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// The values of every `attribute="…"` in `html` (the attribute after white space, so that `id`
/// does not find `data-id`).
fn attribute_values(html: &str, attribute: &str) -> Vec<String> {
    let opening = format!("{attribute}=\"");
    html.match_indices(&opening)
        .filter(|(at, _)| html[..*at].ends_with(|c: char| c.is_ascii_whitespace()))
        .filter_map(|(at, _)| {
            let start = at + opening.len();
            html[start..]
                .find('"')
                .map(|end| html[start..start + end].to_string())
        })
        .collect()
}

/// What follows each `url(` in `text` that does not name a place in the page itself (`#…`).
fn outside_urls(text: &str) -> Vec<String> {
    text.match_indices("url(")
        .map(|(at, _)| &text[at + 4..])
        .filter(|rest| !rest.trim_start_matches(['\'', '"']).starts_with('#'))
        .map(|rest| rest.chars().take(40).collect())
        .collect()
}

#[test]
fn the_zip_holds_a_readme_and_six_pages_in_one_folder() {
    let materials = materials();
    let files = unpacked(&materials.zip);
    let names: Vec<&str> = files.iter().map(|(name, _)| name.as_str()).collect();
    let expected: Vec<String> = EXPECTED
        .iter()
        .map(|name| format!("{FOLDER}/{name}"))
        .collect();
    assert_eq!(names, expected);
    assert_eq!(materials.files, expected);
    for (name, text) in files.iter().filter(|(name, _)| name.ends_with(".html")) {
        assert!(
            text.starts_with(
                "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">"
            ),
            "{name}"
        );
        assert_eq!(text.matches("<h1").count(), 1, "{name} has one h1");
        assert_eq!(
            text.matches("<style").count(),
            1,
            "{name} has one stylesheet"
        );
        for landmark in [
            "<main>",
            "<nav ",
            "<footer>",
            "<title>",
            "name=\"viewport\"",
        ] {
            assert!(text.contains(landmark), "{name} has no {landmark}");
        }
        assert!(text.contains("not affiliated with"), "{name}");
    }
}

#[test]
fn no_file_runs_a_script_or_loads_anything() {
    for (name, text) in unpacked(&materials().zip) {
        let lower = text.to_ascii_lowercase();
        for forbidden in [
            "<script",
            "src=\"http",
            "src=\"/",
            "href=\"/",
            "href='/",
            "@import",
            "rel=\"stylesheet",
            "<iframe",
            "<object",
            "<embed",
        ] {
            assert!(!lower.contains(forbidden), "{name} contains {forbidden}");
        }
        let outside = outside_urls(&lower);
        assert!(
            outside.is_empty(),
            "{name} names something outside itself: {outside:?}"
        );
    }
}

#[test]
fn no_answer_key_is_in_the_zip() {
    let everything: String = unpacked(&materials().zip)
        .into_iter()
        .map(|(_, text)| text)
        .collect();
    // A sentence of the explanation of `four-sources`'s first item (content/exercises/02-four-sources.toml).
    let sentence = "tempting to file under people";
    let keys = course().exercises.iter().flat_map(|e| &e.keys);
    assert!(
        keys.clone()
            .any(|key| key.explanation_html.contains(sentence)),
        "the explanation this test looks for is no longer in the content: choose another"
    );
    assert!(
        !everything.contains(sentence),
        "a key's explanation is in the zip"
    );
    for key in keys {
        let explanation = key.explanation_html.trim();
        if explanation.len() > 80 {
            assert!(
                !everything.contains(explanation),
                "the explanation of item {} is in the zip",
                key.item_id
            );
        }
    }
    assert!(!everything.contains("The answer: "));
}

#[test]
fn the_readme_names_the_course_its_version_and_what_is_left_out() {
    let materials = materials();
    let files = unpacked(&materials.zip);
    let readme = file(&files, "README.txt");
    let version = &materials.version;
    assert!(
        version.starts_with(concat!(env!("CARGO_PKG_VERSION"), "+")),
        "{version}"
    );
    assert!(readme.contains(&format!("version {version}")), "{readme}");
    assert!(readme.contains(&course().overview.title), "{readme}");
    for (page, _, _) in FILES {
        assert!(readme.contains(page), "the README does not name {page}");
    }
    assert!(readme.contains("Not included: the answers"), "{readme}");
    assert!(
        readme.contains("not affiliated with")
            && readme.contains("Carnegie Mellon University")
            && readme.contains("Software Engineering Institute"),
        "{readme}"
    );
    assert!(file(&files, "index.html").contains(&format!("version {version}")));
    assert_eq!(
        materials.file_name(),
        format!("rmm-course-materials-{version}.zip")
    );
}

#[test]
fn the_same_course_gives_the_same_bytes() {
    let again = Materials::build(course()).expect("the materials build again");
    assert!(
        again.zip == materials().zip,
        "two builds of one course differ"
    );
    assert_eq!(again.version, materials().version);
    assert_eq!(again.files, materials().files);
}

#[test]
fn ids_are_unique_in_each_page_and_every_link_between_the_pages_lands() {
    let files = unpacked(&materials().zip);
    let pages: Vec<(&str, &str)> = files
        .iter()
        .filter(|(name, _)| name.ends_with(".html"))
        .map(|(name, text)| (short_name(name), text.as_str()))
        .collect();
    let mut ids: HashMap<&str, HashSet<String>> = HashMap::new();
    for (name, text) in &pages {
        let all = attribute_values(text, "id");
        let mut unique = HashSet::new();
        let repeated: Vec<&String> = all
            .iter()
            .filter(|id| !unique.insert(id.as_str()))
            .collect();
        assert!(repeated.is_empty(), "{name} repeats ids: {repeated:?}");
        ids.insert(*name, all.iter().cloned().collect());
    }
    for (name, text) in &pages {
        for href in attribute_values(text, "href") {
            let outside = ["https://", "http://", "mailto:", "data:"];
            if outside.iter().any(|scheme| href.starts_with(scheme)) {
                continue;
            }
            let (target, fragment) = href.split_once('#').unwrap_or((href.as_str(), ""));
            let target = if target.is_empty() { *name } else { target };
            let Some(target_ids) = ids.get(target) else {
                panic!("{name} links to {href}, which is not in the zip");
            };
            assert!(
                fragment.is_empty() || target_ids.contains(fragment),
                "{name} links to {href}, but {target} has no such id"
            );
        }
    }
}

#[test]
fn each_page_holds_all_of_its_part_of_the_course() {
    let course = course();
    let files = unpacked(&materials().zip);
    let counts = course.counts();
    let notebook = file(&files, "notebook.html");
    assert_eq!(
        notebook.matches("<section class=\"slide\"").count(),
        counts.slides
    );
    assert_eq!(
        notebook.matches("<div class=\"notes\">").count(),
        counts.slides_with_notes
    );
    let exercises = file(&files, "exercises.html");
    for exercise in &course.exercises {
        assert!(exercises.contains(&format!(" id=\"exercise-{}\"", exercise.id)));
    }
    let questions: usize = course.exercises.iter().map(|e| e.items.len()).sum();
    assert_eq!(exercises.matches("<div class=\"item\">").count(), questions);
    let model = file(&files, "model-reference.html");
    assert_eq!(course.process_areas.len(), 26);
    assert_eq!(
        model.matches("<section class=\"process-area\"").count(),
        course.process_areas.len()
    );
    let glossary = file(&files, "glossary.html");
    assert_eq!(glossary.matches("<dt id=").count(), course.glossary.len());
    let handouts = file(&files, "handouts.html");
    assert_eq!(
        handouts.matches("<section class=\"handout\"").count(),
        course.handouts.len()
    );
}

#[test]
fn placed_html_gets_ids_headings_and_links_that_fit_its_file() {
    let links = Links::of(course());
    let html = "<h2 id=\"intro\">Intro</h2>\n<p><a href=\"/glossary#asset\">asset</a> <a href=\"/model/imc\">IMC</a> \
        <a href=\"/appraisal\" title=\"t\">the appraisal</a> <a href=\"#intro\">up</a> <a href=\"https://example.org/\">out</a></p>\n\
        <svg role=\"img\" aria-labelledby=\"t\"><title id=\"t\">T</title><path d=\"M0,0\" fill=\"url(#g)\"/></svg>\
        <img src=\"/x.png\" alt=\"x\"><!-- <a href=\"/x\"> --><p>a &lt; b</p>";
    let expected = "<h3 id=\"p-intro\">Intro</h3>\n<p><a href=\"glossary.html#asset\">asset</a> <a href=\"model-reference.html#pa-IMC\">IMC</a> \
        <a title=\"t\">the appraisal</a> <a href=\"#p-intro\">up</a> <a href=\"https://example.org/\">out</a></p>\n\
        <svg role=\"img\" aria-labelledby=\"p-t\"><title id=\"p-t\">T</title><path d=\"M0,0\" fill=\"url(#p-g)\" /></svg>\
        <img alt=\"x\"><p>a &lt; b</p>";
    assert_eq!(links.place(html, "p-", 2), expected);
    // A slide's `#` title and its `##` headings both sit below the module's `h2`.
    assert_eq!(
        links.place(
            "<h1 id=\"a\">A</h1><h2 id=\"b\">B</h2><h3 id=\"c\">C</h3>",
            "s-",
            2
        ),
        "<h3 id=\"s-a\">A</h3><h3 id=\"s-b\">B</h3><h4 id=\"s-c\">C</h4>"
    );
    // Something loaded from elsewhere is dropped; a link to a page no file holds keeps its text.
    assert_eq!(
        links.place("<rect fill=\"url(https://example.org/x)\" width=\"2\"/><a href=\"/modules/no-such\">x</a>", "q-", 0),
        "<rect width=\"2\" /><a>x</a>"
    );
}
