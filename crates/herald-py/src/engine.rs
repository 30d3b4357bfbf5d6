//! The per-article stages (extract → language → events → fingerprint), loaded
//! once per process, and their public JSON records.
//!
//! The stages are the very ones `herald ingest` runs (`herald::pipeline`):
//! the same `Extractor`, `Analyzer`, `Coder` and `DedupIndex::fingerprint`,
//! each guarded by `herald::guard::stage` so a panic is a reject of that
//! article, never an abort.

use std::sync::{LazyLock, RwLock};

use herald::guard;
use herald::records::{EventRecord, ExtractRecord};
use herald_core::{Article, Event, RawDoc, Reject};
use herald_dedup::{DedupIndex, Fingerprint};
use herald_events::Coder;
use herald_extract::Extractor;
use herald_ingest::{Item, ReadOptions, Reader};
use herald_nlp::Analyzer;
use rayon::prelude::*;
use serde::Serialize;

/// Tag of a fingerprint blob: the same kind/version tag the store uses.
pub const FINGERPRINT_TAG: [u8; 4] = *b"HFP1";

/// The process-wide stages: models load on first use, once.
pub struct Engine {
    analyzer: Analyzer,
    coder: Coder,
    fingerprinter: DedupIndex,
    /// The extractor and its repeated-line statistics: batch calls let it
    /// observe each batch first, as `herald ingest` does; single calls read it.
    extractor: RwLock<Extractor>,
}

pub static ENGINE: LazyLock<Engine> = LazyLock::new(|| Engine {
    analyzer: Analyzer::new(),
    coder: Coder::new(),
    fingerprinter: DedupIndex::new(),
    extractor: RwLock::new(Extractor::new()),
});

/// One analysed article.
pub struct Analysed {
    pub article: Article,
    pub events: Vec<Event>,
    pub fingerprint: Fingerprint,
}

/// What to keep of the language layer in the output.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    /// Articles and events (the JSONL records).
    Records,
    /// Also sentences and entities (`herald.analyse`).
    Language,
}

impl Engine {
    /// Extraction alone (no language or events).
    pub fn extract(&self, doc: &RawDoc) -> Result<Article, Reject> {
        let ex = self.extractor.read().unwrap_or_else(|p| p.into_inner());
        guard::stage(&doc.input, &doc.id, "extract", || ex.process(doc))
    }

    /// Every per-article stage of one document.
    pub fn analyse(&self, doc: &RawDoc, detail: Detail) -> Result<Analysed, Reject> {
        let ex = self.extractor.read().unwrap_or_else(|p| p.into_inner());
        self.analyse_with(&ex, doc, detail)
    }

    fn analyse_with(
        &self,
        ex: &Extractor,
        doc: &RawDoc,
        detail: Detail,
    ) -> Result<Analysed, Reject> {
        let mut article = guard::stage(&doc.input, &doc.id, "extract", || ex.process(doc))?;
        guard::stage(&doc.input, &doc.id, "language", || {
            self.analyzer.process(&mut article)
        })?;
        let events = guard::stage(&doc.input, &doc.id, "events", || {
            self.coder.process(&article)
        })?;
        let fingerprint = guard::stage(&doc.input, &doc.id, "fingerprint", || {
            self.fingerprinter.fingerprint(&article)
        })?;
        if detail == Detail::Records {
            article.sentences.clear();
        }
        Ok(Analysed {
            article,
            events,
            fingerprint,
        })
    }

    /// A batch, in parallel (rayon), after the extractor has observed it.
    /// Results keep the input order.
    pub fn analyse_batch(&self, docs: &[RawDoc], detail: Detail) -> Vec<Result<Analysed, Reject>> {
        {
            let mut ex = self.extractor.write().unwrap_or_else(|p| p.into_inner());
            ex.observe(docs);
        }
        let ex = self.extractor.read().unwrap_or_else(|p| p.into_inner());
        docs.par_iter()
            .map(|d| self.analyse_with(&ex, d, detail))
            .collect()
    }
}

/// Reads `bytes` (JSON objects, one per record, or an HTML page or plain
/// text) with Herald's own reader: the same field names, ids and rejects as
/// `herald ingest` on a `.jsonl` file. `name` names the records in inputs
/// and rejects (`name#3` is the third object).
pub fn read(name: &str, bytes: &[u8]) -> Vec<Item> {
    let reader = Reader::new(ReadOptions::default());
    let mut items = Vec::new();
    let mut cursor = std::io::Cursor::new(bytes);
    reader.read_stream(name, &mut cursor, &mut |i| items.push(i));
    items
}

/// An entity mention with its span in characters.
#[derive(Serialize)]
struct EntityRecord<'a> {
    text: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
    sentence: usize,
    span: [usize; 2],
}

#[derive(Serialize)]
struct SentenceRecord<'a> {
    index: usize,
    span: [usize; 2],
    text: &'a str,
}

/// `herald.analyse` / `analyse_batch` record: the `herald extract` article
/// record, its events as in events.jsonl, and with `Detail::Language` the
/// sentences and entities (character spans into `text`).
#[derive(Serialize)]
struct AnalysisRecord<'a> {
    #[serde(flatten)]
    article: ExtractRecord<'a>,
    events: Vec<EventRecord<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sentences: Option<Vec<SentenceRecord<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    entities: Option<Vec<EntityRecord<'a>>>,
}

pub fn analysis_json(a: &Analysed, detail: Detail) -> String {
    let text = a.article.text.as_str();
    let chars = |s: &herald_core::Span| {
        let c = s.to_chars(text);
        [c.start, c.end]
    };
    let language = detail == Detail::Language;
    let record = AnalysisRecord {
        article: ExtractRecord::new(&a.article),
        events: a.events.iter().map(|e| EventRecord::new(e, text)).collect(),
        sentences: language.then(|| {
            a.article
                .sentences
                .iter()
                .map(|s| SentenceRecord {
                    index: s.index,
                    span: chars(&s.span),
                    text: s.span.slice(text),
                })
                .collect()
        }),
        entities: language.then(|| {
            a.article
                .mentions
                .iter()
                .map(|m| EntityRecord {
                    text: &m.text,
                    kind: herald_nlp::kind_label(m.kind),
                    sentence: m.sentence,
                    span: chars(&m.span),
                })
                .collect()
        }),
    };
    serde_json::to_string(&record).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
}

pub fn extract_json(a: &Article) -> String {
    serde_json::to_string(&ExtractRecord::new(a))
        .unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
}

/// A signature as bytes: 128 little-endian u16 MinHash values.
pub fn signature_bytes(sig: &[u16]) -> Vec<u8> {
    sig.iter().flat_map(|v| v.to_le_bytes()).collect()
}

pub fn signature_from_bytes(b: &[u8]) -> Result<Vec<u16>, String> {
    if !b.len().is_multiple_of(2) {
        return Err(format!(
            "a signature is little-endian u16 values: {} bytes is an odd length",
            b.len()
        ));
    }
    Ok(b.chunks_exact(2)
        .map(|c| u16::from_le_bytes([c[0], c[1]]))
        .collect())
}
