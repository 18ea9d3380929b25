//! `cargo xtask interop`: the client against real servers. Installs Dovecot 2.3 and Cyrus
//! 3.6 from Debian's packages if needed, starts private instances on 127.0.0.1 (own
//! directories, configs, logs, pid files and mail stores; nothing system-wide), seeds alice's
//! mailboxes, runs imap-core's `interop` test target against both and stops them.
//!
//! Jobs, one per file: install (packages), certs (test CA), dovecot / cyrus (configuration and
//! master process), seed (the messages), run (the test step); instance.rs holds what both
//! servers share (start, readiness, env file, stop), imap.rs the few IMAP commands setup
//! needs, process.rs pids, ports and accounts. Templates and install.sh are in xtask/servers.

mod certs;
mod cyrus;
mod dovecot;
mod imap;
mod install;
mod instance;
mod process;
mod run;
mod seed;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use instance::{Instance, Setup, Started, Status};

use crate::util::workspace_root;

/// Test users (`IMAPTEST_USERS`); carol's password is UTF-8 on purpose.
pub(super) const USERS: [(&str, &str); 4] =
    [("alice", "alicepass"), ("bob", "bobpass"), ("carol", "pässwörd"), ("tiny", "tinypass")];
/// May log in as any user: Dovecot master user (`alice*master`), Cyrus `proxyservers`.
pub(super) const MASTER: (&str, &str) = ("master", "masterpass");
/// Dovecot userdb `admin=yes`; Cyrus `admins:` (quota and ACLs on every mailbox).
pub(super) const ADMIN: (&str, &str) = ("admin", "adminpass");

const USAGE: &str = "usage: cargo xtask interop [run|start|stop|status] [OPTIONS] [-- TEST ARGS]
  run (default)  install, start and seed both servers, run the interop tests, stop them
  start          install, start and seed; leave them running; prints `export IMAPTEST_*_ENV=...`
  stop           stop them (SIGTERM to the recorded master pid)
  status         exit 0 when all run, 3 when one is stopped, 1 when one does not answer
options (environment variable in brackets):
  --dir DIR              base directory [IMAP_INTEROP_DIR; default ${TMPDIR:-/tmp}/imap-rs-interop]
  --only dovecot|cyrus   just one server [IMAP_INTEROP_ONLY]
  --dovecot-port N       IMAP + STARTTLS [IMAP_INTEROP_DOVECOT_PORT; 14143]
  --dovecot-tls-port N   IMAPS [IMAP_INTEROP_DOVECOT_TLS_PORT; the IMAP port + 850]
  --cyrus-port N         IMAP + STARTTLS [IMAP_INTEROP_CYRUS_PORT; 24143]
  --cyrus-tls-port N     IMAPS [IMAP_INTEROP_CYRUS_TLS_PORT; the IMAP port + 850]
  --skip-install         do not check the packages [IMAP_INTEROP_SKIP_INSTALL=1]
  --no-test              run: everything but the test step
  IMAP_INTEROP_START_TIMEOUT=SECONDS  readiness wait per server (30)";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    Dovecot,
    Cyrus,
}

impl Kind {
    const ALL: [Kind; 2] = [Kind::Dovecot, Kind::Cyrus];

    pub(super) fn name(self) -> &'static str {
        match self {
            Kind::Dovecot => "dovecot",
            Kind::Cyrus => "cyrus",
        }
    }

    /// The variable that hands this server's env file to the tests.
    fn env_var(self) -> &'static str {
        match self {
            Kind::Dovecot => "IMAPTEST_DOVECOT_ENV",
            Kind::Cyrus => "IMAPTEST_CYRUS_ENV",
        }
    }

    /// The IMAP port; IMAPS defaults to 850 above it (14993, 24993).
    fn default_port(self) -> u16 {
        match self {
            Kind::Dovecot => 14143,
            Kind::Cyrus => 24143,
        }
    }
}

#[derive(Debug, PartialEq, Eq)]
enum Subcommand {
    Run,
    Start,
    Stop,
    Status,
}

struct Options {
    command: Subcommand,
    base: PathBuf,
    kinds: Vec<Kind>,
    /// (IMAP, IMAPS) per kind, in `Kind::ALL` order.
    ports: [(u16, u16); 2],
    skip_install: bool,
    no_test: bool,
    test_args: Vec<String>,
}

impl Options {
    fn parse(args: &[String]) -> Result<Options, String> {
        let env = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        let port = |text: &str| text.parse::<u16>().ok().filter(|p| *p > 0).ok_or(format!("not a port: {text}"));
        // [kind][IMAP, IMAPS] as given by the environment, then by flags.
        let mut given = [[None::<u16>; 2]; 2];
        for (i, kind) in Kind::ALL.iter().enumerate() {
            for (j, suffix) in ["PORT", "TLS_PORT"].iter().enumerate() {
                if let Some(v) = env(&format!("IMAP_INTEROP_{}_{suffix}", kind.name().to_uppercase())) {
                    given[i][j] = Some(port(&v)?);
                }
            }
        }
        let tmp = env("TMPDIR").map_or_else(|| PathBuf::from("/tmp"), PathBuf::from);
        let mut options = Options {
            command: Subcommand::Run,
            base: env("IMAP_INTEROP_DIR").map_or_else(|| tmp.join("imap-rs-interop"), PathBuf::from),
            kinds: Kind::ALL.to_vec(),
            ports: [(0, 0); 2],
            skip_install: env("IMAP_INTEROP_SKIP_INSTALL").is_some_and(|v| v != "0"),
            no_test: false,
            test_args: Vec::new(),
        };
        let mut only = env("IMAP_INTEROP_ONLY");
        let mut rest = args.iter();
        while let Some(arg) = rest.next() {
            let mut value = || rest.next().cloned().ok_or(format!("{arg} needs a value\n{USAGE}"));
            match arg.as_str() {
                "run" | "start" | "stop" | "status" if options.command == Subcommand::Run => {
                    options.command = match arg.as_str() {
                        "start" => Subcommand::Start,
                        "stop" => Subcommand::Stop,
                        "status" => Subcommand::Status,
                        _ => Subcommand::Run,
                    }
                }
                "--dir" => options.base = PathBuf::from(value()?),
                "--only" => only = Some(value()?),
                "--dovecot-port" => given[0][0] = Some(port(&value()?)?),
                "--dovecot-tls-port" => given[0][1] = Some(port(&value()?)?),
                "--cyrus-port" => given[1][0] = Some(port(&value()?)?),
                "--cyrus-tls-port" => given[1][1] = Some(port(&value()?)?),
                "--skip-install" => options.skip_install = true,
                "--no-test" => options.no_test = true,
                "--" => options.test_args = rest.by_ref().cloned().collect(),
                other => return Err(format!("unknown argument `{other}`\n{USAGE}")),
            }
        }
        for (i, kind) in Kind::ALL.iter().enumerate() {
            let imap = given[i][0].unwrap_or(kind.default_port());
            // IMAPS follows IMAP (14143/14993), so `--dovecot-port 15143` alone moves both.
            let imaps = given[i][1].or(imap.checked_add(850)).ok_or(format!("no IMAPS port above {imap}"))?;
            options.ports[i] = (imap, imaps);
        }
        if let Some(name) = only {
            let kind = Kind::ALL.into_iter().find(|k| k.name() == name);
            options.kinds = vec![kind.ok_or(format!("--only takes dovecot or cyrus, not `{name}`"))?];
        }
        if options.base.is_relative() {
            let cwd = std::env::current_dir().map_err(|e| e.to_string())?;
            options.base = cwd.join(&options.base);
        }
        let used: Vec<u16> = options.instances().iter().flat_map(|i| [i.port, i.tls_port]).collect();
        if (1..used.len()).any(|i| used[..i].contains(&used[i])) {
            return Err(format!("the ports must all differ: {used:?}"));
        }
        Ok(options)
    }

    fn instances(&self) -> Vec<Instance> {
        let index = |kind| Kind::ALL.iter().position(|k| *k == kind).unwrap_or(0);
        self.kinds
            .iter()
            .map(|&kind| {
                let (port, tls_port) = self.ports[index(kind)];
                let dir = self.base.join(format!("{}-{port}", kind.name()));
                Instance { kind, port, tls_port, dir }
            })
            .collect()
    }
}

pub(crate) fn run(args: &[String]) -> Result<ExitCode, String> {
    if args.iter().take_while(|a| *a != "--").any(|a| a == "-h" || a == "--help") {
        println!("{USAGE}");
        return Ok(ExitCode::SUCCESS);
    }
    let options = Options::parse(args)?;
    match options.command {
        Subcommand::Run => run_all(&options),
        Subcommand::Start => start(&options),
        Subcommand::Stop => stop(&options),
        Subcommand::Status => Ok(status(&options)),
    }
}

/// Step durations, printed at the end.
#[derive(Default)]
struct Timings(Vec<(String, Duration)>);

impl Timings {
    fn time<T>(&mut self, step: &str, f: impl FnOnce() -> T) -> T {
        let started = Instant::now();
        let result = f();
        self.0.push((step.to_owned(), started.elapsed()));
        result
    }

    fn print(&self, total: Duration) {
        let steps: Vec<String> = self.0.iter().map(|(s, d)| format!("{s} {:.2} s", d.as_secs_f64())).collect();
        eprintln!("xtask: timings: {}; total {:.2} s", steps.join(", "), total.as_secs_f64());
    }
}

/// What every start needs: packages, the test PKI, the seed on disk.
struct Prepared {
    templates: PathBuf,
    pki: certs::Pki,
    corpus: Vec<seed::Folder>,
    manifest: PathBuf,
}

impl Prepared {
    fn setup(&self) -> Setup<'_> {
        Setup { templates: &self.templates, pki: &self.pki, corpus: &self.corpus, manifest: &self.manifest }
    }
}

fn prepare(options: &Options, timings: &mut Timings) -> Result<Prepared, String> {
    let templates = workspace_root().join("xtask/servers");
    if !options.skip_install {
        timings.time("install", || install::ensure(&templates, &options.kinds))?;
    }
    std::fs::create_dir_all(&options.base).map_err(|e| format!("create {}: {e}", options.base.display()))?;
    process::set_mode(&options.base, 0o755)?;
    let pki = timings.time("certs", || certs::ensure(&options.base.join("tls"), &templates.join("openssl.cnf")))?;
    let corpus = seed::corpus();
    let manifest = seed::write(&options.base.join("seed"), &corpus, USERS[0].0)?;
    Ok(Prepared { templates, pki, corpus, manifest })
}

/// Stops the instances it holds when dropped, so a panic or an early return does not leave
/// servers behind.
struct Running<'a>(Vec<&'a Instance>);

impl Drop for Running<'_> {
    fn drop(&mut self) {
        stop_all(&std::mem::take(&mut self.0));
    }
}

/// Stops instances in parallel (Dovecot's master waits about a second for its children);
/// reports each and returns the failures.
fn stop_all(instances: &[&Instance]) -> Vec<String> {
    let results: Vec<(String, Result<bool, String>, Duration)> = std::thread::scope(|scope| {
        let handles: Vec<_> = instances
            .iter()
            .map(|instance| {
                scope.spawn(move || {
                    let started = Instant::now();
                    (instance.name().to_owned(), instance.stop(), started.elapsed())
                })
            })
            .collect();
        handles.into_iter().filter_map(|h| h.join().ok()).collect()
    });
    let mut failures = Vec::new();
    for (name, result, took) in results {
        match result {
            Ok(true) => eprintln!("xtask: stopped {name} ({:.1} s)", took.as_secs_f64()),
            Ok(false) => eprintln!("xtask: {name} was not running"),
            Err(e) => failures.push(format!("stop {name}: {e}")),
        }
    }
    failures
}

fn describe(instance: &Instance, pid: u32, prepared: Option<&Prepared>) {
    let ca = prepared.map(|p| format!(" ca={}", p.pki.ca.display())).unwrap_or_default();
    eprintln!(
        "xtask: {} running: pid {pid}, imap 127.0.0.1:{} (STARTTLS), imaps 127.0.0.1:{}{ca}, env {}",
        instance.name(),
        instance.port,
        instance.tls_port,
        instance.env_file().display()
    );
}

fn run_all(options: &Options) -> Result<ExitCode, String> {
    let began = Instant::now();
    let mut timings = Timings::default();
    let prepared = prepare(options, &mut timings)?;
    let instances = options.instances();
    let mut running = Running(Vec::new());
    let mut failures = Vec::new();
    for instance in &instances {
        if instance.running_pid().is_some() {
            // Tests expect the freshly seeded state; a developer's instance is ours to restart.
            eprintln!("xtask: {} is already running; restarting it for a fresh mail store", instance.name());
            failures.extend(stop_all(&[instance]));
        }
        match timings.time(&format!("start+seed {}", instance.name()), || instance.start(&prepared.setup())) {
            Ok(Started::Fresh(pid) | Started::AlreadyRunning(pid)) => {
                describe(instance, pid, Some(&prepared));
                running.0.push(instance);
            }
            Err(e) => failures.push(format!("start {}: {e}", instance.name())),
        }
    }
    if !failures.is_empty() {
        eprintln!("xtask: not running the tests: a server did not start");
    } else if options.no_test {
        eprintln!("xtask: --no-test: skipping the test step");
    } else if !run::test_exists() {
        eprintln!("xtask: imap-core/tests/interop.rs does not exist yet; skipping the test step");
    } else {
        let env: Vec<(&'static str, PathBuf)> = running.0.iter().map(|i| (i.kind.env_var(), i.env_file())).collect();
        if let Err(e) = timings.time("tests", || run::cargo_test(&env, &options.test_args)) {
            failures.push(format!("tests: {e}"));
        }
    }
    let to_stop = std::mem::take(&mut running.0);
    failures.extend(timings.time("stop", || stop_all(&to_stop)));
    timings.print(began.elapsed());
    finish(failures)
}

fn finish(failures: Vec<String>) -> Result<ExitCode, String> {
    if failures.is_empty() {
        eprintln!("xtask: interop: all good");
        Ok(ExitCode::SUCCESS)
    } else {
        Err(format!("interop failed:\n  {}", failures.join("\n  ")))
    }
}

fn start(options: &Options) -> Result<ExitCode, String> {
    let began = Instant::now();
    let mut timings = Timings::default();
    let prepared = prepare(options, &mut timings)?;
    let instances = options.instances();
    // Only what this call started is stopped again if a later server fails.
    let mut started_now = Running(Vec::new());
    for instance in &instances {
        match timings.time(&format!("start+seed {}", instance.name()), || instance.start(&prepared.setup()))? {
            Started::Fresh(pid) => {
                started_now.0.push(instance);
                describe(instance, pid, Some(&prepared));
            }
            Started::AlreadyRunning(pid) => {
                eprintln!(
                    "xtask: {} was already running (state not reset; `stop` first for a fresh one)",
                    instance.name()
                );
                describe(instance, pid, Some(&prepared));
            }
        }
    }
    started_now.0.clear();
    timings.print(began.elapsed());
    print_exports(&instances);
    Ok(ExitCode::SUCCESS)
}

/// `export` lines on stdout, so `eval "$(cargo xtask interop start)"` works.
fn print_exports(instances: &[Instance]) {
    for instance in instances {
        println!("export {}={}", instance.kind.env_var(), instance.env_file().display());
    }
}

fn stop(options: &Options) -> Result<ExitCode, String> {
    let instances = options.instances();
    let failures = stop_all(&instances.iter().collect::<Vec<_>>());
    if failures.is_empty() { Ok(ExitCode::SUCCESS) } else { Err(failures.join("\n")) }
}

fn status(options: &Options) -> ExitCode {
    let instances = options.instances();
    let mut code = 0;
    for instance in &instances {
        match instance.status() {
            Status::Running(pid) => describe(instance, pid, None),
            Status::Unhealthy(pid) => {
                eprintln!(
                    "xtask: {} (pid {pid}) runs but 127.0.0.1:{}/{} do not answer",
                    instance.name(),
                    instance.port,
                    instance.tls_port
                );
                code = code.max(1);
            }
            Status::Stopped => {
                eprintln!("xtask: {} is not running (dir {})", instance.name(), instance.dir.display());
                code = 3;
            }
        }
    }
    if code == 0 {
        print_exports(&instances);
    }
    ExitCode::from(code)
}
