//! `/classes/{id}/offering`: the class's offering for its instructors (and administrators): the
//! form that publishes it in the catalog (a plain post to `/classes/{id}/offering`, answered with
//! a redirect back here), and the registrations with their counts and a CSV download.

use domain::answers::escape_html;
use domain::ids::ClassId;
use domain::offering::{Delivery, Registration, RegistrationStatus};
use leptos::prelude::*;
use leptos_meta::Title;

use super::classes::access_view;
use super::route_param;
use crate::api::offerings::{get_offering_admin, OfferingAdmin};
use crate::api::Access;
use crate::components::loading::load_page;

/// The zones the time-zone field suggests; any IANA name the server knows is accepted.
const COMMON_ZONES: [&str; 17] = [
    "UTC",
    "Europe/London",
    "Europe/Paris",
    "Europe/Berlin",
    "Europe/Madrid",
    "Europe/Helsinki",
    "Africa/Johannesburg",
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Los_Angeles",
    "America/Sao_Paulo",
    "Asia/Kolkata",
    "Asia/Singapore",
    "Asia/Tokyo",
    "Australia/Sydney",
    "Pacific/Auckland",
];

#[component]
pub fn OfferingAdminRoute() -> impl IntoView {
    let class_id = route_param("id");
    load_page(
        move || class_id().parse::<ClassId>().ok(),
        |class_id| async move {
            match class_id {
                Some(class_id) => get_offering_admin(class_id).await,
                None => Ok(Some(Access::NotFound)),
            }
        },
        |access| access_view(access, |admin| view! { <OfferingAdminView admin/> }),
    )
}

/// The form's values: the saved offering's, or the defaults of a first offering.
struct FormValues {
    published: bool,
    delivery: Delivery,
    location: String,
    time_zone: String,
    daily_start: String,
    daily_end: String,
    seats: String,
    deadline: String,
}

fn form_values(admin: &OfferingAdmin) -> FormValues {
    match admin.offering.as_ref().map(|o| &o.details) {
        Some(d) => FormValues {
            published: d.published,
            delivery: d.delivery,
            location: d.location.clone(),
            time_zone: d.time_zone.clone(),
            daily_start: d.daily_start.to_string(),
            daily_end: d.daily_end.to_string(),
            seats: d.seats.to_string(),
            deadline: d.registration_deadline.clone(),
        },
        None => FormValues {
            published: false,
            delivery: Delivery::Classroom,
            location: String::new(),
            time_zone: "UTC".to_string(),
            daily_start: "09:00".to_string(),
            daily_end: "17:00".to_string(),
            seats: "20".to_string(),
            deadline: admin.class.starts_on.clone(),
        },
    }
}

#[component]
fn OfferingAdminView(admin: OfferingAdmin) -> impl IntoView {
    let class = admin.class.clone();
    let id = class.id;
    let values = form_values(&admin);
    let saved = admin.offering.is_some();
    let state = match &admin.offering {
        None => "Not saved yet: the class is not in the catalog.",
        Some(o) if o.details.published => "Published: listed in the catalog.",
        Some(_) => "Saved but not published: only you and administrators see its page.",
    };
    let seats_total = admin.offering.as_ref().map(|o| o.details.seats);
    let deliveries = Delivery::ALL
        .into_iter()
        .map(|d| {
            view! {
                <label>
                    <input type="radio" name="delivery" value=d.as_str() checked=d == values.delivery/>
                    {format!(" {}", d.label())}
                </label>
            }
        })
        .collect_view();
    let zones = COMMON_ZONES
        .into_iter()
        .map(|zone| view! { <option value=zone></option> })
        .collect_view();
    view! {
        <Title text=format!("{}: offering", class.name)/>
        <article class="page wide offering-admin">
            <p class="breadcrumb"><a href=format!("/classes/{id}")>{class.name.clone()}</a></p>
            <h1>{format!("{}: offering and registrations", class.name)}</h1>
            <p class="meta">{format!("Class dates {} to {}. {state}", class.starts_on, class.ends_on)}</p>
            {saved.then(|| view! { <p><a href=format!("/offerings/{id}")>"The offering's public page"</a></p> })}
            <section aria-labelledby="offering-form-heading">
                <h2 id="offering-form-heading">"The offering"</h2>
                <form class="stacked-form offering-form" method="post" action=format!("/classes/{id}/offering/details")>
                    <label for="offering-published" class="checkbox-label">
                        <input type="checkbox" id="offering-published" name="published" value="on" checked=values.published/>
                        " Published: listed in the catalog, open for registration until the deadline"
                    </label>
                    <fieldset>
                        <legend>"Delivery"</legend>
                        {deliveries}
                    </fieldset>
                    <label for="offering-location">"Location"</label>
                    <input id="offering-location" name="location" required maxlength="200" value=values.location aria-describedby="offering-location-help"/>
                    <p class="help" id="offering-location-help">"The address, or for a virtual class where it is held (for example “Online, link sent to registered learners”)."</p>
                    <label for="offering-zone">"Time zone"</label>
                    <input id="offering-zone" name="time_zone" required maxlength="64" autocomplete="off" list="offering-zones" value=values.time_zone aria-describedby="offering-zone-help"/>
                    <datalist id="offering-zones">{zones}</datalist>
                    <p class="help" id="offering-zone-help">"An IANA time zone name, such as Europe/Berlin or America/New_York. The daily times and the deadline are in this zone."</p>
                    <label for="offering-start">"Daily start time"</label>
                    <input id="offering-start" name="daily_start" type="time" required value=values.daily_start/>
                    <label for="offering-end">"Daily end time"</label>
                    <input id="offering-end" name="daily_end" type="time" required value=values.daily_end/>
                    <label for="offering-seats">"Seats"</label>
                    <input id="offering-seats" name="seats" type="number" min="1" max="1000" step="1" required value=values.seats/>
                    <label for="offering-deadline">"Registration deadline (last day to register)"</label>
                    <input id="offering-deadline" name="registration_deadline" type="date" required max=class.starts_on.clone() value=values.deadline/>
                    <label for="offering-fees">"Fees"</label>
                    <textarea id="offering-fees" name="fees" rows="4" maxlength="2000" aria-describedby="offering-fees-help" inner_html=escape_html(&admin.fees_text)></textarea>
                    <p class="help" id="offering-fees-help">"One fee per line: category | amount | currency, for example “Standard | 1,250.00 | USD”. At most 10 lines. Fees are shown for information only: this site takes no payment."</p>
                    <button class="button" type="submit">"Save the offering"</button>
                </form>
            </section>
            <RegistrationsSection class_id=id registrations=admin.registrations seats=seats_total/>
        </article>
    }
}

/// A registration's status in words.
fn status_text(registration: &Registration) -> &'static str {
    match registration.status {
        RegistrationStatus::Seated => "Seated",
        RegistrationStatus::Waitlisted => "On the waitlist",
        RegistrationStatus::Cancelled => "Cancelled",
    }
}

/// A stored UTC time as the table shows it: date and minute.
fn when(at: &str) -> String {
    at.get(..16).unwrap_or(at).replace('T', " ")
}

#[component]
fn RegistrationsSection(
    class_id: ClassId,
    registrations: Vec<Registration>,
    seats: Option<u32>,
) -> impl IntoView {
    let count =
        |status: RegistrationStatus| registrations.iter().filter(|r| r.status == status).count();
    let seated = count(RegistrationStatus::Seated);
    let waiting = count(RegistrationStatus::Waitlisted);
    let cancelled = count(RegistrationStatus::Cancelled);
    let of_seats = seats.map(|s| format!(" of {s} seats")).unwrap_or_default();
    let summary =
        format!("{seated} seated{of_seats}, {waiting} on the waitlist, {cancelled} cancelled.");
    let table = if registrations.is_empty() {
        view! { <p>"No one has registered yet."</p> }.into_any()
    } else {
        let rows = registrations
            .iter()
            .map(|r| {
                let place = r.waitlist_place.map(|p| p.to_string()).unwrap_or_default();
                let cancelled_at = r.cancelled_at.as_deref().map(when).unwrap_or_default();
                view! {
                    <tr>
                        <th scope="row">{r.display_name.clone()}</th>
                        <td>{r.username.clone()}</td>
                        <td><span class=format!("status-badge status-{}", r.status.as_str())>{status_text(r)}</span></td>
                        <td class="number">{place}</td>
                        <td>{when(&r.registered_at)}</td>
                        <td>{when(&r.terms_accepted_at)}</td>
                        <td>{cancelled_at}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <div class="table-scroll" tabindex="0" role="region" aria-label="Registrations (scrolls sideways)">
                <table class="registrations">
                    <caption class="visually-hidden">"Registrations for this class"</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Name"</th>
                            <th scope="col">"Username"</th>
                            <th scope="col">"Status"</th>
                            <th scope="col">"Waitlist place"</th>
                            <th scope="col">"Registered (UTC)"</th>
                            <th scope="col">"Terms accepted (UTC)"</th>
                            <th scope="col">"Cancelled (UTC)"</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
        .into_any()
    };
    view! {
        <section aria-labelledby="registrations-heading">
            <h2 id="registrations-heading">"Registrations"</h2>
            <p>{summary}</p>
            <p><a class="button secondary" href=format!("/classes/{class_id}/registrations.csv") download="">"Download the registrations (CSV)"</a></p>
            {table}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_read_to_the_minute() {
        assert_eq!(when("2027-01-02T09:41:05Z"), "2027-01-02 09:41");
        assert_eq!(when("soon"), "soon");
    }
}
