//! Extraction: a [`RawDoc`] becomes a clean [`Article`].
//!
//! Plain text still wrapped in site chrome loses its chrome line by line
//! (rules for navigation, social prompts, teasers, captions, credits and
//! timestamps, plus lines that repeat across a site's documents, learned with
//! [`Extractor::observe`]); HTML goes through main-content detection. Both
//! paths record every dropped line with a reason, find the title, the
//! publication date (never a page clock or an "Updated" stamp), authors and
//! the outlets the article cites.
//!
//! ```
//! use herald_core::{Format, RawDoc};
//! use herald_extract::Extractor;
//!
//! let body = "Make RP Your Homepage\n\nTown Council Approves Flood Barrier\n\n\
//!             The council voted on Tuesday to build a barrier, the Valley Gazette reported.\n\n\
//!             Like Us on Facebook";
//! let doc = RawDoc::new("d1", "d1.txt", Format::Text, body);
//! let mut ex = Extractor::new();
//! ex.observe(std::slice::from_ref(&doc));
//! let a = ex.process(&doc);
//! assert_eq!(a.title.as_deref(), Some("Town Council Approves Flood Barrier"));
//! assert_eq!(a.text, "The council voted on Tuesday to build a barrier, the Valley Gazette reported.");
//! assert_eq!(a.cites, vec!["Valley Gazette"]);
//! assert_eq!(a.removed.len(), 3);
//! ```

mod blocks;
mod cites;
mod copies;
mod dates;
mod dates_intl;
pub mod eval;
pub mod eval_clean;
mod eval_dates;
pub mod eval_split;
mod html;
mod lang;
mod masthead;
mod pagedate;
mod prepass;
mod rules;
mod shown;
mod stats;
mod text;

use herald_core::{Article, Format, RawDoc};

pub use blocks::page_text;
pub use dates::normalize_date;

/// ISO 639-1 code of a text's language when the detector is confident (the
/// detection extraction stores in `Article::language`).
pub fn detect_language(text: &str) -> Option<String> {
    lang::detect(text)
}
pub use stats::{BatchLines, LineDelta, LineStats, LineView};

/// The extraction stage: corpus statistics plus per-document extraction.
#[derive(Debug, Default)]
pub struct Extractor {
    stats: LineStats,
}

impl Extractor {
    pub fn new() -> Self {
        Self::default()
    }

    /// Restores the statistics saved by [`Extractor::stats`].
    pub fn with_stats(stats: LineStats) -> Self {
        Extractor { stats }
    }

    pub fn stats(&self) -> &LineStats {
        &self.stats
    }

    /// Learns line statistics from a batch before it is processed (so a
    /// site's chrome is recognised from the first batch on). Only plain-text
    /// documents are counted: HTML chrome is found in the DOM.
    pub fn observe(&mut self, docs: &[RawDoc]) {
        for d in docs.iter().filter(|d| d.format == Format::Text) {
            self.stats.observe_doc(d);
        }
    }

    /// Notes a batch without learning from it yet (see [`LineStats::batch`]):
    /// [`Extractor::process_in`] then judges document `i` on the statistics
    /// before the batch plus the batch's documents up to `i`, so results do
    /// not depend on batch boundaries. [`Extractor::commit`] learns the batch.
    pub fn batch(&self, docs: &[RawDoc]) -> BatchLines {
        self.stats.batch(docs)
    }

    /// Learns what [`Extractor::batch`] noted.
    pub fn commit(&mut self, delta: &LineDelta) {
        self.stats.apply(delta);
    }

    /// Document `i` of a batch noted with [`Extractor::batch`].
    pub fn process_in(&self, doc: &RawDoc, batch: &BatchLines, i: usize) -> Article {
        self.process_with(doc, batch.view(&self.stats, i))
    }

    /// Pure per-document extraction given the current statistics.
    /// Metadata the document already carries wins over what is found.
    pub fn process(&self, doc: &RawDoc) -> Article {
        self.process_with(doc, self.stats.view())
    }

    fn process_with(&self, doc: &RawDoc, stats: LineView<'_>) -> Article {
        let site_key = stats::site_key(doc);
        let (text, title, published, authors, site, url, language, removed) = match doc.format {
            Format::Text => {
                let r = text::extract_text(
                    &doc.body,
                    &stats,
                    site_key.as_deref(),
                    doc.title.as_deref(),
                );
                let site = masthead::site_from_masthead(&r.removed);
                (
                    r.text,
                    r.title,
                    r.published,
                    r.authors,
                    site,
                    None,
                    None,
                    r.removed,
                )
            }
            Format::Html => {
                let r = html::extract_html(&doc.body, doc.url.as_deref());
                (
                    r.text,
                    r.title,
                    r.published,
                    r.authors,
                    r.site.as_deref().and_then(masthead::one_site),
                    r.url,
                    r.language,
                    r.removed,
                )
            }
        };
        // A date the input gives is stored only as ISO 8601; one that is no
        // date ("yesterday", "2024-02-30") is noted among the removed lines
        // and the date found in the document is used instead.
        let mut removed = removed;
        let given_date = doc
            .published
            .as_deref()
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .and_then(|p| {
                let d = metadata_date(p);
                if d.is_none() {
                    removed.push(herald_core::RemovedLine {
                        text: format!("published: {p}"),
                        reason: "invalid-date".into(),
                        line: None,
                    });
                }
                d
            });
        let language = lang::detect(&text).or(language);
        Article {
            id: doc.id.clone(),
            input: doc.input.clone(),
            url: doc.url.clone().or(url),
            site: doc
                .site
                .as_deref()
                .and_then(masthead::one_site)
                .or(site)
                .or_else(|| doc.url.as_deref().and_then(stats::host_of)),
            title: doc.title.clone().or(title),
            published: given_date.or(published),
            authors: if doc.authors.is_empty() {
                authors
            } else {
                doc.authors.clone()
            },
            hash: herald_core::content_hash(&text),
            cites: {
                let mut c = cites::cited_outlets(&text);
                for o in cites::credited_outlets(&removed) {
                    if !c.contains(&o) {
                        c.push(o);
                    }
                }
                c
            },
            language,
            removed,
            text,
            ..Article::default()
        }
    }
}

/// A metadata date stamp as ISO 8601: what [`dates::normalize_date`] reads,
/// and C's `asctime` form ("Tue Dec 31 14:16:00 2019") that some feeds use.
pub fn metadata_date(raw: &str) -> Option<String> {
    let s = raw.trim();
    dates::normalize_date(s).or_else(|| {
        chrono::NaiveDateTime::parse_from_str(s, "%a %b %e %H:%M:%S %Y")
            .ok()
            .map(|dt| dt.format("%Y-%m-%dT%H:%M:%S").to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_doc(id: &str, site: Option<&str>, body: &str) -> RawDoc {
        let mut d = RawDoc::new(id, format!("{id}.txt"), Format::Text, body);
        d.site = site.map(str::to_string);
        d
    }

    const A: &str = "Visit The Pantry Shop\n\nCouncil Approves Flood Barrier\n\n\
        The town council voted on Tuesday to build a new flood barrier along the river.\n\n\
        Weekend Specials Inside";
    const B: &str = "Visit The Pantry Shop\n\nHarbour Ferry Returns After Repairs\n\n\
        The harbour ferry returned to service on Friday after three months of repairs.\n\n\
        Weekend Specials Inside";

    #[test]
    fn repeated_lines_learned_across_batches() {
        let mut ex = Extractor::new();
        let a = text_doc("a", Some("pantry.example"), A);
        ex.observe(std::slice::from_ref(&a));
        let first = ex.process(&a);
        // One document: the unknown shop line is a header tag at best, never "repeated".
        assert!(first.removed.iter().all(|r| r.reason != "repeated"));

        // Persist and restore, as the store does between runs.
        let json = serde_json::to_string(ex.stats()).unwrap_or_default();
        let restored: LineStats = serde_json::from_str(&json).unwrap_or_default();
        let mut ex = Extractor::with_stats(restored);
        let b = text_doc("b", Some("pantry.example"), B);
        ex.observe(std::slice::from_ref(&b));
        let second = ex.process(&b);
        let rep: Vec<&str> = second
            .removed
            .iter()
            .filter(|r| r.reason == "repeated")
            .map(|r| r.text.as_str())
            .collect();
        assert_eq!(
            rep,
            vec!["Visit The Pantry Shop", "Weekend Specials Inside"]
        );
        assert_eq!(
            second.text,
            "The harbour ferry returned to service on Friday after three months of repairs."
        );
        assert_eq!(
            second.title.as_deref(),
            Some("Harbour Ferry Returns After Repairs")
        );
        // Re-observing the same document does not count it twice.
        ex.observe(std::slice::from_ref(&b));
        assert_eq!(ex.stats().docs, 2);
    }

    #[test]
    fn given_metadata_wins() {
        let mut d = text_doc("c", Some("River Post"), A);
        d.title = Some("Council approves flood barrier".into());
        d.published = Some("2019-03-14T09:00:00Z".into());
        d.url = Some("https://www.riverpost.example/a".into());
        d.authors = vec!["Jane Roe".into()];
        let a = Extractor::new().process(&d);
        assert_eq!(a.title.as_deref(), Some("Council approves flood barrier"));
        assert!(
            a.removed
                .iter()
                .any(|r| r.reason == "title" && r.text == "Council Approves Flood Barrier")
        );
        assert_eq!(a.published.as_deref(), Some("2019-03-14T09:00:00+00:00"));
        assert_eq!(a.site.as_deref(), Some("River Post"));
        assert_eq!(a.authors, vec!["Jane Roe"]);
        assert_eq!(a.hash, herald_core::content_hash(&a.text));
        assert_eq!(a.language.as_deref(), Some("en"));
    }

    #[test]
    fn given_dates_are_stored_as_iso_or_noted_as_invalid() {
        let with = |p: &str| {
            let mut d = text_doc(
                "e",
                None,
                "Kenya asked the United Nations for flood aid on Friday.",
            );
            d.published = Some(p.into());
            Extractor::new().process(&d)
        };
        assert_eq!(
            with("Tue Dec 31 14:16:00 2019").published.as_deref(),
            Some("2019-12-31T14:16:00")
        );
        assert_eq!(
            with("Wed Jan  1 00:00:00 2020").published.as_deref(),
            Some("2020-01-01T00:00:00")
        );
        assert_eq!(with("2019-12-31").published.as_deref(), Some("2019-12-31"));
        for bad in ["2024-02-30", "yesterday", "2025-13-45"] {
            let a = with(bad);
            assert_eq!(a.published, None, "{bad}");
            assert!(
                a.removed
                    .iter()
                    .any(|r| r.reason == "invalid-date" && r.text == format!("published: {bad}")),
                "{bad}: {:?}",
                a.removed
            );
        }
    }

    #[test]
    fn a_site_named_twice_in_page_metadata_is_one_site() {
        let body = r#"<html><head><title>Meal prep for busy weeks</title>
<meta property="og:site_name" content="Scratch Kitchen Meal Prep">
<script type="application/ld+json">{"@context":"https://schema.org","@graph":[
{"@type":"WebSite","@id":"https://scratch.example/#website","url":"https://scratch.example/","name":"Scratch Kitchen Meal Prep"},
{"@type":"Organization","@id":"https://scratch.example/#organization","name":"Scratch Kitchen Meal Prep"},
{"@type":"Article","headline":"Meal prep for busy weeks","publisher":{"@id":"https://scratch.example/#organization"}}]}</script>
</head><body><article><h1>Meal prep for busy weeks</h1>
<p>Cooking once for the whole week saves time, money and the nightly question of what to eat, our kitchen team says.</p>
<p>Start with two grains, three vegetables and one protein, and keep the sauces apart until you serve them.</p>
</article></body></html>"#;
        let d = RawDoc::new("h", "h.html", Format::Html, body);
        let a = Extractor::new().process(&d);
        assert_eq!(a.site.as_deref(), Some("Scratch Kitchen Meal Prep"));
    }

    #[test]
    fn a_wire_credited_in_a_caption_is_cited() {
        let d = text_doc(
            "w",
            None,
            "MERIDIAN NEWS\n\nChad and CAR sign ceasefire\n\n(Photo : Continental Wire/Tesfaye Alemu) Chadian Foreign Minister Hassan Ali Djibrine, left, signs the agreement.\n\nADDIS ABABA, March 3, 2025 — Chad and the Central African Republic signed a ceasefire on Monday.\n",
        );
        let a = Extractor::new().process(&d);
        assert!(
            a.removed.iter().any(|r| r.reason == "caption"),
            "{:?}",
            a.removed
        );
        assert_eq!(a.cites, ["Continental Wire"]);
    }

    #[test]
    fn a_plain_text_masthead_names_the_site() {
        let d = text_doc(
            "m",
            None,
            "MERIDIAN NEWS\n\nChad and CAR sign ceasefire\n\nADDIS ABABA, March 3, 2025 — Chad and the Central African Republic signed a ceasefire on Monday.\n",
        );
        assert_eq!(
            Extractor::new().process(&d).site.as_deref(),
            Some("Meridian News")
        );
    }

    #[test]
    fn site_falls_back_to_url_host() {
        let mut d = text_doc(
            "d",
            None,
            "Some body text that is long enough to be a sentence.",
        );
        d.url = Some("https://www.riverpost.example/a".into());
        assert_eq!(
            Extractor::new().process(&d).site.as_deref(),
            Some("riverpost.example")
        );
    }

    #[test]
    fn html_documents_go_through_the_html_path() {
        let html = "<html><head><title>Ferry back</title></head><body><nav>Home News</nav><article>\
            <p>The harbour ferry returned to service on Friday after three months of repairs, the operator said.</p>\
            <p>Passengers queued from early morning, and the first crossing was full within minutes of opening.</p>\
            </article></body></html>";
        let d = RawDoc::new("h", "h.html", Format::Html, html);
        let a = Extractor::new().process(&d);
        assert!(
            a.text.starts_with("The harbour ferry returned"),
            "{}",
            a.text
        );
        assert!(!a.text.contains("Home News"));
    }
}
