//! The pipeline: read → extract → language → events → relate → stories → store.
//!
//! Per-article stages run in parallel (rayon) over a batch; the stateful
//! stages (dedup index, story clusterer, line statistics) run in arrival order
//! and their state is saved with each batch, in the batch's transaction.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::mpsc::sync_channel;
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use herald_core::{Article, Event, RawDoc, Reject, content_id};
use herald_dedup::{DedupIndex, Fingerprint};
use herald_events::Coder;
use herald_extract::Extractor;
use herald_ingest::{Item, ReadOptions, Reader};
use herald_nlp::Analyzer;
use herald_store::{Batch, Store, StoredArticle};
use herald_stories::StoryClusterer;
use rayon::prelude::*;

use crate::embed::Embeddings;
use crate::guard;

mod state;

use state::{
    FINGERPRINT_TAG, LINES_DELTA, LINES_DELTA_TAG, STATE_LINES, STORIES_MARK, STORIES_TAG,
    THREADS_PENDING,
};
pub use state::{STATE_STORIES, WriterLock, load_clusterer};

const STATE_EVERY: Duration = Duration::from_secs(60);
/// The largest batch: a batch is held in memory (twice, with the read-ahead)
/// and written in one transaction.
pub const MAX_BATCH: usize = 100_000;

/// What one ingest did.
#[derive(Debug, Default, Clone, serde::Serialize)]
pub struct Summary {
    pub new: usize,
    pub known: usize,
    pub updated: usize,
    pub rejected: usize,
    pub warnings: usize,
    pub events: usize,
    pub relations: usize,
    /// Stories split because their members drifted apart.
    pub splits: usize,
    pub seconds: f64,
    /// CPU seconds spent in each stage (parallel stages summed over threads).
    pub stage_seconds: StageTimes,
    /// Ids of every article this run read (new, updated or known), in order.
    #[serde(skip)]
    pub ids: Vec<String>,
    #[serde(skip)]
    pub rejects: Vec<Reject>,
}

impl Summary {
    pub fn line(&self) -> String {
        let mut s = format!("{} new, {} already known", self.new, self.known);
        if self.updated > 0 {
            s.push_str(&format!(", {} updated", self.updated));
        }
        if self.rejected > 0 {
            s.push_str(&format!(", {} rejected", self.rejected));
        }
        if self.warnings > 0 {
            s.push_str(&format!(", {} warnings", self.warnings));
        }
        s.push_str(&format!(
            "; {} events, {} relations in {:.2}s",
            self.events, self.relations, self.seconds
        ));
        if self.splits > 0 {
            let noun = if self.splits == 1 { "story" } else { "stories" };
            s.push_str(&format!("; {} {noun} split", self.splits));
        }
        s
    }
}

/// Time per stage, for finding where a run spends it.
#[derive(Debug, Default, Clone, serde::Serialize)]
pub struct StageTimes {
    pub extract: f64,
    pub language: f64,
    pub events: f64,
    pub fingerprint: f64,
    /// Sentence embeddings (only with `--embeddings`).
    pub embeddings: f64,
    pub relate: f64,
    pub stories: f64,
    pub store: f64,
}

#[derive(Default)]
struct Nanos(std::sync::atomic::AtomicU64);

impl Nanos {
    fn add(&self, since: Instant) {
        self.0.fetch_add(
            since.elapsed().as_nanos() as u64,
            std::sync::atomic::Ordering::Relaxed,
        );
    }
    fn secs(&self) -> f64 {
        self.0.load(std::sync::atomic::Ordering::Relaxed) as f64 / 1e9
    }
}

pub struct Pipeline {
    extractor: Extractor,
    analyzer: Analyzer,
    coder: Coder,
    /// Fingerprints are pure functions of one article: the parallel stage
    /// computes them with an empty index of its own.
    fingerprinter: DedupIndex,
    lines: LinesSaver,
    back: Back,
    store: Mutex<Store>,
    pub batch_size: usize,
    pub read_options: ReadOptions,
    /// Sentence embeddings for story clustering, when loaded
    /// (`--embeddings DIR`, feature `embeddings`).
    pub embeddings: Option<Embeddings>,
    /// Held while the pipeline exists: one writer per database.
    _lock: Option<WriterLock>,
}

/// When and under which key the extractor's line statistics are saved.
struct LinesSaver {
    saved: Instant,
    /// Number of the next delta.
    next: u64,
}

/// The stateful, in-order half of the pipeline (relate → stories → store).
/// It runs on its own thread, overlapping the next batch's parallel analysis.
struct Back {
    dedup: DedupIndex,
    clusterer: StoryClusterer,
    state_saved: Instant,
    /// Stage state changed since it was last saved.
    dirty: bool,
    /// Save the clusterer with every batch: its inputs include sentence
    /// embeddings, which the store does not keep, so it cannot be replayed.
    save_every_batch: bool,
    /// Stories changed since threads were last written.
    threads_dirty: bool,
    /// Story merges already written to the store (`from` ids).
    redirected: HashSet<String>,
    /// Clusterer history entries already applied to the store.
    changes_seen: usize,
}

/// One analysed article.
struct Analysis {
    article: Article,
    events: Vec<Event>,
    fingerprint: Fingerprint,
    /// Hash of the raw input (the re-ingest key).
    raw: String,
    /// The id was stored before with other bytes.
    update: bool,
    embedding: Option<Vec<f32>>,
}

/// One analysed batch on its way from the parallel half to the back.
struct Analysed {
    items: Vec<Analysis>,
    rejects: Vec<Reject>,
    final_batch: bool,
    /// Extractor line statistics to save with this batch: a delta, or a
    /// snapshot that replaces every saved delta.
    lines_state: Vec<(String, Vec<u8>)>,
    lines_snapshot: bool,
}

impl Pipeline {
    /// Replaces the language analyser (e.g. [`Analyzer::accurate`]).
    pub fn set_analyzer(&mut self, analyzer: Analyzer) {
        self.analyzer = analyzer;
    }

    /// Opens the pipeline over `store`, restoring every stateful stage.
    pub fn open(store: Store) -> Result<Pipeline> {
        let lock = WriterLock::acquire(store.path().as_deref())?;
        let (stats, next_delta) = state::restore_lines(&store)?;
        let extractor = Extractor::with_stats(stats);
        let (clusterer, replayed) = state::restore_clusterer(&store)?;
        if replayed > 0 {
            tracing::info!(
                replayed,
                "story clusterer caught up with articles stored after its last save"
            );
        }
        let threads_dirty = store.state(THREADS_PENDING)?.is_some();
        let mut dedup = DedupIndex::new();
        let mut bad = 0usize;
        store.for_each_fingerprint(|id, published, blob| {
            match herald_core::state::decode::<Fingerprint>(FINGERPRINT_TAG, blob) {
                Ok(fp) => dedup.insert(id, published, &fp),
                Err(_) => bad += 1,
            }
        })?;
        if bad > 0 {
            tracing::warn!(
                bad,
                "fingerprints could not be read; those articles are not in the dedup index"
            );
        }
        let redirected = clusterer.redirects().keys().cloned().collect();
        let changes_seen = clusterer.history().len();
        // The language models load with the analyser; the event coder's
        // tables would load on the first articles that need them.
        herald_events::preload();
        Ok(Pipeline {
            extractor,
            analyzer: Analyzer::new(),
            coder: Coder::new(),
            fingerprinter: DedupIndex::new(),
            lines: LinesSaver {
                saved: Instant::now(),
                next: next_delta,
            },
            back: Back {
                dedup,
                clusterer,
                state_saved: Instant::now(),
                dirty: false,
                save_every_batch: false,
                threads_dirty,
                redirected,
                changes_seen,
            },
            store: Mutex::new(store),
            batch_size: 256,
            read_options: ReadOptions::default(),
            embeddings: None,
            _lock: lock,
        })
    }

    /// The store (for queries after an ingest).
    pub fn store(&self) -> MutexGuard<'_, Store> {
        self.store.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Reads `inputs` and runs every stage; `progress` is told how many
    /// documents are done after each batch. Three threads of work overlap:
    /// reading, the parallel per-article stages (rayon), and the in-order
    /// stateful stages with the store writes.
    pub fn ingest(&mut self, inputs: &[PathBuf], progress: &dyn Fn(usize)) -> Result<Summary> {
        anyhow::ensure!(
            (1..=MAX_BATCH).contains(&self.batch_size),
            "the batch size must be 1 to {MAX_BATCH} articles, not {}",
            self.batch_size
        );
        let started = Instant::now();
        let mut summary = Summary::default();
        let reader = Reader::new(self.read_options.clone());
        let (tx, rx) = sync_channel::<Item>(self.batch_size * 2);
        // One batch in flight: memory stays bounded, both halves stay busy.
        let (btx, brx) = sync_channel::<Analysed>(1);
        // id → (raw hash, input) of every article this run has taken.
        let mut seen: Seen = HashMap::new();
        let Pipeline {
            extractor,
            analyzer,
            coder,
            fingerprinter,
            lines,
            back,
            store,
            batch_size,
            embeddings,
            ..
        } = self;
        back.save_every_batch = embeddings.is_some();
        let store = &*store;
        let batch_size = *batch_size;
        let back_summary = std::thread::scope(|scope| -> Result<Summary> {
            scope.spawn(move || {
                reader.read(inputs, &mut |item| {
                    let _ = tx.send(item);
                });
            });
            let writer = scope.spawn(move || back.run(brx, store));
            let mut front = Front {
                extractor,
                analyzer,
                coder,
                fingerprinter,
                lines,
                store,
                embeddings: embeddings.as_ref(),
            };
            let mut docs = Vec::with_capacity(batch_size);
            let mut rejects = Vec::new();
            let mut sent_ok = true;
            for item in rx {
                match item {
                    Item::Doc(d) => docs.push(d),
                    Item::Reject(r) => rejects.push(r),
                }
                if docs.len() >= batch_size {
                    let b = front.analyse(
                        std::mem::take(&mut docs),
                        std::mem::take(&mut rejects),
                        &mut seen,
                        &mut summary,
                        false,
                    )?;
                    progress(summary.ids.len());
                    if btx.send(b).is_err() {
                        sent_ok = false;
                        break;
                    }
                }
            }
            if sent_ok {
                let b = front.analyse(docs, rejects, &mut seen, &mut summary, true)?;
                let _ = btx.send(b);
            }
            drop(btx);
            let back_summary = match writer.join() {
                Ok(r) => r?,
                Err(_) => anyhow::bail!("the store writer thread panicked"),
            };
            progress(summary.ids.len());
            Ok(back_summary)
        })?;
        summary.relations += back_summary.relations;
        summary.splits += back_summary.splits;
        summary.events += back_summary.events;
        summary.stage_seconds.relate += back_summary.stage_seconds.relate;
        summary.stage_seconds.stories += back_summary.stage_seconds.stories;
        summary.stage_seconds.store += back_summary.stage_seconds.store;
        summary.rejects = back_summary.rejects;
        summary.seconds = started.elapsed().as_secs_f64();
        Ok(summary)
    }

    /// The extraction stage alone (for `herald extract`): no store writes.
    pub fn extract_only(
        inputs: &[PathBuf],
        opts: ReadOptions,
        batch_size: usize,
        mut sink: impl FnMut(std::result::Result<Article, Reject>),
    ) {
        let reader = Reader::new(opts);
        let mut extractor = Extractor::new();
        let mut docs = Vec::new();
        let mut flush =
            |docs: &mut Vec<RawDoc>, sink: &mut dyn FnMut(std::result::Result<Article, Reject>)| {
                let lines = extractor.batch(docs);
                let out: Vec<Article> = docs
                    .par_iter()
                    .enumerate()
                    .map(|(i, d)| extractor.process_in(d, &lines, i))
                    .collect();
                extractor.commit(lines.delta());
                for a in out {
                    sink(Ok(a));
                }
                docs.clear();
            };
        reader.read(inputs, &mut |item| match item {
            Item::Doc(d) => {
                docs.push(d);
                if docs.len() >= batch_size {
                    flush(&mut docs, &mut sink);
                }
            }
            Item::Reject(r) => sink(Err(r)),
        });
        flush(&mut docs, &mut sink);
    }
}

/// The parallel half: decide what is new, then extract → language → events →
/// fingerprint over the batch with rayon.
struct Front<'a> {
    extractor: &'a mut Extractor,
    analyzer: &'a Analyzer,
    coder: &'a Coder,
    fingerprinter: &'a DedupIndex,
    lines: &'a mut LinesSaver,
    store: &'a Mutex<Store>,
    embeddings: Option<&'a Embeddings>,
}

impl Front<'_> {
    fn analyse(
        &mut self,
        docs: Vec<RawDoc>,
        rejects: Vec<Reject>,
        seen: &mut Seen,
        summary: &mut Summary,
        final_batch: bool,
    ) -> Result<Analysed> {
        for r in &rejects {
            if r.fatal {
                summary.rejected += 1;
            } else {
                summary.warnings += 1;
            }
        }
        // Decide what is new. The key is (id, raw bytes): the same input again
        // is known; the same input path with other bytes is an update; another
        // input that happens to share the id (two folders with `x.txt`) gets a
        // suffixed id rather than overwriting.
        let mut fresh = Vec::with_capacity(docs.len());
        let mut raws = Vec::with_capacity(docs.len());
        let mut updates = Vec::with_capacity(docs.len());
        {
            let store = self.store.lock().unwrap_or_else(|p| p.into_inner());
            for mut doc in docs {
                let raw = content_id(&doc.body);
                let mut stored = lookup(&store, &doc.id, seen)?;
                if let Some((hash, input)) = &stored
                    && hash != &raw
                    && input != &doc.input
                {
                    doc.id = format!("{}~{}", doc.id, &raw[..8.min(raw.len())]);
                    stored = lookup(&store, &doc.id, seen)?;
                }
                summary.ids.push(doc.id.clone());
                let update = match stored {
                    Some((hash, _)) if hash == raw => {
                        summary.known += 1;
                        continue;
                    }
                    Some(_) => true,
                    None => false,
                };
                if update {
                    summary.updated += 1;
                } else {
                    summary.new += 1;
                }
                seen.insert(doc.id.clone(), (raw.clone(), doc.input.clone()));
                fresh.push(doc);
                raws.push(raw);
                updates.push(update);
            }
        }

        // Each document is judged on the line statistics of everything
        // before it (and itself), never on later documents of its batch.
        let lines = self.extractor.batch(&fresh);
        let extractor = &*self.extractor;
        let analyzer = self.analyzer;
        let coder = self.coder;
        let fingerprinter = self.fingerprinter;
        let times: [Nanos; 4] = Default::default();
        // Each article's stages run guarded: a panic rejects that article only.
        let results: Vec<(&RawDoc, bool, Result<Analysis, Reject>)> = fresh
            .par_iter()
            .enumerate()
            .zip(raws.into_par_iter())
            .zip(updates.into_par_iter())
            .map(|(((i, doc), raw), update)| {
                let analysis = (|| {
                    let mut article = timed(doc, "extract", &times[0], || {
                        extractor.process_in(doc, &lines, i)
                    })?;
                    timed(doc, "language", &times[1], || {
                        analyzer.process(&mut article)
                    })?;
                    let events = timed(doc, "events", &times[2], || coder.process(&article))?;
                    let fingerprint = timed(doc, "fingerprint", &times[3], || {
                        fingerprinter.fingerprint(&article)
                    })?;
                    article.sentences.clear();
                    Ok(Analysis {
                        article,
                        events,
                        fingerprint,
                        raw,
                        update,
                        embedding: None,
                    })
                })();
                (doc, update, analysis)
            })
            .collect();
        let mut rejects = rejects;
        let mut items = Vec::with_capacity(results.len());
        for (doc, update, r) in results {
            match r {
                Ok(a) => items.push(a),
                Err(reject) => {
                    // Counted as new or updated above; it is neither, and
                    // the same input again later in the run is not known.
                    seen.remove(&doc.id);
                    if update {
                        summary.updated -= 1;
                    } else {
                        summary.new -= 1;
                    }
                    summary.rejected += 1;
                    rejects.push(reject);
                }
            }
        }
        if let Some(emb) = self.embeddings
            && !items.is_empty()
        {
            // Batched: the encoder is far faster on many texts at once.
            let t = Instant::now();
            let articles: Vec<&Article> = items.iter().map(|i| &i.article).collect();
            let vectors = emb.embed(&articles)?;
            for (item, v) in items.iter_mut().zip(vectors) {
                item.embedding = Some(v);
            }
            summary.stage_seconds.embeddings += t.elapsed().as_secs_f64();
        }
        let st = &mut summary.stage_seconds;
        st.extract += times[0].secs();
        st.language += times[1].secs();
        st.events += times[2].secs();
        st.fingerprint += times[3].secs();
        self.extractor.commit(lines.delta());
        // Every batch saves what it learned, so a restart resumes exactly
        // here; a snapshot now and then replaces the deltas.
        let mut lines_state = Vec::new();
        let mut lines_snapshot = false;
        if !lines.delta().is_empty() {
            if final_batch || self.lines.saved.elapsed() >= STATE_EVERY {
                self.lines.saved = Instant::now();
                lines_state.push((
                    STATE_LINES.to_string(),
                    serde_json::to_vec(self.extractor.stats())?,
                ));
                lines_snapshot = true;
            } else {
                lines_state.push((
                    state::lines_delta_key(self.lines.next),
                    herald_core::state::encode(LINES_DELTA_TAG, lines.delta())?,
                ));
                self.lines.next += 1;
            }
        }
        Ok(Analysed {
            items,
            rejects,
            final_batch,
            lines_state,
            lines_snapshot,
        })
    }
}

impl Back {
    /// Consumes analysed batches in order until the channel closes.
    fn run(
        &mut self,
        batches: std::sync::mpsc::Receiver<Analysed>,
        store: &Mutex<Store>,
    ) -> Result<Summary> {
        let mut summary = Summary::default();
        for b in batches {
            self.write(b, store, &mut summary)?;
        }
        Ok(summary)
    }

    fn write(
        &mut self,
        mut analysed: Analysed,
        store: &Mutex<Store>,
        summary: &mut Summary,
    ) -> Result<()> {
        let mut batch = Batch {
            rejects: std::mem::take(&mut analysed.rejects),
            ..Batch::default()
        };
        let mut touched = HashSet::new();
        // The clusterer is replayed from stored articles after a restart,
        // which replays an article's first version only: save it whenever a
        // batch updates an article.
        let has_update = analysed.items.iter().any(|i| i.update);
        for item in analysed.items {
            let Analysis {
                mut article,
                mut events,
                fingerprint: fp,
                raw,
                update,
                embedding,
            } = item;
            if update {
                self.dedup.remove(&article.id);
            }
            let t = Instant::now();
            article.relations = self.dedup.process(&article, &fp);
            summary.stage_seconds.relate += t.elapsed().as_secs_f64();
            summary.relations += article.relations.len();
            let t = Instant::now();
            let story = self
                .clusterer
                .process_embedded(&article, &events, embedding.as_deref());
            summary.stage_seconds.stories += t.elapsed().as_secs_f64();
            touched.insert(story.clone());
            article.story = Some(story);
            summary.events += events.iter().filter(|e| !e.negated).count();
            batch.fingerprints.push((
                article.id.clone(),
                article.published.clone(),
                herald_core::state::encode(FINGERPRINT_TAG, &fp)?,
            ));
            batch.events.append(&mut events);
            batch.articles.push(StoredArticle {
                article,
                raw_hash: raw,
            });
        }
        // A split moves members of a stored story (perhaps some of this very
        // batch) to a new story; the larger half keeps its id.
        let history = self.clusterer.history();
        for c in &history[self.changes_seen.min(history.len())..] {
            if c.kind != "split" {
                continue;
            }
            let into = self.clusterer.resolve(&c.into);
            for id in &c.articles {
                batch.moves.push((id.clone(), into.clone()));
            }
            summary.splits += 1;
            touched.insert(self.clusterer.resolve(&c.from));
            touched.insert(into);
        }
        self.changes_seen = history.len();
        for sa in &mut batch.articles {
            if let Some(story) = self.clusterer.story_of(&sa.article.id) {
                sa.article.story = Some(story);
            }
        }
        for (from, to) in self.clusterer.redirects() {
            if self.redirected.insert(from.clone()) {
                let to = self.clusterer.resolve(to);
                batch.redirects.push((from.clone(), to.clone()));
                touched.insert(to);
            }
        }
        batch.stories = touched
            .iter()
            .filter_map(|id| self.clusterer.story(id))
            .collect();
        self.threads_dirty |= !batch.articles.is_empty();
        // Threads link stories across the whole store, so they are
        // recomputed once per ingest (at its last batch), not per batch;
        // until then the store notes that they are behind.
        if self.threads_dirty && analysed.final_batch {
            let t = Instant::now();
            batch.threads = Some(
                self.clusterer
                    .threads()
                    .into_iter()
                    .filter(|t| t.stories.len() > 1 || !t.related.is_empty())
                    .collect(),
            );
            summary.stage_seconds.stories += t.elapsed().as_secs_f64();
            self.threads_dirty = false;
            batch.state_clear.push(THREADS_PENDING.into());
        } else if !batch.articles.is_empty() {
            batch.state.push((THREADS_PENDING.into(), b"1".to_vec()));
        }
        // Whole-stage state is large (the clusterer's grows with live stories):
        // save it every STATE_EVERY and at the end of the run, not every
        // batch, with the mark of the last article it has seen. After a
        // crash, the articles stored after the mark are replayed through it.
        let t = Instant::now();
        self.dirty |= !batch.articles.is_empty();
        if analysed.lines_snapshot {
            batch.state_clear.push(LINES_DELTA.into());
        }
        batch.state.append(&mut analysed.lines_state);
        if self.dirty
            && (analysed.final_batch
                || has_update
                || self.save_every_batch
                || self.state_saved.elapsed() >= STATE_EVERY)
        {
            batch.state.push((
                STATE_STORIES.into(),
                herald_core::state::encode(STORIES_TAG, &self.clusterer.state())?,
            ));
            batch.article_mark = Some(STORIES_MARK.into());
            self.state_saved = Instant::now();
            self.dirty = false;
        }
        if !(batch.articles.is_empty()
            && batch.rejects.is_empty()
            && batch.state.is_empty()
            && batch.state_clear.is_empty()
            && batch.threads.is_none())
        {
            store
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .write_batch(&batch)
                .context("writing a batch to the store")?;
        }
        summary.stage_seconds.store += t.elapsed().as_secs_f64();
        summary.rejects.append(&mut batch.rejects);
        Ok(())
    }
}

/// One per-article stage of `doc`, timed into `time` and guarded: a panic
/// is a reject of the article.
fn timed<T>(doc: &RawDoc, stage: &str, time: &Nanos, f: impl FnOnce() -> T) -> Result<T, Reject> {
    let t = Instant::now();
    let r = guard::stage(&doc.input, &doc.id, stage, f);
    time.add(t);
    r
}

type Seen = HashMap<String, (String, String)>;

/// `(raw hash, input)` of an id seen in this run or stored earlier.
fn lookup(store: &Store, id: &str, seen: &Seen) -> Result<Option<(String, String)>> {
    if let Some(v) = seen.get(id) {
        return Ok(Some(v.clone()));
    }
    Ok(store.lookup(id)?)
}

/// A progress callback that does nothing.
pub fn no_progress(_: usize) {}

pub fn per_second(n: usize, d: Duration) -> f64 {
    n as f64 / d.as_secs_f64().max(1e-9)
}

#[cfg(test)]
mod equivalence;
#[cfg(test)]
mod faults;

#[cfg(test)]
mod tests;
