//! Dates a reader sees: the page's visible text (no tags, scripts, styles
//! or attribute values) and the full dates written in it, with the date
//! printed next to the headline (`<h1>`) singled out. A declared stamp the
//! page never shows, or a page-wide `name="date"`, is checked against them.

use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;

use crate::dates;

/// The visible text of a page and where each `<h1>` starts in it.
pub(crate) struct Visible {
    pub text: String,
    pub h1: Vec<usize>,
    /// The page's language (`<html lang>`) writes the day first: anything
    /// but US English or a bare "en".
    pub day_first: bool,
}

/// Elements whose content is never shown.
const HIDDEN: [&str; 5] = ["script", "style", "title", "template", "textarea"];

/// Tags stripped, hidden elements dropped, whitespace collapsed and the
/// common character references decoded.
pub(crate) fn visible(html: &str) -> Visible {
    let b = html.as_bytes();
    let mut text = String::with_capacity(html.len() / 4);
    let mut h1 = Vec::new();
    let mut day_first = false;
    let mut i = 0;
    let mut last = 0;
    while let Some(p) = memchr::memchr(b'<', &b[i..]) {
        let lt = i + p;
        push_text(&mut text, &html[last..lt]);
        let name_end = b[lt + 1..]
            .iter()
            .position(|c| !c.is_ascii_alphanumeric())
            .map_or(b.len(), |q| lt + 1 + q);
        let name = html[lt + 1..name_end].to_ascii_lowercase();
        let Some(gt) = memchr::memchr(b'>', &b[lt..]).map(|q| lt + q) else {
            last = b.len();
            break;
        };
        i = gt + 1;
        if name == "h1" {
            h1.push(text.len());
        }
        if name == "html" {
            day_first = LANG
                .captures(&html[lt..gt])
                .and_then(|c| c.get(1))
                .is_some_and(|l| {
                    let l = l.as_str().to_ascii_lowercase();
                    !(l == "en" || l.starts_with("en-us") || l.starts_with("en_us"))
                });
        }
        if HIDDEN.contains(&name.as_str()) {
            let close = format!("</{name}");
            i = find_ci(&b[i..], close.as_bytes()).map_or(b.len(), |q| i + q);
        }
        text.push(' ');
        last = i;
    }
    if last < html.len() {
        push_text(&mut text, &html[last..]);
    }
    Visible {
        text,
        h1,
        day_first,
    }
}

fn find_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

/// Appends `raw` with whitespace collapsed and character references decoded.
fn push_text(out: &mut String, raw: &str) {
    let mut rest = raw;
    while !rest.is_empty() {
        let (chunk, after) = match rest.find('&') {
            Some(a) => (&rest[..a], &rest[a..]),
            None => (rest, ""),
        };
        for c in chunk.chars() {
            if c.is_whitespace() {
                if !out.ends_with(' ') {
                    out.push(' ');
                }
            } else {
                out.push(c);
            }
        }
        if after.is_empty() {
            break;
        }
        let end = after.bytes().take(12).position(|c| c == b';');
        match end.and_then(|e| entity(&after[1..e]).map(|c| (c, e))) {
            Some((c, e)) => {
                out.push(if c == '\u{a0}' { ' ' } else { c });
                rest = &after[e + 1..];
            }
            None => {
                out.push('&');
                rest = &after[1..];
            }
        }
    }
}

fn entity(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let n = match num.strip_prefix(['x', 'X']) {
            Some(h) => u32::from_str_radix(h, 16).ok()?,
            None => num.parse().ok()?,
        };
        return char::from_u32(n);
    }
    Some(match name {
        "nbsp" => ' ',
        "amp" => '&',
        "auml" => 'ä',
        "ouml" => 'ö',
        "uuml" => 'ü',
        "Auml" => 'Ä',
        "Ouml" => 'Ö',
        "Uuml" => 'Ü',
        "eacute" => 'é',
        "egrave" => 'è',
        "ucirc" => 'û',
        "ccedil" => 'ç',
        _ => return None,
    })
}

static LANG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)(?-u:\b)lang\s*=\s*["']?([a-z_-]+)"#).unwrap_or_else(|_| unreachable!())
});

/// Day-first numeric dates ("03.04.2019", "4. 2. 2022", "31.10.23"): the
/// dotted form is never month-first.
static DOTTED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^\d.])(\d{1,2})\.\s?(\d{1,2})\.\s?((?:19|20)\d{2})(?:[^\d]|$)|(?:^|[^\d.])(\d{2})\.(\d{2})\.(\d{2})(?:[^\d.]|\.\D|\.$|$)")
        .unwrap_or_else(|_| unreachable!())
});

/// Every full date written in `text`, with the byte offset it starts at.
pub(crate) fn dates_at(text: &str, day_first: bool) -> Vec<(usize, NaiveDate)> {
    let mut out = dates::find_dates_at(text, day_first);
    for c in DOTTED.captures_iter(text) {
        let g = if c.get(1).is_some() { 0 } else { 3 };
        let n = |i: usize| c.get(g + i).and_then(|m| m.as_str().parse::<u32>().ok());
        let (Some(d), Some(m), Some(y), Some(at)) = (n(1), n(2), n(3), c.get(g + 1)) else {
            continue;
        };
        let y = if y < 100 { 2000 + y } else { y };
        if let Some(date) = NaiveDate::from_ymd_opt(y as i32, m, d) {
            out.push((at.start(), date));
        }
    }
    out.sort_by_key(|(p, _)| *p);
    out
}

/// How far from the headline a date may stand and still be its date.
const BEFORE_H1: usize = 300;
const AFTER_H1: usize = 1200;

/// The date printed nearest the headline (a date after it counts its
/// distance once, one before it twice: bylines follow headlines more often
/// than they precede them).
pub(crate) fn headline_date(v: &Visible) -> Option<(usize, NaiveDate)> {
    let &h = v.h1.iter().find(|&&h| has_words(&v.text, h))?;
    // Only the text around the headline is read (a few dozen bytes more
    // than the window, so a date across its edge is whole).
    let mut from = h.saturating_sub(BEFORE_H1 + 40);
    while !v.text.is_char_boundary(from) {
        from += 1;
    }
    let mut to = (h + AFTER_H1 + 40).min(v.text.len());
    while !v.text.is_char_boundary(to) {
        to -= 1;
    }
    dates_at(&v.text[from..to], v.day_first)
        .into_iter()
        .filter_map(|(p, d)| {
            let p = p + from;
            let dist = if p >= h {
                (p - h <= AFTER_H1).then_some(p - h)?
            } else {
                (h - p <= BEFORE_H1).then_some(2 * (h - p))?
            };
            Some((dist, p, d))
        })
        .min_by_key(|(dist, _, _)| *dist)
        .map(|(_, p, d)| (p, d))
}

/// Words that say the date after them is an update, not the publication.
const UPDATE_LABELS: [&str; 11] = [
    "updated",
    "update:",
    "aktualisiert",
    "modified",
    "edited",
    "mis à jour",
    "actualisé",
    "actualizado",
    "geändert",
    "bijgewerkt",
    "aggiornato",
];

/// The date at byte `at` of `text` follows an update label ("Last
/// Updated: January 7, 2025", "Aktualisiert am 06. Mär. 2023").
pub(crate) fn is_update(text: &str, at: usize) -> bool {
    let mut from = at.saturating_sub(40);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let before = text[from..at.min(text.len())].to_lowercase();
    UPDATE_LABELS.iter().any(|l| before.contains(l))
}

/// An `<h1>` with a headline in it (not an empty logo wrapper).
fn has_words(text: &str, at: usize) -> bool {
    let mut end = (at + 80).min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text[at..end]
        .split_whitespace()
        .take_while(|w| !w.is_empty())
        .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 3)
        .count()
        >= 2
}

/// Builds the patterns now.
pub(crate) fn warm_up() {
    LazyLock::force(&DOTTED);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    #[test]
    fn visible_text_drops_tags_scripts_and_attributes() {
        let v = visible(
            r#"<head><title>2019-01-01</title><script>var d="2019-01-02";</script></head>
            <body><div data-date="2019-01-03"><h1>Big&nbsp;news today</h1><p>M&auml;rz</p></div></body>"#,
        );
        assert!(!v.text.contains("2019"), "{}", v.text);
        assert!(v.text.contains("Big news today"));
        assert!(v.text.contains("März"));
        assert_eq!(v.h1.len(), 1);
        assert!(!v.day_first);
        assert!(visible("<html lang=en-GB><p>x</p>").day_first);
        assert!(!visible(r#"<html lang="en-US"><p>x</p>"#).day_first);
    }

    #[test]
    fn dotted_dates_are_day_first() {
        let got: Vec<NaiveDate> = dates_at(
            "Datum: 03.02.2022, 4. 2. 2022. version 10.1.2.2022 | 31.10.23 | 1.10.23.4",
            false,
        )
        .into_iter()
        .map(|(_, d)| d)
        .collect();
        assert_eq!(
            got,
            vec![day(2022, 2, 3), day(2022, 2, 4), day(2023, 10, 31)]
        );
    }

    #[test]
    fn the_date_next_to_the_headline() {
        let html = "<ul><li>30.01.2022 Teaser one</li><li>29.01.2022 Teaser two</li></ul>\
            <p>02.02.2022 10:16 Uhr</p><h1>Council approves the flood barrier</h1>\
            <p>The council voted on 28 January 2022 to build it.</p>";
        let v = visible(html);
        assert_eq!(headline_date(&v).map(|h| h.1), Some(day(2022, 2, 2)));
        let after = "<h1>Council approves the flood barrier</h1><p class=byline>By A. Writer, March 3, 2021</p>\
            <p>Last year, on March 1, 2020, the plan failed.</p>";
        let v = visible(after);
        assert_eq!(headline_date(&v).map(|h| h.1), Some(day(2021, 3, 3)));
        // A logo in an <h1> is no headline; no headline, no date.
        let v = visible("<h1><img src=logo.png></h1><p>March 3, 2021</p>");
        assert_eq!(headline_date(&v), None);
    }

    #[test]
    fn update_labels() {
        let t = "Published March 1, 2021 · Last Updated: March 5, 2021";
        let at = |needle: &str| t.find(needle).unwrap_or_default();
        assert!(!is_update(t, at("March 1")));
        assert!(is_update(t, at("March 5")));
        let t = "Aktualisiert am 06. Mär. 2023";
        assert!(is_update(t, t.find("06").unwrap_or_default()));
    }

    proptest::proptest! {
        #[test]
        fn never_panics(html in "(<|>|h1|/|&|;|#|x|nbsp|é|ü|script|1|\\.|2020| ){0,80}") {
            let v = visible(&html);
            let _ = headline_date(&v);
        }
    }
}
