//! What an analyst sees is right: read-only stores, filters that say what
//! they accept, deletes that leave no trace in stories, rejects listed once,
//! and the other issue #23 regressions. Fixtures are the bundled samples
//! (ingested once, copied per test) and small files written here.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use assert_cmd::Command;
use serde_json::Value;

fn herald(db: &Path) -> Command {
    let mut c = Command::cargo_bin("herald").expect("binary built");
    c.arg("--db").arg(db).env_remove("HERALD_DB");
    c
}

fn samples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../samples")
}

/// A store of the bundled samples, built once; each test gets its own copy.
fn samples_db(dir: &Path) -> PathBuf {
    static BUILT: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_keep, db) = BUILT.get_or_init(|| {
        let d = tempfile::tempdir().unwrap();
        let db = d.path().join("samples.db");
        let o = herald(&db)
            .args(["ingest", "-q"])
            .arg(samples().join("html"))
            .arg(samples().join("text"))
            .arg(samples().join("wire.jsonl"))
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        (d, db)
    });
    let copy = dir.join("h.db");
    std::fs::copy(db, &copy).unwrap();
    copy
}

fn json_of(out: &[u8]) -> Value {
    serde_json::from_slice(out).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(out)))
}

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn read_commands_on_a_missing_database_fail_and_create_nothing() {
    let d = tempfile::tempdir().unwrap();
    let db = d.path().join("typo.db");
    for args in [
        &["status"][..],
        &["stories"],
        &["events"],
        &["search", "mali"],
        &["export"],
        &["rejects"],
        &["delete", "x"],
    ] {
        let o = herald(&db).args(args).output().unwrap();
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&o).contains("no database at"),
            "{args:?}: {}",
            stderr(&o)
        );
        assert!(!db.exists(), "{args:?} created {}", db.display());
    }
}

#[test]
fn a_read_only_store_can_be_read() {
    let d = tempfile::tempdir().unwrap();
    let ro = d.path().join("ro");
    std::fs::create_dir(&ro).unwrap();
    let db = samples_db(&ro);
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o444)).unwrap();
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o555)).unwrap();
    // Root ignores permissions: run as nobody when we are root.
    let root = unsafe { libc_geteuid() } == 0;
    let run = |args: &[&str]| {
        let bin = assert_cmd::cargo::cargo_bin("herald");
        let mut c = if root {
            let mut c = std::process::Command::new("setpriv");
            c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
                .arg(&bin);
            c
        } else {
            std::process::Command::new(&bin)
        };
        c.arg("--db").arg(&db).args(args).env_remove("HERALD_DB");
        c.output().unwrap()
    };
    if root && run(&["--version"]).status.code() != Some(0) {
        eprintln!("skipped: cannot run the binary as nobody here");
        return;
    }
    for args in [
        &["status", "--json"][..],
        &["stories"],
        &["events", "--limit", "3"],
        &["search", "ceasefire"],
    ] {
        let o = run(args);
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    }
    let o = run(&["status", "--json"]);
    assert_eq!(json_of(&o.stdout)["articles"], 35);
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o755)).unwrap();
}

unsafe extern "C" {
    #[link_name = "geteuid"]
    fn libc_geteuid() -> u32;
}

#[test]
fn event_filters_say_what_they_accept() {
    let d = tempfile::tempdir().unwrap();
    let db = samples_db(d.path());
    for (args, needle) in [
        (&["--since", "yesterday"][..], "YYYY-MM-DD"),
        (&["--since", "2025-13-45"], "YYYY-MM-DD"),
        (&["--until", "2024-02-30"], "YYYY-MM-DD"),
        (&["--cameo", "AGREE"], "PLOVER type"),
        (&["--cameo", "99"], "01 to 20"),
        (&["--plover", "HUG"], "ACCUSE, AGREE"),
        (&["--quadclass", "7"], "material conflict"),
        (&["--source-country", "CHNGOV"], "source-country"),
    ] {
        let o = herald(&db).arg("events").args(args).output().unwrap();
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(stderr(&o).contains(needle), "{args:?}: {}", stderr(&o));
        assert!(o.stdout.is_empty(), "{args:?} printed a table");
    }
    // The filters users expect work.
    let all = herald(&db)
        .args(["events", "--json", "--limit", "1000"])
        .output()
        .unwrap();
    let all: Vec<Value> = String::from_utf8_lossy(&all.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let count = |args: &[&str]| {
        let o = herald(&db)
            .args(["events", "--json", "--limit", "1000"])
            .args(args)
            .output()
            .unwrap();
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        String::from_utf8_lossy(&o.stdout).lines().count()
    };
    let n = |f: &dyn Fn(&Value) -> bool| all.iter().filter(|e| f(e)).count();
    assert!(count(&["--plover", "assault"]) > 0);
    assert_eq!(
        count(&["--plover", "assault"]),
        n(&|e| e["plover"] == "ASSAULT")
    );
    assert_eq!(count(&["--quadclass", "4"]), n(&|e| e["quad_class"] == 4));
    assert_eq!(
        count(&["--target-country", "TCD"]),
        n(&|e| e["target"]["code"].as_str().unwrap().starts_with("TCD"))
    );
    assert!(count(&["--site", "Continental Wire"]) > 0);
    assert_eq!(count(&["--site", "No Such Site"]), 0);
}

#[test]
fn ingest_of_nothing_is_an_error_that_says_so() {
    let d = tempfile::tempdir().unwrap();
    let db = d.path().join("h.db");
    let o = herald(&db)
        .args(["ingest", "/nonexistent/herald-input"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("no such file or folder: /nonexistent/herald-input"),
        "{}",
        stderr(&o)
    );
    let empty = d.path().join("empty");
    std::fs::create_dir_all(empty.join("sub")).unwrap();
    let o = herald(&db).arg("ingest").arg(&empty).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains(&format!("no input files found in {}", empty.display())),
        "{}",
        stderr(&o)
    );
}

#[test]
fn rejects_are_listed_once_and_can_be_cleared() {
    let d = tempfile::tempdir().unwrap();
    let db = d.path().join("h.db");
    let input = d.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::write(input.join("empty.txt"), "").unwrap();
    std::fs::write(input.join("notes.md"), "# not news\n").unwrap();
    for _ in 0..3 {
        let o = herald(&db).arg("ingest").arg(&input).output().unwrap();
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    }
    let o = herald(&db).args(["rejects", "--json"]).output().unwrap();
    let lines = String::from_utf8_lossy(&o.stdout).lines().count();
    let listed: Value = serde_json::from_slice(&o.stdout).unwrap_or(Value::Null);
    let n = listed.as_array().map_or(lines, Vec::len);
    assert_eq!(n, 2, "{}", String::from_utf8_lossy(&o.stdout));
    let o = herald(&db).args(["rejects", "--clear"]).output().unwrap();
    assert!(o.status.success());
    assert!(String::from_utf8_lossy(&o.stdout).contains("cleared 2 rejects"));
    let s = herald(&db).args(["status", "--json"]).output().unwrap();
    assert_eq!(json_of(&s.stdout)["rejects"], 0);
}

#[test]
fn delete_takes_the_article_out_of_its_story() {
    let d = tempfile::tempdir().unwrap();
    let db = samples_db(d.path());
    let story_of = |id: &str| {
        let o = herald(&db).args(["show", "--json", id]).output().unwrap();
        json_of(&o.stdout)["story"].as_str().unwrap().to_string()
    };
    let sid = story_of("meridian-02");
    let before = json_of(
        &herald(&db)
            .args(["show", "--json", &sid])
            .output()
            .unwrap()
            .stdout,
    );
    assert!(
        before["articles"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a == "meridian-02")
    );
    let o = herald(&db)
        .args(["delete", "meridian-02"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let after = json_of(
        &herald(&db)
            .args(["show", "--json", &sid])
            .output()
            .unwrap()
            .stdout,
    );
    let members: Vec<&str> = after["articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap())
        .collect();
    assert!(!members.contains(&"meridian-02"), "{after}");
    assert_eq!(after["size"].as_u64().unwrap() as usize, members.len());
    assert_eq!(
        members.len() + 1,
        before["articles"].as_array().unwrap().len()
    );
    assert_ne!(after["origin"], "meridian-02");
    assert!(members.contains(&after["origin"].as_str().unwrap()));
    // The story's dates come from the remaining members (which members
    // share the story depends on the clusterer; the rule does not).
    let first = members
        .iter()
        .filter_map(|id| {
            let o = herald(&db).args(["show", "--json", id]).output().unwrap();
            let p = json_of(&o.stdout)["published"].as_str()?.to_string();
            Some(p.chars().take(10).collect::<String>())
        })
        .min()
        .unwrap();
    assert_eq!(
        after["first_seen"].as_str().unwrap().get(..10),
        Some(first.as_str()),
        "{after}"
    );
}

#[test]
fn compare_pairs_skips_a_header_and_speaks_json() {
    let d = tempfile::tempdir().unwrap();
    let db = samples_db(d.path());
    let pairs = d.path().join("pairs.tsv");
    std::fs::write(
        &pairs,
        "id1\tid2\tlabel\n# a comment\ncw-002\tmeridian-03\t1\n",
    )
    .unwrap();
    let o = herald(&db)
        .args(["compare", "--pairs"])
        .arg(&pairs)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(out.starts_with("cw-002\tmeridian-03\t"), "{out}");
    let o = herald(&db)
        .args(["compare", "--json", "--pairs"])
        .arg(&pairs)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let v = json_of(&o.stdout);
    assert_eq!(v["a"], "cw-002");
    assert_eq!(v["relation"], "exact");
    // compare names the same origin as the stored relation, both ways round.
    let stored = json_of(
        &herald(&db)
            .args(["show", "--json", "cw-002"])
            .output()
            .unwrap()
            .stdout,
    );
    let rel = stored["relations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["article"] == "meridian-03")
        .unwrap()
        .clone();
    assert_eq!(v["origin"], rel["origin"]);
    // meridian-03 runs Continental Wire's story and credits the wire's photo:
    // the wire's article is the origin, not the copy that arrived first.
    assert_eq!(rel["origin"], "cw-002");
    for (a, b) in [("cw-002", "meridian-03"), ("meridian-03", "cw-002")] {
        let c = json_of(
            &herald(&db)
                .args(["compare", "--json", a, b])
                .output()
                .unwrap()
                .stdout,
        );
        assert_eq!(c["relation"]["origin"], rel["origin"], "compare {a} {b}");
    }
    let bad = d.path().join("bad.tsv");
    std::fs::write(&bad, "cw-002\tmeridian-03\ncw-002 meridian-03\n").unwrap();
    let o = herald(&db)
        .args(["compare", "--pairs"])
        .arg(&bad)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("bad.tsv:2"), "{}", stderr(&o));
}

#[test]
fn bad_search_syntax_is_an_error_not_another_search() {
    let d = tempfile::tempdir().unwrap();
    let db = samples_db(d.path());
    let o = herald(&db).args(["search", "ecowas AND"]).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("bad search query"), "{}", stderr(&o));
}

#[test]
fn story_origin_is_its_earliest_article() {
    let d = tempfile::tempdir().unwrap();
    let db = samples_db(d.path());
    let o = herald(&db)
        .args(["stories", "--json", "--limit", "100"])
        .output()
        .unwrap();
    for line in String::from_utf8_lossy(&o.stdout).lines() {
        let s: Value = serde_json::from_str(line).unwrap();
        let Some(origin) = s["origin"].as_str() else {
            continue;
        };
        let published = |id: &str| {
            let a = json_of(
                &herald(&db)
                    .args(["show", "--json", id])
                    .output()
                    .unwrap()
                    .stdout,
            );
            a["published"].as_str().map(|p| p[..10].to_string())
        };
        let Some(first) = s["articles"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|a| published(a.as_str().unwrap()))
            .min()
        else {
            continue;
        };
        assert_eq!(
            published(origin).as_deref(),
            Some(first.as_str()),
            "story {} origin {origin}",
            s["id"]
        );
    }
}

/// Splits a shell line the way the guide writes them: words, 'single' and
/// "double" quotes; a `#` outside quotes starts a comment.
fn shell_words(line: &str) -> Vec<String> {
    let (mut words, mut cur, mut quote, mut any) = (Vec::new(), String::new(), None, false);
    for c in line.chars() {
        match (quote, c) {
            (None, '#') if cur.is_empty() => break,
            (None, ' ') => {
                if any {
                    words.push(std::mem::take(&mut cur));
                    any = false;
                }
            }
            (None, '\'' | '"') => {
                quote = Some(c);
                any = true;
            }
            (Some(q), c) if c == q => quote = None,
            (_, c) => {
                cur.push(c);
                any = true;
            }
        }
    }
    if any {
        words.push(cur);
    }
    words
}

#[test]
fn the_guide_examples_answer_on_the_samples() {
    let d = tempfile::tempdir().unwrap();
    let db = samples_db(d.path());
    let guide =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../GUIDE.md"))
            .unwrap();
    let mut ran = 0;
    for line in guide.lines() {
        let words = shell_words(line);
        let Some(cmd) = words.get(1) else { continue };
        if words[0] != "herald"
            || !matches!(cmd.as_str(), "search" | "show" | "events" | "compare")
            || words
                .iter()
                .any(|w| w.contains("1a2b3c4d") || w.ends_with(".tsv"))
        {
            continue;
        }
        let o = herald(&db).args(&words[1..]).output().unwrap();
        assert!(o.status.success(), "{line}: {}", stderr(&o));
        let out = String::from_utf8_lossy(&o.stdout);
        let rows = out.lines().filter(|l| !l.starts_with("DATE ")).count();
        assert!(
            rows > 0 && !out.starts_with("no matches"),
            "{line} answered nothing:\n{out}"
        );
        ran += 1;
    }
    assert!(ran >= 8, "only {ran} examples found in GUIDE.md");
}

#[test]
fn one_file_by_a_relative_and_an_absolute_path_is_one_article() {
    let d = tempfile::tempdir().unwrap();
    let db = d.path().join("h.db");
    std::fs::create_dir(d.path().join("news")).unwrap();
    let file = d.path().join("news/kenya.txt");
    std::fs::write(
        &file,
        "Kenya asks UN for aid\n\nKenya asked the United Nations for flood aid on Friday.\n",
    )
    .unwrap();
    let o = herald(&db)
        .current_dir(d.path())
        .args(["ingest", "news/kenya.txt"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    // The file changes, and is named the other way: an update, not a second article.
    std::fs::write(&file, "Kenya asks UN for aid\n\nKenya asked the United Nations for flood aid on Friday, officials said.\n").unwrap();
    let o = herald(&db)
        .args(["ingest", "--json"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        json_of(&o.stdout)["updated"],
        1,
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    let s = herald(&db).args(["status", "--json"]).output().unwrap();
    assert_eq!(json_of(&s.stdout)["articles"], 1);
}

#[test]
fn a_gz_file_that_is_not_gzip_is_a_reject_naming_it() {
    let d = tempfile::tempdir().unwrap();
    let db = d.path().join("h.db");
    let gz = d.path().join("feed.jsonl.gz");
    std::fs::write(
        &gz,
        "{\"id\": \"x\", \"text\": \"Kenya asked the UN for aid.\"}\n",
    )
    .unwrap();
    let o = herald(&db).arg("ingest").arg(&gz).output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("feed.jsonl.gz: rejected (not-gzip)"),
        "{}",
        stderr(&o)
    );
    let s = herald(&db).args(["status", "--json"]).output().unwrap();
    assert_eq!(json_of(&s.stdout)["articles"], 0);
}

#[test]
fn given_dates_are_iso_events_take_the_article_date_and_undated_events_are_not_exported_as_today() {
    let d = tempfile::tempdir().unwrap();
    let db = d.path().join("h.db");
    let feed = d.path().join("feed.jsonl");
    let text = "Kenya asked the United Nations for emergency flood aid after heavy rains displaced thousands of families along the Tana River.";
    let lines = [
        serde_json::json!({"id": "asctime", "title": "Kenya asks UN for aid", "published": "Tue Dec 31 14:16:00 2019", "text": text}),
        serde_json::json!({"id": "bad", "title": "Kenya asks UN for flood aid", "published": "2024-02-30", "text": format!("{text} Officials said more rain was expected.")}),
        serde_json::json!({"id": "word", "title": "Kenya appeals to UN", "published": "yesterday", "text": format!("{text} Aid agencies began distributing food.")}),
    ];
    let body: String = lines.iter().map(|l| format!("{l}\n")).collect();
    std::fs::write(&feed, body).unwrap();
    let o = herald(&db).arg("ingest").arg(&feed).output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let show = |id: &str| {
        json_of(
            &herald(&db)
                .args(["show", "--json", id])
                .output()
                .unwrap()
                .stdout,
        )
    };
    assert_eq!(show("asctime")["published"], "2019-12-31T14:16:00");
    for bad in ["bad", "word"] {
        let a = show(bad);
        assert!(a["published"].is_null(), "{a}");
        assert!(
            a["removed"]
                .as_array()
                .unwrap()
                .iter()
                .any(|r| r["reason"] == "invalid-date"),
            "{}",
            a["removed"]
        );
    }
    let o = herald(&db)
        .args(["events", "--json", "--article", "asctime"])
        .output()
        .unwrap();
    let events: Vec<Value> = String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(!events.is_empty());
    assert!(
        events.iter().all(|e| e["date"] == "2019-12-31"),
        "{events:?}"
    );
    let o = herald(&db)
        .args(["export", "--format", "gdelt"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let today = chrono::Utc::now().format("%Y%m%d").to_string();
    let tsv = String::from_utf8_lossy(&o.stdout);
    assert!(
        tsv.lines()
            .all(|l| l.split('\t').nth(1) != Some(today.as_str())),
        "{tsv}"
    );
    assert!(
        tsv.lines()
            .any(|l| l.split('\t').nth(1) == Some("20191231")),
        "{tsv}"
    );
    assert!(stderr(&o).contains("events with no date"), "{}", stderr(&o));
}

#[test]
fn events_of_exact_copies_are_one_row_with_counts_as_in_the_gdelt_export() {
    let d = tempfile::tempdir().unwrap();
    let db = samples_db(d.path());
    let o = herald(&db)
        .args(["events", "--json", "--limit", "10000"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let rows: Vec<Value> = String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    // cw-002 and meridian-03 are exact copies: each of their events is one row.
    let copies: Vec<&Value> = rows
        .iter()
        .filter(|e| e["article"] == "cw-002" || e["article"] == "meridian-03")
        .collect();
    assert!(!copies.is_empty());
    assert!(
        copies
            .iter()
            .all(|e| e["num_mentions"].as_u64().unwrap() >= 2),
        "{copies:?}"
    );
    let mentions: u64 = rows
        .iter()
        .map(|e| e["num_mentions"].as_u64().unwrap())
        .sum();
    let all = herald(&db).args(["status", "--json"]).output().unwrap();
    assert_eq!(mentions, json_of(&all.stdout)["events"].as_u64().unwrap());
    // The GDELT export has the same rows, with the same counts.
    let o = herald(&db)
        .args(["export", "--format", "gdelt"])
        .output()
        .unwrap();
    let tsv = String::from_utf8_lossy(&o.stdout);
    let dated = rows.iter().filter(|e| !e["date"].is_null()).count();
    assert_eq!(tsv.lines().count(), dated);
    let gdelt_mentions: u64 = tsv
        .lines()
        .map(|l| l.split('\t').nth(31).unwrap().parse::<u64>().unwrap())
        .sum();
    let dated_mentions: u64 = rows
        .iter()
        .filter(|e| !e["date"].is_null())
        .map(|e| e["num_mentions"].as_u64().unwrap())
        .sum();
    assert_eq!(gdelt_mentions, dated_mentions);
}

#[test]
fn an_untitled_article_is_called_by_its_first_words_as_its_story_is() {
    let d = tempfile::tempdir().unwrap();
    let db = d.path().join("h.db");
    let f = d.path().join("seed.txt");
    std::fs::write(
        &f,
        "China has offered military assistance to Iraq to help government forces fight militants, officials said on Tuesday. The offer came during talks in New York.\n\nIraq's foreign minister welcomed the offer.\n",
    )
    .unwrap();
    let o = herald(&db).arg("ingest").arg(&f).output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let o = herald(&db).args(["search", "assistance"]).output().unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("(untitled) China has offered military assistance to Iraq"),
        "{out}"
    );
    let o = herald(&db).args(["show", "seed"]).output().unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("title     (untitled) China has offered"),
        "{out}"
    );
}
