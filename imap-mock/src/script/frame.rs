//! Cutting a byte stream into messages: lines, and the literals that lines announce (`{n}`,
//! `{n+}`, `~{n}`), the same rule IMAP uses on the wire.

/// One message: its lines and, between them, the literals they announce.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Message {
    /// The line parts, without line ends. There is one more part than there are literals.
    pub(crate) parts: Vec<Vec<u8>>,
    /// The literals' bytes.
    pub(crate) literals: Vec<Vec<u8>>,
    /// For each literal: true when synchronizing (`{n}`), false for `{n+}`.
    pub(crate) sync: Vec<bool>,
}

/// The literal a line announces at its end: (size, synchronizing).
pub(crate) fn announced_literal(line: &[u8]) -> Option<(usize, bool)> {
    let body = line.strip_suffix(b"}")?;
    let (body, sync) = match body.strip_suffix(b"+") {
        Some(body) => (body, false),
        None => (body, true),
    };
    let open = body.iter().rposition(|&b| b == b'{')?;
    let digits = &body[open + 1..];
    if digits.is_empty() || digits.len() > 12 || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    std::str::from_utf8(digits).ok()?.parse().ok().map(|n| (n, sync))
}

/// Splits a stream (lines joined by CRLF) into messages. Fails with a reason when a literal runs
/// past the end of the stream.
pub(crate) fn split(stream: &[u8]) -> Result<Vec<Message>, String> {
    let mut messages = Vec::new();
    let mut rest = stream;
    while !rest.is_empty() {
        let mut message = Message::default();
        loop {
            let end = rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len());
            let line = &rest[..end];
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            rest = rest.get(end + 1..).unwrap_or_default();
            message.parts.push(line.to_vec());
            match announced_literal(line) {
                Some((size, sync)) => {
                    if rest.len() < size {
                        return Err(format!("a literal of {size} bytes is announced but only {} follow", rest.len()));
                    }
                    message.literals.push(rest[..size].to_vec());
                    message.sync.push(sync);
                    rest = &rest[size..];
                }
                None => break,
            }
        }
        messages.push(message);
    }
    Ok(messages)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_literals() {
        let messages = split(b"A1 LOGIN {5}\r\nalice {3+}\r\npw!\r\nA2 NOOP\r\n").unwrap();
        assert_eq!(messages.len(), 2);
        assert_eq!(messages[0].parts, [b"A1 LOGIN {5}".to_vec(), b" {3+}".to_vec(), b"".to_vec()]);
        assert_eq!(messages[0].literals, [b"alice".to_vec(), b"pw!".to_vec()]);
        assert_eq!(messages[0].sync, [true, false]);
        assert_eq!(messages[1].parts, [b"A2 NOOP".to_vec()]);
        assert!(split(b"A1 X {10}\r\nshort\r\n").is_err());
        assert_eq!(announced_literal(b"* OK {}"), None);
    }
}
