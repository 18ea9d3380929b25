//! Choosing a mechanism: the strongest one that both the server's `AUTH=` capabilities and the
//! caller's configuration allow, never sending a password in the clear unless told to, and
//! honouring LOGINDISABLED.

use imap_core::auth::{Authenticator, ChannelBinding};
use imap_core::client::{Client, Error, Rejected, Session};
use imap_core::types::{CapabilitySet, Secret};

/// The mechanisms negotiated by default, strongest first.
///
/// The -PLUS variants (`SCRAM-SHA-256-PLUS`, `SCRAM-SHA-1-PLUS`) are not in the default list:
/// this client binds with `tls-exporter` (RFC 9266), and servers that advertise -PLUS may
/// support only `tls-unique`, which TLS 1.3 lacks and rustls does not expose (Cyrus 3.6 answers
/// `NO bad protocol` to tls-exporter). Put them first in [`AuthOptions::mechanisms`] for a
/// server known to support tls-exporter.
pub const PREFERENCE: &[&str] = &["SCRAM-SHA-256", "SCRAM-SHA-1", "CRAM-MD5", "PLAIN", "LOGIN"];

/// A user name and password, and optionally an identity to act as (proxy or master login).
#[derive(Debug, Clone)]
pub struct Credentials {
    /// The authentication identity.
    pub username: String,
    /// The password.
    pub password: Secret<String>,
    /// The authorization identity (PLAIN and SCRAM only).
    pub authzid: Option<String>,
}

impl Credentials {
    /// Credentials for `username`.
    pub fn new(username: impl Into<String>, password: impl Into<String>) -> Self {
        Credentials { username: username.into(), password: Secret::new(password.into()), authzid: None }
    }

    /// Acts as `authzid` after authenticating.
    pub fn acting_as(mut self, authzid: impl Into<String>) -> Self {
        self.authzid = Some(authzid.into());
        self
    }
}

/// What the caller allows.
#[derive(Debug, Clone)]
pub struct AuthOptions {
    /// Mechanisms allowed, most preferred first. Default: [`PREFERENCE`], less what this build
    /// leaves out.
    pub mechanisms: Vec<String>,
    /// Send the password itself (PLAIN, LOGIN, the LOGIN command) over a connection without
    /// TLS. Default: no.
    pub allow_cleartext_password: bool,
    /// Use the LOGIN command when no allowed mechanism is advertised. Default: yes.
    pub allow_login_command: bool,
}

impl Default for AuthOptions {
    fn default() -> Self {
        AuthOptions {
            mechanisms: PREFERENCE.iter().filter(|m| compiled(m)).map(|m| (*m).to_owned()).collect(),
            allow_cleartext_password: false,
            allow_login_command: true,
        }
    }
}

/// What [`choose`] picked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Choice {
    /// AUTHENTICATE with this mechanism.
    Mechanism(String),
    /// The LOGIN command.
    LoginCommand,
}

fn compiled(mechanism: &str) -> bool {
    match mechanism {
        m if m.starts_with("SCRAM-") => cfg!(feature = "scram"),
        "CRAM-MD5" => cfg!(feature = "cram-md5"),
        "PLAIN" => cfg!(feature = "plain"),
        "LOGIN" => cfg!(feature = "login"),
        _ => false,
    }
}

/// Mechanisms that put the password itself on the wire.
fn sends_password(mechanism: &str) -> bool {
    matches!(mechanism, "PLAIN" | "LOGIN")
}

fn supports_authzid(mechanism: &str) -> bool {
    mechanism == "PLAIN" || mechanism.starts_with("SCRAM-")
}

/// Picks the mechanism for `credentials` given the server's capabilities, whether the
/// connection is encrypted, and its channel-binding data.
pub fn choose(
    capabilities: &CapabilitySet,
    encrypted: bool,
    binding: Option<&ChannelBinding>,
    credentials: &Credentials,
    options: &AuthOptions,
) -> Result<Choice, Error> {
    let cleartext_ok = encrypted || options.allow_cleartext_password;
    let bindable = binding.is_some_and(|b| b.tls_exporter.is_some() || b.tls_server_end_point.is_some());
    let mut refused_cleartext = false;
    for mechanism in &options.mechanisms {
        let upper = mechanism.to_ascii_uppercase();
        if !capabilities.has_auth(&upper) || !compiled(&upper) {
            continue;
        }
        if upper.ends_with("-PLUS") && !bindable {
            continue;
        }
        if credentials.authzid.is_some() && !supports_authzid(&upper) {
            continue;
        }
        if sends_password(&upper) && !cleartext_ok {
            refused_cleartext = true;
            continue;
        }
        return Ok(Choice::Mechanism(upper));
    }
    let login_allowed =
        options.allow_login_command && credentials.authzid.is_none() && !capabilities.has("LOGINDISABLED");
    if login_allowed && cleartext_ok {
        return Ok(Choice::LoginCommand);
    }
    if refused_cleartext || (login_allowed && !cleartext_ok) {
        return Err(Error::Auth(
            "refusing to send the password over a connection without TLS (use TLS or STARTTLS, or allow it explicitly)"
                .into(),
        ));
    }
    let offered: Vec<_> = capabilities.auth_mechanisms().collect();
    Err(Error::Auth(format!(
        "no usable mechanism: the server offers [{}]{}, the caller allows [{}]",
        offered.join(" "),
        if capabilities.has("LOGINDISABLED") { " and LOGINDISABLED" } else { "" },
        options.mechanisms.join(" ")
    )))
}

/// The mechanism object for `name`.
pub fn mechanism(name: &str, credentials: &Credentials) -> Result<Box<dyn Authenticator>, Error> {
    let user = credentials.username.clone();
    let password = credentials.password.clone();
    let authzid = credentials.authzid.clone();
    let boxed: Box<dyn Authenticator> = match name {
        #[cfg(feature = "scram")]
        "SCRAM-SHA-256" | "SCRAM-SHA-256-PLUS" | "SCRAM-SHA-1" | "SCRAM-SHA-1-PLUS" => {
            let hash =
                if name.starts_with("SCRAM-SHA-256") { crate::ScramHash::Sha256 } else { crate::ScramHash::Sha1 };
            let mut scram = crate::Scram::new(hash, user, password).map_err(|e| Error::Auth(e.to_string()))?;
            if let Some(authzid) = authzid {
                scram = scram.with_authzid(authzid);
            }
            Box::new(if name.ends_with("-PLUS") { scram.plus() } else { scram })
        }
        #[cfg(feature = "cram-md5")]
        "CRAM-MD5" => Box::new(crate::CramMd5::new(user, password)),
        #[cfg(feature = "plain")]
        "PLAIN" => {
            let plain = crate::Plain::new(user, password);
            Box::new(match authzid {
                Some(authzid) => plain.with_authzid(authzid),
                None => plain,
            })
        }
        #[cfg(feature = "login")]
        "LOGIN" => Box::new(crate::Login::new(user, password)),
        other => return Err(Error::Auth(format!("mechanism {other} is not available in this build"))),
    };
    Ok(boxed)
}

/// Logs in with the strongest mechanism that the server and `options` allow.
pub async fn login(mut client: Client, credentials: &Credentials, options: &AuthOptions) -> Result<Session, Rejected> {
    let capabilities = match client.capabilities_now().await {
        Ok(capabilities) => capabilities,
        Err(error) => return Err(Rejected { error, client }),
    };
    let encrypted = client.transport().tls_info().is_some();
    let binding = client.transport().channel_binding();
    let choice = match choose(&capabilities, encrypted, binding.as_ref(), credentials, options) {
        Ok(choice) => choice,
        Err(error) => return Err(Rejected { error, client }),
    };

    match choice {
        Choice::LoginCommand => client.login(&credentials.username, &credentials.password).await,
        Choice::Mechanism(name) => {
            let mut mechanism = match mechanism(&name, credentials) {
                Ok(mechanism) => mechanism,
                Err(error) => return Err(Rejected { error, client }),
            };
            client.authenticate(mechanism.as_mut()).await
        }
    }
}
