//! Both parsers as a client over a socket drives them: the bytes arrive 4 KiB at a time.
//! imap-core's decoder frames what has arrived and parses each response once, complete;
//! imap-proto is driven as async-imap drives it, parsing a response cut off by the end of what
//! has arrived again from its start when more comes. Kept apart from `compare`, so that this
//! run's buffers do not disturb that one's figures.
//! `cargo run --release -p imap-bench --example chunked [N] [CORPUS] [RESPONSES] [COPIES]`
//! (the arguments of `compare`).
use imap_bench::timing::{Parsed, Parser, TimingArgs, compare_parsers};

fn main() {
    compare_parsers(&TimingArgs::from_env(), || -> Vec<(&str, Parser)> {
        vec![
            (
                "proto/chunked-4k",
                Box::new(|b| {
                    Parsed::new(imap_bench::imap_proto_parse_chunked(&b, imap_bench::CHUNK_4K).expect("proto"), b)
                }),
            ),
            (
                "ours/chunked-4k",
                Box::new(|b| Parsed::new(imap_bench::ours_parse_chunked(&b, imap_bench::CHUNK_4K).expect("ours"), b)),
            ),
        ]
    });
}
