//! The decoder on arbitrary server bytes.
//!
//! Checks, besides "never panics":
//! - the decoder's contract: the events and errors are identical however the input is split
//!   (whole, in chunks whose sizes the input picks, one byte at a time for short inputs),
//!   with default limits and with small ones (so the line, literal and depth limits trip);
//! - with literal streaming on, every streamed literal is `LiteralStart`, chunks that add up to
//!   exactly the announced length, `LiteralEnd`, and the chunks are the same bytes however the
//!   input is split (only where a chunk ends may differ);
//! - errors carry an offset within their bytes, and responses and errors can be shown
//!   (`Display`, `Debug`, JSON) without panicking.
//!
//! The whole input is the server stream; its first byte also seeds the chunk sizes.
#![no_main]

use bytes::Bytes;
use imap_core::decode::{Decoder, Event, Limits};
use imap_core::parse::ParseError;
use libfuzzer_sys::fuzz_target;

/// Inputs up to this size are also fed one byte at a time.
const BYTE_AT_A_TIME_MAX: usize = 512;

/// Limits small enough for the fuzzer to reach.
const SMALL: Limits = Limits { max_line_length: 256, max_literal_size: 1024, max_depth: 8 };

type Outcome = Vec<Result<Event, ParseError>>;

/// Chunk sizes 1..=64 from a xorshift generator seeded by the input.
struct Sizes(u32);

impl Sizes {
    fn new(seed: u8) -> Self {
        Sizes(u32::from(seed).wrapping_mul(0x9E37_79B9) | 1)
    }

    fn next(&mut self) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 17;
        self.0 ^= self.0 << 5;
        (self.0 % 64) as usize + 1
    }
}

/// How the input is handed to the decoder.
enum Split {
    Whole,
    /// Chunks of pseudo-random sizes; every other chunk goes in through `feed_bytes`.
    Chunks(u8),
    ByteAtATime,
}

fn new_decoder(limits: Limits, utf8: bool, streaming: Option<u64>) -> Decoder {
    let mut decoder = Decoder::new();
    decoder.set_limits(limits);
    decoder.parser_mut().set_utf8_mode(utf8);
    decoder.set_literal_streaming(streaming);
    decoder
}

/// Takes events until the decoder needs more input. Each event stands for at least one input
/// byte, except the `LiteralEnd` of an empty streamed literal (after its 5-byte header), so
/// more than two events per byte means the decoder is going round in circles.
fn drain(decoder: &mut Decoder, out: &mut Outcome, fed: usize) {
    loop {
        match decoder.next_event() {
            Ok(Some(event)) => out.push(Ok(event)),
            Ok(None) => return,
            Err(e) => out.push(Err(e)),
        }
        assert!(out.len() <= 2 * fed, "{} events from {fed} bytes: the decoder is looping", out.len());
    }
}

fn decode(mut decoder: Decoder, input: &[u8], split: Split) -> Outcome {
    let mut out = Vec::new();
    match split {
        Split::Whole => {
            decoder.feed(input);
            drain(&mut decoder, &mut out, input.len());
        }
        Split::Chunks(seed) => {
            let mut sizes = Sizes::new(seed);
            let mut rest = input;
            let mut owned = false;
            while !rest.is_empty() {
                let n = sizes.next().min(rest.len());
                let (chunk, tail) = rest.split_at(n);
                if owned {
                    decoder.feed_bytes(Bytes::copy_from_slice(chunk));
                } else {
                    decoder.feed(chunk);
                }
                owned = !owned;
                rest = tail;
                drain(&mut decoder, &mut out, input.len() - rest.len());
            }
        }
        Split::ByteAtATime => {
            for (i, b) in input.iter().enumerate() {
                decoder.feed(std::slice::from_ref(b));
                drain(&mut decoder, &mut out, i + 1);
            }
        }
    }
    // At the end of the input nothing is pending that another call would produce.
    assert!(matches!(decoder.next_event(), Ok(None)), "decoder yields more after reporting that it needs input");
    // What the end of the input releases (a response held for a continuation line) comes out
    // the same however the input was split.
    decoder.end_of_input();
    drain(&mut decoder, &mut out, input.len());
    out
}

/// Checks every error's offset and shows it; with `all`, also shows every response (`Debug` and
/// JSON) the ways a caller might, to catch panics in formatting and serialization.
fn show(outcome: &Outcome, all: bool) {
    for item in outcome {
        match item {
            Ok(Event::Response(response)) if all => {
                let _ = format!("{response:?}");
                let _ = serde_json::to_string(response);
            }
            Ok(_) => {}
            Err(e) => {
                assert!(
                    e.offset() <= e.bytes().len(),
                    "error offset {} past its {} bytes",
                    e.offset(),
                    e.bytes().len()
                );
                let _ = e.to_string();
            }
        }
    }
}

/// Checks the shape of a stream with literal streaming on and returns it with adjacent
/// `LiteralChunk`s merged (where chunks end depends on how the input arrived).
fn check_streaming(outcome: Outcome) -> Outcome {
    let mut merged: Outcome = Vec::with_capacity(outcome.len());
    // Announced length and bytes received so far of the literal being streamed.
    let mut open: Option<(u64, u64)> = None;
    for item in outcome {
        match &item {
            Ok(Event::LiteralStart { prefix, len }) => {
                assert!(open.is_none(), "LiteralStart inside a streamed literal");
                let line = prefix.strip_suffix(b"\n").expect("literal prefix ends with its line end");
                let line = line.strip_suffix(b"\r").unwrap_or(line);
                assert!(line.ends_with(b"}"), "literal prefix does not end with an announcement: {prefix:?}");
                open = Some((*len, 0));
            }
            Ok(Event::LiteralChunk(chunk)) => {
                let Some((len, received)) = open.as_mut() else { panic!("LiteralChunk outside a streamed literal") };
                assert!(!chunk.is_empty(), "empty LiteralChunk");
                *received += chunk.len() as u64;
                assert!(*received <= *len, "streamed literal longer than announced: {received} > {len}");
                if let Some(Ok(Event::LiteralChunk(last))) = merged.last_mut() {
                    let mut joined = last.to_vec();
                    joined.extend_from_slice(chunk);
                    *last = Bytes::from(joined);
                    continue;
                }
            }
            Ok(Event::LiteralEnd) => {
                let Some((len, received)) = open.take() else { panic!("LiteralEnd outside a streamed literal") };
                assert_eq!(received, len, "streamed literal ends after {received} of its {len} bytes");
            }
            Ok(Event::Response(_)) | Err(_) => {
                assert!(open.is_none(), "a response or error inside a streamed literal");
            }
        }
        merged.push(item);
    }
    merged
}

fuzz_target!(|input: &[u8]| {
    let seed = input.first().copied().unwrap_or(0);

    // Default limits: whole, in chunks, one byte at a time.
    let whole = decode(Decoder::new(), input, Split::Whole);
    show(&whole, true);
    let chunked = decode(Decoder::new(), input, Split::Chunks(seed));
    assert_eq!(chunked, whole, "chunked (seed {seed}) differs from whole");
    if input.len() <= BYTE_AT_A_TIME_MAX {
        let bytewise = decode(Decoder::new(), input, Split::ByteAtATime);
        assert_eq!(bytewise, whole, "byte at a time differs from whole");
    }

    // Small limits (and UTF-8 mode for odd seeds): whole and chunked.
    let utf8 = seed & 1 == 1;
    let small_whole = decode(new_decoder(SMALL, utf8, None), input, Split::Whole);
    show(&small_whole, false);
    let small_chunked = decode(new_decoder(SMALL, utf8, None), input, Split::Chunks(seed ^ 0x5a));
    assert_eq!(small_chunked, small_whole, "small limits: chunked (seed {}) differs from whole", seed ^ 0x5a);

    // Literal streaming above a small threshold.
    let threshold = u64::from(seed % 16);
    let streamed_whole =
        check_streaming(decode(new_decoder(Limits::default(), false, Some(threshold)), input, Split::Whole));
    show(&streamed_whole, seed & 2 == 0);
    let streamed_chunked =
        check_streaming(decode(new_decoder(Limits::default(), false, Some(threshold)), input, Split::Chunks(!seed)));
    assert_eq!(streamed_chunked, streamed_whole, "streaming (threshold {threshold}): chunked differs from whole");
});
