//! The TCP transport.

use std::io;

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

forward_async_io!(TcpTransport, stream);

impl Transport for TcpTransport {
    fn peer(&self) -> PeerInfo {
        self.peer.clone()
    }
}
