//! Building the CERT-RMM model data (categories, generic goals, levels, the 26 process areas)
//! from `content/model/`, with the numbering rules the reference pages and the appraisal rely on.

use std::collections::{BTreeMap, HashSet};

use super::error::ContentError;
use super::files::SourceFile;
use super::markdown::{render, LinkTargets, Place};
use super::schema::{ModelFile, ProcessAreaFile};
use crate::course::{
    Category, GenericGoal, GenericPractice, Goal, Level, ModelOverview, Practice, ProcessArea,
    ProcessAreaLink,
};

/// Checks ids and numbering of the process areas, and returns the canonical ids of all specific
/// practices (for `model:` links).
pub fn check_process_areas(
    model: &ModelFile,
    areas: &[(SourceFile, ProcessAreaFile)],
    errors: &mut Vec<ContentError>,
) -> HashSet<String> {
    let categories: HashSet<&str> = model
        .categories
        .iter()
        .map(|c| c.id.get_ref().as_str())
        .collect();
    let abbreviations: HashSet<String> = areas
        .iter()
        .map(|(_, area)| area.abbr.get_ref().to_ascii_uppercase())
        .collect();
    let mut seen = HashSet::new();
    let mut practices = HashSet::new();
    for (file, area) in areas {
        let abbr = area.abbr.get_ref();
        if abbr.is_empty() || !abbr.chars().all(|c| c.is_ascii_uppercase()) {
            errors.push(file.error_at(
                &area.abbr,
                format!("abbreviation `{abbr}` must be capital letters"),
            ));
        }
        if !seen.insert(abbr.to_ascii_uppercase()) {
            errors.push(file.error_at(&area.abbr, format!("duplicate process area `{abbr}`")));
        }
        let file_stem = file
            .path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default();
        if file_stem != abbr {
            errors.push(file.error_at(
                &area.abbr,
                format!("file name `{file_stem}` does not match abbreviation `{abbr}`"),
            ));
        }
        if !categories.contains(area.category.get_ref().as_str()) {
            errors.push(file.error_at(
                &area.category,
                format!("unknown category `{}`", area.category.get_ref()),
            ));
        }
        for related in &area.related {
            if !abbreviations.contains(related.get_ref()) {
                errors.push(file.error_at(
                    related,
                    format!("unknown related process area `{}`", related.get_ref()),
                ));
            } else if related.get_ref() == abbr {
                errors.push(file.error_at(related, "a process area cannot be related to itself"));
            }
        }
        if area.goals.is_empty() {
            errors.push(file.error_at(&area.abbr, format!("process area `{abbr}` has no goals")));
        }
        for (goal_index, goal) in area.goals.iter().enumerate() {
            let expected_goal = format!("SG{}", goal_index + 1);
            if goal.id.get_ref() != &expected_goal {
                errors.push(file.error_at(
                    &goal.id,
                    format!(
                        "goal `{}` should be `{expected_goal}`: goals are numbered in order",
                        goal.id.get_ref()
                    ),
                ));
            }
            if goal.practices.is_empty() {
                errors.push(file.error_at(
                    &goal.id,
                    format!("goal `{}` has no practices", goal.id.get_ref()),
                ));
            }
            for (practice_index, practice) in goal.practices.iter().enumerate() {
                let expected = format!("SP{}.{}", goal_index + 1, practice_index + 1);
                if practice.id.get_ref() != &expected {
                    errors.push(file.error_at(&practice.id, format!("practice `{}` should be `{expected}`: practices are numbered in order within their goal", practice.id.get_ref())));
                }
                practices.insert(canonical_practice_id(
                    abbr,
                    goal_index + 1,
                    practice_index + 1,
                ));
            }
        }
    }
    practices
}

/// `IMC`, goal 2, practice 1 → `IMC:SG2.SP1`.
pub fn canonical_practice_id(abbr: &str, goal: usize, practice: usize) -> String {
    format!("{abbr}:SG{goal}.SP{practice}")
}

fn whole_file(file: &SourceFile) -> Place<'_> {
    Place {
        file: &file.path,
        first_line: 1,
    }
}

/// Renders the model-wide parts and every process area.
pub fn build_model(
    model_file: &SourceFile,
    model: &ModelFile,
    areas: &[(SourceFile, ProcessAreaFile)],
    targets: &LinkTargets,
    errors: &mut Vec<ContentError>,
) -> (ModelOverview, BTreeMap<String, ProcessArea>) {
    let mut render_or_report =
        |markdown: &str, place: Place<'_>| match render(markdown, targets, place) {
            Ok(rendered) => rendered.html,
            Err(mut found) => {
                errors.append(&mut found);
                String::new()
            }
        };

    let mut process_areas = BTreeMap::new();
    for (file, area) in areas {
        let abbr = area.abbr.get_ref().clone();
        let category = model
            .categories
            .iter()
            .find(|c| c.id.get_ref() == area.category.get_ref());
        let summary_html = match &area.summary {
            Some(summary) => render_or_report(summary.get_ref(), file.markdown_place(summary)),
            None => String::new(),
        };
        let goals = area
            .goals
            .iter()
            .enumerate()
            .map(|(goal_index, goal)| Goal {
                id: format!("{abbr}:SG{}", goal_index + 1),
                short_id: goal.id.get_ref().clone(),
                title: goal.title.clone(),
                source: goal.source,
                practices: goal
                    .practices
                    .iter()
                    .enumerate()
                    .map(|(practice_index, practice)| Practice {
                        id: canonical_practice_id(&abbr, goal_index + 1, practice_index + 1),
                        short_id: practice.id.get_ref().clone(),
                        title: practice.title.clone(),
                        source: practice.source,
                        description: practice.description.clone(),
                    })
                    .collect(),
            })
            .collect();
        let typical_evidence_html = area
            .typical_evidence
            .iter()
            .map(|item| render_or_report(item, whole_file(file)))
            .collect();
        let typical_work_products_html = area
            .typical_work_products
            .iter()
            .map(|item| render_or_report(item, whole_file(file)))
            .collect();
        process_areas.insert(
            abbr.clone(),
            ProcessArea {
                abbr: abbr.clone(),
                name: area.name.clone(),
                category_id: area.category.get_ref().clone(),
                category_name: category.map(|c| c.name.clone()).unwrap_or_default(),
                source: area.source,
                summary_html,
                goals,
                related: Vec::new(),
                typical_evidence_html,
                typical_work_products_html,
            },
        );
    }
    // Related links need every area's name, so they are filled in once all areas exist.
    let names: BTreeMap<String, String> = process_areas
        .values()
        .map(|area| (area.abbr.clone(), area.name.clone()))
        .collect();
    for (_, area_file) in areas {
        if let Some(area) = process_areas.get_mut(area_file.abbr.get_ref()) {
            area.related = area_file
                .related
                .iter()
                .filter_map(|abbr| {
                    names.get(abbr.get_ref()).map(|name| ProcessAreaLink {
                        abbr: abbr.get_ref().clone(),
                        name: name.clone(),
                    })
                })
                .collect();
        }
    }

    let categories = model
        .categories
        .iter()
        .map(|category| Category {
            id: category.id.get_ref().clone(),
            name: category.name.clone(),
            description_html: render_or_report(&category.description, whole_file(model_file)),
            process_areas: process_areas
                .values()
                .filter(|area| &area.category_id == category.id.get_ref())
                .map(|area| ProcessAreaLink {
                    abbr: area.abbr.clone(),
                    name: area.name.clone(),
                })
                .collect(),
        })
        .collect();
    let generic_goals = model
        .generic_goals
        .iter()
        .map(|goal| GenericGoal {
            id: goal.id.get_ref().clone(),
            title: goal.title.clone(),
            source: goal.source,
            description: goal.description.clone(),
            practices: goal
                .practices
                .iter()
                .map(|practice| GenericPractice {
                    id: format!("{}.{}", goal.id.get_ref(), practice.id.get_ref()),
                    title: practice.title.clone(),
                    source: practice.source,
                    description: practice.description.clone(),
                })
                .collect(),
        })
        .collect();
    let mut levels = |entries: &[super::schema::LevelEntry]| -> Vec<Level> {
        entries
            .iter()
            .map(|entry| Level {
                level: *entry.level.get_ref(),
                name: entry.name.clone(),
                description_html: render_or_report(&entry.description, whole_file(model_file)),
            })
            .collect()
    };
    let capability_levels = levels(&model.capability_levels);
    let maturity_indicator_levels = levels(&model.maturity_indicator_levels);
    (
        ModelOverview {
            categories,
            generic_goals,
            capability_levels,
            maturity_indicator_levels,
        },
        process_areas,
    )
}
