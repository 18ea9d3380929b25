//! The generic value grammar: how responses, codes and FETCH items nobody registered a parser
//! for are kept (NIL, numbers, atoms, quoted strings, literals, nested lists).

use super::context::Ctx;
use super::error::{PResult, fail};
use super::primitives::{after_nil, at_line_end, literal, opt_sp, quoted};
use crate::response::Value;

/// A byte that may appear in a bare word of the generic grammar: anything but space,
/// parentheses, double quote, controls (CR, LF, NUL, ...).
#[inline]
pub(crate) fn is_word_char(b: u8) -> bool {
    !matches!(b, b' ' | b'(' | b')' | b'"') && b > 0x1f && b != 0x7f
}

/// One value. `depth` counts enclosing lists, bounded by the context's nesting limit.
pub(crate) fn value<'a>(cx: &Ctx<'_>, i: &'a [u8], depth: usize) -> PResult<'a, Value> {
    match i.first() {
        Some(b'(') => {
            cx.check_depth(i, depth + 1)?;
            list_body(cx, &i[1..], depth + 1).map(|(r, items)| (r, Value::List(items)))
        }
        Some(b'"') => quoted(cx, i).map(|(r, s)| (r, Value::String(s))),
        Some(b'{') => literal(cx, i).map(|(r, p)| (r, Value::Literal(p))),
        Some(b'~') if i.get(1) == Some(&b'{') => literal(cx, i).map(|(r, p)| (r, Value::Literal(p))),
        Some(&b) if is_word_char(b) => {
            if let Some(rest) = after_nil(i) {
                if rest.first().is_none_or(|b| !is_word_char(*b)) {
                    return Ok((rest, Value::Nil));
                }
            }
            let n = i.iter().position(|&b| !is_word_char(b)).unwrap_or(i.len());
            let (word, rest) = i.split_at(n);
            // `007` is kept as an atom: as a number its leading zeros would be lost.
            if word.iter().all(u8::is_ascii_digit) && (word.len() == 1 || word[0] != b'0') {
                if let Ok((_, number)) = super::primitives::number64(word) {
                    return Ok((rest, Value::Number(number)));
                }
            }
            Ok((rest, Value::Atom(cx.istring(word))))
        }
        _ => fail(i, "value"),
    }
}

/// The items of a list whose `(` was consumed, up to and including `)`. Items may be
/// separated by any number of spaces, and lists may follow each other without one (THREAD).
fn list_body<'a>(cx: &Ctx<'_>, mut i: &'a [u8], depth: usize) -> PResult<'a, Vec<Value>> {
    let mut items = Vec::new();
    loop {
        i = opt_sp(i);
        if let Some(rest) = i.strip_prefix(b")") {
            return Ok((rest, items));
        }
        let (rest, item) = value(cx, i, depth)?;
        items.push(item);
        i = rest;
    }
}

/// Values up to the end of the line (which is not consumed).
pub(crate) fn values_to_line_end<'a>(cx: &Ctx<'_>, mut i: &'a [u8]) -> PResult<'a, Vec<Value>> {
    let mut items = Vec::new();
    loop {
        i = opt_sp(i);
        if at_line_end(i) {
            return Ok((i, items));
        }
        let (rest, item) = value(cx, i, 0)?;
        items.push(item);
        i = rest;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::context::tests::with_ctx;
    use crate::response::Payload;

    #[test]
    fn mixed_values() {
        with_ctx(b"12 (a \"b\" {1}\r\nc NIL) \\Seen BODY[1]<0> 1:*\r\n", |cx, i| {
            let (rest, values) = values_to_line_end(cx, i).unwrap();
            assert_eq!(rest, b"\r\n");
            assert_eq!(
                values,
                [
                    Value::Number(12),
                    Value::List(vec![
                        Value::Atom("a".into()),
                        Value::String("b".into()),
                        Value::Literal(Payload::Bytes(bytes::Bytes::from_static(b"c"))),
                        Value::Nil
                    ]),
                    Value::Atom("\\Seen".into()),
                    Value::Atom("BODY[1]<0>".into()),
                    Value::Atom("1:*".into()),
                ]
            );
        });
    }

    #[test]
    fn numbers_with_leading_zeros_stay_atoms() {
        with_ctx(b"007 0 10\r\n", |cx, i| {
            let (_, values) = values_to_line_end(cx, i).unwrap();
            assert_eq!(values, [Value::Atom("007".into()), Value::Number(0), Value::Number(10)]);
        });
    }

    #[test]
    fn adjacent_lists_and_nil_prefix_words() {
        with_ctx(b"(2)(3 6 (4 23)) NILS\r\n", |cx, i| {
            let (_, values) = values_to_line_end(cx, i).unwrap();
            assert_eq!(values.len(), 3);
            assert_eq!(values[2], Value::Atom("NILS".into()));
        });
    }

    #[test]
    fn depth_is_bounded() {
        let deep = format!("{}{}\r\n", "(".repeat(100), ")".repeat(100));
        with_ctx(deep.as_bytes(), |cx, i| {
            assert!(matches!(values_to_line_end(cx, i), Err(nom::Err::Failure(_))));
        });
    }
}
