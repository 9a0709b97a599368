use crate::helpers::spawn_app;

#[tokio::test]
async fn healthz_reports_the_database_in_use_and_the_content_counts() {
    let app = spawn_app().await;
    let response = app.get("/healthz").await;
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.headers()["content-type"], "application/json");
    let health: serde_json::Value = serde_json::from_str(&response.text().await.unwrap()).unwrap();
    assert_eq!(health["status"], "ok");
    let expected = if std::env::var(crate::helpers::POSTGRES_VARIABLE).is_ok() {
        "postgres"
    } else {
        "sqlite"
    };
    assert_eq!(health["database"], expected);
    let content = &health["content"];
    assert_eq!(content["process_areas"], 26);
    assert!(content["modules"].as_u64().unwrap() >= 1);
    assert!(content["slides"].as_u64().unwrap() >= 10);
    assert_eq!(content["slides"], content["slides_with_notes"]);
    // The shipped course: at least 12 class exercises, and an appraisal case file of at least 30
    // evidence items over at least 50 practices.
    assert!(content["exercises"].as_u64().unwrap() >= 12, "{content}");
    assert!(
        content["evidence_items"].as_u64().unwrap() >= 30,
        "{content}"
    );
    assert!(
        content["appraisal_practices"].as_u64().unwrap() >= 50,
        "{content}"
    );
    // The end-of-course knowledge check: at least 25 items (three or more per outcome).
    assert!(
        content["knowledge_check_items"].as_u64().unwrap() >= 25,
        "{content}"
    );
    // A quick check in every module's deck, for the live session.
    assert!(content["quick_checks"].as_u64().unwrap() >= content["modules"].as_u64().unwrap());
    assert_eq!(
        content["modules_with_quick_checks"], content["modules"],
        "{content}"
    );
    for key in [
        "lessons",
        "exercises",
        "glossary_terms",
        "evidence_items",
        "appraisal_practices",
    ] {
        assert!(content[key].is_u64(), "{key} is missing from {content}");
    }
}
