//! The crosswalk browser (issue 17): both directions, the search and the process-area filter,
//! escaping of what is typed, the links to it from the model and the glossary, and its counts
//! in `/healthz`.

use crate::helpers::spawn_app;

#[tokio::test]
async fn the_crosswalk_reads_both_ways_and_narrows_by_search_and_area() {
    let app = spawn_app().await;
    let (status, page) = app.get_text("/crosswalk").await;
    assert_eq!(status, 200);
    assert!(page.contains("IMC:SG1.SP1"), "practices listed");
    assert!(
        page.contains("not an official crosswalk"),
        "provenance said"
    );
    assert!(page.contains("National Online Informative References"));

    let (_, by_csf) = app.get_text("/crosswalk?by=csf").await;
    for category in ["GV.OC", "ID.AM", "PR.AA", "DE.CM", "RS.MA", "RC.RP"] {
        assert!(by_csf.contains(category), "{category} in the CSF direction");
    }

    let (_, imc) = app.get_text("/crosswalk?area=imc").await;
    assert!(imc.contains("IMC:SG1.SP1"));
    assert!(!imc.contains("VAR:SG1.SP1"), "narrowed to IMC");

    let (_, nothing) = app.get_text("/crosswalk?q=zzzyyyxxx").await;
    assert!(nothing.contains("Nothing matched"));
    let (status, hostile) = app
        .get_text("/crosswalk?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E&area=%27%3B--")
        .await;
    assert_eq!(status, 200);
    assert!(
        !hostile.contains("<script>alert(1)"),
        "the search is escaped"
    );
}

#[tokio::test]
async fn the_model_and_the_glossary_link_to_it_and_healthz_counts_it() {
    let app = spawn_app().await;
    let (_, area) = app.get_text("/model/IMC").await;
    assert!(
        area.contains("href=\"/crosswalk?area=IMC\""),
        "process area page links"
    );
    let (_, glossary) = app.get_text("/glossary").await;
    assert!(
        glossary.contains("href=\"/crosswalk\""),
        "the glossary's crosswalk term links"
    );
    let (_, health) = app.get_text("/healthz").await;
    let health: serde_json::Value = serde_json::from_str(&health).unwrap();
    assert_eq!(health["content"]["csf_subcategories"], 106);
    assert!(health["content"]["crosswalk_rows"].as_u64().unwrap() >= 150);
}
