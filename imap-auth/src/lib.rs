//! SASL mechanisms for `imap-core`'s [`Authenticator`](imap_core::auth::Authenticator) trait,
//! each behind its own cargo feature, and the negotiation that picks one.
//!
//! | mechanism | feature | RFC |
//! |---|---|---|
//! | PLAIN (with authzid) | `plain` | 4616 |
//! | LOGIN | `login` | draft-murchison-sasl-login |
//! | CRAM-MD5 | `cram-md5` | 2195 |
//! | SCRAM-SHA-1, SCRAM-SHA-256 and their -PLUS variants | `scram` | 5802, 7677, 9266 |
//! | XOAUTH2, OAUTHBEARER | `xoauth2`, `oauthbearer` | Google/Microsoft, 7628 |
//! | EXTERNAL, ANONYMOUS | `external`, `anonymous` | 4422, 4505 |
//!
//! ```no_run
//! # async fn demo() -> Result<(), imap_core::client::Error> {
//! use imap_auth::{login, AuthOptions, Credentials};
//! use imap_core::client::{Client, Config};
//! use imap_core::transport::TlsConnector;
//!
//! let client = Client::connect_tls(("imap.example.org", 993), "imap.example.org", &TlsConnector::new(), Config::default())
//!     .await?
//!     .into_client()?;
//! let session = login(client, &Credentials::new("alice", "secret"), &AuthOptions::default()).await?;
//! # let _ = session;
//! # Ok(())
//! # }
//! ```
#![forbid(unsafe_code)]

#[cfg(feature = "cram-md5")]
mod cram_md5;
#[cfg(feature = "login")]
mod login;
mod negotiate;
#[cfg(any(feature = "xoauth2", feature = "oauthbearer"))]
mod oauth;
#[cfg(feature = "plain")]
mod plain;
#[cfg(feature = "scram")]
mod scram;
#[cfg(any(feature = "external", feature = "anonymous"))]
mod simple;

#[cfg(feature = "cram-md5")]
pub use cram_md5::CramMd5;
#[cfg(feature = "login")]
pub use login::Login;
pub use negotiate::{AuthOptions, Choice, Credentials, PREFERENCE, choose, login, mechanism};
#[cfg(feature = "oauthbearer")]
pub use oauth::OAuthBearer;
#[cfg(any(feature = "xoauth2", feature = "oauthbearer"))]
pub use oauth::OAuthError;
#[cfg(feature = "xoauth2")]
pub use oauth::XOAuth2;
#[cfg(feature = "plain")]
pub use plain::Plain;
#[cfg(feature = "scram")]
pub use scram::{MAX_ITERATIONS, Scram, ScramHash};
#[cfg(feature = "anonymous")]
pub use simple::Anonymous;
#[cfg(feature = "external")]
pub use simple::External;

/// imaplib's `login_cram_md5`, on the not-authenticated client.
#[cfg(feature = "cram-md5")]
pub trait LoginCramMd5 {
    /// `AUTHENTICATE CRAM-MD5` as `user` with `password`.
    fn login_cram_md5(
        self,
        user: &str,
        password: &imap_core::types::Secret<String>,
    ) -> impl std::future::Future<Output = Result<imap_core::client::Session, imap_core::client::Rejected>> + Send;
}

#[cfg(feature = "cram-md5")]
impl LoginCramMd5 for imap_core::client::Client {
    async fn login_cram_md5(
        self,
        user: &str,
        password: &imap_core::types::Secret<String>,
    ) -> Result<imap_core::client::Session, imap_core::client::Rejected> {
        let mut mechanism = CramMd5::new(user, password.clone());
        self.authenticate(&mut mechanism).await
    }
}
