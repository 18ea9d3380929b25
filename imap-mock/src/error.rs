//! What can go wrong in a mock conversation.

use crate::transcript::Transcript;

/// Why a conversation did not go as scripted.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum MockError {
    /// The client sent something other than what the script expects next.
    #[error(
        "client deviated from the script at line {line}:\n  expected: {expected}\n  received: {received}\n{transcript}"
    )]
    Deviation {
        /// The script line of the expectation.
        line: usize,
        /// What the script expected (escaped).
        expected: String,
        /// What the client sent (escaped).
        received: String,
        /// The conversation up to the deviation.
        transcript: Transcript,
    },
    /// The client closed the connection while the script expected more.
    #[error("the client closed the connection, but the script expects more at line {line}\n{transcript}")]
    UnexpectedEof {
        /// The script line of the next expectation.
        line: usize,
        /// The conversation up to the end.
        transcript: Transcript,
    },
    /// The client sent a message that cannot be read (e.g. a literal beyond the mock's limit).
    #[error("unreadable client message: {0}")]
    BadClientMessage(String),
    /// Reading, writing or TLS failed.
    #[error("I/O: {0}")]
    Io(#[from] std::io::Error),
    /// The server task stopped abnormally.
    #[error("the mock server task failed: {0}")]
    Task(String),
}

impl MockError {
    /// The conversation up to the failure, when there is one.
    pub fn transcript(&self) -> Option<&Transcript> {
        match self {
            MockError::Deviation { transcript, .. } | MockError::UnexpectedEof { transcript, .. } => Some(transcript),
            _ => None,
        }
    }
}
