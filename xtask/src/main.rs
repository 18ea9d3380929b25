//! `cargo xtask`: the project's chores.
//!
//! - `cargo xtask ci`: formatting, lints, tests, a short fuzz run (what `.ci/run` runs).
//! - `cargo xtask parse [FILE]`: server bytes in, one JSON object per response out.
//! - `cargo xtask fuzz [--seconds N] [TARGET...]`: the cargo-fuzz targets.
//! - `cargo xtask bench`: the parser benchmarks against imap-proto and imap-codec.
//! - `cargo xtask interop [start|stop|status]`: the client against private Dovecot and Cyrus.

mod bench;
mod ci;
mod fuzz;
mod interop;
mod parse;
mod util;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((command, rest)) = args.split_first() else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    let result = match command.as_str() {
        "ci" => ci::run(rest),
        "parse" => parse::run(rest),
        "fuzz" => fuzz::run(rest),
        "bench" => bench::run(rest),
        "interop" => interop::run(rest),
        "-h" | "--help" | "help" => {
            println!("{USAGE}");
            Ok(ExitCode::SUCCESS)
        }
        other => Err(format!("unknown command `{other}`\n{USAGE}")),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}

const USAGE: &str = "usage: cargo xtask <command>
  ci [--no-interop]           fmt check, clippy, tests, real servers, docs, fuzz smoke run (as .ci/run)
  parse [FILE]                parse server bytes (stdin without FILE), print JSON lines
  fuzz [--seconds N] [TARGET] run the fuzz targets (default: all, 60 s each)
  bench [CRITERION ARGS]      parser benchmarks against imap-proto and imap-codec
  interop [start|stop|status] real Dovecot + Cyrus on 127.0.0.1: install, seed, test (see --help)";
