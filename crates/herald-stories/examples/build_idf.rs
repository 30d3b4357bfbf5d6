//! Builds the shipped document-frequency table (`data/idf.bin`) from a JSONL
//! corpus of `{id, title, text, ...}` articles:
//!
//! `zcat $HERALD_SHARED/corpus/wikinews/articles.jsonl.gz | cargo run --release -p herald-stories --example build_idf -- /dev/stdin crates/herald-stories/data/idf.bin`
//!
//! Terms in fewer than two documents are left out (they weigh as unseen).

use std::path::Path;

use herald_stories::Params;
use herald_stories::eval::{corpus_idf, load_articles};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(input), Some(out)) = (args.first(), args.get(1)) else {
        eprintln!("usage: build_idf CORPUS.jsonl OUT.bin");
        std::process::exit(2);
    };
    let articles = match load_articles(Path::new(input)) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    let idf = corpus_idf(&articles, &Params::default());
    let bytes = idf.to_bytes(2);
    if let Err(e) = std::fs::write(out, &bytes) {
        eprintln!("{out}: {e}");
        std::process::exit(1);
    }
    eprintln!(
        "{} documents, {} terms, {} kept, {} bytes",
        idf.docs(),
        idf.len(),
        (bytes.len() - 13) / 8,
        bytes.len()
    );
}
