//! What SELECT / EXAMINE report about a mailbox, kept up to date by the server's unsolicited
//! EXISTS, RECENT, EXPUNGE and FLAGS responses while it stays selected.

use crate::response::{Code, Data, Response, StatusKind};
use crate::types::{Flag, FlagPerm, Mailbox};

/// The selected mailbox.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SelectedMailbox {
    /// Its name.
    pub name: Option<Mailbox>,
    /// Selected read-only (EXAMINE, or `[READ-ONLY]` from SELECT).
    pub read_only: bool,
    /// Number of messages (`EXISTS`).
    pub exists: u32,
    /// Number of recent messages (`RECENT`).
    pub recent: u32,
    /// Flags defined in the mailbox (`FLAGS`).
    pub flags: Vec<Flag>,
    /// Flags that can be changed permanently (`PERMANENTFLAGS`).
    pub permanent_flags: Vec<FlagPerm>,
    /// `UIDVALIDITY`.
    pub uid_validity: Option<u32>,
    /// `UIDNEXT` (as of SELECT).
    pub uid_next: Option<u32>,
    /// First unseen message (`UNSEEN`).
    pub unseen: Option<u32>,
    /// `HIGHESTMODSEQ` (CONDSTORE), or `None` with `NOMODSEQ`.
    pub highest_modseq: Option<u64>,
}

impl SelectedMailbox {
    /// The state SELECT / EXAMINE reported in `untagged` and their tagged `code`.
    pub(crate) fn from_select(name: Mailbox, examine: bool, untagged: &[Response], code: Option<&Code>) -> Self {
        let mut mailbox = SelectedMailbox { name: Some(name), read_only: examine, ..Default::default() };
        for response in untagged {
            match response {
                Response::Data(data) => mailbox.apply_data(data),
                Response::Status(status) if status.kind == StatusKind::Ok => {
                    if let Some(code) = &status.code {
                        mailbox.apply_code(code);
                    }
                }
                _ => {}
            }
        }
        if let Some(code) = code {
            mailbox.apply_code(code);
        }
        mailbox
    }

    /// Follows untagged data about the mailbox.
    pub(crate) fn apply_data(&mut self, data: &Data) {
        match data {
            Data::Exists(n) => self.exists = *n,
            Data::Recent(n) => self.recent = *n,
            Data::Expunge(_) => self.exists = self.exists.saturating_sub(1),
            Data::Flags(flags) => self.flags = flags.clone(),
            _ => {}
        }
    }

    /// Follows a response code about the mailbox. Returns true when the mailbox turned
    /// read-only although it was selected read-write.
    pub(crate) fn apply_code(&mut self, code: &Code) -> bool {
        match code {
            Code::PermanentFlags(flags) => self.permanent_flags = flags.clone(),
            Code::UidValidity(n) => self.uid_validity = Some(*n),
            Code::UidNext(n) => self.uid_next = Some(*n),
            Code::Unseen(n) => self.unseen = Some(*n),
            Code::HighestModSeq(n) => self.highest_modseq = Some(*n),
            Code::NoModSeq => self.highest_modseq = None,
            Code::ReadWrite => self.read_only = false,
            Code::ReadOnly => {
                let turned = !self.read_only;
                self.read_only = true;
                return turned;
            }
            _ => {}
        }
        false
    }
}
