//! A real dated stream through the clusterer, in date order: how many
//! stories, how large, and the largest ones' headlines to read.
//!
//! `zcat $HERALD_SHARED/corpus/wikinews/articles.jsonl.gz > /tmp/wn.jsonl && cargo run --release -p herald-stories --example stream_check -- /tmp/wn.jsonl ['{"strong_lo":2}']`

use std::collections::HashMap;
use std::path::Path;

use herald_stories::eval::load_articles;
use herald_stories::{Params, StoryClusterer};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first() else {
        eprintln!("usage: stream_check CORPUS.jsonl [PARAMS_JSON]");
        std::process::exit(2);
    };
    let mut params = serde_json::to_value(Params::default()).unwrap_or_default();
    if let Some(Ok(serde_json::Value::Object(m))) = args.get(1).map(|a| serde_json::from_str(a)) {
        for (k, v) in m {
            params[k] = v;
        }
    }
    let params: Params = serde_json::from_value(params).unwrap_or_default();
    let mut arts = load_articles(Path::new(path)).unwrap_or_else(|e| {
        eprintln!("{e}");
        std::process::exit(1);
    });
    arts.sort_by(|a, b| a.published.cmp(&b.published).then(a.id.cmp(&b.id)));
    let mut c = StoryClusterer::with_params(params);
    for a in &arts {
        c.process(a, &[]);
    }
    let mut sizes: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, a) in arts.iter().enumerate() {
        sizes
            .entry(c.story_of(&a.id).unwrap_or_default())
            .or_default()
            .push(i);
    }
    let mut v: Vec<&Vec<usize>> = sizes.values().collect();
    v.sort_by_key(|m| std::cmp::Reverse(m.len()));
    let multi: Vec<&&Vec<usize>> = v.iter().filter(|m| m.len() > 1).collect();
    println!(
        "articles {} stories {} multi-article stories {} articles in them {} largest {:?}",
        arts.len(),
        v.len(),
        multi.len(),
        multi.iter().map(|m| m.len()).sum::<usize>(),
        v.iter().take(5).map(|m| m.len()).collect::<Vec<_>>()
    );
    for m in v.iter().take(5) {
        let titles: Vec<String> = m
            .iter()
            .take(4)
            .map(|&i| {
                let a = &arts[i];
                format!(
                    "{} {}",
                    a.published.as_deref().unwrap_or("-"),
                    a.title.as_deref().unwrap_or("")
                )
            })
            .collect();
        println!("  [{}] {}", m.len(), titles.join(" | "));
    }
}
