//! The authorization policy: who may do what ([`decide`], from the person, their place in the
//! class and the action) and who may see what ([`visibility`]: keys, rationales, teammates'
//! ratings, results). Pure functions of plain values, tested as tables; the server's one
//! `authorize` door asks them, and pages ask them to show only the buttons a person may press.

mod access;
mod scope;
mod visibility;

pub use access::{decide, may_reset_password, Action, Actor, Decision};
pub use scope::{Grant, Refusal, Scope};
pub use visibility::*;
