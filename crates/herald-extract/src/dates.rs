//! Dates: recognising timestamp lines, finding dates in text and normalising
//! metadata stamps to ISO 8601.

use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate};
use regex::Regex;

/// What a timestamp line says about the date it carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum StampKind {
    /// "Published …", "Posted …", "First published …".
    Published,
    /// "Updated …", "Last modified …": never the publication date.
    Updated,
    /// A bare date or date-time with no label.
    Bare,
}

/// A line that holds nothing but a date/time (and maybe a label).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Stamp {
    pub kind: StampKind,
    pub date: Option<NaiveDate>,
    /// The time has seconds ("11:03:09"): a page clock, not an editorial stamp.
    pub seconds: bool,
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// Month number from an English month name or abbreviation ("Sept.").
pub(crate) fn month_of(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_ascii_lowercase();
    if w.len() < 3 {
        return None;
    }
    let full = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let i = MONTHS.iter().position(|m| w.starts_with(m))?;
    (full[i].starts_with(&w) || w == "sept").then_some(i as u32 + 1)
}

fn is_weekday(w: &str) -> bool {
    let w = w.trim_end_matches('.').to_ascii_lowercase();
    [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ]
    .iter()
    .any(|d| w.len() >= 3 && d.starts_with(&w))
}

fn is_zone(w: &str) -> bool {
    matches!(
        w.to_ascii_uppercase().as_str(),
        "UTC"
            | "GMT"
            | "EDT"
            | "EST"
            | "CDT"
            | "CST"
            | "MDT"
            | "MST"
            | "PDT"
            | "PST"
            | "ET"
            | "PT"
            | "CT"
            | "BST"
            | "CET"
            | "CEST"
            | "IST"
            | "JST"
            | "AEST"
            | "AEDT"
            | "HKT"
            | "SGT"
            | "WIB"
            | "MSK"
    )
}

static LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(last updated|updated|modified|last modified|first published|published|posted|date|released|created)(?-u:\b)\s*(?:on|at)?\s*:?")
        .unwrap_or_else(|_| unreachable!())
});

/// Recognises a line that is only a timestamp.
pub(crate) fn stamp_line(line: &str) -> Option<Stamp> {
    let line = line.trim();
    if line.is_empty() || line.len() > 80 {
        return None;
    }
    let (kind, rest) = match LABEL.captures(line) {
        Some(c) => {
            let label = c.get(1).map_or("", |m| m.as_str()).to_ascii_lowercase();
            let kind = if label.contains("updated") || label.contains("modified") {
                StampKind::Updated
            } else {
                StampKind::Published
            };
            (kind, &line[c.get(0).map_or(0, |m| m.end())..])
        }
        None => (StampKind::Bare, line),
    };
    let mut has_number = false;
    for tok in rest.split(|c: char| c.is_whitespace() || matches!(c, ',' | '|' | '(' | ')')) {
        let t = tok.trim_matches(|c: char| matches!(c, '.' | '-' | '–' | '—' | ':' | '/'));
        if t.is_empty() {
            continue;
        }
        let lower = t.to_ascii_lowercase();
        let ok = if t
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ':' | '/' | '-' | '.'))
        {
            has_number = true;
            true
        } else {
            month_of(t).is_some()
                || is_weekday(t)
                || is_zone(t)
                || matches!(
                    lower.as_str(),
                    "am" | "pm" | "a.m" | "p.m" | "at" | "on" | "th" | "st" | "nd" | "rd"
                )
                || is_ordinal(&lower)
                || is_clock_with_meridiem(&lower)
        };
        if !ok {
            return None;
        }
        if is_ordinal(&lower) || is_clock_with_meridiem(&lower) {
            has_number = true;
        }
    }
    if !has_number {
        return None;
    }
    let date = find_dates(rest).into_iter().next();
    // A bare run of numbers ("02-751-1500") is not a stamp: it needs a date
    // or a clock time.
    if date.is_none() && !CLOCK.is_match(rest) {
        return None;
    }
    Some(Stamp {
        kind,
        date,
        seconds: SECONDS.is_match(rest),
    })
}

fn is_ordinal(w: &str) -> bool {
    let d = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    !d.is_empty()
        && d.len() <= 2
        && d.chars().all(|c| c.is_ascii_digit())
        && matches!(&w[d.len()..], "st" | "nd" | "rd" | "th")
}

fn is_clock_with_meridiem(w: &str) -> bool {
    let d = w.trim_end_matches(|c: char| c.is_ascii_alphabetic() || c == '.');
    !d.is_empty()
        && d.chars().all(|c| c.is_ascii_digit() || c == ':')
        && matches!(w[d.len()..].trim_matches('.'), "am" | "pm" | "a.m" | "p.m")
}

static CLOCK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)\d{1,2}[:.]\d{2}(?-u:\b)|(?-u:\b)\d{1,2}\s*(?:a\.?m|p\.?m)(?-u:\b)")
        .unwrap_or_else(|_| unreachable!())
});

static SECONDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)\d{1,2}:\d{2}:\d{2}(?-u:\b)").unwrap_or_else(|_| unreachable!())
});

/// Dates written out in text: "September 9, 2014", "9 September 2014",
/// "Sept. 21, 2014", "01/22/2025" (US order), "2014-09-09".
static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?xi)
        (?-u:\b)(?P<mon1>[a-z]{3,9}\.?)\s+(?P<d1>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y1>(?:19|20)\d{2})(?-u:\b)
      | (?-u:\b)(?P<d2>\d{1,2})(?:st|nd|rd|th|\.)?\s+(?:of\s+)?(?P<mon2>[a-z]{3,9}\.?),?\s+(?P<y2>(?:19|20)\d{2})(?-u:\b)
      | (?-u:\b)(?P<y3>(?:19|20)\d{2})-(?P<m3>\d{1,2})-(?P<d3>\d{1,2})(?-u:\b)
      | (?-u:\b)(?P<m4>\d{1,2})/(?P<d4>\d{1,2})/(?P<y4>(?:19|20)\d{2})(?-u:\b)",
    )
    .unwrap_or_else(|_| unreachable!())
});

/// Every full date (day, month, year) the text mentions: English forms in
/// order, then those written out in other languages (`dates_intl`).
pub(crate) fn find_dates(text: &str) -> Vec<NaiveDate> {
    let (mut out, intl) = english_and_intl(text, false);
    for (_, d) in intl {
        if !out.iter().any(|(_, o)| *o == d) {
            out.push((0, d));
        }
    }
    out.into_iter().map(|(_, d)| d).collect()
}

/// Every full date the text mentions with the byte offset it starts at, in
/// text order; `day_first` reads "02/10/2020" as 2 October (a page in a
/// locale that writes the day first).
pub(crate) fn find_dates_at(text: &str, day_first: bool) -> Vec<(usize, NaiveDate)> {
    let (mut out, intl) = english_and_intl(text, day_first);
    out.extend(intl);
    out.sort_by_key(|(p, _)| *p);
    out
}

type Dated = Vec<(usize, NaiveDate)>;

fn english_and_intl(text: &str, day_first: bool) -> (Dated, Dated) {
    let mut out = Vec::new();
    for c in DATE.captures_iter(text) {
        let num = |n: &str| c.name(n).and_then(|m| m.as_str().parse::<u32>().ok());
        let year = |n: &str| c.name(n).and_then(|m| m.as_str().parse::<i32>().ok());
        let date = if let Some(m) = c.name("mon1") {
            month_of(m.as_str()).and_then(|mo| NaiveDate::from_ymd_opt(year("y1")?, mo, num("d1")?))
        } else if let Some(m) = c.name("mon2") {
            month_of(m.as_str()).and_then(|mo| NaiveDate::from_ymd_opt(year("y2")?, mo, num("d2")?))
        } else if c.name("y3").is_some() {
            NaiveDate::from_ymd_opt(
                year("y3").unwrap_or(0),
                num("m3").unwrap_or(0),
                num("d3").unwrap_or(0),
            )
        } else {
            let (mut m, mut d) = (num("m4").unwrap_or(0), num("d4").unwrap_or(0));
            if day_first {
                std::mem::swap(&mut m, &mut d);
            }
            // US order first (unless `day_first`), the other when the month
            // would be impossible.
            NaiveDate::from_ymd_opt(year("y4").unwrap_or(0), m, d)
                .or_else(|| NaiveDate::from_ymd_opt(year("y4").unwrap_or(0), d, m))
        };
        if let (Some(d), Some(m)) = (date, c.get(0)) {
            out.push((m.start(), d));
        }
    }
    (out, crate::dates_intl::find_intl_dates_at(text))
}

/// Dates written with a month name ("March 9, 2026", "9. März 2026", CJK
/// year-month-day): unambiguous, unlike "03-09-2026".
pub(crate) fn written_dates(text: &str) -> Vec<NaiveDate> {
    let mut out = Vec::new();
    for c in DATE.captures_iter(text) {
        let num = |n: &str| c.name(n).and_then(|m| m.as_str().parse::<u32>().ok());
        let year = |n: &str| c.name(n).and_then(|m| m.as_str().parse::<i32>().ok());
        let (mon, d, y) = match (c.name("mon1"), c.name("mon2")) {
            (Some(m), _) => (m, "d1", "y1"),
            (_, Some(m)) => (m, "d2", "y2"),
            _ => continue,
        };
        if let Some(date) =
            month_of(mon.as_str()).and_then(|mo| NaiveDate::from_ymd_opt(year(y)?, mo, num(d)?))
        {
            out.push(date);
        }
    }
    out.extend(crate::dates_intl::find_intl_dates(text));
    out
}

/// A numeric date whose day and month could be swapped ("03-09-2026") is
/// read the way the page writes the same date out in words: when only the
/// swapped reading appears with a month name, the swap wins.
pub(crate) fn resolve_ambiguous(date: NaiveDate, page: &str) -> NaiveDate {
    let (d, m) = (date.day(), date.month());
    if d > 12 || d == m {
        return date;
    }
    let Some(swapped) = NaiveDate::from_ymd_opt(date.year(), d, m) else {
        return date;
    };
    let written = written_dates(page);
    if written.contains(&swapped) && !written.contains(&date) {
        swapped
    } else {
        date
    }
}

/// Years mentioned in a text ("in 2014", "2012's election").
pub(crate) fn years_mentioned(text: &str) -> Vec<i32> {
    static YEAR: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?-u:\b)(19[5-9]\d|20\d{2})(?-u:\b)").unwrap_or_else(|_| unreachable!())
    });
    YEAR.find_iter(text)
        .filter_map(|m| m.as_str().parse().ok())
        .collect()
}

/// Normalises a metadata date stamp (ISO 8601, RFC 2822, "2014-09-09 10:00",
/// "September 9, 2014") to `YYYY-MM-DD`, or `YYYY-MM-DDTHH:MM:SS` (+offset)
/// when a time is present.
pub fn normalize_date(raw: &str) -> Option<String> {
    let s = raw.trim();
    if s.is_empty() {
        return None;
    }
    if let Ok(dt) = chrono::DateTime::parse_from_rfc3339(s) {
        return Some(dt.format("%Y-%m-%dT%H:%M:%S%:z").to_string());
    }
    if let Ok(dt) = chrono::DateTime::parse_from_rfc2822(s) {
        return Some(dt.format("%Y-%m-%dT%H:%M:%S%:z").to_string());
    }
    for f in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(dt) = chrono::NaiveDateTime::parse_from_str(s, f) {
            return Some(dt.format("%Y-%m-%dT%H:%M:%S").to_string());
        }
    }
    for f in [
        "%Y-%m-%dT%H:%M:%S%z",
        "%Y-%m-%dT%H:%M:%S%.f%z",
        "%Y-%m-%d %H:%M:%S %z",
    ] {
        if let Ok(dt) = chrono::DateTime::parse_from_str(s, f) {
            return Some(dt.format("%Y-%m-%dT%H:%M:%S%:z").to_string());
        }
    }
    let head = s.get(..10).unwrap_or(s);
    for f in ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%d.%m.%Y"] {
        if let Ok(d) = NaiveDate::parse_from_str(head, f) {
            return plausible(d);
        }
    }
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y%m%d") {
        return plausible(d);
    }
    find_dates(s).into_iter().next().and_then(plausible)
}

fn plausible(d: NaiveDate) -> Option<String> {
    (1990..=2100)
        .contains(&d.year())
        .then(|| d.format("%Y-%m-%d").to_string())
}

/// Builds every pattern now (benchmarks time extraction, not compilation).
pub(crate) fn warm_up() {
    for r in [&LABEL, &CLOCK, &SECONDS, &DATE] {
        LazyLock::force(r);
    }
    crate::dates_intl::warm_up();
    crate::shown::warm_up();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    #[test]
    fn ambiguous_numeric_dates_follow_the_written_date() {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap_or_default();
        let page = "<p>03-09-2026</p><p>Published March 9, 2026</p>";
        assert_eq!(resolve_ambiguous(d(2026, 9, 3), page), d(2026, 3, 9));
        // Both readings written out, or neither: left alone.
        assert_eq!(
            resolve_ambiguous(d(2026, 9, 3), "3 September 2026, March 9, 2026"),
            d(2026, 9, 3)
        );
        assert_eq!(resolve_ambiguous(d(2026, 9, 3), "no words"), d(2026, 9, 3));
        // Day above 12: not ambiguous.
        assert_eq!(
            resolve_ambiguous(d(2026, 9, 13), "September 9, 2026"),
            d(2026, 9, 13)
        );
        assert_eq!(
            resolve_ambiguous(d(2026, 3, 9), "el 3 de septiembre de 2026"),
            d(2026, 9, 3)
        );
    }

    #[test]
    fn stamp_lines() {
        let s = stamp_line("01/22/2025 11:03:09 am");
        assert_eq!(
            s,
            Some(Stamp {
                kind: StampKind::Bare,
                date: ymd(2025, 1, 22),
                seconds: true
            })
        );
        let s = stamp_line("Updated 2:00 PM EDT, Wed, May 20, 2020");
        assert_eq!(
            s,
            Some(Stamp {
                kind: StampKind::Updated,
                date: ymd(2020, 5, 20),
                seconds: false
            })
        );
        let s = stamp_line("Published: 3 March 2016");
        assert_eq!(
            s.map(|s| (s.kind, s.date)),
            Some((StampKind::Published, ymd(2016, 3, 3)))
        );
        assert_eq!(
            stamp_line("Tuesday, 4:15 p.m."),
            Some(Stamp {
                kind: StampKind::Bare,
                date: None,
                seconds: false
            })
        );
        assert_eq!(stamp_line("May the best team win"), None);
        assert_eq!(stamp_line("Updated rules apply to 2020 entries"), None);
        assert_eq!(stamp_line("March"), None);
        assert_eq!(stamp_line("02-751-1500"), None);
    }

    #[test]
    fn dates_in_text() {
        assert_eq!(
            find_dates("met on September 9, 2014 and on Sept. 21, 2014; 3 May 2015; 2016-02-29"),
            vec![
                ymd(2014, 9, 9).unwrap_or_default(),
                ymd(2014, 9, 21).unwrap_or_default(),
                ymd(2015, 5, 3).unwrap_or_default(),
                ymd(2016, 2, 29).unwrap_or_default()
            ]
        );
        assert!(find_dates("Mayday 12, 2014 and 13/13/2014").is_empty());
        assert_eq!(
            find_dates("Georg Quaas, 21. Jan. 2015"),
            vec![ymd(2015, 1, 21).unwrap_or_default()]
        );
        let at = |t: &str, f: bool| {
            find_dates_at(t, f)
                .into_iter()
                .map(|(_, d)| d)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            at("02/10/2020", false),
            vec![ymd(2020, 2, 10).unwrap_or_default()]
        );
        assert_eq!(
            at("02/10/2020", true),
            vec![ymd(2020, 10, 2).unwrap_or_default()]
        );
        assert_eq!(
            at("02/13/2020", true),
            vec![ymd(2020, 2, 13).unwrap_or_default()]
        );
    }

    #[test]
    fn normalizes_metadata_dates() {
        assert_eq!(normalize_date("2014-09-10").as_deref(), Some("2014-09-10"));
        assert_eq!(
            normalize_date("2014-09-10T08:30:00Z").as_deref(),
            Some("2014-09-10T08:30:00+00:00")
        );
        assert_eq!(
            normalize_date("Wed, 10 Sep 2014 08:30:00 +0200").as_deref(),
            Some("2014-09-10T08:30:00+02:00")
        );
        assert_eq!(
            normalize_date("September 10, 2014").as_deref(),
            Some("2014-09-10")
        );
        assert_eq!(
            normalize_date("2014-09-10T08:30:00.000+0000").as_deref(),
            Some("2014-09-10T08:30:00+00:00")
        );
        assert_eq!(
            normalize_date("18.10.2019 17:08").as_deref(),
            Some("2019-10-18")
        );
        assert_eq!(normalize_date("soon"), None);
    }
}
