//! Entity-tagger training data by document, and k-fold cross-validation
//! on GUM train.
//!
//! GUM dev holds only about 340 person/place/organisation names in 12
//! documents, so one changed decision moves its F1 by 0.3; choices are
//! checked here on GUM train's ~80 documents as well, held out a fold of
//! whole documents at a time (never GUM dev).

use std::path::Path;

use crate::NlpError;
use crate::conllu::{self, ConlluSentence};
use crate::features::{WordInfo, word_info};
use crate::model::Models;
use crate::ner::{self, NerExample, NerInput, NerTagger, TYPES};
use crate::train::{Sent, gum_bio};

/// Entity-tagger examples of GUM sentences, grouped by document, with
/// tags and parses from `models` (as at run time).
pub fn documents(models: &Models, sents: &[ConlluSentence]) -> Vec<Vec<NerExample>> {
    let mut docs: Vec<Vec<NerExample>> = Vec::new();
    for c in sents {
        if c.starts_document() || docs.is_empty() {
            docs.push(Vec::new());
        }
        let s = Sent::from_conllu(c, false);
        let infos: Vec<WordInfo> = s.forms.iter().map(|f| word_info(f)).collect();
        let (mut tags, mut alts) = (Vec::new(), Vec::new());
        models.tagger.tag_with_alts(&infos, &mut tags, &mut alts);
        let p = models.parser.parse_with_alts(&infos, &tags, &alts);
        let ex = NerExample {
            syntax: ner::syntax(&infos, &p.heads, &p.labels, &models.parser.labels),
            gaz: s.forms.iter().map(|f| ner::gaz(f)).collect(),
            gold: gum_bio(c).iter().map(|l| ner::class_of(l)).collect(),
            doc_start: c.starts_document(),
            infos,
            tags,
        };
        if let Some(d) = docs.last_mut() {
            d.push(ex);
        }
    }
    docs
}

/// Exact-span counts for person, place and organisation (the types
/// [`crate::eval::entity_scores`] scores), micro-averaged.
#[derive(Debug, Clone, Copy, Default)]
pub struct Counts {
    /// Per type (PER, PLACE, ORG): gold, predicted, correct.
    pub by_type: [[usize; 3]; 3],
    /// Spans ignoring type: gold, predicted, correct.
    pub spans: [usize; 3],
    /// Spans found with the right boundaries: gold type × predicted type
    /// (indices into [`TYPES`]).
    pub confusion: [[usize; TYPES.len()]; TYPES.len()],
}

const SCORED: [&str; 3] = ["PER", "PLACE", "ORG"];

fn scored_spans(classes: &[u8]) -> Vec<(usize, usize, usize)> {
    ner::typed_spans(classes)
        .into_iter()
        .filter_map(|(a, b, t)| {
            let k = SCORED.iter().position(|s| *s == TYPES[t])?;
            Some((a, b, k))
        })
        .collect()
}

impl Counts {
    pub fn add(&mut self, gold: &[u8], pred: &[u8]) {
        let g = scored_spans(gold);
        let p = scored_spans(pred);
        for &(a, b, k) in &g {
            self.by_type[k][0] += 1;
            self.spans[0] += 1;
            if p.iter().any(|&(pa, pb, _)| pa == a && pb == b) {
                self.spans[2] += 1;
            }
            if p.contains(&(a, b, k)) {
                self.by_type[k][2] += 1;
            }
        }
        let all = ner::typed_spans(pred);
        for (a, b, t) in ner::typed_spans(gold) {
            if let Some(&(_, _, u)) = all.iter().find(|&&(pa, pb, _)| pa == a && pb == b) {
                self.confusion[t][u] += 1;
            }
        }
        for &(_, _, k) in &p {
            self.by_type[k][1] += 1;
            self.spans[1] += 1;
        }
    }

    fn f1(g: usize, p: usize, c: usize) -> (f64, f64, f64) {
        let pr = if p > 0 { c as f64 / p as f64 } else { 0.0 };
        let r = if g > 0 { c as f64 / g as f64 } else { 0.0 };
        let f = if pr + r > 0.0 {
            2.0 * pr * r / (pr + r)
        } else {
            0.0
        };
        (100.0 * pr, 100.0 * r, 100.0 * f)
    }

    /// (P, R, F1) over the three types, in percent.
    pub fn overall(&self) -> (f64, f64, f64) {
        let sum = |i: usize| self.by_type.iter().map(|t| t[i]).sum::<usize>();
        Self::f1(sum(0), sum(1), sum(2))
    }
}

impl std::fmt::Display for Counts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (p, r, f1) = self.overall();
        write!(f, "P {p:.2} R {r:.2} F1 {f1:.2} |")?;
        for (name, t) in SCORED.iter().zip(&self.by_type) {
            write!(f, " {name} {:.2}", Self::f1(t[0], t[1], t[2]).2)?;
        }
        let s = self.spans;
        write!(f, " | spans {:.2}", Self::f1(s[0], s[1], s[2]).2)
    }
}

fn inputs(doc: &[NerExample]) -> Vec<NerInput<'_>> {
    doc.iter()
        .map(|ex| NerInput {
            infos: &ex.infos,
            tags: &ex.tags,
            gaz: &ex.gaz,
            syntax: &ex.syntax,
        })
        .collect()
}

/// Scores `tagger` on documents: sentence by sentence, and per document
/// with each pooling weight of `weights`.
pub fn score_documents(
    tagger: &NerTagger,
    docs: &[&[NerExample]],
    weights: &[(f32, bool)],
) -> (Counts, Vec<Counts>) {
    let mut alone = Counts::default();
    let mut pooled = vec![Counts::default(); weights.len()];
    let mut out = Vec::new();
    let mut outs = Vec::new();
    for doc in docs {
        let xs = inputs(doc);
        for (x, ex) in xs.iter().zip(doc.iter()) {
            tagger.tag(x, &mut out);
            alone.add(&ex.gold, &out);
        }
        for (&(w, r), c) in weights.iter().zip(pooled.iter_mut()) {
            tagger.tag_document_with(&xs, &mut outs, w, r);
            for (ex, o) in doc.iter().zip(&outs) {
                c.add(&ex.gold, o);
            }
        }
    }
    (alone, pooled)
}

/// Document-pooling weights the experiments report.
/// (pooling weight, recover missed mentions) settings the experiments
/// report.
pub const WEIGHTS: [(f32, bool); 6] = [
    (0.0, false),
    (1.0, false),
    (2.0, false),
    (0.0, true),
    (1.0, true),
    (2.0, true),
];

/// `folds`-fold cross-validation by document on GUM train, with the tagger
/// and parser of the models in `dir`: a report line per setting.
pub fn cross_validate(
    shared: &Path,
    dir: &Path,
    epochs: usize,
    folds: usize,
    seed: u64,
) -> Result<String, NlpError> {
    let models = Models::load_for_ner_training(dir)?;
    let gum = conllu::read_path(&shared.join("data/gum/train"))?;
    let docs = documents(&models, &gum);
    let folds = folds.max(2);
    let mut alone = Counts::default();
    let mut pooled = vec![Counts::default(); WEIGHTS.len()];
    for k in 0..folds {
        let train: Vec<NerExample> = docs
            .iter()
            .enumerate()
            .filter(|(i, _)| i % folds != k)
            .flat_map(|(_, d)| d.iter().cloned())
            .collect();
        let test: Vec<&[NerExample]> = docs
            .iter()
            .enumerate()
            .filter(|(i, _)| i % folds == k)
            .map(|(_, d)| d.as_slice())
            .collect();
        let tagger = ner::train(&train, epochs, seed);
        let (a, p) = score_documents(&tagger, &test, &WEIGHTS);
        merge(&mut alone, &a);
        for (t, s) in pooled.iter_mut().zip(&p) {
            merge(t, s);
        }
    }
    let mut out = format!(
        "GUM train {folds}-fold CV ({} documents)\n  sentence alone: {alone}\n  confusion (gold rows, predicted columns {TYPES:?}): {:?}\n",
        docs.len(),
        alone.confusion
    );
    for (w, c) in WEIGHTS.iter().zip(&pooled) {
        out.push_str(&format!(
            "  document, weight {} recover {}: {c}\n",
            w.0, w.1
        ));
    }
    Ok(out)
}

fn merge(into: &mut Counts, from: &Counts) {
    for (a, b) in into.by_type.iter_mut().zip(&from.by_type) {
        for (x, y) in a.iter_mut().zip(b) {
            *x += y;
        }
    }
    for (x, y) in into.spans.iter_mut().zip(&from.spans) {
        *x += y;
    }
    for (a, b) in into.confusion.iter_mut().zip(&from.confusion) {
        for (x, y) in a.iter_mut().zip(b) {
            *x += y;
        }
    }
}

/// Scores `tagger` on GUM dev the same way (a quick check next to
/// [`crate::eval::entity_scores`], which is the reference).
pub fn dev_report(shared: &Path, models: &Models) -> Result<String, NlpError> {
    let dev = conllu::read_path(&shared.join("data/gum/dev"))?;
    let docs = documents(models, &dev);
    let refs: Vec<&[NerExample]> = docs.iter().map(Vec::as_slice).collect();
    let (alone, pooled) = score_documents(&models.ner, &refs, &WEIGHTS);
    let mut out = format!("GUM dev\n  sentence alone: {alone}\n");
    for (w, c) in WEIGHTS.iter().zip(&pooled) {
        out.push_str(&format!(
            "  document, weight {} recover {}: {c}\n",
            w.0, w.1
        ));
    }
    // Per document, sentence alone against the pooling the pipeline uses.
    let used = [(1.0f32, true)];
    for (i, d) in refs.iter().enumerate() {
        let (a, p) = score_documents(&models.ner, &[d], &used);
        let name = dev
            .iter()
            .filter(|s| s.starts_document())
            .nth(i)
            .and_then(|s| {
                s.comments
                    .iter()
                    .find_map(|c| c.strip_prefix("newdoc id = "))
            })
            .unwrap_or_default();
        out.push_str(&format!(
            "  {name}: alone {a}\n  {:>w$}  pooled {}\n",
            "",
            p[0],
            w = name.len()
        ));
    }
    Ok(out)
}
