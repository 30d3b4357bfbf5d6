//! Optional sentence embeddings for story clustering (cargo feature
//! `embeddings`: all-MiniLM-L6-v2 through candle, loaded from a local folder).
//! Without the feature, `--embeddings` is a clear error and nothing else
//! changes.

use std::path::Path;

use anyhow::Result;
use herald_core::Article;

/// A loaded encoder; embeds an article's title and lead sentence.
pub struct Embeddings {
    #[cfg(feature = "embeddings")]
    inner: herald_stories::embed::Embedder,
}

impl Embeddings {
    /// Loads the model folder (`config.json`, `tokenizer.json`,
    /// `model.safetensors`).
    #[cfg(feature = "embeddings")]
    pub fn load(dir: &Path) -> Result<Embeddings> {
        use anyhow::Context;
        let inner = herald_stories::embed::Embedder::load(dir)
            .with_context(|| format!("loading the embedding model from {}", dir.display()))?;
        Ok(Embeddings { inner })
    }

    #[cfg(not(feature = "embeddings"))]
    pub fn load(dir: &Path) -> Result<Embeddings> {
        anyhow::bail!(
            "--embeddings {}: this herald was built without the `embeddings` feature \
             (rebuild with `cargo build --release -p herald --features embeddings`)",
            dir.display()
        )
    }

    /// Unit-length embeddings, one per article, in order.
    #[cfg(feature = "embeddings")]
    pub fn embed(&self, articles: &[&Article]) -> Result<Vec<Vec<f32>>> {
        let texts: Vec<String> = articles
            .iter()
            .map(|a| herald_stories::embed::embedding_text(a))
            .collect();
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        Ok(self.inner.embed(&refs)?)
    }

    #[cfg(not(feature = "embeddings"))]
    pub fn embed(&self, articles: &[&Article]) -> Result<Vec<Vec<f32>>> {
        // Unreachable in practice: `load` never succeeds without the feature.
        Ok(vec![Vec::new(); articles.len()])
    }
}
