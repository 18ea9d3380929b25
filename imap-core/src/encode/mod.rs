//! The command encoder: typed commands in, the bytes to send out.
//!
//! Every argument goes out as an atom, a quoted string or a literal, whichever its content
//! allows: CR, LF and 8-bit bytes (outside UTF-8 mode) force a literal, NUL is refused, so
//! nothing a caller passes can end a command early or break its quoting. Passwords are always
//! quoted or literal. Literals are synchronizing (`{n}`: wait for the server's `+`) unless the
//! server advertised `LITERAL+` (any size) or `LITERAL-` (up to 4096 bytes).
//!
//! ```
//! use imap_core::encode::{Command, EncodeOptions};
//! use imap_core::types::{Mailbox, Tag};
//!
//! let command = Command::Select { mailbox: Mailbox::new("Entwürfe"), read_only: false };
//! let encoded = command.encode(Tag::new("A1").unwrap(), &EncodeOptions::default()).unwrap();
//! assert_eq!(encoded.to_bytes(), b"A1 SELECT Entw&APw-rfe\r\n");
//! ```

mod command;
mod fetch;
mod search;
mod writer;

use bytes::{Bytes, BytesMut};

pub use command::{AppendData, Arg, Command, StatusItem, StoreMode};
pub use fetch::{FetchAttr, FetchItems};
pub use search::{SearchDate, SearchKey};

use crate::escape::escape_bytes;
use crate::types::{CapabilitySet, LiteralMode, Tag};

/// The largest literal that `LITERAL-` (RFC 7888) allows to be non-synchronizing.
pub const LITERAL_MINUS_MAX: usize = 4096;

/// What the server allows: decides literal modes and whether 8-bit text may be quoted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct EncodeOptions {
    /// The server advertised `LITERAL+`: every literal may be non-synchronizing.
    pub literal_plus: bool,
    /// The server advertised `LITERAL-`: literals up to 4096 bytes may be non-synchronizing.
    pub literal_minus: bool,
    /// `UTF8=ACCEPT` is enabled: UTF-8 may be quoted and mailbox names are sent as UTF-8.
    pub utf8: bool,
}

impl EncodeOptions {
    /// Options from a server's capabilities (UTF-8 mode is switched on separately, after ENABLE).
    pub fn from_capabilities(capabilities: &CapabilitySet) -> Self {
        EncodeOptions {
            literal_plus: capabilities.has("LITERAL+"),
            literal_minus: capabilities.has("LITERAL-"),
            utf8: false,
        }
    }

    /// The mode a literal of `len` bytes is sent in.
    pub fn literal_mode(&self, len: usize) -> LiteralMode {
        if self.literal_plus || (self.literal_minus && len <= LITERAL_MINUS_MAX) {
            LiteralMode::NonSync
        } else {
            LiteralMode::Sync
        }
    }
}

/// A piece of an encoded command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fragment {
    /// Bytes to send as they are. A line that precedes a literal ends with its announcement
    /// (`{n}\r\n`).
    Line(Bytes),
    /// Literal data. For [`LiteralMode::Sync`] the sender must wait for the server's `+`
    /// continuation (after sending the preceding line) before sending it.
    Literal {
        /// The literal's bytes.
        data: Bytes,
        /// Whether to wait for `+` first.
        mode: LiteralMode,
    },
}

/// A command ready to send: its tag and its fragments in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EncodedCommand {
    /// The command's tag.
    pub tag: Tag,
    /// The pieces to send, in order.
    pub fragments: Vec<Fragment>,
}

impl EncodedCommand {
    /// All fragments concatenated: the exact bytes on the wire.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = BytesMut::new();
        for fragment in &self.fragments {
            match fragment {
                Fragment::Line(bytes) | Fragment::Literal { data: bytes, .. } => out.extend_from_slice(bytes),
            }
        }
        out.to_vec()
    }

    /// True when sending must pause for a continuation request.
    pub fn has_sync_literal(&self) -> bool {
        self.fragments.iter().any(|f| matches!(f, Fragment::Literal { mode: LiteralMode::Sync, .. }))
    }
}

/// An argument that cannot be sent in any form.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("cannot send {what}: {reason}{}", .shown.as_ref().map(|s| format!(" (\"{s}\", byte {})", .position)).unwrap_or_default())]
pub struct EncodeError {
    what: &'static str,
    reason: &'static str,
    shown: Option<String>,
    position: usize,
}

impl EncodeError {
    pub(crate) fn new(what: &'static str, reason: &'static str, value: &[u8], position: usize, secret: bool) -> Self {
        let shown = (!secret).then(|| escape_bytes(value, 80));
        EncodeError { what, reason, shown, position }
    }

    /// Which argument was refused (`"mailbox name"`, `"password"`, ...).
    pub fn what(&self) -> &'static str {
        self.what
    }

    /// Offset of the offending byte in the argument.
    pub fn position(&self) -> usize {
        self.position
    }
}

/// The base64 line answering a SASL challenge (RFC 3501 section 6.2.2), with CRLF.
pub fn auth_response(data: &[u8]) -> Bytes {
    use base64::Engine;
    let mut line = base64::engine::general_purpose::STANDARD.encode(data).into_bytes();
    line.extend_from_slice(b"\r\n");
    Bytes::from(line)
}

/// The line that aborts a SASL exchange: `*` CRLF.
pub fn auth_abort() -> Bytes {
    Bytes::from_static(b"*\r\n")
}

#[cfg(test)]
mod tests;
