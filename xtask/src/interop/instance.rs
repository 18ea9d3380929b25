//! One private server instance: its directory, start (fresh state, readiness, seeding, env
//! file), stop (the recorded master pid only) and status. What differs between the servers
//! is in dovecot.rs and cyrus.rs.

use std::fs;
use std::path::{Path, PathBuf};
use std::thread::sleep;
use std::time::{Duration, Instant};

use super::certs::Pki;
use super::imap::Imap;
use super::process::{alive, is_ours, port_open, read_pid, set_mode, signal, tail, wait_exit, wait_until};
use super::seed::{self, Folder};
use super::{ADMIN, Kind, MASTER, USERS, cyrus, dovecot};

/// Marks a directory as ours: only such a directory is wiped on start.
const MARKER: &str = ".imap-rs-interop";

/// Everything a start needs besides the instance.
pub(super) struct Setup<'a> {
    /// xtask/servers: the configuration templates.
    pub(super) templates: &'a Path,
    pub(super) pki: &'a Pki,
    pub(super) corpus: &'a [Folder],
    pub(super) manifest: &'a Path,
}

pub(super) struct Instance {
    pub(super) kind: Kind,
    pub(super) port: u16,
    pub(super) tls_port: u16,
    pub(super) dir: PathBuf,
}

pub(super) enum Started {
    Fresh(u32),
    AlreadyRunning(u32),
}

pub(super) enum Status {
    Running(u32),
    /// The master lives but a port does not answer.
    Unhealthy(u32),
    Stopped,
}

impl Instance {
    pub(super) fn name(&self) -> &'static str {
        self.kind.name()
    }

    pub(super) fn env_file(&self) -> PathBuf {
        self.dir.join("env")
    }

    /// Where we record the master's pid (the servers' own pid file is `run/master.pid`).
    fn pid_file(&self) -> PathBuf {
        self.dir.join("master.pid")
    }

    /// The main configuration file, which the master's command line names.
    pub(super) fn config(&self) -> PathBuf {
        match self.kind {
            Kind::Dovecot => self.dir.join("etc/dovecot.conf"),
            Kind::Cyrus => self.dir.join("etc/imapd.conf"),
        }
    }

    fn exe(&self) -> &'static Path {
        match self.kind {
            Kind::Dovecot => Path::new(dovecot::EXE),
            Kind::Cyrus => Path::new(cyrus::MASTER_EXE),
        }
    }

    fn log(&self) -> PathBuf {
        match self.kind {
            Kind::Dovecot => self.dir.join("log/dovecot.log"),
            Kind::Cyrus => self.dir.join("log/master.log"),
        }
    }

    /// The live master pid of this instance, checked to be ours.
    pub(super) fn running_pid(&self) -> Option<u32> {
        let pid = read_pid(&self.pid_file()).or_else(|| read_pid(&self.dir.join("run/master.pid")))?;
        is_ours(pid, self.exe(), &self.config()).ok().map(|()| pid)
    }

    pub(super) fn status(&self) -> Status {
        match self.running_pid() {
            Some(pid) if port_open(self.port) && port_open(self.tls_port) => Status::Running(pid),
            Some(pid) => Status::Unhealthy(pid),
            None => Status::Stopped,
        }
    }

    /// Starts the instance from an empty directory, waits until it greets, seeds it and writes
    /// the env file. An instance that already runs is left alone.
    pub(super) fn start(&self, setup: &Setup<'_>) -> Result<Started, String> {
        if let Some(pid) = self.running_pid() {
            return Ok(Started::AlreadyRunning(pid));
        }
        for port in [self.port, self.tls_port] {
            if port_open(port) {
                return Err(format!(
                    "127.0.0.1:{port} is already in use by another program; stop it or pick other ports \
                     (--{0}-port / --{0}-tls-port)",
                    self.name()
                ));
            }
        }
        self.fresh_dir()?;
        let pid = match self.kind {
            Kind::Dovecot => dovecot::launch(self, setup)?,
            Kind::Cyrus => cyrus::launch(self, setup)?,
        };
        fs::write(self.pid_file(), format!("{pid}\n")).map_err(|e| format!("write pid file: {e}"))?;
        let ready =
            self.wait_ready(pid).and_then(|()| self.initialize(setup)).and_then(|()| self.write_env(pid, setup));
        match ready {
            Ok(()) => Ok(Started::Fresh(pid)),
            Err(e) => {
                let log = tail(&self.log(), 25);
                let stopped = self.stop().err().map(|e| format!("\nalso, stopping it failed: {e}")).unwrap_or_default();
                Err(format!("{} did not come up: {e}\n{log}{stopped}", self.name()))
            }
        }
    }

    /// Empties the instance directory (a directory without our marker is refused unless empty).
    fn fresh_dir(&self) -> Result<(), String> {
        if self.dir.exists() {
            let empty = fs::read_dir(&self.dir).map(|mut d| d.next().is_none()).unwrap_or(false);
            if !empty && !self.dir.join(MARKER).exists() {
                return Err(format!("{} exists and was not made by this tool; not wiping it", self.dir.display()));
            }
            fs::remove_dir_all(&self.dir).map_err(|e| format!("remove {}: {e}", self.dir.display()))?;
        }
        fs::create_dir_all(&self.dir).map_err(|e| format!("create {}: {e}", self.dir.display()))?;
        // The servers' unprivileged users must reach their files below it, whatever the umask.
        set_mode(&self.dir, 0o755)?;
        fs::write(self.dir.join(MARKER), "cargo xtask interop: this directory is wiped on every start\n")
            .map_err(|e| format!("write marker: {e}"))
    }

    /// Both ports accept connections and the plain one sends its `* OK` greeting (Dovecot holds
    /// it back until its auth process is ready).
    fn wait_ready(&self, pid: u32) -> Result<(), String> {
        let timeout = start_timeout();
        let deadline = Instant::now() + timeout;
        let mut last = String::from("no connection yet");
        while Instant::now() < deadline {
            if !alive(pid) {
                return Err(format!("the master (pid {pid}) exited"));
            }
            if port_open(self.tls_port) {
                match Imap::connect(self.port, Duration::from_secs(2)) {
                    Ok(imap) => {
                        imap.logout();
                        return Ok(());
                    }
                    Err(e) => last = e,
                }
            }
            sleep(Duration::from_millis(50));
        }
        Err(format!("no greeting on 127.0.0.1:{} within {timeout:?} ({last})", self.port))
    }

    fn initialize(&self, setup: &Setup<'_>) -> Result<(), String> {
        if self.kind == Kind::Cyrus {
            cyrus::create_mailboxes(self)?;
        }
        let (user, password) = USERS[0];
        seed::upload(self.port, user, password, setup.corpus).map_err(|e| format!("seeding {user}'s mailboxes: {e}"))
    }

    /// `DIR/env`: KEY=VALUE lines that tests parse and shells can source.
    fn write_env(&self, pid: u32, setup: &Setup<'_>) -> Result<(), String> {
        let users: Vec<String> = USERS.iter().map(|(u, p)| format!("{u}:{p}")).collect();
        let mut vars = vec![
            ("IMAPTEST_SERVER", self.name().to_owned()),
            ("IMAPTEST_HOST", "127.0.0.1".to_owned()),
            ("IMAPTEST_PORT", self.port.to_string()),
            ("IMAPTEST_TLS_PORT", self.tls_port.to_string()),
            ("IMAPTEST_CA", setup.pki.ca.display().to_string()),
            ("IMAPTEST_USERS", users.join(" ")),
            ("IMAPTEST_MASTER", format!("{}:{}", MASTER.0, MASTER.1)),
            ("IMAPTEST_ADMIN", format!("{}:{}", ADMIN.0, ADMIN.1)),
            ("IMAPTEST_SEED", setup.manifest.display().to_string()),
            ("IMAPTEST_DIR", self.dir.display().to_string()),
            ("IMAPTEST_PID", pid.to_string()),
            ("IMAPTEST_LOG", self.log().display().to_string()),
        ];
        if self.kind == Kind::Dovecot {
            // `doveadm -c CONF exec imap -u alice` runs imap on stdin/stdout (PREAUTH).
            vars.push(("IMAPTEST_DOVEADM", format!("{} -c {}", dovecot::DOVEADM, self.config().display())));
        }
        let mut text = format!("# {} test instance from `cargo xtask interop` (KEY=VALUE; sourceable)\n", self.name());
        for (key, value) in vars {
            let quoted = if value.contains(' ') { format!("\"{value}\"") } else { value };
            text.push_str(&format!("{key}={quoted}\n"));
        }
        fs::write(self.env_file(), text).map_err(|e| format!("write {}: {e}", self.env_file().display()))?;
        set_mode(&self.env_file(), 0o644)
    }

    /// SIGTERM to the recorded master pid (after checking it is ours), SIGKILL to the same pid
    /// after 15 s; waits until the ports close. Ok(false) when nothing was running.
    pub(super) fn stop(&self) -> Result<bool, String> {
        let recorded = read_pid(&self.pid_file()).or_else(|| read_pid(&self.dir.join("run/master.pid")));
        let result = match recorded {
            None => Ok(false),
            Some(pid) => match is_ours(pid, self.exe(), &self.config()) {
                Err(why) => Err(format!("not stopping pid {pid}: {why}")),
                Ok(()) => self.terminate(pid).map(|()| true),
            },
        };
        let _ = fs::remove_file(self.pid_file());
        let _ = fs::remove_file(self.env_file());
        result
    }

    fn terminate(&self, pid: u32) -> Result<(), String> {
        signal(pid, "TERM")?;
        if !wait_exit(pid, Duration::from_secs(15)) {
            eprintln!("xtask: {} (pid {pid}) ignored SIGTERM for 15 s; sending SIGKILL", self.name());
            is_ours(pid, self.exe(), &self.config())?;
            signal(pid, "KILL")?;
            if !wait_exit(pid, Duration::from_secs(5)) {
                return Err(format!("pid {pid} survived SIGKILL"));
            }
        }
        // Children that still hold a listening socket would make the next start fail.
        if !wait_until(Duration::from_secs(10), || !port_open(self.port) && !port_open(self.tls_port)) {
            return Err(format!(
                "the master exited but 127.0.0.1:{}/{} still accept connections",
                self.port, self.tls_port
            ));
        }
        Ok(())
    }
}

fn start_timeout() -> Duration {
    let seconds = std::env::var("IMAP_INTEROP_START_TIMEOUT").ok().and_then(|s| s.parse().ok()).unwrap_or(30);
    Duration::from_secs(seconds)
}

/// Fills the `@NAME@` placeholders of the template `name` in `templates`; a placeholder left
/// over is an error (a typo would otherwise reach the server as a literal value).
pub(super) fn render(templates: &Path, name: &str, values: &[(&str, String)]) -> Result<String, String> {
    let path = templates.join(name);
    let mut text = fs::read_to_string(&path).map_err(|e| format!("read {}: {e}", path.display()))?;
    for (key, value) in values {
        text = text.replace(&format!("@{key}@"), value);
    }
    match placeholder(&text) {
        Some(key) => Err(format!("{}: no value for @{key}@", path.display())),
        None => Ok(text),
    }
}

/// The first `@NAME@` in `text`.
fn placeholder(text: &str) -> Option<&str> {
    let mut rest = text;
    while let Some(at) = rest.find('@') {
        rest = &rest[at + 1..];
        let name = rest.find('@').map(|end| &rest[..end])?;
        if !name.is_empty() && name.bytes().all(|b| b.is_ascii_uppercase() || b == b'_') {
            return Some(name);
        }
    }
    None
}

/// Copies the server certificate and key into `dir` (a server's own `tls/`), the key readable
/// by `owner` only.
pub(super) fn install_cert(pki: &Pki, dir: &Path, owner: Option<&super::process::Account>) -> Result<(), String> {
    fs::create_dir_all(dir).map_err(|e| format!("create {}: {e}", dir.display()))?;
    let (cert, key) = (dir.join("server.pem"), dir.join("server.key"));
    fs::copy(&pki.cert, &cert).map_err(|e| format!("copy certificate: {e}"))?;
    fs::copy(&pki.key, &key).map_err(|e| format!("copy key: {e}"))?;
    set_mode(&cert, 0o644)?;
    set_mode(&key, 0o600)?;
    match owner {
        Some(account) => super::process::chown(&key, account),
        None => Ok(()),
    }
}
