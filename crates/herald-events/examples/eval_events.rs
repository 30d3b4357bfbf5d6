//! `cargo run -p herald-events --example eval_events [GOLD] [--detail]`:
//! the events evaluation the CLI runs, with per-sentence detail on request.

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let detail = args.iter().any(|a| a == "--detail");
    let path = args
        .iter()
        .find(|a| !a.starts_with("--"))
        .map(std::path::PathBuf::from)
        .unwrap_or_else(herald_events::eval::default_gold_path);
    if !path.exists() {
        eprintln!(
            "gold file {} not found (set HERALD_SHARED); skipping",
            path.display()
        );
        return;
    }
    match herald_events::eval::run(&path) {
        Ok(r) => {
            print!("{r}");
            if detail {
                for (title, run) in [("RAW", &r.raw), ("PARSE", &r.gold_parse)] {
                    println!("=== {title}");
                    for (id, g, s) in &run.detail {
                        println!("{id}\n   gold: {}\n   sys:  {}", g.join("  "), s.join("  "));
                    }
                }
            }
        }
        Err(e) => eprintln!("{e}"),
    }
}
