//! Quick interleaved timing of the parsers on the three corpora (minimum of N runs each, which
//! is robust against a noisy machine).
//! `cargo run --release -p imap-bench --example compare [N] [CORPUS] [RESPONSES] [COPIES]`,
//! where CORPUS (`full`, `literals` or `flags`) limits the run to one corpus and RESPONSES
//! shortens it: a few hundred responses stay in the CPU's caches, so many more runs fit in
//! the same time and the minimum is steadier. COPIES repeats those responses that many times
//! back to back: the same mix of responses over more memory, which tells what the size of the
//! input costs apart from what is in it.
use std::time::{Duration, Instant};

fn time(f: &dyn Fn(Vec<u8>) -> usize, input: &[u8], expected: usize) -> Duration {
    let owned = input.to_vec();
    let start = Instant::now();
    let n = f(owned);
    let elapsed = start.elapsed();
    assert_eq!(n, expected);
    elapsed
}

/// A parser under test: takes the corpus bytes, returns the number of responses.
type Parser = Box<dyn Fn(Vec<u8>) -> usize>;
/// A corpus generator: the corpus of that many responses, or the full one.
type Generator = fn(Option<usize>) -> imap_bench::Corpus;

fn main() {
    let runs: usize = std::env::args().nth(1).and_then(|s| s.parse().ok()).unwrap_or(7);
    let only = std::env::args().nth(2);
    let responses: Option<usize> = std::env::args().nth(3).and_then(|s| s.parse().ok());
    let copies: usize = std::env::args().nth(4).and_then(|s| s.parse().ok()).unwrap_or(1);
    let generators: [(&str, Generator); 3] = [
        ("full", |n| n.map_or_else(imap_bench::fetch_full, imap_bench::fetch_full_n)),
        ("literals", |n| n.map_or_else(imap_bench::fetch_literals, imap_bench::fetch_literals_n)),
        ("flags", |n| n.map_or_else(imap_bench::fetch_flags, imap_bench::fetch_flags_n)),
    ];
    let chosen = generators.iter().filter(|(name, _)| only.as_deref().is_none_or(|only| only == *name));
    for mut corpus in chosen.map(|(_, generate)| generate(responses)) {
        if copies > 1 {
            corpus.bytes = corpus.bytes.repeat(copies);
            corpus.responses *= copies;
        }
        let bytes = &corpus.bytes;
        let parsers: Vec<(&str, Parser)> = vec![
            ("imap-proto", Box::new(|b| imap_bench::imap_proto_parse_all(&b).expect("proto"))),
            ("ours/owned", Box::new(|b| imap_bench::ours_parse_owned(b).expect("ours"))),
            ("ours/whole-copy", Box::new(|b| imap_bench::ours_parse_all(&b).expect("ours"))),
            ("ours/chunked-4k", Box::new(|b| imap_bench::ours_parse_chunked(&b, imap_bench::CHUNK_4K).expect("ours"))),
            (
                "proto/chunked-4k",
                Box::new(|b| imap_bench::imap_proto_parse_chunked(&b, imap_bench::CHUNK_4K).expect("proto")),
            ),
        ];
        let mut best = vec![Duration::MAX; parsers.len()];
        for _ in 0..runs {
            for (i, (_, f)) in parsers.iter().enumerate() {
                best[i] = best[i].min(time(f.as_ref(), bytes, corpus.responses));
            }
        }
        println!("{} bytes, {} responses", bytes.len(), corpus.responses);
        for (i, (name, _)) in parsers.iter().enumerate() {
            let secs = best[i].as_secs_f64();
            println!(
                "  {name:16} {:8.2} ms {:9.1} MB/s {:10.0} resp/s  x{:.2} vs imap-proto",
                secs * 1e3,
                bytes.len() as f64 / secs / 1e6,
                corpus.responses as f64 / secs,
                best[0].as_secs_f64() / secs
            );
        }
    }
}
