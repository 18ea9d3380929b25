//! `Session`: an authenticated connection, with the mailbox commands of RFC 3501's
//! authenticated state.

use std::ops::{Deref, DerefMut};

use super::connection::Connection;
use super::error::{Error, Result};
use super::mailbox::SelectedMailbox;
use super::selected::Selected;
use crate::encode::{AppendData, Command, StatusItem};
use crate::response::{Code, Data, ListItem, MailboxStatus, Namespaces, Response};
use crate::types::{AString, Flag, InternalDate, Literal, Literal8, Mailbox, SequenceSet};

/// An authenticated connection.
#[derive(Debug)]
pub struct Session {
    conn: Connection,
}

/// What APPEND reports with UIDPLUS (`[APPENDUID ...]`).
#[derive(Debug, Clone, PartialEq)]
pub struct AppendUid {
    /// The target mailbox's UID validity.
    pub uid_validity: u32,
    /// The UIDs the appended message(s) received.
    pub uids: SequenceSet,
}

impl Session {
    pub(crate) fn new(conn: Connection) -> Self {
        Session { conn }
    }

    /// `SELECT`: opens `mailbox` read-write; returns the handle for the selected state's
    /// commands. A failed SELECT leaves no mailbox selected (RFC 3501 6.3.1).
    pub async fn select(&mut self, mailbox: impl Into<Mailbox>) -> Result<Selected<'_>> {
        self.open(mailbox.into(), false).await
    }

    /// `EXAMINE`: opens `mailbox` read-only.
    pub async fn examine(&mut self, mailbox: impl Into<Mailbox>) -> Result<Selected<'_>> {
        self.open(mailbox.into(), true).await
    }

    /// imaplib's `select(mailbox, readonly)`.
    pub async fn select_with(&mut self, mailbox: impl Into<Mailbox>, read_only: bool) -> Result<Selected<'_>> {
        self.open(mailbox.into(), read_only).await
    }

    async fn open(&mut self, mailbox: Mailbox, read_only: bool) -> Result<Selected<'_>> {
        self.conn.driver.selected = None;
        let command = Command::Select { mailbox: mailbox.clone(), read_only };
        let completion = self.conn.run(&command).await?;
        let state =
            SelectedMailbox::from_select(mailbox, read_only, &completion.untagged, completion.status.code.as_ref());
        self.conn.driver.selected = Some(state);
        let rest = completion
            .untagged
            .into_iter()
            .filter(|r| !matches!(r, Response::Data(Data::Exists(_) | Data::Recent(_) | Data::Flags(_))))
            .collect();
        self.conn.keep_unclaimed(rest);
        Ok(Selected::new(self))
    }

    /// The selected mailbox's handle, if one is selected.
    pub fn selected(&mut self) -> Option<Selected<'_>> {
        self.conn.driver.selected.is_some().then(|| Selected::new(self))
    }

    /// What is known about the selected mailbox, if any.
    pub fn selected_mailbox(&self) -> Option<&SelectedMailbox> {
        self.conn.driver.selected.as_ref()
    }

    /// `CREATE`.
    pub async fn create(&mut self, mailbox: impl Into<Mailbox>) -> Result<()> {
        self.simple(Command::Create(mailbox.into())).await
    }

    /// `DELETE`.
    pub async fn delete(&mut self, mailbox: impl Into<Mailbox>) -> Result<()> {
        self.simple(Command::Delete(mailbox.into())).await
    }

    /// `RENAME`.
    pub async fn rename(&mut self, from: impl Into<Mailbox>, to: impl Into<Mailbox>) -> Result<()> {
        self.simple(Command::Rename { from: from.into(), to: to.into() }).await
    }

    /// `SUBSCRIBE`.
    pub async fn subscribe(&mut self, mailbox: impl Into<Mailbox>) -> Result<()> {
        self.simple(Command::Subscribe(mailbox.into())).await
    }

    /// `UNSUBSCRIBE`.
    pub async fn unsubscribe(&mut self, mailbox: impl Into<Mailbox>) -> Result<()> {
        self.simple(Command::Unsubscribe(mailbox.into())).await
    }

    /// `LIST reference pattern`: mailbox names come back decoded.
    pub async fn list(&mut self, reference: &str, pattern: &str) -> Result<Vec<ListItem>> {
        let command = Command::List { reference: Mailbox::new(reference), pattern: Mailbox::new(pattern) };
        self.listing(command, |data| match data {
            Data::List(item) => Ok(*item),
            other => Err(other),
        })
        .await
    }

    /// `LSUB reference pattern`.
    pub async fn lsub(&mut self, reference: &str, pattern: &str) -> Result<Vec<ListItem>> {
        let command = Command::Lsub { reference: Mailbox::new(reference), pattern: Mailbox::new(pattern) };
        self.listing(command, |data| match data {
            Data::Lsub(item) => Ok(*item),
            other => Err(other),
        })
        .await
    }

    /// `STATUS mailbox (items)`.
    pub async fn status(&mut self, mailbox: impl Into<Mailbox>, items: &[StatusItem]) -> Result<MailboxStatus> {
        let mailbox = mailbox.into();
        let command = Command::Status { mailbox: mailbox.clone(), items: items.to_vec() };
        let mut found = self
            .listing(command, |data| match data {
                Data::Status(status) => Ok(*status),
                other => Err(other),
            })
            .await?;
        // Some servers answer for the mailbox under another spelling; take the last one.
        found.pop().ok_or_else(|| Error::Protocol(format!("STATUS for {mailbox} returned no STATUS data")))
    }

    /// `APPEND`: adds a message to `mailbox` (as a literal; LITERAL+ when the server allows).
    /// Returns the new message's UID when the server reports it (UIDPLUS).
    pub async fn append(
        &mut self,
        mailbox: impl Into<Mailbox>,
        flags: &[Flag],
        date: Option<InternalDate>,
        message: impl Into<bytes::Bytes>,
    ) -> Result<Option<AppendUid>> {
        let message = AppendData::Text(Literal::new(message)?);
        self.append_data(mailbox.into(), flags, date, message).await
    }

    /// `APPEND` of a message with NUL bytes, as `literal8` (needs BINARY, RFC 3516).
    pub async fn append_binary(
        &mut self,
        mailbox: impl Into<Mailbox>,
        flags: &[Flag],
        date: Option<InternalDate>,
        message: impl Into<bytes::Bytes>,
    ) -> Result<Option<AppendUid>> {
        self.conn.require_capability("BINARY")?;
        self.append_data(mailbox.into(), flags, date, AppendData::Binary(Literal8::new(message))).await
    }

    async fn append_data(
        &mut self,
        mailbox: Mailbox,
        flags: &[Flag],
        date: Option<InternalDate>,
        message: AppendData,
    ) -> Result<Option<AppendUid>> {
        let command = Command::Append { mailbox, flags: flags.to_vec(), date, message };
        let completion = self.conn.run(&command).await?;
        self.conn.keep_unclaimed(completion.untagged);
        Ok(match completion.status.code {
            Some(Code::AppendUid { uid_validity, uids }) => Some(AppendUid { uid_validity, uids }),
            _ => None,
        })
    }

    /// `NAMESPACE` (RFC 2342).
    pub async fn namespace(&mut self) -> Result<Namespaces> {
        let mut found = self
            .listing(Command::Namespace, |data| match data {
                Data::Namespace(ns) => Ok(*ns),
                other => Err(other),
            })
            .await?;
        found.pop().ok_or_else(|| Error::Protocol("NAMESPACE returned no NAMESPACE data".into()))
    }

    /// `PROXYAUTH user` (imaplib's proxyauth; a Cyrus extension).
    pub async fn proxyauth(&mut self, user: &str) -> Result<()> {
        self.simple(Command::ProxyAuth(AString::try_from(user)?)).await
    }

    /// Runs a command whose untagged data is not specific to it.
    pub(crate) async fn simple(&mut self, command: Command) -> Result<()> {
        let completion = self.conn.run(&command).await?;
        self.conn.keep_unclaimed(completion.untagged);
        Ok(())
    }

    /// Runs a command and collects the untagged data that `pick` claims.
    pub(crate) async fn listing<T>(
        &mut self,
        command: Command,
        mut pick: impl FnMut(Data) -> std::result::Result<T, Data>,
    ) -> Result<Vec<T>> {
        let completion = self.conn.run(&command).await?;
        let mut found = Vec::new();
        let mut rest = Vec::new();
        for response in completion.untagged {
            match response {
                Response::Data(data) => match pick(data) {
                    Ok(item) => found.push(item),
                    Err(data) => rest.push(Response::Data(data)),
                },
                other => rest.push(other),
            }
        }
        self.conn.keep_unclaimed(rest);
        Ok(found)
    }
}

impl Deref for Session {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        &self.conn
    }
}

impl DerefMut for Session {
    fn deref_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }
}
