//! Event coding: an analysed [`Article`] yields [`Event`]s.
//! (Skeleton: the events helper fills this in.)

use herald_core::{Article, Event};

#[derive(Debug, Default)]
pub struct Coder {}

impl Coder {
    pub fn new() -> Self {
        Self::default()
    }

    /// Pure per-article coding (needs `article.sentences` from the language layer).
    pub fn process(&self, article: &Article) -> Vec<Event> {
        let _ = article;
        Vec::new()
    }
}
