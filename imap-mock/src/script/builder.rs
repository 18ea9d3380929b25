//! Building scripts in Rust.

use std::time::Duration;

use super::{Exchange, Expect, Output, Script, ScriptError, Step, split};

/// Builds a [`Script`] step by step.
///
/// ```
/// use imap_mock::Script;
/// let script = Script::builder()
///     .send("* OK [CAPABILITY IMAP4rev1] ready")
///     .expect("A1 LOGIN alice $*")
///     .send("A1 OK [CAPABILITY IMAP4rev1 IDLE] logged in")
///     .expect("A2 LOGOUT")
///     .send("* BYE see you\r\nA2 OK bye")
///     .build()
///     .unwrap();
/// assert_eq!(script.len(), 6);
/// ```
#[derive(Debug, Default)]
pub struct ScriptBuilder {
    steps: Vec<Step>,
    error: Option<ScriptError>,
}

/// Builds the command/answer pairs of an unordered block.
#[derive(Debug, Default)]
pub struct UnorderedBuilder {
    exchanges: Vec<Exchange>,
    error: Option<ScriptError>,
}

/// Lines given as one string (separated by `\r\n` or `\n`) as a CRLF stream.
fn stream(text: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len() + 2);
    for line in text.split('\n') {
        out.extend_from_slice(line.strip_suffix('\r').unwrap_or(line).as_bytes());
        out.extend_from_slice(b"\r\n");
    }
    out
}

fn expects(text: &str, step: usize) -> Result<Vec<Expect>, ScriptError> {
    let messages = split(&stream(text)).map_err(|message| ScriptError { line: step, message })?;
    Ok(messages.into_iter().map(|m| Expect::from_message(step, m, Vec::new())).collect())
}

fn outputs(text: &str, step: usize) -> Result<Vec<Output>, ScriptError> {
    let messages = split(&stream(text)).map_err(|message| ScriptError { line: step, message })?;
    Ok(messages.into_iter().map(|m| Output::Message { line: step, parts: m.parts, literals: m.literals }).collect())
}

impl ScriptBuilder {
    fn add(mut self, result: Result<Vec<Step>, ScriptError>) -> Self {
        match result {
            Ok(steps) => self.steps.extend(steps),
            Err(e) => {
                self.error.get_or_insert(e);
            }
        }
        self
    }

    fn step_number(&self) -> usize {
        self.steps.len() + 1
    }

    /// Server output: one or more lines (and the literals they announce).
    pub fn send(self, text: &str) -> Self {
        let step = self.step_number();
        self.add(outputs(text, step).map(|o| o.into_iter().map(Step::Send).collect()))
    }

    /// Client messages to expect, in order; several messages before the next [`send`] mean the
    /// client may pipeline them. Patterns: `$name`, `$*`, `$$`.
    ///
    /// [`send`]: ScriptBuilder::send
    pub fn expect(self, text: &str) -> Self {
        let step = self.step_number();
        self.add(expects(text, step).map(|e| e.into_iter().map(Step::Expect).collect()))
    }

    /// Sends exactly these bytes (no line end is added).
    pub fn raw(self, bytes: &[u8]) -> Self {
        let step = self.step_number();
        self.add(Ok(vec![Step::Send(Output::Raw { line: step, bytes: bytes.to_vec() })]))
    }

    /// Waits before the next step.
    pub fn delay(self, duration: Duration) -> Self {
        self.add(Ok(vec![Step::Delay(duration)]))
    }

    /// Closes the connection.
    pub fn drop_connection(self) -> Self {
        self.add(Ok(vec![Step::Drop]))
    }

    /// Stops answering; the connection stays open.
    pub fn hang(self) -> Self {
        self.add(Ok(vec![Step::Hang]))
    }

    /// Runs the TLS handshake (after the script has answered STARTTLS); needs
    /// [`MockOptions::tls`](crate::MockOptions::tls).
    pub fn starttls(self) -> Self {
        self.add(Ok(vec![Step::StartTls]))
    }

    /// Command/answer pairs that the client may send in any order.
    pub fn unordered(self, block: impl FnOnce(UnorderedBuilder) -> UnorderedBuilder) -> Self {
        let UnorderedBuilder { exchanges, error } = block(UnorderedBuilder::default());
        match error {
            Some(e) => self.add(Err(e)),
            None => self.add(Ok(vec![Step::Unordered(exchanges)])),
        }
    }

    /// The script, or the first error in it.
    pub fn build(self) -> Result<Script, ScriptError> {
        match self.error {
            Some(e) => Err(e),
            None => Ok(Script { steps: self.steps }),
        }
    }
}

impl UnorderedBuilder {
    /// One pair: the client messages and the server's answer.
    pub fn exchange(mut self, expect: &str, reply: &str) -> Self {
        let step = self.exchanges.len() + 1;
        match (expects(expect, step), outputs(reply, step)) {
            (Ok(expect), Ok(replies)) => self.exchanges.push(Exchange { expect, replies }),
            (Err(e), _) | (_, Err(e)) => {
                self.error.get_or_insert(e);
            }
        }
        self
    }
}
