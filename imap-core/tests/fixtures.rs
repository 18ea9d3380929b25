//! Real server output (captured from Dovecot 2.3 and Cyrus 3.6; Gmail and Exchange sessions
//! assembled from their documented behaviour; the quirks of Exchange, Domino, Yahoo, DavMail,
//! Gmail, qq.com, SmarterMail, mail.ru, IceWarp, asimap, hMailServer, Telekom Hungary and Yandex
//! assembled from public bug reports against other clients), organised by server. Each fixture
//! is decoded and its typed result snapshot-tested as JSON lines; the same fixture with bare LF
//! line ends must give the same result.

mod common;

use imap_core::decode::Event;

fn json_lines(events: &[Result<Event, imap_core::parse::ParseError>]) -> String {
    let mut out = String::new();
    for event in events {
        match event {
            Ok(Event::Response(response)) => out.push_str(&serde_json::to_string(response).expect("json")),
            Ok(other) => out.push_str(&format!("{other:?}")),
            Err(e) => out.push_str(&format!("ERROR {e}")),
        }
        out.push('\n');
    }
    out
}

#[test]
fn fixtures_parse_completely_and_match_their_snapshots() {
    let fixtures = common::fixtures();
    assert!(fixtures.len() >= 4, "fixtures missing");
    for (server, file, bytes) in fixtures {
        let events = common::decode_whole(&bytes);
        let errors: Vec<_> = events.iter().filter_map(|e| e.as_ref().err()).collect();
        assert!(errors.is_empty(), "{server}/{file}: {errors:#?}");
        let text = json_lines(&events);
        insta::assert_snapshot!(format!("{server}__{}", file.replace('.', "_")), text);

        let lf = common::to_bare_lf(&bytes);
        assert_ne!(lf, bytes, "{server}/{file}: conversion changed nothing");
        assert_eq!(json_lines(&common::decode_whole(&lf)), text, "{server}/{file} with bare LF");
    }
}
