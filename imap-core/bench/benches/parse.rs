//! Parser throughput on the three corpora: imap-core's decoder against imap-proto and
//! imap-codec, in the same run on the same bytes.
//!
//! `ours/owned` hands the decoder the whole buffer (it adopts it without copying, as it adopts
//! a read buffer); `ours/chunked-4k` feeds it 4 KiB at a time, as bytes arrive from a socket
//! (each chunk is copied into the decoder's buffer once, as a socket read would copy it);
//! `ours/chunked-4k-warm` does the same with each chunk already in the cache when it arrives,
//! as a socket read finds the kernel's buffer (or TLS's plaintext), timing only the decoder.
//! `imap-proto/chunked-4k` (fetch_full only) is imap-proto fed the same chunks the way
//! async-imap drives it, parsing a response cut off by a chunk's end again from its start.
//!
//! Run with `cargo bench -p imap-bench` (a few minutes on 2 cores), or one
//! group with e.g. `cargo bench -p imap-bench -- fetch_flags`.

use criterion::measurement::WallTime;
use criterion::{BatchSize, BenchmarkGroup, Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use imap_bench::{
    Corpus, imap_codec_parse_all, imap_proto_parse_all, imap_proto_parse_chunked, ours_parse_adopted,
    ours_parse_chunked, ours_parse_chunked_warm,
};
use std::hint::black_box;
use std::time::Duration;

/// Sets up a group for one corpus and checks, before timing anything, that
/// both competitors parse all of it: a parser that stops early would
/// otherwise look fast.
fn group<'a>(c: &'a mut Criterion, name: &str, corpus: &Corpus) -> BenchmarkGroup<'a, WallTime> {
    for (parser, count) in
        [("imap-proto", imap_proto_parse_all(&corpus.bytes)), ("imap-codec", imap_codec_parse_all(&corpus.bytes))]
    {
        let count = count.unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(count, corpus.responses, "{name}: {parser} response count");
    }
    eprintln!(
        "{name}: {} bytes, {} responses (divide by the time per iteration for responses/s)",
        corpus.bytes.len(),
        corpus.responses
    );
    let mut group = c.benchmark_group(name);
    // One iteration takes tens to hundreds of milliseconds: flat sampling
    // with 10 samples keeps the whole run to a few minutes.
    group
        .sampling_mode(SamplingMode::Flat)
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5))
        .throughput(Throughput::Bytes(corpus.bytes.len() as u64));
    group
}

/// Adds the two competitor functions to `group`.
fn competitors(group: &mut BenchmarkGroup<'_, WallTime>, corpus: &Corpus) {
    group.bench_function("imap-proto/whole", |b| {
        b.iter(|| imap_proto_parse_all(black_box(&corpus.bytes)).expect("imap-proto failed"));
    });
    group.bench_function("imap-codec/whole", |b| {
        b.iter(|| imap_codec_parse_all(black_box(&corpus.bytes)).expect("imap-codec failed"));
    });
}

/// Adds imap-core's decoder, handed the whole buffer and fed 4 KiB chunks, after checking that
/// it parses every response.
fn ours(group: &mut BenchmarkGroup<'_, WallTime>, corpus: &Corpus) {
    assert_eq!(ours_parse_adopted(corpus.bytes.clone()).expect("imap-core failed").0, corpus.responses);
    assert_eq!(ours_parse_chunked(&corpus.bytes, imap_bench::CHUNK_4K).expect("imap-core failed"), corpus.responses);
    // The copy of the corpus that the decoder adopts is made outside the timed part, and freed
    // outside it too (with the decoder, criterion drops the output untimed): imap-proto's
    // borrowed input is neither copied nor freed while it is timed either.
    group.bench_function("ours/owned", |b| {
        b.iter_batched(
            || corpus.bytes.clone(),
            |bytes| ours_parse_adopted(bytes).expect("imap-core failed"),
            BatchSize::PerIteration,
        );
    });
    group.bench_function("ours/chunked-4k", |b| {
        b.iter(|| ours_parse_chunked(black_box(&corpus.bytes), imap_bench::CHUNK_4K).expect("imap-core failed"));
    });
    // Each chunk warm in the cache when it arrives, as a socket read finds it; only the
    // feeding and parsing are timed (see `ours_parse_chunked_warm`).
    group.bench_function("ours/chunked-4k-warm", |b| {
        b.iter_custom(|iterations| {
            (0..iterations)
                .map(|_| {
                    ours_parse_chunked_warm(black_box(&corpus.bytes), imap_bench::CHUNK_4K).expect("imap-core failed").1
                })
                .sum()
        });
    });
}

fn fetch_full(c: &mut Criterion) {
    let corpus = imap_bench::fetch_full();
    let mut group = group(c, "fetch_full", &corpus);
    competitors(&mut group, &corpus);
    ours(&mut group, &corpus);
    // Last, so that its buffers do not disturb the figures above (see BENCHMARKS.md).
    group.bench_function("imap-proto/chunked-4k", |b| {
        b.iter(|| imap_proto_parse_chunked(black_box(&corpus.bytes), imap_bench::CHUNK_4K).expect("imap-proto failed"));
    });
    group.finish();
}

fn fetch_literals(c: &mut Criterion) {
    let corpus = imap_bench::fetch_literals();
    let mut group = group(c, "fetch_literals", &corpus);
    competitors(&mut group, &corpus);
    ours(&mut group, &corpus);
    group.finish();
}

fn fetch_flags(c: &mut Criterion) {
    let corpus = imap_bench::fetch_flags();
    let mut group = group(c, "fetch_flags", &corpus);
    competitors(&mut group, &corpus);
    ours(&mut group, &corpus);
    group.finish();
}

criterion_group!(benches, fetch_full, fetch_literals, fetch_flags);
criterion_main!(benches);
