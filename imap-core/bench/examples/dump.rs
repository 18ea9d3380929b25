//! Writes the corpora to files, for inspection or for feeding other tools.
//!
//! `cargo run -p imap-bench --release --example dump -- [DIR]` (default: `.`)
//! creates `fetch_full.imap`, `fetch_literals.imap` and `fetch_flags.imap`
//! and prints their sizes, response counts, fingerprints and generation times.

use std::path::PathBuf;
use std::time::Instant;

/// A corpus name and the function that generates it.
type Generator = (&'static str, fn() -> imap_bench::Corpus);

fn main() -> std::io::Result<()> {
    let dir = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| ".".to_owned()));
    std::fs::create_dir_all(&dir)?;
    let generators: [Generator; 3] = [
        ("fetch_full", imap_bench::fetch_full),
        ("fetch_literals", imap_bench::fetch_literals),
        ("fetch_flags", imap_bench::fetch_flags),
    ];
    for (name, generate) in generators {
        let start = Instant::now();
        let corpus = generate();
        let elapsed = start.elapsed();
        let path = dir.join(format!("{name}.imap"));
        std::fs::write(&path, &corpus.bytes)?;
        println!(
            "{name}: {} bytes, {} responses, fingerprint {:#018x}, generated in {:.2?} -> {}",
            corpus.bytes.len(),
            corpus.responses,
            imap_bench::fingerprint(&corpus.bytes),
            elapsed,
            path.display()
        );
    }
    Ok(())
}
