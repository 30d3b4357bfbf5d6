//! Throughput on synthetic inputs: 10,000 small `.txt` files in nested
//! folders, a 10,000-line JSONL (plain and gzipped) and a 10,000-record WARC.
//!
//! `cargo run --release -p herald-ingest --example bench`

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use herald_ingest::{Item, ReadOptions, Reader};

const N: usize = 10_000;

fn article(i: usize) -> String {
    format!(
        "Story {i}\n\nThe council of town {i} voted on Monday to repair the harbour wall, \
         officials said. Work begins next month and should last {} weeks.\n",
        i % 17 + 2
    )
}

fn time(label: &str, path: &Path) {
    let start = Instant::now();
    let (mut docs, mut rejects) = (0, 0);
    Reader::new(ReadOptions::default()).read(&[path.to_path_buf()], &mut |i| match i {
        Item::Doc(_) => docs += 1,
        Item::Reject(_) => rejects += 1,
    });
    let ms = start.elapsed().as_secs_f64() * 1e3;
    println!(
        "{label:<28} {docs:>6} docs {rejects:>3} rejects {ms:>8.1} ms ({:.0} docs/s)",
        docs as f64 / ms * 1e3
    );
}

fn main() -> std::io::Result<()> {
    let tmp = tempfile::tempdir()?;
    let dir = tmp.path().join("files");
    for i in 0..N {
        let sub = dir.join(format!("{:02}", i % 100));
        if i < 100 {
            std::fs::create_dir_all(&sub)?;
        }
        std::fs::write(sub.join(format!("{i:05}.txt")), article(i))?;
    }
    let mut jsonl = Vec::new();
    for i in 0..N {
        let line = serde_json::json!({"id": format!("a{i}"), "url": format!("https://x.org/{i}"), "title": format!("Story {i}"), "text": article(i)});
        writeln!(jsonl, "{line}")?;
    }
    let jsonl_path = tmp.path().join("feed.jsonl");
    std::fs::write(&jsonl_path, &jsonl)?;
    let gz_path = tmp.path().join("feed.jsonl.gz");
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(&jsonl)?;
    std::fs::write(&gz_path, e.finish()?)?;
    let mut warc = Vec::new();
    for i in 0..N {
        let block = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<html><body><p>{}</p></body></html>",
            article(i)
        );
        write!(
            warc,
            "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://x.org/{i}\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n{block}\r\n\r\n",
            block.len()
        )?;
    }
    let warc_path = tmp.path().join("crawl.warc");
    std::fs::write(&warc_path, &warc)?;
    let warc_gz = tmp.path().join("crawl.warc.gz");
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(&warc)?;
    std::fs::write(&warc_gz, e.finish()?)?;

    let dir: PathBuf = dir;
    time("10k .txt files (100 dirs)", &dir);
    time("10k-line .jsonl", &jsonl_path);
    time("10k-line .jsonl.gz", &gz_path);
    time("10k-record .warc", &warc_path);
    time("10k-record .warc.gz", &warc_gz);
    Ok(())
}
