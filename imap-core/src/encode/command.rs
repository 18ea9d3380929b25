//! Typed commands: every RFC 3501 command, the few more that imaplib offers (UNSELECT,
//! NAMESPACE, PROXYAUTH, PARTIAL) and a raw form whose arguments are still typed.

use bytes::Bytes;

use super::fetch::{FetchItems, write_items};
use super::search::{SearchKey, write_criteria};
use super::writer::{StringKind, Writer};
use super::{EncodeError, EncodeOptions, EncodedCommand};
use crate::types::{AString, Atom, Flag, InternalDate, Literal, Literal8, Mailbox, Quoted, Secret, SequenceSet, Tag};

/// A command.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Command {
    /// `CAPABILITY`.
    Capability,
    /// `NOOP`.
    Noop,
    /// `LOGOUT`.
    Logout,
    /// `STARTTLS`.
    StartTls,
    /// `AUTHENTICATE mechanism [initial-response]`. The initial response (SASL-IR, RFC 4959)
    /// is given raw and sent base64-encoded (`=` when empty).
    Authenticate {
        /// The SASL mechanism name.
        mechanism: Atom,
        /// The client's first message, sent inline.
        initial_response: Option<Secret<Vec<u8>>>,
    },
    /// `LOGIN user password` (the password is always quoted or a literal).
    Login {
        /// The user name.
        username: AString,
        /// The password.
        password: Secret<AString>,
    },
    /// `SELECT mailbox`, or `EXAMINE mailbox` when `read_only`.
    Select {
        /// The mailbox.
        mailbox: Mailbox,
        /// Send EXAMINE instead.
        read_only: bool,
    },
    /// `CREATE mailbox`.
    Create(Mailbox),
    /// `DELETE mailbox`.
    Delete(Mailbox),
    /// `RENAME from to`.
    Rename {
        /// The existing name.
        from: Mailbox,
        /// The new name.
        to: Mailbox,
    },
    /// `SUBSCRIBE mailbox`.
    Subscribe(Mailbox),
    /// `UNSUBSCRIBE mailbox`.
    Unsubscribe(Mailbox),
    /// `LIST reference pattern` (`%` and `*` in the pattern are wildcards).
    List {
        /// The reference name (often empty).
        reference: Mailbox,
        /// The pattern.
        pattern: Mailbox,
    },
    /// `LSUB reference pattern`.
    Lsub {
        /// The reference name.
        reference: Mailbox,
        /// The pattern.
        pattern: Mailbox,
    },
    /// `STATUS mailbox (items)`.
    Status {
        /// The mailbox.
        mailbox: Mailbox,
        /// What to report.
        items: Vec<StatusItem>,
    },
    /// `APPEND mailbox [(flags)] [date-time] literal`.
    Append {
        /// The target mailbox.
        mailbox: Mailbox,
        /// Flags to set on the new message.
        flags: Vec<Flag>,
        /// The internal date to give it.
        date: Option<InternalDate>,
        /// The message.
        message: AppendData,
    },
    /// `CHECK`.
    Check,
    /// `CLOSE`.
    Close,
    /// `UNSELECT` (RFC 3691).
    Unselect,
    /// `EXPUNGE`.
    Expunge,
    /// `[UID] SEARCH [CHARSET charset] criteria`.
    Search {
        /// The charset of the strings in the criteria.
        charset: Option<AString>,
        /// The criteria.
        criteria: SearchKey,
        /// Send `UID SEARCH` (results are UIDs).
        uid: bool,
    },
    /// `[UID] FETCH set items [(modifiers)]`.
    Fetch {
        /// Which messages.
        set: SequenceSet,
        /// What to fetch.
        items: FetchItems,
        /// `set` holds UIDs.
        uid: bool,
        /// `CHANGEDSINCE n` (RFC 7162).
        changed_since: Option<u64>,
    },
    /// `[UID] STORE set [+|-]FLAGS[.SILENT] (flags)`.
    Store {
        /// Which messages.
        set: SequenceSet,
        /// Replace, add or remove.
        mode: StoreMode,
        /// Suppress the untagged FETCH replies.
        silent: bool,
        /// The flags.
        flags: Vec<Flag>,
        /// `set` holds UIDs.
        uid: bool,
        /// `UNCHANGEDSINCE n` (RFC 7162).
        unchanged_since: Option<u64>,
    },
    /// `[UID] COPY set mailbox`.
    Copy {
        /// Which messages.
        set: SequenceSet,
        /// The target.
        mailbox: Mailbox,
        /// `set` holds UIDs.
        uid: bool,
    },
    /// `NAMESPACE` (RFC 2342).
    Namespace,
    /// `PROXYAUTH user` (imaplib's proxyauth; a Cyrus extension).
    ProxyAuth(AString),
    /// `PARTIAL seq item start length` (RFC 1730; obsolete, see imaplib's partial).
    Partial {
        /// Message sequence number.
        seq: u32,
        /// Item name, e.g. `BODY[]`.
        item: Atom,
        /// First octet (1-based, as RFC 1730 counts).
        start: u32,
        /// Number of octets.
        length: u32,
    },
    /// Any other command: a name and typed arguments, separated by spaces.
    Raw {
        /// The command name, e.g. `XYZZY` or `UID EXPUNGE` parts as separate args.
        name: Atom,
        /// The arguments.
        args: Vec<Arg>,
    },
}

/// The message data of an APPEND.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AppendData {
    /// A literal (no NUL bytes).
    Text(Literal),
    /// A `literal8` (RFC 3516 BINARY; any bytes).
    Binary(Literal8),
}

/// `STATUS` data items.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StatusItem {
    /// `MESSAGES`.
    Messages,
    /// `RECENT`.
    Recent,
    /// `UIDNEXT`.
    UidNext,
    /// `UIDVALIDITY`.
    UidValidity,
    /// `UNSEEN`.
    Unseen,
    /// `HIGHESTMODSEQ` (RFC 7162).
    HighestModSeq,
    /// `SIZE` (RFC 8438).
    Size,
    /// Any other item.
    Other(Atom),
}

/// How STORE changes the flags.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoreMode {
    /// `FLAGS`: replace.
    Replace,
    /// `+FLAGS`: add.
    Add,
    /// `-FLAGS`: remove.
    Remove,
}

/// An argument of a [`Command::Raw`]. Each one is checked or encoded so that it cannot end the
/// command early.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    /// An atom, sent as is.
    Atom(Atom),
    /// A string, sent as an atom, quoted string or literal as its content allows.
    AString(AString),
    /// A string that is never sent as an atom.
    String(AString),
    /// A quoted string.
    Quoted(Quoted),
    /// A literal.
    Literal(Literal),
    /// A number.
    Number(u64),
    /// A mailbox name (modified UTF-7 unless in UTF-8 mode).
    Mailbox(Mailbox),
    /// A sequence set.
    SequenceSet(SequenceSet),
    /// `NIL`.
    Nil,
    /// A parenthesized list.
    List(Vec<Arg>),
    /// Protocol text passed through (e.g. `BODY.PEEK[HEADER.FIELDS (SUBJECT)]`). It may not
    /// contain CR, LF or NUL.
    Verbatim(Bytes),
}

impl Command {
    /// The command's name as it goes on the wire (`"UID FETCH"`, `"SELECT"`, ...).
    pub fn name(&self) -> String {
        let with_uid = |u: bool, name: &str| if u { format!("UID {name}") } else { name.to_owned() };
        match self {
            Command::Capability => "CAPABILITY".into(),
            Command::Noop => "NOOP".into(),
            Command::Logout => "LOGOUT".into(),
            Command::StartTls => "STARTTLS".into(),
            Command::Authenticate { .. } => "AUTHENTICATE".into(),
            Command::Login { .. } => "LOGIN".into(),
            Command::Select { read_only: false, .. } => "SELECT".into(),
            Command::Select { read_only: true, .. } => "EXAMINE".into(),
            Command::Create(_) => "CREATE".into(),
            Command::Delete(_) => "DELETE".into(),
            Command::Rename { .. } => "RENAME".into(),
            Command::Subscribe(_) => "SUBSCRIBE".into(),
            Command::Unsubscribe(_) => "UNSUBSCRIBE".into(),
            Command::List { .. } => "LIST".into(),
            Command::Lsub { .. } => "LSUB".into(),
            Command::Status { .. } => "STATUS".into(),
            Command::Append { .. } => "APPEND".into(),
            Command::Check => "CHECK".into(),
            Command::Close => "CLOSE".into(),
            Command::Unselect => "UNSELECT".into(),
            Command::Expunge => "EXPUNGE".into(),
            Command::Search { uid, .. } => with_uid(*uid, "SEARCH"),
            Command::Fetch { uid, .. } => with_uid(*uid, "FETCH"),
            Command::Store { uid, .. } => with_uid(*uid, "STORE"),
            Command::Copy { uid, .. } => with_uid(*uid, "COPY"),
            Command::Namespace => "NAMESPACE".into(),
            Command::ProxyAuth(_) => "PROXYAUTH".into(),
            Command::Partial { .. } => "PARTIAL".into(),
            Command::Raw { name, .. } => name.to_string(),
        }
    }

    /// Encodes the command under `tag`.
    pub fn encode(&self, tag: Tag, options: &EncodeOptions) -> Result<EncodedCommand, EncodeError> {
        let mut w = Writer::new(options);
        w.raw(tag.as_bytes());
        w.sp();
        self.write(&mut w)?;
        Ok(EncodedCommand { tag, fragments: w.finish() })
    }

    fn write(&self, w: &mut Writer<'_>) -> Result<(), EncodeError> {
        let name = self.name();
        w.raw(name.as_bytes());
        match self {
            Command::Capability
            | Command::Noop
            | Command::Logout
            | Command::StartTls
            | Command::Check
            | Command::Close
            | Command::Unselect
            | Command::Expunge
            | Command::Namespace => {}
            Command::Authenticate { mechanism, initial_response } => {
                w.sp();
                w.raw(mechanism.as_bytes());
                if let Some(initial) = initial_response {
                    w.sp();
                    if initial.expose().is_empty() {
                        w.raw(b"=");
                    } else {
                        use base64::Engine;
                        w.raw(base64::engine::general_purpose::STANDARD.encode(initial.expose()).as_bytes());
                    }
                }
            }
            Command::Login { username, password } => {
                w.sp();
                w.string(username.as_bytes(), StringKind::AString, "user name", false)?;
                w.sp();
                w.string(password.expose().as_bytes(), StringKind::String, "password", true)?;
            }
            Command::Select { mailbox, .. }
            | Command::Create(mailbox)
            | Command::Delete(mailbox)
            | Command::Subscribe(mailbox)
            | Command::Unsubscribe(mailbox) => {
                w.sp();
                w.mailbox(mailbox)?;
            }
            Command::Rename { from, to } => {
                w.sp();
                w.mailbox(from)?;
                w.sp();
                w.mailbox(to)?;
            }
            Command::List { reference, pattern } | Command::Lsub { reference, pattern } => {
                w.sp();
                w.mailbox(reference)?;
                w.sp();
                w.list_pattern(pattern)?;
            }
            Command::Status { mailbox, items } => {
                w.sp();
                w.mailbox(mailbox)?;
                w.raw(b" (");
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        w.sp();
                    }
                    w.raw(status_item_name(item));
                }
                w.raw(b")");
            }
            Command::Append { mailbox, flags, date, message } => {
                w.sp();
                w.mailbox(mailbox)?;
                if !flags.is_empty() {
                    w.sp();
                    w.flag_list(flags);
                }
                if let Some(date) = date {
                    w.raw(format!(" \"{date}\"").as_bytes());
                }
                w.sp();
                match message {
                    AppendData::Text(literal) => w.literal(literal.bytes().clone(), false),
                    AppendData::Binary(literal) => w.literal(literal.bytes().clone(), true),
                }
            }
            Command::Search { charset, criteria, .. } => {
                if let Some(charset) = charset {
                    w.raw(b" CHARSET ");
                    w.string(charset.as_bytes(), StringKind::AString, "charset", false)?;
                }
                w.sp();
                write_criteria(w, criteria)?;
            }
            Command::Fetch { set, items, changed_since, .. } => {
                w.sp();
                w.raw(set.to_string().as_bytes());
                w.sp();
                write_items(w, items)?;
                if let Some(modseq) = changed_since {
                    w.raw(b" (CHANGEDSINCE ");
                    w.number(*modseq);
                    w.raw(b")");
                }
            }
            Command::Store { set, mode, silent, flags, unchanged_since, .. } => {
                w.sp();
                w.raw(set.to_string().as_bytes());
                if let Some(modseq) = unchanged_since {
                    w.raw(b" (UNCHANGEDSINCE ");
                    w.number(*modseq);
                    w.raw(b")");
                }
                w.raw(match mode {
                    StoreMode::Replace => b" FLAGS",
                    StoreMode::Add => b" +FLAGS",
                    StoreMode::Remove => b" -FLAGS",
                });
                if *silent {
                    w.raw(b".SILENT");
                }
                w.sp();
                w.flag_list(flags);
            }
            Command::Copy { set, mailbox, .. } => {
                w.sp();
                w.raw(set.to_string().as_bytes());
                w.sp();
                w.mailbox(mailbox)?;
            }
            Command::ProxyAuth(user) => {
                w.sp();
                w.string(user.as_bytes(), StringKind::AString, "user name", false)?;
            }
            Command::Partial { seq, item, start, length } => {
                w.sp();
                w.number(*seq);
                w.sp();
                w.raw(item.as_bytes());
                w.sp();
                w.number(*start);
                w.sp();
                w.number(*length);
            }
            Command::Raw { args, .. } => {
                for arg in args {
                    w.sp();
                    write_arg(w, arg)?;
                }
            }
        }
        Ok(())
    }
}

fn status_item_name(item: &StatusItem) -> &[u8] {
    match item {
        StatusItem::Messages => b"MESSAGES",
        StatusItem::Recent => b"RECENT",
        StatusItem::UidNext => b"UIDNEXT",
        StatusItem::UidValidity => b"UIDVALIDITY",
        StatusItem::Unseen => b"UNSEEN",
        StatusItem::HighestModSeq => b"HIGHESTMODSEQ",
        StatusItem::Size => b"SIZE",
        StatusItem::Other(atom) => atom.as_bytes(),
    }
}

fn write_arg(w: &mut Writer<'_>, arg: &Arg) -> Result<(), EncodeError> {
    match arg {
        Arg::Atom(atom) => w.raw(atom.as_bytes()),
        Arg::AString(s) => w.string(s.as_bytes(), StringKind::AString, "argument", false)?,
        Arg::String(s) => w.string(s.as_bytes(), StringKind::String, "argument", false)?,
        Arg::Quoted(q) => {
            // A Quoted has no CR/LF/NUL; 8-bit outside UTF-8 mode falls back to a literal.
            w.string(q.as_bytes(), StringKind::String, "quoted string", false)?;
        }
        Arg::Literal(literal) => w.literal(literal.bytes().clone(), false),
        Arg::Number(n) => w.number(*n),
        Arg::Mailbox(mailbox) => w.mailbox(mailbox)?,
        Arg::SequenceSet(set) => w.raw(set.to_string().as_bytes()),
        Arg::Nil => w.raw(b"NIL"),
        Arg::List(items) => {
            w.raw(b"(");
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    w.sp();
                }
                write_arg(w, item)?;
            }
            w.raw(b")");
        }
        Arg::Verbatim(bytes) => {
            if let Some(pos) = bytes.iter().position(|b| matches!(b, b'\r' | b'\n' | 0)) {
                return Err(EncodeError::new("verbatim argument", "contains CR, LF or NUL", bytes, pos, false));
            }
            w.raw(bytes);
        }
    }
    Ok(())
}
