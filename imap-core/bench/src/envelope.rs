//! Random envelopes (RFC 3501 `envelope`) and the header lines they come from.
//!
//! One [`Envelope`] value is rendered twice: as the IMAP ENVELOPE structure
//! and as the From/To/Cc/Subject lines of BODY[HEADER], so both agree the
//! way they do on a real server.

use crate::date::DateTime;
use crate::mime::{encoded_word_b, encoded_word_q};
use crate::rng::Rng;
use crate::vocab::{
    DOMAINS, ESCAPED_NAMES, ESCAPED_SUBJECTS, FIRST, GROUPS, LAST, LATIN1_NAMES, LATIN1_SUBJECTS, LISTS, ROBOTS,
    SUBJECTS, UTF8_NAMES, UTF8_SUBJECTS,
};
use crate::wire::{push_nstring, push_quoted};

/// A display name or subject, in the form the message header carries it.
#[derive(Clone, Debug)]
pub(crate) enum Text {
    /// Absent (NIL in the envelope).
    None,
    /// 7-bit text; may contain `"` and `\`.
    Ascii(String),
    /// Raw UTF-8 (RFC 6532); a literal on the IMAP wire.
    Raw(String),
    /// Sent as a `=?UTF-8?B?...?=` encoded word.
    B(String),
    /// Sent as a `=?ISO-8859-1?Q?...?=` encoded word.
    Q(String),
}

impl Text {
    /// The bytes a server reports in the envelope: header text as-is,
    /// encoded words left undecoded.
    fn envelope_bytes(&self) -> Option<Vec<u8>> {
        match self {
            Text::None => None,
            Text::Ascii(s) | Text::Raw(s) => Some(s.as_bytes().to_vec()),
            Text::B(s) => Some(encoded_word_b(s).into_bytes()),
            Text::Q(s) => Some(encoded_word_q(s).into_bytes()),
        }
    }

    /// Writes the text as an RFC 5322 phrase (display name), quoting it
    /// when it contains specials.
    fn write_phrase(&self, out: &mut Vec<u8>) {
        match self {
            Text::None => {}
            Text::Ascii(s) | Text::Raw(s) => {
                if s.bytes().any(|b| b"()<>[]:;@\\,.\"".contains(&b)) {
                    out.push(b'"');
                    for b in s.bytes() {
                        if b == b'"' || b == b'\\' {
                            out.push(b'\\');
                        }
                        out.push(b);
                    }
                    out.push(b'"');
                } else {
                    out.extend_from_slice(s.as_bytes());
                }
            }
            Text::B(s) => out.extend_from_slice(encoded_word_b(s).as_bytes()),
            Text::Q(s) => out.extend_from_slice(encoded_word_q(s).as_bytes()),
        }
    }

    /// Writes the text as an unstructured header value (Subject).
    fn write_unstructured(&self, out: &mut Vec<u8>) {
        if let Some(bytes) = self.envelope_bytes() {
            out.extend_from_slice(&bytes);
        }
    }
}

/// One `name <local@host>` mailbox.
#[derive(Clone, Debug)]
pub(crate) struct Mailbox {
    pub(crate) name: Text,
    pub(crate) local: String,
    pub(crate) host: String,
}

impl Mailbox {
    /// A random sender or recipient.
    pub(crate) fn random(rng: &mut Rng) -> Self {
        let host = (*rng.pick(DOMAINS)).to_owned();
        let first = *rng.pick(FIRST);
        let last = *rng.pick(LAST);
        let plain_local = match rng.below(3) {
            0 => format!("{}.{}", first, last).to_ascii_lowercase(),
            1 => format!("{}{}", &first[..1], last).to_ascii_lowercase(),
            _ => first.to_ascii_lowercase(),
        };
        let (name, local) = match rng.below(100) {
            0..=47 => (Text::Ascii(format!("{first} {last}")), plain_local),
            48..=55 => (Text::None, plain_local),
            56..=61 => (Text::Ascii((*rng.pick(ESCAPED_NAMES)).to_owned()), plain_local),
            62..=73 => {
                let (n, l) = *rng.pick(UTF8_NAMES);
                (Text::Raw(n.to_owned()), l.to_owned())
            }
            74..=84 => {
                let (n, l) = *rng.pick(UTF8_NAMES);
                (Text::B(n.to_owned()), l.to_owned())
            }
            85..=91 => {
                let (n, l) = *rng.pick(LATIN1_NAMES);
                (Text::Q(n.to_owned()), l.to_owned())
            }
            _ => {
                let (n, l, h) = *rng.pick(ROBOTS);
                return Self { name: Text::Ascii(n.to_owned()), local: l.to_owned(), host: h.to_owned() };
            }
        };
        Self { name, local, host }
    }

    fn write_imap(&self, out: &mut Vec<u8>) {
        out.push(b'(');
        push_nstring(out, self.name.envelope_bytes().as_deref());
        // addr-adl (source route) is NIL on every modern message.
        out.extend_from_slice(b" NIL ");
        push_quoted(out, self.local.as_bytes());
        out.push(b' ');
        push_quoted(out, self.host.as_bytes());
        out.push(b')');
    }

    fn write_header(&self, out: &mut Vec<u8>) {
        if matches!(self.name, Text::None) {
            out.extend_from_slice(self.local.as_bytes());
            out.push(b'@');
            out.extend_from_slice(self.host.as_bytes());
        } else {
            self.name.write_phrase(out);
            out.extend_from_slice(b" <");
            out.extend_from_slice(self.local.as_bytes());
            out.push(b'@');
            out.extend_from_slice(self.host.as_bytes());
            out.push(b'>');
        }
    }
}

/// An address-list entry: a mailbox or an RFC 5322 group.
#[derive(Clone, Debug)]
pub(crate) enum Entry {
    Mailbox(Mailbox),
    /// `name: members;` (members may be empty, e.g. undisclosed-recipients).
    Group(&'static str, Vec<Mailbox>),
}

/// Writes an `env-to`-style list: `"(" 1*address ")" / nil`.
///
/// RFC 3501 section 7.4.2: a group starts with an address whose host is NIL
/// and whose mailbox is the group name, and ends with one whose mailbox and
/// host are both NIL. Addresses are not separated by spaces.
fn write_imap_list(out: &mut Vec<u8>, entries: &[Entry]) {
    if entries.is_empty() {
        out.extend_from_slice(b"NIL");
        return;
    }
    out.push(b'(');
    for entry in entries {
        match entry {
            Entry::Mailbox(m) => m.write_imap(out),
            Entry::Group(name, members) => {
                out.extend_from_slice(b"(NIL NIL ");
                push_quoted(out, name.as_bytes());
                out.extend_from_slice(b" NIL)");
                for m in members {
                    m.write_imap(out);
                }
                out.extend_from_slice(b"(NIL NIL NIL NIL)");
            }
        }
    }
    out.push(b')');
}

/// Writes `Field: a, b,\r\n\tc\r\n`, folding after every second entry.
fn write_header_list(out: &mut Vec<u8>, field: &str, entries: &[Entry]) {
    if entries.is_empty() {
        return;
    }
    out.extend_from_slice(field.as_bytes());
    out.extend_from_slice(b": ");
    for (i, entry) in entries.iter().enumerate() {
        if i > 0 {
            out.extend_from_slice(if i % 2 == 0 { b",\r\n\t" } else { b", " });
        }
        match entry {
            Entry::Mailbox(m) => m.write_header(out),
            Entry::Group(name, members) => {
                out.extend_from_slice(name.as_bytes());
                out.push(b':');
                for (j, m) in members.iter().enumerate() {
                    out.extend_from_slice(if j > 0 { b", " } else { b" " });
                    m.write_header(out);
                }
                out.push(b';');
            }
        }
    }
    out.extend_from_slice(b"\r\n");
}

/// The ten envelope fields of RFC 3501 section 7.4.2.
#[derive(Clone, Debug)]
pub(crate) struct Envelope {
    pub(crate) date: Option<DateTime>,
    /// Whether the Date header carries a zone comment like `(PDT)`.
    pub(crate) date_comment: bool,
    pub(crate) subject: Text,
    pub(crate) from: Vec<Entry>,
    pub(crate) sender: Vec<Entry>,
    pub(crate) reply_to: Vec<Entry>,
    pub(crate) to: Vec<Entry>,
    pub(crate) cc: Vec<Entry>,
    pub(crate) bcc: Vec<Entry>,
    pub(crate) in_reply_to: Option<String>,
    pub(crate) message_id: Option<String>,
}

fn random_subject(rng: &mut Rng) -> Text {
    let prefix = match rng.below(10) {
        0..=2 => "Re: ".to_owned(),
        3 => "Fwd: ".to_owned(),
        4 => format!("[{}] ", rng.pick(LISTS)),
        _ => String::new(),
    };
    match rng.below(100) {
        0..=2 => Text::None,
        3..=4 => Text::Ascii(String::new()),
        5..=50 => Text::Ascii(format!("{prefix}{}", rng.pick(SUBJECTS))),
        51..=59 => Text::Ascii(format!("{prefix}{}", rng.pick(ESCAPED_SUBJECTS))),
        60..=72 => Text::Raw(format!("{prefix}{}", rng.pick(UTF8_SUBJECTS))),
        73..=88 => Text::B(format!("{prefix}{}", rng.pick(UTF8_SUBJECTS))),
        _ => Text::Q(format!("{prefix}{}", rng.pick(LATIN1_SUBJECTS))),
    }
}

/// A random `<id@host>` message identifier.
pub(crate) fn random_message_id(rng: &mut Rng) -> String {
    const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let len = rng.range_usize(12, 40);
    let id: String = (0..len).map(|_| char::from(*rng.pick(ALNUM))).collect();
    match rng.below(3) {
        0 => format!("<CA{id}@mail.gmail.com>"),
        1 => format!("<{id}.{}@{}>", rng.range(1000, 99_999), rng.pick(DOMAINS)),
        _ => format!("<{id}-{}@{}>", rng.range(1, 999), rng.pick(DOMAINS)),
    }
}

fn random_entries(rng: &mut Rng, max: usize, group_per_mille: u64) -> Vec<Entry> {
    if rng.chance(group_per_mille) {
        let name = *rng.pick(GROUPS);
        let members = if name == GROUPS[0] {
            Vec::new()
        } else {
            (0..rng.range_usize(1, 3)).map(|_| Mailbox::random(rng)).collect()
        };
        let mut entries = vec![Entry::Group(name, members)];
        if rng.chance(300) {
            entries.push(Entry::Mailbox(Mailbox::random(rng)));
        }
        return entries;
    }
    (0..rng.range_usize(1, max)).map(|_| Entry::Mailbox(Mailbox::random(rng))).collect()
}

impl Envelope {
    /// A random envelope for a message sent at `date`.
    pub(crate) fn random(rng: &mut Rng, date: DateTime) -> Self {
        let from = vec![Entry::Mailbox(Mailbox::random(rng))];
        // RFC 3501: the server fills in Sender and Reply-To from From when
        // the header lacks them; mailing lists set their own.
        let list_sender = rng.chance(120);
        let list = *rng.pick(LISTS);
        let list_box = |suffix: &str| Mailbox {
            name: Text::Ascii(list.to_owned()),
            local: format!("{list}{suffix}"),
            host: "lists.example.org".to_owned(),
        };
        let sender = if list_sender { vec![Entry::Mailbox(list_box("-bounces"))] } else { from.clone() };
        let reply_to = if list_sender || rng.chance(60) { vec![Entry::Mailbox(list_box(""))] } else { from.clone() };
        let to = random_entries(rng, 4, 120);
        let cc = if rng.chance(400) { random_entries(rng, 3, 50) } else { Vec::new() };
        let bcc = if rng.chance(40) { random_entries(rng, 1, 0) } else { Vec::new() };
        Self {
            date: if rng.chance(970) { Some(date) } else { None },
            date_comment: rng.chance(400),
            subject: random_subject(rng),
            from,
            sender,
            reply_to,
            to,
            cc,
            bcc,
            in_reply_to: if rng.chance(350) { Some(random_message_id(rng)) } else { None },
            message_id: if rng.chance(990) { Some(random_message_id(rng)) } else { None },
        }
    }

    /// Writes the IMAP `envelope` structure.
    pub(crate) fn write_imap(&self, out: &mut Vec<u8>) {
        out.push(b'(');
        let date = self.date.map(|d| d.rfc5322(self.date_comment));
        push_nstring(out, date.as_deref().map(str::as_bytes));
        out.push(b' ');
        push_nstring(out, self.subject.envelope_bytes().as_deref());
        for list in [&self.from, &self.sender, &self.reply_to, &self.to, &self.cc, &self.bcc] {
            out.push(b' ');
            write_imap_list(out, list);
        }
        out.push(b' ');
        push_nstring(out, self.in_reply_to.as_deref().map(str::as_bytes));
        out.push(b' ');
        push_nstring(out, self.message_id.as_deref().map(str::as_bytes));
        out.push(b')');
    }

    /// Writes the originator, destination and identification header lines.
    pub(crate) fn write_header(&self, out: &mut Vec<u8>) {
        write_header_list(out, "From", &self.from);
        if let Some(date) = self.date {
            out.extend_from_slice(b"Date: ");
            out.extend_from_slice(date.rfc5322(self.date_comment).as_bytes());
            out.extend_from_slice(b"\r\n");
        }
        if !matches!(self.subject, Text::None) {
            out.extend_from_slice(b"Subject: ");
            self.subject.write_unstructured(out);
            out.extend_from_slice(b"\r\n");
        }
        if let Some(id) = &self.message_id {
            out.extend_from_slice(b"Message-ID: ");
            out.extend_from_slice(id.as_bytes());
            out.extend_from_slice(b"\r\n");
        }
        if let Some(id) = &self.in_reply_to {
            out.extend_from_slice(b"In-Reply-To: ");
            out.extend_from_slice(id.as_bytes());
            out.extend_from_slice(b"\r\nReferences: ");
            out.extend_from_slice(id.as_bytes());
            out.extend_from_slice(b"\r\n");
        }
        // Sender and Reply-To only appear in the header when they differ from From.
        for (field, list) in [("Sender", &self.sender), ("Reply-To", &self.reply_to)] {
            if let (Some(Entry::Mailbox(m)), Some(Entry::Mailbox(f))) = (list.first(), self.from.first()) {
                if m.local != f.local {
                    write_header_list(out, field, list);
                }
            }
        }
        write_header_list(out, "To", &self.to);
        write_header_list(out, "Cc", &self.cc);
        // Only copies the sender keeps (Sent folder) still carry Bcc.
        write_header_list(out, "Bcc", &self.bcc);
    }
}
