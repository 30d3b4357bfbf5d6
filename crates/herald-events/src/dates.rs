//! Event dates: temporal expressions of a sentence resolved against the
//! article's publication date. Day precision gives `YYYY-MM-DD`, month
//! precision `YYYY-MM`, year precision `YYYY`; anything unresolvable is absent.

use chrono::{Datelike, Duration, NaiveDate, Weekday};

use crate::words::Word;

/// A resolved expression: the token it starts at and the ISO date.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct DateExpr {
    pub pos: usize,
    pub iso: String,
}

/// Parses the date part of an ISO 8601 publication stamp.
pub(crate) fn published_date(published: Option<&str>) -> Option<NaiveDate> {
    let p = published?.trim();
    if let Some(d) = p
        .get(..10)
        .and_then(|x| NaiveDate::parse_from_str(x, "%Y-%m-%d").ok())
    {
        return Some(d);
    }
    if let Ok(dt) = chrono::DateTime::parse_from_rfc2822(p) {
        return Some(dt.date_naive());
    }
    // asctime ("Wed Jan  1 00:00:00 2020") and "January 1, 2020" forms.
    let words: Vec<&str> = p
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    let m = words
        .iter()
        .position(|w| month(&w.to_lowercase()).is_some())?;
    let mon = month(&words[m].to_lowercase())?;
    let day: u32 = words.get(m + 1)?.parse().ok()?;
    let year = words[m + 1..]
        .iter()
        .filter_map(|w| w.parse::<i32>().ok())
        .find(|y| (1900..=2100).contains(y))?;
    NaiveDate::from_ymd_opt(year, mon, day)
}

/// A date in a URL's path (`/2019/11/19/`, `/2019-11-19-`, `/20191119/`):
/// what news sites print into their article addresses.
pub(crate) fn url_date(url: &str) -> Option<NaiveDate> {
    let path = url.split_once("://").map_or(url, |(_, r)| r);
    let path = &path[path.find('/')?..];
    let nums: Vec<&str> = path
        .split(|c: char| !c.is_ascii_digit())
        .filter(|x| !x.is_empty())
        .collect();
    let ymd = |y: &str, m: &str, d: &str| {
        let y: i32 = y.parse().ok().filter(|y| (1990..=2100).contains(y))?;
        NaiveDate::from_ymd_opt(y, m.parse().ok()?, d.parse().ok()?)
    };
    for (k, n) in nums.iter().enumerate() {
        if n.len() == 8
            && let Some(d) = ymd(&n[..4], &n[4..6], &n[6..])
        {
            return Some(d);
        }
        if n.len() == 4
            && let (Some(m), Some(d)) = (nums.get(k + 1), nums.get(k + 2))
            && m.len() <= 2
            && d.len() <= 2
            && let Some(x) = ymd(n, m, d)
        {
            return Some(x);
        }
    }
    None
}

pub(crate) fn month(w: &str) -> Option<u32> {
    let w = w.trim_end_matches('.');
    let m = match w {
        "january" | "jan" => 1,
        "february" | "feb" => 2,
        "march" | "mar" => 3,
        "april" | "apr" => 4,
        "may" => 5,
        "june" | "jun" => 6,
        "july" | "jul" => 7,
        "august" | "aug" => 8,
        "september" | "sept" | "sep" => 9,
        "october" | "oct" => 10,
        "november" | "nov" => 11,
        "december" | "dec" => 12,
        _ => return None,
    };
    Some(m)
}

pub(crate) fn weekday(w: &str) -> Option<Weekday> {
    let d = match w {
        "monday" => Weekday::Mon,
        "tuesday" => Weekday::Tue,
        "wednesday" => Weekday::Wed,
        "thursday" => Weekday::Thu,
        "friday" => Weekday::Fri,
        "saturday" => Weekday::Sat,
        "sunday" => Weekday::Sun,
        _ => return None,
    };
    Some(d)
}

fn ym(d: NaiveDate) -> String {
    format!("{:04}-{:02}", d.year(), d.month())
}

fn prev_month(d: NaiveDate) -> NaiveDate {
    let (y, m) = if d.month() == 1 {
        (d.year() - 1, 12)
    } else {
        (d.year(), d.month() - 1)
    };
    NaiveDate::from_ymd_opt(y, m, 1).unwrap_or(d)
}

/// A month (and day) without a year, resolved against the publication date:
/// the latest one on or before it, or — when the clause looks ahead
/// (`forward`: "begins in May", "will meet on June 3") — the next one on or
/// after it, if that is within half a year.
fn resolve_month(pub_date: NaiveDate, m: u32, day: Option<u32>, forward: bool) -> Option<String> {
    let y = pub_date.year();
    let here = (pub_date.month(), pub_date.day());
    let (before, after) = match day {
        Some(d) => ((m, d) < here, (m, d) > here),
        None => (m < here.0, m > here.0),
    };
    // The next one on or after publication: how far ahead is it? ("Dec. 27"
    // in a story of Dec. 31 is a year ahead, never "looking ahead").
    let next_year = if before { y + 1 } else { y };
    let ahead = NaiveDate::from_ymd_opt(next_year, m, day.unwrap_or(1))
        .map(|d| (d - pub_date).num_days())
        .unwrap_or(i64::MAX);
    let y = if forward && ahead <= 183 {
        next_year
    } else if after {
        y - 1
    } else {
        y
    };
    match day {
        Some(d) => NaiveDate::from_ymd_opt(y, m, d).map(|x| x.to_string()),
        None => Some(format!("{y:04}-{m:02}")),
    }
}

/// Whether the clause a date word hangs on looks ahead: its verb has a
/// future auxiliary (`will`, `would`, `shall`, `'ll`), or is in the present
/// tense ("begins", "resume") with no past auxiliary. Needs the dependency
/// tree; without one every clause counts as past.
fn looks_ahead(ws: &[Word], at: usize) -> bool {
    // The governing verb: up the tree from the date word.
    let mut v = at;
    let mut steps = 0;
    loop {
        let Some(h) = ws.get(v).and_then(|w| w.head) else {
            return false;
        };
        if h == v || h >= ws.len() || steps > 4 {
            return false;
        }
        v = h;
        steps += 1;
        if matches!(ws[v].upos, "VERB" | "AUX") {
            break;
        }
    }
    let auxes: Vec<&str> = ws
        .iter()
        .filter(|w| w.head == Some(v) && w.deprel.starts_with("aux"))
        .map(|w| w.lower.as_str())
        .collect();
    if auxes
        .iter()
        .any(|a| matches!(*a, "will" | "would" | "shall" | "'ll" | "wo"))
    {
        return true;
    }
    if auxes
        .iter()
        .any(|a| matches!(*a, "was" | "were" | "had" | "did" | "has" | "have" | "been"))
    {
        return false;
    }
    // Present tense: the base form ("resume") or the -s form ("begins");
    // past forms differ from the lemma otherwise ("held", "began").
    let w = ws[v].lower.as_str();
    let lemma = ws[v].lemma.to_lowercase();
    w == lemma
        || w == format!("{lemma}s")
        || w == format!("{lemma}es")
        || lemma
            .strip_suffix('y')
            .is_some_and(|stem| w == format!("{stem}ies"))
}

fn number(w: &str) -> Option<u32> {
    let w = w.trim_end_matches(|c: char| c.is_alphabetic()); // 21st
    (!w.is_empty() && w.len() <= 4 && w.chars().all(|c| c.is_ascii_digit()))
        .then(|| w.parse().ok())?
}

/// Every date expression of the sentence that can be resolved.
pub(crate) fn find(ws: &[Word], published: Option<NaiveDate>) -> Vec<DateExpr> {
    let mut out = Vec::new();
    let at = |i: usize| ws.get(i).map(|w| w.lower.as_str()).unwrap_or("");
    let mut i = 0;
    while i < ws.len() {
        let w = at(i);
        let mut consumed = 1;
        let mut iso: Option<String> = None;
        if let Some(m) = month(w).filter(|_| w != "may" || ws[i].cap) {
            // "Sept. 21", "October 26, 2014", "September 2014", "in September"
            let day = number(at(i + 1)).filter(|d| (1..=31).contains(d));
            let mut year_at = if day.is_some() { i + 2 } else { i + 1 };
            if at(year_at) == "," {
                year_at += 1;
            }
            let year = number(at(year_at)).filter(|y| (1900..=2100).contains(y));
            iso = match (day, year) {
                (Some(d), Some(y)) => {
                    NaiveDate::from_ymd_opt(y as i32, m, d).map(|x| x.to_string())
                }
                (None, Some(y)) => Some(format!("{y:04}-{m:02}")),
                (d, None) => published.and_then(|p| resolve_month(p, m, d, looks_ahead(ws, i))),
            };
            consumed = if year.is_some() {
                year_at + 1 - i
            } else if day.is_some() {
                2
            } else {
                1
            };
        } else if let Some(y) = number(w).filter(|y| (1900..=2100).contains(y))
            && i > 0
            && matches!(at(i - 1), "in" | "during")
        {
            // "in 1967", "during 2016": a year.
            iso = Some(format!("{y:04}"));
        } else if let Some(p) = published
            && at(i + 1) == "ago"
            && matches!(w, "years" | "decades" | "year")
        {
            // "two years ago", "years ago", "decades ago".
            let n = if i > 0 { small_number(at(i - 1)) } else { None };
            let back = match w {
                "decades" => 10 * n.unwrap_or(2),
                _ => n.unwrap_or(2),
            };
            iso = Some(format!("{:04}", p.year() - back as i32));
            consumed = 2;
        } else if let Some(p) = published {
            if let Some(wd) = weekday(w) {
                let back = (7 + p.weekday().num_days_from_monday() as i64
                    - wd.num_days_from_monday() as i64)
                    % 7;
                iso = Some((p - Duration::days(back)).to_string());
            } else {
                match w {
                    "today" | "tonight" => iso = Some(p.to_string()),
                    "yesterday" => iso = Some((p - Duration::days(1)).to_string()),
                    "tomorrow" => iso = Some((p + Duration::days(1)).to_string()),
                    "month" => {
                        let prev = if i > 0 { at(i - 1) } else { "" };
                        iso = match prev {
                            "last" | "previous" => Some(ym(prev_month(p))),
                            "this" => Some(ym(p)),
                            _ => None,
                        };
                    }
                    "year" => {
                        let prev = if i > 0 { at(i - 1) } else { "" };
                        iso = match prev {
                            "last" => Some(format!("{:04}", p.year() - 1)),
                            "this" => Some(format!("{:04}", p.year())),
                            _ => None,
                        };
                    }
                    _ => {}
                }
            }
        }
        if let Some(iso) = iso {
            out.push(DateExpr { pos: i, iso });
        }
        i += consumed.max(1);
    }
    out
}

/// "two", "3", "a" as a small count.
fn small_number(w: &str) -> Option<u32> {
    const WORDS: [&str; 11] = [
        "a", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    ];
    WORDS
        .iter()
        .position(|x| *x == w)
        .map(|k| k as u32 + 1)
        .or_else(|| w.parse().ok().filter(|n| (1..=200).contains(n)))
}

/// True when an event dated `iso` (a day, month or year) ended more than a
/// year before publication: background, which the codebook does not code.
pub(crate) fn is_background(iso: &str, published: NaiveDate) -> bool {
    let mut parts = iso.split('-').map(|x| x.parse::<u32>().ok());
    let (Some(Some(y)), m, d) = (parts.next(), parts.next().flatten(), parts.next().flatten())
    else {
        return false;
    };
    let (m, d) = match (m, d) {
        (Some(m), Some(d)) => (m, d),
        (Some(m), None) => (m, 28),
        _ => (12, 31),
    };
    NaiveDate::from_ymd_opt(y as i32, m, d).is_some_and(|end| (published - end).num_days() > 365)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::sentences;
    use crate::words::words;

    fn dates(text: &str, published: Option<&str>) -> Vec<String> {
        let s = sentences(text);
        let ws = words(&s[0]);
        find(&ws, published_date(published))
            .into_iter()
            .map(|d| d.iso)
            .collect()
    }

    #[test]
    fn resolves_relative_and_partial_dates() {
        let p = Some("2012-09-26T10:00:00Z"); // a Wednesday
        assert_eq!(dates("He made the offer Tuesday.", p), ["2012-09-25"]);
        assert_eq!(dates("They met on Wednesday.", p), ["2012-09-26"]);
        assert_eq!(dates("It said on Sept. 21 it will act.", p), ["2012-09-21"]);
        assert_eq!(
            dates("Fighting began in May and last month.", p),
            ["2012-05", "2012-08"]
        );
        assert_eq!(dates("She asked earlier this month.", p), ["2012-09"]);
        assert_eq!(dates("Talks were held in November.", p), ["2011-11"]);
        // Looking ahead reaches half a year at most: a day earlier in the
        // same month is this year's, not next year's.
        let dec = NaiveDate::from_ymd_opt(2019, 12, 31).unwrap();
        let r = |m, d, fwd| resolve_month(dec, m, d, fwd).unwrap();
        assert_eq!(r(12, Some(27), true), "2019-12-27");
        assert_eq!(r(12, Some(27), false), "2019-12-27");
        assert_eq!(r(1, Some(6), true), "2020-01-06");
        assert_eq!(r(1, Some(6), false), "2019-01-06");
        assert_eq!(r(5, None, true), "2020-05");
        assert_eq!(r(8, None, true), "2019-08");
        assert_eq!(
            dates("Clashes on October 26, 2014 and yesterday.", p),
            ["2014-10-26", "2012-09-25"]
        );
    }

    #[test]
    fn publication_stamps_and_url_dates() {
        let d = |s: &str| published_date(Some(s)).map(|x| x.to_string());
        assert_eq!(d("2019-12-31T14:16:00Z").as_deref(), Some("2019-12-31"));
        assert_eq!(d("Tue Dec 31 14:16:00 2019").as_deref(), Some("2019-12-31"));
        assert_eq!(d("Wed Jan  1 00:00:00 2020").as_deref(), Some("2020-01-01"));
        assert_eq!(
            d("Tue, 31 Dec 2019 14:16:00 +0000").as_deref(),
            Some("2019-12-31")
        );
        assert_eq!(d("January 5, 2020").as_deref(), Some("2020-01-05"));
        assert_eq!(d("soon"), None);
        let u = |s: &str| url_date(s).map(|x| x.to_string());
        assert_eq!(
            u("https://nypost.com/2019/11/19/three-taliban/").as_deref(),
            Some("2019-11-19")
        );
        assert_eq!(
            u("https://x.org/news/20200103/a.html").as_deref(),
            Some("2020-01-03")
        );
        assert_eq!(
            u("https://x.org/2020-01-03-title").as_deref(),
            Some("2020-01-03")
        );
        assert_eq!(u("https://x.org/story/123456/title"), None);
        assert_eq!(u("https://x.org/2020/13/45/x"), None);
    }

    #[test]
    fn years_and_ago_mark_background() {
        let p = Some("2020-01-08");
        assert_eq!(dates("Israel seized it in 1967.", p), ["1967"]);
        assert_eq!(
            dates("Some people had shot at him two years ago.", p),
            ["2018"]
        );
        assert_eq!(dates("They were abducted in August 2016.", p), ["2016-08"]);
        let pd = published_date(p).unwrap();
        assert!(is_background("1967", pd));
        assert!(is_background("2016-08", pd));
        assert!(!is_background("2019-08", pd));
        assert!(!is_background("2020-01-07", pd));
        assert!(!is_background("2019", pd));
    }

    #[test]
    fn unknown_publication_leaves_relative_dates_unknown() {
        assert!(dates("He made the offer Tuesday, last month.", None).is_empty());
        assert_eq!(dates("Clashes on October 26, 2014.", None), ["2014-10-26"]);
        assert!(dates("You may go.", Some("2014-01-01")).is_empty());
    }
}
