//! `InternalDate`: the `date-time` of RFC 3501 (INTERNALDATE, APPEND, SEARCH dates carry only
//! the date part), e.g. `17-Jul-1996 02:44:25 -0700`.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Datelike, FixedOffset, Local, NaiveDate, NaiveTime, TimeZone, Timelike, Utc};

use super::error::ValueError;

const KIND: &str = "date-time";

const MONTHS: [&[u8; 3]; 12] =
    [b"Jan", b"Feb", b"Mar", b"Apr", b"May", b"Jun", b"Jul", b"Aug", b"Sep", b"Oct", b"Nov", b"Dec"];

/// The internal date of a message: an instant together with the UTC offset it was written in,
/// to the second.
///
/// [`Display`](fmt::Display) gives the wire form without the surrounding double quotes, with a
/// zero-padded two-digit day (`04-Jan-2023 00:32:43 +0000`). [`InternalDate::parse`] is
/// liberal: it also takes a space-padded (` 4-Jan-2023`, as Cyrus sends) or one-digit day and
/// month names in any case.
///
/// Equality, ordering and hashing compare the instant, as [`chrono::DateTime`] does:
/// `01-Jan-2000 12:00:00 +0000` equals `01-Jan-2000 13:00:00 +0100`.
///
/// ```
/// use imap_core::types::InternalDate;
/// let date = InternalDate::parse(b" 4-jan-2023 00:32:43 +0100").expect("valid");
/// assert_eq!(date.to_string(), "04-Jan-2023 00:32:43 +0100");
/// assert_eq!(date.to_unix(), 1_672_788_763);
/// assert_eq!(InternalDate::from_unix(1_672_788_763, 3600).expect("in range"), date);
/// assert!(InternalDate::parse(b"31-Feb-2023 00:00:00 +0000").is_err());
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct InternalDate(DateTime<FixedOffset>);

impl InternalDate {
    /// Wraps `datetime`, dropping any fraction of a second (the wire form has none).
    ///
    /// Refuses what the wire form cannot say: a year outside `0000..=9999` and a UTC offset
    /// that is not a whole number of minutes.
    pub fn new(datetime: DateTime<FixedOffset>) -> Result<Self, ValueError> {
        let offset = datetime.offset().local_minus_utc();
        if offset % 60 != 0 {
            return Err(ValueError::new(
                KIND,
                "UTC offset is not a whole number of minutes",
                datetime.to_rfc3339().as_bytes(),
            ));
        }
        if !(0..=9999).contains(&datetime.year()) {
            return Err(ValueError::new(KIND, "year outside 0000..=9999", datetime.to_rfc3339().as_bytes()));
        }
        // A leap second keeps its marker (nanoseconds from 1e9 on); any other fraction goes.
        let nanos = if datetime.nanosecond() >= 1_000_000_000 { 1_000_000_000 } else { 0 };
        Ok(InternalDate(datetime.with_nanosecond(nanos).unwrap_or(datetime)))
    }

    /// The current time in the local time zone (UTC where the local offset is not a whole
    /// number of minutes), for APPEND.
    pub fn now() -> Self {
        let now = Local::now().fixed_offset();
        InternalDate::new(now).or_else(|_| InternalDate::new(Utc::now().fixed_offset())).unwrap_or(InternalDate(now))
    }

    /// The instant `seconds` after the Unix epoch, written with a UTC offset of
    /// `offset_seconds` (east positive): like imaplib's `Time2Internaldate`.
    ///
    /// The offset must be a whole number of minutes within ±23:59.
    pub fn from_unix(seconds: i64, offset_seconds: i32) -> Result<Self, ValueError> {
        let offset = FixedOffset::east_opt(offset_seconds)
            .ok_or_else(|| ValueError::new(KIND, "UTC offset beyond ±23:59", offset_seconds.to_string().as_bytes()))?;
        let utc = DateTime::<Utc>::from_timestamp(seconds, 0)
            .ok_or_else(|| ValueError::new(KIND, "Unix time out of range", seconds.to_string().as_bytes()))?;
        InternalDate::new(utc.with_timezone(&offset))
    }

    /// Seconds since the Unix epoch (a leap second counts as the second before it): like
    /// imaplib's `Internaldate2tuple` followed by `time.mktime`.
    pub fn to_unix(&self) -> i64 {
        self.0.timestamp()
    }

    /// The date and time with the UTC offset it was written in.
    pub fn as_datetime(&self) -> &DateTime<FixedOffset> {
        &self.0
    }

    /// Parses the text between the double quotes of a `date-time`, e.g.
    /// `17-Jul-1996 02:44:25 -0700`.
    ///
    /// Also takes a day padded with a space or written with one digit, and month names in any
    /// case. Refuses, with the position of the offending byte, anything else, dates that do
    /// not exist (`31-Feb`), hours past 23, minutes or zone minutes past 59, and zones beyond
    /// ±2359. A second of 60 is taken as a leap second.
    pub fn parse(bytes: &[u8]) -> Result<Self, ValueError> {
        match Self::parse_usual(bytes) {
            Some(date) => Ok(date),
            None => Self::parse_checked(bytes),
        }
    }

    /// The date-time of a message header, which some servers send as INTERNALDATE instead of
    /// IMAP's form (TOLERANCES.md, rule 33): RFC 5322's `[Mon, ]1 Jan 2024 10:00:00 +0000`,
    /// the seconds optional, the zone also as `GMT`, `UT`, `Z` or a North American name, a
    /// trailing comment ignored; rewritten into IMAP's form and read by [`Self::parse`].
    /// (chrono's RFC 2822 reader would do the same, but using it changed how the compiler laid
    /// out the usual parse: 0.2% more instructions and 3% more instruction-cache misses over
    /// corpus (a).)
    #[cold]
    #[inline(never)]
    pub(crate) fn parse_header_form(bytes: &[u8]) -> Option<Self> {
        let text = std::str::from_utf8(bytes).ok()?;
        let text = text.split('(').next()?.replace(',', " ");
        let mut words = text.split_ascii_whitespace().peekable();
        if words.peek()?.starts_with(|c: char| c.is_ascii_alphabetic()) {
            words.next(); // the day of the week
        }
        let (day, month, year, time, zone) =
            (words.next()?, words.next()?, words.next()?, words.next()?, words.next()?);
        if words.next().is_some() || !(1..=2).contains(&day.len()) {
            return None;
        }
        let seconds = if time.len() == 5 { ":00" } else { "" };
        let zone = match zone.to_ascii_uppercase().as_str() {
            "GMT" | "UT" | "UTC" | "Z" => "+0000",
            "EDT" => "-0400",
            "EST" | "CDT" => "-0500",
            "CST" | "MDT" => "-0600",
            "MST" | "PDT" => "-0700",
            "PST" => "-0800",
            _ => zone,
        };
        let imap = format!("{day:0>2}-{month}-{year} {time}{seconds} {zone}");
        Self::parse(imap.as_bytes()).ok()
    }

    /// The fast path for what servers send (`dd-Mon-yyyy hh:mm:ss +zzzz`, the day zero- or
    /// space-padded): `None` for anything else, which [`Self::parse_checked`] then handles and
    /// explains. INTERNALDATE is in most FETCH responses, so this skips the step-by-step cursor
    /// and builds the chrono value once, from the UTC time.
    fn parse_usual(bytes: &[u8]) -> Option<Self> {
        let b: &[u8; 26] = bytes.try_into().ok()?;
        let digit = |i: usize| b[i].wrapping_sub(b'0').lt(&10).then(|| u32::from(b[i] - b'0'));
        let two = |i: usize| Some(digit(i)? * 10 + digit(i + 1)?);
        let separators = [(2, b'-'), (6, b'-'), (11, b' '), (14, b':'), (17, b':'), (20, b' ')];
        if separators.iter().any(|&(i, c)| b[i] != c) {
            return None;
        }
        let day = if b[0] == b' ' { digit(1)? } else { two(0)? };
        // `| 0x20` lowercases letters and maps nothing else onto a lowercase letter.
        let month = match [b[3] | 0x20, b[4] | 0x20, b[5] | 0x20] {
            [b'j', b'a', b'n'] => 1,
            [b'f', b'e', b'b'] => 2,
            [b'm', b'a', b'r'] => 3,
            [b'a', b'p', b'r'] => 4,
            [b'm', b'a', b'y'] => 5,
            [b'j', b'u', b'n'] => 6,
            [b'j', b'u', b'l'] => 7,
            [b'a', b'u', b'g'] => 8,
            [b's', b'e', b'p'] => 9,
            [b'o', b'c', b't'] => 10,
            [b'n', b'o', b'v'] => 11,
            [b'd', b'e', b'c'] => 12,
            _ => return None,
        };
        let year = two(7)? * 100 + two(9)?;
        let (hour, minute, second) = (two(12)?, two(15)?, two(18)?);
        let (zone_hours, zone_minutes) = (two(22)?, two(24)?);
        if hour > 23 || minute > 59 || second > 60 || zone_hours > 23 || zone_minutes > 59 {
            return None;
        }
        let date = NaiveDate::from_ymd_opt(year as i32, month, day)?;
        let time = if second == 60 {
            NaiveTime::from_hms_nano_opt(hour, minute, 59, 1_000_000_000)
        } else {
            NaiveTime::from_hms_opt(hour, minute, second)
        }?;
        let offset_seconds = (zone_hours * 3600 + zone_minutes * 60) as i32;
        let offset = match b[21] {
            b'+' => FixedOffset::east_opt(offset_seconds)?,
            b'-' => FixedOffset::west_opt(offset_seconds)?,
            _ => return None,
        };
        let utc = date.and_time(time).checked_sub_offset(offset)?;
        Some(InternalDate(DateTime::from_naive_utc_and_offset(utc, offset)))
    }

    /// The full parser: every tolerated spelling, and a precise error for anything else.
    #[cold]
    #[inline(never)]
    fn parse_checked(bytes: &[u8]) -> Result<Self, ValueError> {
        let mut p = Cursor { bytes, pos: 0 };
        if bytes.first() == Some(&b'"') {
            return Err(p.error("double quote (pass the text between the quotes)"));
        }
        // date-day-fixed = (SP DIGIT) / 2DIGIT, and servers also send a bare DIGIT.
        let space_padded = p.peek() == Some(b' ');
        if space_padded {
            p.pos += 1;
        }
        let day_pos = p.pos;
        let mut day = p.digits(1, "day must be digits")?;
        if !space_padded && p.peek().is_some_and(|b| b.is_ascii_digit()) {
            day = day * 10 + p.digits(1, "day must be digits")?;
        }
        p.expect(b'-')?;
        let month_pos = p.pos;
        let month = bytes
            .get(month_pos..month_pos + 3)
            .and_then(|name| MONTHS.iter().position(|m| name.eq_ignore_ascii_case(&m[..])));
        let Some(month) = month else {
            return Err(p.error("month must be Jan, Feb, ... or Dec"));
        };
        p.pos += 3;
        p.expect(b'-')?;
        let year = p.digits(4, "year must be four digits")?;
        p.expect(b' ')?;
        let hour_pos = p.pos;
        let hour = p.digits(2, "hour must be two digits")?;
        p.expect(b':')?;
        let minute_pos = p.pos;
        let minute = p.digits(2, "minute must be two digits")?;
        p.expect(b':')?;
        let second_pos = p.pos;
        let second = p.digits(2, "second must be two digits")?;
        p.expect(b' ')?;
        let zone_pos = p.pos;
        let east = match p.peek() {
            Some(b'+') => true,
            Some(b'-') => false,
            _ => return Err(p.error("zone must start with '+' or '-'")),
        };
        p.pos += 1;
        let zone_hours = p.digits(2, "zone must be four digits after the sign")?;
        let zone_minutes_pos = p.pos;
        let zone_minutes = p.digits(2, "zone must be four digits after the sign")?;
        if p.pos != bytes.len() {
            return Err(p.error("unexpected bytes after the zone"));
        }

        let at = |reason, pos| ValueError::new(KIND, reason, bytes).at(pos);
        if hour > 23 {
            return Err(at("hour past 23", hour_pos));
        }
        if minute > 59 {
            return Err(at("minute past 59", minute_pos));
        }
        if second > 60 {
            return Err(at("second past 60", second_pos));
        }
        if zone_hours > 23 {
            return Err(at("zone beyond ±2359", zone_pos));
        }
        if zone_minutes > 59 {
            return Err(at("zone minutes past 59", zone_minutes_pos));
        }
        let date =
            NaiveDate::from_ymd_opt(year as i32, month as u32 + 1, day).ok_or_else(|| at("no such date", day_pos))?;
        let time = if second == 60 {
            NaiveTime::from_hms_nano_opt(hour, minute, 59, 1_000_000_000)
        } else {
            NaiveTime::from_hms_opt(hour, minute, second)
        }
        .ok_or_else(|| at("no such time", hour_pos))?;
        let offset_seconds = (zone_hours * 3600 + zone_minutes * 60) as i32;
        let offset = if east { FixedOffset::east_opt(offset_seconds) } else { FixedOffset::west_opt(offset_seconds) }
            .ok_or_else(|| at("zone beyond ±2359", zone_pos))?;
        // A fixed offset maps every local time to exactly one instant.
        let datetime =
            offset.from_local_datetime(&date.and_time(time)).single().ok_or_else(|| at("no such time", 0))?;
        InternalDate::new(datetime).map_err(|_| at("date out of range", 0))
    }
}

/// A read position in the text being parsed.
struct Cursor<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn error(&self, reason: &'static str) -> ValueError {
        ValueError::new(KIND, reason, self.bytes).at(self.pos)
    }

    fn expect(&mut self, byte: u8) -> Result<(), ValueError> {
        if self.peek() != Some(byte) {
            return Err(self.error(match byte {
                b'-' => "expected '-'",
                b':' => "expected ':'",
                _ => "expected a space",
            }));
        }
        self.pos += 1;
        Ok(())
    }

    /// Exactly `count` ASCII digits as a number; `reason` if they are not there.
    fn digits(&mut self, count: usize, reason: &'static str) -> Result<u32, ValueError> {
        let mut value = 0;
        for _ in 0..count {
            let Some(digit @ b'0'..=b'9') = self.peek() else {
                return Err(self.error(reason));
            };
            value = value * 10 + u32::from(digit - b'0');
            self.pos += 1;
        }
        Ok(value)
    }
}

impl fmt::Display for InternalDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = &self.0;
        let month = MONTHS[d.month0() as usize];
        let month = std::str::from_utf8(month).map_err(|_| fmt::Error)?;
        let second = d.second() + u32::from(d.nanosecond() >= 1_000_000_000);
        let offset = d.offset().local_minus_utc();
        let sign = if offset < 0 { '-' } else { '+' };
        let minutes = offset.unsigned_abs() / 60;
        write!(
            f,
            "{:02}-{month}-{:04} {:02}:{:02}:{second:02} {sign}{:02}{:02}",
            d.day(),
            d.year(),
            d.hour(),
            d.minute(),
            minutes / 60,
            minutes % 60
        )
    }
}

impl fmt::Debug for InternalDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "InternalDate({self})")
    }
}

impl FromStr for InternalDate {
    type Err = ValueError;
    fn from_str(s: &str) -> Result<Self, ValueError> {
        InternalDate::parse(s.as_bytes())
    }
}

impl TryFrom<DateTime<FixedOffset>> for InternalDate {
    type Error = ValueError;
    fn try_from(datetime: DateTime<FixedOffset>) -> Result<Self, ValueError> {
        InternalDate::new(datetime)
    }
}

impl From<InternalDate> for DateTime<FixedOffset> {
    fn from(date: InternalDate) -> Self {
        date.0
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for InternalDate {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn parse(text: &str) -> InternalDate {
        InternalDate::parse(text.as_bytes()).expect("valid date-time")
    }

    /// Parses `text`, which must be refused at `position`, and returns the reason.
    fn refused(text: &str, position: usize) -> &'static str {
        let err = InternalDate::parse(text.as_bytes()).expect_err("must be refused");
        assert_eq!(err.kind(), KIND);
        assert_eq!(err.position(), Some(position), "{text:?}: {err}");
        err.reason()
    }

    #[test]
    fn rfc3501_example() {
        let date = parse("17-Jul-1996 02:44:25 -0700");
        assert_eq!(date.to_string(), "17-Jul-1996 02:44:25 -0700");
        assert_eq!(date.as_datetime().offset().local_minus_utc(), -7 * 3600);
        assert_eq!(date.to_unix(), 837_596_665);
    }

    #[test]
    fn imaplib_example() {
        // imaplib's test: Internaldate2tuple(b'25 (INTERNALDATE "01-Jan-2000 12:00:00 +0000")').
        let date = parse("01-Jan-2000 12:00:00 +0000");
        assert_eq!(date.to_unix(), 946_728_000);
        assert_eq!(date.to_string(), "01-Jan-2000 12:00:00 +0000");
        assert_eq!(
            InternalDate::from_unix(946_728_000, 0).expect("in range").to_string(),
            "01-Jan-2000 12:00:00 +0000"
        );
        // The same instant written in another zone is equal, but keeps its own wire form.
        let east = parse("01-Jan-2000 13:00:00 +0100");
        assert_eq!(east, date);
        assert_eq!(east.to_string(), "01-Jan-2000 13:00:00 +0100");
    }

    #[test]
    fn liberal_day_and_month() {
        let expected = "04-Jan-2023 00:32:43 +0000";
        for text in [
            "04-Jan-2023 00:32:43 +0000",
            " 4-Jan-2023 00:32:43 +0000",
            "4-Jan-2023 00:32:43 +0000",
            "04-JAN-2023 00:32:43 +0000",
            "04-jan-2023 00:32:43 +0000",
        ] {
            assert_eq!(parse(text).to_string(), expected, "{text:?}");
        }
        for (i, month) in MONTHS.iter().enumerate() {
            let text = format!("01-{}-2024 00:00:00 +0000", std::str::from_utf8(&month[..]).expect("ASCII"));
            assert_eq!(parse(&text).as_datetime().month0() as usize, i);
        }
    }

    #[test]
    fn zones_and_leap_second() {
        assert_eq!(parse("01-Jan-2000 00:00:00 +2359").as_datetime().offset().local_minus_utc(), 86_340);
        assert_eq!(parse("01-Jan-2000 00:00:00 -2359").to_string(), "01-Jan-2000 00:00:00 -2359");
        assert_eq!(parse("01-Jan-2000 00:00:00 -0030").as_datetime().offset().local_minus_utc(), -1800);
        let leap = parse("31-Dec-2016 23:59:60 +0000");
        assert_eq!(leap.to_string(), "31-Dec-2016 23:59:60 +0000");
        assert_eq!(leap.to_unix(), parse("31-Dec-2016 23:59:59 +0000").to_unix());
        assert_eq!(parse("29-Feb-2024 12:00:00 +0000").to_string(), "29-Feb-2024 12:00:00 +0000");
    }

    #[test]
    fn refuses_bad_values_with_position() {
        assert!(refused("31-Feb-2023 00:00:00 +0000", 0).contains("no such date"));
        assert!(refused("29-Feb-2023 00:00:00 +0000", 0).contains("no such date"));
        assert!(refused("00-Jan-2023 00:00:00 +0000", 0).contains("no such date"));
        assert!(refused(" 0-Jan-2023 00:00:00 +0000", 1).contains("no such date"));
        assert!(refused("32-Jan-2023 00:00:00 +0000", 0).contains("no such date"));
        assert!(refused("01-Jan-2023 24:00:00 +0000", 12).contains("hour"));
        assert!(refused("01-Jan-2023 00:60:00 +0000", 15).contains("minute"));
        assert!(refused("01-Jan-2023 00:00:61 +0000", 18).contains("second"));
        assert!(refused("01-Jan-2023 00:00:00 +2400", 21).contains("zone"));
        assert!(refused("01-Jan-2023 00:00:00 -0060", 24).contains("zone minutes"));
    }

    #[test]
    fn refuses_bad_syntax_with_position() {
        assert!(refused("", 0).contains("day"));
        assert!(refused("\"01-Jan-2023 00:00:00 +0000\"", 0).contains("quote"));
        assert!(refused("001-Jan-2023 00:00:00 +0000", 2).contains("'-'"));
        assert!(refused("  1-Jan-2023 00:00:00 +0000", 1).contains("day"));
        assert!(refused(" 10-Jan-2023 00:00:00 +0000", 2).contains("'-'"));
        assert!(refused("01-Foo-2023 00:00:00 +0000", 3).contains("month"));
        assert!(refused("01-Ja-2023 00:00:00 +0000", 3).contains("month"));
        assert!(refused("01-Jan-23 00:00:00 +0000", 9).contains("year"));
        assert!(refused("01-Jan-2023T00:00:00 +0000", 11).contains("space"));
        assert!(refused("01-Jan-2023 0:00:00 +0000", 13).contains("hour"));
        assert!(refused("01-Jan-2023 00.00:00 +0000", 14).contains("':'"));
        assert!(refused("01-Jan-2023 00:00:00 0000", 21).contains("'+' or '-'"));
        assert!(refused("01-Jan-2023 00:00:00 GMT", 21).contains("'+' or '-'"));
        assert!(refused("01-Jan-2023 00:00:00 +000", 25).contains("four digits"));
        assert!(refused("01-Jan-2023 00:00:00 +0000 ", 26).contains("after the zone"));
        assert!(refused("01-Jän-2023 00:00:00 +0000", 3).contains("month"));
    }

    #[test]
    fn unix_time_both_ways() {
        let date = InternalDate::from_unix(1_672_792_363, 0).expect("in range");
        assert_eq!(date.to_string(), "04-Jan-2023 00:32:43 +0000");
        assert_eq!(date.to_unix(), 1_672_792_363);
        let date = InternalDate::from_unix(0, -5 * 3600).expect("in range");
        assert_eq!(date.to_string(), "31-Dec-1969 19:00:00 -0500");
        assert_eq!(date.to_unix(), 0);
        assert!(InternalDate::from_unix(0, 86_400).is_err());
        assert!(InternalDate::from_unix(0, 30).is_err());
        assert!(InternalDate::from_unix(i64::MAX, 0).is_err());
        // Year 10000 has no four-digit spelling.
        assert!(InternalDate::from_unix(253_402_300_800, 0).is_err());
        assert_eq!(
            InternalDate::from_unix(253_402_300_799, 0).expect("9999").to_string(),
            "31-Dec-9999 23:59:59 +0000"
        );
    }

    #[test]
    fn new_drops_fractions_and_refuses_unspeakable_offsets() {
        let offset = FixedOffset::east_opt(3600).expect("valid");
        let precise = offset.with_ymd_and_hms(2023, 1, 4, 1, 32, 43).single().expect("valid");
        let precise = precise.with_nanosecond(123_456_789).expect("valid");
        let date = InternalDate::new(precise).expect("representable");
        assert_eq!(date.as_datetime().nanosecond(), 0);
        assert_eq!(date.to_string(), "04-Jan-2023 01:32:43 +0100");
        let odd = FixedOffset::east_opt(3601).expect("valid");
        assert!(InternalDate::new(precise.with_timezone(&odd)).is_err());
        assert_eq!(DateTime::<FixedOffset>::from(date), precise.with_nanosecond(0).expect("valid"));
    }

    #[test]
    fn now_round_trips() {
        let now = InternalDate::now();
        assert_eq!(parse(&now.to_string()).to_string(), now.to_string());
    }

    #[test]
    fn from_str_and_debug() {
        let date: InternalDate = "17-Jul-1996 02:44:25 -0700".parse().expect("valid");
        assert_eq!(format!("{date:?}"), "InternalDate(17-Jul-1996 02:44:25 -0700)");
        assert!("17-Jul-1996".parse::<InternalDate>().is_err());
    }

    #[cfg(feature = "serde")]
    #[test]
    fn serializes_as_wire_form() {
        let date = parse(" 7-Jul-1996 02:44:25 -0700");
        assert_eq!(serde_json::to_string(&date).expect("serializes"), "\"07-Jul-1996 02:44:25 -0700\"");
    }

    proptest! {
        #[test]
        fn display_then_parse_is_identity(
            seconds in -62_167_219_200i64..=253_402_300_799,
            offset_minutes in -1439i32..=1439,
        ) {
            let Ok(date) = InternalDate::from_unix(seconds, offset_minutes * 60) else {
                // Near the ends of the range the offset can push the local year out of 0..=9999.
                return Ok(());
            };
            let wire = date.to_string();
            let back = InternalDate::parse(wire.as_bytes()).expect("own output parses");
            prop_assert_eq!(back, date);
            prop_assert_eq!(back.to_unix(), seconds);
            prop_assert_eq!(back.as_datetime().offset(), date.as_datetime().offset());
            prop_assert_eq!(back.to_string(), wire);
        }

        #[test]
        fn fast_path_agrees_with_the_checked_parser(
            seconds in -62_167_219_200i64..=253_402_300_799,
            offset_minutes in -1439i32..=1439,
            space_padded: bool,
            lowercase: bool,
        ) {
            let Ok(date) = InternalDate::from_unix(seconds, offset_minutes * 60) else { return Ok(()) };
            let mut wire = date.to_string();
            if space_padded && wire.starts_with('0') {
                wire.replace_range(..1, " ");
            }
            if lowercase {
                wire = wire.to_lowercase();
            }
            let fast = InternalDate::parse_usual(wire.as_bytes()).expect("usual spelling");
            let checked = InternalDate::parse_checked(wire.as_bytes()).expect("valid");
            prop_assert_eq!(fast, checked);
            prop_assert_eq!(fast.as_datetime().offset(), checked.as_datetime().offset());
            prop_assert_eq!(fast.to_string(), checked.to_string());
        }

        #[test]
        fn fast_path_accepts_exactly_what_the_checked_parser_accepts(
            text in "[ 0-4][0-9]-(Jan|FEB|feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|Foo)-[0-9]{4} \
                     [0-2][0-9][:.][0-6][0-9]:[0-6][0-9] [+-][0-2][0-9][0-6][0-9]",
        ) {
            let fast = InternalDate::parse_usual(text.as_bytes());
            let checked = InternalDate::parse_checked(text.as_bytes()).ok();
            prop_assert_eq!(fast.map(|d| d.to_string()), checked.map(|d| d.to_string()));
            prop_assert_eq!(fast, checked);
        }

        #[test]
        fn parse_never_panics(text in "[ 0-9A-Za-z:+-]{0,30}") {
            let _ = InternalDate::parse(text.as_bytes());
        }
    }
}
