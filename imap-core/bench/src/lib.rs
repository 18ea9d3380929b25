//! Benchmark corpora of raw IMAP server responses, and drivers that run the
//! competitor parsers (imap-proto, imap-codec) over them.
//!
//! The corpora are generated, not recorded: a fixed-seed PRNG makes them
//! byte-identical on every run and every machine while still covering what
//! real mailboxes contain (escaped quoted strings, literals with raw
//! UTF-8, RFC 2047 encoded words, address groups, nested body structures
//! with full extension data, large message literals).
//!
//! | corpus | responses | size |
//! |---|---|---|
//! | [`fetch_full`] | 25,000 FETCH with ENVELOPE, BODYSTRUCTURE, BODY\[HEADER\] | ~70 MB |
//! | [`fetch_literals`] | 2,700 FETCH with BODY\[\] literals of 1..200 kB | ~100 MB |
//! | [`fetch_flags`] | 100,000 FETCH with UID and FLAGS | ~4 MB |

mod bodystructure;
mod competitors;
mod corpus;
mod date;
mod envelope;
mod flags;
mod header;
mod message;
mod mime;
mod ours;
mod rng;
pub mod timing;
mod vocab;
mod wire;

pub use competitors::{ParseFailure, imap_codec_parse_all, imap_proto_parse_all, imap_proto_parse_chunked};
pub use corpus::{
    Corpus, FETCH_FLAGS_RESPONSES, FETCH_FULL_RESPONSES, FETCH_LITERALS_RESPONSES, fetch_flags, fetch_flags_n,
    fetch_full, fetch_full_n, fetch_literals, fetch_literals_n,
};
pub use ours::{ours_parse_adopted, ours_parse_all, ours_parse_chunked, ours_parse_chunked_warm, ours_parse_owned};

/// Chunk size for streaming benchmarks: a typical socket read.
pub const CHUNK_4K: usize = 4 * 1024;

/// Splits `bytes` into consecutive chunks of `size` bytes (the last may be
/// shorter), simulating reads from a socket. Chunk boundaries fall
/// anywhere, including inside literals and CRLFs.
///
/// # Panics
///
/// Panics if `size` is zero.
pub fn chunked(bytes: &[u8], size: usize) -> impl Iterator<Item = &[u8]> + '_ {
    bytes.chunks(size)
}

/// A stable 64-bit FNV-1a hash, used to pin corpus contents in tests.
///
/// `std`'s hashers are not guaranteed stable across releases; this one is
/// defined by its constants.
pub fn fingerprint(bytes: &[u8]) -> u64 {
    let mut hash = 0xcbf2_9ce4_8422_2325u64;
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}
