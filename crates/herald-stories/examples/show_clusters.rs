//! Debug: prints the stories the dev + sample articles form (file order).
use std::path::PathBuf;

fn main() {
    let gold = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "../shared/eval/stories".into()),
    );
    let mut all = herald_stories::eval::load_articles(&gold.join("semeval-en-dev/articles.jsonl"))
        .unwrap_or_default();
    all.extend(
        herald_stories::eval::load_articles(&gold.join("sample/articles_sample.jsonl"))
            .unwrap_or_default(),
    );
    let mut c = herald_stories::StoryClusterer::new();
    for a in &all {
        c.process(a, &[]);
    }
    for r in c.records().iter().filter(|r| r.article_count > 1) {
        println!("{} {} | {}", r.id, r.article_count, r.headline);
        for id in &r.articles {
            let t = all
                .iter()
                .find(|a| &a.id == id)
                .and_then(|a| a.title.clone())
                .unwrap_or_default();
            println!("    {id} {t}");
        }
    }
}
