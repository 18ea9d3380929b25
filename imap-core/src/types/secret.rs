//! `Secret`: a wrapper for passwords and tokens that never shows its value.

use std::fmt;

/// A value that must never appear in logs, errors or `Debug` output: a password, a token,
/// a SASL response.
///
/// `Debug` and `Display` print `<redacted>`; the value is reached only through
/// [`Secret::expose`], so every place that reads it is easy to find.
///
/// ```
/// use imap_core::types::Secret;
/// let password = Secret::new("hunter2".to_string());
/// assert_eq!(format!("{password:?}"), "<redacted>");
/// assert_eq!(password.expose(), "hunter2");
/// ```
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Secret<T>(T);

impl<T> Secret<T> {
    /// Wraps a secret value.
    pub fn new(value: T) -> Self {
        Secret(value)
    }

    /// The secret value itself. Call this only where the value goes on the wire.
    pub fn expose(&self) -> &T {
        &self.0
    }

    /// Unwraps the secret value.
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> From<T> for Secret<T> {
    fn from(value: T) -> Self {
        Secret(value)
    }
}

impl From<&str> for Secret<String> {
    fn from(value: &str) -> Self {
        Secret(value.to_owned())
    }
}

impl<T> fmt::Debug for Secret<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl<T> fmt::Display for Secret<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

#[cfg(feature = "serde")]
impl<T> serde::Serialize for Secret<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str("<redacted>")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_display_hide_the_value() {
        let secret = Secret::new(String::from("p@ss w0rd"));
        assert_eq!(format!("{secret:?}"), "<redacted>");
        assert_eq!(format!("{secret}"), "<redacted>");
        assert_eq!(format!("{:?}", Some(&secret)), "Some(<redacted>)");
        assert_eq!(secret.expose(), "p@ss w0rd");
    }

    #[test]
    fn nested_in_a_struct_debug_stays_redacted() {
        #[derive(Debug)]
        #[allow(dead_code)]
        struct Login {
            user: String,
            password: Secret<Vec<u8>>,
        }
        let login = Login { user: "alice".into(), password: Secret::new(b"topsecret".to_vec()) };
        let shown = format!("{login:?}");
        assert!(!shown.contains("topsecret"), "{shown}");
        assert!(shown.contains("<redacted>"));
    }
}
