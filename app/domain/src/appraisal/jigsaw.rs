//! The appraisal jigsaw: each team rates a share of the case's scope (one process area, say),
//! then the class puts the shares together in the debrief. Pure rules: narrowing the case to a
//! share, reading a share from a form, and dealing the scope round the teams.

use std::borrow::Cow;

use super::case::CaseFile;

impl CaseFile {
    /// The case narrowed to `areas` (a team's share): only their practices are rated and
    /// evaluated. The evidence stays whole, since a team may find what it needs anywhere. Empty
    /// `areas` is the whole case, borrowed: nothing is copied on the common path.
    pub fn narrowed_to(&self, areas: &[String]) -> Cow<'_, CaseFile> {
        if areas.is_empty() {
            return Cow::Borrowed(self);
        }
        let kept = |area: &String| areas.contains(area);
        Cow::Owned(CaseFile {
            scope: self.scope.iter().filter(|a| kept(a)).cloned().collect(),
            targets: self
                .targets
                .iter()
                .filter(|(a, _)| kept(a))
                .map(|(a, l)| (a.clone(), *l))
                .collect(),
            generic_scope: self
                .generic_scope
                .iter()
                .filter(|a| kept(a))
                .cloned()
                .collect(),
            practices: self
                .practices
                .iter()
                .filter(|p| kept(&p.process_area))
                .cloned()
                .collect(),
            evidence: self.evidence.clone(),
            overview_html: self.overview_html.clone(),
            instructions_html: self.instructions_html.clone(),
            organization: self.organization.clone(),
            title: self.title.clone(),
            appraisal_date: self.appraisal_date.clone(),
        })
    }
}

/// Reads a team's share from the form's chosen areas: each must be in the case's scope; all of
/// them (or none) is the whole scope, stored as empty. Answers the share in scope order.
pub fn share_from_form(case: &CaseFile, chosen: &[String]) -> Result<Vec<String>, String> {
    for area in chosen {
        if !case.scope.contains(area) {
            let shown: String = area.chars().take(12).collect();
            return Err(format!(
                "{shown} is not a process area of this case; choose from {}.",
                case.scope.join(", ")
            ));
        }
    }
    let share: Vec<String> = case
        .scope
        .iter()
        .filter(|area| chosen.contains(area))
        .cloned()
        .collect();
    Ok(if share.len() == case.scope.len() {
        Vec::new()
    } else {
        share
    })
}

/// Deals the scope's process areas round `teams` teams, one each in turn: with more teams than
/// areas, two teams take the same area (and compare in the debrief); with fewer, a team takes
/// more than one.
pub fn deal_areas(scope: &[String], teams: usize) -> Vec<Vec<String>> {
    if scope.is_empty() {
        return vec![Vec::new(); teams];
    }
    let mut shares = vec![Vec::new(); teams];
    if teams == 0 {
        return shares;
    }
    let rounds = teams.max(scope.len());
    for index in 0..rounds {
        let share: &mut Vec<String> = &mut shares[index % teams];
        let area = &scope[index % scope.len()];
        if !share.contains(area) {
            share.push(area.clone());
        }
    }
    shares
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::appraisal::case::ScopedPractice;

    fn areas(list: &[&str]) -> Vec<String> {
        list.iter().map(|a| a.to_string()).collect()
    }

    fn case() -> CaseFile {
        let practice = |area: &str, goal: &str| ScopedPractice {
            id: format!("{area}:{goal}.SP1"),
            process_area: area.into(),
            goal: format!("{area}:{goal}"),
            title: "Do it".into(),
        };
        CaseFile {
            organization: "Org".into(),
            title: "Case".into(),
            appraisal_date: "2026-05-01".into(),
            scope: areas(&["IMC", "VAR", "SC", "RISK"]),
            generic_scope: areas(&["IMC"]),
            targets: Default::default(),
            overview_html: String::new(),
            instructions_html: String::new(),
            evidence: Vec::new(),
            practices: vec![
                practice("IMC", "SG1"),
                practice("IMC", "GG2"),
                practice("VAR", "SG1"),
                practice("SC", "SG1"),
                practice("RISK", "SG1"),
            ],
        }
    }

    #[test]
    fn narrowing_keeps_only_the_share_and_empty_keeps_everything() {
        let case = case();
        let var = case.narrowed_to(&areas(&["VAR"]));
        assert_eq!(var.scope, areas(&["VAR"]));
        assert!(var.generic_scope.is_empty());
        assert_eq!(var.practices.len(), 1);
        assert_eq!(var.practices[0].process_area, "VAR");
        let imc = case.narrowed_to(&areas(&["IMC"]));
        assert_eq!(imc.practices.len(), 2);
        assert_eq!(*case.narrowed_to(&[]), case);
        assert!(matches!(case.narrowed_to(&[]), Cow::Borrowed(_)));
    }

    #[test]
    fn a_share_from_the_form_is_in_scope_order_and_all_means_whole() {
        let case = case();
        assert_eq!(
            share_from_form(&case, &areas(&["RISK", "IMC"])),
            Ok(areas(&["IMC", "RISK"]))
        );
        assert_eq!(
            share_from_form(&case, &areas(&["SC", "RISK", "VAR", "IMC"])),
            Ok(vec![])
        );
        assert_eq!(share_from_form(&case, &[]), Ok(vec![]));
        let refused = share_from_form(&case, &areas(&["<script>alert(1)</script>"])).unwrap_err();
        assert!(refused.starts_with("<script>aler is not"), "{refused}");
    }

    #[test]
    fn dealing_gives_every_area_to_a_team_and_every_team_an_area() {
        let scope = areas(&["IMC", "VAR", "SC", "RISK"]);
        assert_eq!(
            deal_areas(&scope, 4),
            vec![
                areas(&["IMC"]),
                areas(&["VAR"]),
                areas(&["SC"]),
                areas(&["RISK"])
            ]
        );
        let six = deal_areas(&scope, 6);
        assert_eq!(six[4], areas(&["IMC"]));
        assert_eq!(six[5], areas(&["VAR"]));
        assert_eq!(
            deal_areas(&scope, 3),
            vec![areas(&["IMC", "RISK"]), areas(&["VAR"]), areas(&["SC"])]
        );
        for teams in 1..10 {
            let shares = deal_areas(&scope, teams);
            assert_eq!(shares.len(), teams);
            assert!(shares.iter().all(|s| !s.is_empty()));
            assert!(scope.iter().all(|a| shares.iter().any(|s| s.contains(a))));
        }
        assert!(deal_areas(&scope, 0).is_empty());
    }
}
