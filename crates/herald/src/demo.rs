//! `herald demo`: the bundled samples through the whole pipeline, then a digest.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use herald_store::{EventFilter, Store};

use crate::pipeline::Pipeline;
use crate::show::trunc;

include!(concat!(env!("OUT_DIR"), "/samples.rs"));

/// Writes the embedded samples into a fresh temporary folder and returns it.
pub fn write_samples() -> Result<tempdir::TempDir> {
    let dir = tempdir::TempDir::new("herald-samples")?;
    for (rel, body) in SAMPLES {
        let path = dir.path().join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&path, body).with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(dir)
}

/// A self-deleting temporary folder (std only).
pub mod tempdir {
    use std::path::{Path, PathBuf};

    pub struct TempDir(PathBuf);

    impl TempDir {
        pub fn new(prefix: &str) -> std::io::Result<TempDir> {
            let nanos = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.subsec_nanos())
                .unwrap_or(0);
            let p = std::env::temp_dir().join(format!("{prefix}-{}-{nanos}", std::process::id()));
            std::fs::create_dir_all(&p)?;
            Ok(TempDir(p))
        }

        pub fn path(&self) -> &Path {
            &self.0
        }
    }

    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

pub fn run(json: bool, quiet: bool) -> Result<ExitCode> {
    let dir = write_samples()?;
    let store = Store::open_in_memory()?;
    let mut p = Pipeline::open(store)?;
    let inputs: Vec<PathBuf> = vec![dir.path().to_path_buf()];
    let summary = p.ingest(&inputs, &crate::pipeline::no_progress)?;
    for r in &summary.rejects {
        eprintln!("{r}");
    }
    let store = &*p.store();
    let stories = store.stories(None)?;
    if json {
        for s in &stories {
            outln!(
                "{}",
                serde_json::to_string(&crate::records::StoryRecord::new(s))?
            );
        }
        return Ok(ExitCode::SUCCESS);
    }
    if !quiet {
        outln!(
            "Herald demo: {} bundled sample files → {}\n",
            SAMPLES.len(),
            summary.line()
        );
    }
    for s in stories.iter().filter(|s| !s.articles.is_empty()) {
        outln!(
            "■ {}  [{} article{}, {} … {}]",
            trunc(&s.title, 80),
            s.articles.len(),
            if s.articles.len() == 1 { "" } else { "s" },
            s.first_seen.as_deref().unwrap_or("?"),
            s.last_seen.as_deref().unwrap_or("?")
        );
        if !s.sources.is_empty() {
            outln!("    sources: {}", s.sources.join(", "));
        }
        // Relations and events of the story's articles, counted.
        let mut rels: BTreeMap<String, usize> = BTreeMap::new();
        let mut events: BTreeMap<String, usize> = BTreeMap::new();
        for aid in &s.articles {
            if let Some(a) = store.article(aid)? {
                for r in &a.relations {
                    if a.id < r.article {
                        *rels
                            .entry(format!("{} {} ~ {}", r.kind.as_str(), a.id, r.article))
                            .or_default() += 1;
                    }
                }
            }
            for e in store.events(&EventFilter {
                article: Some(aid.clone()),
                ..Default::default()
            })? {
                let key = format!(
                    "{} → {} {} ({})",
                    e.source.code, e.target.code, e.cameo, e.plover
                );
                *events.entry(key).or_default() += 1;
            }
        }
        for r in rels.keys().take(4) {
            outln!("    relation: {r}");
        }
        let mut top: Vec<(String, usize)> = events.into_iter().collect();
        top.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        for (e, n) in top.iter().take(4) {
            outln!("    event: {e} ×{n}");
        }
    }
    Ok(if summary.rejected > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
