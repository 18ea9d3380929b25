//! The interleaved timing loop of the `compare` and `chunked` examples: each parser in turn on
//! a fresh copy of the corpus, N rounds, the minimum of each kept (robust against a noisy
//! machine) and the median, printed against the first parser.

use std::time::{Duration, Instant};

use crate::Corpus;

/// A parser under test: takes a copy of the corpus, returns what it parsed.
pub type Parser = Box<dyn Fn(Vec<u8>) -> Parsed>;

/// What a parser under test hands back: the number of responses, and whatever still holds the
/// copy of the corpus it was given (the copy itself, or the decoder that adopted it). That is
/// freed after the clock stops: freeing 71 MB takes about 6 ms, which is not parsing, and
/// criterion's runs leave it out too.
pub struct Parsed {
    responses: usize,
    /// The time the parser measured itself, when only parts of its run count.
    timed_inside: Option<Duration>,
    _input: Box<dyn std::any::Any>,
}

impl Parsed {
    /// `responses` parsed from the input that `input` holds.
    pub fn new(responses: usize, input: impl std::any::Any) -> Self {
        Parsed { responses, timed_inside: None, _input: Box::new(input) }
    }

    /// As [`Parsed::new`], for a parser that timed the parts of its run that count itself
    /// (`timed`); that time replaces the clock around the whole run.
    pub fn timed_inside(responses: usize, timed: Duration, input: impl std::any::Any) -> Self {
        Parsed { responses, timed_inside: Some(timed), _input: Box::new(input) }
    }
}

/// A corpus generator: the corpus of that many responses, or the full one.
type Generator = fn(Option<usize>) -> Corpus;

/// The examples' arguments: `[N] [CORPUS] [RESPONSES] [COPIES]`.
#[derive(Debug, Clone)]
pub struct TimingArgs {
    /// Rounds (default 7).
    pub runs: usize,
    /// `full`, `literals` or `flags`; all three when `None`.
    pub only: Option<String>,
    /// The first this many responses of each corpus; all when `None`.
    pub responses: Option<usize>,
    /// The responses repeated this many times back to back (default 1).
    pub copies: usize,
}

impl TimingArgs {
    /// Reads the process's arguments; missing or unreadable ones take their defaults.
    pub fn from_env() -> Self {
        let arg = |n: usize| std::env::args().nth(n);
        TimingArgs {
            runs: arg(1).and_then(|s| s.parse().ok()).unwrap_or(7),
            only: arg(2),
            responses: arg(3).and_then(|s| s.parse().ok()),
            copies: arg(4).and_then(|s| s.parse().ok()).unwrap_or(1),
        }
    }
}

/// Times `parsers` (built for each corpus by `parsers_for`) over every corpus `args` chooses,
/// interleaved, and prints the figures, each against the first parser's.
pub fn compare_parsers(args: &TimingArgs, parsers_for: impl Fn() -> Vec<(&'static str, Parser)>) {
    let generators: [(&str, Generator); 3] = [
        ("full", |n| n.map_or_else(crate::fetch_full, crate::fetch_full_n)),
        ("literals", |n| n.map_or_else(crate::fetch_literals, crate::fetch_literals_n)),
        ("flags", |n| n.map_or_else(crate::fetch_flags, crate::fetch_flags_n)),
    ];
    let chosen = generators.iter().filter(|(name, _)| args.only.as_deref().is_none_or(|only| only == *name));
    for mut corpus in chosen.map(|(_, generate)| generate(args.responses)) {
        if args.copies > 1 {
            corpus.bytes = corpus.bytes.repeat(args.copies);
            corpus.responses *= args.copies;
        }
        let parsers = parsers_for();
        let mut runs = vec![Vec::with_capacity(args.runs); parsers.len()];
        for _ in 0..args.runs {
            for (i, (_, parse)) in parsers.iter().enumerate() {
                runs[i].push(time(parse.as_ref(), &corpus));
            }
        }
        for times in &mut runs {
            times.sort();
        }
        let best = |i: usize| runs[i][0].as_secs_f64();
        let median = |i: usize| runs[i][runs[i].len() / 2].as_secs_f64();
        println!(
            "{} bytes, {} responses (best of {} runs; median in brackets)",
            corpus.bytes.len(),
            corpus.responses,
            args.runs
        );
        for (i, (name, _)) in parsers.iter().enumerate() {
            let secs = best(i);
            println!(
                "  {name:16} {:8.2} ms {:9.1} MB/s {:10.0} resp/s  x{:.2} vs {}  [{:.2} ms, x{:.2}]",
                secs * 1e3,
                corpus.bytes.len() as f64 / secs / 1e6,
                corpus.responses as f64 / secs,
                best(0) / secs,
                parsers[0].0,
                median(i) * 1e3,
                median(0) / median(i),
            );
        }
    }
}

/// One run of `parse` on a fresh copy of the corpus (made before the clock starts, and freed
/// after it stops).
fn time(parse: &dyn Fn(Vec<u8>) -> Parsed, corpus: &Corpus) -> Duration {
    let owned = corpus.bytes.clone();
    let start = Instant::now();
    let parsed = parse(owned);
    let elapsed = start.elapsed();
    assert_eq!(parsed.responses, corpus.responses);
    let timed = parsed.timed_inside.unwrap_or(elapsed);
    drop(parsed);
    timed
}
