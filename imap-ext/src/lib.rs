//! IMAP extensions for `imap-core`, each behind its own cargo feature.
//!
//! The extensions arrive with issue 5/8; this crate exists now so the workspace has its final shape.
#![forbid(unsafe_code)]
