//! Capabilities (RFC 3501 section 7.2.1) and the set a server advertises.

use std::fmt;

use super::atom::Atom;

/// One capability name such as `IMAP4rev1`, `IDLE` or `AUTH=PLAIN`. Compared without regard
/// to ASCII case.
#[derive(Clone, Debug, Eq)]
pub struct Capability(Atom);

impl Capability {
    /// Wraps an atom.
    pub fn new(atom: Atom) -> Self {
        Capability(atom)
    }

    /// The name as the server spelled it.
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }

    /// For `AUTH=MECH`, the mechanism name.
    pub fn auth_mechanism(&self) -> Option<&str> {
        let s = self.as_str();
        s.get(..5).filter(|p| p.eq_ignore_ascii_case("AUTH=")).map(|_| &s[5..])
    }
}

impl PartialEq for Capability {
    fn eq(&self, other: &Self) -> bool {
        self.0.as_bytes().eq_ignore_ascii_case(other.0.as_bytes())
    }
}

impl std::hash::Hash for Capability {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        for b in self.0.as_bytes() {
            state.write_u8(b.to_ascii_uppercase());
        }
    }
}

impl fmt::Display for Capability {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Capability {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// The capabilities a server advertised, in the order it listed them.
///
/// ```
/// use imap_core::types::CapabilitySet;
/// let caps = CapabilitySet::from_names(["IMAP4rev1", "IDLE", "AUTH=PLAIN", "auth=Cram-MD5"]).unwrap();
/// assert!(caps.has("idle"));
/// assert!(caps.has_auth("PLAIN") && caps.has_auth("CRAM-MD5"));
/// assert_eq!(caps.auth_mechanisms().collect::<Vec<_>>(), ["PLAIN", "Cram-MD5"]);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize), serde(transparent))]
pub struct CapabilitySet(Vec<Capability>);

impl CapabilitySet {
    /// A set from parsed capabilities.
    pub fn new(capabilities: Vec<Capability>) -> Self {
        CapabilitySet(capabilities)
    }

    /// A set from names; fails on a name that is not an atom.
    pub fn from_names<'a>(names: impl IntoIterator<Item = &'a str>) -> Result<Self, super::ValueError> {
        names.into_iter().map(|n| Atom::new(n).map(Capability)).collect::<Result<_, _>>().map(CapabilitySet)
    }

    /// True when `name` was advertised (ASCII case ignored).
    pub fn has(&self, name: &str) -> bool {
        self.0.iter().any(|c| c.as_str().eq_ignore_ascii_case(name))
    }

    /// True when `AUTH=<mechanism>` was advertised.
    pub fn has_auth(&self, mechanism: &str) -> bool {
        self.auth_mechanisms().any(|m| m.eq_ignore_ascii_case(mechanism))
    }

    /// The SASL mechanisms advertised with `AUTH=`.
    pub fn auth_mechanisms(&self) -> impl Iterator<Item = &str> {
        self.0.iter().filter_map(Capability::auth_mechanism)
    }

    /// Every capability.
    pub fn iter(&self) -> impl Iterator<Item = &Capability> {
        self.0.iter()
    }

    /// Number of capabilities.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True when nothing was advertised.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<'a> IntoIterator for &'a CapabilitySet {
    type Item = &'a Capability;
    type IntoIter = std::slice::Iter<'a, Capability>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup_ignores_case() {
        let caps = CapabilitySet::from_names(["IMAP4rev1", "LITERAL+", "Auth=Plain"]).unwrap();
        assert!(caps.has("imap4REV1") && caps.has("literal+"));
        assert!(!caps.has("LITERAL-"));
        assert!(caps.has_auth("plain"));
        assert!(!caps.has_auth("LOGIN"));
        assert_eq!(caps.len(), 3);
    }

    #[test]
    fn equality_ignores_case() {
        let a = Capability::new(Atom::new("idle").unwrap());
        let b = Capability::new(Atom::new("IDLE").unwrap());
        assert_eq!(a, b);
    }
}
