//! The state a parse needs besides the bytes: the frame (for zero-copy slices), the registry
//! of extension parsers, the session's UTF-8 mode, limits, and which literals were streamed.

use std::cell::Cell;

use bytes::Bytes;

use super::cursor::CursorError;
use super::error::{PErr, PResult, ParseErrorKind, fatal};
use super::registry::ParserRegistry;
use crate::types::IString;

/// Everything a parser function needs besides its input.
pub(crate) struct Ctx<'a> {
    frame: &'a Bytes,
    pub(crate) registry: &'a ParserRegistry,
    /// UTF8=ACCEPT is enabled: mailbox names are UTF-8, not modified UTF-7.
    pub(crate) utf8: bool,
    max_depth: usize,
    /// Offsets in the frame right after the header of each literal whose bytes were streamed
    /// (and are therefore absent from the frame), in ascending order.
    streamed: &'a [usize],
    /// Bytes the reading of stray quotes (`stray_quotes.rs`) may still copy in this frame. Its
    /// guess may run to the frame's end for each broken item; the budget keeps a line of many
    /// broken items linear in its length.
    repair_budget: Cell<usize>,
    /// The frame is a response the decoder joined across a raw line break inside a quoted
    /// string (TOLERANCES.md, rule 41): quoted strings may hold CR and LF.
    pub(crate) line_breaks_in_quotes: bool,
}

/// What [`Ctx::repair_budget`] allows per frame: twice the frame, and some room for short ones.
fn repair_budget_for(frame: &Bytes) -> usize {
    frame.len().saturating_mul(2).saturating_add(64 * 1024)
}

impl<'a> Ctx<'a> {
    pub(crate) fn new(
        frame: &'a Bytes,
        registry: &'a ParserRegistry,
        utf8: bool,
        max_depth: usize,
        streamed: &'a [usize],
    ) -> Self {
        Ctx {
            frame,
            registry,
            utf8,
            max_depth,
            streamed,
            repair_budget: Cell::new(repair_budget_for(frame)),
            line_breaks_in_quotes: false,
        }
    }

    /// The same context over another frame, one with no streamed literals (a repaired copy of
    /// part of this one).
    pub(crate) fn with_frame<'f>(&self, frame: &'f Bytes) -> Ctx<'f>
    where
        'a: 'f,
    {
        Ctx {
            frame,
            registry: self.registry,
            utf8: self.utf8,
            max_depth: self.max_depth,
            streamed: &[],
            repair_budget: Cell::new(0),
            line_breaks_in_quotes: self.line_breaks_in_quotes,
        }
    }

    /// The bytes the reading of stray quotes may still copy in this frame; it takes what it
    /// uses with [`Ctx::spend_repair_budget`].
    pub(crate) fn repair_budget(&self) -> usize {
        self.repair_budget.get()
    }

    /// Takes `n` bytes (at most what is left) from [`Ctx::repair_budget`].
    pub(crate) fn spend_repair_budget(&self, n: usize) {
        self.repair_budget.set(self.repair_budget.get().saturating_sub(n));
    }

    /// A zero-copy `Bytes` for a sub-slice of the frame.
    #[inline]
    pub(crate) fn slice(&self, sub: &[u8]) -> Bytes {
        if sub.is_empty() {
            return Bytes::new();
        }
        self.frame.slice_ref(sub)
    }

    /// A string for a sub-slice of the frame (inline when short, else shared).
    #[inline]
    pub(crate) fn istring(&self, sub: &[u8]) -> IString {
        IString::from_frame(self.frame, sub)
    }

    /// Makes `out` a sub-slice of the frame, in place (see [`IString::set_from_frame`]).
    #[inline(always)]
    pub(crate) fn set_istring(&self, out: &mut IString, sub: &[u8]) {
        out.set_from_frame(self.frame, sub);
    }

    /// The offset of `rest` (a suffix of the frame) within the frame.
    pub(crate) fn offset(&self, rest: &[u8]) -> usize {
        self.frame.len() - rest.len()
    }

    /// True when `rest` starts right after the header of a streamed literal.
    pub(crate) fn is_streamed(&self, rest: &[u8]) -> bool {
        !self.streamed.is_empty() && self.streamed.binary_search(&self.offset(rest)).is_ok()
    }

    /// Turns an extension parser's error, raised somewhere in `i`, into a parse failure there.
    pub(crate) fn cursor_failure<'i>(&self, i: &'i [u8], e: CursorError) -> nom::Err<PErr<'i>> {
        let skip = e.offset.saturating_sub(self.offset(i)).min(i.len());
        nom::Err::Failure(PErr { input: &i[skip..], kind: e.kind })
    }

    /// Fails when `depth` exceeds the nesting limit (lists, body structures).
    #[inline]
    pub(crate) fn check_depth<'i>(&self, i: &'i [u8], depth: usize) -> PResult<'i, ()> {
        if depth > self.max_depth {
            return fatal(i, ParseErrorKind::NestingTooDeep { limit: self.max_depth });
        }
        Ok((i, ()))
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Runs `f` with a context over `input`.
    pub(crate) fn with_ctx(input: &[u8], f: impl FnOnce(&Ctx<'_>, &[u8])) {
        let frame = Bytes::copy_from_slice(input);
        let registry = ParserRegistry::default();
        let cx = Ctx::new(&frame, &registry, false, 64, &[]);
        f(&cx, &frame);
    }
}
