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
mod jobs;
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
use crate::records::ExtractRecord;

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
        #[command(flatten)]
        filter: EventArgs,
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
        /// Forget the recorded rejects (after fixing or dropping the inputs).
        #[arg(long, conflicts_with = "json")]
        clear: bool,
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
        /// A file of `id1<TAB>id2` lines (a header line and `#` comments are
        /// skipped): prints `id1<TAB>id2<TAB>score` (story similarity), or
        /// one JSON object per pair with `--json`.
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
    /// Train the learned event models (trigger, article relevance, event scorer)
    /// from hand-coded Wikinews labels and the Wikinews corpus
    /// ($HERALD_SHARED/corpus/wikinews/articles.jsonl.gz).
    TrainEvents {
        /// Where to write trigger.bin.gz, relevance.bin.gz, scorer.bin.gz and their
        /// reports (commit the models to embed them).
        #[arg(long, default_value = "crates/herald-events/models")]
        out: PathBuf,
        /// The folders of label files (*.jsonl); repeat the option for more.
        #[arg(
            long,
            num_args = 1..,
            default_values = ["training/events/labels", "training/events/labels-reviewed"]
        )]
        labels: Vec<PathBuf>,
        /// The folder of article-relevance labels (*.jsonl: political or skipped).
        #[arg(long, default_value = "training/events/relevance/labels")]
        relevance_labels: PathBuf,
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

/// `herald events` filters: the same names and checks as `/api/events`
/// (`herald_server::filters`).
#[derive(Args, Clone, Default)]
struct EventArgs {
    /// Source actor code prefix, e.g. CHN or CHNGOV.
    #[arg(long)]
    source: Option<String>,
    /// Target actor code prefix.
    #[arg(long)]
    target: Option<String>,
    /// Source actor's country (ISO 3166 alpha-3, e.g. CHN).
    #[arg(long)]
    source_country: Option<String>,
    /// Target actor's country.
    #[arg(long)]
    target_country: Option<String>,
    /// CAMEO root or code prefix, e.g. 03 or 0332.
    #[arg(long)]
    cameo: Option<String>,
    /// PLOVER event type, e.g. AGREE, ASSAULT, CONSULT.
    #[arg(long)]
    plover: Option<String>,
    /// QuadClass: 1 verbal cooperation, 2 material cooperation, 3 verbal
    /// conflict, 4 material conflict.
    #[arg(long)]
    quadclass: Option<String>,
    /// Only events of this article.
    #[arg(long)]
    article: Option<String>,
    /// Only events of this story's articles.
    #[arg(long)]
    story: Option<String>,
    /// Only events of articles from this site.
    #[arg(long)]
    site: Option<String>,
    /// Events on or after this date (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long)]
    since: Option<String>,
    /// Events on or before this date (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long)]
    until: Option<String>,
    /// Include negated actions ("will not join").
    #[arg(long)]
    negated: bool,
}

impl EventArgs {
    fn filter(self) -> Result<EventFilter> {
        let q = herald_server::filters::EventQuery {
            source: self.source,
            target: self.target,
            source_country: self.source_country,
            target_country: self.target_country,
            cameo: self.cameo,
            plover: self.plover,
            quadclass: self.quadclass,
            article: self.article,
            story: self.story,
            site: self.site,
            q: None,
            since: self.since,
            until: self.until,
            negated: Some(self.negated),
            limit: None,
            offset: None,
        };
        // Flags are spelt with dashes on the command line.
        q.filter()
            .map_err(|e| anyhow::anyhow!("{}", e.0.replace("_country", "-country")))
    }
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

/// Opens (creating if needed) the store for a command that writes.
fn open_store(path: &Path) -> Result<Store> {
    Store::open(path).with_context(|| format!("opening the database {}", path.display()))
}

/// Opens an existing store for a command that changes it (`delete`,
/// `rejects --clear`): a mistyped `--db` is an error.
fn open_store_existing(path: &Path) -> Result<Store> {
    if !path.is_file() {
        bail!("no database at {}", path.display());
    }
    open_store(path)
}

/// Opens the store for a command that only reads: it must exist (a
/// mistyped `--db` is an error, not a new empty database), and it is opened
/// read-only, so a read-only file or folder can be read. A store of an older
/// schema is migrated first when it can be written.
pub(crate) fn open_read(path: &Path) -> Result<Store> {
    if !path.is_file() {
        bail!(
            "no database at {}: create one with `herald ingest` (or give --db / HERALD_DB)",
            path.display()
        );
    }
    match Store::open_read_only(path) {
        Err(herald_store::StoreError::NeedsMigration { .. }) => open_store(path),
        r => r.with_context(|| format!("opening the database {}", path.display())),
    }
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
            jobs::write_run_outputs(&p.store(), &summary, &out)?;
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
            let store = open_read(&cli.db)?;
            show::stories(&store, limit, json)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Threads { limit, json } => {
            let store = open_read(&cli.db)?;
            show::threads(&store, limit, json)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Show { id, json } => {
            let store = open_read(&cli.db)?;
            if show::show(&store, &id, json)? {
                Ok(ExitCode::SUCCESS)
            } else {
                bail!("no article, story or event with id {id:?}")
            }
        }
        Command::Search { query, limit, json } => {
            let store = open_read(&cli.db)?;
            show::search(&store, &query.join(" "), limit, json)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Events {
            filter,
            limit,
            json,
        } => {
            let filter = filter.filter()?;
            let store = open_read(&cli.db)?;
            show::events(&store, &filter, limit, json)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Export { format, what, out } => {
            let store = open_read(&cli.db)?;
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
                        let (n, undated) = export::write_gdelt(&store, &mut w)?;
                        if undated > 0 && !quiet {
                            eprintln!(
                                "left out {undated} events with no date (neither the event nor its article is dated)"
                            );
                        }
                        n
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
            let mut store = open_store_existing(&cli.db)?;
            // Deleting while an ingest writes would let its stateful stages
            // (dedup fingerprints, story state) disagree with the store.
            let _lock = pipeline::WriterLock::acquire(store.path().as_deref())?;
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
        Command::Rejects { json, clear } => {
            if clear {
                let n = open_store_existing(&cli.db)?.clear_rejects()?;
                if !quiet {
                    outln!("cleared {n} rejects");
                }
                return Ok(ExitCode::SUCCESS);
            }
            let store = open_read(&cli.db)?;
            show::rejects(&store.rejects()?, json)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Status { json } => {
            let store = open_read(&cli.db)?;
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
            let store = open_read(&cli.db)?;
            match (pairs, a, b) {
                (Some(file), _, _) => compare::pairs(&store, &file, json)?,
                (None, Some(a), Some(b)) => compare::one(&store, &a, &b, json)?,
                _ => bail!("give two article ids, or --pairs FILE"),
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Eval { what } => eval::run(what),
        Command::TrainEvents {
            out,
            labels,
            relevance_labels,
            epochs,
            accurate,
        } => {
            jobs::train_events(&out, &labels, &relevance_labels, epochs, accurate)?;
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
    check_inputs(&read.inputs, quiet)?;
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

/// Inputs that are not there are a usage error (exit 2), before anything is
/// read; a folder without a single file is said, and an error when it is all
/// there was to read.
fn check_inputs(inputs: &[PathBuf], quiet: bool) -> Result<()> {
    let missing: Vec<String> = inputs
        .iter()
        .filter(|p| p.as_os_str() != "-" && std::fs::symlink_metadata(p).is_err())
        .map(|p| p.display().to_string())
        .collect();
    if !missing.is_empty() {
        bail!("no such file or folder: {}", missing.join(", "));
    }
    let empty: Vec<&PathBuf> = inputs
        .iter()
        .filter(|p| p.is_dir() && !has_file(p))
        .collect();
    if !empty.is_empty() && empty.len() == inputs.len() {
        let names: Vec<String> = empty.iter().map(|p| p.display().to_string()).collect();
        bail!("no input files found in {}", names.join(", "));
    }
    if !quiet {
        for p in empty {
            eprintln!("herald: no input files found in {}", p.display());
        }
    }
    Ok(())
}

/// Whether a folder holds at least one file, at any depth.
fn has_file(dir: &Path) -> bool {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return true; // unreadable: the reader reports it
    };
    entries.flatten().any(|e| {
        let p = e.path();
        if p.is_dir() { has_file(&p) } else { true }
    })
}

fn report_summary(summary: &Summary, json: bool, quiet: bool) -> Result<()> {
    if json {
        outln!("{}", serde_json::to_string(summary)?);
    } else if !quiet {
        outln!("{}", summary.line());
    }
    Ok(())
}
