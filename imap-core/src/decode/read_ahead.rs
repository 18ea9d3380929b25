//! Read-ahead: asks the CPU to fetch the buffered bytes the parser will read next, before it
//! gets there.
//!
//! When the decoder holds a large buffer that has not been read recently (a whole transcript
//! or file handed over with [`Decoder::feed_bytes`](super::Decoder::feed_bytes)), the first
//! read of each part of it waits for main memory: the hardware prefetcher follows a sequential
//! read only within one 4 KiB page, and on a virtual machine each new page also costs an
//! address-translation walk. Hinting the lines a few KiB ahead lets those waits overlap with
//! parsing the current response. The hint goes to the L2 cache (`T1`), which measured best:
//! it does not crowd the L1 cache the parser is working in.
//!
//! A hint never faults and has no effect on results. Bytes that are already in the cache (the
//! usual case for a socket's receive buffer, just written by the read) cost one instruction per
//! 64-byte line, and each line is hinted at most once. On targets without a prefetch
//! instruction exposed safely, this does nothing.

/// How far past the start of the unread bytes the hints reach. A response of corpus (a) is
/// about 2.8 KiB; 8 KiB keeps the hints two to three responses ahead of the parser.
const DISTANCE: usize = 8 * 1024;
/// Bytes per hint: one cache line.
const LINE: usize = 64;

/// Tracks how much of the buffer has been hinted, so each line is hinted once. Only complete
/// responses move the mark; when the buffer's front moves otherwise (a rejected or streamed
/// response) the mark is off for a while, which costs a few missed or repeated hints, never a
/// wrong result.
#[derive(Debug, Default)]
pub(crate) struct ReadAhead {
    /// Offset in the buffer up to which lines have been hinted.
    hinted_to: usize,
}

impl ReadAhead {
    /// Called when `taken` bytes (a complete response) have left the front of the buffer and
    /// `unread` is what remains: hints the lines of `unread` up to [`DISTANCE`] that were not
    /// hinted before.
    #[inline]
    pub(crate) fn frame_taken(&mut self, taken: usize, unread: &[u8]) {
        let end = DISTANCE.min(unread.len());
        let mut at = self.hinted_to.saturating_sub(taken);
        while at < end {
            hint(&unread[at]);
            at += LINE;
        }
        self.hinted_to = at;
    }
}

#[cfg(all(any(target_arch = "x86", target_arch = "x86_64"), target_feature = "sse"))]
#[inline(always)]
fn hint(byte: &u8) {
    safe_arch::prefetch_t1(byte);
}

#[cfg(not(all(any(target_arch = "x86", target_arch = "x86_64"), target_feature = "sse")))]
#[inline(always)]
fn hint(_byte: &u8) {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_line_is_hinted_once_and_the_mark_follows_the_buffer_front() {
        let buffer = vec![b'x'; 3 * DISTANCE];
        let mut read_ahead = ReadAhead::default();
        read_ahead.frame_taken(0, &buffer);
        assert_eq!(read_ahead.hinted_to, DISTANCE);
        // 100 bytes leave the front: the mark moves back by as much, and the lines up to the
        // new distance are hinted.
        read_ahead.frame_taken(100, &buffer[100..]);
        assert_eq!(read_ahead.hinted_to, DISTANCE - 100 + LINE * 2);
        // More bytes taken than were ever hinted: start from the front again.
        read_ahead.frame_taken(2 * DISTANCE, &buffer[2 * DISTANCE..]);
        assert_eq!(read_ahead.hinted_to, DISTANCE);
    }

    #[test]
    fn a_short_buffer_is_hinted_to_its_end_only() {
        let mut read_ahead = ReadAhead::default();
        read_ahead.frame_taken(0, b"");
        assert_eq!(read_ahead.hinted_to, 0);
        read_ahead.frame_taken(0, &[b'x'; 130]);
        assert_eq!(read_ahead.hinted_to, 3 * LINE);
    }
}
