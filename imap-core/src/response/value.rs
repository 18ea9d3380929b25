//! The generic value tree: how a response nobody registered a parser for is kept.

use bytes::Bytes;

use crate::types::IString;

/// One value of a response the core has no type for: `* XFOO 12 (a "b" {1}\r\nc NIL)`
/// becomes `[Number(12), List([Atom(a), String(b), Literal(c), Nil])]`.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize), serde(rename_all = "snake_case"))]
pub enum Value {
    /// `NIL` (any case).
    Nil,
    /// A number (up to 64 bits).
    Number(u64),
    /// A bare word as sent: atom characters plus `\`, `[`, `]`, `*`, `%`, `<`, `>` and 8-bit bytes
    /// (e.g. `\Seen`, `BODY[1]<0>`, `1:*`).
    Atom(IString),
    /// A quoted string, unescaped.
    String(IString),
    /// A literal (`{n}` or `~{n}`).
    Literal(Payload),
    /// A parenthesized list.
    List(Vec<Value>),
}

impl Value {
    /// The bytes, when it is an atom, a string or a (kept) literal.
    pub fn as_bytes(&self) -> Option<&[u8]> {
        match self {
            Value::Atom(s) | Value::String(s) => Some(s.as_bytes()),
            Value::Literal(Payload::Bytes(b)) => Some(b),
            _ => None,
        }
    }

    /// The number, when it is one.
    pub fn as_number(&self) -> Option<u64> {
        match self {
            Value::Number(n) => Some(*n),
            _ => None,
        }
    }

    /// The items, when it is a list.
    pub fn as_list(&self) -> Option<&[Value]> {
        match self {
            Value::List(items) => Some(items),
            _ => None,
        }
    }
}

/// The contents of a literal or of a message section: the bytes themselves, or a note that they
/// were handed to a literal consumer while they arrived (see the decoder's streaming option).
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize), serde(rename_all = "snake_case"))]
pub enum Payload {
    /// The bytes (a zero-copy slice of the received data).
    Bytes(#[cfg_attr(feature = "serde", serde(serialize_with = "crate::types::string::serialize_bytes"))] Bytes),
    /// The bytes went to the literal consumer as they arrived; this many of them.
    Streamed {
        /// Size of the literal in bytes.
        len: u64,
    },
}

impl Payload {
    /// The bytes, unless they were streamed.
    pub fn bytes(&self) -> Option<&Bytes> {
        match self {
            Payload::Bytes(b) => Some(b),
            Payload::Streamed { .. } => None,
        }
    }

    /// The size in bytes.
    pub fn len(&self) -> u64 {
        match self {
            Payload::Bytes(b) => b.len() as u64,
            Payload::Streamed { len } => *len,
        }
    }

    /// True for an empty payload.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
