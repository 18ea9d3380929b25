//! SASL mechanisms for `imap-core`'s `Authenticator` trait.
//!
//! The mechanisms arrive with issue 4/8; this crate exists now so the workspace has its final shape.
#![forbid(unsafe_code)]
