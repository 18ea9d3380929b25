//! Mailbox names: decoded text for the caller, modified UTF-7 (or raw UTF-8) on the wire.

use std::borrow::Cow;
use std::fmt;

use super::string::IString;
use super::utf7::{decode_utf7, encode_utf7};

/// A mailbox name.
///
/// The caller sees the decoded name (`Entwürfe & Ideen`); the wire carries modified UTF-7
/// (`Entw&APw-rfe &- Ideen`, RFC 3501 section 5.1.3), or raw UTF-8 once `UTF8=ACCEPT` is
/// enabled (RFC 6855). A name that came from the server keeps its exact wire bytes, so it is
/// sent back byte for byte even when it was not valid modified UTF-7.
///
/// `INBOX` is case-insensitive: `inbox`, `Inbox` and `INBOX` are the same mailbox and are
/// named `INBOX`. Other names compare exactly.
///
/// ```
/// use imap_core::types::Mailbox;
/// let drafts = Mailbox::new("Entwürfe & Ideen");
/// assert_eq!(&*drafts.to_wire(false), b"Entw&APw-rfe &- Ideen");
/// assert_eq!(&*drafts.to_wire(true), "Entwürfe & Ideen".as_bytes());
/// assert_eq!(Mailbox::new("inbox"), Mailbox::inbox());
/// ```
#[derive(Clone)]
pub struct Mailbox {
    name: String,
    wire: Option<IString>,
}

impl Mailbox {
    /// A mailbox by its decoded name.
    pub fn new(name: impl Into<String>) -> Self {
        let mut name = name.into();
        if name.eq_ignore_ascii_case("INBOX") {
            name = "INBOX".to_owned();
        }
        Mailbox { name, wire: None }
    }

    /// `INBOX`.
    pub fn inbox() -> Self {
        Mailbox { name: "INBOX".to_owned(), wire: None }
    }

    /// A name as the server sent it. Without UTF-8 mode it is decoded from modified UTF-7;
    /// names that are not valid modified UTF-7 are taken as UTF-8 (servers that send raw
    /// UTF-8 without being asked), else decoded lossily. The wire bytes are kept either way.
    pub fn from_wire(wire: impl Into<IString>, utf8_mode: bool) -> Self {
        let wire = wire.into();
        let decoded = if utf8_mode { None } else { decode_utf7(wire.as_bytes()).ok() };
        let name = decoded.unwrap_or_else(|| wire.to_string_lossy().into_owned());
        let mut mailbox = Mailbox::new(name);
        mailbox.wire = Some(wire);
        mailbox
    }

    /// The decoded name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// True for `INBOX` (any case).
    pub fn is_inbox(&self) -> bool {
        self.name == "INBOX"
    }

    /// The exact bytes the server used for this name, when it came from the server.
    pub fn received_wire(&self) -> Option<&IString> {
        self.wire.as_ref()
    }

    /// The bytes to send: the server's own bytes when the name came from it, else modified
    /// UTF-7, or UTF-8 in UTF-8 mode.
    pub fn to_wire(&self, utf8_mode: bool) -> Cow<'_, [u8]> {
        match &self.wire {
            Some(wire) => Cow::Borrowed(wire.as_bytes()),
            None if utf8_mode => Cow::Borrowed(self.name.as_bytes()),
            None => Cow::Owned(encode_utf7(&self.name).into_bytes()),
        }
    }
}

impl PartialEq for Mailbox {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
    }
}

impl Eq for Mailbox {}

impl std::hash::Hash for Mailbox {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.name.hash(state);
    }
}

impl fmt::Debug for Mailbox {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Mailbox({:?})", self.name)
    }
}

impl fmt::Display for Mailbox {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)
    }
}

impl From<&str> for Mailbox {
    fn from(name: &str) -> Self {
        Mailbox::new(name)
    }
}

impl From<String> for Mailbox {
    fn from(name: String) -> Self {
        Mailbox::new(name)
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Mailbox {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inbox_is_case_insensitive() {
        for spelling in ["inbox", "Inbox", "INBOX", "iNbOx"] {
            let mailbox = Mailbox::from_wire(spelling.as_bytes(), false);
            assert!(mailbox.is_inbox());
            assert_eq!(mailbox, Mailbox::inbox());
            assert_eq!(mailbox.name(), "INBOX");
        }
        assert!(!Mailbox::new("INBOX/Sub").is_inbox());
        assert_ne!(Mailbox::new("inbox/sub"), Mailbox::new("INBOX/sub"));
    }

    #[test]
    fn decodes_modified_utf7_from_the_wire() {
        let mailbox = Mailbox::from_wire(&b"&ZeVnLIqe-"[..], false);
        assert_eq!(mailbox.name(), "日本語");
        assert_eq!(&*mailbox.to_wire(false), b"&ZeVnLIqe-");
    }

    #[test]
    fn utf8_mode_takes_names_as_they_are() {
        let mailbox = Mailbox::from_wire(&b"A&B-"[..], true);
        assert_eq!(mailbox.name(), "A&B-");
        assert_eq!(&*Mailbox::new("日本語").to_wire(true), "日本語".as_bytes());
        assert_eq!(&*Mailbox::new("日本語").to_wire(false), b"&ZeVnLIqe-");
    }

    #[test]
    fn raw_utf8_from_a_server_is_tolerated_and_sent_back_unchanged() {
        let mailbox = Mailbox::from_wire("Entwürfe".as_bytes(), false);
        assert_eq!(mailbox.name(), "Entwürfe");
        assert_eq!(&*mailbox.to_wire(false), "Entwürfe".as_bytes());
    }

    #[test]
    fn undecodable_names_keep_their_bytes() {
        let mailbox = Mailbox::from_wire(&b"bad&\xff"[..], false);
        assert_eq!(&*mailbox.to_wire(false), b"bad&\xff");
    }
}
