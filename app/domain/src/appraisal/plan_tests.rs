use std::collections::BTreeMap;

use super::*;
use crate::appraisal::case::test_case;

fn form<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
    move |name| {
        pairs
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.to_string())
    }
}

#[test]
fn targets_are_read_for_the_scope_only_and_bounded() {
    let case = test_case(&["X:SG1.SP1"]);
    assert_eq!(
        read_targets(&case, form(&[("target.X", "2"), ("target.Y", "3")])).unwrap(),
        BTreeMap::from([("X".to_string(), 2)])
    );
    assert!(read_targets(&case, form(&[("target.X", "")]))
        .unwrap()
        .is_empty());
    let error = read_targets(&case, form(&[("target.X", "4")])).unwrap_err();
    assert!(error.contains("from 0 to 3"), "{error}");
}

#[test]
fn actions_are_read_in_order_blank_rows_dropped_and_mistakes_named() {
    let known = |id: &str| id.starts_with("X:");
    let rows = [
        ("action.0.target", "X:SG1.SP1"),
        ("action.0.action", "Write the incident policy"),
        ("action.0.owner", "CISO"),
        ("action.0.horizon", "30"),
        ("action.0.rationale", "Nothing is written"),
        ("action.0.evidence", "Signed policy"),
        ("action.1.target", "X:SG1"),
        ("action.1.action", "  "),
        ("action.1.horizon", "60"),
        ("action.2.target", "X:SG1"),
        ("action.2.action", "Review it yearly"),
        ("action.2.horizon", "later"),
    ];
    let actions = read_actions(form(&rows), known).unwrap();
    assert_eq!(actions.len(), 2);
    assert_eq!(actions[0].horizon, Horizon::Days30);
    assert_eq!(actions[1].target, "X:SG1");
    let bad = [
        ("action.0.target", "Z:SG1"),
        ("action.0.action", "x"),
        ("action.0.horizon", "30"),
    ];
    assert!(read_actions(form(&bad), known)
        .unwrap_err()
        .contains("Action 1"));
    let bad = [
        ("action.0.target", "X:SG1"),
        ("action.0.action", "x"),
        ("action.0.horizon", "45"),
    ];
    assert!(read_actions(form(&bad), known)
        .unwrap_err()
        .contains("horizon"));
    let long = "x".repeat(MAX_ACTION_CHARS + 1);
    let bad = [
        ("action.0.target", "X:SG1"),
        ("action.0.action", long.as_str()),
        ("action.0.horizon", "30"),
    ];
    assert!(read_actions(form(&bad), known).unwrap_err().contains("500"));
}

fn plan() -> Plan {
    Plan {
        targets: BTreeMap::from([("IMC".to_string(), 2)]),
        actions: vec![
            Action {
                target: "IMC:SG2.SP1".into(),
                action: "=HYPERLINK(\"http://evil\") | ship, it".into(),
                owner_role: "Incident manager".into(),
                horizon: Horizon::Days60,
                rationale: "Line one\nline two".into(),
                evidence: "Ticket log".into(),
            },
            Action {
                target: "IMC:SG1".into(),
                action: "Name an owner".into(),
                owner_role: "CIO".into(),
                horizon: Horizon::Days30,
                rationale: String::new(),
                evidence: String::new(),
            },
        ],
        roadmap_revision: 0,
    }
}

#[test]
fn the_csv_quotes_cells_and_never_starts_a_formula() {
    let csv = roadmap_csv(&plan());
    let lines: Vec<&str> = csv.split("\r\n").collect();
    assert_eq!(
        lines[0],
        "practice or goal,action,owner role,horizon,rationale,evidence"
    );
    assert!(
        lines[1].starts_with("IMC:SG2.SP1,\"'=HYPERLINK(\"\"http://evil\"\") | ship, it\""),
        "{csv}"
    );
    assert!(csv.contains("\"Line one\nline two\""));
}

#[test]
fn the_markdown_groups_by_horizon_and_escapes_table_cells() {
    let md = roadmap_markdown("Plan of Ada", &plan());
    assert!(md.starts_with("# Plan of Ada\n\n## Targets\n\n- IMC: capability level 2\n"));
    let days30 = md.find("## Within 30 days").unwrap();
    let days60 = md.find("## Within 60 days").unwrap();
    assert!(days30 < days60);
    assert!(md.contains("\\| ship, it"), "{md}");
    assert!(md.contains("Line one line two"));
}

#[test]
fn snapshots_compare_practices_levels_and_agreement() {
    let case = test_case(&["X:SG1.SP1", "X:SG1.SP2", "X:SG1.SP3"]);
    let snap = |ratings: &[(&str, Rating)]| Snapshot {
        id: 0,
        name: "s".into(),
        taken_at: String::new(),
        ratings: ratings.iter().map(|(k, r)| (k.to_string(), *r)).collect(),
        marks: vec![],
    };
    let before = snap(&[("X:SG1.SP1", Rating::FI), ("X:SG1.SP2", Rating::PI)]);
    let after = snap(&[
        ("X:SG1.SP1", Rating::FI),
        ("X:SG1.SP2", Rating::LI),
        ("X:SG1.SP3", Rating::FI),
    ]);
    let diff = compare_snapshots(&case, &before, &after);
    assert_eq!(
        diff.changed,
        vec![
            ("X:SG1.SP2".to_string(), Some(Rating::PI), Some(Rating::LI)),
            ("X:SG1.SP3".to_string(), None, Some(Rating::FI)),
        ]
    );
    assert_eq!(diff.levels, vec![("X".to_string(), 0, 1)]);
    assert_eq!(diff.rated_in_both, 2);
    let same = compare_snapshots(&case, &after, &after);
    assert!(same.changed.is_empty());
    assert_eq!(same.kappa, Some(1.0));
}

#[test]
fn snapshot_names_are_one_short_line() {
    assert_eq!(snapshot_name("  day 2 morning ").unwrap(), "day 2 morning");
    assert!(snapshot_name("").is_err());
    assert!(snapshot_name("a\nb").is_err());
    assert!(snapshot_name(&"x".repeat(81)).is_err());
}

#[test]
fn a_roadmap_saved_from_a_stale_page_is_refused_and_the_newer_one_kept() {
    let mut saved = plan();
    let newer = saved.actions.clone();
    // Two pages loaded at revision 0: the first save wins and counts.
    assert_eq!(replace_roadmap(&mut saved, newer.clone(), Some(0)), Ok(1));
    let stale = replace_roadmap(&mut saved, Vec::new(), Some(0)).unwrap_err();
    assert!(stale.contains("changed elsewhere"), "{stale}");
    assert_eq!(saved.actions, newer, "the newer roadmap is kept");
    assert_eq!(saved.roadmap_revision, 1);
    // The page that saved goes on from the revision it was given.
    assert_eq!(replace_roadmap(&mut saved, Vec::new(), Some(1)), Ok(2));
    assert!(saved.actions.is_empty());
    // A form with no revision (a script) is not checked, but still counted.
    assert_eq!(replace_roadmap(&mut saved, newer, None), Ok(3));
}
