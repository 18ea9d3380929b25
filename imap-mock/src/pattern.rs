//! Patterns for client lines: exact bytes, `$name` captures bound on first match, `$*`
//! wildcards, `$$` for a literal `$`.

use std::collections::HashMap;

/// One piece of a pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Segment {
    /// Bytes that must appear as they are.
    Exact(Vec<u8>),
    /// A token (no space, CR, LF, parentheses), bound to `name` on first match.
    Capture(String),
    /// Any bytes (as few as possible).
    Wildcard,
}

/// A pattern for one client line.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Pattern {
    pub(crate) segments: Vec<Segment>,
}

/// Values bound by captures, shared by a whole conversation.
pub(crate) type Bindings = HashMap<String, Vec<u8>>;

fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

fn is_token_byte(b: u8) -> bool {
    !matches!(b, b' ' | b'\r' | b'\n' | b'(' | b')')
}

impl Pattern {
    /// Reads pattern text: `$name`, `$*` and `$$` are special, everything else is exact.
    pub(crate) fn parse(text: &[u8]) -> Pattern {
        let mut segments = Vec::new();
        let mut exact = Vec::new();
        let mut i = 0;
        while i < text.len() {
            if text[i] == b'$' {
                match text.get(i + 1) {
                    Some(b'$') => {
                        exact.push(b'$');
                        i += 2;
                        continue;
                    }
                    Some(b'*') => {
                        flush(&mut segments, &mut exact);
                        segments.push(Segment::Wildcard);
                        i += 2;
                        continue;
                    }
                    Some(&b) if is_name_byte(b) => {
                        let end =
                            text[i + 1..].iter().position(|&b| !is_name_byte(b)).map_or(text.len(), |p| i + 1 + p);
                        flush(&mut segments, &mut exact);
                        segments.push(Segment::Capture(String::from_utf8_lossy(&text[i + 1..end]).into_owned()));
                        i = end;
                        continue;
                    }
                    _ => {}
                }
            }
            exact.push(text[i]);
            i += 1;
        }
        flush(&mut segments, &mut exact);
        Pattern { segments }
    }

    /// Matches `input` as a whole; on success, the new bindings are added to `bindings`.
    pub(crate) fn matches(&self, input: &[u8], bindings: &mut Bindings) -> bool {
        let mut new = Bindings::new();
        if match_from(&self.segments, input, bindings, &mut new) {
            bindings.extend(new);
            true
        } else {
            false
        }
    }

    /// The pattern as text (for error messages).
    pub(crate) fn render(&self) -> Vec<u8> {
        let mut out = Vec::new();
        for segment in &self.segments {
            match segment {
                Segment::Exact(bytes) => {
                    out.extend(bytes.iter().flat_map(|&b| if b == b'$' { vec![b'$', b'$'] } else { vec![b] }))
                }
                Segment::Capture(name) => {
                    out.push(b'$');
                    out.extend_from_slice(name.as_bytes());
                }
                Segment::Wildcard => out.extend_from_slice(b"$*"),
            }
        }
        out
    }
}

fn flush(segments: &mut Vec<Segment>, exact: &mut Vec<u8>) {
    if !exact.is_empty() {
        segments.push(Segment::Exact(std::mem::take(exact)));
    }
}

/// Backtracking match; patterns are a handful of segments long, so this stays cheap.
fn match_from(segments: &[Segment], input: &[u8], bound: &Bindings, new: &mut Bindings) -> bool {
    let Some((first, rest)) = segments.split_first() else { return input.is_empty() };
    match first {
        Segment::Exact(bytes) => input.starts_with(bytes) && match_from(rest, &input[bytes.len()..], bound, new),
        Segment::Capture(name) => {
            if let Some(value) = bound.get(name).or_else(|| new.get(name)).cloned() {
                return input.starts_with(&value) && match_from(rest, &input[value.len()..], bound, new);
            }
            let longest = input.iter().position(|&b| !is_token_byte(b)).unwrap_or(input.len());
            for len in 1..=longest {
                new.insert(name.clone(), input[..len].to_vec());
                if match_from(rest, &input[len..], bound, new) {
                    return true;
                }
                new.remove(name);
            }
            false
        }
        Segment::Wildcard => (0..=input.len()).any(|skip| match_from(rest, &input[skip..], bound, new)),
    }
}

/// Replaces `$name` in server output with bound values (`$$` with `$`; unknown names stay).
pub(crate) fn substitute(template: &[u8], bindings: &Bindings) -> Vec<u8> {
    let mut out = Vec::with_capacity(template.len());
    let mut i = 0;
    while i < template.len() {
        if template[i] == b'$' {
            if template.get(i + 1) == Some(&b'$') {
                out.push(b'$');
                i += 2;
                continue;
            }
            let end = template[i + 1..].iter().position(|&b| !is_name_byte(b)).map_or(template.len(), |p| i + 1 + p);
            if end > i + 1 {
                if let Some(value) = bindings.get(&String::from_utf8_lossy(&template[i + 1..end]).into_owned()) {
                    out.extend_from_slice(value);
                    i = end;
                    continue;
                }
            }
        }
        out.push(template[i]);
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn captures_bind_on_first_match_and_must_repeat() {
        let mut bindings = Bindings::new();
        assert!(Pattern::parse(b"$t LOGIN $user $*").matches(b"X1 LOGIN alice \"pw\"", &mut bindings));
        assert_eq!(bindings["user"], b"alice");
        assert_eq!(bindings["t"], b"X1");
        assert!(Pattern::parse(b"$t SELECT INBOX").matches(b"X1 SELECT INBOX", &mut bindings));
        assert!(!Pattern::parse(b"$t SELECT INBOX").matches(b"X2 SELECT INBOX", &mut bindings));
    }

    #[test]
    fn wildcards_exact_bytes_and_dollars() {
        let mut b = Bindings::new();
        assert!(Pattern::parse(b"A1 FETCH $* (UID)").matches(b"A1 FETCH 1:* (FLAGS) (UID)", &mut b));
        assert!(!Pattern::parse(b"A1 NOOP").matches(b"A1 NOOPX", &mut b));
        assert!(Pattern::parse(b"price $$5").matches(b"price $5", &mut b));
        assert!(Pattern::parse(b"LIST \"\" *").matches(b"LIST \"\" *", &mut b), "IMAP's * is not a wildcard");
    }

    #[test]
    fn substitution_uses_bindings() {
        let mut b = Bindings::new();
        b.insert("uid".into(), b"42".to_vec());
        assert_eq!(substitute(b"* 1 FETCH (UID $uid) $$ $unknown", &b), b"* 1 FETCH (UID 42) $ $unknown");
    }
}
