//! The pure rules of RMM Classroom, apart from any web framework or storage: what the course is
//! as pages see it, how answers are graded, how practice ratings become goal ratings and
//! capability levels, how a learner's ratings compare with a key, how teams agree, how progress
//! is summarized, how a live session changes (its quick checks too), and who may do and see what.
//!
//! Everything here is a plain function of plain values, so it is tested by tables and
//! properties without a server, and both the server and the WebAssembly link it.

pub mod answers;
pub mod appraisal;
pub mod certificate;
pub mod completion;
pub mod course;
pub mod crosswalk;
pub mod exercise;
pub mod guide;
pub mod ids;
pub mod knowledge_check;
pub mod links;
pub mod live;
pub mod live_record;
pub mod live_room;
pub mod notice;
pub mod offering;
pub mod people;
pub mod policy;
pub mod progress;
pub mod quick_check;
pub mod security_log;
