//! Dates and times as readers read them: "15 January 2027", and a class day's hours in the
//! reader's own time zone.
//!
//! The server knows the offering's zone but not the reader's, so it writes a day's hours in UTC
//! ("08:00–16:00 UTC"), which reads correctly without JavaScript; once the page is hydrated,
//! [`LocalTimes`] rewrites them with the browser's clock ("09:00–17:00 your time (UTC+01:00)").
//! The `<time>` element keeps the exact instant either way.

use leptos::prelude::*;

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// "2027-01-15" (or the date part of an RFC 3339 time) as "15 January 2027"; anything else as
/// it is.
pub fn long_date(date: &str) -> String {
    date_in_words(date).unwrap_or_else(|| date.to_string())
}

fn date_in_words(date: &str) -> Option<String> {
    let mut parts = date.get(..10)?.split('-');
    let (year, month, day) = (parts.next()?, parts.next()?, parts.next()?);
    let month: usize = month.parse().ok()?;
    let day: u32 = day.parse().ok()?;
    (year.len() == 4 && (1..=12).contains(&month) && (1..=31).contains(&day))
        .then(|| format!("{day} {} {year}", MONTHS[month - 1]))
}

/// "15 January 2027", or "15 January 2027 to 16 January 2027".
pub fn date_range(starts_on: &str, ends_on: &str) -> String {
    if starts_on == ends_on {
        long_date(starts_on)
    } else {
        format!("{} to {}", long_date(starts_on), long_date(ends_on))
    }
}

/// A moment as a date and a clock time, `(YYYY-MM-DD, HH:MM)`.
pub type DateClock = (String, String);

/// The hours of a class day in one zone: "08:00–16:00 UTC" when both ends fall on `day`, with
/// the dates named when they do not ("23:00–07:00 UTC on 2027-01-14", or "20:00 on 2027-01-14
/// to 04:00 on 2027-01-15 UTC").
pub fn span_text(day: &str, start: &DateClock, end: &DateClock, zone: &str) -> String {
    let (start_date, start_clock) = start;
    let (end_date, end_clock) = end;
    if start_date == end_date && start_date == day {
        format!("{start_clock}–{end_clock} {zone}")
    } else if start_date == end_date {
        format!("{start_clock}–{end_clock} {zone} on {start_date}")
    } else {
        format!("{start_clock} on {start_date} to {end_clock} on {end_date} {zone}")
    }
}

/// `2027-01-15T08:00:00Z` as `("2027-01-15", "08:00")`.
fn utc_parts(rfc3339: &str) -> DateClock {
    (
        rfc3339.get(..10).unwrap_or(rfc3339).to_string(),
        rfc3339.get(11..16).unwrap_or_default().to_string(),
    )
}

/// The hours as the server writes them, in UTC.
pub fn utc_text(day: &str, start_utc: &str, end_utc: &str) -> String {
    span_text(day, &utc_parts(start_utc), &utc_parts(end_utc), "UTC")
}

/// "UTC+01:00" from the browser's offset (minutes east of UTC); "UTC" for none.
pub fn offset_label(minutes_east: i32) -> String {
    if minutes_east == 0 {
        return "UTC".to_string();
    }
    let sign = if minutes_east > 0 { '+' } else { '-' };
    let minutes = minutes_east.unsigned_abs();
    format!("UTC{sign}{:02}:{:02}", minutes / 60, minutes % 60)
}

/// The hours in the browser's zone, or `None` when it cannot read the times.
#[cfg(feature = "hydrate")]
fn browser_text(day: &str, start_utc: &str, end_utc: &str) -> Option<String> {
    use web_sys::js_sys::Date;
    use web_sys::wasm_bindgen::JsValue;

    let read = |text: &str| {
        let date = Date::new(&JsValue::from_str(text));
        (!date.get_time().is_nan()).then_some(date)
    };
    let parts = |date: &Date| {
        (
            format!(
                "{:04}-{:02}-{:02}",
                date.get_full_year(),
                date.get_month() + 1,
                date.get_date()
            ),
            format!("{:02}:{:02}", date.get_hours(), date.get_minutes()),
        )
    };
    let start = read(start_utc)?;
    let end = read(end_utc)?;
    // `getTimezoneOffset` counts minutes west of UTC.
    let zone = format!(
        "your time ({})",
        offset_label(-(start.get_timezone_offset() as i32))
    );
    Some(span_text(day, &parts(&start), &parts(&end), &zone))
}

/// A class day's hours: in UTC from the server (and without JavaScript), in the reader's own zone
/// once hydrated. `day` is the class day (`YYYY-MM-DD`) the hours belong to, so that a time
/// falling on another date names it.
#[component]
pub fn LocalTimes(day: String, start_utc: String, end_utc: String) -> impl IntoView {
    let text = RwSignal::new(utc_text(&day, &start_utc, &end_utc));
    #[cfg(feature = "hydrate")]
    {
        let (start, end) = (start_utc.clone(), end_utc.clone());
        Effect::new(move |_| {
            if let Some(local) = browser_text(&day, &start, &end) {
                text.set(local);
            }
        });
    }
    // The view macro evaluates an element's children before its attributes.
    let instant = start_utc.clone();
    view! {
        <span class="local-time" data-start=start_utc data-end=end_utc>
            <time datetime=instant>{move || text.get()}</time>
        </span>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_as_words() {
        assert_eq!(long_date("2027-01-15"), "15 January 2027");
        assert_eq!(long_date("2027-12-03T09:00:00Z"), "3 December 2027");
        assert_eq!(long_date("soon"), "soon");
        assert_eq!(long_date("2027-13-01"), "2027-13-01");
        assert_eq!(date_range("2027-01-15", "2027-01-15"), "15 January 2027");
        assert_eq!(
            date_range("2027-01-15", "2027-01-16"),
            "15 January 2027 to 16 January 2027"
        );
    }

    #[test]
    fn utc_hours_name_the_date_only_when_it_is_another_day() {
        assert_eq!(
            utc_text("2027-01-15", "2027-01-15T08:00:00Z", "2027-01-15T16:00:00Z"),
            "08:00–16:00 UTC"
        );
        assert_eq!(
            utc_text("2027-01-15", "2027-01-14T23:00:00Z", "2027-01-15T07:00:00Z"),
            "23:00 on 2027-01-14 to 07:00 on 2027-01-15 UTC"
        );
        assert_eq!(
            utc_text("2027-01-15", "2027-01-14T13:00:00Z", "2027-01-14T21:00:00Z"),
            "13:00–21:00 UTC on 2027-01-14"
        );
    }

    #[test]
    fn offsets_read_as_utc_plus_or_minus() {
        assert_eq!(offset_label(0), "UTC");
        assert_eq!(offset_label(60), "UTC+01:00");
        assert_eq!(offset_label(330), "UTC+05:30");
        assert_eq!(offset_label(-300), "UTC-05:00");
    }
}
