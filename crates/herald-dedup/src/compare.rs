//! Exact comparison of two articles with both texts at hand: the measures on
//! full shingle sets, the relation the rule gives, and the shared passages
//! (maximal runs of shared shingles) as byte spans in both texts.

use herald_core::{Article, RelationType, SharedPassage, Span};
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;

use crate::fingerprint::{MAX_TERMS, outlet_key, sentence_stems};
use crate::relate::{self, Measures, Side};
use crate::sketch::{self, SHINGLE};
use crate::text::{self, Token};

/// How two articles relate, with the evidence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    /// `None` when they are unrelated.
    #[serde(rename = "type")]
    pub kind: Option<RelationType>,
    pub score: f64,
    pub measures: Measures,
    /// Shared passages: `this` in `a`, `other` in `b`, in `a`'s order.
    pub passages: Vec<SharedPassage>,
    /// Likely origin (an article id) when related.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub origin: Option<String>,
    /// One line for people.
    pub summary: String,
}

/// Compares `a` with `b` (`a` counts as seen first when nothing else tells
/// the origin). Pure; never panics.
pub fn compare(a: &Article, b: &Article) -> Comparison {
    let (ta, tb) = (text::tokenize(&a.text), text::tokenize(&b.text));
    let (sa, sb) = (sketch::shingles(&ta), sketch::shingles(&tb));
    let set_a: FxHashSet<u64> = sa.iter().map(|s| s.hash).collect();
    let set_b: FxHashSet<u64> = sb.iter().map(|s| s.hash).collect();
    let inter = set_a.intersection(&set_b).count();
    let union = set_a.len() + set_b.len() - inter;
    let (small, large) = if sa.len() <= sb.len() {
        (set_a.len(), sa.len().max(sb.len()))
    } else {
        (set_b.len(), sa.len().max(sb.len()))
    };
    let small_pos = sa.len().min(sb.len());
    let (rewrite, aligned) = relate::align(&sentence_stems(&ta), &sentence_stems(&tb));
    let names = {
        let mut ra = text::rare_terms(&a.text, &ta);
        let mut rb = text::rare_terms(&b.text, &tb);
        ra.truncate(MAX_TERMS);
        rb.truncate(MAX_TERMS);
        relate::shared_sorted(&ra, &rb) as f64 / ra.len().min(rb.len()).max(1) as f64
    };
    let m = Measures {
        exact: !ta.is_empty()
            && herald_core::content_hash(&a.text) == herald_core::content_hash(&b.text),
        jaccard: ratio(inter, union),
        containment: ratio(inter, small),
        size_ratio: ratio(small_pos, large),
        rewrite,
        aligned,
        names,
    };
    let passages = passages(&ta, &sa, &tb, &sb);
    let rel = relate::classify(&m);
    let origin = rel.map(|_| {
        let (ca, cb) = (cite_keys(a), cite_keys(b));
        let side_a = side(a, &ca);
        relate::origin(side_a, side(b, &cb), side_a)
    });
    let origin = origin.flatten();
    let covered: usize = passages.iter().map(|p| p.this.len()).sum();
    let summary = match rel {
        None => format!(
            "unrelated: Jaccard {:.2}, containment {:.2}, {} aligned sentences",
            m.jaccard, m.containment, m.aligned
        ),
        Some((kind, score)) => format!(
            "{} ({score:.2}): Jaccard {:.2}, containment {:.2} at size ratio {:.2}, {} aligned sentences, {:.0}% shared names; {} shared passages covering {} bytes of {}; origin {}",
            kind.as_str(),
            m.jaccard,
            m.containment,
            m.size_ratio,
            m.aligned,
            m.names * 100.0,
            passages.len(),
            covered,
            a.id,
            origin.as_deref().unwrap_or("unknown"),
        ),
    };
    Comparison {
        kind: rel.map(|r| r.0),
        score: rel.map_or(0.0, |r| r.1),
        measures: m,
        passages,
        origin,
        summary,
    }
}

fn ratio(n: usize, d: usize) -> f64 {
    if d == 0 { 0.0 } else { n as f64 / d as f64 }
}

fn cite_keys(a: &Article) -> Vec<u32> {
    let mut c: Vec<u32> = a.cites.iter().map(|c| outlet_key(c)).collect();
    c.sort_unstable();
    c.dedup();
    c
}

fn side<'a>(a: &'a Article, cites: &'a [u32]) -> Side<'a> {
    Side {
        id: &a.id,
        published: a.published.as_deref(),
        site: a.site.as_deref().map_or(0, outlet_key),
        cites,
    }
}

/// Maximal runs of shingles shared in order, as byte spans in both texts.
fn passages(
    ta: &[Token],
    sa: &[sketch::Shingle],
    tb: &[Token],
    sb: &[sketch::Shingle],
) -> Vec<SharedPassage> {
    let mut first_in_b: FxHashMap<u64, usize> = FxHashMap::default();
    for (j, s) in sb.iter().enumerate() {
        first_in_b.entry(s.hash).or_insert(j);
    }
    let k_a = SHINGLE.min(ta.len());
    let k_b = SHINGLE.min(tb.len());
    let mut out: Vec<SharedPassage> = Vec::new();
    let mut i = 0;
    while i < sa.len() {
        let Some(&j) = first_in_b.get(&sa[i].hash) else {
            i += 1;
            continue;
        };
        let mut l = 1;
        while i + l < sa.len() && j + l < sb.len() && sa[i + l].hash == sb[j + l].hash {
            l += 1;
        }
        let span = |t: &[Token], from: usize, to: usize| -> Option<Span> {
            Some(Span::new(
                t.get(from)?.start as usize,
                t.get(to)?.end as usize,
            ))
        };
        if let (Some(this), Some(other)) = (
            span(ta, i, i + l - 1 + k_a - 1),
            span(tb, j, j + l - 1 + k_b - 1),
        ) {
            match out.last_mut() {
                // Overlapping runs in both texts merge into one passage.
                Some(last)
                    if this.start <= last.this.end
                        && other.start <= last.other.end
                        && other.start >= last.other.start =>
                {
                    last.this = last.this.cover(&this);
                    last.other = last.other.cover(&other);
                }
                _ => out.push(SharedPassage { this, other }),
            }
        }
        i += l;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn art(id: &str, text: &str) -> Article {
        Article {
            id: id.into(),
            text: text.into(),
            ..Default::default()
        }
    }

    const BODY: &str = "The central bank raised its main interest rate by half a point on Tuesday, \
        the third increase this year, as inflation stayed well above the target. \
        Officials said further moves would depend on wage growth and energy prices over the winter. \
        Markets had expected the decision, and the currency barely moved after the announcement.";

    #[test]
    fn excerpt_is_contained_with_its_passage() {
        let a = art("a", BODY);
        let cut = BODY.find(" Markets").unwrap_or(BODY.len());
        let b = art("b", &BODY[..cut]);
        let c = compare(&a, &b);
        assert_eq!(c.kind, Some(RelationType::Containment), "{}", c.summary);
        assert_eq!(c.passages.len(), 1);
        let p = &c.passages[0];
        assert_eq!(p.this.slice(&a.text), p.other.slice(&b.text));
        assert_eq!(p.other.slice(&b.text), b.text.trim_end_matches('.'));
        assert_eq!(c.origin.as_deref(), Some("a"));
    }

    #[test]
    fn different_texts_are_unrelated() {
        let b = art(
            "b",
            "Heavy rain closed schools across the northern valley, and the river rose past its flood mark by evening.",
        );
        let c = compare(&art("a", BODY), &b);
        assert_eq!(c.kind, None);
        assert!(c.passages.is_empty());
    }

    #[test]
    fn copies_are_exact_and_fully_shared() {
        let c = compare(&art("a", BODY), &art("b", &BODY.to_uppercase()));
        assert_eq!(c.kind, Some(RelationType::Exact));
        assert_eq!(c.passages.len(), 1);
    }
}
