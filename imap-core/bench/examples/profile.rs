//! Runs imap-core's decoder over one corpus, for profilers (`valgrind --tool=callgrind`).
//! Usage: profile [full|literals|flags] [responses] [owned|whole|chunked|proto|codec] [repeat]
//! (`repeat` parses the corpus that many times, so that sampling profilers such as
//! `perf record -e cpu-clock` see mostly the parser, not the corpus generator).

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let which = args.get(1).map(String::as_str).unwrap_or("full");
    let n: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(2000);
    let mode = args.get(3).map(String::as_str).unwrap_or("chunked");
    let corpus = match which {
        "literals" => imap_bench::fetch_literals_n(n),
        "flags" => imap_bench::fetch_flags_n(n),
        _ => imap_bench::fetch_full_n(n),
    };
    let repeat: usize = args.get(4).and_then(|s| s.parse().ok()).unwrap_or(1);
    for _ in 0..repeat {
        parse(mode, &corpus);
    }
    println!("{} responses, {} bytes, parsed {repeat} time(s)", corpus.responses, corpus.bytes.len());
}

fn parse(mode: &str, corpus: &imap_bench::Corpus) {
    let count = match mode {
        "owned" => imap_bench::ours_parse_owned(corpus.bytes.clone()),
        "whole" => imap_bench::ours_parse_all(&corpus.bytes),
        "proto" => imap_bench::imap_proto_parse_all(&corpus.bytes),
        "codec" => imap_bench::imap_codec_parse_all(&corpus.bytes),
        _ => imap_bench::ours_parse_chunked(&corpus.bytes, imap_bench::CHUNK_4K),
    }
    .expect("parse");
    assert_eq!(count, corpus.responses);
}
