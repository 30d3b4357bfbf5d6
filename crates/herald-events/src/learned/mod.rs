//! The learned layer: an event-trigger model for where the verb patterns run
//! out.
//!
//! For each verb or eventive noun of a parsed sentence, a multinomial
//! logistic regression over hashed features (lemma, object / oblique /
//! subject lemmas, dependency relation, negation and modals, a word window,
//! whether actor mentions fill the subject and object, the lexicon's own
//! root for the lemma) predicts its CAMEO root (03–20, 02 merged into 10) or
//! none. It is trained by [`train`] on hand-coded Wikinews labels
//! (`herald train-events`); the shipped model is
//! `models/trigger.bin.gz`, embedded in the binary. The coder asks it only
//! about words no verb pattern covers, and codes a prediction above the
//! model's threshold (chosen on held-out labels) as the root's base code.

pub(crate) mod coding;
mod features;
pub mod scorer;
#[cfg(test)]
mod scorer_tests;
pub mod sentence;
pub mod stack;
#[cfg(test)]
mod tests;
pub mod train;

use std::io::Read;
use std::sync::LazyLock;

use crate::actors::Mention;
use crate::words::Word;

pub(crate) use features::{features, is_candidate};

/// Class labels: index 0 is "no event", then the CAMEO roots 03 … 20.
pub const CLASSES: [&str; 19] = [
    "", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12", "13", "14", "15", "16", "17",
    "18", "19", "20",
];

/// Class index of a CAMEO code or root (`"0332"` → 1); 02 counts as 10;
/// `None` for 01 (statements) and anything unknown.
pub fn class_of(cameo: &str) -> Option<usize> {
    let root = cameo.get(..2)?;
    let root = if root == "02" { "10" } else { root };
    CLASSES
        .iter()
        .skip(1)
        .position(|&c| c == root)
        .map(|k| k + 1)
}

/// The code the coder emits for a predicted root: its base code, the
/// three-digit "not specified below" code where the root has one in use.
pub fn base_code(root: &str) -> String {
    match root {
        "03" => "030",
        "04" => "040",
        "05" => "050",
        "06" => "060",
        "07" => "070",
        "08" => "080",
        "09" => "090",
        "10" => "100",
        "11" => "110",
        "12" => "120",
        "13" => "130",
        "14" => "140",
        "15" => "150",
        "16" => "160",
        "17" => "170",
        "18" => "180",
        "19" => "190",
        "20" => "200",
        _ => "",
    }
    .to_string()
}

const MAGIC: &[u8; 8] = b"HTRIG001";

/// A trained trigger model: sparse weights per hashed feature.
#[derive(Debug, Clone)]
pub struct TriggerModel {
    /// Feature hash → weights for every class.
    weights: std::collections::HashMap<u32, [f32; CLASSES.len()]>,
    /// Probability a root needs before the coder emits it.
    pub threshold: f32,
    /// Nouns that were event triggers in the training labels.
    nouns: std::collections::HashSet<String>,
}

/// Error reading a model file.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    #[error("trigger model: {0}")]
    Format(&'static str),
    #[error("trigger model: {0}")]
    Io(#[from] std::io::Error),
}

/// A prediction for one token.
#[derive(Debug, Clone, PartialEq)]
pub struct Prediction {
    /// Best root other than none (`"19"`).
    pub root: &'static str,
    /// Its probability.
    pub prob: f32,
    /// Probability of no event.
    pub none: f32,
}

impl TriggerModel {
    pub(crate) fn new(
        weights: std::collections::HashMap<u32, [f32; CLASSES.len()]>,
        threshold: f32,
        nouns: std::collections::HashSet<String>,
    ) -> Self {
        TriggerModel {
            weights,
            threshold,
            nouns,
        }
    }

    /// The model shipped with Herald (`models/trigger.bin.gz`).
    pub fn shipped() -> Option<&'static TriggerModel> {
        SHIPPED.as_deref()
    }

    /// The shipped model, shared.
    pub fn shipped_arc() -> Option<std::sync::Arc<TriggerModel>> {
        SHIPPED.clone()
    }

    /// Number of features with weights.
    pub fn len(&self) -> usize {
        self.weights.len()
    }

    pub fn is_empty(&self) -> bool {
        self.weights.is_empty()
    }

    pub(crate) fn is_event_noun(&self, lemma: &str) -> bool {
        self.nouns.contains(lemma)
    }

    /// Class probabilities from feature hashes.
    pub fn probs(&self, feats: &[u32]) -> [f32; CLASSES.len()] {
        let mut z = [0f32; CLASSES.len()];
        for f in feats {
            if let Some(w) = self.weights.get(f) {
                for (a, b) in z.iter_mut().zip(w) {
                    *a += b;
                }
            }
        }
        softmax(&mut z);
        z
    }

    pub(crate) fn predict(&self, ws: &[Word], i: usize, ms: &[Mention]) -> Prediction {
        let p = self.probs(&features(ws, i, ms));
        let (k, prob) = p
            .iter()
            .enumerate()
            .skip(1)
            .fold((1, f32::MIN), |b, (k, &x)| if x > b.1 { (k, x) } else { b });
        Prediction {
            root: CLASSES[k],
            prob,
            none: p[0],
        }
    }

    /// Serialised, gzip-compressed: weights quantised to 16 bits.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut raw = Vec::new();
        raw.extend_from_slice(MAGIC);
        raw.extend_from_slice(&self.threshold.to_le_bytes());
        let max = self
            .weights
            .values()
            .flat_map(|w| w.iter())
            .fold(0f32, |m, x| m.max(x.abs()))
            .max(1e-6);
        let scale = max / 32767.0;
        raw.extend_from_slice(&scale.to_le_bytes());
        let mut nouns: Vec<&String> = self.nouns.iter().collect();
        nouns.sort();
        raw.extend_from_slice(&(nouns.len() as u32).to_le_bytes());
        for n in nouns {
            let b = n.as_bytes();
            raw.push(b.len().min(255) as u8);
            raw.extend_from_slice(&b[..b.len().min(255)]);
        }
        let mut keys: Vec<&u32> = self.weights.keys().collect();
        keys.sort();
        raw.extend_from_slice(&(keys.len() as u32).to_le_bytes());
        for k in keys {
            raw.extend_from_slice(&k.to_le_bytes());
            for &x in &self.weights[k] {
                let q = (x / scale).round().clamp(-32767.0, 32767.0) as i16;
                raw.extend_from_slice(&q.to_le_bytes());
            }
        }
        gzip(&raw)
    }

    /// Reads a model written by [`TriggerModel::to_bytes`].
    pub fn from_bytes(gz: &[u8]) -> Result<Self, ModelError> {
        let raw = gunzip(gz)?;
        let mut r = Reader { b: &raw, at: 0 };
        if r.take(8)? != MAGIC {
            return Err(ModelError::Format("not a trigger model"));
        }
        let threshold = r.f32()?;
        let scale = r.f32()?;
        let n_nouns = r.u32()? as usize;
        let mut nouns = std::collections::HashSet::new();
        for _ in 0..n_nouns {
            let len = r.take(1)?[0] as usize;
            let s = std::str::from_utf8(r.take(len)?)
                .map_err(|_| ModelError::Format("noun is not UTF-8"))?;
            nouns.insert(s.to_string());
        }
        let n = r.u32()? as usize;
        let mut weights = std::collections::HashMap::with_capacity(n.min(1 << 22));
        for _ in 0..n {
            let k = r.u32()?;
            let mut w = [0f32; CLASSES.len()];
            for x in w.iter_mut() {
                let b = r.take(2)?;
                *x = f32::from(i16::from_le_bytes([b[0], b[1]])) * scale;
            }
            weights.insert(k, w);
        }
        if r.at != raw.len() {
            return Err(ModelError::Format("trailing bytes"));
        }
        Ok(TriggerModel {
            weights,
            threshold,
            nouns,
        })
    }
}

/// A model file, gzip-compressed at the best level (deterministic bytes).
pub(crate) fn gzip(raw: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    std::io::Write::write_all(&mut enc, raw).expect("writing to memory");
    enc.finish().expect("writing to memory")
}

pub(crate) fn gunzip(gz: &[u8]) -> Result<Vec<u8>, ModelError> {
    let mut raw = Vec::new();
    flate2::read::GzDecoder::new(gz).read_to_end(&mut raw)?;
    Ok(raw)
}

/// Fisher–Yates with xorshift: the same order every run from the same state.
pub(crate) fn shuffle(order: &mut [usize], rng: &mut u64) {
    for k in (1..order.len()).rev() {
        *rng ^= *rng << 13;
        *rng ^= *rng >> 7;
        *rng ^= *rng << 17;
        order.swap(k, (*rng % (k as u64 + 1)) as usize);
    }
}

/// Reads little-endian fields of a model file, failing on truncation.
pub(crate) struct Reader<'a> {
    pub(crate) b: &'a [u8],
    pub(crate) at: usize,
}

impl<'a> Reader<'a> {
    pub(crate) fn take(&mut self, n: usize) -> Result<&'a [u8], ModelError> {
        let s = self
            .b
            .get(self.at..self.at + n)
            .ok_or(ModelError::Format("truncated"))?;
        self.at += n;
        Ok(s)
    }
    pub(crate) fn u32(&mut self) -> Result<u32, ModelError> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    pub(crate) fn f32(&mut self) -> Result<f32, ModelError> {
        Ok(f32::from_bits(self.u32()?))
    }
}

pub(crate) fn softmax(z: &mut [f32]) {
    let m = z.iter().fold(f32::MIN, |a, &b| a.max(b));
    let mut s = 0.0;
    for x in z.iter_mut() {
        *x = (*x - m).exp();
        s += *x;
    }
    for x in z.iter_mut() {
        *x /= s;
    }
}

static SHIPPED_BYTES: &[u8] = include_bytes!("../../models/trigger.bin.gz");

static SHIPPED: LazyLock<Option<std::sync::Arc<TriggerModel>>> = LazyLock::new(|| {
    TriggerModel::from_bytes(SHIPPED_BYTES)
        .ok()
        .map(std::sync::Arc::new)
});
