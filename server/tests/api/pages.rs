use crate::helpers::spawn_app;

#[tokio::test]
async fn home_page_is_server_rendered_with_title_and_both_days() {
    let app = spawn_app().await;
    let (status, html) = app.get_text("/").await;
    assert_eq!(status, 200);
    assert!(html.contains("Introduction to the CERT Resilience Management Model (CERT-RMM) v1.2"));
    assert!(html.contains("Day 1:") && html.contains("Day 2:"));
    assert!(html.contains("08:30") && html.contains("16:30"));
    assert!(html.contains("not affiliated with or endorsed by"));
}

#[tokio::test]
async fn process_area_pages_answer_in_any_case() {
    let app = spawn_app().await;
    for path in ["/model/imc", "/model/IMC", "/model/Imc"] {
        let (status, html) = app.get_text(path).await;
        assert_eq!(status, 200, "{path}");
        assert!(html.contains("Incident Management and Control"), "{path}");
        assert!(
            html.contains("Detect and Report Events"),
            "{path}: goals and practices shown"
        );
    }
}

#[tokio::test]
async fn every_process_area_and_module_page_renders() {
    let app = spawn_app().await;
    let (_, model) = app.get_text("/model").await;
    let abbreviations: Vec<String> = app_course_abbreviations();
    assert_eq!(abbreviations.len(), 26);
    for abbr in &abbreviations {
        assert!(
            model.contains(&format!("/model/{abbr}")),
            "/model links {abbr}"
        );
        let (status, _) = app
            .get_text(&format!("/model/{}", abbr.to_lowercase()))
            .await;
        assert_eq!(status, 200, "/model/{abbr}");
    }
}

fn app_course_abbreviations() -> Vec<String> {
    let course = app::content::load(&crate::helpers::shipped_content()).unwrap();
    course.process_areas.keys().cloned().collect()
}

#[tokio::test]
async fn module_lesson_slides_presenter_and_handout_render() {
    let app = spawn_app().await;
    for (path, expected) in [
        ("/modules/welcome", "Objectives"),
        ("/modules/welcome/lesson", "On this page"),
        ("/modules/welcome/slides/1", "Slide 1 of"),
        ("/modules/welcome/slides/2", "Slide 2 of"),
        ("/modules/welcome/presenter/1", "Speaker notes"),
        ("/modules/welcome/handout", "Speaker notes"),
        ("/glossary", "Glossary"),
        ("/about", "not affiliated with"),
    ] {
        let (status, html) = app.get_text(path).await;
        assert_eq!(status, 200, "{path}");
        assert!(html.contains(expected), "{path} should contain {expected}");
    }
}

#[tokio::test]
async fn unknown_things_are_404_with_a_page() {
    let app = spawn_app().await;
    for path in [
        "/nothing-here",
        "/modules/nope",
        "/modules/welcome/slides/999",
        "/modules/welcome/slides/abc",
        "/model/XYZ",
    ] {
        let (status, html) = app.get_text(path).await;
        assert_eq!(status, 404, "{path}");
        assert!(html.contains("Page not found"), "{path}");
    }
}

#[tokio::test]
async fn pages_carry_security_headers_and_a_nonce_csp() {
    let app = spawn_app().await;
    let response = app.get("/modules/welcome/lesson").await;
    let headers = response.headers().clone();
    let csp = headers["content-security-policy"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(csp.contains("script-src 'self' 'sha256-"), "{csp}");
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(
        headers["referrer-policy"],
        "strict-origin-when-cross-origin"
    );
    // A page rendered per request (a signed-in reader's class list) carries a fresh nonce, the one on the
    // page's inline scripts, different from the next response's.
    let reader = app.person("csp", app::people::Role::Learner).await;
    let nonce_of = |csp: &str| {
        csp.split("'nonce-")
            .nth(1)
            .map(|rest| rest.split('\'').next().unwrap().to_string())
    };
    let mine = app.get_as("/classes", Some(&reader.cookie)).await;
    let mine_csp = mine.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_string();
    let nonce = nonce_of(&mine_csp).expect("a nonce for a rendered page");
    let html = mine.text().await.unwrap();
    assert!(
        html.contains(&format!("nonce=\"{nonce}\"")),
        "inline scripts carry the header's nonce"
    );
    let again = app.get_as("/classes", Some(&reader.cookie)).await;
    assert_ne!(
        nonce_of(again.headers()["content-security-policy"].to_str().unwrap()),
        Some(nonce)
    );
    // The anonymous page comes from the cache: the same for everyone, so its policy names its
    // inline scripts by hash instead of a nonce that every reader would share.
    assert!(nonce_of(&csp).is_none(), "{csp}");
    assert!(csp.contains("'sha256-"), "{csp}");
    // Non-page responses get the strict fallback policy.
    let health = app.get("/healthz").await;
    assert!(health.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .starts_with("default-src 'none'"));
}

#[tokio::test]
async fn responses_are_compressed_when_the_client_accepts_it() {
    let app = spawn_app().await;
    let response = app
        .client
        .get(format!("{}/modules/welcome/lesson", app.address))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["content-encoding"], "gzip");
}
