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
        sign_up: app::people::SignUpMode::WithCode,
        sign_ups_per_hour: 100,
        trusted_proxies: Default::default(),
        session_idle_hours: 12,
        signal_seconds: domain::live_room::DEFAULT_SIGNAL_SECONDS,
        public_url: String::new(),
        signing_key_file: String::new(),
        limits: Default::default(),
    }
}

/// The environment variable that switches the integration tests to PostgreSQL: the URL of a
/// database on a server where the tests may create databases, for example
/// `postgres://root@localhost/postgres?host=/var/run/postgresql`.
pub const POSTGRES_VARIABLE: &str = "RMM_TEST_POSTGRES";

/// A database for one test: an SQLite file in `data`, or with `RMM_TEST_POSTGRES` set, a new
/// PostgreSQL database of its own.
pub async fn test_database_url(data: &Path) -> String {
    match std::env::var(POSTGRES_VARIABLE) {
        Ok(server_url) => fresh_postgres_database(&server_url).await,
        Err(_) => format!("sqlite://{}/test.db", data.display()),
    }
}

/// Creates an empty database on the PostgreSQL server of `server_url` and returns its URL.
pub async fn fresh_postgres_database(server_url: &str) -> String {
    use sqlx::{Connection, Executor};
    static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos();
    let name = format!(
        "rmm_test_{}_{}_{}",
        std::process::id(),
        nanos,
        COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    );
    let mut connection = sqlx::PgConnection::connect(server_url)
        .await
        .unwrap_or_else(|e| panic!("cannot reach PostgreSQL at {server_url}: {e}"));
    connection
        .execute(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .await
        .expect("create a test database");
    let (address, options) = server_url
        .split_once('?')
        .map_or((server_url, None), |(a, o)| (a, Some(o)));
    let (server, _) = address.rsplit_once('/').expect("URL names a database");
    match options {
        Some(options) => format!("{server}/{name}?{options}"),
        None => format!("{server}/{name}"),
    }
}

/// Starts the application with the shipped course on a free port.
pub async fn spawn_app() -> TestApp {
    spawn_app_with_content(shipped_content()).await
}

pub async fn spawn_app_with_content(content_dir: PathBuf) -> TestApp {
    spawn_app_with(content_dir, |_| {}).await
}

/// Starts the application with the shipped course and settings changed by `adjust`.
pub async fn spawn_app_with_settings(adjust: impl FnOnce(&mut Settings)) -> TestApp {
    spawn_app_with(shipped_content(), adjust).await
}

async fn spawn_app_with(content_dir: PathBuf, adjust: impl FnOnce(&mut Settings)) -> TestApp {
    server::telemetry::init();
    let data = tempfile::tempdir().unwrap();
    let mut settings = test_settings(content_dir, data.path());
    adjust(&mut settings);
    settings.database_url = test_database_url(data.path()).await;
    let application = Application::build(settings)
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

/// The password the tests give `username`'s account: long, and not containing the username
/// (which the common-password check refuses).
pub fn password_of(username: &str) -> String {
    format!("{} orchard lantern", username.len())
}

/// Owned form fields from a list of pairs.
pub fn fields(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect()
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
        let password = password_of(username);
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

    /// Posts owned form fields as `who`; answers the status and the body.
    pub async fn post_fields(
        &self,
        path: &str,
        who: &Session,
        fields: &[(String, String)],
    ) -> (u16, String) {
        let pairs: Vec<(&str, &str)> = fields
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        let response = self.post_form(path, Some(&who.cookie), &pairs).await;
        (
            response.status().as_u16(),
            response.text().await.expect("body"),
        )
    }

    /// The status and body of `path` as `who` sees it.
    pub async fn page_as(&self, path: &str, who: &Session) -> (u16, String) {
        let response = self.get_as(path, Some(&who.cookie)).await;
        (
            response.status().as_u16(),
            response.text().await.expect("body"),
        )
    }

    pub async fn get_as(&self, path: &str, cookie: Option<&str>) -> reqwest::Response {
        let mut request = self.client.get(format!("{}{}", self.address, path));
        if let Some(cookie) = cookie {
            request = request.header("cookie", cookie);
        }
        request.send().await.expect("request failed")
    }
}

/// The real server binary running as a child process, stopped when dropped.
pub struct ServerProcess {
    pub child: std::process::Child,
    pub address: String,
}

/// Starts the server binary with the shipped course on `database_url` and a free port, and
/// waits until it says it is serving.
pub fn spawn_server_process(database_url: &str, data: &Path) -> ServerProcess {
    use std::io::BufRead;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_server"))
        .env("CONTENT_DIR", shipped_content())
        .env("DATABASE_URL", database_url)
        .env("LEPTOS_SITE_ADDR", "127.0.0.1:0")
        .env("LEPTOS_SITE_ROOT", data.join("site"))
        .env("RUST_LOG", "info")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("server starts");
    let mut stdout = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    let address = line
        .trim()
        .strip_prefix("RMM Classroom is serving on ")
        .unwrap_or_else(|| panic!("unexpected first line from the server: {line:?}"))
        .trim_end_matches('/')
        .to_string();
    ServerProcess { child, address }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
