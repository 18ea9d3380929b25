//! SCRAM-SHA-1 and SCRAM-SHA-256 (RFC 5802, RFC 7677), with channel binding for the -PLUS
//! variants (RFC 5056; `tls-exporter` of RFC 9266, `tls-server-end-point` of RFC 5929).
//!
//! Implemented here rather than with the `sasl` crate, whose SCRAM client (0.5) neither checks
//! that the server's nonce extends the client's, nor escapes `=` and `,` in user names, nor
//! supports an authorization identity or the server's `e=` errors.

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use hmac::{Hmac, Mac};
use imap_core::auth::{AuthError, Authenticator, ChannelBinding};
use imap_core::types::Secret;
use sha1::Sha1;
use sha2::{Digest, Sha256};

/// More PBKDF2 iterations than this are refused: a server could otherwise make the client
/// spend minutes of CPU time.
pub const MAX_ITERATIONS: u32 = 1_000_000;

/// The hash function of a SCRAM variant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScramHash {
    /// SCRAM-SHA-1.
    Sha1,
    /// SCRAM-SHA-256.
    Sha256,
}

impl ScramHash {
    fn name(self) -> &'static str {
        match self {
            ScramHash::Sha1 => "SCRAM-SHA-1",
            ScramHash::Sha256 => "SCRAM-SHA-256",
        }
    }

    fn hmac(self, key: &[u8], data: &[u8]) -> Vec<u8> {
        // HMAC accepts keys of any length; `new_from_slice` cannot fail for it.
        match self {
            ScramHash::Sha1 => {
                Hmac::<Sha1>::new_from_slice(key).map(|m| m.chain_update(data).finalize().into_bytes().to_vec())
            }
            ScramHash::Sha256 => {
                Hmac::<Sha256>::new_from_slice(key).map(|m| m.chain_update(data).finalize().into_bytes().to_vec())
            }
        }
        .unwrap_or_default()
    }

    fn hash(self, data: &[u8]) -> Vec<u8> {
        match self {
            ScramHash::Sha1 => Sha1::digest(data).to_vec(),
            ScramHash::Sha256 => Sha256::digest(data).to_vec(),
        }
    }

    fn salted_password(self, password: &[u8], salt: &[u8], iterations: u32) -> Vec<u8> {
        match self {
            ScramHash::Sha1 => pbkdf2::pbkdf2_hmac_array::<Sha1, 20>(password, salt, iterations).to_vec(),
            ScramHash::Sha256 => pbkdf2::pbkdf2_hmac_array::<Sha256, 32>(password, salt, iterations).to_vec(),
        }
    }
}

/// Whether and how the exchange is bound to the TLS channel.
///
/// Without -PLUS the client says `n` (no channel binding), not `y` ("I could, but you did not
/// offer it"): servers such as Cyrus advertise -PLUS variants whose binding types rustls cannot
/// provide (tls-unique), and a `y` sent to a server that advertises -PLUS must fail.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Binding {
    /// `n`: no channel binding.
    None,
    /// `p=type`: bound, with the channel's data.
    Bound { kind: &'static str, data: Vec<u8> },
}

#[derive(Debug)]
enum State {
    Start,
    SentFirst { bare: String, gs2: String },
    SentFinal { server_signature: Vec<u8> },
    Verified,
}

/// A SCRAM mechanism.
#[derive(Debug)]
pub struct Scram {
    hash: ScramHash,
    username: String,
    password: Secret<String>,
    authzid: Option<String>,
    nonce: String,
    plus: bool,
    binding: Binding,
    state: State,
}

impl Scram {
    /// SCRAM-SHA-256 for `username` with `password`.
    pub fn sha256(username: impl Into<String>, password: Secret<String>) -> Result<Self, AuthError> {
        Scram::new(ScramHash::Sha256, username.into(), password)
    }

    /// SCRAM-SHA-1 for `username` with `password`.
    pub fn sha1(username: impl Into<String>, password: Secret<String>) -> Result<Self, AuthError> {
        Scram::new(ScramHash::Sha1, username.into(), password)
    }

    /// A SCRAM mechanism with a fresh random nonce.
    pub fn new(hash: ScramHash, username: String, password: Secret<String>) -> Result<Self, AuthError> {
        let mut random = [0u8; 18];
        getrandom::fill(&mut random).map_err(|e| AuthError::new(format!("no randomness for the SCRAM nonce: {e}")))?;
        Ok(Scram::with_nonce(hash, username, password, BASE64.encode(random)))
    }

    /// A SCRAM mechanism with a given client nonce (printable ASCII without `,`), for tests
    /// against published vectors.
    pub fn with_nonce(hash: ScramHash, username: String, password: Secret<String>, nonce: String) -> Self {
        Scram {
            hash,
            username,
            password,
            authzid: None,
            nonce,
            plus: false,
            binding: Binding::None,
            state: State::Start,
        }
    }

    /// Acts as `authzid` after authenticating.
    pub fn with_authzid(mut self, authzid: impl Into<String>) -> Self {
        self.authzid = Some(authzid.into());
        self
    }

    /// Uses the -PLUS variant (channel binding; needs TLS 1.3 for `tls-exporter`).
    pub fn plus(mut self) -> Self {
        self.plus = true;
        self
    }

    fn gs2_header(&self) -> String {
        let flag = match &self.binding {
            Binding::None => "n".to_owned(),
            Binding::Bound { kind, .. } => format!("p={kind}"),
        };
        let authzid = self.authzid.as_deref().map(|a| format!("a={}", saslname(a))).unwrap_or_default();
        format!("{flag},{authzid},")
    }

    fn client_final(&mut self, server_first: &[u8]) -> Result<Vec<u8>, AuthError> {
        let State::SentFirst { bare, gs2 } = &self.state else {
            return Err(AuthError::new("SCRAM: unexpected challenge"));
        };
        let server_first =
            std::str::from_utf8(server_first).map_err(|_| AuthError::new("SCRAM: server-first is not UTF-8"))?;
        let attrs = attributes(server_first)?;
        if attrs.first().is_some_and(|(k, _)| *k == 'm') {
            return Err(AuthError::new("SCRAM: the server requires an unsupported extension"));
        }
        let get = |key: char| attrs.iter().find(|(k, _)| *k == key).map(|(_, v)| *v);
        let nonce = get('r').ok_or_else(|| AuthError::new("SCRAM: server-first has no nonce"))?;
        if !nonce.starts_with(&self.nonce) || nonce.len() == self.nonce.len() {
            return Err(AuthError::new("SCRAM: the server's nonce does not extend the client's"));
        }
        let salt = get('s')
            .and_then(|s| BASE64.decode(s).ok())
            .ok_or_else(|| AuthError::new("SCRAM: server-first has no valid salt"))?;
        let iterations: u32 = get('i')
            .and_then(|i| i.parse().ok())
            .filter(|i| *i >= 1)
            .ok_or_else(|| AuthError::new("SCRAM: server-first has no valid iteration count"))?;
        if iterations > MAX_ITERATIONS {
            return Err(AuthError::new(format!("SCRAM: {iterations} iterations exceed the limit of {MAX_ITERATIONS}")));
        }
        let password = stringprep::saslprep(self.password.expose())
            .map_err(|_| AuthError::new("SCRAM: the password has characters SASLprep prohibits"))?;
        let mut channel = gs2.clone().into_bytes();
        if let Binding::Bound { data, .. } = &self.binding {
            channel.extend_from_slice(data);
        }
        let without_proof = format!("c={},r={nonce}", BASE64.encode(&channel));
        let auth_message = format!("{bare},{server_first},{without_proof}");
        let h = self.hash;
        let salted = h.salted_password(password.as_bytes(), &salt, iterations);
        let client_key = h.hmac(&salted, b"Client Key");
        let stored_key = h.hash(&client_key);
        let client_signature = h.hmac(&stored_key, auth_message.as_bytes());
        let proof: Vec<u8> = client_key.iter().zip(&client_signature).map(|(a, b)| a ^ b).collect();
        let server_key = h.hmac(&salted, b"Server Key");
        let server_signature = h.hmac(&server_key, auth_message.as_bytes());
        self.state = State::SentFinal { server_signature };
        Ok(format!("{without_proof},p={}", BASE64.encode(proof)).into_bytes())
    }

    fn verify(&mut self, server_final: &[u8]) -> Result<Vec<u8>, AuthError> {
        let State::SentFinal { server_signature } = &self.state else {
            return Err(AuthError::new("SCRAM: unexpected challenge"));
        };
        let text = std::str::from_utf8(server_final).map_err(|_| AuthError::new("SCRAM: server-final is not UTF-8"))?;
        let attrs = attributes(text)?;
        if let Some((_, error)) = attrs.iter().find(|(k, _)| *k == 'e') {
            return Err(AuthError::new(format!("SCRAM: the server reports {error}")));
        }
        let verifier = attrs
            .iter()
            .find(|(k, _)| *k == 'v')
            .and_then(|(_, v)| BASE64.decode(v).ok())
            .ok_or_else(|| AuthError::new("SCRAM: server-final has no verifier"))?;
        if &verifier != server_signature {
            return Err(AuthError::new("SCRAM: wrong server signature (the server does not know the password)"));
        }
        self.state = State::Verified;
        Ok(Vec::new())
    }
}

impl Authenticator for Scram {
    fn mechanism(&self) -> &str {
        match (self.hash, self.plus) {
            (ScramHash::Sha1, false) => "SCRAM-SHA-1",
            (ScramHash::Sha1, true) => "SCRAM-SHA-1-PLUS",
            (ScramHash::Sha256, false) => "SCRAM-SHA-256",
            (ScramHash::Sha256, true) => "SCRAM-SHA-256-PLUS",
        }
    }

    fn bind_channel(&mut self, binding: &ChannelBinding) {
        self.binding = match (self.plus, binding) {
            (true, ChannelBinding { tls_exporter: Some(data), .. }) => {
                Binding::Bound { kind: "tls-exporter", data: data.clone() }
            }
            (true, ChannelBinding { tls_server_end_point: Some(data), .. }) => {
                Binding::Bound { kind: "tls-server-end-point", data: data.clone() }
            }
            _ => Binding::None,
        };
    }

    fn initial_response(&mut self) -> Result<Option<Secret<Vec<u8>>>, AuthError> {
        if self.plus && !matches!(self.binding, Binding::Bound { .. }) {
            return Err(AuthError::new(format!("{}: no channel-binding data (needs TLS)", self.mechanism())));
        }
        let username =
            stringprep::saslprep(&self.username).map(|u| u.into_owned()).unwrap_or_else(|_| self.username.clone());
        let bare = format!("n={},r={}", saslname(&username), self.nonce);
        let gs2 = self.gs2_header();
        let first = format!("{gs2}{bare}");
        self.state = State::SentFirst { bare, gs2 };
        Ok(Some(Secret::new(first.into_bytes())))
    }

    fn step(&mut self, challenge: &[u8]) -> Result<Secret<Vec<u8>>, AuthError> {
        match self.state {
            State::SentFirst { .. } => self.client_final(challenge).map(Secret::new),
            State::SentFinal { .. } => self.verify(challenge).map(Secret::new),
            State::Start => Err(AuthError::new("SCRAM: challenge before the client's first message")),
            State::Verified => Err(AuthError::new("SCRAM: challenge after the exchange ended")),
        }
    }

    fn complete(&mut self) -> Result<(), AuthError> {
        match self.state {
            State::Verified => Ok(()),
            _ => Err(AuthError::new(format!(
                "{}: the server reported success without proving it knows the password",
                self.hash.name()
            ))),
        }
    }
}

/// `saslname`: `=` and `,` escaped as `=3D` and `=2C`.
fn saslname(name: &str) -> String {
    name.replace('=', "=3D").replace(',', "=2C")
}

/// `k=value` attributes separated by commas.
fn attributes(message: &str) -> Result<Vec<(char, &str)>, AuthError> {
    message
        .split(',')
        .map(|attr| {
            let mut chars = attr.chars();
            match (chars.next(), chars.next()) {
                (Some(key), Some('=')) if key.is_ascii_alphabetic() => Ok((key, &attr[2..])),
                _ => Err(AuthError::new("SCRAM: malformed server message")),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(mut scram: Scram, server_first: &str, server_final: &str) -> (String, String, Result<(), AuthError>) {
        let first = String::from_utf8(scram.initial_response().unwrap().unwrap().into_inner()).unwrap();
        let last = String::from_utf8(scram.step(server_first.as_bytes()).unwrap().into_inner()).unwrap();
        let done = scram.step(server_final.as_bytes()).and_then(|empty| {
            assert!(empty.expose().is_empty());
            scram.complete()
        });
        (first, last, done)
    }

    #[test]
    fn rfc5802_scram_sha1_vector() {
        let scram = Scram::with_nonce(
            ScramHash::Sha1,
            "user".into(),
            Secret::new("pencil".into()),
            "fyko+d2lbbFgONRv9qkxdawL".into(),
        );
        let (first, last, done) = run(
            scram,
            "r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096",
            "v=rmF9pqV8S7suAoZWja4dJRkFsKQ=",
        );
        assert_eq!(first, "n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL");
        assert_eq!(last, "c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=");
        done.unwrap();
    }

    #[test]
    fn rfc7677_scram_sha256_vector() {
        let scram = Scram::with_nonce(
            ScramHash::Sha256,
            "user".into(),
            Secret::new("pencil".into()),
            "rOprNGfwEbeRWgbNEkqO".into(),
        );
        let (first, last, done) = run(
            scram,
            "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096",
            "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=",
        );
        assert_eq!(first, "n,,n=user,r=rOprNGfwEbeRWgbNEkqO");
        assert_eq!(
            last,
            "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ="
        );
        done.unwrap();
    }

    #[test]
    fn a_wrong_server_signature_is_an_error() {
        let scram = Scram::with_nonce(
            ScramHash::Sha1,
            "user".into(),
            Secret::new("pencil".into()),
            "fyko+d2lbbFgONRv9qkxdawL".into(),
        );
        let (_, _, done) = run(
            scram,
            "r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096",
            "v=AAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        );
        assert!(done.unwrap_err().reason().contains("wrong server signature"));
    }

    #[test]
    fn success_without_a_verifier_is_refused() {
        let mut scram = Scram::with_nonce(ScramHash::Sha256, "u".into(), Secret::new("p".into()), "abc".into());
        scram.initial_response().unwrap();
        scram.step(b"r=abcdef,s=c2FsdA==,i=1").unwrap();
        assert!(scram.complete().is_err());
    }

    #[test]
    fn nonce_must_extend_the_clients() {
        let mut scram = Scram::with_nonce(ScramHash::Sha256, "u".into(), Secret::new("p".into()), "abc".into());
        scram.initial_response().unwrap();
        assert!(scram.step(b"r=xyzdef,s=c2FsdA==,i=4096").is_err());
        let mut scram = Scram::with_nonce(ScramHash::Sha256, "u".into(), Secret::new("p".into()), "abc".into());
        scram.initial_response().unwrap();
        assert!(scram.step(b"r=abc,s=c2FsdA==,i=4096").is_err(), "the server must add to the nonce");
    }

    #[test]
    fn server_errors_extensions_and_iteration_bombs_are_refused() {
        let start = || {
            let mut s = Scram::with_nonce(ScramHash::Sha1, "u".into(), Secret::new("p".into()), "abc".into());
            s.initial_response().unwrap();
            s
        };
        assert!(start().step(b"m=ext,r=abcd,s=c2FsdA==,i=1").is_err());
        assert!(start().step(b"r=abcd,s=c2FsdA==,i=4000000000").unwrap_err().reason().contains("limit"));
        assert!(start().step(b"r=abcd,s=!!,i=1").is_err());
        let mut s = start();
        s.step(b"r=abcd,s=c2FsdA==,i=1").unwrap();
        assert!(s.step(b"e=invalid-proof").unwrap_err().reason().contains("invalid-proof"));
    }

    #[test]
    fn names_are_escaped_and_authzid_and_binding_go_in_the_header() {
        let mut scram = Scram::with_nonce(ScramHash::Sha256, "a=b,c".into(), Secret::new("p".into()), "n0".into())
            .with_authzid("x,y")
            .plus();
        assert!(scram.initial_response().is_err(), "PLUS without channel data");
        scram.bind_channel(&ChannelBinding { tls_exporter: Some(vec![1, 2, 3]), tls_server_end_point: None });
        let first = scram.initial_response().unwrap().unwrap();
        assert_eq!(first.expose(), b"p=tls-exporter,a=x=2Cy,n=a=3Db=2Cc,r=n0");
        assert_eq!(scram.mechanism(), "SCRAM-SHA-256-PLUS");
        let last = String::from_utf8(scram.step(b"r=n0zz,s=c2FsdA==,i=2").unwrap().into_inner()).unwrap();
        // c= carries the GS2 header and the channel's data.
        let expected_c = BASE64.encode([b"p=tls-exporter,a=x=2Cy,".as_slice(), &[1, 2, 3]].concat());
        assert!(last.starts_with(&format!("c={expected_c},r=n0zz,p=")), "{last}");
        let mut plain_client_with_tls =
            Scram::with_nonce(ScramHash::Sha1, "u".into(), Secret::new("p".into()), "n".into());
        plain_client_with_tls.bind_channel(&ChannelBinding { tls_exporter: Some(vec![9]), tls_server_end_point: None });
        assert!(plain_client_with_tls.initial_response().unwrap().unwrap().expose().starts_with(b"n,,"));
    }
}
