//! Document frequencies: a fixed table shipped with Herald (built from a
//! news corpus by `examples/build_idf.rs`, `data/idf.bin`), so that how two
//! articles compare never depends on what else is in the store; and tables
//! counted over a given set (the evaluation's plain TF-IDF baseline).

use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

use crate::text::IdMap;

/// Past this many distinct terms, terms seen in one document only are
/// dropped: they are most of a news vocabulary (names, typos, numbers) and an
/// unseen term gets the same top IDF anyway, so the table stays bounded.
const PRUNE_AT: usize = 1 << 20;

/// Inverse document frequencies over hashed term ids, updated per article.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct IdfTable {
    docs: u64,
    df: IdMap<u32, u32>,
}

impl IdfTable {
    pub fn new() -> Self {
        Self::default()
    }

    /// Counts one document with these distinct term ids.
    pub fn add_doc(&mut self, terms: impl IntoIterator<Item = u32>) {
        self.docs += 1;
        for t in terms {
            *self.df.entry(t).or_insert(0) += 1;
        }
        if self.df.len() > PRUNE_AT {
            self.df.retain(|_, n| *n > 1);
        }
    }

    /// The shipped table (see the module comment); empty (every term
    /// weighs 1) if the data were ever unreadable.
    pub fn fixed() -> &'static IdfTable {
        &FIXED
    }

    /// Serialises as `HIDF` + version byte, document count (u64), then
    /// (term u32, df u32) pairs sorted by term, little-endian. Terms seen in
    /// fewer than `min_df` documents are left out (they weigh as unseen).
    pub fn to_bytes(&self, min_df: u32) -> Vec<u8> {
        let mut terms: Vec<(u32, u32)> = self
            .df
            .iter()
            .filter(|(_, n)| **n >= min_df)
            .map(|(t, n)| (*t, *n))
            .collect();
        terms.sort_unstable();
        let mut out = Vec::with_capacity(13 + 8 * terms.len());
        out.extend_from_slice(b"HIDF\x01");
        out.extend_from_slice(&self.docs.to_le_bytes());
        for (t, n) in terms {
            out.extend_from_slice(&t.to_le_bytes());
            out.extend_from_slice(&n.to_le_bytes());
        }
        out
    }

    /// Reads [`IdfTable::to_bytes`]; `None` on a bad header or length.
    pub fn from_bytes(b: &[u8]) -> Option<IdfTable> {
        let rest = b.strip_prefix(b"HIDF\x01")?;
        let docs = u64::from_le_bytes(rest.get(..8)?.try_into().ok()?);
        let body = &rest[8..];
        if body.len() % 8 != 0 {
            return None;
        }
        let mut df = IdMap::default();
        df.reserve(body.len() / 8);
        for c in body.chunks_exact(8) {
            let t = u32::from_le_bytes([c[0], c[1], c[2], c[3]]);
            let n = u32::from_le_bytes([c[4], c[5], c[6], c[7]]);
            df.insert(t, n);
        }
        Some(IdfTable { docs, df })
    }

    /// Smoothed IDF, ≥ 1: `ln((N + 1) / (df + 1)) + 1`.
    pub fn idf(&self, term: u32) -> f32 {
        let df = self.df.get(&term).copied().unwrap_or(0) as f32;
        ((self.docs as f32 + 1.0) / (df + 1.0)).ln() + 1.0
    }

    /// Documents counted so far.
    pub fn docs(&self) -> u64 {
        self.docs
    }

    /// Distinct terms tracked.
    pub fn len(&self) -> usize {
        self.df.len()
    }

    pub fn is_empty(&self) -> bool {
        self.df.is_empty()
    }
}

static FIXED: LazyLock<IdfTable> =
    LazyLock::new(|| IdfTable::from_bytes(include_bytes!("../data/idf.bin")).unwrap_or_default());

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rare_terms_weigh_more() {
        let mut t = IdfTable::new();
        t.add_doc([1, 2]);
        t.add_doc([1, 3]);
        t.add_doc([1]);
        assert!(t.idf(2) > t.idf(1));
        assert!(t.idf(99) > t.idf(2));
        assert!(t.idf(1) >= 1.0);
        assert_eq!(t.docs(), 3);
    }

    #[test]
    fn bytes_round_trip_and_bad_input() {
        let mut t = IdfTable::new();
        t.add_doc([1, 2]);
        t.add_doc([1, 3]);
        let back = IdfTable::from_bytes(&t.to_bytes(1)).unwrap_or_default();
        assert_eq!(back.docs(), 2);
        assert_eq!(back.idf(2), t.idf(2));
        assert_eq!(
            IdfTable::from_bytes(&t.to_bytes(2)).map(|x| x.len()),
            Some(1)
        );
        assert!(IdfTable::from_bytes(b"HIDF\x01").is_none());
        assert!(IdfTable::from_bytes(b"nonsense").is_none());
    }

    #[test]
    fn the_shipped_table_is_a_news_corpus() {
        let t = IdfTable::fixed();
        assert!(t.docs() >= 5_000, "{}", t.docs());
        let id = |w: &str| crate::text::term_id(crate::text::NS_WORD, w);
        // Common news words weigh less than rare ones.
        assert!(t.idf(id("government")) < t.idf(id("gippsland")));
    }

    #[test]
    fn survives_json_round_trip() {
        let mut t = IdfTable::new();
        t.add_doc([7, 4_000_000_000]);
        let back: IdfTable = serde_json::from_str(&serde_json::to_string(&t).unwrap()).unwrap();
        assert_eq!(back.idf(4_000_000_000), t.idf(4_000_000_000));
    }
}
