//! Just enough IMAP to wait for a greeting, log in, create mailboxes, APPEND and SETQUOTA
//! over the plain port while setting servers up. Deliberately independent of imap-core: the
//! setup must keep working while the client under test is broken, and must not hide its bugs.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use super::process::loopback;

/// One connection to 127.0.0.1.
pub(super) struct Imap {
    stream: BufReader<TcpStream>,
    next_tag: u32,
}

impl Imap {
    /// Connects and reads the greeting, which must be `* OK`.
    pub(super) fn connect(port: u16, timeout: Duration) -> Result<Self, String> {
        let tcp = TcpStream::connect_timeout(&loopback(port), timeout).map_err(|e| format!("connect {port}: {e}"))?;
        // Without TCP_NODELAY each APPEND waits for a delayed ACK (Nagle's algorithm).
        tcp.set_nodelay(true).map_err(|e| e.to_string())?;
        tcp.set_read_timeout(Some(timeout)).map_err(|e| e.to_string())?;
        tcp.set_write_timeout(Some(timeout)).map_err(|e| e.to_string())?;
        let mut imap = Imap { stream: BufReader::new(tcp), next_tag: 1 };
        let greeting = imap.read_response()?;
        if !greeting.starts_with("* OK") {
            return Err(format!("port {port}: unexpected greeting {greeting:?}"));
        }
        Ok(imap)
    }

    fn write(&mut self, bytes: &[u8]) -> Result<(), String> {
        let tcp = self.stream.get_mut();
        tcp.write_all(bytes).and_then(|()| tcp.flush()).map_err(|e| format!("write: {e}"))
    }

    /// One response line, with any literals it carries inlined (lossy UTF-8, no CRLF).
    fn read_response(&mut self) -> Result<String, String> {
        let mut out = Vec::new();
        loop {
            let start = out.len();
            let n = self.stream.read_until(b'\n', &mut out).map_err(|e| format!("read: {e}"))?;
            if n == 0 {
                return Err("connection closed by the server".into());
            }
            let line = &out[start..];
            let Some(size) = literal_size(line) else { break };
            let mut literal = vec![0; size];
            self.stream.read_exact(&mut literal).map_err(|e| format!("read literal: {e}"))?;
            out.extend_from_slice(&literal);
        }
        while out.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
            out.pop();
        }
        Ok(String::from_utf8_lossy(&out).into_owned())
    }

    fn tag(&mut self) -> String {
        let tag = format!("x{}", self.next_tag);
        self.next_tag += 1;
        tag
    }

    /// Reads until the tagged response to `tag`; untagged lines are returned on OK.
    fn finish(&mut self, tag: &str, what: &str) -> Result<Vec<String>, String> {
        let mut untagged = Vec::new();
        loop {
            let line = self.read_response()?;
            if let Some(status) = line.strip_prefix(tag).and_then(|r| r.strip_prefix(' ')) {
                return if status.starts_with("OK") { Ok(untagged) } else { Err(format!("{what}: {status}")) };
            }
            untagged.push(line);
        }
    }

    /// Sends one command line (without tag and CRLF) and waits for OK.
    pub(super) fn command(&mut self, command: &str) -> Result<Vec<String>, String> {
        let tag = self.tag();
        self.write(format!("{tag} {command}\r\n").as_bytes())?;
        let verb = command.split(' ').next().unwrap_or(command);
        self.finish(&tag, verb)
    }

    /// Waits for the `+` continuation request of a synchronizing literal or SASL exchange.
    fn expect_continuation(&mut self, tag: &str, what: &str) -> Result<(), String> {
        let line = self.read_response()?;
        if line.starts_with('+') {
            Ok(())
        } else if line.starts_with(tag) {
            Err(format!("{what}: {line}"))
        } else {
            // An untagged line first (e.g. an EXISTS); the continuation follows.
            self.expect_continuation(tag, what)
        }
    }

    /// AUTHENTICATE PLAIN without SASL-IR (both servers, and UTF-8 passwords, work this way).
    pub(super) fn authenticate_plain(&mut self, authzid: &str, user: &str, password: &str) -> Result<(), String> {
        let tag = self.tag();
        self.write(format!("{tag} AUTHENTICATE PLAIN\r\n").as_bytes())?;
        let what = format!("AUTHENTICATE PLAIN as {user}");
        self.expect_continuation(&tag, &what)?;
        let response = base64(format!("{authzid}\0{user}\0{password}").as_bytes(), false);
        self.write(format!("{response}\r\n").as_bytes())?;
        self.finish(&tag, &what).map(drop)
    }

    /// One APPEND of all `messages` (flags, date-time, bytes) with MULTIAPPEND (RFC 3502):
    /// the server stores them in one transaction, several times faster on Cyrus than one
    /// APPEND each. Synchronizing literals, so LITERAL+ is not needed.
    pub(super) fn multiappend(&mut self, mailbox: &str, messages: &[(&[&str], String, &[u8])]) -> Result<(), String> {
        let tag = self.tag();
        let what = format!("APPEND to {mailbox}");
        let mut line = format!("{tag} APPEND {}", quote(mailbox));
        for (i, (flags, date, bytes)) in messages.iter().enumerate() {
            line.push_str(&format!(" ({}) \"{date}\" {{{}}}\r\n", flags.join(" "), bytes.len()));
            self.write(line.as_bytes())?;
            self.expect_continuation(&tag, &what)?;
            self.write(bytes)?;
            line = if i + 1 == messages.len() { "\r\n".to_owned() } else { String::new() };
        }
        self.write(line.as_bytes())?;
        self.finish(&tag, &what).map(drop)
    }

    pub(super) fn logout(mut self) {
        // The server's BYE is all that follows; a failure here changes nothing.
        let _ = self.command("LOGOUT");
    }
}

/// `N` when `line` ends with a literal announcement `{N}` or `{N+}` (before CRLF).
fn literal_size(line: &[u8]) -> Option<usize> {
    let line = line.strip_suffix(b"\n")?;
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    let line = line.strip_suffix(b"}")?;
    let line = line.strip_suffix(b"+").unwrap_or(line);
    let open = line.iter().rposition(|&b| b == b'{')?;
    std::str::from_utf8(&line[open + 1..]).ok()?.parse().ok()
}

/// An IMAP quoted string (for ASCII text; mailbox names go through [`mutf7`] first).
pub(super) fn quote(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// Base64 (RFC 4648, padded); `modified` selects IMAP's variant for mailbox names (RFC 3501
/// 5.1.3: ',' instead of '/', no padding).
pub(super) fn base64(data: &[u8], modified: bool) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..=chunk.len() {
            let c = ALPHABET[((n >> (18 - 6 * i)) & 63) as usize];
            out.push(if modified && c == b'/' { ',' } else { char::from(c) });
        }
        if !modified {
            out.extend(std::iter::repeat_n('=', 3 - chunk.len()));
        }
    }
    out
}

/// A mailbox name in modified UTF-7 (RFC 3501 5.1.3), as IMAP4rev1 servers expect it.
pub(super) fn mutf7(name: &str) -> String {
    let mut out = String::new();
    let mut pending: Vec<u16> = Vec::new();
    let flush = |pending: &mut Vec<u16>, out: &mut String| {
        if !pending.is_empty() {
            let bytes: Vec<u8> = pending.iter().flat_map(|u| u.to_be_bytes()).collect();
            out.push('&');
            out.push_str(&base64(&bytes, true));
            out.push('-');
            pending.clear();
        }
    };
    for c in name.chars() {
        if (' '..='~').contains(&c) {
            flush(&mut pending, &mut out);
            if c == '&' {
                out.push_str("&-");
            } else {
                out.push(c);
            }
        } else {
            pending.extend(c.encode_utf16(&mut [0; 2]).iter());
        }
    }
    flush(&mut pending, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modified_utf7_matches_rfc_3501_examples() {
        assert_eq!(mutf7("Entwürfe & Ideen"), "Entw&APw-rfe &- Ideen");
        assert_eq!(mutf7("~peter/mail/台北/日本語"), "~peter/mail/&U,BTFw-/&ZeVnLIqe-");
        assert_eq!(mutf7("INBOX"), "INBOX");
    }

    #[test]
    fn base64_pads_and_literals_are_found() {
        assert_eq!(base64(b"\0alice\0alicepass", false), "AGFsaWNlAGFsaWNlcGFzcw==");
        assert_eq!(base64(b"ab", false), "YWI=");
        assert_eq!(literal_size(b"* LIST () \"/\" {12}\r\n"), Some(12));
        assert_eq!(literal_size(b"* 1 FETCH (BODY[] {3+}\r\n"), Some(3));
        assert_eq!(literal_size(b"* OK done\r\n"), None);
    }
}
