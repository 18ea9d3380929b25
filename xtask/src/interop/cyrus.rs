//! The private Cyrus IMAP 3.6 instance: sasldb users, imapd.conf and cyrus.conf (templates
//! in xtask/servers), and Cyrus' `master`, which must start as root (it binds, then runs its
//! services as user `cyrus`).

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use super::imap::Imap;
use super::install::CYRUS_UNPACK_DIR;
use super::instance::{Instance, Setup, install_cert, render};
use super::process::{Account, account, chown, is_root, read_pid, set_mode, tail, wait_until};
use super::{ADMIN, MASTER, USERS};

/// cyrus-common's master and tools.
pub(super) const MASTER_EXE: &str = "/usr/lib/cyrus/bin/master";
const LIBEXEC: &str = "/usr/lib/cyrus/bin";
const SASLPASSWD2: &str = "/usr/sbin/saslpasswd2";
/// Cyrus' configdirectory layout (it does not create these itself).
const LIB_DIRS: [&str; 11] =
    ["socket", "proc", "lock", "db", "log", "msg", "quota", "user", "sieve", "ptclient", "sync"];

/// Where imapd and idled are: cyrus-imapd's own files if it is installed (then Dovecot is
/// not: the packages conflict), else the copy install.sh unpacked.
fn bindir() -> Result<PathBuf, String> {
    let unpacked = Path::new(CYRUS_UNPACK_DIR).join("usr/lib/cyrus/bin");
    [PathBuf::from(LIBEXEC), unpacked]
        .into_iter()
        .find(|d| d.join("imapd").exists() && d.join("idled").exists())
        .ok_or_else(|| {
            format!("Cyrus' imapd is in neither {LIBEXEC} nor {CYRUS_UNPACK_DIR}; run without --skip-install")
        })
}

/// Writes the configuration and the sasldb and starts the master; returns its pid.
pub(super) fn launch(instance: &Instance, setup: &Setup<'_>) -> Result<u32, String> {
    if !is_root() {
        return Err("Cyrus must be started as root (its master binds, then switches to user cyrus); \
                    use --only dovecot otherwise"
            .into());
    }
    if !Path::new(MASTER_EXE).exists() || !Path::new(SASLPASSWD2).exists() {
        return Err("Cyrus is not installed (cyrus-common, sasl2-bin); run without --skip-install".into());
    }
    let bindir = bindir()?;
    let cyrus = account("cyrus").ok_or("system user `cyrus` is missing (reinstall cyrus-common)")?;
    let dir = &instance.dir;
    for sub in ["etc", "log", "run", "spool", "lib"] {
        fs::create_dir_all(dir.join(sub)).map_err(|e| format!("create {sub}: {e}"))?;
    }
    set_mode(&dir.join("etc"), 0o755)?;
    for sub in ["log", "run", "spool", "lib"] {
        chown(&dir.join(sub), &cyrus)?;
    }
    for sub in LIB_DIRS {
        let path = dir.join("lib").join(sub);
        fs::create_dir_all(&path).map_err(|e| format!("create {}: {e}", path.display()))?;
        chown(&path, &cyrus)?;
    }
    install_cert(setup.pki, &dir.join("tls"), Some(&cyrus))?;
    let values = [
        ("DIR", dir.display().to_string()),
        ("PORT", instance.port.to_string()),
        ("TLS_PORT", instance.tls_port.to_string()),
        ("LIBEXEC", LIBEXEC.to_owned()),
        ("BINDIR", bindir.display().to_string()),
    ];
    for name in ["imapd.conf", "cyrus.conf"] {
        let path = dir.join("etc").join(name);
        fs::write(&path, render(setup.templates, name, &values)?).map_err(|e| format!("write {name}: {e}"))?;
        set_mode(&path, 0o644)?;
    }
    write_sasldb(&dir.join("etc/sasldb2"), &cyrus)?;

    // -d: daemonize once the START commands (database recovery) have run. Output to a file,
    // because a pipe would stay open as long as the daemon runs.
    let startup = dir.join("log/startup.out");
    let out = fs::File::create(&startup).map_err(|e| format!("create {}: {e}", startup.display()))?;
    let err = out.try_clone().map_err(|e| e.to_string())?;
    let pid_file = dir.join("run/master.pid");
    let status = Command::new(MASTER_EXE)
        .arg("-C")
        .arg(instance.config())
        .arg("-M")
        .arg(dir.join("etc/cyrus.conf"))
        .arg("-p")
        .arg(&pid_file)
        .arg("-L")
        .arg(dir.join("log/master.log"))
        .arg("-d")
        .stdin(Stdio::null())
        .stdout(out)
        .stderr(err)
        .status()
        .map_err(|e| format!("cannot run {MASTER_EXE}: {e}"))?;
    if !status.success() {
        return Err(format!(
            "cyrus master failed ({status})\n{}\n{}",
            tail(&startup, 20),
            tail(&dir.join("log/master.log"), 20)
        ));
    }
    let mut pid = None;
    wait_until(Duration::from_secs(10), || {
        pid = read_pid(&pid_file);
        pid.is_some()
    });
    pid.ok_or_else(|| {
        format!("cyrus master wrote no {}\n{}", pid_file.display(), tail(&dir.join("log/master.log"), 20))
    })
}

/// All users, the admin and the proxy user in an auxprop sasldb: Cyrus can then do CRAM-MD5
/// and SCRAM, which saslauthd (plaintext checks only) cannot.
fn write_sasldb(db: &Path, cyrus: &Account) -> Result<(), String> {
    for (name, password) in USERS.iter().chain([&ADMIN, &MASTER]) {
        // -p: the password comes from stdin, so it is never on a command line.
        let mut child = Command::new(SASLPASSWD2)
            .arg("-f")
            .arg(db)
            .args(["-u", "localhost", "-c", "-p", name])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot run {SASLPASSWD2}: {e}"))?;
        if let Some(mut stdin) = child.stdin.take() {
            stdin.write_all(password.as_bytes()).map_err(|e| format!("saslpasswd2 {name}: {e}"))?;
        }
        let out = child.wait_with_output().map_err(|e| format!("saslpasswd2 {name}: {e}"))?;
        if !out.status.success() {
            return Err(format!("saslpasswd2 {name} failed: {}", String::from_utf8_lossy(&out.stderr).trim()));
        }
    }
    chown(db, cyrus)?;
    set_mode(db, 0o640)
}

/// A first login per user creates INBOX and the special-use folders (autocreate); then the
/// admin gives `tiny` its small quota, as Dovecot's userdb does. The logins run in parallel:
/// each creates six mailboxes, and Cyrus syncs every one to disk.
pub(super) fn create_mailboxes(instance: &Instance) -> Result<(), String> {
    let timeout = Duration::from_secs(20);
    let first_login = |name: &str, password: &str| -> Result<(), String> {
        let mut imap = Imap::connect(instance.port, timeout)?;
        imap.authenticate_plain("", name, password).map_err(|e| format!("first login of {name}: {e}"))?;
        imap.logout();
        Ok(())
    };
    std::thread::scope(|scope| {
        let logins: Vec<_> =
            USERS.iter().map(|(name, password)| scope.spawn(move || first_login(name, password))).collect();
        logins.into_iter().try_for_each(|login| login.join().unwrap_or_else(|_| Err("login thread panicked".into())))
    })?;
    let mut imap = Imap::connect(instance.port, timeout)?;
    imap.authenticate_plain("", ADMIN.0, ADMIN.1)?;
    imap.command("SETQUOTA \"user/tiny\" (STORAGE 100 MESSAGE 10)")?;
    imap.logout();
    Ok(())
}
