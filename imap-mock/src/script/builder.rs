//! Building scripts in Rust.

use std::time::Duration;

use super::frame::split;
use super::text::error;
use super::{Action, Exchange, Expect, Output, Script, ScriptError, Step};
use crate::options::OutputMode;

/// Builds a [`Script`] step by step. Each method takes the same text as the matching lines of
/// the text format ([`crate::format`]), several lines separated by `\n` or `\r\n`; errors are
/// reported by [`build`](ScriptBuilder::build), with the number of the builder call (1-based)
/// as the line.
///
/// ```
/// use std::time::Duration;
/// use imap_mock::Script;
///
/// let script = Script::builder()
///     .send("* OK [CAPABILITY IMAP4rev1 IDLE] ready")
///     .expect("A1 LOGIN alice $*")
///     .send("A1 OK logged in")
///     .expect("A2 APPEND INBOX {5}\nhello")
///     .continuation("+ go ahead")
///     .send("A2 OK [APPENDUID 1 $uid] done")
///     .expect("A3 IDLE")
///     .send("+ idling")
///     .delay(Duration::from_millis(10))
///     .send("* 4 EXISTS")
///     .expect("DONE")
///     .send("A3 OK\r\n* BYE shutting down")
///     .drop_connection()
///     .build()?;
/// assert_eq!(script.len(), 13);
/// # Ok::<(), imap_mock::ScriptError>(())
/// ```
#[derive(Debug, Default)]
pub struct ScriptBuilder {
    steps: Vec<Step>,
    calls: usize,
    error: Option<ScriptError>,
}

/// Builds the command/answer pairs of an unordered block (see [`ScriptBuilder::unordered`]).
#[derive(Debug)]
pub struct UnorderedBuilder {
    call: usize,
    exchanges: Vec<Exchange>,
    error: Option<ScriptError>,
}

/// Lines given as one string (separated by `\r\n` or `\n`) as a CRLF stream.
fn stream(text: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len() + 2);
    for line in text.split(|&b| b == b'\n') {
        out.extend_from_slice(line.strip_suffix(b"\r").unwrap_or(line));
        out.extend_from_slice(b"\r\n");
    }
    out
}

fn expects(text: &str, call: usize) -> Result<Vec<Expect>, ScriptError> {
    let messages = split(&stream(text.as_bytes()), true).map_err(|m| error(call, m))?;
    Ok(messages.into_iter().map(|(_, m)| Expect::from_message(call, m, Vec::new())).collect())
}

fn outputs(text: &[u8], call: usize) -> Result<Vec<Output>, ScriptError> {
    let messages = split(&stream(text), false).map_err(|m| error(call, m))?;
    Ok(messages
        .into_iter()
        .map(|(_, m)| Output::Message { line: call, parts: m.parts, literals: m.literals })
        .collect())
}

impl ScriptBuilder {
    /// Counts a call and adds its steps (or keeps its error, the first one wins).
    fn add(mut self, make: impl FnOnce(usize) -> Result<Vec<Action>, ScriptError>) -> Self {
        self.calls += 1;
        let call = self.calls;
        match make(call) {
            Ok(actions) => self.steps.extend(actions.into_iter().map(|action| Step { line: call, action })),
            Err(e) => {
                self.error.get_or_insert(e);
            }
        }
        self
    }

    /// Server output: one or more lines (and the literals they announce), sent with line ends.
    /// A first word that is a tag word of an earlier [`expect`](ScriptBuilder::expect) becomes
    /// the client's tag; `$name` is replaced by its captured value.
    pub fn send(self, text: &str) -> Self {
        self.send_bytes(text.as_bytes())
    }

    /// [`send`](ScriptBuilder::send) for text that is not UTF-8.
    pub fn send_bytes(self, text: &[u8]) -> Self {
        self.add(|call| Ok(outputs(text, call)?.into_iter().map(Action::Send).collect()))
    }

    /// Client messages to expect, in order; several messages before the next
    /// [`send`](ScriptBuilder::send) mean the client may pipeline them. Patterns: `$name`,
    /// `$*`, `$$`; a plain first word followed by more stands for the client's tag.
    pub fn expect(self, text: &str) -> Self {
        self.add(|call| Ok(expects(text, call)?.into_iter().map(Action::Expect).collect()))
    }

    /// The continuation the server sends before the next synchronizing literal of the last
    /// expected message that has none yet (instead of `+ Ready for literal data`).
    pub fn continuation(mut self, text: &str) -> Self {
        self.calls += 1;
        let slot = self.steps.iter_mut().rev().find_map(|step| match &mut step.action {
            Action::Expect(expect) => Some(expect),
            _ => None,
        });
        let free = slot.and_then(|expect| {
            expect
                .continuations
                .iter_mut()
                .zip(&expect.sync)
                .find(|(text, sync)| **sync && text.is_none())
                .map(|(t, _)| t)
        });
        match free {
            Some(free) => *free = Some(text.as_bytes().to_vec()),
            None => {
                let e = error(self.calls, "no synchronizing literal of the last expected message is left to continue");
                self.error.get_or_insert(e);
            }
        }
        self
    }

    /// Sends exactly these bytes (no line end is added; a tag word at a line start and `$name`
    /// values are still filled in).
    pub fn raw(self, bytes: &[u8]) -> Self {
        self.add(|call| Ok(vec![Action::Send(Output::Raw { line: call, bytes: bytes.to_vec() })]))
    }

    /// Waits before the next step.
    pub fn delay(self, duration: Duration) -> Self {
        self.add(|_| Ok(vec![Action::Delay(duration)]))
    }

    /// Closes the connection.
    pub fn drop_connection(self) -> Self {
        self.add(|_| Ok(vec![Action::Drop]))
    }

    /// Stops answering; the connection stays open until the client closes it.
    pub fn hang(self) -> Self {
        self.add(|_| Ok(vec![Action::Hang]))
    }

    /// Runs the TLS handshake (after the script has answered STARTTLS); needs
    /// [`MockOptions::tls`](crate::MockOptions::tls).
    pub fn starttls(self) -> Self {
        self.add(|_| Ok(vec![Action::StartTls]))
    }

    /// Splits the server's output like this from here on.
    pub fn output(self, mode: OutputMode) -> Self {
        self.add(|_| Ok(vec![Action::Output(mode)]))
    }

    /// Command/answer pairs that the client may send in any order.
    pub fn unordered(self, block: impl FnOnce(UnorderedBuilder) -> UnorderedBuilder) -> Self {
        self.add(|call| {
            let UnorderedBuilder { exchanges, error: failure, .. } =
                block(UnorderedBuilder { call, exchanges: Vec::new(), error: None });
            match failure {
                Some(e) => Err(e),
                None if exchanges.is_empty() => Err(error(call, "empty unordered block")),
                None => Ok(vec![Action::Unordered(exchanges)]),
            }
        })
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
    /// One pair: the client messages (as for [`ScriptBuilder::expect`]) and the server's answer
    /// (as for [`ScriptBuilder::send`]).
    pub fn exchange(mut self, expect: &str, reply: &str) -> Self {
        match (expects(expect, self.call), outputs(reply.as_bytes(), self.call)) {
            (Ok(expect), Ok(replies)) => self.exchanges.push(Exchange { expect, replies }),
            (Err(e), _) | (_, Err(e)) => {
                self.error.get_or_insert(e);
            }
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_name_the_builder_call() {
        let e = Script::builder().send("* OK").expect("A1 APPEND x {9}\nshort").build().unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.message.contains("only 7 follow"), "{e}");
        let e = Script::builder().send("* OK").expect("A1 NOOP").continuation("+ go").build().unwrap_err();
        assert_eq!(e.line, 3);
        let e = Script::builder().expect("A1 APPEND x {1+}\nx").continuation("+ go").build().unwrap_err();
        assert_eq!(e.line, 2, "LITERAL+ takes no continuation");
        let e = Script::builder().unordered(|u| u).build().unwrap_err();
        assert_eq!(e.line, 1);
        let e = Script::builder().send("* OK").unordered(|u| u.exchange("A1 X {5}\nab", "A1 OK")).build();
        assert_eq!(e.unwrap_err().line, 2);
    }

    #[test]
    fn steps_and_continuations() {
        let script = Script::builder()
            .expect("A1 LOGIN {5}\nalice {2}\npw")
            .continuation("+ user?")
            .continuation("+ password?")
            .send("A1 OK")
            .build()
            .unwrap();
        let Action::Expect(login) = &script.steps[0].action else { panic!("{script:?}") };
        assert_eq!(login.continuations, [Some(b"+ user?".to_vec()), Some(b"+ password?".to_vec())]);
        assert_eq!(script.steps[1].line, 4);
    }
}
