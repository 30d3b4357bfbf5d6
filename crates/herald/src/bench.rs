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
    /// Ingest N synthetic articles (or real news with --input) end to end into a fresh on-disk store.
    Ingest {
        #[arg(long, default_value_t = 10_000)]
        articles: usize,
        /// Real news to ingest instead of the synthetic corpus (any input
        /// `herald ingest` reads, e.g. $HERALD_SHARED/corpus/wikinews/articles.jsonl.gz);
        /// --articles is then ignored.
        #[arg(long, value_name = "PATH")]
        input: Option<PathBuf>,
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
    stage_cpu_seconds: crate::pipeline::StageTimes,
    /// Articles per CPU-second of the language layer and the event coder
    /// together (the per-article analysis, models loaded once).
    language_events_articles_per_cpu_second: f64,
    /// Saved story clusterer state, in MB.
    clusterer_state_mb: f64,
    /// Saved dedup fingerprints, in MB.
    fingerprints_mb: f64,
    /// Time to reopen the pipeline over the store (restores every stage).
    reopen_seconds: f64,
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

/// SplitMix64: a tiny deterministic generator (the corpus must be the same on every run).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[(self.next() % xs.len() as u64) as usize]
    }
}

/// A made-up proper name, so that articles do not all share the same few names.
fn name(rng: &mut Rng) -> String {
    const SYL: &[&str] = &[
        "ka", "lo", "mi", "ra", "to", "ben", "sa", "di", "mor", "el", "va", "nu", "zan", "ti",
        "ro", "gal",
    ];
    let mut s = String::new();
    for k in 0..(2 + rng.next() % 2) {
        let syl = *rng.pick(SYL);
        if k == 0 {
            s.push_str(&capitalize(syl));
        } else {
            s.push_str(syl);
        }
    }
    s
}

const ACTORS: &[&str] = &[
    "China",
    "Iraq",
    "Mali",
    "France",
    "the United States",
    "Kenya",
    "Nigeria",
    "Brazil",
    "India",
    "Russia",
    "Germany",
    "Egypt",
    "Turkey",
    "Japan",
    "South Africa",
    "Ethiopia",
    "Iran",
    "Pakistan",
    "Mexico",
    "Indonesia",
    "the European Union",
    "the African Union",
    "the United Nations",
    "NATO",
    "ECOWAS",
    "Kenyan President Amina Odhiambo",
    "French Foreign Minister Luc Girard",
    "Iraqi Prime Minister Haidar Saleh",
    "the Nigerian army",
    "rebels",
    "police",
    "opposition leaders",
    "the Defense Ministry",
];
const ACTIONS: &[&str] = &[
    "offered military aid to",
    "accused",
    "met with",
    "urged",
    "criticized",
    "signed a trade agreement with",
    "threatened to impose sanctions on",
    "praised",
    "called on",
    "agreed to cooperate with",
    "condemned",
    "sent humanitarian aid to",
    "demanded an apology from",
    "held talks with",
    "rejected a proposal from",
    "attacked positions held by",
    "pledged support for",
    "warned",
    "expelled diplomats from",
    "visited",
];
const PLACES: &[&str] = &[
    "Baghdad",
    "Bamako",
    "Nairobi",
    "Paris",
    "Beijing",
    "Addis Ababa",
    "Cairo",
    "Geneva",
    "New York",
    "Lagos",
    "Istanbul",
    "Tokyo",
    "Brasilia",
    "New Delhi",
    "Moscow",
    "Jakarta",
    "Tehran",
    "Islamabad",
    "Abuja",
    "Brussels",
];
const WHEN: &[&str] = &[
    "on Monday",
    "on Tuesday",
    "on Wednesday",
    "on Thursday",
    "on Friday",
    "last week",
    "earlier this month",
    "on Sept. 21",
    "in March",
];
const SOURCES: &[&str] = &[
    "officials said",
    "state media reported",
    "a spokesman said",
    "according to a statement",
    "diplomats said",
];

/// One synthetic article: templated event sentences (unique per article)
/// around a few sentences drawn from the samples; one in ten is a copy of an
/// earlier article in other chrome — roughly the duplicate rate of a news feed.
fn synth(i: usize, pool: &[String], earlier: &[String]) -> String {
    let mut rng = Rng(i as u64 ^ 0x5EED);
    if i >= 10 && rng.next().is_multiple_of(10) {
        let src = &earlier[(rng.next() % earlier.len() as u64) as usize];
        return format!("Breaking News | World | Markets\n\n{src}\n\nFollow us on Twitter");
    }
    let mut paras = Vec::new();
    for p in 0..4 {
        let mut para = String::new();
        for _ in 0..3 {
            let s = if p == 1 {
                rng.pick(pool).clone()
            } else {
                match rng.next() % 3 {
                    0 => format!(
                        "{} {} {} in {} {}, {}.",
                        capitalize(rng.pick::<&str>(ACTORS)),
                        rng.pick(ACTIONS),
                        rng.pick(ACTORS),
                        rng.pick(PLACES),
                        rng.pick(WHEN),
                        rng.pick(SOURCES),
                    ),
                    1 => format!(
                        "Minister {} {} said {} would respond to the {} incidents reported near {}.",
                        name(&mut rng),
                        name(&mut rng),
                        rng.pick(ACTORS),
                        rng.next() % 90,
                        name(&mut rng),
                    ),
                    _ => format!(
                        "About {} people gathered in {} {} after {} {} {}.",
                        rng.next() % 5000,
                        name(&mut rng),
                        rng.pick(WHEN),
                        rng.pick(ACTORS),
                        rng.pick(ACTIONS),
                        name(&mut rng),
                    ),
                }
            };
            if !para.is_empty() {
                para.push(' ');
            }
            para.push_str(&s);
        }
        paras.push(para);
    }
    paras.push(format!("Report {i} was filed from {}.", rng.pick(PLACES)));
    paras.join("\n\n")
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Sentences of the sample bodies, as a pool of realistic prose.
fn sentence_pool() -> Vec<String> {
    let mut pool = Vec::new();
    for b in bodies() {
        for para in b.split('\n') {
            for s in para.split_inclusive(". ") {
                let s = s.trim();
                if s.split_whitespace().count() >= 8 && s.ends_with('.') {
                    pool.push(s.to_string());
                }
            }
        }
    }
    if pool.is_empty() {
        pool.push("China offered military aid to Mali on Tuesday, officials said.".into());
    }
    pool
}

pub fn run(cmd: BenchCommand) -> Result<ExitCode> {
    match cmd {
        BenchCommand::Ingest {
            articles,
            input: given,
            json,
        } => {
            let dir = TempDir::new("herald-bench")?;
            let input = match &given {
                Some(p) if !p.exists() => anyhow::bail!("{}: no such input", p.display()),
                Some(p) => p.clone(),
                None => dir.path().join("corpus.jsonl"),
            };
            if given.is_none() {
                let pool = sentence_pool();
                let mut earlier: Vec<String> = Vec::new();
                let mut w = std::io::BufWriter::new(std::fs::File::create(&input)?);
                for i in 0..articles {
                    let text = synth(i, &pool, &earlier);
                    if earlier.len() < 2000 {
                        earlier.push(text.clone());
                    } else {
                        earlier[i % 2000] = text.clone();
                    }
                    let day = 1 + (i % 28);
                    let rec = serde_json::json!({
                        "id": format!("bench-{i:06}"),
                        "site": format!("site{}.example", i % 13),
                        "published": format!("2025-03-{day:02}"),
                        "text": text,
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
            drop(p);
            let store = Store::open(&dir.path().join("bench.db"))?;
            let clusterer_state_mb = store
                .state(crate::pipeline::STATE_STORIES)?
                .map_or(0.0, |b| b.len() as f64 / 1e6);
            let mut fp_bytes = 0usize;
            store.for_each_fingerprint(|_, _, blob| fp_bytes += blob.len())?;
            let t = std::time::Instant::now();
            let reopened = Pipeline::open(store)?;
            let reopen_seconds = t.elapsed().as_secs_f64();
            drop(reopened);
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
                stage_cpu_seconds: s.stage_seconds.clone(),
                language_events_articles_per_cpu_second: s.new as f64
                    / (s.stage_seconds.language + s.stage_seconds.events).max(1e-9),
                clusterer_state_mb,
                fingerprints_mb: fp_bytes as f64 / 1e6,
                reopen_seconds,
            };
            if json {
                outln!("{}", serde_json::to_string(&r)?);
            } else {
                outln!(
                    "ingested {} articles in {:.2}s: {:.0} articles/s on {} threads; {} events, {} relations; peak RSS {:.0} MB\n\
                     language + events: {:.0} articles per CPU-second (language {:.1} s, events {:.1} s of CPU)\n\
                     saved state: clusterer {:.1} MB, fingerprints {:.1} MB; reopening the pipeline takes {:.2}s",
                    r.articles,
                    r.seconds,
                    r.articles_per_second,
                    r.threads,
                    r.events,
                    r.relations,
                    r.peak_rss_mb,
                    r.language_events_articles_per_cpu_second,
                    r.stage_cpu_seconds.language,
                    r.stage_cpu_seconds.events,
                    r.clusterer_state_mb,
                    r.fingerprints_mb,
                    r.reopen_seconds
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
