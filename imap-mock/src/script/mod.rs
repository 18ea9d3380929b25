//! Scripts: what the mock server expects and what it answers, built in Rust
//! ([`ScriptBuilder`]) or read from the text format ([`crate::format`]).

mod builder;
mod frame;
mod text;

use std::time::Duration;

pub use builder::{ScriptBuilder, UnorderedBuilder};
pub use text::ScriptError;

pub(crate) use frame::{Message, announced_literal};

use crate::options::OutputMode;
use crate::pattern::{Pattern, Segment};

/// A conversation the mock server plays: a list of steps (send these bytes, expect a client
/// message matching this, wait, drop the connection, ...).
///
/// ```
/// use imap_mock::Script;
/// let script = Script::parse("S: * OK ready\nC: A1 NOOP\nS: A1 OK done\n")?;
/// assert_eq!(script.len(), 3);
/// # Ok::<(), imap_mock::ScriptError>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct Script {
    pub(crate) steps: Vec<Step>,
}

/// One step of a script, with the script line it came from (for builder scripts, the number
/// of the builder call).
#[derive(Debug, Clone)]
pub(crate) struct Step {
    pub(crate) line: usize,
    pub(crate) action: Action,
}

/// What a step does.
#[derive(Debug, Clone)]
pub(crate) enum Action {
    /// Read one client message and match it.
    Expect(Expect),
    /// Send one server message.
    Send(Output),
    /// Command/answer pairs the client may send in any order.
    Unordered(Vec<Exchange>),
    /// Wait before going on.
    Delay(Duration),
    /// Close the connection.
    Drop,
    /// Stop answering (the connection stays open until the client closes it).
    Hang,
    /// Run the TLS handshake (after answering STARTTLS).
    StartTls,
    /// Split the output from here on like this.
    Output(OutputMode),
}

/// A client message the script expects.
#[derive(Debug, Clone)]
pub(crate) struct Expect {
    /// The script line it came from.
    pub(crate) line: usize,
    /// Patterns for the message's lines.
    pub(crate) parts: Vec<Pattern>,
    /// The literals' bytes, matched exactly.
    pub(crate) literals: Vec<Vec<u8>>,
    /// For each literal: whether the script announces it as synchronizing (`{n}` or `{n$*}`).
    pub(crate) sync: Vec<bool>,
    /// The continuation text to send before each synchronizing literal (`None`: the default).
    pub(crate) continuations: Vec<Option<Vec<u8>>>,
    /// The last line announces a synchronizing literal the server refuses: the message ends
    /// there, and the script's next server line answers it instead of `+`.
    pub(crate) refuses_literal: bool,
}

/// A server message.
#[derive(Debug, Clone)]
pub(crate) enum Output {
    /// A response: lines (with `$name` and tag substitution) and literals (sent as they are).
    Message { line: usize, parts: Vec<Vec<u8>>, literals: Vec<Vec<u8>> },
    /// Bytes sent as they are, without a line end (tags and `$name` values are filled in).
    Raw { line: usize, bytes: Vec<u8> },
}

/// An unordered pair: one or more client messages and the answer to them.
#[derive(Debug, Clone)]
pub(crate) struct Exchange {
    pub(crate) expect: Vec<Expect>,
    pub(crate) replies: Vec<Output>,
}

/// The capture name under which a script's tag word is bound to the client's real tag (the
/// `:` keeps it apart from `$name` captures).
pub(crate) fn tag_capture(word: &[u8]) -> String {
    format!("tag:{}", String::from_utf8_lossy(word))
}

impl Expect {
    /// An expectation from a framed client message written at script `line`. A plain first word
    /// followed by more text (`A1 LOGIN ...`) stands for whatever tag the client uses.
    pub(crate) fn from_message(line: usize, message: Message, continuations: Vec<Option<Vec<u8>>>) -> Expect {
        let mut parts: Vec<Pattern> = message.parts.iter().map(|p| Pattern::parse(p)).collect();
        if let Some((word, rest)) = message.parts.first().and_then(|first| tag_word(first)) {
            let mut pattern = Pattern::parse(rest);
            pattern.segments.insert(0, Segment::Capture(tag_capture(word)));
            parts[0] = pattern;
        }
        let mut continuations = continuations;
        continuations.resize(message.literals.len(), None);
        Expect {
            line,
            parts,
            literals: message.literals,
            sync: message.sync,
            continuations,
            refuses_literal: message.refused,
        }
    }

    /// The script word standing for the client's tag, if this expectation has one.
    pub(crate) fn tag_word(&self) -> Option<&str> {
        match self.parts.first()?.segments.first()? {
            Segment::Capture(name) => name.strip_prefix("tag:"),
            _ => None,
        }
    }

    /// True when the message starts with a command tag (a tag word, or a `$name` capture
    /// followed by more), as opposed to `DONE` or a SASL response.
    pub(crate) fn is_tagged(&self) -> bool {
        let Some(first) = self.parts.first() else { return false };
        matches!(first.segments.first(), Some(Segment::Capture(_))) && first.segments.len() > 1
    }

    /// What the expectation looks like in the script, for error messages.
    pub(crate) fn render(&self) -> Vec<u8> {
        let mut out = Vec::new();
        for (i, part) in self.parts.iter().enumerate() {
            let rendered = part.render();
            // Show the tag word as written, not as its capture.
            out.extend(rendered.strip_prefix(b"$tag:").map(<[u8]>::to_vec).unwrap_or(rendered));
            if let Some(literal) = self.literals.get(i) {
                out.extend_from_slice(b"\r\n");
                out.extend_from_slice(literal);
            }
        }
        out
    }
}

/// Splits `A1 LOGIN ...` into the tag word and the rest (from the space on): the word is plain
/// (printable ASCII, no `$`, no `{`) and more text follows it.
fn tag_word(first: &[u8]) -> Option<(&[u8], &[u8])> {
    let space = first.iter().position(|&b| b == b' ')?;
    let (word, rest) = first.split_at(space);
    let plain = !word.is_empty() && word.iter().all(|&b| b.is_ascii_graphic() && b != b'$' && b != b'{');
    (plain && rest.len() > 1).then_some((word, rest))
}

impl Script {
    /// A script with no steps.
    pub fn new() -> Self {
        Script::default()
    }

    /// Starts building a script in Rust.
    pub fn builder() -> ScriptBuilder {
        ScriptBuilder::default()
    }

    /// Reads a script in the text format ([`crate::format`]).
    pub fn parse(text: &str) -> Result<Script, ScriptError> {
        text::parse(text.as_bytes())
    }

    /// Reads a script in the text format from bytes: literal contents and lines need not be
    /// UTF-8 (a captured conversation may carry Latin-1 mail).
    pub fn parse_bytes(text: &[u8]) -> Result<Script, ScriptError> {
        text::parse(text)
    }

    /// Reads a script file (see [`Script::parse_bytes`]); an unreadable file is reported as
    /// line 0.
    pub fn from_file(path: impl AsRef<std::path::Path>) -> Result<Script, ScriptError> {
        let path = path.as_ref();
        let text =
            std::fs::read(path).map_err(|e| ScriptError { line: 0, message: format!("{}: {e}", path.display()) })?;
        text::parse(&text)
    }

    /// The number of steps.
    pub fn len(&self) -> usize {
        self.steps.len()
    }

    /// True for a script without steps.
    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }

    /// This script followed by `other`'s steps (for a shared prologue such as a greeting and a
    /// login).
    pub fn then(mut self, other: Script) -> Script {
        self.steps.extend(other.steps);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tag_words() {
        assert_eq!(tag_word(b"A1 LOGIN x"), Some((&b"A1"[..], &b" LOGIN x"[..])));
        assert_eq!(tag_word(b"DONE"), None);
        assert_eq!(tag_word(b"A1 "), None, "a tag needs a command after it");
        assert_eq!(tag_word(b"$t NOOP"), None, "a capture is not a tag word");
        assert_eq!(tag_word(b"{5} x"), None);
    }
}
