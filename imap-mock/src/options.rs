//! How the mock server behaves on the wire: line ends, output chunking, faults, TLS, limits.

use crate::tls::TestCertificate;

/// Server options. The default sends CRLF line ends, writes each message whole, matches client
/// lines case-sensitively, and has no TLS.
///
/// Build them with struct update syntax:
///
/// ```
/// use imap_mock::{LineEnds, MockOptions, OutputMode};
/// let options = MockOptions {
///     line_ends: LineEnds::Lf,
///     output: OutputMode::Chunked { seed: 7, max: 5 },
///     ..MockOptions::default()
/// };
/// assert_eq!(options.drop_after, None);
/// ```
#[derive(Debug, Clone)]
pub struct MockOptions {
    /// Line ends of the server's lines (literal contents are never changed, so their announced
    /// sizes stay right).
    pub line_ends: LineEnds,
    /// How the server's bytes are split into writes (a script's `! output` directive changes it
    /// from that point on).
    pub output: OutputMode,
    /// Closes the connection once the server has sent this many bytes in total, wherever that
    /// falls (mid-line, mid-literal): sweep it over a conversation to test every cut-off point.
    pub drop_after: Option<usize>,
    /// Compares the exact parts of client patterns ignoring ASCII case (`select inbox` matches
    /// `C: A1 SELECT INBOX`). Captured values and literal contents are unaffected.
    pub ignore_case: bool,
    /// The certificate for `! starttls` and for TLS listeners.
    pub tls: Option<TestCertificate>,
    /// The largest client literal accepted; a larger announcement is answered with `BAD`.
    pub max_literal: usize,
    /// The longest client line accepted; a longer one is answered with `BAD`.
    pub max_line: usize,
}

impl Default for MockOptions {
    fn default() -> Self {
        MockOptions {
            line_ends: LineEnds::Crlf,
            output: OutputMode::Whole,
            drop_after: None,
            ignore_case: false,
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

impl LineEnds {
    /// The bytes that end a line.
    pub fn as_bytes(self) -> &'static [u8] {
        match self {
            LineEnds::Crlf => b"\r\n",
            LineEnds::Lf => b"\n",
        }
    }
}

/// How server output is split into writes (each write is flushed on its own, so a client
/// reading from the other end sees the same split).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OutputMode {
    /// Each message in one write.
    #[default]
    Whole,
    /// One byte per write: every byte boundary is a chunk boundary.
    ByteAtATime,
    /// Writes of 1 to `max` bytes, sizes drawn from a generator seeded with `seed`: the same seed
    /// gives the same chunks.
    Chunked {
        /// The seed.
        seed: u64,
        /// The largest chunk (0 counts as 1).
        max: usize,
    },
}
