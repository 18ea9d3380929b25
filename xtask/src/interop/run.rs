//! The test step: `cargo test -p imap-core -p imap-auth --test interop --all-features --
//! --test-threads=1` (the client's methods and the SASL mechanisms) with `IMAPTEST_DOVECOT_ENV` / `IMAPTEST_CYRUS_ENV` pointing at the env files.

use std::path::PathBuf;

use crate::util::{cargo, run as run_command, workspace_root};

/// Whether the `interop` test target of imap-core exists (it is written separately).
pub(super) fn test_exists() -> bool {
    let tests = workspace_root().join("imap-core/tests");
    tests.join("interop.rs").is_file() || tests.join("interop/main.rs").is_file()
}

/// Runs the tests, one at a time: they share alice's mailboxes on each server.
pub(super) fn cargo_test(env: &[(&'static str, PathBuf)], extra: &[String]) -> Result<(), String> {
    let mut test = cargo();
    test.args([
        "test",
        "-p",
        "imap-core",
        "-p",
        "imap-auth",
        "--test",
        "interop",
        "--all-features",
        "--",
        "--test-threads=1",
    ])
    .args(extra);
    for var in ["IMAPTEST_DOVECOT_ENV", "IMAPTEST_CYRUS_ENV"] {
        // A variable left over in the caller's shell would point at a server that is not up.
        test.env_remove(var);
    }
    for (var, path) in env {
        test.env(var, path);
    }
    run_command(test)
}
