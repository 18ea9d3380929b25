//! Strings: what the server sends (`IString`, `NString`) and what a command carries
//! (`AString`, `Quoted`, `Literal`, `Literal8`).

use std::fmt;

use bytes::Bytes;

use super::error::ValueError;
use crate::escape::escape_bytes;

/// A string as the server sent it, quoted or as a literal: raw bytes, possibly 8-bit, possibly
/// not UTF-8. Quoting escapes are already removed.
///
/// Short strings (most of what an envelope or body structure holds) are stored inline; longer
/// ones share the received buffer without copying.
#[derive(Clone)]
pub struct IString(Repr);

/// Strings up to this many bytes are copied inline instead of sharing the received buffer:
/// copying a few bytes is cheaper than the reference count of a shared slice.
const INLINE: usize = 22;

#[derive(Clone)]
enum Repr {
    Inline { len: u8, data: [u8; INLINE] },
    Shared(Bytes),
}

/// A string that may be `NIL`.
pub type NString = Option<IString>;

impl IString {
    /// Wraps received bytes.
    pub fn new(bytes: impl Into<Bytes>) -> Self {
        let bytes = bytes.into();
        match Self::inline(&bytes) {
            Some(inline) => inline,
            None => IString(Repr::Shared(bytes)),
        }
    }

    /// A copy of `bytes` when they fit inline.
    fn inline(bytes: &[u8]) -> Option<Self> {
        if bytes.len() > INLINE {
            return None;
        }
        let mut data = [0u8; INLINE];
        data[..bytes.len()].copy_from_slice(bytes);
        Some(IString(Repr::Inline { len: bytes.len() as u8, data }))
    }

    /// `sub`, a sub-slice of `frame`: copied inline when short, else shared without copying.
    #[inline(always)]
    pub(crate) fn from_frame(frame: &Bytes, sub: &[u8]) -> Self {
        if sub.len() > INLINE {
            return IString(Repr::Shared(frame.slice_ref(sub)));
        }
        match Self::inline_window(frame, sub) {
            // Each case builds its string where it is returned: merged into one array first,
            // the two sources were staged on the stack in overlapping pieces and read back
            // across them, which stalls store forwarding (about a tenth of the time spent
            // reading strings, in `perf annotate` on an AMD Zen 4).
            Some(window) => {
                debug_assert_eq!(&window[..sub.len()], sub, "sub-slice not within the frame");
                IString(Repr::Inline { len: sub.len() as u8, data: *window })
            }
            // The rare other case is kept out of line: merged with the fixed copy, it would
            // turn both into a call to `memcpy`.
            _ => Self::padded(sub),
        }
    }

    /// Makes this string `sub`, a sub-slice of `frame`, as [`IString::from_frame`] would, but
    /// writes a short one straight into this string's own bytes when it holds a short one
    /// already (a fresh default does). Built elsewhere and moved here, the copy was staged on
    /// the stack in overlapping pieces and read back across them, which stalls store
    /// forwarding: about a third of the samples in the string readers under `perf annotate`
    /// on an AMD Zen 4.
    #[inline(always)]
    pub(crate) fn set_from_frame(&mut self, frame: &Bytes, sub: &[u8]) {
        if sub.len() <= INLINE {
            if let (Repr::Inline { len, data }, Some(window)) = (&mut self.0, Self::inline_window(frame, sub)) {
                *data = *window;
                *len = sub.len() as u8;
                debug_assert_eq!(self.as_bytes(), sub, "sub-slice not within the frame");
                return;
            }
        }
        *self = IString::from_frame(frame, sub);
    }

    /// The INLINE bytes of `frame` from where `sub` (a short sub-slice of it) starts, when the
    /// frame has that many: copying a fixed INLINE bytes takes a couple of moves instead of a
    /// variable-length copy, and the bytes past the string's length are never read.
    #[inline(always)]
    fn inline_window<'f>(frame: &'f Bytes, sub: &[u8]) -> Option<&'f [u8; INLINE]> {
        let start = (sub.as_ptr() as usize).wrapping_sub(frame.as_ptr() as usize);
        let window = frame.get(start..start + INLINE).filter(|_| start < frame.len())?;
        window.try_into().ok()
    }

    /// `sub` (at most INLINE bytes) inline, followed by zeros.
    #[cold]
    #[inline(never)]
    fn padded(sub: &[u8]) -> Self {
        let mut data = [0u8; INLINE];
        let n = sub.len().min(INLINE);
        data[..n].copy_from_slice(&sub[..n]);
        IString(Repr::Inline { len: n as u8, data })
    }

    /// The raw bytes.
    pub fn as_bytes(&self) -> &[u8] {
        match &self.0 {
            Repr::Inline { len, data } => &data[..usize::from(*len)],
            Repr::Shared(bytes) => bytes,
        }
    }

    /// The bytes as a shared buffer (copied for short strings).
    pub fn to_bytes(&self) -> Bytes {
        match &self.0 {
            Repr::Inline { .. } => Bytes::copy_from_slice(self.as_bytes()),
            Repr::Shared(bytes) => bytes.clone(),
        }
    }

    /// The string as UTF-8, if it is.
    pub fn to_str(&self) -> Result<&str, std::str::Utf8Error> {
        std::str::from_utf8(self.as_bytes())
    }

    /// The string as UTF-8, with invalid sequences replaced by U+FFFD.
    pub fn to_string_lossy(&self) -> std::borrow::Cow<'_, str> {
        String::from_utf8_lossy(self.as_bytes())
    }

    /// Number of bytes.
    pub fn len(&self) -> usize {
        self.as_bytes().len()
    }

    /// True for the empty string `""`.
    pub fn is_empty(&self) -> bool {
        self.as_bytes().is_empty()
    }

    /// Compares with `other`, ignoring ASCII case.
    pub fn eq_ignore_case(&self, other: &str) -> bool {
        // An exact match (the usual case) is a cheap compare; folding every byte is not.
        let bytes = self.as_bytes();
        bytes == other.as_bytes() || bytes.eq_ignore_ascii_case(other.as_bytes())
    }
}

impl Default for IString {
    fn default() -> Self {
        IString(Repr::Inline { len: 0, data: [0; INLINE] })
    }
}

impl PartialEq for IString {
    fn eq(&self, other: &Self) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl Eq for IString {}

impl std::hash::Hash for IString {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_bytes().hash(state);
    }
}

impl PartialOrd for IString {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for IString {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_bytes().cmp(other.as_bytes())
    }
}

impl From<Bytes> for IString {
    fn from(bytes: Bytes) -> Self {
        IString::new(bytes)
    }
}

impl fmt::Debug for IString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "\"{}\"", escape_bytes(self.as_bytes(), 200))
    }
}

impl From<Vec<u8>> for IString {
    fn from(value: Vec<u8>) -> Self {
        IString::inline(&value).unwrap_or_else(|| IString(Repr::Shared(Bytes::from(value.into_boxed_slice()))))
    }
}

impl From<&str> for IString {
    fn from(value: &str) -> Self {
        IString::from(value.as_bytes())
    }
}

impl From<&[u8]> for IString {
    fn from(value: &[u8]) -> Self {
        IString::inline(value).unwrap_or_else(|| IString(Repr::Shared(Bytes::copy_from_slice(value))))
    }
}

impl PartialEq<str> for IString {
    fn eq(&self, other: &str) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl PartialEq<&str> for IString {
    fn eq(&self, other: &&str) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl AsRef<[u8]> for IString {
    fn as_ref(&self) -> &[u8] {
        self.as_bytes()
    }
}

/// Serializes text as a JSON string, and bytes that are not UTF-8 as `{"base64": "..."}`.
#[cfg(feature = "serde")]
pub(crate) fn serialize_bytes<S: serde::Serializer>(bytes: &[u8], serializer: S) -> Result<S::Ok, S::Error> {
    use base64::Engine;
    use serde::ser::SerializeMap;
    match std::str::from_utf8(bytes) {
        Ok(text) => serializer.serialize_str(text),
        Err(_) => {
            let mut map = serializer.serialize_map(Some(1))?;
            map.serialize_entry("base64", &base64::engine::general_purpose::STANDARD.encode(bytes))?;
            map.end()
        }
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for IString {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serialize_bytes(self.as_bytes(), serializer)
    }
}

/// A string argument of a command (`astring`): any bytes except NUL. The encoder sends it as an
/// atom, a quoted string or a literal, whichever its content allows.
///
/// ```
/// use imap_core::types::AString;
/// assert!(AString::try_from("Sent Items").is_ok());
/// assert!(AString::try_from("line\r\nbreak").is_ok()); // goes out as a literal
/// assert!(AString::try_from("nul\0").is_err());
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct AString(Bytes);

impl AString {
    /// Checks `value` (no NUL) and wraps it.
    pub fn new(value: impl Into<Bytes>) -> Result<Self, ValueError> {
        let value = value.into();
        if let Some(pos) = memchr::memchr(0, &value) {
            return Err(ValueError::new("string", "NUL byte", &value).at(pos));
        }
        Ok(AString(value))
    }

    /// The raw bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }
}

impl fmt::Debug for AString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "AString(\"{}\")", escape_bytes(&self.0, 200))
    }
}

impl TryFrom<&str> for AString {
    type Error = ValueError;
    fn try_from(value: &str) -> Result<Self, ValueError> {
        AString::new(Bytes::copy_from_slice(value.as_bytes()))
    }
}

impl TryFrom<String> for AString {
    type Error = ValueError;
    fn try_from(value: String) -> Result<Self, ValueError> {
        AString::new(value)
    }
}

impl TryFrom<&[u8]> for AString {
    type Error = ValueError;
    fn try_from(value: &[u8]) -> Result<Self, ValueError> {
        AString::new(Bytes::copy_from_slice(value))
    }
}

impl TryFrom<Vec<u8>> for AString {
    type Error = ValueError;
    fn try_from(value: Vec<u8>) -> Result<Self, ValueError> {
        AString::new(value)
    }
}

/// A quoted string: `TEXT-CHAR`s only, so no CR, LF or NUL. 8-bit bytes are admitted here and
/// refused by the encoder unless UTF-8 mode (RFC 6855) is on.
///
/// ```
/// use imap_core::types::Quoted;
/// assert!(Quoted::new("say \"hi\"").is_ok());
/// assert!(Quoted::new("two\r\nlines").is_err());
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Quoted(Bytes);

impl Quoted {
    /// Checks `value` and wraps it.
    pub fn new(value: impl Into<Bytes>) -> Result<Self, ValueError> {
        let value = value.into();
        if let Some(pos) = value.iter().position(|b| matches!(b, 0 | b'\r' | b'\n')) {
            return Err(ValueError::new("quoted string", "CR, LF or NUL", &value).at(pos));
        }
        Ok(Quoted(value))
    }

    /// The unescaped bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }
}

impl fmt::Debug for Quoted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Quoted(\"{}\")", escape_bytes(&self.0, 200))
    }
}

/// Whether the sender of a literal waits for the server's `+` continuation before the data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum LiteralMode {
    /// `{n}`: the client waits for `+` (always allowed).
    #[default]
    Sync,
    /// `{n+}`: sent at once (LITERAL+ of RFC 7888, or LITERAL- up to 4096 bytes).
    NonSync,
}

/// A literal: any bytes except NUL (RFC 3501 `literal`).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Literal {
    data: Bytes,
}

impl Literal {
    /// Checks `data` (no NUL) and wraps it.
    pub fn new(data: impl Into<Bytes>) -> Result<Self, ValueError> {
        let data = data.into();
        if let Some(pos) = memchr::memchr(0, &data) {
            return Err(ValueError::new("literal", "NUL byte (use literal8)", &data[..pos.min(64)]).at(pos));
        }
        Ok(Literal { data })
    }

    /// The contents.
    pub fn as_bytes(&self) -> &[u8] {
        &self.data
    }

    /// The contents as a shared buffer.
    pub fn bytes(&self) -> &Bytes {
        &self.data
    }
}

impl fmt::Debug for Literal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Literal({} bytes)", self.data.len())
    }
}

/// A `literal8` (RFC 3516, BINARY): any bytes, NUL included, sent as `~{n}`.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Literal8 {
    data: Bytes,
}

impl Literal8 {
    /// Wraps `data`; every byte value is allowed.
    pub fn new(data: impl Into<Bytes>) -> Self {
        Literal8 { data: data.into() }
    }

    /// The contents.
    pub fn as_bytes(&self) -> &[u8] {
        &self.data
    }

    /// The contents as a shared buffer.
    pub fn bytes(&self) -> &Bytes {
        &self.data
    }
}

impl fmt::Debug for Literal8 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Literal8({} bytes)", self.data.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn astring_refuses_nul_only() {
        assert!(AString::try_from("a\r\nb\"c\\").is_ok());
        let err = AString::try_from("ab\0").unwrap_err();
        assert_eq!(err.position(), Some(2));
    }

    #[test]
    fn quoted_refuses_line_breaks() {
        assert_eq!(Quoted::new("a\nb").unwrap_err().position(), Some(1));
        assert_eq!(Quoted::new("a\rb").unwrap_err().position(), Some(1));
        assert!(Quoted::new("Grüße \"x\"").is_ok());
    }

    #[test]
    fn literal_and_literal8() {
        assert!(Literal::new(&b"x\0y"[..]).is_err());
        assert!(Literal::new(&b"x\r\ny"[..]).is_ok());
        assert_eq!(Literal8::new(&b"\0\xff"[..]).as_bytes(), b"\0\xff");
    }

    #[test]
    fn short_strings_inline_long_ones_shared_and_equal_either_way() {
        let frame = Bytes::from_static(b"short and a string that is longer than the inline limit");
        let short = IString::from_frame(&frame, &frame[..5]);
        let long = IString::from_frame(&frame, &frame[10..]);
        assert!(matches!(short.0, Repr::Inline { .. }));
        assert!(matches!(long.0, Repr::Shared(_)));
        assert_eq!(short, IString::from("short"));
        assert_eq!(long.as_bytes(), &frame[10..]);
        assert_eq!(IString::new(frame.slice(10..)), long);
        assert_eq!(IString::default(), "");
        assert_eq!(std::mem::size_of::<IString>(), 32);
    }

    #[test]
    fn set_from_frame_gives_what_from_frame_gives_whatever_it_held() {
        let frame = Bytes::from_static(b"short and a string that is longer than the inline limit, end");
        let end = frame.len();
        let cases: [&[u8]; 4] = [&frame[..5], &frame[10..40], &frame[end - 3..], &frame[..0]];
        let held = [IString::default(), IString::from("old"), IString::from_frame(&frame, &frame[6..40])];
        for sub in cases {
            for before in &held {
                let mut string = before.clone();
                string.set_from_frame(&frame, sub);
                assert_eq!(string.as_bytes(), sub, "{before:?} then {sub:?}");
                let expected = IString::from_frame(&frame, sub);
                assert_eq!(matches!(string.0, Repr::Inline { .. }), matches!(expected.0, Repr::Inline { .. }));
            }
        }
    }

    #[test]
    fn istring_debug_escapes() {
        assert_eq!(format!("{:?}", IString::from(&b"a\"\xff"[..])), "\"a\\\"\\xff\"");
    }
}
