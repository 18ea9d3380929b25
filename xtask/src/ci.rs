//! `cargo xtask ci`: what `.ci/run` runs, minus the real-server suite.

use std::process::ExitCode;

use crate::util::{cargo, run as run_command};

pub(crate) fn run_all(fuzz_seconds: u64) -> Result<(), String> {
    let mut fmt = cargo();
    fmt.args(["fmt", "--all", "--", "--check"]);
    run_command(fmt)?;
    let mut clippy = cargo();
    clippy.args(["clippy", "--workspace", "--all-targets", "--all-features", "--", "-D", "warnings"]);
    run_command(clippy)?;
    let mut test = cargo();
    test.args(["test", "--workspace", "--all-features"]);
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
