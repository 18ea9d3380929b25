//! The TCP transport.

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpStream, ToSocketAddrs};

use super::{PeerInfo, Transport};

/// A TCP connection with `TCP_NODELAY` set: IMAP commands are small, and without it each one
/// can wait tens of milliseconds for Nagle's algorithm and delayed ACKs.
#[derive(Debug)]
pub struct TcpTransport {
    stream: TcpStream,
    peer: PeerInfo,
}

impl TcpTransport {
    /// Connects to `address` (e.g. `("127.0.0.1", 143)`).
    pub async fn connect(address: impl ToSocketAddrs) -> io::Result<Self> {
        Self::from_stream(TcpStream::connect(address).await?)
    }

    /// Wraps a connected stream (and sets `TCP_NODELAY` on it).
    pub fn from_stream(stream: TcpStream) -> io::Result<Self> {
        stream.set_nodelay(true)?;
        let address = stream.peer_addr().ok();
        let local_address = stream.local_addr().ok();
        let description = match address {
            Some(address) => format!("tcp {address}"),
            None => "tcp".to_owned(),
        };
        Ok(TcpTransport { stream, peer: PeerInfo { description, address, local_address } })
    }

    /// The underlying stream.
    pub fn stream(&self) -> &TcpStream {
        &self.stream
    }
}

impl AsyncRead for TcpTransport {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_read(cx, buf)
    }
}

impl AsyncWrite for TcpTransport {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.stream).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }
}

impl Transport for TcpTransport {
    fn peer(&self) -> PeerInfo {
        self.peer.clone()
    }
}
