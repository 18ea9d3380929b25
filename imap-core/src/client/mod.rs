//! The async client: typed states over a [`Transport`](crate::transport::Transport), every
//! imaplib method as a typed method, pipelining, server events, timeouts.
//!
//! - [`Client`]: connected, not authenticated (`connect_tcp`, `connect_tls`,
//!   `connect_starttls`, `spawn`, `from_transport`); `login` and `authenticate` turn it into a
//! - [`Session`]: authenticated; `select` / `examine` return a
//! - [`Selected`] handle for the selected state's commands.
//!
//! All three dereference to [`Connection`], the command API that every method is built on
//! (`run`, `run_raw`, `xatom`, `pipeline`) and that extension crates build theirs on.
//!
//! # Cancellation
//!
//! Dropping a command's future while it waits for the server leaves the connection usable:
//! the next command first reads the abandoned command's responses to its end. Dropping it
//! while the command is being written (possible only with huge literals) leaves half a command
//! on the wire: the connection is then marked unusable and every later command fails with
//! [`Error::Abort`]. A command that exceeds the timeout (see [`Config`]) also marks the
//! connection unusable, since the server's state is unknown.

mod config;
mod connection;
mod driver;
mod error;
mod events;
mod fetch;
mod mailbox;
mod not_authenticated;
mod pipeline;
mod selected;
mod session;
mod store;

pub use config::Config;
pub use connection::Connection;
pub use driver::Completion;
pub use error::{Error, Result};
pub use events::{EventReceiver, ServerEvent};
pub use fetch::FetchStream;
pub use mailbox::SelectedMailbox;
pub use not_authenticated::{Client, Connected, Rejected};
pub use pipeline::{Pipeline, PipelineResult};
pub use selected::{CopyUid, Selected};
pub use session::{AppendUid, Session};
pub use store::Untagged;
