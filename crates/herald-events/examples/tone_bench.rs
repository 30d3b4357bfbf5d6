//! `cargo run --release -p herald-events --example tone_bench [docs.jsonl]`:
//! tone throughput and mean tone over a JSONL corpus (`doc_text` or `text`).
fn main() {
    let path = std::env::args()
        .nth(1)
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| {
            herald_events::eval::default_gold_path()
                .with_file_name("india-police-events")
                .join("docs.jsonl")
        });
    let Ok(raw) = std::fs::read_to_string(&path) else {
        eprintln!("{} not found", path.display());
        std::process::exit(1);
    };
    let docs: Vec<String> = raw
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| {
            v.get("doc_text")
                .or_else(|| v.get("text"))
                .and_then(|t| t.as_str())
                .map(str::to_string)
        })
        .collect();
    herald_events::tone("warm up");
    let start = std::time::Instant::now();
    let tones: Vec<f64> = docs.iter().map(|d| herald_events::tone(d)).collect();
    let secs = start.elapsed().as_secs_f64();
    let mean = tones.iter().sum::<f64>() / tones.len().max(1) as f64;
    let bytes: usize = docs.iter().map(String::len).sum();
    println!(
        "{} docs, mean tone {mean:.2}, {:.0} docs/s, {:.1} MB/s",
        docs.len(),
        docs.len() as f64 / secs,
        bytes as f64 / secs / 1e6
    );
}
