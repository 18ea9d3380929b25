//! `Selected`: the handle for the selected state's commands (FETCH, STORE, SEARCH, COPY,
//! EXPUNGE, ...), which exists only while a mailbox is selected.

use std::ops::{Deref, DerefMut};

use bytes::Bytes;

use super::error::{Error, Result};
use super::fetch::FetchStream;
use super::mailbox::SelectedMailbox;
use super::session::Session;
use super::store::Untagged;
use crate::encode::{Arg, Command, FetchAttr, FetchItems, SearchKey, StoreMode};
use crate::response::{Code, Data, Fetch, Response, SearchResult, Section};
use crate::types::{AString, Atom, Flag, Mailbox, SequenceSet};

/// The selected mailbox's commands. Dereferences to the [`Session`], so the authenticated
/// state's commands (LIST, STATUS, APPEND, another SELECT, ...) work here too.
#[derive(Debug)]
pub struct Selected<'a> {
    session: &'a mut Session,
}

/// What COPY reports with UIDPLUS (`[COPYUID ...]`).
#[derive(Debug, Clone, PartialEq)]
pub struct CopyUid {
    /// The target mailbox's UID validity.
    pub uid_validity: u32,
    /// The copied messages' UIDs in the source mailbox.
    pub source: SequenceSet,
    /// The UIDs the copies received, in the same order.
    pub destination: SequenceSet,
}

impl<'a> Selected<'a> {
    pub(crate) fn new(session: &'a mut Session) -> Self {
        Selected { session }
    }

    /// What is known about the mailbox (counts follow the server's EXISTS / EXPUNGE updates);
    /// `None` if a later SELECT through this handle failed.
    pub fn mailbox(&self) -> Option<&SelectedMailbox> {
        self.session.selected_mailbox()
    }

    /// `CHECK`.
    pub async fn check(&mut self) -> Result<()> {
        self.session.simple(Command::Check).await
    }

    /// `CLOSE`: expunges deleted messages (unless read-only) and leaves the selected state.
    pub async fn close(self) -> Result<()> {
        self.session.driver.selected = None;
        self.session.simple(Command::Close).await
    }

    /// `UNSELECT` (RFC 3691): leaves the selected state without expunging.
    pub async fn unselect(self) -> Result<()> {
        self.session.require_capability("UNSELECT")?;
        self.session.driver.selected = None;
        self.session.simple(Command::Unselect).await
    }

    /// `EXPUNGE`: removes `\Deleted` messages; returns the sequence numbers the server reported,
    /// in its order (each relative to the mailbox after the ones before it).
    pub async fn expunge(&mut self) -> Result<Vec<u32>> {
        self.session
            .listing(Command::Expunge, |data| match data {
                Data::Expunge(n) => Ok(n),
                other => Err(other),
            })
            .await
    }

    /// `SEARCH [CHARSET charset] criteria`: matching sequence numbers.
    pub async fn search(&mut self, charset: Option<&str>, criteria: SearchKey) -> Result<Vec<u32>> {
        Ok(self.search_full(charset, criteria, false).await?.ids)
    }

    /// `UID SEARCH`: matching UIDs.
    pub async fn uid_search(&mut self, charset: Option<&str>, criteria: SearchKey) -> Result<Vec<u32>> {
        Ok(self.search_full(charset, criteria, true).await?.ids)
    }

    /// SEARCH with the whole result (including CONDSTORE's `(MODSEQ n)`).
    pub async fn search_full(&mut self, charset: Option<&str>, criteria: SearchKey, uid: bool) -> Result<SearchResult> {
        let charset = charset.map(AString::try_from).transpose()?;
        let command = Command::Search { charset, criteria, uid };
        self.collect_search(command).await
    }

    /// SEARCH with criteria as protocol text (e.g. `"UNSEEN FROM \"alice\""`); it may not
    /// contain CR, LF or NUL.
    pub async fn search_raw(&mut self, criteria: &str, uid: bool) -> Result<Vec<u32>> {
        let name = if uid { "UID" } else { "SEARCH" };
        let mut args = Vec::new();
        if uid {
            args.push(Arg::Atom(Atom::new("SEARCH")?));
        }
        args.push(Arg::Verbatim(Bytes::copy_from_slice(criteria.as_bytes())));
        let command = Command::Raw { name: Atom::new(name)?, args };
        Ok(self.collect_search(command).await?.ids)
    }

    async fn collect_search(&mut self, command: Command) -> Result<SearchResult> {
        let mut results = self
            .session
            .listing(command, |data| match data {
                Data::Search(result) => Ok(result),
                other => Err(other),
            })
            .await?;
        // Servers may split a long result over several SEARCH responses.
        let mut merged = results.drain(..).fold(SearchResult::default(), |mut all, part| {
            all.ids.extend(part.ids);
            all.modseq = part.modseq.or(all.modseq);
            all
        });
        merged.ids.dedup();
        Ok(merged)
    }

    /// `FETCH set items`: every message's data, once the command completes. For data that
    /// should be handled while it arrives, use [`Selected::fetch_stream`].
    pub async fn fetch(&mut self, set: &SequenceSet, items: impl Into<FetchItems>) -> Result<Vec<Fetch>> {
        self.fetch_command(Command::Fetch { set: set.clone(), items: items.into(), uid: false, changed_since: None })
            .await
    }

    /// `UID FETCH set items`.
    pub async fn uid_fetch(&mut self, set: &SequenceSet, items: impl Into<FetchItems>) -> Result<Vec<Fetch>> {
        self.fetch_command(Command::Fetch { set: set.clone(), items: items.into(), uid: true, changed_since: None })
            .await
    }

    /// FETCH with the items as protocol text (imaplib's form, e.g. `"(FLAGS BODY.PEEK[HEADER])"`);
    /// it may not contain CR, LF or NUL.
    pub async fn fetch_raw(&mut self, set: &SequenceSet, items: &str, uid: bool) -> Result<Vec<Fetch>> {
        let mut args = Vec::new();
        if uid {
            args.push(Arg::Atom(Atom::new("FETCH")?));
        }
        args.push(Arg::SequenceSet(set.clone()));
        args.push(Arg::Verbatim(Bytes::copy_from_slice(items.as_bytes())));
        let name = if uid { "UID" } else { "FETCH" };
        self.fetch_command(Command::Raw { name: Atom::new(name)?, args }).await
    }

    /// Runs any FETCH-like command (extensions use it too) and collects its FETCH data.
    pub async fn fetch_command(&mut self, command: Command) -> Result<Vec<Fetch>> {
        self.session
            .listing(command, |data| match data {
                Data::Fetch(fetch) => Ok(fetch),
                other => Err(other),
            })
            .await
    }

    /// `FETCH` whose results arrive as a stream while the server sends them.
    pub async fn fetch_stream(
        &mut self,
        set: &SequenceSet,
        items: impl Into<FetchItems>,
        uid: bool,
    ) -> Result<FetchStream<'_>> {
        let command = Command::Fetch { set: set.clone(), items: items.into(), uid, changed_since: None };
        FetchStream::start(&mut self.session.driver, &command).await
    }

    /// Fetches one message's `section` (`BODY.PEEK[section]`) straight into `writer`, in chunks
    /// as it arrives, without holding it in memory; returns how many bytes were written.
    pub async fn fetch_to_writer<W>(&mut self, message: u32, uid: bool, section: Section, writer: &mut W) -> Result<u64>
    where
        W: tokio::io::AsyncWrite + Unpin + Send,
    {
        let set = SequenceSet::single(message)?;
        let items = FetchAttr::BodySection { section, peek: true, partial: None };
        let command = Command::Fetch { set, items: items.into(), uid, changed_since: None };
        super::fetch::fetch_to_writer(&mut self.session.driver, &command, writer).await
    }

    /// `STORE set [+|-]FLAGS[.SILENT] (flags)`: returns the FETCH responses (none when silent).
    pub async fn store(
        &mut self,
        set: &SequenceSet,
        mode: StoreMode,
        flags: &[Flag],
        silent: bool,
    ) -> Result<Vec<Fetch>> {
        self.store_command(set, mode, flags, silent, false).await
    }

    /// `UID STORE`.
    pub async fn uid_store(
        &mut self,
        set: &SequenceSet,
        mode: StoreMode,
        flags: &[Flag],
        silent: bool,
    ) -> Result<Vec<Fetch>> {
        self.store_command(set, mode, flags, silent, true).await
    }

    async fn store_command(
        &mut self,
        set: &SequenceSet,
        mode: StoreMode,
        flags: &[Flag],
        silent: bool,
        uid: bool,
    ) -> Result<Vec<Fetch>> {
        let command =
            Command::Store { set: set.clone(), mode, silent, flags: flags.to_vec(), uid, unchanged_since: None };
        self.fetch_command(command).await
    }

    /// `COPY set mailbox`: returns the UID mapping when the server reports it (UIDPLUS).
    pub async fn copy(&mut self, set: &SequenceSet, mailbox: impl Into<Mailbox>) -> Result<Option<CopyUid>> {
        self.copy_command(set, mailbox.into(), false).await
    }

    /// `UID COPY`.
    pub async fn uid_copy(&mut self, set: &SequenceSet, mailbox: impl Into<Mailbox>) -> Result<Option<CopyUid>> {
        self.copy_command(set, mailbox.into(), true).await
    }

    async fn copy_command(&mut self, set: &SequenceSet, mailbox: Mailbox, uid: bool) -> Result<Option<CopyUid>> {
        let completion = self.session.run(&Command::Copy { set: set.clone(), mailbox, uid }).await?;
        self.session.keep_unclaimed(completion.untagged);
        Ok(match completion.status.code {
            Some(Code::CopyUid { uid_validity, source, destination }) => {
                Some(CopyUid { uid_validity, source, destination })
            }
            _ => None,
        })
    }

    /// Any `UID` command by name with typed arguments (imaplib's `uid(command, ...)`, also for
    /// the forms extensions add, like `UID MOVE` or `UID EXPUNGE`). Returns its FETCH data.
    pub async fn uid(&mut self, command: &str, args: Vec<Arg>) -> Result<Vec<Fetch>> {
        let mut all = vec![Arg::Atom(Atom::new(command)?)];
        all.extend(args);
        self.fetch_command(Command::Raw { name: Atom::new("UID")?, args: all }).await
    }

    /// imaplib's `partial(message, part, start, length)`: `length` octets of `section` from
    /// octet `start` (counted from 1, as RFC 1730's PARTIAL counts). Sent as
    /// `FETCH n BODY.PEEK[section]<start-1.length>`, since IMAP4rev1 servers dropped PARTIAL.
    pub async fn partial(&mut self, message: u32, section: Section, start: u32, length: u32) -> Result<Option<Bytes>> {
        let set = SequenceSet::single(message)?;
        let origin = start.checked_sub(1).ok_or_else(|| Error::Protocol("PARTIAL counts octets from 1".into()))?;
        let items = FetchAttr::BodySection { section: section.clone(), peek: true, partial: Some((origin, length)) };
        let fetched = self.fetch(&set, items).await?;
        Ok(fetched.iter().find_map(|f| f.section(&section)).and_then(|p| p.bytes().cloned()))
    }

    /// imaplib's `recent()`: the RECENT counts the server reported, asking with NOOP if it has
    /// reported none.
    pub async fn recent(&mut self) -> Result<Vec<u32>> {
        let mut recent = take_recent(self.session.response("RECENT"));
        if recent.is_empty() {
            let responses = self.session.noop().await?;
            recent = responses
                .iter()
                .filter_map(|r| match r {
                    Response::Data(Data::Recent(n)) => Some(*n),
                    _ => None,
                })
                .collect();
            let _ = self.session.response("RECENT");
        }
        Ok(recent)
    }
}

fn take_recent(items: Vec<Untagged>) -> Vec<u32> {
    items
        .into_iter()
        .filter_map(|u| match u {
            Untagged::Data(Data::Recent(n)) => Some(n),
            _ => None,
        })
        .collect()
}

impl Deref for Selected<'_> {
    type Target = Session;
    fn deref(&self) -> &Session {
        self.session
    }
}

impl DerefMut for Selected<'_> {
    fn deref_mut(&mut self) -> &mut Session {
        self.session
    }
}
