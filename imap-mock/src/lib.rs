//! An in-process, scripted IMAP server for tests.
//!
//! The server arrives with issue 2/8; this crate exists now so the workspace has its final shape.
#![forbid(unsafe_code)]
