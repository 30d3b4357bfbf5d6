//! Word classes learned from far more text than the treebanks hold.
//!
//! The tagger, parser and entity tagger see 280k treebank words; a word
//! class tells them that an unseen "Kampala" behaves like "Nairobi" and
//! "directorate" like "ministry" (Koo, Carreras & Collins 2008; Turian,
//! Ratinov & Bengio 2010). The classes are spherical k-means clusters, at
//! 32, 256 and 1024 classes, of the input word embeddings of the sentence
//! model all-MiniLM-L6-v2 (`scripts/build_clusters.py`, which writes
//! `data/clusters.tsv`). The vocabulary is uncased: a word is looked up by
//! its lower-cased form.

use crate::perceptron::WordMap;
use std::sync::LazyLock;

static LIST: &str = include_str!("../data/clusters.tsv");

/// Cluster granularities (classes per level), coarse to fine.
pub const LEVELS: usize = 3;

type Map = WordMap<[u16; LEVELS]>;

static MAP: LazyLock<Map> = LazyLock::new(|| {
    let mut m = Map::default();
    for line in LIST.lines() {
        let mut cols = line.split('\t');
        let Some(word) = cols.next() else { continue };
        let mut ids = [0u16; LEVELS];
        let mut ok = true;
        for id in &mut ids {
            match cols.next().and_then(|c| c.parse().ok()) {
                Some(v) => *id = v,
                None => ok = false,
            }
        }
        if ok {
            m.insert(crate::features::lower_hash(word), ids);
        }
    }
    m
});

/// Feature values of a word's classes, one per level, from the hash of its
/// lower-cased form ([`crate::features::WordInfo::lower`]). Words outside
/// the vocabulary get one "unknown" value per level.
#[inline]
pub fn values(lower: u64) -> [u64; LEVELS] {
    let base = |level: usize| 0x5eed_0000_0000u64 + ((level as u64) << 20);
    match MAP.get(&lower) {
        Some(ids) => std::array::from_fn(|l| base(l) + u64::from(ids[l]) + 1),
        None => std::array::from_fn(base),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::word_info;

    #[test]
    fn similar_words_share_classes_and_unknown_words_get_none() {
        let class = |w: &str| values(word_info(w).lower);
        // Capitalisation does not matter: the vocabulary is uncased.
        assert_eq!(class("Kenya"), class("kenya"));
        // African countries share a fine class; a verb of saying does not.
        assert_eq!(class("kenya")[1], class("uganda")[1]);
        assert_ne!(class("kenya")[1], class("said")[1]);
        assert_eq!(class("said")[2], class("told")[2]);
        // Out of vocabulary: the per-level "unknown" value, not a class.
        let unknown = class("Xqzzyvillebergstan");
        assert_eq!(unknown, class("Blorfgrund-Ostwick"));
        assert_ne!(unknown[0], class("kenya")[0]);
        assert!(MAP.len() > 20_000);
    }
}
