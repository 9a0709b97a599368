//! The server stops cleanly on SIGTERM and SIGINT: it finishes, exits with status 0, and says so.

use std::process::Command;
use std::time::{Duration, Instant};

use crate::helpers::spawn_server_process;

fn stops_cleanly_on(signal: &str) {
    let data = tempfile::tempdir().unwrap();
    let database_url = format!("sqlite://{}/db.sqlite", data.path().display());
    let mut server = spawn_server_process(&database_url, data.path());
    assert!(server.address.starts_with("http://127.0.0.1:"));
    let child = &mut server.child;

    let status = Command::new("kill")
        .args(["-s", signal, &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let started = Instant::now();
    let exit = loop {
        if let Some(exit) = child.try_wait().unwrap() {
            break exit;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "server still running 10 s after SIG{signal}"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(exit.success(), "exit status after SIG{signal}: {exit}");
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
    assert!(stderr.contains("shutdown requested"), "{stderr}");
}

#[test]
fn sigterm_stops_the_server_cleanly() {
    stops_cleanly_on("TERM");
}

#[test]
fn sigint_stops_the_server_cleanly() {
    stops_cleanly_on("INT");
}
