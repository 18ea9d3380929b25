//! The top of the grammar: continuation requests, tagged status responses and untagged
//! responses, dispatched by keyword.

use super::code::{capabilities, resp_text};
use super::context::Ctx;
use super::cursor::Cursor;
use super::error::{PResult, fail};
use super::fetch::fetch;
use super::mailbox::{list_item, namespaces, search, status};
use super::primitives::{crlf, flag_list, is_keyword, keyword, number, opt_sp, sp, take_while1};
use super::value::{is_word_char, values_to_line_end};
use crate::response::{Continue, Data, ExtensionResponse, OtherResponse, Response, Status, StatusKind};
use crate::types::chars::is_tag_char;
use crate::types::{Atom, Tag};

/// A whole response including its line end.
pub(crate) fn response<'a>(cx: &Ctx<'_>, i: &'a [u8]) -> PResult<'a, Response> {
    let (i, response) = match i.first() {
        Some(b'+') => continuation(cx, &i[1..])?,
        Some(b'*') => {
            let (i, ()) = sp(&i[1..])?;
            untagged(cx, i)?
        }
        Some(b'[') => tagged(cx, i).or_else(|error| bare_response_code(cx, i).map_err(|_| error))?,
        _ => tagged(cx, i)?,
    };
    let (i, ()) = crlf(i)?;
    Ok((i, response))
}

/// A line that is a response code and text with nothing before them, as Exchange 2013 and
/// Office 365 send a MOVE's `[COPYUID 52 86 1146]`: an untagged OK that lost its `* OK `
/// (TOLERANCES.md, rule 40). Tried only when the line does not read as a tagged response (`[`
/// may begin a tag).
#[cold]
#[inline(never)]
fn bare_response_code<'a>(cx: &Ctx<'_>, i: &'a [u8]) -> PResult<'a, Response> {
    let (rest, (code, text)) = resp_text(cx, i)?;
    if code.is_none() {
        return fail(i, "response code");
    }
    Ok((rest, Response::Status(Box::new(Status { tag: None, kind: StatusKind::Ok, code, text }))))
}

/// `+ [code] text`, or a bare `+` (tolerated).
fn continuation<'a>(cx: &Ctx<'_>, i: &'a [u8]) -> PResult<'a, Response> {
    let i = opt_sp(i);
    let (i, (code, text)) = resp_text(cx, i)?;
    Ok((i, Response::Continue(Continue { code, text })))
}

fn tagged<'a>(cx: &Ctx<'_>, i: &'a [u8]) -> PResult<'a, Response> {
    let (i, tag) = take_while1(i, is_tag_char, "tag, '*' or '+'")?;
    let tag = Tag::from_checked(cx.istring(tag));
    let (i, ()) = sp(i)?;
    let (i, word) = keyword(i)?;
    match status_kind(word) {
        Some(kind) => status_rest(cx, i, Some(tag), kind),
        None => fail(i, "OK, NO or BAD"),
    }
}

fn status_kind(word: &[u8]) -> Option<StatusKind> {
    let kind = match word.len() {
        2 if is_keyword(word, b"OK") => StatusKind::Ok,
        2 if is_keyword(word, b"NO") => StatusKind::No,
        3 if is_keyword(word, b"BAD") => StatusKind::Bad,
        3 if is_keyword(word, b"BYE") => StatusKind::Bye,
        7 if is_keyword(word, b"PREAUTH") => StatusKind::PreAuth,
        _ => return None,
    };
    Some(kind)
}

/// After the status word: the optional space and `resp-text` (missing text is tolerated).
fn status_rest<'a>(cx: &Ctx<'_>, i: &'a [u8], tag: Option<Tag>, kind: StatusKind) -> PResult<'a, Response> {
    let i = opt_sp(i);
    let (i, (code, text)) = resp_text(cx, i)?;
    Ok((i, Response::Status(Box::new(Status { tag, kind, code, text }))))
}

fn untagged<'a>(cx: &Ctx<'_>, i: &'a [u8]) -> PResult<'a, Response> {
    if i.first().is_some_and(u8::is_ascii_digit) {
        let (i, n) = number(i)?;
        let (i, ()) = sp(i)?;
        // FETCH, the usual case, without measuring and comparing the keyword.
        if let Some(rest) = i.strip_prefix(b"FETCH ") {
            let (rest, f) = fetch(cx, opt_sp(rest), n)?;
            return Ok((rest, Response::Data(Data::Fetch(f))));
        }
        let (rest, word) = keyword(i)?;
        let is = |s: &str| is_keyword(word, s.as_bytes());
        let data = if is("FETCH") {
            let (rest, ()) = sp(rest)?;
            let (rest, f) = fetch(cx, rest, n)?;
            return Ok((rest, Response::Data(Data::Fetch(f))));
        } else if is("EXISTS") {
            Data::Exists(n)
        } else if is("RECENT") {
            Data::Recent(n)
        } else if is("EXPUNGE") {
            Data::Expunge(n)
        } else {
            return extension_or_other(cx, i, Some(n));
        };
        return Ok((rest, Response::Data(data)));
    }
    let (rest, word) = keyword(i)?;
    if let Some(kind) = status_kind(word) {
        return status_rest(cx, rest, None, kind);
    }
    let is = |s: &str| is_keyword(word, s.as_bytes());
    let data = if is("CAPABILITY") {
        let (rest, ()) = sp(rest)?;
        let (rest, caps) = capabilities(cx, rest)?;
        (rest, Data::Capability(caps))
    } else if is("LIST") || is("LSUB") {
        let (rest, ()) = sp(rest)?;
        let (rest, item) = list_item(cx, rest)?;
        (rest, if is("LIST") { Data::List(Box::new(item)) } else { Data::Lsub(Box::new(item)) })
    } else if is("STATUS") {
        let (rest, ()) = sp(rest)?;
        let (rest, s) = status(cx, rest)?;
        (rest, Data::Status(Box::new(s)))
    } else if is("SEARCH") {
        let (rest, s) = search(rest)?;
        (rest, Data::Search(s))
    } else if is("FLAGS") {
        let (rest, ()) = sp(rest)?;
        let (rest, flags) = flag_list(cx, rest)?;
        (rest, Data::Flags(flags))
    } else if is("NAMESPACE") {
        let (rest, ()) = sp(rest)?;
        let (rest, ns) = namespaces(cx, rest)?;
        (rest, Data::Namespace(Box::new(ns)))
    } else {
        return extension_or_other(cx, i, None);
    };
    Ok((data.0, Response::Data(data.1)))
}

/// A keyword the core does not know: a registered parser's, or a generic value tree.
fn extension_or_other<'a>(cx: &Ctx<'_>, i: &'a [u8], number: Option<u32>) -> PResult<'a, Response> {
    let (rest, word) = take_while1(i, is_word_char, "keyword")?;
    let values = rest.strip_prefix(b" ").unwrap_or(rest);
    if let Some(parser) = cx.registry.untagged(word) {
        let mut cursor = Cursor::new(cx, values);
        return match parser(&mut cursor, number) {
            Ok(value) => {
                let keyword = String::from_utf8_lossy(word).to_ascii_uppercase();
                Ok((
                    &values[values.len() - cursor.rest().len()..],
                    Response::Data(Data::Extension(Box::new(ExtensionResponse { keyword, number, value }))),
                ))
            }
            Err(e) => Err(cx.cursor_failure(values, e)),
        };
    }
    let keyword = match Atom::new(word) {
        Ok(atom) => atom,
        Err(_) => return fail(i, "response keyword"),
    };
    let (rest, values) = values_to_line_end(cx, rest)?;
    Ok((rest, Response::Data(Data::Other(Box::new(OtherResponse { number, keyword, values })))))
}
