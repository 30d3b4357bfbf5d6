//! `cargo run --release -p herald-events --example eval_geo [GWN.xml]`
fn main() {
    let path = std::env::args()
        .nth(1)
        .map(std::path::PathBuf::from)
        .unwrap_or_else(herald_events::eval::default_geo_path);
    match herald_events::eval::eval_geo(&path) {
        Ok(r) => println!("{}", serde_json::to_string_pretty(&r).unwrap_or_default()),
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    }
}
