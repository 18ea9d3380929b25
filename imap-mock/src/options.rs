//! How the mock server behaves on the wire: line ends, output chunking, TLS, limits.

use crate::tls::TestCertificate;

/// Server options. The default sends CRLF line ends, writes each message whole, and has no TLS.
#[derive(Debug, Clone)]
pub struct MockOptions {
    /// Line ends of the server's lines (literal contents are never changed).
    pub line_ends: LineEnds,
    /// How the server's bytes are split into writes.
    pub output: OutputMode,
    /// The certificate for `! starttls` and for TLS listeners.
    pub tls: Option<TestCertificate>,
    /// The largest client literal accepted.
    pub max_literal: usize,
    /// The longest client line accepted.
    pub max_line: usize,
}

impl Default for MockOptions {
    fn default() -> Self {
        MockOptions {
            line_ends: LineEnds::Crlf,
            output: OutputMode::Whole,
            tls: None,
            max_literal: 64 << 20,
            max_line: 1 << 20,
        }
    }
}

/// The server's line ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LineEnds {
    /// `\r\n`, as RFC 3501 requires.
    #[default]
    Crlf,
    /// A bare `\n`, as some servers send.
    Lf,
}

/// How server output is split into writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OutputMode {
    /// Each message in one write.
    #[default]
    Whole,
    /// One byte per write: every byte boundary is a chunk boundary.
    ByteAtATime,
    /// Writes of 1 to `max` bytes, sizes drawn from a generator seeded with `seed`.
    Chunked {
        /// The seed (same seed, same chunks).
        seed: u64,
        /// The largest chunk.
        max: usize,
    },
}
