//! Settings, read from the command line or the environment with defaults that work out of the box.

use std::net::SocketAddr;
use std::path::PathBuf;

use app::people::SignUpMode;
use clap::Args;
use leptos::config::LeptosOptions;

use crate::accounts::AccountSettings;
use crate::client_address::TrustedProxies;

/// Where the server listens and what it reads. Every setting has an environment variable.
#[derive(Debug, Clone, Args)]
pub struct Settings {
    /// Address and port to listen on.
    #[arg(long, env = "LEPTOS_SITE_ADDR", default_value = "127.0.0.1:3000")]
    pub site_addr: SocketAddr,

    /// Database to use. `sqlite://PATH` (the file and its folder are created on first start).
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "sqlite://data/rmm-classroom.db"
    )]
    pub database_url: String,

    /// Folder holding the course content.
    #[arg(long, env = "CONTENT_DIR", default_value = "content")]
    pub content_dir: PathBuf,

    /// Folder holding the built site (`pkg/` with the CSS, JavaScript and WebAssembly).
    #[arg(long, env = "LEPTOS_SITE_ROOT", default_value = "target/site")]
    pub site_root: PathBuf,

    /// Mark session cookies `Secure`: set this when the site is served over HTTPS.
    #[arg(long, env = "SECURE_COOKIES", default_value_t = false)]
    pub secure_cookies: bool,

    /// How many password hashes may run at once (each holds 19 MiB while it runs). New
    /// passwords (sign-ups, resets) may use at most half of them, so sign-ins never wait for a
    /// flood of sign-ups.
    #[arg(long, env = "PASSWORD_HASH_CONCURRENCY", default_value_t = 4)]
    pub password_hash_concurrency: usize,

    /// How accounts are created: `open` (anyone: a public self-paced site), `with-code` (only
    /// with a valid class join code, or by an administrator) or `closed` (only administrators).
    #[arg(long, env = "SIGN_UP", default_value = "with-code")]
    pub sign_up: SignUpMode,

    /// Proxies (comma-separated addresses or CIDR ranges) whose `X-Forwarded-For` and
    /// `Forwarded` headers name the client. Set it to the load balancer's addresses; without it
    /// the limits count the TCP peer, which behind a proxy is the proxy for everyone.
    #[arg(long, env = "TRUSTED_PROXIES", default_value = "")]
    pub trusted_proxies: TrustedProxies,

    /// Accounts that may be created from one network (an IPv4 address or an IPv6 /64) in an
    /// hour. A classroom behind one NAT signs up together, so this is generous; the flood
    /// protection that matters is that sign-ups use only half of the password-hash permits.
    #[arg(long, env = "SIGN_UPS_PER_HOUR", default_value_t = 100)]
    pub sign_ups_per_hour: usize,

    /// Hours after which an unused session ends (sessions end after 14 days in any case).
    #[arg(long, env = "SESSION_IDLE_HOURS", default_value_t = 12)]
    pub session_idle_hours: u32,

    /// Seconds a signal raised in a live session (a hand, "too fast", "too slow", "lost me")
    /// counts before it lowers itself.
    #[arg(long, env = "SIGNAL_SECONDS", default_value_t = domain::live_room::DEFAULT_SIGNAL_SECONDS)]
    pub signal_seconds: u32,

    /// The address people reach this site at (scheme, host and port, no trailing slash). It is
    /// written into certificates' verification links, QR codes and Open Badges credentials, so it
    /// is a setting rather than read from a request's `Host` header, which a client chooses.
    /// Empty means `http://` and the listening address.
    #[arg(long, env = "PUBLIC_URL", default_value = "")]
    pub public_url: String,

    /// A file holding the Ed25519 key that signs Open Badges credentials (64 hexadecimal
    /// characters). Empty: the key is generated on first start and kept in the database, shared
    /// by every server.
    #[arg(long, env = "SIGNING_KEY_FILE", default_value = "")]
    pub signing_key_file: String,

    /// Connection limits: how long a client may take to send a request's headers, and how long
    /// a request (other than a live stream) may take, in seconds.
    #[command(flatten)]
    pub limits: ConnectionLimits,
}

/// Limits that keep slow or greedy clients from holding the server's connections.
#[derive(Debug, Clone, Args)]
pub struct ConnectionLimits {
    /// Seconds a client has to send a request's headers before the connection is dropped.
    #[arg(long, env = "HEADER_READ_TIMEOUT_SECS", default_value_t = 10)]
    pub header_read_timeout_secs: u64,

    /// Seconds a request may take before it is answered 408 (live streams are exempt).
    #[arg(long, env = "REQUEST_TIMEOUT_SECS", default_value_t = 30)]
    pub request_timeout_secs: u64,

    /// Live-session streams one person may hold open at once (one per tab); more are answered 429.
    #[arg(long, env = "LIVE_STREAMS_PER_PERSON", default_value_t = 8)]
    pub live_streams_per_person: usize,

    /// Live-session streams this server holds open at once; more are answered 429.
    #[arg(long, env = "LIVE_STREAMS_PER_SERVER", default_value_t = 5000)]
    pub live_streams_per_server: usize,
}

impl Default for ConnectionLimits {
    fn default() -> ConnectionLimits {
        ConnectionLimits {
            header_read_timeout_secs: 10,
            request_timeout_secs: 30,
            live_streams_per_person: 8,
            live_streams_per_server: 5000,
        }
    }
}

impl Settings {
    pub fn accounts(&self) -> AccountSettings {
        AccountSettings {
            concurrent_hashes: self.password_hash_concurrency,
            secure_cookies: self.secure_cookies,
            sign_up: self.sign_up,
            sign_ups_per_hour: self.sign_ups_per_hour.max(1),
            trusted_proxies: self.trusted_proxies.clone(),
            session_idle: std::time::Duration::from_secs(
                u64::from(self.session_idle_hours.max(1)) * 3600,
            ),
        }
    }

    /// The Leptos options for rendering: the environment cargo-leptos sets, with our site root and
    /// address, and the output name fixed so that a binary started outside cargo-leptos works too.
    pub fn leptos_options(&self) -> LeptosOptions {
        let mut options = leptos::config::get_configuration(None)
            .map(|conf| conf.leptos_options)
            .unwrap_or_else(|_| {
                LeptosOptions::builder()
                    .output_name("rmm-classroom")
                    .build()
            });
        if options.output_name.is_empty() {
            options.output_name = "rmm-classroom".into();
        }
        options.site_root = self.site_root.to_string_lossy().into_owned().into();
        // Set by what the build did, not by the environment: a binary started directly (not
        // through cargo-leptos) must still name the files the build wrote.
        options.hash_files = files_are_hashed();
        options.site_addr = self.site_addr;
        options
    }
}

/// Whether the build named the site's files by their content: cargo-leptos then writes
/// `hash.txt`, with each file's hash, beside the server binary (where Leptos reads it too).
pub fn files_are_hashed() -> bool {
    std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.join("hash.txt")))
        .is_some_and(|file| file.is_file())
}
