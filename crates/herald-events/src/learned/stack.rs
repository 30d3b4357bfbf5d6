//! Training the event scorer ([`super::scorer`]) by stacking.
//!
//! The scorer must learn how the coder's proposals behave on text the
//! trigger model has not seen, so every labelled article is coded with a
//! trigger model trained without it: articles fall in five folds by a hash
//! of their id ([`super::train::fold_of`]), and fold *k* is coded by the
//! model fitted on the other four. Each proposal that the dev-set scorer
//! counts (not negated, not a root-01 statement) becomes an example: its
//! features, and whether it matches a hand-coded event of the article at
//! (source country, target country, root), as `herald eval events` scores
//! it. Events proposed in articles skipped as not political are negatives.
//!
//! The threshold is chosen on out-of-fold probabilities (a scorer fitted on
//! four folds scores the fifth) for the best event F1, with events in
//! `none` and `skipped` articles counted as false; the shipped scorer is
//! then fitted on all folds.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use herald_core::{Article, Event};
use serde::Serialize;

use super::TriggerModel;
use super::scorer::{EventScorer, event_features};
use super::train::{LabelSet, fold_of};
use crate::Coder;
use crate::eval_real::{RealEvent, matches};

/// How an article was read by the coders.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Coded,
    None,
    Skipped,
}

/// One proposed event as a training example.
#[derive(Debug, Clone)]
pub struct ScorerExample {
    pub feats: Vec<u32>,
    pub y: bool,
    /// Index of its article in [`Stack::docs`].
    pub doc: usize,
    /// Gold events of the article it matches (by index).
    pub matched: Vec<usize>,
    pub fold: u32,
}

/// A labelled article: how it was read and how many events it holds.
#[derive(Debug, Clone)]
pub struct Doc {
    pub status: Status,
    pub gold: usize,
}

/// Out-of-fold examples of every labelled article.
#[derive(Debug, Default)]
pub struct Stack {
    pub examples: Vec<ScorerExample>,
    pub docs: Vec<Doc>,
}

/// Whether the dev-set scorer counts an event (not negated, not root 01).
pub fn counted(e: &Event) -> bool {
    !e.negated && !e.cameo.starts_with("01")
}

/// Codes each labelled article with the trigger model of its fold (`folds[k]`
/// trained without fold k) and turns the proposals into examples.
/// `propose` is the trigger probability from which the fold models propose
/// (`None`: each model's own threshold).
pub fn oof_examples(
    articles: &[Article],
    set: &LabelSet,
    folds: &[Arc<TriggerModel>],
    propose: Option<f32>,
    relevance: &HashMap<String, f32>,
) -> Stack {
    let mut gold: HashMap<&str, Vec<RealEvent>> = HashMap::new();
    for l in &set.labels {
        gold.entry(l.article.as_str()).or_default().push(RealEvent {
            article: l.article.clone(),
            sentence: l.sentence.clone(),
            trigger: l.trigger.clone(),
            source: l.source.clone(),
            target: l.target.clone(),
            cameo: l.cameo.clone(),
            date: None,
        });
    }
    let coders: Vec<Coder> = folds
        .iter()
        .map(|m| Coder::with_models(Some(m.clone()), None).proposing_at(propose))
        .collect();
    let mut stack = Stack::default();
    for a in articles {
        let golds = gold.get(a.id.as_str()).map_or(&[][..], |g| g.as_slice());
        let status = if set.skipped.contains(&a.id) {
            Status::Skipped
        } else if !set.read.contains(&a.id) {
            continue;
        } else if golds.is_empty() {
            Status::None
        } else {
            Status::Coded
        };
        let fold = fold_of(&a.id);
        let events = coders[fold as usize % coders.len()].process(a);
        let doc = stack.docs.len();
        stack.docs.push(Doc {
            status,
            gold: golds.len(),
        });
        for (i, e) in events.iter().enumerate() {
            if !counted(e) {
                continue;
            }
            let matched: Vec<usize> = (0..golds.len())
                .filter(|&g| matches(&golds[g], e, false))
                .collect();
            stack.examples.push(ScorerExample {
                feats: event_features(
                    &a.text,
                    &a.sentences,
                    &events,
                    i,
                    relevance.get(&a.id).copied(),
                ),
                y: !matched.is_empty(),
                doc,
                matched,
                fold,
            });
        }
    }
    stack
}

/// Fits a logistic regression by AdaGrad; features seen fewer than
/// `min_count` times get no weight. Deterministic.
pub fn fit(data: &[&ScorerExample], epochs: usize, min_count: u32) -> HashMap<u32, f32> {
    let mut count: HashMap<u32, u32> = HashMap::new();
    for e in data {
        for &f in &e.feats {
            *count.entry(f).or_default() += 1;
        }
    }
    let mut w: HashMap<u32, (f32, f32)> = count
        .iter()
        .filter(|&(_, &c)| c >= min_count)
        .map(|(&f, _)| (f, (0.0, 1e-8)))
        .collect();
    let mut order: Vec<usize> = (0..data.len()).collect();
    let mut rng: u64 = 0x2545_F491_4F6C_DD1D;
    // Chosen by out-of-fold F1 on the training labels among l2 0.001–0.1,
    // learning rate 0.1–0.3 (all within 0.01 of each other).
    let (lr, l2) = (0.1f32, 1e-3f32);
    for _ in 0..epochs {
        super::shuffle(&mut order, &mut rng);
        for &k in &order {
            let e = data[k];
            let z: f32 = e.feats.iter().filter_map(|f| w.get(f)).map(|x| x.0).sum();
            let g = 1.0 / (1.0 + (-z).exp()) - f32::from(u8::from(e.y));
            for f in &e.feats {
                if let Some((x, acc)) = w.get_mut(f) {
                    let grad = g + l2 * *x;
                    *acc += grad * grad;
                    *x -= lr * grad / acc.sqrt();
                }
            }
        }
    }
    w.into_iter()
        .filter(|(_, (x, _))| x.abs() > 1e-4)
        .map(|(f, (x, _))| (f, x))
        .collect()
}

/// Event-level figures at one threshold, as `herald eval events` counts
/// them (precision over `coded` articles), plus precision with the events
/// of `none` and `skipped` articles counted as false.
#[derive(Debug, Clone, Serialize)]
pub struct Measure {
    pub threshold: f32,
    pub recall: f64,
    pub precision: f64,
    pub f1: f64,
    pub precision_all: f64,
    pub f1_all: f64,
    pub false_alarms_none: f64,
    pub false_alarms_skipped: f64,
}

/// Scores the kept examples (probability ≥ `t`) of a stack.
pub fn measure(stack: &Stack, probs: &[f32], t: f32) -> Measure {
    let mut found: HashSet<(usize, usize)> = HashSet::new();
    let (mut emitted, mut correct, mut alarms_none, mut alarms_skipped) = (0, 0, 0, 0);
    for (e, &p) in stack.examples.iter().zip(probs) {
        if p < t {
            continue;
        }
        match stack.docs[e.doc].status {
            Status::Coded => {
                emitted += 1;
                correct += usize::from(e.y);
                found.extend(e.matched.iter().map(|&g| (e.doc, g)));
            }
            Status::None => alarms_none += 1,
            Status::Skipped => alarms_skipped += 1,
        }
    }
    let n = |s: Status| stack.docs.iter().filter(|d| d.status == s).count().max(1);
    let gold: usize = stack.docs.iter().map(|d| d.gold).sum();
    let recall = found.len() as f64 / gold.max(1) as f64;
    let precision = correct as f64 / emitted.max(1) as f64;
    let precision_all = correct as f64 / (emitted + alarms_none + alarms_skipped).max(1) as f64;
    Measure {
        threshold: t,
        recall,
        precision,
        f1: crate::eval::harmonic(precision, recall),
        precision_all,
        f1_all: crate::eval::harmonic(precision_all, recall),
        false_alarms_none: alarms_none as f64 / n(Status::None) as f64,
        false_alarms_skipped: alarms_skipped as f64 / n(Status::Skipped) as f64,
    }
}

/// What training the scorer fitted and measured.
#[derive(Debug, Clone, Serialize)]
pub struct ScorerReport {
    pub articles: usize,
    pub examples: usize,
    pub positives: usize,
    pub features: usize,
    /// Out of fold, every proposal kept (the coder without a scorer).
    pub without: Measure,
    /// Out of fold at each threshold tried.
    pub thresholds: Vec<Measure>,
    /// Out of fold at the chosen threshold.
    pub chosen: Measure,
    /// Trigger probability from which the trigger model proposed the
    /// events the scorer was trained on (`None`: its own threshold).
    pub propose: Option<f32>,
    /// Out of fold at the best scorer threshold for each proposal floor
    /// tried (the shipped floor has the best F1).
    pub floors: Vec<Floor>,
    pub model_bytes: usize,
}

/// The scorer's out-of-fold figures when the trigger model proposes from one floor.
#[derive(Debug, Clone, Serialize)]
pub struct Floor {
    pub propose: Option<f32>,
    pub examples: usize,
    pub without: Measure,
    pub chosen: Measure,
}

/// Trigger-probability floors tried for proposals (`None`: the model's own
/// threshold, chosen for the trigger model alone).
pub const FLOORS: [Option<f32>; 4] = [None, Some(0.1), Some(0.05), Some(0.02)];

/// Fits the scorer on a stack: threshold from out-of-fold probabilities,
/// weights from all folds.
pub fn train_scorer(stack: &Stack, epochs: usize) -> (EventScorer, ScorerReport) {
    let mut probs = vec![0f32; stack.examples.len()];
    for k in 0..5 {
        let train: Vec<&ScorerExample> = stack.examples.iter().filter(|e| e.fold != k).collect();
        let s = EventScorer::new(fit(&train, epochs, 2), 0.0);
        for (p, e) in probs.iter_mut().zip(&stack.examples) {
            if e.fold == k {
                *p = s.prob(&e.feats);
            }
        }
    }
    // 0.01 … 0.30 by 0.01 (the optimum lies on a flat stretch there: a
    // coarse grid made it jump between 0.10 and 0.15 from one retraining to
    // the next), then 0.35 … 0.90 by 0.05.
    let grid = (1..31)
        .map(|k| k as f32 * 0.01)
        .chain((7..19).map(|k| k as f32 * 0.05));
    let thresholds: Vec<Measure> = grid.map(|t| measure(stack, &probs, t)).collect();
    let chosen = thresholds
        .iter()
        .max_by(|a, b| a.f1_all.total_cmp(&b.f1_all))
        .cloned()
        .unwrap_or_else(|| measure(stack, &probs, 0.0));
    let all: Vec<&ScorerExample> = stack.examples.iter().collect();
    let scorer = EventScorer::new(fit(&all, epochs, 2), chosen.threshold);
    let report = ScorerReport {
        articles: stack.docs.len(),
        examples: stack.examples.len(),
        positives: stack.examples.iter().filter(|e| e.y).count(),
        features: scorer.len(),
        without: measure(stack, &probs, 0.0),
        thresholds,
        chosen,
        propose: None,
        floors: Vec::new(),
        model_bytes: scorer.to_bytes().len(),
    };
    (scorer, report)
}

/// Trains one trigger model per fold, codes every labelled article out of
/// fold and fits the scorer on the proposals.
pub fn train_stacked(
    articles: &[Article],
    set: &LabelSet,
    epochs: usize,
    relevance: &HashMap<String, f32>,
) -> Result<(EventScorer, ScorerReport), super::train::TrainError> {
    let folds = (0..5)
        .map(|k| super::train::train_fold(articles, set, epochs, k).map(|(m, _)| Arc::new(m)))
        .collect::<Result<Vec<_>, _>>()?;
    // Each floor: code out of fold, fit and measure; the best F1 is shipped.
    let mut best: Option<(EventScorer, ScorerReport)> = None;
    let mut floors = Vec::new();
    for floor in FLOORS {
        let stack = oof_examples(articles, set, &folds, floor, relevance);
        let (scorer, report) = train_scorer(&stack, epochs);
        floors.push(Floor {
            propose: floor,
            examples: report.examples,
            without: report.without.clone(),
            chosen: report.chosen.clone(),
        });
        if best
            .as_ref()
            .is_none_or(|(_, b)| report.chosen.f1_all > b.chosen.f1_all)
        {
            best = Some((
                scorer.proposing_at(floor),
                ScorerReport {
                    propose: floor,
                    ..report
                },
            ));
        }
    }
    let (scorer, mut report) =
        best.ok_or_else(|| super::train::TrainError::Data("no proposal floor".into()))?;
    report.floors = floors;
    report.model_bytes = scorer.to_bytes().len();
    Ok((scorer, report))
}
