//! `/classes/{id}/completion`: for a class's instructors, the completion rule (a plain post to
//! `/classes/{id}/completion/rule`), each learner against it with their attended teaching time
//! and CPE hours, and issuing certificates to everyone who qualifies and has none yet (a plain
//! post to `/classes/{id}/certificates`). Both come back here with a redirect.

use domain::completion::{hours_text, CompletionRule};
use domain::ids::ClassId;
use leptos::prelude::*;
use leptos_meta::Title;

use super::certificate::status_class;
use super::classes::access_view;
use super::{format_minutes, route_param};
use crate::api::offerings::{get_completion, CompletionView, LearnerCompletion};
use crate::api::Access;
use crate::components::loading::load_page;

#[component]
pub fn CompletionRoute() -> impl IntoView {
    let class_id = route_param("id");
    load_page(
        move || class_id().parse::<ClassId>().ok(),
        |class_id| async move {
            match class_id {
                Some(class_id) => get_completion(class_id).await,
                None => Ok(Some(Access::NotFound)),
            }
        },
        |access| access_view(access, |data| view! { <CompletionPage data/> }),
    )
}

/// "6 h 20 min (90 %)" of the scheduled teaching time.
fn attended_text(attended: u32, scheduled: u32) -> String {
    match (attended.min(scheduled) * 100).checked_div(scheduled) {
        Some(percent) => format!("{} ({percent} %)", format_minutes(attended)),
        None => format_minutes(attended),
    }
}

#[component]
fn CompletionPage(data: CompletionView) -> impl IntoView {
    let class = data.class.clone();
    let id = class.id;
    let total = data.learners.len();
    let qualifying = data
        .learners
        .iter()
        .filter(|l| l.shortfalls.is_empty())
        .count();
    let ready = data
        .learners
        .iter()
        .filter(|l| l.shortfalls.is_empty() && l.certificate.is_none())
        .count();
    let issue_text = match ready {
        0 => "Nobody qualifies without already having a certificate.".to_string(),
        1 => "1 learner qualifies and has no certificate yet.".to_string(),
        n => format!("{n} learners qualify and have no certificate yet."),
    };
    let schedule = format!(
        "Scheduled teaching time: {} ({} minutes, breaks and lunch excluded). Class exercises required: {}.",
        format_minutes(data.scheduled_minutes),
        data.scheduled_minutes,
        data.exercises_required
    );
    let admin_note = data.admin.then(|| {
        view! { <p class="help">"As an administrator, you may revoke a certificate from its page."</p> }
    });
    view! {
        <Title text=format!("{}: completion", class.name)/>
        <article class="page wide completion">
            <p class="breadcrumb"><a href=format!("/classes/{id}")>{class.name.clone()}</a>" · "<a href=format!("/classes/{id}/attendance")>"Attendance"</a></p>
            <h1>{format!("{}: completion and certificates", class.name)}</h1>
            <p>{schedule}</p>
            <RuleForm class_id=id rule=data.rule/>
            <section aria-labelledby="learners-heading">
                <h2 id="learners-heading">"Learners"</h2>
                <p>{format!("{qualifying} of {total} learners qualify.")}</p>
                <LearnerTable learners=data.learners scheduled=data.scheduled_minutes/>
            </section>
            <section aria-labelledby="issue-heading">
                <h2 id="issue-heading">"Issue certificates"</h2>
                <p>{issue_text}</p>
                <form method="post" action=format!("/classes/{id}/certificates") class="inline-form">
                    <button class="button" type="submit" disabled=ready == 0>{format!("Issue certificates to everyone who qualifies ({ready})")}</button>
                </form>
                <p class="help">"A certificate states the learner's name, the class's dates and delivery and the CPE hours as they are when it is issued; later changes do not rewrite it."</p>
                {admin_note}
            </section>
        </article>
    }
}

#[component]
fn RuleForm(class_id: ClassId, rule: CompletionRule) -> impl IntoView {
    let attendance = rule
        .min_attendance_percent
        .map(|p| p.to_string())
        .unwrap_or_default();
    let check = rule
        .min_knowledge_check_percent
        .map(|p| p.to_string())
        .unwrap_or_default();
    view! {
        <section aria-labelledby="rule-heading">
            <h2 id="rule-heading">"Completion rule"</h2>
            <p class="help">"A learner completes the class when they meet every part you set. Leave a minimum blank for none."</p>
            <form class="stacked-form" method="post" action=format!("/classes/{class_id}/completion/rule")>
                <label for="rule-attendance">"Minimum attendance, in percent of the scheduled teaching time"</label>
                <input id="rule-attendance" name="min_attendance_percent" type="number" min="0" max="100" step="1" value=attendance/>
                <label class="checkbox-label">
                    <input type="checkbox" name="all_exercises_submitted" value="on" checked=rule.all_exercises_submitted/>
                    " Every class exercise submitted"
                </label>
                <label class="checkbox-label">
                    <input type="checkbox" name="appraisal_submitted" value="on" checked=rule.appraisal_submitted/>
                    " The appraisal submitted"
                </label>
                <label for="rule-check">"Minimum knowledge-check score, in percent"</label>
                <input id="rule-check" name="min_knowledge_check_percent" type="number" min="0" max="100" step="1" value=check/>
                <button class="button" type="submit">"Save the rule"</button>
            </form>
        </section>
    }
}

#[component]
fn LearnerTable(learners: Vec<LearnerCompletion>, scheduled: u32) -> impl IntoView {
    if learners.is_empty() {
        return view! { <p>"This class has no learners yet."</p> }.into_any();
    }
    let rows = learners
        .into_iter()
        .map(|learner| {
            let standing = if learner.shortfalls.is_empty() {
                view! { <span class="status-badge status-valid">"Qualifies"</span> }.into_any()
            } else {
                let items = learner
                    .shortfalls
                    .iter()
                    .map(|s| view! { <li>{s.clone()}</li> })
                    .collect_view();
                view! {
                    <span class="status-badge status-short">"Not yet"</span>
                    <ul class="shortfalls">{items}</ul>
                }
                .into_any()
            };
            let certificate = match &learner.certificate {
                Some(c) => view! {
                    <a href=format!("/certificates/{}", c.code)>"Certificate"<span class="visually-hidden">{format!(" of {}", learner.display_name)}</span></a>
                    " "
                    <span class=status_class(&c.status)>{c.status.label()}</span>
                }
                .into_any(),
                None => view! { <span class="meta">"None yet"</span> }.into_any(),
            };
            view! {
                <tr>
                    <th scope="row">{learner.display_name.clone()}<span class="meta">{format!(" ({})", learner.username)}</span></th>
                    <td>{standing}</td>
                    <td>{attended_text(learner.attended_minutes, scheduled)}</td>
                    <td class="number">{hours_text(learner.cpe_quarter_hours)}</td>
                    <td>{certificate}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label="Learners and their completion (scrolls sideways)">
            <table class="completion-table">
                <caption class="visually-hidden">"Each learner against the completion rule"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Learner"</th>
                        <th scope="col">"Standing"</th>
                        <th scope="col">"Attended teaching time"</th>
                        <th scope="col">"CPE hours"</th>
                        <th scope="col">"Certificate"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attended_time_reads_with_its_share() {
        assert_eq!(attended_text(380, 760), "6 h 20 min (50 %)");
        assert_eq!(attended_text(0, 0), "0 min");
        assert_eq!(attended_text(800, 760), "13 h 20 min (100 %)");
    }
}
