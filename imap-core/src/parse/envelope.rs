//! ENVELOPE and its address lists.

use super::context::Ctx;
use super::error::{PErr, PRest, PResult};
use super::primitives::{after_nil, byte, nstring_to, opt_sp, sp};
use crate::response::{Address, Envelope};

/// An envelope, from its `(` to its `)`, filled in place in its box.
pub(crate) fn envelope<'a>(cx: &Ctx<'_>, i: &'a [u8]) -> PResult<'a, Box<Envelope>> {
    match strict_envelope(cx, i) {
        // What the grammar rejects is read again, tolerating an envelope that ends early.
        Err(nom::Err::Error(e)) => envelope_ended_early(cx, i).map_err(|_| nom::Err::Error(e)),
        done => done,
    }
}

/// [`envelope`] as the grammar has it (but for the tolerances that cost nothing here).
#[inline(always)]
fn strict_envelope<'a>(cx: &Ctx<'_>, i: &'a [u8]) -> PResult<'a, Box<Envelope>> {
    let (i, ()) = byte(i, b'(', "'(' of envelope")?;
    // Room for a usual envelope's addresses (From, Sender and Reply-To, often the same one, and
    // a few recipients), so that the list seldom grows: growing copies the list into a block
    // twice as large. Nine of them cover 95% of the envelopes of corpus (a); six covered half,
    // and the other half paid for the copy (1% more instructions, 1.7% less throughput). The
    // room left unused averages about what the growth left before.
    let mut env = Box::new(Envelope::with_capacity(9));
    let (i, ()) = nstring_to(cx, opt_sp(i), &mut env.date)?;
    let (i, ()) = sp(i)?;
    let (mut i, ()) = nstring_to(cx, i, &mut env.subject)?;
    for list in 0..6 {
        let (rest, ()) = sp(i)?;
        i = address_list(cx, rest, env.addresses_mut())?;
        env.end_list(list);
    }
    let (i, ()) = sp(i)?;
    let (i, ()) = nstring_to(cx, i, &mut env.in_reply_to)?;
    let (i, ()) = sp(i)?;
    let (i, ()) = nstring_to(cx, i, &mut env.message_id)?;
    let (i, ()) = byte(opt_sp(i), b')', "')' of envelope")?;
    Ok((i, env))
}

/// An envelope that ends early, after any field: qq.com's leave out In-Reply-To and Message-ID.
/// The fields left out are NIL (TOLERANCES.md, rule 28). Field by field rather than as the
/// straight sequence of [`strict_envelope`]: checking for the early `)` there, before every
/// field of every envelope, cost 0.8% more instructions over corpus (a).
#[cold]
#[inline(never)]
fn envelope_ended_early<'a>(cx: &Ctx<'_>, i: &'a [u8]) -> PResult<'a, Box<Envelope>> {
    let (mut i, ()) = byte(i, b'(', "'(' of envelope")?;
    i = opt_sp(i);
    let mut env = Box::new(Envelope::with_capacity(9));
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
                let rest = address_list(cx, i, env.addresses_mut())?;
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

/// An address list, `(` addresses `)` or NIL, appended to `out`. Tolerated: `()` (empty),
/// spaces between addresses (TOLERANCES.md, rule 9), and NIL in place of an address, as
/// SmarterMail sends (`(NIL ("Name" NIL "box" "host"))`), which stands for no address (rule 29).
#[inline(always)]
fn address_list<'a>(cx: &Ctx<'_>, i: &'a [u8], out: &mut Vec<Address>) -> PRest<'a> {
    if let Some(rest) = after_nil(i) {
        return Ok(rest);
    }
    let (mut i, ()) = byte(i, b'(', "address list")?;
    loop {
        i = opt_sp(i);
        match i.first() {
            Some(b')') => return Ok(&i[1..]),
            _ => {
                // Filled in place: moving an address, large as it is, would copy it twice more.
                // On an error the envelope is abandoned, half-filled address and all.
                out.push(Address { name: None, adl: None, mailbox: None, host: None });
                let Some(slot) = out.last_mut() else { return Ok(i) };
                i = match address(cx, i, slot) {
                    Ok(rest) => rest,
                    Err(e) => nil_in_place_of_address(i, out, e)?,
                };
            }
        }
    }
}

/// Where an address did not parse: NIL there stands for no address (its slot is dropped);
/// anything else is the address's error.
#[cold]
#[inline(never)]
fn nil_in_place_of_address<'a>(i: &'a [u8], out: &mut Vec<Address>, e: nom::Err<PErr<'a>>) -> PRest<'a> {
    match after_nil(i) {
        Some(rest) => {
            out.pop();
            Ok(rest)
        }
        None => Err(e),
    }
}

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
