use super::*;
use herald_core::{Actor, Span};

fn article(id: &str, title: &str, text: &str) -> StoredArticle {
    StoredArticle {
        article: Article {
            id: id.into(),
            input: format!("{id}.txt"),
            title: Some(title.into()),
            text: text.into(),
            hash: herald_core::content_hash(text),
            published: Some("2014-12-15".into()),
            cites: vec!["Financial Times".into()],
            ..Article::default()
        },
        raw_hash: format!("raw-{id}"),
    }
}

fn event(article: &str, n: usize, cameo: &str, src: &str, tgt: &str, negated: bool) -> Event {
    Event {
        id: format!("{article}:0:{n}"),
        article: article.into(),
        sentence: 0,
        span: Span::new(0, 5),
        date: Some("2014-12-10".into()),
        source: Actor {
            text: "China".into(),
            code: src.into(),
            ..Actor::default()
        },
        target: Actor {
            text: "Iraq".into(),
            code: tgt.into(),
            ..Actor::default()
        },
        cameo: cameo.into(),
        plover: "AID".into(),
        quad_class: 1,
        goldstein: 5.2,
        negated,
        place: None,
        pattern: "offer+aid".into(),
        confidence: 1.0,
    }
}

#[test]
fn round_trip_articles_events_relations_stories() {
    let mut store = Store::open_in_memory().unwrap();
    let mut b = Batch::default();
    b.articles.push(article(
        "a",
        "China offers Iraq airstrikes",
        "Beijing volunteered to assist with airstrikes.",
    ));
    let mut second = article(
        "b",
        "China offers help",
        "China has offered military assistance to Iraq.",
    );
    second.article.relations.push(Relation {
        kind: RelationType::Rewrite,
        article: "a".into(),
        score: 0.61,
        origin: Some("a".into()),
        evidence: vec![herald_core::SharedPassage {
            this: Span::new(0, 5),
            other: Span::new(3, 8),
        }],
    });
    second.article.story = Some("s-1".into());
    b.articles.push(second);
    b.events.push(event("a", 0, "0332", "CHNGOV", "IRQ", false));
    b.events.push(event("a", 1, "057", "CHN", "USA", true));
    b.stories.push(Story {
        id: "s-1".into(),
        title: "China offers Iraq airstrikes".into(),
        articles: vec!["a".into(), "b".into()],
        ..Story::default()
    });
    b.state.push(("stories".into(), vec![1, 2, 3]));
    b.fingerprints.push(("a".into(), None, vec![9, 9]));
    b.rejects
        .push(Reject::new("bad.json", "malformed-json", "expected value").at_line(3));
    store.write_batch(&b).unwrap();

    let a = store.article("a").unwrap().unwrap();
    assert_eq!(a.cites, vec!["Financial Times".to_string()]);
    // The relation is visible from both sides, evidence flipped for the older one.
    assert_eq!(a.relations.len(), 1);
    assert_eq!(a.relations[0].article, "b");
    assert_eq!(a.relations[0].evidence[0].this, Span::new(3, 8));
    let b_art = store.article("b").unwrap().unwrap();
    assert_eq!(b_art.relations[0].article, "a");
    assert_eq!(b_art.story.as_deref(), Some("s-1"));

    let evs = store
        .events(&EventFilter {
            source: Some("CHN".into()),
            cameo: Some("03".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(evs.len(), 1);
    assert_eq!(evs[0].cameo, "0332");
    // Negated events are kept but hidden unless asked for.
    assert_eq!(store.events(&EventFilter::default()).unwrap().len(), 1);
    assert_eq!(
        store
            .events(&EventFilter {
                include_negated: true,
                ..Default::default()
            })
            .unwrap()
            .len(),
        2
    );

    assert_eq!(store.stories(None).unwrap()[0].articles.len(), 2);
    assert_eq!(store.state("stories").unwrap(), Some(vec![1, 2, 3]));
    let rej = store.rejects().unwrap();
    assert_eq!(rej[0].line, Some(3));
    assert_eq!(rej[0].reason, "malformed-json");
    let mut fps = Vec::new();
    store
        .for_each_fingerprint(|id, _, d| fps.push((id.to_string(), d.to_vec())))
        .unwrap();
    assert_eq!(fps, vec![("a".to_string(), vec![9, 9])]);
    let c = store.counts().unwrap();
    assert_eq!(
        (c.articles, c.events, c.stories, c.relations, c.rejects),
        (2, 1, 1, 1, 1)
    );
}

#[test]
fn search_ranks_title_matches_and_survives_bad_syntax() {
    let mut store = Store::open_in_memory().unwrap();
    let mut b = Batch::default();
    b.articles.push(article(
        "a",
        "Mali asks ECOWAS for help",
        "The interim president asked for military help.",
    ));
    b.articles.push(article(
        "b",
        "Floods in Kenya",
        "Mali was mentioned once in passing.",
    ));
    store.write_batch(&b).unwrap();
    let hits = store.search("mali", 10).unwrap();
    assert_eq!(
        hits.iter().map(|h| h.id.as_str()).collect::<Vec<_>>(),
        vec!["a", "b"]
    );
    assert!(hits[1].snippet.contains("[Mali]"));
    // Unbalanced quotes and dangling operators are an error that says so,
    // not a search for something else.
    for bad in ["\"mali AND (", "ECOWAS\"", "mali AND", "U.S. aid"] {
        let e = store.search(bad, 10).unwrap_err();
        assert!(
            matches!(e, crate::StoreError::BadQuery { .. }),
            "{bad}: {e}"
        );
        assert!(e.to_string().contains("quoted phrases"), "{e}");
    }
    assert_eq!(store.search("\"U.S.\" mali", 10).unwrap().len(), 0);
}

#[test]
fn update_replaces_events_and_keeps_fts_in_sync() {
    let mut store = Store::open_in_memory().unwrap();
    let mut b = Batch::default();
    b.articles
        .push(article("a", "Old title", "Old body about Baghdad."));
    b.events.push(event("a", 0, "0332", "CHN", "IRQ", false));
    store.write_batch(&b).unwrap();
    let mut b = Batch::default();
    b.articles
        .push(article("a", "New title", "New body about Bamako."));
    store.write_batch(&b).unwrap();
    assert_eq!(store.counts().unwrap().articles, 1);
    assert_eq!(store.counts().unwrap().events, 0);
    assert!(store.search("baghdad", 5).unwrap().is_empty());
    assert_eq!(store.search("bamako", 5).unwrap().len(), 1);
    assert!(store.delete_article("a").unwrap());
    assert!(store.search("bamako", 5).unwrap().is_empty());
}

#[test]
fn redirects_follow_merged_stories() {
    let mut store = Store::open_in_memory().unwrap();
    let mut b = Batch::default();
    let mut a = article("a", "t", "x");
    a.article.story = Some("s-old".into());
    b.articles.push(a);
    b.stories.push(Story {
        id: "s-new".into(),
        title: "merged".into(),
        articles: vec!["a".into()],
        ..Story::default()
    });
    b.redirects.push(("s-old".into(), "s-new".into()));
    store.write_batch(&b).unwrap();
    assert_eq!(store.story("s-old").unwrap().unwrap().id, "s-new");
    assert_eq!(
        store.article("a").unwrap().unwrap().story.as_deref(),
        Some("s-new")
    );
}

#[test]
fn moves_reassign_stored_articles_after_a_split() {
    let mut store = Store::open_in_memory().unwrap();
    let mut b = Batch::default();
    for id in ["a", "b", "c"] {
        let mut x = article(id, "t", id);
        x.article.story = Some("s1".into());
        b.articles.push(x);
    }
    store.write_batch(&b).unwrap();
    // A later batch splits c off into s2 without rewriting c itself.
    let b = Batch {
        moves: vec![("c".into(), "s2".into())],
        ..Batch::default()
    };
    store.write_batch(&b).unwrap();
    let story = |id: &str| store.article(id).unwrap().unwrap().story;
    assert_eq!(story("a").as_deref(), Some("s1"));
    assert_eq!(story("b").as_deref(), Some("s1"));
    assert_eq!(story("c").as_deref(), Some("s2"));
}

#[test]
fn reopen_keeps_data_and_migrations_are_idempotent() {
    let dir = std::env::temp_dir().join(format!("herald-store-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("t.db");
    {
        let mut s = Store::open(&path).unwrap();
        let mut b = Batch::default();
        b.articles.push(article("a", "t", "persisted body"));
        s.write_batch(&b).unwrap();
    }
    let s = Store::open(&path).unwrap();
    assert_eq!(
        s.lookup("a").unwrap(),
        Some(("raw-a".to_string(), "a.txt".to_string()))
    );
    assert_eq!(s.lookup("zz").unwrap(), None);
    drop(s);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn read_only_open_reads_but_never_creates_or_writes() {
    let dir = std::env::temp_dir().join(format!("herald-ro-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("h.db");
    assert!(Store::open_read_only(&path).is_err(), "no file: no store");
    assert!(!path.exists());
    let mut w = Store::open(&path).unwrap();
    let mut b = Batch::default();
    b.articles.push(article("a", "Title", "Body text."));
    for (id, n) in [("s1", 3), ("s2", 2), ("s3", 1)] {
        b.stories.push(Story {
            id: id.into(),
            articles: (0..n).map(|i| format!("x{i}")).collect(),
            ..Story::default()
        });
    }
    w.write_batch(&b).unwrap();
    let mut r = Store::open_read_only(&path).unwrap();
    assert_eq!(
        r.article_without_relations("a")
            .unwrap()
            .unwrap()
            .title
            .as_deref(),
        Some("Title")
    );
    let page: Vec<String> = r
        .stories_page(1, Some(5))
        .unwrap()
        .into_iter()
        .map(|s| s.id)
        .collect();
    assert_eq!(page, ["s2", "s3"]);
    assert!(
        r.write_batch(&Batch {
            articles: vec![article("b", "t", "x")],
            ..Batch::default()
        })
        .is_err()
    );
    drop((r, w));
    let _ = std::fs::remove_dir_all(&dir);
}

fn thread(id: &str, stories: &[&str], articles: usize) -> Thread {
    Thread {
        id: id.into(),
        stories: stories.iter().map(|s| s.to_string()).collect(),
        first_seen: Some("2024-01-02".into()),
        last_seen: Some("2024-03-04".into()),
        article_count: articles,
        top_terms: vec!["Mali".into()],
        related: Vec::new(),
    }
}

#[test]
fn threads_are_replaced_as_a_whole_and_found_by_story() {
    let mut s = Store::open_in_memory().unwrap();
    s.write_batch(&Batch {
        threads: Some(vec![
            thread("t1", &["s1", "s2"], 5),
            thread("t2", &["s3"], 9),
            thread("t3", &["s4", "s5", "s6"], 7),
        ]),
        ..Batch::default()
    })
    .unwrap();
    let ids = |v: Vec<Thread>| v.into_iter().map(|t| t.id).collect::<Vec<_>>();
    assert_eq!(ids(s.threads_page(2, 0, None).unwrap()), ["t3", "t1"]);
    assert_eq!(ids(s.threads_page(1, 1, Some(1)).unwrap()), ["t3"]);
    assert_eq!(s.thread_of_story("s2").unwrap().as_deref(), Some("t1"));
    assert_eq!(s.thread("t3").unwrap().unwrap().stories.len(), 3);
    assert_eq!(s.counts().unwrap().threads, 2);
    // A batch without threads leaves them; one with threads replaces them.
    s.write_batch(&Batch::default()).unwrap();
    assert_eq!(s.counts().unwrap().threads, 2);
    s.write_batch(&Batch {
        threads: Some(vec![thread("t9", &["s1", "s2", "s3"], 14)]),
        ..Batch::default()
    })
    .unwrap();
    assert_eq!(ids(s.threads_page(1, 0, None).unwrap()), ["t9"]);
    assert_eq!(s.thread_of_story("s4").unwrap(), None);
    assert_eq!(s.thread_of_story("s3").unwrap().as_deref(), Some("t9"));
    assert!(s.thread("t1").unwrap().is_none());
}

#[test]
fn a_store_from_the_first_schema_is_migrated() {
    let dir = tempdir_for("herald-migrate");
    let path = dir.join("v1.db");
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(schema::MIGRATIONS[0]).unwrap();
        conn.pragma_update(None, "user_version", 1).unwrap();
    }
    assert!(matches!(
        Store::open_read_only(&path),
        Err(StoreError::NeedsMigration { found: 1, .. })
    ));
    let s = Store::open(&path).unwrap();
    assert_eq!(s.counts().unwrap().threads, 0);
    assert!(s.threads_page(1, 0, None).unwrap().is_empty());
    drop(s);
    let _ = std::fs::remove_dir_all(&dir);
}

fn tempdir_for(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn processes_creating_one_database_at_once_do_not_race_on_the_schema() {
    // Before migrations ran in an immediate transaction that re-reads the
    // version, the second opener failed with "table articles already exists".
    for round in 0..20 {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(format!("race{round}.db"));
        let handles: Vec<_> = (0..4)
            .map(|_| {
                let p = path.clone();
                std::thread::spawn(move || Store::open(&p).map(|_| ()))
            })
            .collect();
        for h in handles {
            h.join().unwrap().unwrap();
        }
    }
}
