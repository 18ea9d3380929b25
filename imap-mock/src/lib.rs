//! An in-process, scripted IMAP server for tests.
//!
//! The server plays a [`Script`]: a greeting, then steps of "expect a client command that
//! matches this, then send these bytes". It runs on tokio, reachable over an in-memory pipe
//! ([`MockServer::duplex`]) or a 127.0.0.1 TCP listener, with or without TLS
//! ([`MockServer::tcp`], [`MockServer::tls`]). Each conversation is recorded as a
//! [`Transcript`] (tags normalized, secrets redacted) for snapshot tests; a client that deviates
//! from the script gets `BAD` answers and the test gets a [`MockError`] that names the script
//! line, the expected bytes and the received bytes.
//!
//! ```
//! use imap_mock::{MockServer, Script};
//! use tokio::io::{AsyncReadExt, AsyncWriteExt};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! let script = Script::parse(
//!     "S: * OK ready\n\
//!      C: A1 NOOP\n\
//!      S: A1 OK done\n",
//! )
//! .unwrap();
//! let (mut client, mock) = MockServer::duplex(script);
//! let mut greeting = [0u8; 12];
//! client.read_exact(&mut greeting).await.unwrap();
//! assert_eq!(&greeting, b"* OK ready\r\n");
//! client.write_all(b"x1 NOOP\r\n").await.unwrap(); // any tag: `A1` stands for it
//! let mut reply = [0u8; 12];
//! client.read_exact(&mut reply).await.unwrap();
//! assert_eq!(&reply, b"x1 OK done\r\n");
//! drop(client);
//! let transcript = mock.finish().await.unwrap();
//! assert_eq!(transcript.to_string(), "S: * OK ready\nC: A1 NOOP\nS: A1 OK done\n");
//! # }
//! ```
//!
//! The script format is described in [`mod@format`]; SCRIPTS.md is a longer guide, and the
//! fixtures under `tests/scripts/<server>/` are examples captured from real servers.
#![forbid(unsafe_code)]

mod conversation;
mod error;
mod escape;
pub mod format;
mod options;
mod pattern;
mod script;
mod server;
mod tls;
mod transcript;

pub use error::MockError;
pub use options::{LineEnds, MockOptions, OutputMode};
pub use script::{Script, ScriptBuilder, ScriptError, UnorderedBuilder};
pub use server::{MockHandle, MockServer};
pub use tls::TestCertificate;
pub use transcript::Transcript;
