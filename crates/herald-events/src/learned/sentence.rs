//! A sentence classifier for ConfliBERT's 5-class CAMEO task (0 verbal
//! cooperation … 4 material conflict, as in its `cameo_class_train.tsv`):
//! softmax regression over hashed lemma uni- and bigrams plus the trigger
//! model's root predictions for the sentence's verbs and event nouns.
//! [`evaluate`] holds out one row in five by an FNV hash of the text (the
//! same split as `training/events/conflibert_baseline.py`).

use herald_core::Article;
use serde::Serialize;

use super::train::{Example, fit};
use super::{CLASSES, TriggerModel, features, is_candidate, softmax};
use crate::actors::{self, Aliases};
use crate::words::words;

/// FNV-1a, 32 bits.
pub fn fnv(bytes: &[u8]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for &b in bytes {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// Held-out rows: FNV-1a of the text, modulo 5, is 0.
pub fn held_out(text: &str) -> bool {
    fnv(text.as_bytes()).is_multiple_of(5)
}

fn feat(name: &str, value: &str) -> u32 {
    fnv(format!("{name}\u{0}{value}").as_bytes())
}

/// Features of an analysed one-sentence article.
pub fn sentence_features(a: &Article, trigger: Option<&TriggerModel>) -> Vec<u32> {
    let mut f = vec![feat("bias", "")];
    let mut aliases = Aliases::new();
    for s in &a.sentences {
        let ws = words(s);
        for (k, w) in ws.iter().enumerate() {
            f.push(feat("lemma", &w.lemma));
            let prev = if k == 0 {
                "<s>"
            } else {
                ws[k - 1].lemma.as_str()
            };
            f.push(feat("bigram", &format!("{prev}|{}", w.lemma)));
        }
        let Some(model) = trigger else { continue };
        let ms = actors::find(&ws, &mut aliases, None);
        for i in 0..ws.len() {
            if !is_candidate(&ws, i, model) {
                continue;
            }
            let p = model.probs(&features(&ws, i, &ms));
            for (k, &x) in p.iter().enumerate().skip(1) {
                // The root's probability, in steps of a fifth.
                for step in 1..=4 {
                    if x >= step as f32 * 0.2 {
                        f.push(feat("root", &format!("{}|{step}", CLASSES[k])));
                    }
                }
            }
        }
    }
    f.sort_unstable();
    f.dedup();
    f
}

/// Accuracy of the classifier on the held-out fifth.
#[derive(Debug, Clone, Serialize)]
pub struct SentenceReport {
    pub train: usize,
    pub test: usize,
    /// Lemma n-grams only.
    pub accuracy_ngrams: f64,
    /// Lemma n-grams and the trigger model's root scores.
    pub accuracy_with_roots: f64,
}

/// Trains and scores on (text, label 0–4) rows, analysing each text with
/// `analyze`.
pub fn evaluate(rows: &[(String, usize)], analyze: &dyn Fn(&mut Article)) -> SentenceReport {
    let articles: Vec<(Article, usize, bool)> = rows
        .iter()
        .filter(|(_, y)| *y < 5)
        .map(|(t, y)| {
            let mut a = Article {
                id: format!("{:08x}", fnv(t.as_bytes())),
                text: t.clone(),
                ..Default::default()
            };
            analyze(&mut a);
            (a, *y, held_out(t))
        })
        .collect();
    let accuracy = |trigger: Option<&TriggerModel>| {
        let mut train = Vec::new();
        let mut test = Vec::new();
        for (a, y, h) in &articles {
            let e = Example {
                feats: sentence_features(a, trigger),
                class: *y,
                rule: None,
            };
            if *h { &mut test } else { &mut train }.push(e);
        }
        let w = fit(&train, 10, 1);
        let right = test
            .iter()
            .filter(|e| {
                let mut z = [0f32; CLASSES.len()];
                for f in &e.feats {
                    if let Some(row) = w.get(f) {
                        for (a, b) in z.iter_mut().zip(row) {
                            *a += b;
                        }
                    }
                }
                softmax(&mut z[..5]);
                let best = (0..5).max_by(|&a, &b| z[a].total_cmp(&z[b])).unwrap_or(0);
                best == e.class
            })
            .count();
        (
            train.len(),
            test.len(),
            right as f64 / test.len().max(1) as f64,
        )
    };
    let (train, test, accuracy_ngrams) = accuracy(None);
    let (_, _, accuracy_with_roots) = accuracy(TriggerModel::shipped());
    SentenceReport {
        train,
        test,
        accuracy_ngrams,
        accuracy_with_roots,
    }
}
