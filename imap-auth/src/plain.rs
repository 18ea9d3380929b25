//! PLAIN (RFC 4616): authorization identity, authentication identity and password in one
//! message. Only safe over TLS; the negotiation refuses it on unencrypted connections unless
//! told otherwise.

use imap_core::auth::{AuthError, Authenticator};
use imap_core::types::Secret;

/// The PLAIN mechanism. Credentials are UTF-8 (RFC 4616 allows any Unicode but NUL).
#[derive(Debug)]
pub struct Plain {
    authzid: Option<String>,
    authcid: String,
    password: Secret<String>,
    sent: bool,
}

impl Plain {
    /// Authenticates as `username` with `password`.
    pub fn new(username: impl Into<String>, password: Secret<String>) -> Self {
        Plain { authzid: None, authcid: username.into(), password, sent: false }
    }

    /// Acts as `authzid` after authenticating as the (admin or master) user: proxy login.
    pub fn with_authzid(mut self, authzid: impl Into<String>) -> Self {
        self.authzid = Some(authzid.into());
        self
    }

    fn message(&self) -> Result<Secret<Vec<u8>>, AuthError> {
        let fields = [self.authzid.as_deref().unwrap_or(""), self.authcid.as_str(), self.password.expose().as_str()];
        if fields.iter().any(|f| f.contains('\0')) {
            return Err(AuthError::new("PLAIN credentials may not contain NUL"));
        }
        Ok(Secret::new(fields.join("\0").into_bytes()))
    }
}

impl Authenticator for Plain {
    fn mechanism(&self) -> &str {
        "PLAIN"
    }

    fn initial_response(&mut self) -> Result<Option<Secret<Vec<u8>>>, AuthError> {
        let message = self.message()?;
        self.sent = true;
        Ok(Some(message))
    }

    fn step(&mut self, challenge: &[u8]) -> Result<Secret<Vec<u8>>, AuthError> {
        if self.sent || !challenge.is_empty() {
            return Err(AuthError::new("PLAIN expects exactly one empty challenge"));
        }
        self.sent = true;
        self.message()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc4616_message() {
        // RFC 4616 section 4: "\0tim\0tanstaaftanstaaf"
        let mut plain = Plain::new("tim", Secret::new("tanstaaftanstaaf".into()));
        assert_eq!(plain.initial_response().unwrap().unwrap().expose(), b"\0tim\0tanstaaftanstaaf");
        let mut proxy = Plain::new("Ursel", Secret::new("kurt\u{00e4}s".into())).with_authzid("Kurt");
        assert_eq!(proxy.initial_response().unwrap().unwrap().expose(), "Kurt\0Ursel\0kurtäs".as_bytes());
    }

    #[test]
    fn answers_one_empty_challenge_without_sasl_ir() {
        let mut plain = Plain::new("alice", Secret::new("pw".into()));
        assert_eq!(plain.step(b"").unwrap().expose(), b"\0alice\0pw");
        assert!(plain.step(b"").is_err());
    }

    #[test]
    fn nul_in_credentials_is_refused_and_debug_hides_the_password() {
        let mut plain = Plain::new("a\0b", Secret::new("pw".into()));
        assert!(plain.initial_response().is_err());
        assert!(!format!("{plain:?}").contains("pw\""));
    }
}
