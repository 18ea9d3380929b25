//! Bounds on what a server can make the decoder hold.

/// Limits that keep a misbehaving server from exhausting memory or the stack. Exceeding one
/// yields a typed [`ParseError`](crate::parse::ParseError); the decoder skips the offending
/// response without buffering it and goes on with the next one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Longest line (the text between literals), in bytes. Default 8 MiB: long enough for a
    /// SEARCH result over a million-message mailbox.
    pub max_line_length: usize,
    /// Largest literal kept in memory, in bytes. Default 256 MiB. Literals above the streaming
    /// threshold are not kept, so this bound does not apply to them.
    pub max_literal_size: u64,
    /// Deepest nesting of lists and body structures. Default 64.
    pub max_depth: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_line_length: 8 << 20, max_literal_size: 256 << 20, max_depth: crate::parse::DEFAULT_MAX_DEPTH }
    }
}
