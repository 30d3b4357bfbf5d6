//! The plain-text path: a scraped article still wrapped in site chrome
//! becomes clean paragraphs, with every dropped line recorded.

use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate};
use herald_core::RemovedLine;
use regex::Regex;

use crate::dates::{self, Stamp, StampKind};
use crate::rules;
use crate::stats::LineView;

/// What the text path found in one document.
#[derive(Debug, Default)]
pub(crate) struct TextResult {
    pub text: String,
    pub title: Option<String>,
    pub published: Option<String>,
    pub authors: Vec<String>,
    pub removed: Vec<RemovedLine>,
}

struct Line<'a> {
    /// 1-based line number in the raw input.
    no: usize,
    text: &'a str,
    /// Paragraph (blank-line separated block) the line belongs to.
    block: usize,
    reason: Option<&'static str>,
    /// The site's other articles carry this line too.
    repeated: bool,
}

/// A line of running text: long enough and ending like a sentence (or very
/// long). Header logic stops at the first one.
fn is_body_line(s: &str) -> bool {
    let words = s.split_whitespace().count();
    words >= 20 || (words >= 6 && ends_sentence(s))
}

fn ends_sentence(s: &str) -> bool {
    s.trim_end()
        .ends_with(['.', '?', '!', '"', '”', '’', '\'', ':', ';', ')', '…'])
}

/// "CHINA TOPIX": a short all-capitals line (a masthead).
fn is_masthead(s: &str) -> bool {
    let words = s.split_whitespace().count();
    let letters = s.chars().filter(|c| c.is_alphabetic()).count();
    words <= 4 && letters >= 3 && !s.chars().any(|c| c.is_lowercase()) && !ends_sentence(s)
}

/// A headline: 3–25 words, no closing full stop, most longer words capitalised
/// or it is the first line of the header.
fn is_headline(s: &str, first: bool) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    if words.len() < 3 || words.len() > 25 || s.trim_end().ends_with('.') || is_list_item(s) {
        return false;
    }
    let long: Vec<&&str> = words.iter().filter(|w| w.chars().count() > 3).collect();
    let caps = long
        .iter()
        .filter(|w| {
            w.chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || !c.is_alphabetic())
        })
        .count();
    first || long.is_empty() || caps * 10 >= long.len() * 7
}

/// Short keyword line ("Chinese ISIS", "Susan Rice"): no sentence
/// punctuation, and not an item of the article's own list.
fn is_tag(s: &str) -> bool {
    let words = s.split_whitespace().count();
    words <= 6 && !s.contains(['.', '!', '?', ',', ';', '"', '“', '”']) && !is_list_item(s)
}

/// "- a new footpath", "• Easy to clean", "3. Add the flour": a bulleted or
/// numbered item, content of the article rather than page furniture.
fn is_list_item(s: &str) -> bool {
    let s = s.trim_start();
    if ["- ", "* ", "• ", "– ", "— ", "· "]
        .iter()
        .any(|b| s.starts_with(b))
    {
        return true;
    }
    let digits = s.chars().take_while(char::is_ascii_digit).count();
    (1..=2).contains(&digits) && (s[digits..].starts_with(". ") || s[digits..].starts_with(") "))
}

static BYLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?i:by)\s+(?P<names>\p{Lu}[\p{L}.'’\-]+(?:\s+\p{Lu}[\p{L}.'’\-]+){0,3}(?:\s*(?:,|and|&)\s*\p{Lu}[\p{L}.'’\-]+(?:\s+\p{Lu}[\p{L}.'’\-]+){0,3})*)\s*(?:[,|–—\-]\s*.{0,60})?$")
        .unwrap_or_else(|_| unreachable!())
});

fn byline_names(s: &str) -> Option<Vec<String>> {
    if s.split_whitespace().count() > 14 {
        return None;
    }
    let names = BYLINE.captures(s)?.name("names")?.as_str();
    let out: Vec<String> = names
        .split([',', '&'])
        .flat_map(|p| p.split(" and "))
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect();
    (!out.is_empty()).then_some(out)
}

/// Runs the plain-text path. `given_title` is metadata the container
/// supplied: the line repeating it is removed as `title`.
pub(crate) fn extract_text(
    body: &str,
    stats: &LineView<'_>,
    site: Option<&str>,
    given_title: Option<&str>,
) -> TextResult {
    let given_norm = given_title
        .map(herald_core::normalize_for_hash)
        .filter(|t| !t.is_empty());
    let mut lines: Vec<Line<'_>> = Vec::new();
    let mut block = 0;
    let mut stamps: Vec<(usize, Stamp)> = Vec::new();
    for (i, raw) in body.lines().enumerate() {
        let text = raw.trim();
        if text.is_empty() {
            block += 1;
            continue;
        }
        let reason = if given_norm
            .as_deref()
            .is_some_and(|t| herald_core::normalize_for_hash(text) == t)
        {
            Some("title")
        } else if let Some(stamp) = dates::stamp_line(text) {
            stamps.push((lines.len(), stamp));
            Some("timestamp")
        } else {
            rules::classify(text)
        };
        let repeated = reason.is_none() && stats.is_repeated(site, text);
        lines.push(Line {
            no: i + 1,
            text,
            block,
            reason,
            repeated,
        });
    }
    mark_repeated(&mut lines);

    let mut out = TextResult::default();
    mark_header(&mut lines, given_title.is_some(), &mut out);
    mark_footer(&mut lines);
    mark_outside_main(&mut lines);

    // Years the article mentions (body and captions, not page furniture such
    // as "© 2028"): a page date years later than all of them is the page's
    // clock, not the story's.
    let mut mentioned_max: Option<i32> = None;
    for l in &lines {
        if matches!(l.reason, None | Some("caption") | Some("credit")) {
            for y in dates::years_mentioned(l.text) {
                mentioned_max = Some(mentioned_max.map_or(y, |m: i32| m.max(y)));
            }
        }
    }
    let dateline = lines
        .iter()
        .filter(|l| l.reason.is_none() && is_body_line(l.text))
        .take(3)
        .find_map(|l| dateline_date(l.text));
    out.published = publication_date(&stamps, dateline, mentioned_max);

    let mut text = String::with_capacity(body.len());
    let mut last_block = None;
    for l in &lines {
        match l.reason {
            Some(reason) => out.removed.push(RemovedLine {
                text: l.text.to_string(),
                reason: reason.to_string(),
                line: Some(l.no),
            }),
            None => {
                if let Some(b) = last_block {
                    text.push_str(if b == l.block { "\n" } else { "\n\n" });
                }
                text.push_str(l.text);
                last_block = Some(l.block);
            }
        }
    }
    out.text = text;
    out
}

/// Lines the site repeats are chrome around the article (before its first
/// or after its last body line) or in a run of chrome inside it (next to a
/// line the rules caught or another repeated line). A repeated line between
/// body text on both sides ("Pros", "Ingredients", a recurring section
/// heading) is the article's own.
fn mark_repeated(lines: &mut [Line<'_>]) {
    let body = |l: &Line<'_>| l.reason.is_none() && !l.repeated && is_body_line(l.text);
    let first = lines.iter().position(body);
    let last = lines.iter().rposition(body);
    let flagged = |l: &Line<'_>| l.reason.is_some() || l.repeated;
    let mut marks = vec![false; lines.len()];
    for (i, l) in lines.iter().enumerate() {
        if !l.repeated {
            continue;
        }
        let around = match (first, last) {
            (Some(a), Some(b)) => i < a || i > b,
            // No running text to stand around: only a run of chrome counts.
            _ => false,
        };
        let run = (i > 0 && flagged(&lines[i - 1])) || lines.get(i + 1).is_some_and(flagged);
        marks[i] = around || run;
    }
    for (l, m) in lines.iter_mut().zip(marks) {
        if m {
            l.reason = Some("repeated");
        }
    }
}

/// Header region (before the first body line): masthead, byline, title, tags.
fn mark_header(lines: &mut [Line<'_>], title_given: bool, out: &mut TextResult) {
    let Some(first_body) = lines
        .iter()
        .position(|l| l.reason.is_none() && is_body_line(l.text))
    else {
        return;
    };
    let mut title_seen = title_given;
    let mut first = true;
    for l in lines[..first_body].iter_mut() {
        if l.reason.is_some() {
            continue;
        }
        if let Some(names) = byline_names(l.text) {
            l.reason = Some("byline");
            out.authors.extend(names);
        } else if l.text.contains(" | ") {
            // "The Harbor Post | World", "Sign In | Subscribe": section and menu bars.
            l.reason = Some("navigation");
        } else if l.text.starts_with("By ") && l.text.split_whitespace().count() <= 8 {
            l.reason = Some("byline");
        } else if !title_seen && first && is_masthead(l.text) {
            l.reason = Some("chrome");
        } else if !title_seen && is_headline(l.text, first) {
            // The first headline-shaped line of the header is the title even
            // in sentence case ("Floods displace thousands in Kenya").
            l.reason = Some("title");
            out.title = Some(l.text.to_string());
            title_seen = true;
        } else if is_tag(l.text) {
            l.reason = Some("tag");
            first = false;
        } else {
            first = false;
        }
    }
}

/// Trailing short lines after the last body line are page furniture.
fn mark_footer(lines: &mut [Line<'_>]) {
    let Some(last_body) = lines
        .iter()
        .rposition(|l| l.reason.is_none() && is_body_line(l.text))
    else {
        return;
    };
    for l in lines[last_body + 1..].iter_mut() {
        if l.reason.is_none() && is_tag(l.text) && l.text.split_whitespace().count() <= 4 {
            l.reason = Some("boilerplate");
        }
    }
}

/// Documents with fewer kept lines than this are a scraped article, not a
/// whole page: the main-region rule leaves them alone.
const PAGE_LINES: usize = 40;
/// A flattened page is mostly link-sized lines (menus, teasers, footers):
/// at least this share of its lines have three words or fewer. Text that is
/// already an article body (paragraphs, a few headings and list items) has
/// far fewer, and the main-region rule leaves it whole.
const PAGE_SHORT_SHARE: f64 = 0.4;
/// Share of the running text's words the main region must hold.
const MAIN_SHARE: f64 = 0.5;
/// Kept non-body lines allowed between two body lines of one region.
const MAX_GAP: usize = 5;

/// A whole page flattened to text (navigation, teasers, comments around
/// the article): keeps only the region of body lines with the most words,
/// where a region is body lines separated by at most [`MAX_GAP`] other kept
/// lines.
fn mark_outside_main(lines: &mut [Line<'_>]) {
    let kept: Vec<usize> = (0..lines.len())
        .filter(|&i| lines[i].reason.is_none())
        .collect();
    if kept.len() < PAGE_LINES {
        return;
    }
    let short = lines
        .iter()
        .filter(|l| l.text.split_whitespace().count() <= 3)
        .count();
    if (short as f64) < PAGE_SHORT_SHARE * lines.len() as f64 {
        return;
    }
    // (first kept index, last kept index, words of body lines)
    let mut best: Option<(usize, usize, usize)> = None;
    let mut cur: Option<(usize, usize, usize)> = None;
    let mut gap = 0;
    for (k, &i) in kept.iter().enumerate() {
        let text = lines[i].text;
        if is_body_line(text) {
            let words = text.split_whitespace().count();
            cur = Some(match cur {
                Some((a, _, w)) if gap <= MAX_GAP => (a, k, w + words),
                _ => (k, k, words),
            });
            if cur.is_some_and(|c| best.is_none_or(|b| c.2 > b.2)) {
                best = cur;
            }
            gap = 0;
        } else {
            gap += 1;
        }
    }
    let Some((a, b, main_words)) = best else {
        return;
    };
    // Running text spread over many regions (an article with long lists)
    // is one article: the main region must hold most of the page's text.
    let all_words: usize = kept
        .iter()
        .filter(|&&i| is_body_line(lines[i].text))
        .map(|&i| lines[i].text.split_whitespace().count())
        .sum();
    if (main_words as f64) < MAIN_SHARE * all_words as f64 {
        return;
    }
    for (k, &i) in kept.iter().enumerate() {
        if k < a || k > b {
            lines[i].reason = Some("outside");
        }
    }
}

/// The date of a wire dateline opening a body line: "MAPUTO, March 20, 2025 — …",
/// "BAMAKO, Mali, Oct. 2, 2012 – …". The place must be in capitals.
fn dateline_date(line: &str) -> Option<NaiveDate> {
    let cut = ["—", "–", " -- ", " - "]
        .iter()
        .filter_map(|d| line.find(d))
        .min()
        .filter(|&i| i <= 80)?;
    let head = &line[..cut];
    let place = head.split(',').next()?.trim();
    let caps = place.chars().filter(|c| c.is_alphabetic()).count() >= 3
        && !place.chars().any(|c| c.is_lowercase());
    if !caps {
        return None;
    }
    let dates = dates::find_dates(head);
    (dates.len() == 1).then(|| dates[0])
}

/// The publication date: a "Published" stamp, else the wire dateline, else a
/// bare page stamp — each only when plausible against the years the body mentions.
fn publication_date(
    stamps: &[(usize, Stamp)],
    dateline: Option<NaiveDate>,
    mentioned_max: Option<i32>,
) -> Option<String> {
    let plausible = |d: NaiveDate| mentioned_max.is_none_or(|m| d.year() <= m + 1);
    let pick = |kind: StampKind| {
        stamps.iter().find_map(|(_, s)| {
            (s.kind == kind && !s.seconds)
                .then_some(s.date)
                .flatten()
                .filter(|d| plausible(*d))
        })
    };
    pick(StampKind::Published)
        .or(dateline)
        .or_else(|| pick(StampKind::Bare))
        .map(|d| d.format("%Y-%m-%d").to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(body: &str) -> TextResult {
        extract_text(body, &crate::stats::LineStats::default().view(), None, None)
    }

    fn reasons(r: &TextResult) -> Vec<(&str, &str)> {
        r.removed
            .iter()
            .map(|x| (x.text.as_str(), x.reason.as_str()))
            .collect()
    }

    const PAGE: &str = "RIVER POST\n\n03/14/2031 09:12:44 pm\n\nMake RP Your Homepage\n\n\
        Town Council Approves New Flood Barrier Plan\n\nFlood Defence\n\n\
        (Photo : City Archive) The old bridge before the repairs\n\n\
        The town council voted on Tuesday to build a new flood barrier along the river, ending months of debate.\n\n\
        Like Us on Facebook\n\n\
        \u{201c}We cannot wait,\u{201d} the mayor said.\n\n\
        READ MORE: Rain records broken in March\n\n\
        Work is expected to start in the spring of 2019, the Valley Gazette reported.\n\n\
        Back to top";

    #[test]
    fn removes_chrome_keeps_body() {
        let r = run(PAGE);
        assert_eq!(
            reasons(&r),
            vec![
                ("RIVER POST", "chrome"),
                ("03/14/2031 09:12:44 pm", "timestamp"),
                ("Make RP Your Homepage", "navigation"),
                ("Town Council Approves New Flood Barrier Plan", "title"),
                ("Flood Defence", "tag"),
                (
                    "(Photo : City Archive) The old bridge before the repairs",
                    "caption"
                ),
                ("Like Us on Facebook", "social"),
                ("READ MORE: Rain records broken in March", "teaser"),
                ("Back to top", "navigation"),
            ]
        );
        assert_eq!(
            r.title.as_deref(),
            Some("Town Council Approves New Flood Barrier Plan")
        );
        assert!(r.text.starts_with("The town council voted"));
        assert!(
            r.text
                .contains("\n\n\u{201c}We cannot wait,\u{201d} the mayor said.\n\n")
        );
        assert!(r.text.ends_with("the Valley Gazette reported."));
        // The page clock (2031, with seconds) is not the publication date.
        assert_eq!(r.published, None);
        assert_eq!(r.removed[1].line, Some(3));
    }

    #[test]
    fn updated_stamp_is_not_publication_date() {
        let r = run(
            "Updated 2:00 PM EDT, Wed, May 20, 2020\n\nThe talks on September 9, 2014 ended without a deal, officials said.",
        );
        assert_eq!(r.published, None);
        let r = run(
            "Published: March 3, 2014\n\nThe talks on March 2, 2014 ended without a deal, officials said.",
        );
        assert_eq!(r.published.as_deref(), Some("2014-03-03"));
        let r = run(
            "March 3, 2024\n\nThe talks on March 2, 2014 ended without a deal, officials said.",
        );
        assert_eq!(r.published, None, "a bare date ten years after the story");
    }

    #[test]
    fn given_title_is_removed_and_not_guessed() {
        let body = "Flood Barrier Approved\nThe town council voted on Tuesday to build a new flood barrier, officials said.";
        let r = extract_text(
            body,
            &crate::stats::LineStats::default().view(),
            None,
            Some("Flood barrier approved"),
        );
        assert_eq!(reasons(&r), vec![("Flood Barrier Approved", "title")]);
        assert_eq!(r.title, None);
    }

    #[test]
    fn wire_dateline_beats_a_later_page_clock() {
        let r = run(
            "The Daily Example | World\nSign In | Subscribe\nFriday, 21 May 2027 06:49 GMT\nFloods displace thousands in Kenya\nBy Example Africa desk\nNAIROBI, March 20, 2025 — Heavy rains flooded the Tana River valley this week, displacing thousands of families, the Red Cross said.\nAid agencies began distributing food and water on Thursday, officials said.\n© 2028 The Daily Example. All rights reserved.\n",
        );
        assert_eq!(
            r.title.as_deref(),
            Some("Floods displace thousands in Kenya")
        );
        assert_eq!(r.published.as_deref(), Some("2025-03-20"));
        assert!(!r.text.contains("Sign In"));
        assert!(r.text.starts_with("NAIROBI, March 20, 2025"));
        assert_eq!(
            dateline_date("BAMAKO, Mali, Oct. 2, 2012 – China offered aid."),
            NaiveDate::from_ymd_opt(2012, 10, 2)
        );
        assert_eq!(
            dateline_date("China offered aid on March 3, 2012 — officials said."),
            None
        );
    }

    #[test]
    fn byline_becomes_authors() {
        let r = run(
            "Storm Hits Coast\nBy Jane Roe and John Doe\nThe storm hit the coast on Monday night, cutting power to thousands.",
        );
        assert_eq!(r.authors, vec!["Jane Roe", "John Doe"]);
        assert_eq!(r.title.as_deref(), Some("Storm Hits Coast"));
    }

    #[test]
    fn no_header_no_title() {
        let r = run(
            "The town council voted on Tuesday to build a new flood barrier, officials said.\nShort line here",
        );
        assert_eq!(r.title, None);
        assert!(r.removed.iter().all(|x| x.reason != "title"));
    }

    #[test]
    fn whole_page_keeps_the_main_region() {
        let mut page = String::new();
        for i in 0..30 {
            page.push_str(&format!("Section {i} link\n"));
        }
        page.push_str(
            "A reader wrote in to say the old site was better, and that nobody asked for this.\n",
        );
        for i in 0..40 {
            page.push_str(&format!("Menu entry {i}\n"));
        }
        for i in 0..6 {
            page.push_str(&format!(
                "The council met for the {i}th time on Tuesday and voted to build the new flood barrier.\n"
            ));
        }
        page.push_str(
            "Another teaser sentence that is long enough to look like running text, almost.\n",
        );
        let r = run(&page);
        assert!(
            r.text.starts_with("The council met for the 0th time"),
            "{}",
            r.text
        );
        assert!(r.text.contains("the 5th time"));
        assert!(!r.text.contains("A reader wrote in"));
        assert!(r.removed.iter().any(|x| x.reason == "outside"));
    }

    #[test]
    fn long_clean_body_with_lists_comes_through_whole() {
        // 48 lines: paragraphs, headings and list items far apart, as an
        // article body already cleaned. No line is page furniture.
        let mut body = String::new();
        for part in 0..4 {
            body.push_str(&format!(
                "The council published part {part} of its plan on Tuesday, and residents were asked to comment within a month.\n\n"
            ));
            body.push_str("What the plan changes\n\n");
            for i in 0..10 {
                body.push_str(&format!(
                    "- a new footpath along section {i} of the river bank\n"
                ));
            }
            body.push('\n');
        }
        let r = run(&body);
        assert!(
            r.removed.iter().all(|x| x.reason != "outside"),
            "{:?}",
            r.removed
        );
        assert_eq!(r.text.matches("footpath").count(), 40);
    }

    #[test]
    fn one_line_paragraphs_and_quotes_survive() {
        let body = "The town council voted on Tuesday to build a new flood barrier, officials said.\n\n\
                    \u{201c}No.\u{201d}\n\nHe left.\n\nThe vote was close, with six in favour and five against the plan.";
        let r = run(body);
        assert!(r.removed.is_empty(), "{:?}", r.removed);
    }
}
