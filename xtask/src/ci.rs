//! `cargo xtask ci`: everything `.ci/run` runs: fmt, clippy, the README's test command, the tour, the
//! real-server suite (`cargo xtask interop`; `--no-interop` skips it), docs and a fuzz smoke run.

use std::process::ExitCode;

use crate::util::{cargo, run as run_command};

/// `cargo test --all-features`, as README.md gives it.
pub(crate) const TEST_COMMAND: [&str; 2] = ["test", "--all-features"];

pub(crate) fn run_all(fuzz_seconds: u64, interop: bool) -> Result<(), String> {
    let mut fmt = cargo();
    fmt.args(["fmt", "--all", "--", "--check"]);
    run_command(fmt)?;
    let mut clippy = cargo();
    clippy.args(["clippy", "--workspace", "--all-targets", "--all-features", "--", "-D", "warnings"]);
    run_command(clippy)?;
    // The README's test command (the default members: the comparison benchmark crate is left
    // out; its own tests generate 170 MB of corpora and belong to `cargo xtask bench`).
    let mut test = cargo();
    test.args(TEST_COMMAND);
    run_command(test)?;
    // The README's main job: the guided tour must run to its end against the mock.
    let mut tour = cargo();
    tour.args(["run", "--quiet", "--example", "tour"]).stdout(std::process::Stdio::null());
    run_command(tour)?;
    if interop {
        // The real-server suite: installs, starts and stops private Dovecot and Cyrus itself.
        let status = crate::interop::run(&[])?;
        if status != ExitCode::SUCCESS {
            return Err("cargo xtask interop failed".into());
        }
    }
    let mut doc = cargo();
    doc.args(["doc", "--workspace", "--no-deps", "--all-features"]).env("RUSTDOCFLAGS", "-D warnings");
    run_command(doc)?;
    crate::fuzz::run_targets(&crate::fuzz::all_targets(), fuzz_seconds)
}

pub(crate) fn run(args: &[String]) -> Result<ExitCode, String> {
    const USAGE: &str = "usage: cargo xtask ci [--fuzz-seconds N] [--no-interop]";
    let mut seconds = 10;
    let mut interop = true;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--fuzz-seconds" => {
                let n = args.next().ok_or(USAGE)?;
                seconds = n.parse().map_err(|_| format!("not a number: {n}"))?;
            }
            "--no-interop" => interop = false,
            _ => return Err(USAGE.into()),
        }
    }
    run_all(seconds, interop)?;
    Ok(ExitCode::SUCCESS)
}
