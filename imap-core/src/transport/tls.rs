//! TLS over any transport, with rustls: implicit TLS (IMAPS, port 993) and the STARTTLS
//! upgrade. Certificates and host names are verified by default.

use std::io;
use std::sync::Arc;

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName};
use rustls::{ClientConfig, RootCertStore};
use tokio::net::ToSocketAddrs;

use super::{PeerInfo, TcpTransport, Transport};
use crate::auth::ChannelBinding;

/// How to make TLS connections: which certificates to trust and the rest of rustls's client
/// configuration (imaplib's `ssl_context`).
///
/// The default trusts Mozilla's root certificates (bundled, so it works on machines without a
/// CA store) and verifies the certificate chain and the host name. Nothing here turns
/// verification off; a caller who truly needs that builds a `ClientConfig` with a custom
/// verifier and passes it to [`TlsConnector::from_config`].
#[derive(Clone)]
pub struct TlsConnector {
    config: Arc<ClientConfig>,
}

impl std::fmt::Debug for TlsConnector {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TlsConnector").field("alpn", &self.config.alpn_protocols).finish_non_exhaustive()
    }
}

impl Default for TlsConnector {
    fn default() -> Self {
        let roots = RootCertStore { roots: webpki_roots::TLS_SERVER_ROOTS.to_vec() };
        TlsConnector::from_roots(roots)
    }
}

impl TlsConnector {
    /// Trusts the bundled Mozilla roots.
    pub fn new() -> Self {
        TlsConnector::default()
    }

    /// Uses the caller's rustls configuration as it is.
    pub fn from_config(config: Arc<ClientConfig>) -> Self {
        TlsConnector { config }
    }

    /// Trusts exactly the CA certificates in `pem` (e.g. a private test CA).
    pub fn from_pem(pem: &[u8]) -> io::Result<Self> {
        let mut roots = RootCertStore::empty();
        for cert in CertificateDer::pem_slice_iter(pem) {
            let cert = cert.map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e.to_string()))?;
            roots.add(cert).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?;
        }
        if roots.is_empty() {
            return Err(io::Error::new(io::ErrorKind::InvalidData, "no certificate in PEM input"));
        }
        Ok(TlsConnector::from_roots(roots))
    }

    /// Trusts exactly the given DER-encoded CA certificates.
    pub fn from_der(certificates: impl IntoIterator<Item = CertificateDer<'static>>) -> io::Result<Self> {
        let mut roots = RootCertStore::empty();
        for cert in certificates {
            roots.add(cert).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?;
        }
        Ok(TlsConnector::from_roots(roots))
    }

    fn from_roots(roots: RootCertStore) -> Self {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let config = ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map(|builder| builder.with_root_certificates(roots).with_no_client_auth())
            // The ring provider supports the default protocol versions; this cannot fail.
            .unwrap_or_else(|_| {
                ClientConfig::builder().with_root_certificates(RootCertStore::empty()).with_no_client_auth()
            });
        TlsConnector { config: Arc::new(config) }
    }

    /// The rustls configuration in use.
    pub fn config(&self) -> &Arc<ClientConfig> {
        &self.config
    }

    /// Connects to `address` over TCP and starts TLS at once (IMAPS), verifying the certificate
    /// for `server_name`.
    pub async fn connect(&self, address: impl ToSocketAddrs, server_name: &str) -> io::Result<TlsTransport> {
        let tcp: Box<dyn Transport> = Box::new(TcpTransport::connect(address).await?);
        self.handshake(tcp, server_name).await
    }

    /// Runs the handshake over an existing transport.
    pub async fn handshake(&self, transport: Box<dyn Transport>, server_name: &str) -> io::Result<TlsTransport> {
        let name = ServerName::try_from(server_name.to_owned())
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, format!("server name {server_name:?}: {e}")))?;
        let peer = transport.peer();
        let connector = tokio_rustls::TlsConnector::from(self.config.clone());
        let stream = connector.connect(name, transport).await?;
        let (_, session) = stream.get_ref();
        let info = TlsInfo {
            server_name: server_name.to_owned(),
            protocol: session.protocol_version().map(|v| format!("{v:?}")).unwrap_or_default(),
            cipher_suite: session.negotiated_cipher_suite().map(|s| format!("{:?}", s.suite())).unwrap_or_default(),
        };
        let peer = PeerInfo { description: format!("{} tls", peer.description), ..peer };
        Ok(TlsTransport { stream, peer, info })
    }
}

/// What the TLS handshake settled on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TlsInfo {
    /// The name the certificate was verified for.
    pub server_name: String,
    /// `TLSv1_3`, `TLSv1_2`.
    pub protocol: String,
    /// The negotiated cipher suite.
    pub cipher_suite: String,
}

/// An encrypted transport.
pub struct TlsTransport {
    stream: tokio_rustls::client::TlsStream<Box<dyn Transport>>,
    peer: PeerInfo,
    info: TlsInfo,
}

impl std::fmt::Debug for TlsTransport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TlsTransport").field("peer", &self.peer).field("tls", &self.info).finish()
    }
}

impl TlsTransport {
    /// The rustls connection, e.g. for channel-binding data (`export_keying_material`).
    pub fn connection(&self) -> &rustls::ClientConnection {
        self.stream.get_ref().1
    }
}

forward_async_io!(TlsTransport, stream);

impl Transport for TlsTransport {
    fn peer(&self) -> PeerInfo {
        self.peer.clone()
    }

    fn tls_info(&self) -> Option<TlsInfo> {
        Some(self.info.clone())
    }

    fn channel_binding(&self) -> Option<ChannelBinding> {
        let connection = self.connection();
        // RFC 9266: tls-exporter is defined for TLS 1.3 only.
        let tls_exporter = (connection.protocol_version() == Some(rustls::ProtocolVersion::TLSv1_3))
            .then(|| connection.export_keying_material(vec![0u8; 32], b"EXPORTER-Channel-Binding", None).ok())
            .flatten();
        Some(ChannelBinding { tls_exporter, tls_server_end_point: None })
    }
}
