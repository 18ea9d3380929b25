//! Recognising the literal announcement (`{n}`, `{n+}`, `~{n}`) that ends a line.

/// If `line` (without its line end) ends with a literal announcement, the announced size.
/// `Err(())` when it announces a size that does not fit in 64 bits.
pub(crate) fn literal_size(line: &[u8]) -> Option<Result<u64, ()>> {
    let body = line.strip_suffix(b"}")?;
    let body = body.strip_suffix(b"+").unwrap_or(body);
    let digits_start = body.iter().rposition(|b| !b.is_ascii_digit()).map_or(0, |p| p + 1);
    let digits = &body[digits_start..];
    if digits.is_empty() || body[..digits_start].last() != Some(&b'{') {
        return None;
    }
    // u64::MAX has 20 digits; longer sizes (leading zeros included) are refused, so that the
    // announcement of a line being skipped is recognised from its last bytes alone.
    if digits.len() > 20 {
        return Some(Err(()));
    }
    let mut n: u64 = 0;
    for &d in digits {
        match n.checked_mul(10).and_then(|n| n.checked_add(u64::from(d - b'0'))) {
            Some(v) => n = v,
            None => return Some(Err(())),
        }
    }
    Some(Ok(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_announcements() {
        assert_eq!(literal_size(b"* 1 FETCH (BODY[] {42}"), Some(Ok(42)));
        assert_eq!(literal_size(b"a APPEND x {5+}"), Some(Ok(5)));
        assert_eq!(literal_size(b"* 1 FETCH (BINARY[1] ~{0}"), Some(Ok(0)));
        assert_eq!(literal_size(b"{99999999999999999999999}"), Some(Err(())));
        assert_eq!(literal_size(b"{000000000000000000005}"), Some(Err(())), "21 digits");
        assert_eq!(literal_size(b"* OK done"), None);
        assert_eq!(literal_size(b"* OK {}"), None);
        assert_eq!(literal_size(b"* OK 12}"), None);
        assert_eq!(literal_size(b"}"), None);
    }
}
