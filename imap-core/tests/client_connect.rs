//! Connecting, greetings, capabilities, STARTTLS, LOGIN, AUTHENTICATE, LOGOUT, against the
//! mock server; each conversation is a snapshot.

mod support;

use imap_core::auth::{AuthError, Authenticator};
use imap_core::client::{Client, Config, Connected, Error};
use imap_core::response::{Code, StatusKind};
use imap_core::transport::TlsConnector;
use imap_core::types::Secret;
use imap_mock::{MockOptions, MockServer, Script, TestCertificate};
use support::{connect, finish, session};

#[tokio::test]
async fn greeting_ok_preauth_and_bye() {
    let (connected, mock) = connect("S: * OK [CAPABILITY IMAP4rev1 IDLE] hi\n").await;
    let client = connected.into_client().unwrap();
    assert!(client.has_capability("IDLE"), "capabilities from the greeting");
    assert_eq!(client.greeting().text, "hi");
    drop(client);
    finish(mock).await;

    let (connected, mock) = connect("S: * PREAUTH [CAPABILITY IMAP4rev1] logged in already\n").await;
    assert!(matches!(connected, Connected::Authenticated(_)), "PREAUTH starts authenticated");
    drop(connected);
    finish(mock).await;

    let script = Script::parse("S: * BYE [UNAVAILABLE] too busy\n! drop\n").unwrap();
    let (stream, mock) = MockServer::duplex(script);
    let error = Client::from_transport(Box::new(stream), Config::default()).await.unwrap_err();
    assert!(matches!(&error, Error::Bye { code: Some(code), .. } if **code == Code::Unavailable), "{error}");
    finish(mock).await;
}

#[tokio::test]
async fn a_first_line_that_is_no_greeting_fails_at_once() {
    // SmarterMail when busy, IceWarp when it blocks a client, an SMTP server on the wrong port:
    // the connection stays open, and the error must come without waiting for more.
    for line in ["421 Server is busy, try again later.", "NO LOGOUT Intrusion prevention active", "220-mx ESMTP ready"]
    {
        let script = Script::parse(&format!("S: {line}\n")).unwrap();
        let (stream, mock) = MockServer::duplex(script);
        let connecting = Client::from_transport(Box::new(stream), Config::default());
        let error =
            tokio::time::timeout(std::time::Duration::from_secs(5), connecting).await.expect("no hang").unwrap_err();
        match &error {
            Error::InvalidGreeting(e) => assert_eq!(e.bytes(), format!("{line}\r\n").as_bytes()),
            other => panic!("{other:?}"),
        }
        assert!(error.is_connection_lost());
        assert!(error.to_string().starts_with("not an IMAP greeting: "), "{error}");
        drop(error);
        finish(mock).await;
    }
}

#[tokio::test]
async fn capability_noop_and_logout() {
    let (connected, mock) = connect(
        "S: * OK ready\n\
         C: A1 CAPABILITY\n\
         S: * CAPABILITY IMAP4rev1 STARTTLS AUTH=PLAIN LOGINDISABLED\n\
         S: A1 OK done\n\
         C: A2 NOOP\n\
         S: * 3 EXISTS\n\
         S: A2 OK done\n\
         C: A3 LOGOUT\n\
         S: * BYE see you\n\
         S: A3 OK done\n",
    )
    .await;
    let mut client = connected.into_client().unwrap();
    let caps = client.capabilities_now().await.unwrap();
    assert!(caps.has("STARTTLS") && caps.has_auth("PLAIN"));
    let updates = client.noop().await.unwrap();
    assert_eq!(updates.len(), 1);
    let bye = client.logout().await.unwrap();
    assert_eq!((bye.kind, bye.text.to_string_lossy().into_owned()), (StatusKind::Bye, "see you".into()));
    assert!(matches!(client.noop().await, Err(Error::Abort(_))), "nothing after LOGOUT");
    insta::assert_snapshot!(finish(mock).await);
}

#[tokio::test]
async fn login_ok_no_and_logindisabled() {
    let (connected, mock) = connect(
        "S: * OK ready\n\
         C: A1 LOGIN alice \"wrong\"\n\
         S: A1 NO [AUTHENTICATIONFAILED] Authentication failed.\n\
         C: A2 LOGIN alice \"p\\\"ss\\\\ \\\"okay\"\n\
         S: A2 BAD eh\n\
         C: A3 LOGIN alice \"right\"\n\
         S: A3 OK [CAPABILITY IMAP4rev1 UIDPLUS] welcome\n",
    )
    .await;
    let client = connected.into_client().unwrap();
    let rejected = client.login("alice", &Secret::new("wrong".into())).await.unwrap_err();
    assert!(matches!(&rejected.error, Error::No { code: Some(c), .. } if **c == Code::AuthenticationFailed));
    assert!(!rejected.error.to_string().contains("wrong"), "no password in the error");
    // A password with a quote and a backslash: quoted with escapes, never an atom.
    let rejected = rejected.client.login("alice", &Secret::new("p\"ss\\ \"okay".into())).await.unwrap_err();
    assert!(matches!(rejected.error, Error::Bad { .. }));
    let session = rejected.client.login("alice", &Secret::new("right".into())).await.unwrap();
    assert!(session.has_capability("UIDPLUS"), "capabilities from the LOGIN response code");
    drop(session);
    insta::assert_snapshot!(finish(mock).await);

    let (connected, mock) = connect("S: * OK [CAPABILITY IMAP4rev1 LOGINDISABLED] ready\n").await;
    let rejected = connected.into_client().unwrap().login("alice", &Secret::new("pw".into())).await.unwrap_err();
    assert!(matches!(rejected.error, Error::WrongState { .. }), "refused locally");
    drop(rejected);
    finish(mock).await;
}

/// A minimal mechanism for the AUTHENTICATE tests: answers each challenge from a list.
struct Replay {
    answers: Vec<&'static [u8]>,
    initial: Option<&'static [u8]>,
}

impl Authenticator for Replay {
    fn mechanism(&self) -> &str {
        "X-REPLAY"
    }
    fn initial_response(&mut self) -> Result<Option<Secret<Vec<u8>>>, AuthError> {
        Ok(self.initial.map(|i| Secret::new(i.to_vec())))
    }
    fn step(&mut self, challenge: &[u8]) -> Result<Secret<Vec<u8>>, AuthError> {
        if challenge == b"bad" {
            return Err(AuthError::new("unexpected challenge"));
        }
        if self.answers.is_empty() {
            return Err(AuthError::new("no more answers"));
        }
        Ok(Secret::new(self.answers.remove(0).to_vec()))
    }
}

#[tokio::test]
async fn authenticate_with_and_without_sasl_ir_abort_and_no() {
    // With SASL-IR the initial response goes inline; challenges are base64 both ways.
    let (connected, mock) = connect(
        "S: * OK [CAPABILITY IMAP4rev1 SASL-IR AUTH=X-REPLAY] ready\n\
         C: A1 AUTHENTICATE X-REPLAY aGVsbG8=\n\
         S: + Y2hhbGxlbmdl\n\
         C: YW5zd2Vy\n\
         S: A1 OK [CAPABILITY IMAP4rev1] authenticated\n",
    )
    .await;
    let mut mechanism = Replay { answers: vec![b"answer"], initial: Some(b"hello") };
    let session = connected.into_client().unwrap().authenticate(&mut mechanism).await.unwrap();
    drop(session);
    insta::assert_snapshot!("sasl_ir", finish(mock).await);

    // Without SASL-IR: the empty first challenge gets the initial response.
    let (connected, mock) = connect(
        "S: * OK [CAPABILITY IMAP4rev1 AUTH=X-REPLAY] ready\n\
         C: A1 AUTHENTICATE X-REPLAY\n\
         S: +\n\
         C: aGVsbG8=\n\
         S: A1 OK done\n\
         C: A2 CAPABILITY\n\
         S: * CAPABILITY IMAP4rev1\n\
         S: A2 OK done\n",
    )
    .await;
    let mut mechanism = Replay { answers: vec![], initial: Some(b"hello") };
    connected.into_client().unwrap().authenticate(&mut mechanism).await.unwrap();
    finish(mock).await;

    // A challenge the mechanism refuses: the client sends `*`, and the error says why.
    let (connected, mock) = connect(
        "S: * OK [CAPABILITY IMAP4rev1 AUTH=X-REPLAY] ready\n\
         C: A1 AUTHENTICATE X-REPLAY\n\
         S: + YmFk\n\
         C: *\n\
         S: A1 BAD aborted\n\
         C: A2 AUTHENTICATE X-REPLAY\n\
         S: + \n\
         C: b2s=\n\
         S: A2 NO [AUTHENTICATIONFAILED] nope\n",
    )
    .await;
    let mut mechanism = Replay { answers: vec![], initial: None };
    let rejected = connected.into_client().unwrap().authenticate(&mut mechanism).await.unwrap_err();
    assert_eq!(rejected.error.to_string(), "authentication: unexpected challenge");
    let mut mechanism = Replay { answers: vec![b"ok"], initial: None };
    let rejected = rejected.client.authenticate(&mut mechanism).await.unwrap_err();
    assert!(matches!(rejected.error, Error::No { .. }));
    drop(rejected);
    insta::assert_snapshot!("abort_and_no", finish(mock).await);
}

#[tokio::test]
async fn starttls_discards_bytes_sent_before_the_handshake_and_asks_capabilities_again() {
    let certificate = TestCertificate::generate().unwrap();
    let options = MockOptions { tls: Some(certificate.clone()), ..MockOptions::default() };
    // The server (or an attacker in the middle) sends a response right after the OK, before
    // the handshake: it must never be read as if it had come over TLS.
    let script = Script::parse(
        "S: * OK [CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED] ready\n\
         C: $t STARTTLS\n\
         R: $t OK begin TLS\\r\\n* CAPABILITY IMAP4rev1 AUTH=PLAIN INJECTED\\r\\n\n\
         ! starttls\n\
         C: A2 CAPABILITY\n\
         S: * CAPABILITY IMAP4rev1 AUTH=PLAIN\n\
         S: A2 OK done\n",
    )
    .unwrap();
    let (address, mock) = MockServer::tcp(script, options).await.unwrap();
    let tls = TlsConnector::from_pem(certificate.ca_pem().as_bytes()).unwrap();
    let client = Client::connect_starttls(address, "localhost", &tls, Config::default()).await.unwrap();
    assert!(!client.has_capability("INJECTED"), "pre-handshake bytes were discarded");
    assert!(!client.has_capability("LOGINDISABLED"), "capabilities asked for again over TLS");
    assert!(client.transport().tls_info().is_some());
    drop(client);
    insta::assert_snapshot!(finish(mock).await);
}

#[tokio::test]
async fn tls_certificates_are_verified_by_default() {
    let script = Script::parse("S: * OK hi\n").unwrap();
    let (address, mock, _certificate) = MockServer::tls(script, MockOptions::default()).await.unwrap();
    // The mock's certificate is signed by its own CA, which the default roots do not contain.
    let error = Client::connect_tls(address, "localhost", &TlsConnector::new(), Config::default()).await.unwrap_err();
    assert!(matches!(error, Error::Tls(_)), "{error}");
    mock.abort();

    let script = Script::parse("S: * OK hi\n").unwrap();
    let (address, mock, certificate) = MockServer::tls(script, MockOptions::default()).await.unwrap();
    let tls = TlsConnector::from_pem(certificate.ca_pem().as_bytes()).unwrap();
    let error = Client::connect_tls(address, "mail.example.org", &tls, Config::default()).await.unwrap_err();
    assert!(matches!(error, Error::Tls(_)), "the host name is verified too: {error}");
    mock.abort();
}

#[tokio::test]
async fn a_bye_in_the_middle_of_a_command_ends_the_session() {
    let (mut session, mock) = session("C: A2 NOOP\nS: * BYE [ALERT] shutting down\n! drop\n").await;
    let error = session.noop().await.unwrap_err();
    assert!(matches!(error, Error::Bye { .. }), "{error}");
    assert!(error.is_connection_lost());
    assert!(matches!(session.noop().await, Err(Error::Abort(_) | Error::Bye { .. })));
    insta::assert_snapshot!(finish(mock).await);
}
