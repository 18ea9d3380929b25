//! The client's errors: one enum, each case typed, none carrying a secret.

use std::io;
use std::time::Duration;

use crate::encode::EncodeError;
use crate::parse::ParseError;
use crate::response::{Code, Status};
use crate::types::{IString, Tag, ValueError};

/// What went wrong with a command or the connection.
///
/// [`Error::is_connection_lost`] tells the errors after which the connection cannot be used
/// any more (a new connection recovers) from those after which it can.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The server answered `NO`: the command failed.
    #[error("{command} failed: NO{}{}", code_text(.code), text_part(.text))]
    No {
        /// The command's name.
        command: String,
        /// The response code, if any (e.g. `[AUTHENTICATIONFAILED]`, `[TRYCREATE]`).
        code: Option<Box<Code>>,
        /// The server's text.
        text: IString,
    },
    /// The server answered `BAD`: it did not understand or did not accept the command.
    #[error("{command} refused: BAD{}{}", code_text(.code), text_part(.text))]
    Bad {
        /// The command's name.
        command: String,
        /// The response code, if any.
        code: Option<Box<Code>>,
        /// The server's text.
        text: IString,
    },
    /// The server said `BYE` (or refused the connection in its greeting) and is closing the
    /// connection.
    #[error("server closed the connection: BYE{}{}", code_text(.code), text_part(.text))]
    Bye {
        /// The response code, if any.
        code: Option<Box<Code>>,
        /// The server's text.
        text: IString,
    },
    /// The connection was lost or is unusable (imaplib's `abort`): it closed, a command was
    /// cancelled half-sent, or an earlier error left it in an unknown state.
    #[error("connection unusable: {0}")]
    Abort(String),
    /// The mailbox was selected read-write but became read-only (imaplib's `readonly`).
    #[error("mailbox {mailbox} is read-only now")]
    ReadOnly {
        /// The mailbox's name.
        mailbox: String,
    },
    /// A response could not be parsed (its bytes and offset are in the error).
    #[error(transparent)]
    Parse(#[from] ParseError),
    /// Reading or writing failed.
    #[error("I/O: {0}")]
    Io(#[from] io::Error),
    /// The TLS handshake or TLS setup failed.
    #[error("TLS: {0}")]
    Tls(String),
    /// The server did not complete the command in time; the connection is unusable.
    #[error("{command} timed out after {after:?}")]
    Timeout {
        /// The command's name.
        command: String,
        /// The configured timeout.
        after: Duration,
    },
    /// The server did not advertise a capability the command needs.
    #[error("the server does not advertise {0}")]
    MissingCapability(String),
    /// The server's first line is not an IMAP greeting and does not parse as a response at
    /// all: the peer is not an IMAP server (a POP3 or SMTP port), or refuses in words of its
    /// own (`421 Server is busy`, `NO LOGOUT ...`). The error holds the line and the offset;
    /// the connection is unusable.
    #[error("not an IMAP greeting: {0}")]
    InvalidGreeting(ParseError),
    /// The server broke the protocol (a tagged response for a tag that is not in flight, a
    /// continuation nobody asked for, a missing greeting, ...); the connection is unusable.
    #[error("protocol violation: {0}")]
    Protocol(String),
    /// An argument cannot be sent (e.g. a NUL byte).
    #[error(transparent)]
    Encode(#[from] EncodeError),
    /// An argument is not a valid value (e.g. an atom with a space).
    #[error(transparent)]
    Value(#[from] ValueError),
    /// The command is not allowed in the connection's current state.
    #[error("{command} is not allowed {state}")]
    WrongState {
        /// The command's name.
        command: String,
        /// The state, e.g. "before a mailbox is selected".
        state: &'static str,
    },
    /// A SASL mechanism failed on the client side (bad server message, wrong signature, ...).
    #[error("authentication: {0}")]
    Auth(String),
}

impl Error {
    /// True when the connection cannot be used any more.
    pub fn is_connection_lost(&self) -> bool {
        matches!(
            self,
            Error::Bye { .. }
                | Error::Abort(_)
                | Error::Io(_)
                | Error::Timeout { .. }
                | Error::Protocol(_)
                | Error::InvalidGreeting(_)
                | Error::Tls(_)
        )
    }

    /// The response code of a NO, BAD or BYE.
    pub fn code(&self) -> Option<&Code> {
        match self {
            Error::No { code, .. } | Error::Bad { code, .. } | Error::Bye { code, .. } => code.as_deref(),
            _ => None,
        }
    }

    /// An error for a completed command that did not end in OK.
    pub(crate) fn from_status(command: &str, status: Status) -> Error {
        use crate::response::StatusKind;
        let Status { kind, code, text, .. } = status;
        let code = code.map(Box::new);
        match kind {
            StatusKind::No => Error::No { command: command.to_owned(), code, text },
            StatusKind::Bye => Error::Bye { code, text },
            _ => Error::Bad { command: command.to_owned(), code, text },
        }
    }

    /// A tagged response whose tag is not in flight.
    pub(crate) fn unknown_tag(tag: &Tag) -> Error {
        Error::Protocol(format!("tagged response for unknown tag {tag}"))
    }
}

fn code_text(code: &Option<Box<Code>>) -> String {
    code.as_ref().map(|c| format!(" [{}]", c.name())).unwrap_or_default()
}

fn text_part(text: &IString) -> String {
    if text.is_empty() { String::new() } else { format!(" {}", text.to_string_lossy()) }
}

/// Result with the client's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
