//! `herald compare`: how two stored articles relate — the copy relation with
//! its shared passages (herald-dedup) and a story-similarity score in [0, 1]
//! (herald-stories), one pair or a file of pairs.

use std::io::{BufRead, Write};
use std::path::Path;

use anyhow::{Context, Result, bail};
use herald_core::{Article, Event};
use herald_store::{EventFilter, Store};

use crate::show::trunc;

struct Loaded {
    article: Article,
    events: Vec<Event>,
}

fn load(store: &Store, id: &str) -> Result<Loaded> {
    let Some(article) = store.article(id)? else {
        bail!("no article with id {id:?} in the store");
    };
    let events = store.events(&EventFilter {
        article: Some(id.to_string()),
        ..Default::default()
    })?;
    Ok(Loaded { article, events })
}

#[derive(serde::Serialize)]
struct PairReport<'a> {
    a: &'a str,
    b: &'a str,
    story_similarity: f64,
    relation: herald_dedup::Comparison,
}

pub fn one(store: &Store, a: &str, b: &str, json: bool) -> Result<()> {
    let (la, lb) = (load(store, a)?, load(store, b)?);
    let c = crate::pipeline::load_clusterer(store)?;
    let sim = herald_stories::similarity(
        &la.article,
        &la.events,
        &lb.article,
        &lb.events,
        Some(c.idf()),
    );
    let cmp = herald_dedup::compare(&la.article, &lb.article);
    if json {
        let r = PairReport {
            a,
            b,
            story_similarity: sim,
            relation: cmp,
        };
        outln!("{}", serde_json::to_string_pretty(&r)?);
        return Ok(());
    }
    outln!(
        "{a}  {}",
        la.article.title.as_deref().unwrap_or("(untitled)")
    );
    outln!(
        "{b}  {}",
        lb.article.title.as_deref().unwrap_or("(untitled)")
    );
    outln!("story similarity  {sim:.3}");
    outln!(
        "relation          {} (score {:.3})",
        cmp.kind.map(|k| k.as_str()).unwrap_or("none"),
        cmp.score
    );
    if let Some(o) = &cmp.origin {
        outln!("likely origin     {o}");
    }
    outln!("{}", cmp.summary);
    for (i, p) in cmp.passages.iter().take(12).enumerate() {
        outln!(
            "  [{}] {a} {}..{} = {b} {}..{}: {}",
            i + 1,
            p.this.start,
            p.this.end,
            p.other.start,
            p.other.end,
            trunc(&p.this.slice(&la.article.text).replace('\n', " "), 90)
        );
    }
    if cmp.passages.len() > 12 {
        outln!(
            "  … {} more shared passages (--json lists all)",
            cmp.passages.len() - 12
        );
    }
    Ok(())
}

/// Reads `id1<TAB>id2` lines and prints `id1<TAB>id2<TAB>score`.
pub fn pairs(store: &Store, file: &Path) -> Result<()> {
    let f = std::fs::File::open(file).with_context(|| format!("opening {}", file.display()))?;
    let c = crate::pipeline::load_clusterer(store)?;
    let mut cache: std::collections::HashMap<String, Loaded> = std::collections::HashMap::new();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for (n, line) in std::io::BufReader::new(f).lines().enumerate() {
        let line = line.with_context(|| format!("{}:{}", file.display(), n + 1))?;
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((x, y)) = line.split_once('\t') else {
            bail!("{}:{}: expected id1<TAB>id2", file.display(), n + 1);
        };
        let (x, y) = (x.trim(), y.trim());
        for id in [x, y] {
            if !cache.contains_key(id) {
                let l = load(store, id).with_context(|| format!("{}:{}", file.display(), n + 1))?;
                cache.insert(id.to_string(), l);
            }
        }
        let (la, lb) = (&cache[x], &cache[y]);
        let sim = herald_stories::similarity(
            &la.article,
            &la.events,
            &lb.article,
            &lb.events,
            Some(c.idf()),
        );
        writeln!(out, "{x}\t{y}\t{sim:.4}")?;
    }
    out.flush()?;
    Ok(())
}
