//! Exact bytes on the wire for every command and every argument form.

use bytes::Bytes;

use super::*;
use crate::response::Section;
use crate::types::{AString, Atom, Flag, InternalDate, Literal, Literal8, Mailbox, Secret, SequenceSet};

fn wire(command: Command) -> String {
    wire_with(command, EncodeOptions::default())
}

fn wire_with(command: Command, options: EncodeOptions) -> String {
    let encoded = command.encode(Tag::new("A1").unwrap(), &options).unwrap();
    String::from_utf8(encoded.to_bytes()).unwrap()
}

fn astr(s: &str) -> AString {
    AString::try_from(s).unwrap()
}

fn set(s: &str) -> SequenceSet {
    SequenceSet::parse(s.as_bytes()).unwrap()
}

#[test]
fn simple_commands() {
    assert_eq!(wire(Command::Capability), "A1 CAPABILITY\r\n");
    assert_eq!(wire(Command::Noop), "A1 NOOP\r\n");
    assert_eq!(wire(Command::Logout), "A1 LOGOUT\r\n");
    assert_eq!(wire(Command::StartTls), "A1 STARTTLS\r\n");
    assert_eq!(wire(Command::Check), "A1 CHECK\r\n");
    assert_eq!(wire(Command::Close), "A1 CLOSE\r\n");
    assert_eq!(wire(Command::Unselect), "A1 UNSELECT\r\n");
    assert_eq!(wire(Command::Expunge), "A1 EXPUNGE\r\n");
    assert_eq!(wire(Command::Namespace), "A1 NAMESPACE\r\n");
}

#[test]
fn login_quotes_password_always() {
    let login = |user: &str, pass: &str| Command::Login { username: astr(user), password: Secret::new(astr(pass)) };
    assert_eq!(wire(login("alice", "alicepass")), "A1 LOGIN alice \"alicepass\"\r\n");
    assert_eq!(wire(login("a b", "p\"q\\r")), "A1 LOGIN \"a b\" \"p\\\"q\\\\r\"\r\n");
    assert_eq!(wire(login("", "")), "A1 LOGIN \"\" \"\"\r\n");
    assert_eq!(wire(login("nil", "x")), "A1 LOGIN \"nil\" \"x\"\r\n");
}

#[test]
fn crlf_in_any_string_forces_a_literal() {
    let command = Command::Login { username: astr("ev\r\nA2 DELETE INBOX"), password: Secret::new(astr("pw")) };
    let encoded = command.encode(Tag::new("A1").unwrap(), &EncodeOptions::default()).unwrap();
    assert_eq!(
        encoded.fragments,
        [
            Fragment::Line(Bytes::from_static(b"A1 LOGIN {19}\r\n")),
            Fragment::Literal { data: Bytes::from_static(b"ev\r\nA2 DELETE INBOX"), mode: LiteralMode::Sync },
            Fragment::Line(Bytes::from_static(b" \"pw\"\r\n")),
        ]
    );
    assert!(encoded.has_sync_literal());
}

#[test]
fn utf8_password_is_a_literal_without_utf8_mode_and_quoted_with_it() {
    let command = Command::Login { username: astr("carol"), password: Secret::new(astr("pässwörd")) };
    assert_eq!(wire(command.clone()), "A1 LOGIN carol {10}\r\npässwörd\r\n");
    let utf8 = EncodeOptions { utf8: true, ..Default::default() };
    assert_eq!(wire_with(command, utf8), "A1 LOGIN carol \"pässwörd\"\r\n");
}

#[test]
fn literal_modes_follow_capabilities() {
    let append = |len: usize| Command::Append {
        mailbox: Mailbox::inbox(),
        flags: vec![],
        date: None,
        message: AppendData::Text(Literal::new(vec![b'x'; len]).unwrap()),
    };
    let plus = EncodeOptions { literal_plus: true, ..Default::default() };
    let minus = EncodeOptions { literal_minus: true, ..Default::default() };
    assert!(wire(append(3)).starts_with("A1 APPEND INBOX {3}\r\nxxx"));
    assert!(wire_with(append(3), plus).starts_with("A1 APPEND INBOX {3+}\r\n"));
    assert!(wire_with(append(5000), plus).starts_with("A1 APPEND INBOX {5000+}\r\n"));
    assert!(wire_with(append(4096), minus).starts_with("A1 APPEND INBOX {4096+}\r\n"));
    assert!(wire_with(append(4097), minus).starts_with("A1 APPEND INBOX {4097}\r\n"));
}

#[test]
fn append_with_flags_date_and_binary() {
    let date = InternalDate::parse(b"17-Jul-1996 02:44:25 -0700").unwrap();
    let command = Command::Append {
        mailbox: Mailbox::new("Sent Items"),
        flags: vec![Flag::Seen, Flag::keyword("$Sent").unwrap()],
        date: Some(date),
        message: AppendData::Text(Literal::new(&b"Hi\r\n"[..]).unwrap()),
    };
    assert_eq!(
        wire(command),
        "A1 APPEND \"Sent Items\" (\\Seen $Sent) \"17-Jul-1996 02:44:25 -0700\" {4}\r\nHi\r\n\r\n"
    );
    let binary = Command::Append {
        mailbox: Mailbox::inbox(),
        flags: vec![],
        date: None,
        message: AppendData::Binary(Literal8::new(&b"\0\x01"[..])),
    };
    assert_eq!(wire(binary).as_bytes(), b"A1 APPEND INBOX ~{2}\r\n\0\x01\r\n");
}

#[test]
fn mailbox_names_are_modified_utf7_or_utf8() {
    let select = |name: &str, read_only| Command::Select { mailbox: Mailbox::new(name), read_only };
    assert_eq!(wire(select("inbox", false)), "A1 SELECT INBOX\r\n");
    assert_eq!(wire(select("Entwürfe & Ideen", true)), "A1 EXAMINE \"Entw&APw-rfe &- Ideen\"\r\n");
    assert_eq!(wire(select("日本語", false)), "A1 SELECT &ZeVnLIqe-\r\n");
    let utf8 = EncodeOptions { utf8: true, ..Default::default() };
    assert_eq!(wire_with(select("日本語", false), utf8), "A1 SELECT \"日本語\"\r\n");
    assert_eq!(wire(select("", false)), "A1 SELECT \"\"\r\n");
    assert_eq!(wire(select("a\"b", false)), "A1 SELECT \"a\\\"b\"\r\n");
}

#[test]
fn mailbox_management() {
    assert_eq!(wire(Command::Create(Mailbox::new("Work/Sub"))), "A1 CREATE Work/Sub\r\n");
    assert_eq!(wire(Command::Delete(Mailbox::new("Old"))), "A1 DELETE Old\r\n");
    assert_eq!(wire(Command::Rename { from: Mailbox::new("A"), to: Mailbox::new("B C") }), "A1 RENAME A \"B C\"\r\n");
    assert_eq!(wire(Command::Subscribe(Mailbox::new("X"))), "A1 SUBSCRIBE X\r\n");
    assert_eq!(wire(Command::Unsubscribe(Mailbox::new("X"))), "A1 UNSUBSCRIBE X\r\n");
}

#[test]
fn list_patterns_keep_wildcards_bare() {
    let list = Command::List { reference: Mailbox::new(""), pattern: Mailbox::new("*") };
    assert_eq!(wire(list), "A1 LIST \"\" *\r\n");
    let lsub = Command::Lsub { reference: Mailbox::new("Work/"), pattern: Mailbox::new("%") };
    assert_eq!(wire(lsub), "A1 LSUB Work/ %\r\n");
    let spaced = Command::List { reference: Mailbox::new(""), pattern: Mailbox::new("My Folder/*") };
    assert_eq!(wire(spaced), "A1 LIST \"\" \"My Folder/*\"\r\n");
}

#[test]
fn status_items() {
    let command = Command::Status {
        mailbox: Mailbox::inbox(),
        items: vec![StatusItem::Messages, StatusItem::UidNext, StatusItem::Unseen, StatusItem::HighestModSeq],
    };
    assert_eq!(wire(command), "A1 STATUS INBOX (MESSAGES UIDNEXT UNSEEN HIGHESTMODSEQ)\r\n");
}

#[test]
fn fetch_forms() {
    let fetch = |items: FetchItems, uid| Command::Fetch { set: set("1:*"), items, uid, changed_since: None };
    assert_eq!(wire(fetch(FetchItems::Fast, false)), "A1 FETCH 1:* FAST\r\n");
    assert_eq!(
        wire(fetch(
            FetchItems::Items(vec![
                FetchAttr::Uid,
                FetchAttr::Flags,
                FetchAttr::BodyStructure,
                FetchAttr::header_peek(),
                FetchAttr::BodySection { section: Section::part(vec![1, 2]), peek: false, partial: Some((0, 1024)) },
                FetchAttr::BodySection {
                    section: Section::header_fields(&["Subject", "Message-ID"]).unwrap(),
                    peek: true,
                    partial: None
                },
                FetchAttr::Binary { part: vec![1], peek: true, partial: None },
                FetchAttr::BinarySize(vec![2]),
            ]),
            true
        )),
        "A1 UID FETCH 1:* (UID FLAGS BODYSTRUCTURE BODY.PEEK[HEADER] BODY[1.2]<0.1024> \
         BODY.PEEK[HEADER.FIELDS (Subject Message-ID)] BINARY.PEEK[1] BINARY.SIZE[2])\r\n"
    );
    assert_eq!(wire(fetch(FetchAttr::full_peek().into(), false)), "A1 FETCH 1:* BODY.PEEK[]\r\n");
    let since =
        Command::Fetch { set: set("1:5"), items: FetchAttr::Flags.into(), uid: false, changed_since: Some(12345) };
    assert_eq!(wire(since), "A1 FETCH 1:5 FLAGS (CHANGEDSINCE 12345)\r\n");
}

#[test]
fn store_forms() {
    let store = |mode, silent, unchanged_since| Command::Store {
        set: set("2,4:6"),
        mode,
        silent,
        flags: vec![Flag::Deleted, Flag::keyword("$Junk").unwrap()],
        uid: true,
        unchanged_since,
    };
    assert_eq!(wire(store(StoreMode::Add, false, None)), "A1 UID STORE 2,4:6 +FLAGS (\\Deleted $Junk)\r\n");
    assert_eq!(wire(store(StoreMode::Remove, true, None)), "A1 UID STORE 2,4:6 -FLAGS.SILENT (\\Deleted $Junk)\r\n");
    assert_eq!(
        wire(store(StoreMode::Replace, false, Some(7))),
        "A1 UID STORE 2,4:6 (UNCHANGEDSINCE 7) FLAGS (\\Deleted $Junk)\r\n"
    );
}

#[test]
fn copy_and_search() {
    let copy = Command::Copy { set: set("1:3"), mailbox: Mailbox::new("Archive/2023"), uid: false };
    assert_eq!(wire(copy), "A1 COPY 1:3 Archive/2023\r\n");
    let criteria = SearchKey::And(vec![
        SearchKey::Unseen,
        SearchKey::from("alice@example.org").unwrap(),
        SearchKey::Since(SearchDate::new(2024, 2, 1).unwrap()),
        SearchKey::Larger(1000).or(SearchKey::Flagged.negate()),
        SearchKey::Header(astr("X-Seed-Index"), astr("123")),
        SearchKey::Uid(set("1:*")),
        SearchKey::And(vec![SearchKey::Seen, SearchKey::Draft]),
    ]);
    let search = Command::Search { charset: Some(astr("UTF-8")), criteria, uid: true };
    assert_eq!(
        wire(search),
        "A1 UID SEARCH CHARSET UTF-8 UNSEEN FROM \"alice@example.org\" SINCE 1-Feb-2024 \
         OR LARGER 1000 NOT FLAGGED HEADER X-Seed-Index \"123\" UID 1:* (SEEN DRAFT)\r\n"
    );
    let text = Command::Search { charset: None, criteria: SearchKey::text("Grüße").unwrap(), uid: false };
    assert_eq!(wire(text), "A1 SEARCH TEXT {7}\r\nGrüße\r\n");
}

#[test]
fn authenticate_with_and_without_initial_response() {
    let mech = Atom::new("PLAIN").unwrap();
    let plain = Command::Authenticate { mechanism: mech.clone(), initial_response: None };
    assert_eq!(wire(plain), "A1 AUTHENTICATE PLAIN\r\n");
    let ir = Command::Authenticate {
        mechanism: mech.clone(),
        initial_response: Some(Secret::new(b"\0alice\0alicepass".to_vec())),
    };
    assert_eq!(wire(ir), "A1 AUTHENTICATE PLAIN AGFsaWNlAGFsaWNlcGFzcw==\r\n");
    let empty = Command::Authenticate { mechanism: mech, initial_response: Some(Secret::new(Vec::new())) };
    assert_eq!(wire(empty), "A1 AUTHENTICATE PLAIN =\r\n");
    assert_eq!(auth_response(b"hello"), Bytes::from_static(b"aGVsbG8=\r\n"));
    assert_eq!(auth_abort(), Bytes::from_static(b"*\r\n"));
}

#[test]
fn imaplib_extras() {
    assert_eq!(wire(Command::ProxyAuth(astr("alice"))), "A1 PROXYAUTH alice\r\n");
    let partial = Command::Partial { seq: 4, item: Atom::new("BODY[]").unwrap(), start: 1, length: 100 };
    assert_eq!(wire(partial), "A1 PARTIAL 4 BODY[] 1 100\r\n");
}

#[test]
fn raw_commands_keep_arguments_safe() {
    let raw = Command::Raw {
        name: Atom::new("XAPPLEPUSHSERVICE").unwrap(),
        args: vec![
            Arg::Atom(Atom::new("aps-version").unwrap()),
            Arg::Number(2),
            Arg::AString(astr("two words")),
            Arg::List(vec![Arg::Mailbox(Mailbox::inbox()), Arg::Nil]),
            Arg::Verbatim(Bytes::from_static(b"BODY.PEEK[HEADER.FIELDS (SUBJECT)]")),
        ],
    };
    assert_eq!(
        wire(raw),
        "A1 XAPPLEPUSHSERVICE aps-version 2 \"two words\" (INBOX NIL) BODY.PEEK[HEADER.FIELDS (SUBJECT)]\r\n"
    );
    let bad = Command::Raw { name: Atom::new("X").unwrap(), args: vec![Arg::Verbatim(Bytes::from_static(b"a\r\nb"))] };
    let err = bad.encode(Tag::new("A1").unwrap(), &EncodeOptions::default()).unwrap_err();
    assert_eq!(err.position(), 1);
}

#[test]
fn nul_is_refused_and_secrets_stay_out_of_errors() {
    let mailbox = Command::Select { mailbox: Mailbox::new("a\0b"), read_only: false };
    let utf8 = EncodeOptions { utf8: true, ..Default::default() };
    let err = mailbox.encode(Tag::new("A1").unwrap(), &utf8).unwrap_err();
    assert_eq!((err.what(), err.position()), ("mailbox name", 1));
    // Without UTF-8 mode the NUL is carried inside modified UTF-7, which is fine.
    assert!(mailbox.encode(Tag::new("A1").unwrap(), &EncodeOptions::default()).is_ok());
}

#[test]
fn long_strings_become_literals() {
    let long = "x ".repeat(600);
    let command = Command::Search { charset: None, criteria: SearchKey::text(&long).unwrap(), uid: false };
    assert!(wire(command).starts_with("A1 SEARCH TEXT {1200}\r\n"));
}
