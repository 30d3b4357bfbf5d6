//! End-to-end tests of the `herald` binary on fixtures written here.

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

const AID_1: &str = "Chinese Offer To Mali\n\nBAMAKO, Mali, Oct. 2, 2012 — China has offered to support Mali's military in its fight against Islamist rebels, a senior Chinese diplomat said on Tuesday.\n\nThe diplomat said Beijing would provide equipment and training to the Malian army. Mali's interim president asked the Economic Community of West African States for military help earlier this month.\n\nFollow Us on Twitter\n";
const AID_2: &str = "Chinese Offer To Mali\n\nBAMAKO, Mali, Oct. 2, 2012 — China has offered to support Mali's military in its fight against Islamist rebels, a senior Chinese diplomat said on Tuesday.\n\nThe diplomat said Beijing would provide equipment and training to the Malian army. Mali's interim president asked the Economic Community of West African States for military help earlier this month.\n\nFollow Us on Twitter\n";
const FLOOD: &str = "Floods Displace Thousands In Kenya\n\nNAIROBI, April 4, 2024 — Heavy rains flooded the Tana River valley this week, displacing thousands of families, the Kenyan Red Cross said.\n\nThe government of Kenya appealed to the United Nations for emergency assistance, and aid agencies began distributing food and clean water.\n";

fn herald(db: &Path) -> Command {
    let mut c = Command::cargo_bin("herald").expect("binary built");
    c.arg("--db").arg(db).env_remove("HERALD_DB");
    c
}

fn fixture_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = dir.path();
    std::fs::create_dir_all(p.join("site")).unwrap();
    std::fs::write(p.join("site/mali-offer.txt"), AID_1).unwrap();
    std::fs::write(p.join("site/mali-offer-copy.txt"), AID_2).unwrap();
    std::fs::write(p.join("site/kenya-floods.txt"), FLOOD).unwrap();
    let jsonl = [
        serde_json::json!({"id": "wire-1", "title": "Kenya asks UN for flood aid", "published": "2024-04-05", "site": "wire.example",
            "text": "Kenya asked the United Nations for emergency flood aid on Friday after heavy rains displaced thousands of families along the Tana River."}),
    ];
    let mut s = String::new();
    for j in &jsonl {
        s.push_str(&j.to_string());
        s.push('\n');
    }
    std::fs::write(p.join("wire.jsonl"), s).unwrap();
    dir
}

fn stdout_json_lines(out: &[u8]) -> Vec<Value> {
    String::from_utf8_lossy(out)
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("valid JSON line"))
        .collect()
}

#[test]
fn ingest_is_idempotent_and_says_so() {
    let fx = fixture_dir();
    let dbdir = tempfile::tempdir().unwrap();
    let db = dbdir.path().join("h.db");
    let first = herald(&db)
        .arg("ingest")
        .arg(fx.path().join("site"))
        .arg(fx.path().join("wire.jsonl"))
        .arg("--json")
        .output()
        .unwrap();
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let s: Value = serde_json::from_slice(&first.stdout).unwrap();
    assert_eq!(s["new"], 4);
    assert_eq!(s["known"], 0);
    let again = herald(&db).arg("ingest").arg(fx.path()).output().unwrap();
    assert!(again.status.success());
    let line = String::from_utf8_lossy(&again.stdout);
    assert!(line.contains("0 new, 4 already known"), "{line}");
    let status = herald(&db).args(["status", "--json"]).output().unwrap();
    let c: Value = serde_json::from_slice(&status.stdout).unwrap();
    assert_eq!(c["articles"], 4);
}

#[test]
fn run_writes_the_five_files_with_the_public_schema() {
    let fx = fixture_dir();
    let out = fx.path().join("out");
    let o = Command::cargo_bin("herald")
        .unwrap()
        .env_remove("HERALD_DB")
        .arg("run")
        .arg(fx.path().join("site"))
        .arg(fx.path().join("wire.jsonl"))
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    for f in [
        "articles.jsonl",
        "stories.jsonl",
        "threads.jsonl",
        "events.jsonl",
        "rejects.jsonl",
    ] {
        assert!(out.join(f).exists(), "{f} written");
    }
    let articles = stdout_json_lines(&std::fs::read(out.join("articles.jsonl")).unwrap());
    assert_eq!(articles.len(), 4);
    for a in &articles {
        for key in [
            "id",
            "input",
            "url",
            "site",
            "title",
            "published",
            "authors",
            "text",
            "removed",
            "cites",
            "story",
            "relations",
        ] {
            assert!(a.get(key).is_some(), "article field {key} in {a}");
        }
    }
    // The two identical files are related as exact copies, both ways.
    let by_id = |id: &str| articles.iter().find(|a| a["id"] == id).unwrap().clone();
    let copy = by_id("mali-offer-copy");
    let rels = copy["relations"].as_array().unwrap();
    assert!(
        rels.iter()
            .any(|r| r["article"] == "mali-offer" && r["type"] == "exact"),
        "{rels:?}"
    );
    assert_eq!(by_id("mali-offer")["story"], copy["story"]);
    assert_ne!(by_id("mali-offer")["story"], by_id("kenya-floods")["story"]);
    // The JSONL id is kept; JSONL metadata wins.
    let wire = by_id("wire-1");
    assert_eq!(wire["published"], "2024-04-05");
    assert_eq!(wire["site"], "wire.example");
    let stories = stdout_json_lines(&std::fs::read(out.join("stories.jsonl")).unwrap());
    for s in &stories {
        for key in ["id", "title", "articles", "first_seen", "last_seen"] {
            assert!(s.get(key).is_some(), "story field {key}");
        }
    }
    let events = stdout_json_lines(&std::fs::read(out.join("events.jsonl")).unwrap());
    for e in &events {
        for key in [
            "id",
            "article",
            "sentence",
            "span",
            "date",
            "source",
            "target",
            "cameo",
            "plover",
            "quad_class",
            "goldstein",
            "negated",
            "place",
        ] {
            assert!(e.get(key).is_some(), "event field {key}");
        }
        assert!(e["source"]["code"].is_string());
    }
}

#[test]
fn bad_inputs_are_rejected_listed_and_the_batch_goes_on() {
    let fx = fixture_dir();
    let p = fx.path();
    std::fs::write(p.join("broken.jsonl"), "{\"id\":\"ok-1\",\"text\":\"Kenya thanked the United Nations for flood aid on Monday.\"}\n{not json\n{\"id\":\"no-text\"}\n").unwrap();
    std::fs::write(p.join("empty.txt"), "").unwrap();
    std::fs::write(p.join("image.png"), [0x89u8, b'P', b'N', b'G', 0, 0, 1, 2]).unwrap();
    std::fs::write(
        p.join("latin1.txt"),
        b"Caf\xe9 owners in Nairobi protested new taxes on Monday, police said.\n",
    )
    .unwrap();
    let db = p.join("h.db");
    let o = herald(&db).arg("ingest").arg(p).output().unwrap();
    assert_eq!(o.status.code(), Some(1), "rejects make the exit code 1");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("broken.jsonl:2"),
        "names the file and line: {err}"
    );
    for reason in [
        "malformed-json",
        "missing-text",
        "empty",
        "unknown-extension",
        "invalid-utf8",
    ] {
        assert!(err.contains(reason), "reason {reason} in {err}");
    }
    let rejects = herald(&db).args(["rejects", "--json"]).output().unwrap();
    let listed = stdout_json_lines(&rejects.stdout);
    assert!(
        listed
            .iter()
            .any(|r| r["reason"] == "malformed-json" && r["line"] == 2)
    );
    // Good documents of the same batch, and of the broken file, were stored.
    let show = herald(&db)
        .args(["show", "ok-1", "--json"])
        .output()
        .unwrap();
    assert!(show.status.success());
    let latin = herald(&db)
        .args(["show", "latin1", "--json"])
        .output()
        .unwrap();
    let a: Value = serde_json::from_slice(&latin.stdout).unwrap();
    assert!(a["text"].as_str().unwrap().contains("Caf\u{fffd} owners"));
}

#[test]
fn search_show_events_and_exports() {
    let fx = fixture_dir();
    let dbdir = tempfile::tempdir().unwrap();
    let db = dbdir.path().join("h.db");
    herald(&db).arg("ingest").arg(fx.path()).assert().success();
    let hits = herald(&db)
        .args(["search", "Tana", "--json"])
        .output()
        .unwrap();
    let hits = stdout_json_lines(&hits.stdout);
    assert!(hits.iter().any(|h| h["id"] == "kenya-floods"));
    herald(&db).args(["show", "no-such-id"]).assert().code(2);
    herald(&db).args(["stories"]).assert().success();

    let gdelt = herald(&db)
        .args(["export", "--format", "gdelt"])
        .output()
        .unwrap();
    assert!(gdelt.status.success());
    let rows: Vec<Vec<String>> = String::from_utf8_lossy(&gdelt.stdout)
        .lines()
        .map(|l| l.split('\t').map(str::to_string).collect())
        .collect();
    for r in &rows {
        assert_eq!(r.len(), 61, "61 GDELT columns: {r:?}");
    }
    // The two copies of the Mali story report the same event: one row,
    // two mentions in two articles (NumMentions, NumSources, NumArticles).
    let mali: Vec<&Vec<String>> = rows
        .iter()
        .filter(|r| r[5].starts_with("CHN") && r[15].starts_with("MLI"))
        .collect();
    assert!(!mali.is_empty(), "a CHN -> MLI row: {rows:?}");
    assert!(
        mali.iter().any(|r| r[31] == "2" && r[33] == "2"),
        "{mali:?}"
    );
    let pq = dbdir.path().join("articles.parquet");
    herald(&db)
        .args([
            "export", "--format", "parquet", "--what", "articles", "--out",
        ])
        .arg(&pq)
        .assert()
        .success();
    let bytes = std::fs::read(&pq).unwrap();
    assert_eq!(&bytes[..4], b"PAR1");
    let jl = herald(&db)
        .args(["export", "--format", "jsonl", "--what", "articles"])
        .output()
        .unwrap();
    assert_eq!(stdout_json_lines(&jl.stdout).len(), 4);

    // Deleting the original leaves its copy without the relation; re-ingest brings both back.
    herald(&db)
        .args(["delete", "mali-offer"])
        .assert()
        .success();
    herald(&db).args(["delete", "mali-offer"]).assert().code(1);
    let copy = herald(&db)
        .args(["show", "mali-offer-copy", "--json"])
        .output()
        .unwrap();
    let copy: Value = serde_json::from_slice(&copy.stdout).unwrap();
    assert!(copy["relations"].as_array().unwrap().is_empty(), "{copy}");
    let again = herald(&db)
        .arg("ingest")
        .arg(fx.path().join("site"))
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&again.stdout).contains("1 new, 2 already known"));
    let orig = herald(&db)
        .args(["show", "mali-offer", "--json"])
        .output()
        .unwrap();
    let orig: Value = serde_json::from_slice(&orig.stdout).unwrap();
    assert!(
        orig["relations"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["article"] == "mali-offer-copy"),
        "{orig}"
    );
}

#[test]
fn extract_prints_one_object_per_document() {
    let fx = fixture_dir();
    let o = Command::cargo_bin("herald")
        .unwrap()
        .arg("extract")
        .arg(fx.path().join("site"))
        .output()
        .unwrap();
    assert!(o.status.success());
    let docs = stdout_json_lines(&o.stdout);
    assert_eq!(docs.len(), 3);
    for d in &docs {
        for key in [
            "input",
            "id",
            "title",
            "published",
            "authors",
            "site",
            "text",
            "removed",
            "cites",
        ] {
            assert!(d.get(key).is_some(), "extract field {key}");
        }
        assert!(!d["text"].as_str().unwrap().contains("Follow Us on Twitter"));
    }
}

#[test]
fn stdin_is_read() {
    let fx = tempfile::tempdir().unwrap();
    let db = fx.path().join("h.db");
    let line = "{\"id\":\"s1\",\"text\":\"Brazil and the United States signed a trade agreement in Brasilia on Monday.\"}\n";
    let o = herald(&db)
        .args(["ingest", "-", "--json"])
        .write_stdin(line)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let s: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(s["new"], 1);
}

#[test]
fn help_on_every_subcommand() {
    for sub in [
        "ingest", "run", "extract", "stories", "show", "search", "events", "export", "rejects",
        "status", "demo", "bench", "compare", "delete", "eval", "parse", "nlp",
    ] {
        Command::cargo_bin("herald")
            .unwrap()
            .args([sub, "--help"])
            .assert()
            .success();
    }
}

#[test]
fn parse_prints_conllu_with_heads_and_entities() {
    // The default (greedy) parser and the beam-search one (`--accurate`).
    for args in [&["parse"][..], &["parse", "--accurate"]] {
        let o = Command::cargo_bin("herald")
            .unwrap()
            .args(args)
            .write_stdin("Iraqi Foreign Minister Ibrahim Jafari met Wang Yi in New York on Monday.")
            .output()
            .unwrap();
        assert!(
            o.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        let out = String::from_utf8_lossy(&o.stdout);
        let rows: Vec<Vec<&str>> = out
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(|l| l.split('\t').collect())
            .collect();
        assert!(rows.len() >= 12, "{out}");
        assert!(rows.iter().all(|r| r.len() == 10), "10 CoNLL-U columns");
        // Exactly one root, and the verb "met" is it.
        let roots: Vec<_> = rows.iter().filter(|r| r[6] == "0").collect();
        assert_eq!(roots.len(), 1, "{args:?}: {out}");
        assert_eq!(roots[0][1], "met", "{args:?}");
    }
}

#[test]
fn embeddings_flag_fails_clearly_without_a_usable_model() {
    let dir = fixture_dir();
    let db = dir.path().join("h.db");
    let missing = dir.path().join("no-model");
    let out = herald(&db)
        .arg("ingest")
        .arg(dir.path().join("site"))
        .arg("--embeddings")
        .arg(&missing)
        .env_remove("HERALD_EMBEDDINGS")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    // Either build: the message names the folder, and without the feature
    // it says how to get it.
    assert!(err.contains("no-model"), "{err}");
    if !cfg!(feature = "embeddings") {
        assert!(err.contains("--features embeddings"), "{err}");
    }
}

/// Two spells of one ongoing topic, months apart, plus an unrelated story.
fn thread_fixture(dir: &Path) -> std::path::PathBuf {
    let rows = [
        (
            "dam-1",
            "2024-03-04",
            "Ethiopia fills Grand Renaissance Dam as Egypt protests",
            "Ethiopia began the fourth filling of the Grand Ethiopian Renaissance Dam on the Blue Nile, and Egypt protested to the African Union that Addis Ababa acted alone. Sudan called for talks on the dam.",
        ),
        (
            "dam-2",
            "2024-03-05",
            "Egypt protests Ethiopian dam filling",
            "Egypt lodged a protest with the African Union on Tuesday after Ethiopia started filling the Grand Ethiopian Renaissance Dam on the Blue Nile again. Sudan urged Addis Ababa and Cairo to resume talks.",
        ),
        (
            "dam-3",
            "2024-07-20",
            "Blue Nile dam talks resume in Addis Ababa",
            "Talks between Ethiopia, Egypt and Sudan on the Grand Ethiopian Renaissance Dam resumed in Addis Ababa on Saturday under African Union mediation, months after the fourth filling of the Blue Nile dam.",
        ),
        (
            "dam-4",
            "2024-07-21",
            "Egypt, Ethiopia and Sudan meet on Renaissance Dam",
            "Egyptian, Ethiopian and Sudanese negotiators met in Addis Ababa over the Grand Ethiopian Renaissance Dam on the Blue Nile, the African Union said, the first talks since the filling in March.",
        ),
        (
            "chess-1",
            "2024-07-20",
            "Norwegian wins chess title in Oslo",
            "A Norwegian grandmaster won the national chess championship in Oslo on Saturday after a tense final round against a rival from Bergen.",
        ),
    ];
    let mut s = String::new();
    for (id, day, title, text) in rows {
        s.push_str(&serde_json::json!({"id": id, "published": day, "title": title, "site": "news.example", "text": text}).to_string());
        s.push('\n');
    }
    let path = dir.join("dam.jsonl");
    std::fs::write(&path, s).unwrap();
    path
}

#[test]
fn threads_link_stories_months_apart() {
    let dir = tempfile::tempdir().unwrap();
    let input = thread_fixture(dir.path());
    let db = dir.path().join("h.db");
    herald(&db).arg("ingest").arg(&input).assert().success();
    let stories = stdout_json_lines(
        &herald(&db)
            .args(["stories", "--json"])
            .output()
            .unwrap()
            .stdout,
    );
    let story_of = |a: &str| {
        stories
            .iter()
            .find(|s| s["articles"].as_array().unwrap().iter().any(|x| x == a))
            .cloned()
            .unwrap()
    };
    // March and July are separate stories, one thread.
    assert_ne!(story_of("dam-1")["id"], story_of("dam-3")["id"]);
    let thread = story_of("dam-1")["thread"].clone();
    assert!(thread.is_string(), "{stories:?}");
    assert_eq!(story_of("dam-3")["thread"], thread);
    assert!(story_of("chess-1").get("thread").is_none());

    let threads = stdout_json_lines(
        &herald(&db)
            .args(["threads", "--json"])
            .output()
            .unwrap()
            .stdout,
    );
    assert_eq!(threads.len(), 1, "{threads:?}");
    assert_eq!(threads[0]["id"], thread);
    assert_eq!(threads[0]["size"], 2);
    assert_eq!(threads[0]["article_count"], 4);
    assert_eq!(threads[0]["first_seen"], "2024-03-04");

    let tid = thread.as_str().unwrap();
    let shown = herald(&db).args(["show", tid]).output().unwrap();
    assert!(shown.status.success());
    let text = String::from_utf8_lossy(&shown.stdout);
    assert!(text.contains("stories   2"), "{text}");
    let exported = herald(&db)
        .args(["export", "--what", "threads"])
        .output()
        .unwrap();
    assert_eq!(stdout_json_lines(&exported.stdout).len(), 1);
    let status = herald(&db).arg("status").output().unwrap();
    assert!(String::from_utf8_lossy(&status.stdout).contains("1 threads"));
}

/// Every command that prints, with stdout on a full device: a clean error
/// and exit code 2, never a panic ("failed printing to stdout").
#[test]
fn a_full_stdout_is_a_clean_error_not_a_panic() {
    let full = Path::new("/dev/full");
    if !full.exists() {
        eprintln!("SKIPPED: no /dev/full");
        return;
    }
    let dir = fixture_dir();
    let store = tempfile::tempdir().unwrap();
    let db = store.path().join("h.db");
    herald(&db).arg("ingest").arg(dir.path()).assert().success();
    let id = "wire-1";
    for args in [
        vec!["status"],
        vec!["status", "--json"],
        vec!["stories"],
        vec!["show", id],
        vec!["search", "flood"],
        vec!["events"],
        vec!["rejects"],
        vec!["ingest", "--json", "wire.jsonl"],
    ] {
        let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("herald"))
            .arg("--db")
            .arg(&db)
            .args(&args)
            .current_dir(dir.path())
            .env_remove("HERALD_DB")
            .env("RUST_BACKTRACE", "0")
            .stdout(std::fs::File::create(full).unwrap())
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            err.contains("writing to standard output"),
            "{args:?}: {err}"
        );
    }
}

#[test]
fn delete_waits_for_a_running_ingest_and_then_deletes() {
    let fx = fixture_dir();
    let dbdir = tempfile::tempdir().unwrap();
    let db = dbdir.path().join("h.db");
    let ingest = herald(&db)
        .arg("ingest")
        .arg(fx.path().join("wire.jsonl"))
        .output()
        .unwrap();
    assert!(ingest.status.success());
    // Hold the writer lock as an ingest does.
    let lock = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(dbdir.path().join("h.db.lock"))
        .unwrap();
    lock.lock().unwrap();
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("herald"))
        .arg("--db")
        .arg(&db)
        .args(["delete", "wire-1"])
        .env_remove("HERALD_DB")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(700));
    assert!(
        child.try_wait().unwrap().is_none(),
        "delete must wait for the writer"
    );
    drop(lock);
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("waiting for it to finish"), "{err}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("deleted wire-1"));
    let status = herald(&db).args(["status", "--json"]).output().unwrap();
    let c: Value = serde_json::from_slice(&status.stdout).unwrap();
    assert_eq!(c["articles"], 0);
}
