//! Running one fuzz property: how many inputs it gets, what a failure prints, and the line that
//! `scripts/fuzz` adds up. Shared with the content engine's fuzz tests (included there by path),
//! so both crates count and report inputs the same way.

use std::fmt::Debug;
use std::sync::atomic::{AtomicU64, Ordering};

use proptest::strategy::Strategy;
use proptest::test_runner::{Config, FileFailurePersistence, TestCaseError, TestError, TestRunner};

/// Inputs for a cheap property when `FUZZ_CASES` is not set: about 25,000 inputs in all, which
/// the fuzz tests of both crates try in about 6 seconds of a debug `cargo test` on two cores
/// (the budget is 20).
const DEFAULT_CASES: u32 = 1000;

/// The number of inputs a property whose one input costs microseconds tries: `FUZZ_CASES` from
/// the environment (`scripts/fuzz` sets it high), else [`DEFAULT_CASES`].
pub fn fuzz_cases() -> u32 {
    std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|text| text.trim().parse().ok())
        .unwrap_or(DEFAULT_CASES)
}

/// Runs `property` on inputs drawn from `strategy`: `fuzz_cases() / cost` of them (at least one),
/// so that a property whose input costs milliseconds (loading a course) can say how much dearer
/// it is than a cheap one and still scale with `FUZZ_CASES`.
///
/// A failure, including a panic inside the code under test, is shrunk by proptest to a minimal
/// input and reported with it; its seed is kept in `proptest-regressions/` beside the calling
/// file and tried first on every later run. A success prints `fuzz-cases: NAME N`, the line
/// `scripts/fuzz` adds up (visible with `--show-output`).
#[track_caller]
pub fn fuzz<S>(
    name: &'static str,
    cost: u32,
    strategy: S,
    property: impl Fn(S::Value) -> Result<(), TestCaseError>,
) where
    S: Strategy,
    S::Value: Debug,
{
    let cases = (fuzz_cases() / cost.max(1)).max(1);
    let config = Config {
        cases,
        source_file: Some(std::panic::Location::caller().file()),
        test_name: Some(name),
        failure_persistence: Some(Box::new(FileFailurePersistence::SourceParallel(
            "proptest-regressions",
        ))),
        ..Config::default()
    };
    let tried = AtomicU64::new(0);
    let mut runner = TestRunner::new(config);
    let result = runner.run(&strategy, |input| {
        tried.fetch_add(1, Ordering::Relaxed);
        property(input)
    });
    match result {
        Ok(()) => println!("fuzz-cases: {name} {}", tried.load(Ordering::Relaxed)),
        Err(TestError::Fail(reason, input)) => {
            panic!("fuzz property `{name}` failed: {reason}\nminimal failing input: {input:#?}")
        }
        Err(TestError::Abort(reason)) => panic!("fuzz property `{name}` gave up: {reason}"),
    }
}

/// The longest error message a form reader may answer with, in characters: a sentence or two,
/// never a copy of whatever huge value was posted.
pub const MAX_MESSAGE_CHARS: usize = 300;

/// Whether `message` reads as a sentence for the person who filled in the form: not blank, a
/// sensible length, no control characters (a line break or an escape sequence copied from the
/// input), and ending with a full stop.
pub fn is_readable_message(message: &str) -> bool {
    !message.trim().is_empty()
        && message.chars().count() <= MAX_MESSAGE_CHARS
        && !message.chars().any(char::is_control)
        && message.ends_with('.')
}

/// Fails the case unless `message` [reads as a sentence](is_readable_message).
pub fn check_readable(message: &str) -> Result<(), TestCaseError> {
    if is_readable_message(message) {
        Ok(())
    } else {
        Err(TestCaseError::fail(format!(
            "the error message is not a readable sentence: {message:?}"
        )))
    }
}
