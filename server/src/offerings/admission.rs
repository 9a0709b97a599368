//! Registrants join their class on its first day. A seat taken before then waits (the
//! registration is seated, the membership not yet made); a task on every server admits the
//! seated registrants of each class whose first day has come in the offering's own time zone,
//! once a minute and at start-up. Admitting is idempotent, so several servers may run it at once.

use std::time::Duration;

use domain::ids::ClassId;
use domain::offering::Offering;

use super::schedule::local_date;
use crate::storage::clock::now_millis;
use crate::storage::{Storage, StorageError};

const EVERY: Duration = Duration::from_secs(60);

/// Whether the offering's first day has come at `now_ms`, in its own time zone.
pub fn first_day_reached(offering: &Offering, now_ms: i64) -> bool {
    local_date(now_ms.div_euclid(60_000), Some(offering)) >= offering.starts_on
}

/// Whether the class's first day has come: by its offering's zone, or UTC without an offering.
pub async fn class_began(
    storage: &Storage,
    class_id: ClassId,
    now_ms: i64,
) -> Result<bool, StorageError> {
    Ok(match storage.offering(class_id).await? {
        Some(offering) => first_day_reached(&offering, now_ms),
        None => true,
    })
}

/// Admits the seated registrants of every class whose first day has come; answers how many
/// joined.
pub async fn admit_due(storage: &Storage, now_ms: i64) -> Result<u64, StorageError> {
    let mut joined = 0;
    for class_id in storage.classes_awaiting_admission().await? {
        if class_began(storage, class_id, now_ms).await? {
            joined += storage.admit_seated(class_id).await?;
        }
    }
    Ok(joined)
}

/// Runs [`admit_due`] now and then once a minute until aborted.
pub async fn admit_every_minute(storage: Storage) {
    let mut ticks = tokio::time::interval(EVERY);
    loop {
        ticks.tick().await;
        match admit_due(&storage, now_millis()).await {
            Ok(0) => {}
            Ok(joined) => {
                tracing::info!(joined, "registrants joined their classes on the first day")
            }
            Err(error) => {
                tracing::warn!(%error, "admitting registrants failed; trying again in a minute")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::offering::{read_details, Offering};

    fn offering(zone: &str, starts_on: &str) -> Offering {
        let fields = [
            ("published", "on"),
            ("delivery", "virtual"),
            ("location", "Online"),
            ("time_zone", zone),
            ("daily_start", "09:00"),
            ("daily_end", "17:00"),
            ("seats", "10"),
            ("registration_deadline", "2027-01-10"),
            ("fees", ""),
        ];
        let details = read_details(
            |name| {
                fields
                    .iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| v.to_string())
            },
            starts_on,
            |_| true,
        )
        .expect("valid details");
        Offering {
            class_id: ClassId(1),
            title: "Class".into(),
            starts_on: starts_on.into(),
            ends_on: starts_on.into(),
            details,
            seated: 0,
            waitlisted: 0,
        }
    }

    /// Milliseconds at a UTC time on 2027-01-15.
    fn at_utc(hour: i64, minute: i64) -> i64 {
        let day = jiff::civil::date(2027, 1, 15)
            .to_zoned(jiff::tz::TimeZone::UTC)
            .unwrap()
            .timestamp()
            .as_millisecond();
        day + (hour * 60 + minute) * 60_000
    }

    #[test]
    fn the_first_day_begins_at_midnight_in_the_offerings_zone() {
        let cases = [
            // zone, first day, UTC time, reached
            ("UTC", "2027-01-15", (0, 0), true),
            ("UTC", "2027-01-15", (-1, 59), false),
            ("UTC", "2027-01-16", (23, 59), false),
            ("UTC", "2027-01-14", (0, 0), true),
            // Tokyo is 9 hours ahead: its 15 January begins at 15:00 UTC on the 14th.
            ("Asia/Tokyo", "2027-01-15", (-9, 0), true),
            ("Asia/Tokyo", "2027-01-15", (-9, -1), false),
            // New York is 5 hours behind in January: its 15 January begins at 05:00 UTC.
            ("America/New_York", "2027-01-15", (4, 59), false),
            ("America/New_York", "2027-01-15", (5, 0), true),
        ];
        for (zone, first_day, (hour, minute), reached) in cases {
            assert_eq!(
                first_day_reached(&offering(zone, first_day), at_utc(hour, minute)),
                reached,
                "{zone} {first_day} at {hour}:{minute} UTC"
            );
        }
    }
}
