//! `cargo xtask fuzz [--seconds N] [TARGET...]`: runs the cargo-fuzz targets of imap-core.
//!
//! Each target runs for N seconds (default 60) on stable Rust (`--sanitizer none`), starting
//! from the seed inputs kept in `imap-core/fuzz/seeds/<target>/` (copied into the git-ignored
//! corpus directory, where libFuzzer adds what it finds) with the IMAP token dictionary. A crash
//! fails the run with the target's name and the path of the crashing input. `--seconds 0` runs
//! each target once over its corpus (a smoke test of the seeds).

use std::path::{Path, PathBuf};
use std::process::{ExitCode, Stdio};
use std::time::SystemTime;

use crate::util::{cargo, run as run_command, workspace_root};

/// The cargo-fuzz project, relative to the workspace root.
const FUZZ_DIR: &str = "imap-core/fuzz";
/// The libFuzzer dictionary of IMAP tokens, relative to the workspace root.
const DICT: &str = "imap-core/fuzz/imap.dict";
/// Seconds each target runs unless told otherwise.
const DEFAULT_SECONDS: u64 = 60;
/// A single input that takes longer than this (seconds) counts as a hang.
const INPUT_TIMEOUT: u64 = 20;

const USAGE: &str = "usage: cargo xtask fuzz [--seconds N] [TARGET...]";

/// The fuzz targets, in the order they run.
pub(crate) fn all_targets() -> Vec<String> {
    ["decode", "roundtrip"].into_iter().map(String::from).collect()
}

/// Runs each of `targets` for `seconds`, installing cargo-fuzz first if needed. Runs them all,
/// then fails if any crashed, naming each such target and its crashing input.
pub(crate) fn run_targets(targets: &[String], seconds: u64) -> Result<(), String> {
    let known = all_targets();
    if let Some(unknown) = targets.iter().find(|t| !known.contains(t)) {
        return Err(format!("unknown fuzz target `{unknown}` (known: {})", known.join(", ")));
    }
    ensure_cargo_fuzz()?;
    let root = workspace_root();
    let mut failures = Vec::new();
    for target in targets {
        let corpus = root.join(FUZZ_DIR).join("corpus").join(target);
        copy_seeds(&root.join(FUZZ_DIR).join("seeds").join(target), &corpus)?;
        let artifacts = root.join(FUZZ_DIR).join("artifacts").join(target);
        let started = SystemTime::now();
        let mut command = cargo();
        command
            .args(["fuzz", "run", "--fuzz-dir", FUZZ_DIR, "--sanitizer", "none", target])
            .arg(&corpus)
            .arg("--")
            // libFuzzer takes 0 seconds to mean "no limit"; here it means "run the corpus once".
            .arg(if seconds == 0 { "-runs=0".to_owned() } else { format!("-max_total_time={seconds}") })
            .arg(format!("-timeout={INPUT_TIMEOUT}"))
            .arg(format!("-dict={}", root.join(DICT).display()));
        if let Err(e) = run_command(command) {
            let artifact = newest_file(&artifacts, started)
                .map_or_else(|| format!("no new file in {}", artifacts.display()), |p| p.display().to_string());
            failures.push(format!(
                "fuzz target `{target}` failed ({e}); crashing input: {artifact}\n  reproduce: cargo fuzz run \
                 --fuzz-dir {FUZZ_DIR} --sanitizer none {target} <input>\n  minimize:  cargo fuzz tmin \
                 --fuzz-dir {FUZZ_DIR} --sanitizer none {target} <input>"
            ));
        }
    }
    if failures.is_empty() { Ok(()) } else { Err(failures.join("\n")) }
}

/// `cargo xtask fuzz [--seconds N] [TARGET...]`.
pub(crate) fn run(args: &[String]) -> Result<ExitCode, String> {
    let mut seconds = DEFAULT_SECONDS;
    let mut targets = Vec::new();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--seconds" => {
                let n = args.next().ok_or_else(|| format!("--seconds needs a number\n{USAGE}"))?;
                seconds = n.parse().map_err(|_| format!("not a number of seconds: {n}\n{USAGE}"))?;
            }
            "-h" | "--help" => {
                println!("{USAGE}\ntargets: {}", all_targets().join(", "));
                return Ok(ExitCode::SUCCESS);
            }
            flag if flag.starts_with('-') => return Err(format!("unknown option `{flag}`\n{USAGE}")),
            target => targets.push(target.to_owned()),
        }
    }
    if targets.is_empty() {
        targets = all_targets();
    }
    run_targets(&targets, seconds)?;
    Ok(ExitCode::SUCCESS)
}

/// Installs cargo-fuzz unless `cargo fuzz --version` works.
fn ensure_cargo_fuzz() -> Result<(), String> {
    let mut probe = cargo();
    probe.args(["fuzz", "--version"]).stdout(Stdio::null()).stderr(Stdio::null());
    if probe.status().is_ok_and(|s| s.success()) {
        return Ok(());
    }
    let mut install = cargo();
    install.args(["install", "cargo-fuzz", "--locked"]);
    run_command(install)
}

/// Copies the seed inputs into the corpus directory (creating it), leaving what libFuzzer
/// already added there.
fn copy_seeds(seeds: &Path, corpus: &Path) -> Result<(), String> {
    std::fs::create_dir_all(corpus).map_err(|e| format!("cannot create {}: {e}", corpus.display()))?;
    let entries = match std::fs::read_dir(seeds) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(format!("cannot read {}: {e}", seeds.display())),
    };
    for entry in entries {
        let entry = entry.map_err(|e| format!("cannot read {}: {e}", seeds.display()))?;
        let path = entry.path();
        if path.is_file() {
            let to = corpus.join(entry.file_name());
            std::fs::copy(&path, &to)
                .map_err(|e| format!("cannot copy {} to {}: {e}", path.display(), to.display()))?;
        }
    }
    Ok(())
}

/// The most recently modified file in `dir` written since `since` (where libFuzzer left the
/// crashing input).
fn newest_file(dir: &Path, since: SystemTime) -> Option<PathBuf> {
    std::fs::read_dir(dir)
        .ok()?
        .flatten()
        .filter_map(|e| Some((e.metadata().ok()?.modified().ok()?, e.path())))
        .filter(|(modified, path)| *modified >= since && path.is_file())
        .max_by_key(|(modified, _)| *modified)
        .map(|(_, path)| path)
}
