use std::path::{Path, PathBuf};

use server::config::Settings;
use server::startup::Application;

pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    // Kept so that the database and site folders live as long as the test.
    _data: tempfile::TempDir,
}

impl TestApp {
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{}", self.address, path))
            .send()
            .await
            .expect("request failed")
    }

    pub async fn get_text(&self, path: &str) -> (u16, String) {
        let response = self.get(path).await;
        let status = response.status().as_u16();
        (status, response.text().await.expect("body"))
    }
}

/// The course shipped in the repository.
pub fn shipped_content() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../content")
}

pub fn test_settings(content_dir: PathBuf, data: &Path) -> Settings {
    Settings {
        site_addr: "127.0.0.1:0".parse().unwrap(),
        database_url: format!("sqlite://{}/test.db", data.display()),
        content_dir,
        site_root: data.join("site"),
    }
}

/// Starts the application with the shipped course on a free port.
pub async fn spawn_app() -> TestApp {
    spawn_app_with_content(shipped_content()).await
}

pub async fn spawn_app_with_content(content_dir: PathBuf) -> TestApp {
    server::telemetry::init();
    let data = tempfile::tempdir().unwrap();
    let application = Application::build(test_settings(content_dir, data.path()))
        .await
        .expect("application builds");
    let address = format!("http://127.0.0.1:{}", application.port());
    tokio::spawn(application.run_until_stopped(std::future::pending()));
    TestApp {
        address,
        client: reqwest::Client::new(),
        _data: data,
    }
}
