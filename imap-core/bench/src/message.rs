//! Whole RFC 5322 messages (header and body) of a chosen size, as
//! returned by `BODY[]`.

use crate::date::DateTime;
use crate::envelope::Envelope;
use crate::header::write_header;
use crate::mime::push_base64;
use crate::rng::Rng;
use crate::vocab::WORDS;

/// Boundaries of 16 size bands, equally wide on a log scale from 1 kB to
/// 200 kB (1000 * 200^(k/16), rounded). Picking a band uniformly and a
/// size uniformly within it approximates a log-uniform distribution with
/// integer arithmetic only (see `rng.rs` on why no floats).
const SIZE_STEPS: [u64; 17] = [
    1000, 1393, 1939, 2700, 3761, 5237, 7293, 10155, 14142, 19694, 27425, 38191, 53183, 74061, 103_134, 143_620,
    200_000,
];

/// A message size between 1 kB and 200 kB, log-uniformly spread
/// (mean about 38 kB, like a typical mailbox without huge attachments).
pub(crate) fn random_size(rng: &mut Rng) -> usize {
    let band = rng.range_usize(0, SIZE_STEPS.len() - 2);
    let size = rng.range(SIZE_STEPS[band], SIZE_STEPS[band + 1]);
    usize::try_from(size).unwrap_or(usize::MAX)
}

/// Lines that are not plain word salad: quotes, signatures, 8-bit text.
const SPECIAL_LINES: &[&str] = &[
    "> On Tue, 15 Aug 2023 at 10:12, Alice Johnson <alice@example.com> wrote:",
    ">> Please find the numbers attached.",
    "-- ",
    "Grüße aus München — José",
    "Best regards,",
    "Sent from my phone",
    "",
];

/// Appends text lines (at most 76 characters) until `out` is `until` long.
fn push_text(out: &mut Vec<u8>, rng: &mut Rng, until: usize) {
    while out.len() < until {
        if rng.chance(60) {
            out.extend_from_slice(rng.pick(SPECIAL_LINES).as_bytes());
        } else {
            let width = rng.range_usize(40, 72);
            let start = out.len();
            out.extend_from_slice(rng.pick(WORDS).as_bytes());
            while out.len() - start < width {
                out.push(b' ');
                out.extend_from_slice(rng.pick(WORDS).as_bytes());
            }
            if rng.chance(200) {
                out.push(b'.');
            }
        }
        out.extend_from_slice(b"\r\n");
    }
}

/// Appends 76-character base64 lines until `out` is `until` long.
fn push_base64_lines(out: &mut Vec<u8>, rng: &mut Rng, until: usize) {
    let mut raw = [0u8; 57];
    while out.len() < until {
        rng.fill(&mut raw);
        push_base64(out, &raw);
        out.extend_from_slice(b"\r\n");
    }
}

/// Writes one message of about `size` bytes (it may overrun by one line).
///
/// Small messages are plain text with a short header; larger ones carry a
/// full trace header and, half of the time, a base64 attachment.
pub(crate) fn write_message(out: &mut Vec<u8>, rng: &mut Rng, size: usize) {
    let start = out.len();
    let sent = DateTime::random(rng);
    let envelope = Envelope::random(rng, sent);
    let multipart = size > 12_000 && rng.chance(500);
    let boundary = format!("----=_Part_{}_{}", rng.range(1, 99_999), rng.next_u64() >> 24);
    let content_type = if multipart {
        format!("multipart/mixed; boundary=\"{boundary}\"")
    } else {
        "text/plain; charset=\"UTF-8\"".to_owned()
    };
    if size < 4_000 {
        // A trace header alone would exceed the smallest sizes.
        envelope.write_header(out);
        out.extend_from_slice(b"MIME-Version: 1.0\r\nContent-Type: ");
        out.extend_from_slice(content_type.as_bytes());
        out.extend_from_slice(b"\r\n\r\n");
    } else {
        let received = sent.later(rng);
        write_header(out, rng, &envelope, received, &content_type);
    }
    let end = start + size;
    if !multipart {
        push_text(out, rng, end);
        return;
    }
    out.extend_from_slice(b"This is a multi-part message in MIME format.\r\n\r\n--");
    out.extend_from_slice(boundary.as_bytes());
    out.extend_from_slice(
        b"\r\nContent-Type: text/plain; charset=\"UTF-8\"\r\nContent-Transfer-Encoding: 8bit\r\n\r\n",
    );
    let text_end = out.len() + rng.range_usize(300, 3_000);
    push_text(out, rng, text_end);
    out.extend_from_slice(b"\r\n--");
    out.extend_from_slice(boundary.as_bytes());
    let n = rng.range(1, 9999);
    out.extend_from_slice(
        format!(
            "\r\nContent-Type: application/pdf; name=\"scan{n:04}.pdf\"\r\n\
             Content-Disposition: attachment; filename=\"scan{n:04}.pdf\"\r\n\
             Content-Transfer-Encoding: base64\r\n\r\n"
        )
        .as_bytes(),
    );
    push_base64_lines(out, rng, end.saturating_sub(boundary.len() + 8));
    out.extend_from_slice(b"\r\n--");
    out.extend_from_slice(boundary.as_bytes());
    out.extend_from_slice(b"--\r\n");
}
