//! Cutting a byte stream into messages: lines, and the literals that lines announce (`{n}`,
//! `{n+}`, `~{n}`), the rule IMAP uses on the wire. Script client lines may also announce
//! `{n$*}`: a literal the client may send either way.

/// One message: its lines and, between them, the literals they announce.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Message {
    /// The line parts, without line ends. There is one more part than there are literals.
    pub(crate) parts: Vec<Vec<u8>>,
    /// The literals' bytes.
    pub(crate) literals: Vec<Vec<u8>>,
    /// For each literal: true when the client waits for a continuation (`{n}`; and `{n$*}` in
    /// scripts, which may have one), false for `{n+}`.
    pub(crate) sync: Vec<bool>,
    /// A script client message whose last line announces a synchronizing literal that no
    /// data follows: the server refuses it (answers with the next `S:` line, no `+`).
    pub(crate) refused: bool,
}

/// What a line announces at its end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Announce {
    /// `{n}`: the sender waits for a continuation.
    Sync,
    /// `{n+}`: LITERAL+ / LITERAL-, no continuation.
    NonSync,
    /// `{n$*}` in a script client line: either of the above.
    Either,
}

/// The literal a line announces at its end, as on the wire: (size, synchronizing).
pub(crate) fn announced_literal(line: &[u8]) -> Option<(usize, bool)> {
    match announced(line, false)? {
        (size, Announce::Sync) => Some((size, true)),
        (size, _) => Some((size, false)),
    }
}

/// The literal a script line announces (`in_pattern`: a client line, where `{n$*}` counts).
pub(crate) fn announced(line: &[u8], in_pattern: bool) -> Option<(usize, Announce)> {
    let body = line.strip_suffix(b"}")?;
    let (body, kind) = if let Some(body) = body.strip_suffix(b"+") {
        (body, Announce::NonSync)
    } else if let Some(body) = body.strip_suffix(b"$*").filter(|_| in_pattern) {
        (body, Announce::Either)
    } else {
        (body, Announce::Sync)
    };
    let open = body.iter().rposition(|&b| b == b'{')?;
    let digits = &body[open + 1..];
    // Up to 12 digits: more than any test needs, and no overflow.
    if digits.is_empty() || digits.len() > 12 || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    std::str::from_utf8(digits).ok()?.parse().ok().map(|n| (n, kind))
}

/// Splits a script stream (lines joined by CRLF) into messages, each with the offset where it
/// starts. Fails with a reason when a literal runs past the end of the stream.
pub(crate) fn split(stream: &[u8], in_pattern: bool) -> Result<Vec<(usize, Message)>, String> {
    let mut messages = Vec::new();
    let mut rest = stream;
    while !rest.is_empty() {
        let start = stream.len() - rest.len();
        let mut message = Message::default();
        loop {
            let end = rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len());
            let line = &rest[..end];
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            rest = rest.get(end + 1..).unwrap_or_default();
            message.parts.push(line.to_vec());
            match announced(line, in_pattern) {
                Some((_, kind)) if rest.is_empty() && in_pattern && kind != Announce::NonSync => {
                    message.refused = true;
                    break;
                }
                Some((size, kind)) => {
                    if rest.len() < size {
                        return Err(format!(
                            "a literal of {size} bytes is announced but only {} follow (the literal's lines are \
                             joined with CRLF; to send a cut-off message, use an `R:` line)",
                            rest.len()
                        ));
                    }
                    message.literals.push(rest[..size].to_vec());
                    message.sync.push(kind != Announce::NonSync);
                    rest = &rest[size..];
                }
                None => break,
            }
        }
        messages.push((start, message));
    }
    Ok(messages)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_literals() {
        let messages = split(b"A1 LOGIN {5}\r\nalice {3+}\r\npw!\r\nA2 NOOP\r\n", false).unwrap();
        assert_eq!(messages.len(), 2);
        let (start, first) = &messages[0];
        assert_eq!(*start, 0);
        assert_eq!(first.parts, [b"A1 LOGIN {5}".to_vec(), b" {3+}".to_vec(), b"".to_vec()]);
        assert_eq!(first.literals, [b"alice".to_vec(), b"pw!".to_vec()]);
        assert_eq!(first.sync, [true, false]);
        assert_eq!(messages[1], (31, Message { parts: vec![b"A2 NOOP".to_vec()], ..Message::default() }));
        assert!(split(b"A1 X {10}\r\nshort\r\n", false).unwrap_err().contains("only 7 follow"));
    }

    #[test]
    fn announcements() {
        assert_eq!(announced_literal(b"* OK {}"), None);
        assert_eq!(announced_literal(b"A1 APPEND x {12345678901234}"), None, "too many digits");
        assert_eq!(announced_literal(b"A1 APPEND x ~{3}"), Some((3, true)));
        assert_eq!(announced_literal(b"A1 APPEND x {3+}"), Some((3, false)));
        assert_eq!(announced_literal(b"A1 APPEND x {3$*}"), None, "patterns are for scripts");
        assert_eq!(announced(b"A1 APPEND x {3$*}", true), Some((3, Announce::Either)));
        let either = split(b"A1 APPEND x {2$*}\r\nab\r\n", true).unwrap();
        assert_eq!(either[0].1.literals, [b"ab".to_vec()]);
    }
}
