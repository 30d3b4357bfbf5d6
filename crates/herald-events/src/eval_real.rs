//! Evaluation on real news coded by hand (`eval/events/realnews-dev`: an
//! `articles.jsonl` of whole articles with a `status`, an `events.jsonl` of
//! gold events, coded by `eval/events/CODEBOOK.md`).
//!
//! Scoring follows the set's README. A gold event is **found** when Herald
//! has an event in the same article with the same root (02 and 10 count as
//! one) and source country (first three letters of the code, `---` unknown)
//! and, when the gold names a target, the same target country. **Precision**
//! counts Herald's events (root 01 excluded) in `coded` articles that match
//! a gold event that way. Also reported: detection (any Herald event inside a
//! gold sentence), the same two figures at PLOVER type, exact actor codes on
//! found events, false alarms in `none`/`skipped` articles, and a root
//! confusion table. Every figure is given for the whole set and for its two
//! halves (a fixed split by article id), so errors can be read on one half and
//! a fix confirmed on the other.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Instant;

use herald_core::{Article, Event};
use serde::{Deserialize, Serialize};

use crate::Coder;
use crate::eval::{EvalError, harmonic};

#[derive(Debug, Clone, Deserialize)]
pub struct RealArticle {
    pub id: String,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub published: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    pub text: String,
    #[serde(default)]
    pub status: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct RealEvent {
    pub article: String,
    pub sentence: String,
    #[serde(default)]
    pub trigger: String,
    pub source: String,
    #[serde(default)]
    pub target: String,
    pub cameo: String,
    /// `YYYY-MM-DD` when the text states or implies the day.
    #[serde(default)]
    pub date: Option<String>,
}

/// Recall counts gold events found; precision counts Herald events that
/// match some gold event (the two sides are matched independently).
#[derive(Debug, Clone, Copy, Default)]
pub struct Counts {
    pub found: usize,
    pub gold: usize,
    pub correct: usize,
    pub emitted: usize,
}

impl Counts {
    pub fn recall(&self) -> f64 {
        ratio(self.found, self.gold)
    }
    pub fn precision(&self) -> f64 {
        ratio(self.correct, self.emitted)
    }
    pub fn f1(&self) -> f64 {
        harmonic(self.precision(), self.recall())
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

impl Serialize for Counts {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Out {
            found: usize,
            gold: usize,
            correct: usize,
            emitted: usize,
            recall: f64,
            precision: f64,
            f1: f64,
        }
        Out {
            found: self.found,
            gold: self.gold,
            correct: self.correct,
            emitted: self.emitted,
            recall: self.recall(),
            precision: self.precision(),
            f1: self.f1(),
        }
        .serialize(s)
    }
}

/// The scores of one part of the set (all of it, or one half).
#[derive(Debug, Clone, Default, Serialize)]
pub struct RealScores {
    pub articles: usize,
    pub gold_events: usize,
    /// Gold sentences with at least one Herald event inside them.
    pub detection: f64,
    /// (source country, target country, root): recall, precision, F1.
    pub events: Counts,
    /// The same at PLOVER type instead of root.
    pub plover: Counts,
    /// Found gold events whose source / target code Herald gives exactly.
    pub source_exact: f64,
    pub target_exact: f64,
    /// Found gold events with a day whose Herald event carries that day.
    pub date_exact: f64,
    /// Herald events (root 01 excluded) per article in `none` / `skipped` articles.
    pub false_alarms_none: f64,
    pub false_alarms_skipped: f64,
}

/// What `herald eval events --gold DIR` reports for a real-news set.
#[derive(Debug, Clone, Serialize)]
pub struct RealReport {
    pub gold: PathBuf,
    pub all: RealScores,
    /// Halves by a hash of the article id: `a` for reading errors, `b` to confirm.
    pub half_a: RealScores,
    pub half_b: RealScores,
    /// The article relevance model against the set's article statuses
    /// (`coded`/`none` against `skipped`), by half.
    pub relevance: Option<[RelevanceScores; 3]>,
    /// Gold root → the root Herald gave in that sentence (`-` none), counts.
    pub confusion: BTreeMap<String, BTreeMap<String, usize>>,
    /// Articles through language layer and coder per second (one thread).
    pub articles_per_sec: f64,
    /// The two stages apart (the first articles include loading the models).
    pub language_articles_per_sec: f64,
    pub events_articles_per_sec: f64,
    /// One line per gold event and per unmatched Herald event, for reading.
    #[serde(skip)]
    pub detail: Vec<serde_json::Value>,
}

/// Which half an article id falls in (FNV-1a, stable across runs).
pub fn half_of(id: &str) -> usize {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in id.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x100000001b3);
    }
    (h >> 7) as usize & 1
}

/// Root with 02 and 10 as one.
fn root_of(cameo: &str) -> &str {
    match cameo.get(..2).unwrap_or(cameo) {
        "02" => "10",
        r => r,
    }
}

fn country(code: &str) -> &str {
    if code.is_empty() {
        "---"
    } else {
        code.get(..3).unwrap_or(code)
    }
}

fn plover_of(cameo: &str) -> &'static str {
    if cameo.starts_with("02") || cameo.starts_with("10") {
        return "REQUEST";
    }
    crate::plover_type(cameo).unwrap_or("")
}

pub(crate) fn matches(g: &RealEvent, e: &Event, by_plover: bool) -> bool {
    let same_action = if by_plover {
        plover_of(&g.cameo) == plover_of(&e.cameo)
    } else {
        root_of(&g.cameo) == root_of(&e.cameo)
    };
    same_action
        && country(&g.source) == country(&e.source.code)
        && (g.target.is_empty() || country(&g.target) == country(&e.target.code))
}

fn read_jsonl<T: for<'de> Deserialize<'de>>(path: &Path) -> Result<Vec<T>, EvalError> {
    let text = std::fs::read_to_string(path).map_err(|source| EvalError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let rec = serde_json::from_str(line).map_err(|e| EvalError::Io {
            path: path.to_path_buf(),
            source: std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!("line {}: {e}", i + 1),
            ),
        })?;
        out.push(rec);
    }
    Ok(out)
}

/// Reads a real-news gold folder (`articles.jsonl`, `events.jsonl`).
pub fn load(dir: &Path) -> Result<(Vec<RealArticle>, Vec<RealEvent>), EvalError> {
    let articles: Vec<RealArticle> = read_jsonl(&dir.join("articles.jsonl"))?;
    let events: Vec<RealEvent> = read_jsonl(&dir.join("events.jsonl"))?;
    if articles.is_empty() {
        return Err(EvalError::Empty(dir.join("articles.jsonl")));
    }
    Ok((articles, events))
}

/// True when `path` is a real-news gold folder.
pub fn is_real_gold(path: &Path) -> bool {
    path.join("articles.jsonl").is_file() && path.join("events.jsonl").is_file()
}

/// Codes every article (after `analyze`, the language layer) and scores it.
pub fn run_real(dir: &Path, analyze: &dyn Fn(&mut Article)) -> Result<RealReport, EvalError> {
    let (articles, gold) = load(dir)?;
    let coder = Coder::new();
    // Tables load once, before the clock runs (as the pipeline does).
    crate::preload();
    let (mut lang, mut code) = (0.0f64, 0.0f64);
    let coded: Vec<(Article, Vec<Event>)> = articles
        .iter()
        .map(|r| {
            let mut a = Article {
                id: r.id.clone(),
                title: r.title.clone(),
                published: r.published.clone(),
                url: r.url.clone(),
                text: r.text.clone(),
                ..Default::default()
            };
            let t = Instant::now();
            analyze(&mut a);
            lang += t.elapsed().as_secs_f64();
            let t = Instant::now();
            let ev = coder.process(&a);
            code += t.elapsed().as_secs_f64();
            (a, ev)
        })
        .collect();
    let n = articles.len() as f64;
    let mut report = score_real(dir, &articles, &gold, &coded, n / (lang + code).max(1e-9));
    report.language_articles_per_sec = n / lang.max(1e-9);
    report.events_articles_per_sec = n / code.max(1e-9);
    Ok(report)
}

/// Scores coded articles against the gold events (see the module doc).
pub fn score_real(
    dir: &Path,
    articles: &[RealArticle],
    gold: &[RealEvent],
    coded: &[(Article, Vec<Event>)],
    articles_per_sec: f64,
) -> RealReport {
    let mut by_article: HashMap<&str, Vec<&RealEvent>> = HashMap::new();
    for g in gold {
        by_article.entry(g.article.as_str()).or_default().push(g);
    }
    let mut parts = [Tally::default(), Tally::default(), Tally::default()];
    let mut confusion: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    let mut detail = Vec::new();
    for (r, (a, events)) in articles.iter().zip(coded) {
        let half = 1 + half_of(&r.id);
        let golds = by_article.get(r.id.as_str()).cloned().unwrap_or_default();
        let counted: Vec<&Event> = events
            .iter()
            .filter(|e| root_of(&e.cameo) != "01" && !e.negated)
            .collect();
        let t = tally_article(r, a, &golds, &counted, &mut confusion, &mut detail);
        for p in [0, half] {
            parts[p].add(&t);
        }
    }
    let [all, a, b] = parts.map(|t| t.scores());
    RealReport {
        gold: dir.to_path_buf(),
        all,
        half_a: a,
        half_b: b,
        relevance: relevance_scores(articles, coded),
        confusion,
        articles_per_sec,
        language_articles_per_sec: 0.0,
        events_articles_per_sec: 0.0,
        detail,
    }
}

/// How the relevance model ([`crate::learned::relevance`]) reads a set's
/// articles: its probability that a coder codes the article.
#[derive(Debug, Clone, Default, Serialize)]
pub struct RelevanceScores {
    pub part: &'static str,
    pub skipped: usize,
    pub read: usize,
    /// Mean probability in skipped and in read (`coded`/`none`) articles.
    pub mean_skipped: f64,
    pub mean_read: f64,
    /// Share of skipped articles under 0.5; share of read articles under 0.5.
    pub skipped_found: f64,
    pub read_lost: f64,
}

fn relevance_scores(
    articles: &[RealArticle],
    coded: &[(Article, Vec<Event>)],
) -> Option<[RelevanceScores; 3]> {
    let model = crate::learned::relevance::Relevance::shipped()?;
    let mut out = ["all", "a", "b"].map(|part| RelevanceScores {
        part,
        ..Default::default()
    });
    let mut sums = [[0f64; 4]; 3]; // sum skipped, sum read, skipped < .5, read < .5
    for (r, (a, _)) in articles.iter().zip(coded) {
        if r.status.is_empty() {
            continue;
        }
        let p = f64::from(model.article(a));
        let skipped = r.status == "skipped";
        for k in [0, 1 + half_of(&r.id)] {
            let (s, o) = (&mut sums[k], &mut out[k]);
            if skipped {
                o.skipped += 1;
                s[0] += p;
                s[2] += f64::from(u8::from(p < 0.5));
            } else {
                o.read += 1;
                s[1] += p;
                s[3] += f64::from(u8::from(p < 0.5));
            }
        }
    }
    for (o, s) in out.iter_mut().zip(&sums) {
        let (ns, nr) = (o.skipped.max(1) as f64, o.read.max(1) as f64);
        o.mean_skipped = s[0] / ns;
        o.mean_read = s[1] / nr;
        o.skipped_found = s[2] / ns;
        o.read_lost = s[3] / nr;
    }
    Some(out)
}

#[derive(Default)]
struct Tally {
    articles: usize,
    gold: usize,
    detected: usize,
    found: usize,
    found_plover: usize,
    sys: usize,
    sys_ok: usize,
    sys_ok_plover: usize,
    source_exact: usize,
    target_exact: usize,
    target_named: usize,
    dated: usize,
    date_exact: usize,
    none_articles: usize,
    none_events: usize,
    skipped_articles: usize,
    skipped_events: usize,
}

impl Tally {
    fn add(&mut self, o: &Tally) {
        self.articles += o.articles;
        self.gold += o.gold;
        self.detected += o.detected;
        self.found += o.found;
        self.found_plover += o.found_plover;
        self.sys += o.sys;
        self.sys_ok += o.sys_ok;
        self.sys_ok_plover += o.sys_ok_plover;
        self.source_exact += o.source_exact;
        self.target_exact += o.target_exact;
        self.target_named += o.target_named;
        self.dated += o.dated;
        self.date_exact += o.date_exact;
        self.none_articles += o.none_articles;
        self.none_events += o.none_events;
        self.skipped_articles += o.skipped_articles;
        self.skipped_events += o.skipped_events;
    }

    fn scores(&self) -> RealScores {
        let counts = |found: usize, sys_ok: usize| Counts {
            found,
            gold: self.gold,
            correct: sys_ok,
            emitted: self.sys,
        };
        RealScores {
            articles: self.articles,
            gold_events: self.gold,
            detection: ratio(self.detected, self.gold),
            events: counts(self.found, self.sys_ok),
            plover: counts(self.found_plover, self.sys_ok_plover),
            source_exact: ratio(self.source_exact, self.found),
            target_exact: ratio(self.target_exact, self.target_named),
            date_exact: ratio(self.date_exact, self.dated),
            false_alarms_none: ratio(self.none_events, self.none_articles),
            false_alarms_skipped: ratio(self.skipped_events, self.skipped_articles),
        }
    }
}

fn tally_article(
    r: &RealArticle,
    a: &Article,
    golds: &[&RealEvent],
    events: &[&Event],
    confusion: &mut BTreeMap<String, BTreeMap<String, usize>>,
    detail: &mut Vec<serde_json::Value>,
) -> Tally {
    let mut t = Tally {
        articles: 1,
        ..Default::default()
    };
    let half = if half_of(&r.id) == 0 { "a" } else { "b" };
    match r.status.as_str() {
        "none" => {
            t.none_articles = 1;
            t.none_events = events.len();
        }
        "skipped" => {
            t.skipped_articles = 1;
            t.skipped_events = events.len();
        }
        _ => {}
    }
    let describe = |e: &Event| {
        format!(
            "{}→{} {} [{} p={:.2}] {} «{}»",
            e.source.code,
            e.target.code,
            e.cameo,
            e.pattern,
            e.confidence,
            e.date.as_deref().unwrap_or("-"),
            a.text.get(e.span.start..e.span.end).unwrap_or("")
        )
    };
    for g in golds {
        t.gold += 1;
        let range = a
            .text
            .find(g.sentence.as_str())
            .map(|s| s..s + g.sentence.len());
        let inside: Vec<&Event> = events
            .iter()
            .copied()
            .filter(|e| range.as_ref().is_some_and(|r| r.contains(&e.span.start)))
            .collect();
        if !inside.is_empty() {
            t.detected += 1;
        }
        // Prefer a match inside the gold sentence for the actor comparison.
        let hit = inside
            .iter()
            .copied()
            .find(|e| matches(g, e, false))
            .or_else(|| events.iter().copied().find(|e| matches(g, e, false)));
        if let Some(e) = hit {
            t.found += 1;
            t.source_exact += usize::from(e.source.code == g.source);
            if !g.target.is_empty() {
                t.target_named += 1;
                t.target_exact += usize::from(e.target.code == g.target);
            }
            if let Some(d) = g.date.as_deref().filter(|d| d.len() == 10) {
                t.dated += 1;
                t.date_exact += usize::from(e.date.as_deref() == Some(d));
            }
        }
        if events.iter().any(|e| matches(g, e, true)) {
            t.found_plover += 1;
        }
        let sys_root = hit
            .or(inside.first().copied())
            .map_or("-", |e| root_of(&e.cameo));
        *confusion
            .entry(root_of(&g.cameo).to_string())
            .or_default()
            .entry(sys_root.to_string())
            .or_default() += 1;
        detail.push(serde_json::json!({
            "kind": if hit.is_some() { "found" } else { "missed" },
            "half": half,
            "article": r.id, "gold": format!("{}→{} {} «{}»", g.source, g.target, g.cameo, g.trigger),
            "gold_date": g.date,
            "herald": inside.iter().map(|e| describe(e)).collect::<Vec<_>>(),
            "sentence": g.sentence,
        }));
    }
    if r.status == "coded" {
        for e in events {
            t.sys += 1;
            let ok = golds.iter().any(|g| matches(g, e, false));
            t.sys_ok += usize::from(ok);
            t.sys_ok_plover += usize::from(golds.iter().any(|g| matches(g, e, true)));
            if !ok {
                detail.push(serde_json::json!({
                    "kind": "false", "half": half,
                    "article": r.id, "herald": [describe(e)],
                    "sentence": sentence_of(a, e),
                }));
            }
        }
    } else {
        let relevance = crate::learned::relevance::Relevance::shipped().map(|m| m.article(a));
        for e in events {
            detail.push(serde_json::json!({
                "kind": format!("alarm-{}", r.status), "half": half,
                "article": r.id, "herald": [describe(e)], "sentence": sentence_of(a, e),
                "relevance": relevance,
            }));
        }
    }
    t
}

fn sentence_of(a: &Article, e: &Event) -> String {
    a.sentences
        .get(e.sentence)
        .and_then(|s| a.text.get(s.span.start..s.span.end))
        .unwrap_or("")
        .to_string()
}

impl fmt::Display for RealReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "Real-news events: {}", self.gold.display())?;
        writeln!(
            f,
            "{:<8} {:>5} {:>6} {:>7} {:>7} {:>7} {:>7} {:>7} {:>7} {:>7} {:>6} {:>6} {:>6}",
            "part",
            "arts",
            "gold",
            "detect",
            "recall",
            "prec",
            "F1",
            "plovR",
            "plovP",
            "srcEx",
            "FA/n",
            "FA/s",
            "date"
        )?;
        for (name, s) in [
            ("all", &self.all),
            ("half a", &self.half_a),
            ("half b", &self.half_b),
        ] {
            writeln!(
                f,
                "{:<8} {:>5} {:>6} {:>7.3} {:>7.3} {:>7.3} {:>7.3} {:>7.3} {:>7.3} {:>7.3} {:>6.2} {:>6.2} {:>6.3}",
                name,
                s.articles,
                s.gold_events,
                s.detection,
                s.events.recall(),
                s.events.precision(),
                s.events.f1(),
                s.plover.recall(),
                s.plover.precision(),
                s.source_exact,
                s.false_alarms_none,
                s.false_alarms_skipped,
                s.date_exact,
            )?;
        }
        writeln!(
            f,
            "(recall/precision at source country, target country, root; srcEx = exact source code on found events; FA = events per article in none/skipped articles; date = found events of a dated gold event that carry its day)"
        )?;
        writeln!(
            f,
            "root confusion (gold → Herald in the sentence, `-` none):"
        )?;
        for (g, row) in &self.confusion {
            let mut cells: Vec<(&String, &usize)> = row.iter().collect();
            cells.sort_by(|x, y| y.1.cmp(x.1).then(x.0.cmp(y.0)));
            let cells: Vec<String> = cells.iter().map(|(k, v)| format!("{k}:{v}")).collect();
            writeln!(f, "  {g}: {}", cells.join(" "))?;
        }
        writeln!(
            f,
            "speed: {:.0} articles/s (language + events, one thread; language {:.0}/s, events {:.0}/s)",
            self.articles_per_sec, self.language_articles_per_sec, self.events_articles_per_sec
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(id: &str, text: &str, status: &str) -> RealArticle {
        RealArticle {
            id: id.into(),
            title: None,
            published: Some("2012-09-26".into()),
            url: None,
            text: text.into(),
            status: status.into(),
        }
    }

    fn gold(article: &str, sentence: &str, source: &str, target: &str, cameo: &str) -> RealEvent {
        RealEvent {
            article: article.into(),
            sentence: sentence.into(),
            trigger: String::new(),
            source: source.into(),
            target: target.into(),
            cameo: cameo.into(),
            date: None,
        }
    }

    #[test]
    fn scores_by_country_and_root_with_appeals_as_requests() {
        let s1 = "China offered military aid to Mali on Tuesday.";
        let s2 = "France urged Mali to hold elections.";
        let arts = vec![
            article("x1", &format!("{s1} {s2}"), "coded"),
            article("x2", "Germany criticised Spain over the budget.", "skipped"),
        ];
        let golds = vec![
            RealEvent {
                // "on Tuesday" in an article of Wednesday 26 September.
                date: Some("2012-09-25".into()),
                ..gold("x1", s1, "CHNGOV", "MLI", "0332")
            },
            gold("x1", s2, "FRA", "MLIGOV", "1041"),
        ];
        let coder = Coder::new();
        let coded: Vec<(Article, Vec<Event>)> = arts
            .iter()
            .map(|r| {
                let a = Article {
                    id: r.id.clone(),
                    published: r.published.clone(),
                    text: r.text.clone(),
                    ..Default::default()
                };
                let ev = coder.process(&a);
                (a, ev)
            })
            .collect();
        let rep = score_real(Path::new("x"), &arts, &golds, &coded, 1.0);
        // The coder finds CHN→MLI 03 and FRA→MLI 02 (= 10): both gold events.
        assert_eq!(rep.all.gold_events, 2);
        assert_eq!(rep.all.events.found, 2, "{:?}", rep.detail);
        assert!((rep.all.detection - 1.0).abs() < 1e-9);
        // The skipped article's criticism is a false alarm.
        assert!(rep.all.false_alarms_skipped >= 1.0);
        assert_eq!(rep.half_a.gold_events + rep.half_b.gold_events, 2);
        // The one dated gold event is found with its day.
        assert!((rep.all.date_exact - 1.0).abs() < 1e-9, "{:?}", rep.all);
    }

    #[test]
    fn halves_are_stable_and_both_used() {
        let ids: Vec<String> = (0..200).map(|i| format!("a{i}")).collect();
        let n = ids.iter().filter(|i| half_of(i) == 0).count();
        assert!((60..140).contains(&n), "{n}");
        assert_eq!(half_of("a1"), half_of("a1"));
    }
}
