//! The authenticated state's commands against the mock: SELECT, EXAMINE, CREATE, DELETE,
//! RENAME, SUBSCRIBE, UNSUBSCRIBE, LIST, LSUB, STATUS, APPEND, NAMESPACE, PROXYAUTH, with their
//! NO and BAD paths; each conversation is a snapshot.

mod support;

use imap_core::client::Error;
use imap_core::encode::StatusItem;
use imap_core::response::{Code, MailboxAttribute};
use imap_core::types::{Flag, FlagPerm, InternalDate, Mailbox};
use support::{close, session};

#[tokio::test]
async fn select_and_examine_report_the_mailbox() {
    let (mut session, mock) = session(
        "C: A2 SELECT INBOX\n\
         S: * FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Junk)\n\
         S: * OK [PERMANENTFLAGS (\\Deleted \\Seen \\*)] Limited\n\
         S: * 172 EXISTS\n\
         S: * 1 RECENT\n\
         S: * OK [UNSEEN 12] Message 12 is first unseen\n\
         S: * OK [UIDVALIDITY 3857529045] UIDs valid\n\
         S: * OK [UIDNEXT 4392] Predicted next UID\n\
         S: * OK [HIGHESTMODSEQ 715194045007] Highest\n\
         S: A2 OK [READ-WRITE] SELECT completed\n\
         C: A3 EXAMINE Entw&APw-rfe\n\
         S: * 3 EXISTS\n\
         S: A3 OK [READ-ONLY] EXAMINE completed\n\
         C: A4 SELECT nothing\n\
         S: A4 NO [NONEXISTENT] Mailbox doesn't exist\n",
    )
    .await;
    let selected = session.select("inbox").await.unwrap();
    let state = selected.mailbox().unwrap().clone();
    assert_eq!((state.exists, state.recent, state.unseen), (172, 1, Some(12)));
    assert_eq!(
        (state.uid_validity, state.uid_next, state.highest_modseq),
        (Some(3857529045), Some(4392), Some(715194045007))
    );
    assert_eq!(state.permanent_flags, [FlagPerm::Flag(Flag::Deleted), FlagPerm::Flag(Flag::Seen), FlagPerm::Wildcard]);
    assert!(state.flags.contains(&Flag::keyword("$Junk").unwrap()));
    assert!(!state.read_only);
    let examined = session.examine("Entwürfe").await.unwrap();
    assert!(examined.mailbox().unwrap().read_only);
    assert_eq!(examined.mailbox().unwrap().name, Some(Mailbox::new("Entwürfe")));
    let error = session.select("nothing").await.unwrap_err();
    assert!(matches!(&error, Error::No { code: Some(c), .. } if **c == Code::Nonexistent), "{error}");
    assert!(session.selected_mailbox().is_none(), "a failed SELECT leaves nothing selected");
    insta::assert_snapshot!(close(session, mock).await);
}

#[tokio::test]
async fn create_delete_rename_subscribe_unsubscribe() {
    let (mut session, mock) = session(
        "C: A2 CREATE \"Work/Q1 2024\"\n\
         S: A2 OK done\n\
         C: A3 CREATE INBOX\n\
         S: A3 NO [ALREADYEXISTS] Mailbox already exists\n\
         C: A4 RENAME \"Work/Q1 2024\" &ZeVnLIqe-\n\
         S: A4 OK done\n\
         C: A5 SUBSCRIBE &ZeVnLIqe-\n\
         S: A5 OK done\n\
         C: A6 UNSUBSCRIBE &ZeVnLIqe-\n\
         S: A6 OK done\n\
         C: A7 DELETE &ZeVnLIqe-\n\
         S: A7 OK done\n\
         C: A8 DELETE Nope\n\
         S: A8 BAD [CLIENTBUG] what\n",
    )
    .await;
    session.create("Work/Q1 2024").await.unwrap();
    let exists = session.create("INBOX").await.unwrap_err();
    assert!(matches!(&exists, Error::No { code: Some(c), .. } if **c == Code::AlreadyExists));
    session.rename("Work/Q1 2024", "日本語").await.unwrap();
    session.subscribe("日本語").await.unwrap();
    session.unsubscribe("日本語").await.unwrap();
    session.delete("日本語").await.unwrap();
    assert!(matches!(session.delete("Nope").await.unwrap_err(), Error::Bad { .. }));
    insta::assert_snapshot!(close(session, mock).await);
}

#[tokio::test]
async fn list_and_lsub_decode_names() {
    let (mut session, mock) = session(
        "C: A2 LIST \"\" *\n\
         S: * LIST (\\HasNoChildren) \"/\" INBOX\n\
         S: * LIST (\\HasChildren \\Noselect) \"/\" \"Entw&APw-rfe &- Ideen\"\n\
         S: * LIST (\\HasNoChildren \\sent) \"/\" {9}\n\
         S: Sent Mail\n\
         S: * LIST () NIL Flat\n\
         S: A2 OK done\n\
         C: A3 LSUB \"\" %\n\
         S: * LSUB () \".\" &ZeVnLIqe-\n\
         S: A3 OK done\n\
         C: A4 LIST \"\" \"bad pattern\"\n\
         S: A4 BAD Invalid pattern\n",
    )
    .await;
    let all = session.list("", "*").await.unwrap();
    let names: Vec<_> = all.iter().map(|l| l.mailbox.name().to_owned()).collect();
    assert_eq!(names, ["INBOX", "Entwürfe & Ideen", "Sent Mail", "Flat"]);
    assert_eq!(all[1].attributes, [MailboxAttribute::HasChildren, MailboxAttribute::NoSelect]);
    assert!(all[2].attributes.contains(&MailboxAttribute::Sent), "special-use in any case");
    assert_eq!((all[0].delimiter, all[3].delimiter), (Some('/'), None));
    let subscribed = session.lsub("", "%").await.unwrap();
    assert_eq!(subscribed[0].mailbox.name(), "日本語");
    assert!(matches!(session.list("", "bad pattern").await.unwrap_err(), Error::Bad { .. }));
    insta::assert_snapshot!(close(session, mock).await);
}

#[tokio::test]
async fn status_namespace_and_proxyauth() {
    let (mut session, mock) = session(
        "C: A2 STATUS INBOX (MESSAGES UIDNEXT UNSEEN HIGHESTMODSEQ)\n\
         S: * STATUS INBOX (MESSAGES 231 UIDNEXT 44292 UNSEEN 3 HIGHESTMODSEQ 7011231777)\n\
         S: A2 OK done\n\
         C: A3 STATUS gone (MESSAGES)\n\
         S: A3 NO [TRYCREATE] No such mailbox\n\
         C: A4 NAMESPACE\n\
         S: * NAMESPACE ((\"\" \"/\")) ((\"Other Users/\" \"/\")) ((\"Shared Folders/\" \"/\" \"X-PARAM\" (\"a\" \"b\")))\n\
         S: A4 OK done\n\
         C: A5 PROXYAUTH bob\n\
         S: A5 OK now bob\n",
    )
    .await;
    let status = session
        .status("INBOX", &[StatusItem::Messages, StatusItem::UidNext, StatusItem::Unseen, StatusItem::HighestModSeq])
        .await
        .unwrap();
    assert_eq!(
        (status.messages, status.uid_next, status.unseen, status.highest_modseq),
        (Some(231), Some(44292), Some(3), Some(7011231777))
    );
    let missing = session.status("gone", &[StatusItem::Messages]).await.unwrap_err();
    assert!(matches!(&missing, Error::No { code: Some(c), .. } if **c == Code::TryCreate));
    let namespaces = session.namespace().await.unwrap();
    assert_eq!(namespaces.other_users[0].prefix.name(), "Other Users/");
    assert_eq!(namespaces.shared[0].extensions.len(), 1);
    session.proxyauth("bob").await.unwrap();
    insta::assert_snapshot!(close(session, mock).await);
}

#[tokio::test]
async fn append_waits_for_the_continuation_or_uses_literal_plus_and_reports_appenduid() {
    // The greeting advertises LITERAL+, so the literal goes without waiting.
    let (mut session, mock) = session(
        "C: A2 APPEND Sent (\\Seen $Sent) \"17-Jul-1996 02:44:25 -0700\" {20+}\n\
         C: Subject: x\n\
         C: \n\
         C: body\n\
         C: \n\
         S: A2 OK [APPENDUID 38505 3955] APPEND completed\n\
         C: A3 APPEND Sent {4+}\n\
         C: abcd\n\
         S: A3 NO [OVERQUOTA] Quota exceeded\n",
    )
    .await;
    let date = InternalDate::parse(b"17-Jul-1996 02:44:25 -0700").unwrap();
    let flags = [Flag::Seen, Flag::keyword("$Sent").unwrap()];
    let uid = session.append("Sent", &flags, Some(date), &b"Subject: x\r\n\r\nbody\r\n"[..]).await.unwrap().unwrap();
    assert_eq!((uid.uid_validity, uid.uids.to_string()), (38505, "3955".to_owned()));
    let quota = session.append("Sent", &[], None, &b"abcd"[..]).await.unwrap_err();
    assert!(matches!(&quota, Error::No { code: Some(c), .. } if **c == Code::OverQuota));
    insta::assert_snapshot!("literal_plus", close(session, mock).await);

    // Without LITERAL+ the client waits for `+`; a server that refuses the literal gets none.
    let (connected, mock) = support::connect(
        "S: * OK [CAPABILITY IMAP4rev1] ready\n\
         C: A1 LOGIN alice \"pw\"\n\
         S: A1 OK [CAPABILITY IMAP4rev1] in\n\
         C: A2 APPEND INBOX {3}\n\
         S: + Ready\n\
         C: xyz\n\
         S: A2 OK done\n\
         C: A3 APPEND INBOX {3}\n\
         S: A3 NO [LIMIT] too big\n\
         C: A4 NOOP\n\
         S: A4 OK done\n",
    )
    .await;
    let mut session =
        connected.into_client().unwrap().login("alice", &imap_core::types::Secret::new("pw".into())).await.unwrap();
    assert_eq!(session.append("INBOX", &[], None, &b"xyz"[..]).await.unwrap(), None, "no APPENDUID");
    let refused = session.append("INBOX", &[], None, &b"abc"[..]).await.unwrap_err();
    assert!(matches!(&refused, Error::No { code: Some(c), .. } if **c == Code::Limit));
    session.noop().await.unwrap();
    insta::assert_snapshot!("synchronizing", close(session, mock).await);
}
