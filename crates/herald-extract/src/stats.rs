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
        if !self.seen.insert(xxh3_64(doc.body.as_bytes())) {
            return;
        }
        self.docs += 1;
        let mut lines: Vec<u64> = candidate_lines(&doc.body).collect();
        lines.sort_unstable();
        lines.dedup();
        let site = site_key(doc);
        for &h in &lines {
            *self.global.entry(h).or_insert(0) += 1;
        }
        if let Some(site) = site {
            let per = self.sites.entry(site).or_default();
            for &h in &lines {
                *per.entry(h).or_insert(0) += 1;
            }
        }
    }

    /// Documents (overall, on this site) that carry the line.
    pub fn counts(&self, site: Option<&str>, line: &str) -> (u32, u32) {
        let Some(h) = line_hash(line) else {
            return (0, 0);
        };
        let global = self.global.get(&h).copied().unwrap_or(0);
        let local = site
            .and_then(|s| self.sites.get(s))
            .and_then(|m| m.get(&h))
            .copied()
            .unwrap_or(0);
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
    fn host_strips_www_and_port() {
        assert_eq!(
            host_of("https://www.Example.com:8080/a/b").as_deref(),
            Some("example.com")
        );
        assert_eq!(host_of("not a url"), None);
    }
}
