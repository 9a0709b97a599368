use super::*;

fn form<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
    move |name| {
        pairs
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.to_string())
    }
}

const GOOD: [(&str, &str); 9] = [
    ("published", "on"),
    ("delivery", "virtual"),
    ("location", "Online (link sent a week before)"),
    ("time_zone", "Europe/Berlin"),
    ("daily_start", "09:00"),
    ("daily_end", "17:00"),
    ("seats", "12"),
    ("registration_deadline", "2027-01-10"),
    (
        "fees",
        "Standard | 1,250.00 | USD\n\nGovernment | 990 | USD",
    ),
];

fn known(zone: &str) -> bool {
    zone == "Europe/Berlin"
}

fn with(change: (&'static str, &'static str)) -> Vec<(&'static str, &'static str)> {
    GOOD.iter()
        .map(|&(k, v)| if k == change.0 { change } else { (k, v) })
        .collect()
}

#[test]
fn a_complete_form_reads_into_details() {
    let details = read_details(form(&GOOD), "2027-01-15", known).unwrap();
    assert!(details.published);
    assert_eq!(details.delivery, Delivery::Virtual);
    assert_eq!(details.daily_start, ClockTime(9 * 60));
    assert_eq!(details.seats, 12);
    assert_eq!(
        details.fees,
        vec![
            Fee {
                category: "Standard".into(),
                amount_cents: 125_000,
                currency: "USD".into()
            },
            Fee {
                category: "Government".into(),
                amount_cents: 99_000,
                currency: "USD".into()
            },
        ]
    );
}

#[test]
fn each_mistake_is_named() {
    let cases: [((&str, &str), &str); 10] = [
        (("delivery", "carrier pigeon"), "delivered"),
        (("location", ""), "location"),
        (("time_zone", "Mars/Olympus"), "Mars/Olympus"),
        (("daily_start", "9am"), "daily start"),
        (("daily_end", "08:00"), "after the start"),
        (("seats", "0"), "seats"),
        (("seats", "1001"), "seats"),
        (("registration_deadline", "2027-01-16"), "on or before"),
        (("fees", "Standard 1250 USD"), "Fee line 1"),
        (("fees", "Standard | 12.5 | USD"), "Fee line 1"),
    ];
    for (change, expected) in cases {
        let pairs = with(change);
        let error = read_details(form(&pairs), "2027-01-15", known).unwrap_err();
        assert!(error.contains(expected), "{change:?}: {error}");
    }
}

#[test]
fn fees_reject_a_lower_case_currency_and_too_many_lines() {
    assert!(read_fees("A | 1 | usd").unwrap_err().contains("capital"));
    let many = (0..11)
        .map(|i| format!("C{i} | 1 | EUR"))
        .collect::<Vec<_>>()
        .join("\n");
    assert!(read_fees(&many).unwrap_err().contains("at most"));
}

#[test]
fn amounts_are_grouped_and_read_back() {
    let fee = Fee {
        category: "Standard".into(),
        amount_cents: 123_456_789,
        currency: "EUR".into(),
    };
    assert_eq!(fee.amount_text(), "1,234,567.89 EUR");
    assert_eq!(
        read_fees(&fees_text(std::slice::from_ref(&fee))).unwrap(),
        vec![fee]
    );
    assert_eq!(read_amount("7"), Some(700));
    assert_eq!(read_amount("1,000.05"), Some(100_005));
    assert_eq!(read_amount("-5"), None);
    assert_eq!(read_amount("1.5"), None);
}

#[test]
fn a_seat_is_taken_only_while_free_and_nobody_waits() {
    let cases = [
        ((10, 0, 0), RegistrationStatus::Seated),
        ((10, 9, 0), RegistrationStatus::Seated),
        ((10, 10, 0), RegistrationStatus::Waitlisted),
        ((10, 9, 1), RegistrationStatus::Waitlisted),
        ((1, 0, 0), RegistrationStatus::Seated),
    ];
    for ((seats, seated, waiting), expected) in cases {
        assert_eq!(seat_or_wait(seats, seated, waiting), expected);
    }
}

#[test]
fn the_waitlist_moves_up_by_the_free_seats() {
    assert_eq!(moving_up(10, 9, 5), 1);
    assert_eq!(moving_up(10, 10, 5), 0);
    assert_eq!(moving_up(10, 5, 2), 2);
    // Seats lowered below those seated: nobody moves, nobody is unseated.
    assert_eq!(moving_up(5, 8, 3), 0);
}

#[test]
fn registration_closes_after_the_deadline_and_when_unpublished() {
    let mut offering = Offering {
        class_id: ClassId(1),
        title: "RMM".into(),
        starts_on: "2027-01-15".into(),
        ends_on: "2027-01-16".into(),
        details: read_details(form(&GOOD), "2027-01-15", known).unwrap(),
        seated: 3,
        waitlisted: 0,
    };
    assert!(offering.open_on("2027-01-10"));
    assert!(!offering.open_on("2027-01-11"));
    assert_eq!(offering.seats_left(), 9);
    offering.details.published = false;
    assert!(!offering.open_on("2027-01-01"));
}
