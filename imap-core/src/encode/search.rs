//! SEARCH criteria (RFC 3501 section 6.4.4, plus CONDSTORE's MODSEQ), as a typed tree.

use std::fmt;

use chrono::{Datelike, NaiveDate};

use super::EncodeError;
use super::writer::{StringKind, Writer};
use crate::types::{AString, Atom, SequenceSet};

/// A date of the SEARCH grammar (`1-Feb-1994`): a day, without time or zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SearchDate(NaiveDate);

impl SearchDate {
    /// The date `year-month-day`, if it exists.
    pub fn new(year: i32, month: u32, day: u32) -> Option<Self> {
        NaiveDate::from_ymd_opt(year, month, day).filter(|d| (0..=9999).contains(&d.year())).map(SearchDate)
    }
}

impl From<NaiveDate> for SearchDate {
    fn from(date: NaiveDate) -> Self {
        SearchDate(date)
    }
}

impl fmt::Display for SearchDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
        let month = MONTHS[self.0.month0() as usize];
        write!(f, "{}-{}-{:04}", self.0.day(), month, self.0.year())
    }
}

/// A search key. Several keys side by side must all match ([`SearchKey::And`]).
///
/// ```
/// use imap_core::encode::{SearchDate, SearchKey};
/// let key = SearchKey::And(vec![
///     SearchKey::Unseen,
///     SearchKey::from("alice@example.org").unwrap(),
///     SearchKey::Since(SearchDate::new(2024, 2, 1).unwrap()),
/// ]);
/// # let _ = key;
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SearchKey {
    /// `ALL`.
    All,
    /// `ANSWERED`.
    Answered,
    /// `BCC string`.
    Bcc(AString),
    /// `BEFORE date` (internal date).
    Before(SearchDate),
    /// `BODY string`.
    Body(AString),
    /// `CC string`.
    Cc(AString),
    /// `DELETED`.
    Deleted,
    /// `DRAFT`.
    Draft,
    /// `FLAGGED`.
    Flagged,
    /// `FROM string`.
    From(AString),
    /// `HEADER field-name string`.
    Header(AString, AString),
    /// `KEYWORD flag`.
    Keyword(Atom),
    /// `LARGER n`.
    Larger(u32),
    /// `NEW`.
    New,
    /// `NOT key`.
    Not(Box<SearchKey>),
    /// `OLD`.
    Old,
    /// `ON date`.
    On(SearchDate),
    /// `OR key key`.
    Or(Box<SearchKey>, Box<SearchKey>),
    /// `RECENT`.
    Recent,
    /// `SEEN`.
    Seen,
    /// `SENTBEFORE date`.
    SentBefore(SearchDate),
    /// `SENTON date`.
    SentOn(SearchDate),
    /// `SENTSINCE date`.
    SentSince(SearchDate),
    /// `SINCE date`.
    Since(SearchDate),
    /// `SMALLER n`.
    Smaller(u32),
    /// `SUBJECT string`.
    Subject(AString),
    /// `TEXT string`.
    Text(AString),
    /// `TO string`.
    To(AString),
    /// `UID set`.
    Uid(SequenceSet),
    /// `UNANSWERED`.
    Unanswered,
    /// `UNDELETED`.
    Undeleted,
    /// `UNDRAFT`.
    Undraft,
    /// `UNFLAGGED`.
    Unflagged,
    /// `UNKEYWORD flag`.
    Unkeyword(Atom),
    /// `UNSEEN`.
    Unseen,
    /// A sequence set.
    SequenceSet(SequenceSet),
    /// Keys that must all match: `(key key ...)` (bare at the top level).
    And(Vec<SearchKey>),
    /// `MODSEQ n` (RFC 7162).
    ModSeq(u64),
}

impl SearchKey {
    /// `FROM`, checking the string.
    pub fn from(address: &str) -> Result<Self, crate::types::ValueError> {
        Ok(SearchKey::From(AString::try_from(address)?))
    }

    /// `SUBJECT`, checking the string.
    pub fn subject(text: &str) -> Result<Self, crate::types::ValueError> {
        Ok(SearchKey::Subject(AString::try_from(text)?))
    }

    /// `TEXT`, checking the string.
    pub fn text(text: &str) -> Result<Self, crate::types::ValueError> {
        Ok(SearchKey::Text(AString::try_from(text)?))
    }

    /// `NOT self`.
    pub fn negate(self) -> Self {
        SearchKey::Not(Box::new(self))
    }

    /// `OR self other`.
    pub fn or(self, other: SearchKey) -> Self {
        SearchKey::Or(Box::new(self), Box::new(other))
    }
}

/// Writes the keys of a SEARCH command (a top-level `And` goes out without parentheses).
pub(crate) fn write_criteria(w: &mut Writer<'_>, key: &SearchKey) -> Result<(), EncodeError> {
    match key {
        SearchKey::And(keys) if !keys.is_empty() => write_keys(w, keys),
        other => write_key(w, other),
    }
}

fn write_keys(w: &mut Writer<'_>, keys: &[SearchKey]) -> Result<(), EncodeError> {
    for (i, key) in keys.iter().enumerate() {
        if i > 0 {
            w.sp();
        }
        write_key(w, key)?;
    }
    Ok(())
}

fn write_key(w: &mut Writer<'_>, key: &SearchKey) -> Result<(), EncodeError> {
    use SearchKey::*;
    let simple: &[u8] = match key {
        All => b"ALL",
        Answered => b"ANSWERED",
        Deleted => b"DELETED",
        Draft => b"DRAFT",
        Flagged => b"FLAGGED",
        New => b"NEW",
        Old => b"OLD",
        Recent => b"RECENT",
        Seen => b"SEEN",
        Unanswered => b"UNANSWERED",
        Undeleted => b"UNDELETED",
        Undraft => b"UNDRAFT",
        Unflagged => b"UNFLAGGED",
        Unseen => b"UNSEEN",
        Bcc(s) => return keyed_string(w, b"BCC", s),
        Body(s) => return keyed_string(w, b"BODY", s),
        Cc(s) => return keyed_string(w, b"CC", s),
        From(s) => return keyed_string(w, b"FROM", s),
        Subject(s) => return keyed_string(w, b"SUBJECT", s),
        Text(s) => return keyed_string(w, b"TEXT", s),
        To(s) => return keyed_string(w, b"TO", s),
        Header(field, value) => {
            w.raw(b"HEADER ");
            w.string(field.as_bytes(), StringKind::AString, "header field name", false)?;
            w.sp();
            return w.string(value.as_bytes(), StringKind::String, "search string", false);
        }
        Before(d) => return keyed_date(w, b"BEFORE", d),
        On(d) => return keyed_date(w, b"ON", d),
        SentBefore(d) => return keyed_date(w, b"SENTBEFORE", d),
        SentOn(d) => return keyed_date(w, b"SENTON", d),
        SentSince(d) => return keyed_date(w, b"SENTSINCE", d),
        Since(d) => return keyed_date(w, b"SINCE", d),
        Keyword(flag) | Unkeyword(flag) => {
            w.raw(if matches!(key, Keyword(_)) { b"KEYWORD " } else { b"UNKEYWORD " });
            w.raw(flag.as_bytes());
            return Ok(());
        }
        Larger(n) | Smaller(n) => {
            w.raw(if matches!(key, Larger(_)) { b"LARGER " } else { b"SMALLER " });
            w.number(*n);
            return Ok(());
        }
        ModSeq(n) => {
            w.raw(b"MODSEQ ");
            w.number(*n);
            return Ok(());
        }
        Uid(set) => {
            w.raw(b"UID ");
            w.raw(set.to_string().as_bytes());
            return Ok(());
        }
        SequenceSet(set) => {
            w.raw(set.to_string().as_bytes());
            return Ok(());
        }
        Not(inner) => {
            w.raw(b"NOT ");
            return write_key(w, inner);
        }
        Or(a, b) => {
            w.raw(b"OR ");
            write_key(w, a)?;
            w.sp();
            return write_key(w, b);
        }
        And(keys) => {
            // An empty conjunction matches everything.
            if keys.is_empty() {
                w.raw(b"ALL");
                return Ok(());
            }
            w.raw(b"(");
            write_keys(w, keys)?;
            w.raw(b")");
            return Ok(());
        }
    };
    w.raw(simple);
    Ok(())
}

fn keyed_string(w: &mut Writer<'_>, keyword: &[u8], value: &AString) -> Result<(), EncodeError> {
    w.raw(keyword);
    w.sp();
    w.string(value.as_bytes(), StringKind::String, "search string", false)
}

fn keyed_date(w: &mut Writer<'_>, keyword: &[u8], date: &SearchDate) -> Result<(), EncodeError> {
    w.raw(keyword);
    w.sp();
    w.raw(date.to_string().as_bytes());
    Ok(())
}
