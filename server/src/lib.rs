//! RMM Classroom's server: configuration, storage, HTTP assembly and the command line. The pages
//! and server functions themselves live in the `app` crate.
// The page views are deeply nested types; computing their layout in a release build needs more
// than the default query depth (the app crate raises its limit for the same reason).
#![recursion_limit = "512"]

pub mod access;
pub mod accounts;
pub mod appraisal;
pub mod certificates;
pub mod classes;
pub mod cli;
pub mod client_address;
pub mod config;
pub mod exercises;
pub mod form_fields;
pub mod health;
pub mod http_error;
pub mod limits;
pub mod live;
pub mod materials;
pub mod offerings;
pub mod page_cache;
pub mod page_slots;
pub mod personal_parts;
pub mod plans;
pub mod progress;
pub mod security_headers;
pub mod security_log;
pub mod serve;
pub mod spliced_gzip;
pub mod startup;
pub mod state;
pub mod static_files;
pub mod storage;
pub mod telemetry;
