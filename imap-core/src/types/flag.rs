//! Message flags (RFC 3501 section 2.3.2): system flags, keywords and `\*`.

use std::fmt;

use super::atom::Atom;
use super::error::ValueError;
use super::string::IString;

/// A message flag.
///
/// System flags are compared case-insensitively when parsed (`\SEEN` is [`Flag::Seen`]);
/// keywords keep the spelling the server used.
///
/// ```
/// use imap_core::types::Flag;
/// assert_eq!(Flag::parse("\\Seen").unwrap(), Flag::Seen);
/// assert_eq!(Flag::parse("$Forwarded").unwrap().to_string(), "$Forwarded");
/// assert!(Flag::parse("two words").is_err());
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub enum Flag {
    /// `\Seen`: the message has been read.
    Seen,
    /// `\Answered`: the message has been answered.
    Answered,
    /// `\Flagged`: the message is flagged for attention.
    Flagged,
    /// `\Deleted`: the message is marked for removal by EXPUNGE.
    Deleted,
    /// `\Draft`: the message is a draft.
    Draft,
    /// `\Recent`: first session to see the message (read-only, never stored by a client).
    Recent,
    /// A keyword such as `$Forwarded` or `NonJunk` (without a backslash).
    Keyword(Atom),
    /// A backslash flag that RFC 3501 does not define, such as `\Important` (kept without the
    /// backslash).
    Extension(Atom),
}

impl Flag {
    /// Reads a flag as it appears on the wire (`\Seen`, `$Label1`, ...).
    pub fn parse(text: &str) -> Result<Flag, ValueError> {
        match text.as_bytes().strip_prefix(b"\\") {
            Some(name) => Ok(Self::system(name).unwrap_or(Flag::Extension(Atom::new(name)?))),
            None => Ok(Flag::Keyword(Atom::new(text)?)),
        }
    }

    /// A keyword flag.
    pub fn keyword(name: &str) -> Result<Flag, ValueError> {
        Ok(Flag::Keyword(Atom::new(name)?))
    }

    /// Builds a flag from bytes the parser has checked (received-flag bytes after an optional `\`).
    pub(crate) fn from_checked(whole: &[u8], make: impl FnOnce(&[u8]) -> IString) -> Flag {
        match whole.strip_prefix(b"\\") {
            Some(name) => Self::system(name).unwrap_or_else(|| Flag::Extension(Atom::from_received_flag(make(name)))),
            None => Flag::Keyword(Atom::from_received_flag(make(whole))),
        }
    }

    fn system(name: &[u8]) -> Option<Flag> {
        // Servers spell system flags as RFC 3501 does, so that is tried first: a couple of
        // integer compares instead of a loop that folds every byte.
        let is = |canonical: &[u8]| name == canonical || name.eq_ignore_ascii_case(canonical);
        let flag = match name.len() {
            4 if is(b"Seen") => Flag::Seen,
            5 if is(b"Draft") => Flag::Draft,
            6 if is(b"Recent") => Flag::Recent,
            7 if is(b"Flagged") => Flag::Flagged,
            7 if is(b"Deleted") => Flag::Deleted,
            8 if is(b"Answered") => Flag::Answered,
            _ => return None,
        };
        Some(flag)
    }

    /// True for flags a client may set with STORE or APPEND (everything but `\Recent`).
    pub fn is_storable(&self) -> bool {
        !matches!(self, Flag::Recent)
    }
}

impl fmt::Display for Flag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Flag::Seen => f.write_str("\\Seen"),
            Flag::Answered => f.write_str("\\Answered"),
            Flag::Flagged => f.write_str("\\Flagged"),
            Flag::Deleted => f.write_str("\\Deleted"),
            Flag::Draft => f.write_str("\\Draft"),
            Flag::Recent => f.write_str("\\Recent"),
            Flag::Keyword(atom) => f.write_str(atom.as_str()),
            Flag::Extension(atom) => write!(f, "\\{atom}"),
        }
    }
}

impl fmt::Debug for Flag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Flag({self})")
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Flag {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// An entry of a `PERMANENTFLAGS` list: a flag, or `\*` (new keywords may be created).
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub enum FlagPerm {
    /// A flag that can be changed permanently.
    Flag(Flag),
    /// `\*`: the client may create new keywords.
    Wildcard,
}

impl fmt::Display for FlagPerm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FlagPerm::Flag(flag) => flag.fmt(f),
            FlagPerm::Wildcard => f.write_str("\\*"),
        }
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for FlagPerm {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn system_flags_any_case() {
        assert_eq!(Flag::parse("\\SEEN").unwrap(), Flag::Seen);
        assert_eq!(Flag::parse("\\answered").unwrap(), Flag::Answered);
        assert_eq!(Flag::parse("\\Recent").unwrap(), Flag::Recent);
        assert!(!Flag::Recent.is_storable());
    }

    #[test]
    fn extension_and_keyword_flags_round_trip() {
        for text in ["\\Important", "$Junk", "project-x", "foo]bar"] {
            assert_eq!(Flag::parse(text).unwrap().to_string(), text);
        }
        assert!(matches!(Flag::parse("\\Important").unwrap(), Flag::Extension(_)));
        assert!(Flag::parse("\\").is_err());
        assert!(Flag::parse("a(b").is_err());
    }

    #[test]
    fn wildcard_displays_as_backslash_star() {
        assert_eq!(FlagPerm::Wildcard.to_string(), "\\*");
        assert_eq!(FlagPerm::Flag(Flag::Deleted).to_string(), "\\Deleted");
    }
}
