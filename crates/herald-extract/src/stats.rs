//! Corpus line statistics: how many documents (overall and per site) carry
//! each normalised line. Site chrome repeats; article sentences rarely do.

use std::collections::{HashMap, HashSet};

use herald_core::RawDoc;
use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::xxh3_64;

/// Lines longer than this (in words) are never counted: chrome is short, and
/// long lines shared by documents are quotes or syndicated copies, which the
/// dedup stage handles.
pub(crate) const MAX_CHROME_WORDS: usize = 14;

/// Corpus-level line statistics (repeated lines per site and overall),
/// learned incrementally and persisted by the store between runs.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct LineStats {
    /// Documents observed (distinct bodies).
    #[serde(default)]
    pub docs: u64,
    /// Normalised-line hash → number of distinct documents containing it.
    #[serde(default)]
    pub global: HashMap<u64, u32>,
    /// Site → (normalised-line hash → documents of that site containing it).
    #[serde(default)]
    pub sites: HashMap<String, HashMap<u64, u32>>,
    /// Hashes of bodies already counted, so re-observing a document (a
    /// re-run, an exact duplicate) does not turn its lines into "chrome".
    #[serde(default)]
    pub seen: HashSet<u64>,
}

impl LineStats {
    /// Counts the short lines of one document (each line once per document).
    pub fn observe_doc(&mut self, doc: &RawDoc) {
        let body = xxh3_64(doc.body.as_bytes());
        if self.seen.contains(&body) {
            return;
        }
        let (site, lines) = doc_lines(doc);
        self.observe_parts(body, site, &lines);
    }

    /// Counts one document given as its body hash, site and distinct line
    /// hashes (what [`LineDelta`] records).
    fn observe_parts(&mut self, body: u64, site: Option<String>, lines: &[u64]) {
        if !self.seen.insert(body) {
            return;
        }
        self.docs += 1;
        for &h in lines {
            *self.global.entry(h).or_insert(0) += 1;
        }
        if let Some(site) = site {
            let per = self.sites.entry(site).or_default();
            for &h in lines {
                *per.entry(h).or_insert(0) += 1;
            }
        }
    }

    /// Applies the observations of one batch, in their order.
    pub fn apply(&mut self, delta: &LineDelta) {
        for (body, site, lines) in &delta.docs {
            self.observe_parts(*body, site.clone(), lines);
        }
    }

    /// Documents (overall, on this site) that carry the line.
    pub fn counts(&self, site: Option<&str>, line: &str) -> (u32, u32) {
        self.view().counts(site, line)
    }

    /// True when the line is chrome by repetition (see [`LineView::is_repeated`]).
    pub fn is_repeated(&self, site: Option<&str>, line: &str) -> bool {
        self.view().is_repeated(site, line)
    }

    /// The statistics as they stand, with no batch on top.
    pub fn view(&self) -> LineView<'_> {
        LineView {
            base: self,
            batch: None,
        }
    }

    /// Notes a batch's documents in arrival order without changing the
    /// statistics: document `i` of the batch is then judged on what was
    /// known before the batch plus documents `0..=i` of it
    /// ([`BatchLines::view`]), so the outcome does not depend on where
    /// batches are cut. [`LineStats::apply`] with [`BatchLines::delta`]
    /// makes the batch part of the statistics.
    pub fn batch<'a>(&self, docs: impl IntoIterator<Item = &'a RawDoc>) -> BatchLines {
        let mut out = BatchLines::default();
        let mut seen_here: HashSet<u64> = HashSet::new();
        for (i, doc) in docs.into_iter().enumerate() {
            if doc.format != herald_core::Format::Text {
                continue;
            }
            let body = xxh3_64(doc.body.as_bytes());
            if self.seen.contains(&body) || !seen_here.insert(body) {
                continue;
            }
            let (site, lines) = doc_lines(doc);
            let i = i as u32;
            for &h in &lines {
                out.global.entry(h).or_default().push(i);
            }
            if let Some(site) = &site {
                let per = out.sites.entry(site.clone()).or_default();
                for &h in &lines {
                    per.entry(h).or_default().push(i);
                }
            }
            out.delta.docs.push((body, site, lines));
        }
        out
    }
}

/// The documents of one batch, as [`LineStats::batch`] noted them.
#[derive(Debug, Default)]
pub struct BatchLines {
    /// Line hash → batch positions of the documents carrying it (ascending).
    global: HashMap<u64, Vec<u32>>,
    sites: HashMap<String, HashMap<u64, Vec<u32>>>,
    delta: LineDelta,
}

impl BatchLines {
    /// The statistics as document `i` of the batch sees them.
    pub fn view<'a>(&'a self, base: &'a LineStats, i: usize) -> LineView<'a> {
        LineView {
            base,
            batch: Some((self, i as u32)),
        }
    }

    /// What the batch adds to the statistics.
    pub fn delta(&self) -> &LineDelta {
        &self.delta
    }
}

/// One batch of observations, saved with the batch so a restart restores
/// exactly what was learned: `(body hash, site, distinct line hashes)` per
/// newly seen plain-text document, in arrival order.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct LineDelta {
    pub docs: Vec<(u64, Option<String>, Vec<u64>)>,
}

impl LineDelta {
    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }
}

/// Line statistics as one document sees them: the saved counts plus, inside
/// a batch, the documents of the batch up to and including it.
#[derive(Clone, Copy)]
pub struct LineView<'a> {
    base: &'a LineStats,
    batch: Option<(&'a BatchLines, u32)>,
}

impl LineView<'_> {
    /// Documents (overall, on this site) that carry the line.
    pub fn counts(&self, site: Option<&str>, line: &str) -> (u32, u32) {
        let Some(h) = line_hash(line) else {
            return (0, 0);
        };
        let base = self.base;
        let mut global = base.global.get(&h).copied().unwrap_or(0);
        let mut local = site
            .and_then(|s| base.sites.get(s))
            .and_then(|m| m.get(&h))
            .copied()
            .unwrap_or(0);
        if let Some((b, i)) = self.batch {
            let upto = |v: &Vec<u32>| v.partition_point(|&p| p <= i) as u32;
            global += b.global.get(&h).map_or(0, upto);
            local += site
                .and_then(|s| b.sites.get(s))
                .and_then(|m| m.get(&h))
                .map_or(0, upto);
        }
        (global, local)
    }

    /// True when the line is chrome by repetition: on two documents of its
    /// site, or (site unknown or not) on two documents of the corpus when
    /// it is a short non-sentence, or on five when it is any short line.
    pub fn is_repeated(&self, site: Option<&str>, line: &str) -> bool {
        let (global, local) = self.counts(site, line);
        if local >= 2 {
            return true;
        }
        let words = line.split_whitespace().count();
        let sentence = line.trim_end().ends_with(['.', '?', '!', '"', '”']);
        (global >= 2 && !sentence && words <= 8) || global >= 5
    }
}

/// Site and distinct short-line hashes of one document.
fn doc_lines(doc: &RawDoc) -> (Option<String>, Vec<u64>) {
    let mut lines: Vec<u64> = candidate_lines(&doc.body).collect();
    lines.sort_unstable();
    lines.dedup();
    (site_key(doc), lines)
}

/// The site a document belongs to: its metadata, else its URL host.
pub(crate) fn site_key(doc: &RawDoc) -> Option<String> {
    if let Some(s) = doc.site.as_deref().filter(|s| !s.trim().is_empty()) {
        return Some(s.trim().to_lowercase());
    }
    doc.url.as_deref().and_then(host_of)
}

/// Host of a URL without a leading `www.`.
pub(crate) fn host_of(url: &str) -> Option<String> {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest.split(['/', '?', '#']).next()?.split(':').next()?;
    let host = host.strip_prefix("www.").unwrap_or(host).to_lowercase();
    (!host.is_empty() && host.contains('.')).then_some(host)
}

fn candidate_lines(body: &str) -> impl Iterator<Item = u64> + '_ {
    body.lines().filter_map(line_hash)
}

/// Hash of a line normalised for comparison (case, punctuation, spacing),
/// or `None` for empty and over-long lines.
pub(crate) fn line_hash(line: &str) -> Option<u64> {
    let words = line.split_whitespace().count();
    if words == 0 || words > MAX_CHROME_WORDS {
        return None;
    }
    let norm = herald_core::normalize_for_hash(line);
    (!norm.is_empty()).then(|| xxh3_64(norm.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use herald_core::Format;

    fn doc(id: &str, site: &str, body: &str) -> RawDoc {
        let mut d = RawDoc::new(id, id, Format::Text, body);
        d.site = Some(site.to_string());
        d
    }

    #[test]
    fn counts_each_document_once() {
        let mut s = LineStats::default();
        let d = doc("a", "ex.com", "Sign in\nSign in\nBody sentence here.");
        s.observe_doc(&d);
        s.observe_doc(&d);
        assert_eq!(s.docs, 1);
        assert_eq!(s.counts(Some("ex.com"), "sign in!"), (1, 1));
    }

    #[test]
    fn repetition_per_site_and_global() {
        let mut s = LineStats::default();
        s.observe_doc(&doc("a", "ex.com", "Visit Our Shop\nThe mayor resigned."));
        assert!(!s.is_repeated(Some("ex.com"), "Visit Our Shop"));
        s.observe_doc(&doc("b", "ex.com", "Visit our shop\nRain fell all day."));
        assert!(s.is_repeated(Some("ex.com"), "Visit Our Shop"));
        assert!(s.is_repeated(None, "Visit Our Shop"));
        assert!(!s.is_repeated(Some("ex.com"), "The mayor resigned."));
    }

    #[test]
    fn stats_round_trip_through_json() {
        let mut s = LineStats::default();
        s.observe_doc(&doc("a", "ex.com", "Menu\nText."));
        let json = serde_json::to_string(&s).unwrap_or_default();
        let back: LineStats = serde_json::from_str(&json).unwrap_or_default();
        assert_eq!(back, s);
    }

    #[test]
    fn a_batch_judges_each_document_on_what_came_before_it() {
        let docs = [
            doc("a", "ex.com", "Visit our shop\nThe mayor resigned."),
            doc("b", "ex.com", "Visit our shop\nRain fell all day."),
            doc("c", "ex.com", "Visit our shop\nRain fell all day."),
        ];
        // One batch of three, seen from each position...
        let s = LineStats::default();
        let b = s.batch(&docs);
        let in_batch: Vec<bool> = (0..3)
            .map(|i| b.view(&s, i).is_repeated(Some("ex.com"), "Visit our shop"))
            .collect();
        // ...equals one document at a time.
        let mut one = LineStats::default();
        let mut alone = Vec::new();
        for d in &docs {
            let b = one.batch(std::slice::from_ref(d));
            alone.push(
                b.view(&one, 0)
                    .is_repeated(Some("ex.com"), "Visit our shop"),
            );
            one.apply(b.delta());
        }
        assert_eq!(in_batch, vec![false, true, true]);
        assert_eq!(in_batch, alone);
        // The exact copy `c` is not counted twice.
        let mut all = LineStats::default();
        all.apply(b.delta());
        assert_eq!(all, one);
        assert_eq!(all.docs, 2);
        assert_eq!(all.counts(Some("ex.com"), "visit our shop"), (2, 2));
    }

    #[test]
    fn host_strips_www_and_port() {
        assert_eq!(
            host_of("https://www.Example.com:8080/a/b").as_deref(),
            Some("example.com")
        );
        assert_eq!(host_of("not a url"), None);
    }
}
