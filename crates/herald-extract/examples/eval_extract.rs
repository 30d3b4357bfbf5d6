//! Runs the extraction benchmarks on the shared data and prints JSON reports.
//!
//! `cargo run --release -p herald-extract --example eval_extract [scrapinghub|scrapinghub-text|wcxb|wcxb-clean|readability|htmldate|parse-check]...`

use herald_extract::eval;

fn main() {
    let shared = eval::shared_dir();
    let which: Vec<String> = std::env::args().skip(1).collect();
    let want = |n: &str| which.is_empty() || which.iter().any(|w| w == n);
    if want("scrapinghub") {
        match eval::eval_scrapinghub(&shared.join("eval/extract/scrapinghub")) {
            Ok(r) => println!("{}", serde_json::to_string(&r).unwrap_or_default()),
            Err(e) => eprintln!("scrapinghub: {e}"),
        }
    }
    if want("scrapinghub-text") {
        match eval::eval_scrapinghub_text(&shared.join("eval/extract/scrapinghub")) {
            Ok(r) => println!("{}", serde_json::to_string(&r).unwrap_or_default()),
            Err(e) => eprintln!("scrapinghub-text: {e}"),
        }
    }
    if want("wcxb") {
        match eval::eval_wcxb(&shared.join("eval/extract/wcxb/dev")) {
            Ok(r) => println!("{}", serde_json::to_string(&r).unwrap_or_default()),
            Err(e) => eprintln!("wcxb: {e}"),
        }
    }
    if want("readability") {
        match eval::eval_readability(&shared.join("eval/extract/readability")) {
            Ok(r) => println!("{}", serde_json::to_string(&r).unwrap_or_default()),
            Err(e) => eprintln!("readability: {e}"),
        }
    }
    if which.iter().any(|w| w == "parse-check") {
        match eval::parser_agreement(&shared) {
            Ok(r) => println!("{}", serde_json::to_string(&r).unwrap_or_default()),
            Err(e) => eprintln!("parse-check: {e}"),
        }
    }
    if want("htmldate") {
        match eval::eval_htmldate(&shared.join("eval/dates/htmldate")) {
            Ok(r) => println!("{}", serde_json::to_string(&r).unwrap_or_default()),
            Err(e) => eprintln!("htmldate: {e}"),
        }
    }
    if want("wcxb-clean") {
        match herald_extract::eval_clean::eval_wcxb_clean(&shared.join("eval/extract/wcxb/dev")) {
            Ok(r) => println!("{}", serde_json::to_string(&r).unwrap_or_default()),
            Err(e) => eprintln!("wcxb-clean: {e}"),
        }
    }
}
