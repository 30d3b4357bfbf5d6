//! Reads the given inputs (files, folders, `-`) and prints what came out:
//! documents, bytes, rejects by reason, and the time taken.
//!
//! `cargo run --release -p herald-ingest --example scan -- ../shared/corpus/seeds`

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Instant;

use herald_ingest::{Item, ReadOptions, Reader};

fn main() {
    let inputs: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    let verbose = std::env::var_os("SCAN_VERBOSE").is_some();
    let start = Instant::now();
    let (mut docs, mut bytes) = (0u64, 0u64);
    let mut reasons: BTreeMap<String, u64> = BTreeMap::new();
    Reader::new(ReadOptions::default()).read(&inputs, &mut |item| match item {
        Item::Doc(d) => {
            docs += 1;
            bytes += d.body.len() as u64;
        }
        Item::Reject(r) => {
            if verbose {
                eprintln!("{r}");
            }
            *reasons.entry(r.reason).or_default() += 1;
        }
    });
    let secs = start.elapsed().as_secs_f64();
    println!(
        "{docs} documents, {:.1} MB of text, in {:.3} s ({:.0} docs/s, {:.1} MB/s)",
        bytes as f64 / 1e6,
        secs,
        docs as f64 / secs,
        bytes as f64 / 1e6 / secs
    );
    for (reason, n) in reasons {
        println!("  {reason}: {n}");
    }
}
