//! LOGIN (draft-murchison-sasl-login): the user name and the password, each in answer to a
//! prompt. Obsolete but widespread; only safe over TLS.

use imap_core::auth::{AuthError, Authenticator};
use imap_core::types::Secret;

/// The LOGIN mechanism. The server's prompts (`Username:`, `Password:`) vary between servers,
/// so the answers go by order, not by prompt text.
#[derive(Debug)]
pub struct Login {
    username: String,
    password: Secret<String>,
    step: u8,
}

impl Login {
    /// Authenticates as `username` with `password`.
    pub fn new(username: impl Into<String>, password: Secret<String>) -> Self {
        Login { username: username.into(), password, step: 0 }
    }
}

impl Authenticator for Login {
    fn mechanism(&self) -> &str {
        "LOGIN"
    }

    fn step(&mut self, _prompt: &[u8]) -> Result<Secret<Vec<u8>>, AuthError> {
        self.step += 1;
        match self.step {
            1 => Ok(Secret::new(self.username.clone().into_bytes())),
            2 => Ok(Secret::new(self.password.expose().clone().into_bytes())),
            _ => Err(AuthError::new("LOGIN expects two prompts")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_then_password_then_refuses() {
        let mut login = Login::new("alice", Secret::new("alicepass".into()));
        assert_eq!(login.initial_response(), Ok(None));
        assert_eq!(login.step(b"Username:").unwrap().expose(), b"alice");
        assert_eq!(login.step(b"Password:").unwrap().expose(), b"alicepass");
        assert!(login.step(b"More?").is_err());
    }
}
