//! Transports: the byte streams a client talks over (TCP, TLS, STARTTLS, a child process's
//! stdin/stdout, an in-memory pipe), behind one trait that a third party can implement too.
//!
//! ```
//! use std::pin::Pin;
//! use std::task::{Context, Poll};
//! use imap_core::transport::{PeerInfo, Transport};
//! use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
//!
//! /// A transport over any duplex byte stream, e.g. one that counts bytes or tunnels.
//! struct Tunnel(tokio::io::DuplexStream);
//!
//! impl AsyncRead for Tunnel {
//!     fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<std::io::Result<()>> {
//!         Pin::new(&mut self.0).poll_read(cx, buf)
//!     }
//! }
//!
//! impl AsyncWrite for Tunnel {
//!     fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<std::io::Result<usize>> {
//!         Pin::new(&mut self.0).poll_write(cx, buf)
//!     }
//!     fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
//!         Pin::new(&mut self.0).poll_flush(cx)
//!     }
//!     fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
//!         Pin::new(&mut self.0).poll_shutdown(cx)
//!     }
//! }
//!
//! // The one impl a third-party transport needs; STARTTLS works through the default method.
//! impl Transport for Tunnel {
//!     fn peer(&self) -> PeerInfo {
//!         PeerInfo::new("tunnel")
//!     }
//! }
//! ```

/// Implements `AsyncRead` and `AsyncWrite` for a transport by forwarding to one of its fields.
macro_rules! forward_async_io {
    ($transport:ty, $field:ident) => {
        impl tokio::io::AsyncRead for $transport {
            fn poll_read(
                mut self: std::pin::Pin<&mut Self>,
                cx: &mut std::task::Context<'_>,
                buf: &mut tokio::io::ReadBuf<'_>,
            ) -> std::task::Poll<std::io::Result<()>> {
                std::pin::Pin::new(&mut self.$field).poll_read(cx, buf)
            }
        }

        impl tokio::io::AsyncWrite for $transport {
            fn poll_write(
                mut self: std::pin::Pin<&mut Self>,
                cx: &mut std::task::Context<'_>,
                buf: &[u8],
            ) -> std::task::Poll<std::io::Result<usize>> {
                std::pin::Pin::new(&mut self.$field).poll_write(cx, buf)
            }

            fn poll_flush(
                mut self: std::pin::Pin<&mut Self>,
                cx: &mut std::task::Context<'_>,
            ) -> std::task::Poll<std::io::Result<()>> {
                std::pin::Pin::new(&mut self.$field).poll_flush(cx)
            }

            fn poll_shutdown(
                mut self: std::pin::Pin<&mut Self>,
                cx: &mut std::task::Context<'_>,
            ) -> std::task::Poll<std::io::Result<()>> {
                std::pin::Pin::new(&mut self.$field).poll_shutdown(cx)
            }
        }
    };
}

mod memory;
mod process;
mod tcp;
mod tls;

use std::fmt;
use std::io;
use std::net::SocketAddr;

use async_trait::async_trait;
use tokio::io::{AsyncRead, AsyncWrite};

use crate::auth::ChannelBinding;

pub use process::ProcessTransport;
pub use tcp::TcpTransport;
pub use tls::{TlsConnector, TlsInfo, TlsTransport};

/// A byte stream to an IMAP server.
///
/// Reading and writing come from tokio's `AsyncRead` / `AsyncWrite`; the trait adds what the
/// client needs beyond bytes: who the peer is, and the upgrade to TLS for STARTTLS (a default
/// method that works over any transport).
#[async_trait]
pub trait Transport: AsyncRead + AsyncWrite + Send + Unpin + IntoDynTransport + 'static {
    /// Who is at the other end.
    fn peer(&self) -> PeerInfo;

    /// Runs a TLS handshake over this transport, verifying the server's certificate for
    /// `server_name` with `connector`'s settings, and returns the encrypted transport.
    async fn start_tls(self: Box<Self>, connector: &TlsConnector, server_name: &str) -> io::Result<Box<dyn Transport>> {
        Ok(Box::new(connector.handshake(self.into_dyn(), server_name).await?))
    }

    /// TLS details, once the transport is encrypted.
    fn tls_info(&self) -> Option<TlsInfo> {
        None
    }

    /// Channel-binding data for SASL mechanisms such as SCRAM-*-PLUS, when encrypted.
    fn channel_binding(&self) -> Option<ChannelBinding> {
        None
    }
}

/// Turns a boxed transport into a trait object; implemented for every transport, so the default
/// [`Transport::start_tls`] works for trait objects too.
pub trait IntoDynTransport {
    /// The same transport as a `Box<dyn Transport>`.
    fn into_dyn(self: Box<Self>) -> Box<dyn Transport>;
}

impl<T: Transport> IntoDynTransport for T {
    fn into_dyn(self: Box<Self>) -> Box<dyn Transport> {
        self
    }
}

#[async_trait]
impl Transport for Box<dyn Transport> {
    fn peer(&self) -> PeerInfo {
        (**self).peer()
    }

    async fn start_tls(self: Box<Self>, connector: &TlsConnector, server_name: &str) -> io::Result<Box<dyn Transport>> {
        (*self).start_tls(connector, server_name).await
    }

    fn tls_info(&self) -> Option<TlsInfo> {
        (**self).tls_info()
    }

    fn channel_binding(&self) -> Option<ChannelBinding> {
        (**self).channel_binding()
    }
}

/// What a transport knows about its peer (imaplib's `socket()` gives the socket; this gives the
/// facts a caller usually wants from it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeerInfo {
    /// A short description: `tcp 127.0.0.1:143`, `process imapd -s`, `memory`.
    pub description: String,
    /// The remote address, for network transports.
    pub address: Option<SocketAddr>,
    /// The local address, for network transports.
    pub local_address: Option<SocketAddr>,
}

impl PeerInfo {
    /// A peer known only by its description.
    pub fn new(description: impl Into<String>) -> Self {
        PeerInfo { description: description.into(), address: None, local_address: None }
    }
}

impl fmt::Display for PeerInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.description)
    }
}
