//! Bytes as text and back: the `\r \n \t \\ \xNN` escapes of `R:` lines, and the readable form
//! that error messages and transcripts show.

/// Reads the escapes of an `R:` line: `\r`, `\n`, `\t`, `\\`, `\xNN`.
pub(crate) fn unescape(text: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::with_capacity(text.len());
    let mut i = 0;
    while i < text.len() {
        if text[i] != b'\\' {
            out.push(text[i]);
            i += 1;
            continue;
        }
        match text.get(i + 1) {
            Some(b'r') => out.push(b'\r'),
            Some(b'n') => out.push(b'\n'),
            Some(b't') => out.push(b'\t'),
            Some(b'\\') => out.push(b'\\'),
            Some(b'x') => {
                let hex = text.get(i + 2..i + 4).ok_or("incomplete \\x escape (write \\xNN)")?;
                let value = std::str::from_utf8(hex).ok().and_then(|h| u8::from_str_radix(h, 16).ok());
                out.push(value.ok_or_else(|| format!("bad \\x escape {:?}", String::from_utf8_lossy(hex)))?);
                i += 4;
                continue;
            }
            Some(&other) => {
                return Err(format!(
                    "unknown escape \\{} at byte {} (use \\r \\n \\t \\\\ \\xNN)",
                    other.escape_ascii(),
                    i + 1
                ));
            }
            None => return Err("a lone \\ at the end of the line (write \\\\)".into()),
        }
        i += 2;
    }
    Ok(out)
}

/// The inverse of [`unescape`]: an `R:` line's text for these bytes.
pub(crate) fn escape_raw(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    for &b in bytes {
        match b {
            b'\r' => out.push_str("\\r"),
            b'\n' => out.push_str("\\n"),
            b'\t' => out.push_str("\\t"),
            b'\\' => out.push_str("\\\\"),
            0x20..=0x7e => out.push(b as char),
            _ => out.push_str(&format!("\\x{b:02x}")),
        }
    }
    out
}

/// Bytes as readable text: valid UTF-8 as it is, with CR, LF, TAB and other control bytes
/// escaped; in bytes that are not UTF-8, every non-ASCII byte as `\xNN`.
pub(crate) fn printable(bytes: &[u8]) -> String {
    let escape_control = |c: char, out: &mut String| match c {
        '\r' => out.push_str("\\r"),
        '\n' => out.push_str("\\n"),
        '\t' => out.push_str("\\t"),
        c if c.is_control() => out.push_str(&format!("\\x{:02x}", c as u32)),
        c => out.push(c),
    };
    let mut out = String::with_capacity(bytes.len());
    match std::str::from_utf8(bytes) {
        Ok(text) => text.chars().for_each(|c| escape_control(c, &mut out)),
        Err(_) => bytes.iter().for_each(|&b| {
            if b.is_ascii() { escape_control(b as char, &mut out) } else { out.push_str(&format!("\\x{b:02x}")) }
        }),
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_escapes_round_trip() {
        let bytes = b"* 1 FETCH (FLAGS (\\Seen) BODY[] {3}\r\n\x00\xff\t".to_vec();
        let text = escape_raw(&bytes);
        assert_eq!(text, "* 1 FETCH (FLAGS (\\\\Seen) BODY[] {3}\\r\\n\\x00\\xff\\t");
        assert_eq!(unescape(text.as_bytes()).unwrap(), bytes);
        assert!(unescape(b"\\q").unwrap_err().contains("unknown escape"));
        assert!(unescape(b"\\x4").is_err());
        assert!(unescape(b"\\xzz").is_err());
        assert!(unescape(b"end\\").is_err());
    }

    #[test]
    fn printable_text() {
        assert_eq!(printable("René\r\n\x07".as_bytes()), "René\\r\\n\\x07");
        assert_eq!(printable(b"caf\xe9 \\Seen"), "caf\\xe9 \\Seen");
    }
}
