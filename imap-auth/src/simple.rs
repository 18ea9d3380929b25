//! EXTERNAL (RFC 4422 appendix A: credentials from outside SASL, e.g. a TLS client certificate)
//! and ANONYMOUS (RFC 4505: an optional trace string).

use imap_core::auth::{AuthError, Authenticator};
use imap_core::types::Secret;

/// EXTERNAL: the identity established outside SASL, optionally acting as `authzid`.
#[derive(Debug, Default)]
pub struct External {
    authzid: Option<String>,
    sent: bool,
}

impl External {
    /// EXTERNAL with an optional authorization identity.
    pub fn new(authzid: Option<String>) -> Self {
        External { authzid, sent: false }
    }
}

impl Authenticator for External {
    fn mechanism(&self) -> &str {
        "EXTERNAL"
    }

    fn initial_response(&mut self) -> Result<Option<Secret<Vec<u8>>>, AuthError> {
        self.sent = true;
        Ok(Some(Secret::new(self.authzid.clone().unwrap_or_default().into_bytes())))
    }

    fn step(&mut self, challenge: &[u8]) -> Result<Secret<Vec<u8>>, AuthError> {
        if self.sent || !challenge.is_empty() {
            return Err(AuthError::new("EXTERNAL expects one empty challenge"));
        }
        self.initial_response().map(|r| r.unwrap_or_default())
    }
}

/// ANONYMOUS with a trace string (e.g. an e-mail address), at most 255 characters.
#[derive(Debug, Default)]
pub struct Anonymous {
    trace: String,
    sent: bool,
}

impl Anonymous {
    /// ANONYMOUS sending `trace`.
    pub fn new(trace: impl Into<String>) -> Result<Self, AuthError> {
        let trace = trace.into();
        if trace.chars().count() > 255 {
            return Err(AuthError::new("ANONYMOUS trace longer than 255 characters"));
        }
        Ok(Anonymous { trace, sent: false })
    }
}

impl Authenticator for Anonymous {
    fn mechanism(&self) -> &str {
        "ANONYMOUS"
    }

    fn initial_response(&mut self) -> Result<Option<Secret<Vec<u8>>>, AuthError> {
        self.sent = true;
        Ok(Some(Secret::new(self.trace.clone().into_bytes())))
    }

    fn step(&mut self, challenge: &[u8]) -> Result<Secret<Vec<u8>>, AuthError> {
        if self.sent || !challenge.is_empty() {
            return Err(AuthError::new("ANONYMOUS expects one empty challenge"));
        }
        self.initial_response().map(|r| r.unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn external_sends_the_authzid_or_nothing() {
        assert_eq!(External::new(None).initial_response().unwrap().unwrap().expose(), b"");
        assert_eq!(External::new(Some("alice".into())).initial_response().unwrap().unwrap().expose(), b"alice");
        let mut e = External::new(None);
        assert_eq!(e.step(b"").unwrap().expose(), b"");
        assert!(e.step(b"").is_err());
    }

    #[test]
    fn anonymous_rfc4505_example() {
        // RFC 4505 section 4: "sirhc" as the trace.
        assert_eq!(Anonymous::new("sirhc").unwrap().initial_response().unwrap().unwrap().expose(), b"sirhc");
        assert!(Anonymous::new("x".repeat(256)).is_err());
    }
}
