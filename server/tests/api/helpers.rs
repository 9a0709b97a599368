use std::path::{Path, PathBuf};

use server::config::Settings;
use server::startup::Application;

pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub accounts: server::accounts::Accounts,
    // Kept so that the database and site folders live as long as the test.
    _data: tempfile::TempDir,
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
        secure_cookies: false,
        password_hash_concurrency: 4,
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
    let accounts = application.accounts.clone();
    tokio::spawn(application.run_until_stopped(std::future::pending()));
    // Redirects are part of what the tests check, so the client does not follow them.
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    TestApp {
        address,
        client,
        accounts,
        _data: data,
    }
}

/// A signed-in person in a test: their session cookie and account.
#[derive(Clone, Debug)]
pub struct Session {
    pub cookie: String,
    pub user: app::people::CurrentUser,
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

    /// Creates an account with `role` and signs it in through the sign-in form.
    pub async fn person(&self, username: &str, role: app::people::Role) -> Session {
        let password = format!("{username}-long-password");
        let user = self
            .accounts
            .create_account(username, &format!("{username} display"), &password, role)
            .await
            .unwrap();
        let cookie = self.sign_in(username, &password).await.expect("signed in");
        Session { cookie, user }
    }

    /// Signs in through the form; the session cookie on success.
    pub async fn sign_in(&self, username: &str, password: &str) -> Option<String> {
        let fields = [
            ("username", username),
            ("password", password),
            ("next", "/classes"),
        ];
        let response = self.post_form("/sign-in", None, &fields).await;
        let cookie = response
            .headers()
            .get("set-cookie")?
            .to_str()
            .ok()?
            .to_string();
        Some(cookie.split(';').next()?.to_string())
    }

    /// Posts a form as a browser on this site would (same-origin `Origin` header).
    pub async fn post_form(
        &self,
        path: &str,
        cookie: Option<&str>,
        fields: &[(&str, &str)],
    ) -> reqwest::Response {
        let mut request = self
            .client
            .post(format!("{}{}", self.address, path))
            .header("origin", &self.address)
            .form(fields);
        if let Some(cookie) = cookie {
            request = request.header("cookie", cookie);
        }
        request.send().await.expect("request failed")
    }

    pub async fn get_as(&self, path: &str, cookie: Option<&str>) -> reqwest::Response {
        let mut request = self.client.get(format!("{}{}", self.address, path));
        if let Some(cookie) = cookie {
            request = request.header("cookie", cookie);
        }
        request.send().await.expect("request failed")
    }
}
