//! Document frequencies learned as articles arrive.

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
    fn survives_json_round_trip() {
        let mut t = IdfTable::new();
        t.add_doc([7, 4_000_000_000]);
        let back: IdfTable = serde_json::from_str(&serde_json::to_string(&t).unwrap()).unwrap();
        assert_eq!(back.idf(4_000_000_000), t.idf(4_000_000_000));
    }
}
