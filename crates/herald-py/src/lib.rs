//! `herald._herald`: Herald's stages as a Python extension module.
//!
//! The Python package (`python/herald/`) wraps these functions: it turns the
//! JSON records into dicts and pyarrow tables. Every function releases the
//! GIL while Rust works; batch functions run the articles with rayon. A bad
//! record is a `herald.HeraldError` naming it and the reason; a panic inside a
//! stage is caught (`herald::guard`) and becomes a reject or that error.

mod dataflow;
mod engine;
mod store;

use pyo3::create_exception;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyBytes;
use rayon::prelude::*;

use herald_core::{Format, RawDoc, Reject, content_id};
use herald_ingest::Item;

use crate::engine::{Detail, ENGINE};

create_exception!(
    _herald,
    HeraldError,
    PyValueError,
    "A record Herald cannot read or process; the message names the record and the reason."
);

pub(crate) fn reject_error(r: &Reject) -> PyErr {
    HeraldError::new_err(format!("record {r}"))
}

/// Runs `f` with the GIL released; a panic that escapes the stage guards
/// becomes a `HeraldError` instead of unwinding into Python.
pub(crate) fn detached<T: Send>(
    py: Python<'_>,
    what: &str,
    f: impl FnOnce() -> Result<T, String> + Send,
) -> PyResult<T> {
    let r = py.detach(|| {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).unwrap_or_else(|p| {
            let msg = p
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| p.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            Err(format!("{what}: internal error: {msg}"))
        })
    });
    r.map_err(HeraldError::new_err)
}

fn looks_html(body: &str) -> bool {
    let head = body.trim_start();
    head.starts_with('<')
        && head
            .get(..512.min(head.len()))
            .or(Some(head))
            .is_some_and(|h| h.contains('>'))
}

fn single_doc(
    body: &str,
    url: Option<String>,
    id: Option<String>,
    format: Option<&str>,
) -> PyResult<RawDoc> {
    let format = match format {
        None => {
            if looks_html(body) {
                Format::Html
            } else {
                Format::Text
            }
        }
        Some("html") => Format::Html,
        Some("text") => Format::Text,
        Some(other) => {
            return Err(PyValueError::new_err(format!(
                "format must be 'html' or 'text', not {other:?}"
            )));
        }
    };
    let id = id.unwrap_or_else(|| content_id(body));
    if body.trim().is_empty() {
        return Err(reject_error(&Reject::new(
            id,
            "empty",
            "the input is empty or whitespace only",
        )));
    }
    let mut doc = RawDoc::new(id.clone(), id, format, body);
    doc.url = url;
    Ok(doc)
}

/// Clean article record (the `herald extract` JSON) of one HTML page or text.
#[pyfunction]
#[pyo3(signature = (body, url=None, id=None, format=None))]
fn extract_json(
    py: Python<'_>,
    body: &str,
    url: Option<String>,
    id: Option<String>,
    format: Option<&str>,
) -> PyResult<String> {
    let doc = single_doc(body, url, id, format)?;
    detached(py, &doc.id.clone(), || {
        ENGINE
            .extract(&doc)
            .map(|a| engine::extract_json(&a))
            .map_err(|r| format!("record {r}"))
    })
}

/// Every per-article stage of one text: the article record with its
/// sentences, entities and events.
#[pyfunction]
#[pyo3(signature = (text, published=None, id=None, format=None, url=None))]
fn analyse_json(
    py: Python<'_>,
    text: &str,
    published: Option<String>,
    id: Option<String>,
    format: Option<&str>,
    url: Option<String>,
) -> PyResult<String> {
    let mut doc = single_doc(text, url, id, format.or(Some("text")))?;
    doc.published = published;
    detached(py, &doc.id.clone(), || {
        ENGINE
            .analyse(&doc, Detail::Language)
            .map(|a| engine::analysis_json(&a, Detail::Language))
            .map_err(|r| format!("record {r}"))
    })
}

/// 128 × u16 MinHash of the word 5-shingles, little-endian bytes.
#[pyfunction]
fn signature<'py>(py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyBytes>> {
    let sig = detached(py, "signature", || Ok(herald_dedup::lsh::signature(text)))?;
    Ok(PyBytes::new(py, &engine::signature_bytes(&sig)))
}

/// The 32 LSH band keys of a signature.
#[pyfunction]
fn band_keys(signature: &[u8]) -> PyResult<Vec<u32>> {
    let sig = engine::signature_from_bytes(signature).map_err(HeraldError::new_err)?;
    Ok(herald_dedup::lsh::band_keys(&sig))
}

/// Jaccard estimate of two signatures.
#[pyfunction]
fn estimate(a: &[u8], b: &[u8]) -> PyResult<f64> {
    let a = engine::signature_from_bytes(a).map_err(HeraldError::new_err)?;
    let b = engine::signature_from_bytes(b).map_err(HeraldError::new_err)?;
    if a.len() != b.len() {
        return Err(HeraldError::new_err(format!(
            "signatures of different lengths ({} and {} values)",
            a.len(),
            b.len()
        )));
    }
    Ok(herald_dedup::lsh::estimate(&a, &b))
}

/// One analysed record of a batch: (record JSON, fingerprint blob, cluster
/// state JSON).
type Row = (String, Vec<u8>, String);

/// Reads JSON records (one object per string, the `.jsonl` fields) with
/// Herald's reader, runs every per-article stage in parallel and returns
/// (rows, rejects as JSON).
#[pyfunction]
#[pyo3(signature = (records, name="<batch>", language=false))]
fn analyse_records(
    py: Python<'_>,
    records: Vec<String>,
    name: &str,
    language: bool,
) -> PyResult<(Vec<Row>, Vec<String>)> {
    let detail = if language {
        Detail::Language
    } else {
        Detail::Records
    };
    detached(py, name, || {
        let mut bytes = Vec::with_capacity(records.iter().map(|r| r.len() + 1).sum());
        for r in &records {
            bytes.extend_from_slice(r.as_bytes());
            bytes.push(b'\n');
        }
        let mut docs = Vec::with_capacity(records.len());
        let mut rejects = Vec::new();
        if !records.is_empty() {
            for item in engine::read(name, &bytes) {
                match item {
                    Item::Doc(d) => docs.push(d),
                    Item::Reject(r) => rejects.push(r),
                }
            }
        }
        let results = ENGINE.analyse_batch(&docs, detail);
        let out: Vec<Result<Row, Reject>> = results
            .into_par_iter()
            .map(|r| {
                let a = r?;
                let record = engine::analysis_json(&a, detail);
                let fp = dataflow::encode_fingerprint(&a.fingerprint)
                    .map_err(|e| Reject::new(&a.article.input, "fingerprint", e))?;
                let state = serde_json::to_string(&dataflow::ClusterInput {
                    article: a.article,
                    events: a.events,
                })
                .map_err(|e| Reject::new("", "state", e.to_string()))?;
                Ok((record, fp, state))
            })
            .collect();
        let mut rows = Vec::with_capacity(out.len());
        for r in out {
            match r {
                Ok(row) => rows.push(row),
                Err(rej) => rejects.push(rej),
            }
        }
        let rejects = rejects
            .iter()
            .map(|r| serde_json::to_string(r).unwrap_or_default())
            .collect();
        Ok((rows, rejects))
    })
}

/// Candidate keys of a fingerprint blob (`kind << 32 | key`).
#[pyfunction]
fn fingerprint_keys(py: Python<'_>, blobs: Vec<Vec<u8>>) -> PyResult<Vec<Vec<i64>>> {
    detached(py, "fingerprint_keys", || {
        blobs
            .par_iter()
            .enumerate()
            .map(|(i, b)| {
                dataflow::decode_fingerprint(&format!("#{i}"), b).map(|fp| dataflow::keys(&fp))
            })
            .collect()
    })
}

type SideIn = (String, Option<String>, Vec<u8>);

/// Relations of each newer article to its older candidates (each group:
/// newer side, older sides in arrival order), as core relation JSON.
#[pyfunction]
fn relate_groups(py: Python<'_>, groups: Vec<(SideIn, Vec<SideIn>)>) -> PyResult<Vec<Vec<String>>> {
    fn side(s: &SideIn) -> Result<dataflow::Side, String> {
        Ok(dataflow::Side {
            id: s.0.clone(),
            published: s.1.clone(),
            fingerprint: dataflow::decode_fingerprint(&s.0, &s.2)?,
        })
    }
    detached(py, "relate", || {
        groups
            .par_iter()
            .map(|(newer, older)| {
                let n = side(newer)?;
                let o = older.iter().map(side).collect::<Result<Vec<_>, _>>()?;
                Ok(dataflow::relate(&n, &o)
                    .into_iter()
                    .map(|mut r| {
                        r.evidence.clear();
                        serde_json::to_string(&r).unwrap_or_default()
                    })
                    .collect())
            })
            .collect()
    })
}

/// (article id, story id) pairs and story record JSON.
type Clusters = (Vec<(String, String)>, Vec<String>);

/// Clusters articles (cluster state JSON, arrival order) with their
/// relations (core relation JSON) into stories: (assignments, story records).
#[pyfunction]
fn cluster(py: Python<'_>, states: Vec<String>, relations: Vec<Vec<String>>) -> PyResult<Clusters> {
    if states.len() != relations.len() {
        return Err(PyValueError::new_err(format!(
            "{} states but {} relation lists",
            states.len(),
            relations.len()
        )));
    }
    detached(py, "cluster", || {
        let inputs = states
            .par_iter()
            .zip(relations.par_iter())
            .enumerate()
            .map(|(i, (s, rels))| {
                let mut input: dataflow::ClusterInput = serde_json::from_str(s)
                    .map_err(|e| format!("cluster state #{i} can't be read: {e}"))?;
                for r in rels {
                    input
                        .article
                        .relations
                        .push(serde_json::from_str(r).map_err(|e| {
                            format!("relation of {} can't be read: {e}", input.article.id)
                        })?);
                }
                Ok(input)
            })
            .collect::<Result<Vec<_>, String>>()?;
        let c = dataflow::cluster(&inputs);
        Ok((c.assignments, c.stories))
    })
}

#[pymodule]
fn _herald(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("HeraldError", m.py().get_type::<HeraldError>())?;
    m.add_function(wrap_pyfunction!(extract_json, m)?)?;
    m.add_function(wrap_pyfunction!(analyse_json, m)?)?;
    m.add_function(wrap_pyfunction!(signature, m)?)?;
    m.add_function(wrap_pyfunction!(band_keys, m)?)?;
    m.add_function(wrap_pyfunction!(estimate, m)?)?;
    m.add_function(wrap_pyfunction!(analyse_records, m)?)?;
    m.add_function(wrap_pyfunction!(fingerprint_keys, m)?)?;
    m.add_function(wrap_pyfunction!(relate_groups, m)?)?;
    m.add_function(wrap_pyfunction!(cluster, m)?)?;
    store::register(m)?;
    Ok(())
}
