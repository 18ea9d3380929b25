//! Quick interleaved timing of the parsers on the three corpora (the minimum of N runs each,
//! which is robust against a noisy machine, and the median).
//! `cargo run --release -p imap-bench --example compare [N] [CORPUS] [RESPONSES] [COPIES]`,
//! where CORPUS (`full`, `literals` or `flags`) limits the run to one corpus and RESPONSES
//! shortens it: a few hundred responses stay in the CPU's caches, so many more runs fit in
//! the same time and the minimum is steadier. COPIES repeats those responses that many times
//! back to back: the same mix of responses over more memory, which tells what the size of the
//! input costs apart from what is in it.
use imap_bench::timing::{Parsed, Parser, TimingArgs, compare_parsers};

fn main() {
    compare_parsers(&TimingArgs::from_env(), || -> Vec<(&str, Parser)> {
        vec![
            ("imap-proto", Box::new(|b| Parsed::new(imap_bench::imap_proto_parse_all(&b).expect("proto"), b))),
            (
                "ours/owned",
                Box::new(|b| {
                    let (count, decoder) = imap_bench::ours_parse_adopted(b).expect("ours");
                    Parsed::new(count, decoder)
                }),
            ),
            ("ours/whole-copy", Box::new(|b| Parsed::new(imap_bench::ours_parse_all(&b).expect("ours"), b))),
            (
                "ours/chunked-4k",
                Box::new(|b| Parsed::new(imap_bench::ours_parse_chunked(&b, imap_bench::CHUNK_4K).expect("ours"), b)),
            ),
            (
                "ours/chunked-warm",
                Box::new(|b| {
                    let (count, timed) = imap_bench::ours_parse_chunked_warm(&b, imap_bench::CHUNK_4K).expect("ours");
                    Parsed::timed_inside(count, timed, b)
                }),
            ),
        ]
    });
}
