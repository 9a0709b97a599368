//! `/crosswalk`: the crosswalk browser (issue 17). From a process area's practices to the NIST
//! CSF 2.0 subcategories they reach, or from CSF functions, categories and subcategories back to
//! the practices, searchable and narrowed to one process area. The form is a plain GET form, so
//! the browser works without JavaScript, and the page prints as a reference.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::crosswalk::{get_crosswalk, CrosswalkView, RowView};
use crate::components::loading::load_page;

/// What the page says of where the mapping comes from, wherever it is shown.
pub const PROVENANCE: &str = "This mapping is RMM Classroom's own reading, written for this course: it is not an official crosswalk. For authoritative references use NIST's National Online Informative References (OLIR) program, which publishes informative references for the CSF 2.0, and the crosswalks the SEI published with CERT-RMM.";

#[component]
pub fn CrosswalkPage() -> impl IntoView {
    let query = use_query_map();
    load_page(
        move || {
            let q = query.read();
            (
                q.get("q").unwrap_or_default(),
                q.get("by").is_some_and(|b| b == "csf"),
                q.get("area").unwrap_or_default(),
            )
        },
        |(q, by_csf, area)| async move { get_crosswalk(q, by_csf, area).await.map(Some) },
        |view| view! { <CrosswalkView view/> },
    )
}

#[component]
fn CrosswalkView(view: CrosswalkView) -> impl IntoView {
    let heading = if view.by_csf {
        "Crosswalk: NIST CSF 2.0 to CERT-RMM practices"
    } else {
        "Crosswalk: CERT-RMM practices to NIST CSF 2.0"
    };
    let summary = if view.query.is_empty() && view.area.is_empty() {
        format!("{} mapping rows.", view.rows_total)
    } else {
        format!(
            "{} of {} mapping rows match.",
            view.rows_shown, view.rows_total
        )
    };
    let areas = view
        .all_areas
        .iter()
        .map(|(abbr, name)| {
            view! { <option value=abbr.clone() selected=*abbr == view.area>{format!("{abbr} {name}")}</option> }
        })
        .collect_view();
    let body = if view.by_csf {
        by_function(&view).into_any()
    } else {
        by_area(&view).into_any()
    };
    let empty = (view.rows_shown == 0).then(|| view! { <p>"Nothing matched every word. Try fewer words, or clear the process area."</p> });
    view! {
        <Title text="Crosswalk to the NIST CSF 2.0"/>
        <article class="page wide crosswalk">
            <h1>{heading}</h1>
            <p class="lead">{PROVENANCE}</p>
            <p class="meta">{format!("CSF text: {}. NIST publications are in the public domain in the United States.", view.csf_source)}</p>
            <form class="crosswalk-form no-print" role="search" method="get" action="/crosswalk">
                <label for="crosswalk-query">"Search practices, subcategories and rationales"</label>
                <input id="crosswalk-query" name="q" type="search" value=view.query.clone() maxlength="200"/>
                <label for="crosswalk-area">"Process area"</label>
                <select id="crosswalk-area" name="area">
                    <option value="" selected=view.area.is_empty()>"All process areas"</option>
                    {areas}
                </select>
                <fieldset>
                    <legend>"Direction"</legend>
                    <label><input type="radio" name="by" value="rmm" checked=!view.by_csf/>" CERT-RMM practices to CSF"</label>
                    <label><input type="radio" name="by" value="csf" checked=view.by_csf/>" CSF to CERT-RMM practices"</label>
                </fieldset>
                <button class="button" type="submit">"Show"</button>
            </form>
            <p>{summary}</p>
            <Legend/>
            {empty}
            {body}
        </article>
    }
}

#[component]
fn Legend() -> impl IntoView {
    let items = domain::crosswalk::Relationship::ALL
        .into_iter()
        .map(|r| view! { <li><strong>{r.as_str()}</strong>": "{r.words()}</li> })
        .collect_view();
    view! {
        <details class="crosswalk-legend">
            <summary>"How to read a relationship"</summary>
            <p>"Each row says how the CERT-RMM practice relates to the CSF subcategory:"</p>
            <ul>{items}</ul>
        </details>
    }
}

fn rows_table(
    caption: String,
    first: &'static str,
    rows: Vec<RowView>,
    link_practice: bool,
) -> impl IntoView {
    let rows = rows
        .into_iter()
        .map(|row| {
            let other = if link_practice {
                let area = row.other_id.split(':').next().unwrap_or("").to_string();
                view! { <a href=format!("/model/{area}")>{row.other_id.clone()}</a> }.into_any()
            } else {
                view! { <span>{row.other_id.clone()}</span> }.into_any()
            };
            view! {
                <tr>
                    <th scope="row">{other}" "<span class="crosswalk-text">{row.other_text}</span></th>
                    <td><span class="relationship" title=row.relationship_words>{row.relationship}</span></td>
                    <td>{row.rationale}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="crosswalk-table">
            <caption class="visually-hidden">{caption}</caption>
            <thead><tr><th scope="col">{first}</th><th scope="col">"Relationship"</th><th scope="col">"Why"</th></tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

fn by_area(view: &CrosswalkView) -> impl IntoView {
    view.by_area
        .clone()
        .into_iter()
        .map(|area| {
            let practices = area
                .practices
                .into_iter()
                .map(|practice| {
                    let caption = format!("CSF subcategories reached by {}", practice.id);
                    view! {
                        <section class="crosswalk-practice" id=practice.id.replace(':', "-")>
                            <h3>{format!("{} {}", practice.id, practice.title)}</h3>
                            {rows_table(caption, "CSF subcategory", practice.rows, false)}
                        </section>
                    }
                })
                .collect_view();
            view! {
                <section class="crosswalk-area" id=area.abbr.clone()>
                    <h2><a href=format!("/model/{}", area.abbr)>{format!("{} {}", area.abbr, area.name)}</a></h2>
                    {practices}
                </section>
            }
        })
        .collect_view()
}

fn by_function(view: &CrosswalkView) -> impl IntoView {
    view.by_function
        .clone()
        .into_iter()
        .map(|function| {
            let categories = function
                .categories
                .into_iter()
                .map(|category| {
                    let subcategories = category
                        .subcategories
                        .into_iter()
                        .map(|sub| {
                            let caption = format!("CERT-RMM practices mapped to {}", sub.id);
                            view! {
                                <section class="crosswalk-subcategory" id=sub.id.clone()>
                                    <h4>{format!("{} {}", sub.id, sub.text)}</h4>
                                    {rows_table(caption, "CERT-RMM practice", sub.rows, true)}
                                </section>
                            }
                        })
                        .collect_view();
                    view! {
                        <section class="crosswalk-category" id=category.id.clone()>
                            <h3>{format!("{} {}", category.id, category.title)}</h3>
                            {subcategories}
                        </section>
                    }
                })
                .collect_view();
            view! {
                <section class="crosswalk-function" id=function.id.clone()>
                    <h2>{format!("{} {}", function.id, function.title)}</h2>
                    {categories}
                </section>
            }
        })
        .collect_view()
}
