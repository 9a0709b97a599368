//! The server's integration tests: one binary, a module per feature. Each test starts its own
//! application on port 0 with its own database.

mod accounts;
mod appraisal;
mod appraisal_jigsaw;
mod appraisal_teams;
mod authorization;
mod authorization_offerings;
mod authorization_plans;
mod certificates;
mod content_errors;
mod course_delivery;
mod crosswalk;
mod csv_exports;
mod exercise_storm;
mod exercises;
mod health;
mod helpers;
mod live;
mod live_across_servers;
mod live_checks;
mod live_record;
mod live_room;
mod materials;
mod offerings;
mod page_cache;
mod pages;
mod plans;
mod progress;
mod security;
mod security_limits;
mod shutdown;
