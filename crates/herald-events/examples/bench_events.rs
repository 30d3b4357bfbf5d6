//! `cargo run --release -p herald-events --example bench_events`: throughput
//! (articles/s on one thread) and robustness on the India police-events corpus
//! (`$HERALD_SHARED/eval/events/india-police-events/docs.jsonl`, 1,257
//! lower-cased Times of India articles with mojibake), plus document-level
//! recall of police actions: a document labelled ARREST should yield a CAMEO
//! 173 event, KILL a 18x/19x/20x event, FORCE a 17x–20x event, all with a
//! police (COP) source; ANY_ACTION any event with a police source.

use std::collections::HashMap;
use std::time::Instant;

use herald_core::Article;
use herald_events::Coder;

fn main() {
    let shared = herald_core::shared_dir();
    let path = shared.join("eval/events/india-police-events/docs.jsonl");
    let Ok(data) = std::fs::read_to_string(&path) else {
        eprintln!("{} not found (set HERALD_SHARED); skipping", path.display());
        return;
    };
    let mut docs: Vec<(Article, Vec<String>)> = Vec::new();
    for line in data.lines() {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let text = v["doc_text"].as_str().unwrap_or("").to_string();
        let labels = v["doc_labels"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|x| x.as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default();
        let id = v["doc_id"].to_string();
        docs.push((
            Article {
                id,
                text,
                ..Default::default()
            },
            labels,
        ));
    }
    let coder = Coder::new();
    let bytes: usize = docs.iter().map(|(a, _)| a.text.len()).sum();
    let t = Instant::now();
    let coded: Vec<_> = docs.iter().map(|(a, _)| coder.process(a)).collect();
    let secs = t.elapsed().as_secs_f64();
    let events: usize = coded.iter().map(Vec::len).sum();
    println!(
        "{} articles ({:.1} MB), {events} events in {secs:.2}s: {:.0} articles/s, {:.2} MB/s on one thread",
        docs.len(),
        bytes as f64 / 1e6,
        docs.len() as f64 / secs,
        bytes as f64 / 1e6 / secs
    );
    let mut hit: HashMap<&str, (usize, usize)> = HashMap::new();
    let mut unlabelled = (0, 0);
    for ((_, labels), ev) in docs.iter().zip(&coded) {
        let police: Vec<&str> = ev
            .iter()
            .filter(|e| !e.negated && e.source.role.as_deref() == Some("COP"))
            .map(|e| e.cameo.as_str())
            .collect();
        let any_of = |roots: &[&str]| {
            police
                .iter()
                .any(|c| roots.iter().any(|r| c.starts_with(r)))
        };
        if labels.is_empty() {
            unlabelled.1 += 1;
            if !police.is_empty() {
                unlabelled.0 += 1;
            }
        }
        for l in labels {
            let found = match l.as_str() {
                "ARREST" => any_of(&["173"]),
                "KILL" => any_of(&["18", "19", "20"]),
                "FORCE" => any_of(&["17", "18", "19", "20"]),
                "ANY_ACTION" => !police.is_empty(),
                _ => continue,
            };
            let e = hit.entry(l.as_str()).or_default();
            e.1 += 1;
            if found {
                e.0 += 1;
            }
        }
    }
    let mut keys: Vec<_> = hit.keys().copied().collect();
    keys.sort();
    for k in keys {
        let (a, b) = hit[k];
        println!(
            "  doc recall {k:<10} {a}/{b} ({:.3})",
            a as f64 / b.max(1) as f64
        );
    }
    println!(
        "  unlabelled docs with a police event: {}/{} ({:.3})",
        unlabelled.0,
        unlabelled.1,
        unlabelled.0 as f64 / unlabelled.1.max(1) as f64
    );
}
