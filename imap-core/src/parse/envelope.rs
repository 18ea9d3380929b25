//! ENVELOPE and its address lists.

use super::context::Ctx;
use super::error::PResult;
use super::primitives::{byte, nil, nstring, opt_sp, sp};
use crate::response::{Address, Envelope};

/// An envelope, from its `(` to its `)`.
pub(crate) fn envelope<'a>(cx: &Ctx<'_>, i: &'a [u8]) -> PResult<'a, Envelope> {
    let (i, ()) = byte(i, b'(', "'(' of envelope")?;
    let i = opt_sp(i);
    let (i, date) = nstring(cx, i)?;
    let (i, ()) = sp(i)?;
    let (i, subject) = nstring(cx, i)?;
    let (i, ()) = sp(i)?;
    let (i, from) = address_list(cx, i)?;
    let (i, ()) = sp(i)?;
    let (i, sender) = address_list(cx, i)?;
    let (i, ()) = sp(i)?;
    let (i, reply_to) = address_list(cx, i)?;
    let (i, ()) = sp(i)?;
    let (i, to) = address_list(cx, i)?;
    let (i, ()) = sp(i)?;
    let (i, cc) = address_list(cx, i)?;
    let (i, ()) = sp(i)?;
    let (i, bcc) = address_list(cx, i)?;
    let (i, ()) = sp(i)?;
    let (i, in_reply_to) = nstring(cx, i)?;
    let (i, ()) = sp(i)?;
    let (i, message_id) = nstring(cx, i)?;
    let (i, ()) = byte(opt_sp(i), b')', "')' of envelope")?;
    Ok((i, Envelope { date, subject, from, sender, reply_to, to, cc, bcc, in_reply_to, message_id }))
}

/// An address list: `(` addresses `)` or NIL. Tolerated: `()` (empty) and spaces between
/// addresses.
fn address_list<'a>(cx: &Ctx<'_>, i: &'a [u8]) -> PResult<'a, Vec<Address>> {
    if let Ok((rest, ())) = nil(i) {
        return Ok((rest, Vec::new()));
    }
    let (mut i, ()) = byte(i, b'(', "address list")?;
    let mut addresses = Vec::new();
    loop {
        i = opt_sp(i);
        match i.first() {
            Some(b')') => return Ok((&i[1..], addresses)),
            _ => {
                let (rest, a) = address(cx, i)?;
                addresses.push(a);
                i = rest;
            }
        }
    }
}

fn address<'a>(cx: &Ctx<'_>, i: &'a [u8]) -> PResult<'a, Address> {
    let (i, ()) = byte(i, b'(', "'(' of address")?;
    let (i, name) = nstring(cx, opt_sp(i))?;
    let (i, ()) = sp(i)?;
    let (i, adl) = nstring(cx, i)?;
    let (i, ()) = sp(i)?;
    let (i, mailbox) = nstring(cx, i)?;
    let (i, ()) = sp(i)?;
    let (i, host) = nstring(cx, i)?;
    let (i, ()) = byte(opt_sp(i), b')', "')' of address")?;
    Ok((i, Address { name, adl, mailbox, host }))
}
