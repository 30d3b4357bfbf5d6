//! A long stream: memory, saved state and speed with archiving on and off.
//!
//! `cargo run -p herald-stories --release --example bench_archive [ARTICLES] [DAYS]`
//!
//! Topics are spread over `DAYS` days (default 730) at 50 per day; articles
//! (default 200,000) arrive in date order, each on a topic of its day, so a
//! story lives a few days and then goes quiet, as news does. The same
//! stream runs twice: with the default archive window (90 days) and with
//! archiving off. (Process RSS includes the first run's freed memory in the
//! second; the story heap estimate does not.)

use std::time::Instant;

use herald_stories::eval::{Rng, rss_kib, synth_article, synth_topics};
use herald_stories::{Params, StoryClusterer};

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(200_000);
    let days: i32 = args.next().and_then(|a| a.parse().ok()).unwrap_or(730);
    for (name, params) in [
        ("archiving on (90 days)", Params::default()),
        (
            "archiving off",
            Params {
                archive_days: f32::INFINITY,
                ..Params::default()
            },
        ),
    ] {
        let mut rng = Rng(7);
        let mut topics = synth_topics(&mut rng, (days as usize) * 50, days);
        topics.sort_by_key(|t| t.day);
        let mut c = StoryClusterer::with_params(params);
        let t0 = Instant::now();
        let mut gen_secs = 0.0;
        for i in 0..n {
            // Topics of the article's position in time, ± 25 topics (half a day).
            let centre = i * topics.len() / n;
            let lo = centre.saturating_sub(25);
            let hi = (centre + 25).min(topics.len() - 1);
            let g = Instant::now();
            let t = lo + rng.below(hi - lo + 1);
            let a = synth_article(&mut rng, format!("a{i}"), &topics[t]);
            gen_secs += g.elapsed().as_secs_f64();
            c.process(&a, &[]);
        }
        let secs = t0.elapsed().as_secs_f64() - gen_secs;
        let rss = rss_kib() as f64 / 1024.0;
        let heap = c.approx_bytes_per_story() * (c.active() + c.archived()) as f64 / 1_048_576.0;
        let t = Instant::now();
        let state = herald_core::state::encode(*b"HSC1", &c.state()).unwrap_or_default();
        let save = t.elapsed().as_secs_f64();
        let t = Instant::now();
        let threads = c.threads();
        let thread_secs = t.elapsed().as_secs_f64();
        println!(
            "{name}: {n} articles over {days} days in {secs:.1}s ({:.0} articles/s); \
             {} active + {} archived stories; story heap ≈ {heap:.0} MiB (process RSS {rss:.0} MiB); state {:.1} MiB saved in {save:.2}s; \
             {} threads ({} of 2+ stories) in {thread_secs:.2}s",
            n as f64 / secs,
            c.active(),
            c.archived(),
            state.len() as f64 / 1_048_576.0,
            threads.len(),
            threads.iter().filter(|t| t.stories.len() > 1).count(),
        );
        drop(c);
    }
}
