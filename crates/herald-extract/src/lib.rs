//! Extraction: a [`RawDoc`] becomes a clean [`Article`].
//! (Skeleton: the extract helper fills this in.)

use herald_core::{Article, RawDoc};
use serde::{Deserialize, Serialize};

/// Corpus-level line statistics (repeated lines per site and overall),
/// learned incrementally and persisted by the store between runs.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct LineStats {}

#[derive(Debug, Default)]
pub struct Extractor {
    stats: LineStats,
}

impl Extractor {
    pub fn new() -> Self {
        Self::default()
    }

    /// Restores the statistics saved by [`Extractor::stats`].
    pub fn with_stats(stats: LineStats) -> Self {
        Extractor { stats }
    }

    pub fn stats(&self) -> &LineStats {
        &self.stats
    }

    /// Learns line statistics from a batch before it is processed (so a
    /// site's chrome is recognised from the first batch on).
    pub fn observe(&mut self, docs: &[RawDoc]) {
        let _ = docs;
    }

    /// Pure per-document extraction given the current statistics.
    pub fn process(&self, doc: &RawDoc) -> Article {
        Article {
            id: doc.id.clone(),
            input: doc.input.clone(),
            url: doc.url.clone(),
            site: doc.site.clone(),
            title: doc.title.clone(),
            published: doc.published.clone(),
            authors: doc.authors.clone(),
            hash: herald_core::content_hash(&doc.body),
            text: doc.body.clone(),
            ..Article::default()
        }
    }
}
