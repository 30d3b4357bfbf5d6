//! The five seed articles (shared data): 000 and 001 are one story, 004 (two
//! years earlier) is not; one thread links 000–003. Skipped with a message
//! when the shared data is absent.

use std::path::PathBuf;

use herald_core::Article;
use herald_stories::StoryClusterer;

fn seeds_dir() -> Option<PathBuf> {
    let shared = herald_core::shared_dir();
    let dir = shared.join("corpus/seeds");
    dir.is_dir().then_some(dir)
}

/// Publication dates as extraction finds them (the plain-text seeds carry none).
const DATES: [(&str, &str); 5] = [
    ("000", "2014-12-15"),
    ("001", "2014-12-16"),
    ("002", "2014-09-12"),
    ("003", "2014-09-09"),
    ("004", "2012-11-20"),
];

fn load() -> Option<Vec<Article>> {
    let Some(dir) = seeds_dir() else {
        eprintln!("seeds test skipped: shared data not found (set HERALD_SHARED)");
        return None;
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for (prefix, date) in DATES {
        let path = files.iter().find(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(prefix))
        })?;
        out.push(Article {
            id: prefix.to_string(),
            text: std::fs::read_to_string(path).ok()?,
            published: Some(date.to_string()),
            ..Article::default()
        });
    }
    Some(out)
}

fn check(order: &[usize]) {
    let Some(arts) = load() else { return };
    let mut c = StoryClusterer::new();
    for &i in order {
        c.process(&arts[i], &[]);
    }
    let s = |id: &str| c.story_of(id).unwrap_or_default();
    assert_eq!(s("000"), s("001"), "000 and 001 are one story ({order:?})");
    assert_ne!(s("000"), s("004"), "004 is two years older ({order:?})");
    let threads = c.threads();
    let thread_of = |id: &str| {
        threads
            .iter()
            .find(|t| t.stories.contains(&s(id)))
            .map(|t| t.id.clone())
            .unwrap_or_default()
    };
    for id in ["001", "002", "003"] {
        assert_eq!(
            thread_of("000"),
            thread_of(id),
            "thread links 000 and {id} ({order:?})"
        );
    }
    assert_ne!(thread_of("000"), thread_of("004"));
    let t = threads.iter().find(|t| t.id == thread_of("000")).unwrap();
    assert!(
        t.related.iter().any(|r| r.thread == thread_of("004")),
        "004 is related but older: {t:?}"
    );
}

#[test]
fn seeds_story_and_thread() {
    check(&[0, 1, 2, 3, 4]);
}

#[test]
fn seeds_back_filled_in_reverse() {
    check(&[4, 3, 2, 1, 0]);
    check(&[2, 0, 4, 3, 1]);
}
