//! `Atom`: a bare word of the protocol (keywords, flag keywords, capability names).

use std::fmt;

use super::chars::is_astring_char;
use super::error::ValueError;
use super::string::IString;

/// One or more `ASTRING-CHAR`s: letters, digits and punctuation other than `(){ %*"\`, no
/// spaces, no controls, no 8-bit bytes.
///
/// RFC 3501's `atom` excludes `]`, but servers put `]` into flag keywords (see the tolerance
/// policy), and `]` is harmless on the wire outside a response code, so `Atom` admits it.
///
/// A flag keyword received from a server may hold more (rule 22 of the tolerance policy):
/// 8-bit text, controls, `%`, `*`, `\`, `{`. Such an atom is still valid UTF-8 (invalid bytes
/// are replaced) and never holds NUL, CR, LF, a space, a parenthesis or `"`, so it can be
/// sent back (to remove the keyword, say) without breaking the command's syntax.
/// [`Atom::new`] builds only the strict kind.
///
/// ```
/// use imap_core::types::Atom;
/// assert_eq!(Atom::new("$Forwarded").unwrap().as_str(), "$Forwarded");
/// assert!(Atom::new("two words").is_err());
/// assert!(Atom::new("").is_err());
/// ```
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Atom(IString);

impl Atom {
    /// Checks `value` and makes it an atom.
    pub fn new(value: impl AsRef<[u8]>) -> Result<Self, ValueError> {
        let value = value.as_ref();
        Self::validate(value)?;
        Ok(Atom(IString::from(value)))
    }

    /// An atom from a `'static` string, without copying; the same checks as [`Atom::new`].
    pub fn from_static(value: &'static str) -> Result<Self, ValueError> {
        Self::validate(value.as_bytes())?;
        Ok(Atom(IString::from(value)))
    }

    /// Wraps bytes the parser has already checked to be atom characters.
    pub(crate) fn from_checked(bytes: IString) -> Self {
        debug_assert!(Self::validate(bytes.as_bytes()).is_ok());
        Atom(bytes)
    }

    /// A flag name as a server sent it (bytes the parser checked with `is_received_flag_char`):
    /// kept as it is when it is UTF-8, else with the invalid bytes replaced.
    pub(crate) fn from_received_flag(bytes: IString) -> Self {
        // The ASCII check first: it is the usual case, and cheaper than UTF-8 validation's call.
        if bytes.as_bytes().is_ascii() || std::str::from_utf8(bytes.as_bytes()).is_ok() {
            return Atom(bytes);
        }
        Atom(IString::from(String::from_utf8_lossy(bytes.as_bytes()).into_owned().into_bytes()))
    }

    fn validate(value: &[u8]) -> Result<(), ValueError> {
        if value.is_empty() {
            return Err(ValueError::new("atom", "empty", value));
        }
        if let Some(pos) = value.iter().position(|b| !is_astring_char(*b)) {
            return Err(ValueError::new("atom", "character not allowed in an atom", value).at(pos));
        }
        Ok(())
    }

    /// The atom as text (ASCII, except in a flag keyword a server sent).
    pub fn as_str(&self) -> &str {
        // Invariant: only UTF-8 is admitted, so this never falls back.
        std::str::from_utf8(self.0.as_bytes()).unwrap_or_default()
    }

    /// The atom's bytes.
    pub fn as_bytes(&self) -> &[u8] {
        self.0.as_bytes()
    }

    /// Compares with `other`, ignoring ASCII case (protocol keywords are case-insensitive).
    pub fn eq_ignore_case(&self, other: &str) -> bool {
        self.0.as_bytes().eq_ignore_ascii_case(other.as_bytes())
    }
}

impl fmt::Debug for Atom {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Atom({})", self.as_str())
    }
}

impl fmt::Display for Atom {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl AsRef<[u8]> for Atom {
    fn as_ref(&self) -> &[u8] {
        self.0.as_bytes()
    }
}

impl TryFrom<&str> for Atom {
    type Error = ValueError;
    fn try_from(value: &str) -> Result<Self, ValueError> {
        Atom::new(value)
    }
}

impl TryFrom<String> for Atom {
    type Error = ValueError;
    fn try_from(value: String) -> Result<Self, ValueError> {
        Atom::new(value.as_bytes())
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Atom {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_atom_chars_and_bracket() {
        for ok in ["A", "IMAP4rev1", "AUTH=PLAIN", "$Label1", "foo]bar", "x-y.z+1"] {
            assert_eq!(Atom::new(ok).unwrap().as_str(), ok);
        }
    }

    #[test]
    fn refuses_specials_with_position() {
        for (bad, pos) in [("a b", 1), ("a(", 1), ("\"x", 0), ("a\r\n", 1), ("ab%", 2), ("x*", 1), ("é", 0)] {
            let err = Atom::new(bad).unwrap_err();
            assert_eq!(err.position(), Some(pos), "{bad}");
            assert_eq!(err.kind(), "atom");
        }
        assert!(Atom::new("").is_err());
    }

    #[test]
    fn case_insensitive_compare() {
        assert!(Atom::new("Idle").unwrap().eq_ignore_case("IDLE"));
        assert!(!Atom::new("IDLE2").unwrap().eq_ignore_case("IDLE"));
    }
}
