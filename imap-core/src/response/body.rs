//! BODY and BODYSTRUCTURE (RFC 3501 section 7.4.2): the MIME structure of a message.

use super::envelope::Envelope;
use super::value::Value;
use crate::types::{IString, NString};

/// A message's MIME structure, as `BODY` or `BODYSTRUCTURE` describes it.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize), serde(rename_all = "snake_case"))]
pub enum BodyStructure {
    /// A leaf part.
    Single(Box<SinglePart>),
    /// A `multipart/*` part.
    Multi(Box<MultiPart>),
}

/// A non-multipart body part.
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct SinglePart {
    /// Media type, e.g. `TEXT` (as sent; compare case-insensitively).
    pub media_type: IString,
    /// Media subtype, e.g. `PLAIN`.
    pub media_subtype: IString,
    /// Content-Type parameters, e.g. `("CHARSET" "UTF-8")`.
    pub params: Vec<(IString, IString)>,
    /// `Content-ID`.
    pub id: NString,
    /// `Content-Description`.
    pub description: NString,
    /// `Content-Transfer-Encoding` (`7BIT`, `BASE64`, ...; empty when the server sent NIL).
    pub encoding: IString,
    /// Size in octets (transfer-encoded). Negative sizes from broken servers become 0.
    pub octets: u64,
    /// What the media type adds.
    pub kind: SinglePartKind,
    /// Extension data (BODYSTRUCTURE only; `None` for BODY or when the server sent none).
    pub extension: Option<SinglePartExtension>,
}

/// The fields specific to a part's media type.
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize), serde(rename_all = "snake_case"))]
pub enum SinglePartKind {
    /// Any type other than `TEXT/*` and `MESSAGE/RFC822`.
    #[default]
    Basic,
    /// `TEXT/*`: the size in lines.
    Text {
        /// Number of lines.
        lines: u64,
    },
    /// `MESSAGE/RFC822` (and `MESSAGE/GLOBAL`): the encapsulated message.
    Message {
        /// The encapsulated message's envelope.
        envelope: Box<Envelope>,
        /// The encapsulated message's body structure.
        body: BodyStructure,
        /// Number of lines.
        lines: u64,
    },
}

/// The extension data of a leaf part (`body-ext-1part`).
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct SinglePartExtension {
    /// `Content-MD5`.
    pub md5: NString,
    /// `Content-Disposition` and the rest.
    pub common: CommonExtension,
}

/// A `multipart/*` part.
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct MultiPart {
    /// The parts, in order.
    pub parts: Vec<BodyStructure>,
    /// Multipart subtype, e.g. `MIXED`.
    pub media_subtype: IString,
    /// Extension data (BODYSTRUCTURE only).
    pub extension: Option<MultiPartExtension>,
}

/// The extension data of a multipart (`body-ext-mpart`).
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct MultiPartExtension {
    /// Content-Type parameters, e.g. `("BOUNDARY" "xyz")`.
    pub params: Vec<(IString, IString)>,
    /// `Content-Disposition` and the rest.
    pub common: CommonExtension,
}

/// Extension fields shared by leaf parts and multiparts, each present only if the server sent
/// it (and all earlier ones).
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct CommonExtension {
    /// `Content-Disposition`.
    pub disposition: Option<Disposition>,
    /// `Content-Language` tags.
    pub language: Vec<IString>,
    /// `Content-Location`.
    pub location: NString,
    /// Later extension data that RFC 3501 reserves for future use, kept generically.
    pub extra: Vec<Value>,
}

/// A `Content-Disposition`, e.g. `("ATTACHMENT" ("FILENAME" "a.pdf"))`.
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Disposition {
    /// `INLINE`, `ATTACHMENT`, ...
    pub kind: IString,
    /// Parameters such as `FILENAME`.
    pub params: Vec<(IString, IString)>,
}

impl BodyStructure {
    /// The part at `path` (1-based part numbers as in `BODY[1.2]`); an empty path is this part.
    /// A `MESSAGE/RFC822` part's number continues into its encapsulated body.
    pub fn part(&self, path: &[u32]) -> Option<&BodyStructure> {
        let Some((&first, rest)) = path.split_first() else { return Some(self) };
        let index = usize::try_from(first.checked_sub(1)?).ok()?;
        match self {
            BodyStructure::Multi(multi) => multi.parts.get(index)?.part(rest),
            BodyStructure::Single(single) => match &single.kind {
                SinglePartKind::Message { body, .. } => body.part(path),
                _ if first == 1 && rest.is_empty() => Some(self),
                _ => None,
            },
        }
    }
}
