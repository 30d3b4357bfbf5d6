//! `cargo run -p herald-stories --release --example eval_stories [GOLD_DIR]`
//! Prints the story evaluation report (JSON, pair scores omitted).

use std::path::PathBuf;

fn main() {
    let gold = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            let shared = std::env::var("HERALD_SHARED")
                .map(PathBuf::from)
                .unwrap_or_else(|_| {
                    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared")
                });
            shared.join("eval/stories")
        });
    match herald_stories::eval::run(&gold) {
        Ok(mut r) => {
            let verbose = std::env::var("VERBOSE").is_ok();
            if verbose {
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
