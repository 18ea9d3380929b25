//! ENVELOPE and its address lists.
//!
//! `TOLERANT` selects the second reading of an envelope the first one rejected (see
//! `fetch::reread_tolerantly`): the deviations that cost time on every envelope are accepted
//! only there, so that the usual envelope is read by the plain grammar.

use super::context::Ctx;
use super::error::{PRest, PResult};
use super::primitives::{after_nil, byte, nstring_to, opt_sp, sp};
use crate::response::{Address, Envelope};

/// An envelope, from its `(` to its `)`, filled in place in its box.
pub(crate) fn envelope<'a, const TOLERANT: bool>(cx: &Ctx<'_>, i: &'a [u8]) -> PResult<'a, Box<Envelope>> {
    if TOLERANT {
        return envelope_field_by_field(cx, i);
    }
    let (i, ()) = byte(i, b'(', "'(' of envelope")?;
    let mut env = new_envelope();
    let (i, ()) = nstring_to(cx, opt_sp(i), &mut env.date)?;
    let (i, ()) = sp(i)?;
    let (mut i, ()) = nstring_to(cx, i, &mut env.subject)?;
    for list in 0..6 {
        let (rest, ()) = sp(i)?;
        i = address_list::<false>(cx, rest, env.addresses_mut())?;
        env.end_list(list);
    }
    let (i, ()) = sp(i)?;
    let (i, ()) = nstring_to(cx, i, &mut env.in_reply_to)?;
    let (i, ()) = sp(i)?;
    let (i, ()) = nstring_to(cx, i, &mut env.message_id)?;
    let (i, ()) = byte(opt_sp(i), b')', "')' of envelope")?;
    Ok((i, env))
}

/// An empty envelope in its box, with room for a usual envelope's addresses (From, Sender and
/// Reply-To, often the same one, and a few recipients), so that the list seldom grows: growing
/// copies the list into a block twice as large. Nine of them cover 95% of the envelopes of
/// corpus (a); six covered half, and the other half paid for the copy (1% more instructions,
/// 1.7% less throughput). The room left unused averages about what the growth left before.
fn new_envelope() -> Box<Envelope> {
    // `Box::default` writes the empty envelope straight into the box; `Box::new` of one built
    // on the stack copied it over with `memcpy`.
    let mut envelope: Box<Envelope> = Box::default();
    envelope.addresses_mut().reserve_exact(9);
    envelope
}

/// The tolerant reading: an envelope may end after any field, as qq.com's leave out
/// In-Reply-To and Message-ID; the fields left out are NIL (TOLERANCES.md, rule 28). Field by
/// field rather than as the straight sequence of the strict reading, where checking for the
/// early `)` before every field of every envelope cost 0.8% more instructions over corpus (a).
#[cold]
#[inline(never)]
fn envelope_field_by_field<'a>(cx: &Ctx<'_>, i: &'a [u8]) -> PResult<'a, Box<Envelope>> {
    let (mut i, ()) = byte(i, b'(', "'(' of envelope")?;
    i = opt_sp(i);
    let mut env = new_envelope();
    let mut lists_closed = 0;
    for field in 0..10 {
        if field > 0 {
            if opt_sp(i).first() == Some(&b')') {
                break;
            }
            (i, ()) = sp(i)?;
        }
        i = match field {
            0 => nstring_to(cx, i, &mut env.date)?.0,
            1 => nstring_to(cx, i, &mut env.subject)?.0,
            2..=7 => {
                let rest = address_list::<true>(cx, i, env.addresses_mut())?;
                env.end_list(lists_closed);
                lists_closed += 1;
                rest
            }
            8 => nstring_to(cx, i, &mut env.in_reply_to)?.0,
            _ => nstring_to(cx, i, &mut env.message_id)?.0,
        };
    }
    for list in lists_closed..6 {
        env.end_list(list);
    }
    let (i, ()) = byte(opt_sp(i), b')', "')' of envelope")?;
    Ok((i, env))
}

/// An address list, `(` addresses `)` or NIL, appended to `out`. Tolerated: `()` (empty) and
/// spaces between addresses (TOLERANCES.md, rule 9); when `TOLERANT`, also NIL in place of an
/// address, as SmarterMail sends (`(NIL ("Name" NIL "box" "host"))`), which stands for no
/// address (rule 29).
fn address_list<'a, const TOLERANT: bool>(cx: &Ctx<'_>, i: &'a [u8], out: &mut Vec<Address>) -> PRest<'a> {
    if let Some(rest) = after_nil(i) {
        return Ok(rest);
    }
    let (mut i, ()) = byte(i, b'(', "address list")?;
    loop {
        i = opt_sp(i);
        match i.first() {
            Some(b')') => return Ok(&i[1..]),
            Some(b'N' | b'n') if TOLERANT && after_nil(i).is_some() => i = &i[3..],
            _ => {
                // Filled in place: moving an address, large as it is, would copy it twice more.
                // On an error the envelope is abandoned, half-filled address and all.
                // `resize_with` writes the empty address straight into the list, where `push`
                // built it on the stack and copied it over with `memcpy`, whose wide loads
                // waited on the narrow stores that had just written it.
                out.resize_with(out.len() + 1, Address::default);
                let Some(slot) = out.last_mut() else { return Ok(i) };
                i = address(cx, i, slot)?;
            }
        }
    }
}

// Inlined into both readings, as it was into the one there was: out of line it costs a call
// per address (0.5% more instructions over corpus (a)).
#[inline(always)]
fn address<'a>(cx: &Ctx<'_>, i: &'a [u8], out: &mut Address) -> PRest<'a> {
    let (i, ()) = byte(i, b'(', "'(' of address")?;
    let (i, ()) = nstring_to(cx, opt_sp(i), &mut out.name)?;
    let (i, ()) = sp(i)?;
    let (i, ()) = nstring_to(cx, i, &mut out.adl)?;
    let (i, ()) = sp(i)?;
    let (i, ()) = nstring_to(cx, i, &mut out.mailbox)?;
    let (i, ()) = sp(i)?;
    let (i, ()) = nstring_to(cx, i, &mut out.host)?;
    let (i, ()) = byte(opt_sp(i), b')', "')' of address")?;
    Ok(i)
}
