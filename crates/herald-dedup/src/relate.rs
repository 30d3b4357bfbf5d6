//! The decision rule shared by the index and `compare`: from measured
//! overlaps to a relation type and score, and the origin guess.
//!
//! Rule, in order (thresholds chosen on the gold set, see `eval`):
//! 1. **exact** — the normalised texts hash the same;
//! 2. **containment** — at least [`CONTAINMENT_MIN`] of the smaller text's
//!    shingles occur in the larger one, and the smaller has at most
//!    [`CONTAINMENT_MAX_RATIO`] of the larger's shingles (an excerpt, or an
//!    extended version). Score: the containment;
//! 3. **near** — estimated Jaccard ≥ [`NEAR_MIN`] (syndicated copy in other
//!    chrome, light edits, dropped sentences). Score: the Jaccard;
//! 4. **rewrite** — the same story retold: at least [`REWRITE_MIN_SENTENCES`]
//!    sentences of each text find a partner sharing ≥ [`ALIGN_MIN_SHARED`] content
//!    stems and ≥ [`ALIGN_MIN_FRACTION`] of the shorter sentence, covering at
//!    least [`REWRITE_MIN`] of the shorter text's sentences, and the texts share
//!    at least [`REWRITE_MIN_NAMES`] of their rare terms (names, numbers) — which
//!    keeps out articles that only share a boilerplate block ("About the
//!    company…"). Score: the sentence coverage.
//!
//! Each pair is verified on its own measures: a chain A~B~C never implies A~C.

use herald_core::RelationType;

pub const NEAR_MIN: f64 = 0.5;
pub const CONTAINMENT_MIN: f64 = 0.85;
pub const CONTAINMENT_MAX_RATIO: f64 = 0.9;
pub const REWRITE_MIN: f64 = 0.3;
pub const REWRITE_MIN_SENTENCES: usize = 3;
pub const REWRITE_MIN_NAMES: f64 = 0.35;
pub const ALIGN_MIN_SHARED: usize = 5;
pub const ALIGN_MIN_FRACTION: f64 = 0.5;

/// What was measured between two texts.
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize)]
pub struct Measures {
    pub exact: bool,
    /// Jaccard of the shingle sets (estimated or exact).
    pub jaccard: f64,
    /// Share of the smaller text's shingles found in the larger one.
    pub containment: f64,
    /// Smaller / larger shingle count.
    pub size_ratio: f64,
    /// Share of the shorter text's sentences aligned with the other text.
    pub rewrite: f64,
    /// Aligned sentences (the smaller of the two directions).
    pub aligned: usize,
    /// Share of rare terms (names, numbers) the two texts have in common,
    /// over the smaller sampled set.
    pub names: f64,
}

/// Applies the rule; `None` when the texts are unrelated.
pub fn classify(m: &Measures) -> Option<(RelationType, f64)> {
    if m.exact {
        Some((RelationType::Exact, 1.0))
    } else if m.containment >= CONTAINMENT_MIN && m.size_ratio <= CONTAINMENT_MAX_RATIO {
        Some((RelationType::Containment, m.containment))
    } else if m.jaccard >= NEAR_MIN {
        Some((RelationType::Near, m.jaccard))
    } else if m.rewrite >= REWRITE_MIN
        && m.aligned >= REWRITE_MIN_SENTENCES
        && m.names >= REWRITE_MIN_NAMES
    {
        Some((RelationType::Rewrite, m.rewrite))
    } else {
        None
    }
}

/// Number of shared elements of two sorted, deduplicated slices.
pub(crate) fn shared_sorted<T: Ord>(a: &[T], b: &[T]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// Sentence alignment for rewrites: (coverage of the shorter side, aligned
/// sentences). Sentences are sorted stem lists.
pub(crate) fn align<T: Ord + Copy + Into<u64>, S: AsRef<[T]>>(a: &[S], b: &[S]) -> (f64, usize) {
    if a.is_empty() || b.is_empty() {
        return (0.0, 0);
    }
    // 64-bit masks skip most sentence pairs before the exact merge.
    fn mask<T: Copy + Into<u64>>(s: &[T]) -> u64 {
        s.iter().fold(0, |m, &x| {
            m | 1u64 << (x.into().wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 58)
        })
    }
    let ma: Vec<u64> = a.iter().map(|x| mask(x.as_ref())).collect();
    let mb: Vec<u64> = b.iter().map(|y| mask(y.as_ref())).collect();
    let mut hit_a = vec![false; a.len()];
    let mut hit_b = vec![false; b.len()];
    for (i, x) in a.iter().enumerate() {
        let x = x.as_ref();
        for (j, y) in b.iter().enumerate() {
            if ((ma[i] & mb[j]).count_ones() as usize) < ALIGN_MIN_SHARED {
                continue;
            }
            let y = y.as_ref();
            let shared = shared_sorted(x, y);
            if shared >= ALIGN_MIN_SHARED
                && shared as f64 >= ALIGN_MIN_FRACTION * x.len().min(y.len()) as f64
            {
                hit_a[i] = true;
                hit_b[j] = true;
            }
        }
    }
    let na = hit_a.iter().filter(|h| **h).count();
    let nb = hit_b.iter().filter(|h| **h).count();
    let aligned = na.min(nb);
    (aligned as f64 / a.len().min(b.len()) as f64, aligned)
}

/// One side of a pair, for the origin guess.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Side<'a> {
    pub id: &'a str,
    pub published: Option<&'a str>,
    pub site: u32,
    pub cites: &'a [u32],
}

/// The likely origin of a pair: the earlier publication date; else the one
/// whose outlet the other cites; else `earlier` (the one seen first).
pub(crate) fn origin(a: Side<'_>, b: Side<'_>, earlier: Side<'_>) -> Option<String> {
    if let (Some(pa), Some(pb)) = (a.published, b.published) {
        match cmp_dates(pa, pb) {
            std::cmp::Ordering::Less => return Some(a.id.to_string()),
            std::cmp::Ordering::Greater => return Some(b.id.to_string()),
            std::cmp::Ordering::Equal => {}
        }
    }
    let cites = |x: Side<'_>, y: Side<'_>| y.site != 0 && x.cites.binary_search(&y.site).is_ok();
    match (cites(a, b), cites(b, a)) {
        (true, false) => Some(b.id.to_string()),
        (false, true) => Some(a.id.to_string()),
        _ => Some(earlier.id.to_string()),
    }
}

/// Compares ISO 8601 dates: the day first, then the full stamp when both carry a time.
fn cmp_dates(a: &str, b: &str) -> std::cmp::Ordering {
    let (da, db) = (a.get(..10).unwrap_or(a), b.get(..10).unwrap_or(b));
    da.cmp(db).then_with(|| {
        if a.len() > 10 && b.len() > 10 {
            a.cmp(b)
        } else {
            std::cmp::Ordering::Equal
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_order_is_exact_containment_near_rewrite() {
        let m = Measures {
            exact: true,
            ..Default::default()
        };
        assert_eq!(classify(&m).map(|r| r.0), Some(RelationType::Exact));
        let m = Measures {
            jaccard: 0.4,
            containment: 0.97,
            size_ratio: 0.4,
            ..Default::default()
        };
        assert_eq!(classify(&m).map(|r| r.0), Some(RelationType::Containment));
        // Same containment at nearly equal sizes is a near duplicate.
        let m = Measures {
            jaccard: 0.93,
            containment: 0.99,
            size_ratio: 0.95,
            ..Default::default()
        };
        assert_eq!(classify(&m).map(|r| r.0), Some(RelationType::Near));
        let m = Measures {
            jaccard: 0.05,
            rewrite: 0.5,
            aligned: 6,
            names: 0.5,
            ..Default::default()
        };
        assert_eq!(classify(&m).map(|r| r.0), Some(RelationType::Rewrite));
        // Aligned sentences without shared names: a shared boilerplate block.
        let m = Measures { names: 0.1, ..m };
        assert_eq!(classify(&m), None);
        assert_eq!(classify(&Measures::default()), None);
    }

    #[test]
    fn alignment_needs_shared_content_in_several_sentences() {
        let a = vec![
            vec![1u16, 2, 3, 4, 5, 6],
            vec![10, 11, 12, 13, 14],
            vec![20, 21, 22, 23],
        ];
        let b = vec![
            vec![1u16, 2, 3, 4, 5, 9],
            vec![10, 11, 12, 13, 14, 15],
            vec![30, 31, 32, 33],
        ];
        let (cov, n) = align(&a, &b);
        assert_eq!(n, 2);
        assert!((cov - 2.0 / 3.0).abs() < 1e-9);
    }

    #[test]
    fn origin_prefers_dates_then_citations_then_arrival() {
        let a = Side {
            id: "a",
            published: Some("2014-12-15"),
            site: 1,
            cites: &[2],
        };
        let b = Side {
            id: "b",
            published: Some("2014-12-14T08:00"),
            site: 2,
            cites: &[],
        };
        assert_eq!(origin(a, b, a).as_deref(), Some("b"));
        let a = Side {
            published: None,
            ..a
        };
        assert_eq!(origin(a, b, a).as_deref(), Some("b")); // a cites b's outlet
        let b = Side { site: 3, ..b };
        assert_eq!(origin(a, b, a).as_deref(), Some("a")); // arrival
    }
}
