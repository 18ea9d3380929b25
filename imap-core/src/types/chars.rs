//! Character classes of RFC 3501 section 9 (formal syntax), as one lookup table.
//!
//! The parser and the encoder both ask these questions, so they live in one place.

const ATOM: u8 = 1; // ATOM-CHAR
const ASTRING: u8 = 2; // ASTRING-CHAR = ATOM-CHAR / resp-specials
const LIST: u8 = 4; // list-char = ATOM-CHAR / list-wildcards / resp-specials
const QUOTED: u8 = 8; // TEXT-CHAR that may stand unescaped between double quotes
const TAG: u8 = 16; // ASTRING-CHAR except "+"
const RECEIVED_FLAG: u8 = 32; // a byte the parser accepts inside a flag a server sent (tolerance)
const RECEIVED_ASTRING: u8 = 64; // ASTRING-CHAR or an 8-bit byte: a bare astring a server sent (tolerance)

const fn class(byte: u8) -> u8 {
    let is_ctl = byte < 0x20 || byte == 0x7f;
    let is_char = byte >= 0x01 && byte <= 0x7f;
    if !is_char || is_ctl {
        return 0;
    }
    match byte {
        b' ' | b'(' | b')' | b'{' => 0,
        b'"' | b'\\' => 0,
        b'%' | b'*' => LIST | QUOTED,
        b']' => ASTRING | LIST | QUOTED | TAG,
        b'+' => ATOM | ASTRING | LIST | QUOTED,
        _ => ATOM | ASTRING | LIST | QUOTED | TAG,
    }
}

const fn build_table() -> [u8; 256] {
    let mut table = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        table[i] = class(i as u8) | received(i as u8);
        i += 1;
    }
    // Characters that are quotable although not atom characters.
    table[b' ' as usize] |= QUOTED;
    table[b'(' as usize] |= QUOTED;
    table[b')' as usize] |= QUOTED;
    table[b'{' as usize] |= QUOTED;
    table
}

/// The parser's wider classes for what servers send (the tolerances of TOLERANCES.md).
const fn received(byte: u8) -> u8 {
    // A keyword may hold any byte that does not end a flag: 8-bit (UTF-8 or not), controls,
    // `%`, `*`, `\`, `{`.
    let flag = if matches!(byte, 0 | b'\r' | b'\n' | b' ' | b'(' | b')' | b'"') { 0 } else { RECEIVED_FLAG };
    // A bare astring may also hold 8-bit bytes and the LIST wildcards `%` and `*`, which some
    // servers leave unquoted in mailbox names.
    let astring =
        if class(byte) & ASTRING != 0 || byte >= 0x80 || matches!(byte, b'%' | b'*') { RECEIVED_ASTRING } else { 0 };
    flag | astring
}

static TABLE: [u8; 256] = build_table();

/// `ATOM-CHAR`: any 7-bit character except `(){ %*"\]`, space and controls.
#[inline]
pub(crate) fn is_atom_char(byte: u8) -> bool {
    TABLE[byte as usize] & ATOM != 0
}

/// `ASTRING-CHAR`: an `ATOM-CHAR` or `]`.
#[inline]
pub(crate) fn is_astring_char(byte: u8) -> bool {
    TABLE[byte as usize] & ASTRING != 0
}

/// `list-char`: an `ATOM-CHAR`, `%`, `*` or `]` (LIST patterns).
#[inline]
pub(crate) fn is_list_char(byte: u8) -> bool {
    TABLE[byte as usize] & LIST != 0
}

/// A 7-bit `TEXT-CHAR` other than `"` and `\`: may stand unescaped inside a quoted string.
#[inline]
pub(crate) fn is_plain_quoted_char(byte: u8) -> bool {
    TABLE[byte as usize] & QUOTED != 0
}

/// A byte the parser accepts inside a flag from a server: anything but NUL, CR, LF, space,
/// parentheses and `"` (TOLERANCES.md, rule 22). The encoder never uses this class.
#[inline]
pub(crate) fn is_received_flag_char(byte: u8) -> bool {
    TABLE[byte as usize] & RECEIVED_FLAG != 0
}

/// A byte the parser accepts in a bare (unquoted) astring from a server: an `ASTRING-CHAR`,
/// an 8-bit byte, as in a raw UTF-8 mailbox name, or a LIST wildcard `%` or `*` (TOLERANCES.md,
/// rule 25). The encoder never uses this class.
#[inline]
pub(crate) fn is_received_astring_char(byte: u8) -> bool {
    TABLE[byte as usize] & RECEIVED_ASTRING != 0
}

/// A character allowed in a tag: `ASTRING-CHAR` except `+`.
#[inline]
pub(crate) fn is_tag_char(byte: u8) -> bool {
    TABLE[byte as usize] & TAG != 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_match_rfc3501() {
        for b in b"abcXYZ019!#$&'+,-./:;<=>?@^_`|~" {
            assert!(is_atom_char(*b), "{}", *b as char);
            assert!(is_astring_char(*b));
        }
        for b in b"(){ %*\"\\]\r\n\x00\x7f\x80" {
            assert!(!is_atom_char(*b), "{}", *b as char);
        }
        assert!(is_astring_char(b']'));
        assert!(!is_astring_char(b'%'));
        assert!(is_list_char(b'%') && is_list_char(b'*') && is_list_char(b']'));
        assert!(!is_tag_char(b'+') && is_tag_char(b'A') && is_tag_char(b']'));
        assert!(is_plain_quoted_char(b' ') && is_plain_quoted_char(b'('));
        assert!(!is_plain_quoted_char(b'"') && !is_plain_quoted_char(b'\\'));
        assert!(!is_plain_quoted_char(b'\r') && !is_plain_quoted_char(0xc3));
        for b in b"aZ]%*\\{\x04\x7f\x80\xc3\xff" {
            assert!(is_received_flag_char(*b), "{b:#x}");
        }
        for b in b"\0\r\n ()\"" {
            assert!(!is_received_flag_char(*b), "{b:#x}");
        }
        for b in b"aZ]~/%*\x80\xc3\xff" {
            assert!(is_received_astring_char(*b), "{b:#x}");
        }
        for b in b"\0\r\n ()\"{\\\x7f\x04" {
            assert!(!is_received_astring_char(*b), "{b:#x}");
        }
    }
}
