//! The online clusterer: each arriving article joins the best live story or
//! founds one; stories that turn out to be one are merged, the absorbed id
//! redirecting to the survivor.

use std::collections::HashMap;
use std::sync::Arc;

use herald_core::{Article, Event, RelationType, Story};
use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::xxh3_64;

use crate::dense::{add_dense, dense_dot, emb_norm};
use crate::features::{Features, count, weigh};
use crate::idf::IdfTable;
use crate::params::Params;
use crate::similarity::{blend, combine, overlap};
use crate::sparse::{SparseVec, add_scaled, dot, get, norm, top_k};
use crate::split::Member;
use crate::text::{IdMap, lead_sentence};

/// Representative members kept per story (headline and summary choice).
const REPS: usize = 4;
/// Labels / actor / event counters kept per story.
const LABELS: usize = 24;
const COUNTERS: usize = 32;

/// A member that may represent its story: title, lead sentence, vectors.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Rep {
    pub article: String,
    pub title: String,
    pub lead: String,
    pub terms: SparseVec,
    pub title_terms: SparseVec,
}

/// A dedup relation whose two articles ended up in one story.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InnerRelation {
    pub article: String,
    pub other: String,
    #[serde(rename = "type")]
    pub kind: RelationType,
    pub score: f64,
}

/// A recorded change to story identity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Change {
    /// `merge` or `split`.
    pub kind: String,
    /// Merge: the absorbed story (its id now redirects). Split: the story
    /// that shed members (it keeps its id).
    pub from: String,
    /// Merge: the surviving story. Split: the new story the shed members
    /// now form.
    pub into: String,
    /// The article whose arrival triggered it.
    pub article: String,
    /// Merge: `relation` (a dedup relation joined them) or `bridge` (an
    /// article matched both and their centroids agree). Split: `divergent`
    /// (the members form two well-separated groups).
    pub reason: String,
    /// Split: the articles that moved from `from` to `into` (their story id
    /// changed). Empty for merges (every member of `from` moved).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub articles: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(crate) struct StoryData {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merged_into: Option<u32>,
    /// Arrival number of the founding article (merge tie-break: older wins).
    pub created: u64,
    pub articles: Vec<String>,
    /// Sum of member unit vectors, pruned to the heaviest terms.
    pub centroid: SparseVec,
    #[serde(skip)]
    pub norm: f32,
    #[serde(skip)]
    pub inv_norm: f32,
    /// Term ids this story is listed under in the inverted index (sorted).
    #[serde(skip)]
    pub indexed: Vec<u32>,
    pub first_day: Option<i32>,
    pub last_day: Option<i32>,
    pub sources: Vec<String>,
    /// Earliest dated member.
    pub earliest: Option<(i32, String)>,
    /// Origins named by dedup relations, with votes.
    pub origin_votes: Vec<(String, u32)>,
    pub actors: Vec<(String, u32)>,
    pub events: Vec<(String, u32)>,
    pub cameos: Vec<(String, u32)>,
    pub labels: Vec<(String, f32)>,
    pub reps: Vec<Rep>,
    pub relations: Vec<InnerRelation>,
    /// One sketch per article while the story is small enough to split
    /// (empty once it outgrows `split_max` or for states saved before
    /// splitting existed: such stories are never split).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub members: Vec<Member>,
    /// Sum of member embeddings (empty when none were given).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub emb: Vec<f32>,
    #[serde(skip)]
    pub emb_norm: f32,
    /// The story this one was split off from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub split_from: Option<String>,
    /// Arrival number of the latest member.
    #[serde(default)]
    pub last_arrival: u64,
    /// Out of the time window: no longer a candidate, slimmed to what its
    /// record and threads need (see `archive`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub archived: bool,
}

impl StoryData {
    pub(crate) fn alive(&self) -> bool {
        self.merged_into.is_none()
    }

    /// Days between `day` and this story's span (0 inside it).
    fn gap(&self, day: Option<i32>) -> Option<f32> {
        let d = day?;
        let (a, b) = (self.first_day?, self.last_day?);
        Some(if d < a {
            (a - d) as f32
        } else if d > b {
            (d - b) as f32
        } else {
            0.0
        })
    }

    pub(crate) fn span_gap(&self, other: &StoryData) -> Option<f32> {
        let (a0, a1, b0, b1) = (
            self.first_day?,
            self.last_day?,
            other.first_day?,
            other.last_day?,
        );
        Some((b0 - a1).max(a0 - b1).max(0) as f32)
    }

    fn keys(counts: &[(String, u32)]) -> Vec<String> {
        let mut v: Vec<String> = counts.iter().map(|c| c.0.clone()).collect();
        v.sort();
        v
    }
}

pub(crate) fn bump(counts: &mut Vec<(String, u32)>, key: &str, by: u32) {
    if let Some(c) = counts.iter_mut().find(|c| c.0 == key) {
        c.1 += by;
    } else {
        counts.push((key.to_string(), by));
    }
    if counts.len() > COUNTERS * 2 {
        counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        counts.truncate(COUNTERS);
    }
}

fn sorted_counts(counts: &[(String, u32)], n: usize) -> Vec<(String, u32)> {
    let mut v = counts.to_vec();
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v.truncate(n);
    v
}

/// `s-` + 12 hex digits of the founding article id's hash.
pub fn story_id(article_id: &str) -> String {
    format!("s-{:012x}", xxh3_64(article_id.as_bytes()) >> 16)
}

/// The clusterer's whole state, persisted by the store between runs (the
/// inverted index is rebuilt on load).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ClustererState {
    #[serde(default)]
    pub params: Params,
    /// Document frequencies learned by stores written before the shipped
    /// table: read so old states load, never used or written again.
    #[serde(default, skip_serializing)]
    pub idf: IdfTable,
    #[serde(default)]
    pub(crate) stories: Vec<StoryData>,
    #[serde(default)]
    pub(crate) article_story: HashMap<String, u32>,
    /// Absorbed story id → surviving story id.
    #[serde(default)]
    pub redirects: HashMap<String, String>,
    /// Merges, in order.
    #[serde(default)]
    pub history: Vec<Change>,
    #[serde(default)]
    pub(crate) arrivals: u64,
    /// Dates of the latest dated arrivals (oldest first), for the stream
    /// clock that archiving measures against.
    #[serde(default)]
    pub(crate) recent_days: Vec<i32>,
}

/// Online story clustering over a stream of articles.
#[derive(Debug, Default)]
pub struct StoryClusterer {
    pub(crate) st: ClustererState,
    pub(crate) by_id: HashMap<String, u32>,
    pub(crate) postings: IdMap<u32, Vec<u32>>,
    acc: Vec<f32>,
    touched: Vec<u32>,
    /// A fixed table other than the shipped one (benchmarks whose
    /// vocabulary is not English); never learned from the stream.
    idf: Option<Arc<IdfTable>>,
}

impl StoryClusterer {
    pub fn new() -> Self {
        Self::default()
    }

    /// Weighs terms with `idf` instead of the shipped table (a fixed table
    /// for a vocabulary the shipped one does not know, e.g. a synthetic one).
    pub fn with_idf(mut self, idf: Arc<IdfTable>) -> Self {
        self.idf = Some(idf);
        self
    }

    /// A clusterer with non-default parameters.
    pub fn with_params(params: Params) -> Self {
        Self::from_state(ClustererState {
            params,
            ..ClustererState::default()
        })
    }

    pub fn from_state(state: ClustererState) -> Self {
        let mut c = StoryClusterer {
            st: state,
            ..Self::default()
        };
        for i in 0..c.st.stories.len() {
            let s = &mut c.st.stories[i];
            s.norm = norm(&s.centroid);
            s.inv_norm = inv(s.norm);
            s.emb_norm = emb_norm(&s.emb);
            s.indexed.clear();
            c.by_id.insert(s.id.clone(), i as u32);
            if s.alive() && !s.archived {
                c.reindex(i as u32);
            }
        }
        c
    }

    pub fn state(&self) -> ClustererState {
        self.st.clone()
    }

    /// Consumes the clusterer into its state without copying.
    pub fn into_state(self) -> ClustererState {
        self.st
    }

    pub fn params(&self) -> &Params {
        &self.st.params
    }

    /// The document frequencies the clusterer weighs terms with (for
    /// [`crate::similarity`]): the shipped table, the same for every store,
    /// so a pair's score and a story's members never depend on what else
    /// the store holds.
    pub fn idf(&self) -> &IdfTable {
        self.idf.as_deref().unwrap_or(IdfTable::fixed())
    }

    /// Merges and splits in arrival order. A caller that persists stories
    /// keeps a cursor into it: entries past the cursor are new.
    pub fn history(&self) -> &[Change] {
        &self.st.history
    }

    /// History entries after the first `cursor` (pass the history length
    /// seen last time): merges to redirect and splits whose `articles` now
    /// belong to the story `into`.
    pub fn changes_since(&self, cursor: usize) -> &[Change] {
        self.st.history.get(cursor..).unwrap_or(&[])
    }

    /// Absorbed story id → surviving id.
    pub fn redirects(&self) -> &HashMap<String, String> {
        &self.st.redirects
    }

    /// The current id of a story id (follows merge redirects; unknown ids
    /// come back unchanged).
    pub fn resolve(&self, id: &str) -> String {
        let mut cur = id;
        // Redirect chains are acyclic (a survivor is never absorbed into its
        // own absorbed story); the bound guards a corrupted state.
        for _ in 0..64 {
            match self.st.redirects.get(cur) {
                Some(next) => cur = next,
                None => break,
            }
        }
        cur.to_string()
    }

    /// The story an article is in now.
    pub fn story_of(&self, article_id: &str) -> Option<String> {
        let &s = self.st.article_story.get(article_id)?;
        Some(self.st.stories[self.root(s) as usize].id.clone())
    }

    /// Number of live (not merged away) stories.
    pub fn len(&self) -> usize {
        self.st.stories.iter().filter(|s| s.alive()).count()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub(crate) fn root(&self, mut s: u32) -> u32 {
        for _ in 0..64 {
            match self.st.stories[s as usize].merged_into {
                Some(n) => s = n,
                None => break,
            }
        }
        s
    }

    /// Assigns `article` (with its relations and events) to a story, returns
    /// the story id. Re-processing a known article id returns its story.
    pub fn process(&mut self, article: &Article, events: &[Event]) -> String {
        self.process_embedded(article, events, None)
    }

    /// [`Self::process`] with the article's sentence embedding (title and
    /// lead, unit length, e.g. from `embed::Embedder` with the `embeddings`
    /// feature): embedding cosine then counts as one more similarity
    /// feature. Give embeddings for all articles or none.
    pub fn process_embedded(
        &mut self,
        article: &Article,
        events: &[Event],
        embedding: Option<&[f32]>,
    ) -> String {
        if let Some(id) = self.story_of(&article.id) {
            return id;
        }
        let counts = count(article, &self.st.params);
        let mut f = weigh(
            article,
            events,
            &counts,
            Some(self.idf.as_deref().unwrap_or(IdfTable::fixed())),
            &self.st.params,
        );
        f.emb = embedding.filter(|e| !e.is_empty()).map(<[f32]>::to_vec);
        self.st.arrivals += 1;
        let threshold = self.st.params.threshold;

        let mut rel_roots: Vec<u32> = article
            .relations
            .iter()
            .filter_map(|r| self.st.article_story.get(&r.article))
            .map(|&s| self.root(s))
            .collect();
        rel_roots.sort_unstable();
        rel_roots.dedup();
        let cands = self.candidates(&f);

        let mut target = match rel_roots.split_first() {
            // A dedup relation is near-certain: join, and unite every story
            // the relations point into.
            Some((&first, rest)) => {
                let mut t = first;
                for &o in rest {
                    t = self.merge(t, o, &article.id, "relation");
                }
                t
            }
            None => match cands.first() {
                Some(&(s, score)) if score >= threshold => s,
                _ => self.found(&article.id),
            },
        };
        self.add(target, article, &f);
        self.st.article_story.insert(article.id.clone(), target);
        // An article matching two stories is a bridge: merge them when their
        // centroids agree too.
        for &(s, score) in &cands {
            let s = self.root(s);
            if s == target || score < threshold {
                continue;
            }
            if self.story_similarity(target, s) >= self.st.params.merge_threshold {
                target = self.merge(target, s, &article.id, "bridge");
            }
        }
        target = self.maybe_split(target, &article.id);
        self.note_day(f.day);
        self.maybe_archive();
        self.st.stories[target as usize].id.clone()
    }

    /// Score of article features against a story.
    fn score(&self, f: &Features, s: &StoryData) -> f32 {
        let text = if s.norm > 0.0 {
            dot(&f.terms, &s.centroid) / s.norm
        } else {
            0.0
        };
        let emb = match &f.emb {
            Some(e) if s.emb_norm > 0.0 && e.len() == s.emb.len() => {
                Some(dense_dot(e, &s.emb) / s.emb_norm)
            }
            _ => None,
        };
        let text = blend(text, emb, &self.st.params);
        let actors = if f.actors.is_empty() || s.actors.is_empty() {
            0.0
        } else {
            overlap(&f.actors, &StoryData::keys(&s.actors))
        };
        let events = if f.events.is_empty() || s.events.is_empty() {
            0.0
        } else {
            overlap(&f.events, &StoryData::keys(&s.events))
        };
        combine(text, actors, events, s.gap(f.day), &self.st.params)
    }

    /// Centroid similarity of two stories, with the time gap of their spans.
    pub(crate) fn story_similarity(&self, a: u32, b: u32) -> f32 {
        let (sa, sb) = (&self.st.stories[a as usize], &self.st.stories[b as usize]);
        if sa.norm <= 0.0 || sb.norm <= 0.0 {
            return 0.0;
        }
        let text = dot(&sa.centroid, &sb.centroid) / (sa.norm * sb.norm);
        let emb = (sa.emb_norm > 0.0 && sb.emb_norm > 0.0 && sa.emb.len() == sb.emb.len())
            .then(|| dense_dot(&sa.emb, &sb.emb) / (sa.emb_norm * sb.emb_norm));
        let text = blend(text, emb, &self.st.params);
        combine(text, 0.0, 0.0, sa.span_gap(sb), &self.st.params)
    }

    /// Best-scoring live stories for these features, best first.
    fn candidates(&mut self, f: &Features) -> Vec<(u32, f32)> {
        let p = &self.st.params;
        let mut probe: SparseVec = f.terms.clone();
        if probe.len() > p.probe_k {
            probe.select_nth_unstable_by(p.probe_k, |a, b| b.1.total_cmp(&a.1));
            probe.truncate(p.probe_k);
        }
        self.acc.resize(self.st.stories.len(), 0.0);
        // A term listed under very many stories (a common word that made
        // some centroids' top terms) cannot tell them apart: skip its list,
        // the article's rarer terms find the candidates.
        let max_list = p.max_posting;
        for &(t, w) in &probe {
            let Some(list) = self.postings.get_mut(&t) else {
                continue;
            };
            if list.len() > max_list {
                continue;
            }
            let mut stale = 0usize;
            for &s in list.iter() {
                let st = &self.st.stories[s as usize];
                if !st.alive() {
                    stale += 1;
                    continue;
                }
                // Entries whose term left the story's top terms still score
                // its current centroid weight (often 0): harmless for a
                // pre-selection that is rescored exactly.
                let a = &mut self.acc[s as usize];
                if *a == 0.0 {
                    self.touched.push(s);
                }
                *a += w * get(&st.centroid, t) * st.inv_norm + 1e-9;
            }
            // Lazy deletion: compact once dead entries are a quarter.
            if stale * 4 > list.len() {
                let stories = &self.st.stories;
                list.retain(|&s| {
                    let st = &stories[s as usize];
                    st.alive() && st.indexed.binary_search(&t).is_ok()
                });
            }
        }
        let mut pre: Vec<(u32, f32)> = self
            .touched
            .drain(..)
            .map(|s| {
                let a = self.acc[s as usize];
                self.acc[s as usize] = 0.0;
                (s, a)
            })
            .collect();
        let n = self.st.params.candidates;
        if pre.len() > n {
            pre.select_nth_unstable_by(n, |a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            pre.truncate(n);
        }
        let window = self.st.params.window_days;
        let mut out: Vec<(u32, f32)> = pre
            .into_iter()
            .filter_map(|(s, _)| {
                let st = &self.st.stories[s as usize];
                if st.gap(f.day).is_some_and(|g| g > window) {
                    return None;
                }
                Some((s, self.score(f, st)))
            })
            .collect();
        out.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        out
    }

    /// Founds an empty story for `article_id`.
    pub(crate) fn found(&mut self, article_id: &str) -> u32 {
        let mut id = story_id(article_id);
        let mut n = 2;
        while self.by_id.contains_key(&id) {
            id = format!("{}-{n}", story_id(article_id));
            n += 1;
        }
        let idx = self.st.stories.len() as u32;
        self.by_id.insert(id.clone(), idx);
        self.st.stories.push(StoryData {
            id,
            created: self.st.arrivals,
            last_arrival: self.st.arrivals,
            ..StoryData::default()
        });
        idx
    }

    fn add(&mut self, s: u32, article: &Article, f: &Features) {
        let member = Member::new(article, f);
        let related: Vec<InnerRelation> = article
            .relations
            .iter()
            .filter(|r| {
                self.st
                    .article_story
                    .get(&r.article)
                    .is_some_and(|&o| self.root(o) == s)
            })
            .map(|r| InnerRelation {
                article: article.id.clone(),
                other: r.article.clone(),
                kind: r.kind,
                score: r.score,
            })
            .collect();
        let p = self.st.params.clone();
        let arrivals = self.st.arrivals;
        let st = &mut self.st.stories[s as usize];
        st.last_arrival = arrivals;
        st.articles.push(article.id.clone());
        st.centroid = add_scaled(&st.centroid, &f.terms, 1.0);
        top_k(&mut st.centroid, p.centroid_k);
        st.norm = norm(&st.centroid);
        st.inv_norm = inv(st.norm);
        if let Some(d) = f.day {
            st.first_day = Some(st.first_day.map_or(d, |x| x.min(d)));
            st.last_day = Some(st.last_day.map_or(d, |x| x.max(d)));
            if st.earliest.as_ref().is_none_or(|e| d < e.0) {
                st.earliest = Some((d, article.id.clone()));
            }
        }
        let site = article
            .site
            .clone()
            .or_else(|| article.url.as_deref().and_then(host));
        if let Some(site) = site
            && !st.sources.contains(&site)
        {
            st.sources.push(site);
        }
        for r in &article.relations {
            if let Some(o) = &r.origin {
                bump(&mut st.origin_votes, o, 1);
            }
        }
        st.relations.extend(related);
        for a in &f.actors {
            bump(&mut st.actors, a, 1);
        }
        for e in &f.events {
            bump(&mut st.events, e, 1);
        }
        for c in &f.cameos {
            bump(&mut st.cameos, c, 1);
        }
        for (l, w) in &f.labels {
            match st.labels.iter_mut().find(|x| x.0.eq_ignore_ascii_case(l)) {
                Some(x) => x.1 += w,
                None => st.labels.push((l.clone(), *w)),
            }
        }
        if st.labels.len() > LABELS * 2 {
            st.labels.sort_by(|a, b| b.1.total_cmp(&a.1));
            st.labels.truncate(LABELS);
        }
        let mut rep_terms = f.terms.clone();
        top_k(&mut rep_terms, 24);
        rep_terms.shrink_to_fit();
        let rep = Rep {
            article: article.id.clone(),
            title: article.title.clone().unwrap_or_default().trim().to_string(),
            lead: lead_sentence(&article.text),
            terms: rep_terms,
            title_terms: f.title.clone(),
        };
        push_rep(&mut st.reps, rep, &st.centroid);
        if let Some(e) = &f.emb {
            add_dense(&mut st.emb, e);
            st.emb_norm = emb_norm(&st.emb);
        }
        // Sketches are kept only while every member has one (complete) and
        // the story is small enough to split.
        if st.members.len() + 1 == st.articles.len() && st.articles.len() <= p.split_max {
            st.members.push(member);
        } else {
            st.members = Vec::new();
        }
        self.reindex(s);
    }

    /// Lists the story under its heaviest centroid terms.
    pub(crate) fn reindex(&mut self, s: u32) {
        let k = self.st.params.index_k;
        let st = &mut self.st.stories[s as usize];
        let mut top = st.centroid.clone();
        top_k(&mut top, k);
        let new: Vec<u32> = top.iter().map(|e| e.0).collect();
        for &t in &new {
            if st.indexed.binary_search(&t).is_err() {
                self.postings.entry(t).or_default().push(s);
            }
        }
        // Terms that left: unlist now, so re-entry cannot double-list.
        for &t in &st.indexed {
            if new.binary_search(&t).is_err()
                && let Some(list) = self.postings.get_mut(&t)
                && let Some(i) = list.iter().rposition(|&x| x == s)
            {
                list.swap_remove(i);
            }
        }
        st.indexed = new;
    }

    /// Merges two stories; the larger (then older) survives. Returns the
    /// survivor.
    fn merge(&mut self, a: u32, b: u32, article: &str, reason: &str) -> u32 {
        let (a, b) = (self.root(a), self.root(b));
        if a == b {
            return a;
        }
        let key = |s: &StoryData| (std::cmp::Reverse(s.articles.len()), s.created);
        let (win, lose) = if key(&self.st.stories[a as usize]) <= key(&self.st.stories[b as usize])
        {
            (a, b)
        } else {
            (b, a)
        };
        let centroid_k = self.st.params.centroid_k;
        let split_max = self.st.params.split_max;
        let loser = std::mem::take(&mut self.st.stories[lose as usize]);
        let w = &mut self.st.stories[win as usize];
        let complete = w.members.len() == w.articles.len()
            && loser.members.len() == loser.articles.len()
            && w.articles.len() + loser.articles.len() <= split_max;
        if complete {
            w.members.extend(loser.members);
        } else {
            w.members = Vec::new();
        }
        if !loser.emb.is_empty() {
            add_dense(&mut w.emb, &loser.emb);
            w.emb_norm = emb_norm(&w.emb);
        }
        w.articles.extend(loser.articles);
        w.centroid = add_scaled(&w.centroid, &loser.centroid, 1.0);
        top_k(&mut w.centroid, centroid_k);
        w.norm = norm(&w.centroid);
        w.inv_norm = inv(w.norm);
        w.first_day = min_opt(w.first_day, loser.first_day);
        w.last_day = w.last_day.max(loser.last_day);
        if let Some(e) = loser.earliest
            && w.earliest.as_ref().is_none_or(|x| e.0 < x.0)
        {
            w.earliest = Some(e);
        }
        for src in loser.sources {
            if !w.sources.contains(&src) {
                w.sources.push(src);
            }
        }
        for (k, n) in &loser.origin_votes {
            bump(&mut w.origin_votes, k, *n);
        }
        for (k, n) in &loser.actors {
            bump(&mut w.actors, k, *n);
        }
        for (k, n) in &loser.events {
            bump(&mut w.events, k, *n);
        }
        for (k, n) in &loser.cameos {
            bump(&mut w.cameos, k, *n);
        }
        for (l, x) in loser.labels {
            match w.labels.iter_mut().find(|y| y.0.eq_ignore_ascii_case(&l)) {
                Some(y) => y.1 += x,
                None => w.labels.push((l, x)),
            }
        }
        w.relations.extend(loser.relations);
        for r in loser.reps {
            push_rep(&mut w.reps, r, &w.centroid);
        }
        let into = w.id.clone();
        // Keep the absorbed record's identity (id, creation) for redirects.
        let l = &mut self.st.stories[lose as usize];
        l.id = loser.id.clone();
        l.created = loser.created;
        l.merged_into = Some(win);
        self.st.redirects.insert(loser.id.clone(), into.clone());
        self.st.history.push(Change {
            kind: "merge".into(),
            from: loser.id,
            into,
            article: article.to_string(),
            reason: reason.into(),
            articles: Vec::new(),
        });
        self.reindex(win);
        win
    }

    pub(crate) fn live(&self) -> impl Iterator<Item = (u32, &StoryData)> {
        self.st
            .stories
            .iter()
            .enumerate()
            .filter(|(_, s)| s.alive() && !s.articles.is_empty())
            .map(|(i, s)| (i as u32, s))
    }

    /// Current stories (after merges), for the store.
    pub fn stories(&self) -> Vec<Story> {
        self.live().map(|(_, s)| self.to_story(s)).collect()
    }

    /// One current story by id (redirects followed).
    pub fn story(&self, id: &str) -> Option<Story> {
        let &i = self.by_id.get(&self.resolve(id))?;
        let s = &self.st.stories[self.root(i) as usize];
        (!s.articles.is_empty()).then(|| self.to_story(s))
    }

    /// Full records (headline, summary, actors, events, relations inside).
    pub fn records(&self) -> Vec<StoryRecord> {
        self.live().map(|(_, s)| self.to_record(s)).collect()
    }

    /// One full record by id (redirects followed).
    pub fn record(&self, id: &str) -> Option<StoryRecord> {
        let &i = self.by_id.get(&self.resolve(id))?;
        let s = &self.st.stories[self.root(i) as usize];
        (!s.articles.is_empty()).then(|| self.to_record(s))
    }

    fn to_story(&self, s: &StoryData) -> Story {
        let r = self.to_record(s);
        Story {
            id: r.id,
            title: r.headline,
            articles: r.articles,
            first_seen: r.first_seen,
            last_seen: r.last_seen,
            sources: r.sources,
            origin: r.origin,
            top_terms: r.top_terms,
        }
    }

    fn to_record(&self, s: &StoryData) -> StoryRecord {
        let best = |f: &dyn Fn(&Rep) -> f32| {
            s.reps
                .iter()
                .map(|r| (f(r), r))
                .max_by(|a, b| a.0.total_cmp(&b.0))
                .map(|x| x.1)
        };
        let cen = |v: &SparseVec| {
            let n = norm(v) * s.norm;
            if n > 0.0 {
                dot(v, &s.centroid) / n
            } else {
                0.0
            }
        };
        let headline = best(&|r: &Rep| {
            if r.title.is_empty() {
                -1.0
            } else {
                cen(&r.title_terms) + 0.5 * cen(&r.terms)
            }
        })
        .map(|r| {
            if r.title.is_empty() {
                r.lead.clone()
            } else {
                r.title.clone()
            }
        })
        .unwrap_or_default();
        let summary = best(&|r: &Rep| {
            if r.lead.is_empty() {
                -1.0
            } else {
                cen(&r.terms)
            }
        })
        .map(|r| r.lead.clone())
        .unwrap_or_default();
        // The origin is the earliest dated member (the README's "likely
        // first article"); copy relations' origin votes decide only when no
        // member is dated.
        let origin = s
            .earliest
            .as_ref()
            .map(|e| e.1.clone())
            .filter(|o| s.articles.contains(o))
            .or_else(|| {
                sorted_counts(&s.origin_votes, 1)
                    .into_iter()
                    .map(|x| x.0)
                    .find(|o| s.articles.contains(o))
            })
            .or_else(|| s.articles.first().cloned());
        let mut labels = s.labels.clone();
        labels.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let actors = sorted_counts(&s.actors, 8);
        let mut top_terms: Vec<String> = labels.iter().take(10).map(|l| l.0.clone()).collect();
        for (a, _) in actors.iter().take(3) {
            if !top_terms.contains(a) {
                top_terms.push(a.clone());
            }
        }
        StoryRecord {
            id: s.id.clone(),
            headline,
            summary,
            article_count: s.articles.len(),
            articles: s.articles.clone(),
            first_seen: s.first_day.map(crate::date::format_day),
            last_seen: s.last_day.map(crate::date::format_day),
            sources: s.sources.clone(),
            origin,
            top_terms,
            top_actors: actors,
            top_events: sorted_counts(&s.cameos, 8),
            relations: s.relations.clone(),
            merged_from: self
                .st
                .history
                .iter()
                .filter(|c| c.kind == "merge" && c.into == s.id)
                .map(|c| c.from.clone())
                .collect(),
            split_from: s.split_from.clone(),
        }
    }
}

pub(crate) fn inv(x: f32) -> f32 {
    if x > 0.0 { 1.0 / x } else { 0.0 }
}

fn min_opt(a: Option<i32>, b: Option<i32>) -> Option<i32> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, None) => x,
        (None, y) => y,
    }
}

/// Host of a URL, without `www.`.
pub(crate) fn host(url: &str) -> Option<String> {
    let rest = url.split_once("://").map_or(url, |x| x.1);
    let h = rest.split(['/', '?', '#']).next()?;
    let h = h.rsplit('@').next()?.split(':').next()?;
    let h = h.strip_prefix("www.").unwrap_or(h);
    (!h.is_empty()).then(|| h.to_ascii_lowercase())
}

/// Keeps the `REPS` members closest to the centroid.
pub(crate) fn push_rep(reps: &mut Vec<Rep>, rep: Rep, centroid: &SparseVec) {
    if rep.title.is_empty() && rep.lead.is_empty() {
        return;
    }
    if reps.len() < REPS {
        reps.push(rep);
        return;
    }
    let c = |r: &Rep| dot(&r.terms, centroid);
    let new = c(&rep);
    if let Some((i, worst)) = reps
        .iter()
        .enumerate()
        .map(|(i, r)| (i, c(r)))
        .min_by(|a, b| a.1.total_cmp(&b.1))
        && new > worst
    {
        reps[i] = rep;
    }
}

/// A story as users see it: [`Story`] plus summary, actors, events and the
/// relations inside.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoryRecord {
    pub id: String,
    /// The most representative member title.
    pub headline: String,
    /// Lead sentence of the most representative member.
    pub summary: String,
    pub article_count: usize,
    pub articles: Vec<String>,
    pub first_seen: Option<String>,
    pub last_seen: Option<String>,
    pub sources: Vec<String>,
    pub origin: Option<String>,
    pub top_terms: Vec<String>,
    /// Actor codes with counts.
    pub top_actors: Vec<(String, u32)>,
    /// CAMEO codes with counts.
    pub top_events: Vec<(String, u32)>,
    pub relations: Vec<InnerRelation>,
    /// Story ids merged into this one (they redirect here).
    pub merged_from: Vec<String>,
    /// The story this one was split off from (that story kept its id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub split_from: Option<String>,
}

impl StoryClusterer {
    /// Rough heap bytes held per live story (centroid, reps, counters,
    /// index entries), for capacity planning.
    pub fn approx_bytes_per_story(&self) -> f64 {
        let mut total = 0usize;
        let mut n = 0usize;
        for (_, s) in self.live() {
            n += 1;
            total += std::mem::size_of::<StoryData>();
            total += s.centroid.capacity() * 8 + s.indexed.capacity() * 4 * 3;
            total += s.articles.iter().map(|a| a.capacity() + 24).sum::<usize>();
            total += s
                .reps
                .iter()
                .map(|r| {
                    r.title.capacity()
                        + r.lead.capacity()
                        + r.article.capacity()
                        + 120
                        + (r.terms.capacity() + r.title_terms.capacity()) * 8
                })
                .sum::<usize>();
            total += s.labels.iter().map(|l| l.0.capacity() + 32).sum::<usize>();
            total += s.emb.capacity() * 4;
            total += s
                .members
                .iter()
                .map(|m| {
                    std::mem::size_of_val(m)
                        + m.article.capacity()
                        + m.terms.capacity() * 8
                        + m.title.capacity()
                        + m.site.as_ref().map_or(0, String::capacity)
                        + m.labels.iter().map(|l| l.0.capacity() + 32).sum::<usize>()
                        + m.emb.capacity()
                })
                .sum::<usize>();
            total += s.sources.iter().map(|l| l.capacity() + 24).sum::<usize>();
            for c in [&s.actors, &s.events, &s.cameos] {
                total += c.iter().map(|l| l.0.capacity() + 32).sum::<usize>();
            }
        }
        if n == 0 { 0.0 } else { total as f64 / n as f64 }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use herald_core::Relation;

    fn art(id: &str, title: &str, text: &str, date: &str) -> Article {
        Article {
            id: id.into(),
            title: Some(title.into()),
            text: text.into(),
            published: Some(date.into()),
            site: Some(format!("site-{id}")),
            ..Article::default()
        }
    }

    const QUAKE: &str = "A strong earthquake shook Lima, the Peruvian capital, on Monday, damaging buildings and cutting power to thousands of homes.";
    const QUAKE2: &str = "Thousands of homes in Lima lost power after a strong earthquake damaged buildings across the Peruvian capital on Monday.";
    const FOOTBALL: &str = "Minnesota Vikings beat the New Orleans Saints in overtime of the wild-card playoff game at the Superdome.";

    #[test]
    fn same_story_joins_and_unrelated_founds() {
        let mut c = StoryClusterer::new();
        let a = c.process(
            &art("a", "Earthquake shakes Lima", QUAKE, "2020-03-02"),
            &[],
        );
        let b = c.process(
            &art("b", "Lima quake damages buildings", QUAKE2, "2020-03-02"),
            &[],
        );
        let d = c.process(
            &art("d", "Vikings stun Saints", FOOTBALL, "2020-03-02"),
            &[],
        );
        assert_eq!(a, b);
        assert_ne!(a, d);
        assert_eq!(a, story_id("a"));
        let s = c.story(&a).unwrap();
        assert_eq!(s.articles, ["a", "b"]);
        assert_eq!(s.first_seen.as_deref(), Some("2020-03-02"));
        assert_eq!(s.sources, ["site-a", "site-b"]);
        assert_eq!(s.origin.as_deref(), Some("a"));
        assert!(!s.title.is_empty());
        // Re-processing is idempotent.
        assert_eq!(c.process(&art("b", "x", "y", "2020-01-01"), &[]), a);
    }

    #[test]
    fn a_year_apart_is_not_one_story() {
        let mut c = StoryClusterer::new();
        let a = c.process(
            &art("a", "Earthquake shakes Lima", QUAKE, "2020-03-02"),
            &[],
        );
        let b = c.process(
            &art("b", "Earthquake shakes Lima", QUAKE, "2021-03-02"),
            &[],
        );
        assert_ne!(a, b);
    }

    #[test]
    fn relations_join_and_merge_with_redirect() {
        let mut c = StoryClusterer::new();
        let a = c.process(
            &art("a", "Earthquake shakes Lima", QUAKE, "2020-03-02"),
            &[],
        );
        let d = c.process(
            &art("d", "Vikings stun Saints", FOOTBALL, "2020-03-02"),
            &[],
        );
        assert_ne!(a, d);
        let mut x = art(
            "x",
            "Odd",
            "Nothing in common here at all, really nothing.",
            "2020-03-02",
        );
        for other in ["a", "d"] {
            x.relations.push(Relation {
                kind: RelationType::Rewrite,
                article: other.into(),
                score: 0.9,
                origin: Some("a".into()),
                evidence: vec![],
            });
        }
        let s = c.process(&x, &[]);
        assert_eq!(s, a, "older story survives a tie");
        assert_eq!(c.resolve(&d), a);
        assert_eq!(c.story_of("d").as_deref(), Some(a.as_str()));
        assert_eq!(c.len(), 1);
        assert_eq!(c.history().len(), 1);
        let r = c.record(&d).unwrap();
        assert_eq!(r.article_count, 3);
        assert_eq!(r.merged_from, vec![d]);
        assert_eq!(r.relations.len(), 2);
        assert_eq!(r.origin.as_deref(), Some("a"));
    }

    #[test]
    fn state_round_trip_keeps_assignments() {
        let mut c = StoryClusterer::new();
        let a = c.process(
            &art("a", "Earthquake shakes Lima", QUAKE, "2020-03-02"),
            &[],
        );
        let json = serde_json::to_string(&c.state()).unwrap();
        let mut c2 = StoryClusterer::from_state(serde_json::from_str(&json).unwrap());
        let b = c2.process(
            &art("b", "Lima quake damages buildings", QUAKE2, "2020-03-02"),
            &[],
        );
        assert_eq!(a, b);
        assert_eq!(c2.stories().len(), 1);
    }

    #[test]
    fn empty_and_undated_articles_do_not_panic() {
        let mut c = StoryClusterer::new();
        let a = c.process(&Article::default(), &[]);
        let b = c.process(
            &Article {
                id: "u".into(),
                text: QUAKE.into(),
                ..Article::default()
            },
            &[],
        );
        assert_ne!(a, b);
        assert_eq!(c.stories().len(), 2);
        assert!(c.approx_bytes_per_story() > 0.0);
    }

    #[test]
    fn host_strips_scheme_and_www() {
        assert_eq!(host("https://www.rt.com/news/x").as_deref(), Some("rt.com"));
        assert_eq!(host("").as_deref(), None);
    }
}
