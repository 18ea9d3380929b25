//! `Cursor`: the grammar's building blocks as a small step-by-step API, for extension parsers.

use super::context::Ctx;
use super::error::{PErr, PResult, ParseErrorKind};
use super::{primitives as p, value};
use crate::response::Value;
use crate::types::{Atom, Flag, IString, Mailbox, NString, SequenceSet};

/// An error from a [`Cursor`] step: what was expected and where. The decoder turns it into a
/// [`ParseError`](super::ParseError) carrying the response's bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CursorError {
    pub(crate) kind: ParseErrorKind,
    pub(crate) offset: usize,
}

impl CursorError {
    /// What went wrong.
    pub fn kind(&self) -> &ParseErrorKind {
        &self.kind
    }
}

/// Reads the rest of a response step by step. Extension parsers receive one positioned after
/// their keyword (and the space that follows it, if any):
///
/// ```
/// use imap_core::parse::{Cursor, CursorError, ParserRegistry};
/// use imap_core::response::ExtensionValue;
///
/// #[derive(Debug, PartialEq)]
/// # #[cfg_attr(feature = "serde", derive(serde::Serialize))]
/// struct Quota { root: String, resources: Vec<(String, u64, u64)> }
///
/// let mut registry = ParserRegistry::default();
/// registry.register_untagged("QUOTA", |c: &mut Cursor<'_>, _number: Option<u32>| {
///     let root = c.astring()?.to_string_lossy().into_owned();
///     c.sp()?;
///     let resources = c.list(|c| {
///         let name = c.atom()?.to_string();
///         c.sp()?;
///         let usage = c.number64()?;
///         c.sp()?;
///         Ok((name, usage, c.number64()?))
///     })?;
///     Ok(ExtensionValue::new(Quota { root, resources }))
/// });
/// ```
pub struct Cursor<'a> {
    cx: &'a Ctx<'a>,
    input: &'a [u8],
}

impl<'a> Cursor<'a> {
    pub(crate) fn new(cx: &'a Ctx<'a>, input: &'a [u8]) -> Self {
        Cursor { cx, input }
    }

    /// The unread input.
    pub(crate) fn rest(&self) -> &'a [u8] {
        self.input
    }

    fn step<T>(&mut self, parser: impl FnOnce(&'a [u8]) -> PResult<'a, T>) -> Result<T, CursorError> {
        match parser(self.input) {
            Ok((rest, value)) => {
                self.input = rest;
                Ok(value)
            }
            Err(nom::Err::Error(e) | nom::Err::Failure(e)) => Err(self.convert(e)),
            Err(nom::Err::Incomplete(_)) => Err(self.error("complete input")),
        }
    }

    fn convert(&self, e: PErr<'_>) -> CursorError {
        CursorError { kind: e.kind, offset: self.cx.offset(e.input) }
    }

    /// An error at the current position: `expected` was not found.
    pub fn error(&self, expected: &'static str) -> CursorError {
        CursorError { kind: ParseErrorKind::Syntax { expected }, offset: self.cx.offset(self.input) }
    }

    /// An error at the current position with the extension's own message.
    pub fn error_message(&self, message: impl Into<Box<str>>) -> CursorError {
        CursorError { kind: ParseErrorKind::Extension { message: message.into() }, offset: self.cx.offset(self.input) }
    }

    /// The next byte, without consuming it.
    pub fn peek(&self) -> Option<u8> {
        self.input.first().copied()
    }

    /// True at the end of the line (trailing spaces ignored).
    pub fn at_end(&self) -> bool {
        p::at_line_end(self.input)
    }

    /// One or more spaces.
    pub fn sp(&mut self) -> Result<(), CursorError> {
        self.step(p::sp)
    }

    /// Any spaces.
    pub fn skip_spaces(&mut self) {
        self.input = p::opt_sp(self.input);
    }

    /// Consumes `word` (ASCII case ignored) if it comes next, as a whole token.
    pub fn eat(&mut self, word: &str) -> bool {
        let n = word.len();
        let matches = self.input.get(..n).is_some_and(|w| w.eq_ignore_ascii_case(word.as_bytes()))
            && self
                .input
                .get(n)
                .is_none_or(|b| !value::is_word_char(*b) || !word.as_bytes()[n - 1].is_ascii_alphanumeric());
        if matches {
            self.input = &self.input[n..];
        }
        matches
    }

    /// Requires `word` (ASCII case ignored) next.
    pub fn expect(&mut self, word: &'static str) -> Result<(), CursorError> {
        if self.eat(word) { Ok(()) } else { Err(self.error(word)) }
    }

    /// Consumes `NIL` if it comes next.
    pub fn eat_nil(&mut self) -> bool {
        match p::nil(self.input) {
            Ok((rest, ())) => {
                self.input = rest;
                true
            }
            Err(_) => false,
        }
    }

    /// An atom.
    pub fn atom(&mut self) -> Result<Atom, CursorError> {
        let cx = self.cx;
        self.step(|i| p::atom(cx, i))
    }

    /// An astring (atom or string).
    pub fn astring(&mut self) -> Result<IString, CursorError> {
        let cx = self.cx;
        self.step(|i| p::astring(cx, i))
    }

    /// A quoted string or literal.
    pub fn string(&mut self) -> Result<IString, CursorError> {
        let cx = self.cx;
        self.step(|i| p::string(cx, i))
    }

    /// A string or NIL.
    pub fn nstring(&mut self) -> Result<NString, CursorError> {
        let cx = self.cx;
        self.step(|i| p::nstring(cx, i))
    }

    /// A 32-bit number.
    pub fn number(&mut self) -> Result<u32, CursorError> {
        self.step(p::number)
    }

    /// A 64-bit number.
    pub fn number64(&mut self) -> Result<u64, CursorError> {
        self.step(p::number64)
    }

    /// A mailbox name, decoded.
    pub fn mailbox(&mut self) -> Result<Mailbox, CursorError> {
        let cx = self.cx;
        self.step(|i| p::mailbox(cx, i))
    }

    /// A flag.
    pub fn flag(&mut self) -> Result<Flag, CursorError> {
        let cx = self.cx;
        self.step(|i| p::flag(cx, i))
    }

    /// A sequence set (also a UID set), e.g. `1:3,7,9:*`.
    pub fn sequence_set(&mut self) -> Result<SequenceSet, CursorError> {
        self.step(super::sequence::sequence_set)
    }

    /// One generic value.
    pub fn value(&mut self) -> Result<Value, CursorError> {
        let cx = self.cx;
        self.step(|i| value::value(cx, i, 0))
    }

    /// Every value up to the end of the line.
    pub fn values_to_end(&mut self) -> Result<Vec<Value>, CursorError> {
        let cx = self.cx;
        self.step(|i| value::values_to_line_end(cx, i))
    }

    /// The rest of the line as text.
    pub fn text(&mut self) -> Result<IString, CursorError> {
        let cx = self.cx;
        self.step(|i| p::text(cx, i))
    }

    /// A parenthesized, space-separated list whose items `item` reads.
    pub fn list<T>(
        &mut self,
        mut item: impl FnMut(&mut Cursor<'a>) -> Result<T, CursorError>,
    ) -> Result<Vec<T>, CursorError> {
        if self.peek() != Some(b'(') {
            return Err(self.error("'('"));
        }
        self.input = &self.input[1..];
        let mut items = Vec::new();
        loop {
            self.skip_spaces();
            if self.peek() == Some(b')') {
                self.input = &self.input[1..];
                return Ok(items);
            }
            items.push(item(self)?);
            if !matches!(self.peek(), Some(b' ' | b')')) {
                return Err(self.error("SP or ')'"));
            }
        }
    }
}
