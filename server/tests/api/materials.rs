//! `GET /materials`: the course materials zip. Sign in first (401); an account in no class is
//! refused (403); a learner of a class, an instructor and an administrator download one zip that
//! unpacks into a folder of pages. Whether those pages open offline in Chromium is the end-to-end
//! test's part (end2end/tests/materials.spec.ts).

use std::io::{Cursor, Read};

use app::people::{ClassMode, Role};

use crate::helpers::{spawn_app, Session, TestApp};

/// The files the zip holds, all in its one folder.
const FILES: [&str; 7] = [
    "README.txt",
    "index.html",
    "notebook.html",
    "handouts.html",
    "exercises.html",
    "glossary.html",
    "model-reference.html",
];

/// A learner who joined a self-paced class.
async fn learner_in_a_class(app: &TestApp) -> Session {
    let instructor = app.person("teach", Role::Instructor).await;
    let storage = &app.accounts.storage;
    storage
        .create_class(server::storage::NewClass {
            name: "Materials",
            starts_on: "2026-12-01",
            ends_on: "2026-12-02",
            mode: ClassMode::SelfPaced,
            join_code: "MATS2345",
            instructor_id: instructor.user.id,
        })
        .await
        .unwrap()
        .unwrap();
    let learner = app.person("ana", Role::Learner).await;
    storage
        .join_by_code("MATS2345", learner.user.id)
        .await
        .unwrap();
    learner
}

/// The zip's bytes as `who` downloads them.
async fn download(app: &TestApp, who: &Session) -> Vec<u8> {
    let response = app.get_as("/materials", Some(&who.cookie)).await;
    assert_eq!(response.status().as_u16(), 200);
    response.bytes().await.expect("the zip").to_vec()
}

#[tokio::test]
async fn the_materials_are_for_the_people_of_a_class() {
    let app = spawn_app().await;
    let (status, _) = app.get_text("/materials").await;
    assert_eq!(status, 401, "sign in first");

    let loner = app.person("loner", Role::Learner).await;
    let (status, body) = app.page_as("/materials", &loner).await;
    assert_eq!(status, 403, "{body}");
    assert!(body.contains("Join a class"), "{body}");

    let learner = learner_in_a_class(&app).await;
    let instructor = app.person("lead", Role::Instructor).await;
    let admin = app.person("boss", Role::Admin).await;
    for who in [&learner, &instructor, &admin] {
        let zip = download(&app, who).await;
        assert!(
            zip.starts_with(b"PK\x03\x04"),
            "{} gets a zip",
            who.user.username
        );
    }
}

#[tokio::test]
async fn a_learner_of_a_class_downloads_the_zip_of_the_course() {
    let app = spawn_app().await;
    let learner = learner_in_a_class(&app).await;
    let response = app.get_as("/materials", Some(&learner.cookie)).await;
    assert_eq!(response.status().as_u16(), 200);
    let headers = response.headers().clone();
    assert_eq!(headers["content-type"], "application/zip");
    assert_eq!(headers["cache-control"], "private, max-age=3600");
    let disposition = headers["content-disposition"].to_str().unwrap().to_string();
    let version = disposition
        .strip_prefix("attachment; filename=\"rmm-course-materials-")
        .and_then(|rest| rest.strip_suffix(".zip\""))
        .unwrap_or_else(|| panic!("unexpected Content-Disposition: {disposition}"))
        .to_string();
    assert!(version.starts_with(env!("CARGO_PKG_VERSION")), "{version}");

    let bytes = response.bytes().await.unwrap();
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes.to_vec())).expect("a zip");
    let mut notebook = String::new();
    archive
        .by_name("rmm-course-materials/notebook.html")
        .expect("the notebook is in the zip")
        .read_to_string(&mut notebook)
        .unwrap();
    assert!(notebook.starts_with("<!doctype html>"));
    assert!(notebook.contains("Speaker notes"));
    let mut readme = String::new();
    archive
        .by_name("rmm-course-materials/README.txt")
        .expect("the README is in the zip")
        .read_to_string(&mut readme)
        .unwrap();
    assert!(readme.contains(&format!("version {version}")), "{readme}");
}

#[tokio::test]
async fn the_zip_unpacks_into_one_folder_of_pages() {
    let app = spawn_app().await;
    let learner = learner_in_a_class(&app).await;
    let zip = download(&app, &learner).await;
    let folder = tempfile::tempdir().unwrap();
    let zip_path = folder.path().join("materials.zip");
    std::fs::write(&zip_path, &zip).unwrap();

    let unpacked = folder.path().join("unpacked");
    std::fs::create_dir(&unpacked).unwrap();
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&zip_path).unwrap()).unwrap();
    archive.extract(&unpacked).expect("the zip unpacks");

    let top: Vec<String> = std::fs::read_dir(&unpacked)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(top, ["rmm-course-materials"], "one folder at the top");
    let root = unpacked.join("rmm-course-materials");
    let mut found: Vec<String> = std::fs::read_dir(&root)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .collect();
    found.sort();
    let mut expected: Vec<String> = FILES.iter().map(|name| name.to_string()).collect();
    expected.sort();
    assert_eq!(found, expected);
    for name in FILES {
        let text = std::fs::read_to_string(root.join(name))
            .unwrap_or_else(|error| panic!("{name}: {error}"));
        if name.ends_with(".html") {
            assert!(text.starts_with("<!doctype html>"), "{name}");
            assert!(text.contains("<h1>") && text.contains("</main>"), "{name}");
            assert!(!text.to_ascii_lowercase().contains("<script"), "{name}");
        } else {
            assert!(text.contains("not affiliated with"), "{name}");
        }
    }
}
