//! `cargo xtask parse [FILE]`: server bytes in (stdin without FILE), one JSON object per
//! response out on stdout; each failure is one line on stderr with its byte offset, and parsing
//! goes on. Exit status 1 if any response failed, else 0.

use std::io::{Read, Write};
use std::process::ExitCode;

use imap_core::decode::{Decoder, Event};
use imap_core::parse::ResponseParser;

/// How much input is handed to the decoder at a time (the tool streams; it never needs the
/// whole input in memory).
const CHUNK: usize = 64 * 1024;

pub(crate) fn run(args: &[String]) -> Result<ExitCode, String> {
    let mut input: Box<dyn Read> = match args {
        [] => Box::new(std::io::stdin().lock()),
        [path] if path != "-" => Box::new(std::fs::File::open(path).map_err(|e| format!("{path}: {e}"))?),
        [_] => Box::new(std::io::stdin().lock()),
        _ => return Err("usage: cargo xtask parse [FILE]".into()),
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut decoder = Decoder::with_parser(parser());
    let mut failures = 0u64;
    let mut chunk = vec![0u8; CHUNK];
    loop {
        let n = input.read(&mut chunk).map_err(|e| format!("read: {e}"))?;
        if n == 0 {
            break;
        }
        decoder.feed(&chunk[..n]);
        drain(&mut decoder, &mut out, &mut failures)?;
    }
    decoder.end_of_input();
    drain(&mut decoder, &mut out, &mut failures)?;
    if decoder.buffered() > 0 {
        failures += 1;
        eprintln!("incomplete response at the end of the input ({} bytes)", decoder.buffered());
    }
    out.flush().map_err(|e| format!("write: {e}"))?;
    Ok(if failures > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// A parser that knows every extension in the workspace.
fn parser() -> ResponseParser {
    ResponseParser::default()
}

fn drain(decoder: &mut Decoder, out: &mut impl Write, failures: &mut u64) -> Result<(), String> {
    loop {
        match decoder.next_event() {
            Ok(None) => return Ok(()),
            Ok(Some(Event::Response(response))) => {
                serde_json::to_writer(&mut *out, &response).map_err(|e| format!("json: {e}"))?;
                out.write_all(b"\n").map_err(|e| format!("write: {e}"))?;
            }
            Ok(Some(_)) => {}
            Err(error) => {
                *failures += 1;
                eprintln!("error at byte {}: {error}", error.stream_offset());
            }
        }
    }
}
