//! Training the trigger model from hand-coded Wikinews labels.
//!
//! Labels (`training/events/labels/*.jsonl`) name a sentence and its trigger
//! words verbatim; the articles come from the Wikinews corpus. Each article
//! is analysed by the caller's language layer, each gold trigger is aligned
//! to the head token of its words, and every other candidate token of an
//! article read in full is a negative. Articles are split 80/20 by a hash of
//! their id; the model is fitted on the 80%, the emission threshold is the
//! one with the best trigger F1 on the 20%.

use std::collections::{HashMap, HashSet};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

use herald_core::Article;
use serde::{Deserialize, Serialize};

use super::{CLASSES, TriggerModel, class_of, features, is_candidate, softmax};
use crate::actors::{self, Aliases};
use crate::words::{Word, words};

/// One hand-coded event (only the fields the trigger model needs).
#[derive(Debug, Clone, Deserialize)]
pub struct Label {
    pub article: String,
    pub sentence: String,
    pub trigger: String,
    pub cameo: String,
    #[serde(default)]
    pub source: String,
    #[serde(default)]
    pub target: String,
}

#[derive(Debug, Deserialize)]
struct Line {
    article: String,
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    sentence: Option<String>,
    #[serde(default)]
    trigger: Option<String>,
    #[serde(default)]
    cameo: Option<String>,
    #[serde(default)]
    source: String,
    #[serde(default)]
    target: String,
}

/// Labels, the articles read in full (status `coded` or `none`) and the
/// articles skipped as not political (no event should be coded in them).
#[derive(Debug, Default)]
pub struct LabelSet {
    pub labels: Vec<Label>,
    pub read: HashSet<String>,
    pub skipped: HashSet<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum TrainError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{0}")]
    Data(String),
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> TrainError + '_ {
    move |source| TrainError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Reads the label files of several folders (an article read in two is read).
pub fn read_label_dirs(dirs: &[PathBuf]) -> Result<LabelSet, TrainError> {
    let mut set = LabelSet::default();
    for d in dirs {
        let s = read_labels(d)?;
        set.read.extend(s.read);
        set.skipped.extend(s.skipped);
        set.labels.extend(s.labels);
    }
    Ok(set)
}

/// Reads every `*.jsonl` label file of a folder.
pub fn read_labels(dir: &Path) -> Result<LabelSet, TrainError> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(io(dir))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    files.sort();
    let mut set = LabelSet::default();
    for f in files {
        let text = std::fs::read_to_string(&f).map_err(io(&f))?;
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let Ok(l) = serde_json::from_str::<Line>(line) else {
                continue;
            };
            match (l.status, l.sentence, l.trigger, l.cameo) {
                (Some(st), ..) if st == "coded" || st == "none" => {
                    set.read.insert(l.article);
                }
                (Some(st), ..) if st == "skipped" => {
                    set.skipped.insert(l.article);
                }
                (Some(_), ..) => {}
                (None, Some(sentence), Some(trigger), Some(cameo)) => set.labels.push(Label {
                    article: l.article,
                    sentence,
                    trigger,
                    cameo,
                    source: l.source,
                    target: l.target,
                }),
                _ => {}
            }
        }
    }
    Ok(set)
}

/// The articles of a Wikinews JSONL(.gz) dump whose ids are wanted.
pub fn read_articles(path: &Path, wanted: &HashSet<String>) -> Result<Vec<Article>, TrainError> {
    #[derive(Deserialize)]
    struct Raw {
        id: String,
        #[serde(default)]
        published: Option<String>,
        #[serde(default)]
        text: String,
    }
    let file = std::fs::File::open(path).map_err(io(path))?;
    let reader: Box<dyn BufRead> = if path.extension().is_some_and(|x| x == "gz") {
        Box::new(BufReader::new(flate2::read::GzDecoder::new(file)))
    } else {
        Box::new(BufReader::new(file))
    };
    let mut out = Vec::new();
    for line in reader.lines() {
        let line = line.map_err(io(path))?;
        let Ok(r) = serde_json::from_str::<Raw>(&line) else {
            continue;
        };
        if wanted.contains(&r.id) {
            out.push(Article {
                id: r.id,
                published: r.published,
                text: r.text,
                ..Default::default()
            });
        }
    }
    out.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(out)
}

/// Which of five folds an article falls in, by an FNV hash of its id.
pub fn fold_of(article: &str) -> u32 {
    super::sentence::fnv(article.as_bytes()) % 5
}

/// Held-out articles: fold 0, one in five.
pub fn held_out(article: &str) -> bool {
    fold_of(article) == 0
}

/// How the gold triggers met the analysed text.
#[derive(Debug, Default, Clone, Serialize)]
pub struct AlignStats {
    pub labels: usize,
    /// Root 01 or unknown codes: not trigger classes.
    pub no_class: usize,
    pub sentence_not_found: usize,
    pub trigger_not_found: usize,
    pub aligned: usize,
    /// Aligned to a token that is not a candidate (not a verb or event noun).
    pub not_candidate: usize,
    /// Two labels on one token with different roots (the first is kept).
    pub conflicts: usize,
}

/// A gold trigger at (sentence, token) of an analysed article.
type Gold = HashMap<(usize, usize), usize>;

/// Aligns an article's labels to tokens of its analysed sentences.
pub fn align(article: &Article, labels: &[&Label], stats: &mut AlignStats) -> Gold {
    let text = article.text.as_str();
    let mut gold = Gold::new();
    for l in labels {
        stats.labels += 1;
        let Some(class) = class_of(&l.cameo) else {
            stats.no_class += 1;
            continue;
        };
        let Some(s0) = text.find(l.sentence.trim()) else {
            stats.sentence_not_found += 1;
            continue;
        };
        let s1 = s0 + l.sentence.trim().len();
        // Trigger words, each found after the one before.
        let mut ranges = Vec::new();
        let mut at = s0;
        for word in l.trigger.split_whitespace() {
            match text.get(at..s1).and_then(|t| t.find(word)) {
                Some(k) => {
                    ranges.push((at + k, at + k + word.len()));
                    at += k + word.len();
                }
                None => {
                    ranges.clear();
                    break;
                }
            }
        }
        let mut toks = Vec::new();
        for s in &article.sentences {
            if s.span.end <= s0 || s.span.start >= s1 {
                continue;
            }
            for (t, tok) in s.tokens.iter().enumerate() {
                if ranges
                    .iter()
                    .any(|&(a, b)| tok.span.start < b && tok.span.end > a)
                {
                    toks.push((s.index, t));
                }
            }
        }
        if toks.is_empty() {
            stats.trigger_not_found += 1;
            continue;
        }
        // Head: a verb or noun of the trigger whose head lies outside it.
        let sent = |si: usize| article.sentences.iter().find(|s| s.index == si);
        let head = toks
            .iter()
            .copied()
            .filter(|&(si, t)| {
                sent(si).is_some_and(|s| {
                    let tok = &s.tokens[t];
                    matches!(tok.upos.as_str(), "VERB" | "NOUN")
                        && !tok.head.is_some_and(|h| toks.contains(&(si, h)))
                })
            })
            .chain(toks.iter().copied())
            .next();
        let Some(key) = head else { continue };
        stats.aligned += 1;
        match gold.get(&key) {
            Some(&c) if c != class => stats.conflicts += 1,
            Some(_) => {}
            None => {
                gold.insert(key, class);
            }
        }
    }
    gold
}

/// A training example: hashed features and the class.
#[derive(Debug, Clone)]
pub struct Example {
    pub feats: Vec<u32>,
    pub class: usize,
    /// The class a verb pattern covering the token codes (`Some(0)`: a
    /// pattern without an event code); `None` where no pattern applies.
    pub rule: Option<usize>,
}

/// Candidate tokens of an analysed article as examples (gold where aligned).
pub fn examples(
    article: &Article,
    gold: &Gold,
    model: &TriggerModel,
    stats: &mut AlignStats,
) -> Vec<Example> {
    let mut aliases = Aliases::new();
    let mut out = Vec::new();
    // Mentions as the coder finds them: the article's context names people
    // and fills countries.
    let context = crate::context::ArticleContext::new(article);
    let published = crate::dates::published_date(article.published.as_deref());
    for s in &article.sentences {
        let ws: Vec<Word> = words(s);
        let mut ms = actors::find(&ws, &mut aliases, published);
        context.add_names(&ws, &mut ms, &mut aliases);
        context.fill_countries(&mut ms);
        let spans = super::coding::pattern_spans(&ws, &ms);
        for i in 0..ws.len() {
            let rule = spans
                .iter()
                .find(|&&(h, e, _)| h <= i && i <= e)
                .map(|(h, _, code)| {
                    if *h == i {
                        code.as_deref().and_then(class_of).unwrap_or(0)
                    } else {
                        0
                    }
                });
            let class = gold.get(&(s.index, i)).copied().unwrap_or(0);
            if !is_candidate(&ws, i, model) {
                if class > 0 {
                    stats.not_candidate += 1;
                }
                continue;
            }
            out.push(Example {
                feats: features(&ws, i, &ms),
                class,
                rule,
            });
        }
    }
    out
}

/// Fits a softmax regression by SGD; features seen fewer than `min_count`
/// times get no weights.
pub fn fit(data: &[Example], epochs: usize, min_count: u32) -> HashMap<u32, [f32; CLASSES.len()]> {
    let mut count: HashMap<u32, u32> = HashMap::new();
    for e in data {
        for &f in &e.feats {
            *count.entry(f).or_default() += 1;
        }
    }
    let mut w: HashMap<u32, [f32; CLASSES.len()]> = count
        .iter()
        .filter(|&(_, &c)| c >= min_count)
        .map(|(&f, _)| (f, [0f32; CLASSES.len()]))
        .collect();
    let mut order: Vec<usize> = (0..data.len()).collect();
    let mut rng: u64 = 0x2545_F491_4F6C_DD1D;
    let l2 = 1e-6f32;
    for epoch in 0..epochs {
        super::shuffle(&mut order, &mut rng);
        let lr = 0.2 / (1.0 + epoch as f32);
        for &k in &order {
            let e = &data[k];
            let mut z = [0f32; CLASSES.len()];
            for f in &e.feats {
                if let Some(row) = w.get(f) {
                    for (a, b) in z.iter_mut().zip(row) {
                        *a += b;
                    }
                }
            }
            softmax(&mut z);
            z[e.class] -= 1.0;
            for f in &e.feats {
                if let Some(row) = w.get_mut(f) {
                    for (x, g) in row.iter_mut().zip(&z) {
                        *x -= lr * (g + l2 * *x);
                    }
                }
            }
        }
    }
    w.retain(|_, row| row.iter().any(|x| x.abs() > 1e-3));
    w
}

/// Which predictor [`score`] measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Model,
    Rules,
    Combined,
    /// The model on the tokens no pattern covers (its share of the work).
    Residual,
}

/// Trigger precision, recall and F1 at one threshold.
#[derive(Debug, Clone, Serialize)]
pub struct Score {
    pub threshold: f32,
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

/// Scores root predictions on examples: a hit is the gold root predicted at
/// the gold token; `extra_gold` are gold triggers the examples miss (not
/// aligned, or not candidates), counted as misses.
///
/// `mode` picks the predictor: the model alone, the verb patterns alone
/// (the root of the pattern at the token), or both as the coder combines
/// them (the model only where no pattern covers the token).
pub fn score(
    model: &TriggerModel,
    data: &[Example],
    threshold: f32,
    extra_gold: usize,
    mode: Mode,
) -> Score {
    let (mut tp, mut fp, mut fn_) = (0, 0, extra_gold);
    for e in data {
        if mode == Mode::Residual && e.rule.is_some() {
            continue;
        }
        let p = model.probs(&e.feats);
        let (mk, prob) = p
            .iter()
            .enumerate()
            .skip(1)
            .fold((1, f32::MIN), |b, (k, &x)| if x > b.1 { (k, x) } else { b });
        let model_k = (prob >= threshold).then_some(mk);
        let rule_k = e.rule.filter(|&k| k > 0);
        let pred = match mode {
            Mode::Model | Mode::Residual => model_k,
            Mode::Rules => rule_k,
            Mode::Combined => {
                if e.rule.is_some() {
                    rule_k
                } else {
                    model_k
                }
            }
        };
        let fire = pred.is_some();
        let k = pred.unwrap_or(0);
        match (fire, e.class) {
            (true, c) if c == k => tp += 1,
            (true, 0) => fp += 1,
            (true, _) => {
                fp += 1;
                fn_ += 1;
            }
            (false, 0) => {}
            (false, _) => fn_ += 1,
        }
    }
    let p = tp as f64 / (tp + fp).max(1) as f64;
    let r = tp as f64 / (tp + fn_).max(1) as f64;
    let f1 = crate::eval::harmonic(p, r);
    Score {
        threshold,
        tp,
        fp,
        fn_,
        precision: p,
        recall: r,
        f1,
    }
}

/// What a training run read, fitted and measured.
#[derive(Debug, Clone, Serialize)]
pub struct TrainReport {
    pub articles_read: usize,
    pub train_articles: usize,
    pub heldout_articles: usize,
    pub align_train: AlignStats,
    pub align_heldout: AlignStats,
    pub train_examples: usize,
    pub train_positives: usize,
    pub heldout_examples: usize,
    pub heldout_positives: usize,
    pub features: usize,
    pub event_nouns: usize,
    /// Held-out scores of the model alone at each threshold tried.
    pub thresholds: Vec<Score>,
    /// Held-out scores of the model on the tokens no pattern covers.
    pub residual_thresholds: Vec<Score>,
    /// Held-out scores of patterns + model (as the coder combines them).
    pub combined_thresholds: Vec<Score>,
    /// The model alone at its best threshold (gold triggers that did not
    /// align count as misses).
    pub heldout: Score,
    /// Same, over aligned candidate triggers only.
    pub heldout_aligned: Score,
    /// The verb patterns alone (their root at the token).
    pub heldout_rules: Score,
    /// The model where no pattern applies, at the chosen threshold: the
    /// one with the best F1 there (the model's `threshold`).
    pub heldout_residual: Score,
    /// Patterns + model at that threshold.
    pub heldout_combined: Score,
    pub model_bytes: usize,
}

/// Trains on analysed articles and their labels; returns the model
/// (threshold set) and the report. Fold 0 is held out.
pub fn train(
    articles: &[Article],
    set: &LabelSet,
    epochs: usize,
) -> Result<(TriggerModel, TrainReport), TrainError> {
    train_fold(articles, set, epochs, 0)
}

/// Trains with fold `fold` held out (fitted on the other four, threshold
/// chosen on it).
pub fn train_fold(
    articles: &[Article],
    set: &LabelSet,
    epochs: usize,
    fold: u32,
) -> Result<(TriggerModel, TrainReport), TrainError> {
    let held_out = |id: &str| fold_of(id) == fold;
    let mut by_article: HashMap<&str, Vec<&Label>> = HashMap::new();
    for l in &set.labels {
        by_article.entry(l.article.as_str()).or_default().push(l);
    }
    let read: Vec<&Article> = articles
        .iter()
        .filter(|a| set.read.contains(&a.id))
        .collect();
    if read.is_empty() {
        return Err(TrainError::Data("no labelled article found".into()));
    }
    let (mut at, mut ah) = (AlignStats::default(), AlignStats::default());
    let mut golds = Vec::new();
    for a in &read {
        let ls = by_article.get(a.id.as_str()).cloned().unwrap_or_default();
        let st = if held_out(&a.id) { &mut ah } else { &mut at };
        golds.push(align(a, &ls, st));
    }
    // Event nouns: nouns that are gold triggers in the training split.
    let mut nouns = HashSet::new();
    for (a, g) in read.iter().zip(&golds) {
        if held_out(&a.id) {
            continue;
        }
        for &(si, t) in g.keys() {
            if let Some(tok) = a
                .sentences
                .iter()
                .find(|s| s.index == si)
                .and_then(|s| s.tokens.get(t))
                && tok.upos == "NOUN"
            {
                let s = a.sentences.iter().find(|s| s.index == si);
                if let Some(w) = s
                    .map(words)
                    .and_then(|ws| ws.get(t).map(|w| w.lemma.clone()))
                {
                    nouns.insert(w);
                }
            }
        }
    }
    let mut model = TriggerModel::new(HashMap::new(), 0.5, nouns);
    let (mut train, mut held) = (Vec::new(), Vec::new());
    for (a, g) in read.iter().zip(&golds) {
        if held_out(&a.id) {
            held.extend(examples(a, g, &model, &mut ah));
        } else {
            train.extend(examples(a, g, &model, &mut at));
        }
    }
    model.weights = fit(&train, epochs, 2);
    let missed = ah.labels - ah.no_class - ah.aligned + ah.not_candidate;
    let at_each = |mode| -> Vec<Score> {
        (1..20)
            .map(|k| score(&model, &held, k as f32 * 0.05, missed, mode))
            .collect()
    };
    let best_of = |s: &[Score]| {
        s.iter()
            .max_by(|a, b| a.f1.total_cmp(&b.f1))
            .cloned()
            .ok_or_else(|| TrainError::Data("no threshold".into()))
    };
    let thresholds = at_each(Mode::Model);
    let combined_thresholds = at_each(Mode::Combined);
    let residual_thresholds: Vec<Score> = (1..20)
        .map(|k| score(&model, &held, k as f32 * 0.05, 0, Mode::Residual))
        .collect();
    let best = best_of(&thresholds)?;
    let residual = best_of(&residual_thresholds)?;
    let combined = score(&model, &held, residual.threshold, missed, Mode::Combined);
    let aligned_only = score(&model, &held, best.threshold, 0, Mode::Model);
    let rules = score(&model, &held, 1.0, missed, Mode::Rules);
    model.threshold = residual.threshold;
    let report = TrainReport {
        articles_read: read.len(),
        train_articles: read.iter().filter(|a| !held_out(&a.id)).count(),
        heldout_articles: read.iter().filter(|a| held_out(&a.id)).count(),
        train_examples: train.len(),
        train_positives: train.iter().filter(|e| e.class > 0).count(),
        heldout_examples: held.len(),
        heldout_positives: held.iter().filter(|e| e.class > 0).count(),
        align_train: at,
        align_heldout: ah,
        features: model.len(),
        event_nouns: model.nouns.len(),
        thresholds,
        residual_thresholds,
        combined_thresholds,
        heldout: best,
        heldout_aligned: aligned_only,
        heldout_rules: rules,
        heldout_residual: residual,
        heldout_combined: combined,
        model_bytes: model.to_bytes().len(),
    };
    Ok((model, report))
}
