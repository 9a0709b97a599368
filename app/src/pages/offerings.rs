//! `/offerings`: the public catalog of upcoming offerings, and `/offerings/{id}`: one offering
//! with its class days (in the offering's zone, and in the reader's own once hydrated), an
//! iCalendar download, and registering or cancelling. Both are plain form posts
//! (`POST /offerings/{id}/register` and `/cancel`, answered with a redirect back here), so they
//! work without JavaScript. Fees are shown for information only: the site takes no payment.

use domain::ids::ClassId;
use domain::links::urlencode;
use domain::offering::{seat_or_wait, Offering, RegistrationStatus};
use leptos::prelude::*;
use leptos_meta::Title;

use super::route_param;
use crate::api::offerings::{get_offering, get_offerings, OfferingCard, OfferingPage};
use crate::components::loading::load_page;
use crate::components::local_time::{date_range, long_date, LocalTimes};

/// Said wherever fees appear: the site lists them but takes no payment.
pub const FEES_FOR_INFORMATION: &str = "Fees are shown for information only: this site takes no payment. Registering reserves a seat; invoicing is arranged separately.";

#[component]
pub fn OfferingsPage() -> impl IntoView {
    load_page(
        || (),
        |_| async { get_offerings().await.map(Some) },
        |cards| view! { <Catalog cards/> },
    )
}

#[component]
fn Catalog(cards: Vec<OfferingCard>) -> impl IntoView {
    let list = if cards.is_empty() {
        view! { <p>"No upcoming offerings are published."</p> }.into_any()
    } else {
        let items = cards
            .into_iter()
            .map(|card| {
                let id = card.offering.class_id;
                let title = card.offering.title.clone();
                view! {
                    <li class="offering-card">
                        <h2><a href=format!("/offerings/{id}")>{title}</a></h2>
                        <OfferingFacts card/>
                    </li>
                }
            })
            .collect_view();
        view! { <ul class="offering-list">{items}</ul> }.into_any()
    };
    view! {
        <Title text="Offerings"/>
        <article class="page">
            <h1>"Upcoming offerings"</h1>
            <p class="note">{FEES_FOR_INFORMATION}</p>
            {list}
        </article>
    }
}

/// "3 of 20 seats left", with the waitlist when someone is on it.
fn seats_text(offering: &Offering) -> String {
    let seats = offering.details.seats;
    let waiting = match offering.waitlisted {
        0 => String::new(),
        1 => "; 1 person on the waitlist".to_string(),
        n => format!("; {n} people on the waitlist"),
    };
    match offering.seats_left() {
        0 => format!("Fully booked ({seats} seats){waiting}; new registrations join the waitlist"),
        left => format!("{left} of {seats} seats left{waiting}"),
    }
}

/// Whether registration is open, in words and as the badge's class.
fn registration_state(offering: &Offering, open: bool) -> (String, &'static str) {
    if open {
        (
            format!(
                "Open until {}",
                long_date(&offering.details.registration_deadline)
            ),
            "status-badge status-open",
        )
    } else if !offering.details.published {
        (
            "Not open: the offering is not published".to_string(),
            "status-badge status-closed",
        )
    } else {
        ("Closed".to_string(), "status-badge status-closed")
    }
}

/// An offering's facts, as the catalog and its own page list them.
#[component]
fn OfferingFacts(card: OfferingCard) -> impl IntoView {
    let offering = card.offering;
    let (state, badge) = registration_state(&offering, card.open);
    let seats = seats_text(&offering);
    let dates = date_range(&offering.starts_on, &offering.ends_on);
    let details = offering.details;
    let deadline = long_date(&details.registration_deadline);
    let days = card
        .days
        .into_iter()
        .enumerate()
        .map(|(n, day)| {
            let label = format!("Day {} ({}): {} · ", n + 1, long_date(&day.date), day.local);
            view! {
                <li>{label}<LocalTimes day=day.date start_utc=day.start_utc end_utc=day.end_utc/></li>
            }
        })
        .collect_view();
    let fees = if details.fees.is_empty() {
        view! { <dd>"None listed"</dd> }.into_any()
    } else {
        let items = details
            .fees
            .iter()
            .map(|fee| view! { <li>{format!("{}: {}", fee.category, fee.amount_text())}</li> })
            .collect_view();
        view! { <dd><ul class="plain-list">{items}</ul></dd> }.into_any()
    };
    view! {
        <dl class="offering-facts">
            <div><dt>"Dates"</dt><dd>{dates}</dd></div>
            <div><dt>"Delivery"</dt><dd>{details.delivery.label()}</dd></div>
            <div><dt>"Location"</dt><dd>{details.location.clone()}</dd></div>
            <div><dt>"Class hours"</dt><dd><ul class="plain-list offering-days">{days}</ul></dd></div>
            <div><dt>"Seats"</dt><dd>{seats}</dd></div>
            <div><dt>"Registration deadline"</dt><dd>{deadline}</dd></div>
            <div><dt>"Fees"</dt>{fees}</div>
            <div><dt>"Registration"</dt><dd><span class=badge>{state}</span></dd></div>
        </dl>
    }
}

#[component]
pub fn OfferingDetailPage() -> impl IntoView {
    let id = route_param("id");
    load_page(
        move || id().parse::<ClassId>().ok(),
        |id| async move {
            match id {
                Some(id) => get_offering(id).await,
                None => Ok(None),
            }
        },
        |page| view! { <OfferingDetail page/> },
    )
}

#[component]
fn OfferingDetail(page: OfferingPage) -> impl IntoView {
    let id = page.card.offering.class_id;
    let title = page.card.offering.title.clone();
    let card = page.card.clone();
    let unpublished = (!page.card.offering.details.published).then(|| {
        view! { <p class="note">"This offering is not published: only the class's instructors and administrators see this page."</p> }
    });
    let manage = page.manages.then(|| {
        view! { <p><a class="button secondary" href=format!("/classes/{id}/offering")>"Edit the offering and see its registrations"</a></p> }
    });
    view! {
        <Title text=title.clone()/>
        <article class="page offering">
            <p class="breadcrumb"><a href="/offerings">"Offerings"</a></p>
            <h1>{title}</h1>
            {unpublished}
            {manage}
            <OfferingFacts card/>
            <p><a href=format!("/offerings/{id}/calendar.ics") download="">"Download the class days for your calendar (iCalendar, .ics)"</a></p>
            <p class="help">{FEES_FOR_INFORMATION}</p>
            <section aria-labelledby="registration-heading">
                <h2 id="registration-heading">"Registration"</h2>
                <RegistrationPart page/>
            </section>
        </article>
    }
}

/// What the reader may do about registering: sign in, register, see their place and cancel, or
/// read why not.
#[component]
fn RegistrationPart(page: OfferingPage) -> impl IntoView {
    let offering = page.card.offering.clone();
    let id = offering.class_id;
    let open = page.card.open;
    match page.mine {
        Some((RegistrationStatus::Seated, _)) if page.in_class => view! {
            <p class="status-line"><strong>"You have a seat."</strong>" "<a href=format!("/classes/{id}")>"Go to the class"</a></p>
            <CancelForm id seated=true/>
        }
        .into_any(),
        Some((RegistrationStatus::Seated, _)) => view! {
            <p class="status-line"><strong>"You have a seat."</strong>{format!(" You join the class on its first day, {}: it appears under My classes then, with no join code to type.", long_date(&offering.starts_on))}</p>
            <CancelForm id seated=true/>
        }
        .into_any(),
        Some((RegistrationStatus::Waitlisted, place)) => {
            let place = match place {
                Some(n) => format!("You are number {n} on the waitlist."),
                None => "You are on the waitlist.".to_string(),
            };
            view! {
                <p class="status-line"><strong>{place}</strong></p>
                <p>"When someone cancels, the first person on the waitlist takes the free seat, in the order people registered."</p>
                <CancelForm id seated=false/>
            }
            .into_any()
        }
        _ if !page.signed_in => {
            let next = urlencode(&format!("/offerings/{id}"));
            if open {
                view! {
                    <p>"Registering needs an account. Sign in, or create an account; either brings you back to this page."</p>
                    <p><a class="button" href=format!("/sign-in?next={next}")>"Sign in to register"</a>" "<a href=format!("/sign-up?next={next}")>"Create an account"</a></p>
                }
                .into_any()
            } else {
                view! { <p>"Registration for this offering is closed."</p> }.into_any()
            }
        }
        _ if !page.may_register => view! {
            <p>"Registration is for learner accounts. Your account is an instructor's or an administrator's: an instructor joins a class as a co-instructor, added by the class's instructor."</p>
        }
        .into_any(),
        _ if !open => view! { <p>"Registration for this offering is closed."</p> }.into_any(),
        mine => {
            let seat = seat_or_wait(
                offering.details.seats,
                offering.seated,
                offering.waitlisted,
            );
            let outcome = if seat == RegistrationStatus::Seated {
                "A seat is free: registering reserves it for you.".to_string()
            } else {
                format!(
                    "The class is full: registering puts you on the waitlist at place {}.",
                    offering.waitlisted + 1
                )
            };
            let cancelled = matches!(mine, Some((RegistrationStatus::Cancelled, _)));
            let again = cancelled.then(|| {
                view! { <p>"You cancelled your registration. You may register again."</p> }
            });
            view! {
                {again}
                <p>{outcome}</p>
                <form class="stacked-form" method="post" action=format!("/offerings/{id}/register")>
                    <label class="checkbox-label">
                        <input type="checkbox" name="accept_terms" value="on" required/>
                        " I accept the "<a href="/terms">"registration terms"</a>", including how my course records are kept."
                    </label>
                    <button class="button" type="submit">"Register"</button>
                </form>
            }
            .into_any()
        }
    }
}

#[component]
fn CancelForm(id: ClassId, seated: bool) -> impl IntoView {
    let help = if seated {
        "Cancelling frees your seat for the first person on the waitlist."
    } else {
        "Cancelling takes you off the waitlist."
    };
    view! {
        <form method="post" action=format!("/offerings/{id}/cancel") class="inline-form">
            <button class="button secondary" type="submit">"Cancel my registration"</button>
        </form>
        <p class="help">{help}</p>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::course::ClockTime;
    use domain::offering::{Delivery, OfferingDetails};

    fn offering(seats: u32, seated: u32, waitlisted: u32) -> Offering {
        Offering {
            class_id: ClassId(1),
            title: "RMM".into(),
            starts_on: "2027-01-15".into(),
            ends_on: "2027-01-16".into(),
            details: OfferingDetails {
                published: true,
                delivery: Delivery::Virtual,
                location: "Online".into(),
                time_zone: "UTC".into(),
                daily_start: ClockTime(540),
                daily_end: ClockTime(1020),
                seats,
                registration_deadline: "2027-01-10".into(),
                fees: vec![],
            },
            seated,
            waitlisted,
        }
    }

    #[test]
    fn seats_read_with_the_waitlist() {
        assert_eq!(seats_text(&offering(20, 17, 0)), "3 of 20 seats left");
        assert_eq!(
            seats_text(&offering(20, 20, 2)),
            "Fully booked (20 seats); 2 people on the waitlist; new registrations join the waitlist"
        );
        assert_eq!(
            seats_text(&offering(20, 20, 1)),
            "Fully booked (20 seats); 1 person on the waitlist; new registrations join the waitlist"
        );
    }
}
