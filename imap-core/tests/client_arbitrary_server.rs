//! No server output makes the client panic or hang: whatever bytes follow the greeting, every
//! command ends, with its value or a typed error, and the client can be dropped.
//!
//! The server's output is drawn from pieces of real responses (completions for the tags the
//! client will use, BYE, continuation requests, literals announced longer than what follows,
//! cut-off lines) mixed with arbitrary bytes, then the server hangs up.

use std::time::Duration;

use imap_core::client::{Client, Config, Connected, Error};
use imap_core::encode::{FetchAttr, SearchKey};
use imap_core::types::SequenceSet;
use proptest::prelude::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// Pieces of server output, chosen for the states they put the client in.
const PIECES: &[&str] = &[
    "A1 OK done\r\n",
    "A2 OK [READ-WRITE] selected\r\n",
    "A3 OK fetched\r\n",
    "A4 OK searched\r\n",
    "A5 OK bye\r\n",
    "A2 NO [TRYCREATE] no such mailbox\r\n",
    "A3 BAD what?\r\n",
    "A9 OK a tag nobody sent\r\n",
    "* BYE going away\r\n",
    "+ go on\r\n",
    "* 3 EXISTS\r\n",
    "* 2 EXPUNGE\r\n",
    "* 1 RECENT\r\n",
    "* FLAGS (\\Seen \\Deleted \\*)\r\n",
    "* OK [PERMANENTFLAGS (\\Seen)] limited\r\n",
    "* OK [READ-ONLY] now read-only\r\n",
    "* 1 FETCH (UID 7 FLAGS (\\Seen) BODY[] {5}\r\nhello)\r\n",
    "* 1 FETCH (BODY[] {99999}\r\nshort",
    "* 2 FETCH (FLAGS (\\Seen))\r\n",
    "* SEARCH 1 2 3\r\n",
    "* CAPABILITY IMAP4rev1 LITERAL+\r\n",
    "* OK [",
    "* 4 FETCH (UID",
    "\r\n",
    "\n",
    "*",
    " ",
    "(",
    ")",
    "{3}\r\n",
    "\"",
    "NIL",
];

fn server_output() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        3 => (0..PIECES.len()).prop_map(|i| PIECES[i].as_bytes().to_vec()),
        1 => proptest::collection::vec(any::<u8>(), 0..12),
    ];
    proptest::collection::vec(piece, 0..24).prop_map(|pieces| pieces.concat())
}

/// Runs a session of the usual commands against a server that sends `output` after a PREAUTH
/// greeting (whatever the client sends) and then hangs up. Fails if the client hangs; returns
/// what each command gave, in order (`Err` with the error's text).
fn session_against(output: Vec<u8>) -> Vec<Result<String, String>> {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    runtime.block_on(async {
        let (client_end, mut server_end) = tokio::io::duplex(1 << 20);
        let server = tokio::spawn(async move {
            let _ = server_end.write_all(b"* PREAUTH [CAPABILITY IMAP4rev1 LITERAL+] ready\r\n").await;
            let _ = server_end.write_all(&output).await;
            let _ = server_end.shutdown().await;
            // Reads what the client sends until it hangs up, so that its writes never block.
            let mut sink = [0u8; 4096];
            while matches!(server_end.read(&mut sink).await, Ok(n) if n > 0) {}
        });
        let config =
            Config { tag_prefix: Some("A".into()), command_timeout: Some(Duration::from_secs(5)), ..Config::default() };
        let commands = async {
            let mut outcomes = Vec::new();
            let connected = Client::from_transport(Box::new(client_end), config).await;
            let Ok(Connected::Authenticated(mut session)) = connected else {
                outcomes.push(Err(format!("{:?}", connected.err())));
                return outcomes;
            };
            // Errors are typed, and formatting them never panics either.
            let text = |e: Error| format!("{e} (connection lost: {})", e.is_connection_lost());
            outcomes.push(session.noop().await.map(|r| format!("noop {r:?}")).map_err(text));
            match session.select("INBOX").await {
                Ok(mut selected) => {
                    outcomes.push(Ok(format!("select {:?}", selected.mailbox().map(|m| m.exists))));
                    let all = SequenceSet::parse(b"1:*").expect("set");
                    outcomes.push(
                        selected.fetch(&all, FetchAttr::Flags).await.map(|f| format!("fetch {f:?}")).map_err(text),
                    );
                    outcomes.push(
                        selected.search(None, SearchKey::All).await.map(|s| format!("search {s:?}")).map_err(text),
                    );
                }
                Err(e) => outcomes.push(Err(text(e))),
            }
            outcomes.push(session.logout().await.map(|s| format!("logout {s:?}")).map_err(text));
            outcomes
        };
        let outcomes = tokio::time::timeout(Duration::from_secs(20), commands).await.expect("the client hung");
        server.abort();
        outcomes
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_server_output_ends_every_command(output in server_output()) {
        let outcomes = session_against(output);
        prop_assert!(!outcomes.is_empty());
    }
}

#[test]
fn a_server_that_completes_everything_in_order_is_a_normal_session() {
    // The same harness with output that makes sense in this order: every command succeeds.
    let outcomes = session_against(
        b"A1 OK done\r\n* 3 EXISTS\r\nA2 OK [READ-WRITE] selected\r\n* 1 FETCH (FLAGS (\\Seen))\r\nA3 OK fetched\r\n\
          * SEARCH 1\r\nA4 OK searched\r\n* BYE bye\r\nA5 OK bye\r\n"
            .to_vec(),
    );
    let summary: Vec<&str> =
        outcomes.iter().map(|o| o.as_deref().expect("ok").split(' ').next().unwrap_or_default()).collect();
    assert_eq!(summary, ["noop", "select", "fetch", "search", "logout"], "{outcomes:?}");
    assert_eq!(outcomes[1], Ok("select Some(3)".to_owned()));
    assert_eq!(outcomes[3], Ok("search [1]".to_owned()));
}

#[test]
fn a_server_that_hangs_up_at_once_fails_every_command_with_connection_lost() {
    let outcomes = session_against(Vec::new());
    assert!(!outcomes.is_empty());
    for outcome in &outcomes {
        let error = outcome.as_ref().expect_err("no server, no success");
        assert!(error.ends_with("(connection lost: true)"), "{outcomes:?}");
    }
}
