use imap_core::parse::parse_response;

#[test]
fn smoke() {
    for line in [
        "* OK [CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ STARTTLS AUTH=PLAIN] Dovecot ready.\r\n",
        "* 1 FETCH (UID 5 FLAGS (\\Seen $X) INTERNALDATE \"17-Jul-1996 02:44:25 -0700\" RFC822.SIZE 4286)\r\n",
        "* 12 FETCH (FLAGS (\\Seen) INTERNALDATE \"17-Jul-1996 02:44:25 -0700\" RFC822.SIZE 4286 ENVELOPE (\"Wed, 17 Jul 1996 02:23:25 -0700 (PDT)\" \"IMAP4rev1 WG mtg summary and minutes\" ((\"Terry Gray\" NIL \"gray\" \"cac.washington.edu\")) ((\"Terry Gray\" NIL \"gray\" \"cac.washington.edu\")) ((\"Terry Gray\" NIL \"gray\" \"cac.washington.edu\")) ((NIL NIL \"imap\" \"cac.washington.edu\")) ((NIL NIL \"minutes\" \"CNRI.Reston.VA.US\")(\"John Klensin\" NIL \"KLENSIN\" \"MIT.EDU\")) NIL NIL \"<B27397-0100000@cac.washington.edu>\") BODY (\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 3028 92))\r\n",
        "* LIST (\\HasNoChildren) \"/\" \"INBOX\"\r\n",
        "* STATUS blurdybloop (MESSAGES 231 UIDNEXT 44292)\r\n",
        "a1 OK [READ-WRITE] SELECT completed\r\n",
        "+ idling\r\n",
        "* NAMESPACE ((\"\" \"/\")) NIL ((\"shared/\" \"/\"))\r\n",
        "* SEARCH 2 3 6\r\n",
        "* XFOO 1 (a b) \"c\"\r\n",
    ] {
        let r = parse_response(line.as_bytes());
        println!("{r:#?}");
        r.unwrap();
    }
}
