//! The parsed form of everything a server sends: status responses, untagged data and
//! continuation requests.

mod body;
mod code;
mod envelope;
mod extension;
mod fetch;
mod mailbox;
mod value;

pub use body::{
    BodyStructure, CommonExtension, Disposition, MultiPart, MultiPartExtension, SinglePart, SinglePartExtension,
    SinglePartKind,
};
pub use code::Code;
pub use envelope::{Address, AddressEntry, AddressField, Envelope, groups};
pub use extension::{ExtensionData, ExtensionValue, MaybeSerialize};
pub use fetch::{Fetch, FetchItem, Section, SectionText};
pub use mailbox::{ListItem, MailboxAttribute, MailboxStatus, Namespace, Namespaces, SearchResult};
pub use value::{Payload, Value};

use crate::types::{Atom, CapabilitySet, Flag, IString, Tag};

/// One complete server response.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize), serde(tag = "type", rename_all = "snake_case"))]
pub enum Response {
    /// A status response, tagged (`a1 OK ...`) or untagged (`* BYE ...`).
    Status(Box<Status>),
    /// Untagged data (`* 3 EXISTS`, `* LIST ...`, ...).
    Data(Data),
    /// A continuation request (`+ ...`).
    Continue(Continue),
}

/// `OK`, `NO`, `BAD`, `PREAUTH` or `BYE`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize), serde(rename_all = "UPPERCASE"))]
pub enum StatusKind {
    /// Success (or information, untagged).
    Ok,
    /// Failure.
    No,
    /// Protocol error.
    Bad,
    /// Greeting of an already authenticated connection.
    PreAuth,
    /// The server is closing the connection.
    Bye,
}

/// A status response: `[tag] kind [code] text`.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Status {
    /// The tag of the command this completes; `None` for untagged.
    pub tag: Option<Tag>,
    /// The status.
    pub kind: StatusKind,
    /// The response code, if any.
    pub code: Option<Code>,
    /// Human-readable text (may be empty; see the tolerance policy).
    pub text: IString,
}

/// A continuation request: `+ text`, `+ [code] text` or `+ base64` (a SASL challenge).
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Continue {
    /// A response code, if any.
    pub code: Option<Code>,
    /// The text after `+ ` (a SASL challenge is base64 text here).
    pub text: IString,
}

/// Untagged data.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(tag = "kind", content = "data", rename_all = "snake_case")
)]
pub enum Data {
    /// `* CAPABILITY ...`.
    Capability(CapabilitySet),
    /// `* LIST ...`.
    List(Box<ListItem>),
    /// `* LSUB ...`.
    Lsub(Box<ListItem>),
    /// `* STATUS ...`.
    Status(Box<MailboxStatus>),
    /// `* SEARCH ...`.
    Search(SearchResult),
    /// `* FLAGS (...)`: the flags defined in the mailbox.
    Flags(Vec<Flag>),
    /// `* n EXISTS`.
    Exists(u32),
    /// `* n RECENT`.
    Recent(u32),
    /// `* n EXPUNGE`.
    Expunge(u32),
    /// `* NAMESPACE ...`.
    Namespace(Box<Namespaces>),
    /// `* n FETCH (...)`.
    Fetch(Fetch),
    /// A response an extension registered a parser for.
    Extension(Box<ExtensionResponse>),
    /// A response nobody registered a parser for, kept as a value tree.
    Other(Box<OtherResponse>),
}

/// Untagged data parsed by an extension's parser.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ExtensionResponse {
    /// The response keyword, upper-cased (e.g. `QUOTA`).
    pub keyword: String,
    /// The number before the keyword (`* 5 KEYWORD`), if any.
    pub number: Option<u32>,
    /// The extension's typed value.
    pub value: ExtensionValue,
}

/// Untagged data with a keyword nobody registered: `* [number] KEYWORD values...`.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct OtherResponse {
    /// The number before the keyword, if any.
    pub number: Option<u32>,
    /// The keyword as sent.
    pub keyword: Atom,
    /// Everything after the keyword.
    pub values: Vec<Value>,
}

impl Data {
    /// The keyword that imaplib would file this response under (`"EXISTS"`, `"FETCH"`, ...),
    /// upper-cased.
    pub fn keyword(&self) -> std::borrow::Cow<'_, str> {
        let name = match self {
            Data::Capability(_) => "CAPABILITY",
            Data::List(_) => "LIST",
            Data::Lsub(_) => "LSUB",
            Data::Status(_) => "STATUS",
            Data::Search(_) => "SEARCH",
            Data::Flags(_) => "FLAGS",
            Data::Exists(_) => "EXISTS",
            Data::Recent(_) => "RECENT",
            Data::Expunge(_) => "EXPUNGE",
            Data::Namespace(_) => "NAMESPACE",
            Data::Fetch(_) => "FETCH",
            Data::Extension(ext) => return ext.keyword.as_str().into(),
            Data::Other(other) => return other.keyword.as_str().to_ascii_uppercase().into(),
        };
        name.into()
    }
}

impl Response {
    /// The tag, for a tagged status response.
    pub fn tag(&self) -> Option<&Tag> {
        match self {
            Response::Status(status) => status.tag.as_ref(),
            _ => None,
        }
    }
}

/// The first thing a server sends.
#[derive(Debug, Clone, PartialEq)]
pub enum Greeting {
    /// `* OK`: log in next.
    Ok(Status),
    /// `* PREAUTH`: already authenticated.
    PreAuth(Status),
    /// `* BYE`: the server refuses the connection.
    Bye(Status),
}

impl TryFrom<Response> for Greeting {
    type Error = Response;

    /// A greeting is an untagged OK, PREAUTH or BYE; anything else is handed back.
    fn try_from(response: Response) -> Result<Self, Response> {
        match response {
            Response::Status(status) if status.tag.is_none() => match status.kind {
                StatusKind::Ok => Ok(Greeting::Ok(*status)),
                StatusKind::PreAuth => Ok(Greeting::PreAuth(*status)),
                StatusKind::Bye => Ok(Greeting::Bye(*status)),
                _ => Err(Response::Status(status)),
            },
            other => Err(other),
        }
    }
}
