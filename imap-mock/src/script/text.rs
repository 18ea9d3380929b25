//! The plain-text script format (documented in the crate docs and SCRIPTS.md).

use std::time::Duration;

use super::{Exchange, Expect, Message, Output, Script, Step, split};

/// A script that could not be read, with the line to blame (1-based; 0 for the whole file).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("script line {line}: {message}")]
pub struct ScriptError {
    /// The line number.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

fn error(line: usize, message: impl Into<String>) -> ScriptError {
    ScriptError { line, message: message.into() }
}

/// Lines of one direction waiting to be framed into messages.
#[derive(Default)]
struct Pending {
    client: bool,
    first_line: usize,
    bytes: Vec<u8>,
    /// Continuation texts (`S: +...` lines inside a client message), in order.
    continuations: Vec<Vec<u8>>,
    last_announces_sync: bool,
}

/// Where finished steps go: the script, or the unordered block being read.
enum Target {
    Script,
    Unordered(Vec<Exchange>),
}

struct Parser {
    steps: Vec<Step>,
    target: Target,
    pending: Option<Pending>,
}

pub(super) fn parse(text: &str) -> Result<Script, ScriptError> {
    let mut parser = Parser { steps: Vec::new(), target: Target::Script, pending: None };
    for (index, raw) in text.lines().enumerate() {
        let number = index + 1;
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if let Some(rest) = line.strip_prefix("C:") {
            parser.add_line(number, true, strip_one_space(rest).as_bytes())?;
        } else if let Some(rest) = line.strip_prefix("S:") {
            parser.add_line(number, false, strip_one_space(rest).as_bytes())?;
        } else if let Some(rest) = line.strip_prefix("R:") {
            parser.flush()?;
            let bytes = unescape(strip_one_space(rest)).map_err(|m| error(number, m))?;
            parser.push_outputs(vec![Output::Raw { line: number, bytes }])?;
        } else if let Some(directive) = line.strip_prefix('!') {
            parser.flush()?;
            parser.directive(number, directive.trim())?;
        } else if line.trim().is_empty() || line.trim_start().starts_with('#') {
            // Blank lines and comments end nothing: a literal's content may contain blank lines
            // only as C:/S: lines, which are not blank here.
        } else {
            return Err(error(number, format!("expected a line starting with C:, S:, R:, ! or #, got {line:?}")));
        }
    }
    parser.flush()?;
    if let Target::Unordered(_) = parser.target {
        return Err(error(text.lines().count(), "`! unordered` block without `! end`"));
    }
    Ok(Script { steps: parser.steps })
}

fn strip_one_space(s: &str) -> &str {
    s.strip_prefix(' ').unwrap_or(s)
}

impl Parser {
    fn add_line(&mut self, number: usize, client: bool, content: &[u8]) -> Result<(), ScriptError> {
        // A server continuation inside a client message that waits for it.
        if let Some(pending) = self.pending.as_mut() {
            if pending.client && !client && pending.last_announces_sync && content.starts_with(b"+") {
                pending.continuations.push(content.to_vec());
                pending.last_announces_sync = false;
                return Ok(());
            }
        }
        if self.pending.as_ref().is_some_and(|p| p.client != client) {
            self.flush()?;
        }
        let pending = self.pending.get_or_insert_with(|| Pending { client, first_line: number, ..Pending::default() });
        pending.bytes.extend_from_slice(content);
        pending.bytes.extend_from_slice(b"\r\n");
        pending.last_announces_sync = super::announced_literal(content).is_some_and(|(_, sync)| sync);
        Ok(())
    }

    fn flush(&mut self) -> Result<(), ScriptError> {
        let Some(pending) = self.pending.take() else { return Ok(()) };
        let messages = split(&pending.bytes).map_err(|m| error(pending.first_line, m))?;
        if pending.client {
            let mut continuations = pending.continuations.into_iter();
            let mut expects = Vec::new();
            let mut line = pending.first_line;
            for message in messages {
                let wanted = message.sync.iter().filter(|s| **s).count();
                let texts: Vec<Option<Vec<u8>>> =
                    message.sync.iter().map(|sync| if *sync { continuations.next() } else { None }).collect();
                debug_assert!(texts.iter().flatten().count() <= wanted);
                let lines_used = message_lines(&message);
                expects.push(Expect::from_message(line, message, texts));
                line += lines_used;
            }
            self.push_expects(expects)
        } else {
            let mut line = pending.first_line;
            let outputs = messages
                .into_iter()
                .map(|m| {
                    let out = Output::Message { line, parts: m.parts.clone(), literals: m.literals.clone() };
                    line += message_lines(&m);
                    out
                })
                .collect();
            self.push_outputs(outputs)
        }
    }

    fn push_expects(&mut self, expects: Vec<Expect>) -> Result<(), ScriptError> {
        match &mut self.target {
            Target::Script => self.steps.extend(expects.into_iter().map(Step::Expect)),
            Target::Unordered(exchanges) => exchanges.push(Exchange { expect: expects, replies: Vec::new() }),
        }
        Ok(())
    }

    fn push_outputs(&mut self, outputs: Vec<Output>) -> Result<(), ScriptError> {
        match &mut self.target {
            Target::Script => self.steps.extend(outputs.into_iter().map(Step::Send)),
            Target::Unordered(exchanges) => match exchanges.last_mut() {
                Some(exchange) => exchange.replies.extend(outputs),
                None => {
                    let line = match outputs.first() {
                        Some(Output::Message { line, .. } | Output::Raw { line, .. }) => *line,
                        None => 0,
                    };
                    return Err(error(line, "an unordered block must start with a client line"));
                }
            },
        }
        Ok(())
    }

    fn directive(&mut self, number: usize, directive: &str) -> Result<(), ScriptError> {
        let (name, argument) = directive.split_once(char::is_whitespace).unwrap_or((directive, ""));
        let step = match name {
            "unordered" => {
                if matches!(self.target, Target::Unordered(_)) {
                    return Err(error(number, "unordered blocks do not nest"));
                }
                self.target = Target::Unordered(Vec::new());
                return Ok(());
            }
            "end" => match std::mem::replace(&mut self.target, Target::Script) {
                Target::Unordered(exchanges) => Step::Unordered(exchanges),
                Target::Script => return Err(error(number, "`! end` without `! unordered`")),
            },
            "delay" => Step::Delay(parse_duration(argument.trim()).map_err(|m| error(number, m))?),
            "drop" => Step::Drop,
            "hang" => Step::Hang,
            "starttls" => Step::StartTls,
            other => return Err(error(number, format!("unknown directive `! {other}`"))),
        };
        if matches!(self.target, Target::Unordered(_)) {
            return Err(error(number, format!("`! {name}` is not allowed inside an unordered block")));
        }
        self.steps.push(step);
        Ok(())
    }
}

/// How many script lines a message took (its parts; literal lines are counted in the parts that
/// follow them).
fn message_lines(message: &Message) -> usize {
    message.parts.len() + message.literals.iter().map(|l| l.iter().filter(|&&b| b == b'\n').count()).sum::<usize>()
}

/// `50ms`, `2s`, `1.5s`.
fn parse_duration(text: &str) -> Result<Duration, String> {
    let (number, unit) = text.find(|c: char| c.is_ascii_alphabetic()).map(|i| text.split_at(i)).unwrap_or((text, "ms"));
    let value: f64 = number.trim().parse().map_err(|_| format!("not a duration: {text:?}"))?;
    let seconds = match unit {
        "ms" => value / 1000.0,
        "s" => value,
        _ => return Err(format!("unknown duration unit in {text:?} (use ms or s)")),
    };
    if !(0.0..=3600.0).contains(&seconds) {
        return Err(format!("duration out of range: {text:?}"));
    }
    Ok(Duration::from_secs_f64(seconds))
}

/// `\r`, `\n`, `\t`, `\\` and `\xNN` escapes of raw lines.
fn unescape(text: &str) -> Result<Vec<u8>, String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'\\' {
            out.push(bytes[i]);
            i += 1;
            continue;
        }
        match bytes.get(i + 1) {
            Some(b'r') => out.push(b'\r'),
            Some(b'n') => out.push(b'\n'),
            Some(b't') => out.push(b'\t'),
            Some(b'\\') => out.push(b'\\'),
            Some(b'x') => {
                let hex = text.get(i + 2..i + 4).ok_or("incomplete \\x escape")?;
                out.push(u8::from_str_radix(hex, 16).map_err(|_| format!("bad \\x escape {hex:?}"))?);
                i += 4;
                continue;
            }
            _ => return Err(format!("unknown escape at byte {i}")),
        }
        i += 2;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directions_literals_and_continuations() {
        let script = parse(
            "# greeting\nS: * OK ready\nC: A1 LOGIN {5}\nS: + go on\nC: alice \"pw\"\nS: A1 OK done\nC: A2 NOOP\nC: A3 NOOP\nS: A2 OK\nS: A3 OK\n",
        )
        .unwrap();
        assert_eq!(script.steps.len(), 7);
        let Step::Expect(login) = &script.steps[1] else { panic!() };
        assert_eq!(login.line, 3);
        assert_eq!(login.literals, [b"alice".to_vec()]);
        assert_eq!(login.continuations, [Some(b"+ go on".to_vec())]);
        assert!(matches!(&script.steps[3], Step::Expect(e) if e.line == 7));
        assert!(matches!(&script.steps[4], Step::Expect(e) if e.line == 8));
    }

    #[test]
    fn directives_raw_lines_and_errors_name_the_line() {
        let script = parse("S: * OK\n! unordered\nC: A1 NOOP\nS: A1 OK\nC: A2 NOOP\nS: A2 OK\n! end\n! delay 20ms\nR: * 1 FET\\r\\n\n! drop\n").unwrap();
        assert!(matches!(&script.steps[1], Step::Unordered(x) if x.len() == 2));
        assert!(matches!(script.steps[2], Step::Delay(d) if d == Duration::from_millis(20)));
        assert!(matches!(&script.steps[3], Step::Send(Output::Raw { bytes, .. }) if bytes == b"* 1 FET\r\n"));
        assert!(matches!(script.steps[4], Step::Drop));
        assert_eq!(parse("S: * OK\nX: what\n").unwrap_err().line, 2);
        assert_eq!(parse("! explode\n").unwrap_err().line, 1);
        assert_eq!(parse("C: A1 APPEND x {10}\nC: short\n").unwrap_err().line, 1);
        assert!(parse("! unordered\nC: A1 NOOP\n").is_err());
        assert!(parse("R: \\q\n").is_err());
    }
}
