//! Prints the dedup evaluation report as JSON.
//! `cargo run --release -p herald-dedup --example dedup_eval [shared-dir]`

use std::path::PathBuf;

fn main() {
    let shared = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(herald_core::shared_dir);
    match herald_dedup::eval::run(&shared) {
        Ok(r) => match serde_json::to_string_pretty(&r) {
            Ok(s) => println!("{s}"),
            Err(e) => eprintln!("{e}"),
        },
        Err(e) => {
            eprintln!("dedup eval: {e}");
            std::process::exit(2);
        }
    }
}
