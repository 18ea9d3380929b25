//! The in-memory transport: one end of a `tokio::io::duplex` pipe (the mock server holds the
//! other end).

use tokio::io::DuplexStream;

use super::{PeerInfo, Transport};

impl Transport for DuplexStream {
    fn peer(&self) -> PeerInfo {
        PeerInfo::new("memory")
    }
}
