//! `resp-text` and response codes (RFC 3501 section 7.1, RFC 5530, RFC 4315, RFC 7162).

use super::context::Ctx;
use super::cursor::Cursor;
use super::error::{PErr, PResult, fail};
use super::primitives::{astring, byte, flag_perm, number, number64, paren_list, sp, take_while1, text};
use super::sequence::sequence_set;
use crate::response::Code;
use crate::types::chars::is_atom_char;
use crate::types::{Atom, Capability, CapabilitySet, IString};

/// `resp-text`: an optional `[code]` and the text. Tolerated: a code with no text after it, no
/// space between `]` and the text, no text at all, and a `[` that opens no readable code
/// (`[]`, `[ x]`, no `]` on the line), which is then part of the text: a status response,
/// and with it a command's completion, is never lost to a broken code.
pub(crate) fn resp_text<'a>(cx: &Ctx<'_>, i: &'a [u8]) -> PResult<'a, (Option<Code>, IString)> {
    let (i, code) = match i.first() {
        Some(b'[') => match code(cx, &i[1..]) {
            Ok((rest, code)) => (rest.strip_prefix(b" ").unwrap_or(rest), Some(code)),
            Err(nom::Err::Error(_)) => (i, None),
            Err(e) => return Err(e),
        },
        _ => (i, None),
    };
    let (i, text) = text(cx, i)?;
    Ok((i, (code, text)))
}

/// A response code after its `[`, up to and including `]`.
fn code<'a>(cx: &Ctx<'_>, i: &'a [u8]) -> PResult<'a, Code> {
    let (args, name) = take_while1(i, is_atom_char, "response code")?;
    if let Ok((rest, code)) = known_code(cx, name, args) {
        if let Ok((rest, ())) = byte(rest, b']', "']'") {
            return Ok((rest, code));
        }
    }
    if let Some(parser) = cx.registry.code(name) {
        let input = args.strip_prefix(b" ").unwrap_or(args);
        let mut cursor = Cursor::new(cx, input);
        if let Ok(value) = parser(&mut cursor) {
            let rest = &input[input.len() - cursor.rest().len()..];
            if let Ok((rest, ())) = byte(rest, b']', "']'") {
                return Ok((rest, Code::Extension { name: Atom::from_checked(cx.istring(name)), value }));
            }
        }
    }
    // Unknown, or a known code with arguments we could not read: keep it generically rather
    // than losing the whole response.
    let end = match memchr::memchr2(b']', b'\n', args) {
        Some(end) if args[end] == b']' => end,
        _ => return fail(args, "']'"),
    };
    let raw = &args[..end];
    let raw = raw.strip_prefix(b" ").unwrap_or(raw);
    let value = (!raw.is_empty()).then(|| cx.istring(raw));
    Ok((&args[end + 1..], Code::Other { name: Atom::from_checked(cx.istring(name)), value }))
}

fn known_code<'a>(cx: &Ctx<'_>, name: &[u8], i: &'a [u8]) -> PResult<'a, Code> {
    let upper = |s: &str| name.eq_ignore_ascii_case(s.as_bytes());
    if let Some(code) = Code::bare(name) {
        return Ok((i, code));
    }
    if upper("UIDNEXT") || upper("UIDVALIDITY") || upper("UNSEEN") {
        let (i, ()) = sp(i)?;
        let (i, n) = number(i)?;
        let code = match name[3].to_ascii_uppercase() {
            b'N' => Code::UidNext(n),
            b'V' => Code::UidValidity(n),
            _ => Code::Unseen(n),
        };
        return Ok((i, code));
    }
    if upper("PERMANENTFLAGS") {
        let (i, ()) = sp(i)?;
        let (i, flags) = paren_list(i, |i| flag_perm(cx, i))?;
        return Ok((i, Code::PermanentFlags(flags)));
    }
    if upper("CAPABILITY") {
        let (i, ()) = sp(i)?;
        let (i, caps) = capabilities(cx, i)?;
        return Ok((i, Code::Capability(caps)));
    }
    if upper("BADCHARSET") {
        if let Ok((i, ())) = sp(i) {
            let (i, charsets) = paren_list(i, |i| astring(cx, i))?;
            return Ok((i, Code::BadCharset(charsets)));
        }
        return Ok((i, Code::BadCharset(Vec::new())));
    }
    if upper("APPENDUID") {
        let (i, ()) = sp(i)?;
        let (i, uid_validity) = number(i)?;
        let (i, ()) = sp(i)?;
        let (i, uids) = sequence_set(i)?;
        return Ok((i, Code::AppendUid { uid_validity, uids }));
    }
    if upper("COPYUID") {
        let (i, ()) = sp(i)?;
        let (i, uid_validity) = number(i)?;
        let (i, ()) = sp(i)?;
        let (i, source) = sequence_set(i)?;
        let (i, ()) = sp(i)?;
        let (i, destination) = sequence_set(i)?;
        return Ok((i, Code::CopyUid { uid_validity, source, destination }));
    }
    if upper("HIGHESTMODSEQ") {
        let (i, ()) = sp(i)?;
        let (i, n) = number64(i)?;
        return Ok((i, Code::HighestModSeq(n)));
    }
    if upper("MODIFIED") {
        let (i, ()) = sp(i)?;
        let (i, set) = sequence_set(i)?;
        return Ok((i, Code::Modified(set)));
    }
    Err(nom::Err::Error(PErr::expected(i, "known response code")))
}

/// Capability names separated by spaces, up to the line end or `]`. A trailing space is tolerated.
pub(crate) fn capabilities<'a>(cx: &Ctx<'_>, mut i: &'a [u8]) -> PResult<'a, CapabilitySet> {
    let mut caps = Vec::new();
    loop {
        let (rest, name) = take_while1(i, is_atom_char, "capability")?;
        caps.push(Capability::new(Atom::from_checked(cx.istring(name))));
        i = rest;
        match sp(i) {
            Ok((rest, ())) if rest.first().is_some_and(|b| is_atom_char(*b)) => i = rest,
            _ => return Ok((i, CapabilitySet::new(caps))),
        }
    }
}
