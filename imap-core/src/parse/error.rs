//! Parse errors: the internal nom error and the public [`ParseError`] that carries the
//! response's bytes and the offset where parsing stopped.

use std::fmt;

use bytes::Bytes;
use nom::error::ErrorKind;

use crate::escape::escape_bytes;

/// Why a response could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ParseErrorKind {
    /// The bytes do not follow the grammar; `expected` says what the parser looked for.
    Syntax {
        /// What was expected at the offset (e.g. `"SP"`, `"number"`, `"address list"`).
        expected: &'static str,
    },
    /// A number does not fit its type.
    NumberTooLarge,
    /// Lists or body structures nest deeper than the configured limit.
    NestingTooDeep {
        /// The configured limit.
        limit: usize,
    },
    /// A line (without its literals) is longer than the configured limit.
    LineTooLong {
        /// The configured limit.
        limit: usize,
    },
    /// A literal announces more bytes than the configured limit.
    LiteralTooLarge {
        /// The size the server announced.
        size: u64,
        /// The configured limit.
        limit: u64,
    },
    /// A literal went to the literal consumer, but it stands where the parser needs the bytes
    /// (a string inside an envelope, say).
    StreamedLiteralNotAllowed,
    /// An extension's parser refused the response.
    Extension {
        /// The extension parser's message.
        message: Box<str>,
    },
}

impl fmt::Display for ParseErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParseErrorKind::Syntax { expected } => write!(f, "expected {expected}"),
            ParseErrorKind::NumberTooLarge => f.write_str("number too large"),
            ParseErrorKind::NestingTooDeep { limit } => write!(f, "nesting deeper than {limit} levels"),
            ParseErrorKind::LineTooLong { limit } => write!(f, "line longer than {limit} bytes"),
            ParseErrorKind::LiteralTooLarge { size, limit } => {
                write!(f, "literal of {size} bytes exceeds the limit of {limit}")
            }
            ParseErrorKind::StreamedLiteralNotAllowed => {
                f.write_str("a streamed literal stands where its bytes are needed")
            }
            ParseErrorKind::Extension { message } => write!(f, "extension parser: {message}"),
        }
    }
}

/// A response that could not be parsed. It carries the response's bytes (possibly cut short
/// for over-long input) and the offset within them where parsing stopped; the decoder has
/// already moved on to the next response.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("cannot parse response at byte {} (offset {} in the response): {}; near \"{}\"", self.stream_offset(), self.0.offset, self.0.kind, self.excerpt())]
pub struct ParseError(Box<Inner>);

/// Boxed so that results carrying a `ParseError` stay small on the hot path.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Inner {
    kind: ParseErrorKind,
    offset: usize,
    bytes: Bytes,
    start: u64,
}

impl ParseError {
    /// An error at `offset` within `bytes`.
    pub fn new(kind: ParseErrorKind, offset: usize, bytes: Bytes) -> Self {
        ParseError(Box::new(Inner { kind, offset, bytes, start: 0 }))
    }

    /// Records where the response started in the whole input stream.
    pub(crate) fn at_stream_offset(mut self, start: u64) -> Self {
        self.0.start = start;
        self
    }

    /// What went wrong.
    pub fn kind(&self) -> &ParseErrorKind {
        &self.0.kind
    }

    /// Offset of the failure within [`ParseError::bytes`].
    pub fn offset(&self) -> usize {
        self.0.offset
    }

    /// The response's bytes (for over-long input, the part that was kept).
    pub fn bytes(&self) -> &Bytes {
        &self.0.bytes
    }

    /// Offset of the response's first byte in the whole input stream.
    pub fn response_start(&self) -> u64 {
        self.0.start
    }

    /// Offset of the failure in the whole input stream.
    pub fn stream_offset(&self) -> u64 {
        self.0.start + self.0.offset as u64
    }

    fn excerpt(&self) -> String {
        let from = self.0.offset.saturating_sub(40).min(self.0.bytes.len());
        let to = (self.0.offset + 40).min(self.0.bytes.len());
        escape_bytes(&self.0.bytes[from..to], 120)
    }
}

/// The nom error of the response grammar: where it failed and what it expected.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PErr<'a> {
    pub(crate) input: &'a [u8],
    pub(crate) kind: ParseErrorKind,
}

impl<'a> PErr<'a> {
    /// A syntax error: `expected` at `input`.
    pub(crate) fn expected(input: &'a [u8], expected: &'static str) -> Self {
        PErr { input, kind: ParseErrorKind::Syntax { expected } }
    }
}

impl<'a> nom::error::ParseError<&'a [u8]> for PErr<'a> {
    fn from_error_kind(input: &'a [u8], kind: ErrorKind) -> Self {
        let expected = match kind {
            ErrorKind::Tag => "keyword",
            ErrorKind::Char => "character",
            ErrorKind::Digit => "number",
            ErrorKind::TakeWhile1 => "token",
            ErrorKind::Eof => "end of input",
            _ => "valid syntax",
        };
        PErr::expected(input, expected)
    }

    fn append(_: &'a [u8], _: ErrorKind, other: Self) -> Self {
        other
    }

    /// Of two failed alternatives, report the one that got further.
    fn or(self, other: Self) -> Self {
        if other.input.len() < self.input.len() { other } else { self }
    }
}

/// Result of the internal parsers.
pub(crate) type PResult<'a, T> = nom::IResult<&'a [u8], T, PErr<'a>>;

/// Result of the internal parsers that fill a value in place instead of returning one: the
/// input after what they read.
pub(crate) type PRest<'a> = Result<&'a [u8], nom::Err<PErr<'a>>>;

/// A recoverable syntax error (`alt` may try the next branch). Cold: the branches that lead here
/// are laid out away from the successful path, which keeps the code that runs compact.
#[cold]
pub(crate) fn fail<'a, T>(input: &'a [u8], expected: &'static str) -> PResult<'a, T> {
    Err(nom::Err::Error(PErr::expected(input, expected)))
}

/// An error no alternative can repair (limits, overflows).
#[cold]
pub(crate) fn fatal<'a, T>(input: &'a [u8], kind: ParseErrorKind) -> PResult<'a, T> {
    Err(nom::Err::Failure(PErr { input, kind }))
}
