//! Processes, ports and system accounts, through `/proc`, `/etc/passwd` and plain commands:
//! xtask has no libc binding, and these few calls do not justify one.

use std::fs;
use std::io::{BufRead, BufReader};
use std::net::{Ipv4Addr, SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Command, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

/// The effective uid of this process (the `Uid:` line of `/proc/self/status`).
pub(super) fn euid() -> Option<u32> {
    let status = fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("Uid:"))?;
    line.split_whitespace().nth(2)?.parse().ok()
}

pub(super) fn is_root() -> bool {
    euid() == Some(0)
}

/// A system account: name, uid, gid.
#[derive(Debug, Clone)]
pub(super) struct Account {
    pub(super) name: String,
    pub(super) uid: u32,
    pub(super) gid: u32,
}

/// The first `/etc/passwd` entry for which `matches(name, uid)` holds.
fn passwd_entry(matches: impl Fn(&str, u32) -> bool) -> Option<Account> {
    let passwd = fs::read_to_string("/etc/passwd").ok()?;
    passwd.lines().find_map(|line| {
        let fields: Vec<&str> = line.split(':').collect();
        let (name, uid, gid) = (fields.first()?, fields.get(2)?.parse().ok()?, fields.get(3)?.parse().ok()?);
        matches(name, uid).then(|| Account { name: (*name).to_owned(), uid, gid })
    })
}

pub(super) fn account(name: &str) -> Option<Account> {
    passwd_entry(|n, _| n == name)
}

pub(super) fn current_account() -> Option<Account> {
    let uid = euid()?;
    passwd_entry(|_, u| u == uid)
}

/// The name of group `gid` (from `/etc/group`).
pub(super) fn group_name(gid: u32) -> Option<String> {
    let group = fs::read_to_string("/etc/group").ok()?;
    group.lines().find_map(|line| {
        let fields: Vec<&str> = line.split(':').collect();
        (fields.get(2)?.parse::<u32>().ok()? == gid).then(|| fields[0].to_owned())
    })
}

pub(super) fn chown(path: &Path, account: &Account) -> Result<(), String> {
    std::os::unix::fs::chown(path, Some(account.uid), Some(account.gid))
        .map_err(|e| format!("chown {} {}: {e}", account.name, path.display()))
}

pub(super) fn set_mode(path: &Path, mode: u32) -> Result<(), String> {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(mode)).map_err(|e| format!("chmod {}: {e}", path.display()))
}

/// Whether `pid` is a live process (a zombie, left when nobody reaps a daemon that exited in
/// a container without an init, counts as gone).
pub(super) fn alive(pid: u32) -> bool {
    let Ok(stat) = fs::read_to_string(format!("/proc/{pid}/stat")) else { return false };
    // The state follows the command name, which is in parentheses and may contain spaces.
    let state = stat.rsplit_once(')').and_then(|(_, rest)| rest.split_whitespace().next());
    !matches!(state, Some("Z" | "X") | None)
}

/// The pid recorded in `file`, if that process is alive.
pub(super) fn read_pid(file: &Path) -> Option<u32> {
    let pid = fs::read_to_string(file).ok()?.trim().parse().ok()?;
    alive(pid).then_some(pid)
}

/// Checks that `pid` is the master we started: its executable is `exe` and its command line
/// names `marker` (our config file). A pid file can outlive its process and the number be
/// reused, and another instance runs the same binary, so neither check alone is enough.
pub(super) fn is_ours(pid: u32, exe: &Path, marker: &Path) -> Result<(), String> {
    let actual = fs::read_link(format!("/proc/{pid}/exe")).map_err(|e| format!("pid {pid}: /proc/{pid}/exe: {e}"))?;
    // A binary replaced by an upgrade shows as "PATH (deleted)".
    let actual_text = actual.to_string_lossy();
    let expected = fs::canonicalize(exe).unwrap_or_else(|_| exe.to_path_buf());
    if !actual_text.starts_with(expected.to_string_lossy().as_ref()) {
        return Err(format!("pid {pid} runs {actual_text}, not {}", expected.display()));
    }
    let cmdline = fs::read(format!("/proc/{pid}/cmdline")).map_err(|e| format!("pid {pid}: cmdline: {e}"))?;
    let marker = marker.to_string_lossy();
    if !cmdline.split(|&b| b == 0).any(|arg| arg == marker.as_bytes()) {
        return Err(format!("pid {pid} ({actual_text}) was not started with {marker}"));
    }
    Ok(())
}

/// Sends `signal` (TERM, KILL) to `pid` with bash's `kill` builtin.
pub(super) fn signal(pid: u32, signal: &str) -> Result<(), String> {
    let status = Command::new("bash")
        .args(["-c", "kill -s \"$1\" \"$2\"", "kill", signal, &pid.to_string()])
        .stderr(Stdio::null())
        .status()
        .map_err(|e| format!("cannot run bash to signal pid {pid}: {e}"))?;
    if status.success() || !alive(pid) { Ok(()) } else { Err(format!("kill -s {signal} {pid} failed")) }
}

/// Waits until `pid` has exited; false after `timeout`.
pub(super) fn wait_exit(pid: u32, timeout: Duration) -> bool {
    wait_until(timeout, || !alive(pid))
}

/// Polls `done` every 20 ms until it holds (true) or `timeout` passes (false).
pub(super) fn wait_until(timeout: Duration, mut done: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + timeout;
    loop {
        if done() {
            return true;
        }
        if Instant::now() >= deadline {
            return false;
        }
        sleep(Duration::from_millis(20));
    }
}

pub(super) fn loopback(port: u16) -> SocketAddr {
    SocketAddr::from((Ipv4Addr::LOCALHOST, port))
}

/// Whether something accepts TCP connections on 127.0.0.1:`port`.
pub(super) fn port_open(port: u16) -> bool {
    TcpStream::connect_timeout(&loopback(port), Duration::from_millis(500)).is_ok()
}

/// Runs `command`, returning its stdout; on failure the error carries its stderr.
pub(super) fn output(mut command: Command) -> Result<String, String> {
    let out = command.stdin(Stdio::null()).output().map_err(|e| format!("cannot run {command:?}: {e}"))?;
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    } else {
        Err(format!("{command:?} failed ({}): {}", out.status, String::from_utf8_lossy(&out.stderr).trim()))
    }
}

/// The last `n` lines of a log file, for error messages.
pub(super) fn tail(file: &Path, n: usize) -> String {
    let Ok(f) = fs::File::open(file) else { return format!("({} is missing)", file.display()) };
    let lines: Vec<String> = BufReader::new(f).lines().map_while(Result::ok).collect();
    let start = lines.len().saturating_sub(n);
    format!("--- {} (last {} lines)\n{}", file.display(), lines.len() - start, lines[start..].join("\n"))
}
