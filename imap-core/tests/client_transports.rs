//! Transports and connection-level methods: a third-party transport in one impl, the
//! child-process transport (imaplib's IMAP4_stream), `shutdown`, `select_with` and
//! `append_binary` (literal8).

#![allow(clippy::unwrap_used)] // the transport wrapper below is test code outside #[test] fns

mod support;

use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::task::{Context, Poll};

use imap_core::client::{Client, Config, Connected, Error};
use imap_core::transport::{PeerInfo, Transport};
use imap_core::types::{Flag, Secret};
use imap_mock::{MockServer, Script};
use support::{LOGGED_IN, close, session};
use tokio::io::{AsyncRead, AsyncWrite, DuplexStream, ReadBuf};

/// A third party's transport: counts the bytes going each way.
struct Counting {
    inner: DuplexStream,
    read: Arc<AtomicUsize>,
    written: Arc<AtomicUsize>,
}

impl AsyncRead for Counting {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<std::io::Result<()>> {
        let before = buf.filled().len();
        let poll = Pin::new(&mut self.inner).poll_read(cx, buf);
        self.read.fetch_add(buf.filled().len() - before, Ordering::Relaxed);
        poll
    }
}

impl AsyncWrite for Counting {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<std::io::Result<usize>> {
        let poll = Pin::new(&mut self.inner).poll_write(cx, buf);
        if let Poll::Ready(Ok(n)) = poll {
            self.written.fetch_add(n, Ordering::Relaxed);
        }
        poll
    }
    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }
    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

/// The whole of what a transport must implement beyond tokio's byte-stream traits.
impl Transport for Counting {
    fn peer(&self) -> PeerInfo {
        PeerInfo::new("counting tunnel")
    }
}

#[tokio::test]
async fn a_third_party_transport_is_one_impl() {
    let script = Script::parse(&format!("{LOGGED_IN}C: A2 NOOP\nS: A2 OK done\n")).unwrap();
    let (stream, mock) = MockServer::duplex(script);
    let (read, written) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
    let transport = Counting { inner: stream, read: read.clone(), written: written.clone() };
    let config = Config { tag_prefix: Some("T".into()), ..Config::default() };
    let client = Client::from_transport(Box::new(transport), config).await.unwrap().into_client().unwrap();
    assert_eq!(client.peer().description, "counting tunnel");
    let mut session = client.login("alice", &Secret::new("pw".into())).await.unwrap();
    session.noop().await.unwrap();
    assert_eq!(session.transport().peer().to_string(), "counting tunnel", "imaplib's socket()");
    // Exactly the bytes of the conversation: LOGIN and NOOP out, greeting and replies in.
    let sent = b"T1 LOGIN alice \"pw\"\r\nT2 NOOP\r\n".len();
    assert_eq!(written.load(Ordering::Relaxed), sent);
    let received = LOGGED_IN.lines().filter(|l| l.starts_with("S: ")).map(|l| l.len() - 3 + 2).sum::<usize>()
        + b"A2 OK done\r\n".len();
    assert_eq!(read.load(Ordering::Relaxed), received);
    insta::assert_snapshot!(close(session, mock).await);
}

/// A tiny PREAUTH IMAP server in POSIX sh: answers NOOP, then LOGOUT, echoing the tags.
const SHELL_SERVER: &str = r#"printf '* PREAUTH [CAPABILITY IMAP4rev1] sh ready\r\n'
read -r line; tag=${line%% *}
printf '* 1 EXISTS\r\n%s OK NOOP done\r\n' "$tag"
read -r line; tag=${line%% *}
printf '* BYE sh logging out\r\n%s OK LOGOUT done\r\n' "$tag"
"#;

#[tokio::test]
async fn the_child_process_transport_speaks_over_stdin_and_stdout() {
    let connected = Client::spawn("sh", &["-c", SHELL_SERVER], Config::default()).await.unwrap();
    let Connected::Authenticated(mut session) = connected else { panic!("PREAUTH starts authenticated") };
    assert!(session.peer().description.starts_with("process sh"), "{}", session.peer());
    let responses = session.noop().await.unwrap();
    assert_eq!(responses.len(), 1, "the EXISTS");
    let bye = session.logout().await.unwrap();
    assert_eq!(bye.text.to_string_lossy(), "sh logging out");
}

#[tokio::test]
async fn a_child_process_that_exits_is_a_typed_error() {
    let result = Client::spawn("sh", &["-c", "printf '* OK x\\r\\n'; exit 0"], Config::default()).await;
    let mut client = result.unwrap().into_client().unwrap();
    let error = client.noop().await.unwrap_err();
    assert!(matches!(error, Error::Abort(_) | Error::Io(_)), "{error:?}");
    let missing = Client::spawn("/nonexistent/imapd", &[], Config::default()).await.unwrap_err();
    assert!(matches!(missing, Error::Io(_)), "{missing:?}");
}

#[tokio::test]
async fn shutdown_closes_without_logout_and_later_commands_fail() {
    let (mut session, mock) = session("").await;
    session.shutdown().await.unwrap();
    let error = session.noop().await.unwrap_err();
    assert!(session.unusable_reason().is_some(), "{error:?}");
    insta::assert_snapshot!(close(session, mock).await);
}

#[tokio::test]
async fn select_with_read_only_sends_examine_and_append_binary_sends_literal8() {
    let (mut session, mock) = session(
        "C: A2 EXAMINE Archive\n\
         S: * 2 EXISTS\n\
         S: A2 OK [READ-ONLY] done\n\
         C: A3 SELECT Archive\n\
         S: * 2 EXISTS\n\
         S: A3 OK [READ-WRITE] done\n\
         C: A4 APPEND Archive (\\Draft) ~{5+}\n\
         C: a\0b\n\
         C: \n\
         S: A4 OK [APPENDUID 7 3] done\n",
    )
    .await;
    assert!(session.select_with("Archive", true).await.unwrap().mailbox().unwrap().read_only);
    assert!(!session.select_with("Archive", false).await.unwrap().mailbox().unwrap().read_only);
    let uid = session.append_binary("Archive", &[Flag::Draft], None, &b"a\0b\r\n"[..]).await.unwrap().unwrap();
    assert_eq!((uid.uid_validity, uid.uids.to_string()), (7, "3".to_owned()));
    insta::assert_snapshot!(close(session, mock).await);
}
