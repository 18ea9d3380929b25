//! Sequence sets (RFC 3501 `sequence-set`): which messages a command means, by message
//! sequence number or by UID, e.g. `1:5,7,10:*`.

use std::cmp::{max, min};
use std::fmt;
use std::iter::FusedIterator;
use std::num::NonZeroU32;
use std::ops::RangeInclusive;
use std::str::FromStr;

use super::error::ValueError;

const KIND: &str = "sequence set";

/// One end of a [`SeqRange`]: a number, or `*`.
///
/// The derived order puts `*` after every number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SeqBound {
    /// A message sequence number or UID.
    Value(NonZeroU32),
    /// `*`: the largest number in use in the mailbox.
    Star,
}

impl SeqBound {
    /// The number this bound stands for when `largest` is the largest number in use.
    pub fn resolve(self, largest: u32) -> u32 {
        match self {
            SeqBound::Value(n) => n.get(),
            SeqBound::Star => largest,
        }
    }
}

impl From<NonZeroU32> for SeqBound {
    fn from(n: NonZeroU32) -> Self {
        SeqBound::Value(n)
    }
}

impl TryFrom<u32> for SeqBound {
    type Error = ValueError;
    fn try_from(n: u32) -> Result<Self, ValueError> {
        NonZeroU32::new(n).map(SeqBound::Value).ok_or_else(zero_error)
    }
}

impl fmt::Display for SeqBound {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SeqBound::Value(n) => write!(f, "{n}"),
            SeqBound::Star => f.write_str("*"),
        }
    }
}

/// `start:end`, both ends included, in either order (`5:1` means the same as `1:5`). A single
/// number is a range whose ends are equal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SeqRange {
    start: SeqBound,
    end: SeqBound,
}

impl SeqRange {
    /// The range from `start` to `end`, kept as written.
    pub fn new(start: SeqBound, end: SeqBound) -> Self {
        SeqRange { start, end }
    }

    /// The range holding just `bound`.
    pub fn single(bound: SeqBound) -> Self {
        SeqRange { start: bound, end: bound }
    }

    /// The first end, as written.
    pub fn start(&self) -> SeqBound {
        self.start
    }

    /// The second end, as written.
    pub fn end(&self) -> SeqBound {
        self.end
    }

    /// Whether this is a single number or `*`.
    pub fn is_single(&self) -> bool {
        self.start == self.end
    }

    /// The same range with the lower end first (`*` counting as the highest).
    pub fn normalized(self) -> Self {
        SeqRange { start: min(self.start, self.end), end: max(self.start, self.end) }
    }

    /// The numbers this range covers when `largest` is the largest number in use, as
    /// `(low, high)` with `low <= high`. As RFC 3501 says, `*` resolves to `largest` before the
    /// ends are ordered, so `5:*` covers `3:5` when `largest` is 3.
    pub fn resolve(&self, largest: u32) -> (u32, u32) {
        let (a, b) = (self.start.resolve(largest), self.end.resolve(largest));
        (min(a, b), max(a, b))
    }

    /// Whether `n` is a number in use (from 1 to `largest`) that this range covers.
    pub fn contains(&self, n: u32, largest: u32) -> bool {
        let (low, high) = self.resolve(largest);
        n >= 1 && n <= largest && low <= n && n <= high
    }
}

impl fmt::Display for SeqRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_single() { write!(f, "{}", self.start) } else { write!(f, "{}:{}", self.start, self.end) }
    }
}

/// One or more [`SeqRange`]s, as in `1:5,7,10:*`; never empty.
///
/// [`SequenceSet::parse`] keeps the set as written (order, overlaps, `5:1`);
/// [`SequenceSet::normalize`] sorts and merges on request. Nothing expands a range into its
/// numbers except [`SequenceSet::iter_numbers`], which does so lazily.
///
/// ```
/// use imap_core::types::SequenceSet;
/// let set = SequenceSet::parse(b"1:3,5,9:*").expect("valid");
/// assert!(set.contains(10, 12) && !set.contains(4, 12));
/// assert_eq!(set.iter_numbers(10).collect::<Vec<_>>(), [1, 2, 3, 5, 9, 10]);
/// assert_eq!(SequenceSet::from_numbers([5, 1, 2, 3, 9, 10]).expect("non-zero").to_string(), "1:3,5,9:10");
/// assert!(SequenceSet::parse(b"1,,2").is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SequenceSet(Vec<SeqRange>);

impl SequenceSet {
    /// Parses a `sequence-set`: comma-separated numbers (no zero, no leading zeros, at most
    /// `u32::MAX`), `*`s and `a:b` ranges. Refuses empty items, spaces and other stray bytes,
    /// with the position of the offending byte.
    pub fn parse(bytes: &[u8]) -> Result<Self, ValueError> {
        if bytes.is_empty() {
            return Err(ValueError::new(KIND, "empty", bytes));
        }
        let mut ranges = Vec::new();
        let mut start = 0;
        for item in bytes.split(|&b| b == b',') {
            ranges.push(parse_range(bytes, start, start + item.len())?);
            start += item.len() + 1;
        }
        Ok(SequenceSet(ranges))
    }

    /// The set of the given numbers, sorted, without duplicates, runs written as ranges:
    /// `[5, 1, 2, 3, 9, 10]` gives `1:3,5,9:10`. Refuses zero and an empty list.
    pub fn from_numbers(numbers: impl IntoIterator<Item = u32>) -> Result<Self, ValueError> {
        let singles: Vec<SeqRange> =
            numbers.into_iter().map(|n| SeqBound::try_from(n).map(SeqRange::single)).collect::<Result<_, _>>()?;
        Ok(SequenceSet::from_ranges(singles)?.normalize())
    }

    /// The set from `ranges`, kept as given; refuses none at all.
    pub fn from_ranges(ranges: impl IntoIterator<Item = SeqRange>) -> Result<Self, ValueError> {
        let ranges: Vec<SeqRange> = ranges.into_iter().collect();
        if ranges.is_empty() {
            return Err(ValueError::new(KIND, "empty", b""));
        }
        Ok(SequenceSet(ranges))
    }

    /// The set holding just `n`; refuses zero.
    pub fn single(n: u32) -> Result<Self, ValueError> {
        Ok(SeqRange::single(n.try_into()?).into())
    }

    /// The range `a:b`, kept as written; refuses zero.
    pub fn range(a: u32, b: u32) -> Result<Self, ValueError> {
        Ok(SeqRange::new(a.try_into()?, b.try_into()?).into())
    }

    /// The range `a:*`: `a` and every number above it (for `UID FETCH a:*`); refuses zero.
    pub fn range_from(a: u32) -> Result<Self, ValueError> {
        Ok(SeqRange::new(a.try_into()?, SeqBound::Star).into())
    }

    /// `1:*`: every message.
    pub fn all() -> Self {
        SeqRange::new(SeqBound::Value(NonZeroU32::MIN), SeqBound::Star).into()
    }

    /// The ranges, as written or built.
    pub fn ranges(&self) -> &[SeqRange] {
        &self.0
    }

    /// Whether `n` is a number in use (from 1 to `largest`) that the set covers, `*` standing
    /// for `largest`.
    pub fn contains(&self, n: u32, largest: u32) -> bool {
        self.0.iter().any(|r| r.contains(n, largest))
    }

    /// The numbers in use (from 1 to `largest`) that the set covers, ascending, each once,
    /// `*` standing for `largest`. Lazy: memory grows with the number of ranges only.
    pub fn iter_numbers(&self, largest: u32) -> impl DoubleEndedIterator<Item = u32> + FusedIterator + Clone + use<> {
        let mut spans: Vec<(u32, u32)> = self
            .0
            .iter()
            .map(|r| r.resolve(largest))
            .map(|(low, high)| (max(low, 1), min(high, largest)))
            .filter(|(low, high)| low <= high)
            .collect();
        spans.sort_unstable();
        let mut merged: Vec<RangeInclusive<u32>> = Vec::with_capacity(spans.len());
        for (low, high) in spans {
            match merged.last_mut() {
                Some(last) if u64::from(low) <= u64::from(*last.end()) + 1 => {
                    *last = *last.start()..=max(*last.end(), high);
                }
                _ => merged.push(low..=high),
            }
        }
        merged.into_iter().flatten()
    }

    /// The same numbers with each range written low end first, ranges sorted and overlapping
    /// or adjacent ones merged, `*` counting as above every number: `5:1,3:7,*,9` becomes
    /// `1:7,9,*`. Means the same for every `largest`.
    pub fn normalize(&self) -> Self {
        let mut sorted: Vec<SeqRange> = self.0.iter().map(|r| r.normalized()).collect();
        sorted.sort_unstable_by_key(|r| (r.start, r.end));
        let mut merged: Vec<SeqRange> = Vec::with_capacity(sorted.len());
        for r in sorted {
            match merged.last_mut() {
                Some(last) if touches(last.end, r.start) => last.end = max(last.end, r.end),
                _ => merged.push(r),
            }
        }
        SequenceSet(merged)
    }
}

/// Whether a range starting at `next` overlaps or continues one ending at `end`
/// (`start <= next` is known).
fn touches(end: SeqBound, next: SeqBound) -> bool {
    match (end, next) {
        (SeqBound::Value(end), SeqBound::Value(next)) => u64::from(next.get()) <= u64::from(end.get()) + 1,
        (SeqBound::Star, _) => true,
        (SeqBound::Value(_), SeqBound::Star) => false,
    }
}

fn zero_error() -> ValueError {
    ValueError::new(KIND, "zero is not a message number or UID", b"0")
}

/// Parses `bytes[start..end]`, one item between commas: `n`, `*` or `a:b`.
fn parse_range(bytes: &[u8], start: usize, end: usize) -> Result<SeqRange, ValueError> {
    if start == end {
        let (reason, at) = match start {
            0 => ("leading comma", 0),
            _ if end == bytes.len() => ("trailing comma", start - 1),
            _ => ("empty item between commas", start),
        };
        return Err(ValueError::new(KIND, reason, bytes).at(at));
    }
    let Some(i) = memchr::memchr(b':', &bytes[start..end]) else {
        return Ok(SeqRange::single(parse_bound(bytes, start, end)?));
    };
    let colon = start + i;
    if colon == start {
        return Err(ValueError::new(KIND, "range without a start", bytes).at(colon));
    }
    if colon + 1 == end {
        return Err(ValueError::new(KIND, "range without an end", bytes).at(colon));
    }
    Ok(SeqRange::new(parse_bound(bytes, start, colon)?, parse_bound(bytes, colon + 1, end)?))
}

/// Parses `bytes[start..end]` (not empty) as `*` or an `nz-number`.
fn parse_bound(bytes: &[u8], start: usize, end: usize) -> Result<SeqBound, ValueError> {
    let text = &bytes[start..end];
    if text == b"*" {
        return Ok(SeqBound::Star);
    }
    if let Some(i) = text.iter().position(|b| !b.is_ascii_digit()) {
        let reason = match text[i] {
            b' ' => "space in a sequence set",
            b'*' => "'*' must stand alone",
            b':' => "range with more than two ends",
            _ => "character not allowed in a sequence set",
        };
        return Err(ValueError::new(KIND, reason, bytes).at(start + i));
    }
    if text[0] == b'0' {
        let reason =
            if text.iter().all(|&b| b == b'0') { "zero is not a message number or UID" } else { "leading zero" };
        return Err(ValueError::new(KIND, reason, bytes).at(start));
    }
    let mut value: u32 = 0;
    for &digit in text {
        value = value
            .checked_mul(10)
            .and_then(|v| v.checked_add(u32::from(digit - b'0')))
            .ok_or_else(|| ValueError::new(KIND, "number beyond 4294967295", bytes).at(start))?;
    }
    NonZeroU32::new(value).map(SeqBound::Value).ok_or_else(|| zero_error().at(start))
}

impl From<SeqRange> for SequenceSet {
    fn from(range: SeqRange) -> Self {
        SequenceSet(vec![range])
    }
}

impl fmt::Display for SequenceSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, range) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            write!(f, "{range}")?;
        }
        Ok(())
    }
}

impl FromStr for SequenceSet {
    type Err = ValueError;
    fn from_str(s: &str) -> Result<Self, ValueError> {
        SequenceSet::parse(s.as_bytes())
    }
}

impl TryFrom<&str> for SequenceSet {
    type Error = ValueError;
    fn try_from(s: &str) -> Result<Self, ValueError> {
        SequenceSet::parse(s.as_bytes())
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for SequenceSet {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn set(text: &str) -> SequenceSet {
        SequenceSet::parse(text.as_bytes()).expect("valid sequence set")
    }

    fn value(n: u32) -> SeqBound {
        SeqBound::try_from(n).expect("non-zero")
    }

    /// Parses `text`, which must be refused at `position`, and returns the reason.
    fn refused(text: &str, position: usize) -> &'static str {
        let err = SequenceSet::parse(text.as_bytes()).expect_err("must be refused");
        assert_eq!(err.kind(), KIND);
        assert_eq!(err.position(), Some(position), "{text:?}: {err}");
        err.reason()
    }

    #[test]
    fn parses_and_displays_as_written() {
        for text in ["1", "1:5", "5:1", "*", "1:*", "*:4", "1,3,5:7", "4294967295", "7,1:3,2", "*,1"] {
            assert_eq!(set(text).to_string(), text);
        }
        // A range whose ends are equal is a single number.
        assert_eq!(set("3:3"), set("3"));
        assert_eq!(set("3:3").to_string(), "3");
        assert_eq!(set("5:1").ranges(), [SeqRange::new(value(5), value(1))]);
        assert_eq!(set("1:*").ranges(), [SeqRange::new(value(1), SeqBound::Star)]);
        assert_eq!(set("1,3,5:7").ranges().len(), 3);
    }

    #[test]
    fn refuses_bad_sets_with_position() {
        assert!(SequenceSet::parse(b"").expect_err("empty").reason().contains("empty"));
        assert!(refused("0", 0).contains("zero"));
        assert!(refused("1:0", 2).contains("zero"));
        assert!(refused("01", 0).contains("leading zero"));
        assert!(refused("1,,2", 2).contains("empty item"));
        assert!(refused(",1", 0).contains("leading comma"));
        assert!(refused(",", 0).contains("leading comma"));
        assert!(refused("1,", 1).contains("trailing comma"));
        assert!(refused("1:5,", 3).contains("trailing comma"));
        assert!(refused("1 ,2", 1).contains("space"));
        assert!(refused("1, 2", 2).contains("space"));
        assert!(refused(" 1", 0).contains("space"));
        assert!(refused("1:2:3", 3).contains("more than two"));
        assert!(refused(":5", 0).contains("without a start"));
        assert!(refused("5:", 1).contains("without an end"));
        assert!(refused("4294967296", 0).contains("beyond"));
        assert!(refused("1,99999999999999999999", 2).contains("beyond"));
        assert!(refused("**", 0).contains("alone"));
        assert!(refused("1*", 1).contains("alone"));
        assert!(refused("-1", 0).contains("not allowed"));
        assert!(refused("1;2", 1).contains("not allowed"));
        assert!(refused("1:\u{e9}", 2).contains("not allowed"));
    }

    #[test]
    fn from_numbers_sorts_dedups_and_compresses() {
        let from = |v: &[u32]| SequenceSet::from_numbers(v.iter().copied()).expect("valid numbers").to_string();
        assert_eq!(from(&[5, 1, 2, 3, 9, 10]), "1:3,5,9:10");
        assert_eq!(from(&[3, 3, 3]), "3");
        assert_eq!(from(&[2, 1]), "1:2");
        assert_eq!(from(&[u32::MAX, u32::MAX - 1, 1]), "1,4294967294:4294967295");
        assert!(SequenceSet::from_numbers([1, 0, 2]).expect_err("zero").reason().contains("zero"));
        assert!(SequenceSet::from_numbers([]).expect_err("empty").reason().contains("empty"));
    }

    #[test]
    fn constructors() {
        assert_eq!(SequenceSet::single(7).expect("non-zero").to_string(), "7");
        assert_eq!(SequenceSet::range(9, 2).expect("non-zero").to_string(), "9:2");
        assert_eq!(SequenceSet::range_from(500).expect("non-zero").to_string(), "500:*");
        assert_eq!(SequenceSet::all().to_string(), "1:*");
        assert!(SequenceSet::single(0).is_err());
        assert!(SequenceSet::range(0, 3).is_err() && SequenceSet::range(3, 0).is_err());
        assert!(SequenceSet::range_from(0).is_err());
        assert!(SequenceSet::from_ranges([]).is_err());
        let ranges = [SeqRange::single(SeqBound::Star), SeqRange::new(value(1), value(2))];
        assert_eq!(SequenceSet::from_ranges(ranges).expect("not empty").to_string(), "*,1:2");
        assert_eq!("2:4".parse::<SequenceSet>().expect("valid"), set("2:4"));
        assert_eq!(SequenceSet::try_from("2:4").expect("valid"), set("2:4"));
        assert!("2 4".parse::<SequenceSet>().is_err());
    }

    #[test]
    fn star_resolves_to_largest() {
        let s = set("1:3,5,9:*");
        assert!(s.contains(1, 12) && s.contains(5, 12) && s.contains(12, 12));
        assert!(!s.contains(4, 12) && !s.contains(0, 12) && !s.contains(13, 12));
        // RFC 3501: "5:*" with largest 3 means "3:5", of which only 3 is in use.
        assert!(set("5:*").contains(3, 3));
        assert_eq!(set("5:*").iter_numbers(3).collect::<Vec<_>>(), [3]);
        assert_eq!(set("*").iter_numbers(8).collect::<Vec<_>>(), [8]);
        assert_eq!(set("*:6").iter_numbers(8).collect::<Vec<_>>(), [6, 7, 8]);
        // An empty mailbox has no numbers in use.
        assert_eq!(set("1:*").iter_numbers(0).count(), 0);
        assert!(!set("1:*").contains(1, 0));
    }

    #[test]
    fn iter_numbers_orders_merges_and_bounds() {
        let numbers = |text: &str, largest| set(text).iter_numbers(largest).collect::<Vec<_>>();
        assert_eq!(numbers("5:1", 10), [1, 2, 3, 4, 5]);
        assert_eq!(numbers("7,1:3,2,3:4", 10), [1, 2, 3, 4, 7]);
        assert_eq!(numbers("1:5", 3), [1, 2, 3]);
        assert_eq!(numbers("8,2", 5), [2]);
        assert_eq!(numbers("4294967295", u32::MAX), [u32::MAX]);
        assert_eq!(set("4294967290:*").iter_numbers(u32::MAX).rev().collect::<Vec<_>>()[..2], [u32::MAX, u32::MAX - 1]);
        // Lazy: a set covering four billion numbers costs nothing until iterated.
        assert_eq!(SequenceSet::all().iter_numbers(u32::MAX).nth(2), Some(3));
    }

    #[test]
    fn normalize_sorts_and_merges() {
        assert_eq!(set("5:1,3:7,*,9").normalize().to_string(), "1:7,9,*");
        assert_eq!(set("*:4,1:3").normalize().to_string(), "1:*");
        assert_eq!(set("4:*,*,6").normalize().to_string(), "4:*");
        assert_eq!(set("1,3,2").normalize().to_string(), "1:3");
        assert_eq!(set("4294967295,*").normalize().to_string(), "4294967295,*");
        assert_eq!(SeqRange::new(SeqBound::Star, value(2)).normalized(), SeqRange::new(value(2), SeqBound::Star));
    }

    #[cfg(feature = "serde")]
    #[test]
    fn serializes_as_wire_form() {
        assert_eq!(serde_json::to_string(&set("1:3,*")).expect("serializes"), "\"1:3,*\"");
    }

    /// Numbers from 1 to `max`, and now and then `*`.
    fn bounds(max: u32) -> impl Strategy<Value = SeqBound> {
        prop_oneof![
            4 => (1..=max).prop_map(|n| SeqBound::Value(NonZeroU32::new(n).expect("non-zero"))),
            1 => Just(SeqBound::Star),
        ]
    }

    fn sets(max: u32) -> impl Strategy<Value = SequenceSet> {
        prop::collection::vec((bounds(max), bounds(max)).prop_map(|(a, b)| SeqRange::new(a, b)), 1..8)
            .prop_map(|ranges| SequenceSet::from_ranges(ranges).expect("not empty"))
    }

    proptest! {
        #[test]
        fn parse_inverts_display(s in sets(u32::MAX)) {
            prop_assert_eq!(SequenceSet::parse(s.to_string().as_bytes()).expect("own output parses"), s);
        }

        #[test]
        fn from_numbers_then_iterate_is_sorted_dedup(
            mut v in prop::collection::vec(1..=3000u32, 1..200),
            extra in 0..50u32,
        ) {
            let s = SequenceSet::from_numbers(v.iter().copied()).expect("non-zero numbers");
            v.sort_unstable();
            v.dedup();
            let largest = v[v.len() - 1] + extra;
            prop_assert_eq!(s.iter_numbers(largest).collect::<Vec<_>>(), v.clone());
            prop_assert_eq!(s.normalize(), s);
        }

        #[test]
        fn contains_and_normalize_agree_with_iter_numbers(s in sets(24), largest in 0..30u32) {
            let numbers: Vec<u32> = s.iter_numbers(largest).collect();
            prop_assert!(numbers.windows(2).all(|w| w[0] < w[1]));
            for n in 0..=32 {
                prop_assert_eq!(s.contains(n, largest), numbers.contains(&n), "n = {}", n);
            }
            let normalized = s.normalize();
            prop_assert_eq!(normalized.iter_numbers(largest).collect::<Vec<_>>(), numbers);
            prop_assert_eq!(normalized.normalize(), normalized);
        }
    }
}
