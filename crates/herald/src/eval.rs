//! `herald eval`: each stage scored on the shared evaluation sets, with
//! `--min KEY=VALUE` gates so CI fails when a figure drops below its bar.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::{Args, Subcommand};
use serde_json::Value;

#[derive(Subcommand)]
pub enum EvalCommand {
    /// Article extraction: Scrapinghub (ground-truth.json), WCXB (ground-truth/) or Readability fixtures (test/test-pages/), detected.
    Extract {
        /// Folder of the set (default $HERALD_SHARED/eval/extract/scrapinghub).
        #[arg(long)]
        gold: Option<PathBuf>,
        /// Scrapinghub only: turn each page into its whole visible text and run
        /// the plain-text path (chrome rules + repeated-line statistics) instead.
        #[arg(long)]
        text: bool,
        /// WCXB only: feed each gold body as plain text (with its URL) and
        /// report the share of its words kept and whether its text is the same
        /// alone, in a batch, shuffled and next to its copies.
        #[arg(long, conflicts_with = "text")]
        clean: bool,
        /// WCXB only: write one JSON line per page to FILE, worst body F1
        /// first (id, half a/b, gold language, scores, gold and extracted body).
        #[arg(long, value_name = "FILE")]
        errors: Option<PathBuf>,
        #[command(flatten)]
        gate: Gate,
    },
    /// Publication dates on the htmldate set: exact-day accuracy.
    Dates {
        #[arg(long)]
        gold: Option<PathBuf>,
        #[command(flatten)]
        gate: Gate,
    },
    /// Language layer on UD EWT dev and GUM dev (gold tokens): UPOS, UAS, LAS, entities.
    Nlp {
        /// The shared folder (default $HERALD_SHARED).
        #[arg(long)]
        shared: Option<PathBuf>,
        #[command(flatten)]
        gate: Gate,
    },
    /// Event coding: PETR-2 validation sentences (an XML file), or a real-news
    /// set coded by CODEBOOK.md (a folder with articles.jsonl and events.jsonl,
    /// e.g. $HERALD_SHARED/eval/events/realnews-dev).
    Events {
        /// The gold XML file or real-news folder (default $HERALD_SHARED/eval/events/PETR2_GSR_validation.xml).
        #[arg(long)]
        gold: Option<PathBuf>,
        /// Write errors to FILE, one JSON line each: for a real-news set every gold
        /// event (found or missed) and every unmatched Herald event; for PETR-2
        /// every sentence where Herald's triples differ from the gold.
        #[arg(long, value_name = "FILE")]
        errors: Option<PathBuf>,
        /// Parse with the accurate (voting) parsers, as `herald ingest --accurate`.
        #[arg(long)]
        accurate: bool,
        /// Verb patterns only, without the learned trigger model.
        #[arg(long)]
        rules_only: bool,
        /// Keep events whose confidence (the event scorer's probability) is
        /// at least this, instead of the scorer's own threshold.
        #[arg(long, value_name = "P", value_parser = probability)]
        min_confidence: Option<f32>,
        #[command(flatten)]
        gate: Gate,
    },
    /// Toponym resolution on GeoWebNews: exact (≤ 5 km) and within 161 km.
    Geo {
        /// The gold XML (default $HERALD_SHARED/eval/geo/GWN.xml).
        #[arg(long)]
        gold: Option<PathBuf>,
        #[command(flatten)]
        gate: Gate,
    },
    /// Actor resolution on NGEC's 309 test cases (actor string, context, date
    /// → country and PLOVER sector): country and role accuracy.
    Actors {
        /// The TSV (default $HERALD_SHARED/data/events/ngec/ngec_actor_resolution_tests.tsv).
        #[arg(long)]
        gold: Option<PathBuf>,
        #[command(flatten)]
        gate: Gate,
    },
    /// ConfliBERT's 5-class CAMEO sentence task (cameo_class_train.tsv): a
    /// classifier trained on four fifths (FNV hash of the text), accuracy on
    /// the rest, with and without the trigger model's root scores.
    Conflibert {
        /// The TSV (default $HERALD_SHARED/data/events/conflibert/cameo_class_train.tsv).
        #[arg(long)]
        data: Option<PathBuf>,
        #[command(flatten)]
        gate: Gate,
    },
    /// Relations on a generated gold set from the shared article bodies, plus the seeds.
    Dedup {
        #[arg(long)]
        shared: Option<PathBuf>,
        #[command(flatten)]
        gate: Gate,
    },
    /// Story similarity (SemEval-2022 Task 8 pairs) and stream clustering.
    Stories {
        #[arg(long)]
        gold: Option<PathBuf>,
        #[command(flatten)]
        gate: Gate,
    },
}

#[derive(Args, Clone, Default)]
pub struct Gate {
    /// Fail (exit 1) unless the report's KEY (a dotted path) is at least VALUE; repeatable.
    #[arg(long = "min", value_name = "KEY=VALUE")]
    min: Vec<String>,
    /// Fail unless KEY is at most VALUE; repeatable.
    #[arg(long = "max", value_name = "KEY=VALUE")]
    max: Vec<String>,
    /// Print the report as one line of JSON.
    #[arg(long)]
    json: bool,
}

/// `$HERALD_SHARED`, default `../shared`; an error that says so when absent.
pub fn shared_dir() -> Result<PathBuf> {
    let p = herald_core::shared_dir();
    if !p.is_dir() {
        bail!(
            "shared data not found at {} (set HERALD_SHARED to the folder that holds eval/ and data/)",
            p.display()
        );
    }
    Ok(p)
}

fn default_path(given: Option<PathBuf>, rel: &str) -> Result<PathBuf> {
    let p = match given {
        Some(p) => p,
        None => shared_dir()?.join(rel),
    };
    if !p.exists() {
        bail!("evaluation data not found at {}", p.display());
    }
    Ok(p)
}

pub fn run(cmd: EvalCommand) -> Result<ExitCode> {
    let (report, gate) = match cmd {
        EvalCommand::Extract {
            gold,
            text,
            clean,
            errors,
            gate,
        } => {
            let dir = default_path(gold, "eval/extract/scrapinghub")?;
            let report = if clean {
                serde_json::to_value(herald_extract::eval_clean::eval_wcxb_clean(&dir)?)?
            } else if text {
                serde_json::to_value(herald_extract::eval::eval_scrapinghub_text(&dir)?)?
            } else if dir.join("ground-truth.json").exists() {
                serde_json::to_value(herald_extract::eval::eval_scrapinghub(&dir)?)?
            } else if dir.join("ground-truth").is_dir() {
                serde_json::to_value(herald_extract::eval::eval_wcxb_errors(
                    &dir,
                    errors.as_deref(),
                )?)?
            } else if dir.join("test/test-pages").is_dir() {
                serde_json::to_value(herald_extract::eval::eval_readability(&dir)?)?
            } else {
                bail!(
                    "{}: neither ground-truth.json (Scrapinghub), ground-truth/ (WCXB) nor test/test-pages/ (Readability)",
                    dir.display()
                );
            };
            (report, gate)
        }
        EvalCommand::Dates { gold, gate } => {
            let dir = default_path(gold, "eval/dates/htmldate")?;
            (
                serde_json::to_value(herald_extract::eval::eval_htmldate(&dir)?)?,
                gate,
            )
        }
        EvalCommand::Nlp { shared, gate } => {
            let dir = default_path(shared, "")?;
            let report = herald_nlp::eval::evaluate(&dir)?;
            if !gate.json {
                eprintln!("{report}");
            }
            (serde_json::to_value(report)?, gate)
        }
        EvalCommand::Events {
            gold,
            errors,
            accurate,
            rules_only,
            min_confidence,
            gate,
        } => {
            herald_events::use_learned(!rules_only);
            herald_events::set_min_confidence(min_confidence);
            let path = default_path(gold, "eval/events/PETR2_GSR_validation.xml")?;
            let nlp = crate::nlp_analyzer(accurate)?;
            if herald_events::eval::is_real_gold(&path) {
                let report = herald_events::eval::run_real(&path, &|a| {
                    // As extraction does on the ingest path.
                    a.language = herald_extract::detect_language(&a.text);
                    nlp.process(a)
                })?;
                if let Some(file) = errors {
                    write_lines(&file, report.detail.iter().cloned())?;
                }
                if !gate.json {
                    eprintln!("{report}");
                }
                (serde_json::to_value(report)?, gate)
            } else {
                let report = herald_events::eval::run_with(&path, &|a| nlp.process(a))?;
                if let (Some(file), Some(run)) = (errors, &report.analysed) {
                    let lines = run.detail.iter().filter(|(_, g, s)| g != s).map(
                        |(id, gold, sys)| serde_json::json!({"id": id, "gold": gold, "herald": sys}),
                    );
                    write_lines(&file, lines)?;
                }
                if !gate.json {
                    eprintln!("{report}");
                }
                (serde_json::to_value(report)?, gate)
            }
        }
        EvalCommand::Geo { gold, gate } => {
            let path = default_path(gold, "eval/geo/GWN.xml")?;
            (
                serde_json::to_value(herald_events::eval::eval_geo(&path)?)?,
                gate,
            )
        }
        EvalCommand::Actors { gold, gate } => {
            let path = default_path(gold, "data/events/ngec/ngec_actor_resolution_tests.tsv")?;
            let report = herald_events::eval::eval_actors(&path)?;
            if !gate.json {
                eprintln!("{report}");
            }
            let value = serde_json::json!({
                "cases": report.cases,
                "country_accuracy": report.country_accuracy(),
                "role_cases": report.role_cases,
                "role_accuracy": report.role_accuracy(),
            });
            (value, gate)
        }
        EvalCommand::Conflibert { data, gate } => {
            let path = default_path(data, "data/events/conflibert/cameo_class_train.tsv")?;
            let text = std::fs::read_to_string(&path)
                .with_context(|| format!("reading {}", path.display()))?;
            let rows: Vec<(String, usize)> = text
                .lines()
                .filter_map(|l| {
                    let (t, y) = l.rsplit_once('\t')?;
                    Some((t.to_string(), y.trim().parse().ok()?))
                })
                .collect();
            let nlp = crate::nlp_analyzer(false)?;
            let report = herald_events::learned::sentence::evaluate(&rows, &|a| nlp.process(a));
            if !gate.json {
                eprintln!(
                    "ConfliBERT 5-class: train {} test {}; accuracy {:.3} (lemma n-grams), {:.3} (+ trigger roots)",
                    report.train, report.test, report.accuracy_ngrams, report.accuracy_with_roots
                );
            }
            (serde_json::to_value(report)?, gate)
        }
        EvalCommand::Dedup { shared, gate } => {
            let dir = default_path(shared, "")?;
            (serde_json::to_value(herald_dedup::eval::run(&dir)?)?, gate)
        }
        EvalCommand::Stories { gold, gate } => {
            let dir = default_path(gold, "eval/stories")?;
            let mut report = herald_stories::eval::run(&dir)?;
            report.pair_scores.clear(); // per-pair detail: see the crate's eval_stories example
            (serde_json::to_value(report)?, gate)
        }
    };
    if gate.json {
        outln!("{}", serde_json::to_string(&report)?);
    } else {
        outln!("{}", serde_json::to_string_pretty(&report)?);
    }
    let failures = check_gate(&report, &gate)?;
    for f in &failures {
        eprintln!("gate failed: {f}");
    }
    Ok(if failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// Writes one JSON value per line to `file`.
fn write_lines(file: &std::path::Path, lines: impl Iterator<Item = Value>) -> Result<()> {
    let mut out = String::new();
    for v in lines {
        out.push_str(&v.to_string());
        out.push('\n');
    }
    std::fs::write(file, out).with_context(|| format!("writing {}", file.display()))
}

/// Looks up `a.b.c` in a JSON value.
fn lookup<'v>(v: &'v Value, path: &str) -> Option<&'v Value> {
    path.split('.').try_fold(v, |cur, key| match cur {
        Value::Object(m) => m.get(key),
        Value::Array(a) => key.parse::<usize>().ok().and_then(|i| a.get(i)),
        _ => None,
    })
}

fn check_gate(report: &Value, gate: &Gate) -> Result<Vec<String>> {
    let mut failures = Vec::new();
    let mut check = |spec: &str, at_least: bool| -> Result<()> {
        let (key, bar) = spec
            .split_once('=')
            .with_context(|| format!("gate {spec:?} is not KEY=VALUE"))?;
        let bar: f64 = bar
            .parse()
            .with_context(|| format!("gate {spec:?}: {bar:?} is not a number"))?;
        let Some(got) = lookup(report, key).and_then(Value::as_f64) else {
            bail!("gate {spec:?}: the report has no number at {key:?}");
        };
        let ok = if at_least { got >= bar } else { got <= bar };
        let op = if at_least { "≥" } else { "≤" };
        eprintln!(
            "{} {key} = {got:.4} (bar {op} {bar})",
            if ok { "ok  " } else { "FAIL" }
        );
        if !ok {
            failures.push(format!("{key} = {got:.4}, bar {op} {bar}"));
        }
        Ok(())
    };
    for spec in &gate.min {
        check(spec, true)?;
    }
    for spec in &gate.max {
        check(spec, false)?;
    }
    Ok(failures)
}

/// A probability argument: a number from 0 to 1.
fn probability(s: &str) -> std::result::Result<f32, String> {
    match s.parse::<f32>() {
        Ok(p) if (0.0..=1.0).contains(&p) => Ok(p),
        Ok(_) => Err("must be a probability from 0 to 1".into()),
        Err(e) => Err(format!("{e} (a probability from 0 to 1)")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn gates_read_dotted_paths() {
        let r =
            serde_json::json!({"f1": 0.95, "per_type": {"exact": {"f1": 1.0}}, "list": [{"x": 2}]});
        assert_eq!(
            lookup(&r, "per_type.exact.f1").and_then(Value::as_f64),
            Some(1.0)
        );
        assert_eq!(lookup(&r, "list.0.x").and_then(Value::as_f64), Some(2.0));
        let gate = Gate {
            min: vec!["f1=0.9".into(), "per_type.exact.f1=0.99".into()],
            max: vec![],
            json: true,
        };
        assert!(check_gate(&r, &gate).unwrap().is_empty());
        let gate = Gate {
            min: vec!["f1=0.96".into()],
            max: vec!["list.0.x=1".into()],
            json: true,
        };
        assert_eq!(check_gate(&r, &gate).unwrap().len(), 2);
        let bad = Gate {
            min: vec!["nope=1".into()],
            ..Gate::default()
        };
        assert!(check_gate(&r, &bad).is_err());
    }

    #[test]
    fn missing_shared_is_a_clear_error() {
        let err =
            default_path(Some(Path::new("/nonexistent/herald").to_path_buf()), "").unwrap_err();
        assert!(err.to_string().contains("not found"));
    }
}
