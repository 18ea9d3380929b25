//! The test a downstream crate would copy: its IMAP code (here imap-core's client) against a
//! scripted conversation, the typed results checked, the conversation snapshot-tested.

use imap_core::client::{Client, Config};
use imap_core::encode::FetchAttr;
use imap_core::types::{Flag, Secret, SequenceSet};
use imap_mock::{MockServer, Script};

#[tokio::test]
async fn my_code_reads_the_unseen_subjects() {
    // 1. The conversation: what the server says, what the client must say.
    let script = Script::parse(
        r#"S: * OK [CAPABILITY IMAP4rev1 LITERAL+] ready
C: A1 LOGIN alice "alicepass"
S: A1 OK [CAPABILITY IMAP4rev1 UIDPLUS] logged in
C: A2 SELECT INBOX
S: * 2 EXISTS
S: * OK [UIDVALIDITY 7] ok
S: A2 OK [READ-WRITE] selected
C: A3 UID SEARCH UNSEEN
S: * SEARCH 11
S: A3 OK done
C: A4 UID FETCH 11 (FLAGS ENVELOPE)
S: * 2 FETCH (UID 11 FLAGS () ENVELOPE (NIL "Hello" NIL NIL NIL NIL NIL NIL NIL NIL))
S: A4 OK done
C: A5 LOGOUT
S: * BYE bye
S: A5 OK done
"#,
    )
    .expect("script");

    // 2. The server, in-process; the client gets the other end of the pipe.
    let (stream, mock) = MockServer::duplex(script);

    // 3. The code under test.
    let client = Client::from_transport(Box::new(stream), Config::default()).await.unwrap().into_client().unwrap();
    let mut session = client.login("alice", &Secret::new("alicepass".into())).await.unwrap();
    let mut inbox = session.select("INBOX").await.unwrap();
    let unseen = inbox.uid_search(None, imap_core::encode::SearchKey::Unseen).await.unwrap();
    let set = SequenceSet::from_numbers(unseen).unwrap();
    let fetched = inbox.uid_fetch(&set, vec![FetchAttr::Flags, FetchAttr::Envelope]).await.unwrap();
    assert_eq!(fetched[0].uid(), Some(11));
    assert_eq!(fetched[0].envelope().and_then(|e| e.subject.clone()).unwrap(), "Hello");
    assert!(!fetched[0].flags().unwrap().contains(&Flag::Seen));
    session.logout().await.unwrap();

    // 4. The conversation went as scripted; its transcript (password redacted) is a snapshot.
    let transcript = mock.finish().await.unwrap();
    insta::assert_snapshot!(transcript.to_string());
}
