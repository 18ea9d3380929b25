//! Every client method against real servers (Dovecot 2.3 and Cyrus 3.6), over plain TCP,
//! STARTTLS and TLS. `cargo xtask interop` starts private instances and points
//! `IMAPTEST_DOVECOT_ENV` / `IMAPTEST_CYRUS_ENV` at their env files; without those variables
//! these tests print that there is nothing to test against and pass.

use std::collections::HashMap;
use std::time::{SystemTime, UNIX_EPOCH};

use imap_core::client::{Client, Config, Error, Selected, Session, Untagged};
use imap_core::encode::{Arg, Command, FetchAttr, FetchItems, SearchDate, SearchKey, StatusItem, StoreMode};
use imap_core::response::{Code, Data, Response, Section, StatusKind};
use imap_core::transport::TlsConnector;
use imap_core::types::{AString, Flag, InternalDate, Mailbox, Secret, SequenceSet};

#[derive(Debug, Clone)]
struct Server {
    name: String,
    host: String,
    port: u16,
    tls_port: u16,
    ca_pem: Vec<u8>,
    users: HashMap<String, String>,
    master: Option<(String, String)>,
    /// How to run this server's IMAP process on stdin/stdout (Dovecot: `doveadm exec imap`).
    stream_command: Option<Vec<String>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Plain,
    StartTls,
    Tls,
}

const MODES: [Mode; 3] = [Mode::Plain, Mode::StartTls, Mode::Tls];

fn servers() -> Vec<Server> {
    let mut out = Vec::new();
    for var in ["IMAPTEST_DOVECOT_ENV", "IMAPTEST_CYRUS_ENV"] {
        let Ok(path) = std::env::var(var) else { continue };
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{var}={path}: {e}"));
        let env: HashMap<String, String> = text
            .lines()
            .filter(|l| !l.trim_start().starts_with('#'))
            .filter_map(|l| l.split_once('='))
            .map(|(k, v)| (k.trim().to_owned(), v.trim().trim_matches('"').to_owned()))
            .collect();
        let get = |k: &str| env.get(k).cloned().unwrap_or_else(|| panic!("{path}: no {k}"));
        let pairs = |v: &str| -> Vec<(String, String)> {
            v.split_whitespace().filter_map(|p| p.split_once(':')).map(|(u, p)| (u.to_owned(), p.to_owned())).collect()
        };
        out.push(Server {
            name: get("IMAPTEST_SERVER"),
            host: get("IMAPTEST_HOST"),
            port: get("IMAPTEST_PORT").parse().expect("port"),
            tls_port: get("IMAPTEST_TLS_PORT").parse().expect("tls port"),
            ca_pem: std::fs::read(get("IMAPTEST_CA")).expect("CA file"),
            users: pairs(&get("IMAPTEST_USERS")).into_iter().collect(),
            master: env.get("IMAPTEST_MASTER").and_then(|m| pairs(m).into_iter().next()),
            stream_command: stream_command(&env),
        });
    }
    if out.is_empty() {
        eprintln!("interop: IMAPTEST_DOVECOT_ENV / IMAPTEST_CYRUS_ENV not set; run `cargo xtask interop`");
    }
    out
}

/// `doveadm -c CONF exec imap -u alice` for Dovecot (from `IMAPTEST_DOVEADM`, or from the
/// config under `IMAPTEST_DIR`).
fn stream_command(env: &HashMap<String, String>) -> Option<Vec<String>> {
    if env.get("IMAPTEST_SERVER").map(String::as_str) != Some("dovecot") {
        return None;
    }
    let mut command: Vec<String> = match env.get("IMAPTEST_DOVEADM") {
        Some(doveadm) => doveadm.split_whitespace().map(str::to_owned).collect(),
        None => {
            let conf = format!("{}/etc/dovecot.conf", env.get("IMAPTEST_DIR")?);
            std::path::Path::new(&conf).exists().then(|| vec!["doveadm".to_owned(), "-c".to_owned(), conf])?
        }
    };
    command.extend(["exec", "imap", "-u", "alice"].map(str::to_owned));
    Some(command)
}

fn unique(prefix: &str) -> String {
    let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
    format!("{prefix}-{}-{nanos}", std::process::id())
}

async fn connect(server: &Server, mode: Mode) -> Client {
    let tls = TlsConnector::from_pem(&server.ca_pem).expect("CA");
    let config = Config::default();
    let address = (server.host.as_str(), server.port);
    let client = match mode {
        Mode::Plain => Client::connect_tcp(address, config).await.and_then(|c| c.into_client()),
        Mode::StartTls => Client::connect_starttls(address, "localhost", &tls, config).await,
        Mode::Tls => Client::connect_tls((server.host.as_str(), server.tls_port), "localhost", &tls, config)
            .await
            .and_then(|c| c.into_client()),
    };
    client.unwrap_or_else(|e| panic!("{} {mode:?}: connect: {e}", server.name))
}

async fn login(server: &Server, mode: Mode) -> Session {
    let client = connect(server, mode).await;
    let password = Secret::new(server.users["alice"].clone());
    client.login("alice", &password).await.unwrap_or_else(|e| panic!("{} {mode:?}: login: {e}", server.name))
}

fn message(subject: &str, body: &str) -> Vec<u8> {
    format!(
        "From: Alice <alice@example.org>\r\nTo: Bob <bob@example.org>\r\nSubject: {subject}\r\n\
         Message-ID: <{subject}@interop.test>\r\nDate: Mon, 1 Jan 2024 10:00:00 +0000\r\n\r\n{body}\r\n"
    )
    .into_bytes()
}

#[tokio::test]
async fn connect_login_capability_noop_logout_over_every_transport() {
    for server in servers() {
        for mode in MODES {
            let client = connect(&server, mode).await;
            assert!(client.has_capability("IMAP4rev1"), "{} {mode:?}", server.name);
            if mode == Mode::StartTls {
                assert!(!client.has_capability("STARTTLS"), "capabilities are asked again after STARTTLS");
                assert!(client.transport().tls_info().is_some());
            }
            if mode == Mode::Tls {
                assert_eq!(client.transport().tls_info().map(|t| t.server_name), Some("localhost".into()));
            }
            let mut session = client.login("alice", &Secret::new(server.users["alice"].clone())).await.expect("login");
            let caps = session.capability().await.expect("capability");
            assert!(caps.has("IMAP4rev1"));
            session.noop().await.expect("noop");
            let bye = session.logout().await.expect("logout");
            assert_eq!(bye.kind, StatusKind::Bye, "{} {mode:?}", server.name);
            assert!(matches!(session.noop().await, Err(Error::Abort(_))));
        }
    }
}

#[tokio::test]
async fn wrong_password_is_a_typed_no_and_the_client_can_retry() {
    for server in servers() {
        let client = connect(&server, Mode::Plain).await;
        let rejected = client.login("alice", &Secret::new("wrong".into())).await.expect_err("wrong password");
        assert!(matches!(rejected.error, Error::No { .. }), "{}: {}", server.name, rejected.error);
        assert!(!rejected.error.to_string().contains("wrong"), "no secret in errors");
        let session = rejected.client.login("alice", &Secret::new(server.users["alice"].clone())).await;
        assert!(session.is_ok(), "{}: retry works", server.name);
    }
}

#[tokio::test]
async fn utf8_password_and_master_user() {
    for server in servers() {
        if let Some(password) = server.users.get("carol") {
            let client = connect(&server, Mode::Plain).await;
            let session = client.login("carol", &Secret::new(password.clone())).await;
            assert!(
                session.is_ok(),
                "{}: carol's UTF-8 password over LOGIN: {:?}",
                server.name,
                session.err().map(|e| e.error)
            );
        }
        if let (Some((master, password)), "dovecot") = (&server.master, server.name.as_str()) {
            let client = connect(&server, Mode::Plain).await;
            let mut session =
                client.login(&format!("alice*{master}"), &Secret::new(password.clone())).await.expect("master login");
            assert!(session.list("", "INBOX").await.expect("list").iter().any(|l| l.mailbox.is_inbox()));
        }
    }
}

#[tokio::test]
async fn mailbox_management_list_lsub_status_namespace() {
    for server in servers() {
        for mode in MODES {
            let mut session = login(&server, mode).await;
            let namespaces = session.namespace().await.expect("namespace");
            assert!(!namespaces.personal.is_empty(), "{}", server.name);
            let name = unique("Interop Test Ü");
            let renamed = format!("{name} renamed");
            session.create(name.as_str()).await.expect("create");
            let listed = session.list("", &name).await.expect("list");
            assert_eq!(listed.len(), 1, "{} {mode:?}: {listed:?}", server.name);
            assert_eq!(listed[0].mailbox.name(), name, "decoded name");
            session.subscribe(name.as_str()).await.expect("subscribe");
            assert!(session.lsub("", "*").await.expect("lsub").iter().any(|l| l.mailbox.name() == name));
            session.unsubscribe(name.as_str()).await.expect("unsubscribe");
            session.rename(name.as_str(), renamed.as_str()).await.expect("rename");
            let status = session
                .status(
                    renamed.as_str(),
                    &[StatusItem::Messages, StatusItem::UidNext, StatusItem::UidValidity, StatusItem::Unseen],
                )
                .await
                .expect("status");
            assert_eq!(status.messages, Some(0));
            assert!(status.uid_validity.is_some() && status.uid_next.is_some());
            session.delete(renamed.as_str()).await.expect("delete");
            let err = session.delete(renamed.as_str()).await.expect_err("deleting twice");
            assert!(matches!(err, Error::No { .. }), "{err}");
            let err = session.select("does-not-exist").await.expect_err("select a missing mailbox");
            assert!(matches!(err, Error::No { .. }), "{err}");
            assert!(session.selected_mailbox().is_none());
            session.logout().await.expect("logout");
        }
    }
}

/// Appends three messages to a fresh mailbox and selects it.
async fn scratch(session: &mut Session, label: &str) -> String {
    let name = unique(label);
    session.create(name.as_str()).await.expect("create");
    let date = InternalDate::parse(b"17-Jul-1996 02:44:25 -0700").expect("date");
    for (i, flags) in
        [vec![], vec![Flag::Seen], vec![Flag::Flagged, Flag::keyword("$Label1").expect("kw")]].into_iter().enumerate()
    {
        let uid = session
            .append(name.as_str(), &flags, Some(date), message(&format!("msg{i}"), &format!("body {i} seedword")))
            .await
            .expect("append");
        if session.has_capability("UIDPLUS") {
            let uid = uid.expect("APPENDUID with UIDPLUS");
            assert_eq!(uid.uids.to_string(), (i + 1).to_string());
        }
    }
    name
}

#[tokio::test]
async fn select_fetch_search_store_copy_expunge() {
    for server in servers() {
        for mode in MODES {
            let mut session = login(&server, mode).await;
            let name = scratch(&mut session, "interop-msgs").await;
            let target = unique("interop-copy");
            session.create(target.as_str()).await.expect("create target");
            {
                let mut selected = session.select(name.as_str()).await.expect("select");
                let state = selected.mailbox().expect("state").clone();
                assert_eq!(state.exists, 3, "{} {mode:?}", server.name);
                assert!(!state.read_only);
                assert!(state.uid_validity.is_some());
                let all = SequenceSet::all();
                let fetched = selected
                    .fetch(
                        &all,
                        vec![
                            FetchAttr::Uid,
                            FetchAttr::Flags,
                            FetchAttr::Envelope,
                            FetchAttr::BodyStructure,
                            FetchAttr::InternalDate,
                            FetchAttr::Rfc822Size,
                        ],
                    )
                    .await
                    .expect("fetch");
                assert_eq!(fetched.len(), 3);
                let first = fetched.iter().find(|f| f.seq == 1).expect("message 1");
                assert_eq!(first.envelope().and_then(|e| e.subject.clone()).expect("subject"), "msg0");
                assert_eq!(first.internal_date().map(|d| d.to_unix()), Some(837_596_665));
                assert!(
                    fetched.iter().find(|f| f.seq == 2).and_then(|f| f.flags()).expect("flags").contains(&Flag::Seen)
                );
                let raw = selected
                    .fetch_raw(&SequenceSet::single(1).expect("set"), "(BODY.PEEK[TEXT])", false)
                    .await
                    .expect("fetch raw");
                assert_eq!(
                    raw[0].section(&Section::text()).and_then(|p| p.bytes()).map(|b| b.to_vec()),
                    Some(b"body 0 seedword\r\n".to_vec())
                );
                let uids = selected.uid_search(None, SearchKey::All).await.expect("uid search");
                assert_eq!(uids.len(), 3);
                let flagged = selected.search(None, SearchKey::Flagged).await.expect("search");
                assert_eq!(flagged, [3]);
                let text = selected
                    .search(
                        Some("UTF-8"),
                        SearchKey::And(vec![SearchKey::text("seedword").expect("t"), SearchKey::Unseen]),
                    )
                    .await
                    .expect("search text");
                assert_eq!(text, [1, 3], "{} {mode:?}", server.name);
                assert_eq!(selected.search_raw("SUBJECT msg1", false).await.expect("raw search"), [2]);
                let since = selected
                    .search(None, SearchKey::SentSince(SearchDate::new(2023, 12, 31).expect("d")))
                    .await
                    .expect("since");
                assert_eq!(since.len(), 3);
                let stored = selected
                    .store(&SequenceSet::single(1).expect("s"), StoreMode::Add, &[Flag::Answered], false)
                    .await
                    .expect("store");
                assert!(stored[0].flags().expect("flags").contains(&Flag::Answered));
                let silent = selected
                    .uid_store(&SequenceSet::all(), StoreMode::Remove, &[Flag::Seen], true)
                    .await
                    .expect("silent");
                assert!(silent.iter().all(|f| f.flags().is_none_or(|flags| !flags.contains(&Flag::Seen))));
                let copied = selected.copy(&SequenceSet::range(1, 2).expect("r"), target.as_str()).await.expect("copy");
                if selected.has_capability("UIDPLUS") {
                    assert_eq!(copied.expect("COPYUID").destination.to_string(), "1:2");
                }
                let partial = selected.partial(1, Section::text(), 1, 4).await.expect("partial");
                assert_eq!(partial.as_deref(), Some(&b"body"[..]));
                selected
                    .store(&SequenceSet::single(2).expect("s"), StoreMode::Add, &[Flag::Deleted], true)
                    .await
                    .expect("delete flag");
                let expunged = selected.expunge().await.expect("expunge");
                assert_eq!(expunged, [2]);
                assert_eq!(selected.mailbox().expect("state").exists, 2);
                selected.check().await.expect("check");
                let mut out = Vec::new();
                let written = selected.fetch_to_writer(1, false, Section::full(), &mut out).await.expect("to writer");
                assert_eq!(written as usize, out.len());
                assert!(out.starts_with(b"From: Alice"));
                selected.close().await.expect("close");
            }
            assert!(session.selected_mailbox().is_none());
            {
                let selected = session.examine(target.as_str()).await.expect("examine");
                assert!(selected.mailbox().expect("state").read_only);
                assert_eq!(selected.mailbox().expect("state").exists, 2);
                if selected.has_capability("UNSELECT") {
                    selected.unselect().await.expect("unselect");
                }
            }
            session.delete(name.as_str()).await.expect("cleanup");
            session.delete(target.as_str()).await.expect("cleanup");
            session.logout().await.expect("logout");
        }
    }
}

#[tokio::test]
async fn streaming_fetch_pipelining_xatom_and_untagged_store() {
    for server in servers() {
        let mut session = login(&server, Mode::Plain).await;
        let name = scratch(&mut session, "interop-stream").await;
        {
            let mut selected: Selected<'_> = session.select(name.as_str()).await.expect("select");
            let mut stream = selected.fetch_stream(&SequenceSet::all(), FetchItems::Fast, true).await.expect("stream");
            let mut seen = 0;
            while let Some(fetch) = stream.next().await {
                let fetch = fetch.expect("fetch");
                assert!(fetch.uid().is_some());
                seen += 1;
            }
            assert_eq!(seen, 3);
            drop(stream);
            let mut pipeline = selected.pipeline();
            for seq in 1..=3u32 {
                pipeline.push(Command::Store {
                    set: SequenceSet::single(seq).expect("s"),
                    mode: StoreMode::Add,
                    silent: false,
                    flags: vec![Flag::keyword("$Piped").expect("kw")],
                    uid: false,
                    unchanged_since: None,
                });
            }
            pipeline.push(Command::Noop);
            let result = pipeline.run().await.expect("pipeline");
            result.all_ok("pipeline").expect("all OK");
            assert_eq!(result.statuses.len(), 4);
            let fetches = result.untagged.iter().filter(|r| matches!(r, Response::Data(Data::Fetch(_)))).count();
            assert_eq!(fetches, 3, "{}", server.name);
            let id = selected.xatom("ID", vec![Arg::Nil]).await.expect("ID");
            assert_eq!(id.status.kind, StatusKind::Ok);
            let garbage = selected
                .xatom("XNOSUCHCOMMAND", vec![Arg::AString(AString::try_from("x").expect("a"))])
                .await
                .expect("BAD is returned");
            assert_eq!(garbage.status.kind, StatusKind::Bad);
        }
        let _ = session.response("EXISTS");
        session.select("INBOX").await.expect("select inbox");
        assert!(
            !session.response("UIDVALIDITY").is_empty()
                || session.selected_mailbox().and_then(|m| m.uid_validity).is_some()
        );
        let flags = session.response("FLAGS");
        assert!(flags.is_empty() || matches!(flags[0], Untagged::Data(Data::Flags(_))));
        session.delete(name.as_str()).await.expect("cleanup");
        session.logout().await.expect("logout");
    }
}

#[tokio::test]
async fn bad_and_no_paths_keep_the_session() {
    for server in servers() {
        let mut session = login(&server, Mode::Plain).await;
        let err = session.create("INBOX").await.expect_err("INBOX exists");
        assert!(matches!(err, Error::No { .. }), "{}: {err}", server.name);
        let mailbox = Mailbox::new(unique("x"));
        let err = session.status(mailbox, &[StatusItem::Messages]).await.expect_err("missing mailbox");
        assert!(matches!(err, Error::No { .. }), "{err}");
        if let Error::No { code: Some(code), .. } = &err {
            assert!(matches!(**code, Code::Nonexistent | Code::TryCreate | Code::Other { .. }), "{code:?}");
        }
        session.noop().await.expect("still usable");
        session.logout().await.expect("logout");
    }
}

#[tokio::test]
async fn child_process_transport_with_a_preauth_greeting() {
    for server in servers() {
        let Some(command) = &server.stream_command else { continue };
        let args: Vec<&str> = command[1..].iter().map(String::as_str).collect();
        let connected = Client::spawn(&command[0], &args, Config::default()).await.expect("spawn");
        let mut session = connected.into_session().expect("PREAUTH starts authenticated");
        assert!(session.peer().description.starts_with("process "));
        assert!(session.has_capability("IMAP4rev1"), "capabilities from the PREAUTH greeting");
        let selected = session.examine("INBOX").await.expect("examine over stdin/stdout");
        assert!(selected.mailbox().expect("state").read_only);
        let bye = session.logout().await.expect("logout");
        assert_eq!(bye.kind, StatusKind::Bye);
    }
}

#[tokio::test]
async fn select_with_recent_append_binary_proxyauth_and_shutdown() {
    for server in servers() {
        for mode in MODES {
            let mut session = login(&server, mode).await;
            let name = scratch(&mut session, "interop-misc").await;
            {
                let examined = session.select_with(name.as_str(), true).await.expect("select_with read-only");
                assert!(examined.mailbox().expect("state").read_only, "{} {mode:?}", server.name);
            }
            {
                let mut selected = session.select_with(name.as_str(), false).await.expect("select_with read-write");
                assert!(!selected.mailbox().expect("state").read_only);
                // imaplib's recent(): the server's RECENT count (asked with NOOP when none is kept).
                let recent = selected.recent().await.expect("recent");
                assert!(recent.iter().all(|&n| n <= 3), "{} {mode:?}: {recent:?}", server.name);
            }
            if session.has_capability("BINARY") {
                let bytes = b"Subject: binary\r\n\r\nnul \0 inside\r\n".to_vec();
                session.append_binary(name.as_str(), &[], None, bytes).await.expect("append_binary");
                let status = session.status(name.as_str(), &[StatusItem::Messages]).await.expect("status");
                assert_eq!(status.messages, Some(4), "{} {mode:?}", server.name);
            } else {
                let err = session.append_binary(name.as_str(), &[], None, b"x".to_vec()).await.expect_err("no BINARY");
                assert!(matches!(err, Error::MissingCapability(_)), "{err}");
            }
            session.delete(name.as_str()).await.expect("delete");
            // imaplib's shutdown(): closes without LOGOUT; the session is then unusable.
            session.shutdown().await.expect("shutdown");
            assert!(session.noop().await.is_err());
            assert!(session.unusable_reason().is_some());
        }
        // PROXYAUTH (imaplib's proxyauth, a Cyrus command of old): neither Cyrus 3.6 nor
        // Dovecot 2.3 knows it any more, so both answer BAD ("Unrecognized command"), a typed
        // error that keeps the session (the mock conversation test covers the OK path).
        let mut session = login(&server, Mode::Plain).await;
        let err = session.proxyauth("bob").await.expect_err("PROXYAUTH is not implemented");
        assert!(matches!(err, Error::Bad { .. }), "{}: {err}", server.name);
        session.noop().await.expect("the session survives the BAD");
        session.logout().await.expect("logout");
    }
}
