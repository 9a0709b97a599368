//! The crosswalk in `crosswalk/` (issue 17): the NIST CSF 2.0 Core (`csf-2.0.toml`) and the
//! project's mapping from CERT-RMM practices to CSF subcategories (`rmm-to-csf.toml`). Every
//! mistake is named with its file and line: an unknown practice or subcategory, a duplicate row
//! or id, a relationship that is not one of the four, an empty rationale, a subcategory filed
//! under a category that does not exist.
//!
//! The folder is optional (a course without a crosswalk has an empty one); when it is there,
//! both files must be.

use std::collections::HashSet;
use std::path::Path;

use domain::crosswalk::{
    category_of, Crosswalk, CsfCategory, CsfFunction, CsfSubcategory, MappingRow, Relationship,
};
use serde::Deserialize;
use toml::Spanned;

use super::error::ContentError;
use super::files::SourceFile;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CoreFile {
    source: String,
    #[serde(default)]
    function: Vec<CoreFunction>,
    #[serde(default)]
    category: Vec<CoreCategory>,
    #[serde(default)]
    subcategory: Vec<CoreSubcategory>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CoreFunction {
    id: Spanned<String>,
    title: String,
    text: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CoreCategory {
    id: Spanned<String>,
    function: Spanned<String>,
    title: String,
    text: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CoreSubcategory {
    id: Spanned<String>,
    category: Spanned<String>,
    text: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MappingFile {
    #[serde(default)]
    map: Vec<MappingEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MappingEntry {
    practice: Spanned<String>,
    subcategory: Spanned<String>,
    relationship: Spanned<String>,
    rationale: Spanned<String>,
}

/// Loads and checks the crosswalk in `dir` (the content's `crosswalk/` folder) against the
/// model's practice ids.
pub fn load_crosswalk(
    dir: &Path,
    practices: &HashSet<String>,
    errors: &mut Vec<ContentError>,
) -> Crosswalk {
    if !dir.is_dir() {
        return Crosswalk::default();
    }
    let read = |name: &str, errors: &mut Vec<ContentError>| {
        SourceFile::read(&dir.join(name))
            .map_err(|e| errors.push(e))
            .ok()
    };
    let (Some(core_file), Some(mapping_file)) = (
        read("csf-2.0.toml", errors),
        read("rmm-to-csf.toml", errors),
    ) else {
        return Crosswalk::default();
    };
    let Some(core) = core_file
        .parse_toml::<CoreFile>()
        .map_err(|e| errors.push(e))
        .ok()
    else {
        return Crosswalk::default();
    };
    let mut crosswalk = check_core(&core_file, core, errors);
    if let Ok(mapping) = mapping_file
        .parse_toml::<MappingFile>()
        .map_err(|e| errors.push(e))
    {
        crosswalk.rows = check_rows(&mapping_file, mapping, &crosswalk, practices, errors);
    }
    crosswalk
}

/// Ids unique, each category under a known function, each subcategory under a known category
/// whose id it starts with.
fn check_core(file: &SourceFile, core: CoreFile, errors: &mut Vec<ContentError>) -> Crosswalk {
    let mut seen = HashSet::new();
    let mut unique = |id: &Spanned<String>, errors: &mut Vec<ContentError>| {
        if !seen.insert(id.get_ref().clone()) {
            errors.push(file.error_at(id, format!("duplicate CSF id `{}`", id.get_ref())));
        }
    };
    let functions: HashSet<String> = core
        .function
        .iter()
        .map(|f| f.id.get_ref().clone())
        .collect();
    let categories: HashSet<String> = core
        .category
        .iter()
        .map(|c| c.id.get_ref().clone())
        .collect();
    for function in &core.function {
        unique(&function.id, errors);
    }
    for category in &core.category {
        unique(&category.id, errors);
        if !functions.contains(category.function.get_ref()) {
            errors.push(file.error_at(
                &category.function,
                format!(
                    "category `{}` names unknown function `{}`",
                    category.id.get_ref(),
                    category.function.get_ref()
                ),
            ));
        }
    }
    for subcategory in &core.subcategory {
        unique(&subcategory.id, errors);
        let id = subcategory.id.get_ref();
        let category = subcategory.category.get_ref();
        if !categories.contains(category) || category_of(id) != category {
            errors.push(file.error_at(
                &subcategory.category,
                format!("subcategory `{id}` cannot be filed under category `{category}`"),
            ));
        }
    }
    Crosswalk {
        csf_source: core.source,
        functions: core
            .function
            .into_iter()
            .map(|f| CsfFunction {
                id: f.id.into_inner(),
                title: f.title,
                text: f.text,
            })
            .collect(),
        categories: core
            .category
            .into_iter()
            .map(|c| CsfCategory {
                id: c.id.into_inner(),
                function: c.function.into_inner(),
                title: c.title,
                text: c.text,
            })
            .collect(),
        subcategories: core
            .subcategory
            .into_iter()
            .map(|s| CsfSubcategory {
                id: s.id.into_inner(),
                category: s.category.into_inner(),
                text: s.text,
            })
            .collect(),
        rows: Vec::new(),
    }
}

/// Each row's practice and subcategory known, its relationship one of the four, its rationale one
/// sentence or a few, and no (practice, subcategory) pair twice.
fn check_rows(
    file: &SourceFile,
    mapping: MappingFile,
    crosswalk: &Crosswalk,
    practices: &HashSet<String>,
    errors: &mut Vec<ContentError>,
) -> Vec<MappingRow> {
    let subcategories: HashSet<&str> = crosswalk
        .subcategories
        .iter()
        .map(|s| s.id.as_str())
        .collect();
    let mut pairs = HashSet::new();
    let mut rows = Vec::new();
    for entry in mapping.map {
        let practice = entry.practice.get_ref();
        let subcategory = entry.subcategory.get_ref();
        let mut ok = true;
        if !practices.contains(practice) {
            errors.push(file.error_at(
                &entry.practice,
                format!("no practice of the model has the id `{practice}`"),
            ));
            ok = false;
        }
        if !subcategories.contains(subcategory.as_str()) {
            errors.push(file.error_at(
                &entry.subcategory,
                format!("`{subcategory}` is not a CSF 2.0 subcategory of csf-2.0.toml"),
            ));
            ok = false;
        }
        let relationship = Relationship::parse(entry.relationship.get_ref());
        if relationship.is_none() {
            errors.push(file.error_at(
                &entry.relationship,
                format!(
                    "relationship `{}` must be equivalent, subset, superset or intersects",
                    entry.relationship.get_ref()
                ),
            ));
        }
        let rationale = entry.rationale.get_ref().trim();
        if rationale.is_empty() || rationale.chars().count() > 400 {
            errors.push(file.error_at(&entry.rationale, "give a rationale of 1 to 400 characters"));
            ok = false;
        }
        if !pairs.insert((practice.clone(), subcategory.clone())) {
            errors.push(file.error_at(
                &entry.practice,
                format!("`{practice}` is mapped to `{subcategory}` twice"),
            ));
            ok = false;
        }
        if let (true, Some(relationship)) = (ok, relationship) {
            rows.push(MappingRow {
                practice: practice.clone(),
                subcategory: subcategory.clone(),
                relationship,
                rationale: rationale.to_string(),
            });
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(core: &str, mapping: &str) -> (Crosswalk, Vec<String>) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("csf-2.0.toml"), core).unwrap();
        std::fs::write(dir.path().join("rmm-to-csf.toml"), mapping).unwrap();
        let practices: HashSet<String> = ["IMC:SG1.SP1".to_string()].into();
        let mut errors = Vec::new();
        let crosswalk = load_crosswalk(dir.path(), &practices, &mut errors);
        let errors = errors
            .iter()
            .map(|e| {
                format!(
                    "{}:{} {}",
                    e.file.file_name().unwrap().to_string_lossy(),
                    e.line.unwrap_or(0),
                    e.message
                )
            })
            .collect();
        (crosswalk, errors)
    }

    const CORE: &str = r#"source = "test"
[[function]]
id = "RS"
title = "Respond"
text = "t"
[[category]]
id = "RS.MA"
function = "RS"
title = "Incident Management"
text = "t"
[[subcategory]]
id = "RS.MA-01"
category = "RS.MA"
text = "The incident response plan is executed"
"#;

    #[test]
    fn a_good_crosswalk_loads() {
        let (crosswalk, errors) = load(
            CORE,
            "[[map]]\npractice = \"IMC:SG1.SP1\"\nsubcategory = \"RS.MA-01\"\nrelationship = \"subset\"\nrationale = \"Why.\"\n",
        );
        assert_eq!(errors, Vec::<String>::new());
        assert_eq!(crosswalk.rows.len(), 1);
        assert_eq!(crosswalk.subcategories.len(), 1);
    }

    #[test]
    fn each_mistake_is_named_with_its_file_and_line() {
        let mapping = r#"[[map]]
practice = "IMC:SG9.SP9"
subcategory = "RS.MA-01"
relationship = "subset"
rationale = "Why."
[[map]]
practice = "IMC:SG1.SP1"
subcategory = "XX.YY-01"
relationship = "same"
rationale = " "
[[map]]
practice = "IMC:SG1.SP1"
subcategory = "RS.MA-01"
relationship = "subset"
rationale = "Why."
[[map]]
practice = "IMC:SG1.SP1"
subcategory = "RS.MA-01"
relationship = "intersects"
rationale = "Again."
"#;
        let (crosswalk, errors) = load(CORE, mapping);
        assert_eq!(
            errors,
            vec![
                "rmm-to-csf.toml:2 no practice of the model has the id `IMC:SG9.SP9`",
                "rmm-to-csf.toml:8 `XX.YY-01` is not a CSF 2.0 subcategory of csf-2.0.toml",
                "rmm-to-csf.toml:9 relationship `same` must be equivalent, subset, superset or intersects",
                "rmm-to-csf.toml:10 give a rationale of 1 to 400 characters",
                "rmm-to-csf.toml:17 `IMC:SG1.SP1` is mapped to `RS.MA-01` twice",
            ]
        );
        assert_eq!(crosswalk.rows.len(), 1, "only the good row is kept");
    }

    #[test]
    fn the_core_checks_its_own_ids() {
        let core = format!(
            "{CORE}[[subcategory]]\nid = \"RS.MA-01\"\ncategory = \"RS.AN\"\ntext = \"x\"\n"
        );
        let (_, errors) = load(&core, "");
        assert_eq!(
            errors,
            vec![
                "csf-2.0.toml:16 duplicate CSF id `RS.MA-01`",
                "csf-2.0.toml:17 subcategory `RS.MA-01` cannot be filed under category `RS.AN`",
            ]
        );
    }

    #[test]
    fn no_folder_is_no_crosswalk_and_a_missing_file_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let mut errors = Vec::new();
        let none = load_crosswalk(&dir.path().join("crosswalk"), &HashSet::new(), &mut errors);
        assert!(errors.is_empty() && none.rows.is_empty());
        std::fs::write(dir.path().join("csf-2.0.toml"), CORE).unwrap();
        load_crosswalk(dir.path(), &HashSet::new(), &mut errors);
        assert_eq!(errors.len(), 1);
        assert!(errors[0].file.ends_with("rmm-to-csf.toml"));
    }
}
