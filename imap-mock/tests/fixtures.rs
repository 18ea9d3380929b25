//! Every fixture script (`tests/scripts/<server>/*.script`) replayed with CRLF and with bare LF
//! line ends: a raw client sends the script's client side, the server's bytes must be exactly
//! the script's server side, and imap-core's decoder must parse every response.

use std::path::PathBuf;
use std::time::Duration;

use imap_core::decode::Decoder;
use imap_mock::{LineEnds, MockOptions, MockServer, OutputMode, Script};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

fn scripts() -> Vec<(String, String)> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/scripts");
    let mut out = Vec::new();
    for server in std::fs::read_dir(&root).expect("scripts dir").flatten() {
        for file in std::fs::read_dir(server.path()).expect("server dir").flatten() {
            let name = format!("{}/{}", server.file_name().to_string_lossy(), file.file_name().to_string_lossy());
            out.push((name, std::fs::read_to_string(file.path()).expect("script")));
        }
    }
    out.sort();
    out
}

/// The bytes of one side of a script (`C:` or `S:` lines), as on the wire with CRLF.
fn side(text: &str, marker: &str) -> Vec<u8> {
    let mut out = Vec::new();
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix(marker) {
            out.extend_from_slice(rest.strip_prefix(' ').unwrap_or(rest).as_bytes());
            out.extend_from_slice(b"\r\n");
        }
    }
    out
}

/// CRLF line ends to LF, outside literals.
fn to_lf(crlf: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut rest = crlf;
    while !rest.is_empty() {
        let end = rest.windows(2).position(|w| w == b"\r\n").map_or(rest.len(), |p| p + 2);
        let (line, tail) = rest.split_at(end);
        let body = line.strip_suffix(b"\r\n").unwrap_or(line);
        out.extend_from_slice(body);
        if line.ends_with(b"\r\n") {
            out.push(b'\n');
        }
        rest = tail;
        let size = body.strip_suffix(b"}").and_then(|b| {
            let b = b.strip_suffix(b"+").unwrap_or(b);
            let open = b.iter().rposition(|&c| c == b'{')?;
            std::str::from_utf8(&b[open + 1..]).ok()?.parse::<usize>().ok()
        });
        if let Some(size) = size {
            let n = size.min(rest.len());
            out.extend_from_slice(&rest[..n]);
            rest = &rest[n..];
        }
    }
    out
}

async fn replay(name: &str, text: &str, options: MockOptions) -> Vec<u8> {
    let script = Script::parse(text).unwrap_or_else(|e| panic!("{name}: {e}"));
    let (mut client, mock) = MockServer::duplex_with(script, options);
    let (mut read, mut write) = tokio::io::split(&mut client);
    let outgoing = side(text, "C:");
    let sender = async {
        write.write_all(&outgoing).await.expect("send");
        write.shutdown().await.expect("shutdown");
    };
    let mut received = Vec::new();
    let receiver = async {
        tokio::time::timeout(Duration::from_secs(10), read.read_to_end(&mut received))
            .await
            .expect("in time")
            .expect("read");
    };
    tokio::join!(sender, receiver);
    drop(client);
    mock.finish().await.unwrap_or_else(|e| panic!("{name}: {e}"));
    received
}

#[tokio::test]
async fn every_fixture_replays_byte_for_byte_with_crlf_and_lf_and_parses() {
    let all = scripts();
    assert!(all.len() >= 6, "fixtures missing: {all:?}");
    for (name, text) in all {
        let expected_crlf = side(&text, "S:");
        let crlf = replay(&name, &text, MockOptions::default()).await;
        assert_eq!(String::from_utf8_lossy(&crlf), String::from_utf8_lossy(&expected_crlf), "{name} (CRLF)");
        let lf = replay(&name, &text, MockOptions { line_ends: LineEnds::Lf, ..MockOptions::default() }).await;
        assert_eq!(lf, to_lf(&expected_crlf), "{name} (LF)");
        let chunked = replay(
            &name,
            &text,
            MockOptions { output: OutputMode::Chunked { seed: 42, max: 17 }, ..MockOptions::default() },
        )
        .await;
        assert_eq!(chunked, expected_crlf, "{name} (chunked)");
        for (variant, bytes) in [("CRLF", &crlf), ("LF", &lf)] {
            let mut decoder = Decoder::new();
            decoder.feed(bytes);
            let mut count = 0;
            loop {
                match decoder.next_event() {
                    Ok(Some(_)) => count += 1,
                    Ok(None) => break,
                    Err(e) => panic!("{name} ({variant}): {e}"),
                }
            }
            assert!(count > 3, "{name}: {count} responses");
            assert_eq!(decoder.buffered(), 0, "{name} ({variant}): incomplete response at the end");
        }
    }
}

#[tokio::test]
async fn fixture_transcripts_match_their_snapshots() {
    for (name, text) in scripts() {
        let script = Script::parse(&text).expect("script");
        let (mut client, mock) = MockServer::duplex(script);
        let outgoing = side(&text, "C:");
        client.write_all(&outgoing).await.expect("send");
        client.shutdown().await.expect("shutdown");
        let mut sink = Vec::new();
        client.read_to_end(&mut sink).await.expect("read");
        drop(client);
        let transcript = mock.finish().await.expect("conversation");
        insta::assert_snapshot!(name.replace(['/', '.'], "_"), transcript.to_string());
    }
}
