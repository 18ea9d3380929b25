//! Quotes and backslashes a server forgot to escape inside a quoted string (TOLERANCES.md,
//! rule 36): `"HTML""` for a Content-Type of `text/html"`, `""""` for a description of `""`,
//! `"Lingnau \"` for a name that ends in a backslash, `"<a."b"@c>"` for a Message-ID with
//! quotes in it.
//!
//! Only a FETCH item whose tolerant second reading failed gets here (the usual response never
//! does). Its bytes are copied with a backslash before every quote inside a string that
//! another quote follows (`""` can only stand there if the first belongs to the string), and the
//! copy is read again. A string that already is valid never changes, so this reading only ever
//! accepts more. An item that holds a literal streamed out of the frame is not copied. If that
//! copy does not read either, a second one also takes a `\"` that a separator follows for a
//! backslash that ends its string: a server that does not escape quotes does not escape
//! backslashes either. That copy comes second because it would spoil a valid `\"` before a
//! space elsewhere in the item. A third copy, last because it guesses most, also keeps inside
//! its string a quote that a byte follows which cannot follow a string (anything but a space,
//! a parenthesis or the line end), as in `"<1.JavaMail."cv@x.com"@host>"` (jakarta mail-api
//! #669).

use bytes::Bytes;

use super::context::Ctx;
use super::error::PResult;
use super::primitives::literal;
use crate::response::{FetchItem, Payload};

/// Reads one FETCH item's value (`ENVELOPE`, `BODY`, `BODYSTRUCTURE`).
pub(crate) type ItemReader = for<'i> fn(&Ctx<'_>, &'i [u8]) -> PResult<'i, FetchItem>;

/// `read` over `i` with its stray quotes (then also its trailing backslashes, then also its
/// quotes before text) escaped; `None` when `i` has none or no escaped copy reads either. The
/// rest is handed back as a suffix of `i`.
#[cold]
#[inline(never)]
pub(crate) fn reread<'a>(cx: &Ctx<'_>, i: &'a [u8], read: ItemReader) -> Option<PResult<'a, FetchItem>> {
    [Reading::QuoteBeforeQuote, Reading::BackslashMayEndTheString, Reading::QuoteBeforeText].into_iter().find_map(
        |reading| {
            let escaped = escape_stray_quotes(cx, i, reading)?;
            let frame = Bytes::from(escaped.bytes);
            let (rest, item) = read(&cx.with_frame(&frame), &frame).ok()?;
            let consumed = frame.len() - rest.len();
            let inserted_before = escaped.inserted.partition_point(|&at| at < consumed);
            Some(Ok((&i[consumed - inserted_before..], item)))
        },
    )
}

/// Which quotes and backslashes inside a string a copy escapes. Each copy escapes a quote that
/// another quote follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reading {
    /// Only that; a `\"` is an escaped quote, as the grammar says.
    QuoteBeforeQuote,
    /// Also a backslash before a quote that a separator follows: the backslash ends the string.
    BackslashMayEndTheString,
    /// Also a quote that a byte follows which cannot follow a string (not a space, a
    /// parenthesis, a quote or the line end): it is part of the string.
    QuoteBeforeText,
}

/// A copy of some input with backslashes inserted.
struct Escaped {
    bytes: Vec<u8>,
    /// Where each inserted backslash stands in `bytes`, in ascending order.
    inserted: Vec<usize>,
}

impl Escaped {
    /// Appends a backslash the input did not have, and notes where it stands.
    fn insert_backslash(&mut self) {
        self.inserted.push(self.bytes.len());
        self.bytes.push(b'\\');
    }
}

/// The parenthesized list at the start of `i`, with a backslash before each quote inside a
/// quoted string that `reading` takes for part of the string (and, as it says, before a
/// backslash whose quote ends the string); literals are copied as they are. The copy ends with
/// the list, so that a frame of many broken items costs each item only its own length. `None`
/// when there is nothing for this reading to escape (the copy would read as an earlier one) or
/// `i` holds no list.
fn escape_stray_quotes(cx: &Ctx<'_>, i: &[u8], reading: Reading) -> Option<Escaped> {
    if i.first() != Some(&b'(') {
        return None;
    }
    let budget = cx.repair_budget();
    let ends_a_string = |at: usize| matches!(i.get(at), None | Some(b' ' | b')' | b'\r' | b'\n'));
    // What may follow a string whose next token lacks its space: such a quote may end its string.
    let may_end_a_string = |at: usize| ends_a_string(at) || matches!(i.get(at), Some(b'(' | b'"'));
    let mut out = Escaped { bytes: Vec::new(), inserted: Vec::new() };
    let mut escaped_for_this_reading = false;
    let mut in_quotes = false;
    let mut depth = 0usize;
    let mut pos = 0;
    while let Some(&b) = i.get(pos) {
        if pos >= budget {
            // This frame's budget is spent: the item stays as the plain readings left it.
            cx.spend_repair_budget(budget);
            return None;
        }
        let mut len = 1;
        match b {
            b'(' if !in_quotes => depth += 1,
            b')' if !in_quotes => depth -= 1,
            b'\\' if in_quotes => {
                if reading == Reading::BackslashMayEndTheString
                    && i.get(pos + 1) == Some(&b'"')
                    && ends_a_string(pos + 2)
                {
                    // Escaped, the backslash is copied alone; the quote then ends the string.
                    out.insert_backslash();
                    escaped_for_this_reading = true;
                } else {
                    len = 2.min(i.len() - pos);
                }
            }
            // A quote right after the one that would end the string: the grammar allows no
            // such thing, so the first is part of the string (and so on, as in `""""`). Only
            // this pattern counts in the first two readings: a quote before other bytes may as
            // well end a string whose next token lacks its space, and taking it as content
            // could swallow later items.
            b'"' if in_quotes && i.get(pos + 1) == Some(&b'"') => {
                out.insert_backslash();
                escaped_for_this_reading |= reading == Reading::QuoteBeforeQuote;
            }
            b'"' if in_quotes && reading == Reading::QuoteBeforeText && !may_end_a_string(pos + 1) => {
                out.insert_backslash();
                escaped_for_this_reading = true;
            }
            b'"' if in_quotes => in_quotes = false,
            b'"' => in_quotes = true,
            b'{' | b'~' if !in_quotes => match literal(cx, &i[pos..]) {
                // A literal streamed out of the frame left no bytes to copy.
                Ok((_, Payload::Streamed { .. })) => return None,
                Ok((rest, Payload::Bytes(_))) => len = i.len() - pos - rest.len(),
                Err(_) => {}
            },
            _ => {}
        }
        out.bytes.extend_from_slice(&i[pos..pos + len]);
        pos += len;
        if depth == 0 {
            break;
        }
    }
    cx.spend_repair_budget(pos);
    escaped_for_this_reading.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::context::tests::with_ctx;

    fn escaped(input: &str) -> Option<String> {
        escaped_as(input, Reading::QuoteBeforeQuote)
    }

    fn escaped_as(input: &str, reading: Reading) -> Option<String> {
        let mut result = None;
        with_ctx(input.as_bytes(), |cx, i| {
            result = escape_stray_quotes(cx, i, reading).map(|e| {
                for &at in &e.inserted {
                    assert_eq!(e.bytes[at], b'\\');
                }
                String::from_utf8(e.bytes).unwrap()
            })
        });
        result
    }

    #[test]
    fn quotes_followed_by_a_quote_are_escaped() {
        assert_eq!(escaped("(\"TEXT\" \"HTML\"\" NIL) UID 1)\r\n").as_deref(), Some("(\"TEXT\" \"HTML\\\"\" NIL)"));
        assert_eq!(escaped("(NIL \"\"\"\" \"base64\")").as_deref(), Some("(NIL \"\\\"\\\"\" \"base64\")"));
    }

    #[test]
    fn valid_strings_escapes_and_literals_are_left_alone() {
        assert_eq!(escaped("(\"a\" \"b\\\"c\" NIL \"\")\r\n"), None);
        assert_eq!(escaped("NIL \"a\"b\""), None, "no list");
        // A quote before anything but a quote ends the string, as the grammar says.
        assert_eq!(escaped("(\"a\"(NIL)) BODY (\"b\"\"\")"), None);
        // Parentheses inside strings do not end the list.
        assert_eq!(escaped("(\"(\" \")\"\"\") \"y\"\"\"").as_deref(), Some("(\"(\" \")\\\"\\\"\")"));
        // A literal's bytes may hold anything, quotes included.
        assert_eq!(escaped("({4}\r\na\"\"b \"x\"\"\")").as_deref(), Some("({4}\r\na\"\"b \"x\\\"\\\"\")"));
    }

    #[test]
    fn a_backslash_before_a_closing_quote_is_escaped_only_in_the_second_copy() {
        let input = "((\"Lingnau \\\" NIL \"m\" \"h\")) NIL";
        // The first copy reads `\"` as the grammar does, and finds nothing to escape.
        assert_eq!(escaped(input), None);
        let second = escaped_as(input, Reading::BackslashMayEndTheString);
        assert_eq!(second.as_deref(), Some("((\"Lingnau \\\\\" NIL \"m\" \"h\"))"));
        // No such backslash: no second copy, which would be the first one again.
        assert_eq!(escaped_as("(\"a\"\"\")", Reading::BackslashMayEndTheString), None);
        // A valid `\"` before a space is spoiled in the second copy: why it comes second.
        let valid = "(\"a \\\"b\\\" c\")";
        assert_eq!(escaped(valid), None);
        assert_eq!(escaped_as(valid, Reading::BackslashMayEndTheString).as_deref(), Some("(\"a \\\"b\\\\\" c\")"));
    }

    #[test]
    fn a_quote_before_text_is_escaped_only_in_the_third_copy() {
        let input = "(NIL \"<1.JavaMail.\"cv@x.com\"@host>\") UID 1";
        assert_eq!(escaped(input), None);
        assert_eq!(escaped_as(input, Reading::BackslashMayEndTheString), None);
        let third = escaped_as(input, Reading::QuoteBeforeText);
        assert_eq!(third.as_deref(), Some("(NIL \"<1.JavaMail.\\\"cv@x.com\\\"@host>\")"));
        // A quote before a space, a parenthesis, a quote or the end may end its string: kept.
        assert_eq!(escaped_as("(\"a\" \"b\"(NIL) \"c\")", Reading::QuoteBeforeText), None);
        // The quote pairs of the first copy are escaped in it too.
        assert_eq!(escaped_as("(\"a\"b\"\" NIL)", Reading::QuoteBeforeText).as_deref(), Some("(\"a\\\"b\\\"\" NIL)"));
    }

    #[test]
    fn a_spent_budget_makes_no_copy() {
        let input = b"(\"a\"\"\" NIL)";
        with_ctx(input, |cx, i| {
            cx.spend_repair_budget(cx.repair_budget() - 5);
            assert!(escape_stray_quotes(cx, i, Reading::QuoteBeforeQuote).is_none());
            assert_eq!(cx.repair_budget(), 0);
        });
        with_ctx(input, |cx, i| {
            let before = cx.repair_budget();
            assert!(escape_stray_quotes(cx, i, Reading::QuoteBeforeQuote).is_some());
            assert_eq!(cx.repair_budget(), before - input.len(), "what was scanned is spent");
        });
    }
}
