//! The two big tables of the instructor's class appraisal page, written as HTML by pure
//! functions: the heatmap (practices × learners or teams, with the key and the class's counts)
//! and the roster for putting learners on teams.
//!
//! Why not views: a class of 500 learners on 64 practices is 32,000 cells. Built as Leptos views,
//! every cell was an element with its own allocations, rendered through tachys one by one, and
//! the page took over 120 ms to build. Written here into one string, the grid is one pass over
//! compact data (`HeatmapRow::cells`), and the page inserts it with `inner_html`. Hydration
//! leaves an element's inner HTML from the server as it is, so the browser does not walk those
//! nodes either; after an in-app navigation the same string is set as the element's content.
//! Both tables are plain markup and forms (the key's selects, the team inputs), so they work
//! without JavaScript and need nothing reactive.
//!
//! Every value that comes from a person (display names, usernames, team names) or from the
//! course is escaped: it is text, never markup.

use domain::appraisal::Rating;

use super::html_text::escape;
use crate::api::appraisal::{HeatColumn, HeatmapRow, TeamAssignment};

/// The heatmap: a header per column (learner or team), then a row per practice with its key
/// (a select, so the instructor can change this class's key) and the class's counts, and a cell
/// per column, coloured by its class (`d0` to `d3` steps from the key, `nr` not rated) and
/// showing the same as text (`=`, `1` to `3`, `–`), so colour is never the only sign.
pub fn heatmap_table_html(columns: &[HeatColumn], rows: &[HeatmapRow]) -> String {
    let mut html = String::with_capacity(
        1_000 + 160 * columns.len() + rows.len() * (600 + 16 * columns.len()),
    );
    html.push_str(
        r#"<table class="heatmap"><thead><tr><th scope="col">Practice</th><th scope="col">Key</th><th scope="col">Class</th>"#,
    );
    for column in columns {
        column_header(&mut html, column);
    }
    html.push_str("</tr></thead><tbody>");
    for row in rows {
        practice_row(&mut html, row);
    }
    html.push_str("</tbody></table>");
    html
}

/// How a column compares with the key, as its header says it.
fn column_figures(column: &HeatColumn) -> String {
    format!(
        "{}score {:.0}{}",
        if column.submitted {
            ""
        } else {
            "not submitted · "
        },
        column.score,
        column
            .kappa
            .map(|k| format!(" · κ {k:.2}"))
            .unwrap_or_default()
    )
}

/// A learner's or team's header: the name (a team's linked to its page), a jigsaw team's share,
/// and its figures. The title holds the username or the team's members, which the header has
/// no room for.
fn column_header(html: &mut String, column: &HeatColumn) {
    html.push_str(r#"<th scope="col""#);
    if !column.detail.is_empty() {
        html.push_str(&format!(r#" title="{}""#, escape(&column.detail)));
    }
    html.push('>');
    let name = escape(&column.name);
    match &column.link {
        Some(link) => html.push_str(&format!(r#"<a href="{}">{name}</a>"#, escape(link))),
        None => html.push_str(&name),
    }
    if !column.areas.is_empty() {
        html.push_str(&format!(
            r#"<br><span class="share">{}</span>"#,
            escape(&column.areas.join(", "))
        ));
    }
    html.push_str(&format!(
        r#"<br><span class="meta">{}</span></th>"#,
        column_figures(column)
    ));
}

/// A practice's row: its id (with its title as a tooltip), the key, the class's counts, and a
/// cell per column.
fn practice_row(html: &mut String, row: &HeatmapRow) {
    let id = escape(&row.practice);
    html.push_str(&format!(
        r#"<tr><th scope="row" title="{}">{id}</th>"#,
        escape(&row.title)
    ));
    key_cell(html, &id, row.key, row.adjusted);
    let [fi, li, pi, ni] = row.counts;
    html.push_str(&format!(
        r#"<td class="meta">FI {fi} · LI {li} · PI {pi} · NI {ni}</td>"#
    ));
    for distance in row.distances() {
        html.push_str(cell(distance));
    }
    html.push_str("</tr>");
}

/// The key's select for one practice (`id` already escaped), named `key.PRACTICE` for the form
/// that saves this class's key.
fn key_cell(html: &mut String, id: &str, key: Rating, adjusted: bool) {
    html.push_str(if adjusted {
        r#"<td class="adjusted">"#
    } else {
        "<td>"
    });
    html.push_str(&format!(
        r#"<label for="key-{id}" class="visually-hidden">Key rating of {id} for this class</label><select id="key-{id}" name="key.{id}">"#
    ));
    for rating in Rating::ALL {
        let code = rating.code();
        let selected = if rating == key { " selected" } else { "" };
        html.push_str(&format!(
            r#"<option value="{code}"{selected}>{code}</option>"#
        ));
    }
    html.push_str("</select>");
    if adjusted {
        html.push_str(" adjusted");
    }
    html.push_str("</td>");
}

/// One cell. Its end tag is left out, as HTML allows (a cell ends where the next one or the row
/// ends), and its class is unquoted: with tens of thousands of cells, that is a third of the
/// grid's size.
fn cell(distance: Option<u8>) -> &'static str {
    match distance {
        Some(0) => "<td class=d0>=",
        Some(1) => "<td class=d1>1",
        Some(2) => "<td class=d2>2",
        Some(_) => "<td class=d3>3",
        None => "<td class=nr>–",
    }
}

/// The roster: each learner with an input for the team they are on (empty: none), labelled
/// with their display name, for the form that saves the teams.
pub fn roster_table_html(roster: &[TeamAssignment]) -> String {
    let mut html = String::with_capacity(200 + 260 * roster.len());
    html.push_str(
        r#"<table class="team-roster"><thead><tr><th scope="col">Learner</th><th scope="col">Team (empty: none)</th></tr></thead><tbody>"#,
    );
    for learner in roster {
        let id = learner.user_id;
        html.push_str(&format!(
            r#"<tr><th scope="row"><label for="team-of-{id}">{}</label><span class="meta"> {}</span></th><td><input id="team-of-{id}" name="team.{id}" value="{}" maxlength="40" list="team-names" autocomplete="off"></td></tr>"#,
            escape(&learner.name),
            escape(&learner.username),
            escape(learner.team.as_deref().unwrap_or_default()),
        ));
    }
    html.push_str("</tbody></table>");
    html
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::ids::UserId;

    const HOSTILE: &str = r#"<img src=x onerror=alert(1)>"'&"#;
    const HOSTILE_AS_TEXT: &str = "&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&amp;";

    fn learner(name: &str, username: &str, submitted: bool, score: f64) -> HeatColumn {
        HeatColumn {
            name: name.into(),
            detail: username.into(),
            submitted,
            score,
            kappa: Some(0.5),
            link: None,
            areas: Vec::new(),
        }
    }

    fn row(practice: &str, key: Rating, adjusted: bool, cells: &str) -> HeatmapRow {
        HeatmapRow {
            practice: practice.into(),
            title: format!("The title of {practice}"),
            key,
            adjusted,
            cells: cells.into(),
            counts: [1, 1, 0, 0],
            dispute: 0.5,
            lesson: None,
        }
    }

    /// The rows of the table's body, each split at its cells' start tags.
    fn body_rows(html: &str) -> Vec<Vec<&str>> {
        let body = html.split("<tbody>").nth(1).unwrap();
        let body = body.strip_suffix("</tbody></table>").unwrap();
        body.split("<tr>")
            .skip(1)
            .map(|row| row.strip_suffix("</tr>").unwrap().split("<td").collect())
            .collect()
    }

    #[test]
    fn a_small_class_has_a_header_per_learner_and_a_row_per_practice_with_its_key() {
        let columns = [
            learner("Ana", "ana", true, 100.0),
            learner("Ben", "ben", false, 62.4),
        ];
        let rows = [
            row("IMC:SG1.SP1", Rating::LI, false, "01"),
            row("IMC:SG1.SP2", Rating::PI, true, "-3"),
        ];
        let html = heatmap_table_html(&columns, &rows);
        assert!(html.starts_with(r#"<table class="heatmap"><thead><tr><th scope="col">Practice</th><th scope="col">Key</th><th scope="col">Class</th>"#));
        assert!(html.contains(r#"<th scope="col" title="ana">Ana<br><span class="meta">score 100 · κ 0.50</span></th>"#));
        assert!(html.contains(r#"<th scope="col" title="ben">Ben<br><span class="meta">not submitted · score 62 · κ 0.50</span></th>"#));

        let body = body_rows(&html);
        assert_eq!(body.len(), 2, "a row per practice");
        let first = &body[0];
        assert_eq!(
            first[0],
            r#"<th scope="row" title="The title of IMC:SG1.SP1">IMC:SG1.SP1</th>"#
        );
        assert!(
            first[1].starts_with(r#">"#),
            "the key's cell is not marked adjusted"
        );
        assert!(first[1].contains(r#"<select id="key-IMC:SG1.SP1" name="key.IMC:SG1.SP1">"#));
        assert!(first[1].contains(r#"<option value="LI" selected>LI</option>"#));
        assert_eq!(first[1].matches("selected").count(), 1);
        assert_eq!(first[2], r#" class="meta">FI 1 · LI 1 · PI 0 · NI 0</td>"#);
        assert_eq!(
            &first[3..],
            [" class=d0>=", " class=d1>1"],
            "a cell per learner"
        );

        let second = &body[1];
        assert!(second[1].starts_with(r#" class="adjusted">"#));
        assert!(second[1].contains(r#"<option value="PI" selected>PI</option>"#));
        assert!(second[1].ends_with("</select> adjusted</td>"));
        assert_eq!(&second[3..], [" class=nr>–", " class=d3>3"]);
    }

    #[test]
    fn a_team_header_links_to_the_team_and_shows_its_share() {
        let team = HeatColumn {
            name: "Blue".into(),
            detail: "Ana, Ben".into(),
            submitted: true,
            score: 75.0,
            kappa: None,
            link: Some("/appraisal/team?class=3&team=9".into()),
            areas: vec!["IMC".into(), "RISK".into()],
        };
        let html = heatmap_table_html(&[team], &[]);
        assert!(html.contains(r#"<th scope="col" title="Ana, Ben"><a href="/appraisal/team?class=3&amp;team=9">Blue</a><br><span class="share">IMC, RISK</span><br><span class="meta">score 75</span></th>"#));
        assert!(html.ends_with("<tbody></tbody></table>"));
    }

    #[test]
    fn names_are_text_never_markup() {
        let mut hostile = learner(HOSTILE, HOSTILE, true, 0.0);
        hostile.link = Some(format!("/x?{HOSTILE}"));
        hostile.areas = vec![HOSTILE.into()];
        let heatmap = heatmap_table_html(&[hostile], &[row(HOSTILE, Rating::FI, false, "0")]);
        let roster = roster_table_html(&[TeamAssignment {
            user_id: UserId(4),
            name: HOSTILE.into(),
            username: HOSTILE.into(),
            team: Some(HOSTILE.into()),
        }]);
        for html in [&heatmap, &roster] {
            assert!(!html.contains("<img") && !html.contains(HOSTILE), "{html}");
        }
        // In the header: the title, the link, the name and the share; in the row: the title, the
        // practice, and the practice in the label's target and text and the select's id and name.
        assert_eq!(heatmap.matches(HOSTILE_AS_TEXT).count(), 10, "{heatmap}");
        assert!(heatmap.contains(&format!(r#"title="{HOSTILE_AS_TEXT}""#)));
        assert!(heatmap.contains(&format!(r#"name="key.{HOSTILE_AS_TEXT}""#)));
        assert!(roster.contains(&format!(
            r#"<label for="team-of-4">{HOSTILE_AS_TEXT}</label>"#
        )));
        assert!(roster.contains(&format!(r#"value="{HOSTILE_AS_TEXT}""#)));
    }

    #[test]
    fn the_roster_has_an_input_per_learner_named_by_their_id() {
        let roster = [
            TeamAssignment {
                user_id: UserId(7),
                name: "Ana Lima".into(),
                username: "ana".into(),
                team: Some("Blue".into()),
            },
            TeamAssignment {
                user_id: UserId(8),
                name: "Ben".into(),
                username: "ben".into(),
                team: None,
            },
        ];
        let html = roster_table_html(&roster);
        assert!(html.contains(r#"<tr><th scope="row"><label for="team-of-7">Ana Lima</label><span class="meta"> ana</span></th><td><input id="team-of-7" name="team.7" value="Blue" maxlength="40" list="team-names" autocomplete="off"></td></tr>"#));
        assert!(html.contains(r#"<input id="team-of-8" name="team.8" value="" "#));
        assert_eq!(
            html.matches("<tr>").count(),
            3,
            "the header and a row per learner"
        );
    }
}
