//! Threads: stories linked over months by shared names and topics. Stories
//! whose centroids agree and whose spans lie within `thread_span_days` join
//! one thread; agreeing stories further apart are only `related`.

use std::collections::{BTreeMap, HashMap};

pub use herald_core::{RelatedThread, Thread};
use xxhash_rust::xxh3::xxh3_64;

use crate::cluster::StoryClusterer;
use crate::date::format_day;
use crate::sparse::{SparseVec, norm, top_k};
use crate::text::IdMap;

/// Terms lists longer than this (in stories) are too common to link on.
const MAX_POSTING: usize = 500;

fn find(parent: &mut [usize], mut x: usize) -> usize {
    while parent[x] != x {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    x
}

impl StoryClusterer {
    /// All threads (singletons included), largest first.
    pub fn threads(&self) -> Vec<Thread> {
        let p = self.params();
        let live: Vec<_> = self.live().collect();
        let n = live.len();
        // Unit centroids restricted to their heaviest terms.
        let vecs: Vec<SparseVec> = live
            .iter()
            .map(|(_, s)| {
                let mut v = s.centroid.clone();
                top_k(&mut v, p.index_k * 2);
                let l = norm(&v);
                if l > 0.0 {
                    v.iter_mut().for_each(|e| e.1 /= l);
                }
                v
            })
            .collect();
        let mut postings: IdMap<u32, Vec<(usize, f32)>> = IdMap::default();
        for (i, v) in vecs.iter().enumerate() {
            for &(t, w) in v {
                postings.entry(t).or_default().push((i, w));
            }
        }
        let mut parent: Vec<usize> = (0..n).collect();
        let mut far: Vec<(usize, usize, f32, Option<i64>)> = Vec::new();
        // The vectors hold only indexed terms, so summing over shared
        // postings gives their exact dot product.
        let mut acc = vec![0f32; n];
        let mut touched: Vec<usize> = Vec::new();
        let low = p.thread_threshold.min(p.related_threshold);
        for i in 0..n {
            for &(t, w) in &vecs[i] {
                let Some(list) = postings.get(&t) else {
                    continue;
                };
                if list.len() > MAX_POSTING {
                    continue;
                }
                for &(j, wj) in list {
                    if j <= i {
                        continue;
                    }
                    if acc[j] == 0.0 {
                        touched.push(j);
                    }
                    acc[j] += w * wj + 1e-9;
                }
            }
            for j in touched.drain(..) {
                let sim = std::mem::take(&mut acc[j]);
                if sim < low {
                    continue;
                }
                let (a, b) = (live[i].1, live[j].1);
                let gap = match (a.first_day, a.last_day, b.first_day, b.last_day) {
                    (Some(a0), Some(a1), Some(b0), Some(b1)) => {
                        Some(i64::from((b0 - a1).max(a0 - b1).max(0)))
                    }
                    _ => None,
                };
                let near = gap.is_none_or(|g| g as f32 <= p.thread_span_days);
                if near && sim >= p.thread_threshold {
                    let (ri, rj) = (find(&mut parent, i), find(&mut parent, j));
                    parent[ri] = rj;
                } else if !near && sim >= p.related_threshold {
                    far.push((i, j, sim, gap));
                }
            }
        }
        let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for i in 0..n {
            let r = find(&mut parent, i);
            groups.entry(r).or_default().push(i);
        }
        let mut threads = Vec::with_capacity(groups.len());
        let mut thread_of: HashMap<usize, usize> = HashMap::new();
        for members in groups.into_values() {
            let mut members = members;
            members.sort_by_key(|&i| {
                let s = live[i].1;
                (s.first_day.unwrap_or(i32::MAX), s.created)
            });
            let ti = threads.len();
            let mut labels: HashMap<String, f32> = HashMap::new();
            let mut first = None;
            let mut last = None;
            let mut count = 0;
            for &i in &members {
                thread_of.insert(i, ti);
                let s = live[i].1;
                count += s.articles.len();
                first = match (first, s.first_day) {
                    (Some(a), Some(b)) => Some(std::cmp::min(a, b)),
                    (a, b) => a.or(b),
                };
                last = last.max(s.last_day);
                for (l, w) in &s.labels {
                    *labels.entry(l.clone()).or_insert(0.0) += w;
                }
            }
            let mut labels: Vec<(String, f32)> = labels.into_iter().collect();
            labels.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            let head = &live[members[0]].1.id;
            threads.push(Thread {
                id: format!("t-{:012x}", xxh3_64(head.as_bytes()) >> 16),
                stories: members.iter().map(|&i| live[i].1.id.clone()).collect(),
                first_seen: first.map(format_day),
                last_seen: last.map(format_day),
                article_count: count,
                top_terms: labels.into_iter().take(10).map(|l| l.0).collect(),
                related: Vec::new(),
            });
        }
        let mut best: HashMap<(usize, usize), (f32, Option<i64>)> = HashMap::new();
        for (i, j, sim, gap) in far {
            let (a, b) = (thread_of[&i], thread_of[&j]);
            if a == b {
                continue;
            }
            for key in [(a, b), (b, a)] {
                let e = best.entry(key).or_insert((0.0, gap));
                if sim > e.0 {
                    *e = (sim, gap);
                }
            }
        }
        let ids: Vec<String> = threads.iter().map(|t| t.id.clone()).collect();
        for ((a, b), (sim, gap)) in best {
            threads[a].related.push(RelatedThread {
                thread: ids[b].clone(),
                score: f64::from(sim),
                gap_days: gap,
            });
        }
        for t in &mut threads {
            t.related.sort_by(|x, y| {
                y.score
                    .total_cmp(&x.score)
                    .then_with(|| x.thread.cmp(&y.thread))
            });
            t.related.truncate(p.related_max);
        }
        threads.sort_by(|a, b| {
            b.article_count
                .cmp(&a.article_count)
                .then_with(|| a.id.cmp(&b.id))
        });
        threads
    }
}

#[cfg(test)]
mod tests {
    use crate::StoryClusterer;
    use herald_core::Article;

    fn art(id: &str, text: &str, date: &str) -> Article {
        Article {
            id: id.into(),
            text: text.into(),
            published: Some(date.into()),
            ..Article::default()
        }
    }

    #[test]
    fn months_apart_thread_years_apart_relate() {
        let mut c = StoryClusterer::new();
        let t = "Officials in Quito and the Galapagos Park discussed tortoise poaching, fishing fleets and the marine reserve.";
        let a = c.process(&art("a", t, "2014-12-01"), &[]);
        let b = c.process(&art("b", t, "2014-09-01"), &[]);
        let old = c.process(&art("c", t, "2012-01-01"), &[]);
        let other = c.process(
            &art(
                "d",
                "Bakers in Lyon protested flour prices and new rules for bread.",
                "2014-12-01",
            ),
            &[],
        );
        assert_ne!(a, b, "three months apart: two stories");
        let threads = c.threads();
        let of = |s: &str| {
            threads
                .iter()
                .find(|t| t.stories.iter().any(|x| x == s))
                .unwrap()
        };
        assert_eq!(of(&a).id, of(&b).id);
        assert_eq!(of(&a).stories[0], b, "earliest first");
        assert_ne!(of(&a).id, of(&old).id);
        assert_ne!(of(&a).id, of(&other).id);
        assert!(of(&a).related.iter().any(|r| r.thread == of(&old).id));
        assert!(of(&a).related.iter().all(|r| r.thread != of(&other).id));
    }
}
