//! A sentence classifier for ConfliBERT's 5-class CAMEO task (0 verbal
//! cooperation … 4 material conflict, as in its `cameo_class_train.tsv`):
//! softmax regression over TF-IDF weighted, L2-normalised word and lemma
//! uni- and bigrams plus the trigger model's root predictions for the
//! sentence's verbs and event nouns. [`evaluate`] holds out one row in five
//! by an FNV hash of the text (the same split as
//! `training/events/conflibert_baseline.py`); the regularisation and the
//! number of passes are chosen by five-fold cross-validation on the other
//! four fifths only.

use std::collections::HashMap;

use herald_core::Article;
use serde::Serialize;

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

/// Features of an analysed one-sentence article, repeated as often as they
/// occur (term counts).
pub fn sentence_features(a: &Article, trigger: Option<&TriggerModel>) -> Vec<u32> {
    let mut f = vec![feat("bias", "")];
    let mut aliases = Aliases::new();
    for s in &a.sentences {
        let ws = words(s);
        for (k, w) in ws.iter().enumerate() {
            f.push(feat("lemma", &w.lemma));
            f.push(feat("word", &w.lower));
            let (prev, prev_word) = if k == 0 {
                ("<s>", "<s>")
            } else {
                (ws[k - 1].lemma.as_str(), ws[k - 1].lower.as_str())
            };
            f.push(feat("bigram", &format!("{prev}|{}", w.lemma)));
            f.push(feat("word-bigram", &format!("{prev_word}|{}", w.lower)));
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
    f
}

const K: usize = 5;

/// A row of weighted features (TF-IDF, L2-normalised) and its class.
struct Row {
    feats: Vec<(u32, f32)>,
    class: usize,
}

/// Inverse document frequencies of the features of `docs`.
fn idf(docs: &[&Vec<u32>]) -> HashMap<u32, f32> {
    let mut df: HashMap<u32, u32> = HashMap::new();
    for d in docs {
        let mut prev = None;
        for &f in d.iter() {
            if prev != Some(f) {
                *df.entry(f).or_default() += 1;
            }
            prev = Some(f);
        }
    }
    let n = docs.len() as f32;
    df.into_iter()
        .map(|(f, c)| (f, ((1.0 + n) / (1.0 + c as f32)).ln() + 1.0))
        .collect()
}

/// Sublinear term frequency times IDF, L2-normalised; features unseen in
/// training are dropped.
fn weigh(sorted: &[u32], idf: &HashMap<u32, f32>, class: usize) -> Row {
    let mut feats: Vec<(u32, f32)> = Vec::new();
    let mut k = 0;
    while k < sorted.len() {
        let f = sorted[k];
        let run = sorted[k..].iter().take_while(|&&g| g == f).count();
        k += run;
        if let Some(&w) = idf.get(&f) {
            feats.push((f, (1.0 + (run as f32).ln()) * w));
        }
    }
    let norm = feats
        .iter()
        .map(|(_, v)| v * v)
        .sum::<f32>()
        .sqrt()
        .max(1e-9);
    for (_, v) in &mut feats {
        *v /= norm;
    }
    Row { feats, class }
}

/// Softmax regression by stochastic gradient descent with L2 weight decay.
fn fit_rows(rows: &[&Row], epochs: usize, l2: f32) -> HashMap<u32, [f32; K]> {
    let mut w: HashMap<u32, [f32; K]> = HashMap::new();
    let mut order: Vec<usize> = (0..rows.len()).collect();
    let mut rng: u64 = 0x2545_F491_4F6C_DD1D;
    for epoch in 0..epochs {
        super::shuffle(&mut order, &mut rng);
        let lr = 1.0 / (1.0 + 0.5 * epoch as f32);
        for &i in &order {
            let r = rows[i];
            let mut z = logits(&w, r);
            softmax(&mut z);
            z[r.class] -= 1.0;
            for &(f, v) in &r.feats {
                let row = w.entry(f).or_insert([0.0; K]);
                for (x, g) in row.iter_mut().zip(&z) {
                    *x -= lr * (g * v + l2 * *x);
                }
            }
        }
    }
    w
}

fn logits(w: &HashMap<u32, [f32; K]>, r: &Row) -> [f32; K] {
    let mut z = [0f32; K];
    for &(f, v) in &r.feats {
        if let Some(row) = w.get(&f) {
            for (a, b) in z.iter_mut().zip(row) {
                *a += b * v;
            }
        }
    }
    z
}

fn accuracy(w: &HashMap<u32, [f32; K]>, rows: &[&Row]) -> f64 {
    let right = rows
        .iter()
        .filter(|r| {
            let z = logits(w, r);
            (0..K).max_by(|&a, &b| z[a].total_cmp(&z[b])) == Some(r.class)
        })
        .count();
    right as f64 / rows.len().max(1) as f64
}

/// The settings cross-validation may choose among: (passes, L2 decay).
const GRID: [(usize, f32); 6] = [
    (10, 1e-4),
    (10, 1e-5),
    (20, 1e-4),
    (20, 1e-5),
    (40, 1e-5),
    (40, 1e-6),
];

/// Trains on `train` and scores `test`, the settings chosen by five-fold
/// cross-validation inside `train`: (accuracy, settings, CV accuracy).
fn train_and_score(
    train: &[(Vec<u32>, usize)],
    test: &[(Vec<u32>, usize)],
) -> (f64, (usize, f32), f64) {
    let rows_of = |fit_on: &[&(Vec<u32>, usize)], score_on: &[&(Vec<u32>, usize)]| {
        let idf = idf(&fit_on.iter().map(|(f, _)| f).collect::<Vec<_>>());
        let a: Vec<Row> = fit_on.iter().map(|(f, y)| weigh(f, &idf, *y)).collect();
        let b: Vec<Row> = score_on.iter().map(|(f, y)| weigh(f, &idf, *y)).collect();
        (a, b)
    };
    let mut best = (f64::MIN, GRID[0]);
    for &(epochs, l2) in &GRID {
        let mut right = 0.0;
        for fold in 0..5 {
            let (fit_on, score_on): (Vec<_>, Vec<_>) =
                train.iter().enumerate().partition(|(i, _)| i % 5 != fold);
            let fit_on: Vec<_> = fit_on.into_iter().map(|(_, r)| r).collect();
            let score_on: Vec<_> = score_on.into_iter().map(|(_, r)| r).collect();
            let (a, b) = rows_of(&fit_on, &score_on);
            let w = fit_rows(&a.iter().collect::<Vec<_>>(), epochs, l2);
            right += accuracy(&w, &b.iter().collect::<Vec<_>>()) * b.len() as f64;
        }
        let cv = right / train.len().max(1) as f64;
        if cv > best.0 {
            best = (cv, (epochs, l2));
        }
    }
    let (a, b) = rows_of(
        &train.iter().collect::<Vec<_>>(),
        &test.iter().collect::<Vec<_>>(),
    );
    let w = fit_rows(&a.iter().collect::<Vec<_>>(), best.1.0, best.1.1);
    (accuracy(&w, &b.iter().collect::<Vec<_>>()), best.1, best.0)
}

/// Accuracy of the classifier on the held-out fifth.
#[derive(Debug, Clone, Serialize)]
pub struct SentenceReport {
    pub train: usize,
    pub test: usize,
    /// Word and lemma n-grams only.
    pub accuracy_ngrams: f64,
    /// N-grams and the trigger model's root scores.
    pub accuracy_with_roots: f64,
    /// Five-fold cross-validation accuracy on the training rows of the
    /// setting chosen (with roots), and the setting: passes, L2 decay.
    pub cv_accuracy: f64,
    pub epochs: usize,
    pub l2: f32,
}

/// Trains and scores on (text, label 0–4) rows, analysing each text with
/// `analyze`.
pub fn evaluate(rows: &[(String, usize)], analyze: &dyn Fn(&mut Article)) -> SentenceReport {
    let articles: Vec<(Article, usize, bool)> = rows
        .iter()
        .filter(|(_, y)| *y < K)
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
    let split = |trigger: Option<&TriggerModel>| {
        let (mut train, mut test) = (Vec::new(), Vec::new());
        for (a, y, h) in &articles {
            let row = (sentence_features(a, trigger), *y);
            if *h { &mut test } else { &mut train }.push(row);
        }
        (train, test)
    };
    let (train, test) = split(None);
    let (accuracy_ngrams, _, _) = train_and_score(&train, &test);
    let (train, test) = split(TriggerModel::shipped());
    let (accuracy_with_roots, (epochs, l2), cv_accuracy) = train_and_score(&train, &test);
    SentenceReport {
        train: train.len(),
        test: test.len(),
        accuracy_ngrams,
        accuracy_with_roots,
        cv_accuracy,
        epochs,
        l2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_sublinear_tf_idf_and_unit_length() {
        let docs = [vec![1, 1, 2], vec![2, 3]];
        let idf = idf(&docs.iter().collect::<Vec<_>>());
        // Feature 2 is in both documents, 1 only in the first.
        assert!(idf[&1] > idf[&2]);
        let row = weigh(&[1, 1, 2, 9], &idf, 0);
        assert_eq!(row.feats.len(), 2, "unseen feature 9 dropped");
        let norm: f32 = row.feats.iter().map(|(_, v)| v * v).sum();
        assert!((norm - 1.0).abs() < 1e-5);
        let (w1, w2) = (row.feats[0].1, row.feats[1].1);
        let expect = (1.0 + 2f32.ln()) * idf[&1] / idf[&2];
        assert!((w1 / w2 - expect).abs() < 1e-4, "{w1} {w2}");
    }

    #[test]
    fn learns_separable_classes_and_cross_validation_picks_a_setting() {
        // Class k is marked by feature 100 + k, with shared noise features.
        let data: Vec<(Vec<u32>, usize)> = (0..60)
            .map(|i| {
                let k = (i / 5) % K;
                let mut f = vec![0, 100 + k as u32, 7 + (i % 3) as u32];
                f.sort_unstable();
                (f, k)
            })
            .collect();
        let (train, test) = data.split_at(45);
        let (acc, (epochs, _), cv) = train_and_score(train, test);
        assert!(acc > 0.99 && cv > 0.99, "{acc} {cv}");
        assert!(GRID.iter().any(|g| g.0 == epochs));
    }
}
