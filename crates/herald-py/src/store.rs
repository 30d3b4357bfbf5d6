//! A Herald database from Python (read-only queries as public JSON records)
//! and `ingest`, which runs the CLI's own pipeline into a database.

use std::path::PathBuf;
use std::sync::Mutex;

use herald::pipeline::Pipeline;
use herald::records::{ArticleRecord, EventRecord, StoryRecord};
use herald_store::{Batch, EventFilter, Store as DbStore, StoredArticle};

use crate::dataflow::ClusterInput;
use pyo3::prelude::*;

use crate::{HeraldError, detached};

/// A Herald database opened read-only.
#[pyclass(name = "_Store", module = "herald._herald")]
pub struct Store {
    db: Mutex<DbStore>,
    path: String,
}

fn err(path: &str, e: impl std::fmt::Display) -> String {
    format!("{path}: {e}")
}

impl Store {
    fn with<T: Send>(
        &self,
        py: Python<'_>,
        f: impl FnOnce(&DbStore) -> anyhow::Result<T> + Send,
    ) -> PyResult<T> {
        let path = self.path.clone();
        detached(py, &path.clone(), || {
            let db = self.db.lock().unwrap_or_else(|p| p.into_inner());
            f(&db).map_err(|e| err(&path, format!("{e:#}")))
        })
    }
}

#[pymethods]
impl Store {
    #[new]
    fn new(py: Python<'_>, path: PathBuf) -> PyResult<Self> {
        let shown = path.display().to_string();
        if !path.is_file() {
            return Err(HeraldError::new_err(format!(
                "{shown}: no such Herald database"
            )));
        }
        let db = detached(py, &shown, || {
            DbStore::open_read_only(&path).map_err(|e| err(&shown, e))
        })?;
        Ok(Store {
            db: Mutex::new(db),
            path: path.display().to_string(),
        })
    }

    /// Article records (articles.jsonl), in store order.
    fn articles_json(&self, py: Python<'_>) -> PyResult<Vec<String>> {
        self.with(py, |db| {
            let mut out = Vec::new();
            db.for_each_article(|a| {
                out.push(serde_json::to_string(&ArticleRecord::new(&a)).unwrap_or_default())
            })?;
            Ok(out)
        })
    }

    /// Event records (events.jsonl), as `herald export --what events`.
    #[pyo3(signature = (include_negated=false))]
    fn events_json(&self, py: Python<'_>, include_negated: bool) -> PyResult<Vec<String>> {
        self.with(py, |db| {
            let filter = EventFilter {
                include_negated,
                ..EventFilter::default()
            };
            let mut cache = herald::export::ArticleCache::new(db);
            let mut out = Vec::new();
            for e in db.events(&filter)? {
                let text = cache
                    .get(&e.article)?
                    .map(|a| a.text.as_str())
                    .unwrap_or("");
                out.push(serde_json::to_string(&EventRecord::new(&e, text))?);
            }
            Ok(out)
        })
    }

    /// Story records (stories.jsonl), largest first.
    fn stories_json(&self, py: Python<'_>) -> PyResult<Vec<String>> {
        self.with(py, |db| {
            let mut out = Vec::new();
            for s in db.stories(None)? {
                let thread = db.thread_of_story(&s.id)?;
                out.push(serde_json::to_string(
                    &StoryRecord::new(&s).with_thread(thread),
                )?);
            }
            Ok(out)
        })
    }

    /// Counts of what the store holds.
    fn counts_json(&self, py: Python<'_>) -> PyResult<String> {
        self.with(py, |db| {
            let c = db.counts()?;
            Ok(serde_json::json!({
                "articles": c.articles, "events": c.events, "stories": c.stories,
                "threads": c.threads, "relations": c.relations, "rejects": c.rejects,
            })
            .to_string())
        })
    }

    /// GDELT 2.0 event TSV of the store (`herald export --format gdelt`):
    /// the rows written (undated events are left out, as the CLI does).
    fn write_gdelt(&self, py: Python<'_>, out: PathBuf) -> PyResult<usize> {
        self.with(py, move |db| {
            let f = std::fs::File::create(&out)?;
            let mut w = std::io::BufWriter::new(f);
            let (n, _undated) = herald::export::write_gdelt(db, &mut w)?;
            std::io::Write::flush(&mut w)?;
            Ok(n)
        })
    }
}

/// `herald ingest`: the CLI's pipeline over `paths` into the database `db`.
/// Returns the run summary and its rejects as JSON.
#[pyfunction]
#[pyo3(signature = (paths, db, batch_size=256))]
fn ingest_json(
    py: Python<'_>,
    paths: Vec<PathBuf>,
    db: PathBuf,
    batch_size: usize,
) -> PyResult<(String, Vec<String>)> {
    let shown = db.display().to_string();
    detached(py, &shown.clone(), move || {
        let run = || -> anyhow::Result<(String, Vec<String>)> {
            let store = DbStore::open(&db)?;
            let mut p = Pipeline::open(store)?;
            p.batch_size = batch_size;
            let summary = p.ingest(&paths, &herald::pipeline::no_progress)?;
            let rejects = summary
                .rejects
                .iter()
                .map(serde_json::to_string)
                .collect::<Result<_, _>>()?;
            Ok((serde_json::to_string(&summary)?, rejects))
        };
        run().map_err(|e| err(&shown, format!("{e:#}")))
    })
}

/// GDELT 2.0 event TSV of analysed articles (cluster state JSON, arrival
/// order) with their stories, through the CLI's exporter: the articles and
/// events go into an in-memory store and `herald::export::write_gdelt` reads
/// them back, so the rows are exactly `herald export --format gdelt`'s.
#[pyfunction]
fn gdelt_tsv(
    py: Python<'_>,
    states: Vec<String>,
    stories: Vec<Option<String>>,
    out: PathBuf,
) -> PyResult<usize> {
    if states.len() != stories.len() {
        return Err(pyo3::exceptions::PyValueError::new_err(format!(
            "{} states but {} stories",
            states.len(),
            stories.len()
        )));
    }
    let shown = out.display().to_string();
    detached(py, &shown.clone(), move || {
        let run = || -> anyhow::Result<usize> {
            let mut batch = Batch::default();
            for (i, (s, story)) in states.iter().zip(stories).enumerate() {
                let ClusterInput {
                    mut article,
                    mut events,
                } = serde_json::from_str(s)
                    .map_err(|e| anyhow::anyhow!("cluster state #{i} can't be read: {e}"))?;
                article.story = story;
                batch.events.append(&mut events);
                batch.articles.push(StoredArticle {
                    article,
                    raw_hash: String::new(),
                });
            }
            let mut db = DbStore::open_in_memory()?;
            db.write_batch(&batch)?;
            let mut w = std::io::BufWriter::new(std::fs::File::create(&out)?);
            let (n, _undated) = herald::export::write_gdelt(&db, &mut w)?;
            std::io::Write::flush(&mut w)?;
            Ok(n)
        };
        run().map_err(|e| err(&shown, format!("{e:#}")))
    })
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Store>()?;
    m.add_function(wrap_pyfunction!(gdelt_tsv, m)?)?;
    m.add_function(wrap_pyfunction!(ingest_json, m)?)?;
    Ok(())
}
