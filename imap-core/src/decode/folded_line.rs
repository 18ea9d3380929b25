//! A raw line break inside a quoted string (TOLERANCES.md, rule 41): some servers copy a folded
//! header (`Subject: Some text,\r\n more text`) into an ENVELOPE or BODYSTRUCTURE string without
//! unfolding it, so the framer cuts the response at the fold. Both halves would fail to parse.
//!
//! The decoder keeps the usual path free of this: only an untagged response that does not parse
//! and whose last line ends inside a quoted string is held back, and only for as long as it takes
//! to see the next line's first byte. A fold continues with a space or a tab, which begins no
//! response; anything else (a tag, `*`, `+`) means the line is a response of its own, and the
//! held one is reported as the error it was. A continuation line is joined to the held response
//! (a copy), and once the join no longer ends inside a string it is parsed with line breaks
//! allowed in quoted strings. If that fails, the held response's error is reported and the lines
//! that were joined are decoded on their own, so nothing is lost or read twice: the results are
//! those of the decoder without this rule.
//!
//! A line break followed by anything else inside a string (GreenMail #1010: a decoded header
//! with `\r\n* 9 EXISTS` in it) is not joined: waiting for such a string to close could hold back
//! a real response, and with it a command's completion, indefinitely.

use bytes::{Bytes, BytesMut};

use super::framer::Frame;
use super::literal_header::literal_size;
use crate::parse::{ParseError, ResponseParser};
use crate::response::Response;

/// Most lines one response may be joined from, the first included.
const MAX_LINES: usize = 64;

/// True when a line that starts with `byte` may continue a folded header: a space or a tab
/// (RFC 5322's folding white space), with which no response begins.
pub(crate) fn continues_a_fold(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t')
}

/// An untagged response that did not parse and ends inside a quoted string, with the
/// continuation lines joined to it so far.
#[derive(Debug)]
pub(crate) struct HeldResponse {
    /// The error of the response as first received, reported if no join parses.
    error: ParseError,
    /// The response and its continuation lines, one after the other.
    joined: BytesMut,
    /// The length of the response as first received.
    first_len: usize,
    /// Where the streamed literals of the first frame were (the continuations have none).
    streamed: Vec<usize>,
    /// The continuation lines as received, decoded on their own if no join parses.
    continuations: Vec<Frame>,
    scan: QuoteScan,
}

/// What a line did to a held response.
#[derive(Debug)]
pub(crate) enum Joined {
    /// The joined lines parse.
    Parsed(Response),
    /// The joined lines still end inside a quoted string: the next line may continue it.
    Waiting(HeldResponse),
    /// No join parses: the held response's error, then these frames, decoded as if nothing had
    /// been held.
    GaveUp(ParseError, Vec<Frame>),
}

impl HeldResponse {
    /// Holds the response `bytes` (which failed with `error`) when it is untagged and its last
    /// line ends inside a quoted string; otherwise hands the error back.
    pub(crate) fn hold(bytes: Bytes, streamed: Vec<usize>, error: ParseError) -> Result<Self, ParseError> {
        let mut scan = QuoteScan::default();
        if bytes.first() != Some(&b'*') || !scan.ends_inside(&bytes) {
            return Err(error);
        }
        Ok(HeldResponse {
            error,
            joined: BytesMut::from(&bytes[..]),
            first_len: bytes.len(),
            streamed,
            continuations: Vec::new(),
            scan,
        })
    }

    /// Bytes held (the first response and its continuations).
    pub(crate) fn len(&self) -> usize {
        self.joined.len()
    }

    /// Takes the next frame: a continuation line is joined, anything else ends the hold.
    /// `max_bytes` bounds what the continuation lines may add.
    pub(crate) fn continue_with(mut self, frame: Frame, parser: &ResponseParser, max_bytes: usize) -> Joined {
        let line = match &frame {
            Frame::Complete { bytes, streamed, .. }
                if streamed.is_empty()
                    && bytes.first().copied().is_some_and(continues_a_fold)
                    && self.continuations.len() + 1 < MAX_LINES
                    && self.joined.len() - self.first_len + bytes.len() <= max_bytes =>
            {
                bytes.clone()
            }
            _ => return self.give_up_before(Some(frame)),
        };
        self.joined.extend_from_slice(&line);
        self.continuations.push(frame);
        if self.scan.ends_inside(&self.joined) {
            return Joined::Waiting(self);
        }
        let joined = self.joined.split().freeze();
        match parser.parse_joined(&joined, &self.streamed) {
            Ok(response) => Joined::Parsed(response),
            Err(_) => self.give_up_before(None),
        }
    }

    /// Ends the hold: the error, then the continuation lines (and `next`) to decode on their own.
    pub(crate) fn give_up_before(self, next: Option<Frame>) -> Joined {
        let mut frames = self.continuations;
        frames.extend(next);
        Joined::GaveUp(self.error, frames)
    }
}

/// How far a scan for quoted strings has come through a response's bytes, which may grow
/// between calls. It reads quotes and escapes as the parser does and skips the data of
/// literals announced outside strings, as the framer did.
#[derive(Debug, Default)]
struct QuoteScan {
    /// The next byte to look at.
    pos: usize,
    /// Where the current line started (after a literal's data, where the rest of a line starts).
    line_start: usize,
    inside: bool,
    /// Literal data still to skip.
    literal_left: usize,
}

impl QuoteScan {
    /// Scans on to the end of `bytes`; true when they end inside a quoted string.
    fn ends_inside(&mut self, bytes: &[u8]) -> bool {
        while self.pos < bytes.len() {
            if self.literal_left > 0 {
                let n = self.literal_left.min(bytes.len() - self.pos);
                self.pos += n;
                self.literal_left -= n;
                self.line_start = self.pos;
                continue;
            }
            let b = bytes[self.pos];
            self.pos += 1;
            match b {
                b'"' => self.inside = !self.inside,
                // As in the parser, a backslash escapes the next byte unless it ends the line.
                b'\\' if self.inside && bytes.get(self.pos).is_some_and(|&next| next != b'\n') => self.pos += 1,
                b'\n' => {
                    let line = &bytes[self.line_start..self.pos - 1];
                    let line = line.strip_suffix(b"\r").unwrap_or(line);
                    self.line_start = self.pos;
                    if let (false, Some(Ok(len))) = (self.inside, literal_size(line)) {
                        self.literal_left = usize::try_from(len).unwrap_or(usize::MAX);
                    }
                }
                _ => {}
            }
        }
        self.inside
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ends_inside(bytes: &[u8]) -> bool {
        QuoteScan::default().ends_inside(bytes)
    }

    #[test]
    fn finds_a_string_left_open_at_the_line_end() {
        assert!(ends_inside(b"* 1 FETCH (ENVELOPE (\"d\" \"Some text,\r\n"));
        assert!(ends_inside(b"* LIST () \"/\" \"a\\\"b\r\n"), "an escaped quote ends nothing");
        assert!(!ends_inside(b"* LIST () \"/\" \"a\\\\\"\r\n"), "an escaped backslash escapes nothing");
        assert!(!ends_inside(b"* 1 FETCH (UID 1 ENVELOPE NIL\r\n"));
        assert!(!ends_inside(b"* 1 FETCH (X \"a\" \"b\")\r\n"));
    }

    #[test]
    fn skips_literal_data_and_reads_on_after_it() {
        // The quote in the literal's data is no quote; the one after the data opens a string.
        assert!(!ends_inside(b"* 1 FETCH (X {3}\r\na\"b Y)\r\n"));
        assert!(ends_inside(b"* 1 FETCH (X {3}\r\na\"b \"Y\r\n"));
        // A literal announced inside a string announces nothing.
        assert!(!ends_inside(b"* 1 FETCH (X \"a {3}\r\n bc\" Y)\r\n"));
    }

    #[test]
    fn resumes_where_it_stopped_as_the_bytes_grow() {
        let whole = b"* 1 FETCH (X \"a\r\n b\r\n c\" Y)\r\n";
        let mut scan = QuoteScan::default();
        assert!(scan.ends_inside(&whole[..16]));
        assert!(scan.ends_inside(&whole[..21]));
        assert!(!scan.ends_inside(whole));
    }
}
