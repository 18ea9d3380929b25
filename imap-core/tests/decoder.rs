//! The decoder's contract: identical results however the input is split; bounded memory;
//! typed errors with offsets after which decoding goes on; literals streamed on request.

mod common;

use bytes::Bytes;
use imap_core::decode::{Decoder, Event, Limits};
use imap_core::parse::ParseErrorKind;
use imap_core::response::{Data, FetchItem, Payload, Response, Section};
use proptest::prelude::*;

/// Every input used by the tests in this file and by the parser tests, so that each is also
/// decoded split at every position.
const INPUTS: &[&[u8]] = &[
    b"* OK [CAPABILITY IMAP4rev1 LITERAL+ IDLE] ready\r\n",
    b"* 1 FETCH (UID 5 FLAGS (\\Seen $X) INTERNALDATE \"17-Jul-1996 02:44:25 -0700\" RFC822.SIZE 4286)\r\n",
    b"* 2 FETCH (BODY[HEADER] {12}\r\nSubject: a\r\n UID 9)\r\n* 3 EXISTS\r\n",
    b"* 1 FETCH (BODY[] {0}\r\n)\r\na1 OK done\r\n",
    b"* LIST (\\HasNoChildren) \"/\" {5}\r\nInbox\r\n* LIST () NIL \"&ZeVnLIqe-\"\r\n",
    b"* 1 FETCH (ENVELOPE (\"d\" \"s\" ((\"n\" NIL \"m\" \"h\")) NIL NIL NIL NIL NIL NIL \"<id>\"))\r\n",
    b"* 1 FETCH (BODYSTRUCTURE ((\"TEXT\" \"PLAIN\" (\"CHARSET\" \"utf-8\") NIL NIL \"7BIT\" 10 1 NIL NIL NIL NIL)\
(\"APPLICATION\" \"PDF\" (\"NAME\" \"a.pdf\") NIL NIL \"BASE64\" 200 NIL (\"ATTACHMENT\" (\"FILENAME\" \"a.pdf\")) \
NIL NIL) \"MIXED\" (\"BOUNDARY\" \"b\") NIL NIL NIL))\r\n",
    b"+ idling\r\n* 4 EXISTS\r\n+\r\n",
    b"garbage line\r\n* 1 RECENT\r\n",
    b"* 1 FETCH (UID 1)\n* 2 FETCH (UID 2)\n",
    b"* XFOO (a {3}\r\nb\rc) 12\r\n* SEARCH 1 2 3\r\n",
    // Blank lines, a backslash that escapes nothing, stray quotes next to a literal.
    b"\r\n* STATUS \"A\\B\" (MESSAGES 1)\r\n \t\r\n\n* 1 FETCH (BODY (\"TEXT\" \"HTML\"\" NIL NIL NIL {5}\r\n8bit\" 7 2) UID 4)\r\n",
    // A line count and a list where none belong, a section value left out, a bare response code.
    b"* 1 FETCH (BODYSTRUCTURE (\"IMAGE\" \"PNG\" NIL NIL NIL {6}\r\nBASE64 100 0 (\"X\" \"y\") NIL) BODY[2] )\r\n\
[COPYUID 52 86 1146]\r\n",
    // Raw line breaks inside quoted strings: folds joined (twice, after a literal), a line that
    // is no continuation, a continuation that does not help, and a response left open at the end.
    b"* 1 FETCH (ENVELOPE (\"d\" \"Some text,\r\n more\n\ttext\" NIL NIL NIL NIL NIL NIL NIL \"<i>\") UID {1}\r\n7)\r\n\
* 2 FETCH (X \"A\r\n* 9 EXISTS\r\n\")\r\n* 3 FETCH (UID \"x\r\n y\" (\r\n \r\n* 4 LIST () \"/\" \"a\r\n",
];

fn responses(events: &[Result<Event, imap_core::parse::ParseError>]) -> Vec<Response> {
    events.iter().filter_map(|e| e.as_ref().ok().cloned().and_then(Event::into_response)).collect()
}

#[test]
fn every_split_position_gives_the_same_result() {
    for input in INPUTS {
        let whole = common::decode_whole(input);
        for split in 1..input.len() {
            let (a, b) = input.split_at(split);
            let mut decoder = Decoder::new();
            let mut events = Vec::new();
            for part in [a, b, b""] {
                if part.is_empty() {
                    decoder.end_of_input();
                }
                decoder.feed(part);
                loop {
                    match decoder.next_event() {
                        Ok(Some(event)) => events.push(Ok(event)),
                        Ok(None) => break,
                        Err(e) => events.push(Err(e)),
                    }
                }
            }
            assert_eq!(events, whole, "split at {split} of {:?}", String::from_utf8_lossy(input));
        }
        assert_eq!(common::decode_chunked(input, &[1]), whole, "byte at a time");
    }
}

#[test]
fn fixtures_byte_at_a_time_match_whole() {
    for (server, file, bytes) in common::fixtures() {
        let whole = common::decode_whole(&bytes);
        assert!(whole.iter().all(Result::is_ok), "{server}/{file}");
        assert_eq!(common::decode_chunked(&bytes, &[1]), whole, "{server}/{file} one byte at a time");
        assert_eq!(common::decode_chunked(&bytes, &[4096]), whole, "{server}/{file} in 4 KiB chunks");
        assert_eq!(common::decode_chunked(&bytes, &[7, 1, 300, 2]), whole, "{server}/{file} in odd chunks");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn random_chunkings_of_fixtures_match_whole(sizes in proptest::collection::vec(1usize..2000, 1..20)) {
        for (_, _, bytes) in common::fixtures() {
            let whole = common::decode_whole(&bytes);
            prop_assert_eq!(common::decode_chunked(&bytes, &sizes), whole);
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic_and_split_the_same(
        input in proptest::collection::vec(prop_oneof![Just(b'\r'), Just(b'\n'), Just(b'{'), Just(b'}'), Just(b'('), Just(b')'), Just(b'"'), Just(b' '), Just(b'*'), Just(b'1'), Just(b'A'), any::<u8>()], 0..300),
        sizes in proptest::collection::vec(1usize..40, 1..8),
    ) {
        let whole = common::decode_whole(&input);
        prop_assert_eq!(common::decode_chunked(&input, &sizes), whole);
    }
}

#[test]
fn a_bad_response_is_reported_with_bytes_and_offset_and_decoding_goes_on() {
    // Not a number, and not a generic value either (an unterminated string), so not tolerated.
    let input = b"* 1 EXISTS\r\n* 2 FETCH (UID \"x)\r\n* 3 RECENT\r\n";
    let events = common::decode_whole(input);
    assert_eq!(events.len(), 3);
    let err = events[1].as_ref().unwrap_err();
    assert_eq!(err.bytes().as_ref(), b"* 2 FETCH (UID \"x)\r\n");
    assert_eq!(err.offset(), 15);
    assert_eq!(err.response_start(), 12);
    assert_eq!(err.stream_offset(), 27);
    assert_eq!(err.kind(), &ParseErrorKind::Syntax { expected: "number" });
    assert!(err.to_string().contains("byte 27"), "{err}");
    assert_eq!(responses(&events), [Response::Data(Data::Exists(1)), Response::Data(Data::Recent(3))]);
}

#[test]
fn overlong_lines_are_refused_without_buffering_and_the_next_response_survives() {
    let mut decoder = Decoder::new();
    decoder.set_limits(Limits { max_line_length: 64, ..Limits::default() });
    decoder.feed(b"* OK ");
    decoder.feed(&[b'x'; 100]);
    let err = decoder.next_event().unwrap_err();
    assert_eq!(err.kind(), &ParseErrorKind::LineTooLong { limit: 64 });
    // Held at most: the limit plus the chunk that crossed it; dropped on the next call.
    assert!(decoder.buffered() <= 64 + 100, "the over-long line is not kept: {}", decoder.buffered());
    assert_eq!(decoder.next_event().unwrap(), None);
    assert_eq!(decoder.buffered(), 0);
    // The rest of the line keeps arriving and is dropped as it comes.
    for _ in 0..100 {
        decoder.feed(&[b'y'; 1000]);
        assert_eq!(decoder.next_event().unwrap(), None);
        assert_eq!(decoder.buffered(), 0);
    }
    decoder.feed(b"yy\r\n* 5 EXISTS\r\n");
    assert_eq!(decoder.next_event().unwrap(), Some(Event::Response(Response::Data(Data::Exists(5)))));
}

#[test]
fn an_overlong_line_ending_in_a_literal_skips_the_literal_too() {
    let mut input = b"* 1 FETCH (X ".to_vec();
    input.extend_from_slice(&[b'x'; 100]);
    input.extend_from_slice(b" BODY[] {5}\r\n* 9 EXISTS\r\n)\r\n* 2 EXISTS\r\n");
    let mut decoder = Decoder::new();
    decoder.set_limits(Limits { max_line_length: 64, ..Limits::default() });
    let events = common::decode_with(decoder, &input, &[input.len()]);
    assert!(matches!(events[0], Err(ref e) if matches!(e.kind(), ParseErrorKind::LineTooLong { .. })));
    assert_eq!(responses(&events), [Response::Data(Data::Exists(2))]);
}

#[test]
fn huge_literal_announcements_are_refused_without_allocating_them() {
    let mut decoder = Decoder::new();
    decoder.feed(b"* 1 FETCH (BODY[] {999999999999}\r\nabc");
    let err = decoder.next_event().unwrap_err();
    assert_eq!(err.kind(), &ParseErrorKind::LiteralTooLarge { size: 999_999_999_999, limit: 256 << 20 });
    assert_eq!(err.offset(), 18);
    assert!(decoder.buffered() < 64);
    assert_eq!(decoder.next_event().unwrap(), None);
}

#[test]
fn a_too_large_literal_is_skipped_and_decoding_resumes_after_its_response() {
    let mut decoder = Decoder::new();
    decoder.set_limits(Limits { max_literal_size: 4, ..Limits::default() });
    let input = b"* 1 FETCH (BODY[] {10}\r\n0123456789 UID 3)\r\n* 1 FETCH (BODY[] {2}\r\nab)\r\n";
    let events = common::decode_with(decoder, input, &[3]);
    assert_eq!(events.len(), 2);
    assert!(matches!(events[0], Err(ref e) if e.kind() == &ParseErrorKind::LiteralTooLarge { size: 10, limit: 4 }));
    let Ok(Event::Response(Response::Data(Data::Fetch(f)))) = &events[1] else { panic!("{events:?}") };
    assert_eq!(f.section(&Section::full()).and_then(Payload::bytes).map(|b| &b[..]), Some(&b"ab"[..]));
}

#[test]
fn nesting_deeper_than_the_limit_is_an_error_not_a_stack_overflow() {
    let deep = format!("* XDEEP {}{}\r\n* 1 EXISTS\r\n", "(".repeat(100_000), ")".repeat(100_000));
    let mut decoder = Decoder::new();
    decoder.set_limits(Limits { max_depth: 16, ..Limits::default() });
    let events = common::decode_with(decoder, deep.as_bytes(), &[deep.len()]);
    assert!(matches!(events[0], Err(ref e) if e.kind() == &ParseErrorKind::NestingTooDeep { limit: 16 }));
    assert_eq!(responses(&events), [Response::Data(Data::Exists(1))]);
    let body = format!(
        "* 1 FETCH (BODYSTRUCTURE {}\"TEXT\" \"PLAIN\" NIL NIL NIL \"7BIT\" 1 1{} \"MIXED\")\r\n",
        "(".repeat(80),
        ")".repeat(80)
    );
    let events = common::decode_whole(body.as_bytes());
    assert!(matches!(events[0], Err(ref e) if matches!(e.kind(), ParseErrorKind::NestingTooDeep { .. })));
}

#[test]
fn literals_are_zero_copy_slices_of_the_received_buffer() {
    let buffer = Bytes::from_static(b"* 1 FETCH (BODY[] {11}\r\nhello world)\r\n").to_vec();
    let mut decoder = Decoder::new();
    decoder.feed_bytes(Bytes::from(buffer));
    let Some(Event::Response(Response::Data(Data::Fetch(f)))) = decoder.next_event().unwrap() else { panic!() };
    let body = f.section(&Section::full()).and_then(Payload::bytes).unwrap();
    assert_eq!(&body[..], b"hello world");
}

#[test]
fn an_envelope_with_a_stray_quote_is_read_again_beside_a_streamed_literal() {
    // TOLERANCES.md, rule 36: the copy of the envelope does not need the streamed bytes.
    let mut decoder = Decoder::new();
    decoder.set_literal_streaming(Some(16));
    let mut input =
        b"* 7 FETCH (ENVELOPE (NIL \"s\" ((NIL NIL \"test\"\" \"acme.com\")) NIL NIL NIL NIL NIL NIL NIL) BODY[] {100}\r\n"
            .to_vec();
    input.extend_from_slice(&[b'm'; 100]);
    input.extend_from_slice(b" UID 4)\r\n");
    let events = common::decode_with(decoder, &input, &[input.len()]);
    assert!(events.iter().all(Result::is_ok), "{events:?}");
    let responses = responses(&events);
    let [Response::Data(Data::Fetch(f))] = &responses[..] else { panic!("{responses:?}") };
    assert_eq!(f.envelope().expect("envelope").from()[0].mailbox.as_ref().unwrap(), "test\"");
    assert_eq!((f.section(&Section::full()), f.uid()), (Some(&Payload::Streamed { len: 100 }), Some(4)));
}

#[test]
fn streamed_literals_arrive_in_chunks_and_are_not_kept() {
    let message = vec![b'm'; 100_000];
    let mut input = b"* 7 FETCH (UID 42 BODY[] {100000}\r\n".to_vec();
    input.extend_from_slice(&message);
    input.extend_from_slice(b" FLAGS (\\Seen))\r\n* 8 EXISTS\r\n");
    for chunk in [1usize, 4096, input.len()] {
        let mut decoder = Decoder::new();
        decoder.set_literal_streaming(Some(1024));
        let mut received = Vec::new();
        let mut starts = Vec::new();
        let mut ends = 0;
        let mut all = Vec::new();
        let mut max_buffered = 0;
        for piece in input.chunks(chunk) {
            decoder.feed(piece);
            max_buffered = max_buffered.max(decoder.buffered());
            while let Some(event) = decoder.next_event().unwrap() {
                match event {
                    Event::LiteralStart { prefix, len } => starts.push((prefix, len)),
                    Event::LiteralChunk(data) => received.extend_from_slice(&data),
                    Event::LiteralEnd => ends += 1,
                    Event::Response(r) => all.push(r),
                }
            }
        }
        assert_eq!(received, message, "chunk size {chunk}");
        assert_eq!(starts, [(Bytes::from_static(b"* 7 FETCH (UID 42 BODY[] {100000}\r\n"), 100_000)]);
        assert_eq!(ends, 1);
        assert!(max_buffered <= chunk.max(100) + 64 || chunk == input.len(), "buffered {max_buffered}");
        let Response::Data(Data::Fetch(f)) = &all[0] else { panic!("{all:?}") };
        assert_eq!(f.uid(), Some(42));
        assert_eq!(f.section(&Section::full()), Some(&Payload::Streamed { len: 100_000 }));
        assert!(matches!(f.items[2], FetchItem::Flags(_)));
        assert_eq!(all[1], Response::Data(Data::Exists(8)));
    }
}

#[test]
fn streaming_a_literal_announced_larger_than_the_memory_limit_is_fine() {
    let mut decoder = Decoder::new();
    decoder.set_limits(Limits { max_literal_size: 10, ..Limits::default() });
    decoder.set_literal_streaming(Some(10));
    decoder.feed(b"* 1 FETCH (BODY[] {1000000}\r\n");
    assert!(matches!(decoder.next_event().unwrap(), Some(Event::LiteralStart { len: 1_000_000, .. })));
    let mut total = 0;
    for _ in 0..100 {
        decoder.feed(&[b'z'; 10_000]);
        while let Some(event) = decoder.next_event().unwrap() {
            match event {
                Event::LiteralChunk(data) => total += data.len(),
                Event::LiteralEnd => {}
                other => panic!("{other:?}"),
            }
        }
        assert_eq!(decoder.buffered() as u64, 29, "only the response prefix is kept");
    }
    assert_eq!(total, 1_000_000);
    decoder.feed(b")\r\n");
    assert!(matches!(decoder.next_event().unwrap(), Some(Event::Response(_))));
}

/// Bugs the fuzzer found in the limit paths, kept as regressions.
mod fuzz_regressions {
    use super::*;

    /// A decoder with small limits, so that tests can break them cheaply.
    pub(super) fn small() -> Decoder {
        let mut decoder = Decoder::new();
        decoder.set_limits(Limits { max_line_length: 64, max_literal_size: 1024, max_depth: 8 });
        decoder
    }

    fn same_however_split(input: &[u8]) -> Vec<Result<Event, imap_core::parse::ParseError>> {
        common::decode_same_however_split(small, input, &[1, 2, 7, 64])
    }

    #[test]
    fn the_error_excerpt_of_an_overlong_line_does_not_depend_on_chunking() {
        let mut input = b"* OK ".to_vec();
        input.extend_from_slice(&[b'x'; 300]);
        input.extend_from_slice(b"\r\n* 1 EXISTS\r\n");
        let events = same_however_split(&input);
        assert_eq!(events[0].as_ref().unwrap_err().bytes().len(), 65);
        assert_eq!(responses(&events), [Response::Data(Data::Exists(1))]);
    }

    #[test]
    fn the_line_limit_counts_neither_cr_nor_lf() {
        for ending in [&b"\r\n"[..], b"\n"] {
            let mut input = b"* OK ".to_vec();
            input.extend_from_slice(&[b'x'; 59]);
            input.extend_from_slice(ending);
            let events = same_however_split(&input);
            assert!(events[0].is_ok(), "a 64-byte line is within a limit of 64: {events:?}");
            let mut input = b"* OK ".to_vec();
            input.extend_from_slice(&[b'x'; 60]);
            input.extend_from_slice(ending);
            let events = same_however_split(&input);
            assert!(matches!(events[0], Err(ref e) if matches!(e.kind(), ParseErrorKind::LineTooLong { limit: 64 })));
        }
    }

    /// A size of more than 20 digits cannot be read, so nobody knows how many bytes follow:
    /// the next line is taken as a new response, the same way however the input is split.
    #[test]
    fn a_skipped_line_with_an_unreadable_literal_size_behaves_the_same_however_split() {
        let mut input = b"* OK ".to_vec();
        input.extend_from_slice(&[b'x'; 100]);
        input.extend_from_slice(b" {");
        input.extend_from_slice(&[b'0'; 40]);
        input.extend_from_slice(b"5}\r\nabcde)\r\n* 2 EXISTS\r\n");
        let events = same_however_split(&input);
        assert_eq!(events.len(), 3, "{events:?}");
        assert_eq!(events[1].as_ref().unwrap_err().bytes().as_ref(), b"abcde)\r\n");
        assert_eq!(responses(&events), [Response::Data(Data::Exists(2))]);
    }

    #[test]
    fn an_unreadable_literal_size_ends_its_response_and_loses_nothing_after_it() {
        let input = b"* 1 FETCH (BODY[] {99999999999999999999}\r\n* 2 EXISTS\r\n* 3 EXISTS\r\n";
        let events = common::decode_whole(input);
        assert!(matches!(events[0], Err(ref e) if matches!(e.kind(), ParseErrorKind::LiteralTooLarge { .. })));
        assert_eq!(responses(&events), [Response::Data(Data::Exists(2)), Response::Data(Data::Exists(3))]);
    }
}

/// A response held back to see whether the next line continues a string cut by a raw line
/// break (TOLERANCES.md, rule 41) gives way to whatever comes next in order, whatever that is.
mod held_for_a_continuation {
    use super::*;

    /// [`fuzz_regressions::small`](super::fuzz_regressions::small), streaming literals above 16
    /// bytes.
    fn decoder() -> Decoder {
        let mut decoder = super::fuzz_regressions::small();
        decoder.set_literal_streaming(Some(16));
        decoder
    }

    fn same_however_split(input: &[u8]) -> Vec<Result<Event, imap_core::parse::ParseError>> {
        common::decode_same_however_split(decoder, input, &[1, 2, 5, 17])
    }

    #[test]
    fn a_streamed_literal_after_it_comes_after_its_error() {
        let events = same_however_split(b"* 1 FETCH (X \"open\r\n* 2 FETCH (BODY[] {20}\r\n01234567890123456789)\r\n");
        assert_eq!(events.len(), 5, "{events:?}");
        assert_eq!(&events[0].as_ref().unwrap_err().bytes()[..], b"* 1 FETCH (X \"open\r\n");
        assert!(matches!(events[1], Ok(Event::LiteralStart { len: 20, .. })), "{:?}", events[1]);
        assert_eq!(events[2], Ok(Event::LiteralChunk(Bytes::from_static(b"01234567890123456789"))));
        assert_eq!(events[3], Ok(Event::LiteralEnd));
        let Ok(Event::Response(Response::Data(Data::Fetch(f)))) = &events[4] else { panic!("{events:?}") };
        assert_eq!(f.section(&Section::full()), Some(&Payload::Streamed { len: 20 }));
    }

    #[test]
    fn an_overlong_line_after_it_comes_after_its_error() {
        let mut input = b"* 1 FETCH (X \"open\r\n* OK ".to_vec();
        input.extend_from_slice(&[b'x'; 100]);
        input.extend_from_slice(b"\r\n* 3 EXISTS\r\n");
        let events = same_however_split(&input);
        assert_eq!(events.len(), 3, "{events:?}");
        assert_eq!(events[0].as_ref().unwrap_err().offset(), 13);
        assert_eq!(events[1].as_ref().unwrap_err().kind(), &ParseErrorKind::LineTooLong { limit: 64 });
        assert_eq!(events[2], Ok(Event::Response(Response::Data(Data::Exists(3)))));
    }

    #[test]
    fn continuations_beyond_the_line_limit_are_decoded_on_their_own() {
        // Each continuation fits the limit; together they pass it, so the join stops there.
        let mut input = b"* 1 FETCH (X \"open\r\n".to_vec();
        for _ in 0..3 {
            input.extend_from_slice(b" still inside the string, thirty more\r\n");
        }
        input.extend_from_slice(b" end\")\r\n");
        let events = same_however_split(&input);
        assert_eq!(events.len(), 5, "{events:?}");
        assert!(events.iter().all(Result::is_err));
        assert_eq!(&events[4].as_ref().unwrap_err().bytes()[..], b" end\")\r\n");
        // Within the limit, the same string joins.
        let events = same_however_split(b"* 1 FETCH (UID 5 X \"open\r\n still\r\n end\")\r\n");
        let [Ok(Event::Response(Response::Data(Data::Fetch(f))))] = &events[..] else { panic!("{events:?}") };
        assert_eq!(f.uid(), Some(5));
    }

    #[test]
    fn at_most_64_lines_are_joined() {
        let mut input = b"* 1 FETCH (UID 5 X \"open\r\n".to_vec();
        input.extend_from_slice(&b" .\r\n".repeat(62));
        input.extend_from_slice(b" end\")\r\n");
        let mut decoder = Decoder::new();
        decoder.feed(&input);
        let Ok(Some(Event::Response(Response::Data(Data::Fetch(f))))) = decoder.next_event() else { panic!() };
        assert_eq!(f.uid(), Some(5), "64 lines in all");
        let mut input = b"* 1 FETCH (UID 5 X \"open\r\n".to_vec();
        input.extend_from_slice(&b" .\r\n".repeat(63));
        input.extend_from_slice(b" end\")\r\n");
        let events = common::decode_whole(&input);
        assert_eq!(events.len(), 65, "one more is too many: every line is an error of its own");
    }
}
