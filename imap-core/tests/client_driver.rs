//! The connection driver against the mock: pipelining with out-of-order completions, server
//! events, the untagged-response store, BYE and dropped connections, timeouts, cancellation,
//! recovery from unparsable responses, read-only notices, secrets kept out of the log, and raw
//! commands whose arguments cannot inject a second command; each conversation is a snapshot.

mod support;

use std::io::Write;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use base64::Engine;
use bytes::Bytes;
use imap_core::client::{Config, Error, EventReceiver, ServerEvent, Session, Untagged};
use imap_core::encode::{Arg, Command, StoreMode};
use imap_core::response::{Code, Data, Response, StatusKind, Value};
use imap_core::types::{AString, Atom, Flag, Literal, Mailbox, Quoted, Secret, SequenceSet};
use imap_mock::MockHandle;
use support::{close, connect, connect_with, finish, session};

/// The greeting of the conversations that start authenticated (no LOGIN in the way).
const PREAUTH: &str = "S: * PREAUTH [CAPABILITY IMAP4rev1 LITERAL+ UIDPLUS] ready\n";

/// Tags `T1`, `T2`, ... so that tests can name them; a short timeout so that a client that
/// waits for the wrong thing fails the test instead of hanging it.
fn tagged() -> Config {
    Config { tag_prefix: Some("T".into()), command_timeout: Some(Duration::from_secs(5)), ..Config::default() }
}

/// A session from a PREAUTH greeting (`greeting`, then `rest`) with `config`.
async fn preauth_with(greeting: &str, rest: &str, config: Config) -> (Session, MockHandle) {
    let (connected, mock) = connect_with(&format!("{greeting}{rest}"), config).await;
    (connected.into_session().expect("a PREAUTH greeting"), mock)
}

async fn preauth(rest: &str) -> (Session, MockHandle) {
    preauth_with(PREAUTH, rest, tagged()).await
}

fn set(text: &str) -> SequenceSet {
    SequenceSet::parse(text.as_bytes()).expect("a valid sequence set")
}

fn store(set_text: &str, mode: StoreMode, flag: Flag) -> Command {
    Command::Store { set: set(set_text), mode, silent: false, flags: vec![flag], uid: false, unchanged_since: None }
}

/// Every event received so far.
fn drain(events: &mut EventReceiver) -> Vec<ServerEvent> {
    let mut out = Vec::new();
    while let Ok(event) = events.try_recv() {
        out.push(event);
    }
    out
}

/// The log written by the subscriber [`capture_logs`] installs.
#[derive(Clone, Default)]
struct LogBuffer(Arc<Mutex<Vec<u8>>>);

impl LogBuffer {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap_or_else(PoisonError::into_inner)).into_owned()
    }
}

impl Write for LogBuffer {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner).extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Captures everything logged on this thread (the tests' runtime is single-threaded, so the
/// client's and the mock's tasks included) at every level, until the guard is dropped.
fn capture_logs() -> (LogBuffer, tracing::subscriber::DefaultGuard) {
    let logs = LogBuffer::default();
    let writer = logs.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    (logs, tracing::subscriber::set_default(subscriber))
}

#[tokio::test]
async fn pipelined_commands_are_matched_to_their_tags_whatever_the_reply_order() {
    // The three STOREs are consecutive `C:` lines: the mock reads all of them before it answers,
    // so a client that waited for a reply before sending the next command would time out here.
    let (mut session, mock) = preauth(
        r"C: A1 SELECT INBOX
S: * 3 EXISTS
S: A1 OK [READ-WRITE] selected
C: A2 STORE 1 +FLAGS (\Seen)
C: A3 STORE 2 +FLAGS (\Deleted)
C: A4 STORE 3 -FLAGS (\Flagged)
S: * 2 FETCH (FLAGS (\Deleted))
S: A3 OK second stored
S: A4 NO [CANNOT] third refused
S: * 1 FETCH (FLAGS (\Seen))
S: A2 OK first stored
C: A5 NOOP
S: A5 OK still in step
",
    )
    .await;
    let mut inbox = session.select("INBOX").await.unwrap();
    let mut events = inbox.events();
    let mut pipeline = inbox.pipeline();
    let first = pipeline.push(store("1", StoreMode::Add, Flag::Seen));
    let second = pipeline.push(store("2", StoreMode::Add, Flag::Deleted));
    let third = pipeline.push(store("3", StoreMode::Remove, Flag::Flagged));
    assert_eq!((first, second, third), (0, 1, 2), "indexes in queueing order");
    let result = pipeline.run().await.unwrap();

    // Completions come back in queueing order, each with its own tag, whatever order they
    // arrived in (A3, A4, then A2).
    let summary: Vec<_> = result
        .statuses
        .iter()
        .map(|s| (s.tag.as_ref().unwrap().to_string(), s.kind, s.text.to_string_lossy().into_owned()))
        .collect();
    assert_eq!(
        summary,
        [
            ("T2".to_owned(), StatusKind::Ok, "first stored".to_owned()),
            ("T3".to_owned(), StatusKind::Ok, "second stored".to_owned()),
            ("T4".to_owned(), StatusKind::No, "third refused".to_owned()),
        ]
    );
    assert_eq!(result.statuses[third].code, Some(Code::Cannot));
    // Untagged data cannot be attributed with certainty: all of it, in arrival order.
    let fetched: Vec<_> = result
        .untagged
        .iter()
        .map(|r| match r {
            Response::Data(Data::Fetch(f)) => (f.seq, f.flags().unwrap().to_vec()),
            other => panic!("unexpected {other:?}"),
        })
        .collect();
    assert_eq!(fetched, [(2, vec![Flag::Deleted]), (1, vec![Flag::Seen])]);
    let error = result.all_ok("STORE").unwrap_err();
    assert!(
        matches!(&error, Error::No { command, code: Some(c), text } if command == "STORE" && **c == Code::Cannot && *text == "third refused"),
        "{error:?}"
    );
    assert!(drain(&mut events).is_empty(), "FETCH replies to STOREs are results, not events");
    // The tags are still in step: the next command gets its own completion.
    assert!(inbox.noop().await.unwrap().is_empty());
    assert!(inbox.unusable_reason().is_none());
    insta::assert_snapshot!(close(session, mock).await);
}

#[tokio::test]
async fn unsolicited_updates_reach_event_subscribers_and_the_mailbox_state() {
    let (mut session, mock) = session(
        r"C: A2 SELECT INBOX
S: * FLAGS (\Seen \Deleted)
S: * 2 EXISTS
S: * 0 RECENT
S: A2 OK [READ-WRITE] selected
C: A3 NOOP
S: * 3 EXISTS
S: * 1 RECENT
S: * 2 FETCH (FLAGS (\Seen \Flagged))
S: * FLAGS (\Seen \Deleted \Flagged $Junk)
S: A3 OK done
C: A4 NOOP
S: * 1 EXPUNGE
S: * OK [ALERT] quota almost full
S: A4 OK done
",
    )
    .await;
    let mut inbox = session.select("INBOX").await.unwrap();
    assert_eq!(inbox.mailbox().unwrap().exists, 2);
    let mut events = inbox.events();
    let mut second_subscriber = inbox.events();
    let junk = Flag::keyword("$Junk").unwrap();

    let updates = inbox.noop().await.unwrap();
    assert_eq!(updates.len(), 4, "NOOP returns what the server sent: {updates:?}");
    let received = drain(&mut events);
    assert_eq!(received.len(), 4, "{received:?}");
    assert_eq!(received[0], ServerEvent::Exists(3));
    assert_eq!(received[1], ServerEvent::Recent(1));
    let ServerEvent::Fetch(fetch) = &received[2] else { panic!("expected a FETCH event: {received:?}") };
    assert_eq!((fetch.seq, fetch.flags()), (2, Some(&[Flag::Seen, Flag::Flagged][..])));
    assert_eq!(received[3], ServerEvent::Flags(vec![Flag::Seen, Flag::Deleted, Flag::Flagged, junk.clone()]));
    assert_eq!(drain(&mut second_subscriber), received, "a broadcast: every subscriber gets every event");
    let state = inbox.mailbox().unwrap().clone();
    assert_eq!((state.exists, state.recent), (3, 1));
    assert_eq!(state.flags, [Flag::Seen, Flag::Deleted, Flag::Flagged, junk]);

    inbox.noop().await.unwrap();
    let received = drain(&mut events);
    assert_eq!(received, [ServerEvent::Expunge(1), ServerEvent::Alert("quota almost full".into())]);
    assert_eq!(inbox.mailbox().unwrap().exists, 2, "EXPUNGE counts down");
    insta::assert_snapshot!(close(session, mock).await);
}

#[tokio::test]
async fn the_untagged_response_store_files_by_keyword_and_drains() {
    let config = Config { max_stored_per_keyword: 2, ..tagged() };
    let (mut session, mock) = preauth_with(
        PREAUTH,
        r#"C: A1 NOOP
S: * XFOO 1 (a "b c" NIL)
S: * 7 XBAR
S: * 4 EXISTS
S: * OK [UIDNEXT 10] predicted
S: * xfoo 2
S: A1 OK done
C: A2 NOOP
S: * 5 EXISTS
S: * 6 EXISTS
S: A2 OK done
"#,
        config,
    )
    .await;
    session.noop().await.unwrap();
    assert_eq!(session.unclaimed_keywords(), ["EXISTS", "OK", "UIDNEXT", "XBAR", "XFOO"]);
    // Unknown keywords are kept as generic values, filed under the upper-cased keyword.
    let xfoo = session.response("XFOO");
    let others: Vec<_> = xfoo
        .iter()
        .map(|u| match u {
            Untagged::Data(Data::Other(other)) => {
                (other.number, other.keyword.as_str().to_owned(), other.values.clone())
            }
            other => panic!("unexpected {other:?}"),
        })
        .collect();
    assert_eq!(
        others,
        [
            (
                None,
                "XFOO".to_owned(),
                vec![
                    Value::Number(1),
                    Value::List(vec![Value::Atom("a".into()), Value::String("b c".into()), Value::Nil])
                ]
            ),
            (None, "xfoo".to_owned(), vec![Value::Number(2)]),
        ]
    );
    assert!(session.response("xfoo").is_empty(), "response() drains");
    let xbar = session.response("xbar");
    assert!(
        matches!(&xbar[..], [Untagged::Data(Data::Other(o))] if o.number == Some(7) && o.values.is_empty()),
        "{xbar:?}"
    );
    // Response codes are filed under their name, the status response under its kind.
    assert_eq!(session.response("UIDNEXT"), [Untagged::Code(Code::UidNext(10))]);
    let ok = session.response("OK");
    assert!(matches!(&ok[..], [Untagged::Status(s)] if s.text == "predicted" && s.code == Some(Code::UidNext(10))));

    // At most `max_stored_per_keyword` per keyword: the oldest goes first.
    session.noop().await.unwrap();
    assert_eq!(
        session.response("EXISTS"),
        [Untagged::Data(Data::Exists(5)), Untagged::Data(Data::Exists(6))],
        "4 was dropped"
    );
    assert!(session.unclaimed_keywords().is_empty());
    insta::assert_snapshot!(close(session, mock).await);
}

#[tokio::test]
async fn bye_during_a_command_is_a_typed_error_and_the_connection_stays_closed() {
    let (mut session, mock) = preauth(
        "C: A1 SELECT INBOX\n\
         S: * 5 EXISTS\n\
         S: * BYE [UNAVAILABLE] maintenance in progress\n\
         ! drop\n",
    )
    .await;
    let mut events = session.events();
    let error = session.select("INBOX").await.unwrap_err();
    assert!(
        matches!(&error, Error::Bye { code: Some(c), text } if **c == Code::Unavailable && *text == "maintenance in progress"),
        "{error:?}"
    );
    assert_eq!(error.code(), Some(&Code::Unavailable));
    assert!(error.is_connection_lost());
    let received = drain(&mut events);
    assert_eq!(received.len(), 2, "{received:?}");
    assert_eq!(received[0], ServerEvent::Exists(5));
    assert!(
        matches!(&received[1], ServerEvent::Bye(s) if s.kind == StatusKind::Bye && s.code == Some(Code::Unavailable))
    );
    let reason = session.unusable_reason().unwrap().to_owned();
    assert!(reason.contains("BYE [UNAVAILABLE] maintenance in progress"), "{reason}");
    // Later commands fail at once with a typed error, without touching the wire.
    let later = session.noop().await.unwrap_err();
    assert!(matches!(&later, Error::Abort(r) if *r == reason), "{later:?}");
    assert!(session.selected_mailbox().is_none());
    insta::assert_snapshot!("bye_mid_command", close(session, mock).await);

    // A BYE between commands: the next command fails with a typed error, and so does the one
    // after it. Over the in-memory pipe the write fails first (broken pipe: the server is
    // gone), so the error is `Io` rather than the unread BYE; either way the connection is
    // marked unusable.
    let (mut session, mock) = preauth(
        "C: A1 NOOP\n\
         S: A1 OK done\n\
         S: * BYE [ALERT] idle for too long\n\
         ! drop\n",
    )
    .await;
    session.noop().await.unwrap();
    let transcript = finish(mock).await; // the server has hung up
    let error = session.noop().await.unwrap_err();
    assert!(
        matches!(&error, Error::Bye { code: Some(c), .. } if **c == Code::Alert) || matches!(error, Error::Io(_)),
        "{error:?}"
    );
    assert!(error.is_connection_lost());
    assert!(session.unusable_reason().is_some(), "{error:?}");
    assert!(matches!(session.noop().await, Err(Error::Abort(_))));
    insta::assert_snapshot!("bye_between_commands", transcript);
}

#[tokio::test]
async fn a_connection_dropped_in_the_middle_of_a_response_is_a_typed_error() {
    let (mut session, mock) = preauth(
        r"C: A1 SELECT INBOX
S: * 1 EXISTS
S: A1 OK [READ-WRITE] selected
C: A2 FETCH 1 (BODY[])
R: * 1 FETCH (BODY[] {10}\r\nabc
! drop
",
    )
    .await;
    let mut inbox = session.select("INBOX").await.unwrap();
    let error = inbox.fetch_raw(&set("1"), "(BODY[])", false).await.unwrap_err();
    assert!(matches!(&error, Error::Abort(_) | Error::Io(_)), "{error:?}");
    assert!(error.is_connection_lost());
    assert!(inbox.unusable_reason().is_some());
    let later = inbox.noop().await.unwrap_err();
    assert!(matches!(later, Error::Abort(_)), "{later:?}");
    insta::assert_snapshot!(close(session, mock).await);
}

#[tokio::test]
async fn a_command_that_times_out_leaves_the_connection_unusable() {
    let limit = Duration::from_millis(200);
    let config = Config { command_timeout: Some(limit), ..tagged() };
    let (mut session, mock) = preauth_with(PREAUTH, "C: A1 NOOP\n! hang\n", config.clone()).await;
    let started = Instant::now();
    let error = session.noop().await.unwrap_err();
    let waited = started.elapsed();
    assert!(matches!(&error, Error::Timeout { command, after } if command == "NOOP" && *after == limit), "{error:?}");
    assert!(waited >= limit && waited < Duration::from_secs(5), "{waited:?}");
    assert!(error.is_connection_lost());
    assert_eq!(session.unusable_reason(), Some("NOOP timed out"));
    // Every later command fails at once, without being sent.
    let started = Instant::now();
    let later = session.noop().await.unwrap_err();
    assert!(matches!(&later, Error::Abort(reason) if reason == "NOOP timed out"), "{later:?}");
    assert!(matches!(session.capability().await, Err(Error::Abort(_))));
    assert!(matches!(session.xatom("XFOO", vec![]).await, Err(Error::Abort(_))));
    assert!(started.elapsed() < Duration::from_millis(150), "failed fast: {:?}", started.elapsed());
    insta::assert_snapshot!("timeout", close(session, mock).await);

    // A pipeline is timed as a whole.
    let (mut session, mock) = preauth_with(PREAUTH, "C: A1 NOOP\nC: A2 CHECK\nS: A1 OK first\n! hang\n", config).await;
    let mut pipeline = session.pipeline();
    pipeline.push(Command::Noop);
    pipeline.push(Command::Check);
    let error = pipeline.run().await.unwrap_err();
    assert!(
        matches!(&error, Error::Timeout { command, after } if command == "pipeline" && *after == limit),
        "{error:?}"
    );
    assert!(session.unusable_reason().unwrap().contains("pipeline timed out"));
    assert!(matches!(session.noop().await, Err(Error::Abort(_))));
    insta::assert_snapshot!("pipeline_timeout", close(session, mock).await);
}

#[tokio::test]
async fn a_cancelled_command_leaves_the_connection_usable_and_in_step() {
    // mod.rs documents it: the next command first reads the abandoned command's responses.
    let (mut session, mock) = preauth(
        "C: A1 NOOP\n\
         ! delay 300ms\n\
         S: * 4 EXISTS\n\
         S: A1 OK late reply\n\
         C: A2 NOOP\n\
         S: * 5 EXISTS\n\
         S: A2 OK second reply\n",
    )
    .await;
    let cancelled = tokio::time::timeout(Duration::from_millis(50), session.noop()).await;
    assert!(cancelled.is_err(), "the NOOP was abandoned: {cancelled:?}");
    assert!(session.unusable_reason().is_none(), "a command dropped while waiting does not break the connection");
    let completion = session.run_raw(&Command::Noop).await.unwrap();
    // The late reply went to the abandoned command, not to this one.
    assert_eq!(completion.status.tag.as_ref().unwrap().to_string(), "T2");
    assert_eq!(completion.status.text, "second reply");
    assert_eq!(completion.untagged, [Response::Data(Data::Exists(5))]);
    // What arrived for the abandoned command is kept in the store.
    assert_eq!(session.response("EXISTS"), [Untagged::Data(Data::Exists(4))]);
    assert!(session.unclaimed_keywords().is_empty());
    insta::assert_snapshot!("cancelled_while_waiting", close(session, mock).await);

    // Dropped while the command is being written (here: waiting for the `+` of a synchronizing
    // literal, which the server is slow to send): half a command is on the wire, so the
    // connection is marked unusable, as documented. (The mock pauses before reading, and it
    // records complete messages only: the transcript ends at `! hang`.)
    let greeting = "S: * PREAUTH [CAPABILITY IMAP4rev1] ready\n";
    let (mut session, mock) = preauth_with(greeting, "! delay 300ms\n! hang\n", tagged()).await;
    let data = Literal::new(&b"hello"[..]).unwrap();
    let cancelled =
        tokio::time::timeout(Duration::from_millis(50), session.xatom("XSTASH", vec![Arg::Literal(data)])).await;
    assert!(cancelled.is_err(), "{cancelled:?}");
    let error = session.noop().await.unwrap_err();
    assert!(
        matches!(&error, Error::Abort(reason) if reason.contains("cancelled while it was being sent")),
        "{error:?}"
    );
    assert!(session.unusable_reason().unwrap().contains("cancelled while it was being sent"));
    assert!(matches!(session.noop().await, Err(Error::Abort(_))));
    insta::assert_snapshot!("cancelled_while_sending", close(session, mock).await);
}

#[tokio::test]
async fn an_unparsable_untagged_response_is_reported_and_skipped() {
    let (logs, _guard) = capture_logs();
    let (mut session, mock) = preauth(
        r"C: A1 NOOP
S: * 1 FETCH (FLAGS (\Seen) BODY[] {x})
S: * 2 EXISTS
S: * STATUS INBOX (MESSAGES x)
S: * 3 EXPUNGE
S: A1 OK done
C: A2 NOOP
S: A2 OK still fine
C: A3 NOOP
S: A3 MAYBE later
C: A4 NOOP
S: A4 OK in step
",
    )
    .await;
    let mut events = session.events();
    let updates = session.noop().await.unwrap();
    // The two bad lines are gone; what came between and after them is intact.
    let data: Vec<_> = updates
        .iter()
        .filter_map(|r| match r {
            Response::Data(d) => Some(d.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(data, [Data::Exists(2), Data::Expunge(3)], "{updates:?}");
    assert!(session.unusable_reason().is_none());
    assert!(session.noop().await.unwrap().is_empty());
    // The caller learns what was skipped: an event with the bytes and the offset, in order.
    let mut unparsed = Vec::new();
    while let Ok(event) = events.try_recv() {
        if let ServerEvent::Unparsed(e) = event {
            unparsed.push(String::from_utf8_lossy(e.bytes()).into_owned());
        }
    }
    assert_eq!(unparsed, ["* 1 FETCH (FLAGS (\\Seen) BODY[] {x})\r\n", "* STATUS INBOX (MESSAGES x)\r\n"]);
    // And a warning in the log, with the bytes.
    let log = logs.text();
    assert!(log.contains("unparsable response"), "{log}");
    assert!(log.contains("BODY[] {x}"), "the bad bytes are in the warning: {log}");
    assert_eq!(log.matches("unparsable response").count(), 2, "{log}");
    // An unparsable completion fails its own command (with the bytes), and only that one:
    // the command is over, so the next one is in step.
    let error = session.noop().await.unwrap_err();
    assert!(matches!(&error, Error::Parse(e) if e.bytes().starts_with(b"T3 MAYBE later")), "{error:?}");
    assert!(!error.is_connection_lost());
    assert!(session.unusable_reason().is_none());
    assert!(session.noop().await.unwrap().is_empty());
    insta::assert_snapshot!(close(session, mock).await);
}

#[tokio::test]
async fn a_completion_for_a_tag_not_in_flight_is_a_protocol_error() {
    let (mut session, mock) = preauth(
        "C: A1 NOOP\n\
         S: X999 OK not yours\n\
         S: A1 OK done\n",
    )
    .await;
    let error = session.noop().await.unwrap_err();
    assert!(matches!(&error, Error::Protocol(text) if text.contains("unknown tag X999")), "{error:?}");
    assert!(error.is_connection_lost());
    assert!(session.unusable_reason().unwrap().contains("X999"));
    assert!(matches!(session.noop().await, Err(Error::Abort(_))));
    insta::assert_snapshot!(close(session, mock).await);
}

#[tokio::test]
async fn read_only_notices_on_a_read_write_mailbox() {
    let (mut session, mock) = session(
        r"C: A2 SELECT INBOX
S: * 3 EXISTS
S: A2 OK [READ-WRITE] selected
C: A3 STORE 1 +FLAGS (\Deleted)
S: * OK [READ-ONLY] another session took over
S: * 1 FETCH (FLAGS (\Deleted))
S: A3 OK stored
C: A4 NOOP
S: A4 OK nothing new
C: A5 SELECT INBOX
S: A5 OK [READ-WRITE] selected again
C: A6 EXPUNGE
S: A6 NO [READ-ONLY] mailbox is read-only
C: A7 SELECT INBOX
S: A7 OK [READ-WRITE] and again
C: A8 XPURGE
S: * OK [READ-ONLY] read-only once more
S: A8 OK purged
C: A9 NOOP
S: A9 OK fine
",
    )
    .await;
    // An untagged `* OK [READ-ONLY]` while a command runs: the command fails with ReadOnly.
    let mut inbox = session.select("INBOX").await.unwrap();
    assert!(!inbox.mailbox().unwrap().read_only);
    let error = inbox.store(&set("1"), StoreMode::Add, &[Flag::Deleted], false).await.unwrap_err();
    assert!(matches!(&error, Error::ReadOnly { mailbox } if mailbox == "INBOX"), "{error:?}");
    assert!(!error.is_connection_lost());
    assert!(inbox.mailbox().unwrap().read_only);
    // What the failed command received is kept.
    assert_eq!(inbox.response("READ-ONLY"), [Untagged::Code(Code::ReadOnly)]);
    assert_eq!(inbox.response("FETCH").len(), 1);
    // Once: the next command is not blamed for it.
    assert!(inbox.noop().await.unwrap().is_empty());

    // A tagged `NO [READ-ONLY]`.
    let mut inbox = session.select("INBOX").await.unwrap();
    assert!(!inbox.mailbox().unwrap().read_only);
    let error = inbox.expunge().await.unwrap_err();
    assert!(matches!(&error, Error::ReadOnly { mailbox } if mailbox == "INBOX"), "{error:?}");
    assert!(inbox.mailbox().unwrap().read_only);

    // During a raw command, which returns the completion as it is: the mailbox state says
    // read-only, and the notice is not held against the next command.
    let mut inbox = session.select("INBOX").await.unwrap();
    let completion = inbox.xatom("XPURGE", vec![]).await.unwrap();
    assert_eq!(completion.status.kind, StatusKind::Ok);
    assert!(inbox.mailbox().unwrap().read_only);
    let next = inbox.noop().await;
    assert!(next.is_ok(), "{next:?}");
    insta::assert_snapshot!(close(session, mock).await);
}

#[tokio::test]
async fn secrets_never_reach_the_log() {
    let password = "s3cr3t-pw";
    let plain = base64::engine::general_purpose::STANDARD.encode(format!("\0alice\0{password}"));
    assert_eq!(plain, "AGFsaWNlAHMzY3IzdC1wdw==");
    let (logs, _guard) = capture_logs();

    // LOGIN (refused), then AUTHENTICATE PLAIN answering the server's empty challenge.
    let (connected, mock) = connect(&format!(
        "S: * OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] ready\n\
         C: A1 LOGIN alice \"{password}\"\n\
         S: A1 NO [AUTHENTICATIONFAILED] try again\n\
         C: A2 AUTHENTICATE PLAIN\n\
         S: +\n\
         C: {plain}\n\
         S: A2 OK [CAPABILITY IMAP4rev1] authenticated\n\
         C: A3 NOOP\n\
         S: A3 OK done\n"
    ))
    .await;
    let secret = Secret::new(password.to_owned());
    let rejected = connected.into_client().unwrap().login("alice", &secret).await.unwrap_err();
    assert!(matches!(&rejected.error, Error::No { code: Some(c), .. } if **c == Code::AuthenticationFailed));
    assert!(!rejected.error.to_string().contains(password));
    let mut mechanism = imap_auth::Plain::new("alice", secret.clone());
    let mut session = rejected.client.authenticate(&mut mechanism).await.unwrap();
    session.noop().await.unwrap();
    insta::assert_snapshot!("login_then_authenticate", close(session, mock).await);

    // With SASL-IR the credentials go in the command line itself.
    let (connected, mock) = connect(&format!(
        "S: * OK [CAPABILITY IMAP4rev1 SASL-IR AUTH=PLAIN] ready\n\
         C: A1 AUTHENTICATE PLAIN {plain}\n\
         S: A1 OK [CAPABILITY IMAP4rev1] authenticated\n"
    ))
    .await;
    let mut mechanism = imap_auth::Plain::new("alice", secret);
    let session = connected.into_client().unwrap().authenticate(&mut mechanism).await.unwrap();
    insta::assert_snapshot!("sasl_ir", close(session, mock).await);

    let log = logs.text();
    // The conversation is in the log, both ways...
    for expected in [
        " LOGIN alice <redacted>",
        " AUTHENTICATE PLAIN\n",
        "C: <redacted>",
        " AUTHENTICATE PLAIN <redacted>",
        " NOOP",
        "AuthenticationFailed",
        "try again",
        "imap::wire: read 54 bytes: \"* OK [CAPABILITY IMAP4rev1 SASL-IR AUTH=PLAIN] ready\\r\\n\"",
    ] {
        assert!(log.contains(expected), "{expected:?} missing from the log:\n{log}");
    }
    // ...but not the password, in any form.
    let password_b64 = base64::engine::general_purpose::STANDARD.encode(password);
    for secret in [password, plain.as_str(), plain.trim_end_matches('='), password_b64.as_str()] {
        assert!(!log.contains(secret), "{secret:?} leaked into the log:\n{log}");
    }
}

#[tokio::test]
async fn raw_commands_quote_and_literalize_their_arguments() {
    // No LITERAL+: a string with a line break becomes a synchronizing literal.
    let greeting = "S: * PREAUTH [CAPABILITY IMAP4rev1] ready\n";
    let (mut session, mock) = preauth_with(
        greeting,
        r#"C: A1 XAPPLE aps-version "two words" plain "atomic" "say \"hi\" \\o/" Entw&APw-rfe 42 NIL (INBOX 1:3,7) {25}
S: + go ahead
C: line one
C: A9 DELETE INBOX
S: A1 OK [CLIENTBUG] one command, one literal
C: A2 XAPPLE
S: A2 NO [CANNOT] not today
C: A3 NOOP
S: A3 OK in step
"#,
        tagged(),
    )
    .await;
    let args = vec![
        Arg::Atom(Atom::new("aps-version").unwrap()),
        Arg::AString(AString::try_from("two words").unwrap()),
        Arg::AString(AString::try_from("plain").unwrap()),
        Arg::String(AString::try_from("atomic").unwrap()),
        Arg::Quoted(Quoted::new(&br#"say "hi" \o/"#[..]).unwrap()),
        Arg::Mailbox(Mailbox::new("Entwürfe")),
        Arg::Number(42),
        Arg::Nil,
        Arg::List(vec![Arg::Mailbox(Mailbox::inbox()), Arg::SequenceSet(set("1:3,7"))]),
        // A caller's attempt to smuggle in a second command becomes the literal's content.
        Arg::AString(AString::try_from("line one\r\nA9 DELETE INBOX").unwrap()),
    ];
    let completion = session.xatom("XAPPLE", args).await.unwrap();
    assert_eq!(completion.status.kind, StatusKind::Ok);
    assert_eq!(completion.status.code, Some(Code::ClientBug));

    // Other ways in are refused before anything is sent.
    let error = session.xatom("NOOP\r\nA9 DELETE INBOX", vec![]).await.unwrap_err();
    assert!(matches!(error, Error::Value(_)), "{error:?}");
    let verbatim = Arg::Verbatim(Bytes::from_static(b"1\r\nA9 DELETE INBOX"));
    let error = session.xatom("XAPPLE", vec![verbatim]).await.unwrap_err();
    assert!(matches!(error, Error::Encode(_)), "{error:?}");
    assert!(!error.is_connection_lost());
    assert!(Quoted::new(&b"a\r\nb"[..]).is_err());
    assert!(Atom::new("a b").is_err());

    // run_raw returns NO and BAD as completions, not errors.
    let command = Command::Raw { name: Atom::new("XAPPLE").unwrap(), args: vec![] };
    let completion = session.run_raw(&command).await.unwrap();
    assert_eq!((completion.status.kind, completion.status.code.clone()), (StatusKind::No, Some(Code::Cannot)));
    assert_eq!(completion.status.text, "not today");
    // ...while run makes them errors.
    assert!(session.noop().await.unwrap().is_empty());
    assert!(session.unusable_reason().is_none());
    insta::assert_snapshot!(close(session, mock).await);
}

#[tokio::test]
async fn run_makes_bad_an_error_and_literal_plus_does_not_wait() {
    let (mut session, mock) = session(
        "C: A2 XAPPLE {4+}\n\
         C: a\n\
         C: b\n\
         S: A2 OK done\n\
         C: A3 XAPPLE\n\
         S: A3 BAD [CLIENTBUG] what\n",
    )
    .await;
    let completion = session.xatom("XAPPLE", vec![Arg::AString(AString::try_from("a\r\nb").unwrap())]).await.unwrap();
    assert_eq!(completion.status.kind, StatusKind::Ok);
    let command = Command::Raw { name: Atom::new("XAPPLE").unwrap(), args: vec![] };
    let error = session.run(&command).await.unwrap_err();
    assert!(
        matches!(&error, Error::Bad { command, code: Some(c), .. } if command == "XAPPLE" && **c == Code::ClientBug)
    );
    insta::assert_snapshot!(close(session, mock).await);
}

#[tokio::test]
async fn a_response_held_for_a_continuation_is_reported_when_the_connection_ends() {
    // The line ends inside a quoted string, so the decoder waits for the next line's first
    // byte (TOLERANCES.md, rule 41); the server hangs up instead.
    let (mut session, mock) = preauth(
        "C: A1 NOOP\n\
         S: * 1 FETCH (ENVELOPE (NIL \"open\n\
         ! drop\n",
    )
    .await;
    let mut events = session.events();
    let error = session.noop().await.unwrap_err();
    assert!(error.is_connection_lost(), "{error:?}");
    let received = drain(&mut events);
    assert!(
        matches!(&received[..], [ServerEvent::Unparsed(e)] if e.bytes()[..] == b"* 1 FETCH (ENVELOPE (NIL \"open\r\n"[..]),
        "{received:?}"
    );
    finish(mock).await;
}
