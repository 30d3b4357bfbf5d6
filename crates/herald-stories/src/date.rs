//! Publication dates as day numbers (days since 1970-01-01): the only
//! resolution story windows need.

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// Days since 1970-01-01 of a proleptic Gregorian date (Hinnant's algorithm).
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date of a day number.
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// `YYYY-MM-DD` of a day number.
pub fn format_day(day: i32) -> String {
    let (y, m, d) = civil_from_days(i64::from(day));
    format!("{y:04}-{m:02}-{d:02}")
}

fn valid(y: i64, m: u32, d: u32) -> Option<i32> {
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) || !(1000..=9999).contains(&y) {
        return None;
    }
    i32::try_from(days_from_civil(y, m, d)).ok()
}

/// Day number of an ISO 8601 date (`2014-12-15`, `2014-12-15T10:00:00Z`) or of
/// a C `asctime` stamp (`Wed Jan  1 00:00:00 2020`); `None` for anything else.
pub fn parse_day(s: &str) -> Option<i32> {
    let s = s.trim();
    let b = s.as_bytes();
    if b.len() >= 10 && b[4] == b'-' && b[7] == b'-' {
        let y = s.get(..4)?.parse().ok()?;
        let m = s.get(5..7)?.parse().ok()?;
        let d = s.get(8..10)?.parse().ok()?;
        return valid(y, m, d);
    }
    let parts: Vec<&str> = s.split_whitespace().collect();
    if parts.len() == 5 {
        let mon = parts[1].get(..3)?.to_ascii_lowercase();
        let m = MONTHS.iter().position(|x| *x == mon)? as u32 + 1;
        let d = parts[2].parse().ok()?;
        let y = parts[4].parse().ok()?;
        return valid(y, m, d);
    }
    None
}

/// Normalises a parsable date to `YYYY-MM-DD`.
pub fn to_iso(s: &str) -> Option<String> {
    parse_day(s).map(format_day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parses_iso_and_asctime() {
        assert_eq!(parse_day("1970-01-02"), Some(1));
        assert_eq!(parse_day("2014-12-15T10:00:00Z"), parse_day("2014-12-15"));
        assert_eq!(
            parse_day("Wed Jan  1 00:00:00 2020"),
            parse_day("2020-01-01")
        );
        assert_eq!(parse_day("yesterday"), None);
        assert_eq!(parse_day("2014-13-01"), None);
        assert_eq!(parse_day("ab-cd-efgh"), None);
        assert_eq!(
            to_iso("Tue Dec 31 14:16:00 2019").as_deref(),
            Some("2019-12-31")
        );
    }

    proptest! {
        #[test]
        fn civil_round_trip(z in -200_000i64..200_000) {
            let (y, m, d) = civil_from_days(z);
            prop_assert_eq!(days_from_civil(y, m, d), z);
        }

        #[test]
        fn never_panics(s in "\\PC{0,40}") {
            let _ = parse_day(&s);
        }
    }
}
