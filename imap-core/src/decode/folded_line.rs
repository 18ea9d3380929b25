//! A raw line break inside a quoted string (TOLERANCES.md, rule 41): some servers copy a folded
//! header (`Subject: Some text,\r\n more text`) into an ENVELOPE or BODYSTRUCTURE string without
//! unfolding it, so the framer cuts the response at the fold. Both halves would fail to parse.
//!
//! The decoder keeps the usual path free of this: only an untagged response that does not parse
//! and whose last line ends inside a quoted string is held back, and only for as long as it takes
//! to see the next line's first byte. A fold continues with a space or a tab, which begins no
//! response; anything else (a tag, `*`, `+`) means the line is a response of its own, and the
//! held one is reported as the error it was. Once the continuation lines no longer end inside a
//! string, the held response and they are joined (the only copy) and parsed with line breaks
//! allowed in quoted strings. If that fails, the held response's error is reported and the lines
//! that were joined are decoded on their own, so nothing is lost or read twice: the results are
//! those of the decoder without this rule.
//!
//! A line break followed by anything else inside a string (GreenMail #1010: a decoded header
//! with `\r\n* 9 EXISTS` in it) is not joined: waiting for such a string to close could hold back
//! a real response, and with it a command's completion, indefinitely.

use std::collections::VecDeque;

use bytes::{Bytes, BytesMut};

use super::Event;
use super::framer::{Frame, Framer};
use super::literal_header::literal_size;
use crate::parse::{ParseError, ResponseParser};
use crate::response::Response;

/// Most lines one response may be joined from, the first included.
const MAX_LINES: usize = 64;

/// True when a line that starts with `byte` may continue a folded header: a space or a tab
/// (RFC 5322's folding white space), with which no response begins.
fn continues_a_fold(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t')
}

/// Where the decoder's frames come from while a response is held for a continuation line, or
/// while what a given-up hold left is handed out: the queue first, then the framer, through the
/// held response.
#[derive(Debug, Default)]
pub(crate) struct Detour {
    /// A response that may continue on the next line.
    held: Option<HeldResponse>,
    /// What a given-up hold left to hand out before anything new: its error, then the lines
    /// that had been joined to it, decoded on their own.
    queued: VecDeque<Queued>,
}

/// An error or a frame waiting in [`Detour::queued`].
#[derive(Debug)]
enum Queued {
    Error(ParseError),
    Frame(Frame),
}

/// What [`Detour::next`] came to.
pub(crate) enum Step {
    /// A frame to decode as usual.
    Frame(Frame),
    /// What the decoder's `next_event` returns.
    Done(Result<Option<Event>, ParseError>),
    /// Look again.
    Again,
}

impl Detour {
    /// Holds `held` for a continuation line.
    pub(crate) fn hold(&mut self, held: HeldResponse) {
        self.held = Some(held);
    }

    /// True when nothing is held or queued any more: the decoder can go back to its framer.
    pub(crate) fn is_done(&self) -> bool {
        self.held.is_none() && self.queued.is_empty()
    }

    /// Bytes held or queued.
    pub(crate) fn len(&self) -> usize {
        let queued: usize = self.queued.iter().map(Queued::len).sum();
        self.held.as_ref().map_or(0, HeldResponse::len) + queued
    }

    /// No more bytes will come: the held response, if any, is given up. True if there was one.
    pub(crate) fn end_of_input(&mut self) -> bool {
        let Some(held) = self.held.take() else { return false };
        self.queue(held.give_up_before(None));
        true
    }

    /// The next step: a queued error or frame, or the framer's next frame, which a held
    /// response takes first.
    pub(crate) fn next(&mut self, framer: &mut Framer, parser: &ResponseParser) -> Step {
        let frame = match self.queued.pop_front() {
            Some(Queued::Error(e)) => return Step::Done(Err(e)),
            Some(Queued::Frame(frame)) => frame,
            None => match framer.next_frame() {
                Some(frame) => frame,
                // A held response is given up as soon as the next line's first byte shows that
                // the line is no continuation: the wait is never longer.
                None if framer.next_byte().is_some_and(|b| !continues_a_fold(b)) => {
                    self.end_of_input();
                    return Step::Again;
                }
                None => return Step::Done(Ok(None)),
            },
        };
        let Some(held) = self.held.take() else { return Step::Frame(frame) };
        match held.continue_with(frame, parser, framer.limits().max_line_length) {
            Joined::Parsed(response) => Step::Done(Ok(Some(Event::Response(response)))),
            Joined::Waiting(held) => {
                self.held = Some(held);
                Step::Again
            }
            gave_up @ Joined::GaveUp(..) => {
                self.queue(gave_up);
                Step::Again
            }
        }
    }

    /// Queues what a given-up hold leaves: its error, then its frames.
    fn queue(&mut self, gave_up: Joined) {
        if let Joined::GaveUp(error, frames) = gave_up {
            self.queued.push_back(Queued::Error(error));
            self.queued.extend(frames.into_iter().map(Queued::Frame));
        }
    }
}

impl Queued {
    /// The received bytes it holds.
    fn len(&self) -> usize {
        match self {
            Queued::Error(_) => 0,
            Queued::Frame(Frame::Complete { bytes, .. } | Frame::Rejected { bytes, .. }) => bytes.len(),
            Queued::Frame(Frame::LiteralStart { prefix, .. }) => prefix.len(),
            Queued::Frame(Frame::LiteralChunk(chunk)) => chunk.len(),
            Queued::Frame(Frame::LiteralEnd) => 0,
        }
    }
}

/// An untagged response that did not parse and ends inside a quoted string, with the
/// continuation lines received after it so far. Nothing is copied until a join is parsed: most
/// holds end with the next line's first byte.
#[derive(Debug)]
pub(crate) struct HeldResponse {
    /// The error of the response as first received, reported if no join parses.
    error: ParseError,
    /// The response as first received.
    first: Bytes,
    /// Where its streamed literals were (the continuations have none).
    streamed: Vec<usize>,
    /// The continuation lines as received, decoded on their own if no join parses.
    continuations: Vec<Frame>,
    /// The continuation lines' bytes, together.
    continued: usize,
}

/// What a line did to a held response.
#[derive(Debug)]
enum Joined {
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
        if bytes.first() != Some(&b'*') || !ends_inside_a_string(&bytes, false) {
            return Err(error);
        }
        Ok(HeldResponse { error, first: bytes, streamed, continuations: Vec::new(), continued: 0 })
    }

    /// Bytes held (the first response and its continuations).
    fn len(&self) -> usize {
        self.first.len() + self.continued
    }

    /// Takes the next frame: a continuation line is joined, anything else ends the hold.
    /// `max_bytes` bounds what the continuation lines may add.
    fn continue_with(mut self, frame: Frame, parser: &ResponseParser, max_bytes: usize) -> Joined {
        let still_inside = match &frame {
            Frame::Complete { bytes, streamed, .. }
                if streamed.is_empty()
                    && bytes.first().copied().is_some_and(continues_a_fold)
                    && self.continuations.len() + 1 < MAX_LINES
                    && self.continued + bytes.len() <= max_bytes =>
            {
                self.continued += bytes.len();
                // Every frame ends with its line, so a line's quotes are read within its frame;
                // all a continuation needs from the lines before it is that a string is open.
                ends_inside_a_string(bytes, true)
            }
            _ => return self.give_up_before(Some(frame)),
        };
        self.continuations.push(frame);
        if still_inside {
            return Joined::Waiting(self);
        }
        let mut joined = BytesMut::with_capacity(self.len());
        joined.extend_from_slice(&self.first);
        for line in &self.continuations {
            if let Frame::Complete { bytes, .. } = line {
                joined.extend_from_slice(bytes);
            }
        }
        match parser.parse_joined(&joined.freeze(), &self.streamed) {
            Ok(response) => Joined::Parsed(response),
            Err(_) => self.give_up_before(None),
        }
    }

    /// Ends the hold: the error, then the continuation lines (and `next`) to decode on their own.
    fn give_up_before(self, next: Option<Frame>) -> Joined {
        let mut frames = self.continuations;
        frames.extend(next);
        Joined::GaveUp(self.error, frames)
    }
}

/// True when `frame` (complete lines, with the data of the literals they announce) ends inside a
/// quoted string, starting inside one if `inside`. Quotes and escapes are read as the parser
/// reads them, and the data of a literal announced outside a string is skipped, as the framer
/// skipped it.
fn ends_inside_a_string(frame: &[u8], mut inside: bool) -> bool {
    let mut pos = 0;
    let mut line_start = 0;
    while let Some(&b) = frame.get(pos) {
        pos += 1;
        match b {
            b'"' => inside = !inside,
            // As in the parser, a backslash escapes the next byte unless that ends the line.
            b'\\' if inside && frame.get(pos).is_some_and(|&next| next != b'\n') => pos += 1,
            b'\n' => {
                let line = &frame[line_start..pos - 1];
                let line = line.strip_suffix(b"\r").unwrap_or(line);
                if let (false, Some(Ok(len))) = (inside, literal_size(line)) {
                    pos = pos.saturating_add(usize::try_from(len).unwrap_or(usize::MAX));
                }
                line_start = pos;
            }
            _ => {}
        }
    }
    inside
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ends_inside(bytes: &[u8]) -> bool {
        ends_inside_a_string(bytes, false)
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
        // A literal announced larger than what is there ends the scan.
        assert!(!ends_inside(b"* 1 FETCH (X {99999999999}\r\n\"ab"));
    }

    #[test]
    fn a_continuation_starts_inside_the_string() {
        assert!(ends_inside_a_string(b" more text\r\n", true));
        assert!(!ends_inside_a_string(b" more\" NIL)\r\n", true));
        assert!(ends_inside_a_string(b" end\" \"next\r\n", true), "a second string left open");
    }
}
