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
    let mut cmp = herald_dedup::compare(&la.article, &lb.article);
    // The stored relation decided the origin with what only the store knows
    // (which article arrived first): say the same here.
    if let Some(r) = la.article.relations.iter().find(|r| r.article == b)
        && cmp.kind.is_some()
        && r.origin.is_some()
        && r.origin != cmp.origin
    {
        let (old, new) = (
            cmp.origin.clone().unwrap_or_default(),
            r.origin.clone().unwrap_or_default(),
        );
        cmp.summary = cmp
            .summary
            .replace(&format!("origin {old}"), &format!("origin {new}"));
        cmp.origin = r.origin.clone();
    }
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
        herald_core::article_label(la.article.title.as_deref(), &la.article.text)
    );
    outln!(
        "{b}  {}",
        herald_core::article_label(lb.article.title.as_deref(), &lb.article.text)
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

/// One line of `compare --pairs --json`.
#[derive(serde::Serialize)]
struct PairLine<'a> {
    a: &'a str,
    b: &'a str,
    story_similarity: f64,
    /// The stored copy relation between them, if any.
    relation: Option<&'static str>,
    origin: Option<String>,
}

/// Reads `id1<TAB>id2` lines and prints `id1<TAB>id2<TAB>score`, or one
/// JSON object per pair. Blank lines, `#` comments and a header line (a
/// first line whose two fields are not stored ids) are skipped; columns after
/// the second are ignored.
pub fn pairs(store: &Store, file: &Path, json: bool) -> Result<()> {
    let f = std::fs::File::open(file).with_context(|| format!("opening {}", file.display()))?;
    let c = crate::pipeline::load_clusterer(store)?;
    let mut cache: std::collections::HashMap<String, Loaded> = std::collections::HashMap::new();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut first = true;
    for (n, line) in std::io::BufReader::new(f).lines().enumerate() {
        let at = || format!("{}:{}", file.display(), n + 1);
        let line = line.with_context(at)?;
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut fields = line.split('\t').map(str::trim);
        let (Some(x), Some(y)) = (fields.next(), fields.next()) else {
            bail!(
                "{}: expected id1<TAB>id2, found {:?}",
                at(),
                trunc(line, 60)
            );
        };
        let header =
            std::mem::take(&mut first) && store.lookup(x)?.is_none() && store.lookup(y)?.is_none();
        if header {
            continue;
        }
        for id in [x, y] {
            if !cache.contains_key(id) {
                let l = load(store, id).with_context(at)?;
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
        if json {
            let stored = la.article.relations.iter().find(|r| r.article == y);
            let rec = PairLine {
                a: x,
                b: y,
                story_similarity: (sim * 10_000.0).round() / 10_000.0,
                relation: stored.map(|r| r.kind.as_str()),
                origin: stored.and_then(|r| r.origin.clone()),
            };
            serde_json::to_writer(&mut out, &rec)?;
            writeln!(out)?;
        } else {
            writeln!(out, "{x}\t{y}\t{sim:.4}")?;
        }
    }
    out.flush()?;
    Ok(())
}
