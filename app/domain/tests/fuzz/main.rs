//! Fuzz tests of every function in `domain` that reads text from outside (a form, an address, a
//! query string): random and mutated inputs, thousands per `cargo test`, and as many as
//! `scripts/fuzz` likes (`FUZZ_CASES`). Whatever the input, the readers never panic; what they
//! accept keeps their documented limits; what they refuse, they refuse with a readable sentence.
//!
//! One test binary (`cargo test -p domain --test fuzz`), so `scripts/fuzz` can run it on its own.

mod form_checks;
mod forms;
mod links;
mod mutations;
mod people;
mod small_parsers;
mod support;
