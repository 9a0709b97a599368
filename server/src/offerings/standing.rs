//! Attendance and completion as the instructor's pages show them, computed from what storage
//! holds: each learner's minutes of presence (one row per minute), the instructor's marks, their
//! submissions, appraisal and knowledge check. No I/O here: the backend gathers, this computes.

use std::collections::{BTreeMap, BTreeSet};

use app::api::offerings::{AttendanceDay, AttendanceRow};
use domain::completion::{
    covered_minutes, cpe_quarter_hours, minutes_inside, shortfalls, CompletionRule, Span, Standing,
};
use domain::ids::UserId;
use domain::offering::Offering;
use domain::people::RosterEntry;

use super::schedule::local_date;
use crate::storage::attendance::StoredMark;

/// The class's days and their teaching spans, and where its minutes are counted from.
pub struct ClassTime<'a> {
    pub dates: Vec<String>,
    pub teaching: Vec<Vec<Span>>,
    pub origin: i64,
    pub offering: Option<&'a Offering>,
}

impl ClassTime<'_> {
    pub fn scheduled_minutes(&self) -> u32 {
        self.teaching.iter().map(|day| covered_minutes(day)).sum()
    }

    /// A learner's presence minutes as spans, grouped by class day (minutes on other days
    /// dropped).
    fn presence_by_day(&self, minutes: &[i64]) -> Vec<Vec<Span>> {
        let index: BTreeMap<&str, usize> = self
            .dates
            .iter()
            .enumerate()
            .map(|(i, d)| (d.as_str(), i))
            .collect();
        let mut days = vec![Vec::new(); self.dates.len()];
        for &minute in minutes {
            let date = local_date(minute, self.offering);
            let (Some(&day), Ok(start)) = (
                index.get(date.as_str()),
                u32::try_from(minute - self.origin),
            ) else {
                continue;
            };
            days[day].push(Span {
                start,
                end: start + 1,
            });
        }
        days
    }

    /// The spans that count for a learner on each day: the whole teaching time on a day marked
    /// present, nothing on a day marked absent, what presence recorded otherwise (partial or no
    /// mark).
    fn counted(&self, minutes: &[i64], marks: &BTreeMap<&str, &StoredMark>) -> Vec<Vec<Span>> {
        self.presence_by_day(minutes)
            .into_iter()
            .enumerate()
            .map(
                |(i, present)| match marks.get(self.dates[i].as_str()).map(|m| m.mark.as_str()) {
                    Some("present") => self.teaching[i].clone(),
                    Some("absent") => Vec::new(),
                    _ => present,
                },
            )
            .collect()
    }
}

/// One learner's attendance row.
pub fn attendance_row(
    time: &ClassTime<'_>,
    learner: &RosterEntry,
    minutes: &[i64],
    marks: &[&StoredMark],
) -> AttendanceRow {
    let by_day: BTreeMap<&str, &StoredMark> = marks.iter().map(|m| (m.day.as_str(), *m)).collect();
    let present = time.presence_by_day(minutes);
    AttendanceRow {
        user_id: learner.user_id,
        display_name: learner.display_name.clone(),
        username: learner.username.clone(),
        days: time
            .dates
            .iter()
            .enumerate()
            .map(|(i, date)| {
                let mark = by_day.get(date.as_str());
                AttendanceDay {
                    date: date.clone(),
                    minutes_present: covered_minutes(&present[i]),
                    minutes_teaching: minutes_inside(&present[i], &time.teaching[i]),
                    minutes_scheduled: covered_minutes(&time.teaching[i]),
                    mark: mark.map(|m| m.mark.clone()),
                    note: mark.map(|m| m.note.clone()).unwrap_or_default(),
                }
            })
            .collect(),
    }
}

/// What the completion rule needs of a learner beyond attendance.
#[derive(Clone, Debug, Default)]
pub struct Work {
    pub exercises_submitted: BTreeSet<String>,
    pub appraisal_submitted: bool,
    pub knowledge_check_percent: Option<f64>,
}

/// A learner's standing against the rule and their CPE quarter hours.
pub fn standing(
    time: &ClassTime<'_>,
    minutes: &[i64],
    marks: &[&StoredMark],
    work: &Work,
    required: &BTreeSet<String>,
) -> (Standing, u32) {
    let by_day: BTreeMap<&str, &StoredMark> = marks.iter().map(|m| (m.day.as_str(), *m)).collect();
    let counted: Vec<Span> = time.counted(minutes, &by_day).concat();
    let teaching: Vec<Span> = time.teaching.concat();
    let standing = Standing {
        attended_minutes: minutes_inside(&counted, &teaching),
        scheduled_minutes: time.scheduled_minutes(),
        exercises_submitted: required.intersection(&work.exercises_submitted).count() as u32,
        exercises_required: required.len() as u32,
        appraisal_submitted: work.appraisal_submitted,
        knowledge_check_percent: work.knowledge_check_percent,
    };
    (standing, cpe_quarter_hours(&counted, &teaching))
}

/// The rule's shortfalls in words.
pub fn shortfall_words(rule: &CompletionRule, standing: &Standing) -> Vec<String> {
    shortfalls(rule, standing)
        .iter()
        .map(|s| s.describe())
        .collect()
}

/// Each learner's marks, by learner.
pub fn marks_by_learner(marks: &[StoredMark]) -> BTreeMap<UserId, Vec<&StoredMark>> {
    let mut by: BTreeMap<UserId, Vec<&StoredMark>> = BTreeMap::new();
    for mark in marks {
        by.entry(mark.user_id).or_default().push(mark);
    }
    by
}

/// Each learner's presence minutes, by learner.
pub fn minutes_by_learner(rows: &[(UserId, i64)]) -> BTreeMap<UserId, Vec<i64>> {
    let mut by: BTreeMap<UserId, Vec<i64>> = BTreeMap::new();
    for &(user, minute) in rows {
        by.entry(user).or_default().push(minute);
    }
    by
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::completion::CompletionRule;

    fn time() -> ClassTime<'static> {
        // Two days from minute 1000: 09:00–12:00 teaching each day, 1440 minutes apart.
        ClassTime {
            dates: vec!["1970-01-01".into(), "1970-01-02".into()],
            teaching: vec![
                vec![Span {
                    start: 540,
                    end: 720,
                }],
                vec![Span {
                    start: 1980,
                    end: 2160,
                }],
            ],
            origin: 0,
            offering: None,
        }
    }

    fn mark(day: &str, mark: &str) -> StoredMark {
        StoredMark {
            user_id: UserId(1),
            day: day.into(),
            mark: mark.into(),
            note: String::new(),
        }
    }

    #[test]
    fn presence_counts_inside_teaching_and_marks_override_a_day() {
        // Present 08:00–10:00 on day 1 (60 minutes of it teaching), absent on day 2.
        let minutes: Vec<i64> = (480..600).collect();
        let work = Work::default();
        let required = BTreeSet::new();
        let (standing, quarters) = standing(&time(), &minutes, &[], &work, &required);
        assert_eq!(standing.attended_minutes, 60);
        assert_eq!(standing.scheduled_minutes, 360);
        assert_eq!(quarters, 4);
        let present = mark("1970-01-02", "present");
        let (standing, quarters) = standing_with(&minutes, &[&present]);
        assert_eq!(standing.attended_minutes, 240);
        assert_eq!(quarters, 16);
        let absent = mark("1970-01-01", "absent");
        let (standing, _) = standing_with(&minutes, &[&absent]);
        assert_eq!(standing.attended_minutes, 0);
    }

    fn standing_with(minutes: &[i64], marks: &[&StoredMark]) -> (Standing, u32) {
        standing(&time(), minutes, marks, &Work::default(), &BTreeSet::new())
    }

    #[test]
    fn the_attendance_row_shows_each_day() {
        let learner = RosterEntry {
            user_id: UserId(1),
            username: "ada".into(),
            display_name: "Ada".into(),
            membership: domain::people::Membership::Learner,
            joined_at: String::new(),
        };
        let minutes: Vec<i64> = (530..560).collect();
        let partial = mark("1970-01-01", "partial");
        let row = attendance_row(&time(), &learner, &minutes, &[&partial]);
        assert_eq!(row.days[0].minutes_present, 30);
        assert_eq!(row.days[0].minutes_teaching, 20);
        assert_eq!(row.days[0].minutes_scheduled, 180);
        assert_eq!(row.days[0].mark.as_deref(), Some("partial"));
        assert_eq!(row.days[1].minutes_present, 0);
    }

    #[test]
    fn shortfalls_are_in_words() {
        let rule = CompletionRule {
            appraisal_submitted: true,
            ..Default::default()
        };
        let (standing, _) = standing_with(&[], &[]);
        assert_eq!(
            shortfall_words(&rule, &standing),
            vec!["the appraisal not submitted"]
        );
    }
}
