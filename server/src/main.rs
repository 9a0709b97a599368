//! The `server` binary: serves RMM Classroom, or runs one of its maintenance commands.

use std::process::ExitCode;

use clap::Parser;
use server::cli::{Cli, Command};

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    server::telemetry::init();
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => server::cli::serve(cli.settings).await,
        Command::CheckContent { dir } => {
            server::cli::check_content(dir.unwrap_or(cli.settings.content_dir))
        }
        Command::CreateAdmin {
            username,
            display_name,
        } => server::cli::create_admin(cli.settings, username, display_name).await,
    }
}
