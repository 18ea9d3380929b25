//! The incremental response decoder: feed bytes in chunks of any size, take typed responses out.
//!
//! The decoder frames the stream first (finding line ends and skipping over announced literals
//! without examining their bytes) and parses each response exactly once, when it is complete.
//! Feeding the same bytes whole or one byte at a time gives identical results. Literals larger
//! than an optional threshold are handed out in chunks as they arrive instead of being kept, so
//! a huge message never has to sit in memory.
//!
//! ```
//! use imap_core::decode::{Decoder, Event};
//! use imap_core::response::{Data, Response};
//!
//! let mut decoder = Decoder::new();
//! decoder.feed(b"* 3 EXI");
//! assert!(decoder.next_event().unwrap().is_none()); // incomplete
//! decoder.feed(b"STS\r\n* 1 RECENT\r\n");
//! assert_eq!(decoder.next_event().unwrap(), Some(Event::Response(Response::Data(Data::Exists(3)))));
//! assert_eq!(decoder.next_event().unwrap(), Some(Event::Response(Response::Data(Data::Recent(1)))));
//! assert_eq!(decoder.next_event().unwrap(), None);
//! ```

mod folded_line;
mod framer;
mod limits;
mod literal_header;
mod read_ahead;

use bytes::{Bytes, BytesMut};

pub use limits::Limits;

use crate::parse::{ParseError, ResponseParser};
use crate::response::Response;
use folded_line::{Detour, HeldResponse, Step};
use framer::{Frame, Framer};

/// What the decoder produced.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// A complete, parsed response.
    Response(Response),
    /// A literal above the streaming threshold begins. `prefix` is the response up to and
    /// including the literal's announcement (e.g. `* 12 FETCH (UID 7 BODY[] {1048576}\r\n`),
    /// so the consumer knows what the data belongs to.
    LiteralStart {
        /// The response so far.
        prefix: Bytes,
        /// The literal's size in bytes.
        len: u64,
    },
    /// The next bytes of the streamed literal.
    LiteralChunk(Bytes),
    /// The streamed literal is complete; the rest of its response follows as a
    /// [`Event::Response`] in which the literal appears as
    /// [`Payload::Streamed`](crate::response::Payload::Streamed).
    LiteralEnd,
}

impl Event {
    /// The response, if this event is one.
    pub fn into_response(self) -> Option<Response> {
        match self {
            Event::Response(response) => Some(response),
            _ => None,
        }
    }
}

/// Turns a byte stream from a server into [`Event`]s. See the [module docs](self).
#[derive(Debug)]
pub struct Decoder {
    framer: Framer,
    parser: ResponseParser,
    /// While a response is held for a continuation line (TOLERANCES.md, rule 41), or what a
    /// given-up hold left is handed out: the way frames come then. Boxed and absent in the
    /// usual case, so that the usual path only checks that it is absent.
    detour: Option<Box<Detour>>,
}

impl Default for Decoder {
    fn default() -> Self {
        Decoder::new()
    }
}

impl Decoder {
    /// A decoder with default limits and no extension parsers.
    pub fn new() -> Self {
        Decoder::with_parser(ResponseParser::default())
    }

    /// A decoder that parses with `parser` (extension parsers, UTF-8 mode).
    pub fn with_parser(parser: ResponseParser) -> Self {
        let mut decoder = Decoder { framer: Framer::new(Limits::default()), parser, detour: None };
        decoder.set_limits(Limits::default());
        decoder
    }

    /// Sets the limits on line length, literal size and nesting depth.
    pub fn set_limits(&mut self, limits: Limits) {
        self.framer.set_limits(limits);
        self.parser.set_max_depth(limits.max_depth);
    }

    /// Streams literals larger than `threshold` bytes as [`Event::LiteralChunk`]s instead of
    /// keeping them (`None`: keep every literal, up to [`Limits::max_literal_size`]). A literal
    /// already being received is not affected.
    pub fn set_literal_streaming(&mut self, threshold: Option<u64>) {
        self.framer.set_stream_threshold(threshold);
    }

    /// The parser (to switch UTF-8 mode, say).
    pub fn parser_mut(&mut self) -> &mut ResponseParser {
        &mut self.parser
    }

    /// The parser.
    pub fn parser(&self) -> &ResponseParser {
        &self.parser
    }

    /// Appends received bytes.
    pub fn feed(&mut self, bytes: &[u8]) {
        self.framer.buffer_mut().extend_from_slice(bytes);
    }

    /// Appends received bytes that the caller already owns as a [`Bytes`]. When nothing is
    /// buffered and `bytes` is not shared, the decoder adopts the buffer without copying it, so
    /// responses and literals are slices of the caller's memory.
    pub fn feed_bytes(&mut self, bytes: Bytes) {
        let buffer = self.framer.buffer_mut();
        if buffer.is_empty() {
            match bytes.try_into_mut() {
                Ok(owned) => *buffer = owned,
                Err(shared) => buffer.extend_from_slice(&shared),
            }
        } else {
            buffer.extend_from_slice(&bytes);
        }
    }

    /// The receive buffer, for reading into it directly (e.g. with `AsyncReadExt::read_buf`)
    /// instead of copying through [`Decoder::feed`]. Only append to it.
    pub fn buffer_mut(&mut self) -> &mut BytesMut {
        self.framer.buffer_mut()
    }

    /// Bytes received but not yet turned into events.
    pub fn buffered(&self) -> usize {
        self.framer.buffered() + self.detour.as_ref().map_or(0, |detour| detour.len())
    }

    /// True when no part of a response is waiting for more bytes.
    pub fn is_idle(&self) -> bool {
        self.framer.is_idle() && self.detour.is_none()
    }

    /// Says that no more bytes will come (the connection closed, or a transcript ended). A
    /// response that did not parse and was held back to see whether the next line continues a
    /// string cut by a raw line break (TOLERANCES.md, rule 41) is then reported by
    /// [`Decoder::next_event`] as the error it is. Bytes of an incomplete response stay in
    /// [`Decoder::buffered`]. Returns true when that released a held response, so that
    /// [`Decoder::next_event`] has more to give.
    pub fn end_of_input(&mut self) -> bool {
        self.detour.as_mut().is_some_and(|detour| detour.end_of_input())
    }

    /// The next event; `Ok(None)` when more bytes are needed.
    ///
    /// An `Err` reports one response that could not be parsed (or broke a limit), with its
    /// bytes and the offset; the decoder has already moved past it, so calling again continues
    /// with the next response.
    ///
    /// Blank lines (empty, or only spaces and tabs) between responses are skipped: they carry
    /// nothing, and some servers send them (TOLERANCES.md, rule 35).
    ///
    /// An untagged response that does not parse and whose last line ends inside a quoted string
    /// is held back until the first byte of the next line arrives: a space or a tab there
    /// continues a folded header the server copied into the string (TOLERANCES.md, rule 41).
    /// Its error therefore comes out one line later, or after [`Decoder::end_of_input`].
    pub fn next_event(&mut self) -> Result<Option<Event>, ParseError> {
        loop {
            if self.detour.is_some() {
                match self.next_in_detour() {
                    Some(result) => return result,
                    None => continue,
                }
            }
            // The usual path takes the framer's frame straight into `decode_frame`: merged
            // with the detour's frames into one variable, the frame was copied through the
            // stack in wider loads than its stores (a store-forwarding stall per response: 6 %
            // slower on corpus (c) at the same instruction count).
            let Some(frame) = self.framer.next_frame() else { return Ok(None) };
            if let Some(result) = self.decode_frame(frame) {
                return result;
            }
        }
    }

    /// `frame` decoded: what [`Decoder::next_event`] returns, or `None` to look again (a blank
    /// line was skipped, or a response is held for a continuation line).
    #[inline(always)]
    fn decode_frame(&mut self, frame: Frame) -> Option<Result<Option<Event>, ParseError>> {
        let event = match frame {
            Frame::Complete { bytes, streamed, start } => match self.parser.parse_frame(&bytes, &streamed) {
                Ok(response) => Event::Response(response),
                // Looked for only in a line that does not parse: the usual one pays nothing.
                Err(_) if is_blank_line(&bytes) => return None,
                Err(e) => match HeldResponse::hold(bytes, streamed, e.at_stream_offset(start)) {
                    Ok(held) => {
                        self.detour.get_or_insert_with(Box::default).hold(held);
                        return None;
                    }
                    Err(e) => return Some(Err(e)),
                },
            },
            Frame::LiteralStart { prefix, len } => Event::LiteralStart { prefix, len },
            Frame::LiteralChunk(chunk) => Event::LiteralChunk(chunk),
            Frame::LiteralEnd => Event::LiteralEnd,
            Frame::Rejected { kind, bytes, offset, start } => {
                return Some(Err(ParseError::new(kind, offset, bytes).at_stream_offset(start)));
            }
        };
        Some(Ok(Some(event)))
    }

    /// [`Decoder::next_event`] while the detour is taken (out of line: the usual response never
    /// comes here); `None` to look again.
    #[cold]
    #[inline(never)]
    fn next_in_detour(&mut self) -> Option<Result<Option<Event>, ParseError>> {
        let detour = self.detour.as_mut()?;
        let step = detour.next(&mut self.framer, &self.parser);
        if detour.is_done() {
            self.detour = None;
        }
        match step {
            Step::Frame(frame) => self.decode_frame(frame),
            Step::Done(result) => Some(result),
            Step::Again => None,
        }
    }
}

/// A line of nothing but spaces and tabs before its line end.
#[cold]
#[inline(never)]
fn is_blank_line(line: &[u8]) -> bool {
    line.iter().all(|b| matches!(b, b'\r' | b'\n' | b' ' | b'\t'))
}
