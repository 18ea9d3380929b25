//! Both competitor parsers must accept every response of every corpus;
//! otherwise a benchmark would silently measure a parser that gave up early.
//!
//! In release builds (`cargo test -p imap-bench --release`) the full corpora
//! are checked; debug builds check a prefix to keep `cargo test` quick.

use imap_bench::{
    CHUNK_4K, Corpus, FETCH_FLAGS_RESPONSES, FETCH_FULL_RESPONSES, FETCH_LITERALS_RESPONSES, imap_codec_parse_all,
    imap_proto_parse_all, imap_proto_parse_chunked,
};

/// Full size in release, a fifth in debug (unoptimized parsers are ~20x slower).
fn scaled(full: usize) -> usize {
    if cfg!(debug_assertions) { full / 5 } else { full }
}

fn check(corpus: &Corpus) {
    match imap_proto_parse_all(&corpus.bytes) {
        Ok(n) => assert_eq!(n, corpus.responses, "imap-proto response count"),
        Err(e) => panic!("{e}"),
    }
    match imap_codec_parse_all(&corpus.bytes) {
        Ok(n) => assert_eq!(n, corpus.responses, "imap-codec response count"),
        Err(e) => panic!("{e}"),
    }
}

#[test]
fn competitors_parse_all_of_fetch_full() {
    check(&imap_bench::fetch_full_n(scaled(FETCH_FULL_RESPONSES)));
}

#[test]
fn competitors_parse_all_of_fetch_literals() {
    check(&imap_bench::fetch_literals_n(scaled(FETCH_LITERALS_RESPONSES)));
}

#[test]
fn competitors_parse_all_of_fetch_flags() {
    check(&imap_bench::fetch_flags_n(scaled(FETCH_FLAGS_RESPONSES)));
}

#[test]
fn a_broken_response_is_reported() {
    let mut corpus = imap_bench::fetch_flags_n(3);
    // Break the second response: FLAGS list without its closing parenthesis.
    let second = corpus.bytes.windows(4).position(|w| w == b"* 2 ").expect("second response");
    let close = second + corpus.bytes[second..].iter().position(|&b| b == b')').expect("paren");
    corpus.bytes.remove(close);
    let proto = imap_proto_parse_all(&corpus.bytes).expect_err("imap-proto accepted broken input");
    assert_eq!((proto.response, proto.offset), (1, second));
    let codec = imap_codec_parse_all(&corpus.bytes).expect_err("imap-codec accepted broken input");
    assert_eq!((codec.response, codec.offset), (1, second));
}

#[test]
fn imap_proto_fed_in_chunks_parses_every_response() {
    // Chunk ends fall inside lines, CRLFs and literals (whose missing length imap-proto reports).
    for corpus in [imap_bench::fetch_full_n(40), imap_bench::fetch_literals_n(6), imap_bench::fetch_flags_n(200)] {
        for chunk in [1, 97, CHUNK_4K] {
            match imap_proto_parse_chunked(&corpus.bytes, chunk) {
                Ok(n) => assert_eq!(n, corpus.responses, "chunks of {chunk}"),
                Err(e) => panic!("chunks of {chunk}: {e}"),
            }
        }
    }
    // A broken response is reported at its offset in the whole input, as by the whole-buffer run.
    let mut corpus = imap_bench::fetch_flags_n(300);
    let broken = corpus.bytes.windows(6).position(|w| w == b"* 200 ").expect("response 200");
    let close = broken + corpus.bytes[broken..].iter().position(|&b| b == b')').expect("paren");
    corpus.bytes.remove(close);
    let failure = imap_proto_parse_chunked(&corpus.bytes, 97).expect_err("imap-proto accepted broken input");
    assert_eq!((failure.response, failure.offset), (199, broken));
    // Input that ends inside a response is no complete parse either.
    let cut = &corpus.bytes[..broken + 10];
    let failure = imap_proto_parse_chunked(cut, CHUNK_4K).expect_err("a cut response counted");
    assert_eq!((failure.response, failure.offset), (199, broken));
}
