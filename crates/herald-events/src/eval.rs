//! Evaluation against PETRARCH-2's validation records
//! (`eval/events/PETR2_GSR_validation.xml`): per sentence, the coder's
//! (source, target, code) triples are compared with the gold `EventCoding`s.
//!
//! Two runs: **raw** (the sentence text through Herald's own tokeniser, no
//! parse) and **gold parse** (the record's UD tokens, lemmas, tags and tree).
//! Triples are scored at four strictness levels: CAMEO code full or root (first
//! two digits) × actor code full or country-level (first three letters; six
//! for IGO/IMG/NGO codes; empty or `---` = unknown). The file is not
//! well-formed XML (`<Sentence .../>` closed later by `</Sentence>`), so it is
//! read record by record with a tolerant scanner.

use std::collections::BTreeSet;
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Instant;

use herald_core::{Article, Sentence, Span, Token};

use crate::Coder;

#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error("gold file {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("gold file {0}: no <Sentence> records found")]
    Empty(PathBuf),
    #[error("gold file {0}: no <toponym> records with coordinates found")]
    NoToponyms(PathBuf),
}

pub use crate::actor_eval::{
    ActorCase, ActorOutcome, ActorReport, default_actor_path, eval_actors, parse_actor_cases,
    parse_case_date, plover_to_cameo, resolve_actor, score_case,
};
pub use crate::eval_real::{
    Counts as RealCounts, RealArticle, RealEvent, RealReport, RealScores, half_of, is_real_gold,
    load as load_real, run_real, score_real,
};
pub use crate::geo_eval::{
    GeoCounts, GeoReport, GoldArticle, GoldToponym, ToponymOutcome, default_geo_path, eval_geo,
    is_exact, outcomes as geo_outcomes, parse_gwn,
};

/// The text of an evaluation file.
pub(crate) fn read_gold(path: &Path) -> Result<String, EvalError> {
    std::fs::read_to_string(path).map_err(|source| EvalError::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// One gold event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoldEvent {
    pub code: String,
    pub source: String,
    pub target: String,
}

/// A parsed token of the record's CoNLL-U block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoldToken {
    pub form: String,
    pub lemma: String,
    pub upos: String,
    /// 0-based head, `None` for the root.
    pub head: Option<usize>,
    pub deprel: String,
}

/// One validation record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoldSentence {
    pub id: String,
    /// `YYYY-MM-DD` from the record's `date` attribute.
    pub date: Option<String>,
    pub text: String,
    pub events: Vec<GoldEvent>,
    pub parse: Vec<GoldToken>,
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let pat = format!("{name}=\"");
    let s = tag.find(&pat)? + pat.len();
    let e = tag[s..].find('"')? + s;
    Some(tag[s..e].to_string())
}

fn between<'a>(s: &'a str, open: &str, close: &str) -> Option<&'a str> {
    let a = s.find(open)? + open.len();
    let b = s[a..].find(close)? + a;
    Some(&s[a..b])
}

/// Reads the validation records of the file's text.
pub fn parse_gold(xml: &str) -> Vec<GoldSentence> {
    let mut out = Vec::new();
    let mut parts = xml.split("<Sentence ");
    parts.next();
    for part in parts {
        let body = part.split("</Sentence>").next().unwrap_or(part);
        let tag_end = body.find('>').unwrap_or(body.len());
        let tag = &body[..tag_end];
        let id = attr(tag, "id").unwrap_or_default();
        let date = attr(tag, "date")
            .filter(|d| d.len() == 8)
            .map(|d| format!("{}-{}-{}", &d[..4], &d[4..6], &d[6..]));
        let mut events = Vec::new();
        for ec in body.split("<EventCoding ").skip(1) {
            let tag = ec.split("/>").next().unwrap_or("");
            if let Some(code) = attr(tag, "eventcode") {
                events.push(GoldEvent {
                    code,
                    source: attr(tag, "sourcecode").unwrap_or_default(),
                    target: attr(tag, "targetcode").unwrap_or_default(),
                });
            }
        }
        let text = between(body, "<Text>", "</Text>")
            .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
            .unwrap_or_default();
        let parse = between(body, "<Parse>", "</Parse>")
            .map(parse_conllu)
            .unwrap_or_default();
        out.push(GoldSentence {
            id,
            date,
            text,
            events,
            parse,
        });
    }
    out
}

fn parse_conllu(block: &str) -> Vec<GoldToken> {
    let mut out = Vec::new();
    for line in block.lines() {
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 8 || !cols[0].chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        let head = cols[6].parse::<usize>().ok().and_then(|h| h.checked_sub(1));
        out.push(GoldToken {
            form: cols[1].to_string(),
            lemma: cols[2].to_string(),
            upos: cols[3].to_string(),
            head,
            deprel: cols[7].to_string(),
        });
    }
    out
}

/// The record as an article: raw text only, or with the gold parse as its
/// one sentence (token spans found by scanning the text).
pub fn to_article(g: &GoldSentence, with_parse: bool) -> Article {
    let mut a = Article {
        id: g.id.clone(),
        published: g.date.clone(),
        text: g.text.clone(),
        ..Default::default()
    };
    if with_parse && !g.parse.is_empty() {
        let mut cursor = 0;
        let tokens = g
            .parse
            .iter()
            .map(|t| {
                let span = match g.text.get(cursor..).and_then(|rest| rest.find(&t.form)) {
                    Some(off) if off <= 3 => {
                        let s = cursor + off;
                        cursor = s + t.form.len();
                        Span::new(s, cursor)
                    }
                    _ => Span::new(cursor, cursor),
                };
                Token {
                    span,
                    text: t.form.clone(),
                    lemma: t.lemma.clone(),
                    upos: t.upos.clone(),
                    head: t.head,
                    deprel: t.deprel.clone(),
                    ..Default::default()
                }
            })
            .collect();
        a.sentences = vec![Sentence {
            index: 0,
            span: Span::new(0, g.text.len()),
            tokens,
        }];
    }
    a
}

/// Precision/recall counts (serialised with precision, recall and F1).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Counts {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
}

impl Counts {
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    pub fn f1(&self) -> f64 {
        harmonic(self.precision(), self.recall())
    }
}

impl serde::Serialize for Counts {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Counts", 6)?;
        st.serialize_field("tp", &self.tp)?;
        st.serialize_field("fp", &self.fp)?;
        st.serialize_field("fn", &self.fn_)?;
        st.serialize_field("precision", &self.precision())?;
        st.serialize_field("recall", &self.recall())?;
        st.serialize_field("f1", &self.f1())?;
        st.end()
    }
}

/// F1: the harmonic mean of precision and recall (0 when both are 0).
pub(crate) fn harmonic(p: f64, r: f64) -> f64 {
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

/// Scores of one run (raw text or gold parse).
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct RunScores {
    /// Root code, country-level actors (the headline figure).
    pub root_country: Counts,
    pub full_country: Counts,
    pub root_exact: Counts,
    pub full_exact: Counts,
    /// Gold no-event sentences where the coder emitted nothing / all of them.
    pub no_event_ok: usize,
    pub no_event_total: usize,
    /// Sentences with at least one event not in gold (root, country level).
    pub sentences_with_extra: usize,
    pub sentences: usize,
    /// Per-sentence detail: id, gold triples, system triples (root, country).
    #[serde(skip)]
    pub detail: Vec<(String, Vec<String>, Vec<String>)>,
}

/// The full evaluation report.
#[derive(Debug, Clone, serde::Serialize)]
pub struct EvalReport {
    pub gold: PathBuf,
    pub skipped_empty: usize,
    pub raw: RunScores,
    pub gold_parse: RunScores,
    /// The raw text through a language analyser first (tokens, tags, parse),
    /// when [`run_with`] was given one.
    pub analysed: Option<RunScores>,
    /// Sentences coded per second on one thread (raw text, tokenising included).
    pub sentences_per_sec: f64,
}

fn actor_key(code: &str, full: bool) -> String {
    let c = code.trim();
    if c.is_empty() || c.starts_with("---") && (!full || c.len() <= 3) {
        return if full { c.to_string() } else { "---".into() };
    }
    if full {
        return c.to_string();
    }
    let n = if c.starts_with("IGO") || c.starts_with("IMG") || c.starts_with("NGO") {
        6
    } else {
        3
    };
    c.get(..n).unwrap_or(c).to_string()
}

fn triples<'a>(
    it: impl Iterator<Item = (&'a str, &'a str, &'a str)>,
    full_code: bool,
    full_actor: bool,
) -> BTreeSet<String> {
    it.map(|(s, t, c)| {
        let code = if full_code {
            c
        } else {
            c.get(..2).unwrap_or(c)
        };
        format!(
            "{}>{}:{}",
            actor_key(s, full_actor),
            actor_key(t, full_actor),
            code
        )
    })
    .collect()
}

fn add(counts: &mut Counts, gold: &BTreeSet<String>, sys: &BTreeSet<String>) {
    counts.tp += gold.intersection(sys).count();
    counts.fp += sys.difference(gold).count();
    counts.fn_ += gold.difference(sys).count();
}

/// Codes every record and scores it.
pub fn score(gold: &[GoldSentence], with_parse: bool) -> RunScores {
    score_with(gold, with_parse, &|_| {})
}

/// Like [`score`], letting `analyze` fill the article (sentences, tokens,
/// tags, parse) before coding.
pub fn score_with(
    gold: &[GoldSentence],
    with_parse: bool,
    analyze: &dyn Fn(&mut Article),
) -> RunScores {
    let coder = Coder::new();
    let mut r = RunScores::default();
    for g in gold.iter().filter(|g| !g.text.is_empty()) {
        let mut article = to_article(g, with_parse);
        analyze(&mut article);
        let events = coder.process(&article);
        let sys: Vec<(&str, &str, &str)> = events
            .iter()
            .filter(|e| !e.negated)
            .map(|e| {
                (
                    e.source.code.as_str(),
                    e.target.code.as_str(),
                    e.cameo.as_str(),
                )
            })
            .collect();
        let gl: Vec<(&str, &str, &str)> = g
            .events
            .iter()
            .map(|e| (e.source.as_str(), e.target.as_str(), e.code.as_str()))
            .collect();
        for (counts, fc, fa) in [
            (&mut r.root_country, false, false),
            (&mut r.full_country, true, false),
            (&mut r.root_exact, false, true),
            (&mut r.full_exact, true, true),
        ] {
            add(
                counts,
                &triples(gl.iter().copied(), fc, fa),
                &triples(sys.iter().copied(), fc, fa),
            );
        }
        let gs = triples(gl.iter().copied(), false, false);
        let ss = triples(sys.iter().copied(), false, false);
        if g.events.is_empty() {
            r.no_event_total += 1;
            if sys.is_empty() {
                r.no_event_ok += 1;
            }
        }
        if ss.difference(&gs).next().is_some() {
            r.sentences_with_extra += 1;
        }
        r.sentences += 1;
        let full: Vec<String> = events
            .iter()
            .map(|e| {
                format!(
                    "{}{}>{}:{} [{}]",
                    if e.negated { "NEG " } else { "" },
                    e.source.code,
                    e.target.code,
                    e.cameo,
                    e.pattern
                )
            })
            .collect();
        let gold_full: Vec<String> = g
            .events
            .iter()
            .map(|e| format!("{}>{}:{}", e.source, e.target, e.code))
            .collect();
        r.detail.push((g.id.clone(), gold_full, full));
    }
    r
}

/// Default location of the gold file: `$HERALD_SHARED/eval/events/…`
/// (`HERALD_SHARED` defaults to `../shared` beside the repository).
pub fn default_gold_path() -> PathBuf {
    herald_core::shared_dir().join("eval/events/PETR2_GSR_validation.xml")
}

/// Runs the whole evaluation (what `herald eval events --gold FILE` prints).
pub fn run(gold_path: &Path) -> Result<EvalReport, EvalError> {
    run_inner(gold_path, None)
}

/// [`run`], plus a third run where `analyze` (the language layer, e.g.
/// `|a| herald_nlp::Analyzer::new().process(a)`) fills each raw article first.
pub fn run_with(gold_path: &Path, analyze: &dyn Fn(&mut Article)) -> Result<EvalReport, EvalError> {
    run_inner(gold_path, Some(analyze))
}

fn run_inner(
    gold_path: &Path,
    analyze: Option<&dyn Fn(&mut Article)>,
) -> Result<EvalReport, EvalError> {
    let xml = read_gold(gold_path)?;
    let gold = parse_gold(&xml);
    if gold.is_empty() {
        return Err(EvalError::Empty(gold_path.to_path_buf()));
    }
    let skipped_empty = gold.iter().filter(|g| g.text.is_empty()).count();
    let raw = score(&gold, false);
    let gold_parse = score(&gold, true);
    let analysed = analyze.map(|f| score_with(&gold, false, f));
    // Speed: raw coding (tokenising included), repeated for a stable figure.
    let coder = Coder::new();
    let articles: Vec<Article> = gold
        .iter()
        .filter(|g| !g.text.is_empty())
        .map(|g| to_article(g, false))
        .collect();
    let reps = 20;
    let t = Instant::now();
    let mut n = 0usize;
    for _ in 0..reps {
        for a in &articles {
            n += coder.process(a).len() + 1;
        }
    }
    let secs = t.elapsed().as_secs_f64().max(1e-9);
    let _ = n;
    Ok(EvalReport {
        gold: gold_path.to_path_buf(),
        skipped_empty,
        raw,
        gold_parse,
        analysed,
        sentences_per_sec: (reps * articles.len()) as f64 / secs,
    })
}

fn line(f: &mut fmt::Formatter<'_>, name: &str, c: &Counts) -> fmt::Result {
    writeln!(
        f,
        "  {name:<28} P {:.3}  R {:.3}  F1 {:.3}   (tp {}, fp {}, fn {})",
        c.precision(),
        c.recall(),
        c.f1(),
        c.tp,
        c.fp,
        c.fn_
    )
}

impl RunScores {
    fn write(&self, f: &mut fmt::Formatter<'_>, title: &str) -> fmt::Result {
        writeln!(f, "{title} ({} sentences)", self.sentences)?;
        line(f, "root code, country actors", &self.root_country)?;
        line(f, "full code, country actors", &self.full_country)?;
        line(f, "root code, full actor codes", &self.root_exact)?;
        line(f, "full code, full actor codes", &self.full_exact)?;
        writeln!(
            f,
            "  no-event sentences correct  {}/{} ({:.3})",
            self.no_event_ok,
            self.no_event_total,
            ratio(self.no_event_ok, self.no_event_total)
        )?;
        writeln!(
            f,
            "  sentences with an extra event {}/{} ({:.3}); extra events per sentence {:.3}",
            self.sentences_with_extra,
            self.sentences,
            ratio(self.sentences_with_extra, self.sentences),
            ratio(self.root_country.fp, self.sentences)
        )
    }
}

impl fmt::Display for EvalReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "events eval: {}", self.gold.display())?;
        if self.skipped_empty > 0 {
            writeln!(
                f,
                "  ({} record(s) with empty text skipped)",
                self.skipped_empty
            )?;
        }
        self.raw.write(f, "raw text (Herald tokeniser, no parse)")?;
        self.gold_parse.write(f, "gold UD parse")?;
        if let Some(a) = &self.analysed {
            a.write(f, "raw text through the language layer")?;
        }
        writeln!(
            f,
            "speed: {:.0} sentences/s on one thread (raw text)",
            self.sentences_per_sec
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = r#"<Sentences>
<Sentence category="T" date="20150609" id="X_1" evaluate="true">
<EventCoding eventcode="190" sourcecode="USA" targetcode="RUS" />
<Text>
The United States attacked
Russia.
</Text>
<Parse>
1	The	the	DET	DT	_	3	det	_	_
2	United	United	PROPN	NNP	_	3	compound	_	_
3	States	States	PROPN	NNP	_	4	nsubj	_	_
4	attacked	attack	VERB	VBD	_	0	root	_	_
5	Russia	Russia	PROPN	NNP	_	4	obj	_	_
6	.	.	PUNCT	.	_	4	punct	_	_
</Parse>
</Sentence>
<Sentence category="T" date="20150609" id="X_2" evaluate="true"/>
<EventCoding noevents="True" />
<Text>
Nothing happened.
</Text>
</Sentence>
"#;

    #[test]
    fn reads_records_and_scores_them() {
        let gold = parse_gold(SAMPLE);
        assert_eq!(gold.len(), 2);
        assert_eq!(gold[0].text, "The United States attacked Russia.");
        assert_eq!(gold[0].date.as_deref(), Some("2015-06-09"));
        assert_eq!(gold[0].parse[3].head, None);
        assert_eq!(gold[0].parse[2].head, Some(3));
        assert!(gold[1].events.is_empty());
        for with_parse in [false, true] {
            let r = score(&gold, with_parse);
            assert_eq!(
                r.root_country,
                Counts {
                    tp: 1,
                    fp: 0,
                    fn_: 0
                },
                "parse {with_parse}"
            );
            assert_eq!((r.no_event_ok, r.no_event_total), (1, 1));
        }
    }

    #[test]
    fn actor_keys() {
        assert_eq!(actor_key("IRQGOVMIL", false), "IRQ");
        assert_eq!(actor_key("IGOUNOMIL", false), "IGOUNO");
        assert_eq!(actor_key("---REB", false), "---");
        assert_eq!(actor_key("", false), "---");
        assert_eq!(actor_key("---REB", true), "---REB");
    }
}
