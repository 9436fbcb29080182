//! Dates as documents give them: a day, or only a month or a year.

use serde::{Serialize, Serializer};
use std::fmt;

/// A date that may lack its day (or month), as in `ngày   tháng 8 năm 2021`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    /// Four-digit year.
    pub year: u16,
    /// Month 1–12, when known.
    pub month: Option<u8>,
    /// Day 1–31, when known (only with a month).
    pub day: Option<u8>,
}

impl PartialDate {
    /// Builds a date, rejecting impossible values (month 13, 31 February, day without month).
    pub fn new(year: u16, month: Option<u8>, day: Option<u8>) -> Option<PartialDate> {
        if !(1900..=2199).contains(&year) {
            return None;
        }
        if let Some(m) = month {
            if !(1..=12).contains(&m) {
                return None;
            }
        }
        if let Some(d) = day {
            let m = month?;
            if d == 0 || d > days_in_month(year, m) {
                return None;
            }
        }
        Some(PartialDate { year, month, day })
    }

    /// Parses `2021-08-03`, `2021-08` or `2021`.
    pub fn parse_iso(s: &str) -> Option<PartialDate> {
        let mut it = s.trim().split('-');
        let year = it.next()?.parse().ok()?;
        let month = match it.next() {
            Some(m) => Some(m.parse().ok()?),
            None => None,
        };
        let day = match it.next() {
            Some(d) => Some(d.parse().ok()?),
            None => None,
        };
        if it.next().is_some() {
            return None;
        }
        PartialDate::new(year, month, day)
    }

    /// True when two dates can name the same day (one may be less precise).
    pub fn compatible(&self, other: &PartialDate) -> bool {
        self.year == other.year && opt_eq(self.month, other.month) && opt_eq(self.day, other.day)
    }

    /// Days since 1970-01-01 of the earliest day this date may be.
    pub fn first_day(&self) -> i64 {
        days_from_civil(self.year, self.month.unwrap_or(1), self.day.unwrap_or(1))
    }

    /// Days since 1970-01-01 of the latest day this date may be.
    pub fn last_day(&self) -> i64 {
        let m = self.month.unwrap_or(12);
        let d = self.day.unwrap_or_else(|| days_in_month(self.year, m));
        days_from_civil(self.year, m, d)
    }

    /// True when the day is known.
    pub fn is_exact(&self) -> bool {
        self.day.is_some()
    }
}

fn opt_eq(a: Option<u8>, b: Option<u8>) -> bool {
    match (a, b) {
        (Some(x), Some(y)) => x == y,
        _ => true,
    }
}

/// The first of `month` (1–12) in `year` (up to 9999, jiff's range); `None` otherwise.
fn first_of_month(year: u16, month: u8) -> Option<jiff::civil::Date> {
    jiff::civil::Date::new(i16::try_from(year).ok()?, i8::try_from(month).ok()?, 1).ok()
}

/// The days in `month` of `year`, by jiff's Gregorian calendar (29 in February of 2000, 28 of
/// 1900). A month that does not exist has none, so no day is valid in it.
fn days_in_month(year: u16, month: u8) -> u8 {
    first_of_month(year, month).map_or(0, |d| d.days_in_month().unsigned_abs())
}

/// Days since 1970-01-01 of day `d` of month `m` of year `y`. A day past its month's end
/// (only a `PartialDate` built field by field can hold one) runs on into the next month, as
/// the arithmetic this replaced did; a month outside 1–12 counts as none: day 0 of 1970.
fn days_from_civil(y: u16, m: u8, d: u8) -> i64 {
    const EPOCH: jiff::civil::Date = jiff::civil::Date::constant(1970, 1, 1);
    first_of_month(y, m).map_or(0, |first| {
        first.duration_since(EPOCH).as_secs() / 86_400 + i64::from(d) - 1
    })
}

impl PartialDate {
    /// Writes `2021-08-05`, `2021-08` or `2021` into `buf` and returns it: every date of every
    /// reference is written out, and the formatting machinery cost more than the rest of it.
    pub(crate) fn write_iso<'b>(&self, buf: &'b mut [u8; 32]) -> &'b str {
        fn padded(n: u32, width: usize, out: &mut [u8; 32], at: &mut usize) {
            let mut digits = itoa::Buffer::new();
            let d = digits.format(n).as_bytes();
            for _ in d.len()..width {
                out[*at] = b'0';
                *at += 1;
            }
            out[*at..*at + d.len()].copy_from_slice(d);
            *at += d.len();
        }
        let mut n = 0;
        padded(u32::from(self.year), 4, buf, &mut n);
        if let Some(m) = self.month {
            buf[n] = b'-';
            n += 1;
            padded(u32::from(m), 2, buf, &mut n);
            if let Some(d) = self.day {
                buf[n] = b'-';
                n += 1;
                padded(u32::from(d), 2, buf, &mut n);
            }
        }
        // Only ASCII digits and hyphens were written.
        std::str::from_utf8(&buf[..n]).unwrap_or_default()
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.write_iso(&mut [0; 32]))
    }
}

impl Serialize for PartialDate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.write_iso(&mut [0; 32]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The arithmetic jiff replaced (Howard Hinnant's days-from-civil and the leap rule),
    /// kept here as the oracle that the results did not change.
    fn old_days_from_civil(y: i64, m: i64, d: i64) -> i64 {
        let y = if m <= 2 { y - 1 } else { y };
        let era = if y >= 0 { y } else { y - 399 } / 400;
        let yoe = y - era * 400;
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146097 + doe - 719468
    }

    fn old_days_in_month(year: u16, month: u8) -> u8 {
        match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
            _ => 28,
        }
    }

    #[test]
    fn every_day_of_every_accepted_year_counts_as_before() {
        for year in 1900..=2199u16 {
            for month in 1..=12u8 {
                for day in 0..=32u8 {
                    let valid = day >= 1 && day <= old_days_in_month(year, month);
                    let d = PartialDate::new(year, Some(month), Some(day));
                    assert_eq!(d.is_some(), valid, "{year}-{month}-{day}");
                    if let Some(d) = d {
                        let want = old_days_from_civil(year.into(), month.into(), day.into());
                        assert_eq!((d.first_day(), d.last_day()), (want, want));
                    }
                }
                let m = PartialDate::new(year, Some(month), None).unwrap();
                let last = i64::from(old_days_in_month(year, month));
                let first = old_days_from_civil(year.into(), month.into(), 1);
                assert_eq!((m.first_day(), m.last_day()), (first, first + last - 1));
            }
        }
    }

    #[test]
    fn calendar_facts() {
        let day = |y, m, d| PartialDate::new(y, Some(m), Some(d)).map(|d| d.first_day());
        assert_eq!(day(1970, 1, 1), Some(0));
        assert_eq!(day(1900, 1, 1), Some(-25_567));
        assert_eq!(day(2021, 8, 3), Some(18_842));
        assert_eq!(day(2199, 12, 31), Some(84_005));
        // 2000 is a leap year (divisible by 400), 1900 is not (by 100), 2024 is (by 4).
        assert_eq!(day(2000, 2, 29), Some(11_016));
        assert_eq!(day(2000, 3, 1), Some(11_017));
        assert_eq!(day(1900, 2, 29), None);
        assert_eq!(day(2023, 2, 29), None);
        assert!(day(2024, 2, 29).is_some());
        // Impossible days and months are refused, as before.
        for (m, d) in [
            (2, 31),
            (2, 30),
            (4, 31),
            (6, 31),
            (9, 31),
            (11, 31),
            (1, 32),
            (1, 0),
        ] {
            assert_eq!(day(2021, m, d), None, "{m}/{d}");
        }
        assert_eq!(PartialDate::new(2021, Some(13), None), None);
        assert_eq!(PartialDate::new(2021, Some(0), None), None);
        assert_eq!(PartialDate::new(2021, None, Some(1)), None);
        // Month lengths, February of a year as a whole.
        let len = |y, m| {
            let d = PartialDate::new(y, Some(m), None).unwrap();
            d.last_day() - d.first_day() + 1
        };
        let lengths: Vec<i64> = (1..=12).map(|m| len(2021, m)).collect();
        assert_eq!(lengths, [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]);
        assert_eq!((len(1900, 2), len(2000, 2), len(2100, 2)), (28, 29, 28));
        // A year spans 365 or 366 days, and a delay across a new year counts both sides.
        let y = |y| PartialDate::new(y, None, None).unwrap();
        assert_eq!(y(2024).last_day() - y(2024).first_day() + 1, 366);
        assert_eq!(y(2100).last_day() - y(2100).first_day() + 1, 365);
        assert_eq!(
            day(2025, 1, 1).zip(day(2024, 12, 31)).map(|(a, b)| a - b),
            Some(1)
        );
        assert_eq!(
            day(2022, 3, 1).zip(day(2020, 2, 28)).map(|(a, b)| a - b),
            Some(732)
        );
    }

    #[test]
    fn dates_print_as_the_format_machinery_printed_them() {
        for year in [0u16, 7, 99, 999, 1900, 2021, 9999, 10000, u16::MAX] {
            for month in [
                None,
                Some(0u8),
                Some(1),
                Some(9),
                Some(12),
                Some(99),
                Some(255),
            ] {
                for day in [None, Some(0u8), Some(5), Some(31), Some(100)] {
                    let d = PartialDate { year, month, day };
                    let mut want = format!("{year:04}");
                    if let Some(m) = month {
                        want += &format!("-{m:02}");
                        if let Some(d) = day {
                            want += &format!("-{d:02}");
                        }
                    }
                    assert_eq!(d.to_string(), want);
                    assert_eq!(serde_json::to_string(&d).ok(), Some(format!("\"{want}\"")));
                }
            }
        }
    }

    #[test]
    fn partial_dates_display_at_their_precision() {
        assert_eq!(
            PartialDate::new(2021, Some(8), Some(3))
                .unwrap()
                .to_string(),
            "2021-08-03"
        );
        assert_eq!(
            PartialDate::new(2021, Some(8), None).unwrap().to_string(),
            "2021-08"
        );
        assert_eq!(
            PartialDate::new(2006, None, None).unwrap().to_string(),
            "2006"
        );
    }

    #[test]
    fn impossible_dates_are_rejected() {
        assert!(PartialDate::new(2021, Some(2), Some(29)).is_none());
        assert!(PartialDate::new(2020, Some(2), Some(29)).is_some());
        assert!(PartialDate::new(2021, Some(13), None).is_none());
        assert!(PartialDate::new(2021, None, Some(3)).is_none());
    }

    #[test]
    fn day_arithmetic_spans_months() {
        let a = PartialDate::new(2021, Some(7), Some(31)).unwrap();
        let b = PartialDate::new(2021, Some(8), Some(3)).unwrap();
        assert_eq!(b.first_day() - a.first_day(), 3);
        let m = PartialDate::new(2021, Some(8), None).unwrap();
        assert_eq!(m.last_day() - m.first_day(), 30);
        assert!(m.compatible(&b));
    }
}
