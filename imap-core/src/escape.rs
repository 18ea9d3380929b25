//! Printable renderings of raw protocol bytes for errors and logs.

use std::fmt::Write;

/// Renders `bytes` as printable ASCII: `\r`, `\n`, `\t`, `\\` and `\"` stay as escapes, other
/// bytes outside printable ASCII become `\xNN`. Output longer than `max` characters is cut and
/// ends with `...`.
pub(crate) fn escape_bytes(bytes: &[u8], max: usize) -> String {
    let mut out = String::with_capacity(bytes.len().min(max) + 8);
    for &b in bytes {
        if out.len() >= max {
            out.push_str("...");
            break;
        }
        match b {
            b'\r' => out.push_str("\\r"),
            b'\n' => out.push_str("\\n"),
            b'\t' => out.push_str("\\t"),
            b'\\' => out.push_str("\\\\"),
            b'"' => out.push_str("\\\""),
            0x20..=0x7e => out.push(b as char),
            _ => {
                let _ = write!(out, "\\x{b:02x}");
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_controls_and_high_bytes() {
        assert_eq!(escape_bytes(b"a\r\n\"\\\x00\xff", 100), "a\\r\\n\\\"\\\\\\x00\\xff");
        assert_eq!(escape_bytes(b"abcdef", 3), "abc...");
    }
}
