//! Random but valid calendar dates, rendered as IMAP INTERNALDATE and as
//! RFC 5322 `Date:` values.
//!
//! Dates are always valid (day within the month, leap years honoured)
//! because imap-codec validates INTERNALDATE with chrono and a strict parser
//! should too.

use crate::rng::Rng;
use crate::vocab::{MONTHS, WEEKDAYS, ZONES};
use std::fmt::Write as _;

/// A wall-clock time with a numeric zone.
#[derive(Clone, Copy, Debug)]
pub(crate) struct DateTime {
    year: u32,
    /// 1..=12
    month: u32,
    /// 1..=31
    day: u32,
    hour: u32,
    minute: u32,
    second: u32,
    /// Index into [`ZONES`].
    zone: usize,
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        _ => 31,
    }
}

impl DateTime {
    /// A uniformly random moment between 2005 and 2025.
    pub(crate) fn random(rng: &mut Rng) -> Self {
        let year = rng.range_u32(2005, 2025);
        let month = rng.range_u32(1, 12);
        let day = rng.range_u32(1, days_in_month(year, month));
        Self {
            year,
            month,
            day,
            hour: rng.range_u32(0, 23),
            minute: rng.range_u32(0, 59),
            second: rng.range_u32(0, 59),
            zone: rng.range_usize(0, ZONES.len() - 1),
        }
    }

    /// The same moment a few seconds later, as the receiving server would
    /// stamp it; wraps within the minute only, which keeps the date valid.
    pub(crate) fn later(self, rng: &mut Rng) -> Self {
        let second = (self.second + rng.range_u32(1, 20)) % 60;
        Self { second, ..self }
    }

    /// Seconds since 1970 (approximate; only used for `t=` tags).
    pub(crate) fn unix(self) -> u64 {
        let days = u64::from(self.year - 1970) * 365 + u64::from(self.month) * 30 + u64::from(self.day);
        days * 86_400 + u64::from(self.hour * 3600 + self.minute * 60 + self.second)
    }

    fn weekday(self) -> &'static str {
        // Sakamoto's algorithm; 0 = Sunday.
        const T: [u32; 12] = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4];
        let y = if self.month < 3 { self.year - 1 } else { self.year };
        let dow = (y + y / 4 - y / 100 + y / 400 + T[self.month as usize - 1] + self.day) % 7;
        WEEKDAYS[(dow as usize + 6) % 7]
    }

    /// IMAP `date-time` contents (without the quotes), e.g.
    /// `17-Jul-1996 02:44:25 -0700`; days below 10 use either form of
    /// RFC 3501's `date-day-fixed`: `" 4"` when `space_pad`, else `"04"`.
    pub(crate) fn internaldate(self, space_pad: bool) -> String {
        let mut s = String::with_capacity(26);
        let day_fmt = if space_pad { format!("{:2}", self.day) } else { format!("{:02}", self.day) };
        // Writing to a String cannot fail.
        let _ = write!(
            s,
            "{day_fmt}-{}-{} {:02}:{:02}:{:02} {}",
            MONTHS[self.month as usize - 1],
            self.year,
            self.hour,
            self.minute,
            self.second,
            ZONES[self.zone].0
        );
        s
    }

    /// RFC 5322 date, e.g. `Wed, 17 Jul 1996 02:44:25 -0700 (PDT)`.
    pub(crate) fn rfc5322(self, with_comment: bool) -> String {
        let mut s = String::with_capacity(40);
        let _ = write!(
            s,
            "{}, {} {} {} {:02}:{:02}:{:02} {}",
            self.weekday(),
            self.day,
            MONTHS[self.month as usize - 1],
            self.year,
            self.hour,
            self.minute,
            self.second,
            ZONES[self.zone].0
        );
        if with_comment {
            let _ = write!(s, " ({})", ZONES[self.zone].1);
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        let d = DateTime { year: 1996, month: 7, day: 17, hour: 2, minute: 44, second: 25, zone: 1 };
        assert_eq!(d.internaldate(false), "17-Jul-1996 02:44:25 -0700");
        assert_eq!(d.rfc5322(true), "Wed, 17 Jul 1996 02:44:25 -0700 (PDT)");
        let d = DateTime { day: 4, month: 1, year: 2023, ..d };
        assert_eq!(d.internaldate(true), " 4-Jan-2023 02:44:25 -0700");
        assert_eq!(d.internaldate(false), "04-Jan-2023 02:44:25 -0700");
        assert_eq!(d.rfc5322(false), "Wed, 4 Jan 2023 02:44:25 -0700");
        assert_eq!(days_in_month(2024, 2), 29);
        assert_eq!(days_in_month(1900, 2), 28);
    }
}
