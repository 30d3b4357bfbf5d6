//! Splitting: a story whose members turn out to form two well-separated
//! groups (a bad early join that later articles on both events kept
//! feeding, or one name covering two events weeks apart) sheds the smaller
//! group as a new story. The larger group keeps the id, so links users hold
//! stay valid for most of the story; the split is recorded in the history.
//!
//! Stories are checked when they reach sizes 4, 6, 8, 12, 16, 24, … (each
//! check is linear in the story's size, so the cost per article stays
//! constant): spherical 2-means over per-member sketches, then the two group
//! centroids are compared with the join score (text, time gap).

use herald_core::Article;
use serde::{Deserialize, Serialize};

use crate::cluster::{Change, Rep, StoryClusterer, StoryData, bump, host, inv, push_rep};
use crate::dense::{add_dense, dense_dot, dequantize, emb_norm, quantize, sub_dense};
use crate::features::Features;
use crate::params::Params;
use crate::similarity::combine;
use crate::sparse::{SparseVec, add_scaled, dot, norm, top_k};

/// Terms kept per member sketch.
const MEMBER_TERMS: usize = 16;
/// Labels kept per member.
const MEMBER_LABELS: usize = 2;
/// 2-means rounds (it settles in two or three on real stories).
const ROUNDS: usize = 8;

/// What a story keeps of each member to be able to split later: enough to
/// rebuild both halves' vectors, spans, sources, counters and headlines.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(crate) struct Member {
    pub article: String,
    /// The heaviest terms of the article's unit vector.
    pub terms: SparseVec,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub day: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub site: Option<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub title: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub actors: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cameos: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub labels: Vec<(String, f32)>,
    /// Origins named by the article's dedup relations.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub origins: Vec<String>,
    /// Embedding in 8 bits (empty when none was given).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub emb: Vec<i8>,
}

impl Member {
    pub(crate) fn new(article: &Article, f: &Features) -> Member {
        let mut terms = f.terms.clone();
        top_k(&mut terms, MEMBER_TERMS);
        // Three decimals are plenty for grouping and keep the saved state
        // small.
        for t in &mut terms {
            t.1 = (t.1 * 1000.0).round() / 1000.0;
        }
        // The clone kept the full vector's capacity.
        terms.shrink_to_fit();
        Member {
            article: article.id.clone(),
            terms,
            day: f.day,
            site: article
                .site
                .clone()
                .or_else(|| article.url.as_deref().and_then(host)),
            title: article.title.clone().unwrap_or_default().trim().to_string(),
            actors: f.actors.clone(),
            events: f.events.clone(),
            cameos: f.cameos.clone(),
            labels: f.labels.iter().take(MEMBER_LABELS).cloned().collect(),
            origins: article
                .relations
                .iter()
                .filter_map(|r| r.origin.clone())
                .collect(),
            emb: f.emb.as_deref().map(quantize).unwrap_or_default(),
        }
    }
}

/// Story sizes at which a story is checked: 4, 6, 8, 12, 16, 24, 32, …
pub(crate) fn checkpoint(n: usize) -> bool {
    n >= 4 && (n.is_power_of_two() || (n.is_multiple_of(3) && (n / 3).is_power_of_two()))
}

/// Days between a day and a span (0 inside, None when either is unknown).
fn gap(day: Option<i32>, span: Option<(i32, i32)>) -> Option<f32> {
    let (d, (a, b)) = (day?, span?);
    Some((a - d).max(d - b).max(0) as f32)
}

fn span_of<'a>(members: impl Iterator<Item = &'a Member>) -> Option<(i32, i32)> {
    members
        .filter_map(|m| m.day)
        .fold(None, |acc, d| match acc {
            None => Some((d, d)),
            Some((a, b)) => Some((a.min(d), b.max(d))),
        })
}

fn sum_terms<'a>(members: impl Iterator<Item = &'a Member>) -> SparseVec {
    members.fold(SparseVec::new(), |acc, m| add_scaled(&acc, &m.terms, 1.0))
}

fn cos(a: &SparseVec, b: &SparseVec) -> f32 {
    let n = norm(a) * norm(b);
    if n > 0.0 { dot(a, b) / n } else { 0.0 }
}

/// Two-means over the members: `Some(mask)` (true = the smaller group)
/// when the two groups are well separated, else `None`.
pub(crate) fn two_groups(members: &[Member], p: &Params) -> Option<Vec<bool>> {
    let n = members.len();
    if n < 2 * p.split_min.max(1) {
        return None;
    }
    // Seeds: the most central member, and the member least like it.
    let all = sum_terms(members.iter());
    let central = (0..n).max_by(|&i, &j| {
        dot(&members[i].terms, &all)
            .total_cmp(&dot(&members[j].terms, &all))
            .then(j.cmp(&i))
    })?;
    let far = (0..n).min_by(|&i, &j| {
        dot(&members[i].terms, &members[central].terms)
            .total_cmp(&dot(&members[j].terms, &members[central].terms))
            .then(i.cmp(&j))
    })?;
    if far == central {
        return None;
    }
    let (mut ca, mut cb) = (members[central].terms.clone(), members[far].terms.clone());
    let (mut sa, mut sb) = (
        span_of(std::iter::once(&members[central])),
        span_of(std::iter::once(&members[far])),
    );
    let mut in_b = vec![false; n];
    for _ in 0..ROUNDS {
        let (na, nb) = (inv(norm(&ca)), inv(norm(&cb)));
        let next: Vec<bool> = members
            .iter()
            .map(|m| {
                let a = dot(&m.terms, &ca) * na * p.time_factor(gap(m.day, sa));
                let b = dot(&m.terms, &cb) * nb * p.time_factor(gap(m.day, sb));
                b > a
            })
            .collect();
        let changed = next != in_b;
        in_b = next;
        let group = |want: bool| members.iter().zip(&in_b).filter(move |x| *x.1 == want);
        ca = sum_terms(group(false).map(|x| x.0));
        cb = sum_terms(group(true).map(|x| x.0));
        sa = span_of(group(false).map(|x| x.0));
        sb = span_of(group(true).map(|x| x.0));
        if !changed {
            break;
        }
    }
    let nb = in_b.iter().filter(|&&b| b).count();
    let na = n - nb;
    if na.min(nb) < p.split_min.max(1) {
        return None;
    }
    let span_gap = match (sa, sb) {
        (Some((a0, a1)), Some((b0, b1))) => Some((b0 - a1).max(a0 - b1).max(0) as f32),
        _ => None,
    };
    let text = cos(&ca, &cb);
    let emb = {
        let sum = |want: bool| {
            let mut acc = Vec::new();
            for (m, _) in members.iter().zip(&in_b).filter(|x| *x.1 == want) {
                if m.emb.is_empty() {
                    return Vec::new();
                }
                add_dense(&mut acc, &dequantize(&m.emb));
            }
            acc
        };
        let (ea, eb) = (sum(false), sum(true));
        let nn = emb_norm(&ea) * emb_norm(&eb);
        (nn > 0.0 && ea.len() == eb.len()).then(|| dense_dot(&ea, &eb) / nn)
    };
    let score = combine(
        crate::similarity::blend(text, emb, p),
        0.0,
        0.0,
        span_gap,
        p,
    );
    if score >= p.split_threshold {
        return None;
    }
    // Mark the smaller group (ties: the one without the founding member).
    let small_is_b = nb < na || (nb == na && !in_b[0]);
    Some(in_b.into_iter().map(|b| b == small_is_b).collect())
}

impl StoryClusterer {
    /// Checks story `s` at its size checkpoints and splits it when its
    /// members form two separated groups. Returns the story the article
    /// `trigger` is in afterwards.
    pub(crate) fn maybe_split(&mut self, s: u32, trigger: &str) -> u32 {
        let st = &self.st.stories[s as usize];
        let n = st.articles.len();
        if !checkpoint(n) || st.members.len() != n {
            return s;
        }
        let Some(mask) = two_groups(&st.members, &self.st.params) else {
            return s;
        };
        // A dedup relation across the groups is near-certain evidence that
        // they are one story.
        let moved = |a: &str| {
            st.members
                .iter()
                .position(|m| m.article == a)
                .is_some_and(|i| mask[i])
        };
        if st
            .relations
            .iter()
            .any(|r| moved(&r.article) != moved(&r.other))
        {
            return s;
        }
        let t = self.split(s, &mask, trigger);
        let trigger_moved = self.st.stories[t as usize]
            .articles
            .iter()
            .any(|a| a == trigger);
        if trigger_moved { t } else { s }
    }

    /// Moves the members marked in `mask` out of story `s` into a new story;
    /// returns the new story.
    fn split(&mut self, s: u32, mask: &[bool], trigger: &str) -> u32 {
        let p = self.st.params.clone();
        let old = &mut self.st.stories[s as usize];
        let members = std::mem::take(&mut old.members);
        let (mut gone, mut kept) = (Vec::new(), Vec::new());
        for (m, &g) in members.into_iter().zip(mask) {
            if g { gone.push(m) } else { kept.push(m) }
        }
        let is_gone = |a: &str| gone.iter().any(|m| m.article == a);

        // The kept half: its centroid loses the shed members' terms (the
        // rest of its history stays), everything else is rebuilt.
        let mut centroid = old.centroid.clone();
        for m in &gone {
            centroid = add_scaled(&centroid, &m.terms, -1.0);
        }
        centroid.retain(|e| e.1 > 1e-6);
        let mut emb = old.emb.clone();
        for m in gone.iter().filter(|m| !m.emb.is_empty()) {
            sub_dense(&mut emb, &dequantize(&m.emb));
        }
        let (reps_gone, reps_kept): (Vec<Rep>, Vec<Rep>) = std::mem::take(&mut old.reps)
            .into_iter()
            .partition(|r| is_gone(&r.article));
        let (rel_gone, rel_kept) = std::mem::take(&mut old.relations)
            .into_iter()
            .partition(|r| is_gone(&r.article));
        old.articles.retain(|a| !is_gone(a));
        rebuild(old, &kept, centroid, emb, reps_kept, rel_kept);
        let old_id = old.id.clone();

        let founder = gone.first().map(|m| m.article.clone()).unwrap_or_default();
        let t = self.found(&founder);
        let mut centroid = gone
            .iter()
            .fold(SparseVec::new(), |acc, m| add_scaled(&acc, &m.terms, 1.0));
        top_k(&mut centroid, p.centroid_k);
        let mut emb = Vec::new();
        if gone.iter().all(|m| !m.emb.is_empty()) {
            for m in &gone {
                add_dense(&mut emb, &dequantize(&m.emb));
            }
        }
        let moved: Vec<String> = gone.iter().map(|m| m.article.clone()).collect();
        for a in &moved {
            self.st.article_story.insert(a.clone(), t);
        }
        let new = &mut self.st.stories[t as usize];
        new.articles = moved.clone();
        new.split_from = Some(old_id.clone());
        rebuild(new, &gone, centroid, emb, reps_gone, rel_gone);
        new.members = gone;
        self.st.stories[s as usize].members = kept;
        let new_id = self.st.stories[t as usize].id.clone();
        self.st.history.push(Change {
            kind: "split".into(),
            from: old_id,
            into: new_id,
            article: trigger.to_string(),
            reason: "divergent".into(),
            articles: moved,
        });
        self.reindex(s);
        self.reindex(t);
        t
    }
}

/// Rebuilds a story's derived fields from its members.
fn rebuild(
    st: &mut StoryData,
    members: &[Member],
    centroid: SparseVec,
    emb: Vec<f32>,
    mut reps: Vec<Rep>,
    relations: Vec<crate::cluster::InnerRelation>,
) {
    st.centroid = centroid;
    st.norm = norm(&st.centroid);
    st.inv_norm = inv(st.norm);
    st.emb_norm = emb_norm(&emb);
    st.emb = emb;
    let span = span_of(members.iter());
    st.first_day = span.map(|x| x.0);
    st.last_day = span.map(|x| x.1);
    st.earliest = members
        .iter()
        .filter_map(|m| m.day.map(|d| (d, m.article.clone())))
        .min_by_key(|x| x.0);
    st.sources.clear();
    st.origin_votes.clear();
    st.actors.clear();
    st.events.clear();
    st.cameos.clear();
    st.labels.clear();
    for m in members {
        if let Some(site) = &m.site
            && !st.sources.contains(site)
        {
            st.sources.push(site.clone());
        }
        for o in &m.origins {
            bump(&mut st.origin_votes, o, 1);
        }
        for a in &m.actors {
            bump(&mut st.actors, a, 1);
        }
        for e in &m.events {
            bump(&mut st.events, e, 1);
        }
        for c in &m.cameos {
            bump(&mut st.cameos, c, 1);
        }
        for (l, w) in &m.labels {
            match st.labels.iter_mut().find(|x| x.0.eq_ignore_ascii_case(l)) {
                Some(x) => x.1 += w,
                None => st.labels.push((l.clone(), *w)),
            }
        }
    }
    // Members not among the representatives can still lend a headline.
    if reps.is_empty() {
        for m in members {
            push_rep(
                &mut reps,
                Rep {
                    article: m.article.clone(),
                    title: m.title.clone(),
                    lead: String::new(),
                    terms: m.terms.clone(),
                    title_terms: SparseVec::new(),
                },
                &st.centroid,
            );
        }
    }
    st.reps = reps;
    st.relations = relations;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checkpoints_are_geometric() {
        let c: Vec<usize> = (0..50).filter(|&n| checkpoint(n)).collect();
        assert_eq!(c, [4, 6, 8, 12, 16, 24, 32, 48]);
    }

    fn member(id: &str, terms: &[(u32, f32)], day: i32) -> Member {
        Member {
            article: id.into(),
            terms: terms.to_vec(),
            day: Some(day),
            ..Member::default()
        }
    }

    #[test]
    fn two_topics_separate_and_one_topic_does_not() {
        let p = Params::default();
        let x = [(1, 0.6), (2, 0.6), (3, 0.5)];
        let y = [(7, 0.6), (8, 0.6), (3, 0.5)];
        let mixed = vec![
            member("a", &x, 0),
            member("b", &y, 0),
            member("c", &x, 1),
            member("d", &y, 1),
            member("e", &x, 1),
        ];
        let mask = two_groups(&mixed, &p).expect("separates");
        assert_eq!(mask, [false, true, false, true, false]);
        let same = vec![
            member("a", &x, 0),
            member("b", &x, 0),
            member("c", &[(1, 0.7), (2, 0.7)], 1),
            member("d", &x, 1),
        ];
        assert_eq!(two_groups(&same, &p), None);
    }

    #[test]
    fn a_lone_outlier_is_not_split_off() {
        let p = Params::default();
        let x = [(1, 0.7), (2, 0.7)];
        let ms = vec![
            member("a", &x, 0),
            member("b", &x, 0),
            member("c", &x, 0),
            member("d", &[(9, 1.0)], 0),
        ];
        assert_eq!(two_groups(&ms, &p), None);
    }
}
