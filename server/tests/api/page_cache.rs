//! Course pages for readers who are not signed in come from the page cache: the same bytes and
//! ETag every time, a 304 for a browser that has them, compressed as asked. A signed-in reader
//! is never served a cached page (their header is personal), and an error page is never kept.

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
    let first_body = first.bytes().await.unwrap();

    let second = fetch(&app, LESSON, &[("accept-encoding", "br, gzip")]).await;
    assert_eq!(second.headers()["etag"].to_str().unwrap(), etag);
    assert_eq!(second.bytes().await.unwrap(), first_body, "the same bytes");

    let again = fetch(&app, LESSON, &[("if-none-match", etag.as_str())]).await;
    assert_eq!(again.status().as_u16(), 304);
    assert!(again.bytes().await.unwrap().is_empty());

    let plain = fetch(&app, LESSON, &[("accept-encoding", "identity")]).await;
    assert!(plain.headers().get("content-encoding").is_none());
    assert!(
        plain.text().await.unwrap().contains("<html"),
        "a whole page"
    );
}

#[tokio::test]
async fn a_signed_in_reader_gets_their_own_page_and_errors_are_not_kept() {
    let app = spawn_app().await;
    let reader = app.person("reader", Role::Learner).await;
    fetch(&app, LESSON, &[]).await;
    let mine = app.get_as(LESSON, Some(&reader.cookie)).await;
    assert_eq!(mine.status().as_u16(), 200);
    assert!(mine.headers().get("etag").is_none(), "not from the cache");
    assert!(
        mine.text().await.unwrap().contains("reader display"),
        "their name in the header"
    );
    let anonymous = fetch(&app, LESSON, &[]).await.text().await.unwrap();
    assert!(
        !anonymous.contains("reader display"),
        "nothing personal is kept"
    );

    for _ in 0..2 {
        let missing = fetch(&app, "/modules/no-such-module/lesson", &[]).await;
        assert_eq!(missing.status().as_u16(), 404);
        assert!(missing.headers().get("etag").is_none());
    }
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
