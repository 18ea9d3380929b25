//! Random BODYSTRUCTURE values (RFC 3501 `body`) with full extension data.
//!
//! Shapes follow what mail clients actually send: single text parts,
//! multipart/alternative, multipart/mixed with base64 attachments, nested
//! multiparts (mixed > alternative, alternative > related) and forwarded
//! message/rfc822 parts with their own envelope and body.

use crate::date::DateTime;
use crate::envelope::Envelope;
use crate::mime::{encoded_word_b, push_base64};
use crate::rng::Rng;
use crate::wire::{push_num, push_quoted, push_string};

/// What the generator wrote for one body part.
pub(crate) struct Part {
    /// Size of the part's content in octets (as the enclosing message
    /// would carry it), used for RFC822.SIZE and message/rfc822 sizes.
    pub(crate) octets: u64,
    /// The `Content-Type` header value for this part.
    pub(crate) content_type: String,
}

/// Attachment kinds: (type, subtype, file extension).
const ATTACHMENTS: &[(&str, &str, &str)] = &[
    ("APPLICATION", "PDF", "pdf"),
    ("IMAGE", "JPEG", "jpg"),
    ("IMAGE", "PNG", "png"),
    ("APPLICATION", "VND.OPENXMLFORMATS-OFFICEDOCUMENT.SPREADSHEETML.SHEET", "xlsx"),
    ("APPLICATION", "VND.OPENXMLFORMATS-OFFICEDOCUMENT.WORDPROCESSINGML.DOCUMENT", "docx"),
    ("APPLICATION", "ZIP", "zip"),
    ("APPLICATION", "OCTET-STREAM", "bin"),
    ("AUDIO", "MPEG", "mp3"),
];

/// File base names; some need escaping or 8-bit transport.
const FILE_NAMES: &[&str] = &[
    "Q3 report",
    "invoice-2023-0456",
    "IMG_20230815_101231",
    "scan0001",
    "meeting notes",
    r#"my "final" draft"#,
    r"backup\2023",
    "Résumé",
    "Übersicht 2024",
    "見積書",
];

/// `body-fld-param` pairs: attribute name and (possibly 8-bit) value.
type Params<'a> = [(&'a str, &'a [u8])];

/// Writes `("CHARSET" "UTF-8" ...)`-style `body-fld-param` from pairs.
fn write_params(out: &mut Vec<u8>, params: &Params<'_>) {
    if params.is_empty() {
        out.extend_from_slice(b"NIL");
        return;
    }
    out.push(b'(');
    for (i, (key, value)) in params.iter().enumerate() {
        if i > 0 {
            out.push(b' ');
        }
        push_quoted(out, key.as_bytes());
        out.push(b' ');
        push_string(out, value);
    }
    out.push(b')');
}

/// Writes ` lang loc` (the tail shared by both extension forms).
fn write_lang_loc(out: &mut Vec<u8>, rng: &mut Rng) {
    match rng.below(20) {
        0..=16 => out.extend_from_slice(b" NIL"),
        17 | 18 => out.extend_from_slice(b" \"EN\""),
        _ => out.extend_from_slice(b" (\"EN\" \"DE\")"),
    }
    if rng.chance(40) {
        out.push(b' ');
        let url = format!("https://files.example.com/share/{}", rng.range(100_000, 999_999));
        push_quoted(out, url.as_bytes());
    } else {
        out.extend_from_slice(b" NIL");
    }
}

/// Writes `body-ext-1part`: md5, disposition, language, location.
///
/// A few parts stop early, as RFC 3501 allows and some servers do.
fn write_ext_1part(out: &mut Vec<u8>, rng: &mut Rng, disposition: Option<(&str, &Params<'_>)>) {
    out.push(b' ');
    if rng.chance(50) {
        let mut digest = [0u8; 16];
        rng.fill(&mut digest);
        let mut md5 = Vec::with_capacity(24);
        push_base64(&mut md5, &digest);
        push_quoted(out, &md5);
    } else {
        out.extend_from_slice(b"NIL");
    }
    if rng.chance(30) {
        return;
    }
    out.push(b' ');
    match disposition {
        Some((kind, params)) => {
            out.push(b'(');
            push_quoted(out, kind.as_bytes());
            out.push(b' ');
            write_params(out, params);
            out.push(b')');
        }
        None => out.extend_from_slice(b"NIL"),
    }
    if rng.chance(30) {
        return;
    }
    write_lang_loc(out, rng);
}

/// Writes a TEXT part and returns it.
fn write_text(out: &mut Vec<u8>, rng: &mut Rng, subtype: &str) -> Part {
    let (charset, extra): (&str, &Params<'_>) = match rng.below(4) {
        0 => ("us-ascii", &[]),
        1 => ("ISO-8859-1", &[("FORMAT", b"flowed")]),
        2 => ("utf-8", &[("FORMAT", b"flowed"), ("DELSP", b"yes")]),
        _ => ("UTF-8", &[]),
    };
    let encoding = *rng.pick(&["7BIT", "8BIT", "QUOTED-PRINTABLE", "QUOTED-PRINTABLE", "BASE64"]);
    let octets = if subtype == "HTML" { rng.range(1_500, 90_000) } else { rng.range(120, 16_000) };
    let lines = octets / rng.range(40, 76) + 1;
    out.extend_from_slice(b"(\"TEXT\" ");
    push_quoted(out, subtype.as_bytes());
    out.push(b' ');
    let mut params: Vec<(&str, &[u8])> = vec![("CHARSET", charset.as_bytes())];
    params.extend_from_slice(extra);
    write_params(out, &params);
    out.extend_from_slice(b" NIL NIL ");
    push_quoted(out, encoding.as_bytes());
    out.push(b' ');
    push_num(out, octets);
    out.push(b' ');
    push_num(out, lines);
    let inline: &Params<'_> = &[];
    let dsp = if rng.chance(150) { Some(("INLINE", inline)) } else { None };
    write_ext_1part(out, rng, dsp);
    out.push(b')');
    let content_type = format!("text/{}; charset=\"{charset}\"", subtype.to_ascii_lowercase());
    Part { octets, content_type }
}

/// Percent-encodes `name` for an RFC 2231 `filename*` parameter.
fn rfc2231(name: &str) -> Vec<u8> {
    let mut out = b"utf-8''".to_vec();
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || b"-._".contains(&b) {
            out.push(b);
        } else {
            out.extend_from_slice(format!("%{b:02X}").as_bytes());
        }
    }
    out
}

/// Writes a base64 attachment and returns it. With `related`, it is an
/// inline image referenced from an HTML sibling by its Content-ID.
fn write_attachment(out: &mut Vec<u8>, rng: &mut Rng, related: bool) -> Part {
    let (ty, subtype, ext) = if related { *rng.pick(&ATTACHMENTS[1..3]) } else { *rng.pick(ATTACHMENTS) };
    let file =
        if related { format!("image{:03}.{ext}", rng.range(1, 20)) } else { format!("{}.{ext}", rng.pick(FILE_NAMES)) };
    // Non-ASCII names travel four ways in the wild; 7-bit ones stay plain.
    let (key, value): (&str, Vec<u8>) = if file.is_ascii() {
        ("FILENAME", file.clone().into_bytes())
    } else {
        match rng.below(3) {
            0 => ("FILENAME*", rfc2231(&file)),
            1 => ("FILENAME", encoded_word_b(&file).into_bytes()),
            _ => ("FILENAME", file.clone().into_bytes()),
        }
    };
    let name_key = if key == "FILENAME*" { "NAME*" } else { "NAME" };
    let octets = match rng.below(10) {
        0..=5 => rng.range(4_000, 120_000),
        6..=8 => rng.range(120_000, 900_000),
        _ => rng.range(900_000, 4_000_000),
    };
    let inline_image = related || (ty == "IMAGE" && rng.chance(300));
    out.push(b'(');
    push_quoted(out, ty.as_bytes());
    out.push(b' ');
    push_quoted(out, subtype.as_bytes());
    out.push(b' ');
    write_params(out, &[(name_key, &value)]);
    out.push(b' ');
    if inline_image {
        // Content-IDs are 7-bit even when the file name is not.
        let cid = format!("<part{}.{:08X}@01D9CF12.example.com>", rng.range(1, 20), rng.next_u64() >> 32);
        push_quoted(out, cid.as_bytes());
    } else {
        out.extend_from_slice(b"NIL");
    }
    out.push(b' ');
    if rng.chance(100) {
        push_quoted(out, b"Scanned document");
    } else {
        out.extend_from_slice(b"NIL");
    }
    out.extend_from_slice(b" \"BASE64\" ");
    push_num(out, octets);
    let size = (octets / 4 * 3).to_string();
    let params: &Params<'_> = &[(key, &value), ("SIZE", size.as_bytes())];
    let kind = if inline_image { "INLINE" } else { "ATTACHMENT" };
    write_ext_1part(out, rng, Some((kind, params)));
    out.push(b')');
    let content_type = format!("{}/{}; name=\"{file}\"", ty.to_ascii_lowercase(), subtype.to_ascii_lowercase());
    Part { octets, content_type }
}

/// A random MIME boundary in the style of a common mailer.
fn boundary(rng: &mut Rng) -> String {
    match rng.below(4) {
        0 => format!("000000000000{:012x}", rng.next_u64() >> 16),
        1 => format!(
            "----=_Part_{}_{}.{}",
            rng.range(1, 99_999),
            rng.range(1, 999_999_999),
            rng.range(1_000_000_000, 1_999_999_999)
        ),
        2 => format!("Apple-Mail={:08X}-{:04X}-{:04X}", rng.next_u64() >> 32, rng.below(0x10000), rng.below(0x10000)),
        _ => format!("_004_{:016x}_", rng.next_u64()),
    }
}

/// Writes a multipart whose children come from `children`; returns it.
fn write_multipart(
    out: &mut Vec<u8>,
    rng: &mut Rng,
    subtype: &str,
    children: impl FnOnce(&mut Vec<u8>, &mut Rng) -> u64,
) -> Part {
    out.push(b'(');
    let inner = children(out, rng);
    let boundary = boundary(rng);
    out.push(b' ');
    push_quoted(out, subtype.as_bytes());
    // body-ext-mpart: params, disposition, language, location. Most servers
    // send all four; a few stop after the parameters.
    out.push(b' ');
    if subtype == "RELATED" {
        write_params(out, &[("TYPE", b"text/html"), ("BOUNDARY", boundary.as_bytes())]);
    } else {
        write_params(out, &[("BOUNDARY", boundary.as_bytes())]);
    }
    if !rng.chance(80) {
        // Multipart dispositions are rare but legal; keep a few so the
        // parenthesized form is exercised in this position too.
        if rng.chance(20) {
            out.extend_from_slice(b" (\"INLINE\" NIL)");
        } else {
            out.extend_from_slice(b" NIL");
        }
        write_lang_loc(out, rng);
    }
    out.push(b')');
    let octets = inner + 200;
    let content_type = format!("multipart/{}; boundary=\"{boundary}\"", subtype.to_ascii_lowercase());
    Part { octets, content_type }
}

fn write_alternative(out: &mut Vec<u8>, rng: &mut Rng) -> Part {
    write_multipart(out, rng, "ALTERNATIVE", |out, rng| {
        let plain = write_text(out, rng, "PLAIN").octets;
        let html = if rng.chance(150) {
            write_multipart(out, rng, "RELATED", |out, rng| {
                let html = write_text(out, rng, "HTML").octets;
                html + write_attachment(out, rng, true).octets
            })
        } else {
            write_text(out, rng, "HTML")
        };
        plain + html.octets
    })
}

/// Writes a message/rfc822 part with its own envelope and body.
fn write_message(out: &mut Vec<u8>, rng: &mut Rng) -> Part {
    let mut body = Vec::with_capacity(1024);
    let inner = if rng.chance(500) { write_alternative(&mut body, rng) } else { write_text(&mut body, rng, "PLAIN") };
    let octets = inner.octets + rng.range(800, 3_000);
    let sent = DateTime::random(rng);
    let envelope = Envelope::random(rng, sent);
    out.extend_from_slice(b"(\"MESSAGE\" \"RFC822\" ");
    if rng.chance(300) {
        write_params(out, &[("NAME", b"Forwarded message.eml")]);
    } else {
        out.extend_from_slice(b"NIL");
    }
    out.extend_from_slice(b" NIL NIL \"7BIT\" ");
    push_num(out, octets);
    out.push(b' ');
    envelope.write_imap(out);
    out.push(b' ');
    out.extend_from_slice(&body);
    out.push(b' ');
    push_num(out, octets / 60 + 1);
    let params: &Params<'_> = &[("FILENAME", b"Forwarded message.eml")];
    let dsp = if rng.chance(500) { Some(("ATTACHMENT", params)) } else { None };
    write_ext_1part(out, rng, dsp);
    out.push(b')');
    Part { octets, content_type: "message/rfc822".to_owned() }
}

/// Writes a random top-level body structure and returns it.
pub(crate) fn write_random(out: &mut Vec<u8>, rng: &mut Rng) -> Part {
    match rng.below(100) {
        0..=27 => write_text(out, rng, "PLAIN"),
        28..=35 => write_text(out, rng, "HTML"),
        36..=59 => write_alternative(out, rng),
        60..=74 => write_multipart(out, rng, "MIXED", |out, rng| {
            let mut octets = write_text(out, rng, "PLAIN").octets;
            for _ in 0..rng.range(1, 3) {
                octets += write_attachment(out, rng, false).octets;
            }
            octets
        }),
        75..=89 => write_multipart(out, rng, "MIXED", |out, rng| {
            let mut octets = write_alternative(out, rng).octets;
            for _ in 0..rng.range(1, 4) {
                octets += write_attachment(out, rng, false).octets;
            }
            octets
        }),
        _ => write_multipart(out, rng, "MIXED", |out, rng| {
            let first = write_text(out, rng, "PLAIN").octets;
            first + write_message(out, rng).octets
        }),
    }
}
