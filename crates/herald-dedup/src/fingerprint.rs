//! The per-article fingerprint: everything the index needs to relate an
//! article to others without its text. Pure and cheap (one pass of
//! tokenising, one hash per shingle), so the pipeline computes it in parallel.

use herald_core::Article;
use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::xxh3_64;

use crate::sketch::{self, Shingle};
use crate::text::{self, Token};

/// Rare terms kept per article (the smallest hashes: a consistent sample).
pub const MAX_TERMS: usize = 48;
/// Sentences kept for rewrite alignment, and content stems kept per sentence.
pub const MAX_SENTENCES: usize = 96;
pub const MAX_STEMS: usize = 32;
/// A sentence takes part in rewrite alignment from this many content stems.
pub const MIN_SENTENCE_STEMS: usize = 4;

/// A sampled shingle: its hash (32 bits) and the byte span it covers, which
/// anchors evidence without the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sample {
    pub hash: u32,
    pub start: u32,
    pub end: u32,
}

/// Everything the index keeps about one article; computed in parallel
/// (pure), persisted by the store, re-inserted on restart.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Fingerprint {
    /// `herald_core::content_hash` of the text: the exact-duplicate key.
    pub hash: String,
    /// Number of word shingles (the size used for containment ratios).
    #[serde(default)]
    pub shingles: u32,
    /// One-permutation MinHash, 128 values × 16 bits (empty for word-less text).
    #[serde(default)]
    pub minhash: Vec<u16>,
    /// Shingles whose hash falls in the 1/16 sample, sorted by hash.
    #[serde(default)]
    pub sample: Vec<Sample>,
    /// Up to 48 rare-term hashes (names, numbers, name pairs), sorted.
    #[serde(default)]
    pub terms: Vec<u32>,
    /// Per sentence (with ≥ 4 content words) its sorted 16-bit content stems.
    #[serde(default)]
    pub sentences: Vec<Vec<u16>>,
    /// Normalised site and cited outlets (hashes), for the origin guess.
    #[serde(default)]
    pub site: u32,
    #[serde(default)]
    pub cites: Vec<u32>,
}

/// Normalises an outlet name or domain so that "www.rt.com", "RT" and
/// "rt" meet; "The Washington Post" and "washingtonpost.com" too.
pub fn outlet_key(name: &str) -> u32 {
    let lower = name.trim().to_lowercase();
    let mut s = lower.as_str();
    for p in ["https://", "http://", "www.", "the "] {
        s = s.strip_prefix(p).unwrap_or(s);
    }
    let s = if !s.contains(' ') {
        s.split('.').next().unwrap_or(s)
    } else {
        s
    };
    let key: String = s.chars().filter(|c| c.is_alphanumeric()).collect();
    if key.is_empty() {
        0
    } else {
        text::mix32(xxh3_64(key.as_bytes()))
    }
}

/// Computes the fingerprint of one article.
pub fn fingerprint(article: &Article) -> Fingerprint {
    let text = article.text.as_str();
    let (tokens, hash) = text::tokenize_hashed(text);
    let shingles = sketch::shingles(&tokens);
    Fingerprint {
        hash: format!("{hash:016x}"),
        shingles: shingles.len() as u32,
        minhash: if shingles.is_empty() {
            Vec::new()
        } else {
            sketch::minhash(shingles.iter().map(|s| s.hash))
        },
        sample: sample(&tokens, &shingles),
        terms: {
            let mut t = text::rare_terms(text, &tokens);
            t.truncate(MAX_TERMS);
            t
        },
        sentences: sentence_stems(&tokens),
        site: article.site.as_deref().map_or(0, outlet_key),
        cites: {
            let mut c: Vec<u32> = article.cites.iter().map(|c| outlet_key(c)).collect();
            c.retain(|&k| k != 0);
            c.sort_unstable();
            c.dedup();
            c
        },
    }
}

fn sample(tokens: &[Token], shingles: &[Shingle]) -> Vec<Sample> {
    let k = sketch::SHINGLE.min(tokens.len());
    let mut out: Vec<Sample> = shingles
        .iter()
        .filter(|s| sketch::sampled(s.hash))
        .filter_map(|s| {
            let first = tokens.get(s.first as usize)?;
            let last = tokens.get(s.first as usize + k - 1)?;
            Some(Sample {
                hash: text::mix32(s.hash),
                start: first.start,
                end: last.end,
            })
        })
        .collect();
    // Sorted by hash; a repeated shingle keeps its first occurrence.
    out.sort_by_key(|s| (s.hash, s.start));
    out.dedup_by_key(|s| s.hash);
    out
}

/// Content stems per sentence, as sorted 16-bit hashes.
pub(crate) fn sentence_stems(tokens: &[Token]) -> Vec<Vec<u16>> {
    let mut out = Vec::new();
    let mut cur: Vec<u16> = Vec::new();
    let mut sent = tokens.first().map_or(0, |t| t.sent);
    let flush = |cur: &mut Vec<u16>, out: &mut Vec<Vec<u16>>| {
        cur.sort_unstable();
        cur.dedup();
        cur.truncate(MAX_STEMS);
        if cur.len() >= MIN_SENTENCE_STEMS && out.len() < MAX_SENTENCES {
            out.push(std::mem::take(cur));
        }
        cur.clear();
    };
    for t in tokens {
        if t.sent != sent {
            flush(&mut cur, &mut out);
            sent = t.sent;
        }
        if t.stem != 0 {
            cur.push((t.stem as u16).max(1));
        }
    }
    flush(&mut cur, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn art(text: &str) -> Article {
        Article {
            id: "a".into(),
            text: text.into(),
            ..Default::default()
        }
    }

    #[test]
    fn hash_matches_core_content_hash() {
        let a = art("China offers help.\n\nIraq  welcomes it!");
        assert_eq!(fingerprint(&a).hash, herald_core::content_hash(&a.text));
    }

    #[test]
    fn samples_point_at_their_shingles() {
        let text = (0..400)
            .map(|i| format!("word{i}"))
            .collect::<Vec<_>>()
            .join(" ");
        let fp = fingerprint(&art(&text));
        assert!(fp.sample.len() > 5, "{} samples", fp.sample.len());
        for s in &fp.sample {
            let span = &text[s.start as usize..s.end as usize];
            assert_eq!(span.split(' ').count(), sketch::SHINGLE);
        }
    }

    #[test]
    fn outlet_keys_meet() {
        assert_eq!(outlet_key("www.rt.com"), outlet_key("RT"));
        assert_eq!(
            outlet_key("The Washington Post"),
            outlet_key("washingtonpost.com")
        );
        assert_ne!(outlet_key("rt.com"), outlet_key("ft.com"));
        assert_eq!(outlet_key("  "), 0);
    }

    #[test]
    fn fingerprint_survives_json() {
        let fp = fingerprint(&art(
            "Hong Lei said 800 people met in Beijing on Monday. Again.",
        ));
        let back: Fingerprint = serde_json::from_str(&serde_json::to_string(&fp).unwrap()).unwrap();
        assert_eq!(back, fp);
    }
}
