//! The `Authenticator` trait: a SASL client mechanism, as the client's `authenticate` drives it.
//!
//! A mechanism produces raw bytes; base64 framing is the client's job. A downstream crate adds a
//! mechanism with one impl:
//!
//! ```
//! use imap_core::auth::{AuthError, Authenticator};
//! use imap_core::types::Secret;
//!
//! /// RFC 4616 PLAIN, minimal.
//! struct Plain { user: String, password: Secret<String> }
//!
//! impl Authenticator for Plain {
//!     fn mechanism(&self) -> &str {
//!         "PLAIN"
//!     }
//!     fn initial_response(&mut self) -> Option<Secret<Vec<u8>>> {
//!         Some(Secret::new(format!("\0{}\0{}", self.user, self.password.expose()).into_bytes()))
//!     }
//!     fn step(&mut self, _challenge: &[u8]) -> Result<Secret<Vec<u8>>, AuthError> {
//!         // Without SASL-IR the server sends an empty challenge first.
//!         self.initial_response().ok_or_else(|| AuthError::new("PLAIN has nothing more to say"))
//!     }
//! }
//! ```

use crate::types::Secret;

/// A SASL mechanism on the client side (RFC 4422), driven by `authenticate`.
pub trait Authenticator: Send {
    /// The mechanism's name as in `AUTH=` capabilities (`PLAIN`, `SCRAM-SHA-256`, ...).
    fn mechanism(&self) -> &str;

    /// The client's first message, if the mechanism starts with one. It is sent inline with
    /// the AUTHENTICATE command when the server advertises SASL-IR (RFC 4959), else in answer
    /// to the server's first (empty) challenge via [`Authenticator::step`].
    fn initial_response(&mut self) -> Option<Secret<Vec<u8>>> {
        None
    }

    /// Answers a server challenge (already base64-decoded). An error aborts the exchange: the
    /// client sends `*` and the command fails with the error's reason.
    fn step(&mut self, challenge: &[u8]) -> Result<Secret<Vec<u8>>, AuthError>;

    /// Called when the server reports success, with the data of a final `[SASL ...]`-style
    /// message if there was one. Mechanisms that must verify the server (SCRAM's server
    /// signature) fail here if they have not.
    fn complete(&mut self) -> Result<(), AuthError> {
        Ok(())
    }
}

/// A mechanism could not go on (bad challenge, wrong server signature, ...).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{reason}")]
pub struct AuthError {
    reason: String,
}

impl AuthError {
    /// An error with a reason (which must not contain secrets).
    pub fn new(reason: impl Into<String>) -> Self {
        AuthError { reason: reason.into() }
    }

    /// The reason.
    pub fn reason(&self) -> &str {
        &self.reason
    }
}
