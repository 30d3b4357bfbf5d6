//! A panic in one article's stage rejects that article; the batch and the
//! run go on.

use super::*;
use crate::guard::FAULTS;

const TEXTS: &[&str] = &[
    "China offered military aid to Mali on Tuesday, officials in Bamako said.",
    "Floods swept through Dhaka on Thursday, displacing thousands of families.",
    "The central bank raised interest rates by half a point to curb inflation.",
    "Police in Lagos arrested twelve people after protests over fuel prices.",
    "Russia and Ukraine held talks in Istanbul about a prisoner exchange.",
];

fn write_jsonl(path: &std::path::Path, docs: &[(String, String)]) {
    let lines: Vec<String> = docs
        .iter()
        .map(|(id, text)| {
            serde_json::json!({"id": id, "published": "2024-05-02", "text": text}).to_string()
        })
        .collect();
    std::fs::write(path, lines.join("\n") + "\n").unwrap();
}

#[test]
fn a_panicking_stage_rejects_one_article_and_the_rest_are_stored() {
    let dir = tempfile::tempdir().unwrap();
    let mut docs: Vec<(String, String)> = TEXTS
        .iter()
        .enumerate()
        .map(|(i, t)| (format!("fault-test-ok-{i}"), t.to_string()))
        .collect();
    // A document that panicked the event coder before heads were remapped
    // into each 120-token piece: 300 of these words with no punctuation.
    let words: Vec<&str> = TEXTS
        .iter()
        .flat_map(|t| t.split(' '))
        .map(|w| w.trim_matches(['.', ',']))
        .collect();
    let mut x: u64 = 1;
    let run_on = (0..300)
        .map(|_| {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            words[(x >> 33) as usize % words.len()]
        })
        .collect::<Vec<_>>()
        .join(" ");
    docs.insert(2, ("fault-test-run-on".into(), run_on));
    docs.insert(
        4,
        ("fault-test-boom".into(), TEXTS[0].replace("Mali", "Chad")),
    );
    let input = dir.path().join("in.jsonl");
    write_jsonl(&input, &docs);
    FAULTS
        .lock()
        .unwrap()
        .push(("fault-test-boom".into(), "events"));

    let store = Store::open(&dir.path().join("h.db")).unwrap();
    let mut p = Pipeline::open(store).unwrap();
    p.batch_size = 2; // the fault sits in a middle batch
    let summary = p
        .ingest(std::slice::from_ref(&input), &no_progress)
        .unwrap();

    assert_eq!(summary.rejected, 1, "{}", summary.line());
    assert_eq!(summary.new, docs.len() - 1, "{}", summary.line());
    let store = p.store();
    let rejects = store.rejects().unwrap();
    assert_eq!(rejects.len(), 1, "{rejects:?}");
    let r = &rejects[0];
    assert_eq!(r.reason, "panic-events");
    assert!(r.fatal);
    assert!(r.input.ends_with("in.jsonl:5"), "{r}");
    assert!(r.detail.contains("events stage panicked"), "{r}");
    assert!(r.detail.contains("injected fault"), "{r}");
    assert!(r.detail.contains("fault-test-boom"), "{r}");
    for (id, _) in &docs {
        let stored = store.article(id).unwrap().is_some();
        assert_eq!(stored, id != "fault-test-boom", "{id}");
    }
    assert!(summary.events >= 1, "{}", summary.line());
    drop(store);

    // Not stored, so not known: the same input again is tried again.
    let again = p.ingest(&[input], &no_progress).unwrap();
    assert_eq!(
        (again.known, again.new, again.rejected),
        (docs.len() - 1, 0, 1),
        "{}",
        again.line()
    );
}

#[test]
fn a_batch_size_out_of_range_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.jsonl");
    write_jsonl(&input, &[("b".into(), TEXTS[1].into())]);
    for size in [0, MAX_BATCH + 1, usize::MAX] {
        let store = Store::open(&dir.path().join("b.db")).unwrap();
        let mut p = Pipeline::open(store).unwrap();
        p.batch_size = size;
        let err = p
            .ingest(std::slice::from_ref(&input), &no_progress)
            .unwrap_err();
        assert!(
            format!("{err}").contains("batch size must be 1 to 100000"),
            "{err}"
        );
    }
}
