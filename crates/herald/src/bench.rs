//! `herald bench`: end-to-end throughput on a synthetic corpus built from the
//! bundled samples (so it runs anywhere, without `../shared`).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::Subcommand;
use herald_store::Store;

use crate::demo::{SAMPLES, tempdir::TempDir};
use crate::pipeline::{Pipeline, per_second};

#[derive(Subcommand)]
pub enum BenchCommand {
    /// Ingest N synthetic articles end to end into a fresh on-disk store.
    Ingest {
        #[arg(long, default_value_t = 10_000)]
        articles: usize,
        /// Print the result as JSON.
        #[arg(long)]
        json: bool,
    },
}

#[derive(serde::Serialize)]
struct IngestBench {
    articles: usize,
    seconds: f64,
    articles_per_second: f64,
    events: usize,
    relations: usize,
    peak_rss_mb: f64,
    threads: usize,
}

/// Sample bodies usable as plain text (text files and JSONL `text` fields).
fn bodies() -> Vec<String> {
    let mut out = Vec::new();
    for (path, body) in SAMPLES {
        if path.ends_with(".txt") {
            out.push(body.to_string());
        } else if path.ends_with(".jsonl") {
            for line in body.lines() {
                if let Ok(v) = serde_json::from_str::<serde_json::Value>(line)
                    && let Some(t) = v.get("text").and_then(|t| t.as_str())
                {
                    out.push(t.to_string());
                }
            }
        }
    }
    if out.is_empty() {
        out.push("China offered military aid to Mali on Tuesday, officials said.\n\nThe offer was welcomed in Bamako.".into());
    }
    out
}

/// A deterministic variant of `body`: paragraphs rotated, numbers changed,
/// one closing sentence unique to `i` — near-duplicates and rewrites, as in real news.
fn variant(body: &str, i: usize) -> String {
    let paras: Vec<&str> = body
        .split("\n\n")
        .filter(|p| !p.trim().is_empty())
        .collect();
    let n = paras.len().max(1);
    let rot = (i / 7) % n;
    let mut out = String::with_capacity(body.len() + 64);
    for k in 0..paras.len() {
        let p = paras[(k + rot) % n];
        for c in p.chars() {
            if c.is_ascii_digit() {
                out.push(char::from(
                    b'0' + ((c as u8 - b'0') as usize + i) as u8 % 10,
                ));
            } else {
                out.push(c);
            }
        }
        out.push_str("\n\n");
    }
    out.push_str(&format!(
        "Officials in district {} said {} people attended the briefing on day {}.",
        i % 97,
        10 + i % 500,
        i
    ));
    out
}

pub fn run(cmd: BenchCommand) -> Result<ExitCode> {
    match cmd {
        BenchCommand::Ingest { articles, json } => {
            let dir = TempDir::new("herald-bench")?;
            let input = dir.path().join("corpus.jsonl");
            {
                let bodies = bodies();
                let mut w = std::io::BufWriter::new(std::fs::File::create(&input)?);
                for i in 0..articles {
                    let b = &bodies[i % bodies.len()];
                    let day = 1 + (i % 28);
                    let rec = serde_json::json!({
                        "id": format!("bench-{i:06}"),
                        "site": format!("site{}.example", i % 13),
                        "published": format!("2025-03-{day:02}"),
                        "text": variant(b, i),
                    });
                    serde_json::to_writer(&mut w, &rec)?;
                    w.write_all(b"\n")?;
                }
                w.flush()?;
            }
            let store = Store::open(&dir.path().join("bench.db"))?;
            let mut p = Pipeline::open(store)?;
            p.batch_size = 512;
            let inputs: Vec<PathBuf> = vec![input];
            let s = p.ingest(&inputs, &crate::pipeline::no_progress)?;
            let r = IngestBench {
                articles: s.new,
                seconds: s.seconds,
                articles_per_second: per_second(
                    s.new,
                    std::time::Duration::from_secs_f64(s.seconds),
                ),
                events: s.events,
                relations: s.relations,
                peak_rss_mb: peak_rss_mb(),
                threads: rayon::current_num_threads(),
            };
            if json {
                println!("{}", serde_json::to_string(&r)?);
            } else {
                println!(
                    "ingested {} articles in {:.2}s: {:.0} articles/s on {} threads; {} events, {} relations; peak RSS {:.0} MB",
                    r.articles,
                    r.seconds,
                    r.articles_per_second,
                    r.threads,
                    r.events,
                    r.relations,
                    r.peak_rss_mb
                );
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Peak resident set size of this process (Linux `VmHWM`), in MB.
pub fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map(|kb| kb / 1024.0)
        .unwrap_or(0.0)
}
