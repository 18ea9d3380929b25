//! Scripts: what the mock server expects and what it answers, built in Rust or read from the
//! text format (see the crate docs).

mod builder;
mod frame;
mod text;

use std::time::Duration;

pub use builder::{ScriptBuilder, UnorderedBuilder};
pub use text::ScriptError;

pub(crate) use frame::{Message, announced_literal, split};

use crate::pattern::{Pattern, Segment};

/// A conversation the mock server plays.
#[derive(Debug, Clone, Default)]
pub struct Script {
    pub(crate) steps: Vec<Step>,
}

/// One step of a script.
#[derive(Debug, Clone)]
pub(crate) enum Step {
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
    /// The continuation text to send before each synchronizing literal (`None`: the default).
    pub(crate) continuations: Vec<Option<Vec<u8>>>,
}

/// A server message.
#[derive(Debug, Clone)]
pub(crate) enum Output {
    /// A response: lines (with `$name` and tag substitution) and literals (sent as they are).
    Message { line: usize, parts: Vec<Vec<u8>>, literals: Vec<Vec<u8>> },
    /// Bytes sent exactly, without a line end.
    Raw { line: usize, bytes: Vec<u8> },
}

/// An unordered pair: one or more client messages and the answer to them.
#[derive(Debug, Clone)]
pub(crate) struct Exchange {
    pub(crate) expect: Vec<Expect>,
    pub(crate) replies: Vec<Output>,
}

/// The capture name under which a script's tag word is bound to the client's real tag.
pub(crate) fn tag_capture(word: &str) -> String {
    format!("tag:{word}")
}

impl Expect {
    /// An expectation from a framed client message written at script `line`. A plain first word
    /// followed by more text (`A1 LOGIN ...`) stands for whatever tag the client uses.
    pub(crate) fn from_message(line: usize, message: Message, continuations: Vec<Option<Vec<u8>>>) -> Expect {
        let mut parts: Vec<Pattern> = message.parts.iter().map(|p| Pattern::parse(p)).collect();
        if let Some(first) = message.parts.first() {
            if let Some(space) = first.iter().position(|&b| b == b' ') {
                let word = &first[..space];
                let plain =
                    !word.is_empty() && word[0] != b'$' && word.iter().all(|&b| b.is_ascii_graphic() && b != b'$');
                if plain && first.len() > space + 1 {
                    let mut pattern = Pattern::parse(&first[space..]);
                    pattern.segments.insert(0, Segment::Capture(tag_capture(&String::from_utf8_lossy(word))));
                    parts[0] = pattern;
                }
            }
        }
        let mut continuations = continuations;
        continuations.resize(message.literals.len(), None);
        Expect { line, parts, literals: message.literals, continuations }
    }

    /// What the expectation looks like, for error messages.
    pub(crate) fn render(&self) -> Vec<u8> {
        let mut out = Vec::new();
        for (i, part) in self.parts.iter().enumerate() {
            let rendered = part.render();
            // Show the tag word as written, not as its capture.
            out.extend(rendered.strip_prefix(b"$tag:").map(|r| r.to_vec()).unwrap_or(rendered));
            if let Some(literal) = self.literals.get(i) {
                out.extend_from_slice(b"\r\n");
                out.extend_from_slice(literal);
            }
        }
        out
    }
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

    /// Reads a script in the text format.
    pub fn parse(text: &str) -> Result<Script, ScriptError> {
        text::parse(text)
    }

    /// Reads a script file.
    pub fn from_file(path: impl AsRef<std::path::Path>) -> Result<Script, ScriptError> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path)
            .map_err(|e| ScriptError { line: 0, message: format!("{}: {e}", path.display()) })?;
        text::parse(&text)
    }

    /// Number of steps.
    pub fn len(&self) -> usize {
        self.steps.len()
    }

    /// True for a script without steps.
    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }
}
