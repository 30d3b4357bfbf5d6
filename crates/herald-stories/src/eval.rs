//! Evaluation against human same-story judgements (SemEval-2022 Task 8
//! English pairs, `herald eval stories --gold DIR`) and a synthetic stream
//! generator for order-robustness and speed.
//!
//! `DIR` holds `semeval-en-dev/{articles.jsonl,pairs.tsv}` and optionally
//! `sample/{articles_sample.jsonl,gold_pairs.tsv}`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use herald_core::Article;
use serde::{Deserialize, Serialize};

use crate::StoryClusterer;
use crate::date::to_iso;
use crate::features::{count, featurize};
use crate::idf::IdfTable;
use crate::params::Params;
use crate::similarity::{calibrate, feature_similarity};
use std::sync::Arc;

#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error("{0}: not found (set HERALD_SHARED or pass --gold)")]
    Missing(PathBuf),
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}:{line}: {source}")]
    Json {
        path: PathBuf,
        line: usize,
        source: serde_json::Error,
    },
}

#[derive(Deserialize)]
struct RawArticle {
    id: serde_json::Value,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    source_url: Option<String>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    published: Option<String>,
    #[serde(default)]
    publish_date: Option<String>,
    #[serde(default)]
    text: String,
}

fn read(path: &Path) -> Result<String, EvalError> {
    if !path.exists() {
        return Err(EvalError::Missing(path.to_path_buf()));
    }
    std::fs::read_to_string(path).map_err(|source| EvalError::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// Reads a JSONL of `{id, url, title, published, text}` into articles
/// (dates normalised to ISO, site from the URL host).
pub fn load_articles(path: &Path) -> Result<Vec<Article>, EvalError> {
    let mut out = Vec::new();
    for (i, line) in read(path)?.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let r: RawArticle = serde_json::from_str(line).map_err(|source| EvalError::Json {
            path: path.to_path_buf(),
            line: i + 1,
            source,
        })?;
        let id = match r.id {
            serde_json::Value::String(s) => s,
            v => v.to_string(),
        };
        let published = r.published.or(r.publish_date);
        out.push(Article {
            id,
            site: r
                .source_url
                .as_deref()
                .or(r.url.as_deref())
                .and_then(site_of),
            url: r.url,
            title: r.title.filter(|t| !t.trim().is_empty()),
            published: published.as_deref().and_then(to_iso),
            text: r.text,
            ..Article::default()
        });
    }
    Ok(out)
}

fn site_of(url: &str) -> Option<String> {
    // Archived copies name the original after the archive prefix.
    let url = url.rsplit("id_/").next().unwrap_or(url);
    let rest = url.split_once("://").map_or(url, |x| x.1);
    let h = rest.split(['/', '?', '#']).next()?;
    let h = h.strip_prefix("www.").unwrap_or(h);
    (!h.is_empty()).then(|| h.to_ascii_lowercase())
}

/// One labelled pair: ids and the mean `overall` (1 same … 4 unrelated).
#[derive(Debug, Clone, Serialize)]
pub struct GoldPair {
    pub a: String,
    pub b: String,
    pub overall: f64,
}

/// Reads `pairs.tsv` (`id1 id2 overall …`) or the sample's
/// `gold_pairs.tsv` (`id1_id2 split Overall`).
pub fn load_pairs(path: &Path) -> Result<Vec<GoldPair>, EvalError> {
    let mut out = Vec::new();
    for line in read(path)?.lines().skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        let pair = match f.as_slice() {
            [ab, _split, o] if ab.contains('_') => ab
                .split_once('_')
                .and_then(|(a, b)| Some((a, b, o.parse().ok()?))),
            [a, b, o, ..] => o.parse().ok().map(|o| (*a, *b, o)),
            _ => None,
        };
        if let Some((a, b, overall)) = pair {
            out.push(GoldPair {
                a: a.to_string(),
                b: b.to_string(),
                overall,
            });
        }
    }
    Ok(out)
}

/// Document frequencies of a fixed corpus.
pub fn corpus_idf(articles: &[Article], params: &Params) -> IdfTable {
    let mut idf = IdfTable::new();
    for a in articles {
        idf.add_doc(count(a, params).ids());
    }
    idf
}

/// Pearson correlation (0 when undefined).
pub fn pearson(x: &[f64], y: &[f64]) -> f64 {
    let n = x.len().min(y.len()) as f64;
    if n < 2.0 {
        return 0.0;
    }
    let mx = x.iter().sum::<f64>() / n;
    let my = y.iter().sum::<f64>() / n;
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in x.iter().zip(y) {
        sxy += (a - mx) * (b - my);
        sxx += (a - mx).powi(2);
        syy += (b - my).powi(2);
    }
    if sxx <= 0.0 || syy <= 0.0 {
        0.0
    } else {
        sxy / (sxx * syy).sqrt()
    }
}

/// BCubed precision, recall and F1 of a predicted clustering against gold
/// (labels per item, any integers).
pub fn bcubed(pred: &[usize], gold: &[usize]) -> (f64, f64, f64) {
    let n = pred.len().min(gold.len());
    if n == 0 {
        return (0.0, 0.0, 0.0);
    }
    let mut both: HashMap<(usize, usize), usize> = HashMap::new();
    let mut p_size: HashMap<usize, usize> = HashMap::new();
    let mut g_size: HashMap<usize, usize> = HashMap::new();
    for i in 0..n {
        *both.entry((pred[i], gold[i])).or_default() += 1;
        *p_size.entry(pred[i]).or_default() += 1;
        *g_size.entry(gold[i]).or_default() += 1;
    }
    let (mut p, mut r) = (0.0, 0.0);
    for i in 0..n {
        let c = both[&(pred[i], gold[i])] as f64;
        p += c / p_size[&pred[i]] as f64;
        r += c / g_size[&gold[i]] as f64;
    }
    let (p, r) = (p / n as f64, r / n as f64);
    let f = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    (p, r, f)
}

/// Precision / recall of a binary same-story decision.
#[derive(Debug, Clone, Default, Serialize)]
pub struct PairPr {
    pub positives: usize,
    pub negatives: usize,
    pub true_pos: usize,
    pub false_pos: usize,
    pub false_neg: usize,
    pub precision: f64,
    pub recall: f64,
}

impl PairPr {
    fn from(pairs: &[(f64, bool)]) -> Self {
        // (overall, predicted same); ≤ 1.5 positive, ≥ 3 negative, else ignored.
        let mut r = PairPr::default();
        for &(o, same) in pairs {
            if o <= 1.5 {
                r.positives += 1;
                if same {
                    r.true_pos += 1;
                } else {
                    r.false_neg += 1;
                }
            } else if o >= 3.0 {
                r.negatives += 1;
                if same {
                    r.false_pos += 1;
                }
            }
        }
        let pp = r.true_pos + r.false_pos;
        r.precision = if pp == 0 {
            1.0
        } else {
            r.true_pos as f64 / pp as f64
        };
        r.recall = if r.positives == 0 {
            1.0
        } else {
            r.true_pos as f64 / r.positives as f64
        };
        r
    }
}

/// BCubed of one arrival order.
#[derive(Debug, Clone, Serialize)]
pub struct OrderResult {
    pub order: String,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub clusters: usize,
    /// Story splits that fired.
    pub splits: usize,
    /// Story merges that fired.
    pub merges: usize,
}

/// A stream scored under several arrival orders.
#[derive(Debug, Clone, Serialize)]
pub struct StreamReport {
    pub items: usize,
    pub gold_clusters: usize,
    pub orders: Vec<OrderResult>,
    pub f1_min: f64,
    pub f1_max: f64,
    pub f1_mean: f64,
    /// Clustering speed over all orders (articles per second, one thread;
    /// embedding time not included).
    pub articles_per_sec: f64,
}

/// Everything `herald eval stories` prints.
#[derive(Debug, Clone, Serialize)]
pub struct StoriesReport {
    pub gold: String,
    pub articles: usize,
    pub pairs: usize,
    /// Pearson of Herald's pairwise score with −overall (SemEval metric;
    /// best system 0.818 over all languages).
    pub pearson: f64,
    /// Pearson on the two halves of the pairs (even and odd lines of
    /// `pairs.tsv`): read errors on one, confirm on the other.
    pub pearson_halves: (f64, f64),
    /// Pearson of the raw combined score, before [`calibrate`].
    pub pearson_uncalibrated: f64,
    /// Same with a plain TF-IDF cosine (title + text, log tf, corpus IDF).
    pub pearson_plain_tfidf: f64,
    /// Same-story P/R of the pairwise score at the clustering threshold.
    pub score_pr: PairPr,
    /// Same-story P/R of the clustering itself (both articles in one story),
    /// articles streamed in file order.
    pub cluster_pr: PairPr,
    /// The 3 sample pairs (rewrites by different wires, all rated 1.0):
    /// how many land in one story.
    pub sample_pairs_joined: Option<(usize, usize)>,
    /// BCubed over the dev + sample articles (gold = connected components of
    /// pairs with overall ≤ 1.5, everything else a singleton).
    pub stream: StreamReport,
    /// BCubed over a synthetic stream written by [`synthetic_stream`].
    pub synthetic: StreamReport,
    /// BCubed over [`confusable_stream`]: pairs of stories sharing their
    /// names within days (bad early joins happen; splits repair most).
    pub confusable: StreamReport,
    pub pair_scores: Vec<(String, String, f64, f64)>,
}

/// Article id → sentence embedding (title + lead, unit length).
pub type EmbeddingMap = HashMap<String, Vec<f32>>;

/// Runs the whole evaluation on a gold directory.
pub fn run(gold: &Path) -> Result<StoriesReport, EvalError> {
    run_with(gold, &Params::default())
}

/// [`run`] with explicit parameters (for tuning).
pub fn run_with(gold: &Path, params: &Params) -> Result<StoriesReport, EvalError> {
    run_embedded(gold, params, None)
}

/// The dev and sample articles of a gold directory (what [`run`] clusters),
/// e.g. to embed them before [`run_embedded`].
pub fn gold_articles(gold: &Path) -> Result<Vec<Article>, EvalError> {
    let mut all = load_articles(&gold.join("semeval-en-dev/articles.jsonl"))?;
    let sample = gold.join("sample/articles_sample.jsonl");
    if sample.exists() {
        all.extend(load_articles(&sample)?);
    }
    Ok(all)
}

/// [`run_with`] with sentence embeddings for (all) the articles.
pub fn run_embedded(
    gold: &Path,
    params: &Params,
    emb: Option<&EmbeddingMap>,
) -> Result<StoriesReport, EvalError> {
    let dev = gold.join("semeval-en-dev");
    let articles = load_articles(&dev.join("articles.jsonl"))?;
    let pairs = load_pairs(&dev.join("pairs.tsv"))?;
    let sample_dir = gold.join("sample");
    let (sample, sample_pairs) = if sample_dir.join("articles_sample.jsonl").exists() {
        (
            load_articles(&sample_dir.join("articles_sample.jsonl"))?,
            load_pairs(&sample_dir.join("gold_pairs.tsv"))?,
        )
    } else {
        (Vec::new(), Vec::new())
    };

    // Pairwise scores with IDF from the dev articles (as the baseline).
    let idf = corpus_idf(&articles, params);
    let feats: HashMap<&str, _> = articles
        .iter()
        .map(|a| {
            let mut f = featurize(a, &[], Some(IdfTable::fixed()), params);
            f.emb = emb.and_then(|m| m.get(&a.id).cloned());
            (a.id.as_str(), f)
        })
        .collect();
    let plain = Params {
        title_weight: 1.0,
        proper_boost: 1.0,
        top_k: usize::MAX,
        ..params.clone()
    };
    let plain_feats: HashMap<&str, _> = articles
        .iter()
        .map(|a| (a.id.as_str(), featurize(a, &[], Some(&idf), &plain)))
        .collect();
    let (mut ours, mut base, mut neg, mut scored) = (vec![], vec![], vec![], vec![]);
    let mut score_dec = Vec::new();
    let mut raw_scores = Vec::new();
    for p in &pairs {
        let (Some(a), Some(b)) = (feats.get(p.a.as_str()), feats.get(p.b.as_str())) else {
            continue;
        };
        let raw = feature_similarity(a, b, params);
        let s = f64::from(calibrate(raw));
        raw_scores.push(f64::from(raw));
        let (pa, pb) = (&plain_feats[p.a.as_str()], &plain_feats[p.b.as_str()]);
        let t = f64::from(crate::sparse::dot(&pa.terms, &pb.terms));
        ours.push(s);
        base.push(t);
        neg.push(-p.overall);
        score_dec.push((p.overall, raw >= params.threshold));
        scored.push((p.a.clone(), p.b.clone(), p.overall, s));
    }

    // Clustering in file order over dev + sample.
    let mut all: Vec<Article> = articles.clone();
    all.extend(sample.iter().cloned());
    let mut c = StoryClusterer::with_params(params.clone());
    for a in &all {
        c.process_embedded(a, &[], emb.and_then(|m| m.get(&a.id)).map(Vec::as_slice));
    }
    let same = |a: &str, b: &str| match (c.story_of(a), c.story_of(b)) {
        (Some(x), Some(y)) => x == y,
        _ => false,
    };
    let cluster_dec: Vec<(f64, bool)> = pairs
        .iter()
        .map(|p| (p.overall, same(&p.a, &p.b)))
        .collect();
    let sample_joined = (!sample_pairs.is_empty()).then(|| {
        (
            sample_pairs.iter().filter(|p| same(&p.a, &p.b)).count(),
            sample_pairs.len(),
        )
    });

    // Stream BCubed under several orders.
    let mut gold_pairs: Vec<(String, String)> = pairs
        .iter()
        .filter(|p| p.overall <= 1.5)
        .map(|p| (p.a.clone(), p.b.clone()))
        .collect();
    gold_pairs.extend(sample_pairs.iter().map(|p| (p.a.clone(), p.b.clone())));
    let labels = components(&all, &gold_pairs);
    let stream = stream_report_with(&all, &labels, params, emb, None);
    let syn_idf = synthetic_idf();
    let (syn, syn_labels) = synthetic_stream(7, 40, 6);
    let synthetic = stream_report_with(&syn, &syn_labels, params, None, Some(&syn_idf));
    let (conf, conf_labels) = confusable_stream(5, 40, 12);
    let confusable = stream_report_with(&conf, &conf_labels, params, None, Some(&syn_idf));

    Ok(StoriesReport {
        gold: gold.display().to_string(),
        articles: articles.len(),
        pairs: ours.len(),
        pearson: pearson(&ours, &neg),
        pearson_halves: {
            let half = |k: usize| {
                let pick =
                    |v: &[f64]| -> Vec<f64> { v.iter().skip(k).step_by(2).copied().collect() };
                pearson(&pick(&ours), &pick(&neg))
            };
            (half(0), half(1))
        },
        pearson_uncalibrated: pearson(&raw_scores, &neg),
        pearson_plain_tfidf: pearson(&base, &neg),
        score_pr: PairPr::from(&score_dec),
        cluster_pr: PairPr::from(&cluster_dec),
        sample_pairs_joined: sample_joined,
        stream,
        synthetic,
        confusable,
        pair_scores: scored,
    })
}

/// Gold labels: connected components of same-story pairs.
fn components(items: &[Article], pairs: &[(String, String)]) -> Vec<usize> {
    let index: HashMap<&str, usize> = items
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id.as_str(), i))
        .collect();
    let mut parent: Vec<usize> = (0..items.len()).collect();
    fn find(p: &mut [usize], mut x: usize) -> usize {
        while p[x] != x {
            p[x] = p[p[x]];
            x = p[x];
        }
        x
    }
    for (a, b) in pairs {
        if let (Some(&i), Some(&j)) = (index.get(a.as_str()), index.get(b.as_str())) {
            let (ri, rj) = (find(&mut parent, i), find(&mut parent, j));
            parent[ri] = rj;
        }
    }
    (0..items.len()).map(|i| find(&mut parent, i)).collect()
}

/// Clusters `items` in the given order; returns predicted labels in item order.
pub fn cluster_order(items: &[Article], order: &[usize], params: &Params) -> Vec<usize> {
    cluster_order_with(items, order, params, None, None).0
}

/// [`cluster_order`] with optional embeddings; also returns the clusterer
/// (for its history).
pub fn cluster_order_with(
    items: &[Article],
    order: &[usize],
    params: &Params,
    emb: Option<&EmbeddingMap>,
    idf: Option<&Arc<IdfTable>>,
) -> (Vec<usize>, StoryClusterer) {
    let mut c = StoryClusterer::with_params(params.clone());
    if let Some(t) = idf {
        c = c.with_idf(Arc::clone(t));
    }
    for &i in order {
        let a = &items[i];
        c.process_embedded(a, &[], emb.and_then(|m| m.get(&a.id)).map(Vec::as_slice));
    }
    let mut ids: HashMap<String, usize> = HashMap::new();
    let labels = items
        .iter()
        .map(|a| {
            let s = c.story_of(&a.id).unwrap_or_default();
            let n = ids.len();
            *ids.entry(s).or_insert(n)
        })
        .collect();
    (labels, c)
}

/// BCubed of `items` under file, chronological, reverse-chronological and
/// five shuffled orders.
pub fn stream_report(items: &[Article], gold: &[usize], params: &Params) -> StreamReport {
    stream_report_with(items, gold, params, None, None)
}

/// [`stream_report`] with optional embeddings.
pub fn stream_report_with(
    items: &[Article],
    gold: &[usize],
    params: &Params,
    emb: Option<&EmbeddingMap>,
    idf: Option<&Arc<IdfTable>>,
) -> StreamReport {
    let n = items.len();
    let mut orders: Vec<(String, Vec<usize>)> = vec![("file".into(), (0..n).collect())];
    let mut chrono: Vec<usize> = (0..n).collect();
    chrono.sort_by_key(|&i| (items[i].published.clone().unwrap_or_default(), i));
    let mut rev = chrono.clone();
    rev.reverse();
    orders.push(("chronological".into(), chrono));
    orders.push(("reverse-chronological".into(), rev));
    for seed in 1..=5u64 {
        let mut o: Vec<usize> = (0..n).collect();
        let mut rng = Rng(seed);
        for i in (1..n).rev() {
            let j = rng.below(i + 1);
            o.swap(i, j);
        }
        orders.push((format!("shuffle-{seed}"), o));
    }
    let mut results = Vec::new();
    let t = std::time::Instant::now();
    for (name, o) in orders {
        let (pred, c) = cluster_order_with(items, &o, params, emb, idf);
        let kinds = |k: &str| c.history().iter().filter(|h| h.kind == k).count();
        let (p, r, f1) = bcubed(&pred, gold);
        let mut distinct = pred.clone();
        distinct.sort_unstable();
        distinct.dedup();
        results.push(OrderResult {
            order: name,
            precision: p,
            recall: r,
            f1,
            clusters: distinct.len(),
            splits: kinds("split"),
            merges: kinds("merge"),
        });
    }
    let secs = t.elapsed().as_secs_f64();
    let mut g = gold.to_vec();
    g.sort_unstable();
    g.dedup();
    let f1s: Vec<f64> = results.iter().map(|r| r.f1).collect();
    StreamReport {
        items: n,
        gold_clusters: g.len(),
        f1_min: f1s.iter().copied().fold(f64::INFINITY, f64::min),
        f1_max: f1s.iter().copied().fold(0.0, f64::max),
        f1_mean: f1s.iter().sum::<f64>() / f1s.len().max(1) as f64,
        articles_per_sec: (n * results.len()) as f64 / secs.max(1e-9),
        orders: results,
    }
}

/// Deterministic splitmix64 generator (no `rand` dependency needed).
#[derive(Debug, Clone)]
pub struct Rng(pub u64);

impl Rng {
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }
    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

const CONS: &[u8] = b"bdfgklmnprtvz";
const VOWELS: &[u8] = b"aeiou";

/// A pronounceable pseudo-word for an index (ends in a vowel so the plural
/// folding leaves it alone).
pub fn pseudo_word(mut i: usize) -> String {
    let mut w = String::new();
    loop {
        w.push(CONS[i % CONS.len()] as char);
        i /= CONS.len();
        w.push(VOWELS[i % VOWELS.len()] as char);
        i /= VOWELS.len();
        if i == 0 && w.len() >= 4 {
            break;
        }
    }
    w
}

fn capitalise(w: &str) -> String {
    let mut c = w.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// Resident memory of this process in KiB (Linux `VmRSS`; 0 elsewhere), for
/// the benchmarks.
pub fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse().ok()))
        })
        .unwrap_or(0)
}

/// Topic generator shared by the synthetic stream and the speed benchmark.
#[derive(Debug, Clone)]
pub struct SynthTopic {
    pub words: Vec<String>,
    pub names: Vec<String>,
    pub day: i32,
}

/// Topics with their own vocabulary over a Zipf background of 20,000 words.
pub fn synth_topics(rng: &mut Rng, n: usize, days: i32) -> Vec<SynthTopic> {
    (0..n)
        .map(|_| SynthTopic {
            words: (0..12)
                .map(|_| pseudo_word(20_000 + rng.below(400_000)))
                .collect(),
            names: (0..3)
                .map(|_| capitalise(&pseudo_word(20_000 + rng.below(400_000))))
                .collect(),
            day: rng.below(days.max(1) as usize) as i32,
        })
        .collect()
}

/// One synthetic article on `topic`: about a quarter of its words are the
/// topic's, the rest Zipf background; dated within ±2 days of the topic.
pub fn synth_article(rng: &mut Rng, id: String, topic: &SynthTopic) -> Article {
    let len = 120 + rng.below(250);
    let mut text = String::with_capacity(len * 7);
    let mut in_sentence = 0;
    let background = |rng: &mut Rng| {
        // Zipf via inverse transform on a harmonic approximation.
        let u = rng.unit();
        let r = (20_000f64.powf(u) - 1.0) as usize;
        pseudo_word(r.min(19_999))
    };
    for _ in 0..len {
        let roll = rng.unit();
        let w = if roll < 0.2 {
            topic.words[rng.below(topic.words.len())].clone()
        } else if roll < 0.27 {
            topic.names[rng.below(topic.names.len())].clone()
        } else {
            background(rng)
        };
        if in_sentence == 0 {
            text.push_str(&capitalise(&w));
        } else {
            text.push(' ');
            text.push_str(&w);
        }
        in_sentence += 1;
        if in_sentence > 12 + rng.below(8) {
            text.push_str(". ");
            in_sentence = 0;
        }
    }
    text.push('.');
    let title = format!(
        "{} {} {} {}",
        topic.names[rng.below(topic.names.len())],
        topic.words[rng.below(topic.words.len())],
        topic.words[rng.below(topic.words.len())],
        background(rng)
    );
    let day = topic.day + rng.below(5) as i32 - 2;
    Article {
        site: Some(format!("site{}.example", rng.below(50))),
        id,
        title: Some(title),
        text,
        published: Some(crate::date::format_day(18_000 + day)),
        ..Article::default()
    }
}

/// The fixed document frequencies of the synthetic vocabulary (the shipped
/// table knows English, not pseudo-words): 1,000 articles on 500 topics of
/// their own, counted once before any stream, never from it.
pub fn synthetic_idf() -> Arc<IdfTable> {
    let docs = synthetic_background(0x1DF, 1_000);
    Arc::new(corpus_idf(&docs, &Params::default()))
}

/// `n` synthetic articles, two per topic of their own.
pub fn synthetic_background(seed: u64, n: usize) -> Vec<Article> {
    let mut rng = Rng(seed);
    let topics = synth_topics(&mut rng, n.div_ceil(2), 60);
    let mut out = Vec::with_capacity(n);
    for (t, topic) in topics.iter().enumerate() {
        for j in 0..2 {
            if out.len() < n {
                out.push(synth_article(&mut rng, format!("bg-{t}-{j}"), topic));
            }
        }
    }
    out
}

/// A dated article with a title (tests and examples).
pub fn dated_article(id: &str, title: &str, text: &str, date: &str) -> Article {
    Article {
        id: id.into(),
        title: Some(title.into()),
        text: text.into(),
        published: Some(date.into()),
        ..Article::default()
    }
}

/// A synthetic stream: `stories` topics × up to `per_story` articles each
/// (at least 1), interleaved by date. Returns the articles and gold labels.
pub fn synthetic_stream(seed: u64, stories: usize, per_story: usize) -> (Vec<Article>, Vec<usize>) {
    let mut rng = Rng(seed);
    let topics = synth_topics(&mut rng, stories, 60);
    let mut items = Vec::new();
    for (t, topic) in topics.iter().enumerate() {
        let k = 1 + rng.below(per_story.max(1));
        for j in 0..k {
            items.push((synth_article(&mut rng, format!("syn-{t}-{j}"), topic), t));
        }
    }
    items.sort_by(|a, b| a.0.published.cmp(&b.0.published).then(a.0.id.cmp(&b.0.id)));
    items.into_iter().unzip()
}

/// A harder synthetic stream: topics come in pairs that share their names
/// (one place and cast, two events within days), each with 1..=`per_story`
/// articles.
pub fn confusable_stream(seed: u64, pairs: usize, per_story: usize) -> (Vec<Article>, Vec<usize>) {
    let mut rng = Rng(seed);
    let mut topics = synth_topics(&mut rng, pairs * 2, 60);
    for i in 0..pairs {
        let (a, b) = (2 * i, 2 * i + 1);
        topics[b].names = topics[a].names.clone();
        topics[b].day = topics[a].day + rng.below(3) as i32;
    }
    let mut items = Vec::new();
    for (t, topic) in topics.iter().enumerate() {
        let k = 1 + rng.below(per_story.max(1));
        for j in 0..k {
            items.push((synth_article(&mut rng, format!("cf-{t}-{j}"), topic), t));
        }
    }
    items.sort_by(|a, b| a.0.published.cmp(&b.0.published).then(a.0.id.cmp(&b.0.id)));
    items.into_iter().unzip()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bcubed_perfect_and_lumped() {
        assert_eq!(bcubed(&[0, 0, 1], &[5, 5, 6]), (1.0, 1.0, 1.0));
        let (p, r, _) = bcubed(&[0, 0, 0, 0], &[1, 1, 2, 2]);
        assert!((p - 0.5).abs() < 1e-9 && (r - 1.0).abs() < 1e-9);
        assert_eq!(bcubed(&[], &[]), (0.0, 0.0, 0.0));
    }

    #[test]
    fn pearson_signs() {
        assert!((pearson(&[1.0, 2.0, 3.0], &[2.0, 4.0, 6.0]) - 1.0).abs() < 1e-9);
        assert!((pearson(&[1.0, 2.0, 3.0], &[3.0, 2.0, 1.0]) + 1.0).abs() < 1e-9);
        assert_eq!(pearson(&[1.0, 1.0], &[1.0, 2.0]), 0.0);
    }

    #[test]
    fn pairs_parse_both_formats() {
        let dir = std::env::temp_dir().join(format!("herald-stories-pairs-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let a = dir.join("a.tsv");
        std::fs::write(&a, "id1\tid2\toverall\n1\t2\t1.5\nbad\n").unwrap();
        let b = dir.join("b.tsv");
        std::fs::write(&b, "pair_id\tsplit\tOverall\n3_4\ttrain\t1.0\n").unwrap();
        let pa = load_pairs(&a).unwrap();
        let pb = load_pairs(&b).unwrap();
        assert_eq!((pa.len(), pa[0].a.as_str(), pa[0].overall), (1, "1", 1.5));
        assert_eq!((pb[0].a.as_str(), pb[0].b.as_str()), ("3", "4"));
        assert!(matches!(
            load_pairs(&dir.join("none")),
            Err(EvalError::Missing(_))
        ));
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn synthetic_stream_is_deterministic_and_clusters_well() {
        let (a, g) = synthetic_stream(3, 15, 5);
        let (b, _) = synthetic_stream(3, 15, 5);
        assert_eq!(a, b);
        let order: Vec<usize> = (0..a.len()).collect();
        let pred = cluster_order(&a, &order, &Params::default());
        let (_, _, f1) = bcubed(&pred, &g);
        assert!(f1 > 0.9, "{f1}");
    }

    #[test]
    fn splits_repair_confusable_stories() {
        let (items, gold) = confusable_stream(5, 20, 12);
        let order: Vec<usize> = (0..items.len()).collect();
        let off = Params {
            split_threshold: 0.0,
            ..Params::default()
        };
        let idf = synthetic_idf();
        let (without, _) = cluster_order_with(&items, &order, &off, None, Some(&idf));
        let (with, c) = cluster_order_with(&items, &order, &Params::default(), None, Some(&idf));
        let (_, _, f_off) = bcubed(&without, &gold);
        let (_, _, f_on) = bcubed(&with, &gold);
        assert!(c.history().iter().any(|h| h.kind == "split"));
        assert!(f_on > f_off, "{f_on} vs {f_off}");
    }

    #[test]
    fn site_of_archived_url() {
        assert_eq!(
            site_of("https://web.archive.org/web/2022id_/https://dailypost.ng/2020/x").as_deref(),
            Some("dailypost.ng")
        );
    }
}
