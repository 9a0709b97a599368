//! Course pages come from the page cache: for readers not signed in, the same bytes and ETag
//! every time, a 304 for a browser that has them, compressed as asked; for signed-in readers,
//! the same page with their own account menu (and, on the home page, progress panel) spliced in. An error page is never kept, and
//! nothing personal ever reaches another reader.

use std::io::Read;

use app::people::Role;

use crate::helpers::spawn_app;

const LESSON: &str = "/modules/welcome/lesson";

async fn fetch(
    app: &crate::helpers::TestApp,
    path: &str,
    headers: &[(&str, &str)],
) -> reqwest::Response {
    let mut request = app.client.get(format!("{}{path}", app.address));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    request.send().await.unwrap()
}

#[tokio::test]
async fn an_anonymous_course_page_is_rendered_once_and_revalidated_with_its_etag() {
    let app = spawn_app().await;
    let first = fetch(&app, LESSON, &[("accept-encoding", "br, gzip")]).await;
    assert_eq!(first.status().as_u16(), 200);
    assert_eq!(first.headers()["content-encoding"], "br");
    assert_eq!(first.headers()["cache-control"], "no-cache");
    let etag = first.headers()["etag"].to_str().unwrap().to_string();
    let policy = first.headers()["content-security-policy"].clone();
    let first_body = first.bytes().await.unwrap();

    let second = fetch(&app, LESSON, &[("accept-encoding", "br, gzip")]).await;
    assert_eq!(second.headers()["etag"].to_str().unwrap(), etag);
    assert_eq!(second.bytes().await.unwrap(), first_body, "the same bytes");

    let again = fetch(&app, LESSON, &[("if-none-match", etag.as_str())]).await;
    assert_eq!(again.status().as_u16(), 304);
    // The browser takes the 304's headers for the page it kept: the page's own policy, never the
    // fallback that blocks every script and stylesheet.
    assert_eq!(again.headers()["content-security-policy"], policy);
    assert!(again.bytes().await.unwrap().is_empty());

    let plain = fetch(&app, LESSON, &[("accept-encoding", "identity")]).await;
    assert!(plain.headers().get("content-encoding").is_none());
    assert!(
        plain.text().await.unwrap().contains("<html"),
        "a whole page"
    );
}

fn gunzip(bytes: &[u8]) -> String {
    let mut text = String::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_string(&mut text)
        .expect("a valid gzip body");
    text
}

#[tokio::test]
async fn a_signed_in_reader_gets_the_kept_page_with_their_own_menu_and_errors_are_not_kept() {
    let app = spawn_app().await;
    let ana = app.person("ana", Role::Learner).await;
    let ben = app.person("ben", Role::Instructor).await;
    let anonymous = fetch(&app, LESSON, &[]).await.text().await.unwrap();

    let mine = fetch(
        &app,
        LESSON,
        &[
            ("cookie", ana.cookie.as_str()),
            ("accept-encoding", "br, gzip"),
        ],
    )
    .await;
    assert_eq!(mine.status().as_u16(), 200);
    assert_eq!(mine.headers()["content-encoding"], "gzip", "spliced gzip");
    assert_eq!(mine.headers()["cache-control"], "private, no-cache");
    let etag = mine.headers()["etag"].to_str().unwrap().to_string();
    let page = gunzip(&mine.bytes().await.unwrap());
    assert!(page.contains("ana display · My classes"), "their name");
    assert!(page.contains(r#"action="/sign-out""#));
    assert!(!page.contains("ben display"));
    // The page around the menu is the one everyone gets.
    let lesson_body = |html: &str| html[html.find("<main").unwrap()..].to_string();
    assert_eq!(lesson_body(&page), lesson_body(&anonymous));

    let again = fetch(
        &app,
        LESSON,
        &[
            ("cookie", ana.cookie.as_str()),
            ("if-none-match", etag.as_str()),
        ],
    )
    .await;
    assert_eq!(again.status().as_u16(), 304, "their page revalidates");
    let policy = again.headers()["content-security-policy"].to_str().unwrap();
    assert!(policy.contains("script-src 'self' 'sha256-"), "{policy}");
    let bens = fetch(
        &app,
        LESSON,
        &[
            ("cookie", ben.cookie.as_str()),
            ("if-none-match", etag.as_str()),
        ],
    )
    .await;
    assert_eq!(
        bens.status().as_u16(),
        200,
        "another reader's ETag is not theirs"
    );
    let bens = bens.text().await.unwrap();
    assert!(bens.contains("ben display · My classes") && !bens.contains("ana display"));

    let anonymous_again = fetch(&app, LESSON, &[]).await.text().await.unwrap();
    assert!(
        !anonymous_again.contains("display · My classes"),
        "nothing personal is kept"
    );
    assert!(anonymous_again.contains(r#"<a href="/sign-in">Sign in</a>"#));

    // Once signed out (through this server), the same cookie gets the signed-out menu at once.
    app.post_form("/sign-out", Some(&ana.cookie), &[]).await;
    let after = app
        .get_as(LESSON, Some(&ana.cookie))
        .await
        .text()
        .await
        .unwrap();
    assert!(!after.contains("ana display") && after.contains(">Sign in</a>"));

    for _ in 0..2 {
        let missing = fetch(
            &app,
            "/modules/no-such-module/lesson",
            &[("cookie", ben.cookie.as_str())],
        )
        .await;
        assert_eq!(missing.status().as_u16(), 404);
        assert!(missing.headers().get("etag").is_none());
        assert!(
            missing.text().await.unwrap().contains("ben display"),
            "the reader's menu on an error page"
        );
    }
}

#[tokio::test]
async fn a_hostile_display_name_is_text_in_every_page_that_shows_it() {
    let app = spawn_app().await;
    let name = "<img src=x onerror=alert(1)>\"'&";
    let password = crate::helpers::password_of("hostile");
    app.accounts
        .create_account("hostile", name, &password, Role::Learner)
        .await
        .unwrap();
    let cookie = app.sign_in("hostile", &password).await.unwrap();
    // A kept page (spliced) and a page rendered per request (filled) escape it the same way.
    for path in [LESSON, "/classes", "/"] {
        let page = app.get_as(path, Some(&cookie)).await.text().await.unwrap();
        assert!(!page.contains("<img src=x"), "{path}");
        assert!(
            page.contains("&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&amp; · My classes"),
            "{path}"
        );
    }
}

#[tokio::test]
async fn the_home_page_is_kept_and_each_reader_gets_their_own_progress_in_it() {
    let app = spawn_app().await;
    let ana = app.person("ana", Role::Learner).await;
    let ben = app.person("ben", Role::Learner).await;
    let anonymous = fetch(&app, "/", &[]).await.text().await.unwrap();
    assert!(!anonymous.contains("Your progress") && !anonymous.contains("rmm:progress"));

    // Ana has read the first lesson; Ben nothing yet.
    let recorded = app
        .post_form(
            "/api/record_progress",
            Some(&ana.cookie),
            &[
                ("kind", "lesson"),
                ("module_id", "welcome"),
                ("position", "0"),
            ],
        )
        .await;
    assert_eq!(recorded.status().as_u16(), 200);
    let home_of = |cookie: String| {
        let app = &app;
        async move {
            let response = fetch(
                app,
                "/",
                &[("cookie", cookie.as_str()), ("accept-encoding", "gzip")],
            )
            .await;
            assert_eq!(response.headers()["content-encoding"], "gzip", "spliced");
            assert_eq!(response.headers()["cache-control"], "private, no-cache");
            gunzip(&response.bytes().await.unwrap())
        }
    };
    let anas = home_of(ana.cookie.clone()).await;
    assert!(anas.contains("Your progress") && anas.contains("ana display"));
    assert!(
        anas.contains("Continue where you left off"),
        "her resume link"
    );
    assert!(anas.contains("lesson read · 0 of"), "her first module");
    let bens = home_of(ben.cookie.clone()).await;
    assert!(bens.contains("Your progress") && bens.contains("ben display"));
    assert!(!bens.contains("ana display") && !bens.contains("lesson read"));
    // Around the two slots, the page is the one everyone gets.
    let outcomes = |html: &str| html[html.find("Learning outcomes").unwrap()..].to_string();
    assert_eq!(outcomes(&anas), outcomes(&anonymous));

    // Progress recorded through this server shows on the reader's next visit at once.
    app.post_form(
        "/api/record_progress",
        Some(&ben.cookie),
        &[
            ("kind", "deck"),
            ("module_id", "welcome"),
            ("position", "2"),
        ],
    )
    .await;
    let bens = home_of(ben.cookie.clone()).await;
    assert!(
        bens.contains(r#"<span class="progress-detail">2 of "#),
        "{bens}"
    );
    assert!(bens.contains("Continue where you left off"));
}

#[tokio::test]
async fn the_favicon_address_leads_to_the_icon() {
    let app = spawn_app().await;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let response = client
        .get(format!("{}/favicon.ico", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 308);
    assert_eq!(response.headers()["location"], "/favicon.svg");
    let page = fetch(&app, "/", &[]).await.text().await.unwrap();
    assert!(page.contains("rel=\"icon\""), "pages name their icon");
}
