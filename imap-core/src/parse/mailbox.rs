//! Mailbox data: LIST / LSUB, STATUS, SEARCH, FLAGS and NAMESPACE responses.

use super::context::Ctx;
use super::error::{PResult, fail};
use super::primitives::{
    astring, byte, mailbox, nil, number, number64, opt_sp, paren_list, quoted, sp, string, take_while1,
};
use super::value::value;
use crate::response::{ListItem, MailboxAttribute, MailboxStatus, Namespace, Namespaces, SearchResult};
use crate::types::chars::is_astring_char;
use crate::types::{Atom, Mailbox};

/// `mailbox-list` after `LIST ` / `LSUB `: attributes, delimiter, name, LIST-EXTENDED data.
pub(crate) fn list_item<'a>(cx: &Ctx<'_>, i: &'a [u8]) -> PResult<'a, ListItem> {
    let (i, attributes) = paren_list(i, |i| mailbox_attribute(cx, i))?;
    let (i, ()) = sp(i)?;
    let (i, delimiter) = delimiter(cx, i)?;
    let (i, ()) = sp(i)?;
    let (mut i, mailbox) = list_mailbox(cx, i)?;
    let mut extended = Vec::new();
    if let Ok((rest, ())) = sp(i) {
        if rest.first() == Some(&b'(') {
            let (rest, items) = paren_list(rest, |i| {
                let (i, tag) = astring(cx, i)?;
                let (i, ()) = sp(i)?;
                let (i, v) = value(cx, i, 1)?;
                Ok((i, (tag, v)))
            })?;
            extended = items;
            i = rest;
        }
    }
    Ok((i, ListItem { attributes, delimiter, mailbox, extended }))
}

/// The name in a LIST / LSUB line. Tolerated (TOLERANCES.md, rule 32): a bare name that the
/// grammar would cut short, with spaces, backslashes or tabs in it (Domino sends
/// `Folder\Subfolder 1`, Exchange names with tabs), runs to the end of the line, less trailing
/// spaces; only LIST-EXTENDED data, ` (` right after the bare word, ends it earlier.
fn list_mailbox<'a>(cx: &Ctx<'_>, i: &'a [u8]) -> PResult<'a, Mailbox> {
    let strict = mailbox(cx, i);
    let is_bare = !matches!(i.first(), Some(b'"' | b'{' | b'~'));
    let ends_the_name = |rest: &[u8]| match opt_sp(rest).first() {
        None | Some(b'\r' | b'\n') => true,
        Some(b'(') => rest.first() == Some(&b' '),
        _ => false,
    };
    match strict {
        Ok((rest, _)) if is_bare && !ends_the_name(rest) => name_to_line_end(cx, i),
        Err(nom::Err::Error(_)) if is_bare => name_to_line_end(cx, i),
        read => read,
    }
}

/// A bare mailbox name that takes the rest of the line (rule 32).
#[cold]
fn name_to_line_end<'a>(cx: &Ctx<'_>, i: &'a [u8]) -> PResult<'a, Mailbox> {
    let line = memchr::memchr2(b'\r', b'\n', i).unwrap_or(i.len());
    let len = i[..line].iter().rposition(|&b| b != b' ').map_or(0, |last| last + 1);
    if len == 0 {
        return fail(i, "mailbox name");
    }
    Ok((&i[len..], Mailbox::from_wire(cx.istring(&i[..len]), cx.utf8)))
}

fn mailbox_attribute<'a>(cx: &Ctx<'_>, i: &'a [u8]) -> PResult<'a, MailboxAttribute> {
    let name = i.strip_prefix(b"\\").unwrap_or(i);
    let (rest, bare) = take_while1(name, is_astring_char, "mailbox attribute")?;
    let whole = &i[..i.len() - rest.len()];
    match MailboxAttribute::from_wire(whole) {
        Some(known) => Ok((rest, known)),
        None => Ok((rest, MailboxAttribute::Other(Atom::from_checked(cx.istring(bare))))),
    }
}

/// The hierarchy delimiter: a quoted character, or NIL.
fn delimiter<'a>(cx: &Ctx<'_>, i: &'a [u8]) -> PResult<'a, Option<char>> {
    if let Ok((rest, ())) = nil(i) {
        return Ok((rest, None));
    }
    let (rest, s) = quoted(cx, i)?;
    let mut chars = s.to_string_lossy().chars().collect::<Vec<_>>();
    match chars.len() {
        1 => Ok((rest, chars.pop())),
        0 => Ok((rest, None)),
        _ => fail(i, "one delimiter character"),
    }
}

/// `STATUS` data after `STATUS `: a mailbox and its attribute list. A trailing space before
/// `)` and a missing space before `(` are tolerated.
pub(crate) fn status<'a>(cx: &Ctx<'_>, i: &'a [u8]) -> PResult<'a, MailboxStatus> {
    let (i, name) = mailbox(cx, i)?;
    let i = opt_sp(i);
    let mut status = MailboxStatus::new(name);
    let (i, ()) = byte(i, b'(', "'('")?;
    let mut i = opt_sp(i);
    while i.first() != Some(&b')') {
        let (rest, item) = super::primitives::keyword(i)?;
        let (rest, ()) = sp(rest)?;
        let upper = |s: &str| item.eq_ignore_ascii_case(s.as_bytes());
        let rest = if upper("MESSAGES") {
            set(number(rest)?, &mut status.messages)
        } else if upper("RECENT") {
            set(number(rest)?, &mut status.recent)
        } else if upper("UIDNEXT") {
            set(number(rest)?, &mut status.uid_next)
        } else if upper("UIDVALIDITY") {
            set(number(rest)?, &mut status.uid_validity)
        } else if upper("UNSEEN") {
            set(number(rest)?, &mut status.unseen)
        } else if upper("HIGHESTMODSEQ") {
            set(number64(rest)?, &mut status.highest_modseq)
        } else if upper("SIZE") {
            set(number64(rest)?, &mut status.size)
        } else {
            let (rest, v) = value(cx, rest, 1)?;
            let name = match Atom::new(item) {
                Ok(name) => name,
                Err(_) => return fail(i, "status item name"),
            };
            status.other.push((name, v));
            rest
        };
        i = opt_sp(rest);
    }
    Ok((&i[1..], status))
}

fn set<'a, T>((rest, value): (&'a [u8], T), slot: &mut Option<T>) -> &'a [u8] {
    *slot = Some(value);
    rest
}

/// `SEARCH` data after the keyword: numbers, then an optional `(MODSEQ n)`. Trailing spaces are
/// tolerated.
pub(crate) fn search<'a>(i: &'a [u8]) -> PResult<'a, SearchResult> {
    let mut result = SearchResult::default();
    let mut i = i;
    loop {
        let rest = opt_sp(i);
        match rest.first() {
            Some(b'0'..=b'9') => {
                let (rest, n) = number(rest)?;
                result.ids.push(n);
                i = rest;
            }
            Some(b'(') => {
                let (rest, ()) = byte(rest, b'(', "'('")?;
                let rest = opt_sp(rest);
                let Some(word) = rest.get(..6).filter(|w| w.eq_ignore_ascii_case(b"MODSEQ")) else {
                    return fail(rest, "MODSEQ");
                };
                let (rest, ()) = sp(&rest[word.len()..])?;
                let (rest, modseq) = number64(rest)?;
                let (rest, ()) = byte(opt_sp(rest), b')', "')'")?;
                result.modseq = Some(modseq);
                return Ok((rest, result));
            }
            _ => return Ok((i, result)),
        }
    }
}

/// `NAMESPACE` data after the keyword: personal, other users', shared.
pub(crate) fn namespaces<'a>(cx: &Ctx<'_>, i: &'a [u8]) -> PResult<'a, Namespaces> {
    let (i, personal) = namespace_list(cx, i)?;
    let (i, ()) = sp(i)?;
    let (i, other_users) = namespace_list(cx, i)?;
    let (i, ()) = sp(i)?;
    let (i, shared) = namespace_list(cx, i)?;
    Ok((i, Namespaces { personal, other_users, shared }))
}

fn namespace_list<'a>(cx: &Ctx<'_>, i: &'a [u8]) -> PResult<'a, Vec<Namespace>> {
    if let Ok((rest, ())) = nil(i) {
        return Ok((rest, Vec::new()));
    }
    let (i, ()) = byte(i, b'(', "'(' or NIL")?;
    let mut namespaces = Vec::new();
    let mut i = opt_sp(i);
    while i.first() == Some(&b'(') {
        let (rest, ns) = namespace(cx, &i[1..])?;
        namespaces.push(ns);
        i = opt_sp(rest);
    }
    let (i, ()) = byte(i, b')', "')'")?;
    Ok((i, namespaces))
}

/// One namespace description after its `(`, up to and including `)`.
fn namespace<'a>(cx: &Ctx<'_>, i: &'a [u8]) -> PResult<'a, Namespace> {
    let (i, prefix) = string(cx, opt_sp(i))?;
    let (i, ()) = sp(i)?;
    let (i, delimiter) = delimiter(cx, i)?;
    let mut extensions = Vec::new();
    let mut i = opt_sp(i);
    while i.first() != Some(&b')') {
        let (rest, name) = string(cx, i)?;
        let (rest, ()) = sp(rest)?;
        let (rest, values) = paren_list(rest, |i| string(cx, i))?;
        extensions.push((name, values));
        i = opt_sp(rest);
    }
    let prefix = Mailbox::from_wire(prefix, cx.utf8);
    Ok((&i[1..], Namespace { prefix, delimiter, extensions }))
}
