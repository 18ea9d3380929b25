//! BODY and BODYSTRUCTURE, with extension data at any depth.

use super::context::Ctx;
use super::envelope::envelope;
use super::error::{PRest, PResult};
use super::primitives::{
    after_nil, after_sp, byte, nstring_to, opt_sp, size_number, sp, string_or_nil, string_or_nil_to, string_to,
};
use super::value::value;
use crate::response::{
    BodyStructure, CommonExtension, Disposition, MultiPart, MultiPartExtension, SinglePart, SinglePartExtension,
    SinglePartKind,
};
use crate::types::IString;

/// A body structure, from its `(` to its `)`. `depth` counts enclosing parts. `TOLERANT`
/// selects the second reading of a body structure the first one rejected (see
/// `fetch::reread_tolerantly`), which also accepts multiparts without parts (rule 30), line
/// counts of parts that have none (rule 37), a list in place of the MD5 (rule 38) and the
/// envelope deviations of `envelope::<true>`, at any depth.
pub(crate) fn body<'a, const TOLERANT: bool>(cx: &Ctx<'_>, i: &'a [u8], depth: usize) -> PResult<'a, BodyStructure> {
    cx.check_depth(i, depth)?;
    let (i, ()) = byte(i, b'(', "'(' of body")?;
    let i = opt_sp(i);
    let (i, body) = if i.first() == Some(&b'(') {
        multipart::<TOLERANT>(cx, i, depth)?
    } else if TOLERANT {
        single_part_or_partless(cx, i, depth)?
    } else {
        single_part::<false>(cx, i, depth)?
    };
    let (i, ()) = byte(opt_sp(i), b')', "')' of body")?;
    Ok((i, body))
}

/// A single part, or where none fits, a multipart without parts: Gmail sends them as
/// `("ALTERNATIVE")` or `("RELATED" NIL ("ATTACHMENT" NIL) NIL)`, a subtype and perhaps
/// extension data, Domino an empty body as `()`, which has no subtype either, and some server
/// NIL in place of the parts, `(NIL "alternative" ("boundary" "b") NIL NIL NIL)` (MailKit
/// #1393, inside a MESSAGE/RFC822 part) (TOLERANCES.md, rule 30). A part that fits both stays a
/// single part; one that fits neither keeps the single part's error.
#[cold]
#[inline(never)]
fn single_part_or_partless<'a>(cx: &Ctx<'_>, i: &'a [u8], depth: usize) -> PResult<'a, BodyStructure> {
    let error = match single_part::<true>(cx, i, depth) {
        Err(nom::Err::Error(error)) => error,
        read => return read,
    };
    // `body` has skipped the spaces after the `(` already.
    if i.first() == Some(&b')') {
        let empty = MultiPart { parts: Vec::new(), media_subtype: IString::default(), extension: None };
        return Ok((i, BodyStructure::Multi(Box::new(empty))));
    }
    let parts_left_out = after_nil(i).and_then(after_sp).filter(|rest| !at_close(rest));
    match multipart::<true>(cx, parts_left_out.unwrap_or(i), depth) {
        Ok((rest, body)) if opt_sp(rest).first() == Some(&b')') => Ok((rest, body)),
        _ => Err(nom::Err::Error(error)),
    }
}

fn multipart<'a, const TOLERANT: bool>(cx: &Ctx<'_>, mut i: &'a [u8], depth: usize) -> PResult<'a, BodyStructure> {
    // Filled in its box, like a single part.
    let mut multi: Box<MultiPart> = Box::default();
    // The room the first push would make, made at once: that skips the growth path.
    multi.parts.reserve_exact(4);
    // Parts follow each other without a space; some servers put one in (tolerated).
    while i.first() == Some(&b'(') {
        let (rest, part) = body::<TOLERANT>(cx, i, depth + 1)?;
        multi.parts.push(part);
        i = opt_sp(rest);
    }
    let mut i = string_or_nil_to(cx, i, &mut multi.media_subtype)?;
    if let Some(rest) = next_field(i) {
        let extension = multi.extension.get_or_insert_with(MultiPartExtension::default);
        let (rest, params) = params(cx, rest)?;
        extension.params = params;
        i = common_extension(cx, rest, depth, &mut extension.common)?;
    }
    Ok((i, BodyStructure::Multi(multi)))
}

fn single_part<'a, const TOLERANT: bool>(cx: &Ctx<'_>, i: &'a [u8], depth: usize) -> PResult<'a, BodyStructure> {
    // Filled in place: a part is large, and moving it into its box would copy all of it.
    // `Box::default` writes the empty part straight into the box; `Box::new` of a part built
    // on the stack copied it over with `memcpy`.
    let mut part: Box<SinglePart> = Box::default();
    let i = string_or_nil_to(cx, i, &mut part.media_type)?;
    let (i, ()) = sp(i)?;
    let i = string_or_nil_to(cx, i, &mut part.media_subtype)?;
    let (i, ()) = sp(i)?;
    let (i, params) = params(cx, i)?;
    part.params = params;
    let (i, ()) = sp(i)?;
    let (i, ()) = nstring_to(cx, i, &mut part.id)?;
    let (i, ()) = sp(i)?;
    let (i, ()) = nstring_to(cx, i, &mut part.description)?;
    let (i, ()) = sp(i)?;
    let i = string_or_nil_to(cx, i, &mut part.encoding)?;
    let (i, ()) = sp(i)?;
    let (mut i, octets) = size_number(i)?;
    part.octets = octets;

    let is_message = part.media_type.eq_ignore_case("MESSAGE")
        && (part.media_subtype.eq_ignore_case("RFC822") || part.media_subtype.eq_ignore_case("GLOBAL"));
    if is_message && next_is(i, b'(') {
        let (rest, ()) = sp(i)?;
        let (rest, env) = envelope::<TOLERANT>(cx, rest)?;
        let (rest, ()) = sp(rest)?;
        let (rest, inner) = body::<TOLERANT>(cx, rest, depth + 1)?;
        let (rest, ()) = sp(rest)?;
        let (rest, lines) = size_number(rest)?;
        i = rest;
        part.kind = SinglePartKind::Message { envelope: env, body: inner, lines };
    } else if part.media_type.eq_ignore_case("TEXT") && next_is_digit(i) {
        let (rest, ()) = sp(i)?;
        let (rest, lines) = size_number(rest)?;
        i = rest;
        part.kind = SinglePartKind::Text { lines };
    } else if TOLERANT && next_is_digit(i) {
        // A line count where the grammar has none, after the size of a part that is neither
        // TEXT nor MESSAGE/RFC822 (DavMail's `"BASE64" 1234 0`): skipped, as it means nothing
        // there and would otherwise be read as the MD5 (TOLERANCES.md, rule 37).
        let (rest, ()) = sp(i)?;
        let (rest, _lines) = size_number(rest)?;
        i = rest;
    }

    if let Some(rest) = next_field(i) {
        // Written straight into the part; `Option::insert` built it on the stack and copied it.
        let extension = part.extension.get_or_insert_with(SinglePartExtension::default);
        let rest = if TOLERANT && rest.first() == Some(&b'(') {
            // A list where the MD5 should be (a part carrying its multipart's parameters
            // there): skipped, the MD5 left NIL (TOLERANCES.md, rule 38).
            value(cx, rest, depth + 1)?.0
        } else {
            nstring_to(cx, rest, &mut extension.md5)?.0
        };
        i = common_extension(cx, rest, depth, &mut extension.common)?;
    }
    Ok((i, BodyStructure::Single(part)))
}

/// Disposition, language, location and any further extension values, each optional in turn,
/// filled into `common`.
fn common_extension<'a>(cx: &Ctx<'_>, i: &'a [u8], depth: usize, common: &mut CommonExtension) -> PRest<'a> {
    let Some(i) = next_field(i) else { return Ok(i) };
    let i = disposition(cx, i, &mut common.disposition)?;
    let Some(i) = next_field(i) else { return Ok(i) };
    let i = language(cx, i, &mut common.language)?;
    let Some(i) = next_field(i) else { return Ok(i) };
    let (mut i, ()) = nstring_to(cx, i, &mut common.location)?;
    while let Some(rest) = next_field(i) {
        let (rest, extra) = value(cx, rest, depth + 1)?;
        common.extra.push(extra);
        i = rest;
    }
    Ok(i)
}

/// After a field: the input of the next one, if the part goes on.
fn next_field(i: &[u8]) -> Option<&[u8]> {
    after_sp(i).filter(|rest| !at_close(rest))
}

fn at_close(i: &[u8]) -> bool {
    i.first() == Some(&b')')
}

fn next_is(i: &[u8], b: u8) -> bool {
    opt_sp(i).first() == Some(&b) && i.first() == Some(&b' ')
}

fn next_is_digit(i: &[u8]) -> bool {
    i.first() == Some(&b' ') && opt_sp(i).first().is_some_and(|c| c.is_ascii_digit() || *c == b'-')
}

/// `body-fld-param`: `("NAME" "value" ...)` or NIL. Tolerated: `()`, and NIL names and values.
fn params<'a>(cx: &Ctx<'_>, i: &'a [u8]) -> PResult<'a, Vec<(IString, IString)>> {
    if let Some(rest) = after_nil(i) {
        return Ok((rest, Vec::new()));
    }
    let (i, ()) = byte(i, b'(', "parameter list")?;
    let mut i = opt_sp(i);
    if let Some(rest) = i.strip_prefix(b")") {
        return Ok((rest, Vec::new()));
    }
    // The room the first push would make, made at once: that skips the growth path.
    let mut params = Vec::with_capacity(4);
    loop {
        i = opt_sp(i);
        if let Some(rest) = i.strip_prefix(b")") {
            return Ok((rest, params));
        }
        // Filled in place, like every string read here (see `IString::set_from_frame`); on an
        // error the list is abandoned, half-filled pair and all. `resize_with` writes the empty
        // pair straight into the list, where `push` built it on the stack and copied it over
        // with loads wider than its stores (a store-forwarding stall per pair).
        params.resize_with(params.len() + 1, Default::default);
        let Some((name, value)) = params.last_mut() else { return Ok((i, params)) };
        let rest = string_or_nil_to(cx, i, name)?;
        let (rest, ()) = sp(rest)?;
        i = string_or_nil_to(cx, rest, value)?;
    }
}

/// `body-fld-dsp`: `("ATTACHMENT" params)` or NIL. Tolerated: a bare string (`"inline"`), as
/// Exchange sends, taken as a disposition without parameters (TOLERANCES.md, rule 24).
fn disposition<'a>(cx: &Ctx<'_>, i: &'a [u8], out: &mut Option<Disposition>) -> PRest<'a> {
    if let Some(rest) = after_nil(i) {
        return Ok(rest);
    }
    // Filled where it lives, like the rest of a part (see `IString::set_from_frame`).
    let disposition = out.get_or_insert_with(Disposition::default);
    if i.first() != Some(&b'(') {
        return string_to(cx, i, &mut disposition.kind);
    }
    let (i, ()) = byte(i, b'(', "disposition")?;
    let i = string_to(cx, opt_sp(i), &mut disposition.kind)?;
    let (i, ()) = sp(i)?;
    let (i, params) = params(cx, i)?;
    disposition.params = params;
    let (i, ()) = byte(opt_sp(i), b')', "')' of disposition")?;
    Ok(i)
}

/// `body-fld-lang`: a string, NIL, or a list of strings, appended to `out`. Tolerated: NIL in
/// the list (IceWarp), taken as the empty string (TOLERANCES.md, rule 4).
fn language<'a>(cx: &Ctx<'_>, i: &'a [u8], out: &mut Vec<IString>) -> PRest<'a> {
    if i.first() == Some(&b'(') {
        let (i, list) = super::primitives::paren_list(i, |i| string_or_nil(cx, i))?;
        *out = list;
        return Ok(i);
    }
    let mut lang = None;
    let (i, ()) = nstring_to(cx, i, &mut lang)?;
    out.extend(lang);
    Ok(i)
}
