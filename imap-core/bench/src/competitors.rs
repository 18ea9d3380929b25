//! Drivers that run the competitor parsers over a whole buffer, and imap-proto over
//! bytes arriving in chunks.
//!
//! The whole-buffer drivers loop "parse one response, continue with the rest" until the
//! buffer is empty, which is how a client with the full server output in memory would use
//! them. Every parsed value is passed through
//! [`std::hint::black_box`] and then dropped, so construction and
//! destruction of the parsed tree are measured for both.

use imap_codec::ResponseCodec;
use imap_codec::decode::Decoder as _;
use std::fmt;
use std::hint::black_box;

/// A response a competitor parser rejected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseFailure {
    /// Which parser failed (`"imap-proto"` or `"imap-codec"`).
    pub parser: &'static str,
    /// Zero-based index of the failing response.
    pub response: usize,
    /// Byte offset of the failing response in the buffer.
    pub offset: usize,
    /// The parser's error, without the (possibly huge) input it carries.
    pub error: String,
    /// The start of the failing response, lossily decoded.
    pub excerpt: String,
}

impl ParseFailure {
    fn new(parser: &'static str, response: usize, whole: &[u8], rest: &[u8], error: String) -> Self {
        let excerpt = String::from_utf8_lossy(&rest[..rest.len().min(300)]).into_owned();
        Self { parser, response, offset: whole.len() - rest.len(), error, excerpt }
    }
}

impl fmt::Display for ParseFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} failed on response #{} at byte {}: {}; input starts {:?}",
            self.parser, self.response, self.offset, self.error, self.excerpt
        )
    }
}

impl std::error::Error for ParseFailure {}

/// Parses every response in `bytes` with imap-proto 0.17; returns the count.
///
/// imap-proto 0.17 exposes `Response::parse` (older releases called it
/// `parser::parse_response`).
pub fn imap_proto_parse_all(bytes: &[u8]) -> Result<usize, ParseFailure> {
    let mut rest = bytes;
    let mut count = 0;
    while !rest.is_empty() {
        match imap_proto::Response::parse(rest) {
            Ok((remaining, response)) => {
                black_box(response);
                rest = remaining;
                count += 1;
            }
            Err(err) => {
                let error = match err {
                    nom::Err::Incomplete(needed) => format!("incomplete ({needed:?})"),
                    nom::Err::Error(e) | nom::Err::Failure(e) => proto_error(&e, rest),
                };
                return Err(ParseFailure::new("imap-proto", count, bytes, rest, error));
            }
        }
    }
    Ok(count)
}

/// Parses every response in `bytes` with imap-proto 0.17, the bytes arriving `chunk` at a time,
/// the way async-imap drives it: each chunk is appended to a receive buffer and the responses
/// in it are parsed; a response cut off by the end of the buffer is parsed again from its start
/// when more bytes have come (unless imap-proto said how many more a literal needs, in which
/// case it waits for those); the parsed bytes are then dropped from the buffer's front.
/// Returns the count.
pub fn imap_proto_parse_chunked(bytes: &[u8], chunk: usize) -> Result<usize, ParseFailure> {
    let mut buffer: Vec<u8> = Vec::new();
    // Where the buffer's first byte lies in `bytes`, for error offsets.
    let mut buffer_offset = 0;
    let mut needs = 0;
    let mut count = 0;
    for piece in crate::chunked(bytes, chunk) {
        buffer.extend_from_slice(piece);
        let mut consumed = 0;
        while buffer.len() - consumed >= needs.max(1) {
            let rest = &buffer[consumed..];
            match imap_proto::Response::parse(rest) {
                Ok((remaining, response)) => {
                    black_box(response);
                    consumed = buffer.len() - remaining.len();
                    needs = 0;
                    count += 1;
                }
                Err(nom::Err::Incomplete(nom::Needed::Size(more))) => {
                    needs = rest.len() + more.get();
                    break;
                }
                Err(nom::Err::Incomplete(nom::Needed::Unknown)) => {
                    needs = 0;
                    break;
                }
                Err(nom::Err::Error(e) | nom::Err::Failure(e)) => {
                    let at = buffer_offset + consumed;
                    return Err(ParseFailure::new("imap-proto", count, bytes, &bytes[at..], proto_error(&e, rest)));
                }
            }
        }
        buffer.drain(..consumed);
        buffer_offset += consumed;
    }
    if buffer.is_empty() {
        Ok(count)
    } else {
        let error = "incomplete at the end of the input".to_owned();
        Err(ParseFailure::new("imap-proto", count, bytes, &bytes[buffer_offset..], error))
    }
}

/// An imap-proto syntax error as its kind and where it stopped in `rest` (the response and what
/// follows): the nom error embeds the remaining input, which may be huge.
fn proto_error(e: &nom::error::Error<&[u8]>, rest: &[u8]) -> String {
    format!("{:?} at +{}", e.code, rest.len() - e.input.len())
}

/// Parses every response in `bytes` with imap-codec 2.0.0-alpha.10
/// (`ResponseCodec`); returns the count.
pub fn imap_codec_parse_all(bytes: &[u8]) -> Result<usize, ParseFailure> {
    let codec = ResponseCodec::default();
    let mut rest = bytes;
    let mut count = 0;
    while !rest.is_empty() {
        match codec.decode(rest) {
            Ok((remaining, response)) => {
                black_box(response);
                rest = remaining;
                count += 1;
            }
            Err(err) => {
                return Err(ParseFailure::new("imap-codec", count, bytes, rest, format!("{err:?}")));
            }
        }
    }
    Ok(count)
}
