//! Framing: cuts the byte stream into complete responses (lines plus the literals they
//! announce) without parsing them, resuming where it stopped when more bytes arrive.

use bytes::{Buf, Bytes, BytesMut};

use super::limits::Limits;
use super::literal_header::literal_size;
use super::read_ahead::ReadAhead;
use crate::parse::ParseErrorKind;

/// How much of a rejected response an error keeps.
const ERROR_EXCERPT: usize = 4096;
/// How much of a skipped line is remembered to spot a literal announcement at its end.
const TAIL: usize = 32;

/// What the framer found.
#[derive(Debug)]
pub(crate) enum Frame {
    /// A complete response. `streamed` lists the offsets (in `bytes`) right after each literal
    /// header whose data was streamed instead of kept.
    Complete { bytes: Bytes, streamed: Vec<usize>, start: u64 },
    /// A literal above the streaming threshold begins; `prefix` is the response up to it.
    LiteralStart { prefix: Bytes, len: u64 },
    /// The next piece of the streamed literal.
    LiteralChunk(Bytes),
    /// The streamed literal is complete.
    LiteralEnd,
    /// A response broke a limit; it is being skipped without buffering.
    Rejected { kind: ParseErrorKind, bytes: Bytes, offset: usize, start: u64 },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Looking for the end of the current line.
    Line,
    /// Waiting for `remaining` literal bytes, kept in the buffer.
    Literal { remaining: u64 },
    /// Handing out `remaining` literal bytes as they arrive.
    Streaming { remaining: u64 },
    /// The streamed literal is done; say so.
    StreamEnd,
    /// Dropping `remaining` literal bytes of a rejected response.
    SkipLiteral { remaining: u64 },
    /// Dropping the rest of a rejected response's line.
    SkipLine,
}

/// The framing state machine.
#[derive(Debug)]
pub(crate) struct Framer {
    buf: BytesMut,
    /// Next byte of `buf` to examine.
    scan: usize,
    /// Start of the current line segment in `buf`.
    line_start: usize,
    state: State,
    /// The part of the current response already moved out of `buf` (only while streaming).
    pending: BytesMut,
    streamed: Vec<usize>,
    /// Stream offset of `buf[0]`.
    consumed: u64,
    /// Stream offset of the current response's first byte.
    frame_start: u64,
    /// The last bytes of a line being skipped.
    skip_tail: Vec<u8>,
    limits: Limits,
    stream_threshold: Option<u64>,
    read_ahead: ReadAhead,
}

impl Framer {
    pub(crate) fn new(limits: Limits) -> Self {
        Framer {
            buf: BytesMut::new(),
            scan: 0,
            line_start: 0,
            state: State::Line,
            pending: BytesMut::new(),
            streamed: Vec::new(),
            consumed: 0,
            frame_start: 0,
            skip_tail: Vec::new(),
            limits,
            stream_threshold: None,
            read_ahead: ReadAhead::default(),
        }
    }

    pub(crate) fn buffer_mut(&mut self) -> &mut BytesMut {
        &mut self.buf
    }

    pub(crate) fn set_limits(&mut self, limits: Limits) {
        self.limits = limits;
    }

    pub(crate) fn limits(&self) -> &Limits {
        &self.limits
    }

    /// The first byte of the next response, once it has arrived (between responses only).
    pub(crate) fn next_byte(&self) -> Option<u8> {
        match self.state {
            State::Line if self.pending.is_empty() => self.buf.first().copied(),
            _ => None,
        }
    }

    pub(crate) fn set_stream_threshold(&mut self, threshold: Option<u64>) {
        self.stream_threshold = threshold;
    }

    /// Bytes received but not yet handed out.
    pub(crate) fn buffered(&self) -> usize {
        self.buf.len() + self.pending.len()
    }

    /// True between responses (nothing of a response has arrived yet).
    pub(crate) fn is_idle(&self) -> bool {
        self.buf.is_empty() && self.pending.is_empty() && self.state == State::Line
    }

    /// The next frame, or `None` when more bytes are needed.
    pub(crate) fn next_frame(&mut self) -> Option<Frame> {
        loop {
            match self.state {
                State::Line => match memchr::memchr(b'\n', &self.buf[self.scan..]) {
                    None => {
                        self.scan = self.buf.len();
                        // A trailing CR may belong to the line end, which does not count.
                        let cr = usize::from(self.scan > self.line_start && self.buf[self.scan - 1] == b'\r');
                        if self.scan - self.line_start - cr > self.limits.max_line_length {
                            return Some(self.reject_line());
                        }
                        return None;
                    }
                    Some(off) => {
                        let lf = self.scan + off;
                        let cr = usize::from(lf > self.line_start && self.buf[lf - 1] == b'\r');
                        if lf - self.line_start - cr > self.limits.max_line_length {
                            return Some(self.reject_line());
                        }
                        self.scan = lf + 1;
                        let line = &self.buf[self.line_start..lf];
                        let line = line.strip_suffix(b"\r").unwrap_or(line);
                        match literal_size(line) {
                            None => return Some(self.complete()),
                            Some(Err(())) => return Some(self.reject_unreadable_literal()),
                            Some(Ok(len)) if self.stream_threshold.is_some_and(|t| len > t) => {
                                return Some(self.start_streaming(len));
                            }
                            Some(Ok(len)) if len > self.limits.max_literal_size => {
                                return Some(self.reject_literal(len));
                            }
                            Some(Ok(len)) => self.state = State::Literal { remaining: len },
                        }
                    }
                },
                State::Literal { remaining } => {
                    // The literal's bytes are skipped over, never examined.
                    if ((self.buf.len() - self.scan) as u64) < remaining {
                        return None;
                    }
                    self.scan += remaining as usize;
                    self.line_start = self.scan;
                    self.state = State::Line;
                }
                State::Streaming { remaining } => {
                    if self.buf.is_empty() {
                        return None;
                    }
                    let take = remaining.min(self.buf.len() as u64);
                    let chunk = self.buf.split_to(take as usize).freeze();
                    self.consumed += take;
                    self.state = if take == remaining {
                        State::StreamEnd
                    } else {
                        State::Streaming { remaining: remaining - take }
                    };
                    return Some(Frame::LiteralChunk(chunk));
                }
                State::StreamEnd => {
                    self.state = State::Line;
                    return Some(Frame::LiteralEnd);
                }
                State::SkipLiteral { remaining } => {
                    let take = remaining.min(self.buf.len() as u64);
                    self.drop_front(take as usize);
                    if take < remaining {
                        self.state = State::SkipLiteral { remaining: remaining - take };
                        return None;
                    }
                    self.state = State::SkipLine;
                }
                State::SkipLine => match memchr::memchr(b'\n', &self.buf) {
                    None => {
                        let keep_from = self.buf.len().saturating_sub(TAIL);
                        self.skip_tail.extend_from_slice(&self.buf[keep_from..]);
                        let excess = self.skip_tail.len().saturating_sub(TAIL);
                        self.skip_tail.drain(..excess);
                        let all = self.buf.len();
                        self.drop_front(all);
                        return None;
                    }
                    Some(lf) => {
                        self.skip_tail.extend_from_slice(&self.buf[..lf]);
                        let tail = self.skip_tail.strip_suffix(b"\r").unwrap_or(&self.skip_tail);
                        let next = match literal_size(tail) {
                            Some(Ok(len)) => State::SkipLiteral { remaining: len },
                            _ => State::Line,
                        };
                        self.skip_tail.clear();
                        self.drop_front(lf + 1);
                        self.state = next;
                        if next == State::Line {
                            self.frame_start = self.consumed;
                        }
                    }
                },
            }
        }
    }

    /// Cuts the complete response off the buffer.
    fn complete(&mut self) -> Frame {
        let end = self.scan;
        let bytes = if self.pending.is_empty() {
            self.buf.split_to(end).freeze()
        } else {
            self.pending.extend_from_slice(&self.buf[..end]);
            self.buf.advance(end);
            self.pending.split().freeze()
        };
        self.consumed += end as u64;
        let start = self.frame_start;
        self.frame_start = self.consumed;
        self.scan = 0;
        self.line_start = 0;
        self.read_ahead.frame_taken(end, &self.buf);
        Frame::Complete { bytes, streamed: std::mem::take(&mut self.streamed), start }
    }

    /// Moves the response so far out of the buffer and starts handing out the literal.
    fn start_streaming(&mut self, len: u64) -> Frame {
        let end = self.scan;
        self.pending.extend_from_slice(&self.buf[..end]);
        self.buf.advance(end);
        self.consumed += end as u64;
        self.streamed.push(self.pending.len());
        self.scan = 0;
        self.line_start = 0;
        self.state = if len == 0 { State::StreamEnd } else { State::Streaming { remaining: len } };
        Frame::LiteralStart { prefix: Bytes::copy_from_slice(&self.pending), len }
    }

    /// The current line is too long: report it and skip the rest of the response.
    fn reject_line(&mut self) -> Frame {
        let kind = ParseErrorKind::LineTooLong { limit: self.limits.max_line_length };
        let offset = self.pending.len() + self.line_start + self.limits.max_line_length;
        // The excerpt ends where the limit was crossed, whatever else is buffered, so that it is
        // the same however the input was split.
        let frame = self.reject(kind, offset, self.line_start, self.line_start + self.limits.max_line_length + 1);
        self.state = State::SkipLine;
        frame
    }

    /// The literal just announced is too large: report it and skip it and the rest.
    fn reject_literal(&mut self, size: u64) -> Frame {
        let kind = ParseErrorKind::LiteralTooLarge { size, limit: self.limits.max_literal_size };
        let header = self.buf[self.line_start..self.scan].iter().rposition(|&b| b == b'{').unwrap_or(0);
        let offset = self.pending.len() + self.line_start + header;
        let frame = self.reject(kind, offset, self.scan, self.scan);
        self.state = State::SkipLiteral { remaining: size };
        frame
    }

    /// The line announces a literal whose size cannot be read: nothing tells how many bytes
    /// follow, so the response ends with this line and the next line is a new response.
    fn reject_unreadable_literal(&mut self) -> Frame {
        let kind = ParseErrorKind::LiteralTooLarge { size: u64::MAX, limit: self.limits.max_literal_size };
        let header = self.buf[self.line_start..self.scan].iter().rposition(|&b| b == b'{').unwrap_or(0);
        let offset = self.pending.len() + self.line_start + header;
        let frame = self.reject(kind, offset, self.scan, self.scan);
        self.state = State::Line;
        self.frame_start = self.consumed;
        frame
    }

    /// Drops the response so far up to `keep_from` in the buffer (where skipping resumes),
    /// keeping an excerpt that ends at `excerpt_end` for the error.
    fn reject(&mut self, kind: ParseErrorKind, offset: usize, keep_from: usize, excerpt_end: usize) -> Frame {
        let mut excerpt = std::mem::take(&mut self.pending);
        let room = ERROR_EXCERPT.saturating_sub(excerpt.len());
        excerpt.extend_from_slice(&self.buf[..excerpt_end.min(self.buf.len()).min(room)]);
        let start = self.frame_start;
        self.streamed.clear();
        self.skip_tail.clear();
        self.drop_front(keep_from);
        self.scan = 0;
        self.line_start = 0;
        let offset = offset.min(excerpt.len());
        Frame::Rejected { kind, bytes: excerpt.freeze(), offset, start }
    }

    fn drop_front(&mut self, n: usize) {
        self.buf.advance(n);
        self.consumed += n as u64;
    }
}
