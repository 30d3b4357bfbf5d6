//! `cargo run -p herald-events --example code_text FILE [PUBLISHED]`: codes a
//! plain-text file and prints its events, one per line.

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: code_text FILE [PUBLISHED]");
        return;
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{path}: {e}");
            return;
        }
    };
    let article = herald_core::Article {
        id: path.clone(),
        published: args.next(),
        text,
        ..Default::default()
    };
    for e in herald_events::Coder::new().process(&article) {
        println!(
            "{:>3} {}{} -> {} {} ({}, q{}, {:+.1}) date={:?} place={:?} [{}] «{}» / «{}»",
            e.sentence,
            if e.negated { "NEG " } else { "" },
            e.source.code,
            e.target.code,
            e.cameo,
            e.plover,
            e.quad_class,
            e.goldstein,
            e.date,
            e.place,
            e.pattern,
            e.source.text,
            e.target.text
        );
    }
}
