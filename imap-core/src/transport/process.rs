//! The child-process transport: a command whose stdin/stdout speak IMAP (imaplib's
//! `IMAP4_stream`, e.g. `ssh host imapd` or `/usr/lib/dovecot/imap`).

use std::io;
use std::pin::Pin;
use std::process::Stdio;
use std::task::{Context, Poll};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::process::{Child, ChildStdin, ChildStdout, Command};

use super::{PeerInfo, Transport};

/// A spawned command; the client writes to its stdin and reads its stdout. Its stderr is
/// inherited. The process is killed when the transport is dropped.
#[derive(Debug)]
pub struct ProcessTransport {
    child: Child,
    stdin: ChildStdin,
    stdout: ChildStdout,
    description: String,
}

impl ProcessTransport {
    /// Spawns `program` with `args`.
    pub fn spawn<I, S>(program: &str, args: I) -> io::Result<Self>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        let mut command = Command::new(program);
        command.args(args);
        Self::from_command(command, program)
    }

    /// Spawns a prepared command (stdin and stdout are set to pipes here).
    pub fn from_command(mut command: Command, description: &str) -> io::Result<Self> {
        command.stdin(Stdio::piped()).stdout(Stdio::piped()).kill_on_drop(true);
        let mut child = command.spawn()?;
        let missing = || io::Error::other("child process has no stdin/stdout pipe");
        let stdin = child.stdin.take().ok_or_else(missing)?;
        let stdout = child.stdout.take().ok_or_else(missing)?;
        Ok(ProcessTransport { child, stdin, stdout, description: format!("process {description}") })
    }

    /// The child's process id, while it runs.
    pub fn id(&self) -> Option<u32> {
        self.child.id()
    }
}

impl AsyncRead for ProcessTransport {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stdout).poll_read(cx, buf)
    }
}

impl AsyncWrite for ProcessTransport {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.stdin).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stdin).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stdin).poll_shutdown(cx)
    }
}

impl Transport for ProcessTransport {
    fn peer(&self) -> PeerInfo {
        PeerInfo::new(self.description.clone())
    }
}
