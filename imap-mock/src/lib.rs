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
//! # The script format
//!
//! One line of the conversation per script line:
//!
//! | line | meaning |
//! |---|---|
//! | `S: text` | the server sends `text` and a line end |
//! | `C: text` | the client must send a line matching `text` |
//! | `R: bytes` | the server sends exactly these bytes, no line end added (`\r`, `\n`, `\t`, `\\`, `\xNN` escapes; `$name` captures filled in) |
//! | `# ...`, blank | comments |
//! | `! unordered` ... `! end` | the `C:`/`S:` pairs inside may come in any order |
//! | `! delay 50ms` | wait (`ms` or `s`) |
//! | `! drop` | close the connection |
//! | `! hang` | stop answering; the connection stays open |
//! | `! starttls` | run the TLS handshake (after the `S:` line that answers STARTTLS) |
//!
//! Consecutive `C:` lines are messages the client may pipeline: the server reads all of them
//! before it sends what follows. A line that ends with a literal announcement (`{5}`, `{5+}`)
//! is followed by the literal's content, written as the next lines (they are joined with CRLF,
//! exactly as on the wire). Before a synchronizing client literal the server sends `+ Ready for
//! literal data`, or the text of an `S: + ...` line written right after the announcing `C:`
//! line. Captured conversations therefore paste in as they are.
//!
//! In `C:` lines:
//! - a plain first word followed by more (`C: A1 LOGIN ...`) stands for whatever tag the client
//!   uses; `S:` lines starting with that word get the client's real tag;
//! - `$name` matches a token (no space, CR, LF or parentheses) and binds it on first use; later
//!   uses must match the same bytes, and `S:` lines may use `$name` to echo it;
//! - `$*` matches any bytes; `$$` is a literal `$`.
//!
//! See SCRIPTS.md for a longer guide and the fixtures under `tests/scripts/<server>/`.
#![forbid(unsafe_code)]

mod conversation;
mod error;
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
