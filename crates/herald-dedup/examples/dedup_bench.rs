//! Scale benchmark: fingerprints (signatures) + index inserts for N synthetic
//! ~4 KB articles on all cores, then single-article queries.
//!
//! `cargo run --release -p herald-dedup --example dedup_bench -- [N] [--full M] [--dump FILE K]`
//! `… --example dedup_bench -- --from FILE [--pairs OUT]` times signatures + LSH on a
//! JSON-lines file, then querying every doc (LSH candidates verified by signature
//! Jaccard ≥ `NEAR_MIN`); `--pairs` writes the predicted pairs for scoring.
//!
//! First the signatures + LSH path on N docs (default 1,000,000), then the
//! full index (all four relation signals) on M docs (default 100,000).
//!
//! Reports docs/s for fingerprint+insert (text generation excluded), index
//! bytes per document (from capacities, by part, and process RSS), query
//! latency, and recall of planted near-duplicates (1 % of docs are edited
//! copies of the doc 50 places earlier). `--dump FILE M` writes M docs of a
//! separate planted-duplicate corpus as JSON lines ({"id","text"}, plus
//! "dup_of" and "edit" on planted copies: 10 % of docs, edited at 3, 5, 10, 20
//! or 30 % of words) for the speed + F1 comparison in bench/dedup_datasketch.py.

use std::io::Write;
use std::time::Instant;

use herald_core::Article;
use herald_dedup::DedupIndex;
use herald_dedup::NEAR_MIN;
use herald_dedup::gold::Rng;
use rayon::prelude::*;

const VOCAB: usize = 50_000;

fn word(i: usize) -> String {
    // Pronounceable synthetic words; about 1 in 12 capitalised like a name.
    const SYL: [&str; 16] = [
        "ka", "lo", "mi", "ne", "ru", "ta", "po", "si", "de", "ga", "vo", "ri", "ba", "te", "lu",
        "zo",
    ];
    let mut s = String::new();
    let mut x = i + 1;
    while x > 0 {
        s.push_str(SYL[x % 16]);
        x /= 16;
    }
    if i % 12 == 5 {
        let mut c = s.chars();
        if let Some(f) = c.next() {
            s = f.to_uppercase().chain(c).collect();
        }
    }
    s
}

/// A Zipf-ish word index.
fn zipf(rng: &mut Rng) -> usize {
    let u = rng.range_f(0.0, 1.0);
    ((VOCAB as f64).powf(u) as usize)
        .saturating_sub(1)
        .min(VOCAB - 1)
}

fn doc(seed: u64, vocab: &[String]) -> String {
    let mut rng = Rng::new(seed);
    let mut s = String::with_capacity(4300);
    while s.len() < 4000 {
        let n = 10 + rng.below(18);
        for k in 0..n {
            let w = &vocab[zipf(&mut rng)];
            if k == 0 {
                let mut c = w.chars();
                if let Some(f) = c.next() {
                    s.extend(f.to_uppercase());
                    s.push_str(c.as_str());
                }
            } else {
                s.push(' ');
                s.push_str(w);
            }
        }
        s.push_str(if rng.below(5) == 0 { ".\n" } else { ". " });
    }
    s
}

/// An edited copy: each space-separated word replaced with probability
/// `per_mille` / 1000 (by a Zipf-drawn vocabulary word).
fn edited(text: &str, seed: u64, vocab: &[String], per_mille: usize) -> String {
    let mut rng = Rng::new(seed ^ 0xabcdef);
    text.split(' ')
        .map(|w| {
            if rng.below(1000) < per_mille {
                vocab[zipf(&mut rng)].as_str()
            } else {
                w
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn make(i: u64, vocab: &[String]) -> Article {
    let text = if i % 100 == 99 {
        edited(&doc(i - 50, vocab), i, vocab, 30) // a near-duplicate of doc i-50
    } else {
        doc(i, vocab)
    };
    Article {
        id: format!("d{i}"),
        text,
        ..Default::default()
    }
}

/// Edit bands of the planted-duplicate corpus (per mille of words replaced).
const BANDS_PER_MILLE: [usize; 5] = [30, 50, 100, 200, 300];

/// The F1 corpus written by `--dump`: doc `i` with `i % 10 == 9` is an
/// edited copy of doc `i - 5` (always a fresh doc, so every source has one
/// copy and gold pairs never chain), its edit rate cycling through
/// [`BANDS_PER_MILLE`]. Returns the article, and for copies the source index
/// and edit rate (per mille).
fn make_planted(i: u64, vocab: &[String]) -> (Article, Option<(u64, usize)>) {
    let (text, planted) = if i % 10 == 9 {
        let rate = BANDS_PER_MILLE[((i / 10) % BANDS_PER_MILLE.len() as u64) as usize];
        (
            edited(&doc(i - 5, vocab), i, vocab, rate),
            Some((i - 5, rate)),
        )
    } else {
        (doc(i, vocab), None)
    };
    let a = Article {
        id: format!("d{i}"),
        text,
        ..Default::default()
    };
    (a, planted)
}

fn rss_bytes() -> usize {
    std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|s| s.split_whitespace().nth(1)?.parse::<usize>().ok())
        .map_or(0, |p| p * 4096)
}

/// CPU seconds used by this process so far (user + system, all threads).
fn cpu_seconds() -> f64 {
    std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|s| {
            let rest = s.rsplit(')').next()?.to_string();
            let f: Vec<&str> = rest.split_whitespace().collect();
            let u: f64 = f.get(11)?.parse().ok()?;
            let k: f64 = f.get(12)?.parse().ok()?;
            Some((u + k) / 100.0)
        })
        .unwrap_or(0.0)
}

/// Signatures + LSH only, the part gaoya/datasketch/text-dedup measure.
fn bench_lsh(n: u64, vocab: &[String]) {
    let rss0 = rss_bytes();
    let mut lsh = herald_dedup::lsh::Lsh::new();
    let batch = 20_000u64;
    let (mut wall, mut cpu, mut t_sig, mut t_ins) = (0.0, 0.0, 0.0, 0.0);
    let mut start = 0;
    while start < n {
        let end = (start + batch).min(n);
        let arts: Vec<Article> = (start..end)
            .into_par_iter()
            .map(|i| make(i, vocab))
            .collect();
        let (t, c) = (Instant::now(), cpu_seconds());
        let sigs: Vec<Vec<u16>> = arts
            .par_iter()
            .map(|a| herald_dedup::lsh::signature(&a.text))
            .collect();
        t_sig += t.elapsed().as_secs_f64();
        let t2 = Instant::now();
        lsh.insert_batch(&sigs);
        t_ins += t2.elapsed().as_secs_f64();
        wall += t.elapsed().as_secs_f64();
        cpu += cpu_seconds() - c;
        start = end;
    }
    let rss1 = rss_bytes();
    println!(
        "[signatures + LSH] {n} docs: {:.0} docs/s wall ({:.1}s: signatures {:.1}s on {} threads, inserts {:.1}s), {:.0} docs per CPU-second",
        n as f64 / wall,
        wall,
        t_sig,
        rayon::current_num_threads(),
        t_ins,
        n as f64 / cpu.max(1e-9)
    );
    println!(
        "[signatures + LSH] bytes/doc: {:.0} (signature 256 + buckets), RSS growth {:.0}",
        lsh.heap_bytes() as f64 / n as f64,
        rss1.saturating_sub(rss0) as f64 / n as f64
    );
    let mut found = 0;
    let mut total = 0;
    let t = Instant::now();
    for k in 0..1000u64 {
        let i = k * 100 + 99;
        if i >= n {
            break;
        }
        total += 1;
        let sig = herald_dedup::lsh::signature(&make(i, vocab).text);
        found += usize::from(
            lsh.query(&sig, 0.5)
                .iter()
                .any(|h| u64::from(h.0) == i - 50),
        );
    }
    println!(
        "[signatures + LSH] planted near-duplicates (~3 % words edited) found {found}/{total}, {:.3} ms per query",
        t.elapsed().as_secs_f64() * 1e3 / total.max(1) as f64
    );
}

/// Signatures + LSH over texts read from a JSON-lines file ({"text": …}).
/// Times the build (signatures + inserts), then querying every doc against
/// the full index (LSH candidates verified by signature Jaccard ≥
/// [`NEAR_MIN`], as `DedupIndex` decides `near`). With `pairs_out`, writes
/// every LSH candidate pair as JSON lines `[i, j, estimate, near]` (line
/// numbers, i < j; `near` 1 when the estimate passes `NEAR_MIN`).
fn bench_file(path: &str, pairs_out: Option<&str>) {
    let Ok(data) = std::fs::read_to_string(path) else {
        eprintln!("cannot read {path}");
        std::process::exit(2);
    };
    let texts: Vec<String> = data
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| Some(v.get("text")?.as_str()?.to_string()))
        .collect();
    let (t, c) = (Instant::now(), cpu_seconds());
    let sigs: Vec<Vec<u16>> = texts
        .par_iter()
        .map(|t| herald_dedup::lsh::signature(t))
        .collect();
    let mut lsh = herald_dedup::lsh::Lsh::new();
    lsh.insert_batch(&sigs);
    let wall = t.elapsed().as_secs_f64();
    let cpu = cpu_seconds() - c;
    // Query phase: every doc against the whole index; keep pairs i < j once.
    let (tq, cq) = (Instant::now(), cpu_seconds());
    let pairs: Vec<(u32, u32, f64)> = sigs
        .par_iter()
        .enumerate()
        .flat_map_iter(|(i, s)| {
            let i = i as u32;
            // Threshold 0: every LSH candidate with its estimate (the
            // verification cost is paid either way); `near` marks the verified.
            lsh.query(s, 0.0)
                .into_iter()
                .filter(move |&(j, _)| j > i)
                .map(move |(j, e)| (i, j, e))
        })
        .collect();
    let qwall = tq.elapsed().as_secs_f64();
    let qcpu = cpu_seconds() - cq;
    if let Some(out) = pairs_out {
        let Ok(f) = std::fs::File::create(out) else {
            eprintln!("cannot write {out}");
            std::process::exit(2);
        };
        let mut w = std::io::BufWriter::new(f);
        for (i, j, e) in &pairs {
            let _ = writeln!(w, "[{i}, {j}, {e:.4}, {}]", u8::from(*e >= NEAR_MIN));
        }
    }
    let n = texts.len() as f64;
    println!(
        "{{\"docs\": {}, \"seconds\": {wall:.4}, \"docs_per_s\": {:.0}, \"docs_per_cpu_s\": {:.0}, \"query_seconds\": {qwall:.4}, \"query_cpu_seconds\": {qcpu:.4}, \"pairs\": {}, \"threads\": {}}}",
        texts.len(),
        n / wall,
        n / cpu.max(1e-9),
        pairs.iter().filter(|p| p.2 >= NEAR_MIN).count(),
        rayon::current_num_threads()
    );
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(p) = args.iter().position(|a| a == "--from") {
        let pairs = args
            .iter()
            .position(|a| a == "--pairs")
            .and_then(|q| args.get(q + 1))
            .map(String::as_str);
        bench_file(args.get(p + 1).map_or("docs.jsonl", String::as_str), pairs);
        return;
    }
    let n: u64 = args
        .get(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000);
    let full: u64 = args
        .iter()
        .position(|a| a == "--full")
        .and_then(|p| args.get(p + 1)?.parse().ok())
        .unwrap_or(100_000);
    let vocab: Vec<String> = (0..VOCAB).map(word).collect();
    if let Some(pos) = args.iter().position(|a| a == "--dump") {
        let path = args
            .get(pos + 1)
            .cloned()
            .unwrap_or_else(|| "docs.jsonl".into());
        let m: u64 = args
            .get(pos + 2)
            .and_then(|s| s.parse().ok())
            .unwrap_or(20_000);
        let Ok(f) = std::fs::File::create(&path) else {
            eprintln!("cannot write {path}");
            std::process::exit(2);
        };
        let mut w = std::io::BufWriter::new(f);
        for i in 0..m {
            let (a, planted) = make_planted(i, &vocab);
            let line = match planted {
                Some((src, rate)) => serde_json::json!({
                    "id": a.id, "text": a.text,
                    "dup_of": format!("d{src}"), "edit": rate as f64 / 1000.0,
                }),
                None => serde_json::json!({"id": a.id, "text": a.text}),
            };
            let _ = writeln!(w, "{line}");
        }
        eprintln!("wrote {m} docs to {path}");
        if n == 0 {
            return;
        }
    }
    if n > 0 {
        bench_lsh(n, &vocab);
    }
    if full == 0 {
        return;
    }
    let n = full;
    let rss0 = rss_bytes();
    let mut index = DedupIndex::new();
    let batch = 20_000u64;
    let (mut t_fp, mut t_ins, mut bytes, mut cpu) = (0.0, 0.0, 0usize, 0.0);
    let mut start = 0;
    while start < n {
        let end = (start + batch).min(n);
        let arts: Vec<Article> = (start..end)
            .into_par_iter()
            .map(|i| make(i, &vocab))
            .collect();
        bytes += arts.iter().map(|a| a.text.len()).sum::<usize>();
        let c = cpu_seconds();
        let t = Instant::now();
        let fps: Vec<_> = arts.par_iter().map(|a| index.fingerprint(a)).collect();
        t_fp += t.elapsed().as_secs_f64();
        let t = Instant::now();
        for (a, fp) in arts.iter().zip(&fps) {
            index.insert(&a.id, None, fp);
        }
        t_ins += t.elapsed().as_secs_f64();
        cpu += cpu_seconds() - c;
        start = end;
    }
    let rss1 = rss_bytes();
    let mem = index.memory();
    let total = t_fp + t_ins;
    println!(
        "[full index] docs: {n}, mean text {:.0} bytes, threads {}",
        bytes as f64 / n as f64,
        rayon::current_num_threads()
    );
    println!(
        "[full index] fingerprint {:.1}s ({:.0} docs/s), insert {:.1}s ({:.0} docs/s), together {:.0} docs/s wall, {:.0} docs per CPU-second",
        t_fp,
        n as f64 / t_fp,
        t_ins,
        n as f64 / t_ins,
        n as f64 / total,
        n as f64 / cpu.max(1e-9)
    );
    let per = |x: usize| x as f64 / n as f64;
    println!(
        "[full index] bytes/doc: total {:.0} = records {:.0} (signature 256) + lsh {:.0} + samples {:.0} + terms {:.0} + exact {:.0} + ids {:.0}; RSS growth {:.0} bytes/doc",
        per(mem.total()),
        per(mem.records),
        per(mem.lsh),
        per(mem.samples),
        per(mem.terms),
        per(mem.exact),
        per(mem.ids),
        per(rss1.saturating_sub(rss0))
    );
    // Queries: planted near-duplicates (must find their source) and fresh docs.
    let q: Vec<u64> = (0..1000u64)
        .map(|k| (k * 100 + 99) % n.max(1))
        .filter(|&i| i % 100 == 99)
        .collect();
    let mut lat = Vec::new();
    let mut found = 0;
    for &i in &q {
        let a = make(i, &vocab);
        let t = Instant::now();
        let fp = index.fingerprint(&a);
        let rels = index.query(&a, &fp);
        lat.push(t.elapsed().as_secs_f64() * 1e3);
        let want = format!("d{}", i - 50);
        found += usize::from(rels.iter().any(|r| r.article == want));
    }
    lat.sort_by(f64::total_cmp);
    if !lat.is_empty() {
        println!(
            "[full index] query (fingerprint + lookup, one article): mean {:.2} ms, p99 {:.2} ms; planted near-duplicates found {}/{}",
            lat.iter().sum::<f64>() / lat.len() as f64,
            lat[lat.len() * 99 / 100],
            found,
            q.len()
        );
    }
}
