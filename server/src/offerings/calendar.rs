//! An offering as an iCalendar file (RFC 5545): one event per class day, in UTC, so that every
//! calendar program places it right without the zone's rules in the file.

use app::api::offerings::DayTimes;
use domain::offering::Offering;

/// Escapes a text value (RFC 5545, 3.3.11): backslash, semicolon, comma and line breaks.
fn text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds a content line at 75 octets (never inside a character), lines ended by CRLF.
fn fold(line: &str, out: &mut String) {
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
}

/// `2027-01-15T08:00:00Z` → `20270115T080000Z`.
fn basic(rfc3339: &str) -> String {
    rfc3339.chars().filter(|c| *c != '-' && *c != ':').collect()
}

/// The calendar for an offering whose days are `days`; `url` is its page, `host` names the
/// site in each event's unique id, `stamp` is now in RFC 3339.
pub fn calendar(
    offering: &Offering,
    days: &[DayTimes],
    url: &str,
    host: &str,
    stamp: &str,
) -> String {
    let mut out = String::new();
    for line in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//RMM Classroom//Offerings//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ] {
        fold(line, &mut out);
    }
    let count = days.len();
    for (index, day) in days.iter().enumerate() {
        let lines = [
            "BEGIN:VEVENT".to_string(),
            format!(
                "UID:offering-{}-day-{}@{}",
                offering.class_id,
                index + 1,
                text(host)
            ),
            format!("DTSTAMP:{}", basic(stamp)),
            format!("DTSTART:{}", basic(&day.start_utc)),
            format!("DTEND:{}", basic(&day.end_utc)),
            format!(
                "SUMMARY:{}",
                text(&format!(
                    "{} (day {} of {count})",
                    offering.title,
                    index + 1
                ))
            ),
            format!("LOCATION:{}", text(&offering.details.location)),
            format!(
                "DESCRIPTION:{}",
                text(&format!(
                    "{}. Daily hours {}. Details and registration: {url}",
                    offering.details.delivery.label(),
                    day.local
                ))
            ),
            format!("URL:{}", text(url)),
            "END:VEVENT".to_string(),
        ];
        for line in &lines {
            fold(line, &mut out);
        }
    }
    fold("END:VCALENDAR", &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::course::ClockTime;
    use domain::ids::ClassId;
    use domain::offering::{Delivery, OfferingDetails};

    fn offering(title: &str, location: &str) -> Offering {
        Offering {
            class_id: ClassId(7),
            title: title.into(),
            starts_on: "2027-01-15".into(),
            ends_on: "2027-01-16".into(),
            details: OfferingDetails {
                published: true,
                delivery: Delivery::Classroom,
                location: location.into(),
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

    fn days() -> Vec<DayTimes> {
        ["15", "16"]
            .iter()
            .map(|d| DayTimes {
                date: format!("2027-01-{d}"),
                local: "09:00–17:00 (Europe/Berlin)".into(),
                start_utc: format!("2027-01-{d}T08:00:00Z"),
                end_utc: format!("2027-01-{d}T16:00:00Z"),
            })
            .collect()
    }

    #[test]
    fn one_event_per_day_in_utc() {
        let ics = calendar(
            &offering("RMM", "Room 1"),
            &days(),
            "https://x/offerings/7",
            "x",
            "2027-01-01T00:00:00Z",
        );
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"));
        assert!(ics.ends_with("END:VCALENDAR\r\n"));
        assert_eq!(ics.matches("BEGIN:VEVENT").count(), 2);
        assert!(ics.contains("DTSTART:20270115T080000Z\r\n"));
        assert!(ics.contains("DTEND:20270116T160000Z\r\n"));
        assert!(ics.contains("UID:offering-7-day-2@x\r\n"));
    }

    #[test]
    fn hostile_text_cannot_add_properties_and_long_lines_fold() {
        let hostile = "Room 1\r\nATTENDEE:mailto:evil@example.com;X=1,2\\";
        let ics = calendar(
            &offering(&"Ü".repeat(60), hostile),
            &days(),
            "u",
            "x",
            "2027-01-01T00:00:00Z",
        );
        assert!(!ics.contains("\r\nATTENDEE"), "{ics}");
        assert!(ics.contains("LOCATION:Room 1\\nATTENDEE:mailto:evil@example.com\\;X=1\\,2\\\\"));
        for line in ics.split("\r\n") {
            assert!(line.len() <= 75, "{line}");
        }
    }
}
