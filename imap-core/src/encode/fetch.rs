//! FETCH data items as a command names them (RFC 3501 section 6.4.5, RFC 3516, RFC 7162).

use super::EncodeError;
use super::writer::{StringKind, Writer};
use crate::response::{Section, SectionText};
use crate::types::Atom;

/// What to FETCH: a macro or a list of items.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FetchItems {
    /// `ALL`: FLAGS INTERNALDATE RFC822.SIZE ENVELOPE.
    All,
    /// `FAST`: FLAGS INTERNALDATE RFC822.SIZE.
    Fast,
    /// `FULL`: FLAGS INTERNALDATE RFC822.SIZE ENVELOPE BODY.
    Full,
    /// A list of items (sent in parentheses unless there is exactly one).
    Items(Vec<FetchAttr>),
}

impl From<Vec<FetchAttr>> for FetchItems {
    fn from(items: Vec<FetchAttr>) -> Self {
        FetchItems::Items(items)
    }
}

impl From<FetchAttr> for FetchItems {
    fn from(item: FetchAttr) -> Self {
        FetchItems::Items(vec![item])
    }
}

/// One FETCH data item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FetchAttr {
    /// `ENVELOPE`.
    Envelope,
    /// `FLAGS`.
    Flags,
    /// `INTERNALDATE`.
    InternalDate,
    /// `RFC822` (sets `\Seen`).
    Rfc822,
    /// `RFC822.HEADER`.
    Rfc822Header,
    /// `RFC822.SIZE`.
    Rfc822Size,
    /// `RFC822.TEXT` (sets `\Seen`).
    Rfc822Text,
    /// `BODY`.
    Body,
    /// `BODYSTRUCTURE`.
    BodyStructure,
    /// `UID`.
    Uid,
    /// `BODY[section]<start.length>`, or `BODY.PEEK[...]` (does not set `\Seen`).
    BodySection {
        /// Which part.
        section: Section,
        /// Use `BODY.PEEK`.
        peek: bool,
        /// `<start.length>`: a byte range.
        partial: Option<(u32, u32)>,
    },
    /// `BINARY[part]<start.length>` or `BINARY.PEEK[...]` (RFC 3516).
    Binary {
        /// Part numbers.
        part: Vec<u32>,
        /// Use `BINARY.PEEK`.
        peek: bool,
        /// `<start.length>`.
        partial: Option<(u32, u32)>,
    },
    /// `BINARY.SIZE[part]` (RFC 3516).
    BinarySize(Vec<u32>),
    /// `MODSEQ` (RFC 7162).
    ModSeq,
    /// Any other item by name (e.g. `X-GM-LABELS`, `PREVIEW`).
    Other(Atom),
}

impl FetchAttr {
    /// `BODY.PEEK[]`: the whole message without setting `\Seen`.
    pub fn full_peek() -> Self {
        FetchAttr::BodySection { section: Section::full(), peek: true, partial: None }
    }

    /// `BODY.PEEK[HEADER]`.
    pub fn header_peek() -> Self {
        FetchAttr::BodySection { section: Section::header(), peek: true, partial: None }
    }
}

pub(crate) fn write_items(w: &mut Writer<'_>, items: &FetchItems) -> Result<(), EncodeError> {
    match items {
        FetchItems::All => w.raw(b"ALL"),
        FetchItems::Fast => w.raw(b"FAST"),
        FetchItems::Full => w.raw(b"FULL"),
        FetchItems::Items(list) if list.len() == 1 => write_attr(w, &list[0])?,
        FetchItems::Items(list) => {
            w.raw(b"(");
            for (i, item) in list.iter().enumerate() {
                if i > 0 {
                    w.sp();
                }
                write_attr(w, item)?;
            }
            w.raw(b")");
        }
    }
    Ok(())
}

fn write_attr(w: &mut Writer<'_>, item: &FetchAttr) -> Result<(), EncodeError> {
    let name: &[u8] = match item {
        FetchAttr::Envelope => b"ENVELOPE",
        FetchAttr::Flags => b"FLAGS",
        FetchAttr::InternalDate => b"INTERNALDATE",
        FetchAttr::Rfc822 => b"RFC822",
        FetchAttr::Rfc822Header => b"RFC822.HEADER",
        FetchAttr::Rfc822Size => b"RFC822.SIZE",
        FetchAttr::Rfc822Text => b"RFC822.TEXT",
        FetchAttr::Body => b"BODY",
        FetchAttr::BodyStructure => b"BODYSTRUCTURE",
        FetchAttr::Uid => b"UID",
        FetchAttr::ModSeq => b"MODSEQ",
        FetchAttr::Other(atom) => atom.as_bytes(),
        FetchAttr::BodySection { section, peek, partial } => {
            w.raw(if *peek { b"BODY.PEEK[" } else { b"BODY[" });
            write_section(w, section)?;
            w.raw(b"]");
            write_partial(w, *partial);
            return Ok(());
        }
        FetchAttr::Binary { part, peek, partial } => {
            w.raw(if *peek { b"BINARY.PEEK[" } else { b"BINARY[" });
            write_part(w, part);
            w.raw(b"]");
            write_partial(w, *partial);
            return Ok(());
        }
        FetchAttr::BinarySize(part) => {
            w.raw(b"BINARY.SIZE[");
            write_part(w, part);
            w.raw(b"]");
            return Ok(());
        }
    };
    w.raw(name);
    Ok(())
}

/// The inside of `[...]`.
pub(crate) fn write_section(w: &mut Writer<'_>, section: &Section) -> Result<(), EncodeError> {
    write_part(w, &section.part);
    let Some(text) = &section.text else { return Ok(()) };
    if !section.part.is_empty() {
        w.raw(b".");
    }
    let (keyword, fields): (&[u8], _) = match text {
        SectionText::Header => (b"HEADER", None),
        SectionText::Text => (b"TEXT", None),
        SectionText::Mime => (b"MIME", None),
        SectionText::HeaderFields(fields) => (b"HEADER.FIELDS", Some(fields)),
        SectionText::HeaderFieldsNot(fields) => (b"HEADER.FIELDS.NOT", Some(fields)),
    };
    w.raw(keyword);
    if let Some(fields) = fields {
        w.raw(b" (");
        for (i, field) in fields.iter().enumerate() {
            if i > 0 {
                w.sp();
            }
            w.string(field.as_bytes(), StringKind::AString, "header field name", false)?;
        }
        w.raw(b")");
    }
    Ok(())
}

fn write_part(w: &mut Writer<'_>, part: &[u32]) {
    for (i, n) in part.iter().enumerate() {
        if i > 0 {
            w.raw(b".");
        }
        w.number(*n);
    }
}

fn write_partial(w: &mut Writer<'_>, partial: Option<(u32, u32)>) {
    if let Some((start, length)) = partial {
        w.raw(b"<");
        w.number(start);
        w.raw(b".");
        w.number(length);
        w.raw(b">");
    }
}
