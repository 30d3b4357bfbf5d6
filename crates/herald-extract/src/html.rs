//! The HTML path: main content and metadata of a web page.
//!
//! Main-content detection is delegated to `herald-html`, Herald's fork of
//! the `trafilatura` crate (a port of go-trafilatura) tuned for speed, and
//! imported here under the name `trafilatura`: on the ScrapingHub benchmark
//! it scored F1 0.957 against 0.957 for `rs-trafilatura` (2.5× slower) and
//! 0.946 for `dom_smoothie` (see EVAL.md). A byte-level pre-pass
//! ([`crate::prepass`]) first drops scripts, styles and unused attributes.
//! Herald's own line rules then drop captions, teasers and social prompts
//! that survive inside the article container.

use herald_core::RemovedLine;

use crate::blocks::dom_blocks;
use crate::copies;
use crate::dates;
use crate::pagedate;
use crate::prepass;
use crate::rules;

/// What the HTML path found in one page.
#[derive(Debug, Default)]
pub(crate) struct HtmlResult {
    pub text: String,
    pub title: Option<String>,
    pub published: Option<String>,
    pub authors: Vec<String>,
    pub site: Option<String>,
    pub url: Option<String>,
    pub language: Option<String>,
    pub removed: Vec<RemovedLine>,
}

fn options(url: Option<&str>, lenient: bool, guess_date: bool) -> trafilatura::Options {
    let mut o = trafilatura::Options::default();
    o.original_url = url.and_then(|u| url::Url::parse(u).ok());
    // Recall focus keeps whole article containers and skips the balanced
    // mode's escalation, which on short pages swaps the article for a
    // page-wide dump: ScrapingHub F1 0.9565 → 0.9612 and ~20% faster.
    o.focus = trafilatura::ExtractionFocus::FavorRecall;
    // Herald reads neither categories/tags/licence nor the extractor's
    // language guess (it classifies the final text itself).
    o.skip_taxonomy = true;
    o.skip_language = true;
    // Herald reads no comments: their sections are pruned up front instead
    // of extracted (~4% of the time; WCXB F1 0.9363 → 0.9382, ScrapingHub
    // unchanged).
    o.exclude_comments = true;
    if !guess_date {
        o.html_date_mode = trafilatura::HtmlDateMode::Disabled;
    }
    if lenient {
        o.config.min_extracted_size = 0;
        o.config.min_output_size = 0;
    }
    o
}

fn non_empty(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_string())
}

/// Extracts the article of an HTML page. Never fails: a page without
/// detectable content yields empty text (and whatever metadata was found).
pub(crate) fn extract_html(html: &str, url: Option<&str>) -> HtmlResult {
    // Scripts, styles, SVG, comments and unused attributes are most of a
    // page's bytes and the extractor discards them: drop them before
    // parsing. The date patterns run on the stripped page too (JSON-LD is
    // kept; htmldate 0.904 → 0.901, two pages, as the extractor's own date
    // guess sees less).
    let raw = html;
    let html: &str = &prepass::strip(html);
    // The extractor's own date guess ranks below what the page declares:
    // computed only when the page declares nothing.
    let found = pagedate::page_date_before_fallback(html, url);
    let guess_date = matches!(found, pagedate::Found::Fallback { .. });
    // The content tree is walked into blocks in place (serialising it to
    // HTML and scanning that back cost ~4% of extraction).
    let mut blocks = Vec::new();
    let mut visit = |doc: &trafilatura::dom::Document, id| blocks = dom_blocks(doc, id);
    let res = trafilatura::extract_visit(html, &options(url, false, guess_date), &mut visit)
        .or_else(|_| trafilatura::extract_visit(html, &options(url, true, guess_date), &mut visit));
    let Ok(res) = res else {
        return HtmlResult::default();
    };
    let meta = &res.metadata;
    let mut out = HtmlResult {
        title: non_empty(&meta.title).map(|t| strip_site_suffix(&t, &meta.sitename)),
        published: match found {
            pagedate::Found::Date(d) => Some(d),
            pagedate::Found::Fallback { first } => pagedate::finish(
                first,
                meta.date.map(|d| crate::dates::resolve_ambiguous(d, html)),
            ),
        },
        authors: meta.author.split(';').filter_map(non_empty).collect(),
        site: non_empty(&meta.sitename),
        url: non_empty(&meta.url),
        language: non_empty(&meta.language).map(|l| l.to_lowercase()),
        ..HtmlResult::default()
    };
    // Nothing found: a publication stamp in the page's data scripts (which
    // the pre-pass drops), e.g. a shop's `"published_at"`.
    if out.published.is_none() {
        out.published = pagedate::script_published(raw);
    }
    let (text, removed) = clean_blocks(&blocks);
    out.text = text;
    out.removed = removed;
    out
}

/// "Flood barrier approved | River Post" → "Flood barrier approved": drops a
/// trailing (or leading) segment naming the site, or a short trailing
/// segment after a long headline.
fn strip_site_suffix(title: &str, site: &str) -> String {
    const SEPS: [&str; 5] = [" | ", " - ", " – ", " — ", " :: "];
    let norm_site = herald_core::normalize_for_hash(site);
    let is_site = |seg: &str| {
        let n = herald_core::normalize_for_hash(seg);
        !n.is_empty()
            && (n == norm_site
                || (!norm_site.is_empty() && (norm_site.contains(&n) || n.contains(&norm_site)))
                || (seg.contains('.') && !seg.trim().contains(' ')))
    };
    for sep in SEPS {
        if let Some((head, tail)) = title.rsplit_once(sep) {
            let words = |s: &str| s.split_whitespace().count();
            if is_site(tail) || (words(tail) <= 3 && words(head) >= 4 && sep == " | ") {
                return head.trim().to_string();
            }
        }
        if let Some((head, tail)) = title.split_once(sep)
            && is_site(head)
        {
            return tail.trim().to_string();
        }
    }
    title.to_string()
}

/// Applies the line rules to extracted blocks (one per line), then drops
/// hidden layout copies of the body ([`crate::copies`]).
fn clean_blocks(blocks: &[String]) -> (String, Vec<RemovedLine>) {
    let mut text = String::with_capacity(blocks.iter().map(|b| b.len() + 1).sum());
    let mut removed = Vec::new();
    let blocks: Vec<&str> = blocks
        .iter()
        .map(|b| b.trim())
        .filter(|b| !b.is_empty())
        .collect();
    let copy = copies::layout_copies(&blocks);
    for (&b, copy) in blocks.iter().zip(copy) {
        if copy {
            removed.push(RemovedLine {
                text: b.to_string(),
                reason: "layout copy".to_string(),
                line: None,
            });
            continue;
        }
        // Inside the article only dated stamps are chrome: "10 p.m." may be
        // a programme listing.
        let reason = rules::classify(b).or_else(|| {
            dates::stamp_line(b)
                .filter(|s| s.date.is_some())
                .map(|_| "timestamp")
        });
        match reason {
            Some(reason) => removed.push(RemovedLine {
                text: b.to_string(),
                reason: reason.to_string(),
                line: None,
            }),
            None => {
                if !text.is_empty() {
                    text.push('\n');
                }
                text.push_str(b);
            }
        }
    }
    (text, removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!doctype html><html lang="en"><head>
<title>Flood barrier approved | River Post</title>
<meta property="og:title" content="Flood barrier approved">
<meta property="og:site_name" content="River Post">
<meta name="author" content="Jane Roe">
<meta property="article:published_time" content="2019-03-14T09:00:00Z">
</head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<div class="ad">Buy cheap watches now</div>
<article>
<h1>Flood barrier approved</h1>
<p>The town council voted on Tuesday to build a new flood barrier along the river, ending months of debate about cost and design.</p>
<figure><img src="a.jpg"><figcaption>The old bridge before the repairs. REUTERS/John Doe</figcaption></figure>
<p>Work is expected to start in the spring, and the barrier should be finished within two years, the council said in a statement.</p>
<p>READ MORE: Rain records broken in March</p>
<p>Residents who live close to the river welcomed the decision, saying the floods of recent winters had ruined homes and shops.</p>
<div class="share">Share this article</div>
</article>
<section id="comments"><h3>Comments</h3><p>Great news, finally! Posted by reader42</p></section>
<footer>Copyright 2019 River Post. All rights reserved.</footer>
</body></html>"#;

    #[test]
    fn extracts_article_and_metadata() {
        let r = extract_html(PAGE, Some("https://riverpost.example/2019/03/14/flood"));
        assert!(
            r.text.contains("The town council voted on Tuesday"),
            "{}",
            r.text
        );
        assert!(r.text.contains("Residents who live close to the river"));
        for junk in [
            "Buy cheap",
            "Sport",
            "READ MORE",
            "Great news",
            "Copyright",
            "REUTERS",
            "Share this",
        ] {
            assert!(!r.text.contains(junk), "{junk} in {}", r.text);
        }
        assert_eq!(r.title.as_deref(), Some("Flood barrier approved"));
        assert_eq!(r.published.as_deref(), Some("2019-03-14T09:00:00+00:00"));
        assert_eq!(r.authors, vec!["Jane Roe"]);
        assert_eq!(r.site.as_deref(), Some("River Post"));
    }

    #[test]
    fn site_suffix_stripped_from_titles() {
        assert_eq!(
            strip_site_suffix("Flood barrier approved | River Post", "River Post"),
            "Flood barrier approved"
        );
        assert_eq!(
            strip_site_suffix("River Post - Flood barrier approved", "River Post"),
            "Flood barrier approved"
        );
        assert_eq!(
            strip_site_suffix("Flood barrier approved - riverpost.example", ""),
            "Flood barrier approved"
        );
        assert_eq!(
            strip_site_suffix("Council approves flood barrier plan | News", ""),
            "Council approves flood barrier plan"
        );
        assert_eq!(
            strip_site_suffix("Pre-war homes - a guide", "River Post"),
            "Pre-war homes - a guide"
        );
    }

    #[test]
    fn garbage_never_panics() {
        for s in [
            "",
            "<",
            "<html><body></body></html>",
            "\u{0}\u{feff}<p>x",
            "<<<>>>",
        ] {
            let _ = extract_html(s, None);
            let _ = extract_html(s, Some("not a url"));
        }
    }
}
