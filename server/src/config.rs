//! Settings, read from the command line or the environment with defaults that work out of the box.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Args;
use leptos::config::LeptosOptions;

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

    /// How many password hashes may run at once (each holds 19 MiB while it runs).
    #[arg(long, env = "PASSWORD_HASH_CONCURRENCY", default_value_t = 4)]
    pub password_hash_concurrency: usize,
}

impl Settings {
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
        options.site_addr = self.site_addr;
        options
    }
}
