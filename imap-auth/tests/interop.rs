//! Every mechanism against real Dovecot and Cyrus (started by `cargo xtask interop`, which sets
//! `IMAPTEST_DOVECOT_ENV` / `IMAPTEST_CYRUS_ENV`); without them there is nothing to test
//! against and the tests pass after saying so.

use std::collections::HashMap;

use imap_auth::{AuthOptions, Choice, CramMd5, Credentials, Login, LoginCramMd5, Plain, Scram, login};
use imap_core::auth::Authenticator;
use imap_core::client::{Client, Config, Error};
use imap_core::transport::TlsConnector;
use imap_core::types::Secret;

struct Server {
    name: String,
    host: String,
    port: u16,
    tls_port: u16,
    ca: Vec<u8>,
    users: HashMap<String, String>,
    master: Option<(String, String)>,
}

fn servers() -> Vec<Server> {
    let mut out = Vec::new();
    for var in ["IMAPTEST_DOVECOT_ENV", "IMAPTEST_CYRUS_ENV"] {
        let Ok(path) = std::env::var(var) else { continue };
        let text = std::fs::read_to_string(&path).expect("env file");
        let env: HashMap<String, String> = text
            .lines()
            .filter(|l| !l.trim_start().starts_with('#'))
            .filter_map(|l| l.split_once('='))
            .map(|(k, v)| (k.trim().to_owned(), v.trim().trim_matches('"').to_owned()))
            .collect();
        let pairs = |v: &str| -> Vec<(String, String)> {
            v.split_whitespace().filter_map(|p| p.split_once(':')).map(|(a, b)| (a.to_owned(), b.to_owned())).collect()
        };
        out.push(Server {
            name: env["IMAPTEST_SERVER"].clone(),
            host: env["IMAPTEST_HOST"].clone(),
            port: env["IMAPTEST_PORT"].parse().expect("port"),
            tls_port: env["IMAPTEST_TLS_PORT"].parse().expect("port"),
            ca: std::fs::read(&env["IMAPTEST_CA"]).expect("CA"),
            users: pairs(&env["IMAPTEST_USERS"]).into_iter().collect(),
            master: env.get("IMAPTEST_MASTER").and_then(|m| pairs(m).into_iter().next()),
        });
    }
    if out.is_empty() {
        eprintln!("imap-auth interop: no servers configured; run `cargo xtask interop`");
    }
    out
}

async fn plain_client(server: &Server) -> Client {
    Client::connect_tcp((server.host.as_str(), server.port), Config::default())
        .await
        .expect("connect")
        .into_client()
        .expect("client")
}

async fn tls_client(server: &Server) -> Client {
    let tls = TlsConnector::from_pem(&server.ca).expect("CA");
    Client::connect_tls((server.host.as_str(), server.tls_port), "localhost", &tls, Config::default())
        .await
        .expect("connect")
        .into_client()
        .expect("client")
}

async fn assert_logged_in(client: Client, mechanism: &mut dyn Authenticator, server: &Server) {
    let name = mechanism.mechanism().to_owned();
    match client.authenticate(mechanism).await {
        Ok(mut session) => {
            session.noop().await.expect("noop after auth");
            session.logout().await.expect("logout");
        }
        Err(rejected) => panic!("{} {name}: {}", server.name, rejected.error),
    }
}

#[tokio::test]
async fn every_password_mechanism_logs_in() {
    for server in servers() {
        let password = || Secret::new(server.users["alice"].clone());
        // Mechanisms keep state, so each connection gets fresh ones.
        let mechanisms = || -> Vec<Box<dyn Authenticator>> {
            vec![
                Box::new(Plain::new("alice", password())),
                Box::new(Login::new("alice", password())),
                Box::new(CramMd5::new("alice", password())),
                Box::new(Scram::sha1("alice", password()).expect("scram")),
                Box::new(Scram::sha256("alice", password()).expect("scram")),
            ]
        };
        for mut mechanism in mechanisms() {
            assert_logged_in(plain_client(&server).await, mechanism.as_mut(), &server).await;
        }
        for mut mechanism in mechanisms() {
            assert_logged_in(tls_client(&server).await, mechanism.as_mut(), &server).await;
        }
    }
}

#[tokio::test]
async fn scram_with_a_wrong_password_fails_with_no() {
    for server in servers() {
        let mut scram = Scram::sha256("alice", Secret::new("wrong".into())).expect("scram");
        let rejected = plain_client(&server).await.authenticate(&mut scram).await.expect_err("wrong password");
        assert!(matches!(rejected.error, Error::No { .. } | Error::Auth(_)), "{}: {}", server.name, rejected.error);
    }
}

#[tokio::test]
async fn utf8_password_with_plain_and_scram() {
    for server in servers() {
        let Some(password) = server.users.get("carol") else { continue };
        let mut plain = Plain::new("carol", Secret::new(password.clone()));
        assert_logged_in(tls_client(&server).await, &mut plain, &server).await;
        let mut scram = Scram::sha256("carol", Secret::new(password.clone())).expect("scram");
        assert_logged_in(tls_client(&server).await, &mut scram, &server).await;
    }
}

#[tokio::test]
async fn plain_with_authzid_through_the_master_user() {
    for server in servers() {
        let Some((master, password)) = &server.master else { continue };
        let mut plain = Plain::new(master.clone(), Secret::new(password.clone())).with_authzid("alice");
        let mut session = tls_client(&server)
            .await
            .authenticate(&mut plain)
            .await
            .unwrap_or_else(|r| panic!("{}: {}", server.name, r.error));
        // Dovecot answers STATUS INBOX with NO in master-user sessions; LIST shows whose
        // mailboxes these are.
        let listed = session.list("", "*").await.expect("list as alice");
        assert!(listed.iter().any(|l| l.mailbox.is_inbox()), "{}", server.name);
    }
}

#[tokio::test]
async fn login_cram_md5_like_imaplib() {
    for server in servers() {
        let session =
            plain_client(&server).await.login_cram_md5("alice", &Secret::new(server.users["alice"].clone())).await;
        assert!(session.is_ok(), "{}", server.name);
    }
}

#[tokio::test]
async fn negotiation_picks_scram_and_refuses_cleartext_without_tls() {
    for server in servers() {
        let credentials = Credentials::new("alice", server.users["alice"].clone());
        let client = tls_client(&server).await;
        let caps = client.capabilities().clone();
        let binding = client.transport().channel_binding();
        let choice =
            imap_auth::choose(&caps, true, binding.as_ref(), &credentials, &AuthOptions::default()).expect("choice");
        assert_eq!(choice, Choice::Mechanism("SCRAM-SHA-256".into()), "{}", server.name);
        let mut session = login(client, &credentials, &AuthOptions::default())
            .await
            .unwrap_or_else(|r| panic!("{}: {}", server.name, r.error));
        session.noop().await.expect("noop");

        // Without TLS and with only cleartext mechanisms allowed, nothing is sent.
        let options = AuthOptions { mechanisms: vec!["PLAIN".into(), "LOGIN".into()], ..AuthOptions::default() };
        let rejected = login(plain_client(&server).await, &credentials, &options).await.expect_err("cleartext refused");
        assert!(rejected.error.to_string().contains("without TLS"), "{}", rejected.error);
    }
}

#[tokio::test]
async fn scram_plus_with_tls_exporter() {
    for server in servers() {
        let client = tls_client(&server).await;
        if !client.capabilities().has_auth("SCRAM-SHA-256-PLUS") {
            eprintln!("{} does not offer SCRAM-SHA-256-PLUS", server.name);
            continue;
        }
        let mut scram = Scram::sha256("alice", Secret::new(server.users["alice"].clone())).expect("scram").plus();
        match client.authenticate(&mut scram).await {
            Ok(_) => eprintln!("{}: SCRAM-SHA-256-PLUS with tls-exporter works", server.name),
            // Cyrus 3.6 advertises -PLUS but binds to tls-unique only: a typed NO, not a hang.
            Err(rejected) => assert!(matches!(rejected.error, Error::No { .. }), "{}: {}", server.name, rejected.error),
        }
    }
}
