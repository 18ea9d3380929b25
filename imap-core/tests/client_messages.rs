//! The selected state's commands against the mock: FETCH (typed, raw, streamed, to a writer),
//! STORE, COPY, SEARCH, EXPUNGE, CHECK, CLOSE, UNSELECT, PARTIAL, RECENT and UID, with their
//! NO, BAD and BYE paths; each conversation is a snapshot.

mod support;

use bytes::Bytes;
use imap_core::client::Error;
use imap_core::encode::{Arg, Command, FetchAttr, FetchItems, SearchDate, SearchKey, StoreMode};
use imap_core::response::{Code, Section};
use imap_core::types::{Flag, Mailbox, SequenceSet};
use support::{close, session};

/// `SELECT INBOX` answered with 3 messages, prepended to the scripts below.
const SELECTED: &str = "C: A2 SELECT INBOX
S: * FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)
S: * 3 EXISTS
S: * 0 RECENT
S: * OK [UIDVALIDITY 1700000000] UIDs valid
S: * OK [UIDNEXT 104] next
S: A2 OK [READ-WRITE] selected
";

fn set(text: &str) -> SequenceSet {
    SequenceSet::parse(text.as_bytes()).expect("a valid sequence set")
}

#[tokio::test]
async fn fetch_typed_items_and_the_raw_form() {
    let (mut session, mock) = session(&format!(
        "{SELECTED}\
         C: A3 FETCH 1:2 (UID FLAGS RFC822.SIZE ENVELOPE)\n\
         S: * 1 FETCH (UID 101 FLAGS (\\Seen) RFC822.SIZE 2042 ENVELOPE (\"Tue, 1 Oct 2024 10:00:00 +0000\" \"=?utf-8?q?Gr=C3=BC=C3=9Fe?=\" ((\"Alice\" NIL \"alice\" \"example.org\")) NIL NIL ((NIL NIL \"team\" NIL)(NIL NIL \"bob\" \"example.org\")(NIL NIL NIL NIL)) NIL NIL NIL \"<1@example.org>\"))\n\
         S: * 2 FETCH (UID 102 FLAGS () RFC822.SIZE 77 ENVELOPE (NIL \"x\" NIL NIL NIL NIL NIL NIL NIL NIL))\n\
         S: A3 OK done\n\
         C: A4 UID FETCH 101 (FLAGS BODY.PEEK[HEADER.FIELDS (SUBJECT)])\n\
         S: * 1 FETCH (UID 101 FLAGS (\\Seen) BODY[HEADER.FIELDS (SUBJECT)] {{13}}\n\
         S: Subject: hi\n\
         S: )\n\
         S: A4 OK done\n\
         C: A5 FETCH 3 (FLAGS INTERNALDATE)\n\
         S: * 3 FETCH (FLAGS (\\Draft) INTERNALDATE \" 2-Oct-2024 08:00:00 +0200\")\n\
         S: A5 OK done\n\
         C: A6 FETCH 9 FLAGS\n\
         S: A6 BAD [CLIENTBUG] Invalid message sequence number\n"
    ))
    .await;
    let mut inbox = session.select("INBOX").await.unwrap();
    let items = vec![FetchAttr::Uid, FetchAttr::Flags, FetchAttr::Rfc822Size, FetchAttr::Envelope];
    let messages = inbox.fetch(&set("1:2"), items).await.unwrap();
    assert_eq!(messages.len(), 2);
    assert_eq!((messages[0].seq, messages[0].uid(), messages[0].size()), (1, Some(101), Some(2042)));
    assert_eq!(messages[0].flags(), Some(&[Flag::Seen][..]));
    let envelope = messages[0].envelope().unwrap();
    assert_eq!(envelope.subject.as_ref().unwrap().as_bytes(), b"=?utf-8?q?Gr=C3=BC=C3=9Fe?=");
    assert_eq!(envelope.from()[0].mailbox.as_ref().unwrap().as_bytes(), b"alice");
    assert_eq!(envelope.to().len(), 3, "a group: start marker, member, end marker");
    assert!(envelope.to()[0].is_group_start());
    assert_eq!(messages[1].flags(), Some(&[][..]));

    let header = Section::header_fields(&["SUBJECT"]).unwrap();
    let items = vec![FetchAttr::Flags, FetchAttr::BodySection { section: header.clone(), peek: true, partial: None }];
    let by_uid = inbox.uid_fetch(&set("101"), items).await.unwrap();
    assert_eq!(by_uid[0].section(&header).unwrap().bytes().unwrap().as_ref(), b"Subject: hi\r\n");

    let raw = inbox.fetch_raw(&set("3"), "(FLAGS INTERNALDATE)", false).await.unwrap();
    assert_eq!(raw[0].flags(), Some(&[Flag::Draft][..]));
    assert_eq!(raw[0].internal_date().unwrap().to_string(), "02-Oct-2024 08:00:00 +0200");

    let bad = inbox.fetch(&set("9"), FetchAttr::Flags).await.unwrap_err();
    assert!(matches!(&bad, Error::Bad { code: Some(c), .. } if **c == Code::ClientBug), "{bad}");
    insta::assert_snapshot!(close(session, mock).await);
}

#[tokio::test]
async fn fetch_results_stream_while_the_server_sends_them() {
    let (mut session, mock) = session(&format!(
        "{SELECTED}\
         C: A3 FETCH 1:* (UID FLAGS)\n\
         S: * 1 FETCH (UID 101 FLAGS (\\Seen))\n\
         ! delay 2s\n\
         S: * 2 FETCH (UID 102 FLAGS ())\n\
         S: * 3 FETCH (UID 103 FLAGS (\\Flagged))\n\
         S: A3 OK done\n\
         C: A4 FETCH 1:* ALL\n\
         S: * 1 FETCH (FLAGS (\\Seen))\n\
         S: A4 NO [SERVERBUG] cannot fetch\n"
    ))
    .await;
    let mut inbox = session.select("INBOX").await.unwrap();
    let items = vec![FetchAttr::Uid, FetchAttr::Flags];
    let mut stream = inbox.fetch_stream(&set("1:*"), items, false).await.unwrap();
    // The first message is handed over while the server still holds back the second (for 2 s).
    let first = tokio::time::timeout(std::time::Duration::from_secs(1), stream.next()).await;
    let first = first.expect("the first message arrives before the rest").unwrap().unwrap();
    assert_eq!(first.uid(), Some(101));
    let mut rest = Vec::new();
    while let Some(fetch) = stream.next().await {
        rest.push(fetch.unwrap().uid().unwrap());
    }
    drop(stream);
    assert_eq!(rest, [102, 103]);

    let mut failing = inbox.fetch_stream(&set("1:*"), FetchItems::All, false).await.unwrap();
    assert_eq!(failing.next().await.unwrap().unwrap().seq, 1);
    let error = failing.next().await.unwrap().unwrap_err();
    assert!(matches!(&error, Error::No { code: Some(c), .. } if **c == Code::ServerBug), "{error}");
    assert!(failing.next().await.is_none());
    drop(failing);
    insta::assert_snapshot!(close(session, mock).await);
}

#[tokio::test]
async fn a_large_literal_goes_to_a_writer_in_chunks() {
    let body = "x".repeat(70_000);
    let (mut session, mock) = session(&format!(
        "{SELECTED}\
         C: A3 UID FETCH 103 BODY.PEEK[]\n\
         S: * 3 FETCH (UID 103 BODY[] {{70002}}\n\
         S: {body}\n\
         S: )\n\
         S: A3 OK done\n"
    ))
    .await;
    let mut inbox = session.select("INBOX").await.unwrap();
    let mut sink = Vec::new();
    let written = inbox.fetch_to_writer(103, true, Section::full(), &mut sink).await.unwrap();
    assert_eq!(written, 70_002);
    assert_eq!(sink.len(), 70_002);
    assert!(sink.starts_with(b"xxx") && sink.ends_with(b"x\r\n"));
    let transcript = close(session, mock).await;
    assert!(transcript.contains("C: A3 UID FETCH 103 BODY.PEEK[]"), "{transcript}");
}

#[tokio::test]
async fn store_and_its_silent_form() {
    let (mut session, mock) = session(&format!(
        "{SELECTED}\
         C: A3 STORE 1:2 +FLAGS (\\Deleted $Junk)\n\
         S: * 1 FETCH (FLAGS (\\Seen \\Deleted $Junk))\n\
         S: * 2 FETCH (FLAGS (\\Deleted $Junk))\n\
         S: A3 OK done\n\
         C: A4 UID STORE 103 -FLAGS.SILENT (\\Seen)\n\
         S: A4 OK done\n\
         C: A5 STORE 3 FLAGS ()\n\
         S: * 3 FETCH (FLAGS ())\n\
         S: A5 OK done\n\
         C: A6 STORE 1 +FLAGS (\\Recent)\n\
         S: A6 NO [CANNOT] \\Recent cannot be stored\n"
    ))
    .await;
    let mut inbox = session.select("INBOX").await.unwrap();
    let junk = Flag::keyword("$Junk").unwrap();
    let updated = inbox.store(&set("1:2"), StoreMode::Add, &[Flag::Deleted, junk.clone()], false).await.unwrap();
    assert_eq!(updated[0].flags(), Some(&[Flag::Seen, Flag::Deleted, junk.clone()][..]));
    assert_eq!(updated[1].seq, 2);
    assert!(inbox.uid_store(&set("103"), StoreMode::Remove, &[Flag::Seen], true).await.unwrap().is_empty());
    let cleared = inbox.store(&set("3"), StoreMode::Replace, &[], false).await.unwrap();
    assert_eq!(cleared[0].flags(), Some(&[][..]));
    let refused = inbox.store(&set("1"), StoreMode::Add, &[Flag::Recent], false).await.unwrap_err();
    assert!(matches!(&refused, Error::No { code: Some(c), .. } if **c == Code::Cannot));
    insta::assert_snapshot!(close(session, mock).await);
}

#[tokio::test]
async fn copy_reports_copyuid_and_trycreate() {
    let (mut session, mock) = session(&format!(
        "{SELECTED}\
         C: A3 COPY 1:2 Archive\n\
         S: A3 OK [COPYUID 38505 101:102 7:8] done\n\
         C: A4 UID COPY 103 \"Old Mail\"\n\
         S: A4 OK done\n\
         C: A5 COPY 1 Nowhere\n\
         S: A5 NO [TRYCREATE] Mailbox doesn't exist\n"
    ))
    .await;
    let mut inbox = session.select("INBOX").await.unwrap();
    let mapping = inbox.copy(&set("1:2"), "Archive").await.unwrap().unwrap();
    assert_eq!(
        (mapping.uid_validity, mapping.source.to_string(), mapping.destination.to_string()),
        (38505, "101:102".to_owned(), "7:8".to_owned())
    );
    assert_eq!(inbox.uid_copy(&set("103"), "Old Mail").await.unwrap(), None, "no UIDPLUS answer");
    let missing = inbox.copy(&set("1"), "Nowhere").await.unwrap_err();
    assert!(matches!(&missing, Error::No { code: Some(c), .. } if **c == Code::TryCreate));
    insta::assert_snapshot!(close(session, mock).await);
}

#[tokio::test]
async fn search_typed_criteria_charset_raw_and_uid() {
    let (mut session, mock) = session(&format!(
        "{SELECTED}\
         C: A3 SEARCH UNSEEN FROM \"alice\" OR FLAGGED NOT DELETED\n\
         S: * SEARCH 2 3\n\
         S: A3 OK done\n\
         C: A4 SEARCH CHARSET UTF-8 SUBJECT {{7+}}\n\
         C: Grüße\n\
         S: * SEARCH\n\
         S: A4 OK done\n\
         C: A5 UID SEARCH 1:* SINCE 1-Oct-2024\n\
         S: * SEARCH 101 103 (MODSEQ 917162500)\n\
         S: A5 OK done\n\
         C: A6 SEARCH CHARSET KOI8-R TEXT \"x\"\n\
         S: A6 NO [BADCHARSET (UTF-8 US-ASCII)] unsupported charset\n\
         C: A7 UID SEARCH UNSEEN HEADER X-Spam yes\n\
         S: * SEARCH 5 6\n\
         S: * SEARCH 7\n\
         S: A7 OK done\n"
    ))
    .await;
    let mut inbox = session.select("INBOX").await.unwrap();
    let criteria = SearchKey::And(vec![
        SearchKey::Unseen,
        SearchKey::from("alice").unwrap(),
        SearchKey::Flagged.or(SearchKey::Deleted.negate()),
    ]);
    assert_eq!(inbox.search(None, criteria).await.unwrap(), [2, 3]);
    let subject = SearchKey::subject("Grüße").unwrap();
    assert!(inbox.search(Some("UTF-8"), subject).await.unwrap().is_empty());
    let since = SearchKey::Since(SearchDate::new(2024, 10, 1).unwrap());
    let full = inbox.search_full(None, SearchKey::And(vec![SearchKey::SequenceSet(set("1:*")), since]), true).await;
    let full = full.unwrap();
    assert_eq!((full.ids, full.modseq), (vec![101, 103], Some(917162500)));
    let koi = inbox.search(Some("KOI8-R"), SearchKey::text("x").unwrap()).await.unwrap_err();
    assert!(matches!(&koi, Error::No { code: Some(c), .. } if matches!(**c, Code::BadCharset(_))), "{koi}");
    // Raw criteria, and a result split over two SEARCH responses.
    assert_eq!(inbox.search_raw("UNSEEN HEADER X-Spam yes", true).await.unwrap(), [5, 6, 7]);
    insta::assert_snapshot!(close(session, mock).await);
}

#[tokio::test]
async fn expunge_check_close_and_unselect() {
    let (mut session, mock) = session(&format!(
        "{SELECTED}\
         C: A3 CHECK\n\
         S: A3 OK done\n\
         C: A4 EXPUNGE\n\
         S: * 3 EXPUNGE\n\
         S: * 1 EXPUNGE\n\
         S: A4 OK done\n\
         C: A5 CLOSE\n\
         S: A5 OK done\n\
         C: A6 EXAMINE INBOX\n\
         S: * 1 EXISTS\n\
         S: A6 OK [READ-ONLY] done\n\
         C: A7 EXPUNGE\n\
         S: A7 NO [READ-ONLY] mailbox is read-only\n\
         C: A8 UNSELECT\n\
         S: A8 OK done\n\
         C: A9 CHECK\n\
         S: A9 BAD [CLIENTBUG] no mailbox selected\n"
    ))
    .await;
    let mut inbox = session.select("INBOX").await.unwrap();
    inbox.check().await.unwrap();
    assert_eq!(inbox.expunge().await.unwrap(), [3, 1]);
    assert_eq!(inbox.mailbox().unwrap().exists, 1, "each EXPUNGE lowers the count");
    inbox.close().await.unwrap();
    assert!(session.selected_mailbox().is_none());
    let mut examined = session.examine("INBOX").await.unwrap();
    let error = examined.expunge().await.unwrap_err();
    assert!(matches!(&error, Error::No { code: Some(c), .. } if **c == Code::ReadOnly), "{error}");
    examined.unselect().await.unwrap();
    assert!(session.selected_mailbox().is_none());
    // CHECK outside the selected state, sent anyway through the command API: a typed BAD.
    assert!(matches!(session.run(&Command::Check).await.unwrap_err(), Error::Bad { .. }));
    insta::assert_snapshot!(close(session, mock).await);
}

#[tokio::test]
async fn partial_recent_and_generic_uid_commands() {
    let (mut session, mock) = session(&format!(
        "{SELECTED}\
         C: A3 FETCH 2 BODY.PEEK[TEXT]<9.5>\n\
         S: * 2 FETCH (BODY[TEXT]<9> {{5}}\n\
         S: hello)\n\
         S: A3 OK done\n\
         C: A4 NOOP\n\
         S: * 2 RECENT\n\
         S: A4 OK done\n\
         C: A5 UID MOVE 101:102 Trash\n\
         S: * OK [COPYUID 9 101:102 1:2] moved\n\
         S: * 1 EXPUNGE\n\
         S: * 1 EXPUNGE\n\
         S: A5 OK done\n\
         C: A6 UID FETCH 103 (FLAGS)\n\
         S: * 1 FETCH (UID 103 FLAGS (\\Seen))\n\
         S: A6 OK done\n\
         C: A7 UID EXPUNGE 103\n\
         S: A7 BAD [CLIENTBUG] UIDPLUS not enabled\n"
    ))
    .await;
    let mut inbox = session.select("INBOX").await.unwrap();
    // imaplib's partial counts from 1: octets 10..14 are BODY[TEXT]<9.5>.
    let part = inbox.partial(2, Section::text(), 10, 5).await.unwrap();
    assert_eq!(part.as_deref(), Some(&b"hello"[..]));
    assert!(matches!(inbox.partial(2, Section::text(), 0, 5).await.unwrap_err(), Error::Protocol(_)));
    // SELECT's RECENT count went into the mailbox state; recent() asks with NOOP and sees 2.
    assert_eq!(inbox.mailbox().unwrap().recent, 0);
    assert_eq!(inbox.recent().await.unwrap(), [2]);
    let moved =
        inbox.uid("MOVE", vec![Arg::SequenceSet(set("101:102")), Arg::Mailbox(Mailbox::new("Trash"))]).await.unwrap();
    assert!(moved.is_empty());
    assert_eq!(inbox.mailbox().unwrap().exists, 1);
    let fetched = inbox
        .uid("FETCH", vec![Arg::SequenceSet(set("103")), Arg::Verbatim(Bytes::from_static(b"(FLAGS)"))])
        .await
        .unwrap();
    assert_eq!((fetched[0].uid(), fetched[0].flags()), (Some(103), Some(&[Flag::Seen][..])));
    let bad = inbox.uid("EXPUNGE", vec![Arg::SequenceSet(set("103"))]).await.unwrap_err();
    assert!(matches!(bad, Error::Bad { .. }));
    insta::assert_snapshot!(close(session, mock).await);
}

#[tokio::test]
async fn bye_in_the_middle_of_a_fetch_ends_the_session_with_a_typed_error() {
    let (mut session, mock) = session(&format!(
        "{SELECTED}\
         C: A3 FETCH 1:* FLAGS\n\
         S: * 1 FETCH (FLAGS ())\n\
         S: * BYE [UNAVAILABLE] server shutting down\n\
         ! drop\n"
    ))
    .await;
    let mut inbox = session.select("INBOX").await.unwrap();
    let error = inbox.fetch(&set("1:*"), FetchAttr::Flags).await.unwrap_err();
    match &error {
        Error::Bye { code, text } => {
            assert_eq!(code.as_deref(), Some(&Code::Unavailable));
            assert_eq!(text, "server shutting down");
        }
        other => panic!("expected BYE, got {other:?}"),
    }
    let after = inbox.check().await.unwrap_err();
    assert!(matches!(after, Error::Abort(_) | Error::Bye { .. }), "{after:?}");
    insta::assert_snapshot!(close(session, mock).await);
}
