//! A private CA and one server certificate (SAN DNS:localhost, IP:127.0.0.1, IP:::1) per base
//! directory, made with the openssl command line. Both servers use the same certificate, so
//! tests need a single trust anchor: `IMAPTEST_CA`.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use super::process::{output, set_mode};

/// The files of the test PKI.
pub(super) struct Pki {
    /// The trust anchor for clients (`IMAPTEST_CA`).
    pub(super) ca: PathBuf,
    pub(super) cert: PathBuf,
    pub(super) key: PathBuf,
}

impl Pki {
    pub(super) fn in_dir(dir: &Path) -> Pki {
        Pki { ca: dir.join("ca.pem"), cert: dir.join("server.pem"), key: dir.join("server.key") }
    }
}

/// Reuses the CA and certificate in `dir` while they verify and stay valid for another day;
/// otherwise makes new ones. `template` is xtask/servers/openssl.cnf.
pub(super) fn ensure(dir: &Path, template: &Path) -> Result<Pki, String> {
    let pki = Pki::in_dir(dir);
    if still_good(&pki) {
        return Ok(pki);
    }
    fs::create_dir_all(dir).map_err(|e| format!("create {}: {e}", dir.display()))?;
    set_mode(dir, 0o755)?;
    // Generated beside the final files and renamed into place, so a crash or a concurrent run
    // never leaves a CA that does not match its certificate.
    let tmp = dir.join(format!(".new-{}", std::process::id()));
    let _ = fs::remove_dir_all(&tmp);
    fs::create_dir_all(&tmp).map_err(|e| format!("create {}: {e}", tmp.display()))?;
    let result = generate(&tmp, template);
    if result.is_ok() {
        for name in ["ca.key", "ca.pem", "server.key", "server.pem"] {
            fs::rename(tmp.join(name), dir.join(name)).map_err(|e| format!("install {name}: {e}"))?;
        }
    }
    let _ = fs::remove_dir_all(&tmp);
    result?;
    set_mode(&pki.ca, 0o644)?;
    set_mode(&pki.cert, 0o644)?;
    set_mode(&pki.key, 0o600)?;
    set_mode(&dir.join("ca.key"), 0o600)?;
    Ok(pki)
}

fn still_good(pki: &Pki) -> bool {
    if ![&pki.ca, &pki.cert, &pki.key].iter().all(|p| p.is_file()) {
        return false;
    }
    let mut verify = Command::new("openssl");
    verify.arg("verify").arg("-CAfile").arg(&pki.ca).arg(&pki.cert);
    let mut fresh = Command::new("openssl");
    fresh.args(["x509", "-noout", "-checkend", "86400", "-in"]).arg(&pki.cert);
    output(verify).is_ok() && output(fresh).is_ok()
}

fn openssl(dir: &Path, args: &[&str]) -> Result<(), String> {
    let mut command = Command::new("openssl");
    command.current_dir(dir).args(args);
    output(command).map(drop).map_err(|e| format!("{e} (is openssl installed?)"))
}

fn generate(dir: &Path, template: &Path) -> Result<(), String> {
    let config = template.to_str().ok_or("non-UTF-8 path to openssl.cnf")?;
    // EC P-256: fast to generate, and accepted by rustls, OpenSSL and both servers.
    let key = ["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out"];
    openssl(dir, &[&key[..], &["ca.key"]].concat())?;
    openssl(
        dir,
        &[
            "req",
            "-x509",
            "-new",
            "-key",
            "ca.key",
            "-sha256",
            "-days",
            "3650",
            "-config",
            config,
            "-extensions",
            "v3_ca",
            "-out",
            "ca.pem",
        ],
    )?;
    openssl(dir, &[&key[..], &["server.key"]].concat())?;
    openssl(
        dir,
        &["req", "-new", "-key", "server.key", "-config", config, "-subj", "/CN=localhost", "-out", "server.csr"],
    )?;
    openssl(
        dir,
        &[
            "x509",
            "-req",
            "-in",
            "server.csr",
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-days",
            "3650",
            "-sha256",
            "-extfile",
            config,
            "-extensions",
            "v3_server",
            "-out",
            "server.pem",
        ],
    )
}
