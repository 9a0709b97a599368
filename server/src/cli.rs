//! The command line: `server` (serve) and `server check-content`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::config::Settings;
use crate::startup::{shutdown_signal, Application, StartupError};

const ENVIRONMENT_HELP: &str = "\
Environment variables (each overrides the default; a command-line flag overrides both):
  LEPTOS_SITE_ADDR  address to listen on                  [default: 127.0.0.1:3000]
  DATABASE_URL      sqlite://PATH (created on first start) [default: sqlite://data/rmm-classroom.db]
  CONTENT_DIR       folder holding the course              [default: content]
  LEPTOS_SITE_ROOT  folder holding the built site (pkg/)   [default: target/site]
  SECURE_COOKIES    `true` when served over HTTPS          [default: false]
  PASSWORD_HASH_CONCURRENCY  password hashes at once       [default: 4]
  SIGN_UP           open | with-code | closed: who may create an account [default: with-code]
  SIGN_UPS_PER_HOUR accounts one network may create an hour [default: 100]
  TRUSTED_PROXIES   proxies whose X-Forwarded-For/Forwarded name the client, as
                    comma-separated addresses or CIDR ranges   [default: none]
  SESSION_IDLE_HOURS  an unused session ends after this   [default: 12]
  RUST_LOG          log filter, e.g. info or server=debug  [default: info,sqlx=warn]
  LOG_FORMAT        `json` for JSON log lines              [default: human-readable]

Connection limits (a client over them is dropped or answered 408/429):
  HEADER_READ_TIMEOUT_SECS  time to send a request's headers   [default: 10]
  REQUEST_TIMEOUT_SECS      time for a request, live streams exempt [default: 30]
  LIVE_STREAMS_PER_PERSON   live-session streams one person holds [default: 8]
  LIVE_STREAMS_PER_SERVER   live-session streams this server holds [default: 5000]
  Request bodies over 1 MiB are refused with 413.";

#[derive(Debug, Parser)]
#[command(name = "server", version, about = "RMM Classroom: the course and appraisal platform's server", after_help = ENVIRONMENT_HELP)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub settings: Settings,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the application (what `server` does without a command).
    Serve,
    /// Check the course content and report every error with its file and line, without serving.
    CheckContent {
        /// The content folder [default: CONTENT_DIR, or `content`].
        dir: Option<PathBuf>,
    },
    /// Create an administrator account. The password is read from the ADMIN_PASSWORD variable,
    /// or else from the first line of standard input.
    CreateAdmin {
        #[arg(long)]
        username: String,
        #[arg(long)]
        display_name: String,
    },
    /// Create an account with any role (learner, instructor or admin): how accounts come to exist
    /// when SIGN_UP=closed. The password is read as for create-admin.
    CreateAccount {
        #[arg(long)]
        username: String,
        #[arg(long)]
        display_name: String,
        #[arg(long, default_value = "learner")]
        role: String,
    },
}

pub async fn create_admin(settings: Settings, username: String, display_name: String) -> ExitCode {
    create_account(settings, username, display_name, "admin".into()).await
}

/// Creates an account with `role`, its password from ADMIN_PASSWORD or standard input.
pub async fn create_account(
    settings: Settings,
    username: String,
    display_name: String,
    role: String,
) -> ExitCode {
    let Some(role) = app::people::Role::parse(&role) else {
        eprintln!("`{role}` is not a role: use learner, instructor or admin");
        return ExitCode::FAILURE;
    };
    let password = match std::env::var("ADMIN_PASSWORD") {
        Ok(password) => password,
        Err(_) => {
            let mut line = String::new();
            if std::io::stdin().read_line(&mut line).is_err() {
                eprintln!("could not read the password from standard input");
                return ExitCode::FAILURE;
            }
            line.trim_end_matches(['\n', '\r']).to_string()
        }
    };
    let storage = match crate::storage::Storage::open(&settings.database_url).await {
        Ok(storage) => storage,
        Err(error) => {
            eprintln!("cannot open the database: {error}");
            return ExitCode::FAILURE;
        }
    };
    let accounts = crate::accounts::Accounts::new(storage.clone(), settings.accounts());
    let result = accounts
        .create_account(&username, &display_name, &password, role)
        .await;
    storage.close().await;
    match result {
        Ok(user) => {
            println!(
                "created {} `{}` (id {})",
                role.as_str(),
                user.username,
                user.id
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("cannot create the account: {error}");
            ExitCode::FAILURE
        }
    }
}

pub async fn serve(settings: Settings) -> ExitCode {
    let addr = settings.site_addr;
    let application = match Application::build(settings).await {
        Ok(application) => application,
        Err(StartupError::Content(errors)) => {
            eprintln!("RMM Classroom cannot start: {errors}");
            return ExitCode::from(2);
        }
        Err(error) => {
            eprintln!("RMM Classroom cannot start: {error}");
            return ExitCode::FAILURE;
        }
    };
    let shutdown = shutdown_signal();
    let url = format!("http://{}:{}", addr.ip(), application.port());
    println!("RMM Classroom is serving on {url}");
    tracing::info!(%url, "serving");
    match application.run_until_stopped(shutdown).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("RMM Classroom stopped with an error: {error}");
            ExitCode::FAILURE
        }
    }
}

pub fn check_content(dir: PathBuf) -> ExitCode {
    match app::content::load(&dir) {
        Ok(course) => {
            for warning in &course.warnings {
                println!("warning: {warning}");
            }
            let counts = course.counts();
            println!(
                "{}: {} modules, {} slides ({} with notes), {} process areas, {} glossary terms; {} warning(s)",
                dir.display(),
                counts.modules,
                counts.slides,
                counts.slides_with_notes,
                counts.process_areas,
                counts.glossary_terms,
                course.warnings.len()
            );
            ExitCode::SUCCESS
        }
        Err(errors) => {
            eprint!("{errors}");
            ExitCode::from(2)
        }
    }
}
