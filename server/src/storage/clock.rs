//! Timestamps as the database stores them: UTC text such as `2026-11-27T15:04:05.123Z`.
//!
//! The application computes "now" itself instead of asking SQL for it, because SQLite and
//! PostgreSQL spell the current time differently; text in this one fixed-width format sorts in
//! time order in both, so comparisons such as "expires after now" work the same everywhere.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Milliseconds since 1970: how the limits store the times of attempts.
pub fn now_millis() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

/// The current time.
pub fn now() -> String {
    format_utc(SystemTime::now())
}

/// The time `days` days from now.
pub fn days_from_now(days: u32) -> String {
    format_utc(SystemTime::now() + Duration::from_secs(u64::from(days) * 86_400))
}

/// Formats milliseconds since 1970 as [`format_utc`] does.
pub fn format_millis(ms: i64) -> String {
    format_utc(UNIX_EPOCH + Duration::from_millis(ms.max(0) as u64))
}

/// Formats a point in time (after 1970) as UTC with milliseconds.
pub fn format_utc(time: SystemTime) -> String {
    let since_epoch = time.duration_since(UNIX_EPOCH).unwrap_or_default();
    let seconds = since_epoch.as_secs();
    let (year, month, day) = civil_from_days((seconds / 86_400) as i64);
    let of_day = seconds % 86_400;
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
        of_day / 3600,
        of_day / 60 % 60,
        of_day % 60,
        since_epoch.subsec_millis()
    )
}

/// The proleptic Gregorian date of a count of days since 1970-01-01 (Howard Hinnant's
/// `civil_from_days`, which is exact for every day in range).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * month_index + 2) / 5 + 1) as u32;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(seconds: u64, millis: u64) -> String {
        format_utc(UNIX_EPOCH + Duration::from_secs(seconds) + Duration::from_millis(millis))
    }

    #[test]
    fn formats_known_instants() {
        assert_eq!(at(0, 0), "1970-01-01T00:00:00.000Z");
        // 2000-02-29 is a leap day in a century year divisible by 400.
        assert_eq!(at(951_782_400, 7), "2000-02-29T00:00:00.007Z");
        assert_eq!(at(1_795_791_845, 123), "2026-11-27T15:04:05.123Z");
        assert_eq!(at(4_107_542_399, 999), "2100-02-28T23:59:59.999Z");
    }

    #[test]
    fn text_order_is_time_order() {
        let earlier = at(1_795_791_845, 999);
        let later = at(1_795_791_846, 0);
        assert!(earlier < later);
        assert!(days_from_now(1) > now());
    }
}
