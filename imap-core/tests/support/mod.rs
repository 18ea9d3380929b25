//! Shared by the client tests: a logged-in session over the mock server.
#![allow(dead_code, clippy::unwrap_used)]

use imap_core::client::{Client, Config, Connected, Session};
use imap_core::types::Secret;
use imap_mock::{MockHandle, MockServer, Script};

/// Greeting and LOGIN, prepended to the scripts of tests that start logged in.
pub(crate) const LOGGED_IN: &str = "S: * OK [CAPABILITY IMAP4rev1 LITERAL+ SASL-IR AUTH=PLAIN] ready
C: A1 LOGIN alice \"pw\"
S: A1 OK [CAPABILITY IMAP4rev1 LITERAL+ UIDPLUS UNSELECT NAMESPACE MOVE BINARY] logged in
";

/// The client for `script` (which starts with the greeting).
pub(crate) async fn connect(script: &str) -> (Connected, MockHandle) {
    connect_with(script, Config::default()).await
}

pub(crate) async fn connect_with(script: &str, config: Config) -> (Connected, MockHandle) {
    let script = Script::parse(script).unwrap();
    let (stream, mock) = MockServer::duplex(script);
    let connected = Client::from_transport(Box::new(stream), config).await.unwrap();
    (connected, mock)
}

/// A session logged in as alice; `rest` is the script after the login.
pub(crate) async fn session(rest: &str) -> (Session, MockHandle) {
    let (connected, mock) = connect(&format!("{LOGGED_IN}{rest}")).await;
    let client = connected.into_client().unwrap();
    let session = client.login("alice", &Secret::new("pw".into())).await.unwrap();
    (session, mock)
}

/// Ends the conversation and returns its transcript (the client must be gone: the mock waits
/// for the connection to close; after 10 s the test fails instead of hanging).
pub(crate) async fn finish(mock: MockHandle) -> String {
    match tokio::time::timeout(std::time::Duration::from_secs(10), mock.finish()).await {
        Ok(Ok(transcript)) => transcript.to_string(),
        Ok(Err(e)) => panic!("{e}"),
        Err(_) => panic!("the mock conversation did not end within 10 s (is the client still connected?)"),
    }
}

/// Drops the client (a session, a connection) and ends the conversation.
pub(crate) async fn close<T>(client: T, mock: MockHandle) -> String {
    drop(client);
    finish(mock).await
}
