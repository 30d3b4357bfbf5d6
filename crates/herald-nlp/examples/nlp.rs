//! Developer entry point: `cargo run --release -p herald-nlp --example nlp -- train|eval [DIR]`.
//!
//! `train [OUT]` trains all models from `$HERALD_SHARED` (default `../shared`)
//! into OUT (default `crates/herald-nlp/models`); `eval [DIR]` scores the
//! models in DIR (default: the embedded ones).

use std::path::PathBuf;
use std::time::Instant;

use herald_nlp::{Analyzer, Models, eval, train};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let shared = train::shared_dir();
    match args.first().map(String::as_str) {
        Some("train") => {
            let out = args
                .get(1)
                .map(PathBuf::from)
                .unwrap_or_else(|| PathBuf::from("crates/herald-nlp/models"));
            let report = train::train_all(&shared, &out)?;
            print!("{report}");
        }
        Some("eval") => {
            let report = match args.get(1) {
                Some(dir) => {
                    let t = Instant::now();
                    let m = Models::load(&PathBuf::from(dir))?;
                    let ms = t.elapsed().as_secs_f64() * 1000.0;
                    eval::evaluate_with(&shared, &Analyzer::with_models(m), ms, None)?
                }
                None => eval::evaluate(&shared)?,
            };
            print!("{report}");
        }
        Some("prune") => {
            // prune IN OUT TAGGER PARSER NER: drop small weights.
            let num = |i: usize| {
                args.get(i)
                    .and_then(|s| s.parse::<f32>().ok())
                    .unwrap_or(0.0)
            };
            let m = Models::load(&PathBuf::from(&args[1]))?;
            println!("before: {:?}", m.sizes());
            let p = m.pruned(num(3), num(4), num(5));
            println!("after: {:?}", p.sizes());
            let total = p.save(&PathBuf::from(&args[2]))?;
            println!("saved {:.2} MB", total as f64 / 1e6);
        }
        Some("nertrain") => {
            // nertrain MODELDIR OUT [EPOCHS [PRUNE]]: retrain only the entity tagger.
            let epochs = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(8);
            let prune = args.get(4).and_then(|s| s.parse().ok()).unwrap_or(0.5);
            let m =
                train::retrain_ner(&shared, &PathBuf::from(&args[1]), epochs, 20_261_123, prune)?;
            m.save(&PathBuf::from(&args[2]))?;
            let gum = herald_nlp::conllu::read_path(&shared.join("data/gum/dev"))?;
            let e = eval::entity_scores(&Analyzer::with_models(m), &gum);
            println!(
                "entities P {:.2} R {:.2} F1 {:.2} (gold {}, predicted {})",
                100.0 * e.precision,
                100.0 * e.recall,
                100.0 * e.f1,
                e.gold,
                e.predicted
            );
            println!("  spans alone F1 {:.2}", 100.0 * e.span_f1);
            for (t, p, r, f) in &e.by_type {
                println!(
                    "  {t}: P {:.2} R {:.2} F1 {:.2}",
                    100.0 * p,
                    100.0 * r,
                    100.0 * f
                );
            }
        }
        Some("nerspeed") => {
            // nerspeed MODELDIR: entity tagger alone on GUM dev + EWT dev.
            let m = Models::load(&PathBuf::from(&args[1]))?;
            let mut sents = herald_nlp::conllu::read_path(&shared.join("data/gum/dev"))?;
            sents.extend(herald_nlp::conllu::read_path(
                &shared.join("data/ewt/en_ewt-ud-dev.conllu"),
            )?);
            for _ in 0..3 {
                println!(
                    "entity tagger alone: {:.0} tokens/s",
                    eval::entity_tagger_speed(&m, &sents)
                );
            }
        }
        Some("nerdiff") => {
            // nerdiff MODELDIR: gold vs predicted entities on GUM dev.
            let m = Models::load(&PathBuf::from(&args[1]))?;
            let a = Analyzer::with_models(m);
            let sents = herald_nlp::conllu::read_path(&shared.join("data/gum/dev"))?;
            for s in sents.iter() {
                let gold = herald_nlp::train::gum_bio(s);
                let mut toks: Vec<herald_core::Token> = s
                    .words
                    .iter()
                    .map(|w| herald_core::Token {
                        text: w.form.clone(),
                        ..Default::default()
                    })
                    .collect();
                let ents = a.annotate(&mut toks);
                let mut pred = vec!["O".to_string(); toks.len()];
                for e in ents {
                    for (k, p) in pred.iter_mut().enumerate().take(e.end).skip(e.start) {
                        let bi = if k == e.start { "B" } else { "I" };
                        *p = format!("{bi}-{}", herald_nlp::kind_label(e.kind));
                    }
                }
                if gold.iter().zip(&pred).any(|(g, p)| g != "O" || p != "O") {
                    let line: Vec<String> = s
                        .words
                        .iter()
                        .zip(gold.iter().zip(&pred))
                        .map(|(w, (g, p))| {
                            if g == "O" && p == "O" {
                                w.form.clone()
                            } else {
                                format!("{}[{}|{}]", w.form, g, p)
                            }
                        })
                        .collect();
                    println!("{}", line.join(" "));
                }
            }
        }
        Some("parse") => {
            // parse FILE: raw text → CoNLL-U with the embedded models.
            let text = std::fs::read_to_string(&args[1])?;
            print!(
                "{}",
                herald_nlp::conllu::parse_text(&Analyzer::new(), &text, "doc")
            );
        }
        Some("rawdiff") => {
            // Shows gold sentence ends the splitter misses, and extra splits.
            let file = args
                .get(1)
                .map(PathBuf::from)
                .unwrap_or_else(|| shared.join("data/ewt/en_ewt-ud-dev.conllu"));
            let sents = herald_nlp::conllu::read_path(&file)?;
            for d in eval::rebuild_documents(&sents) {
                let toks = herald_nlp::tokenize(&d.text);
                let pred: std::collections::HashSet<usize> = herald_nlp::segment(&d.text, &toks)
                    .iter()
                    .filter(|r| !r.is_empty())
                    .map(|r| toks[r.end - 1].end)
                    .collect();
                let gold: std::collections::HashSet<usize> =
                    d.sentences.iter().map(|s| s.1).collect();
                let ctx = |e: usize| {
                    let a = d.text.floor_char_boundary(e.saturating_sub(40));
                    let b = d.text.ceil_char_boundary((e + 30).min(d.text.len()));
                    format!("{}|{}", &d.text[a..e], &d.text[e..b]).replace('\n', "¶")
                };
                let pt: std::collections::HashSet<(usize, usize)> =
                    toks.iter().map(|s| (s.start, s.end)).collect();
                for &(a, b) in &d.tokens {
                    if !pt.contains(&(a, b)) {
                        println!("TOK   {:?} in {}", &d.text[a..b], ctx(b));
                    }
                }
                for e in gold.difference(&pred) {
                    println!("MISS  {}", ctx(*e));
                }
                for e in pred.difference(&gold) {
                    println!("EXTRA {}", ctx(*e));
                }
            }
        }
        _ => eprintln!("usage: nlp train [OUT] | nlp eval [MODELDIR]"),
    }
    Ok(())
}
