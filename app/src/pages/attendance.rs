//! `/classes/{id}/attendance`: a class's attendance per learner and day. Its instructors see
//! every learner, with the minutes counted in the live session and a small form per day to mark
//! the learner present, partly present or absent with a note (a plain post to
//! `/classes/{id}/attendance`, answered with a redirect back here); a learner sees their own
//! days, in sentences.

use domain::ids::{ClassId, UserId};
use leptos::prelude::*;
use leptos_meta::Title;

use super::classes::access_view;
use super::route_param;
use crate::api::offerings::{get_attendance, AttendanceDay, AttendanceRow, AttendanceView};
use crate::api::Access;
use crate::components::loading::load_page;
use crate::components::local_time::long_date;

/// The marks an instructor may set, as the form sends them; the empty one clears the mark.
const MARKS: [(&str, &str); 4] = [
    ("", "From presence (no mark)"),
    ("present", "Present"),
    ("partial", "Partly present"),
    ("absent", "Absent"),
];

#[component]
pub fn AttendanceRoute() -> impl IntoView {
    let class_id = route_param("id");
    load_page(
        move || class_id().parse::<ClassId>().ok(),
        |class_id| async move {
            match class_id {
                Some(class_id) => get_attendance(class_id).await,
                None => Ok(Some(Access::NotFound)),
            }
        },
        |access| access_view(access, |data| view! { <AttendancePage data/> }),
    )
}

/// A mark in words: "present", "partly present", "absent".
fn mark_words(mark: &str) -> &str {
    match mark {
        "partial" => "partly present",
        other => other,
    }
}

/// A learner's day in a sentence: "Day 1 (15 January 2027): present 412 minutes, 380 of 420
/// teaching minutes; marked present by your instructor: note".
fn day_sentence(number: usize, day: &AttendanceDay) -> String {
    let marked = match day.mark.as_deref() {
        Some(mark) => format!("marked {} by your instructor", mark_words(mark)),
        None => "not marked by your instructor".to_string(),
    };
    let note = if day.note.is_empty() {
        String::new()
    } else {
        format!(": {}", day.note)
    };
    format!(
        "Day {number} ({}): present {} minutes, {} of {} teaching minutes; {marked}{note}",
        long_date(&day.date),
        day.minutes_present,
        day.minutes_teaching,
        day.minutes_scheduled
    )
}

#[component]
fn AttendancePage(data: AttendanceView) -> impl IntoView {
    let class = data.class.clone();
    let id = class.id;
    let body = if data.manages {
        view! { <AttendanceTable class_id=id days=data.days rows=data.rows/> }.into_any()
    } else {
        view! { <OwnAttendance days=data.days rows=data.rows/> }.into_any()
    };
    view! {
        <Title text=format!("{}: attendance", class.name)/>
        <article class="page wide attendance">
            <p class="breadcrumb"><a href=format!("/classes/{id}")>{class.name.clone()}</a></p>
            <h1>{format!("{}: attendance", class.name)}</h1>
            <p class="help">
                "Minutes present are counted a minute at a time while a learner's live session page is open during a session. \
                 Teaching minutes are the ones inside the day's teaching slots (not breaks or lunch), out of the minutes scheduled; \
                 they are what the CPE hours of a certificate count."
            </p>
            {body}
        </article>
    }
}

#[component]
fn AttendanceTable(
    class_id: ClassId,
    days: Vec<String>,
    rows: Vec<AttendanceRow>,
) -> impl IntoView {
    if rows.is_empty() {
        return view! { <p>"This class has no learners yet."</p> }.into_any();
    }
    let heads = days
        .iter()
        .enumerate()
        .map(|(n, day)| view! { <th scope="col">{format!("Day {} ({})", n + 1, long_date(day))}</th> })
        .collect_view();
    let body = rows
        .iter()
        .map(|row| {
            let cells = days
                .iter()
                .map(|date| {
                    let day = row
                        .days
                        .iter()
                        .find(|d| &d.date == date)
                        .cloned()
                        .unwrap_or_else(|| AttendanceDay {
                            date: date.clone(),
                            minutes_present: 0,
                            minutes_teaching: 0,
                            minutes_scheduled: 0,
                            mark: None,
                            note: String::new(),
                        });
                    view! { <AttendanceCell class_id user_id=row.user_id name=row.display_name.clone() day/> }
                })
                .collect_view();
            view! {
                <tr>
                    <th scope="row">{row.display_name.clone()}<span class="meta">{format!(" ({})", row.username)}</span></th>
                    {cells}
                </tr>
            }
        })
        .collect_view();
    view! {
        <p>"Choose a mark and add a note, then save that day. “From presence (no mark)” clears your mark and its note, so the day counts from the minutes present again."</p>
        <div class="table-scroll" tabindex="0" role="region" aria-label="Attendance by day (scrolls sideways)">
            <table class="attendance-table">
                <caption>"Attendance per learner and day"</caption>
                <thead><tr><th scope="col">"Learner"</th>{heads}</tr></thead>
                <tbody>{body}</tbody>
            </table>
        </div>
    }
    .into_any()
}

/// One learner's day: the counted minutes, the mark, and the form that sets it.
#[component]
fn AttendanceCell(
    class_id: ClassId,
    user_id: UserId,
    name: String,
    day: AttendanceDay,
) -> impl IntoView {
    let key = format!("{user_id}-{}", day.date);
    let mark_id = format!("mark-{key}");
    let note_id = format!("note-{key}");
    let whom = format!("{name} on {}", long_date(&day.date));
    let mark = day.mark.clone().unwrap_or_default();
    let marked = match day.mark.as_deref() {
        Some(mark) => format!("Marked {}", mark_words(mark)),
        None => "Not marked".to_string(),
    };
    let options = MARKS
        .into_iter()
        .map(|(value, label)| view! { <option value=value selected=mark == value>{label}</option> })
        .collect_view();
    view! {
        <td>
            <p class="attendance-figures">
                {format!("{} min present", day.minutes_present)}<br/>
                {format!("{} of {} teaching min", day.minutes_teaching, day.minutes_scheduled)}<br/>
                <span class="attendance-mark">{marked}</span>
            </p>
            <form method="post" action=format!("/classes/{class_id}/attendance/marks") class="attendance-form">
                <input type="hidden" name="user_id" value=user_id.to_string()/>
                <input type="hidden" name="day" value=day.date.clone()/>
                <label for=mark_id.clone() class="visually-hidden">{format!("Mark for {whom}")}</label>
                <select id=mark_id name="mark">{options}</select>
                <label for=note_id.clone() class="visually-hidden">{format!("Note for {whom}")}</label>
                <input id=note_id name="note" maxlength="500" placeholder="Note" value=day.note.clone()/>
                <button class="button secondary" type="submit">"Save"<span class="visually-hidden">{format!(" the attendance of {whom}")}</span></button>
            </form>
        </td>
    }
}

/// A learner's own days, as sentences.
#[component]
fn OwnAttendance(days: Vec<String>, rows: Vec<AttendanceRow>) -> impl IntoView {
    let Some(row) = rows.into_iter().next().filter(|row| !row.days.is_empty()) else {
        return view! { <p>"No attendance is recorded for you in this class yet."</p> }.into_any();
    };
    let items = row
        .days
        .iter()
        .enumerate()
        .map(|(n, day)| {
            let number = days
                .iter()
                .position(|d| d == &day.date)
                .map_or(n + 1, |p| p + 1);
            view! { <li>{day_sentence(number, day)}</li> }
        })
        .collect_view();
    view! {
        <h2>"Your attendance"</h2>
        <ul class="attendance-days">{items}</ul>
        <p class="help">"Who sees these records, and for how long they are kept: "<a href="/terms#attendance">"registration terms and confidentiality"</a>"."</p>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_learners_day_reads_as_a_sentence() {
        let mut day = AttendanceDay {
            date: "2027-01-15".into(),
            minutes_present: 412,
            minutes_teaching: 380,
            minutes_scheduled: 420,
            mark: Some("present".into()),
            note: "left early for a flight".into(),
        };
        assert_eq!(
            day_sentence(1, &day),
            "Day 1 (15 January 2027): present 412 minutes, 380 of 420 teaching minutes; marked present by your instructor: left early for a flight"
        );
        day.mark = None;
        day.note.clear();
        assert_eq!(
            day_sentence(2, &day),
            "Day 2 (15 January 2027): present 412 minutes, 380 of 420 teaching minutes; not marked by your instructor"
        );
    }
}
