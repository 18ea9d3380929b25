//! ENVELOPE and its address lists.

use super::context::Ctx;
use super::error::{PRest, PResult};
use super::primitives::{after_nil, byte, nstring_to, opt_sp, sp};
use crate::response::{Address, Envelope};

/// An envelope, from its `(` to its `)`, filled in place in its box.
pub(crate) fn envelope<'a>(cx: &Ctx<'_>, i: &'a [u8]) -> PResult<'a, Box<Envelope>> {
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

/// An address list, `(` addresses `)` or NIL, appended to `out`. Tolerated: `()` (empty) and
/// spaces between addresses.
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
                i = address(cx, i, slot)?;
            }
        }
    }
}

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
