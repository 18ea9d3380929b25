//! One test per rule of TOLERANCES.md: each deviation the parser accepts, and what it becomes.

mod common;

use imap_core::decode::Event;
use imap_core::encode::{Command, EncodeOptions, StoreMode};
use imap_core::parse::parse_response;
use imap_core::response::*;
use imap_core::types::{Flag, FlagPerm, IString, Mailbox, SequenceSet, Tag};

fn parse(input: &str) -> Response {
    parse_bytes(input.as_bytes())
}

fn parse_bytes(input: &[u8]) -> Response {
    match parse_response(input) {
        Ok(response) => response,
        Err(e) => panic!("{e}"),
    }
}

fn fetch(input: &str) -> Fetch {
    match parse(input) {
        Response::Data(Data::Fetch(fetch)) => fetch,
        other => panic!("not a FETCH: {other:?}"),
    }
}

fn status(input: &str) -> Status {
    match parse(input) {
        Response::Status(status) => *status,
        other => panic!("not a status response: {other:?}"),
    }
}

fn body_of(input: &str) -> BodyStructure {
    fetch(input).body_structure().cloned().expect("a body structure")
}

fn single(body: &BodyStructure) -> &SinglePart {
    match body {
        BodyStructure::Single(part) => part,
        other => panic!("not a single part: {other:?}"),
    }
}

#[test]
fn keywords_in_any_case() {
    assert_eq!(status("* ok done\r\n").kind, StatusKind::Ok);
    assert_eq!(status("a1 bAd what?\r\n").kind, StatusKind::Bad);
    let f = fetch(
        "* 1 fetch (uid 7 flags (\\seen \\FLAGGED) rfc822.size 3 envelope (nil nil nil nil nil nil nil nil nil nil))\r\n",
    );
    assert_eq!(f.uid(), Some(7));
    assert_eq!(f.flags(), Some(&[Flag::Seen, Flag::Flagged][..]));
    assert_eq!(f.envelope().unwrap().subject, None);
    match parse("* list (\\HASCHILDREN \\noselect) nil inbox\r\n") {
        Response::Data(Data::List(item)) => {
            assert_eq!(item.attributes, [MailboxAttribute::HasChildren, MailboxAttribute::NoSelect]);
            assert!(item.mailbox.is_inbox());
            assert_eq!(item.delimiter, None);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(status("* OK [read-write] ok\r\n").code, Some(Code::ReadWrite));
}

#[test]
fn doubled_and_trailing_spaces() {
    assert_eq!(fetch("* 1 FETCH ( UID  5  FLAGS ( \\Seen  ) )\r\n").uid(), Some(5));
    assert_eq!(
        parse("* SEARCH 1 2 3  \r\n"),
        Response::Data(Data::Search(SearchResult { ids: vec![1, 2, 3], modseq: None }))
    );
    match parse("* CAPABILITY IMAP4rev1 IDLE \r\n") {
        Response::Data(Data::Capability(caps)) => assert_eq!(caps.len(), 2),
        other => panic!("{other:?}"),
    }
    match parse("* STATUS INBOX (MESSAGES 1 UNSEEN 0 )\r\n") {
        Response::Data(Data::Status(s)) => assert_eq!((s.messages, s.unseen), (Some(1), Some(0))),
        other => panic!("{other:?}"),
    }
    assert_eq!(status("a1  OK  done\r\n").text, "done");
}

#[test]
fn bare_lf_line_ends() {
    let events = common::decode_whole(b"* 2 EXISTS\n* 1 FETCH (BODY[] {3}\nabc)\na1 OK done\n");
    assert_eq!(events.len(), 3);
    assert!(events.iter().all(Result::is_ok), "{events:?}");
    assert_eq!(events[0], Ok(Event::Response(Response::Data(Data::Exists(2)))));
    let Ok(Event::Response(Response::Data(Data::Fetch(f)))) = &events[1] else { panic!("{events:?}") };
    assert_eq!(f.section(&Section::full()).and_then(Payload::bytes).map(|b| &b[..]), Some(&b"abc"[..]));
}

#[test]
fn nil_where_a_string_is_required() {
    let body = body_of("* 1 FETCH (BODYSTRUCTURE (NIL NIL (\"NAME\" NIL NIL \"x\") NIL NIL NIL 12))\r\n");
    let part = single(&body);
    assert_eq!(part.media_type, "");
    assert_eq!(part.media_subtype, "");
    assert_eq!(part.encoding, "");
    assert_eq!(part.params, [(IString::from("NAME"), IString::from("")), (IString::from(""), IString::from("x"))]);
    assert_eq!(part.octets, 12);
    // IceWarp: NIL inside a multipart's language list.
    let body = body_of(
        "* 4876 FETCH (BODYSTRUCTURE ((\"text\" \"html\" NIL NIL NIL \"8bit\" 763 18 NIL NIL NIL NIL) \"related\" \
         (\"type\" \"multipart/alternative\") NIL (\"inline\" NIL) NIL NIL))\r\n",
    );
    let BodyStructure::Multi(related) = &body else { panic!("{body:?}") };
    let common = &related.extension.as_ref().unwrap().common;
    assert_eq!(common.language, [IString::from("inline"), IString::from("")]);
    assert_eq!((common.disposition.as_ref(), common.location.as_ref()), (None, None));
}

#[test]
fn bracket_inside_flag_atoms() {
    assert_eq!(
        parse("* FLAGS (\\Seen foo] $X)\r\n"),
        Response::Data(Data::Flags(vec![Flag::Seen, Flag::keyword("foo]").unwrap(), Flag::keyword("$X").unwrap()]))
    );
    assert_eq!(
        status("* OK [PERMANENTFLAGS (\\Deleted foo] \\*)] Limited\r\n").code,
        Some(Code::PermanentFlags(vec![
            FlagPerm::Flag(Flag::Deleted),
            FlagPerm::Flag(Flag::keyword("foo]").unwrap()),
            FlagPerm::Wildcard
        ]))
    );
}

#[test]
fn eight_bit_bytes_in_quoted_strings() {
    let f = fetch("* 1 FETCH (ENVELOPE (NIL \"Grüße aus Köln\" NIL NIL NIL NIL NIL NIL NIL NIL))\r\n");
    assert_eq!(f.envelope().unwrap().subject.as_ref().unwrap().to_str().unwrap(), "Grüße aus Köln");
    let latin1 = parse_bytes(b"* OK \"caf\xe9\"\r\n");
    assert!(matches!(latin1, Response::Status(_)));
}

#[test]
fn zero_where_nonzero_is_required() {
    assert_eq!(fetch("* 0 FETCH (UID 0)\r\n").uid(), Some(0));
    assert_eq!(status("* OK [UIDNEXT 0] x\r\n").code, Some(Code::UidNext(0)));
    assert_eq!(status("* OK [UNSEEN 0] x\r\n").code, Some(Code::Unseen(0)));
    assert_eq!(parse("* 0 EXPUNGE\r\n"), Response::Data(Data::Expunge(0)));
}

#[test]
fn negative_body_sizes() {
    let body = body_of("* 1 FETCH (BODY (\"TEXT\" \"PLAIN\" NIL NIL NIL \"7BIT\" -1 -1))\r\n");
    let part = single(&body);
    assert_eq!(part.octets, 0);
    assert_eq!(part.kind, SinglePartKind::Text { lines: 0 });
}

#[test]
fn empty_address_lists() {
    let f = fetch(
        "* 1 FETCH (ENVELOPE (\"d\" \"s\" () NIL ((NIL NIL \"a\" \"x.org\") (NIL NIL \"b\" \"y.org\")) () NIL NIL NIL NIL))\r\n",
    );
    let e = f.envelope().unwrap();
    assert!(e.from().is_empty() && e.sender().is_empty() && e.to().is_empty());
    assert_eq!(e.reply_to().len(), 2);
    assert_eq!(e.reply_to()[1].host.as_ref().unwrap(), "y.org");
}

#[test]
fn response_code_without_text() {
    let s = status("a1 OK [READ-WRITE]\r\n");
    assert_eq!((s.code, s.text), (Some(Code::ReadWrite), IString::from("")));
    let s = status("* OK [UIDVALIDITY 3]\r\n");
    assert_eq!(s.code, Some(Code::UidValidity(3)));
    let s = status("* OK\r\n");
    assert_eq!((s.code, s.text), (None, IString::from("")));
    let s = status("* NO [ALERT]Disk full\r\n");
    assert_eq!((s.code, s.text), (Some(Code::Alert), IString::from("Disk full")));
}

#[test]
fn space_padded_internaldate_day() {
    let f = fetch("* 1 FETCH (INTERNALDATE \" 4-Jan-2023 00:32:43 +0000\")\r\n");
    assert_eq!(f.internal_date().unwrap().to_string(), "04-Jan-2023 00:32:43 +0000");
    let f = fetch("* 1 FETCH (INTERNALDATE \"4-Jan-2023 00:32:43 +0000\")\r\n");
    assert_eq!(f.internal_date().unwrap().to_unix(), 1_672_792_363);
}

#[test]
fn bare_continuation() {
    assert_eq!(parse("+\r\n"), Response::Continue(Continue { code: None, text: IString::from("") }));
    assert_eq!(parse("+ \r\n"), Response::Continue(Continue { code: None, text: IString::from("") }));
    assert_eq!(parse("+idling\r\n"), Response::Continue(Continue { code: None, text: IString::from("idling") }));
}

#[test]
fn malformed_known_code_is_kept() {
    let s = status("* OK [UIDNEXT abc] next\r\n");
    match s.code {
        Some(Code::Other { name, value }) => {
            assert_eq!(name.as_str(), "UIDNEXT");
            assert_eq!(value.unwrap(), "abc");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(s.text, "next");
}

#[test]
fn any_byte_that_cannot_end_a_flag_inside_it() {
    let flags = |line: &[u8]| match parse_bytes(line) {
        Response::Data(Data::Fetch(f)) => f.flags().expect("FLAGS").to_vec(),
        Response::Data(Data::Flags(flags)) => flags,
        other => panic!("{other:?}"),
    };
    // 8-bit UTF-8 (kept), `/`, `*` and `%`, invalid UTF-8 and a control (replaced, as text),
    // `\*` outside PERMANENTFLAGS, and a keyword in quotes.
    let got = flags(b"* 3 FETCH (FLAGS (\\Seen \xc3\x84rger action/meeting 50%* \x80\x04Junk \\* \"Quoted\"))\r\n");
    let names: Vec<String> = got.iter().map(ToString::to_string).collect();
    assert_eq!(names, ["\\Seen", "\u{c4}rger", "action/meeting", "50%*", "\u{fffd}\u{4}Junk", "\\*", "Quoted"]);
    assert!(matches!(&got[1], Flag::Keyword(atom) if atom.as_bytes() == "\u{c4}rger".as_bytes()));
    assert_eq!(flags(b"* FLAGS (\\Answered \\*)\r\n")[1].to_string(), "\\*");
    // What cannot be a flag is not made one: a quoted keyword with a space could not be sent
    // back as one flag. In FETCH, the FLAGS item is then kept generically (rule 23).
    assert!(parse_response(b"* FLAGS (\"two words\")\r\n").is_err());
    match &fetch("* 4 FETCH (FLAGS (\"two words\"))\r\n").items[..] {
        [FetchItem::Other { name, value }] => {
            assert_eq!(
                (name.as_bytes(), &**value),
                (&b"FLAGS"[..], &Value::List(vec![Value::String("two words".into())]))
            )
        }
        other => panic!("{other:?}"),
    }
    // A received keyword goes back to the server as the server spelled it (to remove it, say);
    // a caller cannot build one: Flag::keyword stays strict.
    let store = Command::Store {
        set: SequenceSet::parse(b"1").unwrap(),
        mode: StoreMode::Remove,
        silent: true,
        flags: vec![got[1].clone(), got[3].clone()],
        uid: false,
        unchanged_since: None,
    };
    let wire = store.encode(Tag::new("A1").unwrap(), &EncodeOptions::default()).unwrap().to_bytes();
    assert_eq!(wire, "A1 STORE 1 -FLAGS.SILENT (\u{c4}rger 50%*)\r\n".as_bytes());
    assert!(Flag::keyword("\u{c4}rger").is_err());
}

#[test]
fn malformed_fetch_item_is_kept_generically() {
    let f = fetch(
        "* 7 FETCH (UID 9 ENVELOPE NIL INTERNALDATE \"1-Jan-2020 1:02:03\" RFC822.SIZE -1 \
         BODYSTRUCTURE (\"TEXT\" \"PLAIN\" (\"CHARSET\") NIL NIL \"7BIT\" 10 1) FLAGS (\\Seen))\r\n",
    );
    // The items around the broken ones are intact and typed.
    assert_eq!((f.seq, f.uid(), f.flags()), (7, Some(9), Some(&[Flag::Seen][..])));
    assert!(f.envelope().is_none() && f.body_structure().is_none());
    let others: Vec<(&str, &Value)> = f
        .items
        .iter()
        .filter_map(|item| match item {
            FetchItem::Other { name, value } => Some((std::str::from_utf8(name.as_bytes()).unwrap(), &**value)),
            _ => None,
        })
        .collect();
    let string = |s: &str| Value::String(IString::from(s));
    assert_eq!(
        others,
        [
            ("ENVELOPE", &Value::Nil),
            ("INTERNALDATE", &string("1-Jan-2020 1:02:03")),
            ("RFC822.SIZE", &Value::Atom(IString::from("-1"))),
            (
                "BODYSTRUCTURE",
                &Value::List(vec![
                    string("TEXT"),
                    string("PLAIN"),
                    Value::List(vec![string("CHARSET")]),
                    Value::Nil,
                    Value::Nil,
                    string("7BIT"),
                    Value::Number(10),
                    Value::Number(1),
                ])
            ),
        ]
    );
    // Not even a generic value (an unbalanced list): the response is an error, as before.
    assert!(parse_response(b"* 8 FETCH (UID 1 BODYSTRUCTURE (\"TEXT\" \"PLAIN\")\r\n").is_err());
}

#[test]
fn disposition_as_a_bare_string() {
    // As Exchange sends: a bare "inline" in a part, and a description in a multipart's place.
    let body = body_of(
        "* 37 FETCH (BODYSTRUCTURE ((\"text\" \"plain\" (\"charset\" \"ISO-8859-1\") NIL NIL \"QUOTED-PRINTABLE\" 850 31 \
         NIL \"inline\" NIL NIL)(\"application\" \"octet-stream\" (\"name\" \"a.zip\") NIL NIL \"base64\" 690 NIL \
         (\"attachment\" (\"filename\" \"a.zip\")) NIL NIL) \"mixed\" (\"boundary\" \"b1\") \"S/MIME Encrypted Message\" NIL))\r\n",
    );
    let BodyStructure::Multi(multi) = &body else { panic!("{body:?}") };
    let disposition = |part: &BodyStructure| {
        let ext = single(part).extension.as_ref().expect("extension data");
        ext.common.disposition.clone().expect("a disposition")
    };
    let inline = disposition(&multi.parts[0]);
    assert_eq!((inline.kind.as_bytes(), inline.params.len()), (&b"inline"[..], 0));
    let attachment = disposition(&multi.parts[1]);
    assert_eq!(attachment.params, [(IString::from("filename"), IString::from("a.zip"))]);
    let ext = multi.extension.as_ref().expect("multipart extension data");
    assert_eq!(ext.params, [(IString::from("boundary"), IString::from("b1"))]);
    let described = ext.common.disposition.as_ref().expect("the string in the disposition's place");
    assert_eq!(described.kind, "S/MIME Encrypted Message");
    assert!(ext.common.language.is_empty());
}

#[test]
fn unreadable_code_is_text() {
    for (line, kind, text) in [
        ("A1 NO [unterminated code\r\n", StatusKind::No, "[unterminated code"),
        ("A2 OK [] empty\r\n", StatusKind::Ok, "[] empty"),
        ("* BAD [ spaced ] x\r\n", StatusKind::Bad, "[ spaced ] x"),
        ("A3 ok [\r\n", StatusKind::Ok, "["),
    ] {
        let s = status(line);
        assert_eq!((s.kind, s.code, s.text.as_bytes()), (kind, None, text.as_bytes()), "{line:?}");
    }
    match parse("+ [oops\r\n") {
        Response::Continue(c) => assert_eq!((c.code, c.text.as_bytes()), (None, &b"[oops"[..])),
        other => panic!("{other:?}"),
    }
    // A readable code is still a code, with the text after it.
    assert_eq!(status("A4 NO [ALERT] [not a code\r\n").text, "[not a code");
}

#[test]
fn eight_bit_bytes_in_bare_astrings() {
    match parse("* LIST (\\HasNoChildren) \"/\" Entwürfe/Bücher\r\n") {
        Response::Data(Data::List(item)) => {
            assert_eq!(item.mailbox.name(), "Entwürfe/Bücher");
            assert_eq!(&*item.mailbox.to_wire(false), "Entwürfe/Bücher".as_bytes(), "sent back as received");
        }
        other => panic!("{other:?}"),
    }
    match parse("* STATUS Entwürfe (MESSAGES 2)\r\n") {
        Response::Data(Data::Status(status)) => {
            assert_eq!((status.mailbox.name(), status.messages), ("Entwürfe", Some(2)));
        }
        other => panic!("{other:?}"),
    }
    // The LIST wildcards `%` and `*`, left unquoted.
    match parse("* LIST (\\HasNoChildren) \"/\" Sent*/100%\r\n") {
        Response::Data(Data::List(item)) => assert_eq!(item.mailbox.name(), "Sent*/100%"),
        other => panic!("{other:?}"),
    }
    // A space ends a bare name in STATUS: there the list follows it.
    assert!(parse_response("* STATUS Gel\u{f6}schte Objekte (MESSAGES 2)\r\n".as_bytes()).is_err());
}

#[test]
fn bare_list_name_runs_to_the_line_end() {
    let name = |line: &str| match parse(line) {
        Response::Data(Data::List(item) | Data::Lsub(item)) => (item.mailbox.name().to_owned(), item.extended.len()),
        other => panic!("{other:?}"),
    };
    // Domino: spaces and backslashes (its delimiter) in a name it leaves unquoted.
    assert_eq!(name("* LIST (\\HasNoChildren) \"\\\\\" Folder\\Subfolder 1\r\n").0, "Folder\\Subfolder 1");
    assert_eq!(
        name("* LSUB () \"/\" Gel\u{f6}schte Objekte  \r\n").0,
        "Gel\u{f6}schte Objekte",
        "trailing spaces dropped"
    );
    // Exchange: tabs, one of them last.
    assert_eq!(
        name("* LIST (\\HasNoChildren) \"/\" INBOX/Da\tOggetto\tRicevuto\t\r\n").0,
        "INBOX/Da\tOggetto\tRicevuto\t"
    );
    // LIST-EXTENDED data after a bare name still ends it.
    assert_eq!(name("* LIST () \"/\" Foo (\"CHILDINFO\" (\"SUBSCRIBED\"))\r\n"), ("Foo".to_owned(), 1));
    // The exact bytes are what is sent back.
    match parse("* LIST () \"/\" Sent Items\r\n") {
        Response::Data(Data::List(item)) => assert_eq!(&*item.mailbox.to_wire(false), b"Sent Items"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn no_space_between_fetch_items() {
    let f = fetch("* 3 FETCH (UID 12 BODY[] {6}\r\nab\r\ncdUID 12 FLAGS (\\Seen))\r\n");
    assert_eq!(f.items.len(), 4, "{f:?}");
    assert_eq!((f.uid(), f.flags()), (Some(12), Some(&[Flag::Seen][..])));
    match &f.items[1] {
        FetchItem::BodySection { data: Some(Payload::Bytes(bytes)), .. } => assert_eq!(bytes.as_ref(), b"ab\r\ncd"),
        other => panic!("{other:?}"),
    }
    let f = fetch("* 1 FETCH (FLAGS (\\Seen)UID 17)\r\n");
    assert_eq!((f.uid(), f.flags()), (Some(17), Some(&[Flag::Seen][..])));
    // What follows an item must still start one.
    assert!(parse_response(b"* 5 FETCH (UID 5 +)\r\n").is_err());
}

#[test]
fn fetch_items_in_extra_parentheses() {
    let f = fetch(
        "* 2 FETCH (UID 14935 (ENVELOPE (NIL \"Hi\" NIL NIL NIL NIL NIL NIL NIL NIL)) \
         BODYSTRUCTURE (\"TEXT\" \"PLAIN\" NIL NIL NIL \"7BIT\" 0 0 NIL))\r\n",
    );
    assert_eq!(f.uid(), Some(14935));
    assert_eq!(f.envelope().and_then(|e| e.subject.clone()), Some(IString::from("Hi")));
    assert!(f.body_structure().is_some());
    let deep = format!("* 4 FETCH (UID 1 {}UID 2{})\r\n", "(".repeat(100), ")".repeat(100));
    let error = parse_response(deep.as_bytes()).unwrap_err();
    assert!(matches!(error.kind(), imap_core::parse::ParseErrorKind::NestingTooDeep { .. }), "{error}");
}

#[test]
fn raw_utf8_mailbox_names() {
    match parse("* LIST () \"/\" \"Entwürfe\"\r\n") {
        Response::Data(Data::List(item)) => {
            assert_eq!(item.mailbox.name(), "Entwürfe");
            assert_eq!(&*item.mailbox.to_wire(false), "Entwürfe".as_bytes());
        }
        other => panic!("{other:?}"),
    }
    match parse("* LIST () \"/\" \"Entw&APw-rfe\"\r\n") {
        Response::Data(Data::List(item)) => assert_eq!(item.mailbox, Mailbox::new("Entwürfe")),
        other => panic!("{other:?}"),
    }
}

#[test]
fn spaces_between_body_parts() {
    let body = body_of(
        "* 1 FETCH (BODY ((\"TEXT\" \"PLAIN\" NIL NIL NIL \"7BIT\" 1 1) (\"TEXT\" \"HTML\" NIL NIL NIL \"7BIT\" 2 1) \"ALTERNATIVE\"))\r\n",
    );
    match body {
        BodyStructure::Multi(multi) => {
            assert_eq!(multi.parts.len(), 2);
            assert_eq!(multi.media_subtype, "ALTERNATIVE");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn incomplete_message_and_text_parts() {
    let body = body_of("* 1 FETCH (BODY (\"MESSAGE\" \"RFC822\" NIL NIL NIL \"7BIT\" 500))\r\n");
    assert_eq!(single(&body).kind, SinglePartKind::Basic);
    let body = body_of("* 1 FETCH (BODYSTRUCTURE (\"TEXT\" \"PLAIN\" NIL NIL NIL \"7BIT\" 500 NIL NIL NIL NIL))\r\n");
    let part = single(&body);
    assert_eq!(part.kind, SinglePartKind::Basic);
    assert!(part.extension.is_some());
}

#[test]
fn peek_echoed_in_fetch() {
    let f = fetch("* 1 FETCH (BODY.PEEK[HEADER] {2}\r\nab BINARY.PEEK[1] {1}\r\nc)\r\n");
    assert_eq!(f.section(&Section::header()).and_then(Payload::bytes).map(|b| &b[..]), Some(&b"ab"[..]));
    assert!(matches!(&f.items[1], FetchItem::Binary { part, .. } if **part == [1]));
}

#[test]
fn server_sends_literal_plus() {
    let f = fetch("* 1 FETCH (BODY[] {3+}\r\nabc)\r\n");
    assert_eq!(f.section(&Section::full()).unwrap().len(), 3);
}

#[test]
fn empty_delimiter() {
    match parse("* LIST () \"\" Foo\r\n") {
        Response::Data(Data::List(item)) => assert_eq!(item.delimiter, None),
        other => panic!("{other:?}"),
    }
}

#[test]
fn unknown_responses_become_values() {
    match parse("* XFOO 12 (a \"b\" NIL) \\Flag\r\n") {
        Response::Data(Data::Other(other)) => {
            assert_eq!(other.keyword.as_str(), "XFOO");
            assert_eq!(
                other.values,
                [
                    Value::Number(12),
                    Value::List(vec![Value::Atom("a".into()), Value::String("b".into()), Value::Nil]),
                    Value::Atom("\\Flag".into())
                ]
            );
        }
        other => panic!("{other:?}"),
    }
    let f = fetch("* 1 FETCH (X-GM-MSGID 1278455344230334865 UID 3)\r\n");
    assert!(
        matches!(&f.items[0], FetchItem::Other { name, value } if name == "X-GM-MSGID" && **value == Value::Number(1278455344230334865))
    );
    assert_eq!(f.uid(), Some(3));
    let s = status("* OK [REFERRAL imap://x/] go there\r\n");
    assert!(matches!(s.code, Some(Code::Other { ref name, .. }) if name.as_str() == "REFERRAL"));
}

#[test]
fn envelope_that_ends_early() {
    // qq.com: no Message-ID (nine fields), or neither In-Reply-To nor Message-ID (eight).
    let f = fetch(
        "* 3 FETCH (ENVELOPE (\"Mon, 30 Oct 2017 11:05:21 +0800\" \"s\" ((\"Q\" NIL \"10000\" \"qq.com\")) \
         ((\"Q\" NIL \"10000\" \"qq.com\")) NIL ((NIL NIL \"me\" \"x.org\")) NIL NIL \"<r@x>\") UID 9)\r\n",
    );
    let e = f.envelope().unwrap();
    assert_eq!(e.subject.as_ref().unwrap(), "s");
    assert_eq!(e.from()[0].host.as_ref().unwrap(), "qq.com");
    assert_eq!(e.to()[0].mailbox.as_ref().unwrap(), "me");
    assert_eq!(e.in_reply_to.as_ref().unwrap(), "<r@x>");
    assert_eq!(e.message_id, None);
    assert_eq!(f.uid(), Some(9), "the items after the envelope are read as usual");
    let f = fetch(
        "* 450 FETCH (ENVELOPE (\"Tue, 24 Sep 2019 09:48:05 +0800\" \"=?GBK?B?sbG+?=\" ((\"N\" NIL \"u\" \"d\")) \
         ((\"N\" NIL \"u\" \"d\")) ((\"N\" NIL \"u\" \"d\")) NIL NIL NIL ))\r\n",
    );
    let e = f.envelope().unwrap();
    assert_eq!((e.from().len(), e.sender().len(), e.reply_to().len()), (1, 1, 1));
    assert!(e.to().is_empty() && e.cc().is_empty() && e.bcc().is_empty());
    assert_eq!((e.in_reply_to.as_ref(), e.message_id.as_ref()), (None, None));
    // Ending inside the address lists closes the lists left out as empty.
    let e = fetch("* 1 FETCH (ENVELOPE (\"d\" \"s\" ((NIL NIL \"a\" \"b\"))))\r\n").envelope().cloned().unwrap();
    assert_eq!((e.from().len(), e.sender().len(), e.bcc().len()), (1, 0, 0));
    // A field that is broken, not missing, still makes the item generic (rule 23).
    let f = fetch("* 1 FETCH (ENVELOPE (\"d\" \"s\" ((NIL NIL \"a\")) NIL NIL NIL NIL NIL NIL NIL))\r\n");
    assert!(matches!(&f.items[0], FetchItem::Other { name, .. } if name == "ENVELOPE"), "{f:?}");
}

#[test]
fn nil_in_place_of_an_address() {
    // SmarterMail: `(NIL (address))` for From and Sender, the name sent as a literal.
    let f = fetch(
        "* 3001 FETCH (UID 3001 ENVELOPE (\"Thu, 18 Jul 2019 01:29:32 -0300\" \"Xxx\" (NIL ({5}\r\nab cd NIL \"x\" \"y.z\")) \
         (NIL (NIL NIL \"x\" \"y.z\") NIL) ((NIL NIL \"r\" \"y.z\")) ((NIL NIL \"t\" \"y.z\")) NIL NIL NIL \"<0A9@X>\"))\r\n",
    );
    let e = f.envelope().unwrap();
    assert_eq!(e.from().len(), 1);
    assert_eq!(e.from()[0].name.as_ref().unwrap(), "ab cd");
    assert_eq!(e.from()[0].host.as_ref().unwrap(), "y.z");
    assert_eq!(e.sender().len(), 1);
    assert_eq!(e.message_id.as_ref().unwrap(), "<0A9@X>");
}

#[test]
fn multipart_without_parts() {
    // Gmail: empty multiparts among the parts, with and without extension data.
    let body = body_of(
        "* 1 FETCH (BODYSTRUCTURE ((\"TEXT\" \"PLAIN\" (\"CHARSET\" \"UTF-8\") NIL NIL \"BASE64\" 10 1 NIL NIL NIL)\
         (\"RELATED\" NIL (\"ATTACHMENT\" NIL) NIL)(\"ALTERNATIVE\") \"MIXED\" (\"BOUNDARY\" \"b\") NIL NIL))\r\n",
    );
    let BodyStructure::Multi(mixed) = &body else { panic!("{body:?}") };
    assert_eq!(mixed.media_subtype, "MIXED");
    assert_eq!(mixed.parts.len(), 3);
    assert_eq!(single(&mixed.parts[0]).media_subtype, "PLAIN");
    let BodyStructure::Multi(related) = &mixed.parts[1] else { panic!("{:?}", mixed.parts[1]) };
    assert!(related.parts.is_empty());
    assert_eq!(related.media_subtype, "RELATED");
    let extension = related.extension.as_ref().unwrap();
    assert!(extension.params.is_empty());
    assert_eq!(extension.common.disposition.as_ref().unwrap().kind, "ATTACHMENT");
    let BodyStructure::Multi(alternative) = &mixed.parts[2] else { panic!("{:?}", mixed.parts[2]) };
    assert_eq!(alternative.media_subtype, "ALTERNATIVE");
    assert!(alternative.parts.is_empty());
    assert!(alternative.extension.is_none());
    // Inside a message/rfc822 part, where Gmail sends `("ALTERNATIVE")` as its body.
    let body = body_of(
        "* 51 FETCH (BODY ((\"TEXT\" \"PLAIN\" NIL NIL NIL \"7BIT\" 211 5)(\"MESSAGE\" \"RFC822\" NIL NIL NIL \"7BIT\" 2942 \
         (\"d\" \"Re: MPG\" NIL NIL NIL NIL NIL NIL NIL \"<D3@x>\") (\"ALTERNATIVE\") 51) \"REPORT\"))\r\n",
    );
    let BodyStructure::Multi(report) = &body else { panic!("{body:?}") };
    match &single(&report.parts[1]).kind {
        SinglePartKind::Message { body, lines, .. } => {
            assert!(matches!(body, BodyStructure::Multi(m) if m.parts.is_empty() && m.media_subtype == "ALTERNATIVE"));
            assert_eq!(*lines, 51);
        }
        other => panic!("{other:?}"),
    }
    // Domino: `()`, an empty body inside a MESSAGE/RFC822 part.
    let body = body_of(
        "* 9125 FETCH (BODYSTRUCTURE ((\"text\" \"plain\" NIL NIL NIL \"base64\" 232 4 NIL NIL NIL)(\"message\" \"rfc822\" \
         NIL NIL NIL \"7BIT\" 787 (NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL) () 0 NIL NIL NIL) \"report\" NIL NIL NIL))\r\n",
    );
    let BodyStructure::Multi(report) = &body else { panic!("{body:?}") };
    match &single(&report.parts[1]).kind {
        SinglePartKind::Message { body, lines, .. } => {
            assert!(
                matches!(body, BodyStructure::Multi(m) if m.parts.is_empty() && m.media_subtype.is_empty()),
                "{body:?}"
            );
            assert_eq!(*lines, 0);
        }
        other => panic!("{other:?}"),
    }
    // NIL in place of the parts of a multipart inside a MESSAGE/RFC822 part (MailKit #1393).
    let body = body_of(
        "* 1 FETCH (BODYSTRUCTURE ((\"text\" \"plain\" (\"charset\" \"utf-8\") NIL NIL \"7bit\" 727 16 NIL NIL NIL NIL)\
         (\"message\" \"rfc822\" (\"name\" \"Message headers\") NIL NIL \"7bit\" 903 (\"d\" \"Re: Adresy\" NIL NIL NIL NIL NIL NIL \
         \"<0049@x.eu>\" \"<D617@example.com>\") (NIL \"alternative\" (\"boundary\" \"Apple-Mail=_352F\") NIL NIL NIL) 17 NIL NIL NIL NIL) \
         \"report\" (\"report-type\" \"delivery-status\" \"boundary\" \"_e0d7\") NIL NIL NIL))\r\n",
    );
    let BodyStructure::Multi(report) = &body else { panic!("{body:?}") };
    assert_eq!((report.parts.len(), report.media_subtype.as_bytes()), (2, &b"report"[..]));
    match &single(&report.parts[1]).kind {
        SinglePartKind::Message { body: BodyStructure::Multi(inner), lines, .. } => {
            assert!(inner.parts.is_empty());
            assert_eq!(inner.media_subtype, "alternative");
            assert_eq!(inner.extension.as_ref().unwrap().params[0].1, "Apple-Mail=_352F");
            assert_eq!(*lines, 17);
        }
        other => panic!("{other:?}"),
    }
    // A single part that merely lacks fields is not taken for one: it stays an error.
    let f = fetch("* 1 FETCH (BODYSTRUCTURE (\"text\" \"plain\" NIL NIL NIL \"7bit\"))\r\n");
    assert!(matches!(&f.items[0], FetchItem::Other { name, .. } if name == "BODYSTRUCTURE"), "{f:?}");
}

#[test]
fn sizes_in_floating_point_notation() {
    // mail.ru writes large sizes as `1.86931e+06`.
    let part = single(&body_of(
        "* 2 FETCH (BODYSTRUCTURE (\"text\" \"plain\" (\"charset\" \"utf-8\") NIL NIL \"base64\" 1.86931e+06 2.5E3 NIL NIL NIL NIL))\r\n",
    ))
    .clone();
    assert_eq!((part.octets, &part.kind), (1_869_310, &SinglePartKind::Text { lines: 2500 }));
    let part = single(&body_of("* 2 FETCH (BODY (\"image\" \"png\" NIL NIL NIL \"base64\" 12.6))\r\n")).clone();
    assert_eq!(part.octets, 13, "rounded to the nearest integer");
    // Not a number at all: the item stays generic (rule 23).
    let f = fetch("* 2 FETCH (BODY (\"image\" \"png\" NIL NIL NIL \"base64\" 1.2.3e))\r\n");
    assert!(matches!(&f.items[0], FetchItem::Other { name, .. } if name == "BODY"), "{f:?}");
}

#[test]
fn internaldate_in_header_form() {
    // Some servers send the Date: header's form (RFC 5322) instead of IMAP's date-time.
    let date = |line: &str| fetch(line).internal_date().map(|d| d.to_string());
    assert_eq!(
        date("* 1 FETCH (INTERNALDATE \"Mon, 01 Jan 2024 10:00:00 +0000\" UID 1)\r\n").as_deref(),
        Some("01-Jan-2024 10:00:00 +0000")
    );
    assert_eq!(
        date("* 2 FETCH (INTERNALDATE \"1 Jan 2024 10:00:00 -0500\")\r\n").as_deref(),
        Some("01-Jan-2024 10:00:00 -0500")
    );
    assert_eq!(
        date("* 3 FETCH (INTERNALDATE \"Tue, 30 Jan 2018 23:39:12 +0100 (CET)\")\r\n").as_deref(),
        Some("30-Jan-2018 23:39:12 +0100")
    );
    assert_eq!(
        date("* 4 FETCH (INTERNALDATE \"Tue,31 Dec 2024 23:00 EST\")\r\n").as_deref(),
        Some("31-Dec-2024 23:00:00 -0500"),
        "no space after the weekday, no seconds, a zone name"
    );
    // Dates that are no date in either form stay generic (rule 23).
    for line in [
        "* 4 FETCH (INTERNALDATE \"00-Jan-0000 00:00:00 +0000\")\r\n",
        "* 5 FETCH (INTERNALDATE \"Tue, 31 Dec 2024 23:00:02 +9900\")\r\n",
    ] {
        let f = fetch(line);
        assert!(matches!(&f.items[0], FetchItem::Other { name, .. } if name == "INTERNALDATE"), "{f:?}");
    }
}

#[test]
fn backslash_that_escapes_nothing() {
    // hMailServer's STATUS, and names with `\` as their delimiter, leave the backslash unescaped.
    let list = match parse("* LIST (\\HasNoChildren) \"\\\\\" \"Folder\\Subfolder\"\r\n") {
        Response::Data(Data::List(item)) => item,
        other => panic!("{other:?}"),
    };
    assert_eq!((list.delimiter, list.mailbox.name()), (Some('\\'), "Folder\\Subfolder"));
    // Sent back, it is the same name: quoted with the backslash escaped.
    let select = Command::Select { mailbox: list.mailbox, read_only: false };
    let wire = select.encode(Tag::new("A1").unwrap(), &EncodeOptions::default()).unwrap().to_bytes();
    assert_eq!(&wire[..], b"A1 SELECT \"Folder\\\\Subfolder\"\r\n");
    match parse("* STATUS \"INBOX\\Sub\" (MESSAGES 2)\r\n") {
        Response::Data(Data::Status(status)) => assert_eq!(status.mailbox.name(), "INBOX\\Sub"),
        other => panic!("{other:?}"),
    }
    // Escapes are still escapes, next to a backslash that is none; in an envelope too.
    let f = fetch("* 1 FETCH (ENVELOPE (NIL \"C:\\temp \\\"x\\\" \\\\y\\z\" NIL NIL NIL NIL NIL NIL NIL NIL))\r\n");
    assert_eq!(f.envelope().unwrap().subject.as_ref().unwrap(), "C:\\temp \"x\" \\y\\z");
}

#[test]
fn blank_lines_between_responses() {
    assert_eq!(
        common::decode_whole(b"\r\n* 2 EXISTS\r\n\r\n  \t\r\n\n* 1 RECENT\r\na1 OK done\r\n"),
        [
            Ok(Event::Response(Response::Data(Data::Exists(2)))),
            Ok(Event::Response(Response::Data(Data::Recent(1)))),
            Ok(Event::Response(parse("a1 OK done\r\n"))),
        ]
    );
    // A line of other text is still an error, with its bytes.
    let events = common::decode_whole(b" x\r\n");
    let [Err(error)] = &events[..] else { panic!("{events:?}") };
    assert_eq!(&error.bytes()[..], b" x\r\n");
    // One response on its own is no blank line either.
    assert!(parse_response(b"\r\n").is_err());
}

#[test]
fn unescaped_quotes_inside_strings() {
    // A Content-Type of `text/html"` and a sender of `test"` (MailKit #485); the encoding, with
    // its quote, came as a literal, which is copied as it is.
    let f = fetch(
        "* 1 FETCH (UID 1 ENVELOPE (\"Wed, 5 Apr 2017 14:38:25 +0200\" \"test\" ((NIL NIL \"test\" \"acme.com\")) \
         ((NIL NIL \"test\"\" \"acme.com\")) NIL NIL NIL NIL NIL \"<54B6@acme.com>\") \
         BODYSTRUCTURE (\"TEXT\" \"HTML\"\" NIL NIL NIL {5}\r\n8bit\" 74 2) FLAGS (\\Seen))\r\n",
    );
    assert_eq!(f.uid(), Some(1));
    let envelope = f.envelope().expect("envelope");
    assert_eq!(envelope.sender()[0].mailbox.as_ref().unwrap(), "test\"");
    assert_eq!(envelope.message_id.as_ref().unwrap(), "<54B6@acme.com>");
    let part = single(f.body_structure().unwrap()).clone();
    assert_eq!((part.media_subtype.as_bytes(), part.encoding.as_bytes()), (&b"HTML\""[..], &b"8bit\""[..]));
    assert_eq!((part.octets, &part.kind), (74, &SinglePartKind::Text { lines: 2 }));
    assert_eq!(f.flags(), Some(&[Flag::Seen][..]), "the items after it are read from the right place");
    // Quotes before text, which no string can be followed by: a Message-ID with quotes in it
    // (jakarta mail-api #669) and a name with a quoted part and a comment (imap-proto #171).
    let f = fetch(
        "* 364 FETCH (ENVELOPE (\"Wed, 6 Apr 2022 17:10:18 +0800 (CST)\" \"s\" ((\"B\" NIL \"cv\" \"x.com\")) NIL NIL NIL NIL NIL NIL \
         \"<17.JavaMail.\"cv@notice.zhipin.com\"@v-01>\") RFC822.SIZE 1103217)\r\n",
    );
    let envelope = f.envelope().expect("envelope");
    assert_eq!(envelope.message_id.as_ref().unwrap(), "<17.JavaMail.\"cv@notice.zhipin.com\"@v-01>");
    assert_eq!(envelope.from()[0].mailbox.as_ref().unwrap(), "cv");
    assert!(f.items.iter().any(|item| matches!(item, FetchItem::Rfc822Size(1103217))));
    let f = fetch(
        "* 1 FETCH (ENVELOPE (NIL \"x\" ((\"name_in_base64\"extraname(extrahost)\"\" NIL \"wangyuan\" \"host.com\")) \
         NIL NIL NIL NIL NIL NIL NIL) UID 3)\r\n",
    );
    let from = &f.envelope().expect("envelope").from()[0];
    assert_eq!(from.name.as_ref().unwrap(), "name_in_base64\"extraname(extrahost)\"");
    assert_eq!((from.mailbox.as_ref().unwrap(), from.host.as_ref().unwrap()), (&"wangyuan".into(), &"host.com".into()));
    assert_eq!(f.uid(), Some(3));
    // A description of `""` sent as `""""` (go-imap #659), inside a multipart.
    let f = fetch(
        "* 150 FETCH (BODY ((\"text\" \"html\" (\"charset\" \"UTF-8\") NIL NIL \"7bit\" 1224 16)\
         (\"application\" \"pdf\" (\"name\" \"a.pdf\") NIL \"\"\"\" \"base64\" 65322) \"MIXED\") UID 2)\r\n",
    );
    let BodyStructure::Multi(multi) = f.body_structure().unwrap() else { panic!("{f:?}") };
    assert_eq!(single(&multi.parts[1]).description.as_ref().unwrap(), "\"\"");
    assert_eq!(f.uid(), Some(2));
    // A name that ends in a backslash, sent unescaped (MailKit #422): `\"` then ends the string.
    let f = fetch(
        "* 4 FETCH (UID 5 ENVELOPE (\"05 Mar 2010 11:08:28 +0000\" \"Buchhaltung\" ((\"Ulrike\" NIL \"u\" \"d.de\")) \
         NIL NIL ((\"Adelheid Lingnau \\\" NIL \"mandant\" \"s.de\")) NIL NIL NIL \"<EE@d.lan>\"))\r\n",
    );
    let to = &f.envelope().expect("envelope").to()[0];
    assert_eq!(
        (to.name.as_ref().unwrap().as_bytes(), to.mailbox.as_ref().unwrap().as_bytes()),
        (&b"Adelheid Lingnau \\"[..], &b"mandant"[..])
    );
    // The copies a frame may make are bounded by its length: a line of many items whose guess
    // runs to the line's end keeps its cost linear, and the items after the budget is spent
    // stay generic (as without rule 36) instead of being read again.
    let pdf = "BODY (\"application\" \"pdf\" NIL NIL \"\"\"\" \"base64\" 2)";
    let typed = |f: &Fetch| f.items.iter().filter(|item| matches!(item, FetchItem::Body(_))).count();
    assert_eq!(typed(&fetch(&format!("* 5 FETCH ({pdf} UID 9)\r\n"))), 1);
    // Only a quote that another quote follows is taken for content: a quote before `(` ends its
    // string, so the guess cannot swallow the next items.
    let f = fetch(&format!("* 5 FETCH (BODY (\"a\"(NIL)) BODY (\"a\"(NIL)) {pdf} UID 9)\r\n"));
    assert_eq!((f.items.len(), typed(&f), f.uid()), (4, 1, Some(9)));
    assert!(matches!(&f.items[0], FetchItem::Other { name, .. } if name == "BODY"), "{f:?}");
    let runaway = "BODY (\"a\"\"b\" x) ".repeat(3000);
    let f = fetch(&format!("* 5 FETCH ({runaway}{pdf} UID 9)\r\n"));
    assert_eq!((f.items.len(), typed(&f), f.uid()), (3002, 0, Some(9)));
    // A quote followed by a separator still ends its string: a stray one there is no string.
    let error =
        parse_response(b"* 3 FETCH (BODY (\"text\" \"a\" b\" NIL NIL NIL \"7bit\" 1 1) UID 3)\r\n").unwrap_err();
    assert_eq!(error.offset(), 28);
}

#[test]
fn line_count_of_a_part_that_has_none() {
    // DavMail: a line count after the size of an attachment, then its extension data.
    let body = body_of(
        "* 1 FETCH (BODYSTRUCTURE ((\"TEXT\" \"PLAIN\" (\"CHARSET\" \"UTF-8\") NIL NIL \"7BIT\" 10 1 NIL NIL NIL)\
         (\"APPLICATION\" \"PDF\" (\"NAME\" \"x.pdf\") NIL NIL \"BASE64\" 1234 0 NIL (\"ATTACHMENT\" (\"FILENAME\" \"x.pdf\")) NIL) \
         \"MIXED\" (\"BOUNDARY\" \"b\") NIL NIL))\r\n",
    );
    let BodyStructure::Multi(mixed) = &body else { panic!("{body:?}") };
    assert_eq!(mixed.parts.len(), 2);
    assert!(matches!(single(&mixed.parts[0]).kind, SinglePartKind::Text { lines: 1 }));
    let pdf = single(&mixed.parts[1]);
    assert_eq!((pdf.media_type.as_bytes(), pdf.media_subtype.as_bytes()), (&b"APPLICATION"[..], &b"PDF"[..]));
    assert_eq!(pdf.octets, 1234);
    assert!(matches!(pdf.kind, SinglePartKind::Basic));
    let extension = pdf.extension.as_ref().expect("extension data");
    assert_eq!(extension.md5, None);
    let disposition = extension.common.disposition.as_ref().expect("disposition");
    assert_eq!(disposition.kind, "ATTACHMENT");
    assert_eq!(disposition.params[0].1, "x.pdf");
    assert_eq!(mixed.extension.as_ref().unwrap().params[0].1, "b");

    // The count alone, on a part without type (NIL), and on a MESSAGE/RFC822 part sent without
    // its envelope and body: still single parts, not generic values or empty multiparts.
    for (input, media_type) in [
        ("* 2 FETCH (BODYSTRUCTURE (NIL NIL NIL NIL NIL \"7BIT\" 0 0))\r\n", ""),
        ("* 3 FETCH (BODY (\"MESSAGE\" \"RFC822\" NIL NIL NIL \"7BIT\" 100 5))\r\n", "MESSAGE"),
    ] {
        let body = body_of(input);
        let part = single(&body);
        assert_eq!(part.media_type, media_type, "{input}");
        assert!(matches!(part.kind, SinglePartKind::Basic), "{input}");
        assert!(part.extension.is_none(), "{input}");
    }

    // Only a number is taken so: a string there is still the MD5.
    let body = body_of("* 4 FETCH (BODYSTRUCTURE (\"IMAGE\" \"PNG\" NIL NIL NIL \"BASE64\" 100 \"abc\"))\r\n");
    assert_eq!(single(&body).extension.as_ref().unwrap().md5.as_ref().unwrap(), "abc");
}

#[test]
fn list_in_place_of_the_md5() {
    // libetpan #217: a text part carrying its multipart's parameters where its MD5 should be.
    let body = body_of(
        "* 1 FETCH (BODYSTRUCTURE ((\"TEXT\" \"PLAIN\" (\"CHARSET\" \"GB2312\") NIL NIL NIL 0 0 \
         (\"BOUNDARY\" \"=====002_b=====\") NIL NIL) \"RELATED\" (\"BOUNDARY\" \"=====002_b=====\") NIL NIL))\r\n",
    );
    let BodyStructure::Multi(related) = &body else { panic!("{body:?}") };
    assert_eq!(related.media_subtype, "RELATED");
    assert_eq!(related.extension.as_ref().unwrap().params[0].1, "=====002_b=====");
    let text = single(&related.parts[0]);
    assert_eq!(text.params[0].1, "GB2312");
    assert!(matches!(text.kind, SinglePartKind::Text { lines: 0 }));
    let extension = text.extension.as_ref().expect("extension data");
    assert_eq!(extension.md5, None);
    assert!(extension.common.disposition.is_none());
    assert!(extension.common.language.is_empty());

    // The disposition after such a list is still read.
    let body = body_of(
        "* 2 FETCH (BODYSTRUCTURE (\"IMAGE\" \"PNG\" NIL NIL NIL \"BASE64\" 100 (\"X\" \"y\") (\"INLINE\" NIL) NIL))\r\n",
    );
    let extension = single(&body).extension.as_ref().unwrap();
    assert_eq!(
        (extension.md5.as_ref(), extension.common.disposition.as_ref().unwrap().kind.as_bytes()),
        (None, &b"INLINE"[..])
    );
}

#[test]
fn section_value_left_out() {
    // Yandex, for a part with empty content: the value is left out before the `)`.
    for input in ["* 1 FETCH (UID 6 BODY[2] )\r\n", "* 1 FETCH (UID 6 BODY[2])\r\n"] {
        let f = fetch(input);
        assert_eq!(f.uid(), Some(6), "{input}");
        assert_eq!(f.section(&Section::part([2])).and_then(Payload::bytes).map(|b| &b[..]), Some(&b""[..]), "{input}");
    }
    let f = fetch("* 2 FETCH (BINARY[1]<0> )\r\n");
    match &f.items[..] {
        [FetchItem::Binary { part, origin: Some(0), data: Some(Payload::Bytes(bytes)) }] => {
            assert_eq!((&part[..], bytes.len()), (&[1][..], 0));
        }
        other => panic!("{other:?}"),
    }
    // Before another item the value cannot be told from that item: still an error.
    assert!(parse_response(b"* 3 FETCH (BODY[2] UID 6)\r\n").is_err());
}

#[test]
fn response_code_without_status() {
    // Exchange 2013 and Office 365, answering UID MOVE.
    let s = status("[COPYUID 52 86 1146]\r\n");
    assert_eq!((s.tag.as_ref(), s.kind), (None, StatusKind::Ok));
    match s.code {
        Some(Code::CopyUid { uid_validity: 52, ref source, ref destination }) => {
            assert_eq!((source.to_string(), destination.to_string()), ("86".to_owned(), "1146".to_owned()));
        }
        ref other => panic!("{other:?}"),
    }
    assert_eq!(s.text, "");
    let s = status("[ALERT] Mailbox is almost full\r\n");
    assert_eq!((s.code, s.text.as_bytes()), (Some(Code::Alert), &b"Mailbox is almost full"[..]));
    // A tag that begins with `[` is still a tag, and a line of text in brackets is no code.
    let s = status("[a1 OK done\r\n");
    assert_eq!((s.tag.map(|t| t.to_string()), s.kind), (Some("[a1".to_owned()), StatusKind::Ok));
    assert!(parse_response(b"[not a code\r\n").is_err());
}

#[test]
fn raw_line_break_inside_a_quoted_string() {
    fn only_fetch(events: &[Result<Event, imap_core::parse::ParseError>]) -> Fetch {
        match events {
            [Ok(Event::Response(Response::Data(Data::Fetch(f))))] => f.clone(),
            other => panic!("{other:?}"),
        }
    }
    // A folded Subject copied into the envelope without unfolding (jakarta mail-api #255): the
    // string keeps the line break as sent, and the response after it is untouched.
    let input =
        b"* 1 FETCH (UID 7 ENVELOPE (\"Mon, 1 Jan 2024 10:00:00 +0000\" \"Some text here,\r\n some text there\" \
((\"A\" NIL \"a\" \"x.org\")) NIL NIL NIL NIL NIL NIL \"<id@x.org>\"))\r\n* 2 EXISTS\r\n";
    let events = common::decode_whole(input);
    assert_eq!(events.len(), 2, "{events:?}");
    let f = only_fetch(&events[..1]);
    let envelope = f.envelope().unwrap();
    assert_eq!(envelope.subject.as_ref().unwrap(), "Some text here,\r\n some text there");
    assert_eq!(envelope.message_id.as_ref().unwrap(), "<id@x.org>");
    assert_eq!(f.uid(), Some(7));
    assert_eq!(events[1], Ok(Event::Response(Response::Data(Data::Exists(2)))));
    // Folded more than once, with a tab and a bare LF, in a body parameter after a literal.
    let input = b"* 3 FETCH (BODYSTRUCTURE (\"APPLICATION\" \"PDF\" (\"NAME\" {5}\r\na.pdf \"FILENAME\" \"a very\n\tlong\r\n name.pdf\") \
NIL NIL \"BASE64\" 10 NIL NIL NIL NIL))\r\n";
    let f = only_fetch(&common::decode_whole(input));
    let pdf = single(f.body_structure().unwrap());
    assert_eq!(pdf.params[1].1, "a very\n\tlong\r\n name.pdf");
    assert_eq!(common::decode_chunked(input, &[1]), common::decode_whole(input), "byte at a time");
    // A line break followed by anything but a space or a tab is not joined (GreenMail #1010,
    // a decoded header forging `* 9 EXISTS`): waiting for the string to close could hold back
    // a real response. The halves are errors as before, each with its own bytes.
    let input =
        b"* 1 FETCH (ENVELOPE (NIL \"A\r\n* 9 EXISTS\r\n\" NIL NIL NIL NIL NIL NIL NIL NIL NIL))\r\na1 OK done\r\n";
    let events = common::decode_whole(input);
    assert_eq!(events.len(), 4, "{events:?}");
    assert_eq!(&events[0].as_ref().unwrap_err().bytes()[..], b"* 1 FETCH (ENVELOPE (NIL \"A\r\n");
    assert_eq!(events[1], Ok(Event::Response(Response::Data(Data::Exists(9)))));
    assert_eq!(events[2].as_ref().unwrap_err().response_start(), 41);
    assert_eq!(events[3], Ok(Event::Response(parse("a1 OK done\r\n"))));
    // A continuation that does not make the response parse: the error of the first line, then
    // the continuation read on its own (here another error), and nothing is lost.
    let input = b"* 1 FETCH (UID \"x\r\n y\" (\r\n* 2 EXISTS\r\n";
    let events = common::decode_whole(input);
    assert_eq!(events.len(), 3, "{events:?}");
    assert_eq!(&events[0].as_ref().unwrap_err().bytes()[..], b"* 1 FETCH (UID \"x\r\n");
    assert_eq!(&events[1].as_ref().unwrap_err().bytes()[..], b" y\" (\r\n");
    assert_eq!(events[2], Ok(Event::Response(Response::Data(Data::Exists(2)))));
    // The wait for a continuation ends with the next line's first byte, or with the input.
    let mut decoder = imap_core::decode::Decoder::new();
    decoder.feed(b"* 1 FETCH (ENVELOPE (NIL \"open\r\n");
    assert_eq!(decoder.next_event(), Ok(None));
    assert!(!decoder.is_idle());
    decoder.feed(b"a");
    assert!(decoder.next_event().is_err(), "a tag begins no continuation");
    assert_eq!(decoder.next_event(), Ok(None));
    let mut decoder = imap_core::decode::Decoder::new();
    decoder.feed(b"* 1 FETCH (ENVELOPE (NIL \"open\r\n");
    assert_eq!(decoder.next_event(), Ok(None));
    decoder.end_of_input();
    assert_eq!(decoder.next_event().unwrap_err().offset(), 25);
    assert!(decoder.is_idle());
    // Only an untagged response is held; a line that is no response stays an error at once.
    let mut decoder = imap_core::decode::Decoder::new();
    decoder.feed(b"a1 FOO \"open\r\n");
    assert!(decoder.next_event().is_err());
}
