//! Embeds trained models from `models/` when they exist, so the crate still
//! builds (with rule fallbacks) before any model is trained.

use std::path::PathBuf;

fn main() {
    let dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default()).join("models");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut code = String::new();
    for (name, file) in [
        ("TAGGER", "tagger.bin"),
        ("PARSER", "parser.bin"),
        ("NER", "ner.bin"),
        ("LEMMAS", "lemmas.bin"),
        ("ACCURATE_PARSER", "parser-accurate.bin"),
    ] {
        let p = dir.join(file);
        println!("cargo:rerun-if-changed={}", p.display());
        if p.is_file() {
            code.push_str(&format!(
                "pub const {name}: Option<&[u8]> = Some(include_bytes!({:?}));\n",
                p.display().to_string()
            ));
        } else {
            code.push_str(&format!("pub const {name}: Option<&[u8]> = None;\n"));
        }
    }
    let out =
        PathBuf::from(std::env::var("OUT_DIR").unwrap_or_default()).join("embedded_models.rs");
    if let Err(e) = std::fs::write(&out, code) {
        panic!("cannot write {}: {e}", out.display());
    }
}
