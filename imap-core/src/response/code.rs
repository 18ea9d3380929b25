//! Response codes: the bracketed part of a status response (RFC 3501 section 7.1, RFC 5530,
//! RFC 4315 UIDPLUS, RFC 7162 CONDSTORE/QRESYNC).

use crate::types::{Atom, CapabilitySet, FlagPerm, IString, SequenceSet};

use super::extension::ExtensionValue;

/// A response code, e.g. the `UIDNEXT 4392` of `* OK [UIDNEXT 4392] Predicted next UID`.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize), serde(rename_all = "snake_case"))]
pub enum Code {
    // RFC 3501
    /// `ALERT`: the text must be shown to the user.
    Alert,
    /// `BADCHARSET`, with the charsets the server supports when it lists them.
    BadCharset(Vec<IString>),
    /// `CAPABILITY`: the server's capabilities, sent along with a status response.
    Capability(CapabilitySet),
    /// `PARSE`: the server could not parse a message's headers.
    Parse,
    /// `PERMANENTFLAGS`: flags the client can change permanently.
    PermanentFlags(Vec<FlagPerm>),
    /// `READ-ONLY`: the mailbox is selected read-only.
    ReadOnly,
    /// `READ-WRITE`: the mailbox is selected read-write.
    ReadWrite,
    /// `TRYCREATE`: the target mailbox does not exist but could be created.
    TryCreate,
    /// `UIDNEXT`: the next UID the mailbox will assign.
    UidNext(u32),
    /// `UIDVALIDITY`: the mailbox's UID validity value.
    UidValidity(u32),
    /// `UNSEEN`: the sequence number of the first unseen message.
    Unseen(u32),
    // RFC 5530
    /// `UNAVAILABLE`: a subsystem is down; try later.
    Unavailable,
    /// `AUTHENTICATIONFAILED`: wrong credentials.
    AuthenticationFailed,
    /// `AUTHORIZATIONFAILED`: authenticated, but not allowed to act as the authorization identity.
    AuthorizationFailed,
    /// `EXPIRED`: the credentials have expired.
    Expired,
    /// `PRIVACYREQUIRED`: the operation needs an encrypted connection.
    PrivacyRequired,
    /// `CONTACTADMIN`: the user should contact the administrator.
    ContactAdmin,
    /// `NOPERM`: no permission (ACL).
    NoPerm,
    /// `INUSE`: the resource is in use by another session.
    InUse,
    /// `EXPUNGEISSUED`: a message was expunged by another session meanwhile.
    ExpungeIssued,
    /// `CORRUPTION`: the server found corrupt data.
    Corruption,
    /// `SERVERBUG`: the server is at fault.
    ServerBug,
    /// `CLIENTBUG`: the server thinks the client is at fault.
    ClientBug,
    /// `CANNOT`: the operation can never succeed.
    Cannot,
    /// `LIMIT`: a server limit was hit.
    Limit,
    /// `OVERQUOTA`: the quota is exceeded.
    OverQuota,
    /// `ALREADYEXISTS`: the name is taken.
    AlreadyExists,
    /// `NONEXISTENT`: the mailbox does not exist.
    Nonexistent,
    // RFC 4315
    /// `APPENDUID`: UID validity and the UIDs of the appended messages.
    AppendUid {
        /// UID validity of the target mailbox.
        uid_validity: u32,
        /// UIDs the messages received.
        uids: SequenceSet,
    },
    /// `COPYUID`: UID validity of the target and the source/target UID mapping.
    CopyUid {
        /// UID validity of the target mailbox.
        uid_validity: u32,
        /// UIDs of the copied messages in the source mailbox.
        source: SequenceSet,
        /// UIDs the copies received, in the same order.
        destination: SequenceSet,
    },
    /// `UIDNOTSTICKY`: the mailbox does not keep UIDs across sessions.
    UidNotSticky,
    // RFC 7162
    /// `HIGHESTMODSEQ`: the highest mod-sequence in the mailbox.
    HighestModSeq(u64),
    /// `NOMODSEQ`: the mailbox does not keep mod-sequences.
    NoModSeq,
    /// `MODIFIED`: messages that failed a conditional STORE.
    Modified(SequenceSet),
    /// `CLOSED`: the previously selected mailbox is now closed.
    Closed,
    /// A code an extension registered a parser for.
    Extension {
        /// The code's name as sent.
        name: Atom,
        /// The extension's typed value.
        value: ExtensionValue,
    },
    /// A code nobody registered, kept as its name and the raw text up to `]`.
    Other {
        /// The code's name as sent.
        name: Atom,
        /// Whatever followed the name inside the brackets (without the separating space).
        value: Option<IString>,
    },
}

impl Code {
    /// The code's name as RFC text spells it (`"UIDNEXT"`), or as sent for unknown codes.
    pub fn name(&self) -> &str {
        match self {
            Code::Alert => "ALERT",
            Code::BadCharset(_) => "BADCHARSET",
            Code::Capability(_) => "CAPABILITY",
            Code::Parse => "PARSE",
            Code::PermanentFlags(_) => "PERMANENTFLAGS",
            Code::ReadOnly => "READ-ONLY",
            Code::ReadWrite => "READ-WRITE",
            Code::TryCreate => "TRYCREATE",
            Code::UidNext(_) => "UIDNEXT",
            Code::UidValidity(_) => "UIDVALIDITY",
            Code::Unseen(_) => "UNSEEN",
            Code::Unavailable => "UNAVAILABLE",
            Code::AuthenticationFailed => "AUTHENTICATIONFAILED",
            Code::AuthorizationFailed => "AUTHORIZATIONFAILED",
            Code::Expired => "EXPIRED",
            Code::PrivacyRequired => "PRIVACYREQUIRED",
            Code::ContactAdmin => "CONTACTADMIN",
            Code::NoPerm => "NOPERM",
            Code::InUse => "INUSE",
            Code::ExpungeIssued => "EXPUNGEISSUED",
            Code::Corruption => "CORRUPTION",
            Code::ServerBug => "SERVERBUG",
            Code::ClientBug => "CLIENTBUG",
            Code::Cannot => "CANNOT",
            Code::Limit => "LIMIT",
            Code::OverQuota => "OVERQUOTA",
            Code::AlreadyExists => "ALREADYEXISTS",
            Code::Nonexistent => "NONEXISTENT",
            Code::AppendUid { .. } => "APPENDUID",
            Code::CopyUid { .. } => "COPYUID",
            Code::UidNotSticky => "UIDNOTSTICKY",
            Code::HighestModSeq(_) => "HIGHESTMODSEQ",
            Code::NoModSeq => "NOMODSEQ",
            Code::Modified(_) => "MODIFIED",
            Code::Closed => "CLOSED",
            Code::Extension { name, .. } | Code::Other { name, .. } => name.as_str(),
        }
    }

    /// The code without arguments whose name is `name` (ASCII case ignored).
    pub(crate) fn bare(name: &[u8]) -> Option<Code> {
        const BARE: &[(&str, Code)] = &[
            ("ALERT", Code::Alert),
            ("PARSE", Code::Parse),
            ("READ-ONLY", Code::ReadOnly),
            ("READ-WRITE", Code::ReadWrite),
            ("TRYCREATE", Code::TryCreate),
            ("UNAVAILABLE", Code::Unavailable),
            ("AUTHENTICATIONFAILED", Code::AuthenticationFailed),
            ("AUTHORIZATIONFAILED", Code::AuthorizationFailed),
            ("EXPIRED", Code::Expired),
            ("PRIVACYREQUIRED", Code::PrivacyRequired),
            ("CONTACTADMIN", Code::ContactAdmin),
            ("NOPERM", Code::NoPerm),
            ("INUSE", Code::InUse),
            ("EXPUNGEISSUED", Code::ExpungeIssued),
            ("CORRUPTION", Code::Corruption),
            ("SERVERBUG", Code::ServerBug),
            ("CLIENTBUG", Code::ClientBug),
            ("CANNOT", Code::Cannot),
            ("LIMIT", Code::Limit),
            ("OVERQUOTA", Code::OverQuota),
            ("ALREADYEXISTS", Code::AlreadyExists),
            ("NONEXISTENT", Code::Nonexistent),
            ("UIDNOTSTICKY", Code::UidNotSticky),
            ("NOMODSEQ", Code::NoModSeq),
            ("CLOSED", Code::Closed),
        ];
        BARE.iter().find(|(n, _)| n.as_bytes().eq_ignore_ascii_case(name)).map(|(_, c)| c.clone())
    }
}
