use crate::helpers::spawn_app;

#[tokio::test]
async fn healthz_reports_sqlite_and_the_content_counts() {
    let app = spawn_app().await;
    let response = app.get("/healthz").await;
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.headers()["content-type"], "application/json");
    let health: serde_json::Value = serde_json::from_str(&response.text().await.unwrap()).unwrap();
    assert_eq!(health["status"], "ok");
    assert_eq!(health["database"], "sqlite");
    let content = &health["content"];
    assert_eq!(content["process_areas"], 26);
    assert!(content["modules"].as_u64().unwrap() >= 1);
    assert!(content["slides"].as_u64().unwrap() >= 10);
    assert_eq!(content["slides"], content["slides_with_notes"]);
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
