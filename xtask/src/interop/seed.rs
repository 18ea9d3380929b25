//! The seed: 40 deterministic messages for alice in INBOX, `Work`, `Work/Reports` and
//! `Entwürfe & Ideen`, generated here (no randomness, no clock), written to `BASE/seed/` with a
//! `manifest.json`, and APPENDed in order to a fresh mail store, so every start gives the same
//! bytes, flags, INTERNALDATEs and UIDs 1..n in each folder (only UIDVALIDITY differs).
//!
//! The mix covers what a client must parse: us-ascii and UTF-8 quoted-printable text/plain,
//! 8bit format=flowed, multipart/alternative, multipart/mixed with a base64 attachment (one
//! of 150 KB), nested multiparts with an RFC 2231 file name, message/rfc822 forwards, RFC 2047
//! B and Q encoded headers, reply threads (In-Reply-To/References), a +0100 Date, keywords.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::json;

use super::imap::{Imap, base64, mutf7, quote};

/// Folders in creation order (parents first) and how many messages each gets.
const FOLDERS: [(&str, usize); 4] = [("INBOX", 24), ("Work", 8), ("Work/Reports", 3), ("Entwürfe & Ideen", 5)];
/// 2024-01-01T08:00:00Z; message i is dated BASE + i * STEP.
const BASE_TIME: i64 = 1_704_096_000;
const STEP: i64 = 11_000;
/// The message whose attachment is large (a literal well over any read buffer).
const LARGE: usize = 14;

pub(super) struct Message {
    pub(super) index: usize,
    pub(super) kind: &'static str,
    pub(super) subject: String,
    pub(super) message_id: String,
    pub(super) flags: Vec<&'static str>,
    pub(super) time: i64,
    pub(super) bytes: Vec<u8>,
}

pub(super) struct Folder {
    pub(super) name: &'static str,
    pub(super) messages: Vec<Message>,
}

pub(super) fn corpus() -> Vec<Folder> {
    let mut all: Vec<Message> = Vec::new();
    let mut folders = Vec::new();
    for (name, count) in FOLDERS {
        let first = all.len();
        for _ in 0..count {
            let message = build(all.len(), &all[first..], &all, name);
            all.push(message);
        }
        folders.push((name, first..all.len()));
    }
    let mut messages = all.into_iter();
    folders
        .into_iter()
        .map(|(name, range)| Folder { name, messages: messages.by_ref().take(range.len()).collect() })
        .collect()
}

/// Display names and addresses; the non-ASCII names become encoded words.
const SENDERS: [(&str, &str); 6] = [
    ("Bob Example", "bob@example.org"),
    ("Jürgen Müller", "juergen@example.de"),
    ("Carol", "carol@example.org"),
    ("\"Dana, QA\"", "dana@example.com"),
    ("山田太郎", "yamada@example.jp"),
    ("Mailing List", "rust-users@lists.example.net"),
];
const SUBJECTS: [&str; 8] = [
    "Quarterly report",
    "Lunch on Friday?",
    "Build failed on main",
    "Meeting notes: planning",
    "Release checklist",
    "Invoice 2024-017",
    "Server migration window",
    "A subject long enough that it has to be folded when a client writes it back out again",
];
const UTF8_SUBJECTS: [&str; 5] =
    ["Grüße aus München", "Überweisung für Januar", "日本語のテスト", "Réunion à 10h – ça va?", "Καλημέρα κόσμε"];

fn build(index: usize, folder: &[Message], all: &[Message], folder_name: &str) -> Message {
    let time = BASE_TIME + index as i64 * STEP;
    let token = format!("seedtoken-{index:04}");
    let message_id = format!("<seed-{index:04}@interop.imap-rs.test>");
    let mut flags = Vec::new();
    if index % 3 != 0 {
        flags.push("\\Seen");
    }
    if index % 7 == 2 {
        flags.push("\\Flagged");
    }
    if index % 10 == 6 {
        flags.push("$Important");
    }
    if folder_name.starts_with("Entw") {
        flags.push("\\Draft");
    }
    let plain = SUBJECTS[index % SUBJECTS.len()].to_owned();
    let mut extra = String::new();
    let (kind, subject, content) = match index % 8 {
        1 => {
            let subject = UTF8_SUBJECTS[index % UTF8_SUBJECTS.len()].to_owned();
            let body =
                format!("Hallo Alice,\n\nschöne Grüße – das Büro ist am Montag zu.\n{token}\n\n日本語も大丈夫です。\n");
            ("text/plain; utf-8 quoted-printable", subject, text_part("plain", &body, Encoding::QuotedPrintable))
        }
        2 => ("multipart/alternative", plain, alternative(index, &token)),
        3 => {
            let csv: String = (1..=20).map(|d| format!("2024-01-{d:02},{},{}\r\n", d * 37 % 101, index)).collect();
            let parts = [
                text_part("plain", &format!("The report is attached. {token}\n"), Encoding::SevenBit),
                attachment("text/csv", &format!("filename=\"report-{index:02}.csv\""), csv.as_bytes()),
            ];
            ("multipart/mixed; attachment", plain, multipart("mixed", index, &parts))
        }
        4 => {
            // Replies chain to the folder's previous reply (or its first message): a thread.
            let parent = folder.iter().rev().find(|m| m.kind == "reply").or(folder.first()).or(all.last());
            let body = format!("Sounds good. {token}\n\n> earlier message\n");
            let subject = match parent {
                Some(p) => {
                    let references = references_of(p);
                    let _ = write!(extra, "In-Reply-To: {}\r\nReferences: {references}\r\n", p.message_id);
                    format!("Re: {}", p.subject.trim_start_matches("Re: "))
                }
                None => plain,
            };
            flags.push("\\Answered");
            ("reply", subject, text_part("plain", &body, Encoding::SevenBit))
        }
        5 if index >= 3 => {
            let inner = &all[index - 3];
            let parts = [
                text_part("plain", &format!("Forwarding this one. {token}\n"), Encoding::SevenBit),
                format!(
                    "Content-Type: message/rfc822\r\nContent-Disposition: inline\r\n\r\n{}",
                    String::from_utf8_lossy(&inner.bytes)
                ),
            ];
            flags.push("$Forwarded");
            ("message/rfc822 forward", format!("Fwd: {}", inner.subject), multipart("mixed", index, &parts))
        }
        6 => {
            let size = if index == LARGE { 150_000 } else { 700 };
            let parts = [
                alternative(index, &token),
                attachment(
                    "application/octet-stream",
                    &format!("filename*=UTF-8''Pr%C3%BCfbericht-{index:02}.bin"),
                    &noise(index as u64, size),
                ),
            ];
            ("multipart/mixed; alternative + attachment", plain, multipart("mixed", index, &parts))
        }
        7 => {
            let to: Vec<String> = (1..=12).map(|n| format!("Recipient {n} <r{n}@example.org>")).collect();
            let _ = write!(extra, "Cc: {}\r\n", to.join(",\r\n "));
            let body = format!(
                "Ein langer Absatz, der mit format=flowed umbrochen wird und 8bit UTF-8 enthält: äöüß. \n\
                 Die zweite Zeile schließt ihn ab. {token}\n"
            );
            ("text/plain; format=flowed 8bit", plain, text_part("plain; format=flowed", &body, Encoding::EightBit))
        }
        _ => (
            "text/plain",
            plain,
            text_part("plain", &format!("Hello Alice,\n\nsee you soon. {token}\n"), Encoding::SevenBit),
        ),
    };
    let (name, address) = SENDERS[index % SENDERS.len()];
    let name = match name {
        n if n.is_ascii() => n.to_owned(),
        // Q suits mostly-Latin text (what mailers pick for it); B the rest.
        n if n.chars().all(|c| c < '\u{0250}') => q_word(n),
        n => b_words(n),
    };
    let from = format!("{name} <{address}>");
    // One in five Date headers carries +0100, so clients see a non-UTC zone.
    let date = if index % 5 == 1 { rfc5322_date(time + 3600, "+0100") } else { rfc5322_date(time, "+0000") };
    let subject_header = if subject.is_ascii() { fold(&subject) } else { b_words(&subject) };
    let head = format!(
        "Date: {date}\r\nFrom: {from}\r\nTo: Alice Example <alice@example.org>\r\nSubject: {subject_header}\r\n\
         Message-ID: {message_id}\r\n{extra}X-Seed-Index: {index}\r\nMIME-Version: 1.0\r\n"
    );
    Message { index, kind, subject, message_id, flags, time, bytes: format!("{head}{content}").into_bytes() }
}

fn references_of(parent: &Message) -> String {
    let text = String::from_utf8_lossy(&parent.bytes);
    let previous = text.lines().find_map(|l| l.strip_prefix("References: ")).map(str::to_owned);
    match previous {
        Some(refs) => format!("{refs} {}", parent.message_id),
        None => parent.message_id.clone(),
    }
}

#[derive(Clone, Copy)]
enum Encoding {
    SevenBit,
    EightBit,
    QuotedPrintable,
}

/// A text part: headers and body, CRLF line ends (`body` uses `\n`).
fn text_part(subtype: &str, body: &str, encoding: Encoding) -> String {
    let (charset, cte, body) = match encoding {
        Encoding::SevenBit => ("us-ascii", "7bit", body.replace('\n', "\r\n")),
        Encoding::EightBit => ("utf-8", "8bit", body.replace('\n', "\r\n")),
        Encoding::QuotedPrintable => ("utf-8", "quoted-printable", quoted_printable(body)),
    };
    let (subtype, params) = subtype.split_once("; ").map_or((subtype, String::new()), |(s, p)| (s, format!("; {p}")));
    format!("Content-Type: text/{subtype}; charset={charset}{params}\r\nContent-Transfer-Encoding: {cte}\r\n\r\n{body}")
}

fn alternative(index: usize, token: &str) -> String {
    let html = format!("<html><body><p>Hello <b>Alice</b>,</p><p>the agenda is below. {token}</p></body></html>\n");
    let parts = [
        text_part("plain", &format!("Hello Alice,\n\nthe agenda is below. {token}\n"), Encoding::SevenBit),
        text_part("html", &html, Encoding::SevenBit),
    ];
    multipart("alternative", index, &parts)
}

fn attachment(content_type: &str, filename: &str, data: &[u8]) -> String {
    let encoded = base64(data, false);
    let lines: Vec<&str> = encoded.as_bytes().chunks(76).map(|c| std::str::from_utf8(c).unwrap_or_default()).collect();
    format!(
        "Content-Type: {content_type}\r\nContent-Disposition: attachment; {filename}\r\n\
         Content-Transfer-Encoding: base64\r\n\r\n{}\r\n",
        lines.join("\r\n")
    )
}

/// A multipart entity (its Content-Type header, a blank line and the parts).
fn multipart(subtype: &str, index: usize, parts: &[String]) -> String {
    let boundary = format!("=_{subtype}_{index:04}_seed");
    let mut out =
        format!("Content-Type: multipart/{subtype}; boundary=\"{boundary}\"\r\n\r\nThis is a MIME message.\r\n");
    for part in parts {
        let _ = write!(out, "--{boundary}\r\n{part}");
        if !part.ends_with("\r\n") {
            out.push_str("\r\n");
        }
    }
    let _ = write!(out, "--{boundary}--\r\n");
    out
}

/// Deterministic bytes (xorshift64) standing in for a binary attachment.
fn noise(seed: u64, len: usize) -> Vec<u8> {
    let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 24) as u8
        })
        .collect()
}

/// Quoted-printable (RFC 2045) with CRLF line ends and soft breaks before column 76.
fn quoted_printable(text: &str) -> String {
    let mut out = String::new();
    for line in text.split('\n') {
        let mut column = 0;
        let bytes = line.as_bytes();
        for (i, &b) in bytes.iter().enumerate() {
            let last = i + 1 == bytes.len();
            let piece = if b == b'=' || !(b' '..=b'~').contains(&b) || (last && b == b' ') {
                format!("={b:02X}")
            } else {
                char::from(b).to_string()
            };
            if column + piece.len() > 75 {
                out.push_str("=\r\n");
                column = 0;
            }
            column += piece.len();
            out.push_str(&piece);
        }
        out.push_str("\r\n");
    }
    // `text` ends with '\n', which the split turned into a trailing empty line.
    out.truncate(out.len() - 2);
    out
}

/// RFC 2047 B encoded words, at most 39 bytes of text each, folded onto continuation lines.
fn b_words(text: &str) -> String {
    let mut words = Vec::new();
    let mut chunk = String::new();
    for c in text.chars() {
        if chunk.len() + c.len_utf8() > 39 {
            words.push(format!("=?UTF-8?B?{}?=", base64(chunk.as_bytes(), false)));
            chunk.clear();
        }
        chunk.push(c);
    }
    words.push(format!("=?UTF-8?B?{}?=", base64(chunk.as_bytes(), false)));
    words.join("\r\n ")
}

/// An RFC 2047 Q encoded word (display names).
fn q_word(text: &str) -> String {
    let mut out = String::from("=?UTF-8?Q?");
    for &b in text.as_bytes() {
        match b {
            b' ' => out.push('_'),
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' => out.push(char::from(b)),
            _ => {
                let _ = write!(out, "={b:02X}");
            }
        }
    }
    out.push_str("?=");
    out
}

/// Folds an ASCII header value at spaces so no line exceeds 78 characters.
fn fold(value: &str) -> String {
    let mut out = String::new();
    let mut column = "Subject: ".len();
    for (i, word) in value.split(' ').enumerate() {
        if i > 0 {
            if column + 1 + word.len() > 78 {
                out.push_str("\r\n");
                column = 0;
            }
            out.push(' ');
            column += 1;
        }
        out.push_str(word);
        column += word.len();
    }
    out
}

const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// (year, month 1-12, day, weekday 0 = Sunday, hh, mm, ss) of a Unix time.
fn civil(time: i64) -> (i64, usize, i64, usize, i64, i64, i64) {
    let (days, secs) = (time.div_euclid(86_400), time.rem_euclid(86_400));
    // Howard Hinnant's days-to-civil algorithm.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    let weekday = (days + 4).rem_euclid(7) as usize;
    (year, month as usize, day, weekday, secs / 3600, secs / 60 % 60, secs % 60)
}

fn rfc5322_date(local: i64, zone: &str) -> String {
    const DAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
    let (y, m, d, wd, hh, mm, ss) = civil(local);
    format!("{}, {d} {} {y} {hh:02}:{mm:02}:{ss:02} {zone}", DAYS[wd], MONTHS[m - 1])
}

/// The APPEND date-time (RFC 3501 `date-time`), always UTC.
pub(super) fn internal_date(time: i64) -> String {
    let (y, m, d, _, hh, mm, ss) = civil(time);
    format!("{d:02}-{}-{y} {hh:02}:{mm:02}:{ss:02} +0000", MONTHS[m - 1])
}

/// Writes each message to `dir/<n>-<folder>/<uid>.eml` and `dir/manifest.json`; returns the
/// manifest's path. A directory that already holds this very seed is left untouched, so runs
/// that share a base directory do not pull files from under each other's tests.
pub(super) fn write(dir: &Path, corpus: &[Folder], user: &str) -> Result<PathBuf, String> {
    let manifest = dir.join("manifest.json");
    let mut files = Vec::new();
    let mut folders = Vec::new();
    for (n, folder) in corpus.iter().enumerate() {
        let sub = format!("{n}-{}", folder.name.replace(|c: char| !c.is_ascii_alphanumeric(), "_"));
        let mut messages = Vec::new();
        for (i, m) in folder.messages.iter().enumerate() {
            let file = format!("{sub}/{:03}.eml", i + 1);
            messages.push(json!({
                "uid": i + 1,
                "index": m.index,
                "kind": m.kind,
                "subject": m.subject,
                "message_id": m.message_id,
                "flags": m.flags,
                "internal_date": internal_date(m.time),
                "size": m.bytes.len(),
                "fnv1a64": format!("{:016x}", fnv1a64(&m.bytes)),
                "file": file,
            }));
            files.push((file, &m.bytes));
        }
        folders.push(json!({ "name": folder.name, "name_utf7": mutf7(folder.name), "messages": messages }));
    }
    let doc = json!({
        "user": user,
        "delimiter": "/",
        "note": "APPENDed in this order to fresh mailboxes: uid is exact; files hold the exact bytes",
        "folders": folders,
    });
    let text = serde_json::to_string_pretty(&doc).map_err(|e| e.to_string())? + "\n";
    if fs::read_to_string(&manifest).is_ok_and(|old| old == text) && files.iter().all(|(f, _)| dir.join(f).is_file()) {
        return Ok(manifest);
    }
    if dir.exists() {
        if !manifest.exists() && fs::read_dir(dir).map(|mut d| d.next().is_some()).unwrap_or(true) {
            return Err(format!("{} exists and is not a seed directory; not replacing it", dir.display()));
        }
        fs::remove_dir_all(dir).map_err(|e| format!("remove {}: {e}", dir.display()))?;
    }
    for (file, bytes) in files {
        let path = dir.join(&file);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| format!("create {}: {e}", parent.display()))?;
        }
        fs::write(&path, bytes).map_err(|e| format!("write {}: {e}", path.display()))?;
    }
    fs::write(&manifest, text).map_err(|e| format!("write {}: {e}", manifest.display()))?;
    Ok(manifest)
}

/// FNV-1a, 64 bit: a content fingerprint in the manifest (no hash crate needed for it).
fn fnv1a64(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

/// Creates and subscribes the folders and APPENDs the messages, over the plain port.
pub(super) fn upload(port: u16, user: &str, password: &str, corpus: &[Folder]) -> Result<(), String> {
    let mut imap = Imap::connect(port, Duration::from_secs(30))?;
    imap.authenticate_plain("", user, password)?;
    for folder in corpus {
        let name = mutf7(folder.name);
        if folder.name != "INBOX" {
            imap.command(&format!("CREATE {}", quote(&name)))?;
            imap.command(&format!("SUBSCRIBE {}", quote(&name)))?;
        }
        let batch: Vec<(&[&str], String, &[u8])> =
            folder.messages.iter().map(|m| (&m.flags[..], internal_date(m.time), &m.bytes[..])).collect();
        imap.multiappend(&name, &batch)?;
    }
    imap.logout();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_encodings() {
        assert_eq!(rfc5322_date(BASE_TIME, "+0000"), "Mon, 1 Jan 2024 08:00:00 +0000");
        assert_eq!(internal_date(1_709_210_096), "29-Feb-2024 12:34:56 +0000");
        assert_eq!(q_word("Jürgen Müller"), "=?UTF-8?Q?J=C3=BCrgen_M=C3=BCller?=");
        assert_eq!(quoted_printable("a=b ü\n"), "a=3Db =C3=BC\r\n");
    }

    #[test]
    fn corpus_is_deterministic_and_well_formed() {
        let (a, b) = (corpus(), corpus());
        let count: usize = a.iter().map(|f| f.messages.len()).sum();
        assert_eq!(count, 40);
        for (fa, fb) in a.iter().zip(&b) {
            for (ma, mb) in fa.messages.iter().zip(&fb.messages) {
                assert_eq!(ma.bytes, mb.bytes);
                let text = String::from_utf8_lossy(&ma.bytes);
                assert!(text.split("\r\n").all(|l| !l.contains('\n') && !l.contains('\r')), "CRLF only");
                assert!(text.contains(&format!("seedtoken-{:04}", ma.index)));
            }
        }
        let kinds: Vec<&str> = a.iter().flat_map(|f| f.messages.iter().map(|m| m.kind)).collect();
        for kind in ["multipart/alternative", "message/rfc822 forward", "reply", "multipart/mixed; attachment"] {
            assert!(kinds.contains(&kind), "{kind}");
        }
    }
}
