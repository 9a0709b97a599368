//! Completing a class (issue 16): whether a learner meets the class's completion rule, and the
//! continuing-education (CPE) hours a certificate states.
//!
//! Pure, so that the rule is tested by tables: a class's rule has four optional parts (a minimum
//! attendance, every class exercise submitted, the appraisal submitted, a minimum knowledge-check
//! score), and a learner qualifies when no part falls short. CPE hours count the minutes a
//! learner was present inside the agenda's teaching slots (not breaks or lunch), rounded down to a
//! quarter hour and capped at the scheduled teaching time.

use serde::{Deserialize, Serialize};

/// A class's completion rule; each part is optional.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CompletionRule {
    /// At least this share of the scheduled teaching time attended, in percent.
    pub min_attendance_percent: Option<u8>,
    /// Every class exercise submitted at least once.
    pub all_exercises_submitted: bool,
    /// The appraisal submitted.
    pub appraisal_submitted: bool,
    /// At least this score in the knowledge check, in percent.
    pub min_knowledge_check_percent: Option<u8>,
}

/// What a learner has done, as the rule reads it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Standing {
    /// Minutes present inside the teaching slots, and the slots' scheduled minutes.
    pub attended_minutes: u32,
    pub scheduled_minutes: u32,
    pub exercises_submitted: u32,
    pub exercises_required: u32,
    pub appraisal_submitted: bool,
    /// The knowledge-check score in percent, if the learner took it.
    pub knowledge_check_percent: Option<f64>,
}

/// A part of the rule a learner falls short of, with what they had.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Shortfall {
    Attendance {
        needed_percent: u8,
        had_percent: f64,
    },
    Exercises {
        missing: u32,
    },
    Appraisal,
    KnowledgeCheck {
        needed_percent: u8,
        had_percent: Option<f64>,
    },
}

impl Shortfall {
    /// The shortfall in words, for the instructor's list and the learner's own page.
    pub fn describe(&self) -> String {
        match self {
            Shortfall::Attendance {
                needed_percent,
                had_percent,
            } => format!(
                // Rounded down, so that a learner just short never reads the share needed.
                "attended {} % of the teaching time; {needed_percent} % is needed",
                had_percent.floor()
            ),
            Shortfall::Exercises { missing: 1 } => "1 class exercise not submitted".into(),
            Shortfall::Exercises { missing } => format!("{missing} class exercises not submitted"),
            Shortfall::Appraisal => "the appraisal not submitted".into(),
            Shortfall::KnowledgeCheck {
                needed_percent,
                had_percent: Some(had),
            } => format!(
                "knowledge check {} %; {needed_percent} % is needed",
                had.floor()
            ),
            Shortfall::KnowledgeCheck {
                needed_percent,
                had_percent: None,
            } => format!("knowledge check not taken; {needed_percent} % is needed"),
        }
    }
}

/// Every part of `rule` that `standing` falls short of; empty when the learner qualifies.
pub fn shortfalls(rule: &CompletionRule, standing: &Standing) -> Vec<Shortfall> {
    let mut short = Vec::new();
    if let Some(needed) = rule.min_attendance_percent {
        let had = if standing.scheduled_minutes == 0 {
            0.0
        } else {
            100.0 * f64::from(standing.attended_minutes.min(standing.scheduled_minutes))
                / f64::from(standing.scheduled_minutes)
        };
        if had + 1e-9 < f64::from(needed) {
            short.push(Shortfall::Attendance {
                needed_percent: needed,
                had_percent: had,
            });
        }
    }
    if rule.all_exercises_submitted && standing.exercises_submitted < standing.exercises_required {
        short.push(Shortfall::Exercises {
            missing: standing.exercises_required - standing.exercises_submitted,
        });
    }
    if rule.appraisal_submitted && !standing.appraisal_submitted {
        short.push(Shortfall::Appraisal);
    }
    if let Some(needed) = rule.min_knowledge_check_percent {
        let enough = standing
            .knowledge_check_percent
            .is_some_and(|had| had + 1e-9 >= f64::from(needed));
        if !enough {
            short.push(Shortfall::KnowledgeCheck {
                needed_percent: needed,
                had_percent: standing.knowledge_check_percent,
            });
        }
    }
    short
}

/// A span of time in minutes (any common origin), `end` excluded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

/// `spans` sorted and merged where they overlap or touch, empty ones dropped.
fn merged(spans: &[Span]) -> Vec<Span> {
    let mut sorted: Vec<Span> = spans.iter().copied().filter(|s| s.end > s.start).collect();
    sorted.sort_by_key(|s| s.start);
    let mut out: Vec<Span> = Vec::with_capacity(sorted.len());
    for span in sorted {
        match out.last_mut() {
            Some(last) if span.start <= last.end => last.end = last.end.max(span.end),
            _ => out.push(span),
        }
    }
    out
}

fn minutes(spans: &[Span]) -> u32 {
    spans.iter().map(|s| s.end - s.start).sum()
}

/// The CPE time a certificate states, in quarter hours: the minutes of `present` inside
/// `teaching`, rounded down to a quarter hour, and never more than the scheduled teaching time
/// (itself rounded down to a quarter hour). Overlapping presence (two tabs) counts once.
pub fn cpe_quarter_hours(present: &[Span], teaching: &[Span]) -> u32 {
    (minutes_inside(present, teaching) / 15).min(minutes(&merged(teaching)) / 15)
}

/// The minutes of `present` inside `teaching`, each minute counted once however the spans
/// overlap.
pub fn minutes_inside(present: &[Span], teaching: &[Span]) -> u32 {
    let present = merged(present);
    let teaching = merged(teaching);
    let mut inside = 0;
    for p in &present {
        for t in &teaching {
            let start = p.start.max(t.start);
            let end = p.end.min(t.end);
            if end > start {
                inside += end - start;
            }
        }
    }
    inside
}

/// The minutes `spans` cover, overlaps counted once.
pub fn covered_minutes(spans: &[Span]) -> u32 {
    minutes(&merged(spans))
}

/// Quarter hours as the certificate writes hours: "12.75".
pub fn hours_text(quarter_hours: u32) -> String {
    let hours = quarter_hours / 4;
    match quarter_hours % 4 {
        0 => format!("{hours}"),
        1 => format!("{hours}.25"),
        2 => format!("{hours}.5"),
        _ => format!("{hours}.75"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn standing(attended: u32, exercises: u32, appraisal: bool, check: Option<f64>) -> Standing {
        Standing {
            attended_minutes: attended,
            scheduled_minutes: 800,
            exercises_submitted: exercises,
            exercises_required: 12,
            appraisal_submitted: appraisal,
            knowledge_check_percent: check,
        }
    }

    #[test]
    fn the_rule_is_met_only_when_no_part_falls_short() {
        let rule = CompletionRule {
            min_attendance_percent: Some(80),
            all_exercises_submitted: true,
            appraisal_submitted: true,
            min_knowledge_check_percent: Some(70),
        };
        let cases: Vec<(Standing, Vec<&str>)> = vec![
            (standing(800, 12, true, Some(90.0)), vec![]),
            (standing(640, 12, true, Some(70.0)), vec![]),
            (
                standing(639, 12, true, Some(70.0)),
                vec!["attended 79 % of the teaching time; 80 % is needed"],
            ),
            (
                standing(900, 11, true, Some(70.0)),
                vec!["1 class exercise not submitted"],
            ),
            (
                standing(800, 9, false, None),
                vec![
                    "3 class exercises not submitted",
                    "the appraisal not submitted",
                    "knowledge check not taken; 70 % is needed",
                ],
            ),
            (
                standing(800, 12, true, Some(69.9)),
                vec!["knowledge check 69 %; 70 % is needed"],
            ),
        ];
        for (standing, expected) in cases {
            let got: Vec<String> = shortfalls(&rule, &standing)
                .iter()
                .map(Shortfall::describe)
                .collect();
            assert_eq!(got, expected, "{standing:?}");
        }
    }

    #[test]
    fn an_empty_rule_is_met_by_anyone_and_attendance_never_exceeds_the_schedule() {
        assert!(shortfalls(&CompletionRule::default(), &Standing::default()).is_empty());
        let rule = CompletionRule {
            min_attendance_percent: Some(100),
            ..CompletionRule::default()
        };
        assert!(shortfalls(&rule, &standing(5_000, 0, false, None)).is_empty());
        let nothing_scheduled = Standing::default();
        assert_eq!(shortfalls(&rule, &nothing_scheduled).len(), 1);
    }

    #[test]
    fn cpe_counts_presence_inside_teaching_slots_in_quarter_hours_capped_at_the_schedule() {
        let day = [
            Span {
                start: 510,
                end: 600,
            }, // 08:30-10:00
            Span {
                start: 615,
                end: 720,
            }, // 10:15-12:00 (a break before it)
            Span {
                start: 780,
                end: 990,
            }, // 13:00-16:30 (lunch before it)
        ];
        // Present the whole day, breaks and lunch too: only the teaching time counts.
        let whole = [Span {
            start: 480,
            end: 1020,
        }];
        assert_eq!(cpe_quarter_hours(&whole, &day), 27); // 405 min = 6.75 h
        assert_eq!(hours_text(27), "6.75");
        // Two tabs overlapping count once; 14 minutes round down to nothing.
        let tabs = [
            Span {
                start: 510,
                end: 560,
            },
            Span {
                start: 540,
                end: 600,
            },
        ];
        assert_eq!(cpe_quarter_hours(&tabs, &day), 6);
        assert_eq!(
            cpe_quarter_hours(
                &[Span {
                    start: 615,
                    end: 629
                }],
                &day
            ),
            0
        );
        // Nothing outside the slots, and never more than the schedule.
        assert_eq!(
            cpe_quarter_hours(
                &[Span {
                    start: 720,
                    end: 780
                }],
                &day
            ),
            0
        );
        let twice = [
            Span {
                start: 0,
                end: 2_000,
            },
            Span {
                start: 0,
                end: 2_000,
            },
        ];
        assert_eq!(cpe_quarter_hours(&twice, &day), 27);
        assert_eq!(hours_text(4), "1");
        assert_eq!(hours_text(2), "0.5");
    }
}
