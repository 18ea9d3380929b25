//! Playing a script on one connection: reading client messages (sending `+` before
//! synchronizing literals), matching them, answering, injecting faults, recording.

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};

use crate::error::MockError;
use crate::escape::printable;
use crate::options::{MockOptions, OutputMode};
use crate::pattern::{Bindings, Matcher, substitute};
use crate::script::{Action, Exchange, Expect, Message, Output, Script, announced_literal, tag_capture};
use crate::transcript::Transcript;

/// A byte stream the mock can serve (and upgrade to TLS).
pub(crate) trait Stream: AsyncRead + AsyncWrite + Unpin + Send {}
impl<T: AsyncRead + AsyncWrite + Unpin + Send> Stream for T {}

const DEFAULT_CONTINUATION: &[u8] = b"+ Ready for literal data";

pub(crate) struct Conversation {
    stream: Box<dyn Stream>,
    buf: Vec<u8>,
    options: MockOptions,
    bindings: Bindings,
    transcript: Transcript,
    rng: u64,
    /// Bytes written so far (for `MockOptions::drop_after`).
    written: usize,
    /// The connection was cut by `drop_after`: the conversation ends as scripted.
    dropped: bool,
}

enum Read {
    /// A message, and the continuation sent before each of its literals (if synchronizing).
    Message(Message, Vec<Option<Vec<u8>>>),
    Eof,
}

impl Conversation {
    pub(crate) fn new(stream: Box<dyn Stream>, options: MockOptions) -> Self {
        let rng = match options.output {
            OutputMode::Chunked { seed, .. } => seed | 1,
            _ => 1,
        };
        Conversation {
            stream,
            buf: Vec::new(),
            options,
            bindings: Bindings::new(),
            transcript: Transcript::default(),
            rng,
            written: 0,
            dropped: false,
        }
    }

    pub(crate) async fn run(mut self, script: Script) -> Result<Transcript, MockError> {
        match self.play(&script).await {
            Ok(Some(transcript)) => Ok(transcript),
            Ok(None) => self.expect_close().await,
            Err(_) if self.dropped => {
                self.transcript.note("drop");
                Ok(self.transcript)
            }
            Err(e) => Err(e),
        }
    }

    /// Plays the steps; `Some` when a step ended the conversation early (drop, hang).
    async fn play(&mut self, script: &Script) -> Result<Option<Transcript>, MockError> {
        for step in &script.steps {
            match &step.action {
                Action::Send(output) => self.send(output).await?,
                Action::Expect(expect) => match self.read_expected(expect).await? {
                    Read::Message(message, sent) => self.check(expect, &message, &sent).await?,
                    Read::Eof => return Err(self.eof(expect.line)),
                },
                Action::Unordered(exchanges) => self.unordered(exchanges).await?,
                Action::Delay(duration) => {
                    self.stream.flush().await?;
                    tokio::time::sleep(*duration).await;
                }
                Action::Drop => {
                    self.transcript.note("drop");
                    let _ = self.stream.shutdown().await;
                    return Ok(Some(std::mem::take(&mut self.transcript)));
                }
                Action::Hang => {
                    self.transcript.note("hang");
                    return self.hang().await.map(Some);
                }
                Action::StartTls => self.start_tls(step.line).await?,
                Action::Output(mode) => self.set_output(*mode),
            }
        }
        Ok(None)
    }

    fn set_output(&mut self, mode: OutputMode) {
        if let OutputMode::Chunked { seed, .. } = mode {
            self.rng = seed | 1;
        }
        self.options.output = mode;
    }

    /// Reads one client message: a line, and the literals it announces. With `refuse_after`,
    /// a literal announced by that (0-based) line is refused: the message ends there.
    async fn read_message_refusing(
        &mut self,
        continuations: &[Option<Vec<u8>>],
        refuse_after: Option<usize>,
    ) -> Result<Read, MockError> {
        let mut message = Message::default();
        let mut sent = Vec::new();
        loop {
            let Some(line) = self.read_line().await? else {
                return if message.parts.is_empty() && self.buf.is_empty() {
                    Ok(Read::Eof)
                } else {
                    Err(MockError::BadClientMessage(
                        "the client closed the connection in the middle of a message".into(),
                    ))
                };
            };
            let literal = announced_literal(&line);
            message.parts.push(line);
            let Some((size, sync)) = literal else { return Ok(Read::Message(message, sent)) };
            if sync && refuse_after == Some(message.parts.len() - 1) {
                return Ok(Read::Message(message, sent));
            }
            if size > self.options.max_literal {
                return Err(MockError::BadClientMessage(format!("literal of {size} bytes exceeds the mock's limit")));
            }
            if sync {
                let index = message.literals.len();
                let text = continuations.get(index).cloned().flatten().unwrap_or_else(|| DEFAULT_CONTINUATION.to_vec());
                let bytes = self.line_bytes(std::slice::from_ref(&text), &[]);
                self.write(&bytes).await?;
                sent.push(Some(text));
            } else {
                sent.push(None);
            }
            while self.buf.len() < size {
                if !self.fill().await? {
                    return Err(MockError::BadClientMessage(
                        "the client closed the connection inside a literal".into(),
                    ));
                }
            }
            message.literals.push(self.buf.drain(..size).collect());
            message.sync.push(sync);
        }
    }

    async fn read_message(&mut self, continuations: &[Option<Vec<u8>>]) -> Result<Read, MockError> {
        self.read_message_refusing(continuations, None).await
    }

    /// Reads the message `expect` describes (refusing its literal if the script does).
    async fn read_expected(&mut self, expect: &Expect) -> Result<Read, MockError> {
        let refuse_after = expect.refuses_literal.then(|| expect.parts.len().saturating_sub(1));
        self.read_message_refusing(&expect.continuations, refuse_after).await
    }

    /// The next line without its line end; `None` at the end of the stream.
    async fn read_line(&mut self) -> Result<Option<Vec<u8>>, MockError> {
        loop {
            if let Some(lf) = self.buf.iter().position(|&b| b == b'\n') {
                let mut line: Vec<u8> = self.buf.drain(..=lf).collect();
                line.pop();
                if line.last() == Some(&b'\r') {
                    line.pop();
                }
                return Ok(Some(line));
            }
            if self.buf.len() > self.options.max_line {
                return Err(MockError::BadClientMessage(format!(
                    "client line longer than {} bytes",
                    self.options.max_line
                )));
            }
            if !self.fill().await? {
                return Ok(None);
            }
        }
    }

    async fn fill(&mut self) -> Result<bool, MockError> {
        let mut chunk = [0u8; 8192];
        let n = self.stream.read(&mut chunk).await?;
        self.buf.extend_from_slice(&chunk[..n]);
        Ok(n > 0)
    }

    /// Matches a message; a deviation is answered with BAD and ends the script.
    async fn check(&mut self, expect: &Expect, message: &Message, sent: &[Option<Vec<u8>>]) -> Result<(), MockError> {
        if self.matches(expect, message) {
            self.transcript.client(&message.parts, &message.literals, sent, has_tag(expect));
            return Ok(());
        }
        Err(self.deviate(expect.line, expect.render(), message, sent).await)
    }

    fn matches(&mut self, expect: &Expect, message: &Message) -> bool {
        if expect.parts.len() != message.parts.len() || expect.literals != message.literals {
            return false;
        }
        // A tag word names the tag of the latest command written with it.
        if let Some(word) = expect.tag_word() {
            self.bindings.remove(&tag_capture(word.as_bytes()));
        }
        let matcher = Matcher { ignore_case: self.options.ignore_case };
        let mut trial = self.bindings.clone();
        let all =
            expect.parts.iter().zip(&message.parts).all(|(pattern, part)| pattern.matches(part, &mut trial, matcher));
        if all {
            self.bindings = trial;
        }
        all
    }

    async fn unordered(&mut self, exchanges: &[Exchange]) -> Result<(), MockError> {
        let mut done = vec![false; exchanges.len()];
        while done.contains(&false) {
            let first_line = exchanges
                .iter()
                .zip(&done)
                .find(|(_, d)| !**d)
                .and_then(|(e, _)| e.expect.first())
                .map_or(0, |e| e.line);
            let (message, sent) = match self.read_message(&[]).await? {
                Read::Message(message, sent) => (message, sent),
                Read::Eof => return Err(self.eof(first_line)),
            };
            let found = (0..exchanges.len())
                .filter(|i| !done[*i])
                .find(|i| exchanges[*i].expect.first().is_some_and(|e| self.matches(e, &message)));
            let Some(index) = found else {
                let expected = exchanges
                    .iter()
                    .zip(&done)
                    .filter(|(_, d)| !**d)
                    .filter_map(|(e, _)| e.expect.first().map(|x| printable(&x.render())))
                    .collect::<Vec<_>>()
                    .join(" | ");
                return Err(self.deviate_text(first_line, expected, &message, &sent).await);
            };
            done[index] = true;
            let exchange = &exchanges[index];
            self.transcript.client(
                &message.parts,
                &message.literals,
                &sent,
                exchange.expect.first().is_some_and(has_tag),
            );
            for expect in &exchange.expect[1..] {
                match self.read_expected(expect).await? {
                    Read::Message(message, sent) => self.check(expect, &message, &sent).await?,
                    Read::Eof => return Err(self.eof(expect.line)),
                }
            }
            for reply in &exchange.replies {
                self.send(reply).await?;
            }
        }
        Ok(())
    }

    async fn send(&mut self, output: &Output) -> Result<(), MockError> {
        match output {
            Output::Raw { bytes, .. } => {
                let bytes = substitute(bytes, &self.bindings);
                self.transcript.raw(&bytes);
                self.write(&bytes).await?;
            }
            Output::Message { parts, literals, .. } => {
                let parts: Vec<Vec<u8>> = parts.iter().map(|p| self.render_line(p)).collect();
                self.transcript.server(&parts, literals);
                let bytes = self.line_bytes(&parts, literals);
                self.write(&bytes).await?;
            }
        }
        Ok(())
    }

    /// A server line with the client's tag and `$name` values filled in.
    fn render_line(&self, line: &[u8]) -> Vec<u8> {
        let (word, rest) = match line.iter().position(|&b| b == b' ') {
            Some(space) => (&line[..space], &line[space..]),
            None => (line, &b""[..]),
        };
        let mut out = match self.bindings.get(&tag_capture(word)) {
            Some(tag) => tag.clone(),
            None => word.to_vec(),
        };
        out.extend_from_slice(rest);
        substitute(&out, &self.bindings)
    }

    /// Lines with the configured line ends, literals untouched.
    fn line_bytes(&self, parts: &[Vec<u8>], literals: &[Vec<u8>]) -> Vec<u8> {
        let eol = self.options.line_ends.as_bytes();
        let mut out = Vec::new();
        for (i, part) in parts.iter().enumerate() {
            out.extend_from_slice(part);
            out.extend_from_slice(eol);
            if let Some(literal) = literals.get(i) {
                out.extend_from_slice(literal);
            }
        }
        out
    }

    /// Writes with the configured faults: whole, a byte at a time, or in seeded random chunks;
    /// cut off after `drop_after` bytes in all.
    async fn write(&mut self, bytes: &[u8]) -> Result<(), MockError> {
        let bytes = match self.options.drop_after {
            Some(limit) if self.written + bytes.len() >= limit => {
                let keep = limit.saturating_sub(self.written);
                self.write_split(&bytes[..keep]).await?;
                let _ = self.stream.shutdown().await;
                self.dropped = true;
                return Err(MockError::Io(std::io::Error::new(
                    std::io::ErrorKind::ConnectionAborted,
                    "connection dropped by MockOptions::drop_after",
                )));
            }
            _ => bytes,
        };
        self.written += bytes.len();
        self.write_split(bytes).await
    }

    async fn write_split(&mut self, bytes: &[u8]) -> Result<(), MockError> {
        match self.options.output {
            OutputMode::Whole => self.stream.write_all(bytes).await?,
            OutputMode::ByteAtATime => {
                for byte in bytes {
                    self.stream.write_all(std::slice::from_ref(byte)).await?;
                    self.stream.flush().await?;
                    tokio::task::yield_now().await;
                }
            }
            OutputMode::Chunked { max, .. } => {
                let mut rest = bytes;
                while !rest.is_empty() {
                    let size = (self.next_random() as usize % max.max(1)) + 1;
                    let (chunk, tail) = rest.split_at(size.min(rest.len()));
                    self.stream.write_all(chunk).await?;
                    self.stream.flush().await?;
                    tokio::task::yield_now().await;
                    rest = tail;
                }
            }
        }
        self.stream.flush().await?;
        Ok(())
    }

    /// xorshift64: deterministic chunk sizes for a seed.
    fn next_random(&mut self) -> u64 {
        self.rng ^= self.rng << 13;
        self.rng ^= self.rng >> 7;
        self.rng ^= self.rng << 17;
        self.rng
    }

    async fn deviate(
        &mut self,
        line: usize,
        expected: Vec<u8>,
        message: &Message,
        sent: &[Option<Vec<u8>>],
    ) -> MockError {
        self.deviate_text(line, printable(&expected), message, sent).await
    }

    /// Answers the deviating message with BAD, and every later one too until the client
    /// closes, so that the client never hangs; returns the error that fails the test.
    async fn deviate_text(
        &mut self,
        line: usize,
        expected: String,
        message: &Message,
        sent: &[Option<Vec<u8>>],
    ) -> MockError {
        let received = printable(&render(message));
        self.transcript.client(&message.parts, &message.literals, sent, looks_tagged(message));
        let mut current = message.clone();
        loop {
            // A SASL line has no tag of its own: the BAD ends the AUTHENTICATE command, as a
            // server does, so that the client's pending command fails instead of waiting.
            let tag = match self.transcript.open_sasl_tag() {
                Some(tag) if !looks_tagged(&current) => String::from_utf8_lossy(tag).into_owned(),
                _ => tag_of(&current),
            };
            let bad = format!("{tag} BAD [CLIENTBUG] unexpected command (imap-mock script line {line})").into_bytes();
            self.transcript.server(std::slice::from_ref(&bad), &[]);
            let bytes = self.line_bytes(&[bad], &[]);
            if self.write(&bytes).await.is_err() {
                break;
            }
            match self.read_message(&[]).await {
                Ok(Read::Message(next, sent)) => {
                    self.transcript.client(&next.parts, &next.literals, &sent, looks_tagged(&next));
                    current = next;
                }
                _ => break,
            }
        }
        MockError::Deviation { line, expected, received, transcript: self.transcript.clone() }
    }

    fn eof(&mut self, line: usize) -> MockError {
        MockError::UnexpectedEof { line, transcript: self.transcript.clone() }
    }

    /// After the last step: anything more the client sends is a deviation.
    async fn expect_close(mut self) -> Result<Transcript, MockError> {
        match self.read_message(&[]).await {
            Ok(Read::Eof) | Err(MockError::Io(_)) => Ok(self.transcript),
            Ok(Read::Message(message, sent)) => {
                Err(self.deviate_text(0, "<end of script>".into(), &message, &sent).await)
            }
            Err(e) => Err(e),
        }
    }

    /// Stops answering: reads (and records) until the client gives up.
    async fn hang(&mut self) -> Result<Transcript, MockError> {
        while let Ok(Read::Message(message, sent)) = self.read_message(&[]).await {
            self.transcript.client(&message.parts, &message.literals, &sent, looks_tagged(&message));
        }
        Ok(std::mem::take(&mut self.transcript))
    }

    /// `! starttls`: the TLS handshake, server side, on the current stream.
    async fn start_tls(&mut self, line: usize) -> Result<(), MockError> {
        let certificate = match &self.options.tls {
            Some(certificate) => certificate.clone(),
            None => return Err(MockError::Task(format!("script line {line}: `! starttls` needs MockOptions::tls"))),
        };
        self.stream.flush().await?;
        self.transcript.note("starttls");
        if !self.buf.is_empty() {
            return Err(MockError::BadClientMessage("the client sent bytes before the TLS handshake".into()));
        }
        let placeholder: Box<dyn Stream> = Box::new(tokio::io::duplex(1).0);
        let plain = std::mem::replace(&mut self.stream, placeholder);
        let acceptor = tokio_rustls::TlsAcceptor::from(certificate.server_config());
        let tls = acceptor.accept(plain).await?;
        self.stream = Box::new(tls);
        Ok(())
    }
}

fn has_tag(expect: &Expect) -> bool {
    expect.tag_word().is_some() || expect.is_tagged()
}

fn looks_tagged(message: &Message) -> bool {
    message.parts.first().is_some_and(|p| p.contains(&b' '))
}

fn tag_of(message: &Message) -> String {
    let first = message.parts.first().map(Vec::as_slice).unwrap_or_default();
    match first.iter().position(|&b| b == b' ') {
        Some(space) if space > 0 => String::from_utf8_lossy(&first[..space]).into_owned(),
        _ => "*".to_owned(),
    }
}

/// A message as the client sent it (CRLF line ends), for error messages.
fn render(message: &Message) -> Vec<u8> {
    let mut out = Vec::new();
    for (i, part) in message.parts.iter().enumerate() {
        out.extend_from_slice(part);
        if let Some(literal) = message.literals.get(i) {
            out.extend_from_slice(b"\r\n");
            out.extend_from_slice(literal);
        }
    }
    out
}
