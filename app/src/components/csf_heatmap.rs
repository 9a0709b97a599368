//! The projection of a learner's ratings onto the NIST Cybersecurity Framework 2.0 as an SVG
//! heatmap: one row per CSF function, one cell per category, shaded by the mean rating of the
//! practices the project's crosswalk maps to it.
//!
//! It is an approximation twice over (the mapping is our own reading, and a mean of ordinal
//! ratings is only a summary), so the figure says so in its caption. The SVG needs no script or
//! stylesheet (fills are attributes), so it prints and reads without JavaScript; each cell's
//! `<title>` gives its figures, and a table beside it gives the same figures to screen readers.

use leptos::prelude::*;

use crate::api::plans::{ProjectedCell, ProjectedRow};

const LABEL_WIDTH: usize = 190;
const CELL_WIDTH: usize = 92;
const CELL_HEIGHT: usize = 46;
const GAP: usize = 4;

/// The band a mean rating (NI 0 … FI 3) falls in, with its fill and its name in the legend.
fn band(mean: Option<f64>) -> (&'static str, &'static str) {
    match mean {
        None => ("#e8e8e8", "no mapped practice rated"),
        Some(m) if m < 0.75 => ("#f2c4bf", "mostly NI (below 0.75)"),
        Some(m) if m < 1.5 => ("#f8dcb4", "mostly PI (0.75 to 1.5)"),
        Some(m) if m < 2.25 => ("#e4eec0", "mostly LI (1.5 to 2.25)"),
        Some(_) => ("#c3e2c8", "mostly FI (2.25 and above)"),
    }
}

fn mean_text(mean: Option<f64>) -> String {
    mean.map(|m| format!("{m:.1}"))
        .unwrap_or_else(|| "—".into())
}

fn cell_description(cell: &ProjectedCell) -> String {
    match cell.mean {
        Some(mean) => format!(
            "{} {}: mean {mean:.1} of 3, from {} of {} mapped practices rated",
            cell.id, cell.title, cell.rated, cell.mapped
        ),
        None => format!(
            "{} {}: none of its {} mapped practices rated",
            cell.id, cell.title, cell.mapped
        ),
    }
}

fn svg_cell(cell: &ProjectedCell, x: usize, y: usize) -> impl IntoView {
    let (fill, _) = band(cell.mean);
    let short = cell.id.split('.').nth(1).unwrap_or(&cell.id).to_string();
    view! {
        <g>
            <title>{cell_description(cell)}</title>
            <rect x=x y=y width=CELL_WIDTH height=CELL_HEIGHT rx="4" fill=fill stroke="#6b6b6b" stroke-width="0.5"/>
            <text x=x + CELL_WIDTH / 2 y=y + 19 text-anchor="middle" font-size="13" font-weight="600" fill="#1b1b1b">{short}</text>
            <text x=x + CELL_WIDTH / 2 y=y + 37 text-anchor="middle" font-size="12" fill="#1b1b1b">{mean_text(cell.mean)}</text>
        </g>
    }
}

/// The heatmap, its legend, its caption and the same figures as a table.
#[component]
pub fn CsfHeatmap(rows: Vec<ProjectedRow>, whose: String) -> impl IntoView {
    let columns = rows.iter().map(|r| r.categories.len()).max().unwrap_or(0);
    let width = LABEL_WIDTH + columns * (CELL_WIDTH + GAP);
    let height = rows.len() * (CELL_HEIGHT + GAP);
    let summary = rows
        .iter()
        .map(|r| format!("{} {}", r.function.title, mean_text(r.function.mean)))
        .collect::<Vec<_>>()
        .join("; ");
    let svg_rows = rows
        .iter()
        .enumerate()
        .map(|(i, row)| {
            let y = i * (CELL_HEIGHT + GAP);
            let cells = row
                .categories
                .iter()
                .enumerate()
                .map(|(j, cell)| svg_cell(cell, LABEL_WIDTH + j * (CELL_WIDTH + GAP), y))
                .collect_view();
            view! {
                <g>
                    <title>{cell_description(&row.function)}</title>
                    <text x="0" y=y + 19 font-size="13" font-weight="600" fill="#1b1b1b">{format!("{} {}", row.function.id, row.function.title)}</text>
                    <text x="0" y=y + 37 font-size="12" fill="#1b1b1b">{format!("mean {}", mean_text(row.function.mean))}</text>
                </g>
                {cells}
            }
        })
        .collect_view();
    let legend = [None, Some(0.0), Some(1.0), Some(2.0), Some(3.0)]
        .into_iter()
        .map(|mean| {
            let (fill, name) = band(mean);
            view! {
                <li><svg class="swatch" viewBox="0 0 14 14" width="14" height="14" aria-hidden="true"><rect width="14" height="14" fill=fill stroke="#6b6b6b" stroke-width="0.5"/></svg>" "{name}</li>
            }
        })
        .collect_view();
    let table_rows = rows
        .iter()
        .flat_map(|row| std::iter::once(&row.function).chain(row.categories.iter()))
        .map(|cell| {
            view! {
                <tr>
                    <th scope="row">{format!("{} {}", cell.id, cell.title)}</th>
                    <td>{mean_text(cell.mean)}</td>
                    <td>{format!("{} of {}", cell.rated, cell.mapped)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <figure class="csf-heatmap">
            <svg viewBox=format!("0 0 {width} {height}") role="img" aria-label=format!("Approximate projection of {whose} onto the CSF 2.0 functions: {summary}.")>
                {svg_rows}
            </svg>
            <ul class="heat-legend" aria-label="Legend">{legend}</ul>
            <figcaption>
                {format!("An approximation: {whose}, averaged (NI 0, PI 1, LI 2, FI 3) over the practices this project's own crosswalk maps to each CSF 2.0 category. It is not a CSF assessment; ")}
                <a href="/crosswalk">"see the crosswalk and where it comes from"</a>"."
            </figcaption>
        </figure>
        <details class="csf-heatmap-table">
            <summary>"The projection as a table"</summary>
            <table>
                <thead><tr><th scope="col">"Function or category"</th><th scope="col">"Mean (0–3)"</th><th scope="col">"Mapped practices rated"</th></tr></thead>
                <tbody>{table_rows}</tbody>
            </table>
        </details>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bands_cover_the_scale_from_ni_to_fi() {
        assert_eq!(band(None).1, "no mapped practice rated");
        assert_eq!(band(Some(0.0)).1, "mostly NI (below 0.75)");
        assert_eq!(band(Some(0.75)).1, "mostly PI (0.75 to 1.5)");
        assert_eq!(band(Some(1.5)).1, "mostly LI (1.5 to 2.25)");
        assert_eq!(band(Some(3.0)).1, "mostly FI (2.25 and above)");
    }
}
