//! Offerings and registrations (issue 16). A registration takes a seat or a place on the
//! waitlist inside one writing transaction that holds the offering's lock, so that two hundred
//! people registering at once for the last ten seats, on one server or several, seat exactly ten.

use domain::course::ClockTime;
use domain::ids::{ClassId, UserId};
use domain::offering::{
    moving_up, seat_or_wait, Delivery, Fee, Offering, OfferingDetails, Registration,
    RegistrationStatus,
};
use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};

use super::clock::format_millis;
use super::error::StorageError;
use super::pool::Storage;

/// What a registration did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Registered {
    /// Newly seated or waitlisted (with the place counted from 1).
    New(RegistrationStatus, Option<u32>),
    /// The person was already registered; nothing changed.
    Already(RegistrationStatus, Option<u32>),
    /// The person was removed from the class by its instructors and not re-admitted: a
    /// registration would bring them back in by another door.
    Removed,
}

const OFFERING_COLUMNS: &str = "c.id, c.name, c.starts_on, c.ends_on, o.published, o.delivery,
    o.location, o.time_zone, o.daily_start, o.daily_end, o.seats, o.registration_deadline, o.fees_json,
    (SELECT COUNT(*) FROM registrations r WHERE r.class_id = c.id AND r.status = 'seated') AS seated,
    (SELECT COUNT(*) FROM registrations r WHERE r.class_id = c.id AND r.status = 'waitlisted') AS waitlisted";

fn offering_from_row(row: &AnyRow) -> Result<Offering, StorageError> {
    let delivery: String = row.try_get("delivery")?;
    let fees: Vec<Fee> = serde_json::from_str(&row.try_get::<String, _>("fees_json")?)
        .map_err(|e| StorageError::Corrupt(format!("offering fees: {e}")))?;
    Ok(Offering {
        class_id: ClassId(row.try_get("id")?),
        title: row.try_get("name")?,
        starts_on: row.try_get("starts_on")?,
        ends_on: row.try_get("ends_on")?,
        details: OfferingDetails {
            published: row.try_get::<i64, _>("published")? != 0,
            delivery: Delivery::parse(&delivery)
                .ok_or_else(|| StorageError::Corrupt(format!("unknown delivery `{delivery}`")))?,
            location: row.try_get("location")?,
            time_zone: row.try_get("time_zone")?,
            daily_start: ClockTime(row.try_get::<i64, _>("daily_start")? as u16),
            daily_end: ClockTime(row.try_get::<i64, _>("daily_end")? as u16),
            seats: row.try_get::<i64, _>("seats")? as u32,
            registration_deadline: row.try_get("registration_deadline")?,
            fees,
        },
        seated: row.try_get::<i64, _>("seated")? as u32,
        waitlisted: row.try_get::<i64, _>("waitlisted")? as u32,
    })
}

fn offering_key(class_id: ClassId) -> String {
    format!("offering:{class_id}")
}

impl Storage {
    /// Sets a class's offering details (creating its offering the first time). Lowering the
    /// seats below those already seated unseats nobody; raising them moves the waitlist up.
    pub async fn save_offering(
        &self,
        class_id: ClassId,
        details: &OfferingDetails,
        now_ms: i64,
        first_day_reached: bool,
    ) -> Result<Vec<UserId>, StorageError> {
        let fees = serde_json::to_string(&details.fees).expect("fees serialize");
        let mut tx = self.begin_write().await?;
        self.lock_key(&mut tx, &offering_key(class_id)).await?;
        sqlx::query(
            "INSERT INTO offerings (class_id, published, delivery, location, time_zone, daily_start,
                daily_end, seats, registration_deadline, fees_json, updated_ms)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
             ON CONFLICT (class_id) DO UPDATE SET published = excluded.published,
                delivery = excluded.delivery, location = excluded.location,
                time_zone = excluded.time_zone, daily_start = excluded.daily_start,
                daily_end = excluded.daily_end, seats = excluded.seats,
                registration_deadline = excluded.registration_deadline,
                fees_json = excluded.fees_json, updated_ms = excluded.updated_ms",
        )
        .bind(class_id.get())
        .bind(i64::from(details.published))
        .bind(details.delivery.as_str())
        .bind(details.location.as_str())
        .bind(details.time_zone.as_str())
        .bind(i64::from(details.daily_start.0))
        .bind(i64::from(details.daily_end.0))
        .bind(i64::from(details.seats))
        .bind(details.registration_deadline.as_str())
        .bind(fees)
        .bind(now_ms)
        .execute(&mut *tx)
        .await?;
        let moved = self
            .move_waitlist_up(&mut tx, class_id, first_day_reached)
            .await?;
        tx.commit().await?;
        Ok(moved)
    }

    /// A class's offering, published or not.
    pub async fn offering(&self, class_id: ClassId) -> Result<Option<Offering>, StorageError> {
        let sql = format!(
            "SELECT {OFFERING_COLUMNS} FROM classes c JOIN offerings o ON o.class_id = c.id WHERE c.id = $1"
        );
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(class_id.get())
            .fetch_optional(self.pool())
            .await?;
        row.as_ref().map(offering_from_row).transpose()
    }

    /// The published offerings that have not ended by `today` (`YYYY-MM-DD`), soonest first.
    pub async fn published_offerings(&self, today: &str) -> Result<Vec<Offering>, StorageError> {
        let sql = format!(
            "SELECT {OFFERING_COLUMNS} FROM classes c JOIN offerings o ON o.class_id = c.id
             WHERE o.published = 1 AND c.ends_on >= $1 ORDER BY c.starts_on, c.id LIMIT 500"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(today)
            .fetch_all(self.pool())
            .await?;
        rows.iter().map(offering_from_row).collect()
    }

    /// Registers `user` for the offering: a seat while one is free and nobody waits, else a place
    /// on the waitlist. A seat makes the person a learner of the class (no join code needed):
    /// at once when `first_day_reached`, else when [`Storage::admit_seated`] runs on the class's
    /// first day. `Ok(None)` when the class has no offering.
    pub async fn register(
        &self,
        class_id: ClassId,
        user: UserId,
        now_ms: i64,
        first_day_reached: bool,
    ) -> Result<Option<Registered>, StorageError> {
        let mut tx = self.begin_write().await?;
        self.lock_key(&mut tx, &offering_key(class_id)).await?;
        let seats: Option<i64> =
            sqlx::query_scalar("SELECT seats FROM offerings WHERE class_id = $1")
                .bind(class_id.get())
                .fetch_optional(&mut *tx)
                .await?;
        let Some(seats) = seats else {
            return Ok(None);
        };
        let removed: Option<i64> = sqlx::query_scalar(
            "SELECT user_id FROM class_removals WHERE class_id = $1 AND user_id = $2",
        )
        .bind(class_id.get())
        .bind(user.get())
        .fetch_optional(&mut *tx)
        .await?;
        if removed.is_some() {
            return Ok(Some(Registered::Removed));
        }
        if let Some((status, place)) = registration_in(&mut tx, class_id, user).await? {
            if status != RegistrationStatus::Cancelled {
                return Ok(Some(Registered::Already(status, place)));
            }
        }
        let (seated, waiting) = counts_in(&mut tx, class_id).await?;
        let status = seat_or_wait(seats as u32, seated, waiting);
        sqlx::query(
            "INSERT INTO registrations (class_id, user_id, status, registered_ms, terms_accepted_ms)
             VALUES ($1, $2, $3, $4, $4)
             ON CONFLICT (class_id, user_id) DO UPDATE SET status = excluded.status,
                registered_ms = excluded.registered_ms,
                terms_accepted_ms = excluded.terms_accepted_ms, cancelled_ms = NULL",
        )
        .bind(class_id.get())
        .bind(user.get())
        .bind(status.as_str())
        .bind(now_ms)
        .execute(&mut *tx)
        .await?;
        if status == RegistrationStatus::Seated {
            seat_in_class(&mut tx, class_id, user, first_day_reached).await?;
        }
        let (status, place) = registration_in(&mut tx, class_id, user)
            .await?
            .expect("the registration was just written");
        tx.commit().await?;
        Ok(Some(Registered::New(status, place)))
    }

    /// Cancels `user`'s registration. A freed seat goes to the first on the waitlist, who becomes
    /// a learner of the class. Answers whether there was a registration to cancel and who moved up.
    pub async fn cancel_registration(
        &self,
        class_id: ClassId,
        user: UserId,
        now_ms: i64,
        first_day_reached: bool,
    ) -> Result<(bool, Vec<UserId>), StorageError> {
        let mut tx = self.begin_write().await?;
        self.lock_key(&mut tx, &offering_key(class_id)).await?;
        let Some((status, _)) = registration_in(&mut tx, class_id, user).await? else {
            return Ok((false, Vec::new()));
        };
        if status == RegistrationStatus::Cancelled {
            return Ok((false, Vec::new()));
        }
        sqlx::query(
            "UPDATE registrations SET status = 'cancelled', cancelled_ms = $3
             WHERE class_id = $1 AND user_id = $2",
        )
        .bind(class_id.get())
        .bind(user.get())
        .bind(now_ms)
        .execute(&mut *tx)
        .await?;
        if status == RegistrationStatus::Seated {
            // The seat was the place in the class, when the seat made them a member: a learner
            // who had joined by code before registering stays.
            sqlx::query(
                "DELETE FROM class_members WHERE class_id = $1 AND user_id = $2 AND role = 'learner'
                   AND EXISTS (SELECT 1 FROM registrations r WHERE r.class_id = $1
                               AND r.user_id = $2 AND r.seat_made_member = 1)",
            )
            .bind(class_id.get())
            .bind(user.get())
            .execute(&mut *tx)
            .await?;
        }
        let moved = self
            .move_waitlist_up(&mut tx, class_id, first_day_reached)
            .await?;
        tx.commit().await?;
        Ok((true, moved))
    }

    /// The classes with a seated registrant not yet in the class: those whose first day the
    /// admissions task waits for.
    pub async fn classes_awaiting_admission(&self) -> Result<Vec<ClassId>, StorageError> {
        let ids: Vec<i64> = sqlx::query_scalar(
            "SELECT DISTINCT r.class_id FROM registrations r
             WHERE r.status = 'seated' AND r.seat_made_member = 1
               AND NOT EXISTS (SELECT 1 FROM class_members m
                               WHERE m.class_id = r.class_id AND m.user_id = r.user_id)
               AND NOT EXISTS (SELECT 1 FROM class_removals x
                               WHERE x.class_id = r.class_id AND x.user_id = r.user_id)",
        )
        .fetch_all(self.pool())
        .await?;
        Ok(ids.into_iter().map(ClassId).collect())
    }

    /// Makes every seated registrant of the class a learner of it (its first day has come);
    /// never one its instructors removed. Answers how many joined. Safe to run on several servers
    /// at once: a membership already there is left as it is.
    pub async fn admit_seated(&self, class_id: ClassId) -> Result<u64, StorageError> {
        let mut tx = self.begin_write().await?;
        self.lock_key(&mut tx, &offering_key(class_id)).await?;
        let joined = sqlx::query(
            "INSERT INTO class_members (class_id, user_id, role)
             SELECT r.class_id, r.user_id, 'learner' FROM registrations r
             WHERE r.class_id = $1 AND r.status = 'seated' AND r.seat_made_member = 1
               AND NOT EXISTS (SELECT 1 FROM class_members m
                               WHERE m.class_id = r.class_id AND m.user_id = r.user_id)
               AND NOT EXISTS (SELECT 1 FROM class_removals x
                               WHERE x.class_id = r.class_id AND x.user_id = r.user_id)
             ON CONFLICT (class_id, user_id) DO NOTHING",
        )
        .bind(class_id.get())
        .execute(&mut *tx)
        .await?
        .rows_affected();
        tx.commit().await?;
        Ok(joined)
    }

    /// The person's registration for the offering, with their waitlist place.
    pub async fn registration(
        &self,
        class_id: ClassId,
        user: UserId,
    ) -> Result<Option<(RegistrationStatus, Option<u32>)>, StorageError> {
        let mut connection = self.pool().acquire().await?;
        place_of(&mut connection, class_id, user).await
    }

    /// Every registration of the offering: seated, then the waitlist in order, then cancelled.
    pub async fn registrations(
        &self,
        class_id: ClassId,
    ) -> Result<Vec<Registration>, StorageError> {
        let rows = sqlx::query(
            "SELECT r.user_id, u.display_name, u.username, r.status, r.registered_ms,
                    r.terms_accepted_ms, r.cancelled_ms
             FROM registrations r JOIN users u ON u.id = r.user_id
             WHERE r.class_id = $1
             ORDER BY CASE r.status WHEN 'seated' THEN 0 WHEN 'waitlisted' THEN 1 ELSE 2 END, r.id",
        )
        .bind(class_id.get())
        .fetch_all(self.pool())
        .await?;
        let mut place = 0;
        rows.iter()
            .map(|row| {
                let status: String = row.try_get("status")?;
                let status = RegistrationStatus::parse(&status).ok_or_else(|| {
                    StorageError::Corrupt(format!("unknown registration status `{status}`"))
                })?;
                let waitlist_place = (status == RegistrationStatus::Waitlisted).then(|| {
                    place += 1;
                    place
                });
                Ok(Registration {
                    user_id: UserId(row.try_get("user_id")?),
                    display_name: row.try_get("display_name")?,
                    username: row.try_get("username")?,
                    status,
                    waitlist_place,
                    registered_at: format_millis(row.try_get("registered_ms")?),
                    terms_accepted_at: format_millis(row.try_get("terms_accepted_ms")?),
                    cancelled_at: row
                        .try_get::<Option<i64>, _>("cancelled_ms")?
                        .map(format_millis),
                })
            })
            .collect()
    }

    /// Seats as many of the waitlist as there are free seats, first come first seated.
    async fn move_waitlist_up(
        &self,
        tx: &mut Transaction<'static, Any>,
        class_id: ClassId,
        first_day_reached: bool,
    ) -> Result<Vec<UserId>, StorageError> {
        let seats: Option<i64> =
            sqlx::query_scalar("SELECT seats FROM offerings WHERE class_id = $1")
                .bind(class_id.get())
                .fetch_optional(&mut **tx)
                .await?;
        let Some(seats) = seats else {
            return Ok(Vec::new());
        };
        let (seated, waiting) = counts_in(tx, class_id).await?;
        let moving = moving_up(seats as u32, seated, waiting);
        if moving == 0 {
            return Ok(Vec::new());
        }
        let next: Vec<i64> = sqlx::query_scalar(
            "SELECT user_id FROM registrations WHERE class_id = $1 AND status = 'waitlisted'
             ORDER BY id LIMIT $2",
        )
        .bind(class_id.get())
        .bind(i64::from(moving))
        .fetch_all(&mut **tx)
        .await?;
        let mut moved = Vec::with_capacity(next.len());
        for user in next.into_iter().map(UserId) {
            sqlx::query(
                "UPDATE registrations SET status = 'seated' WHERE class_id = $1 AND user_id = $2",
            )
            .bind(class_id.get())
            .bind(user.get())
            .execute(&mut **tx)
            .await?;
            seat_in_class(tx, class_id, user, first_day_reached).await?;
            moved.push(user);
        }
        Ok(moved)
    }
}

/// Seated and waiting counts, read inside the offering's transaction.
async fn counts_in(
    tx: &mut Transaction<'static, Any>,
    class_id: ClassId,
) -> Result<(u32, u32), StorageError> {
    let row = sqlx::query(
        "SELECT
            (SELECT COUNT(*) FROM registrations WHERE class_id = $1 AND status = 'seated') AS seated,
            (SELECT COUNT(*) FROM registrations WHERE class_id = $1 AND status = 'waitlisted') AS waiting",
    )
    .bind(class_id.get())
    .fetch_one(&mut **tx)
    .await?;
    Ok((
        row.try_get::<i64, _>("seated")? as u32,
        row.try_get::<i64, _>("waiting")? as u32,
    ))
}

async fn registration_in(
    tx: &mut Transaction<'static, Any>,
    class_id: ClassId,
    user: UserId,
) -> Result<Option<(RegistrationStatus, Option<u32>)>, StorageError> {
    place_of(tx, class_id, user).await
}

/// A registration's status and, on the waitlist, its place (those waiting before it, plus one).
async fn place_of(
    connection: &mut sqlx::AnyConnection,
    class_id: ClassId,
    user: UserId,
) -> Result<Option<(RegistrationStatus, Option<u32>)>, StorageError> {
    let row = sqlx::query(
        "SELECT r.status, (SELECT COUNT(*) FROM registrations w WHERE w.class_id = r.class_id
                             AND w.status = 'waitlisted' AND w.id <= r.id) AS place
         FROM registrations r WHERE r.class_id = $1 AND r.user_id = $2",
    )
    .bind(class_id.get())
    .bind(user.get())
    .fetch_optional(&mut *connection)
    .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let status: String = row.try_get("status")?;
    let status = RegistrationStatus::parse(&status)
        .ok_or_else(|| StorageError::Corrupt(format!("unknown registration status `{status}`")))?;
    let place = (status == RegistrationStatus::Waitlisted)
        .then(|| row.try_get::<i64, _>("place").map(|p| p as u32))
        .transpose()?;
    Ok(Some((status, place)))
}

/// Makes a seated registrant a learner of the class (an instructor of it stays one) once its
/// first day has come, and records whether the seat is what makes them a member, so that
/// cancelling it takes away only a membership it gave. Before the first day the seat waits for
/// [`Storage::admit_seated`].
async fn seat_in_class(
    tx: &mut Transaction<'static, Any>,
    class_id: ClassId,
    user: UserId,
    first_day_reached: bool,
) -> Result<(), StorageError> {
    let already: Option<i64> = sqlx::query_scalar(
        "SELECT user_id FROM class_members WHERE class_id = $1 AND user_id = $2",
    )
    .bind(class_id.get())
    .bind(user.get())
    .fetch_optional(&mut **tx)
    .await?;
    if already.is_none() && first_day_reached {
        sqlx::query(
            "INSERT INTO class_members (class_id, user_id, role) VALUES ($1, $2, 'learner')",
        )
        .bind(class_id.get())
        .bind(user.get())
        .execute(&mut **tx)
        .await?;
    }
    sqlx::query(
        "UPDATE registrations SET seat_made_member = $3 WHERE class_id = $1 AND user_id = $2",
    )
    .bind(class_id.get())
    .bind(user.get())
    .bind(i64::from(already.is_none()))
    .execute(&mut **tx)
    .await?;
    Ok(())
}
