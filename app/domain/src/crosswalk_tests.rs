use super::*;

fn crosswalk() -> Crosswalk {
    let category = |id: &str| CsfCategory {
        id: id.into(),
        function: function_of(id).into(),
        title: format!("title {id}"),
        text: String::new(),
    };
    let subcategory = |id: &str, text: &str| CsfSubcategory {
        id: id.into(),
        category: category_of(id).into(),
        text: text.into(),
    };
    let row = |practice: &str, sub: &str, relationship| MappingRow {
        practice: practice.into(),
        subcategory: sub.into(),
        relationship,
        rationale: format!("{practice} meets {sub}"),
    };
    Crosswalk {
        csf_source: "test".into(),
        functions: vec![],
        categories: vec![category("RS.MA"), category("RS.AN"), category("GV.OC")],
        subcategories: vec![
            subcategory("RS.MA-01", "The incident response plan is executed"),
            subcategory("RS.MA-02", "Incident reports are triaged and validated"),
            subcategory(
                "RS.AN-03",
                "Analysis is performed to establish what has taken place",
            ),
        ],
        rows: vec![
            row("IMC:SG1.SP1", "RS.MA-01", Relationship::Intersects),
            row("IMC:SG2.SP1", "RS.MA-02", Relationship::Subset),
            row("IMC:SG2.SP1", "RS.MA-01", Relationship::Subset),
            row("IMC:SG3.SP1", "RS.AN-03", Relationship::Superset),
        ],
    }
}

#[test]
fn ids_split_into_their_parts() {
    assert_eq!(category_of("GV.OC-01"), "GV.OC");
    assert_eq!(function_of("GV.OC-01"), "GV");
    assert_eq!(function_of("GV.OC"), "GV");
    assert_eq!(area_of("IMC:SG1.SP1"), "IMC");
}

#[test]
fn look_ups_go_both_ways() {
    let c = crosswalk();
    assert_eq!(c.rows_of_practice("IMC:SG2.SP1").count(), 2);
    assert_eq!(c.rows_of_subcategory("RS.MA-01").count(), 2);
    assert_eq!(c.rows_of_area("IMC").count(), 4);
    assert_eq!(
        c.unmapped(["IMC:SG1.SP1", "IMC:SG4.SP1"]),
        vec!["IMC:SG4.SP1"]
    );
    assert_eq!(c.unreached_categories(), vec!["GV.OC"]);
}

#[test]
fn search_needs_every_word_and_reads_titles_and_texts() {
    let c = crosswalk();
    let titles: HashMap<String, String> =
        [("IMC:SG3.SP1".to_string(), "Analyze incidents".to_string())].into();
    let ids = |q: &str| -> Vec<(String, String)> {
        c.search(q, &titles)
            .into_iter()
            .map(|r| (r.practice.clone(), r.subcategory.clone()))
            .collect()
    };
    assert_eq!(
        ids("analyze"),
        vec![("IMC:SG3.SP1".into(), "RS.AN-03".into())]
    );
    assert_eq!(
        ids("TRIAGED imc"),
        vec![("IMC:SG2.SP1".into(), "RS.MA-02".into())]
    );
    assert!(ids("triaged nothing-like-this").is_empty());
    assert!(ids("   ").is_empty());
}

#[test]
fn the_projection_counts_each_practice_once_per_category_and_function() {
    let c = crosswalk();
    let ratings: HashMap<String, Rating> = [
        ("IMC:SG1.SP1".to_string(), Rating::FI),
        ("IMC:SG2.SP1".to_string(), Rating::PI),
    ]
    .into();
    let projected = project(&c, &ratings);
    // RS.MA: SG1.SP1 (3) and SG2.SP1 (1, counted once though it reaches two subcategories).
    assert_eq!(projected["RS.MA"].mean, Some(2.0));
    assert_eq!(
        (projected["RS.MA"].rated, projected["RS.MA"].mapped),
        (2, 2)
    );
    // RS.AN: its one practice unrated.
    assert_eq!(projected["RS.AN"].mean, None);
    // RS as a whole: three practices, two rated.
    assert_eq!((projected["RS"].rated, projected["RS"].mapped), (2, 3));
    assert!(!projected.contains_key("GV.OC"));
}

#[test]
fn relationships_read_back_from_their_names() {
    for r in Relationship::ALL {
        assert_eq!(Relationship::parse(r.as_str()), Some(r));
    }
    assert_eq!(Relationship::parse("same"), None);
}
