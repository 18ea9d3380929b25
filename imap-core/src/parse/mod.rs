//! The response parser (nom): one complete response's bytes in, a typed [`Response`] out.
//!
//! The parser works on whole responses that the [`Decoder`](crate::decode::Decoder) has framed,
//! so it never sees partial input and never re-parses. Strings and literals in the result are
//! zero-copy slices of the response's bytes. Keywords the core does not know go to the
//! parsers registered in a [`ParserRegistry`], and failing that become a generic
//! [`Value`](crate::response::Value) tree, never an error.

mod body;
mod code;
mod context;
mod cursor;
mod envelope;
mod error;
mod fetch;
mod mailbox;
mod primitives;
mod registry;
mod response;
mod sequence;
mod stray_quotes;
mod value;

use std::sync::Arc;

use bytes::Bytes;

pub use cursor::{Cursor, CursorError};
pub use error::{ParseError, ParseErrorKind};
pub use registry::{ItemParser, ParserRegistry, UntaggedParser};

use crate::response::Response;
use crate::types::Flag;
use context::Ctx;

/// Default bound on the nesting of lists and body structures.
pub const DEFAULT_MAX_DEPTH: usize = 64;

/// Parses complete responses: holds the extension parsers, the UTF-8 mode and the nesting limit.
///
/// ```
/// use imap_core::parse::ResponseParser;
/// use imap_core::response::{Data, Response};
///
/// let parser = ResponseParser::default();
/// let response = parser.parse(b"* 23 EXISTS\r\n".as_slice().into()).unwrap();
/// assert_eq!(response, Response::Data(Data::Exists(23)));
/// ```
#[derive(Debug, Clone)]
pub struct ResponseParser {
    registry: Arc<ParserRegistry>,
    utf8: bool,
    max_depth: usize,
}

impl Default for ResponseParser {
    fn default() -> Self {
        ResponseParser::new(Arc::new(ParserRegistry::default()))
    }
}

impl ResponseParser {
    /// A parser that consults `registry` for keywords the core does not know.
    pub fn new(registry: Arc<ParserRegistry>) -> Self {
        ResponseParser { registry, utf8: false, max_depth: DEFAULT_MAX_DEPTH }
    }

    /// Mailbox names are UTF-8 (after `ENABLE UTF8=ACCEPT`) instead of modified UTF-7.
    pub fn set_utf8_mode(&mut self, on: bool) {
        self.utf8 = on;
    }

    /// True in UTF-8 mode.
    pub fn utf8_mode(&self) -> bool {
        self.utf8
    }

    /// Bounds how deeply lists and body structures may nest.
    pub fn set_max_depth(&mut self, depth: usize) {
        self.max_depth = depth;
    }

    /// The registry of extension parsers.
    pub fn registry(&self) -> &Arc<ParserRegistry> {
        &self.registry
    }

    /// Parses exactly one complete response (with its line end).
    pub fn parse(&self, frame: Bytes) -> Result<Response, ParseError> {
        self.parse_frame(&frame, &[])
    }

    /// Parses one response whose literal bodies at `streamed` offsets went to a consumer.
    pub(crate) fn parse_frame(&self, frame: &Bytes, streamed: &[usize]) -> Result<Response, ParseError> {
        self.parse_with(frame, streamed, false)
    }

    /// Parses a response the decoder joined across raw line breaks inside a quoted string
    /// (TOLERANCES.md, rule 41): its quoted strings may hold CR and LF.
    pub(crate) fn parse_joined(&self, frame: &Bytes, streamed: &[usize]) -> Result<Response, ParseError> {
        self.parse_with(frame, streamed, true)
    }

    /// [`ResponseParser::parse_frame`], with CR and LF allowed in quoted strings if
    /// `line_breaks_in_quotes`. One function for both, so that the response parser is inlined
    /// into it once (two callers of it would leave it a call: 1.7 % more instructions over
    /// corpus (c)).
    fn parse_with(
        &self,
        frame: &Bytes,
        streamed: &[usize],
        line_breaks_in_quotes: bool,
    ) -> Result<Response, ParseError> {
        let mut cx = Ctx::new(frame, &self.registry, self.utf8, self.max_depth, streamed);
        cx.line_breaks_in_quotes = line_breaks_in_quotes;
        let error = |e: error::PErr<'_>| ParseError::new(e.kind, cx.offset(e.input), frame.clone());
        match response::response(&cx, frame) {
            Ok(([], response)) => Ok(response),
            Ok((rest, _)) => Err(error(error::PErr::expected(rest, "end of response"))),
            Err(nom::Err::Error(e) | nom::Err::Failure(e)) => Err(error(e)),
            Err(nom::Err::Incomplete(_)) => Err(error(error::PErr::expected(&frame[frame.len()..], "more input"))),
        }
    }
}

/// Parses one complete response with no extension parsers (a convenience for tests and tools).
pub fn parse_response(bytes: &[u8]) -> Result<Response, ParseError> {
    ResponseParser::default().parse(Bytes::copy_from_slice(bytes))
}

/// Finds `FLAGS (...)` in a FETCH response's text and parses the list, like imaplib's
/// `ParseFlags`. Returns an empty list when there is no FLAGS item.
///
/// ```
/// use imap_core::parse::parse_flags;
/// use imap_core::types::Flag;
/// let flags = parse_flags(b"12 (UID 7 FLAGS (\\Seen $Junk))").unwrap();
/// assert_eq!(flags, [Flag::Seen, Flag::keyword("$Junk").unwrap()]);
/// ```
pub fn parse_flags(text: &[u8]) -> Result<Vec<Flag>, ParseError> {
    let frame = Bytes::copy_from_slice(text);
    let Some(start) = frame.windows(7).position(|w| w.eq_ignore_ascii_case(b"FLAGS (")) else {
        return Ok(Vec::new());
    };
    let registry = ParserRegistry::default();
    let cx = Ctx::new(&frame, &registry, false, DEFAULT_MAX_DEPTH, &[]);
    primitives::flag_list(&cx, &frame[start + 6..]).map(|(_, flags)| flags).map_err(|e| match e {
        nom::Err::Error(e) | nom::Err::Failure(e) => ParseError::new(e.kind, cx.offset(e.input), frame.clone()),
        nom::Err::Incomplete(_) => {
            ParseError::new(ParseErrorKind::Syntax { expected: "')'" }, frame.len(), frame.clone())
        }
    })
}
