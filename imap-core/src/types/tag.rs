//! Command tags and the generator that numbers them (imaplib's `Int2AP` prefix plus a counter).

use std::fmt;

use super::chars::is_tag_char;
use super::error::ValueError;
use super::string::IString;

/// A command tag: one or more `ASTRING-CHAR`s other than `+`.
///
/// ```
/// use imap_core::types::Tag;
/// assert_eq!(Tag::new("A001").unwrap().as_str(), "A001");
/// assert!(Tag::new("+").is_err());
/// assert!(Tag::new("a b").is_err());
/// ```
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Tag(IString);

impl Tag {
    /// Checks `value` and makes it a tag.
    pub fn new(value: impl AsRef<[u8]>) -> Result<Self, ValueError> {
        let value = value.as_ref();
        if value.is_empty() {
            return Err(ValueError::new("tag", "empty", value));
        }
        if let Some(pos) = value.iter().position(|b| !is_tag_char(*b)) {
            return Err(ValueError::new("tag", "character not allowed in a tag", value).at(pos));
        }
        Ok(Tag(IString::from(value)))
    }

    /// Wraps bytes the parser has already checked.
    pub(crate) fn from_checked(bytes: IString) -> Self {
        Tag(bytes)
    }

    /// The tag as text (always ASCII).
    pub fn as_str(&self) -> &str {
        // Invariant: tag characters are ASCII.
        std::str::from_utf8(self.0.as_bytes()).unwrap_or_default()
    }

    /// The tag's bytes.
    pub fn as_bytes(&self) -> &[u8] {
        self.0.as_bytes()
    }
}

impl fmt::Debug for Tag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Tag({})", self.as_str())
    }
}

impl fmt::Display for Tag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Tag {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// Hands out unique tags: a prefix of upper-case letters followed by a counter, like imaplib's
/// `Int2AP` prefix and tag number (`KDFA1`, `KDFA2`, ...).
#[derive(Debug, Clone)]
pub struct TagGenerator {
    prefix: String,
    next: u64,
}

impl TagGenerator {
    /// A generator whose prefix is made from `seed` the way imaplib's `Int2AP` spells a number
    /// with the letters `A`..`P` (each 4-bit digit one letter).
    pub fn new(seed: u16) -> Self {
        let prefix = seed.to_be_bytes().iter().flat_map(|b| [b >> 4, b & 0x0f]).map(|d| (b'A' + d) as char).collect();
        TagGenerator { prefix, next: 1 }
    }

    /// A generator with a fixed prefix (letters only, so that the counter stays readable).
    pub fn with_prefix(prefix: &str) -> Result<Self, ValueError> {
        if prefix.is_empty() || !prefix.bytes().all(|b| b.is_ascii_alphabetic()) {
            return Err(ValueError::new("tag prefix", "must be one or more ASCII letters", prefix.as_bytes()));
        }
        Ok(TagGenerator { prefix: prefix.to_owned(), next: 1 })
    }

    /// The next tag.
    pub fn next_tag(&mut self) -> Tag {
        let tag = format!("{}{}", self.prefix, self.next);
        self.next += 1;
        Tag(IString::from(tag.as_str()))
    }
}

impl Default for TagGenerator {
    fn default() -> Self {
        TagGenerator { prefix: "A".to_owned(), next: 1 }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generator_counts_up_with_int2ap_prefix() {
        let mut tags = TagGenerator::new(0x1a2f);
        assert_eq!(tags.next_tag().as_str(), "BKCP1");
        assert_eq!(tags.next_tag().as_str(), "BKCP2");
        let mut tags = TagGenerator::with_prefix("X").unwrap();
        assert_eq!(tags.next_tag().as_str(), "X1");
        assert!(TagGenerator::with_prefix("X1").is_err());
    }

    #[test]
    fn tag_validation() {
        assert!(Tag::new("a]b").is_ok());
        assert_eq!(Tag::new("a+").unwrap_err().position(), Some(1));
        assert!(Tag::new("a\r").is_err());
        assert!(Tag::new("").is_err());
    }
}
