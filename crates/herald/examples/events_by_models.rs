//! `cargo run --release -p herald --example events_by_models -- DIR...`:
//! the PETR-2 events evaluation through the language layer once per model
//! folder (as written by `herald nlp train DIR`), to see how much the
//! event figures move between language models of equal treebank accuracy.

use std::path::Path;

fn main() -> anyhow::Result<()> {
    let gold = herald_events::eval::default_gold_path();
    if !gold.exists() {
        anyhow::bail!("gold file {} not found (set HERALD_SHARED)", gold.display());
    }
    for dir in std::env::args().skip(1) {
        let models =
            herald_nlp::Models::load(Path::new(&dir)).map_err(|e| anyhow::anyhow!("{dir}: {e}"))?;
        let nlp = herald_nlp::Analyzer::with_models(models);
        let report = herald_events::eval::run_with(&gold, &|a| nlp.process(a))?;
        if let Some(a) = report.analysed {
            let c = &a.root_country;
            println!(
                "{dir}: root code, country actors: tp {} fp {} fn {}",
                c.tp, c.fp, c.fn_
            );
        }
    }
    Ok(())
}
