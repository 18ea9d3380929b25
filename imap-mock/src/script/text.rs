//! The plain-text script format (the grammar is in [`crate::format`] and SCRIPTS.md).

use std::time::Duration;

use super::frame::{Announce, announced, split};
use super::{Action, Exchange, Expect, Output, Script, Step};
use crate::escape::unescape;
use crate::options::OutputMode;

/// A script that could not be read, with the line to blame.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("script line {line}: {message}")]
pub struct ScriptError {
    /// The line number: 1-based in the text format, the builder call's number for scripts
    /// built in Rust, 0 for a file that cannot be read.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

pub(super) fn error(line: usize, message: impl Into<String>) -> ScriptError {
    ScriptError { line, message: message.into() }
}

/// Consecutive `C:` or `S:` lines waiting to be framed into messages.
struct Pending {
    client: bool,
    /// The lines joined with CRLF, as on the wire.
    bytes: Vec<u8>,
    /// Where each line starts in `bytes`, and its script line number.
    starts: Vec<(usize, usize)>,
    /// Continuation texts (`S: +...` lines right after a client line announcing `{n}`).
    continuations: Vec<(usize, Vec<u8>)>,
    /// The last line announced a literal a continuation may answer.
    awaits_continuation: bool,
}

impl Pending {
    /// The script line of the byte at `offset`.
    fn line_at(&self, offset: usize) -> usize {
        let index = self.starts.partition_point(|&(start, _)| start <= offset);
        self.starts[index.saturating_sub(1)].1
    }
}

/// Where finished steps go: the script, or the unordered block being read.
enum Target {
    Script,
    Unordered { line: usize, exchanges: Vec<Exchange> },
}

struct Parser {
    steps: Vec<Step>,
    target: Target,
    pending: Option<Pending>,
}

pub(super) fn parse(text: &[u8]) -> Result<Script, ScriptError> {
    let mut parser = Parser { steps: Vec::new(), target: Target::Script, pending: None };
    let text = text.strip_suffix(b"\n").unwrap_or(text);
    let lines = if text.is_empty() { Vec::new() } else { text.split(|&b| b == b'\n').collect() };
    for (index, raw) in lines.iter().enumerate() {
        let number = index + 1;
        let line = raw.strip_suffix(b"\r").unwrap_or(raw);
        if let Some(rest) = line.strip_prefix(b"C:") {
            parser.add_line(number, true, strip_one_space(rest))?;
        } else if let Some(rest) = line.strip_prefix(b"S:") {
            parser.add_line(number, false, strip_one_space(rest))?;
        } else if let Some(rest) = line.strip_prefix(b"R:") {
            parser.flush()?;
            let bytes = unescape(strip_one_space(rest)).map_err(|m| error(number, m))?;
            parser.push_outputs(number, vec![Output::Raw { line: number, bytes }])?;
        } else if let Some(directive) = line.strip_prefix(b"!") {
            parser.flush()?;
            let directive = std::str::from_utf8(directive).map_err(|_| error(number, "a directive must be UTF-8"))?;
            parser.directive(number, directive.trim())?;
        } else if line.trim_ascii().is_empty() || line.trim_ascii_start().starts_with(b"#") {
            // Comments and blank lines end nothing: an empty line of a literal is `C:` or `S:`.
        } else {
            return Err(error(
                number,
                format!("expected a line starting with C:, S:, R:, ! or #, got {:?}", String::from_utf8_lossy(line)),
            ));
        }
    }
    parser.flush()?;
    if let Target::Unordered { line, .. } = parser.target {
        return Err(error(line, "`! unordered` block without `! end`"));
    }
    Ok(Script { steps: parser.steps })
}

fn strip_one_space(s: &[u8]) -> &[u8] {
    s.strip_prefix(b" ").unwrap_or(s)
}

impl Parser {
    fn add_line(&mut self, number: usize, client: bool, content: &[u8]) -> Result<(), ScriptError> {
        // A server continuation inside a client message that waits for it.
        if let Some(pending) = self.pending.as_mut() {
            if pending.client && !client && pending.awaits_continuation && content.starts_with(b"+") {
                pending.continuations.push((pending.bytes.len(), content.to_vec()));
                pending.awaits_continuation = false;
                return Ok(());
            }
        }
        if self.pending.as_ref().is_some_and(|p| p.client != client) {
            self.flush()?;
        }
        let pending = self.pending.get_or_insert_with(|| Pending {
            client,
            bytes: Vec::new(),
            starts: Vec::new(),
            continuations: Vec::new(),
            awaits_continuation: false,
        });
        pending.starts.push((pending.bytes.len(), number));
        pending.bytes.extend_from_slice(content);
        pending.bytes.extend_from_slice(b"\r\n");
        pending.awaits_continuation =
            client && announced(content, true).is_some_and(|(_, kind)| kind != Announce::NonSync);
        Ok(())
    }

    fn flush(&mut self) -> Result<(), ScriptError> {
        let Some(pending) = self.pending.take() else { return Ok(()) };
        let first_line = pending.starts.first().map_or(0, |s| s.1);
        let messages = split(&pending.bytes, pending.client).map_err(|m| error(first_line, m))?;
        if pending.client {
            let mut expects = Vec::new();
            for (start, message) in &messages {
                // A continuation recorded at offset `o` answers the literal announced by the
                // line that ends just before `o`, i.e. the literal whose data starts there.
                let mut literal_starts = Vec::new();
                let mut offset = *start;
                for (part, literal) in message.parts.iter().zip(&message.literals) {
                    offset += part.len() + 2;
                    literal_starts.push(offset);
                    offset += literal.len();
                }
                let texts = literal_starts
                    .iter()
                    .zip(&message.sync)
                    .map(|(at, sync)| {
                        let found = pending.continuations.iter().find(|(o, _)| o == at);
                        if *sync { found.map(|(_, text)| text.clone()) } else { None }
                    })
                    .collect();
                expects.push(Expect::from_message(pending.line_at(*start), message.clone(), texts));
            }
            self.push_expects(first_line, expects)
        } else {
            let outputs = messages
                .into_iter()
                .map(|(start, m)| Output::Message {
                    line: pending.line_at(start),
                    parts: m.parts,
                    literals: m.literals,
                })
                .collect();
            self.push_outputs(first_line, outputs)
        }
    }

    fn push_expects(&mut self, line: usize, expects: Vec<Expect>) -> Result<(), ScriptError> {
        match &mut self.target {
            Target::Script => {
                self.steps.extend(expects.into_iter().map(|e| Step { line: e.line, action: Action::Expect(e) }))
            }
            Target::Unordered { exchanges, .. } => {
                if expects.is_empty() {
                    return Err(error(line, "empty client message"));
                }
                exchanges.push(Exchange { expect: expects, replies: Vec::new() });
            }
        }
        Ok(())
    }

    fn push_outputs(&mut self, line: usize, outputs: Vec<Output>) -> Result<(), ScriptError> {
        match &mut self.target {
            Target::Script => {
                self.steps.extend(outputs.into_iter().map(|o| Step { line: o.line(), action: Action::Send(o) }))
            }
            Target::Unordered { exchanges, .. } => match exchanges.last_mut() {
                Some(exchange) => exchange.replies.extend(outputs),
                None => return Err(error(line, "an unordered block must start with a client line")),
            },
        }
        Ok(())
    }

    fn directive(&mut self, number: usize, directive: &str) -> Result<(), ScriptError> {
        let (name, argument) = directive.split_once(char::is_whitespace).unwrap_or((directive, ""));
        let argument = argument.trim();
        let action = match name {
            "unordered" => {
                if matches!(self.target, Target::Unordered { .. }) {
                    return Err(error(number, "unordered blocks do not nest"));
                }
                self.target = Target::Unordered { line: number, exchanges: Vec::new() };
                return Ok(());
            }
            "end" => match std::mem::replace(&mut self.target, Target::Script) {
                Target::Unordered { exchanges, line } => {
                    if exchanges.is_empty() {
                        return Err(error(line, "empty `! unordered` block"));
                    }
                    self.steps.push(Step { line, action: Action::Unordered(exchanges) });
                    return Ok(());
                }
                Target::Script => return Err(error(number, "`! end` without `! unordered`")),
            },
            "delay" => Action::Delay(parse_duration(argument).map_err(|m| error(number, m))?),
            "drop" => Action::Drop,
            "hang" => Action::Hang,
            "starttls" => Action::StartTls,
            "output" => Action::Output(parse_output(argument).map_err(|m| error(number, m))?),
            other => {
                return Err(error(
                    number,
                    format!(
                        "unknown directive `! {other}` (known: unordered, end, delay, drop, hang, starttls, output)"
                    ),
                ));
            }
        };
        if !matches!(action, Action::Delay(_) | Action::Output(_)) && !argument.is_empty() {
            return Err(error(number, format!("`! {name}` takes no argument")));
        }
        if matches!(self.target, Target::Unordered { .. }) {
            return Err(error(number, format!("`! {name}` is not allowed inside an unordered block")));
        }
        self.steps.push(Step { line: number, action });
        Ok(())
    }
}

impl Output {
    /// The script line the output came from.
    pub(crate) fn line(&self) -> usize {
        match self {
            Output::Message { line, .. } | Output::Raw { line, .. } => *line,
        }
    }
}

/// `50ms`, `2s`, `1.5s` (at most an hour).
pub(super) fn parse_duration(text: &str) -> Result<Duration, String> {
    let split = text.find(|c: char| c.is_ascii_alphabetic()).unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let value: f64 = number.trim().parse().map_err(|_| format!("not a duration: {text:?} (write 50ms or 2s)"))?;
    let seconds = match unit {
        "ms" => value / 1000.0,
        "s" => value,
        _ => return Err(format!("a duration needs a unit, ms or s: {text:?}")),
    };
    if !(0.0..=3600.0).contains(&seconds) {
        return Err(format!("duration out of range (0 to 3600s): {text:?}"));
    }
    Ok(Duration::from_secs_f64(seconds))
}

/// `whole`, `byte-at-a-time`, `chunked SEED MAX`.
fn parse_output(text: &str) -> Result<OutputMode, String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    match words.as_slice() {
        ["whole"] => Ok(OutputMode::Whole),
        ["byte-at-a-time"] => Ok(OutputMode::ByteAtATime),
        ["chunked", seed, max] => {
            let seed = seed.parse().map_err(|_| format!("not a seed: {seed:?}"))?;
            let max = max.parse().ok().filter(|&m| m > 0).ok_or_else(|| format!("not a chunk size: {max:?}"))?;
            Ok(OutputMode::Chunked { seed, max })
        }
        _ => Err(format!("`! output` takes whole, byte-at-a-time or chunked SEED MAX, not {text:?}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expect(step: &Step) -> &Expect {
        match &step.action {
            Action::Expect(expect) => expect,
            other => panic!("not an expectation: {other:?}"),
        }
    }

    #[test]
    fn directions_literals_and_continuations() {
        let script = parse(
            b"# greeting\nS: * OK ready\nC: A1 LOGIN {5}\nS: + go on\nC: alice \"pw\"\nS: A1 OK done\nC: A2 NOOP\nC: A3 NOOP\nS: A2 OK\nS: A3 OK\n",
        )
        .unwrap();
        assert_eq!(script.steps.len(), 7);
        let login = expect(&script.steps[1]);
        assert_eq!(login.line, 3);
        assert_eq!(login.literals, [b"alice".to_vec()]);
        assert_eq!(login.continuations, [Some(b"+ go on".to_vec())]);
        assert_eq!(expect(&script.steps[3]).line, 7);
        assert_eq!(expect(&script.steps[4]).line, 8);
        assert_eq!(script.steps[6].line, 10);
    }

    #[test]
    fn line_numbers_count_literal_lines_and_comments() {
        let script = parse(b"S: * OK\n\nC: A1 APPEND x {4}\nC: a\nC: b\n# note\nC: A2 NOOP\nS: * 1 FETCH (BODY[] {1}\nS: x)\nS: A1 OK\n").unwrap();
        let lines: Vec<usize> = script.steps.iter().map(|s| s.line).collect();
        assert_eq!(lines, [1, 3, 7, 8, 10]);
    }

    #[test]
    fn continuation_only_after_a_synchronizing_announcement() {
        // After `{3+}` the `S: +` line is a server line of its own (a new step).
        let script = parse(b"C: A1 APPEND x {3+}\nC: abc\nS: + odd\n").unwrap();
        assert_eq!(script.steps.len(), 2);
        let script = parse(b"C: A1 APPEND x {3$*}\nS: + either\nC: abc\n").unwrap();
        assert_eq!(expect(&script.steps[0]).continuations, [Some(b"+ either".to_vec())]);
    }

    #[test]
    fn directives_and_raw_lines() {
        let script = parse(b"S: * OK\n! unordered\nC: A1 NOOP\nS: A1 OK\nC: A2 NOOP\nS: A2 OK\n! end\n! delay 20ms\nR: * 1 FET\\r\\n\n! output chunked 3 4\n! drop\n").unwrap();
        assert!(matches!(&script.steps[1].action, Action::Unordered(x) if x.len() == 2));
        assert_eq!(script.steps[1].line, 2);
        assert!(matches!(script.steps[2].action, Action::Delay(d) if d == Duration::from_millis(20)));
        assert!(matches!(&script.steps[3].action, Action::Send(Output::Raw { bytes, .. }) if bytes == b"* 1 FET\r\n"));
        assert!(matches!(script.steps[4].action, Action::Output(OutputMode::Chunked { seed: 3, max: 4 })));
        assert!(matches!(script.steps[5].action, Action::Drop));
    }

    #[test]
    fn errors_name_the_line() {
        let cases: [(&[u8], usize, &str); 12] = [
            (b"S: * OK\nX: what\n", 2, "expected a line starting with"),
            (b"! explode\n", 1, "unknown directive"),
            (b"S: * OK\nC: A1 APPEND x {10}\nC: short\n", 2, "only 7 follow"),
            (b"! unordered\nC: A1 NOOP\n", 1, "without `! end`"),
            (b"! end\n", 1, "without `! unordered`"),
            (b"! unordered\nS: * OK\n! end\n", 2, "must start with a client line"),
            (b"! unordered\n! unordered\n", 2, "do not nest"),
            (b"! unordered\nC: A1 X\n! drop\n! end", 3, "not allowed inside"),
            (b"\nR: \\q\n", 2, "unknown escape"),
            (b"! delay soon\n", 1, "not a duration"),
            (b"! output chunked 1 0\n", 1, "not a chunk size"),
            (b"! drop now\n", 1, "takes no argument"),
        ];
        for (text, line, message) in cases {
            let e = parse(text).unwrap_err();
            assert_eq!(e.line, line, "{e}");
            assert!(e.message.contains(message), "{e}");
        }
    }

    #[test]
    fn bytes_that_are_not_utf8_and_crlf_script_files() {
        let script = parse(b"S: * 1 FETCH (BODY[] {4}\r\nS: caf\xe9)\r\n").unwrap();
        assert!(
            matches!(&script.steps[0].action, Action::Send(Output::Message { literals, .. }) if literals[0] == b"caf\xe9")
        );
        assert!(parse(b"").unwrap().steps.is_empty());
    }
}
