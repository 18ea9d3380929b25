//! `cargo xtask ci`: everything `.ci/run` runs.

use std::process::ExitCode;

use crate::util::{cargo, run as run_command};

/// `cargo test --all-features`, as README.md gives it.
pub(crate) const TEST_COMMAND: [&str; 2] = ["test", "--all-features"];

pub(crate) fn run_all(fuzz_seconds: u64) -> Result<(), String> {
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
    let mut doc = cargo();
    doc.args(["doc", "--workspace", "--no-deps", "--all-features"]).env("RUSTDOCFLAGS", "-D warnings");
    run_command(doc)?;
    crate::fuzz::run_targets(&crate::fuzz::all_targets(), fuzz_seconds)
}

pub(crate) fn run(args: &[String]) -> Result<ExitCode, String> {
    let seconds = match args {
        [] => 10,
        [flag, n] if flag == "--fuzz-seconds" => n.parse().map_err(|_| format!("not a number: {n}"))?,
        _ => return Err("usage: cargo xtask ci [--fuzz-seconds N]".into()),
    };
    run_all(seconds)?;
    Ok(ExitCode::SUCCESS)
}
