//! MIME encodings used inside generated headers and bodies: base64
//! (RFC 4648) and RFC 2047 encoded words.

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Appends the padded base64 encoding of `input`.
pub(crate) fn push_base64(out: &mut Vec<u8>, input: &[u8]) {
    let mut chunks = input.chunks_exact(3);
    for c in &mut chunks {
        let n = (u32::from(c[0]) << 16) | (u32::from(c[1]) << 8) | u32::from(c[2]);
        out.extend_from_slice(&[
            B64[(n >> 18) as usize & 63],
            B64[(n >> 12) as usize & 63],
            B64[(n >> 6) as usize & 63],
            B64[n as usize & 63],
        ]);
    }
    match *chunks.remainder() {
        [a] => {
            let n = u32::from(a) << 16;
            out.extend_from_slice(&[B64[(n >> 18) as usize & 63], B64[(n >> 12) as usize & 63]]);
            out.extend_from_slice(b"==");
        }
        [a, b] => {
            let n = (u32::from(a) << 16) | (u32::from(b) << 8);
            out.extend_from_slice(&[
                B64[(n >> 18) as usize & 63],
                B64[(n >> 12) as usize & 63],
                B64[(n >> 6) as usize & 63],
            ]);
            out.push(b'=');
        }
        _ => {}
    }
}

/// Returns `=?UTF-8?B?...?=` for `text`.
pub(crate) fn encoded_word_b(text: &str) -> String {
    let mut out = b"=?UTF-8?B?".to_vec();
    push_base64(&mut out, text.as_bytes());
    out.extend_from_slice(b"?=");
    // Only ASCII was pushed.
    String::from_utf8_lossy(&out).into_owned()
}

/// Returns `=?ISO-8859-1?Q?...?=` for `text`.
///
/// Characters outside Latin-1 are replaced with `?`: the tables only feed
/// Latin-1 text here, so that never happens in practice.
pub(crate) fn encoded_word_q(text: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::from("=?ISO-8859-1?Q?");
    for ch in text.chars() {
        let byte = u8::try_from(u32::from(ch)).unwrap_or(b'?');
        match byte {
            b' ' => out.push('_'),
            // RFC 2047 section 5 (3): safe characters in a phrase.
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'!' | b'*' | b'+' | b'-' | b'/' => {
                out.push(char::from(byte));
            }
            _ => {
                out.push('=');
                out.push(char::from(HEX[usize::from(byte >> 4)]));
                out.push(char::from(HEX[usize::from(byte & 15)]));
            }
        }
    }
    out.push_str("?=");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc4648_vectors() {
        for (plain, encoded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            let mut out = Vec::new();
            push_base64(&mut out, plain.as_bytes());
            assert_eq!(out, encoded.as_bytes());
        }
    }

    #[test]
    fn encoded_words() {
        assert_eq!(encoded_word_b("Zoë"), "=?UTF-8?B?Wm/Dqw==?=");
        assert_eq!(encoded_word_q("François Léger"), "=?ISO-8859-1?Q?Fran=E7ois_L=E9ger?=");
    }
}
