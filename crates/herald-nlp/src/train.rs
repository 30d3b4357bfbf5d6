//! Training all models from the shared treebanks (UD EWT train + GUM train).
//!
//! Reproducible: fixed seeds, deterministic shuffles. The tagger is the
//! average of three perceptrons trained on different shuffles (+0.2 UPOS on
//! EWT dev). The parser and the entity tagger learn from part-of-speech tags
//! predicted by 2-fold jackknifed taggers, so they see the kind of tags they
//! get at run time.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::NlpError;
use crate::conllu::{self, ConlluSentence};
use crate::features::{WordInfo, word_info};
use crate::lemma::rule_lemma;
use crate::model::{Models, lemma_key};
use crate::ner::{self, NerExample};
pub use crate::parser::ParserTraining;
use crate::parser::{self, ParseExample};
use crate::tagger::{self, Tagger};

/// A small deterministic RNG (xorshift64*).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
    pub fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = (self.next_u64() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
    }
}

/// One annotated training sentence.
#[derive(Debug, Clone, Default)]
pub struct Sent {
    pub forms: Vec<String>,
    pub lemmas: Vec<String>,
    pub upos: Vec<String>,
    pub xpos: Vec<String>,
    /// 1-based heads, 0 = root.
    pub heads: Vec<usize>,
    pub deprels: Vec<String>,
    /// BIO entity labels when the source marks entities (GUM).
    pub ner: Option<Vec<String>>,
    /// Whether the sentence starts a document (`# newdoc`).
    pub doc_start: bool,
}

impl Sent {
    pub fn from_conllu(s: &ConlluSentence, with_entities: bool) -> Sent {
        let w = &s.words;
        Sent {
            forms: w.iter().map(|w| w.form.clone()).collect(),
            lemmas: w.iter().map(|w| w.lemma.clone()).collect(),
            upos: w.iter().map(|w| w.upos.clone()).collect(),
            xpos: w.iter().map(|w| w.xpos.clone()).collect(),
            heads: w.iter().map(|w| w.head).collect(),
            deprels: w.iter().map(|w| w.deprel.clone()).collect(),
            ner: with_entities.then(|| gum_bio(s)),
            doc_start: s.starts_document(),
        }
    }
}

/// Maps a GUM entity type to the tagger's type.
fn gum_type(etype: &str) -> &'static str {
    match etype {
        "person" => "PER",
        "organization" => "ORG",
        "place" => "PLACE",
        _ => "OTHER",
    }
}

fn nameish(w: &conllu::Word) -> bool {
    w.upos == "PROPN" || w.xpos == "NNP" || w.xpos == "NNPS"
}

fn connector(w: &conllu::Word) -> bool {
    matches!(
        w.form.as_str(),
        "of" | "the"
            | "and"
            | "&"
            | "de"
            | "for"
            | "-"
            | "von"
            | "van"
            | "du"
            | "la"
            | "del"
            | "on"
    )
}

/// Named entities of a GUM sentence as BIO labels. A mention (from MISC
/// `Entity=`) counts when its syntactic head is a proper noun; its name is
/// the run of proper nouns around the head, with inner "of", "the", "and"
/// ("National Library of the Netherlands"), without modifiers, relative
/// clauses or appositions. Longest names win overlaps.
pub fn gum_bio(s: &ConlluSentence) -> Vec<String> {
    let n = s.words.len();
    let mut open: Vec<(String, String, usize)> = Vec::new();
    let mut spans: Vec<(usize, usize, &'static str)> = Vec::new();
    for (t, w) in s.words.iter().enumerate() {
        let Some(v) = w.misc_value("Entity") else {
            continue;
        };
        let b = v.as_bytes();
        let mut i = 0;
        while i < b.len() {
            if b[i] == b'(' {
                let mut j = i + 1;
                while j < b.len() && b[j] != b'(' && b[j] != b')' {
                    j += 1;
                }
                let content = &v[i + 1..j];
                let mut parts = content.split('-');
                let id = parts.next().unwrap_or("").to_string();
                let etype = parts.next().unwrap_or("").to_string();
                if j < b.len() && b[j] == b')' {
                    spans.push((t, t + 1, gum_type(&etype)));
                    i = j + 1;
                } else {
                    open.push((id, etype, t));
                    i = j;
                }
            } else {
                let mut j = i;
                while j < b.len() && b[j] != b')' && b[j] != b'(' {
                    j += 1;
                }
                let id = &v[i..j];
                if let Some(p) = open.iter().rposition(|(oid, _, _)| oid == id) {
                    let (_, etype, start) = open.remove(p);
                    spans.push((start, t + 1, gum_type(&etype)));
                }
                i = if j < b.len() && b[j] == b')' {
                    j + 1
                } else {
                    j.max(i + 1)
                };
            }
        }
    }
    let mut cands: Vec<(usize, usize, &'static str)> = Vec::new();
    for (a, b, ty) in spans {
        let head = (a..b).find(|&k| {
            let h = s.words[k].head;
            h == 0 || h - 1 < a || h > b
        });
        let Some(h) = head else { continue };
        if s.words[h].upos != "PROPN" {
            continue;
        }
        let w = &s.words;
        let mut l = h;
        loop {
            if l > a && nameish(&w[l - 1]) {
                l -= 1;
                continue;
            }
            // Up to two connectors, then more name.
            let mut j = l;
            while j > a && l - j < 2 && connector(&w[j - 1]) {
                j -= 1;
            }
            if j < l && j > a && nameish(&w[j - 1]) {
                l = j - 1;
                continue;
            }
            break;
        }
        let mut r = h + 1;
        loop {
            let mut j = r;
            while j < b && j < r + 2 && connector(&w[j]) {
                j += 1;
            }
            if r < b && nameish(&w[r]) {
                r += 1;
            } else if j > r && j < b && nameish(&w[j]) {
                r = j + 1;
            } else {
                break;
            }
        }
        cands.push((l, r, ty));
    }
    // Outermost first.
    cands.sort_by(|x, y| (y.1 - y.0).cmp(&(x.1 - x.0)).then(x.0.cmp(&y.0)));
    let mut labels = vec!["O".to_string(); n];
    let mut taken = vec![false; n];
    for (a, b, ty) in cands {
        if (a..b).any(|k| taken[k]) {
            continue;
        }
        for k in a..b {
            taken[k] = true;
            labels[k] = format!("{}-{ty}", if k == a { "B" } else { "I" });
        }
    }
    labels
}

/// Training settings.
#[derive(Debug, Clone)]
pub struct TrainOptions {
    pub tagger_epochs: usize,
    /// Taggers trained on different shuffles and averaged into one.
    pub tagger_ensemble: usize,
    /// The same for the jackknife's fold taggers (the parser's training
    /// tags).
    pub jackknife_ensemble: usize,
    /// Parser training (epochs, exploration).
    pub parser: ParserTraining,
    /// Parsers trained on different shuffles and averaged into one.
    pub parser_ensemble: usize,
    /// The beam-search parser (`parser-accurate.bin`), trained globally;
    /// `None` skips it.
    pub accurate: Option<ParserTraining>,
    /// Beam-search parsers trained on different shuffles and averaged.
    pub accurate_ensemble: usize,
    /// The accurate parser is a vote of three: the beam-search parser, the
    /// same trained on sentences read right to left, and the greedy parser
    /// (`false`: the beam-search parser alone).
    pub accurate_vote: bool,
    pub ner_epochs: usize,
    /// Folds for jackknifed tags (1 = train on gold tags).
    pub folds: usize,
    pub seed: u64,
    /// Weights below these are dropped (tagger, parser, entity tagger):
    /// smaller, faster models for a little accuracy.
    pub prune: (f32, f32, f32),
    /// Then the greedy parser's features whose largest weight is below
    /// this are dropped whole: rare word features that seldom change a
    /// decision. The smaller table stays in cache beside the tagger's and
    /// entity tagger's (parser +18% tokens/s, accuracy ±0.2 UAS).
    pub parser_row_prune: f32,
    /// Print progress to stderr.
    pub verbose: bool,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            tagger_epochs: 8,
            tagger_ensemble: 3,
            jackknife_ensemble: 3,
            parser: ParserTraining::default(),
            parser_ensemble: 4,
            accurate: Some(ParserTraining {
                epochs: 20,
                beam: 8,
                ..ParserTraining::default()
            }),
            accurate_ensemble: 2,
            accurate_vote: true,
            ner_epochs: 8,
            folds: 2,
            seed: 20_261_123,
            prune: (0.6, 1.5, 0.5),
            parser_row_prune: 3.0,
            verbose: true,
        }
    }
}

/// What training did.
#[derive(Debug, Clone, Default)]
pub struct TrainReport {
    pub sentences: usize,
    pub tokens: usize,
    pub ner_sentences: usize,
    pub tag_classes: usize,
    pub labels: usize,
    pub lemma_exceptions: usize,
    /// Parser training-set head accuracy per epoch (with exploration).
    pub parser_epochs: Vec<f64>,
    /// (file, bytes) written.
    pub files: Vec<(String, u64)>,
    pub seconds: f64,
}

impl std::fmt::Display for TrainReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "trained on {} sentences / {} tokens ({} with entities) in {:.1} s",
            self.sentences, self.tokens, self.ner_sentences, self.seconds
        )?;
        writeln!(
            f,
            "tag classes {}, dependency labels {}, lemma exceptions {}",
            self.tag_classes, self.labels, self.lemma_exceptions
        )?;
        for (name, bytes) in &self.files {
            writeln!(f, "  {name}: {:.2} MB", *bytes as f64 / 1e6)?;
        }
        Ok(())
    }
}

/// Word features of every word of `sents`.
fn word_infos(sents: &[Sent]) -> Vec<Vec<WordInfo>> {
    sents
        .iter()
        .map(|s| s.forms.iter().map(|f| word_info(f)).collect())
        .collect()
}

/// Loads EWT train and GUM train from `shared` (the shared data folder).
pub fn load_training(shared: &Path) -> Result<Vec<Sent>, NlpError> {
    let ewt = shared.join("data/ewt/en_ewt-train.conllu");
    let gum = shared.join("data/gum/train");
    let mut out: Vec<Sent> = conllu::read_path(&ewt)?
        .iter()
        .map(|s| Sent::from_conllu(s, false))
        .collect();
    out.extend(
        conllu::read_path(&gum)?
            .iter()
            .map(|s| Sent::from_conllu(s, true)),
    );
    Ok(out)
}

/// Trains every model from `shared` and writes them to `out`.
pub fn train_all(shared: &Path, out: &Path) -> Result<TrainReport, NlpError> {
    train_with(shared, out, &TrainOptions::default())
}

/// [`train_all`] with explicit settings.
pub fn train_with(shared: &Path, out: &Path, opt: &TrainOptions) -> Result<TrainReport, NlpError> {
    let t0 = Instant::now();
    let log = |m: String| {
        if opt.verbose {
            eprintln!("[{:7.1}s] {m}", t0.elapsed().as_secs_f64());
        }
    };
    let sents = load_training(shared)?;
    let tokens: usize = sents.iter().map(|s| s.forms.len()).sum();
    log(format!("loaded {} sentences, {tokens} tokens", sents.len()));

    let tagger = train_tagger(&sents, opt, opt.seed);
    log(format!("tagger trained ({} classes)", tagger.classes.len()));

    // Jackknifed tags for the downstream models.
    let infos = word_infos(&sents);
    let (tags, alts) = jackknife_tags(&sents, &infos, &tagger, opt, &log);
    let (parser, epoch_acc, _) = train_parser(
        (&sents, &infos, &tags, &alts),
        &opt.parser,
        (opt.parser_ensemble, opt.seed),
        &log,
    );
    let accurate = opt.accurate.as_ref().map(|cfg| {
        log(format!("beam-search parser (width {})", cfg.beam));
        let runs = (opt.accurate_ensemble, opt.seed);
        let tagged = (&sents[..], &infos[..], &tags[..], &alts[..]);
        let forward = train_parser(tagged, cfg, runs, &log).0;
        let backward = opt.accurate_vote.then(|| {
            log("beam-search parser reading right to left".to_string());
            let rtl = parser::ParserTraining {
                reverse: true,
                ..cfg.clone()
            };
            train_parser(tagged, &rtl, runs, &log).0
        });
        (forward, backward)
    });
    // The tagger and parser as shipped (pruned); the entity tagger learns
    // from their output on its training sentences.
    let lemmas = lemma_exceptions(&sents, &infos, &tagger);
    let full = Models {
        tagger,
        parser,
        ner: ner::NerTagger::empty(),
        lemmas,
    };
    let mut models = full
        .pruned(opt.prune.0, opt.prune.1, 0.0)
        .pruned_parser_rows(opt.parser_row_prune);

    // Entity tagger on GUM.
    let ner_data = ner_examples(&sents, &models);
    let ner_tagger = ner::train(&ner_data, opt.ner_epochs, opt.seed);
    log(format!(
        "entity tagger trained on {} sentences",
        ner_data.len()
    ));
    if let Some(dir) = std::env::var_os("HERALD_NLP_UNPRUNED") {
        // Keep the full models too, to choose pruning levels.
        let mut full = full;
        full.ner = ner_tagger.clone();
        full.save(Path::new(&dir))?;
    }
    models.ner = ner_tagger;
    models.ner.model = models.ner.model.pruned(opt.prune.2);
    let mut report = TrainReport {
        sentences: sents.len(),
        tokens,
        ner_sentences: ner_data.len(),
        tag_classes: models.tagger.classes.len(),
        labels: models.parser.labels.len(),
        lemma_exceptions: models.lemmas.len(),
        parser_epochs: epoch_acc,
        ..TrainReport::default()
    };
    models.save(out)?;
    for (name, bytes) in models.to_bytes() {
        report.files.push((name.to_string(), bytes.len() as u64));
    }
    if let Some((forward, backward)) = accurate {
        let pruned = |mut p: parser::Parser| {
            p.model = p.model.pruned(opt.prune.1);
            p
        };
        let mut m = models.clone();
        m.parser = pruned(forward);
        if let Some(b) = backward {
            // The greedy voter is the shipped greedy parser.
            m.parser.voters = vec![pruned(b), models.parser.clone()];
        }
        let bytes = m.save_as_accurate(out)?;
        report
            .files
            .push((crate::model::ACCURATE_PARSER.to_string(), bytes));
    }
    report.seconds = t0.elapsed().as_secs_f64();
    log(format!("saved models to {}", out.display()));
    Ok(report)
}

/// `opt.tagger_ensemble` taggers on different shuffles, averaged into one.
fn train_tagger(sents: &[Sent], opt: &TrainOptions, seed: u64) -> Tagger {
    let runs = opt.tagger_ensemble.max(1);
    let taggers: Vec<Tagger> = (0..runs)
        .map(|run| {
            tagger::train(
                sents,
                opt.tagger_epochs,
                seed.wrapping_add(7919 * run as u64),
            )
        })
        .collect();
    Tagger::average(taggers)
}

/// Retrains only the tagger of the models in `dir` (the parser and entity
/// tagger are kept; the tag set is the same as the data is).
pub fn retrain_tagger(shared: &Path, dir: &Path, opt: &TrainOptions) -> Result<Models, NlpError> {
    let mut models = Models::load_for_ner_training(dir)?;
    let sents = load_training(shared)?;
    let t = train_tagger(&sents, opt, opt.seed);
    if t.classes != models.tagger.classes {
        return Err(NlpError::Model {
            name: "tagger".to_string(),
            msg: "retrained tag set differs from the parser's".to_string(),
        });
    }
    models.tagger = t;
    Ok(models)
}

/// Part-of-speech tags for every training sentence from `opt.folds`
/// jackknifed taggers (each trained on the other folds), as ids of `tagger`;
/// with fewer than two folds, `tagger`'s own tags.
fn jackknife_tags(
    sents: &[Sent],
    infos: &[Vec<WordInfo>],
    tagger: &Tagger,
    opt: &TrainOptions,
    log: &dyn Fn(String),
) -> (Vec<Vec<u8>>, Vec<Vec<u8>>) {
    let mut tags: Vec<Vec<u8>> = vec![Vec::new(); sents.len()];
    let mut alts: Vec<Vec<u8>> = vec![Vec::new(); sents.len()];
    if opt.folds < 2 {
        for (i, info) in infos.iter().enumerate() {
            tagger.tag_with_alts(info, &mut tags[i], &mut alts[i]);
        }
        return (tags, alts);
    }
    for fold in 0..opt.folds {
        let train: Vec<Sent> = sents
            .iter()
            .enumerate()
            .filter(|(i, _)| i % opt.folds != fold)
            .map(|(_, s)| s.clone())
            .collect();
        let fold_opt = TrainOptions {
            tagger_ensemble: opt.jackknife_ensemble,
            ..opt.clone()
        };
        let t = train_tagger(&train, &fold_opt, opt.seed + fold as u64 + 1);
        for (i, info) in infos.iter().enumerate() {
            if i % opt.folds == fold {
                let (mut raw, mut alt) = (Vec::new(), Vec::new());
                t.tag_with_alts(info, &mut raw, &mut alt);
                tags[i] = remap(&t, tagger, &raw);
                alts[i] = remap(&t, tagger, &alt);
            }
        }
        log(format!("jackknife fold {fold} tagged"));
    }
    (tags, alts)
}

/// Training sentences with their word features, tags and runner-up tags.
type Tagged<'a> = (
    &'a [Sent],
    &'a [Vec<WordInfo>],
    &'a [Vec<u8>],
    &'a [Vec<u8>],
);

/// Trains the parser on `sents` with predicted `tags` (and the tagger's
/// runner-up `alts`): `runs` perceptrons with settings `cfg` on different
/// shuffles, averaged into one model; also the first run's training
/// accuracy per epoch and the runs alone (empty for one run).
fn train_parser(
    (sents, infos, tags, alts): Tagged<'_>,
    cfg: &parser::ParserTraining,
    (runs, seed): (usize, u64),
    log: &(dyn Fn(String) + Sync),
) -> (parser::Parser, Vec<f64>, Vec<parser::Parser>) {
    let mut label_counts: HashMap<&str, usize> = HashMap::new();
    for s in sents {
        for d in &s.deprels {
            *label_counts.entry(d.as_str()).or_default() += 1;
        }
    }
    let mut labels: Vec<(&str, usize)> = label_counts.into_iter().collect();
    labels.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    labels.truncate(127);
    let labels: Vec<String> = labels.into_iter().map(|(l, _)| l.to_string()).collect();
    let label_id: HashMap<&str, u8> = labels
        .iter()
        .enumerate()
        .map(|(i, l)| (l.as_str(), i as u8))
        .collect();
    let examples: Vec<ParseExample> = sents
        .iter()
        .zip(infos)
        .zip(tags.iter().zip(alts))
        .map(|((s, info), (t, a))| {
            let mut heads = vec![0];
            heads.extend(&s.heads);
            let mut ls = vec![0u8];
            ls.extend(
                s.deprels
                    .iter()
                    .map(|d| label_id.get(d.as_str()).copied().unwrap_or(0)),
            );
            ParseExample {
                infos: info.clone(),
                tags: t.clone(),
                alts: a.clone(),
                heads,
                labels: ls,
            }
        })
        .collect();
    // Runs are independent (own seed, own shuffles): one thread each, so
    // the result is the same as one after another.
    let runs = runs.max(1);
    let results: Vec<(parser::Parser, Vec<f64>)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..runs)
            .map(|run| {
                let (examples, labels) = (&examples, labels.clone());
                scope.spawn(move || {
                    let seed = seed.wrapping_add(1000 * run as u64);
                    let mut acc_by_epoch = Vec::new();
                    let p = parser::train(examples, labels, cfg, seed, |e, acc| {
                        acc_by_epoch.push(acc);
                        log(format!(
                            "parser {run} epoch {e}: train head accuracy {acc:.4}"
                        ));
                    });
                    (p, acc_by_epoch)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    let epoch_acc = results.first().map(|r| r.1.clone()).unwrap_or_default();
    let parsers: Vec<parser::Parser> = results.into_iter().map(|r| r.0).collect();
    let members = if runs > 1 {
        parsers.clone()
    } else {
        Vec::new()
    };
    (parser::Parser::average(parsers), epoch_acc, members)
}

/// Lemma exceptions: the majority gold lemma of each (lower-cased form,
/// tagger class) where the rules ([`rule_lemma`]) get it wrong. Proper
/// nouns keep their form; words with digits are left out, as their hashes
/// fold every digit to 0 (see `Models::prepare`).
fn lemma_exceptions(
    sents: &[Sent],
    infos: &[Vec<WordInfo>],
    tagger: &Tagger,
) -> HashMap<u64, String> {
    let mut counts: HashMap<u64, HashMap<&str, usize>> = HashMap::new();
    let mut class_buf = Vec::new();
    for (s, info) in sents.iter().zip(infos) {
        class_buf.clear();
        class_buf.extend(s.upos.iter().zip(&s.xpos).map(|(u, x)| {
            tagger
                .classes
                .iter()
                .position(|(cu, cx)| cu == u && cx == x)
                .unwrap_or(usize::MAX)
        }));
        for (k, &c) in class_buf.iter().enumerate() {
            if c > 255 || s.lemmas[k] == "_" || info[k].flags & crate::features::DIGIT != 0 {
                continue;
            }
            let key = lemma_key(info[k].lower, c as u8);
            *counts
                .entry(key)
                .or_default()
                .entry(s.lemmas[k].as_str())
                .or_default() += 1;
        }
    }
    // Forms for each key, to check the rule (keys hash the lower form).
    let mut form_of: HashMap<u64, (&str, &str)> = HashMap::new();
    for (s, info) in sents.iter().zip(infos) {
        for (k, wi) in info.iter().enumerate() {
            if let Some(c) = tagger
                .classes
                .iter()
                .position(|(cu, cx)| *cu == s.upos[k] && *cx == s.xpos[k])
            {
                form_of
                    .entry(lemma_key(wi.lower, c as u8))
                    .or_insert((s.forms[k].as_str(), s.upos[k].as_str()));
            }
        }
    }
    let mut lemmas = HashMap::new();
    for (key, m) in counts {
        let Some((best, _)) = m.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0))) else {
            continue;
        };
        let Some(&(form, upos)) = form_of.get(&key) else {
            continue;
        };
        if upos == "PROPN" {
            continue;
        }
        if rule_lemma(form, upos) != *best {
            lemmas.insert(key, (*best).to_string());
        }
    }
    lemmas
}

/// Rebuilds only the lemma exceptions of the models in `dir` from the
/// training data (the tagger's classes key them), as [`train_with`] does.
pub fn retrain_lemmas(shared: &Path, dir: &Path) -> Result<Models, NlpError> {
    let mut models = Models::load(dir)?;
    let sents = load_training(shared)?;
    let infos = word_infos(&sents);
    models.lemmas = lemma_exceptions(&sents, &infos, &models.tagger);
    Ok(models)
}

/// Retrains only the parser of the models in `dir` (its tagger gives the
/// jackknife's class ids; the entity tagger is kept as it is): the quick
/// loop for parser work. Same data and settings as [`train_with`]. Also
/// returns the models with each ensemble member alone (empty without an
/// ensemble), to see what averaging gains.
pub fn retrain_parser(
    shared: &Path,
    dir: &Path,
    opt: &TrainOptions,
) -> Result<(Models, Vec<Models>), NlpError> {
    let t0 = Instant::now();
    let log = |m: String| {
        if opt.verbose {
            eprintln!("[{:7.1}s] {m}", t0.elapsed().as_secs_f64());
        }
    };
    let mut models = Models::load_for_ner_training(dir)?;
    let sents = load_training(shared)?;
    let infos = word_infos(&sents);
    let (tags, alts) = jackknife_tags(&sents, &infos, &models.tagger, opt, &log);
    let (p, _, members) = train_parser(
        (&sents, &infos, &tags, &alts),
        &opt.parser,
        (opt.parser_ensemble, opt.seed),
        &log,
    );
    let members = members
        .into_iter()
        .map(|m| {
            let mut x = models.clone();
            x.parser = m;
            x
        })
        .collect();
    models.parser = p;
    Ok((models, members))
}

/// The entity tagger's training examples: the sentences of `sents` with
/// entities (GUM's), tagged and parsed by `models`' tagger and parser, the
/// ones shipped. Their output on sentences they were trained on is better
/// than on new text, yet this scored 3–6 F1 above tags and parses from
/// jackknifed fold models on GUM dev (73–75 over four seeds, against 69.7):
/// the document-level typers learn to trust syntax that the fold models'
/// noisier parses taught them to ignore.
fn ner_examples(sents: &[Sent], models: &Models) -> Vec<NerExample> {
    sents
        .iter()
        .filter_map(|s| {
            let gold = s.ner.as_ref()?;
            let infos: Vec<WordInfo> = s.forms.iter().map(|f| word_info(f)).collect();
            let (mut tags, mut alts) = (Vec::new(), Vec::new());
            models.tagger.tag_with_alts(&infos, &mut tags, &mut alts);
            let p = models.parser.parse_with_alts(&infos, &tags, &alts);
            Some(NerExample {
                doc_start: s.doc_start,
                syntax: ner::syntax(&infos, &p.heads, &p.labels, &models.parser.labels),
                gaz: s.forms.iter().map(|f| ner::gaz(f)).collect(),
                gold: gold.iter().map(|l| ner::class_of(l)).collect(),
                infos,
                tags,
            })
        })
        .collect()
}

/// Retrains only the entity tagger of the models in `dir` on GUM train, as
/// [`train_with`] does (same inputs, [`ner_examples`]); quicker than
/// [`train_all`].
pub fn retrain_ner(
    shared: &Path,
    dir: &Path,
    epochs: usize,
    seed: u64,
    prune: f32,
) -> Result<Models, NlpError> {
    let models = &Models::load_for_ner_training(dir)?;
    let gum: Vec<Sent> = conllu::read_path(&shared.join("data/gum/train"))?
        .iter()
        .map(|c| Sent::from_conllu(c, true))
        .collect();
    let data = ner_examples(&gum, models);
    let mut m = models.clone();
    m.ner = ner::train(&data, epochs, seed);
    m.ner.model = m.ner.model.pruned(prune);
    Ok(m)
}

/// Maps a fold tagger's class ids onto the final tagger's ids.
fn remap(from: &Tagger, to: &Tagger, raw: &[u8]) -> Vec<u8> {
    raw.iter()
        .map(|&c| to.class_of(from.upos(c), from.xpos(c)))
        .collect()
}

/// The shared data folder: env `HERALD_SHARED`, else `../shared` (relative
/// to the working directory, i.e. the repo root).
pub fn shared_dir() -> PathBuf {
    herald_core::shared_dir()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gum_entities_become_bio() {
        let text = "1\tThe\tthe\tDET\tDT\t_\t3\tdet\t_\tEntity=(1-organization-new-x-cf1-1-coref\n\
2\tWhite\tWhite\tPROPN\tNNP\t_\t3\tcompound\t_\t_\n\
3\tHouse\tHouse\tPROPN\tNNP\t_\t4\tnsubj\t_\tEntity=1)\n\
4\tpraised\tpraise\tVERB\tVBD\t_\t0\troot\t_\t_\n\
5\tObama\tObama\tPROPN\tNNP\t_\t4\tobj\t_\tEntity=(2-person-new-x-cf2-1-coref)\n\
6\tand\tand\tCCONJ\tCC\t_\t8\tcc\t_\t_\n\
7\tthe\tthe\tDET\tDT\t_\t8\tdet\t_\tEntity=(3-abstract-new-x-cf3-1-sgl\n\
8\tplan\tplan\tNOUN\tNN\t_\t5\tconj\t_\tEntity=3)\n";
        let s = &conllu::parse(text, "t").unwrap()[0];
        assert_eq!(
            gum_bio(s),
            vec!["O", "B-ORG", "I-ORG", "O", "B-PER", "O", "O", "O"]
        );
        let text = "1\tMary\tMary\tPROPN\tNNP\t_\t0\troot\t_\tEntity=(1-person-new-x-cf1-1-coref\n\
2\tChaworth\tChaworth\tPROPN\tNNP\t_\t1\tflat\t_\t_\n\
3\t,\t,\tPUNCT\t,\t_\t1\tpunct\t_\t_\n\
4\tleft\tleave\tVERB\tVBD\t_\t1\tacl:relcl\t_\tEntity=1)\n\
5\tBank\tBank\tPROPN\tNNP\t_\t4\tobj\t_\tEntity=(2-organization-new-x-cf1-1-coref\n\
6\tof\tof\tADP\tIN\t_\t8\tcase\t_\t_\n\
7\tthe\tthe\tDET\tDT\t_\t8\tdet\t_\t_\n\
8\tNetherlands\tNetherlands\tPROPN\tNNP\t_\t5\tnmod\t_\tEntity=2)\n";
        let s = &conllu::parse(text, "t").unwrap()[0];
        assert_eq!(
            gum_bio(s),
            vec![
                "B-PER", "I-PER", "O", "O", "B-ORG", "I-ORG", "I-ORG", "I-ORG"
            ]
        );
    }

    #[test]
    fn rng_is_deterministic() {
        let mut a = Rng::new(7);
        let mut b = Rng::new(7);
        assert_eq!(a.next_u64(), b.next_u64());
        let mut v: Vec<u32> = (0..10).collect();
        a.shuffle(&mut v);
        let mut sorted = v.clone();
        sorted.sort();
        assert_eq!(sorted, (0..10).collect::<Vec<_>>());
    }
}
