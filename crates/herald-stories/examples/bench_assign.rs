//! Speed benchmark: assign 100,000 articles with 20,000 live stories.
//!
//! `cargo run -p herald-stories --release --example bench_assign [ARTICLES] [STORIES] [PARAMS_JSON]`
//!
//! `PARAMS_JSON` overrides parameters, e.g. `'{"split_max":0}'` turns
//! member sketches (and splitting) off. `BENCH_EMB=1` gives every article a
//! synthetic 384-d embedding (its topic's vector plus noise) to measure the
//! clustering-side cost of embeddings (model inference not included).
//!
//! Synthetic articles (120–370 words, Zipf background plus topic words and
//! names, titles) are generated in chunks outside the timed region.

use std::time::{Duration, Instant};

use herald_stories::eval::{Rng, rss_kib, synth_article, synth_topics};
use herald_stories::{Params, StoryClusterer};

/// User + system CPU seconds of this process (clock ticks of 1/100 s).
fn cpu_secs() -> f64 {
    std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|s| {
            let rest = s.rsplit_once(')')?.1;
            let f: Vec<&str> = rest.split_whitespace().collect();
            let u: f64 = f.get(11)?.parse().ok()?;
            let k: f64 = f.get(12)?.parse().ok()?;
            Some((u + k) / 100.0)
        })
        .unwrap_or(0.0)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let stories: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(20_000);
    let mut rng = Rng(42);
    let topics = synth_topics(&mut rng, stories, 30);
    let rss0 = rss_kib();
    let mut params = serde_json::to_value(Params::default()).unwrap_or_default();
    if let Some(serde_json::Value::Object(m)) =
        args.next().and_then(|a| serde_json::from_str(&a).ok())
    {
        for (k, v) in m {
            params[k] = v;
        }
    }
    let params: Params = serde_json::from_value(params).unwrap_or_default();
    let mut c = StoryClusterer::with_params(params);
    let use_emb = std::env::var("BENCH_EMB").is_ok();
    let gauss = |rng: &mut Rng| (rng.unit() + rng.unit() + rng.unit() - 1.5) as f32;
    let unit = |mut v: Vec<f32>| {
        let n = v.iter().map(|x| x * x).sum::<f32>().sqrt().max(1e-9);
        v.iter_mut().for_each(|x| *x /= n);
        v
    };
    let topic_emb: Vec<Vec<f32>> = if use_emb {
        (0..topics.len())
            .map(|_| unit((0..384).map(|_| gauss(&mut rng)).collect()))
            .collect()
    } else {
        Vec::new()
    };
    let emb_of = |rng: &mut Rng, t: usize| -> Option<Vec<f32>> {
        let base = topic_emb.get(t)?;
        Some(unit(base.iter().map(|x| x + 0.05 * gauss(rng)).collect()))
    };

    // Warm-up: one article per topic → `stories` live stories.
    let warm: Vec<_> = topics
        .iter()
        .enumerate()
        .map(|(t, topic)| {
            let e = emb_of(&mut rng, t);
            (synth_article(&mut rng, format!("w{t}"), topic), e)
        })
        .collect();
    let t0 = Instant::now();
    for (a, e) in &warm {
        c.process_embedded(a, &[], e.as_deref());
    }
    let warm_time = t0.elapsed();
    drop(warm);
    let live_after_warm = c.len();
    let rss_warm = rss_kib();

    let mut timed = Duration::ZERO;
    let mut cpu = 0.0;
    let mut done = 0;
    let mut words = 0usize;
    while done < n {
        let chunk: Vec<_> = (done..(done + 10_000).min(n))
            .map(|i| {
                let t = rng.below(topics.len());
                let a = synth_article(&mut rng, format!("a{i}"), &topics[t]);
                (a, emb_of(&mut rng, t))
            })
            .collect();
        words += chunk.iter().map(|a| a.0.word_count()).sum::<usize>();
        let t = Instant::now();
        let c0 = cpu_secs();
        for (a, e) in &chunk {
            c.process_embedded(a, &[], e.as_deref());
        }
        cpu += cpu_secs() - c0;
        timed += t.elapsed();
        done += chunk.len();
    }
    let rss_end = rss_kib();
    let secs = timed.as_secs_f64();
    println!(
        "warm-up: {} articles → {} live stories in {:.2}s ({:.0} articles/s)",
        topics.len(),
        live_after_warm,
        warm_time.as_secs_f64(),
        topics.len() as f64 / warm_time.as_secs_f64()
    );
    println!(
        "assigned {n} articles ({:.0} words avg) with {} live stories in {secs:.2}s wall: \
         {:.0} articles/s wall, {:.0} articles/s per CPU-second (one thread)",
        words as f64 / n as f64,
        c.len(),
        n as f64 / secs,
        n as f64 / cpu.max(1e-9)
    );
    println!(
        "memory: RSS {:.1} MiB after warm-up ({:.1} KiB per live story incl. IDF table), {:.1} MiB at end; \
         estimated story heap {:.1} KiB per story at end ({} articles/story avg)",
        (rss_warm - rss0) as f64 / 1024.0,
        (rss_warm - rss0) as f64 / live_after_warm.max(1) as f64,
        (rss_end - rss0) as f64 / 1024.0,
        c.approx_bytes_per_story() / 1024.0,
        (n + topics.len()) / c.len().max(1)
    );
    let splits = c.history().iter().filter(|h| h.kind == "split").count();
    let merges = c.history().len() - splits;
    println!("changes: {splits} splits, {merges} merges");
    let t = Instant::now();
    let json = serde_json::to_vec(&c.state()).unwrap_or_default();
    let json_secs = t.elapsed().as_secs_f64();
    // What the pipeline saves (herald_core::state: tagged MessagePack).
    let t = Instant::now();
    let state = herald_core::state::encode(*b"HSC1", &c.state()).unwrap_or_default();
    let state_secs = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let back: Result<herald_stories::ClustererState, _> =
        herald_core::state::decode(*b"HSC1", &state);
    let load_secs = t.elapsed().as_secs_f64();
    println!(
        "state: {:.1} MiB saved in {state_secs:.2}s, read back in {load_secs:.2}s{}; as JSON {:.1} MiB in {json_secs:.2}s",
        state.len() as f64 / 1_048_576.0,
        if back.is_ok() { "" } else { " (FAILED)" },
        json.len() as f64 / 1_048_576.0,
    );
    let t = Instant::now();
    let threads = c.threads();
    println!(
        "threads: {} ({} with 2+ stories) in {:.2}s",
        threads.len(),
        threads.iter().filter(|t| t.stories.len() > 1).count(),
        t.elapsed().as_secs_f64()
    );
}
