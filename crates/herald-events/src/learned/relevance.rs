//! Article relevance: does this article report political actors acting?
//!
//! Careful coders skip whole articles — sport, science, celebrity, markets —
//! before they look at a single sentence (`CODEBOOK.md`: "sport, celebrity,
//! markets, weather with no political actor acting"). The verb patterns do
//! not know what kind of article they read, so "Pogba did not travel to
//! East Lancashire" or "NASA released the images" come out as events. This
//! component is a logistic regression over the words of the title and the
//! article's lead (presence, hashed) that gives the probability a coder
//! codes the article at all (status `coded` or `none` against `skipped` in
//! the hand-coded Wikinews labels). The event scorer ([`super::scorer`])
//! takes it as a feature, so a threat in a match report needs more evidence
//! than one in a war report; it drops no event by itself.
//!
//! Trained by `herald train-events` ([`train`]): out-of-fold probabilities
//! (five folds by a hash of the article id) feed the scorer's training and
//! the report; the shipped model (`models/relevance.bin.gz`) is fitted on
//! every labelled article.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::{Arc, LazyLock};

use herald_core::Article;
use serde::Serialize;

use super::ModelError;
use super::sentence::fnv;
use super::stack::{ScorerExample, fit};
use super::train::{LabelSet, TrainError, fold_of};

const MAGIC: &[u8; 8] = b"HRELV001";

/// Words of the article read: the title and this many words of the body.
const LEAD_WORDS: usize = 400;

/// A trained relevance model.
#[derive(Debug, Clone)]
pub struct Relevance {
    weights: HashMap<u32, f32>,
}

/// Hashed features of an article: a bias and each distinct word (three
/// letters or more, lower-cased) of the title (marked apart) and lead.
pub fn article_features(title: Option<&str>, text: &str) -> Vec<u32> {
    let mut seen: HashSet<u32> = HashSet::new();
    let mut out = vec![fnv(b"bias")];
    let mut lower = String::new();
    let mut add = |prefix: u8, w: &str| {
        // FNV-1a of "{prefix}\0{word}", without building the string.
        let f = [prefix, 0]
            .iter()
            .chain(w.as_bytes())
            .fold(0x811c_9dc5u32, |h, &b| {
                (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
            });
        if seen.insert(f) {
            out.push(f);
        }
    };
    // Only the lead is read: the rest of a long article is never lower-cased.
    let mut words = |s: &str, limit: usize, f: &mut dyn FnMut(&str)| {
        let kept = s
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.chars().count() >= 3 && w.chars().any(char::is_alphabetic))
            .take(limit);
        for w in kept {
            if w.is_ascii() {
                lower.clear();
                lower.extend(w.chars().map(|c| c.to_ascii_lowercase()));
                f(&lower);
            } else {
                f(&w.to_lowercase());
            }
        }
    };
    words(title.unwrap_or(""), usize::MAX, &mut |w| {
        add(b't', w);
        add(b'w', w);
    });
    words(text, LEAD_WORDS, &mut |w| add(b'w', w));
    out
}

fn sigmoid(z: f32) -> f32 {
    1.0 / (1.0 + (-z).exp())
}

impl Relevance {
    /// The model shipped with Herald (`models/relevance.bin.gz`).
    pub fn shipped() -> Option<Arc<Relevance>> {
        SHIPPED.clone()
    }

    /// Probability a coder codes an article with these features.
    pub fn prob(&self, feats: &[u32]) -> f32 {
        sigmoid(feats.iter().filter_map(|f| self.weights.get(f)).sum())
    }

    /// Probability a coder codes this article.
    pub fn article(&self, a: &Article) -> f32 {
        self.prob(&article_features(a.title.as_deref(), &a.text))
    }

    /// Number of features with weights.
    pub fn len(&self) -> usize {
        self.weights.len()
    }

    pub fn is_empty(&self) -> bool {
        self.weights.is_empty()
    }

    /// Serialised, gzip-compressed: weights quantised to 16 bits.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut raw = Vec::new();
        raw.extend_from_slice(MAGIC);
        super::write_weights(&mut raw, &self.weights);
        super::gzip(&raw)
    }

    /// Reads a model written by [`Relevance::to_bytes`].
    pub fn from_bytes(gz: &[u8]) -> Result<Self, ModelError> {
        let raw = super::gunzip(gz)?;
        let mut r = super::Reader { b: &raw, at: 0 };
        if r.take(8)? != MAGIC {
            return Err(ModelError::Format("not a relevance model"));
        }
        let weights = super::read_weights(&mut r)?;
        if r.at != raw.len() {
            return Err(ModelError::Format("relevance: trailing bytes"));
        }
        Ok(Relevance { weights })
    }
}

/// What training measured, out of fold.
#[derive(Debug, Clone, Serialize)]
pub struct RelevanceReport {
    pub articles: usize,
    /// Articles the coders skipped as not political.
    pub skipped: usize,
    pub features: usize,
    /// Out of fold, at probability 0.5: share of articles classed right.
    pub accuracy: f64,
    /// Out of fold: share of skipped articles under 0.5, and share of the
    /// articles under 0.5 that were skipped.
    pub skipped_recall: f64,
    pub skipped_precision: f64,
    pub model_bytes: usize,
}

/// Reads article-relevance labels: every `*.jsonl` file of `dir`, one line
/// `{"article", "status": "political"|"skipped", "coder"}` per article
/// (`training/events/relevance/labels`). A missing folder reads as none.
pub fn read_labels(dir: &Path) -> Result<HashMap<String, bool>, TrainError> {
    #[derive(serde::Deserialize)]
    struct Line {
        article: String,
        status: String,
    }
    let mut out = HashMap::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(out);
    };
    let mut files: Vec<std::path::PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    files.sort();
    for f in files {
        let text = std::fs::read_to_string(&f).map_err(|source| TrainError::Io {
            path: f.clone(),
            source,
        })?;
        for (i, line) in text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
        {
            let bad = |why: String| TrainError::Data(format!("{}:{}: {why}", f.display(), i + 1));
            let l: Line = serde_json::from_str(line).map_err(|e| bad(e.to_string()))?;
            let political = match l.status.as_str() {
                "political" => true,
                "skipped" => false,
                other => return Err(bad(format!("status {other:?} is not political|skipped"))),
            };
            out.insert(l.article, political);
        }
    }
    Ok(out)
}

/// Fits the relevance model on every read or skipped event-labelled article
/// and on the articles of `extra` (relevance labels only: id → political);
/// returns it, its report and each article's out-of-fold probability.
pub fn train(
    articles: &[Article],
    set: &LabelSet,
    extra: &HashMap<String, bool>,
    epochs: usize,
) -> (Relevance, RelevanceReport, HashMap<String, f32>) {
    let label = |id: &str| -> Option<bool> {
        if set.skipped.contains(id) {
            Some(false)
        } else if set.read.contains(id) {
            Some(true)
        } else {
            extra.get(id).copied()
        }
    };
    let examples: Vec<(String, ScorerExample)> = articles
        .iter()
        .filter_map(|a| label(&a.id).map(|y| (a, y)))
        .map(|(a, y)| {
            let e = ScorerExample {
                feats: article_features(a.title.as_deref(), &a.text),
                y,
                doc: 0,
                matched: Vec::new(),
                fold: fold_of(&a.id),
            };
            (a.id.clone(), e)
        })
        .collect();
    let mut oof = HashMap::new();
    for k in 0..5 {
        let train: Vec<&ScorerExample> = examples
            .iter()
            .map(|(_, e)| e)
            .filter(|e| e.fold != k)
            .collect();
        let m = Relevance {
            weights: fit(&train, epochs, 2),
        };
        for (id, e) in examples.iter().filter(|(_, e)| e.fold == k) {
            oof.insert(id.clone(), m.prob(&e.feats));
        }
    }
    let all: Vec<&ScorerExample> = examples.iter().map(|(_, e)| e).collect();
    let model = Relevance {
        weights: fit(&all, epochs, 2),
    };
    let (mut right, mut skipped, mut low, mut low_skipped) = (0, 0, 0, 0);
    for (id, e) in &examples {
        let p = oof[id];
        right += usize::from((p >= 0.5) == e.y);
        skipped += usize::from(!e.y);
        low += usize::from(p < 0.5);
        low_skipped += usize::from(p < 0.5 && !e.y);
    }
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    let report = RelevanceReport {
        articles: examples.len(),
        skipped,
        features: model.len(),
        accuracy: ratio(right, examples.len()),
        skipped_recall: ratio(low_skipped, skipped),
        skipped_precision: ratio(low_skipped, low),
        model_bytes: model.to_bytes().len(),
    };
    (model, report, oof)
}

static SHIPPED_BYTES: &[u8] = include_bytes!("../../models/relevance.bin.gz");

static SHIPPED: LazyLock<Option<Arc<Relevance>>> = LazyLock::new(|| {
    Relevance::from_bytes(SHIPPED_BYTES)
        .ok()
        .filter(|m| !m.is_empty())
        .map(Arc::new)
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn features_are_distinct_words_of_title_and_lead() {
        let f = article_features(
            Some("Army shells the city"),
            "The army shelled the city. The army",
        );
        // bias, t/w for 4 title words (army, shells, the, city), then body words not seen.
        let g = article_features(Some("Army shells the city"), "The army shelled the city.");
        assert_eq!(f, g, "repeated words add nothing");
        assert!(f.contains(&fnv("t\u{0}army".as_bytes())));
        assert!(f.contains(&fnv("w\u{0}shelled".as_bytes())));
        assert!(!f.contains(&fnv("w\u{0}of".as_bytes())));
    }

    #[test]
    fn trained_model_separates_sport_from_politics_and_round_trips() {
        let mut articles = Vec::new();
        let mut set = LabelSet::default();
        for i in 0..60 {
            let (id, text, political) = if i % 2 == 0 {
                (
                    format!("p{i}"),
                    format!(
                        "The government and the army said parliament would vote on sanctions {i}."
                    ),
                    true,
                )
            } else {
                (
                    format!("s{i}"),
                    format!("The striker scored twice as the club won the league match {i}."),
                    false,
                )
            };
            let a = Article {
                id: id.clone(),
                text,
                title: Some(
                    if political {
                        "Minister speaks"
                    } else {
                        "Cup final"
                    }
                    .into(),
                ),
                ..Default::default()
            };
            if political {
                set.read.insert(id.clone());
            } else {
                set.skipped.insert(id.clone());
            }
            articles.push(a);
        }
        let (m, report, oof) = train(&articles, &set, &HashMap::new(), 8);
        assert_eq!(report.articles, 60);
        assert!(report.accuracy > 0.9, "{report:?}");
        assert!(oof["p0"] > 0.5 && oof["s1"] < 0.5);
        let back = Relevance::from_bytes(&m.to_bytes()).unwrap();
        let a = Article {
            text: "The club won the match after the striker scored.".into(),
            ..Default::default()
        };
        assert!((back.article(&a) - m.article(&a)).abs() < 1e-3);
        assert!(back.article(&a) < 0.5);
        assert!(Relevance::from_bytes(b"not a model").is_err());
    }
}
