//! The guided tour: one IMAP session against the built-in mock server (no server to install),
//! printing each step's typed result and, at the end, the whole conversation as it went over
//! the wire.
//!
//! ```sh
//! cargo run --example tour
//! ```
//!
//! The server side is a script for imap-mock (see `SERVER` below): the same format users write
//! to test their own code, and the one real conversations paste into.

use std::error::Error as StdError;

use imap_auth::Plain;
use imap_core::client::{Client, Config, ServerEvent};
use imap_core::encode::{FetchAttr, SearchKey, StatusItem, StoreMode};
use imap_core::response::Section;
use imap_core::types::{Flag, InternalDate, Secret, SequenceSet};
use imap_mock::{MockServer, Script};

/// What the mock server plays: a Dovecot-like server with three messages in INBOX.
const SERVER: &str = r#"S: * OK [CAPABILITY IMAP4rev1 SASL-IR LITERAL+ ID ENABLE IDLE AUTH=PLAIN AUTH=SCRAM-SHA-256] Dovecot ready.
C: A1 AUTHENTICATE PLAIN AGFsaWNlAHdvbmRlcmxhbmQ=
S: A1 OK [CAPABILITY IMAP4rev1 SASL-IR LITERAL+ ID ENABLE IDLE SORT THREAD=REFERENCES MULTIAPPEND UNSELECT CHILDREN NAMESPACE UIDPLUS LIST-EXTENDED I18NLEVEL=1 CONDSTORE QRESYNC ESEARCH SEARCHRES WITHIN CONTEXT=SEARCH LIST-STATUS BINARY MOVE SPECIAL-USE QUOTA] Logged in
C: A2 LIST "" *
S: * LIST (\HasNoChildren) "/" INBOX
S: * LIST (\HasNoChildren \Sent) "/" Sent
S: * LIST (\HasNoChildren \Drafts) "/" "Entw&APw-rfe"
S: * LIST (\HasNoChildren) "/" "&ZeVnLIqe-/&MOEw,DDr-"
S: A2 OK List completed (0.001 + 0.000 secs).
C: A3 STATUS INBOX (MESSAGES UNSEEN UIDNEXT)
S: * STATUS INBOX (MESSAGES 3 UNSEEN 2 UIDNEXT 104)
S: A3 OK Status completed (0.001 + 0.000 secs).
C: A4 SELECT INBOX
S: * FLAGS (\Answered \Flagged \Deleted \Seen \Draft $Forwarded)
S: * OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft $Forwarded \*)] Flags permitted.
S: * 3 EXISTS
S: * 0 RECENT
S: * OK [UNSEEN 2] First unseen.
S: * OK [UIDVALIDITY 1732790000] UIDs valid
S: * OK [UIDNEXT 104] Predicted next UID
S: A4 OK [READ-WRITE] Select completed (0.001 + 0.000 secs).
C: A5 UID SEARCH UNSEEN
S: * SEARCH 102 103
S: A5 OK Search completed (0.001 + 0.000 secs).
C: A6 UID FETCH 102:103 (UID FLAGS RFC822.SIZE ENVELOPE)
S: * 2 FETCH (UID 102 FLAGS () RFC822.SIZE 1337 ENVELOPE ("Thu, 28 Nov 2024 09:12:00 +0100" "=?UTF-8?Q?Gr=C3=BC=C3=9Fe_aus_Z=C3=BCrich?=" (("Bob" NIL "bob" "example.org")) (("Bob" NIL "bob" "example.org")) (("Bob" NIL "bob" "example.org")) (("Alice" NIL "alice" "example.org")) NIL NIL NIL "<greetings@example.org>"))
S: * 3 FETCH (UID 103 FLAGS (\Flagged) RFC822.SIZE 210 ENVELOPE ("Thu, 28 Nov 2024 11:30:00 +0000" "Lunch?" (("Carol" NIL "carol" "example.net")) (("Carol" NIL "carol" "example.net")) (("Carol" NIL "carol" "example.net")) ((NIL NIL "team" NIL)("Alice" NIL "alice" "example.org")(NIL NIL NIL NIL)) NIL NIL NIL "<lunch@example.net>"))
S: A6 OK Fetch completed (0.001 + 0.000 secs).
C: A7 UID FETCH 103 BODY.PEEK[TEXT]
S: * 3 FETCH (UID 103 BODY[TEXT] {26}
S: Noon at the usual place?
S: )
S: A7 OK Fetch completed (0.001 + 0.000 secs).
C: A8 UID STORE 102:103 +FLAGS (\Seen)
S: * 2 FETCH (UID 102 FLAGS (\Seen))
S: * 3 FETCH (UID 103 FLAGS (\Flagged \Seen))
S: A8 OK Store completed (0.001 + 0.000 secs).
C: A9 APPEND Sent (\Seen) "28-Nov-2024 12:00:00 +0000" {38+}
C: Subject: Re: Lunch?
C: 
C: Yes, see you!
C: 
S: A9 OK [APPENDUID 1732790001 17] Append completed (0.001 + 0.000 secs).
C: A10 NOOP
S: * 4 EXISTS
S: * 1 EXPUNGE
S: A10 OK NOOP completed (0.001 + 0.000 secs).
C: A11 SELECT Nowhere
S: A11 NO [NONEXISTENT] Mailbox doesn't exist: Nowhere
C: A12 LOGOUT
S: * BYE Logging out
S: A12 OK Logout completed (0.001 + 0.000 secs).
"#;

/// Flags as the server writes them.
fn flags(flags: Option<&[Flag]>) -> String {
    let names: Vec<String> = flags.unwrap_or_default().iter().map(ToString::to_string).collect();
    format!("({})", names.join(" "))
}

fn step(number: u32, what: &str) {
    println!("\n── {number}. {what}");
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn StdError>> {
    println!("imap-rs tour: a session against the built-in mock server (imap-mock).");
    let (stream, mock) = MockServer::duplex(Script::parse(SERVER)?);

    step(1, "connect: the greeting and its capabilities");
    let client = Client::from_transport(Box::new(stream), Config::default()).await?.into_client()?;
    let mut names: Vec<_> = client.capabilities().iter().map(ToString::to_string).collect();
    names.sort();
    println!("   capabilities: {}", names.join(" "));

    step(2, "AUTHENTICATE PLAIN (imap-auth's mechanism; initial response inline, as SASL-IR allows)");
    let mut plain = Plain::new("alice", Secret::new("wonderland".to_owned()));
    let mut session = client.authenticate(&mut plain).await.map_err(|rejected| rejected.error)?;
    println!("   logged in; the server now also offers MOVE: {}", session.has_capability("MOVE"));

    step(3, "LIST \"\" *: names decoded from modified UTF-7");
    for item in session.list("", "*").await? {
        println!("   {:<24} attributes {:?}, delimiter {:?}", item.mailbox.name(), item.attributes, item.delimiter);
    }

    step(4, "STATUS INBOX");
    let status = session.status("INBOX", &[StatusItem::Messages, StatusItem::Unseen, StatusItem::UidNext]).await?;
    println!("   messages {:?}, unseen {:?}, uidnext {:?}", status.messages, status.unseen, status.uid_next);

    step(5, "SELECT INBOX");
    let mut inbox = session.select("INBOX").await?;
    let state = inbox.mailbox().ok_or("no mailbox state")?.clone();
    println!(
        "   {} messages, first unseen {:?}, uidvalidity {:?}, read-only {}",
        state.exists, state.unseen, state.uid_validity, state.read_only
    );

    step(6, "UID SEARCH UNSEEN (typed criteria)");
    let unseen = inbox.uid_search(None, SearchKey::Unseen).await?;
    println!("   unseen UIDs: {unseen:?}");

    step(7, "UID FETCH envelopes, streamed as the server sends them");
    let uids = SequenceSet::from_numbers(unseen.iter().copied())?;
    let items = vec![FetchAttr::Uid, FetchAttr::Flags, FetchAttr::Rfc822Size, FetchAttr::Envelope];
    let mut stream = inbox.fetch_stream(&uids, items, true).await?;
    while let Some(message) = stream.next().await {
        let message = message?;
        let envelope = message.envelope().ok_or("no envelope")?;
        let subject = envelope.subject.as_ref().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let from = envelope.from().first().and_then(|a| a.mailbox.as_ref()).map(|m| m.to_string_lossy().into_owned());
        println!(
            "   #{} uid {} {:>5} bytes from {:<6} flags {:<11} subject (as sent) {subject:?}",
            message.seq,
            message.uid().unwrap_or(0),
            message.size().unwrap_or(0),
            from.unwrap_or_default(),
            flags(message.flags()),
        );
    }
    drop(stream);

    step(8, "UID FETCH BODY.PEEK[TEXT]: a literal, zero-copy");
    let text = Section::text();
    let fetched = inbox
        .uid_fetch(
            &SequenceSet::single(103)?,
            FetchAttr::BodySection { section: text.clone(), peek: true, partial: None },
        )
        .await?;
    let body = fetched.first().and_then(|f| f.section(&text)).and_then(|p| p.bytes()).ok_or("no body")?;
    println!("   {:?}", String::from_utf8_lossy(body));

    step(9, "UID STORE +FLAGS (\\Seen)");
    for message in inbox.uid_store(&uids, StoreMode::Add, &[Flag::Seen], false).await? {
        println!("   #{} now has {}", message.seq, flags(message.flags()));
    }

    step(10, "APPEND a reply to Sent (LITERAL+: no round trip), APPENDUID from UIDPLUS");
    let date = InternalDate::parse(b"28-Nov-2024 12:00:00 +0000")?;
    let reply = &b"Subject: Re: Lunch?\r\n\r\nYes, see you!\r\n"[..];
    let appended = inbox.append("Sent", &[Flag::Seen], Some(date), reply).await?;
    match appended {
        Some(uid) => println!("   stored in Sent with UIDVALIDITY {} as UID {}", uid.uid_validity, uid.uids),
        None => println!("   stored (the server reported no UID)"),
    }

    step(11, "NOOP: unsolicited EXISTS / EXPUNGE reach the event stream and the mailbox state");
    let mut events = inbox.events();
    inbox.noop().await?;
    while let Ok(event) = events.try_recv() {
        match event {
            ServerEvent::Exists(n) => println!("   event: {n} messages exist"),
            ServerEvent::Expunge(n) => println!("   event: message {n} was expunged"),
            other => println!("   event: {other:?}"),
        }
    }
    println!("   the mailbox now holds {} messages", inbox.mailbox().map_or(0, |m| m.exists));

    step(12, "a failing command: a typed error with its response code");
    match session.select("Nowhere").await {
        Ok(_) => println!("   unexpectedly selected"),
        Err(error) => println!("   {error}\n   {error:?}"),
    }

    step(13, "LOGOUT: returns the server's BYE");
    let bye = session.logout().await?;
    println!("   {:?}", bye.text.to_string_lossy());
    drop(session);

    println!("\n── the conversation on the wire (tags normalized, the credentials redacted)\n");
    print!("{}", mock.finish().await?);
    Ok(())
}
