//! `/classes/{id}/live/record`: the record of a class's live sessions, for its instructors after
//! class: each learner's minutes present per day (the attendance), the quick checks run with
//! their results, the questions asked, and the timeline of the sessions.

use domain::ids::ClassId;
use leptos::prelude::*;
use leptos_meta::Title;

use super::classes::access_view;
use super::route_param;
use crate::api::live_record::get_live_record;
use crate::api::Access;
use crate::components::check_results::results_html;
use crate::components::loading::load_page;
use domain::live_record::LiveRecord;

#[component]
pub fn LiveRecordRoute() -> impl IntoView {
    let id = route_param("id");
    load_page(
        move || id().parse::<ClassId>().ok(),
        |id| async move {
            match id {
                Some(id) => get_live_record(id).await,
                None => Ok(Some(Access::NotFound)),
            }
        },
        |access| {
            access_view(access, |(name, record)| {
                view! { <LiveRecordPage name record/> }
            })
        },
    )
}

/// Minutes as hours and minutes ("6 h 20 min").
fn duration(minutes: u32) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m} min"),
    }
}

/// A UTC time as the page shows it: date and minute.
fn when(at: &str) -> String {
    at.get(..16).unwrap_or(at).replace('T', " ")
}

#[component]
fn LiveRecordPage(name: String, record: LiveRecord) -> impl IntoView {
    let days = record.days.clone();
    let heads = days
        .iter()
        .map(|day| view! { <th scope="col">{day.clone()}</th> })
        .collect_view();
    let attendance = record
        .attendance
        .iter()
        .map(|learner| {
            let cells = days
                .iter()
                .map(|day| {
                    let minutes = learner
                        .days
                        .iter()
                        .find(|(d, _)| d == day)
                        .map_or(0, |(_, m)| *m);
                    view! { <td>{duration(minutes)}</td> }
                })
                .collect_view();
            view! {
                <tr>
                    <th scope="row">{learner.learner.clone()}" "<span class="meta">{format!("({})", learner.username)}</span></th>
                    {cells}
                    <td>{duration(learner.total_minutes())}</td>
                </tr>
            }
        })
        .collect_view();
    let checks = record
        .checks
        .iter()
        .map(|run| {
            let results = results_html(&run.check, &run.tally, true);
            view! {
                <li class="record-check">
                    <p><strong>{run.check.question.clone()}</strong>" "<span class="meta">{format!("opened {} UTC", when(&run.opened_at))}</span></p>
                    <div class="check-results" inner_html=results></div>
                </li>
            }
        })
        .collect_view();
    let questions = record
        .questions
        .iter()
        .map(|(at, text, votes, answered)| {
            view! {
                <li>
                    <span class="meta">{format!("{} UTC · {votes} upvotes{}", when(at), if *answered { " · answered" } else { "" })}</span>
                    <p class="question-text">{text.clone()}</p>
                </li>
            }
        })
        .collect_view();
    let timeline = record
        .timeline
        .iter()
        .map(|entry| view! { <tr><td>{when(&entry.at)}</td><td>{entry.what.clone()}</td></tr> })
        .collect_view();
    let class_id = route_param("id");
    view! {
        <Title text=format!("{name} · live session record")/>
        <article class="page live-record">
            <p class="breadcrumb"><a href=move || format!("/classes/{}", class_id())>{name.clone()}</a></p>
            <h1>{format!("{name}: record of the live sessions")}</h1>
            <h2>"Attendance"</h2>
            <p class="help">"Minutes each learner's live page was open while a session ran, counted a minute at a time, per day (UTC)."</p>
            <div class="table-scroll" tabindex="0" role="region" aria-label="Attendance (scrolls sideways)">
                <table>
                    <caption class="visually-hidden">"Minutes present per learner and day"</caption>
                    <thead><tr><th scope="col">"Learner"</th>{heads}<th scope="col">"Total"</th></tr></thead>
                    <tbody>{attendance}</tbody>
                </table>
            </div>
            <h2>"Quick checks"</h2>
            {record.checks.is_empty().then_some(view! { <p>"No quick check was run."</p> })}
            <ol class="record-checks">{checks}</ol>
            <h2>"Questions"</h2>
            {record.questions.is_empty().then_some(view! { <p>"No question was asked."</p> })}
            <ul class="record-questions">{questions}</ul>
            <h2>"Timeline"</h2>
            <table>
                <caption class="visually-hidden">"What happened in the live sessions, in order"</caption>
                <thead><tr><th scope="col">"When (UTC)"</th><th scope="col">"What"</th></tr></thead>
                <tbody>{timeline}</tbody>
            </table>
        </article>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_and_times_read_naturally() {
        assert_eq!(duration(0), "0 min");
        assert_eq!(duration(380), "6 h 20 min");
        assert_eq!(duration(120), "2 h");
        assert_eq!(when("2026-12-03T09:41:05.120Z"), "2026-12-03 09:41");
    }
}
