//! The one stylesheet of the materials, kept apart from the markup that uses it because it is
//! long and is changed for reasons of its own (how the files look on screen and on paper).

/// The one stylesheet, inline in every page: system fonts, a readable measure, and print rules
/// (a module, handout, exercise or process area starts a page; a slide is never split).
pub(super) const STYLE: &str = r#"
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
