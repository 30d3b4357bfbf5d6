//! Language layer: fills an [`Article`]'s sentences, tokens and mentions.
//! (Skeleton: the nlp helper fills this in.)

use herald_core::Article;

#[derive(Debug, Default)]
pub struct Analyzer {}

impl Analyzer {
    pub fn new() -> Self {
        Self::default()
    }

    /// Pure per-article analysis: sets `article.sentences` and `article.mentions`.
    pub fn process(&self, article: &mut Article) {
        let _ = article;
    }
}
