//! Python's imaplib against the `imap-mock` binary: a client in another language tested with a
//! script file. Runs when `python3` is on PATH; otherwise says it skipped.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Command, Stdio};

fn python() -> Option<&'static str> {
    Command::new("python3").arg("--version").output().ok().filter(|o| o.status.success()).map(|_| "python3")
}

#[test]
fn python_imaplib_follows_the_script() {
    let Some(python) = python() else {
        eprintln!("python3 not found: skipping the imaplib test");
        return;
    };
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/python");
    let mut server = Command::new(env!("CARGO_BIN_EXE_imap-mock"))
        .arg(dir.join("imaplib_session.script"))
        .arg("--once")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start imap-mock");
    let mut first = String::new();
    BufReader::new(server.stdout.take().expect("stdout")).read_line(&mut first).expect("port line");
    let port: u16 = first.trim().parse().expect("port");
    let client =
        Command::new(python).arg(dir.join("test_imaplib.py")).arg(port.to_string()).output().expect("run python");
    let status = server.wait().expect("imap-mock exit");
    let mut log = String::new();
    std::io::Read::read_to_string(&mut server.stderr.take().expect("stderr"), &mut log).expect("stderr");
    assert!(
        client.status.success(),
        "imaplib failed:\n{}{}\nmock: {log}",
        String::from_utf8_lossy(&client.stdout),
        String::from_utf8_lossy(&client.stderr)
    );
    assert!(String::from_utf8_lossy(&client.stdout).contains("all good"));
    assert!(status.success(), "imap-mock reported a deviation:\n{log}");
    assert!(log.contains("C: A2 LOGIN alice <redacted>"), "{log}");
}

#[test]
fn the_binary_exits_with_1_when_the_client_deviates() {
    let Some(python) = python() else { return };
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/python");
    let mut server = Command::new(env!("CARGO_BIN_EXE_imap-mock"))
        .arg(dir.join("imaplib_session.script"))
        .arg("--once")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start imap-mock");
    let mut first = String::new();
    BufReader::new(server.stdout.take().expect("stdout")).read_line(&mut first).expect("port line");
    let code = "import imaplib,sys\nc=imaplib.IMAP4('127.0.0.1',int(sys.argv[1]))\ntry:\n c.login('mallory','x')\nexcept Exception as e:\n print('refused', e)\n";
    let out = Command::new(python).args(["-c", code, first.trim()]).output().expect("python");
    assert!(String::from_utf8_lossy(&out.stdout).contains("refused"), "{out:?}");
    assert_eq!(server.wait().expect("exit").code(), Some(1));
}
