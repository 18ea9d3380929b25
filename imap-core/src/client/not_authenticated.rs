//! `Client`: a connection that has not authenticated yet. It is made by one of the `connect`
//! functions (TCP, TLS, STARTTLS, a child process, any transport) and becomes a
//! [`Session`] by LOGIN or AUTHENTICATE.

use std::ops::{Deref, DerefMut};

use tokio::net::ToSocketAddrs;

use super::Config;
use super::connection::Connection;
use super::driver::Driver;
use super::error::{Error, Result};
use super::session::Session;
use crate::auth::Authenticator;
use crate::encode::{Command, auth_abort, auth_response};
use crate::response::{Greeting, Response, Status, StatusKind};
use crate::transport::{ProcessTransport, TcpTransport, TlsConnector, Transport};
use crate::types::{AString, Atom, Secret};

/// A connection before authentication.
#[derive(Debug)]
pub struct Client {
    conn: Connection,
    greeting: Box<Status>,
    server_name: Option<String>,
}

/// What the server's greeting made of a new connection.
#[derive(Debug)]
pub enum Connected {
    /// `* OK`: authenticate next.
    NotAuthenticated(Client),
    /// `* PREAUTH`: already authenticated.
    Authenticated(Session),
}

impl Connected {
    /// The client, for the usual case of a server that wants a login.
    pub fn into_client(self) -> Result<Client> {
        match self {
            Connected::NotAuthenticated(client) => Ok(client),
            Connected::Authenticated(_) => {
                Err(Error::WrongState { command: "LOGIN".into(), state: "after a PREAUTH greeting" })
            }
        }
    }

    /// The session, for a PREAUTH greeting.
    pub fn into_session(self) -> Result<Session> {
        match self {
            Connected::Authenticated(session) => Ok(session),
            Connected::NotAuthenticated(_) => {
                Err(Error::WrongState { command: "commands of the authenticated state".into(), state: "before login" })
            }
        }
    }
}

/// A rejected authentication: the error and the client, still usable for another attempt.
#[derive(Debug, thiserror::Error)]
#[error("{error}")]
pub struct Rejected {
    /// Why.
    #[source]
    pub error: Error,
    /// The client (unusable if the error says the connection was lost).
    pub client: Client,
}

impl From<Rejected> for Error {
    fn from(rejected: Rejected) -> Error {
        rejected.error
    }
}

impl Client {
    /// Connects over plain TCP (imaplib's `IMAP4`).
    pub async fn connect_tcp(address: impl ToSocketAddrs, config: Config) -> Result<Connected> {
        let transport = TcpTransport::connect(address).await?;
        Client::from_transport(Box::new(transport), config).await
    }

    /// Connects over TLS (IMAPS, imaplib's `IMAP4_SSL`), verifying the certificate for
    /// `server_name`.
    pub async fn connect_tls(
        address: impl ToSocketAddrs,
        server_name: &str,
        tls: &TlsConnector,
        config: Config,
    ) -> Result<Connected> {
        let transport = tls.connect(address, server_name).await.map_err(tls_error)?;
        let connected = Client::from_transport(Box::new(transport), config).await?;
        Ok(connected)
    }

    /// Connects over TCP and upgrades with STARTTLS before anything else is said.
    pub async fn connect_starttls(
        address: impl ToSocketAddrs,
        server_name: &str,
        tls: &TlsConnector,
        config: Config,
    ) -> Result<Client> {
        let mut client = Client::connect_tcp(address, config).await?.into_client()?;
        client.server_name = Some(server_name.to_owned());
        client.starttls(tls).await?;
        Ok(client)
    }

    /// Spawns `program` and speaks IMAP over its stdin/stdout (imaplib's `IMAP4_stream`).
    pub async fn spawn(program: &str, args: &[&str], config: Config) -> Result<Connected> {
        let transport = ProcessTransport::spawn(program, args)?;
        Client::from_transport(Box::new(transport), config).await
    }

    /// Reads the greeting over any transport.
    pub async fn from_transport(transport: Box<dyn Transport>, config: Config) -> Result<Connected> {
        let greeting_timeout = config.greeting_timeout;
        let mut driver = Driver::new(transport, config);
        let read = driver.read_response();
        let response = match greeting_timeout {
            Some(limit) => tokio::time::timeout(limit, read)
                .await
                .map_err(|_| Error::Timeout { command: "greeting".into(), after: limit })??,
            None => read.await?,
        };
        let greeting = Greeting::try_from(response)
            .map_err(|other| Error::Protocol(format!("expected a greeting, got {other:?}")))?;
        let status = match &greeting {
            Greeting::Ok(status) | Greeting::PreAuth(status) | Greeting::Bye(status) => status.clone(),
        };
        if let Some(crate::response::Code::Capability(caps)) = &status.code {
            driver.set_capabilities(caps.clone());
        }
        let conn = Connection { driver: Box::new(driver) };
        match greeting {
            Greeting::Bye(bye) => Err(Error::Bye { code: bye.code.map(Box::new), text: bye.text }),
            Greeting::PreAuth(_) => Ok(Connected::Authenticated(Session::new(conn))),
            Greeting::Ok(_) => {
                Ok(Connected::NotAuthenticated(Client { conn, greeting: Box::new(status), server_name: None }))
            }
        }
    }

    /// The greeting's status response.
    pub fn greeting(&self) -> &Status {
        &self.greeting
    }

    /// Capabilities, asking the server if the greeting did not list them.
    pub async fn capabilities_now(&mut self) -> Result<crate::types::CapabilitySet> {
        if self.conn.capabilities().is_empty() {
            return self.conn.capability().await;
        }
        Ok(self.conn.capabilities().clone())
    }

    /// `STARTTLS`: upgrades the connection to TLS, verifying the certificate for the server
    /// name given to [`Client::connect_starttls`] (or set with [`Client::set_server_name`]).
    /// Bytes the server sent before the handshake are discarded; the capabilities are asked for
    /// again afterwards, over TLS.
    pub async fn starttls(&mut self, tls: &TlsConnector) -> Result<()> {
        let Some(name) = self.server_name.clone() else {
            return Err(Error::Tls("STARTTLS needs the server name to verify; call set_server_name first".into()));
        };
        if !self.conn.capabilities().is_empty() {
            self.conn.require_capability("STARTTLS")?;
        }
        let completion = self.conn.run(&Command::StartTls).await?;
        self.conn.keep_unclaimed(completion.untagged);
        self.conn.driver.upgrade(tls, &name).await?;
        // What was said before TLS cannot be trusted, the capabilities included.
        self.conn.driver.set_capabilities(Default::default());
        self.conn.capability().await?;
        Ok(())
    }

    /// Sets the name the server's certificate must match for [`Client::starttls`].
    pub fn set_server_name(&mut self, name: &str) {
        self.server_name = Some(name.to_owned());
    }

    /// `LOGIN`: the password always goes out quoted or as a literal. Refused locally when the
    /// server advertises LOGINDISABLED.
    pub async fn login(mut self, username: &str, password: &Secret<String>) -> Result<Session, Rejected> {
        let result = self.try_login(username, password).await;
        self.finish_auth(result)
    }

    async fn try_login(&mut self, username: &str, password: &Secret<String>) -> Result<()> {
        if self.conn.has_capability("LOGINDISABLED") {
            return Err(Error::WrongState {
                command: "LOGIN".into(),
                state: "while the server advertises LOGINDISABLED",
            });
        }
        let password = AString::try_from(password.expose().as_str()).map_err(|_| {
            Error::Encode(crate::encode::EncodeError::new("password", "contains a NUL byte", b"", 0, true))
        })?;
        let command = Command::Login { username: AString::try_from(username)?, password: Secret::new(password) };
        let completion = self.conn.run(&command).await?;
        self.after_auth(completion.status.code.is_some(), completion.untagged).await
    }

    /// `AUTHENTICATE` with any SASL mechanism. The initial response goes inline when the server
    /// advertises SASL-IR; challenges and responses are base64-framed here, not by the
    /// mechanism. A mechanism error aborts the exchange with `*`.
    pub async fn authenticate(mut self, mechanism: &mut dyn Authenticator) -> Result<Session, Rejected> {
        let result = self.try_authenticate(mechanism).await;
        self.finish_auth(result)
    }

    async fn try_authenticate(&mut self, mechanism: &mut dyn Authenticator) -> Result<()> {
        let name = Atom::new(mechanism.mechanism())?;
        if let Some(binding) = self.conn.transport().channel_binding() {
            mechanism.bind_channel(&binding);
        }
        let mut pending_initial = mechanism.initial_response().map_err(|e| Error::Auth(e.to_string()))?;
        let inline = if self.conn.has_capability("SASL-IR") { pending_initial.take() } else { None };
        let command = Command::Authenticate { mechanism: name, initial_response: inline };
        let timeout = self.conn.driver.config.command_timeout;
        let driver = &mut self.conn.driver;
        let exchange = async {
            let tag = driver.send(&command).await?;
            let mut aborted: Option<String> = None;
            loop {
                match driver.read_response().await? {
                    Response::Continue(challenge) => {
                        let data = decode_challenge(challenge.text.as_bytes());
                        let answer = match (&data, pending_initial.take()) {
                            // Without SASL-IR the first (empty) challenge asks for the initial response.
                            (Ok(d), Some(initial)) if d.is_empty() => Ok(initial),
                            (Ok(d), _) => mechanism.step(d).map_err(|e| e.to_string()),
                            (Err(e), _) => Err(e.clone()),
                        };
                        match answer {
                            Ok(bytes) => driver.write_raw(&auth_response(bytes.expose()), "<redacted>").await?,
                            Err(reason) => {
                                aborted = Some(reason);
                                driver.write_raw(&auth_abort(), "*").await?;
                            }
                        }
                    }
                    Response::Status(status) if status.tag.as_ref() == Some(&tag) => {
                        let completion = driver.complete_with(&tag, *status);
                        return Ok::<_, Error>((completion, aborted));
                    }
                    other => driver.note_untagged(other)?,
                }
            }
        };
        let (completion, aborted) = match driver_timed(exchange, timeout).await {
            Ok(done) => done,
            Err(e) => {
                if e.is_connection_lost() {
                    let _ = self.conn.driver.fail::<()>(e.to_string());
                }
                return Err(e);
            }
        };
        if let Some(reason) = aborted {
            self.conn.keep_unclaimed(completion.untagged);
            return Err(Error::Auth(reason));
        }
        if completion.status.kind != StatusKind::Ok {
            self.conn.keep_unclaimed(completion.untagged);
            return Err(Error::from_status("AUTHENTICATE", completion.status));
        }
        mechanism.complete().map_err(|e| Error::Auth(e.to_string()))?;
        self.after_auth(completion.status.code.is_some(), completion.untagged).await
    }

    /// After a successful login: capabilities change, so they are taken from the completion's
    /// code or asked for again.
    async fn after_auth(&mut self, had_code: bool, untagged: Vec<Response>) -> Result<()> {
        let listed =
            had_code || untagged.iter().any(|r| matches!(r, Response::Data(crate::response::Data::Capability(_))));
        self.conn.keep_unclaimed(
            untagged
                .into_iter()
                .filter(|r| !matches!(r, Response::Data(crate::response::Data::Capability(_))))
                .collect(),
        );
        if !listed {
            self.conn.capability().await?;
        }
        Ok(())
    }

    fn finish_auth(self, result: Result<()>) -> Result<Session, Rejected> {
        match result {
            Ok(()) => Ok(Session::new(self.conn)),
            Err(error) => Err(Rejected { error, client: self }),
        }
    }
}

/// Runs an exchange under the command timeout.
async fn driver_timed<T>(
    future: impl std::future::Future<Output = Result<T>>,
    timeout: Option<std::time::Duration>,
) -> Result<T> {
    match timeout {
        Some(limit) => tokio::time::timeout(limit, future)
            .await
            .map_err(|_| Error::Timeout { command: "AUTHENTICATE".into(), after: limit })?,
        None => future.await,
    }
}

fn decode_challenge(text: &[u8]) -> std::result::Result<Vec<u8>, String> {
    use base64::Engine;
    let text = text.trim_ascii();
    base64::engine::general_purpose::STANDARD
        .decode(text)
        .map_err(|e| format!("the server's challenge is not base64: {e}"))
}

fn tls_error(e: std::io::Error) -> Error {
    Error::Tls(e.to_string())
}

impl Deref for Client {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        &self.conn
    }
}

impl DerefMut for Client {
    fn deref_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }
}
