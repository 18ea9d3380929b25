//! `* n FETCH (...)`: message data items.

use bytes::Bytes;

use super::body::body;
use super::context::Ctx;
use super::cursor::Cursor;
use super::envelope::envelope;
use super::error::{PErr, PRest, PResult, fail};
use super::primitives::{
    astring, byte, flag_list, is_keyword, npayload, number, number64, opt_sp, paren_list, plain_quoted_bytes, quoted,
    sp, take_while1,
};
use super::stray_quotes::{self, ItemReader};
use super::value::value;
use crate::response::{Fetch, FetchItem, Payload, Section, SectionText};
use crate::types::InternalDate;

/// The item list after `FETCH `, for message `seq`.
pub(crate) fn fetch<'a>(cx: &Ctx<'_>, i: &'a [u8], seq: u32) -> PResult<'a, Fetch> {
    let (i, ()) = byte(i, b'(', "'(' of FETCH items")?;
    let mut items = Vec::with_capacity(8);
    let (rest, ()) = fetch_items(cx, i, &mut items, 1)?;
    Ok((rest, Fetch { seq, items }))
}

/// Items up to and including the `)` that closes their list, appended to `items`. Tolerated:
/// no space between two items (rule 26; Exchange writes the next item right after a literal),
/// and items in an extra pair of parentheses (rule 27; Domino), read as if it were not there.
#[inline(always)]
fn fetch_items<'a>(cx: &Ctx<'_>, mut i: &'a [u8], items: &mut Vec<FetchItem>, depth: usize) -> PResult<'a, ()> {
    loop {
        i = opt_sp(i);
        match i.first() {
            Some(b')') => return Ok((&i[1..], ())),
            Some(b'(') => {
                (i, ()) = grouped_items(cx, i, items, depth + 1)?;
                continue;
            }
            _ => {}
        }
        i = match fetch_item(cx, i, items) {
            Ok(rest) => rest,
            Err(error) => malformed_item(cx, i, error, items)?,
        };
        if !matches!(i.first(), Some(b' ' | b')')) {
            i = joined_item(i)?;
        }
    }
}

/// Items in an extra pair of parentheses, from its `(`.
#[cold]
#[inline(never)]
fn grouped_items<'a>(cx: &Ctx<'_>, i: &'a [u8], items: &mut Vec<FetchItem>, depth: usize) -> PResult<'a, ()> {
    cx.check_depth(i, depth)?;
    fetch_items(cx, &i[1..], items, depth)
}

/// After an item, where neither SP nor `)` follows: the next item's start, if one does.
#[cold]
#[inline(never)]
fn joined_item(i: &[u8]) -> PRest<'_> {
    match i.first() {
        Some(b) if b.is_ascii_alphabetic() || *b == b'(' => Ok(i),
        _ => fail(i, "SP or ')' after FETCH item").map(|(rest, ())| rest),
    }
}

/// A known item whose value does not fit its grammar: read again with the tolerances that
/// would cost time on every item ([`reread_tolerantly`]), and if it does not fit those either
/// (a server's broken BODYSTRUCTURE, say), kept generically as an unknown item would be, so
/// that the response's other items are not lost (TOLERANCES.md, rule 23); `error` when not
/// even a generic value can be read.
#[cold]
#[inline(never)]
fn malformed_item<'a>(cx: &Ctx<'_>, i: &'a [u8], error: nom::Err<PErr<'a>>, items: &mut Vec<FetchItem>) -> PRest<'a> {
    let generic = match take_while1(i, |b| ITEM_NAME[usize::from(b)], "FETCH item") {
        Ok((after_name, name)) if after_name.first() == Some(&b'[') => {
            item_with_section::<true>(cx, i, name, after_name, items).or_else(|_| push(items, other_item(cx, i)))
        }
        Ok((after_name, name)) => sp(after_name).and_then(|(rest, ())| match reread_tolerantly(cx, name, rest) {
            Some(Ok(read)) => push(items, Ok(read)),
            _ => push(
                items,
                value(cx, rest, 1)
                    .map(|(rest, v)| (rest, FetchItem::Other { name: cx.istring(name), value: Box::new(v) })),
            ),
        }),
        Err(e) => Err(e),
    };
    generic.or(Err(error))
}

/// Appends the item `read` found and hands back the input after it. Each kind of item is
/// pushed where it is read: gathered into one variable first, every item was copied through
/// the stack in loads wider than the stores that wrote it, which stalls store forwarding.
#[inline(always)]
fn push<'a>(items: &mut Vec<FetchItem>, read: PResult<'a, FetchItem>) -> PRest<'a> {
    let (rest, item) = read?;
    items.push(item);
    Ok(rest)
}

/// The second reading of an item the first one rejected, for the deviations that are checked
/// only here so that the usual item is read by the plain grammar: envelopes that end early and
/// NIL in place of an address (rules 28 and 29), multiparts without parts (rule 30), an
/// INTERNALDATE in the form of a Date: header (rule 33), quotes the server did not escape
/// inside strings (rule 36, tried last: it copies the item), line counts of parts that have
/// none (rule 37) and a list in place of a part's MD5 (rule 38). `None` for other items
/// (items with a section have their second reading in [`item_with_section`]).
#[cold]
fn reread_tolerantly<'a>(cx: &Ctx<'_>, name: &[u8], i: &'a [u8]) -> Option<PResult<'a, FetchItem>> {
    let is = |s: &str| is_keyword(name, s.as_bytes());
    let read: ItemReader = if is("ENVELOPE") {
        tolerant_envelope
    } else if is("BODYSTRUCTURE") {
        tolerant_body_structure
    } else if is("BODY") {
        tolerant_body
    } else if is("INTERNALDATE") {
        // The first reading has tried IMAP's own form already.
        return Some(quoted(cx, i).and_then(|(rest, text)| match InternalDate::parse_header_form(text.as_bytes()) {
            Some(date) => Ok((rest, FetchItem::InternalDate(date))),
            None => fail(i, "date-time"),
        }));
    } else {
        return None;
    };
    Some(read(cx, i).or_else(|error| stray_quotes::reread(cx, i, read).unwrap_or(Err(error))))
}

#[cold]
fn tolerant_envelope<'a>(cx: &Ctx<'_>, i: &'a [u8]) -> PResult<'a, FetchItem> {
    envelope::<true>(cx, i).map(|(r, e)| (r, FetchItem::Envelope(e)))
}

#[cold]
fn tolerant_body_structure<'a>(cx: &Ctx<'_>, i: &'a [u8]) -> PResult<'a, FetchItem> {
    body::<true>(cx, i, 1).map(|(r, b)| (r, FetchItem::BodyStructure(b)))
}

#[cold]
fn tolerant_body<'a>(cx: &Ctx<'_>, i: &'a [u8]) -> PResult<'a, FetchItem> {
    body::<true>(cx, i, 1).map(|(r, b)| (r, FetchItem::Body(b)))
}

/// The bytes of a FETCH item name: letters, digits, `.`, `-` and `_`.
static ITEM_NAME: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = c.is_ascii_alphanumeric() || matches!(c, b'.' | b'-' | b'_');
        b += 1;
    }
    table
};

/// One item, appended to `items`.
#[inline(always)]
fn fetch_item<'a>(cx: &Ctx<'_>, i: &'a [u8], items: &mut Vec<FetchItem>) -> PRest<'a> {
    if let Some(read) = usual_item(cx, i, items) {
        return read;
    }
    let (after_name, name) = take_while1(i, |b| ITEM_NAME[usize::from(b)], "FETCH item")?;
    // Items with a section come straight after their name: `BODY[...]`, `BINARY[...]`.
    if after_name.first() == Some(&b'[') {
        return item_with_section::<false>(cx, i, name, after_name, items);
    }
    let Ok((i, ())) = sp(after_name) else { return fail(after_name, "SP after FETCH item name").map(|(r, ())| r) };
    let is = |s: &str| is_keyword(name, s.as_bytes());
    // The items of a usual FETCH here; the others out of line, which keeps this code small.
    match name.len() {
        3 if is("UID") => push(items, number(i).map(|(r, n)| (r, FetchItem::Uid(n)))),
        5 if is("FLAGS") => push(items, flag_list(cx, i).map(|(r, f)| (r, FetchItem::Flags(f)))),
        8 if is("ENVELOPE") => push(items, envelope::<false>(cx, i).map(|(r, e)| (r, FetchItem::Envelope(e)))),
        11 if is("RFC822.SIZE") => push(items, number64(i).map(|(r, n)| (r, FetchItem::Rfc822Size(n)))),
        12 if is("INTERNALDATE") => push(items, internal_date(cx, i)),
        13 if is("BODYSTRUCTURE") => {
            push(items, body::<false>(cx, i, 1).map(|(r, b)| (r, FetchItem::BodyStructure(b))))
        }
        _ => push(items, other_item_without_section(cx, name, i)),
    }
}

/// The items of a usual FETCH, in the upper case that servers write them in, recognized by
/// comparing their first bytes instead of measuring and then comparing the name; `None` for
/// anything else, which [`fetch_item`] then handles in full (with the same results).
#[inline(always)]
fn usual_item<'a>(cx: &Ctx<'_>, i: &'a [u8], items: &mut Vec<FetchItem>) -> Option<PRest<'a>> {
    // After the name's space, further spaces are tolerated as in `sp`.
    let after = |name: &[u8]| i.strip_prefix(name).map(opt_sp);
    let read = match i.first()? {
        b'U' => push(items, number(after(b"UID ")?).map(|(r, n)| (r, FetchItem::Uid(n)))),
        b'F' => push(items, flag_list(cx, after(b"FLAGS ")?).map(|(r, f)| (r, FetchItem::Flags(f)))),
        b'I' => push(items, internal_date(cx, after(b"INTERNALDATE ")?)),
        b'R' => push(items, number64(after(b"RFC822.SIZE ")?).map(|(r, n)| (r, FetchItem::Rfc822Size(n)))),
        b'E' => push(items, envelope::<false>(cx, after(b"ENVELOPE ")?).map(|(r, e)| (r, FetchItem::Envelope(e)))),
        b'B' => {
            push(items, body::<false>(cx, after(b"BODYSTRUCTURE ")?, 1).map(|(r, b)| (r, FetchItem::BodyStructure(b))))
        }
        _ => return None,
    };
    Some(read)
}

/// An item without a section that [`fetch_item`] leaves to this function.
#[inline(never)]
fn other_item_without_section<'a>(cx: &Ctx<'_>, name: &[u8], i: &'a [u8]) -> PResult<'a, FetchItem> {
    let is = |s: &str| is_keyword(name, s.as_bytes());
    match name.len() {
        4 if is("BODY") => body::<false>(cx, i, 1).map(|(r, b)| (r, FetchItem::Body(b))),
        6 if is("RFC822") => npayload(cx, i).map(|(r, p)| (r, FetchItem::Rfc822(p))),
        6 if is("MODSEQ") => modseq(i),
        11 if is("RFC822.TEXT") => npayload(cx, i).map(|(r, p)| (r, FetchItem::Rfc822Text(p))),
        13 if is("RFC822.HEADER") => npayload(cx, i).map(|(r, p)| (r, FetchItem::Rfc822Header(p))),
        _ => registered_or_other(cx, name, i),
    }
}

/// `BODY[section]<origin>`, `BINARY[part]<origin>`, `BINARY.SIZE[part]` or an unknown item with
/// a section; `i` starts at the name, `after_name` at the `[`. `TOLERANT` selects the second
/// reading of an item the first one rejected, which also accepts a value left out before the
/// item list's `)` (rule 39).
#[inline(never)]
fn item_with_section<'a, const TOLERANT: bool>(
    cx: &Ctx<'_>,
    i: &'a [u8],
    name: &[u8],
    after_name: &'a [u8],
    items: &mut Vec<FetchItem>,
) -> PRest<'a> {
    let is = |s: &str| is_keyword(name, s.as_bytes());
    if is("BODY") || is("BODY.PEEK") {
        let (i, section) = section(cx, after_name)?;
        let (i, origin) = origin(i)?;
        let (i, data) = section_data::<TOLERANT>(cx, i)?;
        items.push(FetchItem::BodySection { section: Box::new(section), origin, data });
        return Ok(i);
    }
    if is("BINARY") || is("BINARY.PEEK") {
        let (i, part) = binary_part(after_name)?;
        let (i, origin) = origin(i)?;
        let (i, data) = section_data::<TOLERANT>(cx, i)?;
        items.push(FetchItem::Binary { part: part.into_boxed_slice(), origin, data });
        return Ok(i);
    }
    if is("BINARY.SIZE") {
        let (i, part) = binary_part(after_name)?;
        let (i, ()) = sp(i)?;
        let (i, size) = number64(i)?;
        items.push(FetchItem::BinarySize { part, size });
        return Ok(i);
    }
    push(items, other_item(cx, i))
}

/// The data after a section item's name: SP, then an nstring or literal. When `TOLERANT`, a
/// value left out before the item list's `)`, as Yandex leaves out that of an empty part
/// (`BODY[2] )`), is read as empty data (TOLERANCES.md, rule 39).
#[inline(always)]
fn section_data<'a, const TOLERANT: bool>(cx: &Ctx<'_>, i: &'a [u8]) -> PResult<'a, Option<Payload>> {
    if TOLERANT && opt_sp(i).first() == Some(&b')') {
        return Ok((i, Some(Payload::Bytes(Bytes::new()))));
    }
    let (i, ()) = sp(i)?;
    npayload(cx, i)
}

fn internal_date<'a>(cx: &Ctx<'_>, i: &'a [u8]) -> PResult<'a, FetchItem> {
    let parsed = match plain_quoted_bytes(i) {
        // The usual date, read where it is rather than first copied into a string.
        Some((rest, text)) => (rest, InternalDate::parse(text)),
        None => quoted(cx, i).map(|(rest, text)| (rest, InternalDate::parse(text.as_bytes())))?,
    };
    match parsed {
        (rest, Ok(date)) => Ok((rest, FetchItem::InternalDate(date))),
        (_, Err(_)) => fail(i, "date-time"),
    }
}

fn modseq(i: &[u8]) -> PResult<'_, FetchItem> {
    let (i, ()) = byte(i, b'(', "'(' of MODSEQ")?;
    let (i, n) = number64(opt_sp(i))?;
    let (i, ()) = byte(opt_sp(i), b')', "')' of MODSEQ")?;
    Ok((i, FetchItem::ModSeq(n)))
}

/// An item the core does not know: a registered parser's, or kept generically.
fn registered_or_other<'a>(cx: &Ctx<'_>, name: &[u8], i: &'a [u8]) -> PResult<'a, FetchItem> {
    if let Some(parser) = cx.registry.fetch_item(name) {
        let mut cursor = Cursor::new(cx, i);
        return match parser(&mut cursor) {
            Ok(value) => {
                Ok((&i[i.len() - cursor.rest().len()..], FetchItem::Extension { name: cx.istring(name), value }))
            }
            Err(e) => Err(cx.cursor_failure(i, e)),
        };
    }
    let (rest, v) = value(cx, i, 1)?;
    Ok((rest, FetchItem::Other { name: cx.istring(name), value: Box::new(v) }))
}

/// An unknown item with a section, such as `X-FOO[1]<0> value`: the whole name is kept.
fn other_item<'a>(cx: &Ctx<'_>, i: &'a [u8]) -> PResult<'a, FetchItem> {
    let close = match memchr::memchr2(b']', b'\n', i) {
        Some(p) if i[p] == b']' => p,
        _ => return fail(i, "']'"),
    };
    let mut end = close + 1;
    if i.get(end) == Some(&b'<') {
        end += i[end..].iter().position(|&b| b == b'>').map_or(0, |p| p + 1);
    }
    let (name, rest) = i.split_at(end);
    let (rest, ()) = sp(rest)?;
    let (rest, v) = value(cx, rest, 1)?;
    Ok((rest, FetchItem::Other { name: cx.istring(name), value: Box::new(v) }))
}

/// `<origin>` after a section, if present.
fn origin(i: &[u8]) -> PResult<'_, Option<u32>> {
    match i.strip_prefix(b"<") {
        Some(rest) => {
            let (rest, n) = number(rest)?;
            let (rest, ()) = byte(rest, b'>', "'>'")?;
            Ok((rest, Some(n)))
        }
        None => Ok((i, None)),
    }
}

/// `[section]`: part numbers and the text specifier.
#[inline(always)]
fn section<'a>(cx: &Ctx<'_>, i: &'a [u8]) -> PResult<'a, Section> {
    let (mut i, ()) = byte(i, b'[', "'['")?;
    let mut part = Vec::new();
    while i.first().is_some_and(u8::is_ascii_digit) {
        let (rest, n) = number(i)?;
        part.push(n);
        i = match rest.strip_prefix(b".") {
            Some(rest) => rest,
            None => rest,
        };
    }
    if let Some(rest) = i.strip_prefix(b"]") {
        return Ok((rest, Section { part, text: None }));
    }
    let (i, word) = take_while1(i, |b| b.is_ascii_alphabetic() || b == b'.', "section text")?;
    let is = |s: &str| is_keyword(word, s.as_bytes());
    let (i, text) = if is("HEADER") {
        (i, SectionText::Header)
    } else if is("TEXT") {
        (i, SectionText::Text)
    } else if is("MIME") {
        (i, SectionText::Mime)
    } else if is("HEADER.FIELDS") || is("HEADER.FIELDS.NOT") {
        let (i, ()) = sp(i)?;
        let (i, fields) = paren_list(i, |i| astring(cx, i))?;
        let text =
            if is("HEADER.FIELDS") { SectionText::HeaderFields(fields) } else { SectionText::HeaderFieldsNot(fields) };
        (i, text)
    } else {
        return fail(i, "HEADER, TEXT, MIME or HEADER.FIELDS");
    };
    let (i, ()) = byte(i, b']', "']'")?;
    Ok((i, Section { part, text: Some(text) }))
}

/// `[1.2.3]` of a BINARY item (part numbers only).
fn binary_part(i: &[u8]) -> PResult<'_, Vec<u32>> {
    let (mut i, ()) = byte(i, b'[', "'['")?;
    let mut part = Vec::new();
    while i.first().is_some_and(u8::is_ascii_digit) {
        let (rest, n) = number(i)?;
        part.push(n);
        i = rest.strip_prefix(b".").unwrap_or(rest);
    }
    let (i, ()) = byte(i, b']', "']'")?;
    Ok((i, part))
}
