//! `Connection`: the command API every state shares (and that every method, and every
//! extension's method, is built on), plus what imaplib offers in any state: CAPABILITY, NOOP,
//! LOGOUT, `response()`, `socket()`, raw commands.

use super::driver::{Completion, Driver};
use super::error::{Error, Result};
use super::events::EventReceiver;
use super::pipeline::Pipeline;
use super::store::Untagged;
use crate::encode::{Arg, Command, EncodeOptions};
use crate::response::{Data, Response, Status, StatusKind};
use crate::transport::{PeerInfo, Transport};
use crate::types::{Atom, CapabilitySet};

/// A connection to a server, in any state. [`Client`](super::Client),
/// [`Session`](super::Session) and [`Selected`](super::Selected) dereference to it.
#[derive(Debug)]
pub struct Connection {
    // Boxed: the driver is large, and states move it from one to the next.
    pub(crate) driver: Box<Driver>,
}

impl Connection {
    /// Runs a command and returns its completion when the server answers OK; NO, BAD and BYE
    /// become [`Error`]s. Untagged responses that arrived meanwhile are in the completion; pass
    /// those you do not use to [`Connection::keep_unclaimed`] so that
    /// [`Connection::response`] finds them.
    pub async fn run(&mut self, command: &Command) -> Result<Completion> {
        self.driver.execute(command).await
    }

    /// Like [`Connection::run`], but a NO or BAD completion is returned, not an error.
    pub async fn run_raw(&mut self, command: &Command) -> Result<Completion> {
        self.driver.execute_raw(command).await
    }

    /// Files untagged responses nobody used in the untagged-response store.
    pub fn keep_unclaimed(&mut self, responses: Vec<Response>) {
        self.driver.file_unclaimed(responses);
    }

    /// Sends any command by name with typed arguments (imaplib's `xatom`); returns the
    /// completion, NO and BAD included.
    ///
    /// The arguments are encoded like every other command's, so nothing in them can inject a
    /// line break or break quoting.
    pub async fn xatom(&mut self, name: &str, args: Vec<Arg>) -> Result<Completion> {
        let command = Command::Raw { name: Atom::new(name)?, args };
        self.driver.execute_raw(&command).await
    }

    /// Several commands in flight at once (see [`Pipeline`]).
    pub fn pipeline(&mut self) -> Pipeline<'_> {
        Pipeline::new(&mut self.driver)
    }

    /// The capabilities the server advertised last (greeting, CAPABILITY response codes, the
    /// CAPABILITY command).
    pub fn capabilities(&self) -> &CapabilitySet {
        &self.driver.capabilities
    }

    /// True when the server advertised `name`.
    pub fn has_capability(&self, name: &str) -> bool {
        self.driver.capabilities.has(name)
    }

    /// Fails with [`Error::MissingCapability`] unless the server advertised `name`.
    pub fn require_capability(&self, name: &str) -> Result<()> {
        if self.has_capability(name) { Ok(()) } else { Err(Error::MissingCapability(name.to_owned())) }
    }

    /// `CAPABILITY`: asks the server and refreshes the cache.
    pub async fn capability(&mut self) -> Result<CapabilitySet> {
        let completion = self.run(&Command::Capability).await?;
        let mut rest = Vec::new();
        for response in completion.untagged {
            if !matches!(response, Response::Data(Data::Capability(_))) {
                rest.push(response);
            }
        }
        self.keep_unclaimed(rest);
        Ok(self.driver.capabilities.clone())
    }

    /// `NOOP`: lets the server send pending updates; returns the untagged responses it sent
    /// (they also reach [`events`](Connection::events) subscribers).
    pub async fn noop(&mut self) -> Result<Vec<Response>> {
        let completion = self.run(&Command::Noop).await?;
        self.keep_unclaimed(completion.untagged.clone());
        Ok(completion.untagged)
    }

    /// `LOGOUT`: returns the server's BYE (or its OK if it sent no BYE) and closes the
    /// connection; any later command fails with [`Error::Abort`].
    pub async fn logout(&mut self) -> Result<Status> {
        let completion = self.run_raw(&Command::Logout).await;
        let bye = self.driver.bye().cloned();
        let _ = self.driver.shutdown().await;
        match (completion, bye) {
            (_, Some(bye)) => Ok(bye),
            (Ok(completion), None) if completion.status.kind == StatusKind::Ok => Ok(completion.status),
            (Ok(completion), None) => Err(Error::from_status("LOGOUT", completion.status)),
            (Err(e), None) => Err(e),
        }
    }

    /// imaplib's `response(code)`: takes (and clears) the untagged responses and response codes
    /// filed under `keyword` (`EXISTS`, `UIDNEXT`, `QUOTA`, `ALERT`, `BYE`, ...).
    pub fn response(&mut self, keyword: &str) -> Vec<Untagged> {
        self.driver.store.take(keyword)
    }

    /// The keywords that have unclaimed untagged responses.
    pub fn unclaimed_keywords(&self) -> Vec<String> {
        self.driver.store.keywords()
    }

    /// Subscribes to server events (unsolicited EXISTS, EXPUNGE, FETCH, FLAGS, alerts, BYE).
    pub fn events(&self) -> EventReceiver {
        self.driver.subscribe()
    }

    /// Who the server is.
    pub fn peer(&self) -> PeerInfo {
        self.driver.transport().peer()
    }

    /// The transport (imaplib's `socket()`).
    pub fn transport(&self) -> &dyn Transport {
        self.driver.transport()
    }

    /// How commands are encoded now (literal modes, UTF-8 mode).
    pub fn encode_options(&self) -> &EncodeOptions {
        &self.driver.encode
    }

    /// Switches UTF-8 mode on or off for encoding and decoding (an `ENABLE UTF8=ACCEPT`
    /// extension calls this once the server confirms).
    pub fn set_utf8_mode(&mut self, on: bool) {
        self.driver.set_utf8(on);
    }

    /// Why the connection is unusable, if it is.
    pub fn unusable_reason(&self) -> Option<&str> {
        self.driver.broken()
    }

    /// Closes the connection without LOGOUT (imaplib's `shutdown`).
    pub async fn shutdown(&mut self) -> Result<()> {
        self.driver.shutdown().await
    }
}
