//! The incremental index: keeps compact per-article records and four
//! inverted maps (exact hash, LSH bands, sampled shingles, rare terms) whose
//! postings are singly linked chains in one arena, so a posting costs 8 bytes
//! and a key about 13. A query gathers candidates from the four maps and
//! verifies each one on its own measures (no transitivity).

use herald_core::{Article, Relation, RelationType, SharedPassage, Span};
use rustc_hash::FxHashMap;

use crate::fingerprint::{Fingerprint, Sample};
use crate::relate::{self, Measures, Side};
use crate::sketch;

/// Postings longer than this are not followed: a shingle or term that common
/// is boilerplate or a generic name, not evidence of copying.
const SAMPLE_DF_CAP: u32 = 300;
const TERM_DF_CAP: u32 = 200;
/// Candidates followed per LSH bucket or exact key (copies of one wire story).
const BUCKET_CAP: usize = 2_000;
/// A candidate found only by samples needs this many shared samples…
const MIN_SHARED_SAMPLES: u16 = 2;
/// …and one found only by rare terms this many shared terms.
const MIN_SHARED_TERMS: u16 = 4;
/// Rewrite alignment (the costliest check) runs on at most this many
/// candidates, those sharing the most rare terms.
const MAX_REWRITE_CHECKS: usize = 16;
/// Most relations returned for one article (strongest first).
pub const MAX_RELATIONS: usize = 100;

const NIL: u32 = u32::MAX;

/// Key → chain of document slots.
#[derive(Debug, Default)]
pub(crate) struct Chains {
    /// key → (first entry, number of postings including dead ones)
    heads: FxHashMap<u32, (u32, u32)>,
    /// (slot, next entry)
    entries: Vec<(u32, u32)>,
}

impl Chains {
    pub(crate) fn push(&mut self, key: u32, slot: u32) {
        let idx = self.entries.len() as u32;
        let head = self.heads.entry(key).or_insert((NIL, 0));
        self.entries.push((slot, head.0));
        *head = (idx, head.1 + 1);
    }

    fn df(&self, key: u32) -> u32 {
        self.heads.get(&key).map_or(0, |h| h.1)
    }

    pub(crate) fn reserve(&mut self, n: usize) {
        self.heads.reserve(n);
        self.entries.reserve(n);
    }

    pub(crate) fn for_each(&self, key: u32, cap: usize, mut f: impl FnMut(u32)) {
        let mut e = self.heads.get(&key).map_or(NIL, |h| h.0);
        let mut n = 0;
        while e != NIL && n < cap {
            let Some(&(slot, next)) = self.entries.get(e as usize) else {
                break;
            };
            f(slot);
            e = next;
            n += 1;
        }
    }

    fn clear(&mut self) {
        self.heads.clear();
        self.entries.clear();
    }

    pub(crate) fn heap_bytes(&self) -> usize {
        self.heads.capacity() * (std::mem::size_of::<(u32, (u32, u32))>() + 1)
            + self.entries.capacity() * std::mem::size_of::<(u32, u32)>()
    }
}

/// What the index keeps per article.
#[derive(Debug)]
struct Doc {
    id: Box<str>,
    published: Option<Box<str>>,
    hash: u64,
    shingles: u32,
    site: u32,
    cites: Box<[u32]>,
    sig: Box<[u16]>,
    sample: Box<[Sample]>,
    terms: Box<[u32]>,
    /// Concatenated sentence stems and each sentence's end offset.
    stems: Box<[u16]>,
    bounds: Box<[u16]>,
}

impl Doc {
    fn new(id: &str, published: Option<&str>, fp: &Fingerprint) -> Doc {
        let mut stems = Vec::new();
        let mut bounds = Vec::new();
        for s in &fp.sentences {
            if stems.len() + s.len() > usize::from(u16::MAX) {
                break;
            }
            stems.extend_from_slice(s);
            bounds.push(stems.len() as u16);
        }
        Doc {
            id: id.into(),
            published: published.map(Into::into),
            hash: u64::from_str_radix(&fp.hash, 16)
                .unwrap_or_else(|_| xxhash_rust::xxh3::xxh3_64(fp.hash.as_bytes())),
            shingles: fp.shingles,
            site: fp.site,
            cites: fp.cites.clone().into(),
            sig: fp.minhash.clone().into(),
            sample: fp.sample.clone().into(),
            terms: fp.terms.clone().into(),
            stems: stems.into(),
            bounds: bounds.into(),
        }
    }

    fn sentences(&self) -> Vec<&[u16]> {
        let mut out = Vec::with_capacity(self.bounds.len());
        let mut start = 0usize;
        for &b in self.bounds.iter() {
            let end = usize::from(b);
            out.push(self.stems.get(start..end).unwrap_or(&[]));
            start = end;
        }
        out
    }

    fn side(&self) -> Side<'_> {
        Side {
            id: &self.id,
            published: self.published.as_deref(),
            site: self.site,
            cites: &self.cites,
        }
    }

    fn heap_bytes(&self) -> usize {
        self.id.len()
            + self.published.as_ref().map_or(0, |p| p.len())
            + self.cites.len() * 4
            + self.sig.len() * 2
            + self.sample.len() * std::mem::size_of::<Sample>()
            + self.terms.len() * 4
            + self.stems.len() * 2
            + self.bounds.len() * 2
    }
}

#[derive(Debug, Default, Clone, Copy)]
struct Cand {
    exact: bool,
    lsh: bool,
    samples: u16,
    terms: u16,
}

/// Memory the index holds, by part (bytes, from capacities).
#[derive(Debug, Clone, Copy, Default, serde::Serialize)]
pub struct IndexMemory {
    pub docs: usize,
    pub records: usize,
    pub lsh: usize,
    pub samples: usize,
    pub terms: usize,
    pub exact: usize,
    pub ids: usize,
}

impl IndexMemory {
    pub fn total(&self) -> usize {
        self.records + self.lsh + self.samples + self.terms + self.exact + self.ids
    }
}

/// The incremental relation index.
#[derive(Debug, Default)]
pub struct DedupIndex {
    slots: Vec<Option<Box<Doc>>>,
    ids: FxHashMap<Box<str>, u32>,
    exact: Chains,
    lsh: Chains,
    samples: Chains,
    terms: Chains,
    live: usize,
    dead: usize,
}

impl DedupIndex {
    pub fn new() -> Self {
        Self::default()
    }

    /// Pure: the fingerprint of one article.
    pub fn fingerprint(&self, article: &Article) -> Fingerprint {
        crate::fingerprint::fingerprint(article)
    }

    /// Number of live articles.
    pub fn len(&self) -> usize {
        self.live
    }

    pub fn is_empty(&self) -> bool {
        self.live == 0
    }

    /// Relations of `article` to the articles already indexed; then indexes it.
    pub fn process(&mut self, article: &Article, fp: &Fingerprint) -> Vec<Relation> {
        let rels = self.query(article, fp);
        self.insert(&article.id, article.published.as_deref(), fp);
        rels
    }

    /// "What is this article a copy of?" without indexing it.
    pub fn query(&self, article: &Article, fp: &Fingerprint) -> Vec<Relation> {
        let q = Doc::new(&article.id, article.published.as_deref(), fp);
        let mut cands: FxHashMap<u32, Cand> = FxHashMap::default();
        self.exact.for_each(q.hash as u32, BUCKET_CAP, |s| {
            cands.entry(s).or_default().exact = true;
        });
        if !q.sig.is_empty() {
            for key in sketch::band_keys(&q.sig) {
                self.lsh.for_each(key, BUCKET_CAP, |s| {
                    cands.entry(s).or_default().lsh = true;
                });
            }
        }
        for s in q.sample.iter() {
            if self.samples.df(s.hash) <= SAMPLE_DF_CAP {
                self.samples.for_each(s.hash, usize::MAX, |slot| {
                    let c = cands.entry(slot).or_default();
                    c.samples = c.samples.saturating_add(1);
                });
            }
        }
        for &t in q.terms.iter() {
            if self.terms.df(t) <= TERM_DF_CAP {
                self.terms.for_each(t, usize::MAX, |slot| {
                    let c = cands.entry(slot).or_default();
                    c.terms = c.terms.saturating_add(1);
                });
            }
        }
        let q_sents = q.sentences();
        let mut out = Vec::new();
        let mut rewrite_checks: Vec<(u16, u32)> = Vec::new();
        let push = |out: &mut Vec<Relation>, d: &Doc, kind, score| {
            out.push(Relation {
                kind,
                article: d.id.to_string(),
                score,
                origin: relate::origin(q.side(), d.side(), d.side()),
                evidence: anchored_evidence(&q.sample, &d.sample),
            });
        };
        // Exact copies form a group: a new copy links to the group's first
        // member (its origin) only, not to every earlier copy — 20,000
        // identical documents used to store 100 relations each.
        let same_text = |d: &Doc| d.hash == q.hash && q.shingles > 0 && d.shingles == q.shingles;
        let first_copy = cands
            .iter()
            .filter(|(_, c)| c.exact)
            .filter(|&(&slot, _)| {
                matches!(self.slots.get(slot as usize), Some(Some(d)) if *d.id != *q.id && same_text(d))
            })
            .map(|(&slot, _)| slot)
            .min();
        for (slot, c) in cands {
            let Some(Some(d)) = self.slots.get(slot as usize) else {
                continue; // removed
            };
            if *d.id == *q.id {
                continue;
            }
            if first_copy.is_some_and(|f| f != slot) && same_text(d) {
                continue;
            }
            let few_samples = q.sample.len().min(d.sample.len()) < 4;
            let copy_candidate = c.exact
                || c.lsh
                || c.samples >= MIN_SHARED_SAMPLES
                || (few_samples && c.samples >= 1);
            if copy_candidate && let Some((kind, score)) = relate::classify(&measure(&q, d)) {
                push(&mut out, d, kind, score);
                continue;
            }
            if c.terms >= MIN_SHARED_TERMS {
                rewrite_checks.push((c.terms, slot));
            }
        }
        // Rewrites: the candidates sharing the most rare terms, aligned by sentence.
        rewrite_checks.sort_unstable_by(|a, b| b.cmp(a));
        rewrite_checks.truncate(MAX_REWRITE_CHECKS);
        for (_, slot) in rewrite_checks {
            let Some(Some(d)) = self.slots.get(slot as usize) else {
                continue;
            };
            let mut m = measure(&q, d);
            let (cov, n) = relate::align(&q_sents, &d.sentences());
            m.rewrite = cov;
            m.aligned = n;
            let fewer = q.terms.len().min(d.terms.len()).max(1);
            m.names = relate::shared_sorted(&q.terms, &d.terms) as f64 / fewer as f64;
            if let Some((kind, score)) = relate::classify(&m) {
                push(&mut out, d, kind, score);
            }
        }
        out.sort_by(|a, b| {
            rank(a.kind)
                .cmp(&rank(b.kind))
                .then(b.score.total_cmp(&a.score))
                .then_with(|| a.article.cmp(&b.article))
        });
        out.truncate(MAX_RELATIONS);
        out
    }

    /// Re-inserts a stored fingerprint (restart) without querying. An id
    /// already present is replaced.
    pub fn insert(&mut self, id: &str, published: Option<&str>, fp: &Fingerprint) {
        self.remove(id);
        let doc = Doc::new(id, published, fp);
        let slot = self.slots.len() as u32;
        self.post(slot, &doc);
        self.ids.insert(doc.id.clone(), slot);
        self.slots.push(Some(Box::new(doc)));
        self.live += 1;
    }

    /// Forgets an article. Its postings are skipped from now on and dropped
    /// at the next compaction (when dead postings outnumber live ones).
    pub fn remove(&mut self, id: &str) {
        let Some(slot) = self.ids.remove(id) else {
            return;
        };
        if let Some(s) = self.slots.get_mut(slot as usize)
            && s.take().is_some()
        {
            self.live -= 1;
            self.dead += 1;
        }
        if self.dead > 1_000 && self.dead > self.live {
            self.compact();
        }
    }

    /// Rebuilds the maps from live records only.
    pub fn compact(&mut self) {
        let docs: Vec<Box<Doc>> = self.slots.drain(..).flatten().collect();
        self.ids.clear();
        for c in [
            &mut self.exact,
            &mut self.lsh,
            &mut self.samples,
            &mut self.terms,
        ] {
            c.clear();
        }
        for (i, d) in docs.into_iter().enumerate() {
            self.post(i as u32, &d);
            self.ids.insert(d.id.clone(), i as u32);
            self.slots.push(Some(d));
        }
        self.dead = 0;
    }

    fn post(&mut self, slot: u32, d: &Doc) {
        self.exact.push(d.hash as u32, slot);
        if !d.sig.is_empty() {
            for key in sketch::band_keys(&d.sig) {
                self.lsh.push(key, slot);
            }
        }
        for s in d.sample.iter() {
            self.samples.push(s.hash, slot);
        }
        for &t in d.terms.iter() {
            self.terms.push(t, slot);
        }
    }

    /// Heap bytes held, by part (computed from capacities; allocator
    /// overhead not included).
    pub fn memory(&self) -> IndexMemory {
        IndexMemory {
            docs: self.live,
            records: self.slots.capacity() * 8
                + self
                    .slots
                    .iter()
                    .flatten()
                    .map(|d| std::mem::size_of::<Doc>() + d.heap_bytes())
                    .sum::<usize>(),
            lsh: self.lsh.heap_bytes(),
            samples: self.samples.heap_bytes(),
            terms: self.terms.heap_bytes(),
            exact: self.exact.heap_bytes(),
            ids: self.ids.capacity() * (std::mem::size_of::<(Box<str>, u32)>() + 1),
        }
    }
}

fn rank(k: RelationType) -> u8 {
    match k {
        RelationType::Exact => 0,
        RelationType::Containment => 1,
        RelationType::Near => 2,
        RelationType::Rewrite => 3,
    }
}

/// Measures between two records from their sketches.
fn measure(a: &Doc, b: &Doc) -> Measures {
    let exact = a.hash == b.hash && a.shingles > 0 && a.shingles == b.shingles;
    let jaccard = sketch::jaccard(&a.sig, &b.sig);
    let (small, large) = if a.shingles <= b.shingles {
        (a, b)
    } else {
        (b, a)
    };
    let size_ratio = if large.shingles == 0 {
        0.0
    } else {
        f64::from(small.shingles) / f64::from(large.shingles)
    };
    let containment = if small.sample.len() >= 3 {
        let shared = shared_samples(&small.sample, &large.sample);
        shared as f64 / small.sample.len() as f64
    } else if size_ratio > 0.0 {
        // Too short to sample: derive it from the Jaccard estimate,
        // |A∩B| = J(|A|+|B|)/(1+J).
        (jaccard * (1.0 + size_ratio) / ((1.0 + jaccard) * size_ratio)).min(1.0)
    } else {
        0.0
    };
    Measures {
        exact,
        jaccard,
        containment,
        size_ratio,
        rewrite: 0.0,
        aligned: 0,
        names: 0.0,
    }
}

fn shared_samples(a: &[Sample], b: &[Sample]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].hash.cmp(&b[j].hash) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// Evidence without the other text: shared sampled shingles, merged into
/// passages where they follow each other in both texts. `compare` gives the
/// exact passages when both texts are at hand.
fn anchored_evidence(a: &[Sample], b: &[Sample]) -> Vec<SharedPassage> {
    let mut pairs = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].hash.cmp(&b[j].hash) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                pairs.push((a[i], b[j]));
                i += 1;
                j += 1;
            }
        }
    }
    pairs.sort_by_key(|p| p.0.start);
    // Sampled shingles are ~16 words apart in a shared run.
    const GAP: u32 = 400;
    let mut out: Vec<SharedPassage> = Vec::new();
    for (x, y) in pairs {
        if let Some(last) = out.last_mut() {
            let (ta, tb) = (last.this.end as u32, last.other.end as u32);
            let follows = x.start + GAP >= ta
                && x.start <= ta + GAP
                && y.start + GAP >= tb
                && y.start <= tb + GAP
                && y.start as usize >= last.other.start;
            if follows {
                last.this.end = last.this.end.max(x.end as usize);
                last.other.end = last.other.end.max(y.end as usize);
                continue;
            }
        }
        out.push(SharedPassage {
            this: Span::new(x.start as usize, x.end as usize),
            other: Span::new(y.start as usize, y.end as usize),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn art(id: &str, text: &str) -> Article {
        Article {
            id: id.into(),
            text: text.into(),
            ..Default::default()
        }
    }

    fn body(seed: usize, n: usize) -> String {
        (0..n)
            .map(|i| format!("w{}", (i * 7919 + seed * 104_729) % 10_007))
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn run(index: &mut DedupIndex, a: &Article) -> Vec<Relation> {
        let fp = index.fingerprint(a);
        index.process(a, &fp)
    }

    #[test]
    fn finds_exact_near_and_containment() {
        let mut ix = DedupIndex::new();
        let base = body(1, 400);
        assert!(run(&mut ix, &art("base", &base)).is_empty());
        let r = run(&mut ix, &art("copy", &base.to_uppercase()));
        assert_eq!(
            (r[0].kind, r[0].article.as_str()),
            (RelationType::Exact, "base")
        );
        let excerpt: String = base.split(' ').take(150).collect::<Vec<_>>().join(" ");
        let r = run(&mut ix, &art("excerpt", &excerpt));
        assert!(
            r.iter().all(|x| x.kind == RelationType::Containment),
            "{r:?}"
        );
        assert_eq!(r.len(), 2);
        assert!(!r[0].evidence.is_empty());
        let edited = base.replacen("w", "x", 10);
        let r = run(&mut ix, &art("edited", &edited));
        assert!(
            r.iter()
                .any(|x| x.kind == RelationType::Near && x.article == "base"),
            "{r:?}"
        );
        assert!(run(&mut ix, &art("other", &body(2, 400))).is_empty());
    }

    #[test]
    fn chains_are_not_transitive() {
        // A and C each share half of B but nothing with each other.
        let a = body(3, 200);
        let c = body(4, 200);
        let b = format!("{a} {c}");
        let mut ix = DedupIndex::new();
        run(&mut ix, &art("a", &a));
        run(&mut ix, &art("b", &b));
        let r = run(&mut ix, &art("c", &c));
        assert!(r.iter().all(|x| x.article != "a"), "{r:?}");
        assert!(r.iter().any(|x| x.article == "b"));
    }

    #[test]
    fn remove_and_reinsert_survive_restart() {
        let text = body(5, 300);
        let mut ix = DedupIndex::new();
        let a = art("a", &text);
        let fp = ix.fingerprint(&a);
        ix.process(&a, &fp);
        // Restart: a new index fed the stored fingerprint answers the same.
        let stored: Fingerprint =
            serde_json::from_str(&serde_json::to_string(&fp).unwrap()).unwrap();
        let mut ix2 = DedupIndex::new();
        ix2.insert("a", Some("2024-01-01"), &stored);
        let b = art("b", &text);
        let fpb = ix2.fingerprint(&b);
        assert_eq!(ix2.query(&b, &fpb)[0].article, "a");
        ix2.remove("a");
        assert!(ix2.query(&b, &fpb).is_empty());
        assert_eq!(ix2.len(), 0);
        ix2.compact();
        assert!(ix2.query(&b, &fpb).is_empty());
    }

    #[test]
    fn origin_is_the_earlier_publication() {
        let text = body(6, 300);
        let mut ix = DedupIndex::new();
        let mut late = art("late", &text);
        late.published = Some("2024-05-02".into());
        let mut early = art("early", &text);
        early.published = Some("2024-05-01".into());
        run(&mut ix, &late);
        let r = run(&mut ix, &early);
        assert_eq!(r[0].origin.as_deref(), Some("early"));
    }
}
