//! Site line statistics: how many distinct articles of a site carry each
//! normalised line. Site chrome repeats across a site's articles; article
//! sentences rarely do.
//!
//! Three rules keep the statistics from eating article text:
//! * lines are counted per site (metadata site, else URL host) only: two
//!   outlets carrying the same wire story share its lines, not their chrome;
//! * copies count once: each document joins a *content group* (MinHash of its
//!   word 4-shingles, so re-wrapped lines and other chrome do not matter, in
//!   LSH bands), and a line counts once per group, never once per copy;
//! * a document without a site learns nothing and loses nothing to
//!   repetition, so the same text alone or in any batch comes out the same.
//!
//! Inside the pipeline the outcome does not depend on where batches are cut
//! either: [`LineStats::batch`] judges document `i` of a batch on the
//! statistics before the batch plus documents `0..=i` of it, exactly as if
//! they had been observed one at a time, and the batch's observations are
//! saved as a [`LineDelta`] (body hash, site, band keys, line hashes per
//! document, in arrival order) that [`LineStats::apply`] replays, assigning
//! the same content groups.

use std::collections::{HashMap, HashSet};

use herald_core::RawDoc;
use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::xxh3_64;

/// Lines longer than this (in words) are never counted: chrome is short, and
/// long lines shared by documents are quotes or syndicated copies, which the
/// dedup stage handles.
pub(crate) const MAX_CHROME_WORDS: usize = 14;
/// Content groups of a site that must carry a line before it is chrome.
const REPEAT_GROUPS: usize = 2;
/// MinHash bands × rows per band: documents whose word shingles overlap by a
/// Jaccard of 0.8 share a band with probability 0.99, at 0.5 with 0.55, at
/// 0.1 (two articles under the same chrome) with 0.006.
const BANDS: usize = 6;
const ROWS: usize = 3;
const SHINGLE: usize = 4;

/// Repeated-line statistics per site, learned incrementally and persisted by
/// the store between runs.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct LineStats {
    /// Documents observed (distinct bodies).
    #[serde(default)]
    pub docs: u64,
    /// Site → its lines and content groups.
    #[serde(default)]
    pub site_lines: HashMap<String, SiteLines>,
    /// Hashes of bodies already counted, so re-observing a document (a
    /// re-run, an exact duplicate) does not count it twice.
    #[serde(default)]
    pub seen: HashSet<u64>,
}

/// One site's statistics.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct SiteLines {
    /// Normalised-line hash → the content groups carrying it (at most
    /// [`REPEAT_GROUPS`] kept: more changes nothing).
    #[serde(default)]
    pub lines: HashMap<u64, Vec<u32>>,
    /// MinHash band key → the content group first seen with it.
    #[serde(default)]
    pub bands: HashMap<u64, u32>,
    /// Content groups founded so far.
    #[serde(default)]
    pub groups: u32,
}

impl LineStats {
    /// Counts the short lines of one document (each line once per content
    /// group of its site). Documents without a site are not counted.
    pub fn observe_doc(&mut self, doc: &RawDoc) {
        let Some(site) = site_key(doc) else {
            return;
        };
        let body = xxh3_64(doc.body.as_bytes());
        if self.seen.contains(&body) {
            return;
        }
        self.observe_parts(body, &site, &band_keys(&doc.body), &doc_lines(doc));
    }

    /// Counts one document given as its body hash, site, band keys and
    /// distinct line hashes (what [`LineDelta`] records). Content groups
    /// are assigned in arrival order, so replaying the same observations
    /// gives the same groups.
    fn observe_parts(&mut self, body: u64, site: &str, keys: &[u64], lines: &[u64]) {
        if !self.seen.insert(body) {
            return;
        }
        self.docs += 1;
        let per = self.site_lines.entry(site.to_string()).or_default();
        let group = match keys.iter().filter_map(|k| per.bands.get(k)).min() {
            Some(&g) => g,
            None => {
                per.groups += 1;
                per.groups
            }
        };
        for &k in keys {
            per.bands.entry(k).or_insert(group);
        }
        for &h in lines {
            let gs = per.lines.entry(h).or_default();
            if gs.len() < REPEAT_GROUPS && !gs.contains(&group) {
                gs.push(group);
            }
        }
    }

    /// Applies the observations of one batch, in their order.
    pub fn apply(&mut self, delta: &LineDelta) {
        // Deltas saved before content groups: each document its own group.
        for (body, site, lines) in &delta.docs {
            if let Some(site) = site {
                self.observe_parts(*body, site, &[], lines);
            }
        }
        for (body, site, keys, lines) in &delta.sites {
            self.observe_parts(*body, site, keys, lines);
        }
    }

    /// Distinct content groups of the site that carry the line.
    pub fn groups(&self, site: Option<&str>, line: &str) -> usize {
        self.view().groups(site, line)
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
    /// ([`BatchLines::view`]), the same content groups and counts that
    /// observing them one at a time gives, so the outcome does not depend
    /// on where batches are cut. [`LineStats::apply`] with
    /// [`BatchLines::delta`] makes the batch part of the statistics.
    /// Only plain-text documents with a site are noted.
    pub fn batch<'a>(&self, docs: impl IntoIterator<Item = &'a RawDoc>) -> BatchLines {
        let mut out = BatchLines::default();
        let mut seen_here: HashSet<u64> = HashSet::new();
        for (i, doc) in docs.into_iter().enumerate() {
            if doc.format != herald_core::Format::Text {
                continue;
            }
            let Some(site) = site_key(doc) else {
                continue;
            };
            let body = xxh3_64(doc.body.as_bytes());
            if self.seen.contains(&body) || !seen_here.insert(body) {
                continue;
            }
            let keys = band_keys(&doc.body);
            let lines = doc_lines(doc);
            let base = self.site_lines.get(&site);
            let over = out.sites.entry(site.clone()).or_default();
            // The group sequential observation would assign.
            let known = keys
                .iter()
                .filter_map(|k| {
                    let b = base.and_then(|s| s.bands.get(k));
                    let o = over.bands.get(k);
                    b.into_iter().chain(o).min().copied()
                })
                .min();
            let group = match known {
                Some(g) => g,
                None => {
                    over.founded += 1;
                    base.map_or(0, |s| s.groups) + over.founded
                }
            };
            for &k in &keys {
                if base.is_none_or(|s| !s.bands.contains_key(&k)) {
                    over.bands.entry(k).or_insert(group);
                }
            }
            let i = i as u32;
            for &h in &lines {
                let had: &[u32] = base
                    .and_then(|s| s.lines.get(&h))
                    .map_or(&[], Vec::as_slice);
                let added = over.lines.entry(h).or_default();
                let present = had.len() + added.len();
                if present < REPEAT_GROUPS
                    && !had.contains(&group)
                    && !added.iter().any(|&(_, g)| g == group)
                {
                    added.push((i, group));
                }
            }
            out.delta.sites.push((body, site, keys, lines));
        }
        out
    }
}

/// The documents of one batch, as [`LineStats::batch`] noted them.
#[derive(Debug, Default)]
pub struct BatchLines {
    /// Site → what the batch adds to its statistics.
    sites: HashMap<String, BatchSite>,
    delta: LineDelta,
}

/// What a batch adds to one site's statistics, by batch position.
#[derive(Debug, Default)]
struct BatchSite {
    /// Line hash → (batch position, content group) each time the line
    /// gained a group (ascending positions).
    lines: HashMap<u64, Vec<(u32, u32)>>,
    /// Band keys first seen in the batch → their content group.
    bands: HashMap<u64, u32>,
    /// Content groups founded in the batch.
    founded: u32,
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
/// exactly what was learned: `(body hash, site, band keys, distinct line
/// hashes)` per newly seen plain-text document with a site, in arrival
/// order.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct LineDelta {
    /// Deltas saved before content groups: `(body hash, site, line hashes)`.
    /// Read, never written.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub docs: Vec<(u64, Option<String>, Vec<u64>)>,
    #[serde(default)]
    pub sites: Vec<(u64, String, Vec<u64>, Vec<u64>)>,
}

impl LineDelta {
    pub fn is_empty(&self) -> bool {
        self.docs.is_empty() && self.sites.is_empty()
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
    /// Distinct content groups of the site that carry the line.
    pub fn groups(&self, site: Option<&str>, line: &str) -> usize {
        let (Some(h), Some(site)) = (line_hash(line), site) else {
            return 0;
        };
        let mut n = self
            .base
            .site_lines
            .get(site)
            .and_then(|m| m.lines.get(&h))
            .map_or(0, Vec::len);
        if let Some((b, i)) = self.batch {
            n += b
                .sites
                .get(site)
                .and_then(|m| m.lines.get(&h))
                .map_or(0, |v| v.partition_point(|&(p, _)| p <= i));
        }
        n
    }

    /// True when the line is chrome by repetition: carried by two distinct
    /// articles (content groups) of its site.
    pub fn is_repeated(&self, site: Option<&str>, line: &str) -> bool {
        self.groups(site, line) >= REPEAT_GROUPS
    }
}

/// Distinct short-line hashes of one document.
fn doc_lines(doc: &RawDoc) -> Vec<u64> {
    let mut lines: Vec<u64> = candidate_lines(&doc.body).collect();
    lines.sort_unstable();
    lines.dedup();
    lines
}

/// LSH band keys of a body's MinHash over word shingles (normalised words,
/// so wrapping, case and punctuation do not matter). Empty for a body
/// without words.
fn band_keys(body: &str) -> Vec<u64> {
    let norm = herald_core::normalize_for_hash(body);
    let words: Vec<&str> = norm.split(' ').filter(|w| !w.is_empty()).collect();
    if words.is_empty() {
        return Vec::new();
    }
    let n = SHINGLE.min(words.len());
    let mut mins = [u64::MAX; BANDS * ROWS];
    for w in words.windows(n) {
        let h = xxh3_64(w.join(" ").as_bytes());
        for (i, m) in mins.iter_mut().enumerate() {
            let x = (h ^ SEEDS[i]).wrapping_mul(0x9E37_79B9_7F4A_7C15);
            let x = x ^ (x >> 29);
            if x < *m {
                *m = x;
            }
        }
    }
    mins.chunks(ROWS)
        .enumerate()
        .map(|(b, rows)| {
            let mut bytes = Vec::with_capacity(8 * (ROWS + 1));
            bytes.extend_from_slice(&(b as u64).to_le_bytes());
            for r in rows {
                bytes.extend_from_slice(&r.to_le_bytes());
            }
            xxh3_64(&bytes)
        })
        .collect()
}

const SEEDS: [u64; BANDS * ROWS] = [
    0x243F_6A88_85A3_08D3,
    0x1319_8A2E_0370_7344,
    0xA409_3822_299F_31D0,
    0x082E_FA98_EC4E_6C89,
    0x4528_21E6_38D0_1377,
    0xBE54_66CF_34E9_0C6C,
    0xC0AC_29B7_C97C_50DD,
    0x3F84_D5B5_B547_0917,
    0x9216_D5D9_8979_FB1B,
    0xD131_0BA6_98DF_B5AC,
    0x2FFD_72DB_D01A_DFB7,
    0xB8E1_AFED_6A26_7E96,
    0xBA7C_9045_F12C_7F99,
    0x24A1_9947_B391_6CF7,
    0x0801_F2E2_858E_FC16,
    0x6369_20D8_7157_4E69,
    0xA458_FEA3_F493_3D7E,
    0x0D95_748F_728E_B658,
];

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
        assert_eq!(s.groups(Some("ex.com"), "sign in!"), 1);
    }

    #[test]
    fn repetition_per_site_only() {
        let mut s = LineStats::default();
        s.observe_doc(&doc(
            "a",
            "ex.com",
            "Visit Our Shop\nThe mayor resigned on Monday after a long row.",
        ));
        assert!(!s.is_repeated(Some("ex.com"), "Visit Our Shop"));
        s.observe_doc(&doc(
            "b",
            "ex.com",
            "Visit our shop\nRain fell all day in the hills above the town.",
        ));
        assert!(s.is_repeated(Some("ex.com"), "Visit Our Shop"));
        assert!(!s.is_repeated(None, "Visit Our Shop"));
        assert!(!s.is_repeated(Some("other.com"), "Visit Our Shop"));
        assert!(!s.is_repeated(
            Some("ex.com"),
            "The mayor resigned on Monday after a long row."
        ));
        // Another site carrying the same line is no evidence for this one.
        let mut s = LineStats::default();
        s.observe_doc(&doc("a", "ex.com", "Visit Our Shop\nThe mayor resigned."));
        s.observe_doc(&doc("b", "other.com", "Visit Our Shop\nRain fell."));
        assert!(!s.is_repeated(Some("ex.com"), "Visit Our Shop"));
    }

    #[test]
    fn copies_count_once() {
        let body = "Council Approves Barrier\n\nThe town council voted on Tuesday to build a new flood barrier along the river, ending months of debate about its cost.\n\nWhat happens next\n\nWork starts in spring, and the barrier should be finished within two years, officials said.";
        let wrapped = crate::eval_clean::rewrap(body, 40);
        let mut s = LineStats::default();
        s.observe_doc(&doc("a", "ex.com", body));
        s.observe_doc(&doc("b", "ex.com", &wrapped));
        s.observe_doc(&doc(
            "c",
            "ex.com",
            &format!("Home | News\n{body}\nShare this"),
        ));
        assert_eq!(s.docs, 3);
        assert!(!s.is_repeated(Some("ex.com"), "What happens next"));
        assert!(!s.is_repeated(Some("ex.com"), "Council Approves Barrier"));
    }

    #[test]
    fn documents_without_site_learn_nothing() {
        let mut s = LineStats::default();
        s.observe_doc(&RawDoc::new("a", "a", Format::Text, "Menu\nText one."));
        s.observe_doc(&RawDoc::new("b", "b", Format::Text, "Menu\nText two."));
        assert_eq!(s.docs, 0);
        assert!(!s.is_repeated(None, "Menu"));
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
            doc(
                "a",
                "ex.com",
                "Visit our shop\nThe mayor resigned on Monday after a long row.",
            ),
            doc(
                "b",
                "ex.com",
                "Visit our shop\nRain fell all day in the hills above the town.",
            ),
            doc(
                "c",
                "ex.com",
                "Visit our shop\nRain fell all day in the hills above the town.",
            ),
            doc(
                "d",
                "other.com",
                "Visit our shop\nA ferry ran aground near the harbour wall.",
            ),
        ];
        // One batch of four, seen from each position...
        let s = LineStats::default();
        let b = s.batch(&docs);
        let judge =
            |v: LineView<'_>, d: &RawDoc| v.is_repeated(site_key(d).as_deref(), "Visit our shop");
        let in_batch: Vec<bool> = docs
            .iter()
            .enumerate()
            .map(|(i, d)| judge(b.view(&s, i), d))
            .collect();
        // ...equals one document at a time.
        let mut one = LineStats::default();
        let mut alone = Vec::new();
        for d in &docs {
            let b = one.batch(std::slice::from_ref(d));
            alone.push(judge(b.view(&one, 0), d));
            one.apply(b.delta());
        }
        assert_eq!(in_batch, vec![false, true, true, false]);
        assert_eq!(in_batch, alone);
        // The exact copy `c` is not counted twice; applying equals observing.
        let mut all = LineStats::default();
        all.apply(b.delta());
        assert_eq!(all, one);
        let mut seq = LineStats::default();
        for d in &docs {
            seq.observe_doc(d);
        }
        assert_eq!(all, seq);
        assert_eq!(all.docs, 3);
        assert_eq!(all.groups(Some("ex.com"), "visit our shop"), 2);
        assert_eq!(all.groups(Some("other.com"), "visit our shop"), 1);
    }

    #[test]
    fn a_batch_counts_copies_once_at_every_cut() {
        let body = "Council Approves Barrier\n\nThe town council voted on Tuesday to build a new flood barrier along the river, ending months of debate about its cost.\n\nWhat happens next\n\nWork starts in spring, and the barrier should be finished within two years, officials said.";
        let wrapped = crate::eval_clean::rewrap(body, 40);
        let docs = [
            doc(
                "a",
                "ex.com",
                "Menu\nRain fell all day in the hills above the town, forecasters said.",
            ),
            doc("b", "ex.com", body),
            doc("c", "ex.com", &wrapped),
            doc("d", "ex.com", &format!("Menu\n{body}\nShare this")),
            doc(
                "e",
                "ex.com",
                "Menu\nA ferry ran aground near the harbour wall on Sunday night.",
            ),
        ];
        let lines = ["Menu", "What happens next", "Council Approves Barrier"];
        let judge = |v: LineView<'_>| lines.map(|l| v.groups(Some("ex.com"), l));
        // Sequential, one document per batch.
        let mut seq = LineStats::default();
        let mut want = Vec::new();
        for d in &docs {
            let b = seq.batch(std::slice::from_ref(d));
            want.push(judge(b.view(&seq, 0)));
            seq.apply(b.delta());
        }
        assert_eq!(want[4], [2, 1, 1]);
        // Every cut into two batches gives the same counts and statistics.
        for cut in 0..=docs.len() {
            let mut s = LineStats::default();
            let mut got = Vec::new();
            for part in [&docs[..cut], &docs[cut..]] {
                let b = s.batch(part);
                got.extend((0..part.len()).map(|i| judge(b.view(&s, i))));
                s.apply(b.delta());
            }
            assert_eq!(got, want, "cut at {cut}");
            assert_eq!(s, seq, "cut at {cut}");
        }
    }

    #[test]
    fn deltas_round_trip_and_old_deltas_still_apply() {
        let s = LineStats::default();
        let b = s.batch(&[doc("a", "ex.com", "Menu\nText one.")]);
        let json = serde_json::to_string(b.delta()).unwrap_or_default();
        let back: LineDelta = serde_json::from_str(&json).unwrap_or_default();
        assert_eq!(&back, b.delta());
        let old: LineDelta =
            serde_json::from_str(r#"{"docs":[[1,"ex.com",[7]],[2,"ex.com",[7]],[3,null,[7]]]}"#)
                .unwrap_or_default();
        let mut s = LineStats::default();
        s.apply(&old);
        assert_eq!(s.docs, 2);
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
