//! CRAM-MD5 (RFC 2195): the server sends a challenge, the client answers with its user name
//! and the HMAC-MD5 of the challenge keyed with the password. The password never crosses the
//! wire.

use hmac::{Hmac, Mac};
use imap_core::auth::{AuthError, Authenticator};
use imap_core::types::Secret;
use md5::Md5;

/// The CRAM-MD5 mechanism.
#[derive(Debug)]
pub struct CramMd5 {
    username: String,
    password: Secret<String>,
    answered: bool,
}

impl CramMd5 {
    /// Authenticates as `username` with `password`.
    pub fn new(username: impl Into<String>, password: Secret<String>) -> Self {
        CramMd5 { username: username.into(), password, answered: false }
    }
}

/// `username SP hex(HMAC-MD5(password, challenge))`.
pub(crate) fn cram_md5_response(username: &str, password: &[u8], challenge: &[u8]) -> Result<Vec<u8>, AuthError> {
    let mut mac = Hmac::<Md5>::new_from_slice(password).map_err(|_| AuthError::new("CRAM-MD5 key"))?;
    mac.update(challenge);
    let digest = mac.finalize().into_bytes();
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    Ok(format!("{username} {hex}").into_bytes())
}

impl Authenticator for CramMd5 {
    fn mechanism(&self) -> &str {
        "CRAM-MD5"
    }

    fn step(&mut self, challenge: &[u8]) -> Result<Secret<Vec<u8>>, AuthError> {
        if self.answered {
            return Err(AuthError::new("CRAM-MD5 expects one challenge"));
        }
        if challenge.is_empty() {
            return Err(AuthError::new("CRAM-MD5 challenge is empty"));
        }
        self.answered = true;
        cram_md5_response(&self.username, self.password.expose().as_bytes(), challenge).map(Secret::new)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc2195_example() {
        let challenge = b"<1896.697170952@postoffice.reston.mci.net>";
        let mut cram = CramMd5::new("tim", Secret::new("tanstaaftanstaaf".into()));
        assert_eq!(cram.step(challenge).unwrap().expose(), b"tim b913a602c7eda7a495b4e6e7334d3890");
        assert!(cram.step(challenge).is_err());
    }

    #[test]
    fn empty_challenge_is_an_error() {
        assert!(CramMd5::new("a", Secret::new("b".into())).step(b"").is_err());
    }
}
