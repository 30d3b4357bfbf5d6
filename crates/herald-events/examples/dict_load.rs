//! Actor/agent dictionary load time and lookup cost:
//! `cargo run --release -p herald-events --example dict_load`
use herald_events::dict::{DICT, lookup};

fn main() {
    let t = std::time::Instant::now();
    let (names, agents) = DICT.len();
    println!(
        "dictionaries load: {:.1} ms ({names} actor names, {agents} agent phrases)",
        t.elapsed().as_secs_f64() * 1e3
    );
    let probes = [
        "Barack Obama",
        "Ban Ki-moon",
        "Allemagne",
        "Islamic Jihad",
        "nobody in particular",
        "Kofi Annan",
        "Unknown Person",
        "Gazprom",
    ];
    for p in probes {
        println!("  {p:<22} {:?}", lookup(p, None));
    }
    let n = 200_000;
    let t = std::time::Instant::now();
    let mut hits = 0usize;
    for i in 0..n {
        hits += usize::from(lookup(probes[i % probes.len()], None).is_some());
    }
    println!(
        "lookup of a whole name (tokenising included): {:.0} ns ({hits} hits of {n})",
        t.elapsed().as_secs_f64() * 1e9 / n as f64
    );
}
