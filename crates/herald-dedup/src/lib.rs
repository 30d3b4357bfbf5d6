//! Relations between articles.
//! (Skeleton: the dedup helper fills this in.)

use herald_core::{Article, Relation};
use serde::{Deserialize, Serialize};

/// Everything the index keeps about one article; computed in parallel
/// (pure), persisted by the store, re-inserted on restart.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Fingerprint {
    pub hash: String,
}

#[derive(Debug, Default)]
pub struct DedupIndex {}

impl DedupIndex {
    pub fn new() -> Self {
        Self::default()
    }

    /// Pure: the fingerprint of one article.
    pub fn fingerprint(&self, article: &Article) -> Fingerprint {
        Fingerprint { hash: article.hash.clone() }
    }

    /// Relations of `article` to the articles already indexed; then indexes it.
    pub fn process(&mut self, article: &Article, fp: &Fingerprint) -> Vec<Relation> {
        let _ = (article, fp);
        Vec::new()
    }

    /// Re-inserts a stored fingerprint (restart) without querying.
    pub fn insert(&mut self, id: &str, published: Option<&str>, fp: &Fingerprint) {
        let _ = (id, published, fp);
    }

    pub fn remove(&mut self, id: &str) {
        let _ = id;
    }
}
