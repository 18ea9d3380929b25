//! Encode, then parse: what the encoder sends must read back as exactly what went in.
//!
//! Structured input (strings, mailbox names, flags, numbers, sequence sets, lists, literal
//! options) is encoded as `A1 XARGS args...` with [`Command::Raw`]; with the tag replaced by `*`
//! it is an untagged response nobody registered a parser for, which must parse (whole, and
//! through the decoder) to [`Data::Other`] whose values give back the bytes of every argument.
//! Mailbox names also go through `* LIST () "/" name`, flags through `* FLAGS (...)` and
//! `* OK [PERMANENTFLAGS (...)]`.
//!
//! The seeds in `seeds/roundtrip/` are raw bytes that `arbitrary` turns into an [`Input`]; they
//! were picked from a fuzzing run for coverage, and changing `Input` changes what they mean.
#![no_main]

use arbitrary::Arbitrary;
use bytes::Bytes;
use imap_core::decode::{Decoder, Event};
use imap_core::encode::{Arg, Command, EncodeOptions};
use imap_core::parse::{ResponseParser, parse_response};
use imap_core::response::{Code, Data, Payload, Response, Status, Value};
use imap_core::types::{
    AString, Atom, Flag, FlagPerm, IString, Literal, Mailbox, Quoted, SeqBound, SeqRange, SequenceSet, Tag,
};
use libfuzzer_sys::fuzz_target;

/// Lists nest at most this deep (the parser's default limit is 64).
const MAX_DEPTH: usize = 8;

#[derive(Arbitrary, Debug)]
struct Input {
    literal_plus: bool,
    literal_minus: bool,
    utf8: bool,
    args: Vec<ArgIn>,
    mailbox: String,
    flags: Vec<String>,
}

#[derive(Arbitrary, Debug)]
enum ArgIn {
    AString(Vec<u8>),
    String(Vec<u8>),
    Quoted(Vec<u8>),
    Literal(Vec<u8>),
    Atom(Vec<u8>),
    Number(u64),
    Mailbox(String),
    Flag(String),
    SequenceSet(Vec<(u32, u32, u8)>),
    Nil,
    List(Vec<ArgIn>),
}

/// What an argument must parse back as.
#[derive(Debug)]
enum Expect {
    /// A string: an atom, quoted string or literal with these bytes (or, when `bare_ok`, a
    /// number spelled exactly so).
    Bytes {
        bytes: Vec<u8>,
        bare_ok: bool,
    },
    /// Protocol text sent as is (atoms, flags): the same word, a number spelled so, or NIL.
    Word(Vec<u8>),
    Number(u64),
    Mailbox {
        wire: Vec<u8>,
        mailbox: Mailbox,
    },
    SequenceSet(SequenceSet),
    Nil,
    List(Vec<Expect>),
}

/// The typed argument and its expectation, or `None` when the typed value refuses the input.
fn build(arg: &ArgIn, utf8: bool, depth: usize) -> Option<(Arg, Expect)> {
    Some(match arg {
        ArgIn::AString(bytes) => {
            let s = AString::try_from(bytes.as_slice()).ok()?;
            (Arg::AString(s), Expect::Bytes { bytes: bytes.clone(), bare_ok: true })
        }
        ArgIn::String(bytes) => {
            let s = AString::try_from(bytes.as_slice()).ok()?;
            (Arg::String(s), Expect::Bytes { bytes: bytes.clone(), bare_ok: false })
        }
        ArgIn::Quoted(bytes) => {
            let q = Quoted::new(Bytes::copy_from_slice(bytes)).ok()?;
            (Arg::Quoted(q), Expect::Bytes { bytes: bytes.clone(), bare_ok: false })
        }
        ArgIn::Literal(bytes) => {
            let l = Literal::new(Bytes::copy_from_slice(bytes)).ok()?;
            (Arg::Literal(l), Expect::Bytes { bytes: bytes.clone(), bare_ok: false })
        }
        ArgIn::Atom(bytes) => {
            let a = Atom::new(bytes).ok()?;
            (Arg::Atom(a), Expect::Word(bytes.clone()))
        }
        ArgIn::Number(n) => (Arg::Number(*n), Expect::Number(*n)),
        ArgIn::Mailbox(name) => {
            let mailbox = Mailbox::new(name.as_str());
            let wire = mailbox.to_wire(utf8).into_owned();
            (Arg::Mailbox(mailbox.clone()), Expect::Mailbox { wire, mailbox })
        }
        ArgIn::Flag(text) => {
            let flag = Flag::parse(text).ok()?;
            let wire = flag.to_string().into_bytes();
            (Arg::Verbatim(Bytes::from(wire.clone())), Expect::Word(wire))
        }
        ArgIn::SequenceSet(ranges) => {
            let set = sequence_set(ranges)?;
            (Arg::SequenceSet(set.clone()), Expect::SequenceSet(set))
        }
        ArgIn::Nil => (Arg::Nil, Expect::Nil),
        ArgIn::List(items) => {
            if depth >= MAX_DEPTH {
                return None;
            }
            let (args, expects) = items.iter().filter_map(|item| build(item, utf8, depth + 1)).unzip();
            (Arg::List(args), Expect::List(expects))
        }
    })
}

fn sequence_set(ranges: &[(u32, u32, u8)]) -> Option<SequenceSet> {
    let bound = |n: u32, star: bool| if star { Some(SeqBound::Star) } else { SeqBound::try_from(n).ok() };
    let ranges = ranges
        .iter()
        .map(|&(a, b, kind)| {
            let start = bound(a, kind & 1 != 0)?;
            Some(if kind & 4 != 0 { SeqRange::single(start) } else { SeqRange::new(start, bound(b, kind & 2 != 0)?) })
        })
        .collect::<Option<Vec<_>>>()?;
    SequenceSet::from_ranges(ranges).ok()
}

/// True when `value` is the number `bytes` spell, spelled exactly so (no leading zeros).
fn is_number_spelled(n: u64, bytes: &[u8]) -> bool {
    n.to_string().as_bytes() == bytes
}

fn value_bytes(value: &Value) -> Option<&[u8]> {
    match value {
        Value::Atom(s) | Value::String(s) => Some(s.as_bytes()),
        Value::Literal(Payload::Bytes(b)) => Some(b),
        _ => None,
    }
}

/// Panics with a description when `got` is not what `expect` says.
fn check(expect: &Expect, got: &Value, utf8: bool, path: &str) {
    let ok = match (expect, got) {
        (Expect::Bytes { bytes, .. }, Value::Atom(_) | Value::String(_) | Value::Literal(_)) => {
            value_bytes(got) == Some(bytes.as_slice())
        }
        (Expect::Bytes { bytes, bare_ok: true }, Value::Number(n)) => is_number_spelled(*n, bytes),
        (Expect::Word(word), Value::Atom(s)) => s.as_bytes() == word.as_slice(),
        (Expect::Word(word), Value::Number(n)) => is_number_spelled(*n, word),
        (Expect::Word(word), Value::Nil) => word.eq_ignore_ascii_case(b"NIL"),
        (Expect::Number(n), Value::Number(m)) => n == m,
        (Expect::Mailbox { wire, mailbox }, _) => {
            let bytes = match got {
                Value::Number(n) if is_number_spelled(*n, wire) => Some(wire.as_slice()),
                _ => value_bytes(got),
            };
            assert_eq!(bytes, Some(wire.as_slice()), "{path}: mailbox {mailbox:?} sent as {wire:?}, got {got:?}");
            let back = Mailbox::from_wire(IString::from(wire.as_slice()), utf8);
            assert_eq!(&back, mailbox, "{path}: mailbox wire {wire:?} decodes to another name (utf8 {utf8})");
            true
        }
        (Expect::SequenceSet(set), Value::Atom(s)) => SequenceSet::parse(s.as_bytes()).ok().as_ref() == Some(set),
        (Expect::SequenceSet(set), Value::Number(n)) => {
            u32::try_from(*n).ok().and_then(|n| SequenceSet::single(n).ok()).as_ref() == Some(set)
        }
        (Expect::Nil, Value::Nil) => true,
        (Expect::List(expects), Value::List(values)) => {
            assert_eq!(
                expects.len(),
                values.len(),
                "{path}: list of {} items came back with {values:?}",
                expects.len()
            );
            for (i, (e, v)) in expects.iter().zip(values).enumerate() {
                check(e, v, utf8, &format!("{path}.{i}"));
            }
            true
        }
        _ => false,
    };
    assert!(ok, "{path}: expected {expect:?}, got {got:?}");
}

/// The encoded command as an untagged response: `A1 ` replaced by `* `.
fn as_response(command: &Command, options: &EncodeOptions) -> Option<Vec<u8>> {
    let tag = Tag::new("A1").expect("valid tag");
    // Refusals (a NUL in a UTF-8 mailbox name, say) are the encoder's right.
    let encoded = command.encode(tag, options).ok()?;
    let bytes = encoded.to_bytes();
    let rest = bytes.strip_prefix(b"A1 ").expect("encoded command starts with its tag");
    let mut response = b"* ".to_vec();
    response.extend_from_slice(rest);
    Some(response)
}

/// Parses `bytes` whole and through a decoder (whole, and one byte at a time for short ones);
/// all must agree on one response.
fn parse_both(bytes: &[u8], utf8: bool) -> Response {
    let mut parser = ResponseParser::default();
    parser.set_utf8_mode(utf8);
    let parsed = parser.parse(Bytes::copy_from_slice(bytes));
    let parsed = match parsed {
        Ok(response) => response,
        Err(e) => panic!("own encoding does not parse: {e}\n{:?}", String::from_utf8_lossy(bytes)),
    };
    let chunkings: &[usize] = if bytes.len() <= 256 { &[usize::MAX, 1] } else { &[usize::MAX] };
    for &chunk in chunkings {
        let mut decoder = Decoder::with_parser(parser.clone());
        let mut events = Vec::new();
        for piece in bytes.chunks(chunk.min(bytes.len()).max(1)) {
            decoder.feed(piece);
            while let Some(event) = decoder.next_event().transpose() {
                events.push(event);
            }
        }
        assert_eq!(events, [Ok(Event::Response(parsed.clone()))], "decoder (chunks of {chunk}) disagrees with parse");
        assert!(decoder.is_idle(), "decoder not idle after a whole response");
    }
    parsed
}

fn check_raw_args(input: &Input, options: &EncodeOptions) {
    let (args, expects): (Vec<Arg>, Vec<Expect>) =
        input.args.iter().filter_map(|arg| build(arg, input.utf8, 0)).unzip();
    let command = Command::Raw { name: Atom::new("XARGS").expect("atom"), args };
    let Some(response) = as_response(&command, options) else { return };
    // `parse_response` has UTF-8 mode off; the value tree does not depend on it.
    let whole = match parse_response(&response) {
        Ok(r) => r,
        Err(e) => panic!("XARGS response does not parse: {e}\n{:?}", String::from_utf8_lossy(&response)),
    };
    assert_eq!(whole, parse_both(&response, input.utf8), "UTF-8 mode changed a generic value tree");
    let Response::Data(Data::Other(other)) = whole else { panic!("XARGS parsed as {whole:?}") };
    assert!(other.keyword.eq_ignore_case("XARGS") && other.number.is_none(), "{other:?}");
    assert_eq!(
        other.values.len(),
        expects.len(),
        "{} arguments came back as {:?}\n{:?}",
        expects.len(),
        other.values,
        String::from_utf8_lossy(&response)
    );
    for (i, (expect, value)) in expects.iter().zip(&other.values).enumerate() {
        check(expect, value, input.utf8, &format!("arg {i}"));
    }
}

fn check_list(input: &Input, options: &EncodeOptions) {
    let mailbox = Mailbox::new(input.mailbox.as_str());
    let args =
        vec![Arg::List(Vec::new()), Arg::Quoted(Quoted::new("/").expect("quoted")), Arg::Mailbox(mailbox.clone())];
    let command = Command::Raw { name: Atom::new("LIST").expect("atom"), args };
    let Some(response) = as_response(&command, options) else { return };
    let Response::Data(Data::List(item)) = parse_both(&response, input.utf8) else {
        panic!("not a LIST response: {:?}", String::from_utf8_lossy(&response))
    };
    assert_eq!(item.delimiter, Some('/'));
    assert_eq!(
        item.mailbox,
        mailbox,
        "LIST round trip (utf8 {}): {:?}",
        input.utf8,
        String::from_utf8_lossy(&response)
    );
    if mailbox.is_inbox() {
        assert!(item.mailbox.is_inbox());
    }
}

fn check_flags(input: &Input) {
    let flags: Vec<Flag> = input.flags.iter().filter_map(|f| Flag::parse(f).ok()).collect();
    let list = flags.iter().map(Flag::to_string).collect::<Vec<_>>().join(" ");

    let response = format!("* FLAGS ({list})\r\n");
    let Response::Data(Data::Flags(back)) = parse_both(response.as_bytes(), input.utf8) else {
        panic!("not a FLAGS response: {response:?}")
    };
    assert_eq!(back, flags, "FLAGS round trip: {response:?}");

    let response = format!("* OK [PERMANENTFLAGS ({list} \\*)] Flags permitted.\r\n");
    let Response::Status(status) = parse_both(response.as_bytes(), input.utf8) else {
        panic!("not a status response: {response:?}")
    };
    let Status { code: Some(Code::PermanentFlags(perm)), text, .. } = *status else {
        panic!("PERMANENTFLAGS lost: {response:?} parsed as {status:?}")
    };
    let mut expected: Vec<FlagPerm> = flags.into_iter().map(FlagPerm::Flag).collect();
    expected.push(FlagPerm::Wildcard);
    assert_eq!(perm, expected, "PERMANENTFLAGS round trip: {response:?}");
    assert_eq!(text, "Flags permitted.");
}

fuzz_target!(|input: Input| {
    let options =
        EncodeOptions { literal_plus: input.literal_plus, literal_minus: input.literal_minus, utf8: input.utf8 };
    check_raw_args(&input, &options);
    check_list(&input, &options);
    check_flags(&input);
});
