//! `marsad serve` listens on loopback unless told otherwise, and warns when told otherwise.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

#[test]
fn serve_defaults_to_loopback() {
    let addr: std::net::SocketAddr = marsad_server::DEFAULT_ADDR.parse().unwrap();
    assert!(addr.ip().is_loopback());
    let help = Command::new(env!("CARGO_BIN_EXE_marsad"))
        .args(["serve", "--help"])
        .output()
        .unwrap();
    let help = String::from_utf8_lossy(&help.stdout);
    assert!(
        help.contains("[default: 127.0.0.1:"),
        "serve --help: {help}"
    );
}

/// The first stderr lines of `marsad serve ARGS` up to the one saying where it listens.
fn serve_stderr(addr: &str) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_marsad"))
        .arg("--db")
        .arg(dir.path().join("m.db"))
        .args(["serve", "--addr", addr])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = Vec::new();
    for line in BufReader::new(child.stderr.take().unwrap()).lines() {
        let line = line.unwrap();
        let done = line.contains("listening on");
        lines.push(line);
        if done {
            break;
        }
    }
    child.kill().unwrap();
    child.wait().unwrap();
    lines
}

#[test]
fn serving_beyond_loopback_warns_and_loopback_does_not() {
    let loopback = serve_stderr("127.0.0.1:0");
    assert!(loopback
        .last()
        .unwrap()
        .contains("listening on http://127.0.0.1:"));
    assert!(
        !loopback.iter().any(|l| l.contains("warning")),
        "{loopback:?}"
    );
    let open = serve_stderr("0.0.0.0:0");
    assert!(
        open.iter()
            .any(|l| l.contains("warning") && l.contains("reachable from other machines")),
        "{open:?}"
    );
    assert!(open
        .last()
        .unwrap()
        .contains("listening on http://0.0.0.0:"));
}
