//! The security log for administrators: who signed in (or failed to), who reset whose password,
//! role changes, key reveals, exports and refusals by the limits. A plain GET form filters it
//! (so it works without JavaScript), and the same filter downloads it as CSV.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::classes::access_view;
use crate::api::classes::{get_security_log, SecurityLog, SecurityLogQuery};
use crate::components::loading::load_page;
use domain::links::urlencode;
use domain::security_log::SecurityEventKind;

#[component]
pub fn SecurityLogPage() -> impl IntoView {
    let query = use_query_map();
    load_page(
        move || {
            let query = query.read();
            SecurityLogQuery {
                kind: query.get("kind").unwrap_or_default(),
                person: query.get("person").unwrap_or_default(),
                class: query.get("class").unwrap_or_default(),
            }
        },
        |query| async move {
            get_security_log(query.kind, query.person, query.class)
                .await
                .map(Some)
        },
        |access| access_view(access, |log| view! { <SecurityLogView log/> }),
    )
}

#[component]
fn SecurityLogView(log: SecurityLog) -> impl IntoView {
    let query = log.query;
    let kinds = SecurityEventKind::ALL
        .into_iter()
        .map(|kind| {
            view! { <option value=kind.as_str() selected=query.kind == kind.as_str()>{kind.label()}</option> }
        })
        .collect_view();
    let csv = format!(
        "/admin/security.csv?kind={}&person={}&class={}",
        urlencode(&query.kind),
        urlencode(&query.person),
        urlencode(&query.class)
    );
    let count = log.events.len();
    let rows = log
        .events
        .into_iter()
        .map(|event| {
            let label = SecurityEventKind::parse(&event.kind)
                .map_or(event.kind.clone(), |kind| kind.label().to_string());
            view! {
                <tr>
                    <td><time datetime=event.at.clone()>{event.at.replace('T', " ")}</time></td>
                    <td>{label}</td>
                    <td>{event.actor.unwrap_or_default()}</td>
                    <td>{event.subject.unwrap_or_default()}</td>
                    <td>{event.class_id.map(|c| c.to_string()).unwrap_or_default()}</td>
                    <td>{event.address}</td>
                    <td>{event.detail}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <Title text="Security log"/>
        <article class="page">
            <p class="breadcrumb"><a href="/admin/users">"Accounts"</a></p>
            <h1>"Security log"</h1>
            <p>"Sign-ins, password resets, role changes, key reveals, exports and refusals by the limits, newest first. Passwords and tokens are never logged."</p>
            <form method="get" action="/admin/security" class="inline-form">
                <label for="log-kind">"What"</label>
                <select id="log-kind" name="kind">
                    <option value="" selected=query.kind.is_empty()>"Everything"</option>
                    {kinds}
                </select>
                <label for="log-person">"Username"</label>
                <input id="log-person" name="person" value=query.person.clone() maxlength="40"/>
                <label for="log-class">"Class number"</label>
                <input id="log-class" name="class" value=query.class.clone() inputmode="numeric" maxlength="12"/>
                <button class="button secondary" type="submit">"Filter"</button>
            </form>
            <p>{format!("{count} events shown (at most 500). ")}<a href=csv>"Download as CSV"</a></p>
            <table class="roster">
                <thead><tr>
                    <th scope="col">"When (UTC)"</th><th scope="col">"What"</th><th scope="col">"Who"</th>
                    <th scope="col">"Whom"</th><th scope="col">"Class"</th><th scope="col">"Address"</th><th scope="col">"Detail"</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </article>
    }
}
