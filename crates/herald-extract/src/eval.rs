//! Benchmarks for the extraction stage (called by `herald eval extract`).
//!
//! * [`eval_scrapinghub`]: the ScrapingHub article-extraction benchmark —
//!   word 4-shingles (`\w+` tokens), per page TP/FP/FN normalised to sum 1,
//!   precision and recall averaged over pages, F1 = 2PR/(P+R).
//! * [`eval_wcxb`]: WCXB dev — body word-F1 plus title/date/author accuracy.
//! * [`eval_htmldate`]: htmldate pages — exact-day publication-date accuracy.
//!
//! Speed is measured single-threaded over the extraction call only
//! (decompression and gold parsing excluded), so pages/s is per core.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Instant;

use herald_core::{Article, Format, RawDoc};
use serde::Serialize;

use crate::Extractor;
pub use crate::eval_dates::{DateReport, eval_htmldate};

#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error("evaluation data not found at {0} (set HERALD_SHARED to the shared data folder)")]
    Missing(PathBuf),
    #[error("reading {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("parsing {path}: {source}")]
    Json {
        path: PathBuf,
        source: serde_json::Error,
    },
}

/// Body-extraction quality and speed on a page set.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ExtractReport {
    pub benchmark: String,
    pub pages: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    /// Single-thread extraction throughput.
    pub pages_per_sec: f64,
    /// Single-thread throughput over the thread's CPU time (Linux only): on
    /// a loaded machine wall time also counts waiting for a core.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cpu_pages_per_sec: Option<f64>,
    /// Metadata accuracy (WCXB only): fraction of pages with gold where the
    /// field matched after normalising.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title_accuracy: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_accuracy: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub author_accuracy: Option<f64>,
    /// ScrapingHub only: pages per CPU second of the pre-pass and HTML parse
    /// alone (the content extractor's DOM), the floor under any extraction
    /// built on it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parse_pages_per_sec: Option<f64>,
    /// Text-path runs only: F1 of keeping the page's whole visible text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub keep_all_f1: Option<f64>,
    /// WCXB only: the body score per held-out half and per language.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub split: Option<crate::eval_split::Split>,
}

pub(crate) fn read_gz(path: &Path) -> Result<String, EvalError> {
    let file = std::fs::File::open(path).map_err(|source| EvalError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let mut bytes = Vec::new();
    flate2::read::GzDecoder::new(file)
        .read_to_end(&mut bytes)
        .map_err(|source| EvalError::Io {
            path: path.to_path_buf(),
            source,
        })?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// The `.json` files of a folder, sorted by name.
pub(crate) fn json_files(dir: &Path) -> Result<Vec<PathBuf>, EvalError> {
    let entries = std::fs::read_dir(dir).map_err(|source| EvalError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut names: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    names.sort();
    Ok(names)
}

/// The entries of a JSON object sorted by key (none for other values).
pub(crate) fn sorted_entries(v: &serde_json::Value) -> Vec<(&String, &serde_json::Value)> {
    let mut out: Vec<_> = v
        .as_object()
        .map(|m| m.iter().collect())
        .unwrap_or_default();
    out.sort_by(|a, b| a.0.cmp(b.0));
    out
}

pub(crate) fn read_json(path: &Path) -> Result<serde_json::Value, EvalError> {
    let s = std::fs::read_to_string(path).map_err(|source| EvalError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    serde_json::from_str(&s).map_err(|source| EvalError::Json {
        path: path.to_path_buf(),
        source,
    })
}

pub(crate) fn require(dir: &Path) -> Result<(), EvalError> {
    if dir.is_dir() {
        Ok(())
    } else {
        Err(EvalError::Missing(dir.to_path_buf()))
    }
}

/// `\w+` tokens as Python's `re` finds them (Unicode letters, digits, `_`).
pub fn tokens(text: &str) -> Vec<&str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|t| !t.is_empty())
        .collect()
}

fn shingles<'a>(toks: &'a [&'a str]) -> HashMap<&'a [&'a str], u32> {
    let mut m = HashMap::with_capacity(toks.len());
    if toks.is_empty() {
        return m;
    }
    let n = 4.min(toks.len());
    for w in toks.windows(n) {
        *m.entry(w).or_insert(0) += 1;
    }
    m
}

/// Normalised (tp, fp, fn) of 4-shingles of `pred` against `gold`.
pub fn shingle_match(gold: &str, pred: &str) -> (f64, f64, f64) {
    let (gt, pt) = (tokens(gold), tokens(pred));
    let (g, p) = (shingles(&gt), shingles(&pt));
    let (mut tp, mut fp, mut fnn) = (0u64, 0u64, 0u64);
    for (k, &gc) in &g {
        let pc = p.get(k).copied().unwrap_or(0);
        tp += u64::from(gc.min(pc));
        fnn += u64::from(gc.saturating_sub(pc));
    }
    for (k, &pc) in &p {
        fp += u64::from(pc.saturating_sub(g.get(k).copied().unwrap_or(0)));
    }
    let s = (tp + fp + fnn) as f64;
    if s == 0.0 {
        return (0.0, 0.0, 0.0);
    }
    (tp as f64 / s, fp as f64 / s, fnn as f64 / s)
}

/// Mean precision, mean recall and their F1, as the benchmark computes them.
pub fn aggregate(scores: &[(f64, f64, f64)]) -> (f64, f64, f64) {
    let score = |tp: f64, other: f64, fp: f64, fnn: f64| {
        if fp == 0.0 && fnn == 0.0 {
            1.0
        } else if tp == 0.0 && other == 0.0 {
            0.0
        } else {
            tp / (tp + other)
        }
    };
    let ps: Vec<f64> = scores
        .iter()
        .filter(|s| s.0 + s.1 > 0.0)
        .map(|&(tp, fp, fnn)| score(tp, fp, fp, fnn))
        .collect();
    let rs: Vec<f64> = scores
        .iter()
        .filter(|s| s.0 + s.2 > 0.0)
        .map(|&(tp, fp, fnn)| score(tp, fnn, fp, fnn))
        .collect();
    let mean = |v: &[f64]| {
        if v.is_empty() {
            0.0
        } else {
            v.iter().sum::<f64>() / v.len() as f64
        }
    };
    let (p, r) = (mean(&ps), mean(&rs));
    let f1 = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    (p, r, f1)
}

pub(crate) fn html_doc(id: &str, html: String, url: Option<&str>) -> RawDoc {
    let mut d = RawDoc::new(id, id, Format::Html, html);
    d.url = url.map(str::to_string);
    d
}

/// CPU time this thread has used, in seconds (Linux `schedstat`).
fn thread_cpu_secs() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: f64 = s.split_whitespace().next()?.parse().ok()?;
    Some(ns / 1e9)
}

/// Runs extraction over the pages, timing only the extraction: pages per
/// wall second and per CPU second of this thread.
pub(crate) fn run(docs: &[RawDoc]) -> (Vec<Article>, f64, Option<f64>) {
    let ex = Extractor::new();
    // Warm-up (untimed): the first call compiles the lazily built regexes
    // and selectors, a one-off cost of a long-running process.
    crate::rules::warm_up();
    crate::cites::warm_up();
    crate::pagedate::warm_up();
    crate::dates::warm_up();
    trafilatura::warm_up();
    if let Some(d) = docs.first() {
        std::hint::black_box(ex.process(d));
    }
    // `HERALD_BENCH_REPEAT=n` times the pass n times and keeps the best
    // (least disturbed) run: on a loaded machine single runs vary ±30%.
    let repeat = std::env::var("HERALD_BENCH_REPEAT")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
        .unwrap_or(1)
        .max(1);
    let mut best: Option<(Vec<Article>, f64, Option<f64>)> = None;
    for _ in 0..repeat {
        let cpu0 = thread_cpu_secs();
        let start = Instant::now();
        let out: Vec<Article> = docs.iter().map(|d| ex.process(d)).collect();
        let secs = start.elapsed().as_secs_f64().max(1e-9);
        let cpu = thread_cpu_secs()
            .zip(cpu0)
            .map(|(b, a)| docs.len() as f64 / (b - a).max(1e-9));
        let rate = docs.len() as f64 / secs;
        let better = best.as_ref().is_none_or(|(_, r, c)| match (cpu, c) {
            (Some(a), Some(b)) => a > *b,
            _ => rate > *r,
        });
        if better {
            best = Some((out, rate, cpu));
        }
    }
    best.unwrap_or_default()
}

/// The ScrapingHub benchmark: `dir` holds `ground-truth.json` and
/// `html/<id>.html.gz`.
pub fn eval_scrapinghub(dir: &Path) -> Result<ExtractReport, EvalError> {
    require(dir)?;
    let gold = read_json(&dir.join("ground-truth.json"))?;
    let mut docs = Vec::new();
    let mut bodies = Vec::new();
    {
        for (id, v) in sorted_entries(&gold) {
            let html = read_gz(&dir.join("html").join(format!("{id}.html.gz")))?;
            docs.push(html_doc(id, html, v["url"].as_str()));
            bodies.push(v["articleBody"].as_str().unwrap_or("").to_string());
        }
    }
    let (arts, rate, cpu_rate) = run(&docs);
    // The parse floor: the pre-pass plus the DOM parse, per CPU second.
    let cpu0 = thread_cpu_secs();
    let start = Instant::now();
    for d in &docs {
        std::hint::black_box(trafilatura::dom::Document::parse(&crate::prepass::strip(
            &d.body,
        )));
    }
    let parse_rate = thread_cpu_secs()
        .zip(cpu0)
        .map_or(start.elapsed().as_secs_f64(), |(b, a)| b - a);
    let parse_rate = docs.len() as f64 / parse_rate.max(1e-9);
    let scores: Vec<_> = arts
        .iter()
        .zip(&bodies)
        .map(|(a, g)| shingle_match(g, &a.text))
        .collect();
    let (precision, recall, f1) = aggregate(&scores);
    Ok(ExtractReport {
        benchmark: "scrapinghub".into(),
        pages: docs.len(),
        precision,
        recall,
        f1,
        pages_per_sec: rate,
        cpu_pages_per_sec: cpu_rate,
        parse_pages_per_sec: Some(parse_rate),
        title_accuracy: None,
        date_accuracy: None,
        author_accuracy: None,
        keep_all_f1: None,
        split: None,
    })
}

/// The plain-text path on HTML-derived text: each ScrapingHub page becomes
/// its whole visible text (one block element per line, [`crate::page_text`]),
/// all pages are observed first (so lines repeated across a site count as
/// chrome), then each goes through [`Format::Text`] extraction. Reports the
/// same 4-shingle F1, and in `keep_all_f1` the F1 of keeping every line.
/// Speed covers `observe` plus extraction (HTML flattening excluded).
pub fn eval_scrapinghub_text(dir: &Path) -> Result<ExtractReport, EvalError> {
    require(dir)?;
    let gold = read_json(&dir.join("ground-truth.json"))?;
    let mut docs = Vec::new();
    let mut bodies = Vec::new();
    {
        for (id, v) in sorted_entries(&gold) {
            let html = read_gz(&dir.join("html").join(format!("{id}.html.gz")))?;
            let mut d = RawDoc::new(
                id.as_str(),
                id.as_str(),
                Format::Text,
                crate::page_text(&html),
            );
            d.url = v["url"].as_str().map(str::to_string);
            docs.push(d);
            bodies.push(v["articleBody"].as_str().unwrap_or("").to_string());
        }
    }
    let start = Instant::now();
    let mut ex = Extractor::new();
    ex.observe(&docs);
    let arts: Vec<Article> = docs.iter().map(|d| ex.process(d)).collect();
    let rate = docs.len() as f64 / start.elapsed().as_secs_f64().max(1e-9);
    let score = |texts: &mut dyn Iterator<Item = &str>| {
        let s: Vec<_> = texts
            .zip(&bodies)
            .map(|(t, g)| shingle_match(g, t))
            .collect();
        aggregate(&s)
    };
    let (precision, recall, f1) = score(&mut arts.iter().map(|a| a.text.as_str()));
    let (_, _, keep_all) = score(&mut docs.iter().map(|d| d.body.as_str()));
    Ok(ExtractReport {
        benchmark: "scrapinghub-text".into(),
        pages: docs.len(),
        precision,
        recall,
        f1,
        pages_per_sec: rate,
        cpu_pages_per_sec: None,
        title_accuracy: None,
        date_accuracy: None,
        author_accuracy: None,
        keep_all_f1: Some(keep_all),
        split: None,
        parse_pages_per_sec: None,
    })
}

/// Bag-of-words (tp, fp, fn) normalised like [`shingle_match`].
fn word_match(gold: &str, pred: &str) -> (f64, f64, f64) {
    let mut g: HashMap<String, i64> = HashMap::new();
    for t in tokens(gold) {
        *g.entry(t.to_lowercase()).or_insert(0) += 1;
    }
    let mut p: HashMap<String, i64> = HashMap::new();
    for t in tokens(pred) {
        *p.entry(t.to_lowercase()).or_insert(0) += 1;
    }
    let (mut tp, mut fp, mut fnn) = (0i64, 0i64, 0i64);
    for (k, &gc) in &g {
        let pc = p.get(k).copied().unwrap_or(0);
        tp += gc.min(pc);
        fnn += (gc - pc).max(0);
    }
    for (k, &pc) in &p {
        fp += (pc - g.get(k).copied().unwrap_or(0)).max(0);
    }
    let s = (tp + fp + fnn) as f64;
    if s == 0.0 {
        return (0.0, 0.0, 0.0);
    }
    (tp as f64 / s, fp as f64 / s, fnn as f64 / s)
}

fn same(a: Option<&str>, b: &str) -> bool {
    a.is_some_and(|a| herald_core::normalize_for_hash(a) == herald_core::normalize_for_hash(b))
}

/// WCXB dev: `dir` holds `html/NNNN.html.gz` and `ground-truth/NNNN.json`.
pub fn eval_wcxb(dir: &Path) -> Result<ExtractReport, EvalError> {
    eval_wcxb_errors(dir, None)
}

/// [`eval_wcxb`], and with `errors` one JSON line per page (worst first):
/// its half, gold language, scores, gold and extracted body.
pub fn eval_wcxb_errors(dir: &Path, errors: Option<&Path>) -> Result<ExtractReport, EvalError> {
    require(dir)?;
    let names = json_files(&dir.join("ground-truth"))?;
    let mut docs = Vec::new();
    let mut golds = Vec::new();
    for p in &names {
        let stem = p.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
        let html_path = dir.join("html").join(format!("{stem}.html.gz"));
        if !html_path.exists() {
            continue;
        }
        let v = read_json(p)?;
        let html = read_gz(&html_path)?;
        docs.push(html_doc(stem, html, v["url"].as_str()));
        golds.push(v["ground_truth"].clone());
    }
    let (arts, rate, cpu_rate) = run(&docs);
    let mut scores = Vec::new();
    let mut pages = Vec::new();
    let (mut t_ok, mut t_n, mut d_ok, mut d_n, mut a_ok, mut a_n) = (0, 0, 0, 0, 0, 0);
    for ((a, g), d) in arts.iter().zip(&golds).zip(&docs) {
        let gold = g["main_content"].as_str().unwrap_or("");
        let counts = word_match(gold, &a.text);
        scores.push(counts);
        pages.push(crate::eval_split::PageScore::new(
            &d.id,
            d.url.as_deref(),
            gold,
            &a.text,
            counts,
        ));
        if let Some(t) = g["title"].as_str().filter(|t| !t.is_empty()) {
            t_n += 1;
            t_ok += usize::from(same(a.title.as_deref(), t));
        }
        if let Some(d) = g["publish_date"].as_str().filter(|t| !t.is_empty()) {
            d_n += 1;
            let day = |s: &str| s.get(..10).map(str::to_string);
            d_ok += usize::from(a.published.as_deref().and_then(day) == day(d));
        }
        if let Some(au) = g["author"].as_str().filter(|t| !t.is_empty()) {
            a_n += 1;
            a_ok += usize::from(same(Some(&a.authors.join(", ")), au));
        }
    }
    let (precision, recall, f1) = aggregate(&scores);
    if let Some(path) = errors {
        crate::eval_split::write_errors(path, &pages)?;
    }
    let frac = |ok: usize, n: usize| (n > 0).then(|| ok as f64 / n as f64);
    Ok(ExtractReport {
        split: Some(crate::eval_split::split(&pages)),
        benchmark: "wcxb".into(),
        pages: docs.len(),
        precision,
        recall,
        f1,
        pages_per_sec: rate,
        cpu_pages_per_sec: cpu_rate,
        title_accuracy: frac(t_ok, t_n),
        date_accuracy: frac(d_ok, d_n),
        author_accuracy: frac(a_ok, a_n),
        keep_all_f1: None,
        parse_pages_per_sec: None,
    })
}

/// Metadata and body quality on Mozilla Readability's test fixtures.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ReadabilityReport {
    pub benchmark: String,
    pub pages: usize,
    /// Body word-F1 against `expected.html` (its text, tags dropped).
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    /// Per field: pages with a gold value, and the fraction Herald matched.
    pub title: FieldScore,
    /// `byline` against the extracted authors: `exact` when equal after
    /// normalising, `contained` when every extracted author appears in the
    /// byline (bylines often add "By", roles or dates).
    pub byline: FieldScore,
    pub byline_contained: FieldScore,
    pub site_name: FieldScore,
    /// Same day as `publishedTime`.
    pub published: FieldScore,
    /// First two letters of `lang`.
    pub language: FieldScore,
    pub pages_per_sec: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cpu_pages_per_sec: Option<f64>,
}

/// Gold count and accuracy of one metadata field.
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq)]
pub struct FieldScore {
    pub gold: usize,
    pub correct: usize,
    pub accuracy: f64,
}

impl FieldScore {
    fn add(&mut self, ok: bool) {
        self.gold += 1;
        self.correct += usize::from(ok);
        self.accuracy = self.correct as f64 / self.gold as f64;
    }
}

/// Visible text of an HTML fragment: tags dropped, entities decoded
/// coarsely (enough for word matching).
fn html_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => {
                in_tag = true;
                out.push(' ');
            }
            '>' => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&amp;", "&")
        .replace("&nbsp;", " ")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
}

/// Mozilla Readability's fixtures: `dir/test/test-pages/<name>/` with
/// `source.html.gz`, `expected.html.gz` and `expected-metadata.json`.
pub fn eval_readability(dir: &Path) -> Result<ReadabilityReport, EvalError> {
    let pages_dir = dir.join("test/test-pages");
    require(&pages_dir)?;
    let entries = std::fs::read_dir(&pages_dir).map_err(|source| EvalError::Io {
        path: pages_dir.clone(),
        source,
    })?;
    let mut names: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("source.html.gz").exists())
        .collect();
    names.sort();
    let mut docs = Vec::new();
    let mut golds = Vec::new();
    for p in &names {
        let name = p.file_name().and_then(|s| s.to_str()).unwrap_or_default();
        let meta_path = p.join("expected-metadata.json");
        let meta = if meta_path.exists() {
            read_json(&meta_path)?
        } else {
            serde_json::Value::Null
        };
        let expected = if p.join("expected.html.gz").exists() {
            html_text(&read_gz(&p.join("expected.html.gz"))?)
        } else {
            String::new()
        };
        docs.push(html_doc(name, read_gz(&p.join("source.html.gz"))?, None));
        golds.push((meta, expected));
    }
    let (arts, rate, cpu_rate) = run(&docs);
    let mut scores = Vec::new();
    let mut r = ReadabilityReport {
        benchmark: "readability".into(),
        pages: docs.len(),
        precision: 0.0,
        recall: 0.0,
        f1: 0.0,
        title: FieldScore::default(),
        byline: FieldScore::default(),
        byline_contained: FieldScore::default(),
        site_name: FieldScore::default(),
        published: FieldScore::default(),
        language: FieldScore::default(),
        pages_per_sec: rate,
        cpu_pages_per_sec: cpu_rate,
    };
    let gold_str = |m: &serde_json::Value, k: &str| {
        m[k].as_str()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    for (a, (meta, expected)) in arts.iter().zip(&golds) {
        if !expected.trim().is_empty() {
            scores.push(word_match(expected, &a.text));
        }
        if let Some(t) = gold_str(meta, "title") {
            r.title.add(same(a.title.as_deref(), &t));
        }
        if let Some(b) = gold_str(meta, "byline") {
            r.byline.add(same(Some(&a.authors.join(", ")), &b));
            let byline = herald_core::normalize_for_hash(&b);
            r.byline_contained.add(
                !a.authors.is_empty()
                    && a.authors
                        .iter()
                        .all(|x| byline.contains(&herald_core::normalize_for_hash(x))),
            );
        }
        if let Some(s) = gold_str(meta, "siteName") {
            r.site_name.add(same(a.site.as_deref(), &s));
        }
        if let Some(d) = gold_str(meta, "publishedTime") {
            let day = |s: &str| s.get(..10).map(str::to_string);
            r.published
                .add(a.published.as_deref().and_then(day) == day(&d));
        }
        if let Some(l) = gold_str(meta, "lang") {
            let two = |s: &str| s.get(..2).map(str::to_ascii_lowercase);
            r.language
                .add(a.language.as_deref().and_then(two) == two(&l));
        }
    }
    (r.precision, r.recall, r.f1) = aggregate(&scores);
    Ok(r)
}

/// Agreement of the byte-level tokenizer with html5ever's on the pages of
/// the three sets (after the pre-pass, as extraction parses them).
#[derive(Debug, Serialize)]
pub struct ParseAgreement {
    pub pages: usize,
    /// Pages the fast tokenizer parsed itself (the rest fall back to html5ever).
    pub fast: usize,
    /// Pages whose tree differs from html5ever's (should be zero).
    pub differing: Vec<String>,
}

/// Compares [`trafilatura::dom::Document::parse`] with html5ever's own
/// tokenizer on every page under the three evaluation sets.
pub fn parser_agreement(shared: &Path) -> Result<ParseAgreement, EvalError> {
    let dirs = [
        shared.join("eval/extract/scrapinghub/html"),
        shared.join("eval/extract/wcxb/dev/html"),
        shared.join("eval/dates/htmldate/eval"),
        shared.join("eval/dates/htmldate/cache"),
    ];
    let mut out = ParseAgreement {
        pages: 0,
        fast: 0,
        differing: Vec::new(),
    };
    for dir in dirs {
        require(&dir)?;
        let rd = std::fs::read_dir(&dir).map_err(|source| EvalError::Io {
            path: dir.clone(),
            source,
        })?;
        let mut paths: Vec<_> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for path in paths
            .iter()
            .filter(|p| p.extension().is_some_and(|e| e == "gz"))
        {
            let raw = read_gz(path)?;
            for html in [crate::prepass::strip(&raw).into_owned(), raw] {
                out.pages += 1;
                if trafilatura::dom::Document::fast_parse_applies(&html) {
                    out.fast += 1;
                }
                let a = trafilatura::dom::Document::parse(&html).debug_tree();
                let b = trafilatura::dom::Document::parse_html5ever(&html).debug_tree();
                if a != b {
                    out.differing.push(path.display().to_string());
                }
            }
        }
    }
    Ok(out)
}

/// The shared data folder: `HERALD_SHARED`, else `../shared` next to the
/// workspace root.
pub fn shared_dir() -> PathBuf {
    herald_core::shared_dir()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_match_python_w() {
        assert_eq!(
            tokens("It's 3_000 — Zürich!"),
            vec!["It", "s", "3_000", "Zürich"]
        );
    }

    #[test]
    fn shingle_scores() {
        let gold = "one two three four five six";
        assert_eq!(shingle_match(gold, gold), (1.0, 0.0, 0.0));
        let (tp, fp, fnn) = shingle_match(gold, "one two three four five six seven");
        assert!((tp - 3.0 / 4.0).abs() < 1e-9 && (fp - 0.25).abs() < 1e-9 && fnn == 0.0);
        // Short texts form one shingle of all their tokens.
        assert_eq!(shingle_match("a b", "a b"), (1.0, 0.0, 0.0));
        assert_eq!(shingle_match("", ""), (0.0, 0.0, 0.0));
    }

    #[test]
    fn aggregate_averages_pages() {
        let (p, r, f1) = aggregate(&[(1.0, 0.0, 0.0), (0.5, 0.5, 0.0)]);
        assert!((p - 0.75).abs() < 1e-9 && (r - 1.0).abs() < 1e-9);
        assert!((f1 - 2.0 * 0.75 / 1.75).abs() < 1e-9);
    }

    #[test]
    fn readability_fixtures_score_body_and_metadata() {
        use std::io::Write;
        let dir = std::env::temp_dir().join(format!("herald-readability-{}", std::process::id()));
        let page = dir.join("test/test-pages/001");
        std::fs::create_dir_all(&page).unwrap();
        let gz = |name: &str, text: &str| {
            let f = std::fs::File::create(page.join(name)).unwrap();
            let mut w = flate2::write::GzEncoder::new(f, flate2::Compression::fast());
            w.write_all(text.as_bytes()).unwrap();
            w.finish().unwrap();
        };
        let body = "<p>The river rose two metres overnight and flooded the lower town, \
            the mayor said on Tuesday, as rescue teams moved families to the school.</p>\
            <p>Officials expect the water to fall by Friday if the rain stops, \
            but warned that the bridge on the north road would stay closed.</p>";
        gz(
            "source.html.gz",
            &format!(
                "<html lang=\"en\"><head><title>River floods lower town</title>\
                 <meta name=\"author\" content=\"Ana Ruiz\">\
                 <meta property=\"og:site_name\" content=\"Valley Courier\">\
                 <meta property=\"article:published_time\" content=\"2023-04-11T08:00:00Z\">\
                 </head><body><nav><a href=\"/\">Home</a></nav><article><h1>River floods lower town</h1>{body}</article>\
                 <footer>Copyright Valley Courier</footer></body></html>"
            ),
        );
        gz("expected.html.gz", &format!("<div>{body}</div>"));
        std::fs::write(
            page.join("expected-metadata.json"),
            r#"{"title": "River floods lower town", "byline": "By Ana Ruiz", "siteName": "Valley Courier",
                "publishedTime": "2023-04-11T08:00:00Z", "lang": "en", "excerpt": null}"#,
        )
        .unwrap();
        let r = eval_readability(&dir).unwrap();
        let _ = std::fs::remove_dir_all(&dir);
        assert_eq!(r.pages, 1);
        assert!(r.f1 > 0.9, "{r:?}");
        assert_eq!((r.title.gold, r.title.correct), (1, 1), "{r:?}");
        assert_eq!(
            r.byline.correct, 0,
            "\"By Ana Ruiz\" is not exactly \"Ana Ruiz\""
        );
        assert_eq!(r.byline_contained.correct, 1, "{r:?}");
        assert_eq!(r.site_name.correct, 1, "{r:?}");
        assert_eq!(r.published.correct, 1, "{r:?}");
        assert_eq!(r.language.correct, 1, "{r:?}");
        assert!(matches!(
            eval_readability(Path::new("/nonexistent/herald")),
            Err(EvalError::Missing(_))
        ));
    }

    #[test]
    fn missing_dir_is_reported() {
        let e = eval_scrapinghub(Path::new("/nonexistent/herald")).err();
        assert!(matches!(e, Some(EvalError::Missing(_))));
    }
}
