//! The grammar's building blocks (RFC 3501 section 9): spaces, numbers, atoms, strings,
//! literals, NIL, flags and parenthesized lists, with the tolerances of the crate's policy.

use super::context::Ctx;
use super::error::{PRest, PResult, ParseErrorKind, fail, fatal};
use crate::response::Payload;
use crate::types::chars::{is_astring_char, is_atom_char, is_received_astring_char, is_received_flag_char};
use crate::types::{Atom, Flag, FlagPerm, IString, Mailbox, NString};

/// One or more spaces (several are tolerated where one is required).
#[inline(always)]
pub(crate) fn sp(i: &[u8]) -> PResult<'_, ()> {
    match after_sp(i) {
        Some(rest) => Ok((rest, ())),
        None => fail(i, "SP"),
    }
}

/// What follows one or more spaces, if `i` starts with one: for looking ahead, where a missing
/// space is no error (and must not cost one).
#[inline(always)]
pub(crate) fn after_sp(i: &[u8]) -> Option<&[u8]> {
    match i {
        // The usual single space, without a loop.
        [b' ', next, ..] if *next != b' ' => Some(&i[1..]),
        [b' ', ..] => Some(opt_sp(i)),
        _ => None,
    }
}

/// Zero or more spaces.
#[inline]
pub(crate) fn opt_sp(i: &[u8]) -> &[u8] {
    let n = i.iter().position(|&b| b != b' ').unwrap_or(i.len());
    &i[n..]
}

/// One expected byte.
#[inline]
pub(crate) fn byte<'a>(i: &'a [u8], b: u8, expected: &'static str) -> PResult<'a, ()> {
    match i.first() {
        Some(&c) if c == b => Ok((&i[1..], ())),
        _ => fail(i, expected),
    }
}

/// The end of a line: CRLF, or a bare LF (tolerated). Trailing spaces before it are skipped.
pub(crate) fn crlf(i: &[u8]) -> PResult<'_, ()> {
    let i = opt_sp(i);
    match i {
        [b'\r', b'\n', rest @ ..] | [b'\n', rest @ ..] => Ok((rest, ())),
        _ => fail(i, "end of line"),
    }
}

/// True when the input is at a line end (optionally after spaces).
pub(crate) fn at_line_end(i: &[u8]) -> bool {
    matches!(opt_sp(i), [b'\r', b'\n', ..] | [b'\n', ..] | [])
}

fn digits(i: &[u8]) -> PResult<'_, &[u8]> {
    let n = i.iter().position(|b| !b.is_ascii_digit()).unwrap_or(i.len());
    if n == 0 {
        return fail(i, "number");
    }
    Ok((&i[n..], &i[..n]))
}

/// A 64-bit number (`number64`, `mod-sequence-value`).
#[inline]
pub(crate) fn number64(i: &[u8]) -> PResult<'_, u64> {
    let (n, len) = leading_digits(i);
    match i.get(len) {
        _ if len == 0 => fail(i, "number"),
        Some(b) if b.is_ascii_digit() => long_number(i),
        _ => Ok((&i[len..], n)),
    }
}

/// The value of up to 19 leading digits, which always fit, and how many there were: the
/// usual number is read in one pass without overflow checks.
#[inline(always)]
fn leading_digits(i: &[u8]) -> (u64, usize) {
    let mut n: u64 = 0;
    let mut len = 0;
    while let Some(d) = i.get(len).map(|b| b.wrapping_sub(b'0')).filter(|&d| d < 10 && len < 19) {
        n = n * 10 + u64::from(d);
        len += 1;
    }
    (n, len)
}

/// A number of 20 digits or more: most do not fit.
#[cold]
fn long_number(i: &[u8]) -> PResult<'_, u64> {
    let (rest, ds) = digits(i)?;
    let mut n: u64 = 0;
    for &d in ds {
        n = match n.checked_mul(10).and_then(|n| n.checked_add(u64::from(d - b'0'))) {
            Some(n) => n,
            None => return fatal(i, ParseErrorKind::NumberTooLarge),
        };
    }
    Ok((rest, n))
}

/// A 32-bit number (`number`; also `nz-number`, where 0 is tolerated).
#[inline]
pub(crate) fn number(i: &[u8]) -> PResult<'_, u32> {
    let (rest, n) = number64(i)?;
    match u32::try_from(n) {
        Ok(n) => Ok((rest, n)),
        Err(_) => fatal(i, ParseErrorKind::NumberTooLarge),
    }
}

/// A size (of a body part, in octets or lines). Tolerated: negative sizes (`-1`), which
/// become 0 (TOLERANCES.md, rule 8), and sizes in floating-point notation (`1.86931e+06`, as
/// mail.ru sends), rounded to the nearest integer (rule 31).
pub(crate) fn size_number(i: &[u8]) -> PResult<'_, u64> {
    let (n, len) = leading_digits(i);
    match i.get(len) {
        _ if len == 0 => match i.strip_prefix(b"-") {
            Some(rest) => digits(rest).map(|(rest, _)| (rest, 0)),
            None => fail(i, "number"),
        },
        Some(b) if b.is_ascii_digit() => long_number(i),
        Some(b'.' | b'e' | b'E') => float_size(i),
        _ => Ok((&i[len..], n)),
    }
}

/// A size in floating-point notation: digits, a fraction, an exponent.
#[cold]
fn float_size(i: &[u8]) -> PResult<'_, u64> {
    let len =
        i.iter().position(|&b| !(b.is_ascii_alphanumeric() || matches!(b, b'.' | b'+' | b'-'))).unwrap_or(i.len());
    let value = std::str::from_utf8(&i[..len]).ok().and_then(|text| text.parse::<f64>().ok());
    match value {
        // Rounded and converted saturating: a size beyond u64 is not a real size either way.
        Some(value) if value.is_finite() && value >= 0.0 => Ok((&i[len..], value.round() as u64)),
        _ => fail(i, "number"),
    }
}

/// `NIL`, in any case, not followed by an atom character.
#[inline(always)]
pub(crate) fn nil(i: &[u8]) -> PResult<'_, ()> {
    match after_nil(i) {
        Some(rest) => Ok((rest, ())),
        None => fail(i, "NIL"),
    }
}

/// What follows `NIL`, if `i` starts with it: for looking ahead, like [`after_sp`].
#[inline(always)]
pub(crate) fn after_nil(i: &[u8]) -> Option<&[u8]> {
    let (word, rest) = i.split_at_checked(3)?;
    let is_nil = word == b"NIL" || word.eq_ignore_ascii_case(b"NIL");
    (is_nil && !rest.first().is_some_and(|b| is_astring_char(*b))).then_some(rest)
}

/// A run of characters that satisfy `pred`, at least one.
#[inline]
pub(crate) fn take_while1<'a>(i: &'a [u8], pred: impl Fn(u8) -> bool, expected: &'static str) -> PResult<'a, &'a [u8]> {
    let n = i.iter().position(|&b| !pred(b)).unwrap_or(i.len());
    if n == 0 {
        return fail(i, expected);
    }
    Ok((&i[n..], &i[..n]))
}

/// An `atom` (no `]`): keywords, capability names, response code names.
pub(crate) fn atom<'a>(cx: &Ctx<'_>, i: &'a [u8]) -> PResult<'a, Atom> {
    let (rest, word) = take_while1(i, is_atom_char, "atom")?;
    Ok((rest, Atom::from_checked(cx.istring(word))))
}

/// `word` is `upper` in any case. Servers write keywords in upper case, so that is tried first:
/// a couple of integer compares instead of a loop that folds every byte.
#[inline(always)]
pub(crate) fn is_keyword(word: &[u8], upper: &[u8]) -> bool {
    word == upper || word.eq_ignore_ascii_case(upper)
}

/// A keyword made of letters, digits, `-`, `.` and `=`, returned as bytes for matching.
pub(crate) fn keyword(i: &[u8]) -> PResult<'_, &[u8]> {
    take_while1(i, |b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'=' | b'_'), "keyword")
}

/// A quoted string. Tolerated: 8-bit bytes (TOLERANCES.md, rule 6), and a backslash that
/// escapes neither `"` nor `\\`, which is kept with the byte after it (rule 34). Zero-copy
/// unless the string contains escapes.
#[inline(always)]
pub(crate) fn quoted<'a>(cx: &Ctx<'_>, i: &'a [u8]) -> PResult<'a, IString> {
    match plain_quoted(cx, i) {
        Some(found) => Ok(found),
        None => quoted_escaped(cx, i),
    }
}

/// The usual quoted string, without escapes: `None` for anything else (escapes, no closing
/// quote, not a quoted string), which [`quoted_escaped`] then handles.
#[inline(always)]
fn plain_quoted<'a>(cx: &Ctx<'_>, i: &'a [u8]) -> Option<(&'a [u8], IString)> {
    plain_quoted_bytes(i).map(|(rest, content)| (rest, cx.istring(content)))
}

/// [`plain_quoted`] as the bytes between the quotes, for a caller that only reads them.
#[inline(always)]
pub(crate) fn plain_quoted_bytes(i: &[u8]) -> Option<(&[u8], &[u8])> {
    let body = i.strip_prefix(b"\"")?;
    let at = find_quoted_special(body)?;
    match body.get(at) {
        Some(b'"') => Some((&body[at + 1..], &body[..at])),
        _ => None,
    }
}

/// A quoted string with escapes, or none at all (the error).
#[inline(never)]
fn quoted_escaped<'a>(cx: &Ctx<'_>, i: &'a [u8]) -> PResult<'a, IString> {
    let (body, ()) = byte(i, b'"', "quoted string")?;
    let mut escaped = false;
    let mut pos = 0;
    while let Some(off) = find_quoted_special(&body[pos..]) {
        let at = pos + off;
        match body[at] {
            b'"' => {
                let content = &body[..at];
                let value = if escaped { unescape(content) } else { cx.istring(content) };
                return Ok((&body[at + 1..], value));
            }
            b'\\' if body.get(at + 1).is_some_and(|&next| next != b'\n') => {
                escaped = true;
                pos = at + 2;
            }
            // A raw line break the decoder joined (rule 41): part of the string, as sent.
            b'\n' if cx.line_breaks_in_quotes => pos = at + 1,
            _ => break,
        }
    }
    fail(i, "closing quote")
}

/// The first `"`, `\` or LF in `s`. `s` is the rest of the frame, so it is long even when the
/// string is short: on x86-64 memchr's SSE2 searcher looks at sixteen bytes per step, inlined
/// (its runtime-dispatched `memchr3` is a call through a pointer, which costs more than the
/// scan of a short string); elsewhere [`find_quoted_special_swar`] does eight per step.
#[inline(always)]
fn find_quoted_special(s: &[u8]) -> Option<usize> {
    #[cfg(target_arch = "x86_64")]
    if let Some(finder) = memchr::arch::x86_64::sse2::memchr::Three::new(b'"', b'\\', b'\n') {
        return finder.find(s);
    }
    find_quoted_special_swar(s)
}

/// [`find_quoted_special`] without vector instructions: eight bytes per step (SWAR).
#[inline(always)]
fn find_quoted_special_swar(s: &[u8]) -> Option<usize> {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    // Marks (in bit 7 of its byte) the first byte of `v` that is zero; later marks may be wrong,
    // which is fine because only the lowest one is used.
    let zero_byte = |v: u64| v.wrapping_sub(LO) & !v & HI;
    let mut chunks = s.chunks_exact(8);
    let mut base = 0;
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let w = u64::from_le_bytes(word);
        let hits = zero_byte(w ^ (LO * u64::from(b'"')))
            | zero_byte(w ^ (LO * u64::from(b'\\')))
            | zero_byte(w ^ (LO * u64::from(b'\n')));
        if hits != 0 {
            return Some(base + (hits.trailing_zeros() / 8) as usize);
        }
        base += 8;
    }
    chunks.remainder().iter().position(|&b| matches!(b, b'"' | b'\\' | b'\n')).map(|p| base + p)
}

/// The content of a quoted string with its escapes removed. Most such strings are short: they
/// are unescaped on the stack, so that the result costs one exact allocation or none (inline).
fn unescape(content: &[u8]) -> IString {
    let mut short = [0u8; 64];
    if content.len() <= short.len() {
        let n = unescape_into(content, &mut short);
        return IString::from(&short[..n]);
    }
    let mut out = vec![0u8; content.len()];
    let n = unescape_into(content, &mut out);
    out.truncate(n);
    IString::from(out)
}

/// Writes `content` unescaped to `out` (at least as long) and returns the length written.
///
/// Only `\\` and `\"` are escapes. A backslash before any other byte is not one in RFC 3501's
/// grammar, so no valid string changes meaning when it is kept: servers send such backslashes
/// unescaped (hMailServer's STATUS and other servers' mailbox names with `\` as the hierarchy
/// delimiter, Windows paths in subjects), and keeping it is what lets such a name be sent back
/// to the server as the same name (rule 34).
fn unescape_into(content: &[u8], out: &mut [u8]) -> usize {
    let mut n = 0;
    let mut iter = content.iter();
    while let Some(&b) = iter.next() {
        let b = match b {
            b'\\' => match iter.next() {
                Some(&next @ (b'\\' | b'"')) => next,
                Some(&next) => {
                    // Not an escape: the backslash stays, then the byte after it.
                    if let Some(slot) = out.get_mut(n) {
                        *slot = b'\\';
                        n += 1;
                    }
                    next
                }
                None => break,
            },
            _ => b,
        };
        if let Some(slot) = out.get_mut(n) {
            *slot = b;
            n += 1;
        }
    }
    n
}

/// A literal (`{n}`, `{n+}`, or `~{n}` for `literal8`) and its data. A literal the decoder
/// streamed to its consumer yields [`Payload::Streamed`].
pub(crate) fn literal<'a>(cx: &Ctx<'_>, i: &'a [u8]) -> PResult<'a, Payload> {
    let start = i;
    let i = i.strip_prefix(b"~").unwrap_or(i);
    let (i, ()) = byte(i, b'{', "literal")?;
    let (i, len) = number64(i)?;
    let i = i.strip_prefix(b"+").unwrap_or(i);
    let (i, ()) = byte(i, b'}', "'}'")?;
    let i = match i {
        [b'\r', b'\n', rest @ ..] | [b'\n', rest @ ..] => rest,
        _ => return fail(i, "CRLF after literal size"),
    };
    if cx.is_streamed(i) {
        return Ok((i, Payload::Streamed { len }));
    }
    match usize::try_from(len) {
        Ok(len) if len <= i.len() => Ok((&i[len..], Payload::Bytes(cx.slice(&i[..len])))),
        _ => fail(start, "literal data"),
    }
}

/// A literal whose bytes are needed here (not a streamed one).
fn literal_bytes<'a>(cx: &Ctx<'_>, i: &'a [u8]) -> PResult<'a, IString> {
    match literal(cx, i)? {
        (rest, Payload::Bytes(bytes)) => Ok((rest, IString::new(bytes))),
        (_, Payload::Streamed { .. }) => fatal(i, ParseErrorKind::StreamedLiteralNotAllowed),
    }
}

/// True when `i` starts a literal: `{`, or `~{` (literal8). A `~` alone is an atom character
/// (`~peter/mail` is a common mailbox name).
#[inline]
fn is_literal_start(i: &[u8]) -> bool {
    matches!(i, [b'{', ..] | [b'~', b'{', ..])
}

/// `string`: quoted or literal.
#[inline]
pub(crate) fn string<'a>(cx: &Ctx<'_>, i: &'a [u8]) -> PResult<'a, IString> {
    let mut value = IString::default();
    let rest = string_to(cx, i, &mut value)?;
    Ok((rest, value))
}

/// [`string`], stored in `out` (a field being filled in), like [`nstring_to`]. Out of line, for
/// the same reason as [`nstring_to`]'s string reader.
#[inline(never)]
pub(crate) fn string_to<'a>(cx: &Ctx<'_>, i: &'a [u8], out: &mut IString) -> PRest<'a> {
    if let Some((rest, content)) = plain_quoted_bytes(i) {
        cx.set_istring(out, content);
        return Ok(rest);
    }
    let (rest, value) = string_other(cx, i)?;
    *out = value;
    Ok(rest)
}

/// A `string` where servers send NIL instead (tolerated; NIL becomes the empty string).
#[inline(never)]
pub(crate) fn string_or_nil<'a>(cx: &Ctx<'_>, i: &'a [u8]) -> PResult<'a, IString> {
    let mut value = IString::default();
    let rest = string_or_nil_to(cx, i, &mut value)?;
    Ok((rest, value))
}

/// [`string_or_nil`], stored in `out` (a field being filled in). NIL is recognised inline and
/// the string read by [`string_to`], as [`nstring_to`] does.
#[inline(always)]
pub(crate) fn string_or_nil_to<'a>(cx: &Ctx<'_>, i: &'a [u8], out: &mut IString) -> PRest<'a> {
    if i.first() != Some(&b'"') {
        if let Some(rest) = after_nil(i) {
            *out = IString::default();
            return Ok(rest);
        }
    }
    string_to(cx, i, out)
}

/// `string` other than a plain quoted one.
#[inline(never)]
fn string_other<'a>(cx: &Ctx<'_>, i: &'a [u8]) -> PResult<'a, IString> {
    match i.first() {
        Some(b'"') => quoted_escaped(cx, i),
        Some(b'{') | Some(b'~') if is_literal_start(i) => literal_bytes(cx, i),
        _ => fail(i, "string"),
    }
}

/// `nstring`: a string or NIL.
#[inline(always)]
pub(crate) fn nstring<'a>(cx: &Ctx<'_>, i: &'a [u8]) -> PResult<'a, NString> {
    let mut value = None;
    let (rest, ()) = nstring_to(cx, i, &mut value)?;
    Ok((rest, value))
}

/// `nstring`, stored in `out` (where it is kept, such as a field of a struct being filled in):
/// a string is large enough that handing it back costs more than parsing a short one.
///
/// NIL is recognised inline, where the value is read: about half the nstrings of an envelope or
/// a body part are NIL (an address's route, often its name, a part's ID, description, MD5 and
/// location), and a call for them cost more than the check (2.4% fewer instructions over corpus
/// (a), with as many instruction-cache misses). A string is read out of line: one shared copy
/// of that code stays in the instruction cache where many inlined ones would not (inlined, it
/// saved another 2.6% of the instructions but missed the instruction cache half as often again).
#[inline(always)]
pub(crate) fn nstring_to<'a>(cx: &Ctx<'_>, i: &'a [u8], out: &mut NString) -> PResult<'a, ()> {
    if i.first() != Some(&b'"') {
        if let Some(rest) = after_nil(i) {
            *out = None;
            return Ok((rest, ()));
        }
    }
    nstring_to_string(cx, i, out)
}

/// [`nstring_to`] for anything but NIL.
#[inline(never)]
fn nstring_to_string<'a>(cx: &Ctx<'_>, i: &'a [u8], out: &mut NString) -> PResult<'a, ()> {
    if let Some((rest, content)) = plain_quoted_bytes(i) {
        cx.set_istring(out.get_or_insert_with(IString::default), content);
        return Ok((rest, ()));
    }
    let (rest, value) = nstring_other(cx, i)?;
    *out = value;
    Ok((rest, ()))
}

/// `nstring` other than a plain quoted one or NIL.
#[inline(never)]
fn nstring_other<'a>(cx: &Ctx<'_>, i: &'a [u8]) -> PResult<'a, NString> {
    match i.first() {
        Some(b'"') => quoted_escaped(cx, i).map(|(r, s)| (r, Some(s))),
        Some(b'{') | Some(b'~') if is_literal_start(i) => literal_bytes(cx, i).map(|(r, s)| (r, Some(s))),
        _ => fail(i, "NIL"),
    }
}

/// An `nstring` or literal whose data may have been streamed (message sections).
pub(crate) fn npayload<'a>(cx: &Ctx<'_>, i: &'a [u8]) -> PResult<'a, Option<Payload>> {
    match i.first() {
        Some(b'"') => quoted(cx, i).map(|(r, s)| (r, Some(Payload::Bytes(s.to_bytes())))),
        Some(b'{') | Some(b'~') if is_literal_start(i) => literal(cx, i).map(|(r, p)| (r, Some(p))),
        _ => nil(i).map(|(r, ())| (r, None)),
    }
}

/// `astring`: an atom (with `]`) or a string. Tolerated: 8-bit bytes in the atom (rule 25).
#[inline]
pub(crate) fn astring<'a>(cx: &Ctx<'_>, i: &'a [u8]) -> PResult<'a, IString> {
    match i.first() {
        Some(b'"') => quoted(cx, i),
        Some(b'{') | Some(b'~') if is_literal_start(i) => literal_bytes(cx, i),
        _ => {
            let (rest, word) = take_while1(i, is_received_astring_char, "astring")?;
            Ok((rest, cx.istring(word)))
        }
    }
}

/// A mailbox name (an astring), decoded according to the session's UTF-8 mode.
pub(crate) fn mailbox<'a>(cx: &Ctx<'_>, i: &'a [u8]) -> PResult<'a, Mailbox> {
    let (rest, name) = astring(cx, i)?;
    Ok((rest, Mailbox::from_wire(name, cx.utf8)))
}

/// A flag: `\` followed by an atom, or a keyword atom. Tolerated (TOLERANCES.md, rules 5 and
/// 22): `]` and any other byte that cannot end a flag inside it, and a keyword in quotes.
#[inline]
pub(crate) fn flag<'a>(cx: &Ctx<'_>, i: &'a [u8]) -> PResult<'a, Flag> {
    if i.first() == Some(&b'"') {
        return quoted_flag(cx, i);
    }
    let body = i.strip_prefix(b"\\").unwrap_or(i);
    let (rest, _) = take_while1(body, is_received_flag_char, "flag")?;
    let whole = &i[..i.len() - rest.len()];
    Ok((rest, Flag::from_checked(whole, |b| cx.istring(b))))
}

/// A flag in double quotes, as some servers send keywords: its content must still be a flag
/// (no spaces, parentheses or controls that end one), so that it can be sent back bare.
#[cold]
fn quoted_flag<'a>(cx: &Ctx<'_>, i: &'a [u8]) -> PResult<'a, Flag> {
    let (rest, content) = quoted(cx, i)?;
    let whole = content.as_bytes();
    let name = whole.strip_prefix(b"\\").unwrap_or(whole);
    if name.is_empty() || !name.iter().all(|&b| is_received_flag_char(b)) {
        return fail(i, "flag");
    }
    Ok((rest, Flag::from_checked(whole, |b| IString::from(b))))
}

/// A `PERMANENTFLAGS` entry: a flag or `\*`.
pub(crate) fn flag_perm<'a>(cx: &Ctx<'_>, i: &'a [u8]) -> PResult<'a, FlagPerm> {
    match i {
        [b'\\', b'*', rest @ ..] => Ok((rest, FlagPerm::Wildcard)),
        _ => flag(cx, i).map(|(r, f)| (r, FlagPerm::Flag(f))),
    }
}

/// A parenthesized list: `(` items separated by spaces `)`. Extra spaces anywhere inside are
/// tolerated; `()` gives an empty list.
#[inline]
pub(crate) fn paren_list<'a, T>(i: &'a [u8], mut item: impl FnMut(&'a [u8]) -> PResult<'a, T>) -> PResult<'a, Vec<T>> {
    let (i, ()) = byte(i, b'(', "'('")?;
    let mut i = opt_sp(i);
    if let Some(rest) = i.strip_prefix(b")") {
        return Ok((rest, Vec::new()));
    }
    // The room the first push would make, made at once: that skips the growth path.
    let mut items = Vec::with_capacity(4);
    loop {
        i = opt_sp(i);
        if let Some(rest) = i.strip_prefix(b")") {
            return Ok((rest, items));
        }
        let (rest, value) = item(i)?;
        items.push(value);
        i = rest;
        match i.first() {
            Some(b' ' | b')') => {}
            _ => return fail(i, "SP or ')'"),
        }
    }
}

/// A flag list: `(\Seen $Label)`.
pub(crate) fn flag_list<'a>(cx: &Ctx<'_>, i: &'a [u8]) -> PResult<'a, Vec<Flag>> {
    paren_list(i, |i| flag(cx, i))
}

/// The rest of the line as text (may be empty), without the line end.
pub(crate) fn text<'a>(cx: &Ctx<'_>, i: &'a [u8]) -> PResult<'a, IString> {
    let end = memchr::memchr(b'\n', i).unwrap_or(i.len());
    let line = &i[..end];
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    Ok((&i[line.len()..], cx.istring(line)))
}

#[cfg(test)]
mod tests {
    use bytes::Bytes;

    use super::*;
    use crate::parse::context::tests::with_ctx;

    #[test]
    fn numbers() {
        assert_eq!(number(b"123 x").unwrap(), (&b" x"[..], 123));
        assert!(number(b"x").is_err());
        assert!(matches!(number(b"4294967296"), Err(nom::Err::Failure(_))));
        assert_eq!(number64(b"18446744073709551615").unwrap().1, u64::MAX);
        assert_eq!(number64(b"9999999999999999999)").unwrap(), (&b")"[..], 9_999_999_999_999_999_999));
        assert_eq!(number64(b"00000000000000000000000042 ").unwrap(), (&b" "[..], 42));
        assert!(matches!(number64(b"18446744073709551616"), Err(nom::Err::Failure(_))));
        assert_eq!(size_number(b"-1 ").unwrap(), (&b" "[..], 0));
    }

    #[test]
    fn nil_any_case_but_not_a_prefix() {
        assert!(nil(b"NIL ").is_ok());
        assert!(nil(b"nil)").is_ok());
        assert!(nil(b"NILS").is_err());
    }

    #[test]
    fn quoted_strings() {
        with_ctx(b"\"a\\\"b\\\\c\" rest", |cx, i| {
            let (rest, s) = quoted(cx, i).unwrap();
            assert_eq!(s, "a\"b\\c");
            assert_eq!(rest, b" rest");
        });
        with_ctx("\"Grüße\"".as_bytes(), |cx, i| {
            assert_eq!(quoted(cx, i).unwrap().1, "Grüße");
        });
        with_ctx(b"\"open", |cx, i| assert!(quoted(cx, i).is_err()));
        with_ctx(b"\"a\nb\"", |cx, i| assert!(quoted(cx, i).is_err()));
    }

    #[test]
    fn escapes_in_strings_of_any_length() {
        for content in ["a\\\"b", "x\\\\y\\\"z".repeat(5).as_str(), "long \\\"quoted\\\" text ".repeat(9).as_str()] {
            let wire = format!("\"{content}\" rest");
            let expected = content.replace("\\\"", "\"").replace("\\\\", "\\");
            with_ctx(wire.as_bytes(), |cx, i| {
                let (rest, s) = quoted(cx, i).unwrap();
                assert_eq!(s, expected.as_str());
                assert_eq!(rest, b" rest");
            });
        }
    }

    #[test]
    fn special_byte_search_finds_the_first_one() {
        for (input, expected) in [
            (&b"abcdefgh\"x"[..], Some(8)),
            (b"ab\\cdefghijklmnop\"", Some(2)),
            (b"\"", Some(0)),
            (b"abcdefghijklmnopq", None),
            (b"abcdefg\n", Some(7)),
            (b"\x80\x81\"\xff\xff\xff\xff\xff\xff", Some(2)),
            (b"\x01\x01\x01\x01\x01\x01\x01\x01\x01\"", Some(9)),
        ] {
            assert_eq!(find_quoted_special(input), expected, "{input:?}");
            assert_eq!(find_quoted_special_swar(input), expected, "{input:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn special_byte_search_matches_a_plain_scan(input in proptest::collection::vec(proptest::num::u8::ANY, 0..80)) {
            let plain = input.iter().position(|&b| matches!(b, b'"' | b'\\' | b'\n'));
            proptest::prop_assert_eq!(find_quoted_special(&input), plain);
            proptest::prop_assert_eq!(find_quoted_special_swar(&input), plain);
        }
    }

    #[test]
    fn tilde_starts_an_atom_unless_a_literal_follows() {
        with_ctx(b"~peter/mail rest", |cx, i| {
            let (rest, s) = astring(cx, i).unwrap();
            assert_eq!(s, "~peter/mail");
            assert_eq!(rest, b" rest");
        });
        with_ctx(b"~{1}\r\nx", |cx, i| assert_eq!(astring(cx, i).unwrap().1, "x"));
    }

    #[test]
    fn literals() {
        with_ctx(b"{3}\r\nabc rest", |cx, i| {
            let (rest, p) = literal(cx, i).unwrap();
            assert_eq!(p, Payload::Bytes(Bytes::from_static(b"abc")));
            assert_eq!(rest, b" rest");
        });
        with_ctx(b"~{2}\r\n\0\xff", |cx, i| {
            assert_eq!(literal(cx, i).unwrap().1.bytes().unwrap().as_ref(), b"\0\xff");
        });
        with_ctx(b"{9}\r\nabc", |cx, i| assert!(literal(cx, i).is_err()));
    }

    #[test]
    fn flags_tolerate_brackets() {
        with_ctx(b"(\\Seen foo] $X)", |cx, i| {
            let (_, flags) = flag_list(cx, i).unwrap();
            assert_eq!(flags, [Flag::Seen, Flag::keyword("foo]").unwrap(), Flag::keyword("$X").unwrap()]);
        });
    }

    #[test]
    fn lists_tolerate_extra_spaces() {
        with_ctx(b"(  1 2  3 )", |_, i| {
            assert_eq!(paren_list(i, number).unwrap().1, [1, 2, 3]);
        });
        with_ctx(b"(1 2", |_, i| assert!(paren_list(i, number).is_err()));
        with_ctx(b"(1x)", |_, i| assert!(paren_list(i, number).is_err()));
    }
}
