//! Shingles and sketches: one-permutation MinHash with optimal densification,
//! LSH band keys, and a fixed-rate shingle sample for containment.
//!
//! Parameters (chosen on the gold set, see `eval`):
//! * shingles of [`SHINGLE`] = 5 words (lower-cased), hashed once with xxh3;
//! * [`PERMS`] = 128 MinHash values by one-permutation hashing: the top 7 bits
//!   of a shingle hash pick a bin, the low 32 bits are the value; empty bins are
//!   filled by optimal densification (Shrivastava 2017). One hash per shingle
//!   instead of 128, so signatures cost about as much as tokenising;
//! * values are stored as their low 16 bits (b-bit MinHash: a chance match
//!   costs 1/65,536 in the Jaccard estimate);
//! * LSH: [`BANDS`] = 32 bands × [`ROWS`] = 4 rows. A pair with Jaccard J
//!   becomes a candidate with probability 1 − (1 − J⁴)³²: 0.05 at J = 0.2,
//!   0.87 at 0.5, 0.988 at 0.6, 0.9997 at 0.7 — the S-curve's midpoint
//!   (1/32)^(1/4) ≈ 0.42 sits below the 0.5 near-duplicate threshold so that
//!   verification, not banding, decides;
//! * containment sample: every shingle whose hash is 0 mod [`SAMPLE_RATE`] = 16
//!   (about 44 per 4 KB article). Sampling by hash value keeps subsets: a true
//!   excerpt's sample is exactly a subset of its source's sample.

use std::sync::LazyLock;

use xxhash_rust::xxh3::xxh3_64_with_seed;

use crate::text::Token;

pub const SHINGLE: usize = 5;
pub const PERMS: usize = 128;
pub const BANDS: usize = 32;
pub const ROWS: usize = PERMS / BANDS;
pub const SAMPLE_RATE: u64 = 16;

/// A shingle: its hash and the range of tokens it covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Shingle {
    pub hash: u64,
    /// Index of the first token.
    pub first: u32,
}

#[inline]
fn fmix64(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// Word `SHINGLE`-grams of the token stream (one shingle of all words when
/// the text is shorter).
pub(crate) fn shingles(tokens: &[Token]) -> Vec<Shingle> {
    if tokens.is_empty() {
        return Vec::new();
    }
    let k = SHINGLE.min(tokens.len());
    let mut hashes: Vec<u64> = Vec::with_capacity(k);
    let mut out = Vec::with_capacity(tokens.len() + 1 - k);
    for (i, w) in tokens.windows(k).enumerate() {
        hashes.clear();
        hashes.extend(w.iter().map(|t| t.hash));
        out.push(Shingle {
            hash: shingle_hash(&hashes),
            first: i as u32,
        });
    }
    out
}

/// Hash of a window of word hashes.
#[inline]
pub(crate) fn shingle_hash(words: &[u64]) -> u64 {
    let mut h: u64 = 0x243f_6a88_85a3_08d3;
    for &w in words {
        h = (h.rotate_left(23) ^ w).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
    fmix64(h)
}

/// One-permutation MinHash of shingle hashes, densified, low 16 bits kept.
/// Empty input gives an all-`u16::MAX` signature (never matched: see
/// [`jaccard`], which callers only use on non-empty signatures).
pub(crate) fn minhash<I: IntoIterator<Item = u64>>(hashes: I) -> Vec<u16> {
    let mut mins = [u32::MAX; PERMS];
    let mut filled = [false; PERMS];
    let mut any = false;
    for h in hashes {
        let bin = (h >> 57) as usize; // top 7 bits: 0..128
        mins[bin] = mins[bin].min(h as u32);
        filled[bin] = true;
        any = true;
    }
    if any {
        // Optimal densification: an empty bin copies the first non-empty bin
        // along its own pseudo-random probe sequence (the same for every doc).
        let (src, full) = (mins, filled);
        for i in 0..PERMS {
            if full[i] {
                continue;
            }
            let mut attempt = 0usize;
            mins[i] = loop {
                let j = probe(i, attempt);
                if full[j] {
                    break src[j];
                }
                attempt += 1;
            };
        }
    }
    mins.iter().map(|&m| m as u16).collect()
}

const PROBES: usize = 64;

/// Precomputed probe sequences for densification.
static PROBE_TABLE: LazyLock<Vec<u8>> = LazyLock::new(|| {
    let mut t = Vec::with_capacity(PERMS * PROBES);
    for i in 0..PERMS {
        for a in 0..PROBES {
            t.push((xxh3_64_with_seed(&(i as u64).to_le_bytes(), a as u64) % PERMS as u64) as u8);
        }
    }
    t
});

#[inline]
fn probe(bin: usize, attempt: usize) -> usize {
    if attempt < PROBES {
        usize::from(PROBE_TABLE[bin * PROBES + attempt])
    } else {
        (xxh3_64_with_seed(&(bin as u64).to_le_bytes(), attempt as u64) % PERMS as u64) as usize
    }
}

/// Jaccard estimate from two signatures of equal length (0 when they differ).
pub(crate) fn jaccard(a: &[u16], b: &[u16]) -> f64 {
    if a.len() != b.len() || a.is_empty() {
        return 0.0;
    }
    let eq = a.iter().zip(b).filter(|(x, y)| x == y).count() as f64 / a.len() as f64;
    // Correct for b-bit chance matches (1/65,536).
    let c = 1.0 / 65_536.0;
    ((eq - c) / (1.0 - c)).clamp(0.0, 1.0)
}

/// LSH bucket keys, one per band, band index mixed in.
pub(crate) fn band_keys(sig: &[u16]) -> impl Iterator<Item = u32> + '_ {
    sig.chunks(ROWS).enumerate().map(|(b, rows)| {
        let mut h = (b as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        for &r in rows {
            h = (h ^ u64::from(r)).wrapping_mul(0x1000_0000_01b3);
        }
        crate::text::mix32(fmix64(h))
    })
}

/// Whether a shingle hash belongs to the containment sample.
#[inline]
pub(crate) fn sampled(h: u64) -> bool {
    (h >> 7).is_multiple_of(SAMPLE_RATE)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokenize;

    fn sig(text: &str) -> Vec<u16> {
        minhash(shingles(&tokenize(text)).iter().map(|s| s.hash))
    }

    fn words(n: usize, seed: u64) -> String {
        let mut s = seed;
        (0..n)
            .map(|_| {
                s = fmix64(s.wrapping_add(0x9e37_79b9_7f4a_7c15));
                format!("w{}", s % 5000)
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn identical_texts_have_identical_signatures() {
        let t = words(300, 1);
        assert_eq!(jaccard(&sig(&t), &sig(&t)), 1.0);
    }

    #[test]
    fn estimate_tracks_true_jaccard() {
        // B = first 2/3 of A plus new words: true Jaccard ≈ 0.5.
        let a = words(600, 2);
        let keep: Vec<&str> = a.split(' ').take(400).collect();
        let b = format!("{} {}", keep.join(" "), words(200, 3));
        let sa: std::collections::HashSet<u64> =
            shingles(&tokenize(&a)).iter().map(|s| s.hash).collect();
        let sb: std::collections::HashSet<u64> =
            shingles(&tokenize(&b)).iter().map(|s| s.hash).collect();
        let truth = sa.intersection(&sb).count() as f64 / sa.union(&sb).count() as f64;
        let est = jaccard(&sig(&a), &sig(&b));
        assert!(
            (est - truth).abs() < 0.12,
            "estimate {est} vs truth {truth}"
        );
    }

    #[test]
    fn unrelated_texts_estimate_near_zero() {
        assert!(jaccard(&sig(&words(400, 4)), &sig(&words(400, 5))) < 0.1);
    }

    #[test]
    fn short_texts_still_get_a_signature() {
        let s = sig("just three words");
        assert_eq!(s.len(), PERMS);
        assert_eq!(jaccard(&s, &sig("Just three  words!")), 1.0);
        assert_eq!(band_keys(&s).count(), BANDS);
    }
}
