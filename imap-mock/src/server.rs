//! Starting the mock server: over an in-memory pipe, a 127.0.0.1 TCP listener, or TLS.

use std::net::SocketAddr;

use tokio::io::DuplexStream;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

use crate::conversation::Conversation;
use crate::error::MockError;
use crate::options::MockOptions;
use crate::script::Script;
use crate::tls::TestCertificate;
use crate::transcript::Transcript;

/// Starts mock servers. Each plays one script on one connection; [`MockHandle::finish`] gives
/// the transcript, or the error that says how the client deviated.
#[derive(Debug)]
pub struct MockServer;

/// A running conversation.
#[derive(Debug)]
pub struct MockHandle {
    task: JoinHandle<Result<Transcript, MockError>>,
}

impl MockHandle {
    /// Waits until the script has played out and the client has closed the connection (or the
    /// script closed it), and returns the transcript.
    pub async fn finish(self) -> Result<Transcript, MockError> {
        match self.task.await {
            Ok(result) => result,
            Err(e) => Err(MockError::Task(e.to_string())),
        }
    }

    /// Stops the server without waiting.
    pub fn abort(&self) {
        self.task.abort();
    }
}

/// Buffer size of the in-memory pipe in each direction.
const PIPE: usize = 64 * 1024;

impl MockServer {
    /// Plays `script` over an in-memory pipe; the client gets the other end.
    pub fn duplex(script: Script) -> (DuplexStream, MockHandle) {
        MockServer::duplex_with(script, MockOptions::default())
    }

    /// [`MockServer::duplex`] with options.
    pub fn duplex_with(script: Script, options: MockOptions) -> (DuplexStream, MockHandle) {
        let (client, server) = tokio::io::duplex(PIPE);
        let task = tokio::spawn(Conversation::new(Box::new(server), options).run(script));
        (client, MockHandle { task })
    }

    /// Plays `script` for the first client that connects to a new 127.0.0.1 listener.
    pub async fn tcp(script: Script, options: MockOptions) -> std::io::Result<(SocketAddr, MockHandle)> {
        let listener = TcpListener::bind(("127.0.0.1", 0)).await?;
        let address = listener.local_addr()?;
        let task = tokio::spawn(async move {
            let (stream, _) = listener.accept().await?;
            stream.set_nodelay(true)?;
            Conversation::new(Box::new(stream), options).run(script).await
        });
        Ok((address, MockHandle { task }))
    }

    /// Plays `script` over implicit TLS (IMAPS) with a freshly generated certificate, which is
    /// returned so the client can trust its CA.
    pub async fn tls(
        script: Script,
        mut options: MockOptions,
    ) -> std::io::Result<(SocketAddr, MockHandle, TestCertificate)> {
        let certificate = match options.tls.clone() {
            Some(certificate) => certificate,
            None => TestCertificate::generate()?,
        };
        options.tls = Some(certificate.clone());
        let listener = TcpListener::bind(("127.0.0.1", 0)).await?;
        let address = listener.local_addr()?;
        let acceptor = tokio_rustls::TlsAcceptor::from(certificate.server_config());
        let task = tokio::spawn(async move {
            let (stream, _) = listener.accept().await?;
            stream.set_nodelay(true)?;
            let tls = acceptor.accept(stream).await?;
            Conversation::new(Box::new(tls), options).run(script).await
        });
        Ok((address, MockHandle { task }, certificate))
    }

    /// Serves `script` to every client of `listener` (one conversation at a time), reporting each
    /// outcome to `report`; with `once`, stops after the first conversation.
    pub async fn serve(
        listener: TcpListener,
        script: Script,
        options: MockOptions,
        implicit_tls: bool,
        once: bool,
        mut report: impl FnMut(Result<Transcript, MockError>),
    ) -> std::io::Result<()> {
        loop {
            let (stream, _) = listener.accept().await?;
            stream.set_nodelay(true)?;
            let outcome = if implicit_tls {
                match &options.tls {
                    Some(certificate) => {
                        match tokio_rustls::TlsAcceptor::from(certificate.server_config()).accept(stream).await {
                            Ok(tls) => Conversation::new(Box::new(tls), options.clone()).run(script.clone()).await,
                            Err(e) => Err(MockError::Io(e)),
                        }
                    }
                    None => Err(MockError::Task("TLS needs a certificate".into())),
                }
            } else {
                Conversation::new(Box::new(stream), options.clone()).run(script.clone()).await
            };
            report(outcome);
            if once {
                return Ok(());
            }
        }
    }
}
