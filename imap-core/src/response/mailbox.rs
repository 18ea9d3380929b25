//! Mailbox data: LIST / LSUB, STATUS, NAMESPACE (RFC 2342) and SEARCH responses.

use std::fmt;

use super::value::Value;
use crate::types::{Atom, IString, Mailbox};

/// `* LIST (\HasNoChildren) "/" "INBOX/Sub"` (also LSUB).
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ListItem {
    /// Name attributes, e.g. `\Noselect`, `\HasChildren`, special-use `\Sent`.
    pub attributes: Vec<MailboxAttribute>,
    /// Hierarchy delimiter; `None` for a flat namespace (`NIL`).
    pub delimiter: Option<char>,
    /// The mailbox name, decoded.
    pub mailbox: Mailbox,
    /// LIST-EXTENDED (RFC 5258) extended data, e.g. `("CHILDINFO" ("SUBSCRIBED"))`.
    pub extended: Vec<(IString, Value)>,
}

/// A mailbox name attribute of a LIST response. Parsed case-insensitively (Cyrus sends
/// special-use attributes in lower case).
#[derive(Clone, PartialEq, Eq, Hash)]
pub enum MailboxAttribute {
    /// `\Noinferiors`.
    NoInferiors,
    /// `\Noselect`.
    NoSelect,
    /// `\Marked`.
    Marked,
    /// `\Unmarked`.
    Unmarked,
    /// `\HasChildren` (RFC 3348 / 5258).
    HasChildren,
    /// `\HasNoChildren`.
    HasNoChildren,
    /// `\NonExistent` (RFC 5258).
    NonExistent,
    /// `\Subscribed` (RFC 5258).
    Subscribed,
    /// `\Remote` (RFC 5258).
    Remote,
    /// `\All` (special-use, RFC 6154).
    All,
    /// `\Archive`.
    Archive,
    /// `\Drafts`.
    Drafts,
    /// `\Flagged`.
    Flagged,
    /// `\Junk`.
    Junk,
    /// `\Sent`.
    Sent,
    /// `\Trash`.
    Trash,
    /// `\Important` (RFC 8457).
    Important,
    /// Any other attribute, without its backslash (or an attribute without one, kept whole).
    Other(Atom),
}

impl MailboxAttribute {
    /// The attribute for `name` (with its backslash), ASCII case ignored.
    pub(crate) fn from_wire(name: &[u8]) -> Option<MailboxAttribute> {
        use MailboxAttribute::*;
        const KNOWN: &[(&str, MailboxAttribute)] = &[
            ("\\Noinferiors", NoInferiors),
            ("\\Noselect", NoSelect),
            ("\\Marked", Marked),
            ("\\Unmarked", Unmarked),
            ("\\HasChildren", HasChildren),
            ("\\HasNoChildren", HasNoChildren),
            ("\\NonExistent", NonExistent),
            ("\\Subscribed", Subscribed),
            ("\\Remote", Remote),
            ("\\All", All),
            ("\\Archive", Archive),
            ("\\Drafts", Drafts),
            ("\\Flagged", Flagged),
            ("\\Junk", Junk),
            ("\\Sent", Sent),
            ("\\Trash", Trash),
            ("\\Important", Important),
        ];
        KNOWN.iter().find(|(n, _)| n.as_bytes().eq_ignore_ascii_case(name)).map(|(_, a)| a.clone())
    }

    /// True for the special-use attributes of RFC 6154 (and `\Important`).
    pub fn is_special_use(&self) -> bool {
        use MailboxAttribute::*;
        matches!(self, All | Archive | Drafts | Flagged | Junk | Sent | Trash | Important)
    }
}

impl fmt::Display for MailboxAttribute {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use MailboxAttribute::*;
        let name = match self {
            NoInferiors => "Noinferiors",
            NoSelect => "Noselect",
            Marked => "Marked",
            Unmarked => "Unmarked",
            HasChildren => "HasChildren",
            HasNoChildren => "HasNoChildren",
            NonExistent => "NonExistent",
            Subscribed => "Subscribed",
            Remote => "Remote",
            All => "All",
            Archive => "Archive",
            Drafts => "Drafts",
            Flagged => "Flagged",
            Junk => "Junk",
            Sent => "Sent",
            Trash => "Trash",
            Important => "Important",
            Other(atom) => return write!(f, "\\{atom}"),
        };
        write!(f, "\\{name}")
    }
}

impl fmt::Debug for MailboxAttribute {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{self}")
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for MailboxAttribute {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// `* STATUS INBOX (MESSAGES 3 UIDNEXT 4)`.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct MailboxStatus {
    /// The mailbox.
    pub mailbox: Mailbox,
    /// `MESSAGES`.
    pub messages: Option<u32>,
    /// `RECENT`.
    pub recent: Option<u32>,
    /// `UIDNEXT`.
    pub uid_next: Option<u32>,
    /// `UIDVALIDITY`.
    pub uid_validity: Option<u32>,
    /// `UNSEEN`.
    pub unseen: Option<u32>,
    /// `HIGHESTMODSEQ` (RFC 7162).
    pub highest_modseq: Option<u64>,
    /// `SIZE` (RFC 8438).
    pub size: Option<u64>,
    /// Other items, by name (e.g. `DELETED`, `APPENDLIMIT`, `MAILBOXID`).
    pub other: Vec<(Atom, Value)>,
}

impl MailboxStatus {
    /// An empty status for `mailbox`.
    pub fn new(mailbox: Mailbox) -> Self {
        MailboxStatus {
            mailbox,
            messages: None,
            recent: None,
            uid_next: None,
            uid_validity: None,
            unseen: None,
            highest_modseq: None,
            size: None,
            other: Vec::new(),
        }
    }
}

/// `* NAMESPACE (("" "/")) NIL (("shared/" "/"))` (RFC 2342).
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Namespaces {
    /// The user's own namespaces.
    pub personal: Vec<Namespace>,
    /// Other users' namespaces.
    pub other_users: Vec<Namespace>,
    /// Shared namespaces.
    pub shared: Vec<Namespace>,
}

/// One namespace description.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Namespace {
    /// The prefix, decoded like a mailbox name (e.g. `Other Users/`).
    pub prefix: Mailbox,
    /// Hierarchy delimiter; `None` for `NIL`.
    pub delimiter: Option<char>,
    /// Namespace response extensions, e.g. `"TRANSLATION" ("Shared")`.
    pub extensions: Vec<(IString, Vec<IString>)>,
}

/// `* SEARCH 2 84 882 (MODSEQ 917162500)`.
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct SearchResult {
    /// Matching sequence numbers or UIDs.
    pub ids: Vec<u32>,
    /// The highest mod-sequence of the matches (RFC 7162), when asked for.
    pub modseq: Option<u64>,
}
