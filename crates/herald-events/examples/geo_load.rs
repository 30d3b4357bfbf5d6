//! Gazetteer load time: `cargo run --release -p herald-events --example geo_load`
fn main() {
    let t = std::time::Instant::now();
    let p = herald_events::resolve_place("Paris", None);
    println!(
        "gazetteer load + first lookup: {:.1} ms ({:?})",
        t.elapsed().as_secs_f64() * 1e3,
        p.map(|p| p.label())
    );
}
