//! An offering's days in time: each class day's hours in the offering's zone and in UTC, the
//! agenda's teaching slots as spans of UTC minutes (for CPE hours), and which class day a minute
//! of presence falls on. The only place that knows about time zones (the zone database is built
//! into the binary through `jiff`).

use app::api::offerings::DayTimes;
use domain::completion::Span;
use domain::course::{ClockTime, Day, SlotKind};
use domain::offering::Offering;
use jiff::civil::Date;
use jiff::tz::TimeZone;

/// The most class days an offering's schedule lists (a class is two days; this only bounds
/// what a mistyped end date could make the server compute).
const MAX_DAYS: usize = 31;

/// Whether the zone database knows `name`.
pub fn known_zone(name: &str) -> bool {
    !name.is_empty() && name.len() <= 64 && TimeZone::get(name).is_ok()
}

fn zone(name: &str) -> TimeZone {
    TimeZone::get(name).unwrap_or(TimeZone::UTC)
}

/// The class's dates from `starts_on` to `ends_on` (at most `MAX_DAYS`).
pub fn class_dates(starts_on: &str, ends_on: &str) -> Vec<String> {
    let (Ok(mut date), Ok(end)) = (starts_on.parse::<Date>(), ends_on.parse::<Date>()) else {
        return Vec::new();
    };
    let mut dates = Vec::new();
    while date <= end && dates.len() < MAX_DAYS {
        dates.push(date.to_string());
        match date.tomorrow() {
            Ok(next) => date = next,
            Err(_) => break,
        }
    }
    dates
}

/// Minutes since 1970 of `clock` on `date` in `zone` (a time skipped by a clock change counts
/// as the moment after it).
fn utc_minute(date: &str, clock: ClockTime, zone: &TimeZone) -> Option<i64> {
    let date: Date = date.parse().ok()?;
    let hour = (clock.0 / 60) as i8;
    let minute = (clock.0 % 60) as i8;
    let zoned = date.at(hour, minute, 0, 0).to_zoned(zone.clone()).ok()?;
    Some(zoned.timestamp().as_second().div_euclid(60))
}

fn rfc3339(minute: i64) -> String {
    jiff::Timestamp::from_second(minute * 60)
        .map(|t| t.to_string())
        .unwrap_or_default()
}

/// Each class day's hours, in the offering's zone and in UTC.
pub fn day_times(offering: &Offering) -> Vec<DayTimes> {
    let details = &offering.details;
    let zone = zone(&details.time_zone);
    class_dates(&offering.starts_on, &offering.ends_on)
        .into_iter()
        .map(|date| {
            let start = utc_minute(&date, details.daily_start, &zone).unwrap_or_default();
            let end = utc_minute(&date, details.daily_end, &zone).unwrap_or_default();
            DayTimes {
                local: format!(
                    "{}–{} ({})",
                    details.daily_start, details.daily_end, details.time_zone
                ),
                start_utc: rfc3339(start),
                end_utc: rfc3339(end),
                date,
            }
        })
        .collect()
}

/// The day's teaching slots (modules and plenaries, not breaks or lunch), in minutes after
/// midnight, moved so that the day starts at `daily_start` when the offering sets one.
fn teaching_slots(day: &Day, daily_start: Option<ClockTime>) -> Vec<(u16, u16)> {
    let first = day.slots.first().map_or(0, |s| s.start.0);
    let shift = i32::from(daily_start.map_or(first, |s| s.0)) - i32::from(first);
    day.slots
        .iter()
        .filter(|slot| {
            matches!(
                slot.kind,
                SlotKind::Module { .. } | SlotKind::Plenary { .. }
            )
        })
        .filter_map(|slot| {
            let start = i32::from(slot.start.0) + shift;
            let end = i32::from(slot.end.0) + shift;
            (0..=24 * 60)
                .contains(&start)
                .then_some((start as u16, end.clamp(start, 24 * 60) as u16))
        })
        .collect()
}

/// The teaching time of each class day as spans of UTC minutes (`Span` holds minutes since 1970
/// offset by `origin`, so that they fit in `u32`). Class day N follows the agenda's day N; days
/// past the agenda teach nothing. Without an offering the class's days run in UTC at the
/// agenda's own times.
pub fn teaching_spans(
    agenda: &[Day],
    dates: &[String],
    offering: Option<&Offering>,
    origin: i64,
) -> Vec<Vec<Span>> {
    let zone = zone(offering.map_or("UTC", |o| o.details.time_zone.as_str()));
    let daily_start = offering.map(|o| o.details.daily_start);
    dates
        .iter()
        .enumerate()
        .map(|(index, date)| {
            let Some(day) = agenda.get(index) else {
                return Vec::new();
            };
            teaching_slots(day, daily_start)
                .into_iter()
                .filter_map(|(start, end)| {
                    let start = utc_minute(date, ClockTime(start), &zone)? - origin;
                    let end = utc_minute(date, ClockTime(end.min(24 * 60 - 1)), &zone)? - origin
                        + i64::from(end == 24 * 60);
                    Some(Span {
                        start: u32::try_from(start).ok()?,
                        end: u32::try_from(end).ok()?,
                    })
                })
                .collect()
        })
        .collect()
}

/// The date (`YYYY-MM-DD`) a minute since 1970 falls on in the offering's zone (UTC without one).
pub fn local_date(minute: i64, offering: Option<&Offering>) -> String {
    let zone = zone(offering.map_or("UTC", |o| o.details.time_zone.as_str()));
    jiff::Timestamp::from_second(minute * 60)
        .map(|t| t.to_zoned(zone).date().to_string())
        .unwrap_or_default()
}

/// The origin for a class's spans: midnight UTC two days before its first day, in minutes, so
/// that every minute of the class is a small positive number.
pub fn origin_of(starts_on: &str) -> i64 {
    utc_minute(starts_on, ClockTime(0), &TimeZone::UTC).map_or(0, |m| m - 2 * 24 * 60)
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::course::AgendaSlot;

    fn slot(start: u16, end: u16, kind: SlotKind) -> AgendaSlot {
        AgendaSlot {
            start: ClockTime(start),
            end: ClockTime(end),
            kind,
        }
    }

    fn day() -> Day {
        Day {
            number: 1,
            title: "Day 1".into(),
            slots: vec![
                slot(540, 600, SlotKind::Module { id: "m1".into() }),
                slot(
                    600,
                    615,
                    SlotKind::Break {
                        title: "Break".into(),
                    },
                ),
                slot(615, 720, SlotKind::Module { id: "m2".into() }),
                slot(
                    720,
                    780,
                    SlotKind::Lunch {
                        title: "Lunch".into(),
                    },
                ),
                slot(
                    780,
                    800,
                    SlotKind::Plenary {
                        title: "Close".into(),
                    },
                ),
            ],
        }
    }

    #[test]
    fn class_dates_run_from_first_to_last_day_and_are_bounded() {
        assert_eq!(
            class_dates("2027-02-27", "2027-03-01"),
            vec!["2027-02-27", "2027-02-28", "2027-03-01"]
        );
        assert!(class_dates("2027-03-02", "2027-03-01").is_empty());
        assert_eq!(class_dates("2027-01-01", "2027-12-31").len(), MAX_DAYS);
        assert!(class_dates("junk", "2027-01-01").is_empty());
    }

    #[test]
    fn teaching_leaves_out_breaks_and_lunch_and_follows_the_zone() {
        let agenda = vec![day()];
        let dates = vec!["2027-01-15".to_string(), "2027-01-16".to_string()];
        let origin = origin_of("2027-01-15");
        let utc = teaching_spans(&agenda, &dates, None, origin);
        let lengths: Vec<u32> = utc[0].iter().map(|s| s.end - s.start).collect();
        assert_eq!(lengths, vec![60, 105, 20]);
        assert!(utc[1].is_empty(), "no agenda day 2: nothing taught");
        // In Berlin (UTC+1 in January) the same slots start an hour earlier in UTC; starting the
        // day at 08:00 instead of 09:00 moves every slot one hour more.
        let mut offering = sample_offering();
        offering.details.daily_start = ClockTime(480);
        let berlin = teaching_spans(&agenda, &dates, Some(&offering), origin);
        assert_eq!(berlin[0][0].start + 120, utc[0][0].start);
    }

    #[test]
    fn day_times_are_written_in_the_zone_and_in_utc() {
        let offering = sample_offering();
        let days = day_times(&offering);
        assert_eq!(days.len(), 2);
        assert_eq!(days[0].start_utc, "2027-01-15T08:00:00Z");
        assert_eq!(days[0].end_utc, "2027-01-15T16:00:00Z");
        assert_eq!(days[0].local, "09:00–17:00 (Europe/Berlin)");
        let minute = (jiff::Timestamp::from_second(1_800_000_000)
            .unwrap()
            .as_second())
            / 60;
        assert_eq!(local_date(minute, Some(&offering)), "2027-01-15");
    }

    fn sample_offering() -> Offering {
        use domain::offering::{Delivery, OfferingDetails};
        Offering {
            class_id: domain::ids::ClassId(1),
            title: "RMM".into(),
            starts_on: "2027-01-15".into(),
            ends_on: "2027-01-16".into(),
            details: OfferingDetails {
                published: true,
                delivery: Delivery::Virtual,
                location: "Online".into(),
                time_zone: "Europe/Berlin".into(),
                daily_start: ClockTime(540),
                daily_end: ClockTime(1020),
                seats: 10,
                registration_deadline: "2027-01-10".into(),
                fees: vec![],
            },
            seated: 0,
            waitlisted: 0,
        }
    }

    #[test]
    fn unknown_zones_are_refused() {
        assert!(known_zone("America/New_York"));
        assert!(!known_zone("Mars/Olympus"));
        assert!(!known_zone(""));
    }
}
