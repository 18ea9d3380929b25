//! The OAuth 2.0 mechanisms: XOAUTH2 (Google's and Microsoft's) and OAUTHBEARER (RFC 7628).
//! On failure the server sends a JSON error as a challenge. The mechanism keeps it (status,
//! scope, openid-configuration: `server_error()`) and answers as each mechanism specifies, so
//! that the server ends the exchange with its tagged NO: XOAUTH2 with an empty response
//! (Google's documentation), OAUTHBEARER with a single %x01 (RFC 7628 section 3.2.3).

use imap_core::auth::{AuthError, Authenticator};
use imap_core::types::Secret;

/// The error a server reports in JSON (RFC 7628 section 3.2.2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OAuthError {
    /// `status`, e.g. `invalid_token` or (Google) `400`.
    pub status: Option<String>,
    /// `scope` needed.
    pub scope: Option<String>,
    /// `openid-configuration` URL.
    pub openid_configuration: Option<String>,
    /// The JSON as sent (or the raw challenge when it is not JSON).
    pub raw: String,
}

impl OAuthError {
    /// Reads the server's challenge.
    pub fn parse(challenge: &[u8]) -> OAuthError {
        let raw = String::from_utf8_lossy(challenge).into_owned();
        let json: Option<serde_json::Value> = serde_json::from_slice(challenge).ok();
        let field = |name: &str| {
            json.as_ref()
                .and_then(|j| j.get(name))
                .map(|v| v.as_str().map(str::to_owned).unwrap_or_else(|| v.to_string()))
        };
        OAuthError {
            status: field("status"),
            scope: field("scope"),
            openid_configuration: field("openid-configuration"),
            raw,
        }
    }
}

/// The answer to the server's error challenge, which is recorded in `error`; a second error
/// challenge aborts the exchange.
fn answer_error(
    error: &mut Option<OAuthError>,
    challenge: &[u8],
    mechanism: &str,
    answer: &[u8],
) -> Result<Secret<Vec<u8>>, AuthError> {
    if let Some(earlier) = error {
        return Err(AuthError::new(format!("{mechanism}: challenge after the server's error {}", earlier.raw)));
    }
    *error = Some(OAuthError::parse(challenge));
    Ok(Secret::new(answer.to_vec()))
}

/// XOAUTH2: `user=...^Aauth=Bearer <token>^A^A`.
#[derive(Debug)]
pub struct XOAuth2 {
    user: String,
    token: Secret<String>,
    error: Option<OAuthError>,
}

impl XOAuth2 {
    /// Authenticates `user` with an OAuth 2.0 access token.
    pub fn new(user: impl Into<String>, token: Secret<String>) -> Self {
        XOAuth2 { user: user.into(), token, error: None }
    }

    /// The error the server reported, after a failed exchange.
    pub fn server_error(&self) -> Option<&OAuthError> {
        self.error.as_ref()
    }
}

impl Authenticator for XOAuth2 {
    fn mechanism(&self) -> &str {
        "XOAUTH2"
    }

    fn initial_response(&mut self) -> Result<Option<Secret<Vec<u8>>>, AuthError> {
        let message = format!("user={}\x01auth=Bearer {}\x01\x01", self.user, self.token.expose());
        Ok(Some(Secret::new(message.into_bytes())))
    }

    fn step(&mut self, challenge: &[u8]) -> Result<Secret<Vec<u8>>, AuthError> {
        // Without SASL-IR the first challenge is empty and asks for the initial response.
        if challenge.is_empty() && self.error.is_none() {
            return self.initial_response().and_then(|r| r.ok_or_else(|| AuthError::new("XOAUTH2")));
        }
        // Google: "the client sends an empty response"; the server then says NO.
        answer_error(&mut self.error, challenge, "XOAUTH2", b"")
    }
}

/// OAUTHBEARER (RFC 7628): a GS2 header, then `host`, `port` and `auth=Bearer <token>`.
#[derive(Debug)]
pub struct OAuthBearer {
    user: Option<String>,
    host: Option<String>,
    port: Option<u16>,
    token: Secret<String>,
    error: Option<OAuthError>,
}

impl OAuthBearer {
    /// Authenticates with an OAuth 2.0 bearer token, as `user` (the authorization identity; may
    /// be left out when the token names the user).
    pub fn new(user: Option<String>, token: Secret<String>) -> Self {
        OAuthBearer { user, host: None, port: None, token, error: None }
    }

    /// The server's host name and port, which RFC 7628 asks the client to send.
    pub fn with_server(mut self, host: impl Into<String>, port: u16) -> Self {
        self.host = Some(host.into());
        self.port = Some(port);
        self
    }

    /// The error the server reported, after a failed exchange.
    pub fn server_error(&self) -> Option<&OAuthError> {
        self.error.as_ref()
    }
}

impl Authenticator for OAuthBearer {
    fn mechanism(&self) -> &str {
        "OAUTHBEARER"
    }

    fn initial_response(&mut self) -> Result<Option<Secret<Vec<u8>>>, AuthError> {
        let authzid = self.user.as_deref().map(|u| format!("a={}", u.replace('=', "=3D").replace(',', "=2C")));
        let mut message = format!("n,{},", authzid.unwrap_or_default());
        message.push('\x01');
        if let Some(host) = &self.host {
            message.push_str(&format!("host={host}\x01"));
        }
        if let Some(port) = self.port {
            message.push_str(&format!("port={port}\x01"));
        }
        message.push_str(&format!("auth=Bearer {}\x01\x01", self.token.expose()));
        Ok(Some(Secret::new(message.into_bytes())))
    }

    fn step(&mut self, challenge: &[u8]) -> Result<Secret<Vec<u8>>, AuthError> {
        if challenge.is_empty() && self.error.is_none() {
            return self.initial_response().and_then(|r| r.ok_or_else(|| AuthError::new("OAUTHBEARER")));
        }
        // RFC 7628 section 3.2.3: %x01 lets the server finish with its NO.
        answer_error(&mut self.error, challenge, "OAUTHBEARER", b"\x01")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xoauth2_message_format() {
        // Google's documented example (base64 of this is the initial response).
        let mut x =
            XOAuth2::new("someuser@example.com", Secret::new("ya29.vF9dft4qmTc2Nvb3RlckBhdHRhdmlzdGEuY29tCg".into()));
        let ir = x.initial_response().unwrap().unwrap();
        assert_eq!(
            ir.expose(),
            b"user=someuser@example.com\x01auth=Bearer ya29.vF9dft4qmTc2Nvb3RlckBhdHRhdmlzdGEuY29tCg\x01\x01"
        );
    }

    #[test]
    fn oauthbearer_rfc7628_example() {
        // RFC 7628 section 4.1.
        let mut b = OAuthBearer::new(
            Some("user@example.com".into()),
            Secret::new("vF9dft4qmTc2Nvb3RlckBhbHRhdmlzdGEuY29tCg==".into()),
        )
        .with_server("server.example.com", 143);
        let ir = b.initial_response().unwrap().unwrap();
        assert_eq!(
            ir.expose(),
            b"n,a=user@example.com,\x01host=server.example.com\x01port=143\x01auth=Bearer vF9dft4qmTc2Nvb3RlckBhbHRhdmlzdGEuY29tCg==\x01\x01"
        );
    }

    #[test]
    fn server_error_json_is_surfaced() {
        let mut b = OAuthBearer::new(None, Secret::new("t".into()));
        let json = br#"{"status":"invalid_token","scope":"example_scope","openid-configuration":"https://example.com/.well-known/openid-configuration"}"#;
        assert_eq!(b.step(json).unwrap().expose(), b"\x01", "RFC 7628's dummy response");
        assert!(b.step(json).unwrap_err().reason().contains("invalid_token"), "a second error aborts");
        let parsed = b.server_error().unwrap();
        assert_eq!(parsed.status.as_deref(), Some("invalid_token"));
        assert_eq!(parsed.scope.as_deref(), Some("example_scope"));
        assert_eq!(
            parsed.openid_configuration.as_deref(),
            Some("https://example.com/.well-known/openid-configuration")
        );
        let mut x = XOAuth2::new("u", Secret::new("t".into()));
        let json = br#"{"status":"400","schemes":"Bearer","scope":"https://mail.google.com/"}"#;
        assert_eq!(x.step(json).unwrap().expose(), b"", "Google's empty response");
        assert!(x.step(json).is_err());
        assert_eq!(x.server_error().unwrap().status.as_deref(), Some("400"));
    }

    #[test]
    fn tokens_stay_out_of_debug() {
        let x = XOAuth2::new("u", Secret::new("secret-token".into()));
        assert!(!format!("{x:?}").contains("secret-token"));
    }
}
