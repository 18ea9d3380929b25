//! The three benchmark corpora: raw server bytes plus the response count.
//!
//! Each generator draws from its own fixed seed, one response after
//! another, so `fetch_full_n(k)` is a prefix of `fetch_full_n(n)` for
//! `k <= n`; tests use small prefixes, benchmarks the full size.

use crate::bodystructure;
use crate::date::DateTime;
use crate::envelope::Envelope;
use crate::flags::write_flags;
use crate::header::write_header;
use crate::message::{random_size, write_message};
use crate::rng::Rng;
use crate::wire::{push_literal, push_num};

/// Responses in [`fetch_full`].
pub const FETCH_FULL_RESPONSES: usize = 25_000;
/// Responses in [`fetch_literals`].
pub const FETCH_LITERALS_RESPONSES: usize = 2_700;
/// Responses in [`fetch_flags`].
pub const FETCH_FLAGS_RESPONSES: usize = 100_000;

// Distinct seeds keep the corpora independent of each other.
const SEED_FULL: u64 = 0x1AB5_F00D_0000_0001;
const SEED_LITERALS: u64 = 0x1AB5_F00D_0000_0002;
const SEED_FLAGS: u64 = 0x1AB5_F00D_0000_0003;

/// A buffer of complete IMAP server responses (CRLF line ends).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Corpus {
    /// The raw bytes as a server would send them.
    pub bytes: Vec<u8>,
    /// How many responses `bytes` holds.
    pub responses: usize,
}

/// Writes `* seq FETCH (UID uid ` shared by all corpora.
fn push_fetch_start(out: &mut Vec<u8>, seq: usize, uid: u64) {
    out.extend_from_slice(b"* ");
    push_num(out, seq as u64);
    out.extend_from_slice(b" FETCH (UID ");
    push_num(out, uid);
}

/// [`FETCH_FULL_RESPONSES`] answers to `UID FETCH 1:* (UID FLAGS
/// INTERNALDATE RFC822.SIZE ENVELOPE BODYSTRUCTURE BODY.PEEK[HEADER])`,
/// about 70 MB.
pub fn fetch_full() -> Corpus {
    fetch_full_n(FETCH_FULL_RESPONSES)
}

/// The first `responses` responses of [`fetch_full`].
pub fn fetch_full_n(responses: usize) -> Corpus {
    let mut rng = Rng::new(SEED_FULL);
    let mut out = Vec::with_capacity(responses * 2_900);
    // Scratch buffers: RFC822.SIZE comes first on the wire but depends on
    // the body structure and header, so those are rendered ahead.
    let mut envelope_buf = Vec::with_capacity(2_048);
    let mut body_buf = Vec::with_capacity(4_096);
    let mut header_buf = Vec::with_capacity(4_096);
    let mut uid = 4_000u64;
    for seq in 1..=responses {
        // Deleted-and-expunged messages leave UID gaps.
        uid += if rng.chance(100) { rng.range(2, 40) } else { 1 };
        let sent = DateTime::random(&mut rng);
        let received = sent.later(&mut rng);
        let envelope = Envelope::random(&mut rng, sent);
        envelope_buf.clear();
        envelope.write_imap(&mut envelope_buf);
        body_buf.clear();
        let part = bodystructure::write_random(&mut body_buf, &mut rng);
        header_buf.clear();
        write_header(&mut header_buf, &mut rng, &envelope, received, &part.content_type);

        push_fetch_start(&mut out, seq, uid);
        out.extend_from_slice(b" FLAGS ");
        write_flags(&mut out, &mut rng);
        out.extend_from_slice(b" INTERNALDATE \"");
        let space_pad = rng.chance(300);
        out.extend_from_slice(received.internaldate(space_pad).as_bytes());
        out.extend_from_slice(b"\" RFC822.SIZE ");
        push_num(&mut out, header_buf.len() as u64 + part.octets);
        out.extend_from_slice(b" ENVELOPE ");
        out.extend_from_slice(&envelope_buf);
        out.extend_from_slice(b" BODYSTRUCTURE ");
        out.extend_from_slice(&body_buf);
        out.extend_from_slice(b" BODY[HEADER] ");
        push_literal(&mut out, &header_buf);
        out.extend_from_slice(b")\r\n");
    }
    Corpus { bytes: out, responses }
}

/// [`FETCH_LITERALS_RESPONSES`] answers `* n FETCH (UID m BODY[] {len}...)`
/// with whole messages of 1 kB to 200 kB, about 100 MB.
pub fn fetch_literals() -> Corpus {
    fetch_literals_n(FETCH_LITERALS_RESPONSES)
}

/// The first `responses` responses of [`fetch_literals`].
pub fn fetch_literals_n(responses: usize) -> Corpus {
    let mut rng = Rng::new(SEED_LITERALS);
    let mut out = Vec::with_capacity(responses * 40_000);
    let mut message = Vec::with_capacity(256 * 1024);
    let mut uid = 90_000u64;
    for seq in 1..=responses {
        uid += rng.range(1, 3);
        message.clear();
        let size = random_size(&mut rng);
        write_message(&mut message, &mut rng, size);
        push_fetch_start(&mut out, seq, uid);
        out.extend_from_slice(b" BODY[] ");
        push_literal(&mut out, &message);
        out.extend_from_slice(b")\r\n");
    }
    Corpus { bytes: out, responses }
}

/// [`FETCH_FLAGS_RESPONSES`] lines `* n FETCH (UID m FLAGS (...))`, as a
/// flag resync (`UID FETCH 1:* (FLAGS)`) returns them.
pub fn fetch_flags() -> Corpus {
    fetch_flags_n(FETCH_FLAGS_RESPONSES)
}

/// The first `responses` responses of [`fetch_flags`].
pub fn fetch_flags_n(responses: usize) -> Corpus {
    let mut rng = Rng::new(SEED_FLAGS);
    let mut out = Vec::with_capacity(responses * 48);
    let mut uid = 1u64;
    for seq in 1..=responses {
        uid += if rng.chance(50) { rng.range(2, 500) } else { 1 };
        push_fetch_start(&mut out, seq, uid);
        out.extend_from_slice(b" FLAGS ");
        write_flags(&mut out, &mut rng);
        out.extend_from_slice(b")\r\n");
    }
    Corpus { bytes: out, responses }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fingerprint;

    /// Pins small prefixes in every build: any change to a generator or
    /// the PRNG shows up here. Update the constants only on purpose, and
    /// note it next to benchmark results (old and new numbers are not
    /// comparable).
    #[test]
    fn small_corpora_are_byte_identical() {
        let full = fetch_full_n(200);
        assert_eq!((full.responses, full.bytes.len()), (200, 573_657));
        assert_eq!(fingerprint(&full.bytes), 0x0ecf_b2b7_8d75_e65b);
        let literals = fetch_literals_n(20);
        assert_eq!((literals.responses, literals.bytes.len()), (20, 1_032_732));
        assert_eq!(fingerprint(&literals.bytes), 0x7224_9823_3155_77d2);
        let flags = fetch_flags_n(1_000);
        assert_eq!((flags.responses, flags.bytes.len()), (1_000, 42_480));
        assert_eq!(fingerprint(&flags.bytes), 0x8f84_d13f_8bf1_b454);
    }

    /// Pins the full corpora (release only: ~175 MB in a debug build is slow).
    #[test]
    #[cfg_attr(debug_assertions, ignore = "slow in debug; run with --release")]
    fn full_corpora_are_byte_identical() {
        let full = fetch_full();
        assert_eq!((full.responses, full.bytes.len()), (FETCH_FULL_RESPONSES, 71_229_363));
        assert_eq!(fingerprint(&full.bytes), 0x45e6_e6ea_d50f_1070);
        let literals = fetch_literals();
        assert_eq!((literals.responses, literals.bytes.len()), (FETCH_LITERALS_RESPONSES, 100_129_606));
        assert_eq!(fingerprint(&literals.bytes), 0xb626_7afe_901e_d26d);
        let flags = fetch_flags();
        assert_eq!((flags.responses, flags.bytes.len()), (FETCH_FLAGS_RESPONSES, 4_639_658));
        assert_eq!(fingerprint(&flags.bytes), 0x2c67_6629_2832_ee90);
    }

    #[test]
    fn smaller_corpora_are_prefixes() {
        let small = fetch_full_n(10);
        let large = fetch_full_n(20);
        assert!(large.bytes.starts_with(&small.bytes));
    }

    #[test]
    fn chunks_reassemble() {
        let corpus = fetch_flags_n(500);
        let chunks: Vec<&[u8]> = crate::chunked(&corpus.bytes, crate::CHUNK_4K).collect();
        assert!(chunks.iter().all(|c| !c.is_empty() && c.len() <= crate::CHUNK_4K));
        assert_eq!(chunks.concat(), corpus.bytes);
    }
}
