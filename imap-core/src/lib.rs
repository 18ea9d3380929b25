//! The protocol core of the IMAP framework: value types, the incremental response decoder, the
//! parser (nom) and the command encoder.
//!
//! The protocol layer is sans-I/O: bytes go in, typed responses come out, and commands are
//! encoded to bytes; nothing here touches a socket.
//!
//! - [`types`]: values that cannot be invalid (tags, atoms, strings, flags, sequence sets,
//!   mailbox names, dates, capabilities, secrets).
//! - [`decode`]: framing of the byte stream into responses, incremental and bounded.
//! - [`parse`]: the response grammar and the registry through which extensions add parsers.
//! - [`response`]: the typed responses.
//! - [`encode`]: typed commands and their encoding.
//! - [`tolerances`]: every deviation from RFC 3501 that the parser accepts.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub(crate) mod escape;

pub mod auth;
#[cfg(feature = "client")]
pub mod client;

pub mod decode;
pub mod encode;
pub mod parse;
pub mod response;
#[cfg(feature = "client")]
pub mod transport;
pub mod types;

#[doc = include_str!("../TOLERANCES.md")]
pub mod tolerances {}
