//! The five seed articles: 000 and 001 are one story (001 rewrites and
//! extends 000); 002/003 share a site's chrome and a topic; 004 is a related
//! event. Needs the shared data (env HERALD_SHARED, default ../shared from
//! the repo root); skipped with a message when absent.

use std::path::PathBuf;

use herald_core::{Article, RelationType};
use herald_dedup::{DedupIndex, compare};

fn seeds() -> Option<Vec<Article>> {
    let shared = herald_core::shared_dir();
    let dir = shared.join("corpus/seeds");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .ok()?
        .flatten()
        .map(|e| e.path())
        .collect();
    paths.sort();
    let arts: Vec<Article> = paths
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .filter_map(|p| {
            Some(Article {
                id: p.file_stem()?.to_str()?.get(..3)?.to_string(),
                text: std::fs::read_to_string(p).ok()?,
                ..Default::default()
            })
        })
        .collect();
    (arts.len() == 5).then_some(arts)
}

#[test]
fn seeds_relate_as_documented() {
    let Some(arts) = seeds() else {
        eprintln!("SKIPPED: seeds not found (set HERALD_SHARED to the shared data folder)");
        return;
    };
    let mut index = DedupIndex::new();
    let mut found = Vec::new();
    for a in &arts {
        let fp = index.fingerprint(a);
        for r in index.process(a, &fp) {
            eprintln!("{} -> {}: {:?} {:.2}", a.id, r.article, r.kind, r.score);
            found.push((a.id.clone(), r.article.clone(), r.kind));
        }
    }
    for (i, a) in arts.iter().enumerate() {
        for b in &arts[i + 1..] {
            eprintln!("compare {} {}: {}", a.id, b.id, compare(a, b).summary);
        }
    }
    assert_eq!(found.len(), 1, "only 000–001 relate: {found:?}");
    let (a, b, kind) = &found[0];
    assert_eq!((a.as_str(), b.as_str()), ("001", "000"));
    assert!(matches!(
        kind,
        RelationType::Rewrite | RelationType::Containment
    ));
    let c = compare(&arts[0], &arts[1]);
    assert!(matches!(
        c.kind,
        Some(RelationType::Rewrite | RelationType::Containment)
    ));
    assert!(
        !c.passages.is_empty(),
        "shared wording is shown as evidence"
    );
}
