//! Clean bodies through the plain-text path (`herald eval extract --clean`):
//! text that is already an article body must come through whole, and the
//! same input must give the same text whatever else arrives with it.
//!
//! Each WCXB gold body (`ground_truth.main_content`, with the page's URL so
//! the site is known) is extracted four ways: alone, all in one batch, in a
//! shuffled order of small batches, and in one batch next to its copies (an
//! exact copy on the same site, a copy wrapped in another site's chrome and
//! a copy with its lines re-wrapped at 60 characters). `kept` is the mean
//! share of the body's words that survive (bag of words, capped at 1);
//! `identical` the share of bodies whose text is byte-identical in all four.

use std::collections::HashMap;
use std::path::Path;

use herald_core::{Article, Format, RawDoc};
use serde::Serialize;

use crate::Extractor;
use crate::eval::{EvalError, json_files, read_json, tokens};

/// Words kept and determinism on clean bodies.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CleanReport {
    pub benchmark: String,
    pub bodies: usize,
    /// Mean share of each body's words kept (alone).
    pub kept: f64,
    /// Bodies that lost more than a fifth of their words.
    pub lost_fifth: usize,
    /// Share of bodies with byte-identical text alone, in a batch, shuffled
    /// and next to their copies.
    pub identical: f64,
    /// Removed words by reason, over all bodies (alone).
    pub removed_words: HashMap<String, usize>,
    /// The same figures on the two halves (by file name parity).
    pub kept_half_a: f64,
    pub kept_half_b: f64,
}

/// Reads the WCXB gold bodies of `dir` (`ground-truth/*.json`) as plain
/// text documents with their page URL.
pub fn wcxb_bodies(dir: &Path) -> Result<Vec<RawDoc>, EvalError> {
    let gt = dir.join("ground-truth");
    if !gt.is_dir() {
        return Err(EvalError::Missing(gt));
    }
    let mut docs = Vec::new();
    for p in json_files(&gt)? {
        let v = read_json(&p)?;
        let body = v["ground_truth"]["main_content"].as_str().unwrap_or("");
        if body.trim().is_empty() {
            continue;
        }
        let stem = p.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
        let mut d = RawDoc::new(stem, stem, Format::Text, body);
        d.url = v["url"].as_str().map(str::to_string);
        docs.push(d);
    }
    Ok(docs)
}

/// Share of `gold`'s words (bag of words) found in `text`.
pub fn words_kept(gold: &str, text: &str) -> f64 {
    let mut g: HashMap<String, i64> = HashMap::new();
    for t in tokens(gold) {
        *g.entry(t.to_lowercase()).or_insert(0) += 1;
    }
    let total: i64 = g.values().sum();
    if total == 0 {
        return 1.0;
    }
    for t in tokens(text) {
        if let Some(c) = g.get_mut(&t.to_lowercase()) {
            *c -= 1;
        }
    }
    let missing: i64 = g.values().map(|&c| c.max(0)).sum();
    (total - missing) as f64 / total as f64
}

fn batch(docs: &[RawDoc]) -> Vec<Article> {
    let mut ex = Extractor::new();
    ex.observe(docs);
    docs.iter().map(|d| ex.process(d)).collect()
}

/// The copies a syndicated body meets: the same bytes under another id, the
/// body in another site's chrome, the body re-wrapped at 60 characters.
pub fn copies_of(d: &RawDoc, n: usize) -> Vec<RawDoc> {
    let mut exact = d.clone();
    exact.id = format!("{}~copy", d.id);
    let mut chrome = d.clone();
    chrome.id = format!("{}~synd", d.id);
    chrome.url = Some(format!("https://syndicate{}.example/story/{n}", n % 7));
    chrome.body = format!(
        "Syndicate News Network\nHome | World | Business | Sport\n\n{}\n\nShare this story\nMore from Syndicate News Network\n© 2026 Syndicate News Network",
        d.body
    );
    let mut wrapped = d.clone();
    wrapped.id = format!("{}~wrap", d.id);
    wrapped.body = rewrap(&d.body, 60);
    vec![exact, chrome, wrapped]
}

/// Re-wraps each paragraph at `width` characters (blank lines kept).
pub fn rewrap(body: &str, width: usize) -> String {
    let mut out = String::with_capacity(body.len() + body.len() / width);
    for (i, para) in body.split("\n\n").enumerate() {
        if i > 0 {
            out.push_str("\n\n");
        }
        let mut line = 0;
        for (j, w) in para.split_whitespace().enumerate() {
            if j > 0 {
                if line + 1 + w.len() > width {
                    out.push('\n');
                    line = 0;
                } else {
                    out.push(' ');
                    line += 1;
                }
            }
            out.push_str(w);
            line += w.len();
        }
    }
    out
}

/// The clean-body measurement over `docs` (see the module comment).
pub fn eval_clean(docs: &[RawDoc], benchmark: &str) -> CleanReport {
    let alone: Vec<Article> = docs
        .iter()
        .flat_map(|d| batch(std::slice::from_ref(d)))
        .collect();
    let together = batch(docs);
    // A fixed shuffle (multiplicative hash of the index), in batches of 25.
    let mut order: Vec<usize> = (0..docs.len()).collect();
    order.sort_by_key(|&i| {
        (i as u64)
            .wrapping_mul(0x9E37_79B9_7F4A_7C15)
            .rotate_left(17)
    });
    let mut shuffled: Vec<Option<String>> = vec![None; docs.len()];
    let mut ex = Extractor::new();
    for chunk in order.chunks(25) {
        let part: Vec<RawDoc> = chunk.iter().map(|&i| docs[i].clone()).collect();
        ex.observe(&part);
        for (&i, d) in chunk.iter().zip(&part) {
            shuffled[i] = Some(ex.process(d).text);
        }
    }
    let mut with_copies: Vec<RawDoc> = Vec::with_capacity(docs.len() * 4);
    for (n, d) in docs.iter().enumerate() {
        with_copies.push(d.clone());
        with_copies.extend(copies_of(d, n));
    }
    let copied = batch(&with_copies);

    let mut kept = Vec::with_capacity(docs.len());
    let mut removed_words: HashMap<String, usize> = HashMap::new();
    let mut same = 0;
    for (i, (d, a)) in docs.iter().zip(&alone).enumerate() {
        kept.push(words_kept(&d.body, &a.text));
        for r in &a.removed {
            *removed_words.entry(r.reason.clone()).or_insert(0) += tokens(&r.text).len();
        }
        let ok = together[i].text == a.text
            && shuffled[i].as_deref() == Some(a.text.as_str())
            && copied[i * 4].text == a.text;
        same += usize::from(ok);
    }
    let mean = |xs: &mut dyn Iterator<Item = f64>| {
        let (s, n) = xs.fold((0.0, 0usize), |(s, n), x| (s + x, n + 1));
        if n == 0 { 0.0 } else { s / n as f64 }
    };
    let n = docs.len().max(1) as f64;
    CleanReport {
        benchmark: benchmark.to_string(),
        bodies: docs.len(),
        kept: mean(&mut kept.iter().copied()),
        lost_fifth: kept.iter().filter(|&&k| k < 0.8).count(),
        identical: same as f64 / n,
        removed_words,
        kept_half_a: mean(&mut kept.iter().step_by(2).copied()),
        kept_half_b: mean(&mut kept.iter().skip(1).step_by(2).copied()),
    }
}

/// WCXB dev gold bodies as plain text.
pub fn eval_wcxb_clean(dir: &Path) -> Result<CleanReport, EvalError> {
    let docs = wcxb_bodies(dir)?;
    Ok(eval_clean(&docs, "wcxb-clean-bodies"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_kept_counts_bag_of_words() {
        assert_eq!(words_kept("a b c d", "a b c d"), 1.0);
        assert_eq!(words_kept("a b c d", "a b"), 0.5);
        assert_eq!(words_kept("", "x"), 1.0);
    }

    #[test]
    fn rewrap_keeps_words_and_paragraphs() {
        let body = "one two three four five six seven\n\neight nine";
        let w = rewrap(body, 10);
        assert_eq!(
            w.split_whitespace().collect::<Vec<_>>(),
            body.split_whitespace().collect::<Vec<_>>()
        );
        assert!(w.contains("\n\n"));
        assert!(w.lines().all(|l| l.len() <= 14));
    }
}
