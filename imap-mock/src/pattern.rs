//! Patterns for client lines: exact bytes, `$name` captures bound on first match, `$*`
//! wildcards, `$$` for a literal `$`.
//!
//! A capture name starts with a lower-case ASCII letter or `_` (then letters, digits, `_`), so
//! that IMAP keywords such as `$Forwarded` or `$MDNSent` in a pasted conversation stay exact
//! text.

use std::collections::HashMap;

/// One piece of a pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Segment {
    /// Bytes that must appear as they are.
    Exact(Vec<u8>),
    /// A token (a non-empty run without space, CR, LF, parentheses), bound to `name` on first
    /// match; later uses must match the same bytes.
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

/// How much backtracking one match may do before it gives up (as a mismatch): patterns are
/// written by people and are short, but the input comes from the client under test, and no
/// input may make the server hang.
const BUDGET: usize = 200_000;

fn is_name_start(b: u8) -> bool {
    b.is_ascii_lowercase() || b == b'_'
}

fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

fn is_token_byte(b: u8) -> bool {
    !matches!(b, b' ' | b'\r' | b'\n' | b'(' | b')')
}

/// The length of the capture name starting at `text[start]` (0: not a name).
fn name_len(text: &[u8], start: usize) -> usize {
    match text.get(start) {
        Some(&b) if is_name_start(b) => text[start..].iter().take_while(|&&b| is_name_byte(b)).count(),
        _ => 0,
    }
}

/// How matching compares exact bytes.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Matcher {
    /// ASCII case is ignored in exact parts.
    pub(crate) ignore_case: bool,
}

impl Matcher {
    fn starts_with(self, input: &[u8], prefix: &[u8]) -> bool {
        input.len() >= prefix.len()
            && if self.ignore_case {
                input[..prefix.len()].eq_ignore_ascii_case(prefix)
            } else {
                input.starts_with(prefix)
            }
    }
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
                    _ => {
                        let len = name_len(text, i + 1);
                        if len > 0 {
                            flush(&mut segments, &mut exact);
                            let name = String::from_utf8_lossy(&text[i + 1..i + 1 + len]).into_owned();
                            segments.push(Segment::Capture(name));
                            i += 1 + len;
                            continue;
                        }
                    }
                }
            }
            exact.push(text[i]);
            i += 1;
        }
        flush(&mut segments, &mut exact);
        Pattern { segments }
    }

    /// Matches `input` as a whole; on success, the new bindings are added to `bindings`.
    pub(crate) fn matches(&self, input: &[u8], bindings: &mut Bindings, matcher: Matcher) -> bool {
        let mut new = Bindings::new();
        let mut budget = BUDGET;
        if match_from(&self.segments, input, bindings, &mut new, matcher, &mut budget) {
            bindings.extend(new);
            true
        } else {
            false
        }
    }

    /// The pattern as script text (for error messages).
    pub(crate) fn render(&self) -> Vec<u8> {
        let mut out = Vec::new();
        for segment in &self.segments {
            match segment {
                Segment::Exact(bytes) => {
                    for (i, &b) in bytes.iter().enumerate() {
                        // Escape a `$` only where the script reader would take it as special.
                        let special =
                            b == b'$' && (matches!(bytes.get(i + 1), Some(b'$' | b'*')) || name_len(bytes, i + 1) > 0);
                        if special {
                            out.push(b'$');
                        }
                        out.push(b);
                    }
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

/// Backtracking match, bounded by `budget`.
fn match_from(
    segments: &[Segment],
    input: &[u8],
    bound: &Bindings,
    new: &mut Bindings,
    matcher: Matcher,
    budget: &mut usize,
) -> bool {
    if *budget == 0 {
        return false;
    }
    *budget -= 1;
    let Some((first, rest)) = segments.split_first() else { return input.is_empty() };
    match first {
        Segment::Exact(bytes) => {
            matcher.starts_with(input, bytes) && match_from(rest, &input[bytes.len()..], bound, new, matcher, budget)
        }
        Segment::Capture(name) => {
            if let Some(value) = bound.get(name).or_else(|| new.get(name)).cloned() {
                // A bound value repeats exactly: it is the client's own data.
                return input.starts_with(&value)
                    && match_from(rest, &input[value.len()..], bound, new, matcher, budget);
            }
            let longest = input.iter().position(|&b| !is_token_byte(b)).unwrap_or(input.len());
            for len in 1..=longest {
                new.insert(name.clone(), input[..len].to_vec());
                if match_from(rest, &input[len..], bound, new, matcher, budget) {
                    return true;
                }
                new.remove(name);
            }
            false
        }
        Segment::Wildcard => {
            // Only positions where the next exact part starts can succeed: try those alone.
            let next = match rest.first() {
                Some(Segment::Exact(bytes)) => Some(bytes.as_slice()),
                _ => None,
            };
            (0..=input.len())
                .filter(|&skip| next.is_none_or(|bytes| matcher.starts_with(&input[skip..], bytes)))
                .any(|skip| match_from(rest, &input[skip..], bound, new, matcher, budget))
        }
    }
}

/// Replaces `$name` in server output with bound values (`$$` with `$`; unknown names and
/// keywords such as `$Junk` stay as they are).
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
            let len = name_len(template, i + 1);
            if len > 0 {
                if let Some(value) = bindings.get(&*String::from_utf8_lossy(&template[i + 1..i + 1 + len])) {
                    out.extend_from_slice(value);
                    i += 1 + len;
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

    const EXACT: Matcher = Matcher { ignore_case: false };

    fn matches(pattern: &str, input: &str, bindings: &mut Bindings) -> bool {
        Pattern::parse(pattern.as_bytes()).matches(input.as_bytes(), bindings, EXACT)
    }

    #[test]
    fn captures_bind_on_first_match_and_must_repeat() {
        let mut bindings = Bindings::new();
        assert!(matches("$t LOGIN $user $*", "X1 LOGIN alice \"pw\"", &mut bindings));
        assert_eq!(bindings["user"], b"alice");
        assert_eq!(bindings["t"], b"X1");
        assert!(matches("$t SELECT INBOX", "X1 SELECT INBOX", &mut bindings));
        assert!(!matches("$t SELECT INBOX", "X2 SELECT INBOX", &mut bindings));
    }

    #[test]
    fn captures_are_tokens_without_spaces_or_parentheses() {
        let mut b = Bindings::new();
        assert!(matches("A1 FETCH 1 ($items)", "A1 FETCH 1 (FLAGS)", &mut b));
        assert_eq!(b["items"], b"FLAGS");
        assert!(!matches("A1 FETCH 1 ($list)", "A1 FETCH 1 (FLAGS UID)", &mut b), "a space ends a token");
        assert!(!matches("A1 NOOP $x", "A1 NOOP ", &mut b), "a token is not empty");
        let mut b = Bindings::new();
        assert!(matches("A1 $a$b", "A1 xy", &mut b), "adjacent captures split the token");
        assert_eq!((b["a"].as_slice(), b["b"].as_slice()), (&b"x"[..], &b"y"[..]));
    }

    #[test]
    fn wildcards_exact_bytes_dollars_and_keywords() {
        let mut b = Bindings::new();
        assert!(matches("A1 FETCH $* (UID)", "A1 FETCH 1:* (FLAGS) (UID)", &mut b));
        assert!(matches("A1 $*", "A1 ", &mut b), "a wildcard may match nothing");
        assert!(!matches("A1 NOOP", "A1 NOOPX", &mut b));
        assert!(!matches("A1 NOOP", "a1 noop", &mut b), "case matters by default");
        assert!(matches("price $$5", "price $5", &mut b));
        assert!(matches("LIST \"\" *", "LIST \"\" *", &mut b), "IMAP's * is not a wildcard");
        assert!(matches("STORE 1 +FLAGS ($Forwarded)", "STORE 1 +FLAGS ($Forwarded)", &mut b));
        assert!(!matches("STORE 1 +FLAGS ($Forwarded)", "STORE 1 +FLAGS ($Junk)", &mut b), "keywords are exact");
    }

    #[test]
    fn ignoring_case_applies_to_exact_parts_only() {
        let nocase = Matcher { ignore_case: true };
        let mut b = Bindings::new();
        let pattern = Pattern::parse(b"A1 LOGIN $user PW");
        assert!(pattern.matches(b"A1 login Alice pw", &mut b, nocase));
        assert_eq!(b["user"], b"Alice");
        let again = Pattern::parse(b"A2 SELECT $user");
        assert!(!again.matches(b"A2 select alice", &mut b, nocase), "a bound value repeats exactly");
    }

    #[test]
    fn adversarial_input_cannot_make_matching_hang() {
        let pattern = Pattern::parse(b"$*a$*a$*a$*a$*a$*a$*b");
        let input = vec![b'a'; 5000];
        // Without the budget this takes longer than any test run; with it, it gives up.
        assert!(!pattern.matches(&input, &mut Bindings::new(), EXACT));
    }

    #[test]
    fn rendering_gives_back_the_script_text() {
        for text in ["A1 LOGIN $user $*", "cost $$usd for $Junk", "$t NOOP"] {
            assert_eq!(Pattern::parse(text.as_bytes()).render(), text.as_bytes());
        }
    }

    #[test]
    fn substitution_uses_bindings() {
        let mut b = Bindings::new();
        b.insert("uid".into(), b"42".to_vec());
        b.insert("Junk".into(), b"no".to_vec());
        assert_eq!(substitute(b"* 1 FETCH (UID $uid) $$ $unknown $Junk", &b), b"* 1 FETCH (UID 42) $ $unknown $Junk");
    }
}
