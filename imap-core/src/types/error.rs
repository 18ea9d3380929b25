//! `ValueError`: a value that a protocol type refuses to hold.

use crate::escape::escape_bytes;

/// A value could not become a protocol type (an atom with a space, a quoted string with a CR,
/// a tag with `+`, ...). The message names the type, the reason and, unless the value is a
/// secret, the offending bytes.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid {kind}: {reason}{}", .shown.as_ref().map(|s| format!(" in \"{s}\"")).unwrap_or_default())]
pub struct ValueError {
    kind: &'static str,
    reason: &'static str,
    shown: Option<String>,
    position: Option<usize>,
}

impl ValueError {
    /// A refusal of `value` as a `kind`, for `reason`.
    pub(crate) fn new(kind: &'static str, reason: &'static str, value: &[u8]) -> Self {
        ValueError { kind, reason, shown: Some(escape_bytes(value, 80)), position: None }
    }

    /// The same refusal, pointing at the byte that caused it.
    pub(crate) fn at(mut self, position: usize) -> Self {
        self.position = Some(position);
        self
    }

    /// The protocol type that refused the value (`"atom"`, `"tag"`, ...).
    pub fn kind(&self) -> &'static str {
        self.kind
    }

    /// Why the value was refused.
    pub fn reason(&self) -> &'static str {
        self.reason
    }

    /// The offset of the offending byte, where one byte is to blame.
    pub fn position(&self) -> Option<usize> {
        self.position
    }
}
