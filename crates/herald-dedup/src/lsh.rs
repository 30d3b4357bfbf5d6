//! The bare MinHash + LSH path (signatures and band buckets only), for
//! callers that want near-duplicate candidates without the rest of the
//! index, and for the scale benchmark against datasketch/gaoya.

use crate::index::Chains;
use crate::sketch::{self, PERMS};

/// Word hashes of a text (lower-cased alphanumeric runs), the lean form of
/// tokenising when only shingles are needed.
fn word_hashes(text: &str, out: &mut Vec<u64>) {
    let mut buf: Vec<u8> = Vec::with_capacity(64);
    let flush = |buf: &mut Vec<u8>, out: &mut Vec<u64>| {
        if !buf.is_empty() {
            out.push(xxhash_rust::xxh3::xxh3_64(buf));
            buf.clear();
        }
    };
    for (i, &b) in text.as_bytes().iter().enumerate() {
        if b.is_ascii_alphanumeric() {
            buf.push(b.to_ascii_lowercase());
        } else if b < 0x80 {
            flush(&mut buf, out);
        } else if text.is_char_boundary(i) {
            // Non-ASCII: decode this character.
            if let Some(c) = text.get(i..).and_then(|t| t.chars().next()) {
                if c.is_alphanumeric() {
                    let mut tmp = [0u8; 4];
                    for l in c.to_lowercase() {
                        buf.extend_from_slice(l.encode_utf8(&mut tmp).as_bytes());
                    }
                } else {
                    flush(&mut buf, out);
                }
            }
        }
    }
    flush(&mut buf, out);
}

/// The 128 × 16-bit one-permutation MinHash of a text's word 5-shingles
/// (the same signature the index uses). Empty for word-less text.
pub fn signature(text: &str) -> Vec<u16> {
    let mut words = Vec::with_capacity(text.len() / 5);
    word_hashes(text, &mut words);
    if words.is_empty() {
        return Vec::new();
    }
    let k = sketch::SHINGLE.min(words.len());
    sketch::minhash(words.windows(k).map(sketch::shingle_hash))
}

/// The LSH bucket keys of a signature, one per band (the keys the index
/// uses; two signatures sharing a key are near-duplicate candidates).
pub fn band_keys(sig: &[u16]) -> Vec<u32> {
    sketch::band_keys(sig).collect()
}

/// Jaccard estimate of two signatures.
pub fn estimate(a: &[u16], b: &[u16]) -> f64 {
    sketch::jaccard(a, b)
}

/// LSH over signatures: 32 bands × 4 rows, one bucket map per band (so
/// batches insert band by band in parallel), postings in per-band arenas.
#[derive(Debug)]
pub struct Lsh {
    bands: Vec<Chains>,
    sigs: Vec<u16>,
}

impl Default for Lsh {
    fn default() -> Lsh {
        Lsh {
            bands: (0..sketch::BANDS).map(|_| Chains::default()).collect(),
            sigs: Vec::new(),
        }
    }
}

impl Lsh {
    pub fn new() -> Lsh {
        Lsh::default()
    }

    /// Adds many signatures, numbered in order; bands fill in parallel.
    pub fn insert_batch(&mut self, sigs: &[Vec<u16>]) {
        use rayon::prelude::*;
        let first = (self.sigs.len() / PERMS) as u32;
        let keys: Vec<Option<Vec<u32>>> = sigs
            .par_iter()
            .map(|s| (s.len() == PERMS).then(|| sketch::band_keys(s).collect()))
            .collect();
        self.bands
            .par_iter_mut()
            .enumerate()
            .for_each(|(b, chains)| {
                chains.reserve(keys.len());
                for (i, k) in keys.iter().enumerate() {
                    if let Some(key) = k.as_ref().and_then(|k| k.get(b)) {
                        chains.push(*key, first + i as u32);
                    }
                }
            });
        for s in sigs {
            if s.len() == PERMS {
                self.sigs.extend_from_slice(s);
            } else {
                self.sigs.extend(std::iter::repeat_n(0, PERMS));
            }
        }
    }

    /// Adds a signature; returns its number (0, 1, 2, …). Empty signatures
    /// get a number but no buckets.
    pub fn insert(&mut self, sig: &[u16]) -> u32 {
        let n = (self.sigs.len() / PERMS) as u32;
        if sig.len() == PERMS {
            for (chains, key) in self.bands.iter_mut().zip(sketch::band_keys(sig)) {
                chains.push(key, n);
            }
            self.sigs.extend_from_slice(sig);
        } else {
            self.sigs.extend(std::iter::repeat_n(0, PERMS));
        }
        n
    }

    /// Entries sharing a band with `sig` whose estimated Jaccard is at
    /// least `threshold`, with the estimate, best first.
    pub fn query(&self, sig: &[u16], threshold: f64) -> Vec<(u32, f64)> {
        let mut cands = Vec::new();
        if sig.len() == PERMS {
            for (chains, key) in self.bands.iter().zip(sketch::band_keys(sig)) {
                chains.for_each(key, 2_000, |d| cands.push(d));
            }
        }
        cands.sort_unstable();
        cands.dedup();
        let mut out: Vec<(u32, f64)> = cands
            .into_iter()
            .filter_map(|d| {
                let other = self
                    .sigs
                    .get(d as usize * PERMS..(d as usize + 1) * PERMS)?;
                let j = sketch::jaccard(sig, other);
                (j >= threshold).then_some((d, j))
            })
            .collect();
        out.sort_by(|a, b| b.1.total_cmp(&a.1));
        out
    }

    pub fn len(&self) -> usize {
        self.sigs.len() / PERMS
    }

    pub fn is_empty(&self) -> bool {
        self.sigs.is_empty()
    }

    /// Heap bytes: signatures + buckets.
    pub fn heap_bytes(&self) -> usize {
        self.sigs.capacity() * 2 + self.bands.iter().map(Chains::heap_bytes).sum::<usize>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokenize;

    #[test]
    fn lean_signature_equals_index_signature() {
        let t = "Zürich — Genève: the QUICK brown fox jumps over the lazy dog, again and again.";
        let full = sketch::minhash(sketch::shingles(&tokenize(t)).iter().map(|s| s.hash));
        assert_eq!(signature(t), full);
    }

    #[test]
    fn finds_copies_not_strangers() {
        let a: String = (0..300).map(|i| format!("alpha{i} ")).collect();
        let b: String = (0..300).map(|i| format!("beta{i} ")).collect();
        let mut lsh = Lsh::new();
        lsh.insert(&signature(&a));
        lsh.insert(&signature(&b));
        let hits = lsh.query(&signature(&a.to_uppercase()), 0.5);
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].0, 0);
        let mut batch = Lsh::new();
        batch.insert_batch(&[signature(&b), signature(&a)]);
        assert_eq!(batch.query(&signature(&a), 0.5)[0].0, 1);
        assert_eq!(batch.len(), 2);
        assert!(
            lsh.query(&signature("nothing shared here at all"), 0.5)
                .is_empty()
        );
    }
}
