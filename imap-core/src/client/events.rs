//! Server events: what the server tells a session without being asked (new messages, expunges,
//! flag changes, alerts, BYE), delivered to subscribers while commands run.

use tokio::sync::broadcast;

use crate::parse::ParseError;
use crate::response::{Fetch, Status};
use crate::types::{Flag, IString};

/// Something the server reported that concerns the selected mailbox or the connection.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ServerEvent {
    /// `* n EXISTS`: the mailbox now holds `n` messages.
    Exists(u32),
    /// `* n RECENT`.
    Recent(u32),
    /// `* n EXPUNGE`: message `n` was removed (later sequence numbers shift down by one).
    Expunge(u32),
    /// A FETCH the client did not ask for (e.g. flags changed by another session).
    Fetch(Fetch),
    /// `* FLAGS (...)`: the flags defined in the mailbox changed.
    Flags(Vec<Flag>),
    /// `[ALERT]`: text that must be shown to the user.
    Alert(IString),
    /// `* BYE`: the server is closing the connection.
    Bye(Status),
    /// An untagged response that could not be parsed (its bytes and the offset are in the
    /// error). The session goes on with the next response; this is how the caller learns what
    /// was skipped.
    Unparsed(ParseError),
}

/// Receives [`ServerEvent`]s. A subscriber that falls behind by more than the configured
/// capacity gets `RecvError::Lagged(n)` (nothing is dropped silently).
pub type EventReceiver = broadcast::Receiver<ServerEvent>;
