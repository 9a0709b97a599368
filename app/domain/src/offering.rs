//! Offerings (issue 16): a class sold and run on dates, as the public catalog lists it, and the
//! rules of registering for one.
//!
//! Pure: the form an instructor fills in is read and checked here (times, seats, the deadline,
//! the fee lines), and `seat_or_wait` decides whether a registration takes a seat or joins the
//! waitlist, so that both are table-tested. The storage applies `seat_or_wait` inside one
//! writing transaction per offering, which is what keeps seats from being oversold.

use serde::{Deserialize, Serialize};

use crate::course::ClockTime;
use crate::ids::ClassId;

/// How an offering is delivered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Delivery {
    /// At a customer's site, for their staff.
    OnSite,
    /// In a public classroom anyone may register for.
    Classroom,
    /// Online, in a virtual classroom.
    Virtual,
}

impl Delivery {
    pub const ALL: [Delivery; 3] = [Delivery::Classroom, Delivery::Virtual, Delivery::OnSite];

    pub fn as_str(self) -> &'static str {
        match self {
            Delivery::OnSite => "on-site",
            Delivery::Classroom => "classroom",
            Delivery::Virtual => "virtual",
        }
    }

    pub fn parse(text: &str) -> Option<Delivery> {
        Delivery::ALL.into_iter().find(|d| d.as_str() == text)
    }

    pub fn label(self) -> &'static str {
        match self {
            Delivery::OnSite => "On-site at a customer",
            Delivery::Classroom => "Public classroom",
            Delivery::Virtual => "Virtual classroom",
        }
    }
}

/// One fee category, for display only: the platform takes no payment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fee {
    pub category: String,
    /// The amount in hundredths of the currency's unit.
    pub amount_cents: i64,
    /// An ISO 4217 code such as `USD`.
    pub currency: String,
}

impl Fee {
    /// "1,250.00 USD".
    pub fn amount_text(&self) -> String {
        let units = self.amount_cents / 100;
        let cents = self.amount_cents % 100;
        let digits = units.to_string();
        let mut grouped = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                grouped.push(',');
            }
            grouped.push(c);
        }
        format!("{grouped}.{cents:02} {}", self.currency)
    }
}

/// What an instructor or administrator sets to publish a class as an offering.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OfferingDetails {
    pub published: bool,
    pub delivery: Delivery,
    pub location: String,
    /// An IANA time zone name (`Europe/Berlin`); the server checks that it exists.
    pub time_zone: String,
    pub daily_start: ClockTime,
    pub daily_end: ClockTime,
    pub seats: u32,
    /// The last day to register (a date, `YYYY-MM-DD`, in the offering's zone).
    pub registration_deadline: String,
    pub fees: Vec<Fee>,
}

/// An offering as the catalog and its page show it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Offering {
    pub class_id: ClassId,
    pub title: String,
    pub starts_on: String,
    pub ends_on: String,
    pub details: OfferingDetails,
    pub seated: u32,
    pub waitlisted: u32,
}

impl Offering {
    pub fn seats_left(&self) -> u32 {
        self.details.seats.saturating_sub(self.seated)
    }

    /// Whether registration is still open on `today` (a `YYYY-MM-DD` date).
    pub fn open_on(&self, today: &str) -> bool {
        self.details.published && today <= self.details.registration_deadline.as_str()
    }
}

/// Where a registration stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RegistrationStatus {
    Seated,
    /// On the waitlist, at a place counted from 1.
    Waitlisted,
    Cancelled,
}

impl RegistrationStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            RegistrationStatus::Seated => "seated",
            RegistrationStatus::Waitlisted => "waitlisted",
            RegistrationStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(text: &str) -> Option<RegistrationStatus> {
        [
            RegistrationStatus::Seated,
            RegistrationStatus::Waitlisted,
            RegistrationStatus::Cancelled,
        ]
        .into_iter()
        .find(|s| s.as_str() == text)
    }
}

/// A registration as the instructor's list and its CSV show it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Registration {
    pub user_id: crate::ids::UserId,
    pub display_name: String,
    pub username: String,
    pub status: RegistrationStatus,
    /// Place on the waitlist (1 = next to move up), for waitlisted registrations.
    pub waitlist_place: Option<u32>,
    pub registered_at: String,
    pub terms_accepted_at: String,
    pub cancelled_at: Option<String>,
}

/// Whether a new registration takes a seat: while fewer than `seats` are seated and nobody waits
/// before it (someone waiting keeps their place ahead of a newcomer).
pub fn seat_or_wait(seats: u32, seated: u32, waiting: u32) -> RegistrationStatus {
    if seated < seats && waiting == 0 {
        RegistrationStatus::Seated
    } else {
        RegistrationStatus::Waitlisted
    }
}

/// How many of the waitlist move up when seats free: as many as there are free seats.
pub fn moving_up(seats: u32, seated: u32, waiting: u32) -> u32 {
    seats.saturating_sub(seated).min(waiting)
}

/// The most seats an offering may have.
pub const MAX_SEATS: u32 = 1_000;
/// The most fee lines an offering may list.
pub const MAX_FEES: usize = 10;

/// Reads the offering form. `time_zone_known` says whether a zone name exists (the server asks
/// its time-zone database). Every mistake is named in words a person understands.
pub fn read_details(
    field: impl Fn(&str) -> Option<String>,
    starts_on: &str,
    time_zone_known: impl Fn(&str) -> bool,
) -> Result<OfferingDetails, String> {
    let text = |name: &str| field(name).unwrap_or_default().trim().to_string();
    let delivery = Delivery::parse(&text("delivery"))
        .ok_or("Choose how the offering is delivered: on-site, classroom or virtual.")?;
    let location = text("location");
    if location.is_empty() || location.chars().count() > 200 {
        return Err("Give a location of 1 to 200 characters (for a virtual class, say so).".into());
    }
    let time_zone = text("time_zone");
    if !time_zone_known(&time_zone) {
        return Err(format!(
            "`{time_zone}` is not a time zone this server knows; use a name like Europe/Berlin or America/New_York."
        ));
    }
    let clock = |name: &str, what: &str| {
        ClockTime::parse(&text(name)).ok_or(format!("Give the {what} as HH:MM, for example 09:00."))
    };
    let daily_start = clock("daily_start", "daily start time")?;
    let daily_end = clock("daily_end", "daily end time")?;
    if daily_end <= daily_start {
        return Err("The daily end time must be after the start time.".into());
    }
    let seats: u32 = text("seats")
        .parse()
        .ok()
        .filter(|n| (1..=MAX_SEATS).contains(n))
        .ok_or(format!(
            "Give the seats as a whole number from 1 to {MAX_SEATS}."
        ))?;
    let registration_deadline =
        crate::people::parse_date(&text("registration_deadline"), "registration deadline")
            .map_err(|e| e.to_string())?;
    if registration_deadline.as_str() > starts_on {
        return Err(format!(
            "The registration deadline ({registration_deadline}) must be on or before the first day ({starts_on})."
        ));
    }
    let fees = read_fees(&text("fees"))?;
    Ok(OfferingDetails {
        published: text("published") == "on" || text("published") == "true",
        delivery,
        location,
        time_zone,
        daily_start,
        daily_end,
        seats,
        registration_deadline,
        fees,
    })
}

/// Reads fee lines, one per line: `category | amount | currency`, as in
/// `Standard | 1,250.00 | USD`. Blank lines are skipped.
pub fn read_fees(text: &str) -> Result<Vec<Fee>, String> {
    let mut fees = Vec::new();
    for (number, line) in text.lines().enumerate().map(|(i, l)| (i + 1, l.trim())) {
        if line.is_empty() {
            continue;
        }
        let parts: Vec<&str> = line.split('|').map(str::trim).collect();
        let [category, amount, currency] = parts[..] else {
            return Err(format!(
                "Fee line {number} should read `category | amount | currency`, like `Standard | 1,250.00 | USD`."
            ));
        };
        if category.is_empty() || category.chars().count() > 80 {
            return Err(format!(
                "Fee line {number}: give a category of 1 to 80 characters."
            ));
        }
        let amount_cents = read_amount(amount).ok_or(format!(
            "Fee line {number}: `{amount}` is not an amount like 1,250.00."
        ))?;
        if currency.len() != 3 || !currency.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err(format!(
                "Fee line {number}: give the currency as three capital letters, like USD or EUR."
            ));
        }
        fees.push(Fee {
            category: category.to_string(),
            amount_cents,
            currency: currency.to_string(),
        });
    }
    if fees.len() > MAX_FEES {
        return Err(format!("List at most {MAX_FEES} fee categories."));
    }
    Ok(fees)
}

/// "1,250.00" or "1250" → 125000 hundredths; at most 100 million units.
fn read_amount(text: &str) -> Option<i64> {
    let plain: String = text.chars().filter(|c| *c != ',').collect();
    let (units, cents) = match plain.split_once('.') {
        Some((units, cents)) if cents.len() == 2 => (units, cents),
        Some(_) => return None,
        None => (plain.as_str(), "00"),
    };
    if units.is_empty() || !units.bytes().all(|b| b.is_ascii_digit()) || units.len() > 9 {
        return None;
    }
    if !cents.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(units.parse::<i64>().ok()? * 100 + cents.parse::<i64>().ok()?)
}

/// The fee lines as the form shows them again.
pub fn fees_text(fees: &[Fee]) -> String {
    fees.iter()
        .map(|f| {
            let amount = f.amount_text();
            let amount = amount.trim_end_matches(&f.currency).trim();
            format!("{} | {} | {}", f.category, amount, f.currency)
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
#[path = "offering_tests.rs"]
mod tests;
