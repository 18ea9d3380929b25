//! FETCH response data (RFC 3501 section 7.4.2, plus CONDSTORE's MODSEQ and BINARY's items).

use super::body::BodyStructure;
use super::envelope::Envelope;
use super::extension::ExtensionValue;
use super::value::{Payload, Value};
use crate::types::{AString, Flag, IString, InternalDate};

/// `* n FETCH (...)`: data about one message.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Fetch {
    /// The message sequence number.
    pub seq: u32,
    /// The items, in the order the server sent them.
    pub items: Vec<FetchItem>,
}

/// One FETCH data item.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize), serde(rename_all = "snake_case"))]
pub enum FetchItem {
    /// `FLAGS`.
    Flags(Vec<Flag>),
    /// `INTERNALDATE`.
    InternalDate(InternalDate),
    /// `RFC822.SIZE`.
    Rfc822Size(u64),
    /// `ENVELOPE`.
    Envelope(Box<Envelope>),
    /// `BODY` (the non-extensible structure).
    Body(BodyStructure),
    /// `BODYSTRUCTURE` (with extension data).
    BodyStructure(BodyStructure),
    /// `BODY[section]<origin>`.
    BodySection {
        /// Which part of the message.
        section: Box<Section>,
        /// The starting octet of a partial fetch.
        origin: Option<u32>,
        /// The data (`None` for NIL).
        data: Option<Payload>,
    },
    /// `RFC822` (the whole message, like `BODY[]`).
    Rfc822(Option<Payload>),
    /// `RFC822.HEADER` (like `BODY.PEEK[HEADER]`).
    Rfc822Header(Option<Payload>),
    /// `RFC822.TEXT` (like `BODY[TEXT]`).
    Rfc822Text(Option<Payload>),
    /// `UID`.
    Uid(u32),
    /// `MODSEQ (n)` (RFC 7162).
    ModSeq(u64),
    /// `BINARY[part]<origin>` (RFC 3516): the decoded content.
    Binary {
        /// Part numbers.
        part: Box<[u32]>,
        /// The starting octet of a partial fetch.
        origin: Option<u32>,
        /// The decoded data (`None` for NIL).
        data: Option<Payload>,
    },
    /// `BINARY.SIZE[part]` (RFC 3516): the decoded size.
    BinarySize {
        /// Part numbers.
        part: Vec<u32>,
        /// Decoded size in octets.
        size: u64,
    },
    /// An item an extension registered a parser for (e.g. `X-GM-LABELS`).
    Extension {
        /// The item's name as sent.
        name: IString,
        /// The extension's typed value.
        value: ExtensionValue,
    },
    /// An item nobody registered, kept generically.
    Other {
        /// The item's name as sent, including any `[...]<...>`.
        name: IString,
        /// The item's value.
        value: Box<Value>,
    },
}

/// A section specification: `BODY[1.2.HEADER.FIELDS (SUBJECT)]`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Section {
    /// Part numbers (empty for the whole message).
    pub part: Vec<u32>,
    /// What of the part (`None`: the part's content).
    pub text: Option<SectionText>,
}

/// The textual part of a section specification.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize), serde(rename_all = "snake_case"))]
pub enum SectionText {
    /// `HEADER`.
    Header,
    /// `HEADER.FIELDS (...)`.
    HeaderFields(Vec<IString>),
    /// `HEADER.FIELDS.NOT (...)`.
    HeaderFieldsNot(Vec<IString>),
    /// `TEXT`.
    Text,
    /// `MIME` (of a part).
    Mime,
}

impl Section {
    /// The whole message (`BODY[]`).
    pub fn full() -> Self {
        Section::default()
    }

    /// The header of the message (`BODY[HEADER]`).
    pub fn header() -> Self {
        Section { part: Vec::new(), text: Some(SectionText::Header) }
    }

    /// The body text of the message (`BODY[TEXT]`).
    pub fn text() -> Self {
        Section { part: Vec::new(), text: Some(SectionText::Text) }
    }

    /// Header fields (`BODY[HEADER.FIELDS (...)]`).
    pub fn header_fields(fields: &[&str]) -> Result<Self, crate::types::ValueError> {
        let fields = fields
            .iter()
            .map(|f| AString::try_from(*f).map(|a| IString::from(a.as_bytes())))
            .collect::<Result<_, _>>()?;
        Ok(Section { part: Vec::new(), text: Some(SectionText::HeaderFields(fields)) })
    }

    /// A part's content (`BODY[1.2]`).
    pub fn part(part: impl Into<Vec<u32>>) -> Self {
        Section { part: part.into(), text: None }
    }
}

impl Fetch {
    /// The `UID` item.
    pub fn uid(&self) -> Option<u32> {
        self.items.iter().find_map(|i| match i {
            FetchItem::Uid(uid) => Some(*uid),
            _ => None,
        })
    }

    /// The `FLAGS` item.
    pub fn flags(&self) -> Option<&[Flag]> {
        self.items.iter().find_map(|i| match i {
            FetchItem::Flags(flags) => Some(flags.as_slice()),
            _ => None,
        })
    }

    /// The `INTERNALDATE` item.
    pub fn internal_date(&self) -> Option<&InternalDate> {
        self.items.iter().find_map(|i| match i {
            FetchItem::InternalDate(date) => Some(date),
            _ => None,
        })
    }

    /// The `RFC822.SIZE` item.
    pub fn size(&self) -> Option<u64> {
        self.items.iter().find_map(|i| match i {
            FetchItem::Rfc822Size(size) => Some(*size),
            _ => None,
        })
    }

    /// The `ENVELOPE` item.
    pub fn envelope(&self) -> Option<&Envelope> {
        self.items.iter().find_map(|i| match i {
            FetchItem::Envelope(envelope) => Some(&**envelope),
            _ => None,
        })
    }

    /// The `BODYSTRUCTURE` item, or else the `BODY` item.
    pub fn body_structure(&self) -> Option<&BodyStructure> {
        let structure = self.items.iter().find_map(|i| match i {
            FetchItem::BodyStructure(body) => Some(body),
            _ => None,
        });
        structure.or_else(|| {
            self.items.iter().find_map(|i| match i {
                FetchItem::Body(body) => Some(body),
                _ => None,
            })
        })
    }

    /// The data of `BODY[section]` (any origin), or of its `RFC822*` equivalent.
    pub fn section(&self, wanted: &Section) -> Option<&Payload> {
        self.items.iter().find_map(|i| match i {
            FetchItem::BodySection { section, data, .. } if **section == *wanted => data.as_ref(),
            FetchItem::Rfc822(data) if *wanted == Section::full() => data.as_ref(),
            FetchItem::Rfc822Header(data) if *wanted == Section::header() => data.as_ref(),
            FetchItem::Rfc822Text(data) if *wanted == Section::text() => data.as_ref(),
            _ => None,
        })
    }

    /// The `MODSEQ` item.
    pub fn modseq(&self) -> Option<u64> {
        self.items.iter().find_map(|i| match i {
            FetchItem::ModSeq(m) => Some(*m),
            _ => None,
        })
    }
}
