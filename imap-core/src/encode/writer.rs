//! Argument encoding: each argument goes out as an atom, a quoted string or a literal,
//! whichever its content allows, so that nothing a caller passes can break the framing.

use bytes::Bytes;

use super::{EncodeError, EncodeOptions, Fragment};
use crate::types::chars::{is_astring_char, is_list_char, is_plain_quoted_char};
use crate::types::{Flag, LiteralMode, Mailbox};

/// Strings longer than this go out as literals even when they could be quoted: servers limit
/// line lengths, and a literal says its length up front.
const MAX_QUOTED: usize = 1024;

/// Builds a command's fragments.
pub(crate) struct Writer<'o> {
    options: &'o EncodeOptions,
    fragments: Vec<Fragment>,
    line: Vec<u8>,
}

/// How a string argument may be represented.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum StringKind {
    /// `astring`: an atom when possible.
    AString,
    /// `string`: quoted or literal, never an atom (passwords, search values).
    String,
    /// `list-mailbox`: an atom that may contain `%` and `*`.
    ListMailbox,
}

impl<'o> Writer<'o> {
    pub(crate) fn new(options: &'o EncodeOptions) -> Self {
        Writer { options, fragments: Vec::new(), line: Vec::with_capacity(64) }
    }

    /// Protocol text the encoder itself chose (keywords, numbers, punctuation).
    pub(crate) fn raw(&mut self, bytes: &[u8]) {
        self.line.extend_from_slice(bytes);
    }

    pub(crate) fn sp(&mut self) {
        self.line.push(b' ');
    }

    pub(crate) fn number(&mut self, n: impl Into<u64>) {
        self.line.extend_from_slice(n.into().to_string().as_bytes());
    }

    /// A string argument of the given kind. `what` names it in errors; `secret` keeps its value
    /// out of them.
    pub(crate) fn string(
        &mut self,
        value: &[u8],
        kind: StringKind,
        what: &'static str,
        secret: bool,
    ) -> Result<(), EncodeError> {
        if let Some(pos) = memchr::memchr(0, value) {
            return Err(EncodeError::new(
                what,
                "contains a NUL byte, which no string form can carry",
                value,
                pos,
                secret,
            ));
        }
        let bare_ok = match kind {
            StringKind::AString => value.iter().all(|&b| is_astring_char(b)),
            StringKind::ListMailbox => value.iter().all(|&b| is_list_char(b)),
            StringKind::String => false,
        };
        if bare_ok && !value.is_empty() && !value.eq_ignore_ascii_case(b"NIL") {
            self.line.extend_from_slice(value);
        } else if self.quotable(value) {
            self.quoted(value);
        } else {
            self.literal(Bytes::copy_from_slice(value), false);
        }
        Ok(())
    }

    fn quotable(&self, value: &[u8]) -> bool {
        value.len() <= MAX_QUOTED
            && value
                .iter()
                .all(|&b| is_plain_quoted_char(b) || b == b'"' || b == b'\\' || (b >= 0x80 && self.options.utf8))
    }

    fn quoted(&mut self, value: &[u8]) {
        self.line.push(b'"');
        for &b in value {
            if b == b'"' || b == b'\\' {
                self.line.push(b'\\');
            }
            self.line.push(b);
        }
        self.line.push(b'"');
    }

    /// A literal: `{n}` (or `{n+}`, `~{n}`) closes the current line fragment and the data
    /// follows as its own fragment.
    pub(crate) fn literal(&mut self, data: Bytes, binary: bool) {
        let mode = self.options.literal_mode(data.len());
        if binary {
            self.line.push(b'~');
        }
        self.line.push(b'{');
        self.line.extend_from_slice(data.len().to_string().as_bytes());
        if mode == LiteralMode::NonSync {
            self.line.push(b'+');
        }
        self.line.extend_from_slice(b"}\r\n");
        self.fragments.push(Fragment::Line(Bytes::from(std::mem::take(&mut self.line))));
        self.fragments.push(Fragment::Literal { data, mode });
    }

    /// A mailbox name: modified UTF-7, or UTF-8 in UTF-8 mode.
    pub(crate) fn mailbox(&mut self, mailbox: &Mailbox) -> Result<(), EncodeError> {
        let wire = mailbox.to_wire(self.options.utf8);
        self.string(&wire, StringKind::AString, "mailbox name", false)
    }

    /// A `list-mailbox` pattern (wildcards `%` and `*` stay bare).
    pub(crate) fn list_pattern(&mut self, pattern: &Mailbox) -> Result<(), EncodeError> {
        let wire = pattern.to_wire(self.options.utf8);
        self.string(&wire, StringKind::ListMailbox, "list pattern", false)
    }

    /// `(flag flag ...)`.
    pub(crate) fn flag_list(&mut self, flags: &[Flag]) {
        self.line.push(b'(');
        for (i, flag) in flags.iter().enumerate() {
            if i > 0 {
                self.sp();
            }
            self.line.extend_from_slice(flag.to_string().as_bytes());
        }
        self.line.push(b')');
    }

    /// Ends the command with CRLF and returns its fragments.
    pub(crate) fn finish(mut self) -> Vec<Fragment> {
        self.line.extend_from_slice(b"\r\n");
        self.fragments.push(Fragment::Line(Bytes::from(self.line)));
        self.fragments
    }
}
