//! `cargo xtask bench`: criterion benches of the parser against imap-proto and imap-codec.

use std::process::ExitCode;

use crate::util::{cargo, run as run_command};

pub(crate) fn run(args: &[String]) -> Result<ExitCode, String> {
    let mut bench = cargo();
    bench.args(["bench", "-p", "imap-bench", "--bench", "parse", "--"]).args(args);
    run_command(bench)?;
    Ok(ExitCode::SUCCESS)
}
