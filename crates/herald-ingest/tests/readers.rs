//! End-to-end tests of the readers on hand-written fixtures
//! (`tests/fixtures`) and on files generated in a temporary folder.

use std::io::Write;
use std::path::{Path, PathBuf};

use herald_core::{Format, RawDoc, Reject, content_id};
use herald_ingest::{Item, ReadOptions, Reader};

fn fixture(p: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(p)
}

fn read(paths: &[PathBuf]) -> Vec<Item> {
    Reader::new(ReadOptions::default()).read_all(paths)
}

fn read_with(max: u64, paths: &[PathBuf]) -> Vec<Item> {
    Reader::new(ReadOptions { max_bytes: max }).read_all(paths)
}

fn stream(bytes: &[u8]) -> Vec<Item> {
    let mut items = Vec::new();
    Reader::new(ReadOptions::default()).read_stream("-", &mut &bytes[..], &mut |i| items.push(i));
    items
}

fn docs(items: &[Item]) -> Vec<&RawDoc> {
    items
        .iter()
        .filter_map(|i| match i {
            Item::Doc(d) => Some(d),
            Item::Reject(_) => None,
        })
        .collect()
}

fn rejects(items: &[Item]) -> Vec<&Reject> {
    items
        .iter()
        .filter_map(|i| match i {
            Item::Reject(r) => Some(r),
            Item::Doc(_) => None,
        })
        .collect()
}

/// `doc:<id>` or `<reason>` per item, in order.
fn outline(items: &[Item]) -> Vec<String> {
    items
        .iter()
        .map(|i| match i {
            Item::Doc(d) => format!("doc:{}", d.id),
            Item::Reject(r) => r.reason.clone(),
        })
        .collect()
}

fn gz(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(data).expect("gzip in memory");
    e.finish().expect("gzip in memory")
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).expect("write temp file");
    p
}

#[test]
fn txt_uses_the_file_stem_as_id() {
    let items = read(&[fixture("corpus/000_harbour.txt")]);
    let d = docs(&items);
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].id, "000_harbour");
    assert_eq!(d[0].format, Format::Text);
    assert!(d[0].body.starts_with("Harbour reopens after storm\n"));
    assert!(d[0].input.ends_with("corpus/000_harbour.txt"));
}

#[test]
fn txt_gz_is_transparent() {
    let items = read(&[fixture("corpus/001_bridge.txt.gz")]);
    assert_eq!(outline(&items), ["doc:001_bridge"]);
    assert!(docs(&items)[0].body.contains("Alder Street bridge"));
}

#[test]
fn html_in_a_declared_legacy_charset() {
    let items = read(&[fixture("corpus/nested/latin1.html")]);
    assert_eq!(outline(&items), ["doc:latin1"]);
    let d = docs(&items)[0];
    assert_eq!(d.format, Format::Html);
    assert!(d.body.contains("Café reopens"), "{}", d.body);
    assert!(d.body.contains("Mühlenweg"));
}

#[test]
fn jsonl_keeps_ids_and_reports_bad_lines() {
    let items = read(&[fixture("corpus/nested/deeper/feed.jsonl")]);
    assert_eq!(
        outline(&items),
        [
            "doc:feed-1",
            "doc:2",
            "malformed-json",
            "missing-text",
            &format!("doc:{}", content_id("A story without an id.")),
        ]
    );
    let d = docs(&items);
    assert_eq!(d[0].url.as_deref(), Some("https://example.org/a"));
    assert_eq!(d[0].title.as_deref(), Some("Council votes"));
    assert_eq!(d[0].published.as_deref(), Some("2026-03-01"));
    assert_eq!(d[0].site.as_deref(), Some("example.org"));
    assert!(d[0].input.ends_with("feed.jsonl:1"));
    assert_eq!(d[1].published.as_deref(), Some("2026-03-02 08:00:00"));
    assert_eq!(d[1].site.as_deref(), Some("news.example.net"));
    assert_eq!(d[1].authors, ["Ana Ruiz"]);
    let r = rejects(&items);
    assert_eq!((r[0].line, r[1].line), (Some(3), Some(4)));
    assert!(r[0].input.ends_with("feed.jsonl"));
    assert!(r.iter().all(|r| r.fatal));
}

#[test]
fn json_array_file() {
    let items = read(&[fixture("array.json")]);
    assert_eq!(outline(&items), ["doc:a1", "doc:a2", "missing-text"]);
    let d = docs(&items);
    assert_eq!(d[1].format, Format::Html);
    assert_eq!(d[0].title.as_deref(), Some("One"));
}

fn check_warc(items: &[Item], name: &str) {
    assert_eq!(
        outline(items),
        [
            format!("doc:{}", content_id("https://news.example.com/dam")),
            format!("doc:{}", content_id("https://news.example.com/mayor")),
        ]
    );
    let d = docs(items);
    assert!(d[0].input.ends_with(&format!("{name}#3")));
    assert!(d[1].input.ends_with(&format!("{name}#5")));
    assert_eq!(d[0].url.as_deref(), Some("https://news.example.com/dam"));
    assert_eq!(d[0].format, Format::Html);
    assert!(d[0].body.starts_with("<html><head><title>Dam opens"));
    // windows-1252 from the HTTP Content-Type header.
    assert!(
        d[1].body.contains("“Quoted” mayor says naïve"),
        "{}",
        d[1].body
    );
}

#[test]
fn warc_response_records() {
    check_warc(&read(&[fixture("news.warc")]), "news.warc");
}

#[test]
fn warc_gz_one_member_per_record() {
    check_warc(&read(&[fixture("news.warc.gz")]), "news.warc.gz");
}

#[test]
fn folder_is_walked_recursively_in_sorted_order() {
    let items = read(&[fixture("corpus")]);
    let summary: Vec<String> = items
        .iter()
        .map(|i| match i {
            Item::Doc(d) => format!("doc:{}", d.id),
            Item::Reject(r) => format!("{}:{}", r.reason, r.input.rsplit('/').next().unwrap_or("")),
        })
        .collect();
    assert_eq!(
        summary,
        [
            "doc:000_harbour",
            "doc:001_bridge",
            // README: no extension, sniffed as text.
            "doc:README",
            "doc:feed-1",
            "doc:2",
            "malformed-json:feed.jsonl",
            "missing-text:feed.jsonl",
            &format!("doc:{}", content_id("A story without an id.")),
            "doc:latin1",
            "unknown-extension:notes.pdf",
        ]
    );
    // Hidden files and folders were skipped.
    assert!(docs(&items).iter().all(|d| !d.body.contains("hidden")));
}

#[test]
fn several_inputs_keep_their_order() {
    let items = read(&[fixture("array.json"), fixture("corpus/000_harbour.txt")]);
    assert_eq!(
        outline(&items),
        ["doc:a1", "doc:a2", "missing-text", "doc:000_harbour"]
    );
}

#[test]
fn stdin_is_sniffed() {
    // JSON Lines.
    let items = stream(
        b"  {\"id\": \"s1\", \"text\": \"From stdin.\"}\n{\"id\": \"s2\", \"text\": \"Two.\"}\n",
    );
    assert_eq!(outline(&items), ["doc:s1", "doc:s2"]);
    assert_eq!(docs(&items)[0].input, "-:1");
    // A JSON array.
    let items = stream(b"[{\"id\": \"s3\", \"text\": \"x\"}]");
    assert_eq!(outline(&items), ["doc:s3"]);
    // HTML.
    let page = b"<!doctype html><html><body><p>Hi</p></body></html>";
    let items = stream(page);
    let d = docs(&items);
    assert_eq!(d[0].format, Format::Html);
    assert_eq!(
        d[0].id,
        content_id(std::str::from_utf8(page).unwrap_or_default())
    );
    assert_eq!(d[0].input, "-");
    // Plain text.
    let items = stream(b"Beijing offers help.\n");
    assert_eq!(docs(&items)[0].format, Format::Text);
    // Gzipped text.
    let items = stream(&gz(b"Zipped words on stdin.\n"));
    assert_eq!(docs(&items)[0].body, "Zipped words on stdin.\n");
    // WARC, gzipped.
    let warc = std::fs::read(fixture("news.warc.gz")).unwrap_or_default();
    let w = stream(&warc);
    assert_eq!(docs(&w).len(), 2, "{w:?}");
    // Empty and binary.
    assert_eq!(outline(&stream(b"")), ["empty"]);
    assert_eq!(outline(&stream(b"\n \n")), ["empty"]);
    assert_eq!(outline(&stream(b"\x7fELF\x02\x01\x01\0\0\0")), ["binary"]);
}

#[test]
fn reject_empty_files() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let zero = write(tmp.path(), "zero.txt", b"");
    let blank = write(tmp.path(), "blank.html", b"  \n\t\r\n");
    let blank_gz = write(tmp.path(), "blank.txt.gz", &gz(b"   \n"));
    let blank_jsonl = write(tmp.path(), "blank.jsonl", b"\n\n");
    let blank_warc = write(tmp.path(), "blank.warc", b"\r\n");
    let items = read(&[zero, blank, blank_gz, blank_jsonl, blank_warc]);
    assert_eq!(outline(&items), ["empty"; 5]);
    for r in rejects(&items) {
        assert!(!r.detail.is_empty());
    }
}

#[test]
fn reject_binary() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let p = write(
        tmp.path(),
        "photo.txt",
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0",
    );
    let items = read(&[p]);
    assert_eq!(outline(&items), ["binary"]);
    assert!(rejects(&items)[0].detail.contains("binary"));
}

#[test]
fn invalid_utf8_is_a_warning_before_the_document() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let p = write(tmp.path(), "legacy.txt", b"Caf\xe9 cr\xe8me reopened.\n");
    let items = read(&[p]);
    assert_eq!(outline(&items), ["invalid-utf8", "doc:legacy"]);
    let r = rejects(&items)[0];
    assert!(!r.fatal);
    assert!(
        r.detail.contains("2 invalid UTF-8 sequences"),
        "{}",
        r.detail
    );
    assert_eq!(docs(&items)[0].body, "Caf\u{FFFD} cr\u{FFFD}me reopened.\n");
}

#[test]
fn truncated_gzip_keeps_what_came_before() {
    let tmp = tempfile::tempdir().expect("tempdir");
    // Enough incompressible lines that the cut lands well after the first ones.
    let mut jsonl = Vec::new();
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    for i in 0..2000 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        writeln!(jsonl, "{{\"id\": \"n{i}\", \"text\": \"{x:x} {x:o}\"}}").expect("write");
    }
    let data = gz(&jsonl);
    let p = write(tmp.path(), "cut.jsonl.gz", &data[..data.len() * 2 / 3]);
    let items = read(&[p]);
    let d = docs(&items);
    assert!(d.len() > 100, "only {} docs before the cut", d.len());
    assert_eq!(d[0].id, "n0");
    let r = rejects(&items);
    assert_eq!(r.len(), 1);
    assert_eq!(r[0].reason, "truncated-gzip");
    assert_eq!(r[0].line, Some(d.len() as u64 + 1));
    assert!(matches!(items.last(), Some(Item::Reject(_))));

    // A single-document file cut short is rejected, not half-delivered.
    let text = gz(&jsonl);
    let p = write(tmp.path(), "cut.txt.gz", &text[..text.len() / 2]);
    assert_eq!(outline(&read(&[p])), ["truncated-gzip"]);

    // A WARC cut in its last record keeps the earlier records.
    let warc = std::fs::read(fixture("news.warc.gz")).expect("fixture");
    let p = write(tmp.path(), "cut.warc.gz", &warc[..warc.len() - 40]);
    let items = read(&[p]);
    assert_eq!(docs(&items).len(), 1);
    assert_eq!(rejects(&items)[0].reason, "truncated-gzip");
    assert!(rejects(&items)[0].input.ends_with("cut.warc.gz#5"));
}

#[test]
fn truncated_plain_warc_is_bad_warc() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let warc = std::fs::read(fixture("news.warc")).expect("fixture");
    let p = write(tmp.path(), "cut.warc", &warc[..warc.len() - 40]);
    let items = read(&[p]);
    assert_eq!(docs(&items).len(), 1);
    let r = rejects(&items);
    assert_eq!(r[0].reason, "bad-warc");
    assert!(r[0].detail.contains("truncated"), "{}", r[0].detail);
}

#[test]
fn too_large_is_checked_without_reading_everything() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let big = vec![b'a'; 5000];
    let plain = write(tmp.path(), "big.txt", &big);
    let zipped = write(tmp.path(), "big.html.gz", &gz(&big));
    let mut lines =
        b"{\"id\": \"ok\", \"text\": \"fits\"}\n{\"id\": \"huge\", \"text\": \"".to_vec();
    lines.extend(&big);
    lines.extend(b"\"}\n{\"id\": \"after\", \"text\": \"still read\"}\n");
    let jsonl = write(tmp.path(), "big.jsonl", &lines);
    let small = write(tmp.path(), "small.txt", b"fits");
    let items = read_with(1000, &[plain, zipped, jsonl, small]);
    assert_eq!(
        outline(&items),
        [
            "too-large",
            "too-large",
            "doc:ok",
            "too-large",
            "doc:after",
            "doc:small"
        ]
    );
    assert_eq!(rejects(&items)[2].line, Some(2));
}

#[test]
fn a_100_mb_file_is_rejected_from_its_size_alone() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let p = tmp.path().join("huge.txt");
    // Sparse: 100 MB on paper, nothing on disk; reading it would take a while.
    std::fs::File::create(&p)
        .and_then(|f| f.set_len(100 * 1024 * 1024))
        .expect("sparse file");
    let items = read(&[p]);
    assert_eq!(outline(&items), ["too-large"]);
    assert!(rejects(&items)[0].detail.contains("104857600 bytes"));
}

#[test]
fn unknown_extension_and_missing_path() {
    let items = read(&[fixture("corpus/notes.pdf"), fixture("does/not/exist.txt")]);
    assert_eq!(outline(&items), ["unknown-extension", "io"]);
    let r = rejects(&items);
    assert!(r[0].detail.contains(".pdf"));
    assert!(r[1].detail.contains("no such file"), "{}", r[1].detail);
}

#[cfg(unix)]
#[test]
fn unreadable_file_is_an_io_reject() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().expect("tempdir");
    let p = write(tmp.path(), "locked.txt", b"secret");
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    let items = read(std::slice::from_ref(&p));
    // Root may read anything: then the document simply comes through.
    if std::fs::read(&p).is_err() {
        assert_eq!(outline(&items), ["io"]);
    } else {
        assert_eq!(outline(&items), ["doc:locked"]);
    }
}

#[test]
fn files_without_extension_are_sniffed() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    write(dir, "a_page", b"<html><body>x</body></html>");
    write(dir, "b_lines", b"{\"id\": \"j\", \"text\": \"t\"}\n");
    write(dir, "c_note", b"just words");
    write(dir, "d_blob", b"\0\0\0\x01");
    write(dir, "e_zipped", &gz(b"zipped words"));
    let items = read(&[dir.to_path_buf()]);
    assert_eq!(
        outline(&items),
        [
            "doc:a_page",
            "doc:j",
            "doc:c_note",
            "binary",
            "doc:e_zipped"
        ]
    );
    assert_eq!(docs(&items)[0].format, Format::Html);
}

#[test]
fn reject_records_display_file_line_and_reason() {
    let items = read(&[fixture("corpus/nested/deeper/feed.jsonl")]);
    let r = rejects(&items)[0].to_string();
    assert!(r.contains("feed.jsonl:3: rejected (malformed-json)"), "{r}");
}

/// A named pipe in a folder used to hang the walk (opening it waits for a
/// writer); it is now a reject that names it, and the other files are read.
#[cfg(unix)]
#[test]
fn a_named_pipe_in_a_folder_is_skipped_not_waited_on() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), "A story about floods in Dhaka.").unwrap();
    let fifo = dir.path().join("b.txt");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("SKIPPED: mkfifo not available");
        return;
    }
    let (tx, rx) = std::sync::mpsc::channel();
    let path = dir.path().to_path_buf();
    std::thread::spawn(move || {
        let _ = tx.send(read(&[path]));
    });
    let items = rx
        .recv_timeout(std::time::Duration::from_secs(20))
        .expect("reading a folder with a FIFO in it must not hang");
    assert_eq!(docs(&items).len(), 1);
    let rejects = rejects(&items);
    assert_eq!(rejects.len(), 1, "{rejects:?}");
    assert_eq!(rejects[0].reason, "special-file");
    assert!(rejects[0].input.ends_with("b.txt"), "{}", rejects[0].input);
    assert!(
        rejects[0].detail.contains("named pipe"),
        "{}",
        rejects[0].detail
    );
}

/// HTML nested deeper than the budget is rejected before anyone parses it
/// (40,000 nested `<div>`s took the DOM parser 20 s and more); an ordinary
/// page beside it is read.
#[test]
fn html_over_budget_is_rejected_with_the_limit_named() {
    let dir = tempfile::tempdir().unwrap();
    let deep = "<div>".repeat(40_000);
    std::fs::write(
        dir.path().join("deep.html"),
        format!("<html><body>{deep}Floods.</body></html>"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("ok.html"),
        "<html><body><p>Floods hit Dhaka on Tuesday.</p></body></html>",
    )
    .unwrap();
    let items = read(&[dir.path().to_path_buf()]);
    assert_eq!(docs(&items).len(), 1);
    let r = rejects(&items)[0];
    assert_eq!(r.reason, "over-budget");
    assert!(r.input.ends_with("deep.html"), "{}", r.input);
    assert!(
        r.detail.contains("nested more than 1000 deep"),
        "{}",
        r.detail
    );
}
