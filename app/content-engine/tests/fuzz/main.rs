//! Fuzz tests of the content engine and of the form readers on the shipped course: course files
//! mutated every way an editor, a bad merge or a broken disk could (bit flips, cuts, lost and
//! doubled lines, huge lines, invalid UTF-8, duplicate ids), Markdown with hostile raw HTML,
//! search queries, learner text, and forms for the shipped exercises and case file.
//!
//! Whatever the input, nothing panics; every content error names a file under the course folder
//! and, when it gives a line, a line of that file; what the renderers let through runs no script.
//!
//! One test binary (`cargo test -p content-engine --test fuzz`), so `scripts/fuzz` can run it on
//! its own. `FUZZ_CASES` sets how many inputs each property tries (see `support`).

// The runner, the mutations of form fields and the checks of the form readers are shared with
// the domain crate's fuzz tests, which own them; this binary uses only some of each.
#[allow(dead_code)]
#[path = "../../../domain/tests/fuzz/form_checks.rs"]
mod form_checks;
#[allow(dead_code)]
#[path = "../../../domain/tests/fuzz/mutations.rs"]
mod mutations;
#[allow(dead_code)]
#[path = "../../../domain/tests/fuzz/support.rs"]
mod support;

mod active_html;
mod course_files;
mod file_mutations;
mod markdown;
mod real_forms;
mod search_text;
mod shipped;
