//! Building the CERT-RMM model data (categories, generic goals, levels, the 26 process areas)
//! from `content/model/`, with the numbering rules the reference pages and the appraisal rely on.

use std::collections::{BTreeMap, HashSet};

use super::error::ContentError;
use super::files::SourceFile;
use super::markdown::{render_html, LinkTargets, Place};
use super::schema::{LevelEntry, ModelFile, ProcessAreaFile};
use domain::course::{
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
        check_abbreviation(file, area, &mut seen, errors);
        check_area_references(file, area, &categories, &abbreviations, errors);
        check_goals(file, area, &mut practices, errors);
    }
    practices
}

/// An abbreviation is capital letters, unique (`seen` holds those met so far), and the name of
/// its file, so that an author finds the file from the abbreviation.
fn check_abbreviation(
    file: &SourceFile,
    area: &ProcessAreaFile,
    seen: &mut HashSet<String>,
    errors: &mut Vec<ContentError>,
) {
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
}

/// The category and the related process areas an area names must exist.
fn check_area_references(
    file: &SourceFile,
    area: &ProcessAreaFile,
    categories: &HashSet<&str>,
    abbreviations: &HashSet<String>,
    errors: &mut Vec<ContentError>,
) {
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
        } else if related.get_ref() == area.abbr.get_ref() {
            errors.push(file.error_at(related, "a process area cannot be related to itself"));
        }
    }
}

/// Goals and practices are numbered in order (`SG1`, `SP1.1`, …) because the canonical ids that
/// links and the appraisal use are made from their positions; adds those ids to `practices`.
fn check_goals(
    file: &SourceFile,
    area: &ProcessAreaFile,
    practices: &mut HashSet<String>,
    errors: &mut Vec<ContentError>,
) {
    let abbr = area.abbr.get_ref();
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
    let mut process_areas = BTreeMap::new();
    for (file, area) in areas {
        let built = build_process_area(file, area, model, targets, errors);
        process_areas.insert(built.abbr.clone(), built);
    }
    link_related(&mut process_areas, areas);
    let overview = ModelOverview {
        categories: build_categories(model_file, model, &process_areas, targets, errors),
        generic_goals: build_generic_goals(model),
        capability_levels: build_levels(model_file, &model.capability_levels, targets, errors),
        maturity_indicator_levels: build_levels(
            model_file,
            &model.maturity_indicator_levels,
            targets,
            errors,
        ),
    };
    (overview, process_areas)
}

/// One process area with its prose rendered; its related areas are filled in later, by
/// [`link_related`].
fn build_process_area(
    file: &SourceFile,
    area: &ProcessAreaFile,
    model: &ModelFile,
    targets: &LinkTargets,
    errors: &mut Vec<ContentError>,
) -> ProcessArea {
    let abbr = area.abbr.get_ref().clone();
    let category = model
        .categories
        .iter()
        .find(|c| c.id.get_ref() == area.category.get_ref());
    let summary_html = match &area.summary {
        Some(summary) => render_html(
            summary.get_ref(),
            targets,
            file.markdown_place(summary),
            errors,
        ),
        None => String::new(),
    };
    let goals = build_goals(&abbr, area);
    let mut render_all = |items: &[String]| -> Vec<String> {
        items
            .iter()
            .map(|item| render_html(item, targets, whole_file(file), errors))
            .collect()
    };
    let typical_evidence_html = render_all(&area.typical_evidence);
    let typical_work_products_html = render_all(&area.typical_work_products);
    ProcessArea {
        abbr,
        name: area.name.clone(),
        category_id: area.category.get_ref().clone(),
        category_name: category.map(|c| c.name.clone()).unwrap_or_default(),
        source: area.source,
        summary_html,
        goals,
        related: Vec::new(),
        typical_evidence_html,
        typical_work_products_html,
    }
}

/// The specific goals and practices of an area, with canonical ids made from their positions.
fn build_goals(abbr: &str, area: &ProcessAreaFile) -> Vec<Goal> {
    area.goals
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
                    id: canonical_practice_id(abbr, goal_index + 1, practice_index + 1),
                    short_id: practice.id.get_ref().clone(),
                    title: practice.title.clone(),
                    source: practice.source,
                    description: practice.description.clone(),
                })
                .collect(),
        })
        .collect()
}

/// Fills in every area's related links. They need every area's name, so this runs once all
/// areas exist.
fn link_related(
    process_areas: &mut BTreeMap<String, ProcessArea>,
    areas: &[(SourceFile, ProcessAreaFile)],
) {
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
}

/// The categories with their descriptions rendered and the process areas in each.
fn build_categories(
    model_file: &SourceFile,
    model: &ModelFile,
    process_areas: &BTreeMap<String, ProcessArea>,
    targets: &LinkTargets,
    errors: &mut Vec<ContentError>,
) -> Vec<Category> {
    model
        .categories
        .iter()
        .map(|category| Category {
            id: category.id.get_ref().clone(),
            name: category.name.clone(),
            description_html: render_html(
                &category.description,
                targets,
                whole_file(model_file),
                errors,
            ),
            process_areas: process_areas
                .values()
                .filter(|area| &area.category_id == category.id.get_ref())
                .map(|area| ProcessAreaLink {
                    abbr: area.abbr.clone(),
                    name: area.name.clone(),
                })
                .collect(),
        })
        .collect()
}

/// The generic goals, whose practices are named `GG2.GP1` after their goal.
fn build_generic_goals(model: &ModelFile) -> Vec<GenericGoal> {
    model
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
        .collect()
}

/// Capability or maturity-indicator levels with their descriptions rendered.
fn build_levels(
    model_file: &SourceFile,
    entries: &[LevelEntry],
    targets: &LinkTargets,
    errors: &mut Vec<ContentError>,
) -> Vec<Level> {
    entries
        .iter()
        .map(|entry| Level {
            level: *entry.level.get_ref(),
            name: entry.name.clone(),
            description_html: render_html(
                &entry.description,
                targets,
                whole_file(model_file),
                errors,
            ),
        })
        .collect()
}
