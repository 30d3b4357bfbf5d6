//! Jobs behind `herald run` and `herald train-events`: writing the run's
//! JSONL files and training the event-trigger model.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};
use herald_store::{EventFilter, Store};

use crate::pipeline::Summary;
use crate::records::{ArticleRecord, EventRecord, StoryRecord, ThreadRecord};
use crate::{eval, nlp_analyzer};

/// Writes the run's JSONL files: the articles this run read (with their
/// relations both ways and their story), their stories, the threads of two or
/// more stories those belong to, their events, and the rejects.
pub(crate) fn write_run_outputs(store: &Store, summary: &Summary, out: &Path) -> Result<()> {
    let create = |name: &str| -> Result<std::io::BufWriter<std::fs::File>> {
        let path = out.join(name);
        Ok(std::io::BufWriter::new(
            std::fs::File::create(&path).with_context(|| format!("creating {}", path.display()))?,
        ))
    };
    let mut articles = create("articles.jsonl")?;
    let mut events = create("events.jsonl")?;
    let mut stories = create("stories.jsonl")?;
    let mut threads = create("threads.jsonl")?;
    let mut rejects = create("rejects.jsonl")?;
    let mut story_ids = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for id in &summary.ids {
        if !seen.insert(id.clone()) {
            continue;
        }
        let Some(a) = store.article(id)? else {
            continue;
        };
        serde_json::to_writer(&mut articles, &ArticleRecord::new(&a))?;
        articles.write_all(b"\n")?;
        for e in store.events(&EventFilter {
            article: Some(a.id.clone()),
            include_negated: true,
            ..Default::default()
        })? {
            serde_json::to_writer(&mut events, &EventRecord::new(&e, &a.text))?;
            events.write_all(b"\n")?;
        }
        if let Some(s) = &a.story {
            story_ids.push(s.clone());
        }
    }
    let mut written = std::collections::HashSet::new();
    let mut thread_ids = Vec::new();
    for sid in story_ids {
        if let Some(s) = store.story(&sid)?
            && written.insert(s.id.clone())
        {
            let thread = store.thread_of_story(&s.id)?;
            thread_ids.extend(thread.clone());
            serde_json::to_writer(&mut stories, &StoryRecord::new(&s).with_thread(thread))?;
            stories.write_all(b"\n")?;
        }
    }
    let mut threads_written = std::collections::HashSet::new();
    for tid in thread_ids {
        if threads_written.insert(tid.clone())
            && let Some(t) = store.thread(&tid)?
            && t.stories.len() > 1
        {
            serde_json::to_writer(&mut threads, &ThreadRecord::new(&t))?;
            threads.write_all(b"\n")?;
        }
    }
    for r in &summary.rejects {
        serde_json::to_writer(&mut rejects, r)?;
        rejects.write_all(b"\n")?;
    }
    for mut w in [articles, events, stories, threads, rejects] {
        w.flush()?;
    }
    Ok(())
}

pub(crate) fn train_events(
    out: &Path,
    labels: &[std::path::PathBuf],
    relevance_labels: &Path,
    epochs: usize,
    accurate: bool,
) -> Result<()> {
    use herald_events::learned::train;
    use rayon::prelude::*;
    let set = train::read_label_dirs(labels)?;
    let extra = herald_events::learned::relevance::read_labels(relevance_labels)?;
    let corpus = eval::shared_dir()?.join("corpus/wikinews/articles.jsonl.gz");
    let mut wanted: std::collections::HashSet<String> =
        set.read.union(&set.skipped).cloned().collect();
    wanted.extend(extra.keys().cloned());
    let mut articles = train::read_articles(&corpus, &wanted)?;
    let nlp = nlp_analyzer(accurate)?;
    let t = std::time::Instant::now();
    articles.par_iter_mut().for_each(|a| nlp.process(a));
    eprintln!(
        "analysed {} articles in {:.1}s",
        articles.len(),
        t.elapsed().as_secs_f64()
    );
    let (model, report) = train::train(&articles, &set, epochs)?;
    std::fs::create_dir_all(out)?;
    std::fs::write(out.join("trigger.bin.gz"), model.to_bytes())?;
    let json = serde_json::to_string_pretty(&report)?;
    std::fs::write(out.join("trigger-report.json"), format!("{json}\n"))?;
    let t = std::time::Instant::now();
    let back = herald_events::learned::TriggerModel::from_bytes(&std::fs::read(
        out.join("trigger.bin.gz"),
    )?)?;
    eprintln!(
        "model reloads in {:.1} ms ({} features)",
        t.elapsed().as_secs_f64() * 1000.0,
        back.len()
    );
    let h = &report.heldout;
    eprintln!(
        "held-out triggers ({} articles): P {:.3} R {:.3} F1 {:.3} at threshold {:.2}; {} features, {} bytes",
        report.heldout_articles,
        h.precision,
        h.recall,
        h.f1,
        h.threshold,
        report.features,
        report.model_bytes
    );
    let (relevance, rr, oof) =
        herald_events::learned::relevance::train(&articles, &set, &extra, epochs);
    std::fs::write(out.join("relevance.bin.gz"), relevance.to_bytes())?;
    let json = serde_json::to_string_pretty(&rr)?;
    std::fs::write(out.join("relevance-report.json"), format!("{json}\n"))?;
    eprintln!(
        "relevance, out of fold ({} articles, {} skipped): accuracy {:.3}; skipped articles found {:.3}, precision {:.3}",
        rr.articles, rr.skipped, rr.accuracy, rr.skipped_recall, rr.skipped_precision
    );
    let (scorer, sr) = herald_events::learned::stack::train_stacked(&articles, &set, epochs, &oof)?;
    std::fs::write(out.join("scorer.bin.gz"), scorer.to_bytes())?;
    let json = serde_json::to_string_pretty(&sr)?;
    std::fs::write(out.join("scorer-report.json"), format!("{json}\n"))?;
    for f in &sr.floors {
        eprintln!(
            "out of fold, proposing from trigger probability {}: {} proposals; scorer at {:.2}: R {:.3} P {:.3} F1 {:.3} (none/skipped as false: F1 {:.3})",
            f.propose
                .map_or("(model threshold)".to_string(), |p| format!("{p:.2}")),
            f.examples,
            f.chosen.threshold,
            f.chosen.recall,
            f.chosen.precision,
            f.chosen.f1,
            f.chosen.f1_all
        );
    }
    for (name, m) in [
        ("proposals, all kept", &sr.without),
        ("event scorer", &sr.chosen),
    ] {
        eprintln!(
            "out of fold, {name} (threshold {:.2}): R {:.3} P {:.3} F1 {:.3}; with none/skipped as false P {:.3}; false alarms per none {:.2}, skipped {:.2} article",
            m.threshold,
            m.recall,
            m.precision,
            m.f1,
            m.precision_all,
            m.false_alarms_none,
            m.false_alarms_skipped
        );
    }
    for (name, s) in [
        ("patterns alone", &report.heldout_rules),
        ("model where no pattern applies", &report.heldout_residual),
        ("patterns + model", &report.heldout_combined),
    ] {
        eprintln!(
            "  {name}: P {:.3} R {:.3} F1 {:.3} (threshold {:.2})",
            s.precision, s.recall, s.f1, s.threshold
        );
    }
    Ok(())
}
