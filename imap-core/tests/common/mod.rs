//! Helpers shared by the integration tests.
#![allow(dead_code)]

use imap_core::decode::{Decoder, Event};
use imap_core::parse::ParseError;

/// Everything a decoder yields for `input` fed in the given chunk sizes (cycled), as
/// `Ok(event)` / `Err(error)`, until it needs more input; then the input is declared ended
/// ([`Decoder::end_of_input`]) and what that releases is collected too.
pub(crate) fn decode_chunked(input: &[u8], chunk_sizes: &[usize]) -> Vec<Result<Event, ParseError>> {
    decode_with(Decoder::new(), input, chunk_sizes)
}

/// Like [`decode_chunked`] with a prepared decoder.
pub(crate) fn decode_with(mut decoder: Decoder, input: &[u8], chunk_sizes: &[usize]) -> Vec<Result<Event, ParseError>> {
    let mut out = Vec::new();
    let mut rest = input;
    let mut sizes = chunk_sizes.iter().copied().cycle();
    let mut ended = false;
    loop {
        loop {
            match decoder.next_event() {
                Ok(Some(event)) => out.push(Ok(event)),
                Ok(None) => break,
                Err(e) => out.push(Err(e)),
            }
        }
        if rest.is_empty() {
            if ended {
                return out;
            }
            decoder.end_of_input();
            ended = true;
            continue;
        }
        let n = sizes.next().unwrap_or(rest.len()).clamp(1, rest.len());
        decoder.feed(&rest[..n]);
        rest = &rest[n..];
    }
}

/// Everything a decoder from `new_decoder` yields for `input`, checked to be the same fed whole
/// and in chunks of each size in `chunk_sizes`. Adjacent `LiteralChunk`s are merged: where a
/// streamed literal's chunks end depends on how its bytes arrived.
pub(crate) fn decode_same_however_split(
    new_decoder: impl Fn() -> Decoder,
    input: &[u8],
    chunk_sizes: &[usize],
) -> Vec<Result<Event, ParseError>> {
    let decode = |chunk: usize| {
        let mut merged: Vec<Result<Event, ParseError>> = Vec::new();
        for event in decode_with(new_decoder(), input, &[chunk]) {
            match (merged.last_mut(), event) {
                (Some(Ok(Event::LiteralChunk(previous))), Ok(Event::LiteralChunk(next))) => {
                    *previous = [&previous[..], &next[..]].concat().into();
                }
                (_, event) => merged.push(event),
            }
        }
        merged
    };
    let whole = decode(input.len());
    for &chunk in chunk_sizes {
        assert_eq!(decode(chunk), whole, "chunks of {chunk}");
    }
    whole
}

/// Everything a decoder yields for `input` fed whole.
pub(crate) fn decode_whole(input: &[u8]) -> Vec<Result<Event, ParseError>> {
    decode_chunked(input, &[input.len().max(1)])
}

/// Rewrites the CRLF line ends of a server stream to bare LF, leaving literal contents alone
/// (a literal's announced size stays right).
pub(crate) fn to_bare_lf(input: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(input.len());
    let mut rest = input;
    while !rest.is_empty() {
        let end = rest.iter().position(|&b| b == b'\n').map_or(rest.len(), |p| p + 1);
        let line = &rest[..end];
        rest = &rest[end..];
        let body = line.strip_suffix(b"\r\n").or_else(|| line.strip_suffix(b"\n")).unwrap_or(line);
        out.extend_from_slice(body);
        if line.ends_with(b"\n") {
            out.push(b'\n');
        }
        if let Some(size) = literal_size(body) {
            let n = size.min(rest.len());
            out.extend_from_slice(&rest[..n]);
            rest = &rest[n..];
        }
    }
    out
}

fn literal_size(line: &[u8]) -> Option<usize> {
    let body = line.strip_suffix(b"}")?;
    let body = body.strip_suffix(b"+").unwrap_or(body);
    let open = body.iter().rposition(|&b| b == b'{')?;
    std::str::from_utf8(&body[open + 1..]).ok()?.parse().ok()
}

/// The fixture files: (server folder, file name, bytes).
pub(crate) fn fixtures() -> Vec<(String, String, Vec<u8>)> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut out = Vec::new();
    let mut servers: Vec<_> = std::fs::read_dir(&root).expect("fixtures dir").flatten().collect();
    servers.sort_by_key(|e| e.file_name());
    for server in servers {
        let mut files: Vec<_> = std::fs::read_dir(server.path()).expect("server dir").flatten().collect();
        files.sort_by_key(|e| e.file_name());
        for file in files {
            let bytes = std::fs::read(file.path()).expect("fixture");
            out.push((
                server.file_name().to_string_lossy().into_owned(),
                file.file_name().to_string_lossy().into_owned(),
                bytes,
            ));
        }
    }
    out
}
