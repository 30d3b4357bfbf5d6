//! `herald`: the command-line face of Herald.
//!
//! Every command opens the store (`--db`, `HERALD_DB`, default `herald.db`),
//! runs one job and prints a human table, or JSON with `--json`.
//! Exit codes: 0 success, 1 some inputs were rejected, 2 error.

#[macro_use]
mod out;

mod bench;
mod compare;
mod demo;
mod eval;
mod serve;
mod show;

// The pipeline, records and exports live in the library (shared with the
// Python package); the commands below use them through these names.
use herald::{embed, export, pipeline, records};

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::{Args, Parser, Subcommand};
use herald_store::{EventFilter, Store};
use indicatif::{ProgressBar, ProgressStyle};

use crate::pipeline::{Pipeline, Summary};
use crate::records::{ArticleRecord, EventRecord, ExtractRecord, StoryRecord, ThreadRecord};

#[derive(Parser)]
#[command(name = "herald", version, about = "Herald: news in, structured knowledge out — clean articles, relations, stories and CAMEO events.", long_about = None)]
struct Cli {
    /// SQLite database to use.
    #[arg(long, global = true, env = "HERALD_DB", default_value = "herald.db")]
    db: PathBuf,
    /// Print nothing but results and errors.
    #[arg(long, short, global = true)]
    quiet: bool,
    /// More logging (-v info, -vv debug); HERALD_LOG overrides.
    #[arg(long, short, global = true, action = clap::ArgAction::Count)]
    verbose: u8,
    #[command(subcommand)]
    command: Command,
}

#[derive(Args, Clone)]
struct ReadArgs {
    /// Files or folders (recursive) to read; `-` reads stdin. Formats: .txt,
    /// .html/.htm, .jsonl/.json, .warc, each optionally .gz.
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    /// Reject single documents larger than this many bytes.
    #[arg(long, default_value_t = 64 * 1024 * 1024)]
    max_bytes: u64,
    /// Articles per batch (one transaction each), 1 to 100000.
    #[arg(long, default_value_t = 256, value_parser = batch_size)]
    batch_size: usize,
}

fn batch_size(s: &str) -> std::result::Result<usize, String> {
    let n: usize = s.parse().map_err(|e| format!("{e}"))?;
    if (1..=pipeline::MAX_BATCH).contains(&n) {
        Ok(n)
    } else {
        Err(format!("must be 1 to {} articles", pipeline::MAX_BATCH))
    }
}

#[derive(Args, Clone)]
struct StoryArgs {
    /// Sentence-embedding model folder (all-MiniLM-L6-v2: config.json,
    /// tokenizer.json, model.safetensors) to add semantic similarity to story
    /// clustering; needs a build with `--features embeddings`. Use it for
    /// every ingest into one store, or for none.
    #[arg(long, env = "HERALD_EMBEDDINGS", value_name = "DIR")]
    embeddings: Option<PathBuf>,
}

impl StoryArgs {
    fn apply(&self, p: &mut Pipeline) -> Result<()> {
        if let Some(dir) = &self.embeddings {
            p.embeddings = Some(embed::Embeddings::load(dir)?);
        }
        Ok(())
    }
}

#[derive(Args, Clone)]
struct ParseArgs {
    /// Parse with three parsers voting on every head (beam search left to
    /// right and right to left, and the greedy parser): better dependency
    /// trees (about +2 UAS/LAS on UD dev sets), hence better event roles, at
    /// about a tenth of the language layer's speed.
    #[arg(long)]
    accurate: bool,
}

impl ParseArgs {
    fn analyzer(&self) -> Result<herald_nlp::Analyzer> {
        nlp_analyzer(self.accurate)
    }
}

/// The language analyser: the voting parsers with `accurate`, else the
/// default (greedy) one.
pub(crate) fn nlp_analyzer(accurate: bool) -> Result<herald_nlp::Analyzer> {
    if accurate {
        herald_nlp::Analyzer::accurate().context(
            "--accurate: this binary was built without crates/herald-nlp/models/parser-accurate.bin",
        )
    } else {
        Ok(herald_nlp::Analyzer::new())
    }
}

#[derive(Subcommand)]
enum Command {
    /// Add articles to the store: extract, relate, analyse, code events, group stories.
    Ingest {
        #[command(flatten)]
        read: ReadArgs,
        #[command(flatten)]
        stories: StoryArgs,
        #[command(flatten)]
        parse: ParseArgs,
        /// Print the summary as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Ingest and write DIR/articles.jsonl, stories.jsonl, events.jsonl, rejects.jsonl.
    Run {
        #[command(flatten)]
        read: ReadArgs,
        #[command(flatten)]
        stories: StoryArgs,
        #[command(flatten)]
        parse: ParseArgs,
        /// Output folder (created).
        #[arg(long)]
        out: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Extract clean articles only (no store): one JSON object per document on stdout.
    Extract {
        #[command(flatten)]
        read: ReadArgs,
        /// Pretty-print each object.
        #[arg(long)]
        pretty: bool,
    },
    /// List stories, largest first.
    Stories {
        #[arg(long, default_value_t = 20)]
        limit: usize,
        #[arg(long)]
        json: bool,
    },
    /// List threads (stories linked over months), most articles first.
    Threads {
        #[arg(long, default_value_t = 20)]
        limit: usize,
        #[arg(long)]
        json: bool,
    },
    /// Show an article, story, thread or event by id.
    Show {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// Full-text search over titles and bodies (SQLite FTS5 syntax).
    Search {
        #[arg(required = true)]
        query: Vec<String>,
        #[arg(long, default_value_t = 10)]
        limit: usize,
        #[arg(long)]
        json: bool,
    },
    /// List coded events, filtered.
    Events {
        /// Source actor code prefix, e.g. CHN or CHNGOV.
        #[arg(long)]
        source: Option<String>,
        /// Target actor code prefix.
        #[arg(long)]
        target: Option<String>,
        /// CAMEO code prefix, e.g. 03 or 0332.
        #[arg(long)]
        cameo: Option<String>,
        /// Only events of this article.
        #[arg(long)]
        article: Option<String>,
        /// Events on or after this ISO date.
        #[arg(long)]
        since: Option<String>,
        /// Events on or before this ISO date.
        #[arg(long)]
        until: Option<String>,
        /// Include negated actions ("will not join").
        #[arg(long)]
        negated: bool,
        #[arg(long, default_value_t = 50)]
        limit: usize,
        #[arg(long)]
        json: bool,
    },
    /// Export articles, events, stories or threads.
    Export {
        #[arg(long, value_enum, default_value = "jsonl")]
        format: export::Format,
        /// What to export (gdelt always exports events).
        #[arg(long, value_enum, default_value = "events")]
        what: export::What,
        /// Output file (default stdout; required for parquet).
        #[arg(long, short)]
        out: Option<PathBuf>,
    },
    /// Delete articles (with their events, relations and dedup fingerprints).
    Delete {
        #[arg(required = true)]
        ids: Vec<String>,
    },
    /// List the inputs that were rejected (and warnings).
    Rejects {
        #[arg(long)]
        json: bool,
    },
    /// Counts of what the store holds.
    Status {
        #[arg(long)]
        json: bool,
    },
    /// Ingest the bundled sample articles into a fresh store and print a story digest.
    Demo {
        #[arg(long)]
        json: bool,
    },
    /// How two stored articles relate: copy relation with shared passages, and story similarity.
    Compare {
        /// First article id.
        #[arg(required_unless_present = "pairs")]
        a: Option<String>,
        /// Second article id.
        #[arg(required_unless_present = "pairs")]
        b: Option<String>,
        /// A file of `id1<TAB>id2` lines: prints `id1<TAB>id2<TAB>score` (story similarity).
        #[arg(long, conflicts_with_all = ["a", "b"])]
        pairs: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Sentences, tokens, tags, dependencies and entities as CoNLL-U.
    Parse {
        /// A text file to parse (`-` or nothing: stdin).
        file: Option<PathBuf>,
        /// Read gold tokenisation from a CoNLL-U file and print predicted columns.
        #[arg(long, conflicts_with = "file")]
        conllu: Option<PathBuf>,
        #[command(flatten)]
        parse: ParseArgs,
    },
    /// The language models.
    Nlp {
        #[command(subcommand)]
        what: NlpCommand,
    },
    /// Train the event-trigger model from hand-coded Wikinews labels and the
    /// Wikinews corpus ($HERALD_SHARED/corpus/wikinews/articles.jsonl.gz).
    TrainEvents {
        /// Where to write trigger.bin.gz and report.json (commit the model to embed it).
        #[arg(long, default_value = "crates/herald-events/models")]
        out: PathBuf,
        /// The folder of label files (*.jsonl).
        #[arg(long, default_value = "training/events/labels")]
        labels: PathBuf,
        /// Passes over the training examples.
        #[arg(long, default_value_t = 8)]
        epochs: usize,
        /// Analyse with the three voting parsers.
        #[arg(long)]
        accurate: bool,
    },
    /// Score a stage on the shared evaluation sets (HERALD_SHARED, default ../shared).
    Eval {
        #[command(subcommand)]
        what: eval::EvalCommand,
    },
    /// Serve the JSON API (/api) and web UI (/) over the store, read-only.
    Serve(serve::ServeArgs),
    /// Benchmarks (synthetic corpora generated from the bundled samples).
    Bench {
        #[command(subcommand)]
        what: bench::BenchCommand,
    },
}

#[derive(Subcommand)]
enum NlpCommand {
    /// Train tagger, parser, entity tagger and lemmas from UD EWT + GUM in $HERALD_SHARED/data.
    Train {
        /// Where to write the model files (commit them to embed them in the binary).
        #[arg(long, default_value = "crates/herald-nlp/models")]
        out: PathBuf,
    },
}

fn main() -> ExitCode {
    // Behave like a Unix filter: `herald export | head` ends quietly.
    #[cfg(unix)]
    // SAFETY: restoring the default SIGPIPE action before any thread starts.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let cli = Cli::parse();
    init_logging(cli.verbose, cli.quiet);
    match run(cli).and_then(|code| out::flush().map(|()| code)) {
        Ok(code) => code,
        // The reader of our output went away: nothing to report.
        Err(e) if out::is_broken_pipe(&e) => ExitCode::from(1),
        Err(e) => {
            eprintln!("herald: error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn init_logging(verbose: u8, quiet: bool) {
    let level = match (quiet, verbose) {
        (true, _) => "error",
        (_, 0) => "warn",
        (_, 1) => "info",
        _ => "debug",
    };
    // Third-party HTML parsers warn about every odd page; only Herald's own
    // warnings matter by default.
    let filter = tracing_subscriber::EnvFilter::try_from_env("HERALD_LOG").unwrap_or_else(|_| {
        tracing_subscriber::EnvFilter::new(format!(
            "{level},trafilatura=error,html5ever=error,justext=error"
        ))
    });
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}

fn open_store(path: &Path) -> Result<Store> {
    Store::open(path).with_context(|| format!("opening the database {}", path.display()))
}

fn run(cli: Cli) -> Result<ExitCode> {
    let quiet = cli.quiet;
    match cli.command {
        Command::Ingest {
            read,
            stories,
            parse,
            json,
        } => {
            let mut p = Pipeline::open(open_store(&cli.db)?)?;
            stories.apply(&mut p)?;
            p.set_analyzer(parse.analyzer()?);
            let summary = ingest(&mut p, &read, quiet)?;
            report_summary(&summary, json, quiet)?;
            Ok(exit_for(&summary))
        }
        Command::Run {
            read,
            stories,
            parse,
            out,
            json,
        } => {
            std::fs::create_dir_all(&out).with_context(|| format!("creating {}", out.display()))?;
            let db = if std::env::var_os("HERALD_DB").is_some() || cli.db != Path::new("herald.db")
            {
                cli.db.clone()
            } else {
                out.join("herald.db")
            };
            let mut p = Pipeline::open(open_store(&db)?)?;
            stories.apply(&mut p)?;
            p.set_analyzer(parse.analyzer()?);
            let summary = ingest(&mut p, &read, quiet)?;
            write_run_outputs(&p.store(), &summary, &out)?;
            report_summary(&summary, json, quiet)?;
            if !quiet && !json {
                eprintln!(
                    "wrote {}/{{articles,stories,threads,events,rejects}}.jsonl",
                    out.display()
                );
            }
            Ok(exit_for(&summary))
        }
        Command::Extract { read, pretty } => {
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            let mut failed = false;
            let mut io_err = None;
            let opts = herald_ingest::ReadOptions {
                max_bytes: read.max_bytes,
            };
            Pipeline::extract_only(&read.inputs, opts, read.batch_size.max(1024), |r| match r {
                Ok(a) => {
                    let rec = ExtractRecord::new(&a);
                    let res = if pretty {
                        serde_json::to_writer_pretty(&mut out, &rec)
                    } else {
                        serde_json::to_writer(&mut out, &rec)
                    };
                    if let Err(e) = res
                        .map_err(std::io::Error::from)
                        .and_then(|_| out.write_all(b"\n"))
                    {
                        io_err.get_or_insert(e);
                    }
                }
                Err(rej) => {
                    failed |= rej.fatal;
                    eprintln!("{rej}");
                }
            });
            out.flush()?;
            if let Some(e) = io_err
                && e.kind() != std::io::ErrorKind::BrokenPipe
            {
                return Err(e.into());
            }
            Ok(if failed {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::Stories { limit, json } => {
            let store = open_store(&cli.db)?;
            show::stories(&store, limit, json)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Threads { limit, json } => {
            let store = open_store(&cli.db)?;
            show::threads(&store, limit, json)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Show { id, json } => {
            let store = open_store(&cli.db)?;
            if show::show(&store, &id, json)? {
                Ok(ExitCode::SUCCESS)
            } else {
                bail!("no article, story or event with id {id:?}")
            }
        }
        Command::Search { query, limit, json } => {
            let store = open_store(&cli.db)?;
            show::search(&store, &query.join(" "), limit, json)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Events {
            source,
            target,
            cameo,
            article,
            since,
            until,
            negated,
            limit,
            json,
        } => {
            let store = open_store(&cli.db)?;
            let filter = EventFilter {
                article,
                source,
                target,
                cameo,
                since,
                until,
                include_negated: negated,
                limit: Some(limit),
            };
            show::events(&store, &filter, json)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Export { format, what, out } => {
            let store = open_store(&cli.db)?;
            let n = match (format, &out) {
                (export::Format::Parquet, None) => bail!("--format parquet needs --out FILE"),
                (export::Format::Parquet, Some(path)) => {
                    let f = std::fs::File::create(path)
                        .with_context(|| format!("creating {}", path.display()))?;
                    export::write_parquet(&store, what, f)?
                }
                (fmt, path) => {
                    let mut w: Box<dyn Write> = match path {
                        Some(p) => Box::new(std::io::BufWriter::new(
                            std::fs::File::create(p)
                                .with_context(|| format!("creating {}", p.display()))?,
                        )),
                        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
                    };
                    let n = if fmt == export::Format::Gdelt {
                        export::write_gdelt(&store, &mut w)?
                    } else {
                        export::write_jsonl(&store, what, &mut w)?
                    };
                    w.flush()?;
                    n
                }
            };
            if !quiet {
                eprintln!("exported {n} records");
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Delete { ids } => {
            let mut store = open_store(&cli.db)?;
            let mut missing = 0;
            for id in &ids {
                if store.delete_article(id)? {
                    if !quiet {
                        outln!("deleted {id}");
                    }
                } else {
                    eprintln!("herald: no article with id {id:?}");
                    missing += 1;
                }
            }
            Ok(if missing > 0 {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::Rejects { json } => {
            let store = open_store(&cli.db)?;
            show::rejects(&store.rejects()?, json)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Status { json } => {
            let store = open_store(&cli.db)?;
            let c = store.counts()?;
            if json {
                outln!("{}", serde_json::to_string(&c)?);
            } else {
                outln!(
                    "{}: {} articles, {} stories, {} threads, {} events, {} relations, {} rejects",
                    cli.db.display(),
                    c.articles,
                    c.stories,
                    c.threads,
                    c.events,
                    c.relations,
                    c.rejects
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Compare { a, b, pairs, json } => {
            let store = open_store(&cli.db)?;
            match (pairs, a, b) {
                (Some(file), _, _) => compare::pairs(&store, &file)?,
                (None, Some(a), Some(b)) => compare::one(&store, &a, &b, json)?,
                _ => bail!("give two article ids, or --pairs FILE"),
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Eval { what } => eval::run(what),
        Command::TrainEvents {
            out,
            labels,
            epochs,
            accurate,
        } => {
            train_events(&out, &labels, epochs, accurate)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Parse {
            file,
            conllu,
            parse,
        } => {
            let analyzer = parse.analyzer()?;
            let out = match conllu {
                Some(path) => {
                    let input = std::fs::read_to_string(&path)
                        .with_context(|| format!("reading {}", path.display()))?;
                    herald_nlp::conllu::reparse(&analyzer, &input, &path.display().to_string())?
                }
                None => {
                    let (text, name) = match file.as_deref() {
                        Some(p) if p != Path::new("-") => (
                            std::fs::read_to_string(p)
                                .with_context(|| format!("reading {}", p.display()))?,
                            p.file_stem()
                                .map(|s| s.to_string_lossy().into_owned())
                                .unwrap_or_default(),
                        ),
                        _ => {
                            let mut t = String::new();
                            std::io::Read::read_to_string(&mut std::io::stdin(), &mut t)?;
                            (t, "stdin".to_string())
                        }
                    };
                    herald_nlp::conllu::parse_text(&analyzer, &text, &name)
                }
            };
            out!("{out}");
            Ok(ExitCode::SUCCESS)
        }
        Command::Nlp {
            what: NlpCommand::Train { out },
        } => {
            let shared = eval::shared_dir()?;
            std::fs::create_dir_all(&out)?;
            let report = herald_nlp::train::train_all(&shared, &out)?;
            outln!("{report}");
            Ok(ExitCode::SUCCESS)
        }
        Command::Demo { json } => demo::run(json, quiet),
        Command::Bench { what } => bench::run(what),
        Command::Serve(args) => serve::run(&cli.db, &args, quiet),
    }
}

fn exit_for(s: &Summary) -> ExitCode {
    if s.rejected > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

pub(crate) fn ingest(p: &mut Pipeline, read: &ReadArgs, quiet: bool) -> Result<Summary> {
    p.batch_size = read.batch_size;
    p.read_options.max_bytes = read.max_bytes;
    let bar = if !quiet && std::io::stderr().is_terminal() {
        let b = ProgressBar::new_spinner();
        b.set_style(
            ProgressStyle::with_template("{spinner} {pos} articles {per_sec} [{elapsed}]")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        Some(b)
    } else {
        None
    };
    let progress = |n: usize| {
        if let Some(b) = &bar {
            b.set_position(n as u64);
        }
    };
    let summary = p.ingest(&read.inputs, &progress)?;
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    if !quiet {
        for r in &summary.rejects {
            eprintln!("{r}");
        }
    }
    Ok(summary)
}

fn report_summary(summary: &Summary, json: bool, quiet: bool) -> Result<()> {
    if json {
        outln!("{}", serde_json::to_string(summary)?);
    } else if !quiet {
        outln!("{}", summary.line());
    }
    Ok(())
}

/// Writes the run's JSONL files: the articles this run read (with their
/// relations both ways and their story), their stories, the threads of two or
/// more stories those belong to, their events, and the rejects.
fn write_run_outputs(store: &Store, summary: &Summary, out: &Path) -> Result<()> {
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

fn train_events(out: &Path, labels: &Path, epochs: usize, accurate: bool) -> Result<()> {
    use herald_events::learned::train;
    use rayon::prelude::*;
    let set = train::read_labels(labels)?;
    let corpus = eval::shared_dir()?.join("corpus/wikinews/articles.jsonl.gz");
    let wanted: std::collections::HashSet<String> = set.read.union(&set.skipped).cloned().collect();
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
    let (scorer, sr) = herald_events::learned::stack::train_stacked(&articles, &set, epochs)?;
    std::fs::write(out.join("scorer.bin.gz"), scorer.to_bytes())?;
    let json = serde_json::to_string_pretty(&sr)?;
    std::fs::write(out.join("scorer-report.json"), format!("{json}\n"))?;
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
