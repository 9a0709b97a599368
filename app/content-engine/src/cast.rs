//! The cast list (`content/cast.toml`): the people of each fictional organization the course
//! uses. A first name or surname belongs to one organization only, so that a learner who meets
//! "Dana" in an exercise never wonders whether she is the Dana of the case file.

use std::collections::HashMap;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::error::ContentError;
use super::files::SourceFile;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CastFile {
    organizations: Vec<OrganizationEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct OrganizationEntry {
    name: Spanned<String>,
    people: Vec<Spanned<String>>,
}

/// The cast by organization, in file order; empty when the course has no cast list.
pub type Cast = Vec<(String, Vec<String>)>;

/// Loads `cast.toml` if the course has one, and checks that no organization is listed twice and
/// that no first name or surname is shared by people of two organizations.
pub fn load_cast(dir: &Path, errors: &mut Vec<ContentError>) -> Cast {
    let path = dir.join("cast.toml");
    if !path.exists() {
        return Cast::new();
    }
    let Ok(file) = SourceFile::read(&path).map_err(|e| errors.push(e)) else {
        return Cast::new();
    };
    let Ok(cast) = file.parse_toml::<CastFile>().map_err(|e| errors.push(e)) else {
        return Cast::new();
    };
    check_cast(&file, &cast, errors);
    cast.organizations
        .iter()
        .map(|o| {
            let people = o.people.iter().map(|p| p.get_ref().clone()).collect();
            (o.name.get_ref().clone(), people)
        })
        .collect()
}

fn check_cast(file: &SourceFile, cast: &CastFile, errors: &mut Vec<ContentError>) {
    // Each name part, with the organization and person it was first seen with.
    let mut owners: HashMap<String, (&str, &str)> = HashMap::new();
    let mut organizations = HashMap::new();
    for organization in &cast.organizations {
        let name = organization.name.get_ref().as_str();
        if organizations.insert(name, ()).is_some() {
            errors.push(file.error_at(&organization.name, format!("`{name}` is listed twice")));
        }
        for person in &organization.people {
            let full = person.get_ref().as_str();
            let parts: Vec<&str> = full.split_whitespace().collect();
            let (Some(first), Some(last)) = (parts.first(), parts.last()) else {
                errors.push(file.error_at(person, "a person needs a name"));
                continue;
            };
            let mut checked = vec![*first];
            if last != first {
                checked.push(*last);
            }
            for part in checked {
                let owner = owners.entry(part.to_string()).or_insert((name, full));
                if owner.0 != name {
                    errors.push(file.error_at(
                        person,
                        format!(
                            "`{part}` in `{full}` ({name}) is already used by `{}` ({}): give \
                             each organization its own names",
                            owner.1, owner.0
                        ),
                    ));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors_for(text: &str) -> Vec<ContentError> {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("cast.toml"), text).unwrap();
        let mut errors = Vec::new();
        load_cast(dir.path(), &mut errors);
        errors
    }

    #[test]
    fn a_name_shared_by_two_organizations_is_an_error_at_the_second() {
        let errors = errors_for(
            "[[organizations]]\nname = \"Northvale\"\npeople = [\"Dana Whitfield\", \"Priya Natarajan\"]\n\n[[organizations]]\nname = \"Northgate\"\npeople = [\n  \"Ola Berg\",\n  \"Dana Okoro\",\n]\n",
        );
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].line, Some(9));
        assert!(errors[0]
            .message
            .contains("`Dana` in `Dana Okoro` (Northgate)"));
        assert!(errors[0].message.contains("`Dana Whitfield` (Northvale)"));
    }

    #[test]
    fn names_unique_per_organization_load() {
        let errors = errors_for(
            "[[organizations]]\nname = \"A\"\npeople = [\"Dana Whitfield\", \"Dana Ross\"]\n\n[[organizations]]\nname = \"B\"\npeople = [\"Ola Berg\"]\n",
        );
        assert!(errors.is_empty(), "{errors:?}");
    }
}
