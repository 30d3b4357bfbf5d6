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
                    let mut r = eval::evaluate_with(&shared, &Analyzer::with_models(m), ms, None)?;
                    let t = Instant::now();
                    if let Ok(m) = Models::load_accurate(&PathBuf::from(dir)) {
                        let ms = t.elapsed().as_secs_f64() * 1000.0;
                        let a = Analyzer::with_models(m);
                        r.accurate = Some(eval::accurate_scores(&shared, &a, ms)?);
                    }
                    r
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
        Some("ptrain") => {
            // ptrain MODELDIR OUT [epochs=N explore=P cutoff=C ensemble=K folds=F tens=T prune=W]:
            // retrain only the parser (quick loop), then score it.
            let mut opt = train::TrainOptions::default();
            for kv in args.iter().skip(3) {
                let (k, v) = kv.split_once('=').ok_or("expected key=value")?;
                match k {
                    "epochs" => opt.parser.epochs = v.parse()?,
                    "explore" => opt.parser.explore = v.parse()?,
                    "beam" => opt.parser.beam = v.parse()?,
                    "reverse" => opt.parser.reverse = v == "1",
                    "cutoff" => opt.parser.min_count = v.parse()?,
                    "ensemble" => opt.parser_ensemble = v.parse()?,
                    "folds" => opt.folds = v.parse()?,
                    "tens" => opt.jackknife_ensemble = v.parse()?,
                    "prune" => opt.prune.1 = v.parse()?,
                    "seed" => opt.seed = v.parse()?,
                    _ => return Err(format!("unknown option {k}").into()),
                }
            }
            let (m, members) = train::retrain_parser(&shared, &PathBuf::from(&args[1]), &opt)?;
            let pm = m.pruned(0.0, opt.prune.1, 0.0);
            let total = pm.save(&PathBuf::from(&args[2]))?;
            println!(
                "saved {:.2} MB; parser {:?}",
                total as f64 / 1e6,
                pm.sizes()[1]
            );
            let named = std::iter::once(("ensemble".to_string(), pm)).chain(
                members
                    .into_iter()
                    .enumerate()
                    .map(|(i, x)| (format!("member {i}"), x.pruned(0.0, opt.prune.1, 0.0))),
            );
            for (name, pm) in named {
                print_scores(&shared, &name, pm)?;
            }
        }
        Some("ttrain") => {
            // ttrain MODELDIR OUT [epochs=N ensemble=K prune=W]: retrain only
            // the tagger, then score it.
            let mut opt = train::TrainOptions::default();
            for kv in args.iter().skip(3) {
                let (k, v) = kv.split_once('=').ok_or("expected key=value")?;
                match k {
                    "epochs" => opt.tagger_epochs = v.parse()?,
                    "ensemble" => opt.tagger_ensemble = v.parse()?,
                    "prune" => opt.prune.0 = v.parse()?,
                    _ => return Err(format!("unknown option {k}").into()),
                }
            }
            let m = train::retrain_tagger(&shared, &PathBuf::from(&args[1]), &opt)?;
            let pm = m.pruned(opt.prune.0, 0.0, 0.0);
            let total = pm.save(&PathBuf::from(&args[2]))?;
            println!(
                "saved {:.2} MB; tagger {:?}",
                total as f64 / 1e6,
                pm.sizes()[0]
            );
            let a = Analyzer::with_models(pm);
            for f in ["data/ewt/en_ewt-ud-dev.conllu", "data/gum/dev"] {
                let s = eval::treebank_scores(&a, &herald_nlp::conllu::read_path(&shared.join(f))?);
                println!(
                    "{f}: UPOS {:.2} XPOS {:.2} UAS {:.2}",
                    100.0 * s.upos,
                    100.0 * s.xpos,
                    100.0 * s.uas
                );
            }
        }
        Some("vote") => {
            // vote OUT DIR PARSER_FILE...: DIR's models with its parser
            // replaced by the first file's parser, the others voting.
            let mut m = Models::load(&PathBuf::from(&args[2]))?;
            m.set_voting_parsers(&args[3..].iter().map(PathBuf::from).collect::<Vec<_>>())?;
            m.save(&PathBuf::from(&args[1]))?;
            print_scores(&shared, "vote", m)?;
        }
        Some("score") => {
            // score MODELDIR...: UPOS/UAS/LAS on both dev sets.
            for dir in &args[1..] {
                print_scores(&shared, dir, Models::load(&PathBuf::from(dir))?)?;
            }
        }
        Some("errs") => {
            // errs MODELDIR FILE: head accuracy per gold relation and per sentence length.
            let m = Models::load(&PathBuf::from(&args[1]))?;
            let sents = herald_nlp::conllu::read_path(&shared.join(&args[2]))?;
            let (gu, gl) = eval::gold_tag_scores(&m, &sents);
            println!(
                "with gold tags: UAS {:.2} LAS {:.2}",
                100.0 * gu,
                100.0 * gl
            );
            let a = Analyzer::with_models(m);
            let mut by_rel: std::collections::BTreeMap<String, (usize, usize, usize)> =
                Default::default();
            let mut by_len: std::collections::BTreeMap<usize, (usize, usize)> = Default::default();
            for s in &sents {
                let mut toks: Vec<herald_core::Token> = s
                    .words
                    .iter()
                    .map(|w| herald_core::Token {
                        text: w.form.clone(),
                        ..Default::default()
                    })
                    .collect();
                a.annotate(&mut toks);
                let bucket = (s.words.len() / 10).min(5);
                for (t, w) in toks.iter().zip(&s.words) {
                    let ok = t.head.map_or(0, |h| h + 1) == w.head;
                    let rel = w.deprel.split(':').next().unwrap_or("").to_string();
                    let e = by_rel.entry(rel).or_default();
                    e.0 += 1;
                    e.1 += usize::from(ok);
                    e.2 += usize::from(ok && t.deprel == w.deprel);
                    let l = by_len.entry(bucket).or_default();
                    l.0 += 1;
                    l.1 += usize::from(ok);
                }
            }
            let total: usize = by_rel.values().map(|v| v.0).sum();
            let mut rows: Vec<_> = by_rel.into_iter().collect();
            rows.sort_by_key(|(_, v)| std::cmp::Reverse(v.0 - v.1));
            for (r, (n, h, l)) in rows.iter().take(25) {
                println!(
                    "{r:12} n={n:5} UAS {:.1} LAS {:.1} head-errors {:.2}% of all",
                    100.0 * *h as f64 / *n as f64,
                    100.0 * *l as f64 / *n as f64,
                    100.0 * (n - h) as f64 / total as f64
                );
            }
            for (b, (n, h)) in by_len {
                println!(
                    "len {}-{}: n={n} UAS {:.1}",
                    b * 10,
                    b * 10 + 9,
                    100.0 * h as f64 / n as f64
                );
            }
        }
        Some("speed") => {
            // speed [MODELDIR]: per-stage tokens/s on EWT dev gold tokens.
            let t = Instant::now();
            let m = match args.get(1) {
                Some(d) => Models::load(&PathBuf::from(d))?,
                None => Models::embedded().ok_or("no embedded models")?,
            };
            println!("load {:.0} ms", t.elapsed().as_secs_f64() * 1000.0);
            let sents =
                herald_nlp::conllu::read_path(&shared.join("data/ewt/en_ewt-ud-dev.conllu"))?;
            for _ in 0..3 {
                let (t, p, a) = eval::component_speeds(&m, &sents);
                println!("tagger {t:.0}  parser {p:.0}  tag+parse+entities {a:.0} tokens/s");
            }
        }
        Some("speedx") => {
            // speedx DIR...: paired speed runs, longer than `speed` (EWT dev +
            // GUM train, five rounds, models alternating), medians.
            let mut sents =
                herald_nlp::conllu::read_path(&shared.join("data/ewt/en_ewt-ud-dev.conllu"))?;
            sents.extend(herald_nlp::conllu::read_path(
                &shared.join("data/gum/train"),
            )?);
            let models = args[1..]
                .iter()
                .map(|d| Models::load(&PathBuf::from(d)))
                .collect::<Result<Vec<_>, _>>()?;
            for (d, m) in args[1..].iter().zip(&models) {
                println!(
                    "{d}: scoring reads {:?} bytes, rows/entries {:?}",
                    m.scoring_bytes(),
                    m.sizes()
                );
            }
            let mut runs = vec![Vec::new(); models.len()];
            for _ in 0..5 {
                for (m, r) in models.iter().zip(runs.iter_mut()) {
                    r.push(eval::component_speeds(m, &sents));
                }
            }
            let median = |mut v: Vec<f64>| {
                v.sort_by(f64::total_cmp);
                v[v.len() / 2]
            };
            for (d, r) in args[1..].iter().zip(runs) {
                let (t, p, a) = (
                    median(r.iter().map(|x| x.0).collect()),
                    median(r.iter().map(|x| x.1).collect()),
                    median(r.iter().map(|x| x.2).collect()),
                );
                let all: Vec<String> = r.iter().map(|x| format!("{:.0}k", x.2 / 1e3)).collect();
                println!(
                    "{d}: tagger {t:.0}  parser {p:.0}  tag+parse+entities {a:.0} tokens/s  (runs {})",
                    all.join(" ")
                );
            }
        }
        Some("newsspeed") => {
            // newsspeed DIR...: the raw-text pipeline on the news corpus,
            // models alternating, three rounds.
            let path = shared.join(eval::NEWS_CORPUS);
            let analyzers = args[1..]
                .iter()
                .map(|d| Models::load(&PathBuf::from(d)).map(Analyzer::with_models))
                .collect::<Result<Vec<_>, _>>()?;
            for _ in 0..3 {
                for (d, a) in args[1..].iter().zip(&analyzers) {
                    let n = eval::news_speed(a, &path)?;
                    println!("{d}: {} tokens, {:.0} tokens/s", n.tokens, n.tokens_per_sec);
                }
            }
        }
        Some("beam") => {
            // beam IN OUT N: the models in IN with the parser decoding at beam width N.
            let mut m = Models::load(&PathBuf::from(&args[1]))?;
            m.set_beam(args.get(3).ok_or("N")?.parse()?);
            m.save(&PathBuf::from(&args[2]))?;
        }
        Some("relemma") => {
            // relemma IN OUT: the models in IN with their lemma exceptions rebuilt.
            let m = train::retrain_lemmas(&shared, &PathBuf::from(&args[1]))?;
            println!("{} lemma exceptions", m.lemma_count());
            m.save(&PathBuf::from(&args[2]))?;
        }
        Some("prunerows") => {
            // prunerows IN OUT MIN: drop parser features whose largest weight < MIN.
            let min: f32 = args.get(3).ok_or("MIN")?.parse()?;
            let m = Models::load(&PathBuf::from(&args[1]))?.pruned_parser_rows(min);
            println!("parser {:?}", m.sizes()[1]);
            let total = m.save(&PathBuf::from(&args[2]))?;
            println!("saved {:.2} MB", total as f64 / 1e6);
        }
        Some("nertrain") => {
            // nertrain MODELDIR OUT [EPOCHS [PRUNE [SEED]]]: retrain only the entity tagger.
            let epochs = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(8);
            let prune = args.get(4).and_then(|s| s.parse().ok()).unwrap_or(0.5);
            let seed = args
                .get(5)
                .and_then(|s| s.parse().ok())
                .unwrap_or(20_261_123);
            let m = train::retrain_ner(&shared, &PathBuf::from(&args[1]), epochs, seed, prune)?;
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
        Some("nercv") => {
            // nercv MODELDIR [EPOCHS [FOLDS [SEED]]]: entity tagger cross-validated
            // by document on GUM train.
            let epochs = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(8);
            let folds = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(5);
            let dir = PathBuf::from(&args[1]);
            print!(
                "{}",
                herald_nlp::nerlab::cross_validate(
                    &shared,
                    &dir,
                    epochs,
                    folds,
                    args.get(4)
                        .and_then(|s| s.parse().ok())
                        .unwrap_or(20_261_123)
                )?
            );
        }
        Some("nerdev") => {
            // nerdev MODELDIR: entity scores on GUM dev by pooling weight.
            let m = Models::load(&PathBuf::from(&args[1]))?;
            print!("{}", herald_nlp::nerlab::dev_report(&shared, &m)?);
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
            // Each document at once, as the evaluation does.
            let mut docs: Vec<Vec<herald_core::Token>> = Vec::new();
            let mut bounds = Vec::new();
            for (i, s) in sents.iter().enumerate() {
                if s.starts_document() && i > 0 {
                    bounds.push(i);
                }
            }
            bounds.push(sents.len());
            let mut all_ents = Vec::new();
            let mut start = 0;
            for end in bounds {
                docs.clear();
                docs.extend(sents[start..end].iter().map(|s| {
                    s.words
                        .iter()
                        .map(|w| herald_core::Token {
                            text: w.form.clone(),
                            ..Default::default()
                        })
                        .collect::<Vec<_>>()
                }));
                all_ents.extend(a.annotate_document(&mut docs));
                start = end;
            }
            for (s, ents) in sents.iter().zip(all_ents) {
                let gold = herald_nlp::train::gum_bio(s);
                let toks = &s.words;
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
            // parse FILE [MODELDIR]: raw text → CoNLL-U (embedded models by default).
            let text = std::fs::read_to_string(&args[1])?;
            let a = match args.get(2) {
                Some(d) => Analyzer::with_models(Models::load(&PathBuf::from(d))?),
                None => Analyzer::new(),
            };
            print!("{}", herald_nlp::conllu::parse_text(&a, &text, "doc"));
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

/// Prints UPOS, UAS and LAS of `models` on the EWT and GUM dev sets.
fn print_scores(
    shared: &std::path::Path,
    name: &str,
    models: Models,
) -> Result<(), Box<dyn std::error::Error>> {
    let a = Analyzer::with_models(models);
    for f in ["data/ewt/en_ewt-ud-dev.conllu", "data/gum/dev"] {
        let s = eval::treebank_scores(&a, &herald_nlp::conllu::read_path(&shared.join(f))?);
        println!(
            "{name} {f}: UPOS {:.2} UAS {:.2} LAS {:.2}",
            100.0 * s.upos,
            100.0 * s.uas,
            100.0 * s.las
        );
    }
    Ok(())
}
