//! Held-out halves and language groups for the WCXB body score, and the
//! per-page lines of `herald eval extract --errors FILE`.
//!
//! A page falls in half `a` or `b` by the low bit of the FNV-1a hash of its
//! id, so the split does not follow the file order (sites cluster by id).
//! Errors are read on half a only; half b confirms a change.

use std::io::Write;
use std::path::Path;

use serde::Serialize;

use crate::eval::{EvalError, aggregate};

/// `a` or `b`: the half a page id falls in.
pub fn half(id: &str) -> char {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in id.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    if h & 1 == 0 { 'a' } else { 'b' }
}

/// Mean precision, mean recall and F1 of a group of pages.
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq)]
pub struct Group {
    pub pages: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

/// The body score per half and per language of the gold body.
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq)]
pub struct Split {
    pub half_a: Group,
    pub half_b: Group,
    pub english: Group,
    pub non_english: Group,
}

/// One page's body score, with the texts to read its errors.
#[derive(Debug, Clone, Serialize)]
pub struct PageScore {
    pub id: String,
    pub half: char,
    /// ISO 639-1 of the gold body, when the detector is confident.
    pub lang: Option<String>,
    pub url: Option<String>,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    /// Normalised (tp, fp, fn) as the aggregate takes them.
    #[serde(skip)]
    pub counts: (f64, f64, f64),
    pub gold: String,
    pub text: String,
}

impl PageScore {
    pub fn new(
        id: &str,
        url: Option<&str>,
        gold: &str,
        text: &str,
        counts: (f64, f64, f64),
    ) -> Self {
        let (tp, fp, fnn) = counts;
        let ratio = |a: f64, b: f64| if a + b > 0.0 { a / (a + b) } else { 0.0 };
        let (precision, recall) = (ratio(tp, fp), ratio(tp, fnn));
        let f1 = if precision + recall > 0.0 {
            2.0 * precision * recall / (precision + recall)
        } else {
            0.0
        };
        Self {
            id: id.to_string(),
            half: half(id),
            lang: crate::lang::detect(gold),
            url: url.map(str::to_string),
            precision,
            recall,
            f1,
            counts,
            gold: gold.to_string(),
            text: text.to_string(),
        }
    }
}

fn group<'a>(pages: impl Iterator<Item = &'a PageScore>) -> Group {
    let scores: Vec<(f64, f64, f64)> = pages.map(|p| p.counts).collect();
    let (precision, recall, f1) = aggregate(&scores);
    Group {
        pages: scores.len(),
        precision,
        recall,
        f1,
    }
}

/// Scores per half and per language (English or not; undetected counts as
/// not English).
pub fn split(pages: &[PageScore]) -> Split {
    let en = |p: &&PageScore| p.lang.as_deref() == Some("en");
    Split {
        half_a: group(pages.iter().filter(|p| p.half == 'a')),
        half_b: group(pages.iter().filter(|p| p.half == 'b')),
        english: group(pages.iter().filter(en)),
        non_english: group(pages.iter().filter(|p| !en(p))),
    }
}

/// Writes one JSON line per page, worst F1 first.
pub fn write_errors(path: &Path, pages: &[PageScore]) -> Result<(), EvalError> {
    let io = |source| EvalError::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut sorted: Vec<&PageScore> = pages.iter().collect();
    sorted.sort_by(|a, b| a.f1.total_cmp(&b.f1).then_with(|| a.id.cmp(&b.id)));
    let mut f = std::io::BufWriter::new(std::fs::File::create(path).map_err(io)?);
    for p in sorted {
        let line = serde_json::to_string(p).map_err(|e| io(std::io::Error::other(e)))?;
        writeln!(f, "{line}").map_err(io)?;
    }
    f.flush().map_err(io)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn halves_are_stable_and_both_used() {
        assert_eq!(half("0001"), half("0001"));
        let ids: Vec<String> = (1..=100).map(|i| format!("{i:04}")).collect();
        let a = ids.iter().filter(|i| half(i) == 'a').count();
        assert!((30..=70).contains(&a), "{a}");
    }

    #[test]
    fn split_groups_by_half_and_language() {
        let en = "The town council voted on Tuesday to build a new flood barrier along the river, \
                  ending months of debate about what it would cost and how it should look.";
        let de = "Der Stadtrat hat am Dienstag beschlossen, einen neuen Hochwasserschutz am Fluss \
                  zu bauen, und damit einen monatelangen Streit über die Kosten beendet.";
        let pages: Vec<PageScore> = (1..=20)
            .map(|i| {
                let gold = if i % 2 == 0 { en } else { de };
                PageScore::new(&format!("{i:04}"), None, gold, gold, (1.0, 0.0, 0.0))
            })
            .collect();
        let s = split(&pages);
        assert_eq!(s.half_a.pages + s.half_b.pages, 20);
        assert_eq!(s.english.pages, 10);
        assert_eq!(s.non_english.pages, 10);
        assert_eq!(s.english.f1, 1.0);
        assert_eq!(pages[0].f1, 1.0);
    }
}
