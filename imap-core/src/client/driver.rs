//! The connection driver: sends encoded commands (waiting for `+` before synchronizing
//! literals), reads responses through the decoder, matches tagged completions to commands in
//! flight, and files untagged data. Every client method is built on [`Driver::execute`]
//! (or on `send` + `complete` when it pipelines).

use std::collections::HashMap;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::sync::broadcast;

use super::Config;
use super::error::{Error, Result};
use super::events::ServerEvent;
use super::mailbox::SelectedMailbox;
use super::store::{Untagged, UntaggedStore};
use crate::decode::{Decoder, Event};
use crate::encode::{Command, EncodeOptions, EncodedCommand, Fragment};
use crate::escape::escape_bytes;
use crate::parse::ResponseParser;
use crate::response::{Code, Data, Response, Status, StatusKind};
use crate::transport::{TlsConnector, Transport};
use crate::types::{CapabilitySet, LiteralMode, Tag, TagGenerator};

/// How much to read from the transport at a time.
const READ_CHUNK: usize = 16 * 1024;

/// A finished command: its tagged status and the untagged responses that arrived while it ran.
#[derive(Debug, Clone, PartialEq)]
pub struct Completion {
    /// The tagged status response (`OK`, or `NO`/`BAD` when returned by the raw API).
    pub status: Status,
    /// Untagged responses received while the command was in flight, in order.
    pub untagged: Vec<Response>,
}

#[derive(Debug)]
struct InFlight {
    tag: Tag,
    name: String,
}

/// One connection to a server.
pub(crate) struct Driver {
    transport: Box<dyn Transport>,
    decoder: Decoder,
    tags: TagGenerator,
    pub(crate) encode: EncodeOptions,
    pub(crate) capabilities: CapabilitySet,
    pub(crate) store: UntaggedStore,
    events: broadcast::Sender<ServerEvent>,
    in_flight: Vec<InFlight>,
    /// Completions read while waiting for another tag (pipelining).
    finished: HashMap<Tag, Status>,
    /// Untagged responses read before anyone collected them (while sending, or for abandoned
    /// commands).
    early: Vec<Response>,
    /// Set when the connection cannot be used any more, with the reason.
    broken: Option<String>,
    /// True while a command's bytes are being written: a future dropped meanwhile leaves half a
    /// command on the wire.
    sending: bool,
    /// The BYE the server sent, if it did.
    bye: Option<Status>,
    /// The selected mailbox, followed through unsolicited updates.
    pub(crate) selected: Option<SelectedMailbox>,
    /// Set when a read-write mailbox was reported read-only; the running command then fails.
    turned_read_only: bool,
    /// Whether a first response (the greeting) has been read.
    greeted: bool,
    pub(crate) config: Config,
}

impl std::fmt::Debug for Driver {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Driver")
            .field("peer", &self.transport.peer())
            .field("capabilities", &self.capabilities)
            .field("in_flight", &self.in_flight)
            .field("broken", &self.broken)
            .finish_non_exhaustive()
    }
}

impl Driver {
    pub(crate) fn new(transport: Box<dyn Transport>, config: Config) -> Self {
        let mut decoder = Decoder::with_parser(ResponseParser::new(config.parsers.clone()));
        decoder.set_limits(config.limits);
        let tags = match config.tag_prefix.as_deref().map(TagGenerator::with_prefix) {
            Some(Ok(tags)) => tags,
            _ => TagGenerator::new(tag_seed()),
        };
        let (events, _) = broadcast::channel(config.event_capacity.max(1));
        Driver {
            transport,
            decoder,
            tags,
            encode: EncodeOptions::default(),
            capabilities: CapabilitySet::default(),
            store: UntaggedStore::new(config.max_stored_per_keyword),
            events,
            in_flight: Vec::new(),
            finished: HashMap::new(),
            early: Vec::new(),
            broken: None,
            sending: false,
            bye: None,
            selected: None,
            turned_read_only: false,
            greeted: false,
            config,
        }
    }

    pub(crate) fn transport(&self) -> &dyn Transport {
        &*self.transport
    }

    pub(crate) fn decoder_mut(&mut self) -> &mut Decoder {
        &mut self.decoder
    }

    pub(crate) fn subscribe(&self) -> broadcast::Receiver<ServerEvent> {
        self.events.subscribe()
    }

    pub(crate) fn set_capabilities(&mut self, capabilities: CapabilitySet) {
        let utf8 = self.encode.utf8;
        self.encode = EncodeOptions::from_capabilities(&capabilities);
        self.encode.utf8 = utf8;
        self.capabilities = capabilities;
    }

    /// Switches UTF-8 mode (after `ENABLE UTF8=ACCEPT`) for both encoding and decoding.
    pub(crate) fn set_utf8(&mut self, on: bool) {
        self.encode.utf8 = on;
        self.decoder.parser_mut().set_utf8_mode(on);
    }

    /// Fails when the connection is unusable; otherwise finishes what cancelled commands left.
    pub(crate) async fn prepare(&mut self) -> Result<()> {
        if let Some(reason) = &self.broken {
            return Err(Error::Abort(reason.clone()));
        }
        if self.sending {
            return self.fail("a command was cancelled while it was being sent");
        }
        // Commands whose futures were dropped while waiting: read their completions so their
        // responses are not taken for the next command's.
        while let Some(abandoned) = self.in_flight.first().map(|f| f.tag.clone()) {
            let completion = self.complete(&abandoned).await?;
            tracing::debug!(tag = %abandoned, status = ?completion.status.kind, "finished a cancelled command");
            self.file_unclaimed(completion.untagged);
        }
        Ok(())
    }

    /// Marks the connection unusable.
    pub(crate) fn fail<T>(&mut self, reason: impl Into<String>) -> Result<T> {
        let reason = reason.into();
        self.broken = Some(reason.clone());
        Err(Error::Abort(reason))
    }

    /// Reads the next response (or decoder event) from the wire.
    pub(crate) async fn read_event(&mut self) -> Result<Event> {
        loop {
            match self.decoder.next_event() {
                Ok(Some(event)) => {
                    if let Event::Response(response) = &event {
                        tracing::debug!(target: "imap::recv", "S: {response:?}");
                        self.greeted = true;
                    }
                    return Ok(event);
                }
                Ok(None) => {}
                // Before the greeting nothing is skipped: a first line that is no response at
                // all means the peer is not speaking IMAP, and waiting on would only hang.
                Err(e) if !self.greeted => return Err(Error::InvalidGreeting(e)),
                Err(e) => {
                    tracing::warn!(target: "imap::recv", "unparsable response: {e}");
                    // One bad response does not cost the session, unless it was a completion.
                    if let Some(tag) = self.in_flight_tag_of(e.bytes()) {
                        self.in_flight.retain(|f| f.tag != tag);
                        return Err(Error::Parse(e));
                    }
                    let _ = self.events.send(ServerEvent::Unparsed(e));
                    continue;
                }
            }
            let buffer = self.decoder.buffer_mut();
            buffer.reserve(READ_CHUNK);
            let n = self.transport.read_buf(buffer).await?;
            if n == 0 {
                // A response held back for a continuation line that never came is reported
                // (as `Unparsed`) before the end of the connection is.
                if self.decoder.end_of_input() {
                    continue;
                }
                return Err(self.closed());
            }
            if tracing::enabled!(target: "imap::wire", tracing::Level::TRACE) {
                let buffer = self.decoder.buffer_mut();
                let start = buffer.len() - n;
                tracing::trace!(target: "imap::wire", "read {n} bytes: \"{}\"", escape_bytes(&buffer[start..], 4096));
            }
        }
    }

    /// The next complete response.
    pub(crate) async fn read_response(&mut self) -> Result<Response> {
        loop {
            if let Event::Response(response) = self.read_event().await? {
                return Ok(response);
            }
        }
    }

    fn in_flight_tag_of(&self, bytes: &[u8]) -> Option<Tag> {
        let end = bytes.iter().position(|&b| b == b' ')?;
        self.in_flight.iter().map(|f| &f.tag).find(|t| t.as_bytes() == &bytes[..end]).cloned()
    }

    /// The error for a connection the server closed.
    fn closed(&mut self) -> Error {
        let error = match self.bye.clone() {
            Some(bye) => Error::Bye { code: bye.code.map(Box::new), text: bye.text },
            None => Error::Abort("the server closed the connection".into()),
        };
        self.broken = Some(error.to_string());
        error
    }

    /// Sends a command without waiting for its completion; returns its tag. Synchronizing
    /// literals wait for the server's `+`.
    pub(crate) async fn send(&mut self, command: &Command) -> Result<Tag> {
        self.ready_to_send()?;
        let tag = self.tags.next_tag();
        let encoded = command.encode(tag.clone(), &self.encode)?;
        tracing::debug!(target: "imap::send", "C: {}", redacted(command, &encoded));
        self.in_flight.push(InFlight { tag: tag.clone(), name: command.name() });
        self.sending = true;
        let result = self.write_fragments(&encoded).await;
        self.sending = false;
        if let Err(e) = &result {
            // The command may be half on the wire, or the peer is gone: either way the
            // connection cannot carry another command.
            if e.is_connection_lost() {
                self.broken.get_or_insert_with(|| e.to_string());
            }
        }
        result.map(|()| tag)
    }

    fn ready_to_send(&mut self) -> Result<()> {
        if let Some(reason) = &self.broken {
            return Err(Error::Abort(reason.clone()));
        }
        if self.sending {
            return self.fail("a command was cancelled while it was being sent");
        }
        Ok(())
    }

    async fn write_fragments(&mut self, encoded: &EncodedCommand) -> Result<()> {
        for fragment in &encoded.fragments {
            match fragment {
                Fragment::Line(bytes) => self.transport.write_all(bytes).await?,
                Fragment::Literal { data, mode } => {
                    if *mode == LiteralMode::Sync {
                        self.transport.flush().await?;
                        if !self.wait_for_continuation(&encoded.tag).await? {
                            // The server refused the literal (its tagged reply is filed); the
                            // rest of the command must not be sent.
                            return Ok(());
                        }
                    }
                    self.transport.write_all(data).await?;
                }
            }
        }
        self.transport.flush().await?;
        Ok(())
    }

    /// Waits for `+`; false when the command was completed instead (e.g. `NO` to an APPEND
    /// that is too large).
    async fn wait_for_continuation(&mut self, tag: &Tag) -> Result<bool> {
        loop {
            match self.read_response().await? {
                Response::Continue(_) => return Ok(true),
                Response::Status(status) if status.tag.as_ref() == Some(tag) => {
                    self.finished.insert(tag.clone(), *status);
                    return Ok(false);
                }
                other => {
                    if let Some(untagged) = self.route(other)? {
                        self.early.push(untagged);
                    }
                }
            }
        }
    }

    /// Reads until the completion of `tag`, collecting the untagged responses that arrive.
    pub(crate) async fn complete(&mut self, tag: &Tag) -> Result<Completion> {
        let mut untagged = std::mem::take(&mut self.early);
        loop {
            if let Some(status) = self.finished.remove(tag) {
                self.in_flight.retain(|f| &f.tag != tag);
                return Ok(Completion { status, untagged });
            }
            let response = match self.read_response().await {
                Ok(response) => response,
                Err(e) => {
                    if e.is_connection_lost() {
                        self.broken.get_or_insert_with(|| e.to_string());
                    }
                    return Err(e);
                }
            };
            if let Some(response) = self.route(response)? {
                untagged.push(response);
            }
        }
    }

    /// The completion of `tag` if it has been read already.
    pub(crate) fn take_finished(&mut self, tag: &Tag) -> Option<Status> {
        let status = self.finished.remove(tag)?;
        self.in_flight.retain(|f| &f.tag != tag);
        Some(status)
    }

    /// Processes an untagged response that arrived during an exchange driven from outside
    /// (AUTHENTICATE, IDLE); it is handed to the command's completion later.
    pub(crate) fn note_untagged(&mut self, response: Response) -> Result<()> {
        if let Some(untagged) = self.route(response)? {
            self.early.push(untagged);
        }
        Ok(())
    }

    /// Completes `tag` with a status read from outside (see [`Driver::note_untagged`]).
    pub(crate) fn complete_with(&mut self, tag: &Tag, status: Status) -> Completion {
        self.in_flight.retain(|f| &f.tag != tag);
        self.absorb_code(status.code.as_ref());
        Completion { status, untagged: std::mem::take(&mut self.early) }
    }

    /// Files a tagged completion, or returns an untagged response after processing it.
    pub(crate) fn route(&mut self, response: Response) -> Result<Option<Response>> {
        match response {
            Response::Status(status) if status.tag.is_some() => {
                let Some(tag) = status.tag.clone() else { return Ok(None) };
                if !self.in_flight.iter().any(|f| f.tag == tag) {
                    let error = Error::unknown_tag(&tag);
                    self.broken = Some(error.to_string());
                    return Err(error);
                }
                self.absorb_code(status.code.as_ref());
                self.finished.insert(tag, *status);
                Ok(None)
            }
            Response::Continue(cont) => {
                tracing::warn!(target: "imap::recv", "ignoring a continuation request nobody asked for: {cont:?}");
                Ok(None)
            }
            Response::Status(status) => {
                self.absorb_code(status.code.as_ref());
                if status.kind == StatusKind::Bye {
                    self.bye = Some((*status).clone());
                    let _ = self.events.send(ServerEvent::Bye((*status).clone()));
                }
                Ok(Some(Response::Status(status)))
            }
            Response::Data(data) => {
                self.absorb_data(&data);
                Ok(Some(Response::Data(data)))
            }
        }
    }

    /// What every response code tells the connection, whoever sent it.
    fn absorb_code(&mut self, code: Option<&Code>) {
        let Some(code) = code else { return };
        if let Code::Capability(caps) = code {
            self.set_capabilities(caps.clone());
        }
        let selecting = self.in_flight.iter().any(|f| f.name == "SELECT" || f.name == "EXAMINE");
        if let Some(mailbox) = self.selected.as_mut().filter(|_| !selecting) {
            if mailbox.apply_code(code) {
                self.turned_read_only = true;
            }
        }
    }

    /// What untagged data tells the connection and its event subscribers.
    fn absorb_data(&mut self, data: &Data) {
        if let Some(mailbox) = self.selected.as_mut() {
            mailbox.apply_data(data);
        }
        let event = match data {
            Data::Capability(caps) => {
                self.set_capabilities(caps.clone());
                None
            }
            Data::Exists(n) => Some(ServerEvent::Exists(*n)),
            Data::Recent(n) => Some(ServerEvent::Recent(*n)),
            Data::Expunge(n) => Some(ServerEvent::Expunge(*n)),
            Data::Flags(flags) => Some(ServerEvent::Flags(flags.clone())),
            Data::Fetch(fetch)
                if !self.in_flight.iter().any(|f| f.name.contains("FETCH") || f.name.contains("STORE")) =>
            {
                Some(ServerEvent::Fetch(fetch.clone()))
            }
            _ => None,
        };
        if let Some(event) = event {
            let _ = self.events.send(event);
        }
    }

    /// Puts what no method claimed into the untagged-response store (and alerts on the event
    /// channel).
    pub(crate) fn file_unclaimed(&mut self, responses: Vec<Response>) {
        for response in responses {
            match response {
                Response::Status(status) => {
                    if let Some(code) = &status.code {
                        if *code == Code::Alert {
                            let _ = self.events.send(ServerEvent::Alert(status.text.clone()));
                        }
                        self.store.push(code.name(), Untagged::Code(code.clone()));
                    }
                    let kind = format!("{:?}", status.kind).to_ascii_uppercase();
                    self.store.push(&kind, Untagged::Status(*status));
                }
                Response::Data(data) => {
                    let keyword = data.keyword().into_owned();
                    self.store.push(&keyword, Untagged::Data(data));
                }
                Response::Continue(_) => {}
            }
        }
    }

    /// Sends `command`, waits for its completion and returns it when the status is OK; NO, BAD
    /// and BYE become errors. Times out after the configured command timeout.
    pub(crate) async fn execute(&mut self, command: &Command) -> Result<Completion> {
        // Only a notice that arrives while this command runs is this command's failure (one
        // seen during a raw command or a pipeline is in the mailbox state already).
        self.turned_read_only = false;
        let completion = self.execute_raw(command).await?;
        if std::mem::take(&mut self.turned_read_only) {
            self.file_unclaimed(completion.untagged);
            let mailbox = self.selected.as_ref().and_then(|m| m.name.as_ref()).map(|m| m.name().to_owned());
            return Err(Error::ReadOnly { mailbox: mailbox.unwrap_or_default() });
        }
        match completion.status.kind {
            StatusKind::Ok => Ok(completion),
            _ => {
                let name = command.name();
                self.file_unclaimed(completion.untagged);
                Err(Error::from_status(&name, completion.status))
            }
        }
    }

    /// Like [`Driver::execute`], but returns NO and BAD completions instead of failing.
    pub(crate) async fn execute_raw(&mut self, command: &Command) -> Result<Completion> {
        let timeout = self.config.command_timeout;
        let name = command.name();
        match with_timeout(timeout, self.execute_untimed(command)).await {
            Some(result) => result,
            None => {
                self.broken = Some(format!("{name} timed out"));
                Err(Error::Timeout { command: name, after: timeout.unwrap_or_default() })
            }
        }
    }

    async fn execute_untimed(&mut self, command: &Command) -> Result<Completion> {
        self.prepare().await?;
        let tag = self.send(command).await?;
        self.complete(&tag).await
    }

    /// Writes raw bytes (continuation answers such as SASL responses or `DONE`).
    pub(crate) async fn write_raw(&mut self, bytes: &[u8], log: &str) -> Result<()> {
        self.ready_to_send()?;
        tracing::debug!(target: "imap::send", "C: {log}");
        self.sending = true;
        self.transport.write_all(bytes).await?;
        self.transport.flush().await?;
        self.sending = false;
        Ok(())
    }

    /// Replaces the transport (STARTTLS). Bytes the server sent before the handshake are
    /// discarded: they must never be read as if they had come over TLS.
    pub(crate) async fn upgrade(&mut self, connector: &TlsConnector, server_name: &str) -> Result<()> {
        let discarded = self.decoder.buffered();
        if discarded > 0 {
            tracing::warn!(discarded, "discarding bytes the server sent before the TLS handshake");
        }
        let mut decoder = Decoder::with_parser(ResponseParser::new(self.config.parsers.clone()));
        decoder.set_limits(self.config.limits);
        decoder.parser_mut().set_utf8_mode(self.encode.utf8);
        self.decoder = decoder;
        let placeholder: Box<dyn Transport> = Box::new(tokio::io::duplex(1).0);
        let transport = std::mem::replace(&mut self.transport, placeholder);
        match transport.start_tls(connector, server_name).await {
            Ok(tls) => {
                self.transport = tls;
                Ok(())
            }
            Err(e) => {
                self.broken = Some(format!("TLS handshake failed: {e}"));
                Err(Error::Tls(e.to_string()))
            }
        }
    }

    /// Closes the write side (after LOGOUT).
    pub(crate) async fn shutdown(&mut self) -> Result<()> {
        self.broken.get_or_insert_with(|| "the connection was shut down".into());
        self.transport.shutdown().await?;
        Ok(())
    }

    /// The BYE the server sent, if any.
    pub(crate) fn bye(&self) -> Option<&Status> {
        self.bye.as_ref()
    }

    /// Why the connection is unusable, if it is.
    pub(crate) fn broken(&self) -> Option<&str> {
        self.broken.as_deref()
    }
}

async fn with_timeout<T>(timeout: Option<Duration>, future: impl std::future::Future<Output = T>) -> Option<T> {
    match timeout {
        Some(limit) => tokio::time::timeout(limit, future).await.ok(),
        None => Some(future.await),
    }
}

/// The command as it goes in the log: secrets replaced, literal contents summarized.
fn redacted(command: &Command, encoded: &EncodedCommand) -> String {
    match command {
        Command::Login { username, .. } => {
            format!("{} LOGIN {} <redacted>", encoded.tag, escape_bytes(username.as_bytes(), 200))
        }
        Command::Authenticate { mechanism, initial_response } => {
            let ir = if initial_response.is_some() { " <redacted>" } else { "" };
            format!("{} AUTHENTICATE {mechanism}{ir}", encoded.tag)
        }
        _ => {
            let mut out = String::new();
            for fragment in &encoded.fragments {
                match fragment {
                    Fragment::Line(line) => out.push_str(&escape_bytes(line, 1000)),
                    Fragment::Literal { data, .. } => out.push_str(&format!("<{} bytes>", data.len())),
                }
            }
            out.trim_end_matches("\\r\\n").to_owned()
        }
    }
}

/// A tag prefix seed from the process id and the clock, like imaplib's random `tagpre`.
fn tag_seed() -> u16 {
    let nanos =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.subsec_nanos()).unwrap_or(0);
    (std::process::id() ^ nanos) as u16
}
