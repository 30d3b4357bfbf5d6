//! `cargo run -p herald-stories --release --example eval_stories -- [GOLD_DIR]
//!  [--params JSON] [--embeddings MODEL_DIR|VECTORS.json] [--save-embeddings FILE]`
//!
//! Prints the story evaluation report (JSON, pair scores omitted).
//! `--params '{"split_threshold":0}'` overrides parameters;
//! `--embeddings` (needs `--features embeddings`) adds all-MiniLM-L6-v2
//! cosine of title + lead as a similarity feature; a `.json` file of
//! `{article id: vector}` (as written by `--save-embeddings`) works in any
//! build.

use std::path::PathBuf;

use herald_stories::Params;
use herald_stories::eval::EmbeddingMap;

fn main() {
    let mut gold = None;
    let mut params = Params::default();
    let mut model: Option<PathBuf> = None;
    let mut save: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--params" => {
                let over = args.next().unwrap_or_default();
                let mut v = serde_json::to_value(&params).unwrap_or_default();
                match serde_json::from_str::<serde_json::Value>(&over) {
                    Ok(serde_json::Value::Object(m)) => {
                        for (k, x) in m {
                            v[k] = x;
                        }
                    }
                    _ => {
                        eprintln!("--params needs a JSON object");
                        std::process::exit(2);
                    }
                }
                params = serde_json::from_value(v).unwrap_or_else(|e| {
                    eprintln!("--params: {e}");
                    std::process::exit(2);
                });
            }
            "--embeddings" => model = args.next().map(PathBuf::from),
            "--save-embeddings" => save = args.next().map(PathBuf::from),
            _ => gold = Some(PathBuf::from(a)),
        }
    }
    let gold = gold.unwrap_or_else(|| {
        let shared = std::env::var("HERALD_SHARED")
            .map(PathBuf::from)
            .unwrap_or_else(|_| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
        shared.join("eval/stories")
    });
    let emb = model.map(|path| {
        if path.is_file() {
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            serde_json::from_str::<EmbeddingMap>(&text).unwrap_or_else(|e| {
                eprintln!("{}: {e}", path.display());
                std::process::exit(2);
            })
        } else {
            embed_all(&gold, &path)
        }
    });
    if let (Some(e), Some(path)) = (&emb, &save)
        && let Err(err) = std::fs::write(path, serde_json::to_vec(e).unwrap_or_default())
    {
        eprintln!("{}: {err}", path.display());
    }
    match herald_stories::eval::run_embedded(&gold, &params, emb.as_ref()) {
        Ok(mut r) => {
            if std::env::var("VERBOSE").is_ok() {
                for (a, b, o, s) in &r.pair_scores {
                    eprintln!("{a}\t{b}\t{o:.2}\t{s:.3}");
                }
            }
            r.pair_scores.clear();
            println!("{}", serde_json::to_string_pretty(&r).unwrap_or_default());
        }
        Err(e) => {
            eprintln!("stories eval skipped: {e}");
            std::process::exit(2);
        }
    }
}

#[cfg(feature = "embeddings")]
fn embed_all(gold: &std::path::Path, dir: &std::path::Path) -> EmbeddingMap {
    use std::time::Instant;
    let arts = herald_stories::eval::gold_articles(gold).unwrap_or_else(|e| {
        eprintln!("stories eval skipped: {e}");
        std::process::exit(2);
    });
    let t = Instant::now();
    let e = herald_stories::embed::Embedder::load(dir).unwrap_or_else(|e| {
        eprintln!("embeddings: {e}");
        std::process::exit(2);
    });
    let load = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let v = e.embed_articles(&arts).unwrap_or_else(|e| {
        eprintln!("embeddings: {e}");
        std::process::exit(2);
    });
    let secs = t.elapsed().as_secs_f64();
    eprintln!(
        "embeddings: model loaded in {load:.2}s; {} articles in {secs:.1}s ({:.1} articles/s)",
        arts.len(),
        arts.len() as f64 / secs.max(1e-9)
    );
    arts.into_iter().map(|a| a.id).zip(v).collect()
}

#[cfg(not(feature = "embeddings"))]
fn embed_all(_gold: &std::path::Path, _dir: &std::path::Path) -> EmbeddingMap {
    eprintln!("--embeddings needs a build with `--features embeddings`");
    std::process::exit(2);
}
