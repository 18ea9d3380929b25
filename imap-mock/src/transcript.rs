//! Transcripts: the conversation in the script format, with tags normalized (`A1`, `A2`, ...
//! in order of first appearance) and secrets redacted, so that it can be snapshot-tested.

use std::collections::HashMap;
use std::fmt;

use crate::escape::{escape_raw, printable};

/// A recorded conversation. `Display` gives one `C:` / `S:` / `R:` line per line on the wire.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Transcript {
    lines: Vec<String>,
    #[doc(hidden)]
    tags: HashMap<Vec<u8>, String>,
    sasl_tag: Option<Vec<u8>>,
}

impl Transcript {
    /// The lines.
    pub fn lines(&self) -> &[String] {
        &self.lines
    }

    /// The client's tag of an AUTHENTICATE exchange still in progress (its SASL lines are
    /// untagged; the server ends the exchange with a line carrying this tag).
    pub(crate) fn open_sasl_tag(&self) -> Option<&[u8]> {
        self.sasl_tag.as_deref()
    }

    fn normalize_tag(&mut self, tag: &[u8]) -> String {
        let next = self.tags.len() + 1;
        self.tags.entry(tag.to_vec()).or_insert_with(|| format!("A{next}")).clone()
    }

    /// Records a client message (`tagged`: its first word is a command tag).
    pub(crate) fn client(
        &mut self,
        parts: &[Vec<u8>],
        literals: &[Vec<u8>],
        continuations: &[Option<Vec<u8>>],
        tagged: bool,
    ) {
        if self.sasl_tag.is_some() && !tagged {
            // A SASL answer may carry a secret; the abort (`*`) and an empty answer do not, and
            // showing them is what a test of those paths needs.
            let line = parts.first().map(Vec::as_slice).unwrap_or_default();
            let shown = if matches!(line, b"*" | b"") { printable(line) } else { "<redacted>".into() };
            self.lines.push(format!("C: {shown}"));
            return;
        }
        let first = parts.first().map(Vec::as_slice).unwrap_or_default();
        let (tag, rest) = match first.iter().position(|&b| b == b' ') {
            Some(space) if tagged => (Some(&first[..space]), &first[space..]),
            _ => (None, first),
        };
        let prefix = tag.map(|t| self.normalize_tag(t)).unwrap_or_default();
        let command = rest.trim_ascii_start().split(|&b| b == b' ').next().unwrap_or_default().to_ascii_uppercase();
        if command == b"LOGIN" {
            // `tag LOGIN user password`: keep the user, hide the password (and any literal).
            let user = rest.trim_ascii_start().splitn(3, |&b| b == b' ').nth(1).unwrap_or_default();
            self.lines.push(format!("C: {prefix} LOGIN {} <redacted>", printable(user)));
            for continuation in continuations.iter().flatten() {
                self.lines.push(format!("S: {}", printable(continuation)));
            }
            return;
        }
        if command == b"AUTHENTICATE" {
            let words: Vec<&[u8]> = rest.trim_ascii_start().split(|&b| b == b' ').collect();
            let ir = if words.len() > 2 { " <redacted>" } else { "" };
            self.lines
                .push(format!("C: {prefix} AUTHENTICATE {}{ir}", printable(words.get(1).copied().unwrap_or_default())));
            self.sasl_tag = tag.map(<[u8]>::to_vec);
            return;
        }
        let mut first = prefix.into_bytes();
        first.extend_from_slice(rest);
        let mut parts = parts.to_vec();
        if let Some(part) = parts.first_mut() {
            *part = first;
        }
        self.push_lines("C: ", &parts, literals, continuations);
    }

    /// Adds a message as the script shows it: each line, the continuation the server sent
    /// after a line that announced a synchronizing literal, and the literal's lines (its last
    /// line shares a line with the rest of the command, as on the wire).
    fn push_lines(&mut self, marker: &str, parts: &[Vec<u8>], literals: &[Vec<u8>], continuations: &[Option<Vec<u8>>]) {
        let mut pending: Vec<u8> = Vec::new();
        for (i, part) in parts.iter().enumerate() {
            pending.extend_from_slice(part);
            self.lines.push(format!("{marker}{}", printable(&pending)));
            pending.clear();
            if let Some(Some(continuation)) = continuations.get(i) {
                self.lines.push(format!("S: {}", printable(continuation)));
            }
            if let Some(literal) = literals.get(i) {
                let pieces = split_lines(literal);
                let (last, whole) = pieces.split_last().map_or((&[][..], &[][..]), |(l, w)| (*l, w));
                for piece in whole {
                    self.lines.push(format!("{marker}{}", printable(piece)));
                }
                pending.extend_from_slice(last);
            }
        }
    }

    /// Records a server message (lines and the literals between them).
    pub(crate) fn server(&mut self, parts: &[Vec<u8>], literals: &[Vec<u8>]) {
        let mut parts = parts.to_vec();
        if let Some(first) = parts.first_mut() {
            *first = self.normalize_server_tag(first);
        }
        self.push_lines("S: ", &parts, literals, &[]);
    }

    /// A server line with the client's tag replaced by its normalized name.
    fn normalize_server_tag(&mut self, line: &[u8]) -> Vec<u8> {
        let (word, rest) = match line.iter().position(|&b| b == b' ') {
            Some(space) => (&line[..space], &line[space..]),
            None => (line, &b""[..]),
        };
        match self.tags.get(word).cloned() {
            Some(tag) => {
                if self.sasl_tag.as_deref() == Some(word) {
                    self.sasl_tag = None;
                }
                [tag.as_bytes(), rest].concat()
            }
            None => line.to_vec(),
        }
    }

    /// Records bytes sent as they are (a client tag at the start of a line is normalized, as
    /// in `S:` lines, so that snapshots do not depend on the client's tags).
    pub(crate) fn raw(&mut self, bytes: &[u8]) {
        let mut normalized = Vec::with_capacity(bytes.len());
        for line in bytes.split_inclusive(|&b| b == b'\n') {
            normalized.extend(self.normalize_server_tag(line));
        }
        self.lines.push(format!("R: {}", escape_raw(&normalized)));
    }

    /// Records a note (a directive the server carried out).
    pub(crate) fn note(&mut self, text: &str) {
        self.lines.push(format!("! {text}"));
    }
}

/// A literal's content as the lines a script shows it in (split at CRLF).
fn split_lines(literal: &[u8]) -> Vec<&[u8]> {
    let mut out = Vec::new();
    let mut rest = literal;
    while let Some(pos) = rest.windows(2).position(|w| w == b"\r\n") {
        out.push(&rest[..pos]);
        rest = &rest[pos + 2..];
    }
    out.push(rest);
    out
}

impl fmt::Display for Transcript {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for line in &self.lines {
            writeln!(f, "{line}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_normalized_and_secrets_redacted() {
        let mut t = Transcript::default();
        t.client(&[b"x7 LOGIN alice \"hunter2\"".to_vec()], &[], &[], true);
        t.server(&[b"x7 OK welcome".to_vec()], &[]);
        t.client(&[b"x8 AUTHENTICATE PLAIN AGFsaWNlAHB3".to_vec()], &[], &[], true);
        t.client(&[b"AGFsaWNlAHB3".to_vec()], &[], &[], false);
        t.client(&[b"".to_vec()], &[], &[], false);
        t.client(&[b"*".to_vec()], &[], &[], false);
        t.server(&[b"x8 NO nope".to_vec()], &[]);
        t.client(&[b"DONE".to_vec()], &[], &[], false);
        t.client(
            &[b"x9 APPEND INBOX {4}".to_vec(), b"".to_vec()],
            &[b"a\r\nb".to_vec()],
            &[Some(b"+ go".to_vec())],
            true,
        );
        let text = t.to_string();
        assert!(!text.contains("hunter2") && !text.contains("AGFsaWNl"), "{text}");
        assert_eq!(
            text,
            "C: A1 LOGIN alice <redacted>\nS: A1 OK welcome\nC: A2 AUTHENTICATE PLAIN <redacted>\nC: <redacted>\n\
             C: \nC: *\nS: A2 NO nope\nC: DONE\nC: A3 APPEND INBOX {4}\nS: + go\nC: a\nC: b\n"
        );
    }
}
