//! Packages: runs xtask/servers/install.sh, which installs what is missing with apt-get and
//! returns in milliseconds when nothing is.

use std::path::Path;
use std::process::Command;

use super::Kind;

/// Where install.sh unpacks Debian's cyrus-imapd package (see install.sh for why).
pub(super) const CYRUS_UNPACK_DIR: &str = "/opt/imap-rs-interop/cyrus-imapd";

pub(super) fn ensure(templates: &Path, kinds: &[Kind]) -> Result<(), String> {
    let mut command = Command::new("bash");
    // Called through bash: a CI checkout may have lost the exec bits.
    command.arg(templates.join("install.sh")).args(["--cyrus-dir", CYRUS_UNPACK_DIR]);
    for kind in kinds {
        command.arg(format!("--{}", kind.name()));
    }
    let status = command.status().map_err(|e| format!("cannot run bash: {e}"))?;
    if status.success() { Ok(()) } else { Err(format!("installing the servers failed ({status})")) }
}
