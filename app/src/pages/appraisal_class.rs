//! The instructor's view of a class's appraisal: a heatmap of practices × learners coloured by
//! distance from the key, how the class rated each practice, the practices it disputes most
//! (linked to the lesson that teaches them), the reveal, and the CSV download.

use leptos::prelude::*;
use leptos_meta::Title;

use super::classes::access_view;
use super::route_param;
use crate::api_appraisal::{get_class_appraisal, ClassAppraisal};
use crate::components::loading::load_page;

#[component]
pub fn ClassAppraisalRoute() -> impl IntoView {
    let class_id = route_param("id");
    load_page(
        move || class_id().parse::<i64>().unwrap_or(0),
        |class_id| async move { get_class_appraisal(class_id).await.map(Some) },
        |access| access_view(access, |data| view! { <ClassAppraisalView data/> }),
    )
}

fn cell_class(distance: Option<u8>) -> &'static str {
    match distance {
        None => "heat unrated",
        Some(0) => "heat d0",
        Some(1) => "heat d1",
        Some(2) => "heat d2",
        Some(_) => "heat d3",
    }
}

#[component]
fn ClassAppraisalView(data: ClassAppraisal) -> impl IntoView {
    let class_id = data.class.id;
    let learner_headers = data
        .learners
        .iter()
        .map(|(name, username, submitted, score, kappa)| {
            let detail = format!(
                "{}score {score:.0}{}",
                if *submitted { "" } else { "not submitted · " },
                kappa.map(|k| format!(" · κ {k:.2}")).unwrap_or_default()
            );
            view! { <th scope="col" title=username.clone()>{name.clone()}<br/><span class="meta">{detail}</span></th> }
        })
        .collect_view()
        .into_any();
    let rows = data
        .rows
        .iter()
        .map(|row| {
            let cells = row
                .distances
                .iter()
                .map(|d| {
                    let text = match d {
                        None => "–".to_string(),
                        Some(0) => "=".to_string(),
                        Some(n) => format!("{n}"),
                    };
                    view! { <td class=cell_class(*d)>{text}</td> }
                })
                .collect_view();
            let [fi, li, pi, ni] = row.counts;
            let key = row.key;
            let select_id = format!("key-{}", row.practice);
            view! {
                <tr>
                    <th scope="row" title=row.title.clone()>{row.practice.clone()}</th>
                    <td class:adjusted=row.adjusted>
                        <label for=select_id.clone() class="visually-hidden">{format!("Key rating of {} for this class", row.practice)}</label>
                        <select id=select_id name=format!("key.{}", row.practice)>
                            {crate::appraisal::Rating::ALL.iter().map(|r| view! { <option value=r.code() selected=*r == key>{r.code()}</option> }).collect_view()}
                        </select>
                        {row.adjusted.then_some(" adjusted")}
                    </td>
                    <td class="meta">{format!("FI {fi} · LI {li} · PI {pi} · NI {ni}")}</td>
                    {cells}
                </tr>
            }
        })
        .collect_view()
        .into_any();
    let mut disputed: Vec<_> = data.rows.iter().filter(|r| r.dispute > 0.0).collect();
    disputed.sort_by(|a, b| b.dispute.total_cmp(&a.dispute));
    let disputed = disputed
        .into_iter()
        .take(5)
        .map(|row| {
            view! {
                <li>
                    {format!("{} {} — key {}, mean distance {:.1} ", row.practice, row.title, row.key.code(), row.dispute)}
                    {row.lesson.clone().map(|(module, title)| view! { <a href=format!("/modules/{module}/lesson")>{format!("(lesson: {title})")}</a> })}
                </li>
            }
        })
        .collect_view();
    let notice = leptos_router::hooks::use_query_map()
        .read_untracked()
        .get("notice")
        .filter(|n| n == "key")
        .map(|_| view! { <p class="form-notice" role="status">"The class's key is saved; comparisons use it from now on."</p> });
    view! {
        <Title text=format!("Appraisal: {}", data.class.name)/>
        <article class="page wide">
            <p class="breadcrumb"><a href=format!("/classes/{class_id}")>{data.class.name.clone()}</a></p>
            <h1>"The class's appraisal"</h1>
            <form method="post" action=format!("/classes/{class_id}/appraisal/reveal") class="inline-form">
                {if data.revealed {
                    view! { <button class="button secondary" type="submit" name="action" value="hide">"Hide the key again"</button> }.into_any()
                } else {
                    view! { <button class="button" type="submit" name="action" value="reveal">"Reveal the key to the class"</button> }.into_any()
                }}
                " "
                <a class="button secondary" href=format!("/classes/{class_id}/appraisal.csv") download="">"Download ratings (CSV)"</a>
            </form>
            <h2>"Most disputed practices"</h2>
            <ol>{disputed}</ol>
            <h2>"Heatmap"</h2>
            <p class="meta">"Each cell is a learner's distance from the key: = agrees, 1 to 3 steps away, – not rated. The key column is this class's key: change a rating where you judge the evidence differently, then save; the course's default stays as it is."</p>
            {notice}
            <form method="post" action=format!("/classes/{class_id}/appraisal/key")>
                <div class="table-scroll">
                    <table class="heatmap">
                        <thead><tr><th scope="col">"Practice"</th><th scope="col">"Key"</th><th scope="col">"Class"</th>{learner_headers}</tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
                <p><button class="button secondary" type="submit">"Save this class's key"</button></p>
            </form>
        </article>
    }
}
