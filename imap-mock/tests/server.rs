//! The mock server's behaviour, checked with a raw byte-level client: exact bytes on the wire,
//! transcripts, deviations, faults, listeners.

#![allow(clippy::unwrap_used)] // test helpers outside #[test] functions

use std::time::Duration;

use imap_mock::{LineEnds, MockError, MockOptions, MockServer, OutputMode, Script, TestCertificate};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};

/// Reads until `until` has been received; returns everything read.
async fn read_until<S: AsyncRead + Unpin>(stream: &mut S, until: &[u8]) -> Vec<u8> {
    let mut got = Vec::new();
    let mut byte = [0u8; 1];
    while !got.ends_with(until) {
        match tokio::time::timeout(Duration::from_secs(5), stream.read(&mut byte)).await {
            Ok(Ok(1)) => got.push(byte[0]),
            other => panic!("stream ended or stalled ({other:?}) after {:?}", String::from_utf8_lossy(&got)),
        }
    }
    got
}

async fn read_to_end<S: AsyncRead + Unpin>(stream: &mut S) -> Vec<u8> {
    let mut got = Vec::new();
    tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut got))
        .await
        .expect("EOF in time")
        .expect("read");
    got
}

async fn send<S: AsyncWrite + Unpin>(stream: &mut S, bytes: &[u8]) {
    stream.write_all(bytes).await.expect("write");
    stream.flush().await.expect("flush");
}

#[tokio::test]
async fn plays_a_text_script_with_tags_literals_and_transcript() {
    let script = Script::parse(
        "S: * OK [CAPABILITY IMAP4rev1 LITERAL+] ready\n\
         C: A1 LOGIN $user {6}\n\
         S: + say it\n\
         C: secret\n\
         S: A1 OK welcome $user\n\
         C: A2 FETCH 1 BODY[]\n\
         S: * 1 FETCH (BODY[] {7}\n\
         S: a\n\
         S: b\n\
         S:  X)\n\
         S: A2 OK done\n",
    )
    .unwrap();
    let (mut client, mock) = MockServer::duplex(script);
    assert_eq!(read_until(&mut client, b"\r\n").await, b"* OK [CAPABILITY IMAP4rev1 LITERAL+] ready\r\n");
    send(&mut client, b"z9 LOGIN alice {6}\r\n").await;
    assert_eq!(read_until(&mut client, b"\r\n").await, b"+ say it\r\n", "custom continuation before the literal");
    send(&mut client, b"secret\r\n").await;
    assert_eq!(read_until(&mut client, b"\r\n").await, b"z9 OK welcome alice\r\n", "tag and capture substituted");
    send(&mut client, b"z10 FETCH 1 BODY[]\r\n").await;
    assert_eq!(
        read_until(&mut client, b"z10 OK done\r\n").await,
        b"* 1 FETCH (BODY[] {7}\r\na\r\nb\r\n X)\r\nz10 OK done\r\n"
    );
    drop(client);
    let transcript = mock.finish().await.unwrap();
    insta::assert_snapshot!(transcript.to_string(), @r"
    S: * OK [CAPABILITY IMAP4rev1 LITERAL+] ready
    C: A1 LOGIN alice <redacted>
    S: + say it
    S: A1 OK welcome alice
    C: A2 FETCH 1 BODY[]
    S: * 1 FETCH (BODY[] {7}
    S: a
    S: b
    S:  X)
    S: A2 OK done
    ");
}

#[tokio::test]
async fn builder_scripts_pipelining_and_literal_plus() {
    let script = Script::builder()
        .send("* OK ready")
        .expect("A1 NOOP\r\nA2 APPEND INBOX {3+}\r\nabc\r\nA3 NOOP")
        .send("A1 OK\r\nA2 OK [APPENDUID 1 9] done\r\nA3 OK")
        .build()
        .unwrap();
    let (mut client, mock) = MockServer::duplex(script);
    read_until(&mut client, b"\r\n").await;
    // All three commands go out before any answer (LITERAL+: no continuation is sent).
    send(&mut client, b"t1 NOOP\r\nt2 APPEND INBOX {3+}\r\nabc\r\nt3 NOOP\r\n").await;
    assert_eq!(read_until(&mut client, b"t3 OK\r\n").await, b"t1 OK\r\nt2 OK [APPENDUID 1 9] done\r\nt3 OK\r\n");
    drop(client);
    let transcript = mock.finish().await.unwrap().to_string();
    assert!(transcript.contains("C: A2 APPEND INBOX {3+}\nC: abc\n"), "{transcript}");
}

#[tokio::test]
async fn unordered_steps_and_unsolicited_data() {
    let script = Script::parse(
        "S: * OK ready\n\
         ! unordered\n\
         C: A1 STATUS a (MESSAGES)\n\
         S: * STATUS a (MESSAGES 1)\n\
         S: A1 OK\n\
         C: A2 STATUS b (MESSAGES)\n\
         S: * STATUS b (MESSAGES 2)\n\
         S: A2 OK\n\
         ! end\n\
         C: A3 IDLE\n\
         S: + idling\n\
         S: * 5 EXISTS\n\
         C: DONE\n\
         S: A3 OK idle done\n",
    )
    .unwrap();
    let (mut client, mock) = MockServer::duplex(script);
    read_until(&mut client, b"\r\n").await;
    send(&mut client, b"x2 STATUS b (MESSAGES)\r\n").await;
    assert_eq!(read_until(&mut client, b"x2 OK\r\n").await, b"* STATUS b (MESSAGES 2)\r\nx2 OK\r\n");
    send(&mut client, b"x1 STATUS a (MESSAGES)\r\n").await;
    assert_eq!(read_until(&mut client, b"x1 OK\r\n").await, b"* STATUS a (MESSAGES 1)\r\nx1 OK\r\n");
    send(&mut client, b"x3 IDLE\r\n").await;
    assert_eq!(read_until(&mut client, b"* 5 EXISTS\r\n").await, b"+ idling\r\n* 5 EXISTS\r\n", "pushed during IDLE");
    send(&mut client, b"DONE\r\n").await;
    assert_eq!(read_until(&mut client, b"\r\n").await, b"x3 OK idle done\r\n");
    drop(client);
    mock.finish().await.unwrap();
}

#[tokio::test]
async fn a_deviating_client_gets_bad_and_the_test_a_readable_error() {
    let script = Script::parse("S: * OK ready\nC: A1 SELECT INBOX\nS: A1 OK\n").unwrap();
    let (mut client, mock) = MockServer::duplex(script);
    read_until(&mut client, b"\r\n").await;
    send(&mut client, b"q1 SELECT Inbox\r\n").await;
    assert_eq!(
        read_until(&mut client, b"\r\n").await,
        b"q1 BAD [CLIENTBUG] unexpected command (imap-mock script line 2)\r\n"
    );
    send(&mut client, b"q2 NOOP\r\n").await;
    assert!(read_until(&mut client, b"\r\n").await.starts_with(b"q2 BAD"), "every later command gets BAD too");
    drop(client);
    let error = mock.finish().await.unwrap_err();
    let message = error.to_string();
    assert!(matches!(error, MockError::Deviation { line: 2, .. }), "{message}");
    assert!(
        message.contains("expected: A1 SELECT INBOX") && message.contains("received: q1 SELECT Inbox"),
        "{message}"
    );
}

#[tokio::test]
async fn a_deviating_sasl_line_gets_bad_with_the_authenticate_tag() {
    let script =
        Script::parse("S: * OK ready\nC: A1 AUTHENTICATE CRAM-MD5\nS: + PDEyMzQ+\nC: dGltIGI5MTNh\nS: A1 OK done\n")
            .unwrap();
    let (mut client, mock) = MockServer::duplex(script);
    read_until(&mut client, b"\r\n").await;
    send(&mut client, b"s7 AUTHENTICATE CRAM-MD5\r\n").await;
    assert_eq!(read_until(&mut client, b"\r\n").await, b"+ PDEyMzQ+\r\n");
    send(&mut client, b"d3Jvbmc=\r\n").await;
    assert_eq!(
        read_until(&mut client, b"\r\n").await,
        b"s7 BAD [CLIENTBUG] unexpected command (imap-mock script line 4)\r\n",
        "the SASL line has no tag: the BAD ends the AUTHENTICATE command"
    );
    drop(client);
    let error = mock.finish().await.unwrap_err();
    match &error {
        MockError::Deviation { line: 4, transcript, .. } => assert_eq!(
            transcript.to_string(),
            "S: * OK ready\nC: A1 AUTHENTICATE CRAM-MD5\nS: + PDEyMzQ+\nC: <redacted>\n\
             S: A1 BAD [CLIENTBUG] unexpected command (imap-mock script line 4)\n"
        ),
        other => panic!("{other}"),
    }
}

#[tokio::test]
async fn early_eof_and_commands_after_the_end_are_errors() {
    let script = Script::parse("S: * OK ready\nC: A1 NOOP\nS: A1 OK\nC: A2 LOGOUT\n").unwrap();
    let (mut client, mock) = MockServer::duplex(script);
    read_until(&mut client, b"\r\n").await;
    send(&mut client, b"a NOOP\r\n").await;
    read_until(&mut client, b"a OK\r\n").await;
    drop(client);
    assert!(matches!(mock.finish().await.unwrap_err(), MockError::UnexpectedEof { line: 4, .. }));

    let (mut client, mock) = MockServer::duplex(Script::parse("S: * OK ready\n").unwrap());
    read_until(&mut client, b"\r\n").await;
    send(&mut client, b"a NOOP\r\n").await;
    assert!(read_until(&mut client, b"\r\n").await.starts_with(b"a BAD"));
    drop(client);
    assert!(matches!(mock.finish().await.unwrap_err(), MockError::Deviation { .. }));
}

#[tokio::test]
async fn output_can_arrive_a_byte_at_a_time_or_in_seeded_chunks_with_the_same_bytes() {
    let text = "S: * OK hello\nS: * 1 FETCH (BODY[] {5}\nS: ab\nS: c)\n! drop\n";
    let mut outputs = Vec::new();
    for output in [OutputMode::Whole, OutputMode::ByteAtATime, OutputMode::Chunked { seed: 7, max: 3 }] {
        let options = MockOptions { output, ..MockOptions::default() };
        let (mut client, mock) = MockServer::duplex_with(Script::parse(text).unwrap(), options);
        outputs.push(read_to_end(&mut client).await);
        mock.finish().await.unwrap();
    }
    assert!(outputs.iter().all(|o| o == b"* OK hello\r\n* 1 FETCH (BODY[] {5}\r\nab\r\nc)\r\n"), "{outputs:?}");
}

#[tokio::test]
async fn bare_lf_line_ends_keep_literals_intact() {
    let options = MockOptions { line_ends: LineEnds::Lf, ..MockOptions::default() };
    let script = Script::parse("S: * 1 FETCH (BODY[] {4}\nS: a\nS: b)\n! drop\n").unwrap();
    let (mut client, mock) = MockServer::duplex_with(script, options);
    assert_eq!(read_to_end(&mut client).await, b"* 1 FETCH (BODY[] {4}\na\r\nb)\n");
    mock.finish().await.unwrap();
}

#[tokio::test]
async fn faults_drop_mid_line_garbage_bye_and_delay() {
    let script = Script::parse("S: * OK ready\n! delay 50ms\nS: $%^ garbage\nS: * BYE going away\nR: * 1 FETCH (BODY[] {10}\\r\\nabc\n! drop\n").unwrap();
    let (mut client, mock) = MockServer::duplex(script);
    let started = std::time::Instant::now();
    let all = read_to_end(&mut client).await;
    assert!(started.elapsed() >= Duration::from_millis(50));
    assert_eq!(all, b"* OK ready\r\n$%^ garbage\r\n* BYE going away\r\n* 1 FETCH (BODY[] {10}\r\nabc");
    let transcript = mock.finish().await.unwrap().to_string();
    assert!(transcript.ends_with("R: * 1 FETCH (BODY[] {10}\\r\\nabc\n! drop\n"), "{transcript}");
}

#[tokio::test]
async fn a_hanging_server_makes_a_client_timeout() {
    let script = Script::parse("S: * OK ready\nC: A1 NOOP\n! hang\n").unwrap();
    let (mut client, mock) = MockServer::duplex(script);
    read_until(&mut client, b"\r\n").await;
    send(&mut client, b"a NOOP\r\n").await;
    let mut buf = [0u8; 1];
    assert!(tokio::time::timeout(Duration::from_millis(100), client.read(&mut buf)).await.is_err(), "no answer");
    drop(client);
    mock.finish().await.unwrap();
}

#[tokio::test]
async fn tcp_and_tls_listeners_on_loopback() {
    let script = || Script::parse("S: * OK hi\nC: A1 LOGOUT\nS: * BYE\nS: A1 OK\n").unwrap();
    let (address, mock) = MockServer::tcp(script(), MockOptions::default()).await.unwrap();
    assert!(address.ip().is_loopback());
    let mut tcp = tokio::net::TcpStream::connect(address).await.unwrap();
    read_until(&mut tcp, b"\r\n").await;
    send(&mut tcp, b"a LOGOUT\r\n").await;
    assert_eq!(read_until(&mut tcp, b"a OK\r\n").await, b"* BYE\r\na OK\r\n");
    drop(tcp);
    mock.finish().await.unwrap();

    let (address, mock, certificate) = MockServer::tls(script(), MockOptions::default()).await.unwrap();
    let mut tls = tls_connect(address, &certificate).await;
    assert_eq!(read_until(&mut tls, b"\r\n").await, b"* OK hi\r\n");
    send(&mut tls, b"a LOGOUT\r\n").await;
    read_until(&mut tls, b"a OK\r\n").await;
    drop(tls);
    mock.finish().await.unwrap();
}

async fn tls_connect(
    address: std::net::SocketAddr,
    certificate: &TestCertificate,
) -> tokio_rustls::client::TlsStream<tokio::net::TcpStream> {
    let mut roots = rustls::RootCertStore::empty();
    roots.add(certificate.ca_der().clone()).unwrap();
    let provider = std::sync::Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth();
    let tcp = tokio::net::TcpStream::connect(address).await.unwrap();
    let name = rustls::pki_types::ServerName::try_from("localhost").unwrap();
    tokio_rustls::TlsConnector::from(std::sync::Arc::new(config)).connect(name, tcp).await.unwrap()
}

#[tokio::test]
async fn starttls_upgrades_the_same_connection() {
    let certificate = TestCertificate::generate().unwrap();
    let options = MockOptions { tls: Some(certificate.clone()), ..MockOptions::default() };
    let script = Script::parse("S: * OK [CAPABILITY IMAP4rev1 STARTTLS] hi\nC: A1 STARTTLS\nS: A1 OK go\n! starttls\nC: A2 CAPABILITY\nS: * CAPABILITY IMAP4rev1\nS: A2 OK\n").unwrap();
    let (address, mock) = MockServer::tcp(script, options).await.unwrap();
    let mut tcp = tokio::net::TcpStream::connect(address).await.unwrap();
    read_until(&mut tcp, b"\r\n").await;
    send(&mut tcp, b"s STARTTLS\r\n").await;
    assert_eq!(read_until(&mut tcp, b"\r\n").await, b"s OK go\r\n");
    let mut roots = rustls::RootCertStore::empty();
    roots.add(certificate.ca_der().clone()).unwrap();
    let provider = std::sync::Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth();
    let name = rustls::pki_types::ServerName::try_from("127.0.0.1").unwrap();
    let mut tls = tokio_rustls::TlsConnector::from(std::sync::Arc::new(config)).connect(name, tcp).await.unwrap();
    send(&mut tls, b"t CAPABILITY\r\n").await;
    assert_eq!(read_until(&mut tls, b"t OK\r\n").await, b"* CAPABILITY IMAP4rev1\r\nt OK\r\n");
    drop(tls);
    let transcript = mock.finish().await.unwrap().to_string();
    assert!(transcript.contains("! starttls\nC: A2 CAPABILITY"), "{transcript}");
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

    /// No client input makes the server panic: it ends with a transcript or a typed error.
    #[test]
    fn random_client_bytes_never_panic_the_server(input in proptest::collection::vec(proptest::num::u8::ANY, 0..400)) {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        runtime.block_on(async {
            let script = Script::parse("S: * OK ready\nC: A1 LOGIN $u $*\nS: A1 OK\nC: A2 APPEND x {3}\nC: abc\nS: A2 OK\n").unwrap();
            let (mut client, mock) = MockServer::duplex(script);
            let _ = client.write_all(&input).await;
            let _ = client.shutdown().await;
            let drain = async { let mut sink = Vec::new(); let _ = client.read_to_end(&mut sink).await; };
            let (_, result) = tokio::join!(drain, mock.finish());
            assert!(!matches!(result, Err(MockError::Task(_))), "{result:?}");
        });
    }
}

#[tokio::test]
async fn a_refused_literal_gets_the_scripted_answer_instead_of_a_continuation() {
    let script = Script::parse(
        "S: * OK ready\n\
         C: A1 APPEND INBOX {99999999}\n\
         S: A1 NO [TOOBIG] message too large\n\
         C: A2 NOOP\n\
         S: A2 OK\n",
    )
    .unwrap();
    let (mut client, mock) = MockServer::duplex(script);
    read_until(&mut client, b"ready\r\n").await;
    send(&mut client, b"t1 APPEND INBOX {99999999}\r\n").await;
    assert_eq!(read_until(&mut client, b"\r\n").await, b"t1 NO [TOOBIG] message too large\r\n");
    send(&mut client, b"t2 NOOP\r\n").await;
    assert_eq!(read_until(&mut client, b"\r\n").await, b"t2 OK\r\n");
    drop(client);
    insta::assert_snapshot!(mock.finish().await.unwrap().to_string(), @r"
    S: * OK ready
    C: A1 APPEND INBOX {99999999}
    S: A1 NO [TOOBIG] message too large
    C: A2 NOOP
    S: A2 OK
    ");
}

#[tokio::test]
async fn a_literal_pattern_accepts_either_announcement() {
    for (announce, continuation) in [("{2}", true), ("{2+}", false)] {
        let script = Script::parse("S: * OK\nC: A1 APPEND x {2$*}\nC: hi\nS: A1 OK\n").unwrap();
        let (mut client, mock) = MockServer::duplex(script);
        read_until(&mut client, b"* OK\r\n").await;
        send(&mut client, format!("a APPEND x {announce}\r\n").as_bytes()).await;
        if continuation {
            assert_eq!(read_until(&mut client, b"\r\n").await, b"+ Ready for literal data\r\n");
        }
        send(&mut client, b"hi\r\n").await;
        assert_eq!(read_until(&mut client, b"\r\n").await, b"a OK\r\n");
        drop(client);
        mock.finish().await.unwrap();
    }
}

#[tokio::test]
async fn drop_after_cuts_the_output_at_any_byte() {
    let script =
        Script::parse("S: * OK ready\nC: A1 FETCH 1 BODY[]\nS: * 1 FETCH (BODY[] {5}\nS: hello)\nS: A1 OK\n").unwrap();
    let whole = b"* OK ready\r\n* 1 FETCH (BODY[] {5}\r\nhello)\r\nA1 OK\r\n";
    for cut in [3, 12, 30, 36, whole.len() - 1] {
        let options = MockOptions { drop_after: Some(cut), ..MockOptions::default() };
        let (mut client, mock) = MockServer::duplex_with(script.clone(), options);
        if cut > 12 {
            read_until(&mut client, b"ready\r\n").await;
            send(&mut client, b"A1 FETCH 1 BODY[]\r\n").await;
            let rest = read_to_end(&mut client).await;
            assert_eq!(rest, &whole[12..cut], "cut at {cut}");
        } else {
            assert_eq!(read_to_end(&mut client).await, &whole[..cut]);
        }
        let transcript = mock.finish().await.unwrap();
        assert!(transcript.to_string().ends_with("! drop\n"), "{transcript}");
    }
}

#[tokio::test]
async fn ignore_case_matches_exact_parts_without_case() {
    let script = Script::parse("S: * OK\nC: A1 SELECT INBOX\nS: A1 OK\n").unwrap();
    let options = MockOptions { ignore_case: true, ..MockOptions::default() };
    let (mut client, mock) = MockServer::duplex_with(script.clone(), options);
    read_until(&mut client, b"* OK\r\n").await;
    send(&mut client, b"a1 select inbox\r\n").await;
    assert_eq!(read_until(&mut client, b"\r\n").await, b"a1 OK\r\n");
    drop(client);
    mock.finish().await.unwrap();

    let (mut client, mock) = MockServer::duplex(script);
    read_until(&mut client, b"* OK\r\n").await;
    send(&mut client, b"a1 select inbox\r\n").await;
    assert!(read_until(&mut client, b"\r\n").await.starts_with(b"a1 BAD"));
    drop(client);
    assert!(matches!(mock.finish().await, Err(MockError::Deviation { line: 2, .. })));
}

#[tokio::test]
async fn the_output_directive_changes_splitting_mid_script() {
    // A chunked tail after a whole greeting: the bytes are the same, only the writes differ.
    let script =
        Script::parse("S: * OK ready\n! output byte-at-a-time\nS: * 1 EXISTS\n! output chunked 9 3\nS: * BYE\n")
            .unwrap();
    let (mut client, mock) = MockServer::duplex(script);
    assert_eq!(read_until(&mut client, b"BYE\r\n").await, b"* OK ready\r\n* 1 EXISTS\r\n* BYE\r\n");
    drop(client);
    mock.finish().await.unwrap();
}
