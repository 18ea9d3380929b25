//! The `sequence-set` token as it appears in responses (UIDPLUS codes, ESEARCH, VANISHED).

use super::error::{PResult, fail};
use super::primitives::take_while1;
use crate::types::SequenceSet;

/// A sequence set such as `1:3,7,9:*`.
pub(crate) fn sequence_set(i: &[u8]) -> PResult<'_, SequenceSet> {
    let (rest, token) = take_while1(i, |b| b.is_ascii_digit() || matches!(b, b':' | b',' | b'*'), "sequence set")?;
    match SequenceSet::parse(token) {
        Ok(set) => Ok((rest, set)),
        Err(_) => fail(i, "sequence set"),
    }
}
