//! imap-core's decoder over the same bytes, fed whole or in socket-sized chunks.

use std::time::{Duration, Instant};

use imap_core::decode::{Decoder, Event};

use crate::ParseFailure;

/// Feeds `bytes` to a fresh decoder in one piece (copying them into its buffer) and counts the
/// responses.
pub fn ours_parse_all(bytes: &[u8]) -> Result<usize, ParseFailure> {
    let mut decoder = Decoder::new();
    decoder.feed(bytes);
    let mut count = 0;
    drain(&mut decoder, &mut count)?;
    Ok(count)
}

/// Hands `buffer` to a fresh decoder, which adopts it without copying (as when a whole read
/// buffer is given to it), and counts the responses.
pub fn ours_parse_owned(buffer: Vec<u8>) -> Result<usize, ParseFailure> {
    ours_parse_adopted(buffer).map(|(count, _decoder)| count)
}

/// [`ours_parse_owned`], handing the decoder back: it still holds the adopted buffer's
/// allocation, so a caller can free it outside a timed region, as a borrowing parser's input
/// is freed outside it.
pub fn ours_parse_adopted(buffer: Vec<u8>) -> Result<(usize, Decoder), ParseFailure> {
    let mut decoder = Decoder::new();
    decoder.feed_bytes(buffer.into());
    let mut count = 0;
    drain(&mut decoder, &mut count)?;
    Ok((count, decoder))
}

/// Feeds `bytes` to a fresh decoder `chunk` bytes at a time, taking every complete response
/// out after each chunk, and counts the responses.
pub fn ours_parse_chunked(bytes: &[u8], chunk: usize) -> Result<usize, ParseFailure> {
    let mut decoder = Decoder::new();
    let mut count = 0;
    feed_in_chunks(&mut decoder, bytes, chunk, &mut count)?;
    Ok(count)
}

/// Feeds `bytes` to `decoder` `chunk` bytes at a time, taking every complete response out after
/// each chunk and counting it in `count`.
#[inline]
fn feed_in_chunks(decoder: &mut Decoder, bytes: &[u8], chunk: usize, count: &mut usize) -> Result<(), ParseFailure> {
    for piece in bytes.chunks(chunk) {
        decoder.feed(piece);
        drain(decoder, count)?;
    }
    Ok(())
}

/// How many chunks [`ours_parse_chunked_warm`] stages at a time: 64 KiB of 4 KiB chunks stay in
/// the L2 cache, and the clock is read once per batch rather than twice per chunk.
const STAGED_CHUNKS: usize = 16;

/// [`ours_parse_chunked`] with each chunk in the cache when it arrives, as a socket read finds
/// it: the kernel's receive buffer was just written by the network stack, and over TLS the
/// plaintext was just written by the decryption. The chunks are first copied, sixteen at a
/// time, into a small staging buffer, untimed (the sender's or the decryption's write), then fed
/// from there one chunk at a time, taking every complete response out after each; only the
/// feeding and parsing are timed, batch by batch, and the total is returned with the count. The
/// clock is read twice per batch (about 50 ns, counted against the decoder).
pub fn ours_parse_chunked_warm(bytes: &[u8], chunk: usize) -> Result<(usize, Duration), ParseFailure> {
    let mut decoder = Decoder::new();
    let mut count = 0;
    let mut staging = vec![0u8; chunk * STAGED_CHUNKS];
    let mut timed = Duration::ZERO;
    for batch in bytes.chunks(chunk * STAGED_CHUNKS) {
        let arrived = &mut staging[..batch.len()];
        arrived.copy_from_slice(batch);
        let start = Instant::now();
        feed_in_chunks(&mut decoder, std::hint::black_box(&*arrived), chunk, &mut count)?;
        timed += start.elapsed();
    }
    Ok((count, timed))
}

fn drain(decoder: &mut Decoder, count: &mut usize) -> Result<(), ParseFailure> {
    loop {
        match decoder.next_event() {
            Ok(Some(Event::Response(response))) => {
                std::hint::black_box(&response);
                *count += 1;
            }
            Ok(Some(_)) => {}
            Ok(None) => return Ok(()),
            Err(e) => {
                return Err(ParseFailure {
                    parser: "imap-core",
                    response: *count,
                    offset: e.response_start() as usize,
                    error: e.to_string(),
                    excerpt: String::from_utf8_lossy(&e.bytes()[..e.bytes().len().min(200)]).into_owned(),
                });
            }
        }
    }
}
