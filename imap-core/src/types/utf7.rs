//! Modified UTF-7 (RFC 3501 section 5.1.3): how mailbox names beyond printable US-ASCII travel.
//!
//! Printable US-ASCII (`0x20..=0x7e`) other than `&` stands for itself, `&` is written `&-`, and
//! every other run of characters is written `&`, modified BASE64 of its UTF-16BE form, `-`. The
//! modified BASE64 alphabet has `,` in place of `/` and no `=` padding.
//!
//! [`decode_utf7`] is strict: it accepts exactly what [`encode_utf7`] produces, so that
//! `encode_utf7(&decode_utf7(wire)?) == wire` whenever decoding succeeds, and one mailbox never
//! has two spellings.

use base64::Engine as _;
use base64::alphabet::Alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};

use super::error::ValueError;

const KIND: &str = "modified UTF-7";

/// RFC 3501's modified BASE64: RFC 2045's alphabet with `,` in place of `/`.
const ALPHABET: Alphabet = match Alphabet::new("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,") {
    Ok(alphabet) => alphabet,
    Err(_) => panic!("modified BASE64 alphabet is valid"),
};

/// No padding either way, and no stray bits in the last character: one spelling per name.
const ENGINE: GeneralPurpose = GeneralPurpose::new(
    &ALPHABET,
    GeneralPurposeConfig::new()
        .with_encode_padding(false)
        .with_decode_padding_mode(DecodePaddingMode::RequireNone)
        .with_decode_allow_trailing_bits(false),
);

/// A character that modified UTF-7 writes as itself (`&` aside, which is written `&-`).
fn is_direct(c: u32) -> bool {
    (0x20..=0x7e).contains(&c)
}

fn is_base64_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'+' || b == b','
}

/// Encodes a mailbox name in modified UTF-7.
///
/// Printable US-ASCII stays as it is, `&` becomes `&-`, and each run of other characters
/// (non-ASCII, controls, DEL; astral characters as UTF-16 surrogate pairs) becomes one
/// `&...-` BASE64 run.
///
/// ```
/// use imap_core::types::utf7::{decode_utf7, encode_utf7};
/// assert_eq!(encode_utf7("Entwürfe & Ideen"), "Entw&APw-rfe &- Ideen");
/// assert_eq!(encode_utf7("~peter/mail/台北/日本語"), "~peter/mail/&U,BTFw-/&ZeVnLIqe-");
/// assert_eq!(decode_utf7(b"&ZeVnLIqe-").expect("valid"), "日本語");
/// assert!(decode_utf7(b"&ZeVnLIqe").is_err());
/// ```
pub fn encode_utf7(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + name.len() / 2);
    let mut pending: Vec<u16> = Vec::new();
    for c in name.chars() {
        if is_direct(u32::from(c)) {
            flush_run(&mut pending, &mut out);
            out.push(c);
            if c == '&' {
                out.push('-');
            }
        } else {
            let mut units = [0u16; 2];
            pending.extend_from_slice(c.encode_utf16(&mut units));
        }
    }
    flush_run(&mut pending, &mut out);
    out
}

/// Writes the pending UTF-16 units, if any, as one `&...-` run.
fn flush_run(pending: &mut Vec<u16>, out: &mut String) {
    if pending.is_empty() {
        return;
    }
    let bytes: Vec<u8> = pending.iter().flat_map(|u| u.to_be_bytes()).collect();
    out.push('&');
    ENGINE.encode_string(&bytes, out);
    out.push('-');
    pending.clear();
}

/// Decodes a modified UTF-7 mailbox name as it appears on the wire.
///
/// Refuses, with the position of the offending byte: 8-bit bytes and controls outside a BASE64
/// run, a `&` run without its closing `-`, characters outside the modified BASE64 alphabet,
/// runs whose bits do not make whole UTF-16 units or leave non-zero bits over, unpaired
/// surrogates, printable US-ASCII spelled in BASE64 (RFC 3501: it "MUST NOT" be), and a run
/// that directly follows another (the two must have been one run).
pub fn decode_utf7(wire: &[u8]) -> Result<String, ValueError> {
    let mut out = String::with_capacity(wire.len());
    let mut pos = 0;
    // Where the last BASE64 run ended (one past its `-`), to catch `&AGE-&AGE-`.
    let mut run_end = None;
    while let Some(&b) = wire.get(pos) {
        match b {
            b'&' => {
                let Some(len) = memchr::memchr(b'-', &wire[pos + 1..]) else {
                    return Err(ValueError::new(KIND, "'&' run without its closing '-'", wire).at(pos));
                };
                let end = pos + 1 + len;
                if len == 0 {
                    out.push('&');
                } else {
                    if run_end == Some(pos) {
                        return Err(
                            ValueError::new(KIND, "BASE64 run right after another (must be one run)", wire).at(pos)
                        );
                    }
                    decode_run(wire, pos, end, &mut out)?;
                    run_end = Some(end + 1);
                }
                pos = end + 1;
            }
            0x20..=0x7e => {
                out.push(char::from(b));
                pos += 1;
            }
            0x80..=0xff => return Err(ValueError::new(KIND, "8-bit byte (must be BASE64-encoded)", wire).at(pos)),
            _ => return Err(ValueError::new(KIND, "control character (must be BASE64-encoded)", wire).at(pos)),
        }
    }
    Ok(out)
}

/// Decodes the BASE64 run `wire[amp + 1..dash]` (between `&` and `-`) onto `out`.
fn decode_run(wire: &[u8], amp: usize, dash: usize, out: &mut String) -> Result<(), ValueError> {
    let text = &wire[amp + 1..dash];
    let start = amp + 1;
    if let Some(i) = text.iter().position(|&b| !is_base64_char(b)) {
        let reason = match text[i] {
            b'/' => "'/' in BASE64 run (modified BASE64 uses ',')",
            b'=' => "padding in BASE64 run (modified BASE64 has none)",
            0x80..=0xff => "8-bit byte in BASE64 run",
            _ => "character outside the modified BASE64 alphabet",
        };
        return Err(ValueError::new(KIND, reason, wire).at(start + i));
    }
    let bytes = ENGINE.decode(text).map_err(|e| match e {
        base64::DecodeError::InvalidLastSymbol(i, _) => {
            ValueError::new(KIND, "BASE64 run ends with non-zero spare bits", wire).at(start + i)
        }
        base64::DecodeError::InvalidByte(i, _) => {
            ValueError::new(KIND, "character outside the modified BASE64 alphabet", wire).at(start + i)
        }
        base64::DecodeError::InvalidLength(_) | base64::DecodeError::InvalidPadding => {
            ValueError::new(KIND, "BASE64 run does not end on a whole byte", wire).at(dash)
        }
    })?;
    if bytes.len() % 2 != 0 {
        return Err(ValueError::new(KIND, "BASE64 run holds an odd number of bytes (not UTF-16)", wire).at(dash));
    }
    // The BASE64 character in which UTF-16 unit `unit` starts: 8 bits a byte, 6 bits a character.
    let unit_pos = |unit: usize| start + unit * 16 / 6;
    let units = bytes.chunks_exact(2).map(|pair| u16::from_be_bytes([pair[0], pair[1]]));
    let mut unit = 0;
    for decoded in char::decode_utf16(units) {
        let Ok(c) = decoded else {
            return Err(ValueError::new(KIND, "unpaired UTF-16 surrogate in BASE64 run", wire).at(unit_pos(unit)));
        };
        if is_direct(u32::from(c)) {
            return Err(
                ValueError::new(KIND, "printable US-ASCII spelled in BASE64 (must be direct)", wire).at(unit_pos(unit))
            );
        }
        out.push(c);
        unit += c.len_utf16();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const VECTORS: &[(&str, &str)] = &[
        ("", ""),
        ("INBOX", "INBOX"),
        ("Entwürfe & Ideen", "Entw&APw-rfe &- Ideen"),
        ("日本語", "&ZeVnLIqe-"),
        ("~peter/mail/台北/日本語", "~peter/mail/&U,BTFw-/&ZeVnLIqe-"),
        ("Prüfung & 日本", "Pr&APw-fung &- &ZeVnLA-"),
        ("&", "&-"),
        ("&&", "&-&-"),
        ("ü&", "&APw-&-"),
        ("a-b", "a-b"),
        ("Gelöschte Elemente", "Gel&APY-schte Elemente"),
        ("Отправленные", "&BB4EQgQ,BEAEMAQyBDsENQQ9BD0ESwQ1-"),
        ("Tab\there", "Tab&AAk-here"),
        ("DEL\u{7f}", "DEL&AH8-"),
        ("\u{0}", "&AAA-"),
    ];

    #[test]
    fn test_vectors_both_ways() {
        for (name, wire) in VECTORS {
            assert_eq!(encode_utf7(name), *wire, "encoding {name:?}");
            assert_eq!(decode_utf7(wire.as_bytes()).expect("valid vector"), *name, "decoding {wire:?}");
        }
    }

    #[test]
    fn astral_characters_use_surrogate_pairs() {
        // U+1F600 is D83D DE00 in UTF-16.
        assert_eq!(encode_utf7("😀"), "&2D3eAA-");
        assert_eq!(encode_utf7("Fotos 📷 2024"), "Fotos &2D3c9w- 2024");
        assert_eq!(decode_utf7(b"&2D3eAA-").expect("pair"), "😀");
        assert_eq!(decode_utf7(b"&2D3eANg93gA-").expect("two pairs"), "😀😀");
    }

    /// Decodes `wire`, which must be refused at `position`, and returns the reason.
    fn refused(wire: &[u8], position: usize) -> &'static str {
        let err = decode_utf7(wire).expect_err("must be refused");
        assert_eq!(err.kind(), KIND);
        assert_eq!(err.position(), Some(position), "{wire:?}: {err}");
        err.reason()
    }

    #[test]
    fn refuses_unterminated_run() {
        assert!(refused(b"&ZeVnLIqe", 0).contains("closing"));
        assert!(refused(b"abc&", 3).contains("closing"));
        assert!(refused(b"&-&", 2).contains("closing"));
    }

    #[test]
    fn refuses_bad_base64_characters() {
        assert!(refused(b"&U/BTFw-", 2).contains("','"));
        assert!(refused(b"&ZeVnLA=-", 7).contains("padding"));
        assert!(refused(b"&Ze Vn-", 3).contains("alphabet"));
        assert!(refused(b"&Ze&Vn-", 3).contains("alphabet"));
        assert!(refused(b"&Ze\xc3\xa4-", 3).contains("8-bit"));
    }

    #[test]
    fn refuses_broken_lengths_and_spare_bits() {
        // One character: not even a byte.
        assert!(refused(b"&A-", 2).contains("whole byte"));
        assert!(refused(b"&AAAAA-", 6).contains("whole byte"));
        // Two characters: one byte, not a UTF-16 unit.
        assert!(refused(b"&AA-", 3).contains("odd"));
        // U+00FC is APw; APx leaves a non-zero spare bit.
        assert!(refused(b"&APx-", 3).contains("spare bits"));
    }

    #[test]
    fn refuses_unpaired_surrogates() {
        // A lone high surrogate D83D.
        assert!(refused(b"&2D0-", 1).contains("surrogate"));
        // A lone low surrogate DE00 after U+00FC.
        assert!(refused(b"&APzeAA-", 3).contains("surrogate"));
        // A high surrogate followed by a non-surrogate.
        assert!(refused(b"&2D0A,A-", 1).contains("surrogate"));
    }

    #[test]
    fn refuses_direct_characters_in_base64() {
        // "A" (U+0041) spelled as a run.
        assert!(refused(b"&AEE-", 1).contains("must be direct"));
        // "&" spelled as a run instead of "&-".
        assert!(refused(b"&ACY-", 1).contains("must be direct"));
        // A space inside an otherwise legitimate run: unit 1 starts at character 2 of the run.
        assert!(refused(b"&ZeUAIGcs-", 3).contains("must be direct"));
    }

    #[test]
    fn refuses_adjacent_runs() {
        assert!(refused(b"&AOE-&AOE-", 5).contains("one run"));
        assert!(refused(b"x&AOE-&APw-y", 6).contains("one run"));
        // A literal "&" between runs is fine, as is a run after a direct character.
        assert_eq!(decode_utf7(b"&AOE-&-&AOE-").expect("a&a"), "á&á");
        assert_eq!(decode_utf7(b"&AOE- &AOE-").expect("a a"), "á á");
    }

    #[test]
    fn refuses_raw_8bit_and_controls() {
        assert!(refused("Entwürfe".as_bytes(), 4).contains("8-bit"));
        assert!(refused(b"a\r\nb", 1).contains("control"));
        assert!(refused(b"\x7f", 0).contains("control"));
        assert!(refused(b"\x00", 0).contains("control"));
    }

    #[test]
    fn error_message_shows_the_wire_form() {
        let err = decode_utf7(b"&Zm9v").expect_err("unterminated");
        assert_eq!(err.to_string(), "invalid modified UTF-7: '&' run without its closing '-' in \"&Zm9v\"");
    }

    proptest! {
        #[test]
        fn decode_inverts_encode(name in any::<String>()) {
            let wire = encode_utf7(&name);
            prop_assert!(wire.bytes().all(|b| (0x20..=0x7e).contains(&b)));
            prop_assert_eq!(decode_utf7(wire.as_bytes()).expect("own output decodes"), name);
        }

        #[test]
        fn decode_inverts_encode_for_mixed_names(name in "[a-z &/.\u{e0}-\u{ff}\u{3040}-\u{30ff}\u{1f600}-\u{1f64f}]{0,16}") {
            prop_assert_eq!(decode_utf7(encode_utf7(&name).as_bytes()).expect("decodes"), name);
        }

        #[test]
        fn every_accepted_wire_form_is_canonical(wire in "[A-Za-z0-9+,&/ -]{0,16}") {
            if let Ok(name) = decode_utf7(wire.as_bytes()) {
                prop_assert_eq!(encode_utf7(&name), wire);
            }
        }
    }
}
