//! The same input gives the same store however it is cut: one run, two
//! runs, batch sizes 1, 7 and 64, and a restart that lost the story
//! clusterer's saved state.

use super::*;

/// Sites with their chrome lines (repeated lines the extractor learns).
const SITES: &[(&str, &[&str])] = &[
    (
        "valleygazette.example",
        &[
            "Subscribe to the Valley Gazette",
            "Share on social media",
            "Read more from our region desk",
        ],
    ),
    (
        "harbourtimes.example",
        &["Harbour Times home", "Sign up for alerts", "More stories"],
    ),
    ("plainwire.example", &[]),
];

const ACTORS: &[&str] = &[
    "China", "Mali", "France", "Kenya", "Brazil", "Japan", "Egypt",
];
const PLACES: &[&str] = &["Bamako", "Nairobi", "Cairo", "Osaka", "Recife", "Lyon"];
const ACTS: &[(&str, &str, &str)] = &[
    (
        "offered military aid to",
        "The aid package includes armoured trucks, field radios and night goggles.",
        "Army engineers will train local crews to maintain the vehicles",
    ),
    (
        "accused",
        "The accusation concerned artillery shelling of villages near the northern border.",
        "Refugees fleeing the shelling crossed the river at dawn",
    ),
    (
        "signed a trade agreement with",
        "The agreement cuts tariffs on grain, copper and steel over five years.",
        "Exporters of coffee and cotton welcomed the lower duties",
    ),
    (
        "condemned",
        "The statement called the cyber attack on the electricity grid a crime.",
        "Hackers shut down power stations for eleven hours",
    ),
    (
        "met the foreign minister of",
        "The two ministers discussed a prisoner exchange and consular visits.",
        "Families of detained sailors waited outside the embassy",
    ),
];

/// About sixty articles: topics that recur (stories), chrome shared per
/// site, exact copies and edited copies (relations), in date order with
/// some out of order.
fn fixture() -> Vec<serde_json::Value> {
    let mut out = Vec::new();
    let mut n = 0;
    for round in 0..4 {
        for (t, &(verb, detail, colour)) in ACTS.iter().enumerate() {
            for k in 0..3 {
                let a = ACTORS[(t + k + round) % ACTORS.len()];
                let b = ACTORS[(t + 2 * k + 3) % ACTORS.len()];
                if a == b {
                    continue;
                }
                let place = PLACES[(t * 3 + k) % PLACES.len()];
                let (site, chrome) = SITES[(n + round) % SITES.len()];
                let day = 1 + (t * 2 + round * 3 + k) % 27;
                let mut lines: Vec<String> = chrome.iter().take(2).map(|c| c.to_string()).collect();
                lines.push(format!(
                    "{a} {verb} {b} in {place} on Tuesday, officials said."
                ));
                lines.push(detail.to_string());
                lines.push(format!("{colour} in {place}, witnesses told reporters."));
                if k == 1 {
                    lines.push(format!("{b} said it would respond to {a} within a week."));
                }
                lines.extend(chrome.iter().skip(2).map(|c| c.to_string()));
                let text = lines.join("\n\n");
                let id = format!("eq-{n:03}");
                out.push(serde_json::json!({
                    "id": id,
                    "site": site,
                    "published": format!("2024-03-{day:02}"),
                    "title": format!("{a} {verb} {b}"),
                    "text": text,
                }));
                n += 1;
                // Every fourth article is copied: exactly, or with an edit.
                if n % 4 == 0 {
                    let edited = if n % 8 == 0 {
                        text.clone()
                    } else {
                        text.replace("witnesses told reporters", "a witness told this newspaper")
                    };
                    out.push(serde_json::json!({
                        "id": format!("eq-{n:03}-copy"),
                        "site": "plainwire.example",
                        "published": format!("2024-03-{:02}", (day + 1).min(28)),
                        "title": format!("{a} {verb} {b}"),
                        "text": edited,
                    }));
                }
            }
        }
    }
    out
}

fn write(path: &std::path::Path, docs: &[serde_json::Value]) {
    let lines: Vec<String> = docs.iter().map(|d| d.to_string()).collect();
    std::fs::write(path, lines.join("\n") + "\n").unwrap();
}

type Dump = Vec<(&'static str, Vec<String>)>;

/// A scenario's folder: its database `store.db` and its feed `feed.jsonl`.
fn scenario(dir: &std::path::Path, name: &str) -> std::path::PathBuf {
    let d = dir.join(name);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// One run over `docs` (written as the scenario's feed, so a run that reads
/// a longer feed sees the earlier records at the same input lines).
fn run(dir: &std::path::Path, docs: &[serde_json::Value], batch: usize) -> Summary {
    let input = dir.join("feed.jsonl");
    write(&input, docs);
    let mut p = Pipeline::open(Store::open(&dir.join("store.db")).unwrap()).unwrap();
    p.batch_size = batch;
    p.ingest(&[input], &no_progress).unwrap()
}

/// The scenario's store content, with its folder name made neutral.
fn dump(dir: &std::path::Path) -> Dump {
    let name = dir.display().to_string();
    Store::open(&dir.join("store.db"))
        .unwrap()
        .content_dump()
        .unwrap()
        .into_iter()
        .map(|(t, rows)| {
            (
                t,
                rows.into_iter().map(|r| r.replace(&name, "DIR")).collect(),
            )
        })
        .collect()
}

/// Ingests each of `runs` in its own run (a fresh pipeline over the same
/// database) with `batch` articles per batch; returns the store's content.
fn ingest_runs(
    dir: &std::path::Path,
    name: &str,
    runs: &[&[serde_json::Value]],
    batch: usize,
) -> Dump {
    let d = scenario(dir, name);
    for docs in runs {
        run(&d, docs, batch);
    }
    dump(&d)
}

fn assert_same(what: &str, a: &Dump, b: &Dump) {
    for ((table, x), (_, y)) in a.iter().zip(b) {
        if x != y {
            let first = x
                .iter()
                .zip(y)
                .position(|(p, q)| p != q)
                .unwrap_or(x.len().min(y.len()));
            panic!(
                "{what}: table {table} differs ({} vs {} rows); first difference at row {first}:\n{:?}\n{:?}",
                x.len(),
                y.len(),
                x.get(first),
                y.get(first)
            );
        }
    }
}

#[test]
fn one_run_two_runs_and_every_batch_size_store_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let docs = fixture();
    assert!(docs.len() >= 50, "{}", docs.len());
    let whole = ingest_runs(dir.path(), "whole", &[&docs], 256);
    // The fixture exercises every stateful stage.
    let rows = |t: &str| whole.iter().find(|x| x.0 == t).unwrap().1.len();
    assert_eq!(rows("articles"), docs.len());
    assert!(rows("relations") >= 10, "relations {}", rows("relations"));
    // Three or more: since story term weights come from the shipped
    // Wikinews table (issue #21) rather than from these sixty templated
    // articles, the shared template no longer looks rare, and the five
    // topics form three to five stories.
    assert!(
        rows("stories") >= 3 && rows("stories") < docs.len(),
        "stories {}",
        rows("stories")
    );
    assert!(rows("events") > 0);
    let articles = &whole.iter().find(|x| x.0 == "articles").unwrap().1;
    assert!(
        articles
            .iter()
            .filter(|a| a.contains("valleygazette"))
            .all(|a| !a.contains("Share on social media\\n")),
        "site chrome is removed from stored text"
    );

    let k = docs.len() / 2 + 3;
    let two = ingest_runs(dir.path(), "two", &[&docs[..k], &docs], 256);
    assert_same("two runs", &whole, &two);
    for batch in [1, 7, 64] {
        let cut = ingest_runs(dir.path(), &format!("batch{batch}"), &[&docs], batch);
        assert_same(&format!("batch size {batch}"), &whole, &cut);
    }
}

/// Replaces the saved clusterer state (and its mark) with `saved`, or
/// deletes it; marks threads as behind. What a kill leaves when it comes
/// after batches committed since the clusterer was last saved.
fn lose_clusterer_state(db: &std::path::Path, saved: Option<(Vec<u8>, Vec<u8>)>) {
    let mut store = Store::open(db).unwrap();
    let mut batch = Batch {
        state_clear: vec![STATE_STORIES.into()],
        state: vec![(THREADS_PENDING.into(), b"1".to_vec())],
        ..Batch::default()
    };
    if let Some((state, mark)) = saved {
        batch.state.push((STATE_STORIES.into(), state));
        batch.state.push((STORIES_MARK.into(), mark));
    }
    store.write_batch(&batch).unwrap();
}

#[test]
fn a_restart_replays_what_the_saved_clusterer_had_not_seen() {
    let dir = tempfile::tempdir().unwrap();
    let docs = fixture();
    let whole = ingest_runs(dir.path(), "whole", &[&docs], 16);

    // Killed before the clusterer was ever saved: 29 articles committed.
    let d = scenario(dir.path(), "never-saved");
    run(&d, &docs[..29], 16);
    lose_clusterer_state(&d.join("store.db"), None);
    let s = run(&d, &docs, 16);
    assert_eq!(s.known, 29);
    assert_same("restart with no saved clusterer", &whole, &dump(&d));

    // Saved after 16 articles, killed after 40 were committed.
    let d = scenario(dir.path(), "saved-early");
    run(&d, &docs[..16], 16);
    let saved = {
        let store = Store::open(&d.join("store.db")).unwrap();
        (
            store.state(STATE_STORIES).unwrap().unwrap(),
            store.state(STORIES_MARK).unwrap().unwrap(),
        )
    };
    run(&d, &docs[..40], 16);
    lose_clusterer_state(&d.join("store.db"), Some(saved));
    let s = run(&d, &docs, 16);
    assert_eq!(s.known, 40);
    assert_same("restart from an early clusterer save", &whole, &dump(&d));
}
