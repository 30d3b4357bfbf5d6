//! Evaluation against the shared development sets (`herald eval nlp`).
//!
//! * Gold tokens (EWT dev, GUM dev): UPOS, XPOS, UAS, LAS over all words
//!   (punctuation included, as in the CoNLL 2018 shared task).
//! * Entities (GUM dev): exact-span typed micro F1 for person, place and
//!   organisation, each document (`# newdoc`) analysed as one article,
//!   against named mentions derived as in training ([`crate::train::gum_bio`]:
//!   GUM mentions headed by a proper noun, trimmed to the name).
//! * Raw text: documents rebuilt from the treebank text (paragraphs on their
//!   own lines), then sentence and token F1 by exact byte spans.
//! * Speed: tokens per second on one core for tag + parse + entities, and
//!   for the full raw-text pipeline.

use std::collections::HashSet;
use std::path::Path;
use std::time::Instant;

use herald_core::{MentionKind, Token};

use crate::conllu::{self, ConlluSentence};
use crate::{Analyzer, Models, NlpError, train};

/// Scores of one evaluation run.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct EvalReport {
    pub ewt: Option<TreebankScores>,
    pub gum: Option<TreebankScores>,
    pub entities: Option<EntityScores>,
    pub raw_ewt: Option<RawScores>,
    pub raw_gum: Option<RawScores>,
    /// Tag + parse + entities on gold tokens, one thread.
    pub tokens_per_sec: f64,
    /// Tokenise + split + tag + parse + entities on raw text, one thread.
    pub raw_tokens_per_sec: f64,
    /// The full raw-text pipeline on real news articles (the gold article
    /// bodies of the Scrapinghub extraction benchmark), when present.
    pub news: Option<NewsSpeed>,
    /// Why the news corpus could not be timed, when present but unreadable.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub news_error: Option<String>,
    /// Time to load the embedded models, milliseconds.
    pub load_ms: f64,
    /// Resident memory growth while loading the models (Linux), MB.
    pub load_mb: Option<f64>,
    pub models: bool,
    /// The same with the accurate parsers (`Analyzer::accurate`), when
    /// built in.
    pub accurate: Option<AccurateScores>,
}

/// Speed of the full raw-text pipeline over a news corpus, one thread.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct NewsSpeed {
    pub articles: usize,
    pub tokens: usize,
    pub tokens_per_sec: f64,
}

/// The news corpus [`news_speed`] reads, under `$HERALD_SHARED`.
pub const NEWS_CORPUS: &str = "eval/extract/scrapinghub/ground-truth.json";

/// Runs the full raw-text pipeline (split, tokenise, tag, parse, entities
/// with document pooling) over the article bodies of a Scrapinghub-style
/// ground-truth file (`{id: {"articleBody": …}}`): real news, whole
/// articles, mixed case. A warm-up pass over a few articles, then one
/// timed pass over all.
pub fn news_speed(analyzer: &Analyzer, path: &Path) -> Result<NewsSpeed, NlpError> {
    let text = std::fs::read_to_string(path).map_err(|source| NlpError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let v: serde_json::Value = serde_json::from_str(&text).map_err(|e| NlpError::Json {
        path: path.display().to_string(),
        reason: e.to_string(),
    })?;
    let bodies: Vec<&str> = v
        .as_object()
        .into_iter()
        .flat_map(|m| m.values())
        .filter_map(|a| a.get("articleBody")?.as_str())
        .filter(|b| !b.trim().is_empty())
        .collect();
    for b in bodies.iter().take(10) {
        std::hint::black_box(analyzer.analyze(b));
    }
    let t = CpuClock::start();
    let mut tokens = 0;
    for b in &bodies {
        let (s, _) = analyzer.analyze(b);
        tokens += s.iter().map(|s| s.tokens.len()).sum::<usize>();
    }
    Ok(NewsSpeed {
        articles: bodies.len(),
        tokens,
        tokens_per_sec: tokens as f64 / t.seconds().max(1e-9),
    })
}

/// Parsing with the accurate parser: the scores that change.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct AccurateScores {
    /// The beam width of its first parser.
    pub beam: usize,
    /// Parsers voting on every head (1: the beam-search parser alone).
    pub parsers: usize,
    pub ewt: TreebankScores,
    pub gum: TreebankScores,
    /// GUM dev entity F1 (the entity tagger reads the parse).
    pub entity_f1: f64,
    /// Tag + parse + entities on gold tokens, one thread.
    pub tokens_per_sec: f64,
    pub load_ms: f64,
}

#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct TreebankScores {
    pub words: usize,
    pub upos: f64,
    pub xpos: f64,
    pub uas: f64,
    pub las: f64,
    pub lemma: f64,
    /// UAS and LAS when the parser gets gold tags instead of the tagger's:
    /// how much parsing loses to tagging errors.
    pub gold_tags: Option<(f64, f64)>,
}

#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct EntityScores {
    pub gold: usize,
    pub predicted: usize,
    pub correct: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    /// (type, P, R, F1) per type.
    pub by_type: Vec<(String, f64, f64, f64)>,
    /// F1 of spans alone, ignoring the type (how much is typing).
    pub span_f1: f64,
}

#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct RawScores {
    pub sentence_p: f64,
    pub sentence_r: f64,
    pub sentence_f1: f64,
    pub token_p: f64,
    pub token_r: f64,
    pub token_f1: f64,
}

fn pct(x: f64) -> String {
    format!("{:.2}%", 100.0 * x)
}

impl std::fmt::Display for EvalReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "models: {}  (load {:.0} ms{})",
            if self.models { "learned" } else { "rules only" },
            self.load_ms,
            self.load_mb
                .map(|m| format!(", +{m:.1} MB RSS"))
                .unwrap_or_default()
        )?;
        for (name, s) in [("EWT dev", &self.ewt), ("GUM dev", &self.gum)] {
            if let Some(s) = s {
                writeln!(
                    f,
                    "{name} (gold tokens, {} words): UPOS {}  XPOS {}  UAS {}  LAS {}  lemma {}",
                    s.words,
                    pct(s.upos),
                    pct(s.xpos),
                    pct(s.uas),
                    pct(s.las),
                    pct(s.lemma)
                )?;
                if let Some((u, l)) = s.gold_tags {
                    writeln!(
                        f,
                        "  parser given gold tags: UAS {}  LAS {}",
                        pct(u),
                        pct(l)
                    )?;
                }
            }
        }
        if let Some(e) = &self.entities {
            writeln!(
                f,
                "GUM dev entities (person/place/organisation, exact span): P {}  R {}  F1 {}  (gold {}, predicted {})",
                pct(e.precision),
                pct(e.recall),
                pct(e.f1),
                e.gold,
                e.predicted
            )?;
            writeln!(f, "  spans alone (any type): F1 {}", pct(e.span_f1))?;
            for (t, p, r, f1) in &e.by_type {
                writeln!(f, "  {t}: P {}  R {}  F1 {}", pct(*p), pct(*r), pct(*f1))?;
            }
        }
        for (name, s) in [("EWT dev", &self.raw_ewt), ("GUM dev", &self.raw_gum)] {
            if let Some(s) = s {
                writeln!(
                    f,
                    "{name} raw text: sentences P {} R {} F1 {}; tokens P {} R {} F1 {}",
                    pct(s.sentence_p),
                    pct(s.sentence_r),
                    pct(s.sentence_f1),
                    pct(s.token_p),
                    pct(s.token_r),
                    pct(s.token_f1)
                )?;
            }
        }
        writeln!(
            f,
            "speed (thread CPU time): tag+parse+entities {:.0} tokens/s; full raw-text pipeline {:.0} tokens/s",
            self.tokens_per_sec, self.raw_tokens_per_sec
        )?;
        if let Some(e) = &self.news_error {
            writeln!(f, "news corpus not timed: {e}")?;
        }
        if let Some(n) = &self.news {
            writeln!(
                f,
                "news corpus ({} articles, {} tokens, full raw-text pipeline): {:.0} tokens/s",
                n.articles, n.tokens, n.tokens_per_sec
            )?;
        }
        if let Some(a) = &self.accurate {
            writeln!(
                f,
                "accurate mode ({} parsers voting, the first with beam {}; load {:.0} ms): EWT dev UAS {}  LAS {}; GUM dev UAS {}  LAS {}; entities F1 {}; {:.0} tokens/s",
                a.parsers,
                a.beam,
                a.load_ms,
                pct(a.ewt.uas),
                pct(a.ewt.las),
                pct(a.gum.uas),
                pct(a.gum.las),
                pct(a.entity_f1),
                a.tokens_per_sec
            )?;
        }
        Ok(())
    }
}

fn tokens_of(s: &ConlluSentence) -> Vec<Token> {
    s.words
        .iter()
        .map(|w| Token {
            text: w.form.clone(),
            ..Token::default()
        })
        .collect()
}

/// Scores tagging and parsing on gold tokens.
pub fn treebank_scores(analyzer: &Analyzer, sents: &[ConlluSentence]) -> TreebankScores {
    let (mut n, mut upos, mut xpos, mut uas, mut las, mut lemma) = (0, 0, 0, 0, 0, 0);
    for s in sents {
        let mut toks = tokens_of(s);
        analyzer.annotate(&mut toks);
        for (t, w) in toks.iter().zip(&s.words) {
            n += 1;
            upos += usize::from(t.upos == w.upos);
            xpos += usize::from(t.xpos == w.xpos);
            lemma += usize::from(t.lemma == w.lemma);
            let head = t.head.map_or(0, |h| h + 1);
            if head == w.head {
                uas += 1;
                // Compare universal relations with their subtypes.
                las += usize::from(t.deprel == w.deprel);
            }
        }
    }
    let d = n.max(1) as f64;
    TreebankScores {
        words: n,
        upos: upos as f64 / d,
        xpos: xpos as f64 / d,
        uas: uas as f64 / d,
        las: las as f64 / d,
        lemma: lemma as f64 / d,
        gold_tags: None,
    }
}

fn prf(correct: usize, pred: usize, gold: usize) -> (f64, f64, f64) {
    let p = correct as f64 / pred.max(1) as f64;
    let r = correct as f64 / gold.max(1) as f64;
    let f = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    (p, r, f)
}

/// Entity F1 on GUM sentences (person, place, organisation).
pub fn entity_scores(analyzer: &Analyzer, sents: &[ConlluSentence]) -> EntityScores {
    let types = [
        ("PER", MentionKind::Person),
        ("PLACE", MentionKind::Place),
        ("ORG", MentionKind::Organization),
    ];
    let mut gold: HashSet<(usize, usize, usize, MentionKind)> = HashSet::new();
    let mut pred: HashSet<(usize, usize, usize, MentionKind)> = HashSet::new();
    for (si, s) in sents.iter().enumerate() {
        let bio = train::gum_bio(s);
        let classes: Vec<u8> = bio.iter().map(|l| crate::ner::class_of(l)).collect();
        for e in crate::ner::entities(&classes) {
            if types.iter().any(|(_, k)| *k == e.kind) {
                gold.insert((si, e.start, e.end, e.kind));
            }
        }
    }
    // Predicted a document at a time (`# newdoc`), as articles are.
    let mut start = 0;
    while start < sents.len() {
        let end = (start + 1..sents.len())
            .find(|&i| sents[i].starts_document())
            .unwrap_or(sents.len());
        let mut doc: Vec<Vec<Token>> = sents[start..end].iter().map(tokens_of).collect();
        for (k, ents) in analyzer.annotate_document(&mut doc).into_iter().enumerate() {
            for e in ents {
                if types.iter().any(|(_, t)| *t == e.kind) {
                    pred.insert((start + k, e.start, e.end, e.kind));
                }
            }
        }
        start = end;
    }
    let correct = gold.intersection(&pred).count();
    let (precision, recall, f1) = prf(correct, pred.len(), gold.len());
    let spans =
        |set: &HashSet<(usize, usize, usize, MentionKind)>| -> HashSet<(usize, usize, usize)> {
            set.iter().map(|e| (e.0, e.1, e.2)).collect()
        };
    let (gs, ps) = (spans(&gold), spans(&pred));
    let span_f1 = prf(gs.intersection(&ps).count(), ps.len(), gs.len()).2;
    let by_type = types
        .iter()
        .map(|(name, k)| {
            let g = gold.iter().filter(|e| e.3 == *k).count();
            let p = pred.iter().filter(|e| e.3 == *k).count();
            let c = gold
                .iter()
                .filter(|e| e.3 == *k && pred.contains(e))
                .count();
            let (a, b, c) = prf(c, p, g);
            (name.to_string(), a, b, c)
        })
        .collect();
    EntityScores {
        gold: gold.len(),
        predicted: pred.len(),
        correct,
        precision,
        recall,
        f1,
        by_type,
        span_f1,
    }
}

/// Tokens per second (thread CPU time) of the entity tagger alone, its
/// inputs (tags, parse) prepared beforehand: the entity share of the
/// pipeline's cost. Times the gazetteer look-ups and the document-level
/// tagging ([`crate::ner::NerTagger::tag_document`], one `# newdoc` at a
/// time), as [`Analyzer::analyze`] runs them.
pub fn entity_tagger_speed(models: &Models, sents: &[ConlluSentence]) -> f64 {
    use crate::features::word_info;
    use crate::ner;
    let inputs: Vec<_> = sents
        .iter()
        .map(|s| {
            let infos: Vec<_> = s.words.iter().map(|w| word_info(&w.form)).collect();
            let (mut tags, mut alts) = (Vec::new(), Vec::new());
            models.tagger.tag_with_alts(&infos, &mut tags, &mut alts);
            let p = models.parser.parse_with_alts(&infos, &tags, &alts);
            let syntax = ner::syntax(&infos, &p.heads, &p.labels, &models.parser.labels);
            (infos, tags, syntax, s.starts_document())
        })
        .collect();
    let words: usize = inputs.iter().map(|i| i.0.len()).sum();
    let mut outs = Vec::new();
    let t = CpuClock::start();
    let gaz: Vec<Vec<u64>> = sents
        .iter()
        .map(|s| s.words.iter().map(|w| ner::gaz(&w.form)).collect())
        .collect();
    let mut start = 0;
    while start < inputs.len() {
        let end = (start + 1..inputs.len())
            .find(|&i| inputs[i].3)
            .unwrap_or(inputs.len());
        let xs: Vec<ner::NerInput<'_>> = inputs[start..end]
            .iter()
            .zip(&gaz[start..end])
            .map(|((infos, tags, syntax, _), gaz)| ner::NerInput {
                infos,
                tags,
                gaz,
                syntax,
            })
            .collect();
        models.ner.tag_document(&xs, &mut outs);
        start = end;
    }
    words as f64 / t.seconds().max(1e-9)
}

/// Tokens per second (thread CPU time) of each stage on gold tokens, its
/// inputs prepared beforehand: (tagger, parser, whole `annotate`).
pub fn component_speeds(models: &Models, sents: &[ConlluSentence]) -> (f64, f64, f64) {
    use crate::features::word_info;
    let infos: Vec<Vec<_>> = sents
        .iter()
        .map(|s| s.words.iter().map(|w| word_info(&w.form)).collect())
        .collect();
    let words: usize = infos.iter().map(Vec::len).sum::<usize>().max(1);
    let mut tags = vec![Vec::new(); infos.len()];
    let mut alts = vec![Vec::new(); infos.len()];
    let t = CpuClock::start();
    for ((info, out), alt) in infos.iter().zip(tags.iter_mut()).zip(alts.iter_mut()) {
        models.tagger.tag_with_alts(info, out, alt);
    }
    let tag = words as f64 / t.seconds();
    let t = CpuClock::start();
    for ((info, tg), alt) in infos.iter().zip(&tags).zip(&alts) {
        std::hint::black_box(models.parser.parse_with_alts(info, tg, alt));
    }
    let parse = words as f64 / t.seconds();
    let mut toks: Vec<Vec<Token>> = sents.iter().map(tokens_of).collect();
    let t = CpuClock::start();
    for s in toks.iter_mut() {
        std::hint::black_box(models.annotate(s));
    }
    let all = words as f64 / t.seconds();
    (tag, parse, all)
}

/// A document rebuilt from a treebank: its text, gold sentence spans and
/// gold token spans (multi-word tokens count once, by their surface form).
pub struct RawDoc {
    pub text: String,
    pub sentences: Vec<(usize, usize)>,
    pub tokens: Vec<(usize, usize)>,
}

/// Rebuilds raw documents: sentences of a paragraph joined by a space,
/// paragraphs separated by a newline, documents by `newdoc`.
pub fn rebuild_documents(sents: &[ConlluSentence]) -> Vec<RawDoc> {
    let mut docs: Vec<RawDoc> = Vec::new();
    for s in sents {
        if docs.is_empty() || s.starts_document() {
            docs.push(RawDoc {
                text: String::new(),
                sentences: Vec::new(),
                tokens: Vec::new(),
            });
        }
        let Some(doc) = docs.last_mut() else { continue };
        if !doc.text.is_empty() {
            doc.text.push(if s.starts_paragraph() { '\n' } else { ' ' });
        }
        let start = doc.text.len();
        let mut i = 0;
        while i < s.words.len() {
            // Surface token: a multi-word token or a single word.
            let (form, space_no, next) = match s.multiwords.iter().find(|m| m.first == i + 1) {
                Some(m) => (
                    m.form.as_str(),
                    m.misc.split('|').any(|f| f == "SpaceAfter=No")
                        || s.words
                            .get(m.last.saturating_sub(1))
                            .is_some_and(|w| w.space_after_no()),
                    m.last,
                ),
                None => (s.words[i].form.as_str(), s.words[i].space_after_no(), i + 1),
            };
            let a = doc.text.len();
            doc.text.push_str(form);
            // Words of a multi-word token count separately when they spell it.
            let words = &s.words[i..next.min(s.words.len())];
            let joined: String = words.iter().map(|w| w.form.as_str()).collect();
            if words.len() > 1 && joined == form {
                let mut k = a;
                for w in words {
                    doc.tokens.push((k, k + w.form.len()));
                    k += w.form.len();
                }
            } else {
                doc.tokens.push((a, doc.text.len()));
            }
            if !space_no && next < s.words.len() {
                doc.text.push(' ');
            }
            i = next.max(i + 1);
        }
        let end = doc.text.trim_end().len();
        doc.text.truncate(end);
        doc.sentences.push((start, end));
    }
    docs
}

/// Sentence and token F1 of the raw-text pipeline.
pub fn raw_scores(sents: &[ConlluSentence]) -> RawScores {
    let docs = rebuild_documents(sents);
    let (mut sc, mut sp, mut sg, mut tc, mut tp, mut tg) = (0, 0, 0, 0, 0, 0);
    for d in &docs {
        let toks = crate::tokenize(&d.text);
        let ranges = crate::segment(&d.text, &toks);
        let pred_t: HashSet<(usize, usize)> = toks.iter().map(|s| (s.start, s.end)).collect();
        let pred_s: HashSet<(usize, usize)> = ranges
            .iter()
            .filter(|r| !r.is_empty())
            .map(|r| (toks[r.start].start, toks[r.end - 1].end))
            .collect();
        let gold_t: HashSet<(usize, usize)> = d.tokens.iter().copied().collect();
        let gold_s: HashSet<(usize, usize)> = d.sentences.iter().copied().collect();
        tc += gold_t.intersection(&pred_t).count();
        tp += pred_t.len();
        tg += gold_t.len();
        sc += gold_s.intersection(&pred_s).count();
        sp += pred_s.len();
        sg += gold_s.len();
    }
    let (sentence_p, sentence_r, sentence_f1) = prf(sc, sp, sg);
    let (token_p, token_r, token_f1) = prf(tc, tp, tg);
    RawScores {
        sentence_p,
        sentence_r,
        sentence_f1,
        token_p,
        token_r,
        token_f1,
    }
}

/// CPU time of the current thread in seconds (Linux `schedstat`), so speed
/// figures mean "per core" even on a busy machine; wall time elsewhere.
pub struct CpuClock {
    wall: Instant,
    cpu: Option<f64>,
}

fn thread_cpu() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: f64 = s.split_whitespace().next()?.parse().ok()?;
    Some(ns / 1e9)
}

impl CpuClock {
    pub fn start() -> CpuClock {
        CpuClock {
            wall: Instant::now(),
            cpu: thread_cpu(),
        }
    }

    /// Seconds elapsed: thread CPU time when available.
    pub fn seconds(&self) -> f64 {
        match (self.cpu, thread_cpu()) {
            (Some(a), Some(b)) => (b - a).max(1e-9),
            _ => self.wall.elapsed().as_secs_f64().max(1e-9),
        }
    }
}

fn rss_kb() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = s.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Runs the whole evaluation against the shared folder.
pub fn evaluate(shared: &Path) -> Result<EvalReport, NlpError> {
    let rss0 = rss_kb();
    let t = Instant::now();
    let models = Models::embedded();
    let load_ms = t.elapsed().as_secs_f64() * 1000.0;
    let load_mb = match (rss0, rss_kb()) {
        (Some(a), Some(b)) => Some(b.saturating_sub(a) as f64 / 1024.0),
        _ => None,
    };
    let analyzer = match models {
        Some(m) => Analyzer::with_models(m),
        None => Analyzer::rules_only(),
    };
    let mut report = evaluate_with(shared, &analyzer, load_ms, load_mb)?;
    let t = Instant::now();
    if let Some(m) = Models::embedded_accurate() {
        let ms = t.elapsed().as_secs_f64() * 1000.0;
        report.accurate = Some(accurate_scores(shared, &Analyzer::with_models(m), ms)?);
    }
    Ok(report)
}

/// Treebank and entity scores and speed of an analyser whose parser is
/// the accurate one.
pub fn accurate_scores(
    shared: &Path,
    analyzer: &Analyzer,
    load_ms: f64,
) -> Result<AccurateScores, NlpError> {
    let ewt = conllu::read_path(&shared.join("data/ewt/en_ewt-ud-dev.conllu"))?;
    let gum = conllu::read_path(&shared.join("data/gum/dev"))?;
    let t = CpuClock::start();
    let ewt = treebank_scores(analyzer, &ewt);
    let tokens_per_sec = ewt.words as f64 / t.seconds().max(1e-9);
    Ok(AccurateScores {
        beam: analyzer.models.as_ref().map_or(1, |m| m.beam()),
        parsers: analyzer.models.as_ref().map_or(1, |m| m.parser_count()),
        ewt,
        gum: treebank_scores(analyzer, &gum),
        entity_f1: entity_scores(analyzer, &gum).f1,
        tokens_per_sec,
        load_ms,
    })
}

/// [`evaluate`] with a given analyser (e.g. models loaded from a folder).
pub fn evaluate_with(
    shared: &Path,
    analyzer: &Analyzer,
    load_ms: f64,
    load_mb: Option<f64>,
) -> Result<EvalReport, NlpError> {
    let ewt_path = shared.join("data/ewt/en_ewt-ud-dev.conllu");
    let gum_path = shared.join("data/gum/dev");
    let ewt = conllu::read_path(&ewt_path)?;
    let gum = conllu::read_path(&gum_path)?;
    let mut report = EvalReport {
        models: analyzer.has_models(),
        load_ms,
        load_mb,
        ..EvalReport::default()
    };
    let t = CpuClock::start();
    report.ewt = Some(treebank_scores(analyzer, &ewt));
    let secs = t.seconds();
    let words = report.ewt.as_ref().map_or(0, |s| s.words);
    report.tokens_per_sec = words as f64 / secs.max(1e-9);
    report.gum = Some(treebank_scores(analyzer, &gum));
    if let Some(m) = &analyzer.models {
        for (s, sents) in [(&mut report.ewt, &ewt), (&mut report.gum, &gum)] {
            if let Some(s) = s {
                s.gold_tags = Some(gold_tag_scores(m, sents));
            }
        }
    }
    report.entities = Some(entity_scores(analyzer, &gum));
    report.raw_ewt = Some(raw_scores(&ewt));
    report.raw_gum = Some(raw_scores(&gum));
    // Full pipeline on rebuilt raw text.
    let docs = rebuild_documents(&ewt);
    let t = CpuClock::start();
    let mut n = 0;
    for d in &docs {
        let (s, _) = analyzer.analyze(&d.text);
        n += s.iter().map(|s| s.tokens.len()).sum::<usize>();
    }
    report.raw_tokens_per_sec = n as f64 / t.seconds();
    // Only a speed figure: an unreadable corpus is reported, not fatal.
    let news = shared.join(NEWS_CORPUS);
    if news.exists() {
        match news_speed(analyzer, &news) {
            Ok(n) => report.news = Some(n),
            Err(e) => report.news_error = Some(e.to_string()),
        }
    }
    Ok(report)
}

/// UAS and LAS with gold tags fed to the parser instead of the tagger's
/// (a diagnostic: how much parsing loses to tagging errors).
pub fn gold_tag_scores(models: &Models, sents: &[ConlluSentence]) -> (f64, f64) {
    let (mut n, mut uas, mut las) = (0usize, 0usize, 0usize);
    for s in sents {
        let infos: Vec<_> = s
            .words
            .iter()
            .map(|w| crate::features::word_info(&w.form))
            .collect();
        let tags: Vec<u8> = s
            .words
            .iter()
            .map(|w| models.tagger.class_of(&w.upos, &w.xpos))
            .collect();
        let p = models.parser.parse(&infos, &tags);
        for (i, w) in s.words.iter().enumerate() {
            n += 1;
            if p.heads.get(i + 1).copied() == Some(w.head) {
                uas += 1;
                let l = p.labels.get(i + 1).copied().unwrap_or(0) as usize;
                las += usize::from(models.parser.labels.get(l) == Some(&w.deprel));
            }
        }
    }
    let d = n.max(1) as f64;
    (uas as f64 / d, las as f64 / d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn news_corpus_errors_name_the_file() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        let bad = dir.join("ground-truth.json");
        std::fs::write(&bad, "{\"a\": {\"articleBody\": ").unwrap();
        let a = Analyzer::default();
        let e = news_speed(&a, &bad).unwrap_err().to_string();
        assert!(e.contains("ground-truth.json") && e.contains("JSON"), "{e}");
        let missing = news_speed(&a, &dir.join("none.json"))
            .unwrap_err()
            .to_string();
        assert!(missing.contains("none.json"), "{missing}");
        // Well-formed: counts the articles and their tokens.
        std::fs::write(&bad, r#"{"x": {"articleBody": "Rebels attacked the town. Police said so."}, "y": {"url": "u"}}"#).unwrap();
        let n = news_speed(&a, &bad).unwrap();
        assert_eq!(n.articles, 1);
        assert!(n.tokens >= 9, "{n:?}");
    }

    #[test]
    fn rebuilt_documents_keep_gold_spans() {
        let text = "# newdoc id = d\n# newpar\n1\tHe\the\tPRON\tPRP\t_\t2\tnsubj\t_\t_\n2-3\tcan't\t_\t_\t_\t_\t_\t_\t_\t_\n2\tca\tcan\tAUX\tMD\t_\t0\troot\t_\t_\n3\tn't\tnot\tPART\tRB\t_\t2\tadvmod\t_\tSpaceAfter=No\n4\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_\n\n1\tOk\tok\tINTJ\tUH\t_\t0\troot\t_\t_\n";
        let s = conllu::parse(text, "t").unwrap();
        let d = &rebuild_documents(&s)[0];
        assert_eq!(d.text, "He can't. Ok");
        assert_eq!(d.sentences, vec![(0, 9), (10, 12)]);
        assert_eq!(d.tokens, vec![(0, 2), (3, 5), (5, 8), (8, 9), (10, 12)]);
        let r = raw_scores(&s);
        assert!(r.sentence_f1 > 0.99);
    }
}
