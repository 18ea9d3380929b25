//! The private Dovecot 2.3 instance: users, configuration (xtask/servers/dovecot.conf) and
//! the master process, started with `dovecot -c DIR/etc/dovecot.conf`.

use std::fs;
use std::process::{Command, Stdio};
use std::time::Duration;

use super::instance::{Instance, Setup, install_cert, render};
use super::process::{Account, account, chown, current_account, group_name, is_root, read_pid, set_mode, tail};
use super::{ADMIN, MASTER, USERS};

pub(super) const EXE: &str = "/usr/sbin/dovecot";
pub(super) const DOVEADM: &str = "/usr/bin/doveadm";
/// Owns the mail store when started as root (Dovecot will not store mail as root); made by
/// install.sh.
const MAIL_USER: &str = "imaptest";

/// The accounts Dovecot's processes run as.
struct Accounts {
    mail: Account,
    internal: Account,
    login: Account,
    /// Login processes are chrooted (relative to base_dir) only when started as root.
    chroot: &'static str,
}

fn accounts() -> Result<Accounts, String> {
    let missing = |name: &str, fix: &str| format!("system user `{name}` is missing; {fix}");
    let package_user = |name: &str| account(name).ok_or_else(|| missing(name, "reinstall dovecot-core"));
    if is_root() {
        Ok(Accounts {
            mail: account(MAIL_USER)
                .ok_or_else(|| missing(MAIL_USER, "run without --skip-install (install.sh makes it)"))?,
            internal: package_user("dovecot")?,
            login: package_user("dovenull")?,
            chroot: "login",
        })
    } else {
        // Without root every Dovecot process simply runs as the calling user.
        let me = current_account().ok_or("the current uid has no /etc/passwd entry")?;
        Ok(Accounts { mail: me.clone(), internal: me.clone(), login: me, chroot: "" })
    }
}

/// Writes the configuration and starts the master; returns its pid.
pub(super) fn launch(instance: &Instance, setup: &Setup<'_>) -> Result<u32, String> {
    if !std::path::Path::new(EXE).exists() || !std::path::Path::new("/usr/lib/dovecot/imap").exists() {
        return Err("Dovecot is not installed (dovecot-core, dovecot-imapd); run without --skip-install".into());
    }
    let accounts = accounts()?;
    let dir = &instance.dir;
    for sub in ["etc", "run", "state", "log", "home", "var"] {
        fs::create_dir_all(dir.join(sub)).map_err(|e| format!("create {sub}: {e}"))?;
    }
    set_mode(&dir.join("etc"), 0o755)?;
    set_mode(&dir.join("home"), 0o755)?;
    chown(&dir.join("home"), &accounts.mail)?;
    chown(&dir.join("var"), &accounts.mail)?;
    install_cert(setup.pki, &dir.join("tls"), None)?;
    write_users(instance, &accounts.internal)?;

    let group = |a: &Account| group_name(a.gid).ok_or_else(|| format!("gid {} of {} has no name", a.gid, a.name));
    let config = render(
        setup.templates,
        "dovecot.conf",
        &[
            ("DIR", dir.display().to_string()),
            ("PORT", instance.port.to_string()),
            ("TLS_PORT", instance.tls_port.to_string()),
            ("MAIL_USER", accounts.mail.name.clone()),
            ("MAIL_GROUP", group(&accounts.mail)?),
            ("INTERNAL_USER", accounts.internal.name.clone()),
            ("INTERNAL_GROUP", group(&accounts.internal)?),
            ("LOGIN_USER", accounts.login.name.clone()),
            ("LOGIN_CHROOT", accounts.chroot.to_owned()),
        ],
    )?;
    fs::write(instance.config(), config).map_err(|e| format!("write dovecot.conf: {e}"))?;

    // The master daemonizes; its output goes to a file because a pipe would stay open as long
    // as the daemon runs.
    let startup = dir.join("log/startup.out");
    let out = fs::File::create(&startup).map_err(|e| format!("create {}: {e}", startup.display()))?;
    let err = out.try_clone().map_err(|e| e.to_string())?;
    let status = Command::new(EXE)
        .arg("-c")
        .arg(instance.config())
        .stdin(Stdio::null())
        .stdout(out)
        .stderr(err)
        .status()
        .map_err(|e| format!("cannot run {EXE}: {e}"))?;
    if !status.success() {
        return Err(format!(
            "dovecot failed to start ({status})\n{}\n{}",
            tail(&startup, 20),
            tail(&dir.join("log/dovecot.log"), 20)
        ));
    }
    let pid_file = dir.join("run/master.pid");
    let mut pid = None;
    super::process::wait_until(Duration::from_secs(10), || {
        pid = read_pid(&pid_file);
        pid.is_some()
    });
    pid.ok_or_else(|| format!("dovecot wrote no {}\n{}", pid_file.display(), tail(&dir.join("log/dovecot.log"), 20)))
}

/// passwd-file databases: `{PLAIN}` passwords are what CRAM-MD5 and SCRAM need besides
/// PLAIN and LOGIN. `tiny` gets a small quota (for OVERQUOTA tests), `admin` the userdb
/// admin flag Dovecot wants for SETQUOTA.
fn write_users(instance: &Instance, internal: &Account) -> Result<(), String> {
    let mut users = String::new();
    for (name, password) in USERS.iter().chain([&ADMIN]) {
        let extra = match *name {
            "tiny" => "userdb_quota_rule=*:storage=100K userdb_quota_rule2=*:messages=10",
            "admin" => "userdb_admin=yes",
            _ => "",
        };
        users.push_str(&format!("{name}:{{PLAIN}}{password}::::::{extra}\n"));
    }
    let masters = format!("{}:{{PLAIN}}{}::::::\n", MASTER.0, MASTER.1);
    for (file, text) in [("etc/users", users), ("etc/master-users", masters)] {
        let path = instance.dir.join(file);
        fs::write(&path, text).map_err(|e| format!("write {}: {e}", path.display()))?;
        // The auth process runs as the internal user and reads these.
        set_mode(&path, 0o640)?;
        std::os::unix::fs::chown(&path, None, Some(internal.gid))
            .map_err(|e| format!("chgrp {}: {e}", path.display()))?;
    }
    Ok(())
}
