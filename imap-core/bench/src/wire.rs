//! Writers for IMAP's wire syntax (RFC 3501 section 9).
//!
//! Every string goes through [`push_string`], which picks the form a real
//! server would: a quoted string when RFC 3501 allows it, a literal otherwise.

/// Appends a decimal number.
pub(crate) fn push_num(out: &mut Vec<u8>, n: u64) {
    // Manual formatting: `write!` would be fine too, but this is called
    // millions of times and stays allocation- and fmt-free.
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    let mut n = n;
    loop {
        i -= 1;
        // n % 10 < 10, so the cast cannot truncate.
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[i..]);
}

/// Whether `bytes` can be sent as an RFC 3501 `quoted`.
///
/// `QUOTED-CHAR` is any 7-bit `TEXT-CHAR` (no NUL, CR or LF); 8-bit data
/// (raw UTF-8) therefore has to be sent as a literal.
fn quotable(bytes: &[u8]) -> bool {
    bytes.iter().all(|&b| b != 0 && b != b'\r' && b != b'\n' && b < 0x80)
}

/// Appends `bytes` as a quoted string, escaping `"` and `\`.
pub(crate) fn push_quoted(out: &mut Vec<u8>, bytes: &[u8]) {
    // A hard check: a bad corpus must never reach the benchmarks silently.
    assert!(quotable(bytes), "not quotable: {bytes:?}");
    out.push(b'"');
    for &b in bytes {
        if b == b'"' || b == b'\\' {
            out.push(b'\\');
        }
        out.push(b);
    }
    out.push(b'"');
}

/// Appends `bytes` as a synchronizing literal `{n}\r\n...`.
pub(crate) fn push_literal(out: &mut Vec<u8>, bytes: &[u8]) {
    out.push(b'{');
    push_num(out, bytes.len() as u64);
    out.extend_from_slice(b"}\r\n");
    out.extend_from_slice(bytes);
}

/// Appends an RFC 3501 `string`: quoted when possible, literal otherwise.
pub(crate) fn push_string(out: &mut Vec<u8>, bytes: &[u8]) {
    if quotable(bytes) {
        push_quoted(out, bytes);
    } else {
        push_literal(out, bytes);
    }
}

/// Appends an RFC 3501 `nstring`.
pub(crate) fn push_nstring(out: &mut Vec<u8>, bytes: Option<&[u8]>) {
    match bytes {
        Some(bytes) => push_string(out, bytes),
        None => out.extend_from_slice(b"NIL"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_pick_the_right_form() {
        let mut out = Vec::new();
        push_string(&mut out, br#"a "b" \c"#);
        out.push(b' ');
        push_string(&mut out, "Zoë".as_bytes());
        out.push(b' ');
        push_nstring(&mut out, None);
        out.push(b' ');
        push_num(&mut out, 0);
        out.push(b' ');
        push_num(&mut out, u64::MAX);
        assert_eq!(out, "\"a \\\"b\\\" \\\\c\" {4}\r\nZoë NIL 0 18446744073709551615".as_bytes());
    }
}
