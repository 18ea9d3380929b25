//! Every mechanism, and the negotiation, against imap-mock's scripted server. The scripts pin
//! the client's bytes (a deviation is answered with BAD and fails `finish`), and each
//! conversation's transcript (tags normalized, secrets redacted) is a snapshot.
//!
//! The base64 in the scripts was computed independently (Python's `base64`, `hmac`, `hashlib`)
//! from the published vectors: RFC 2195 (CRAM-MD5), RFC 5802 (SCRAM-SHA-1), RFC 7677
//! (SCRAM-SHA-256), RFC 7628 and Google's XOAUTH2 documentation. In the transcripts every line
//! the client sends inside an exchange reads `<redacted>`, except the abort (`*`) and an empty
//! response, which hold no secret; the scripts pin the bytes.
#![cfg(all(
    feature = "plain",
    feature = "login",
    feature = "cram-md5",
    feature = "scram",
    feature = "xoauth2",
    feature = "oauthbearer",
    feature = "external",
    feature = "anonymous"
))]
#![allow(clippy::unwrap_used)]

use std::time::Duration;

use imap_auth::{
    Anonymous, AuthOptions, Choice, CramMd5, Credentials, External, Login, LoginCramMd5, OAuthBearer, Plain, Scram,
    ScramHash, XOAuth2, choose, login, mechanism,
};
use imap_core::auth::{AuthError, Authenticator, ChannelBinding};
use imap_core::client::{Client, Config, Error, Rejected, Session};
use imap_core::response::Code;
use imap_core::transport::TlsConnector;
use imap_core::types::{CapabilitySet, Secret};
use imap_mock::{MockHandle, MockOptions, MockServer, Script};

/// The client's settings: a command timeout of 10 s rather than 60. The mock answers a
/// deviating SASL response with a BAD tagged with that line's first word (`* BAD ...`), not
/// with the AUTHENTICATE command's tag, so the client keeps waiting for its completion: this
/// way such a test fails after 10 s instead of a minute.
fn config() -> Config {
    Config { command_timeout: Some(Duration::from_secs(10)), ..Config::default() }
}

/// The not-authenticated client for `script` (which starts with the greeting), over an
/// in-memory pipe: an unencrypted connection, as far as the negotiation can tell.
async fn connect(script: &str) -> (Client, MockHandle) {
    let (stream, mock) = MockServer::duplex(Script::parse(script).unwrap());
    let client = Client::from_transport(Box::new(stream), config()).await.unwrap().into_client().unwrap();
    (client, mock)
}

/// The same over implicit TLS (the mock's own CA is trusted).
async fn connect_tls(script: &str) -> (Client, MockHandle) {
    let (address, mock, certificate) =
        MockServer::tls(Script::parse(script).unwrap(), MockOptions::default()).await.unwrap();
    let tls = TlsConnector::from_pem(certificate.ca_pem().as_bytes()).unwrap();
    let client = Client::connect_tls(address, "localhost", &tls, config()).await.unwrap().into_client().unwrap();
    (client, mock)
}

/// Drops what is left of the client (a session, a rejected client) and returns the transcript;
/// a deviation from the script fails the test, and so does a conversation that does not end
/// within 10 s.
async fn finish<T>(client: T, mock: MockHandle) -> String {
    drop(client);
    match tokio::time::timeout(Duration::from_secs(10), mock.finish()).await {
        Ok(Ok(transcript)) => transcript.to_string(),
        Ok(Err(e)) => panic!("{e}"),
        Err(_) => panic!("the mock conversation did not end within 10 s"),
    }
}

fn secret(text: &str) -> Secret<String> {
    Secret::new(text.to_owned())
}

fn caps(names: &str) -> CapabilitySet {
    CapabilitySet::from_names(names.split_whitespace()).unwrap()
}

/// The AUTHENTICATE completed with OK and a session came out.
fn authenticated(result: Result<Session, Rejected>) -> Session {
    match result {
        Ok(session) => session,
        Err(rejected) => panic!("authentication failed: {}", rejected.error),
    }
}

/// The AUTHENTICATE failed: no session came out.
fn rejected(result: Result<Session, Rejected>) -> Rejected {
    match result {
        Ok(_) => panic!("authenticated, but the test expects a failure"),
        Err(rejected) => rejected,
    }
}

// --- PLAIN -------------------------------------------------------------------------------

#[tokio::test]
async fn plain_with_sasl_ir_sends_the_initial_response_inline() {
    // "\0alice\0secret"
    let (client, mock) = connect(
        "S: * OK [CAPABILITY IMAP4rev1 SASL-IR AUTH=PLAIN] ready\n\
         C: A1 AUTHENTICATE PLAIN AGFsaWNlAHNlY3JldA==\n\
         S: A1 OK [CAPABILITY IMAP4rev1 IDLE] Logged in\n",
    )
    .await;
    let session = authenticated(client.authenticate(&mut Plain::new("alice", secret("secret"))).await);
    assert!(session.has_capability("IDLE"), "capabilities from the OK's code");
    insta::assert_snapshot!(finish(session, mock).await);
}

#[tokio::test]
async fn plain_without_sasl_ir_answers_the_empty_challenge() {
    // The empty challenge written both ways servers send it: `+ ` and `+`. Without a
    // CAPABILITY code in the OK the client asks for the new capabilities.
    for (name, empty) in [("plain_without_sasl_ir_plus_space", "+ "), ("plain_without_sasl_ir_plus", "+")] {
        let (client, mock) = connect(&format!(
            "S: * OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] ready\n\
             C: A1 AUTHENTICATE PLAIN\n\
             S: {empty}\n\
             C: AGFsaWNlAHNlY3JldA==\n\
             S: A1 OK Logged in\n\
             C: A2 CAPABILITY\n\
             S: * CAPABILITY IMAP4rev1 IDLE\n\
             S: A2 OK done\n"
        ))
        .await;
        let session = authenticated(client.authenticate(&mut Plain::new("alice", secret("secret"))).await);
        assert!(session.has_capability("IDLE"));
        insta::assert_snapshot!(name, finish(session, mock).await);
    }
}

#[tokio::test]
async fn plain_with_authzid_and_a_utf8_password() {
    // "alice\0admin\0masterpw": admin logs in and acts as alice.
    let (client, mock) = connect(
        "S: * OK [CAPABILITY IMAP4rev1 SASL-IR AUTH=PLAIN] ready\n\
         C: A1 AUTHENTICATE PLAIN YWxpY2UAYWRtaW4AbWFzdGVycHc=\n\
         S: A1 OK [CAPABILITY IMAP4rev1] Logged in as alice\n",
    )
    .await;
    let mut plain = Plain::new("admin", secret("masterpw")).with_authzid("alice");
    let session = authenticated(client.authenticate(&mut plain).await);
    insta::assert_snapshot!("plain_authzid", finish(session, mock).await);

    // "\0alice\0pässwörd", the password as UTF-8 bytes (c3 a4, c3 b6).
    let (client, mock) = connect(
        "S: * OK [CAPABILITY IMAP4rev1 SASL-IR AUTH=PLAIN] ready\n\
         C: A1 AUTHENTICATE PLAIN AGFsaWNlAHDDpHNzd8O2cmQ=\n\
         S: A1 OK [CAPABILITY IMAP4rev1] Logged in\n",
    )
    .await;
    let session = authenticated(client.authenticate(&mut Plain::new("alice", secret("pässwörd"))).await);
    insta::assert_snapshot!("plain_utf8_password", finish(session, mock).await);
}

// --- LOGIN and CRAM-MD5 -------------------------------------------------------------------

#[tokio::test]
async fn login_mechanism_answers_both_prompts() {
    // SASL-IR is advertised, but LOGIN has no initial response: nothing goes inline.
    let (client, mock) = connect(
        "S: * OK [CAPABILITY IMAP4rev1 SASL-IR AUTH=LOGIN] ready\n\
         C: A1 AUTHENTICATE LOGIN\n\
         S: + VXNlcm5hbWU6\n\
         C: YWxpY2U=\n\
         S: + UGFzc3dvcmQ6\n\
         C: c2VjcmV0\n\
         S: A1 OK [CAPABILITY IMAP4rev1] Logged in\n",
    )
    .await;
    let session = authenticated(client.authenticate(&mut Login::new("alice", secret("secret"))).await);
    insta::assert_snapshot!(finish(session, mock).await);
}

/// RFC 2195's example: the challenge, and `tim b913a602c7eda7a495b4e6e7334d3890`.
const CRAM_MD5_RFC2195: &str = "S: * OK [CAPABILITY IMAP4rev1 SASL-IR AUTH=CRAM-MD5] ready\n\
     C: A1 AUTHENTICATE CRAM-MD5\n\
     S: + PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+\n\
     C: dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw\n\
     S: A1 OK [CAPABILITY IMAP4rev1] CRAM-MD5 authentication successful\n";

#[tokio::test]
async fn cram_md5_rfc2195_vector() {
    let (client, mock) = connect(CRAM_MD5_RFC2195).await;
    let session = authenticated(client.authenticate(&mut CramMd5::new("tim", secret("tanstaaftanstaaf"))).await);
    insta::assert_snapshot!(finish(session, mock).await);
}

#[tokio::test]
async fn login_cram_md5_on_the_client() {
    // imaplib's `login_cram_md5`: the same conversation.
    let (client, mock) = connect(CRAM_MD5_RFC2195).await;
    let session = authenticated(client.login_cram_md5("tim", &secret("tanstaaftanstaaf")).await);
    insta::assert_snapshot!(finish(session, mock).await);
}

// --- SCRAM ---------------------------------------------------------------------------------

/// RFC 7677's SCRAM-SHA-256 client, with the RFC's client nonce.
fn rfc7677_client() -> Scram {
    Scram::with_nonce(ScramHash::Sha256, "user".into(), secret("pencil"), "rOprNGfwEbeRWgbNEkqO".into())
}

/// RFC 7677 up to the client-final message (base64 of `n,,n=user,r=rOprNGfwEbeRWgbNEkqO`, of
/// the server-first `r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096`
/// and of the client-final `c=biws,r=...,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=`).
const RFC7677_TO_CLIENT_FINAL: &str = "S: * OK [CAPABILITY IMAP4rev1 SASL-IR AUTH=SCRAM-SHA-256] ready\n\
     C: A1 AUTHENTICATE SCRAM-SHA-256 biwsbj11c2VyLHI9ck9wck5HZndFYmVSV2diTkVrcU8=\n\
     S: + cj1yT3ByTkdmd0ViZVJXZ2JORWtxTyVodllEcFdVYTJSYVRDQWZ1eEZJbGopaE5sRiRrMCxzPVcyMlphSjBTTlk3c29Fc1VFamI2Z1E9PSxpPTQwOTY=\n\
     C: Yz1iaXdzLHI9ck9wck5HZndFYmVSV2diTkVrcU8laHZZRHBXVWEyUmFUQ0FmdXhGSWxqKWhObEYkazAscD1kSHpiWmFwV0lrNGpVaE4rVXRlOXl0YWc5empmTUhnc3FtbWl6N0FuZFZRPQ==\n";

/// Base64 of RFC 7677's server-final `v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=`.
const RFC7677_SERVER_FINAL: &str = "dj02cnJpVFJCaTIzV3BSUi93dHVwK21NaFVaVW4vZEI1bkxUSlJzamw5NUc0PQ==";

#[tokio::test]
async fn scram_sha256_rfc7677_server_final_as_a_challenge() {
    // The server-final message comes as the last challenge; the client verifies it and
    // answers with the empty response.
    let (client, mock) = connect(&format!(
        "{RFC7677_TO_CLIENT_FINAL}\
         S: + {RFC7677_SERVER_FINAL}\n\
         C:\n\
         S: A1 OK [CAPABILITY IMAP4rev1] SCRAM-SHA-256 authentication successful\n"
    ))
    .await;
    let session = authenticated(client.authenticate(&mut rfc7677_client()).await);
    insta::assert_snapshot!(finish(session, mock).await);
}

#[tokio::test]
async fn scram_sha256_server_final_in_the_tagged_ok_is_not_trusted() {
    // The client takes the server-final message only from a challenge, never from the OK's
    // text. Here it never sees the server's proof, so `complete` fails with a typed error and
    // no session is handed out (the server, for its part, considers the login done).
    let (client, mock) = connect(&format!(
        "{RFC7677_TO_CLIENT_FINAL}\
         S: A1 OK [CAPABILITY IMAP4rev1] {RFC7677_SERVER_FINAL}\n"
    ))
    .await;
    let rejected = rejected(client.authenticate(&mut rfc7677_client()).await);
    assert!(
        matches!(&rejected.error, Error::Auth(reason) if reason.contains("without proving it knows the password")),
        "{}",
        rejected.error
    );
    insta::assert_snapshot!(finish(rejected, mock).await);
}

#[tokio::test]
async fn scram_sha1_rfc5802_vector_without_sasl_ir() {
    // RFC 5802 section 5: user `user`, password `pencil`, client nonce
    // `fyko+d2lbbFgONRv9qkxdawL`. Without SASL-IR the client-first message answers the empty
    // challenge.
    let (client, mock) = connect(
        "S: * OK [CAPABILITY IMAP4rev1 AUTH=SCRAM-SHA-1] ready\n\
         C: A1 AUTHENTICATE SCRAM-SHA-1\n\
         S: +\n\
         C: biwsbj11c2VyLHI9ZnlrbytkMmxiYkZnT05Sdjlxa3hkYXdM\n\
         S: + cj1meWtvK2QybGJiRmdPTlJ2OXFreGRhd0wzcmZjTkhZSlkxWlZ2V1ZzN2oscz1RU1hDUitRNnNlazhiZjkyLGk9NDA5Ng==\n\
         C: Yz1iaXdzLHI9ZnlrbytkMmxiYkZnT05Sdjlxa3hkYXdMM3JmY05IWUpZMVpWdldWczdqLHA9djBYOHYzQnoyVDBDSkdiSlF5RjBYK0hJNFRzPQ==\n\
         S: + dj1ybUY5cHFWOFM3c3VBb1pXamE0ZEpSa0ZzS1E9\n\
         C:\n\
         S: A1 OK [CAPABILITY IMAP4rev1] authenticated\n",
    )
    .await;
    let mut scram =
        Scram::with_nonce(ScramHash::Sha1, "user".into(), secret("pencil"), "fyko+d2lbbFgONRv9qkxdawL".into());
    let session = authenticated(client.authenticate(&mut scram).await);
    insta::assert_snapshot!(finish(session, mock).await);
}

#[tokio::test]
async fn scram_wrong_server_signature_aborts() {
    // A server that does not know the password cannot produce RFC 7677's signature; this one
    // (`v=6rriTRBi23WpRR/wtup+mMhK1NwaRyH0SsmZanLZbsA=`) differs in its last 22 characters.
    // The client aborts with `*` and reports a typed error: no session.
    let (client, mock) = connect(&format!(
        "{RFC7677_TO_CLIENT_FINAL}\
         S: + dj02cnJpVFJCaTIzV3BSUi93dHVwK21NaEsxTndhUnlIMFNzbVphbkxaYnNBPQ==\n\
         C: *\n\
         S: A1 BAD Authentication aborted by client\n"
    ))
    .await;
    let rejected = rejected(client.authenticate(&mut rfc7677_client()).await);
    assert!(
        matches!(&rejected.error, Error::Auth(reason) if reason.contains("wrong server signature")),
        "{}",
        rejected.error
    );
    insta::assert_snapshot!(finish(rejected, mock).await);
}

// --- Aborts, NO, and retrying on the same connection -------------------------------------

#[tokio::test]
async fn an_aborted_exchange_leaves_the_client_usable_for_another_mechanism() {
    let (client, mock) = connect(
        "S: * OK [CAPABILITY IMAP4rev1 SASL-IR AUTH=SCRAM-SHA-256 AUTH=CRAM-MD5 AUTH=PLAIN] ready\n\
         # SCRAM: the server's nonce (r=forged) does not extend the client's: `*`, BAD.\n\
         C: A1 AUTHENTICATE SCRAM-SHA-256 biwsbj11c2VyLHI9ck9wck5HZndFYmVSV2diTkVrcU8=\n\
         S: + cj1mb3JnZWQscz1XMjJaYUowU05ZN3NvRXNVRWpiNmdRPT0saT00MDk2\n\
         C: *\n\
         S: A1 BAD Authentication aborted by client\n\
         # CRAM-MD5: an empty challenge has nothing to sign: `*`, and this server says NO.\n\
         C: A2 AUTHENTICATE CRAM-MD5\n\
         S: + \n\
         C: *\n\
         S: A2 NO Authentication aborted\n\
         # PLAIN on the same connection succeeds.\n\
         C: A3 AUTHENTICATE PLAIN AHVzZXIAcGVuY2ls\n\
         S: A3 OK [CAPABILITY IMAP4rev1] Logged in\n",
    )
    .await;
    let first = rejected(client.authenticate(&mut rfc7677_client()).await);
    assert!(matches!(&first.error, Error::Auth(reason) if reason.contains("nonce does not extend")), "{}", first.error);
    assert!(!first.error.is_connection_lost());

    let second = rejected(first.client.authenticate(&mut CramMd5::new("user", secret("pencil"))).await);
    assert!(
        matches!(&second.error, Error::Auth(reason) if reason.contains("challenge is empty")),
        "the mechanism's reason, not the server's NO: {}",
        second.error
    );

    let session = authenticated(second.client.authenticate(&mut Plain::new("user", secret("pencil"))).await);
    insta::assert_snapshot!(finish(session, mock).await);
}

#[tokio::test]
async fn server_no_is_typed_with_its_code_and_never_shows_the_password() {
    let (client, mock) = connect(
        "S: * OK [CAPABILITY IMAP4rev1 SASL-IR AUTH=PLAIN] ready\n\
         C: A1 AUTHENTICATE PLAIN AGFsaWNlAHDDpHNzd8O2cmQ=\n\
         S: A1 NO [AUTHENTICATIONFAILED] Invalid credentials (Failure)\n\
         C: A2 AUTHENTICATE PLAIN AGFsaWNlAHNlY3JldA==\n\
         S: A2 OK [CAPABILITY IMAP4rev1] Logged in\n",
    )
    .await;
    let mut plain = Plain::new("alice", secret("pässwörd"));
    let rejected = rejected(client.authenticate(&mut plain).await);
    match &rejected.error {
        Error::No { command, code, text } => {
            assert_eq!(command, "AUTHENTICATE");
            assert_eq!(code.as_deref(), Some(&Code::AuthenticationFailed));
            assert_eq!(text.to_string_lossy(), "Invalid credentials (Failure)");
        }
        other => panic!("expected NO, got {other:?}"),
    }
    assert_eq!(rejected.error.code(), Some(&Code::AuthenticationFailed));
    assert!(!rejected.error.is_connection_lost(), "a NO leaves the connection usable");
    // Neither the password nor the PLAIN message (in either form) anywhere a log could show.
    let shown = [
        rejected.error.to_string(),
        format!("{:?}", rejected.error),
        rejected.to_string(),
        format!("{rejected:?}"),
        format!("{plain:?}"),
    ];
    for text in shown {
        for leak in ["pässwörd", "p\\u{e4}ssw\\u{f6}rd", "AGFsaWNlAHDDpHNzd8O2cmQ"] {
            assert!(!text.contains(leak), "{leak} in {text}");
        }
    }
    // The same client tries again.
    let session = authenticated(rejected.client.authenticate(&mut Plain::new("alice", secret("secret"))).await);
    insta::assert_snapshot!(finish(session, mock).await);
}

// --- OAuth --------------------------------------------------------------------------------

/// Base64 of `{"status":"401","schemes":"bearer","scope":"https://mail.google.com/"}`.
const OAUTH_ERROR: &str =
    "eyJzdGF0dXMiOiI0MDEiLCJzY2hlbWVzIjoiYmVhcmVyIiwic2NvcGUiOiJodHRwczovL21haWwuZ29vZ2xlLmNvbS8ifQ==";

#[tokio::test]
async fn xoauth2_failed_token_surfaces_the_servers_error() {
    // Google's documented failure: the error JSON as a challenge, the client's empty
    // response, then the tagged NO.
    let (client, mock) = connect(&format!(
        "S: * OK [CAPABILITY IMAP4rev1 SASL-IR AUTH=XOAUTH2] Gimap ready\n\
         C: A1 AUTHENTICATE XOAUTH2 dXNlcj1zb21ldXNlckBleGFtcGxlLmNvbQFhdXRoPUJlYXJlciB5YTI5LnZGOWRmdDRxbVRjMk52YjNSbGNrQmhkSFJoZG1semRHRXVZMjl0Q2cBAQ==\n\
         S: + {OAUTH_ERROR}\n\
         C:\n\
         S: A1 NO [AUTHENTICATIONFAILED] Invalid credentials (Failure)\n"
    ))
    .await;
    let mut xoauth2 = XOAuth2::new("someuser@example.com", secret("ya29.vF9dft4qmTc2Nvb3RlckBhdHRhdmlzdGEuY29tCg"));
    let rejected = rejected(client.authenticate(&mut xoauth2).await);
    assert_eq!(rejected.error.code(), Some(&Code::AuthenticationFailed), "{}", rejected.error);
    let error = xoauth2.server_error().expect("the server's error JSON");
    assert_eq!(error.status.as_deref(), Some("401"));
    assert_eq!(error.scope.as_deref(), Some("https://mail.google.com/"));
    assert_eq!(error.raw, r#"{"status":"401","schemes":"bearer","scope":"https://mail.google.com/"}"#);
    assert!(!format!("{xoauth2:?} {rejected:?}").contains("ya29."), "the token stays out of Debug");
    insta::assert_snapshot!(finish(rejected, mock).await);
}

#[tokio::test]
async fn xoauth2_without_sasl_ir_succeeds() {
    let (client, mock) = connect(
        "S: * OK [CAPABILITY IMAP4rev1 AUTH=XOAUTH2] ready\n\
         C: A1 AUTHENTICATE XOAUTH2\n\
         S: + \n\
         C: dXNlcj1zb21ldXNlckBleGFtcGxlLmNvbQFhdXRoPUJlYXJlciB5YTI5LnZGOWRmdDRxbVRjMk52YjNSbGNrQmhkSFJoZG1semRHRXVZMjl0Q2cBAQ==\n\
         S: A1 OK [CAPABILITY IMAP4rev1] someuser@example.com authenticated (Success)\n",
    )
    .await;
    let mut xoauth2 = XOAuth2::new("someuser@example.com", secret("ya29.vF9dft4qmTc2Nvb3RlckBhdHRhdmlzdGEuY29tCg"));
    let session = authenticated(client.authenticate(&mut xoauth2).await);
    assert!(xoauth2.server_error().is_none());
    insta::assert_snapshot!(finish(session, mock).await);
}

#[tokio::test]
async fn oauthbearer_failed_token_answers_with_ctrl_a_and_surfaces_the_servers_error() {
    // RFC 7628 section 3.2.3: after the server's error the client sends a single %x01
    // (`AQ==`) so that the server can finish with NO. The initial response is RFC 7628's
    // section 4.1 example.
    let (client, mock) = connect(&format!(
        "S: * OK [CAPABILITY IMAP4rev1 SASL-IR AUTH=OAUTHBEARER] ready\n\
         C: A1 AUTHENTICATE OAUTHBEARER bixhPXVzZXJAZXhhbXBsZS5jb20sAWhvc3Q9c2VydmVyLmV4YW1wbGUuY29tAXBvcnQ9MTQzAWF1dGg9QmVhcmVyIHZGOWRmdDRxbVRjMk52YjNSbGNrQmhiSFJoZG1semRHRXVZMjl0Q2c9PQEB\n\
         S: + {OAUTH_ERROR}\n\
         C: AQ==\n\
         S: A1 NO [AUTHENTICATIONFAILED] Invalid token\n"
    ))
    .await;
    let mut bearer =
        OAuthBearer::new(Some("user@example.com".into()), secret("vF9dft4qmTc2Nvb3RlckBhbHRhdmlzdGEuY29tCg=="))
            .with_server("server.example.com", 143);
    let rejected = rejected(client.authenticate(&mut bearer).await);
    assert_eq!(rejected.error.code(), Some(&Code::AuthenticationFailed), "{}", rejected.error);
    let error = bearer.server_error().expect("the server's error JSON");
    assert_eq!(error.status.as_deref(), Some("401"));
    assert_eq!(error.scope.as_deref(), Some("https://mail.google.com/"));
    insta::assert_snapshot!(finish(rejected, mock).await);
}

// --- EXTERNAL and ANONYMOUS ---------------------------------------------------------------

#[tokio::test]
async fn external_with_and_without_sasl_ir() {
    // An empty initial response inline is `=`; an authzid goes as base64 (`alice`).
    let (client, mock) = connect(
        "S: * OK [CAPABILITY IMAP4rev1 SASL-IR AUTH=EXTERNAL] ready\n\
         C: A1 AUTHENTICATE EXTERNAL =\n\
         S: A1 NO [AUTHORIZATIONFAILED] no client certificate\n\
         C: A2 AUTHENTICATE EXTERNAL YWxpY2U=\n\
         S: A2 OK [CAPABILITY IMAP4rev1] Logged in as alice\n",
    )
    .await;
    let rejected = rejected(client.authenticate(&mut External::new(None)).await);
    assert_eq!(rejected.error.code(), Some(&Code::AuthorizationFailed));
    let session = authenticated(rejected.client.authenticate(&mut External::new(Some("alice".into()))).await);
    insta::assert_snapshot!("external_sasl_ir", finish(session, mock).await);

    // Without SASL-IR the empty response answers the empty challenge.
    let (client, mock) = connect(
        "S: * OK [CAPABILITY IMAP4rev1 AUTH=EXTERNAL] ready\n\
         C: A1 AUTHENTICATE EXTERNAL\n\
         S: + \n\
         C:\n\
         S: A1 OK [CAPABILITY IMAP4rev1] Logged in\n",
    )
    .await;
    let session = authenticated(client.authenticate(&mut External::new(None)).await);
    insta::assert_snapshot!("external_no_sasl_ir", finish(session, mock).await);
}

#[tokio::test]
async fn anonymous_with_and_without_sasl_ir() {
    // RFC 4505's trace `sirhc`.
    let (client, mock) = connect(
        "S: * OK [CAPABILITY IMAP4rev1 SASL-IR AUTH=ANONYMOUS] ready\n\
         C: A1 AUTHENTICATE ANONYMOUS c2lyaGM=\n\
         S: A1 OK [CAPABILITY IMAP4rev1] Welcome, guest\n",
    )
    .await;
    let session = authenticated(client.authenticate(&mut Anonymous::new("sirhc").unwrap()).await);
    insta::assert_snapshot!("anonymous_sasl_ir", finish(session, mock).await);

    let (client, mock) = connect(
        "S: * OK [CAPABILITY IMAP4rev1 AUTH=ANONYMOUS] ready\n\
         C: A1 AUTHENTICATE ANONYMOUS\n\
         S: +\n\
         C: c2lyaGM=\n\
         S: A1 OK [CAPABILITY IMAP4rev1] Welcome, guest\n",
    )
    .await;
    let session = authenticated(client.authenticate(&mut Anonymous::new("sirhc").unwrap()).await);
    insta::assert_snapshot!("anonymous_no_sasl_ir", finish(session, mock).await);
}

// --- Negotiation ----------------------------------------------------------------------------

#[test]
fn choose_picks_the_strongest_mechanism_both_sides_allow() {
    let alice = Credentials::new("alice", "secret");
    let default = AuthOptions::default();
    let cleartext = AuthOptions { allow_cleartext_password: true, ..AuthOptions::default() };
    let pick = |caps_: &str, encrypted: bool, credentials: &Credentials, options: &AuthOptions| {
        choose(&caps(caps_), encrypted, None, credentials, options)
    };
    let picked = |name: &str| Choice::Mechanism(name.into());
    let ok = |result: Result<Choice, Error>| result.unwrap_or_else(|e| panic!("{e}"));

    // Strongest first, whatever order the server lists them in; with or without TLS.
    let all = "IMAP4rev1 AUTH=PLAIN AUTH=CRAM-MD5 AUTH=SCRAM-SHA-256";
    assert_eq!(ok(pick(all, false, &alice, &default)), picked("SCRAM-SHA-256"));
    assert_eq!(ok(pick(all, true, &alice, &default)), picked("SCRAM-SHA-256"));
    assert_eq!(
        ok(pick("IMAP4rev1 AUTH=LOGIN AUTH=PLAIN AUTH=SCRAM-SHA-1 AUTH=CRAM-MD5", false, &alice, &default)),
        picked("SCRAM-SHA-1")
    );
    // The caller's list decides, and its order wins.
    let cram_first = AuthOptions { mechanisms: vec!["CRAM-MD5".into(), "SCRAM-SHA-256".into()], ..default.clone() };
    assert_eq!(ok(pick(all, false, &alice, &cram_first)), picked("CRAM-MD5"));
    // Mechanisms this crate cannot speak are skipped.
    assert_eq!(ok(pick("IMAP4rev1 AUTH=GSSAPI AUTH=CRAM-MD5", false, &alice, &default)), picked("CRAM-MD5"));

    // The password itself goes only over TLS, or when the caller allows it.
    let plain_only = "IMAP4rev1 AUTH=PLAIN AUTH=LOGIN";
    let refused = pick(plain_only, false, &alice, &default).unwrap_err();
    assert!(matches!(&refused, Error::Auth(reason) if reason.contains("without TLS")), "{refused}");
    assert_eq!(ok(pick(plain_only, true, &alice, &default)), picked("PLAIN"));
    assert_eq!(ok(pick(plain_only, false, &alice, &cleartext)), picked("PLAIN"));
    // The LOGIN command is a password in the clear too.
    assert!(matches!(pick("IMAP4rev1", false, &alice, &default), Err(Error::Auth(_))));
    assert_eq!(ok(pick("IMAP4rev1", true, &alice, &default)), Choice::LoginCommand);
    let no_login_command = AuthOptions { allow_login_command: false, ..default.clone() };
    assert!(matches!(pick("IMAP4rev1", true, &alice, &no_login_command), Err(Error::Auth(_))));

    // LOGINDISABLED: no LOGIN command, even over TLS and with cleartext allowed.
    let disabled = pick("IMAP4rev1 LOGINDISABLED AUTH=GSSAPI", true, &alice, &cleartext).unwrap_err();
    assert!(
        matches!(&disabled, Error::Auth(reason) if reason.contains("LOGINDISABLED") && reason.contains("GSSAPI")),
        "{disabled}"
    );
    // ... while the mechanisms it does not concern still work.
    assert_eq!(ok(pick("IMAP4rev1 LOGINDISABLED AUTH=PLAIN", true, &alice, &default)), picked("PLAIN"));

    // An authorization identity: only PLAIN and SCRAM carry one, and never the LOGIN command.
    let proxy = Credentials::new("admin", "masterpw").acting_as("alice");
    assert_eq!(ok(pick("IMAP4rev1 AUTH=CRAM-MD5 AUTH=PLAIN", true, &proxy, &default)), picked("PLAIN"));
    assert!(matches!(pick("IMAP4rev1 AUTH=CRAM-MD5", true, &proxy, &default), Err(Error::Auth(_))));

    // -PLUS only with channel-binding data, and only when asked for.
    let plus = AuthOptions { mechanisms: vec!["SCRAM-SHA-256-PLUS".into(), "SCRAM-SHA-256".into()], ..default };
    let both = "IMAP4rev1 AUTH=SCRAM-SHA-256-PLUS AUTH=SCRAM-SHA-256";
    assert_eq!(ok(pick(both, true, &alice, &plus)), picked("SCRAM-SHA-256"));
    let binding = ChannelBinding { tls_exporter: Some(vec![7; 32]), tls_server_end_point: None };
    assert_eq!(ok(choose(&caps(both), true, Some(&binding), &alice, &plus)), picked("SCRAM-SHA-256-PLUS"));
    assert_eq!(ok(choose(&caps(both), true, Some(&binding), &alice, &AuthOptions::default())), picked("SCRAM-SHA-256"));

    // `mechanism` builds what was chosen.
    assert_eq!(mechanism("SCRAM-SHA-1", &alice).unwrap().mechanism(), "SCRAM-SHA-1");
    assert_eq!(mechanism("PLAIN", &proxy).unwrap().mechanism(), "PLAIN");
    assert!(mechanism("GSSAPI", &alice).is_err());
}

#[tokio::test]
async fn login_negotiates_scram_sha256_over_plain_and_cram_md5() {
    // The nonce is random: the script pins the base64 of `n,,n=user,r=` (12 bytes, 16
    // characters) and accepts any nonce after it; the server then refuses the login.
    let (client, mock) = connect(
        "S: * OK [CAPABILITY IMAP4rev1 SASL-IR AUTH=PLAIN AUTH=CRAM-MD5 AUTH=SCRAM-SHA-256] ready\n\
         C: A1 AUTHENTICATE SCRAM-SHA-256 biwsbj11c2VyLHI9$*\n\
         S: A1 NO [AUTHENTICATIONFAILED] Authentication failed.\n",
    )
    .await;
    let rejected = rejected(login(client, &Credentials::new("user", "pencil"), &AuthOptions::default()).await);
    assert_eq!(rejected.error.code(), Some(&Code::AuthenticationFailed), "{}", rejected.error);
    insta::assert_snapshot!(finish(rejected, mock).await);
}

#[tokio::test]
async fn login_asks_for_capabilities_and_uses_cram_md5() {
    let (client, mock) = connect(
        "S: * OK ready\n\
         C: A1 CAPABILITY\n\
         S: * CAPABILITY IMAP4rev1 AUTH=PLAIN AUTH=CRAM-MD5\n\
         S: A1 OK done\n\
         C: A2 AUTHENTICATE CRAM-MD5\n\
         S: + PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+\n\
         C: dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw\n\
         S: A2 OK [CAPABILITY IMAP4rev1 IDLE] welcome\n",
    )
    .await;
    let session =
        authenticated(login(client, &Credentials::new("tim", "tanstaaftanstaaf"), &AuthOptions::default()).await);
    assert!(session.has_capability("IDLE"));
    insta::assert_snapshot!(finish(session, mock).await);
}

#[tokio::test]
async fn login_refuses_a_cleartext_password_without_tls_unless_allowed() {
    // Only PLAIN and LOGIN on an unencrypted connection: refused before anything is sent; the
    // same client then logs in once the caller allows it.
    let (client, mock) = connect(
        "S: * OK [CAPABILITY IMAP4rev1 SASL-IR AUTH=PLAIN AUTH=LOGIN] ready\n\
         C: A1 AUTHENTICATE PLAIN AGFsaWNlAHNlY3JldA==\n\
         S: A1 OK [CAPABILITY IMAP4rev1] Logged in\n",
    )
    .await;
    let alice = Credentials::new("alice", "secret");
    let refused = rejected(login(client, &alice, &AuthOptions::default()).await);
    assert!(matches!(&refused.error, Error::Auth(reason) if reason.contains("without TLS")), "{}", refused.error);
    assert!(!refused.error.to_string().contains("secret"));
    let allowed = AuthOptions { allow_cleartext_password: true, ..AuthOptions::default() };
    let session = authenticated(login(refused.client, &alice, &allowed).await);
    insta::assert_snapshot!(finish(session, mock).await);
}

#[tokio::test]
async fn login_honours_logindisabled() {
    // No usable mechanism and LOGINDISABLED: nothing is sent, even with cleartext allowed.
    let (client, mock) = connect("S: * OK [CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED AUTH=GSSAPI] ready\n").await;
    let allowed = AuthOptions { allow_cleartext_password: true, ..AuthOptions::default() };
    let refused = rejected(login(client, &Credentials::new("alice", "secret"), &allowed).await);
    assert!(matches!(&refused.error, Error::Auth(reason) if reason.contains("LOGINDISABLED")), "{}", refused.error);
    insta::assert_snapshot!("login_logindisabled", finish(refused, mock).await);

    // Without LOGINDISABLED the LOGIN command is the fallback (allowed in the clear here).
    let (client, mock) = connect(
        "S: * OK [CAPABILITY IMAP4rev1 STARTTLS AUTH=GSSAPI] ready\n\
         C: A1 LOGIN alice \"secret\"\n\
         S: A1 OK [CAPABILITY IMAP4rev1] Logged in\n",
    )
    .await;
    let session = authenticated(login(client, &Credentials::new("alice", "secret"), &allowed).await);
    insta::assert_snapshot!("login_command_fallback", finish(session, mock).await);
}

#[tokio::test]
async fn login_over_tls_sends_plain_and_binds_scram_plus_to_the_channel() {
    // Over TLS the password may go out: PLAIN with the default options.
    let (client, mock) = connect_tls(
        "S: * OK [CAPABILITY IMAP4rev1 SASL-IR AUTH=PLAIN] ready\n\
         C: A1 AUTHENTICATE PLAIN AGFsaWNlAHNlY3JldA==\n\
         S: A1 OK [CAPABILITY IMAP4rev1] Logged in\n",
    )
    .await;
    assert!(client.transport().tls_info().is_some());
    let session = authenticated(login(client, &Credentials::new("alice", "secret"), &AuthOptions::default()).await);
    insta::assert_snapshot!("login_tls_plain", finish(session, mock).await);

    // SCRAM-SHA-256-PLUS when the caller asks for it: the GS2 header binds with tls-exporter
    // (`p=tls-exporter,,n=user,r` is 24 bytes, 32 base64 characters; the nonce is random).
    let (client, mock) = connect_tls(
        "S: * OK [CAPABILITY IMAP4rev1 SASL-IR AUTH=SCRAM-SHA-256-PLUS AUTH=SCRAM-SHA-256] ready\n\
         C: A1 AUTHENTICATE SCRAM-SHA-256-PLUS cD10bHMtZXhwb3J0ZXIsLG49dXNlcixy$*\n\
         S: A1 NO [AUTHENTICATIONFAILED] Authentication failed.\n",
    )
    .await;
    let plus = AuthOptions { mechanisms: vec!["SCRAM-SHA-256-PLUS".into()], ..AuthOptions::default() };
    let refused = rejected(login(client, &Credentials::new("user", "pencil"), &plus).await);
    assert_eq!(refused.error.code(), Some(&Code::AuthenticationFailed), "{}", refused.error);
    insta::assert_snapshot!("login_tls_scram_plus", finish(refused, mock).await);
}

// --- A downstream crate's own mechanism ---------------------------------------------------

/// A made-up two-step mechanism, as a downstream crate would add one: the client names
/// itself, answers the server's nonce with a proof, and checks the server's final word.
struct TwoStep {
    user: String,
    key: Secret<String>,
    step: u8,
    verified: bool,
}

impl Authenticator for TwoStep {
    fn mechanism(&self) -> &str {
        "X-TWO-STEP"
    }

    fn initial_response(&mut self) -> Result<Option<Secret<Vec<u8>>>, AuthError> {
        Ok(Some(Secret::new(self.user.clone().into_bytes())))
    }

    fn step(&mut self, challenge: &[u8]) -> Result<Secret<Vec<u8>>, AuthError> {
        self.step += 1;
        match (self.step, challenge.strip_prefix(b"nonce=")) {
            (1, Some(nonce)) => {
                let mut proof = self.key.expose().clone().into_bytes();
                proof.extend_from_slice(b":");
                proof.extend_from_slice(nonce);
                Ok(Secret::new(proof))
            }
            (2, None) if challenge == b"welcome" => {
                self.verified = true;
                Ok(Secret::new(Vec::new()))
            }
            _ => Err(AuthError::new("X-TWO-STEP: unexpected challenge")),
        }
    }

    fn complete(&mut self) -> Result<(), AuthError> {
        if self.verified { Ok(()) } else { Err(AuthError::new("X-TWO-STEP: the server skipped its last step")) }
    }
}

#[tokio::test]
async fn a_downstream_mechanism_runs_a_two_step_exchange() {
    // "alice"; challenge "nonce=42", answer "k3y:42"; challenge "welcome", empty answer.
    let (client, mock) = connect(
        "S: * OK [CAPABILITY IMAP4rev1 SASL-IR AUTH=X-TWO-STEP] ready\n\
         C: A1 AUTHENTICATE X-TWO-STEP YWxpY2U=\n\
         S: + bm9uY2U9NDI=\n\
         C: azN5OjQy\n\
         S: + d2VsY29tZQ==\n\
         C:\n\
         S: A1 OK [CAPABILITY IMAP4rev1] Logged in\n",
    )
    .await;
    let mut two_step = TwoStep { user: "alice".into(), key: secret("k3y"), step: 0, verified: false };
    let session = authenticated(client.authenticate(&mut two_step).await);
    assert!(two_step.verified);
    insta::assert_snapshot!(finish(session, mock).await);
}
