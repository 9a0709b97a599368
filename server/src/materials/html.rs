//! The shell that every HTML file of the materials shares: the list of files (which the
//! navigation, the index and the README all follow), the independence statement, and [`page`],
//! which wraps a file's body in the head with the inline stylesheet, the navigation between the
//! files and the footer. Each file is a self-contained page (one inline stylesheet, no script,
//! nothing loaded from anywhere), so that it opens offline in any browser.
//!
//! The bodies are written in `pages`, `exercises_page` and `model_page`; the stylesheet's text has
//! a file of its own (`style`) because it is long and changes for other reasons than the markup.

use domain::answers::escape_html as esc;

use super::style::STYLE;

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
