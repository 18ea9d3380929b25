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
//!     fn initial_response(&mut self) -> Result<Option<Secret<Vec<u8>>>, AuthError> {
//!         Ok(Some(Secret::new(format!("\0{}\0{}", self.user, self.password.expose()).into_bytes())))
//!     }
//!     fn step(&mut self, _challenge: &[u8]) -> Result<Secret<Vec<u8>>, AuthError> {
//!         Err(AuthError::new("PLAIN has nothing more to say"))
//!     }
//! }
//! ```

use crate::types::Secret;

/// A SASL mechanism on the client side (RFC 4422), driven by `authenticate`.
pub trait Authenticator: Send {
    /// The mechanism's name as in `AUTH=` capabilities (`PLAIN`, `SCRAM-SHA-256`, ...).
    fn mechanism(&self) -> &str;

    /// Channel-binding data of the TLS connection, given before the exchange starts (only
    /// when the connection is encrypted). SCRAM-*-PLUS binds to it; others ignore it.
    fn bind_channel(&mut self, _binding: &ChannelBinding) {}

    /// The client's first message, if the mechanism starts with one. The client sends it
    /// inline with the AUTHENTICATE command when the server advertises SASL-IR (RFC 4959), and
    /// otherwise in answer to the server's first, empty, challenge. An error aborts before
    /// anything is sent.
    fn initial_response(&mut self) -> Result<Option<Secret<Vec<u8>>>, AuthError> {
        Ok(None)
    }

    /// Answers a server challenge (already base64-decoded). An error aborts the exchange: the
    /// client sends `*` and the command fails with the error's reason.
    fn step(&mut self, challenge: &[u8]) -> Result<Secret<Vec<u8>>, AuthError>;

    /// Called when the server reports success. Mechanisms that must verify the server
    /// (SCRAM's server signature, which arrives as the last challenge) fail here if they have
    /// not: a server that skips the proof is not trusted.
    fn complete(&mut self) -> Result<(), AuthError> {
        Ok(())
    }
}

/// What a TLS connection offers for channel binding (RFC 5056).
#[derive(Clone, Default, PartialEq, Eq)]
pub struct ChannelBinding {
    /// `tls-exporter` (RFC 9266): keying material exported with the label
    /// `EXPORTER-Channel-Binding` (TLS 1.3).
    pub tls_exporter: Option<Vec<u8>>,
    /// `tls-server-end-point` (RFC 5929): the hash of the server's certificate.
    pub tls_server_end_point: Option<Vec<u8>>,
}

impl std::fmt::Debug for ChannelBinding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ChannelBinding")
            .field("tls_exporter", &self.tls_exporter.as_ref().map(|d| d.len()))
            .field("tls_server_end_point", &self.tls_server_end_point.as_ref().map(|d| d.len()))
            .finish()
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
