//! The publication date of a web page, from the most trusted source that
//! has one: the publisher's declaration (JSON-LD `datePublished`, meta tags,
//! `itemprop="datePublished"`), then a `<time datetime>` element, then a
//! date in the URL path (`/2019/05/12/`), then the content extractor's guess.
//!
//! Two corrections keep declared stamps honest: a stamp given in UTC is
//! moved to the publisher's local day when the page states the same instant
//! with its own offset (a 22:35 PST story is not "tomorrow"), and a full URL
//! date one day away from a declared UTC stamp wins (the URL was minted in
//! the newsroom's time zone).

use std::sync::LazyLock;

use chrono::{DateTime, FixedOffset, NaiveDate};
use regex::Regex;

use crate::dates;
use crate::shown;

/// The publisher's stamps: JSON-LD `datePublished`, publication meta tags
/// (name before or after `content`), or any element carrying
/// `itemprop="datePublished"` with a `datetime`/`content` attribute. A meta
/// name must end where the pattern does (`itemprop="dateModified"` is not
/// `date`).
static DECLARED: LazyLock<Regex> = LazyLock::new(|| {
    let names = r"article:published_time|og:article:published_time|og:published_time|datePublished|pubdate|publishdate|publish-date|[a-z]+:published-time|sailthru\.date|parsely-pub-date|dc\.date\.issued|dcterms\.issued|date|dc\.date|dcterms\.date";
    Regex::new(&format!(
        r#"(?i)"datePublished"\s*:\s*"(?P<ld>[^"]{{8,40}})"|<meta[^>]+(?:property|name|itemprop)\s*=\s*["']?(?P<name>{names})["'\s][^>]*?content\s*=\s*["'](?P<meta>[^"']{{8,40}})["']|<meta[^>]+content\s*=\s*["'](?P<meta2>[^"']{{8,40}})["'][^>]*?(?:property|name|itemprop)\s*=\s*["']?(?P<name2>{names})["'\s/>]|<[a-z]+[^>]+itemprop\s*=\s*["']datePublished["'][^>]*?(?:datetime|content)\s*=\s*["'](?P<item>[^"']{{8,40}})["']"#
    ))
    .unwrap_or_else(|_| unreachable!())
});

/// The publisher's modification stamps, same forms.
static MODIFIED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)"dateModified"\s*:\s*"([^"]{8,40})"|<meta[^>]+(?:property|name|itemprop)\s*=\s*["']?(?:article:modified_time|og:article:modified_time|og:updated_time|dateModified|last-modified)["'\s][^>]*?content\s*=\s*["']([^"']{8,40})["']|<[a-z]+[^>]+itemprop\s*=\s*["']dateModified["'][^>]*?(?:datetime|content)\s*=\s*["']([^"']{8,40})["']"#)
        .unwrap_or_else(|_| unreachable!())
});

/// `<time datetime="…">`, noting whether the element says it is the
/// publication time (`pubdate`, a "publish" class).
static TIME_TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)<time(?-u:\b)([^>]*?)(?-u:\b)datetime\s*=\s*["']?([^"'>]{8,40})([^>]*)"#)
        .unwrap_or_else(|_| unreachable!())
});

/// A full date in a URL path: `/2019/05/12/`, `/2019-05-12-`, `_2019_5_12.`,
/// or a path segment of its own `/20190512/`.
static URL_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[/_\-.]((?:19|20)\d{2})[/_\-.](\d{1,2})[/_\-.](\d{1,2})(?:[/_\-.]|$)|/((?:19|20)\d{2})(\d{2})(\d{2})(?:/|$)")
        .unwrap_or_else(|_| unreachable!())
});

/// Date-times with an explicit offset, ISO 8601 or RFC 2822.
static OFFSET_STAMP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?[+-]\d{2}:?\d{2}|[A-Z][a-z]{2}, \d{1,2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}")
        .unwrap_or_else(|_| unreachable!())
});

/// The publication date of the page (`YYYY-MM-DD`, or with its time when
/// declared), or `fallback` (the content extractor's guess).
#[cfg(test)]
pub(crate) fn page_date(
    html: &str,
    url: Option<&str>,
    fallback: Option<NaiveDate>,
) -> Option<String> {
    match page_date_before_fallback(html, url) {
        Found::Date(d) => Some(d),
        Found::Fallback { first } => finish(first, fallback),
    }
}

/// What the page says before the content extractor's guess is needed.
#[derive(Debug)]
pub(crate) enum Found {
    /// A date from a more trusted source than the extractor's guess.
    Date(String),
    /// Nothing trusted: the guess comes next, then the first `<time>`.
    Fallback { first: Option<String> },
}

/// The steps of [`page_date`] ranked above the extractor's guess, so the
/// caller can skip computing the guess when it would not be used.
pub(crate) fn page_date_before_fallback(html: &str, url: Option<&str>) -> Found {
    let from_url = url.and_then(url_date);
    if let Some(declared) = declared_published(html) {
        let local = localize(html, &declared).unwrap_or(declared);
        if let (Some(u), Some(d)) = (from_url, day_of(&local))
            && (u - d).num_days().abs() == 1
            && is_utc(&local)
        {
            return Found::Date(u.format("%Y-%m-%d").to_string());
        }
        return Found::Date(local);
    }
    let (marked, first) = time_tag_dates(html);
    let ymd = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
    // An unmarked <time> is often a comment's or a teaser's: it ranks last.
    let headline = || {
        let v = shown::visible(html);
        shown::headline_date(&v).map(|(_, d)| d)
    };
    match marked
        .or_else(|| from_url.map(ymd))
        .or_else(|| headline().map(ymd))
    {
        Some(d) => Found::Date(d),
        None => Found::Fallback { first },
    }
}

/// A publication stamp under a publication key anywhere in the raw page
/// (data scripts included): the last resort when nothing else dates it.
static SCRIPT_PUBLISHED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)\\?"(?:datePublished|publishedDate|publishDate|publishedAt|published_at|publish_date|published_date)\\?"\s*:\s*\\?"([^"\\]{8,40})\\?""#)
        .unwrap_or_else(|_| unreachable!())
});

/// The first publication stamp in the raw page's scripts.
pub(crate) fn script_published(raw_html: &str) -> Option<String> {
    SCRIPT_PUBLISHED
        .captures_iter(raw_html)
        .find_map(|c| dates::normalize_date(c.get(1)?.as_str()))
}

/// The last steps: the extractor's guess, then the first `<time>`.
pub(crate) fn finish(first: Option<String>, fallback: Option<NaiveDate>) -> Option<String> {
    fallback.map(|d| d.format("%Y-%m-%d").to_string()).or(first)
}

/// What a declared stamp claims to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// `datePublished`, `article:published_time` and the like.
    Published,
    /// A page-wide `name="date"` / `dc.date`: often the day the page was
    /// generated or last edited.
    Generic,
    /// `dateModified`, `article:modified_time`, `og:updated_time`.
    Modified,
}

/// Every declared stamp in page order (publication and generic ones, then
/// modification ones), normalised.
fn declarations(html: &str) -> Vec<(Kind, String)> {
    let mut out = Vec::new();
    for c in DECLARED.captures_iter(html) {
        let name = c.name("name").or_else(|| c.name("name2"));
        let kind = match name.map(|n| n.as_str().to_ascii_lowercase()) {
            Some(n) if matches!(n.as_str(), "date" | "dc.date" | "dcterms.date") => Kind::Generic,
            _ => Kind::Published,
        };
        let raw = ["ld", "meta", "meta2", "item"]
            .iter()
            .find_map(|g| c.name(g))
            .map(|m| m.as_str());
        if let Some(d) = raw.and_then(dates::normalize_date) {
            out.push((kind, d));
        }
    }
    for c in MODIFIED.captures_iter(html) {
        let raw = (1..=3).find_map(|g| c.get(g)).map(|m| m.as_str());
        if let Some(d) = raw.and_then(dates::normalize_date) {
            out.push((Kind::Modified, d));
        }
    }
    out
}

/// The publisher's declared publication stamp, normalised. When the
/// declarations disagree (published, generic and modified stamps on
/// different days, or only a generic `date`), the page's own text decides:
/// the stamp printed next to the headline (a modification stamp only when
/// the page presents it as its date, not as an update), else a publication
/// stamp the page shows anywhere, else the first stamp in page order. A
/// generic stamp first in the page gives way to a different date next to
/// the headline.
pub(crate) fn declared_published(html: &str) -> Option<String> {
    let decls = declarations(html);
    let published = decls.iter().any(|(k, _)| *k == Kind::Published);
    // The first publication or generic stamp in page order.
    let (main_kind, main) = decls.iter().find(|(k, _)| *k != Kind::Modified)?.clone();
    let mut days: Vec<NaiveDate> = decls.iter().filter_map(|(_, d)| day_of(d)).collect();
    days.sort_unstable();
    days.dedup();
    if published && days.len() <= 1 {
        return Some(main);
    }
    let v = shown::visible(html);
    // A date printed as an update ("Updated March 5") is the page saying it
    // is not the publication date, whichever stamp it matches.
    let headline = shown::headline_date(&v).filter(|&(at, _)| !shown::is_update(&v.text, at));
    if let Some((_, h)) = headline {
        let same_day = |k: Kind| decls.iter().find(|(x, d)| *x == k && day_of(d) == Some(h));
        let found = same_day(Kind::Published)
            .or_else(|| same_day(Kind::Generic))
            .or_else(|| same_day(Kind::Modified));
        if let Some((_, d)) = found {
            return Some(d.clone());
        }
    }
    let on_page = shown::dates_at(&v.text, v.day_first);
    // Dates printed as updates ("Updated March 5") are not the page's date.
    let is_shown = |d: &str| {
        day_of(d).is_some_and(|d| {
            on_page
                .iter()
                .any(|&(at, x)| x == d && !shown::is_update(&v.text, at))
        })
    };
    let stamps = |k: Kind| decls.iter().filter(move |(x, _)| *x == k).map(|(_, d)| d);
    if let Some(d) = stamps(Kind::Published).find(|d| is_shown(d)) {
        return Some(d.clone());
    }
    if main_kind == Kind::Generic
        && let Some((_, h)) = headline
    {
        return Some(h.format("%Y-%m-%d").to_string());
    }
    Some(main)
}

fn day_of(stamp: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(stamp.get(..10)?, "%Y-%m-%d").ok()
}

fn is_utc(stamp: &str) -> bool {
    stamp.ends_with("+00:00")
}

/// A UTC stamp restated by the page with a non-zero offset (same instant):
/// the local form, whose day is the one the publisher printed.
fn localize(html: &str, stamp: &str) -> Option<String> {
    if !is_utc(stamp) {
        return None;
    }
    let utc = DateTime::parse_from_rfc3339(stamp).ok()?;
    // Scanning the whole page with OFFSET_STAMP is slow: look only around
    // mentions of the stamp's year (or a neighbour, across New Year), in
    // page order.
    let year = stamp.get(..4)?.parse::<i32>().ok()?;
    let b = html.as_bytes();
    let mut starts: Vec<usize> = Vec::new();
    for y in [year - 1, year, year + 1] {
        starts.extend(memchr::memmem::find_iter(b, y.to_string().as_bytes()));
    }
    starts.sort_unstable();
    let mut done = 0;
    for pos in starts {
        // An ISO stamp starts with its year; RFC 2822 has ~12 bytes before it.
        let mut from = pos.saturating_sub(16).max(done);
        while !html.is_char_boundary(from) {
            from += 1;
        }
        let mut to = (pos + 40).min(html.len());
        while !html.is_char_boundary(to) {
            to -= 1;
        }
        if from >= to {
            continue;
        }
        for m in OFFSET_STAMP.find_iter(&html[from..to]) {
            done = from + m.end();
            let Some(t) = parse_offset_stamp(m.as_str()) else {
                continue;
            };
            if t.offset().local_minus_utc() != 0 && (t - utc).num_seconds().abs() < 60 {
                return Some(t.format("%Y-%m-%dT%H:%M:%S%:z").to_string());
            }
        }
    }
    None
}

fn parse_offset_stamp(s: &str) -> Option<DateTime<FixedOffset>> {
    DateTime::parse_from_rfc3339(s)
        .or_else(|_| DateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%z"))
        .or_else(|_| DateTime::parse_from_str(s, "%Y-%m-%dT%H:%M%:z"))
        .or_else(|_| DateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f%z"))
        .or_else(|_| DateTime::parse_from_rfc2822(s))
        .ok()
}

/// The `<time>` element marked as the publication time, and the first one.
fn time_tag_dates(html: &str) -> (Option<String>, Option<String>) {
    let mut first = None;
    for c in TIME_TAG.captures_iter(html) {
        let Some(d) = c.get(2).and_then(|m| dates::normalize_date(m.as_str())) else {
            continue;
        };
        let attrs = [1, 3]
            .map(|g| c.get(g).map_or("", |m| m.as_str()).to_ascii_lowercase())
            .concat();
        if attrs.contains("pubdate") || attrs.contains("publish") {
            return (Some(d), first);
        }
        if first.is_none() {
            first = Some(d);
        }
    }
    (None, first)
}

/// A full, valid date in the URL path.
fn url_date(url: &str) -> Option<NaiveDate> {
    let path = url.split_once("://").map_or(url, |(_, r)| r);
    let path = &path[path.find('/').unwrap_or(path.len())..];
    URL_DATE.captures_iter(path).find_map(|c| {
        let g = if c.get(1).is_some() { 0 } else { 3 };
        let n = |i: usize| c.get(g + i)?.as_str().parse::<u32>().ok();
        NaiveDate::from_ymd_opt(i32::try_from(n(1)?).ok()?, n(2)?, n(3)?)
    })
}

/// Builds every pattern now (benchmarks time extraction, not compilation).
pub(crate) fn warm_up() {
    for r in [
        &DECLARED,
        &MODIFIED,
        &SCRIPT_PUBLISHED,
        &TIME_TAG,
        &URL_DATE,
        &OFFSET_STAMP,
    ] {
        LazyLock::force(r);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_forms() {
        let ld = r#"<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2014-09-10T08:30:00+02:00","dateModified":"2020-05-20"}</script>"#;
        assert_eq!(
            declared_published(ld).as_deref(),
            Some("2014-09-10T08:30:00+02:00")
        );
        let item = r#"<time itemprop="datePublished" datetime="2020-02-08 11:00">Feb 8</time>"#;
        assert_eq!(
            declared_published(item).as_deref(),
            Some("2020-02-08T11:00:00")
        );
        assert_eq!(declared_published("<p>no date</p>"), None);
    }

    #[test]
    fn meta_names_end_where_the_name_does() {
        // `itemprop="dateModified"` is not the generic `date`.
        let html = r#"<meta itemprop="dateModified" content="2020-02-07 18:13"/>
            <time itemprop="datePublished" datetime="2020-02-08 11:00">Feb 8, 2020</time>"#;
        assert_eq!(
            declared_published(html).as_deref(),
            Some("2020-02-08T11:00:00")
        );
        // The name may follow the content.
        let html = r#"<meta content="18.10.2019 17:08" name="vr:published-time"/>"#;
        assert_eq!(declared_published(html).as_deref(), Some("2019-10-18"));
    }

    const STORY: &str = "<h1>Council approves the new flood barrier</h1>";

    #[test]
    fn a_generic_date_gives_way_to_the_headline_date() {
        let html = format!(
            r#"<meta name="date" content="2020-04-29T11:52:23">{STORY}<p>Stand: 28.04.2020 18:00 Uhr</p>"#
        );
        assert_eq!(declared_published(&html).as_deref(), Some("2020-04-28"));
        // Printed by the headline: it stands.
        let html = format!(
            r#"<meta name="date" content="2020-04-29T11:52:23">{STORY}<p>29.04.2020</p><p>28.04.2020</p>"#
        );
        assert_eq!(
            declared_published(&html).as_deref(),
            Some("2020-04-29T11:52:23")
        );
    }

    #[test]
    fn the_stamp_the_page_shows_wins() {
        // Two publication stamps: the one printed under the headline.
        let html = format!(
            r#"<meta property="article:published_time" content="2019-12-12T21:17:43Z">
            <script type="application/ld+json">{{"datePublished":"2019-12-09T22:25:10Z"}}</script>
            {STORY}<p>Dec 9, 2019 · 6 min read</p>"#
        );
        assert_eq!(
            declared_published(&html).as_deref(),
            Some("2019-12-09T22:25:10+00:00")
        );
        // A modification stamp the page presents as its date.
        let ld = r#"<script type="application/ld+json">{"datePublished":"2021-01-01T11:00:00Z","dateModified":"2023-04-01T10:00:00Z"}</script>"#;
        let html = format!("{ld}{STORY}<p><time>01.04.2023, 12:00</time> Uhr</p>");
        assert_eq!(
            declared_published(&html).as_deref(),
            Some("2023-04-01T10:00:00+00:00")
        );
        // ... but not one it presents as an update.
        let html = format!("{ld}{STORY}<p>Last updated: 01.04.2023, 12:00 Uhr</p>");
        assert_eq!(
            declared_published(&html).as_deref(),
            Some("2021-01-01T11:00:00+00:00")
        );
    }

    #[test]
    fn nothing_shown_keeps_the_first_stamp_in_page_order() {
        let html = format!(
            r#"<meta name="date" content="2023-01-01T14:11:58+01:00"/>
            <script type="application/ld+json">{{"datePublished":"2020-01-10T16:50:00Z","dateModified":"2023-01-01T13:11:58Z"}}</script>{STORY}"#
        );
        assert_eq!(
            declared_published(&html).as_deref(),
            Some("2023-01-01T14:11:58+01:00")
        );
    }

    #[test]
    fn publication_keys_in_data_scripts() {
        let raw = r#"<script type="application/json">{"publishedDate":"2016-11-04T20:37:27Z","updatedDate":"2016-11-05"}</script>"#;
        assert_eq!(
            script_published(raw).as_deref(),
            Some("2016-11-04T20:37:27+00:00")
        );
        let raw = r#"<script>var meta = {\"created_at\":\"2019-03-01\",\"published_at\":\"2019-03-02T06:22:28+01:00\"};</script>"#;
        assert_eq!(
            script_published(raw).as_deref(),
            Some("2019-03-02T06:22:28+01:00")
        );
        assert_eq!(script_published(r#"{"updated_at":"2019-03-02"}"#), None);
    }

    #[test]
    fn pubdate_after_the_datetime_marks_the_time() {
        let t = r#"<time datetime="2019-08-01T01:15:45">x</time><time class="entry-date" datetime="2019-07-13T15:52:31" pubdate>13 Jul</time>"#;
        assert_eq!(
            page_date(t, None, None).as_deref(),
            Some("2019-07-13T15:52:31")
        );
    }

    #[test]
    fn undeclared_pages_take_the_headline_date_before_the_guess() {
        let html = format!("<p>30.01.2022 Teaser</p><p>02.02.2022 10:16 Uhr</p>{STORY}");
        let guess = NaiveDate::from_ymd_opt(2022, 1, 30);
        assert_eq!(page_date(&html, None, guess).as_deref(), Some("2022-02-02"));
    }

    #[test]
    fn utc_stamp_moves_to_the_local_day() {
        let html = r#"<meta property="article:published_time" content="2023-11-09T06:35:29+00:00">
            <time datetime="2023-11-08T22:35:29-08:00">Nov 8, 2023 / 10:35 PM PST</time>"#;
        assert_eq!(
            page_date(html, None, None).as_deref(),
            Some("2023-11-08T22:35:29-08:00")
        );
    }

    #[test]
    fn url_day_beats_a_utc_stamp_one_day_off() {
        let html =
            r#"<meta property="article:published_time" content="2020-02-25T02:25:54+00:00">"#;
        let url = "https://news.example/2020/02/24/story-slug/";
        assert_eq!(
            page_date(html, Some(url), None).as_deref(),
            Some("2020-02-24")
        );
        // Far apart: the declaration stands.
        let url = "https://news.example/2019/02/24/story-slug/";
        assert_eq!(
            page_date(html, Some(url), None).as_deref(),
            Some("2020-02-25T02:25:54+00:00")
        );
    }

    #[test]
    fn fallbacks_in_order() {
        let t = r#"<time datetime="2019-05-01">May 1</time><time class="publish" datetime="2019-05-02">"#;
        assert_eq!(page_date(t, None, None).as_deref(), Some("2019-05-02"));
        let t = r#"<time datetime="2019-05-01">May 1</time>"#;
        assert_eq!(page_date(t, None, None).as_deref(), Some("2019-05-01"));
        let url = Some("https://blog.example/2019/05/12/title");
        assert_eq!(page_date(t, url, None).as_deref(), Some("2019-05-12"));
        let url = Some("https://blog.example/2019/05/12/title");
        assert_eq!(
            page_date("<p>x</p>", url, None).as_deref(),
            Some("2019-05-12")
        );
        let crawl = Some("https://web.example/web/20120216182711/http://x.example/a");
        assert_eq!(page_date("<p>x</p>", crawl, None), None);
        let guess = NaiveDate::from_ymd_opt(2018, 1, 2);
        assert_eq!(
            page_date("<p>x</p>", None, guess).as_deref(),
            Some("2018-01-02")
        );
    }

    #[test]
    fn url_dates() {
        assert_eq!(
            url_date("https://x.example/2017/7/12/unter-uns"),
            NaiveDate::from_ymd_opt(2017, 7, 12)
        );
        assert_eq!(url_date("https://x.example/2019/13/40/a"), None);
        assert_eq!(
            url_date("https://x.example/20200428/meet-the-swede"),
            NaiveDate::from_ymd_opt(2020, 4, 28)
        );
        assert_eq!(url_date("https://x.example/20201328/a"), None);
        assert_eq!(url_date("https://2019.example/a"), None);
    }

    proptest::proptest! {
        #[test]
        fn never_panics(html in ".{0,200}", url in "[a-z:/0-9.\\-]{0,40}") {
            let _ = page_date(&html, Some(&url), None);
            let _ = url_date(&url);
        }
    }
}
