//! Gold set generator: turns real article bodies into groups of known
//! copies, so that relation detection can be scored pairwise.
//!
//! Each *base* body (≥ 150 words) yields a group:
//! * `exact` — the same text re-wrapped (line breaks, spacing): **exact**;
//! * `chrome` — the body inside another site's chrome (header/footer lines
//!   worth 3–8 % of its words): **near**;
//! * `truncate` — the first 30–90 % of its words, cut at a sentence end: **containment**;
//! * `insert` — 1–3 paragraphs from unrelated filler articles inserted at
//!   paragraph breaks, adding 20–60 % more words: **containment** (extended version);
//! * `edit` — 1–2 sentences dropped (≤ 8 % of words) and 2–5 % of words
//!   replaced, deleted or inserted: **near**.
//!
//! Typed gold pairs are (base, variant) and (exact copy, variant); other pairs
//! inside a group are related but untyped (e.g. an excerpt of an edited text)
//! and only count for the group ARI. Negatives: every pair across groups, and
//! in particular each base's most similar other base (same topic, different
//! article) and different bodies wrapped in the same site's chrome.
//! Bases that already relate to each other (real duplicates in the source
//! sets) are dropped first so that the gold is clean.

use std::path::Path;

use herald_core::{Article, RelationType};
use serde::Serialize;

use crate::DedupIndex;

/// Errors reading source bodies.
#[derive(Debug, thiserror::Error)]
pub enum GoldError {
    #[error("shared data not found at {0} (set HERALD_SHARED)")]
    Missing(String),
    #[error("reading {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("parsing {path}: {source}")]
    Json {
        path: String,
        source: serde_json::Error,
    },
}

/// One generated document.
#[derive(Debug, Clone, Serialize)]
pub struct GoldDoc {
    pub id: String,
    /// Group (one per base body).
    pub group: usize,
    /// `base`, `exact`, `chrome`, `syndicated` (another site's chrome),
    /// `rewrap` (lines re-wrapped), `truncate`, `insert`, `edit`.
    pub variant: &'static str,
    pub text: String,
    pub published: Option<String>,
    /// Fake site of a chrome variant.
    pub site: Option<String>,
}

impl GoldDoc {
    pub fn article(&self) -> Article {
        Article {
            id: self.id.clone(),
            text: self.text.clone(),
            published: self.published.clone(),
            site: self.site.clone(),
            ..Default::default()
        }
    }
}

/// A typed gold pair.
#[derive(Debug, Clone, Serialize)]
pub struct GoldPair {
    pub a: String,
    pub b: String,
    pub kind: RelationType,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct GoldSet {
    pub docs: Vec<GoldDoc>,
    pub pairs: Vec<GoldPair>,
    /// Same-topic pairs of different articles (each base with its most similar other base).
    pub hard_negatives: Vec<(String, String)>,
    /// Source bodies read, kept as bases, used as filler, dropped as real duplicates.
    pub sources: usize,
    pub bases: usize,
    pub fillers: usize,
    pub dropped_duplicates: usize,
}

/// Reads real article bodies: Scrapinghub `articleBody` and WCXB dev
/// `main_content`. Returns (source id, body).
pub fn load_bodies(shared: &Path) -> Result<Vec<(String, String)>, GoldError> {
    let sh = shared.join("eval/extract/scrapinghub/ground-truth.json");
    let wc = shared.join("eval/extract/wcxb/dev/ground-truth");
    if !sh.exists() && !wc.exists() {
        return Err(GoldError::Missing(shared.display().to_string()));
    }
    let mut out = Vec::new();
    if sh.exists() {
        let v = read_json(&sh)?;
        if let Some(map) = v.as_object() {
            for (id, rec) in map {
                if let Some(body) = rec.get("articleBody").and_then(|b| b.as_str()) {
                    out.push((
                        format!("sh-{}", id.get(..12).unwrap_or(id)),
                        body.to_string(),
                    ));
                }
            }
        }
    }
    if wc.exists() {
        let mut files: Vec<_> = std::fs::read_dir(&wc)
            .map_err(|e| GoldError::Io {
                path: wc.display().to_string(),
                source: e,
            })?
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect();
        files.sort();
        for f in files {
            let v = read_json(&f)?;
            let body = v
                .get("ground_truth")
                .and_then(|g| g.get("main_content"))
                .or_else(|| v.get("main_content"))
                .and_then(|b| b.as_str());
            if let (Some(body), Some(stem)) = (body, f.file_stem().and_then(|s| s.to_str())) {
                out.push((format!("wc-{stem}"), body.to_string()));
            }
        }
    }
    out.sort();
    Ok(out)
}

fn read_json(p: &Path) -> Result<serde_json::Value, GoldError> {
    let s = std::fs::read_to_string(p).map_err(|e| GoldError::Io {
        path: p.display().to_string(),
        source: e,
    })?;
    serde_json::from_str(&s).map_err(|e| GoldError::Json {
        path: p.display().to_string(),
        source: e,
    })
}

/// A small deterministic generator (SplitMix64).
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    /// Uniform in `[0, n)` (0 when n is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next_u64() % n as u64) as usize
        }
    }
    /// Uniform in `[lo, hi)`.
    pub fn range_f(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Fake sites' chrome (our own writing): header lines, then footer lines.
const SITES: &[(&str, &[&str], &[&str])] = &[
    (
        "dailycourier.example",
        &[
            "The Daily Courier",
            "Home | World | Politics | Business | Tech | Sport",
            "Subscribe now",
        ],
        &[
            "Share this article",
            "Related stories",
            "© 2025 The Daily Courier. All rights reserved.",
        ],
    ),
    (
        "metroherald.example",
        &[
            "METRO HERALD",
            "News Opinion Culture Video Podcasts",
            "Sign in",
        ],
        &[
            "Sign up for our morning newsletter",
            "Advertisement",
            "Terms of use | Privacy | Cookies",
        ],
    ),
    (
        "valleytimes.example",
        &[
            "Valley Times Online",
            "Breaking: live coverage continues",
            "Menu Search",
        ],
        &[
            "Follow us on social media",
            "Most read this week",
            "Contact the newsroom",
        ],
    ),
    (
        "globalwire.example",
        &[
            "GlobalWire Network",
            "Top stories | Regions | Markets | Climate",
        ],
        &[
            "Reporting by staff; editing by the desk",
            "Our standards: the trust principles",
            "Back to top",
        ],
    ),
    (
        "northpost.example",
        &["The North Post", "Local National International Weather"],
        &[
            "Comments are closed",
            "Read more from our correspondents",
            "Copyright North Post Media Group",
        ],
    ),
];

/// Words used for light edits (our own list).
const EDIT_WORDS: &[&str] = &[
    "reportedly",
    "also",
    "recently",
    "officially",
    "further",
    "largely",
    "again",
    "now",
    "meanwhile",
    "indeed",
    "notably",
    "still",
    "already",
    "significantly",
];

fn words_of(s: &str) -> usize {
    s.split_whitespace().count()
}

/// Splits a paragraph into sentences (end mark + space + capital or quote).
fn sentences(par: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let b = par.as_bytes();
    let mut start = 0;
    for i in 1..b.len().saturating_sub(1) {
        if matches!(b[i - 1], b'.' | b'!' | b'?')
            && b[i] == b' '
            && (b[i + 1].is_ascii_uppercase() || b[i + 1] == b'"')
        {
            out.push(&par[start..i]);
            start = i + 1;
        }
    }
    if start < par.len() {
        out.push(&par[start..]);
    }
    out
}

fn paragraphs(text: &str) -> Vec<&str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect()
}

fn exact_copy(text: &str) -> String {
    // Same words, different wrapping: blank lines between paragraphs, doubled spaces.
    paragraphs(text).join("\n\n").replace(". ", ".  ")
}

/// The body re-wrapped at 50–80 characters a line (paragraph breaks kept),
/// as a feed or an e-mail syndication delivers it.
fn rewrap(text: &str, rng: &mut Rng) -> String {
    let width = 50 + rng.below(31);
    let mut out = Vec::new();
    for par in paragraphs(text) {
        let mut lines: Vec<String> = Vec::new();
        let mut line = String::new();
        for w in par.split_whitespace() {
            if !line.is_empty() && line.len() + 1 + w.len() > width {
                lines.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(w);
        }
        lines.push(line);
        out.push(lines.join("\n"));
    }
    out.join("\n\n")
}

fn chrome(text: &str, rng: &mut Rng) -> (String, String) {
    let site = rng.below(SITES.len());
    chrome_of(text, site, rng)
}

/// The body in site `site`'s chrome (3–8% of its words).
fn chrome_of(text: &str, site: usize, rng: &mut Rng) -> (String, String) {
    let (site, head, foot) = SITES[site % SITES.len()];
    let budget = (words_of(text) as f64 * rng.range_f(0.03, 0.08)).max(3.0) as usize;
    let mut top = Vec::new();
    let mut bottom = Vec::new();
    let mut used = 0;
    let (mut h, mut f) = (0, 0);
    while used < budget && (h < head.len() || f < foot.len()) {
        if h < head.len() && (h <= f || f >= foot.len()) {
            used += words_of(head[h]);
            top.push(head[h]);
            h += 1;
        } else if f < foot.len() {
            used += words_of(foot[f]);
            bottom.push(foot[f]);
            f += 1;
        }
    }
    let mut s = top.join("\n");
    s.push('\n');
    s.push_str(text);
    s.push('\n');
    s.push_str(&bottom.join("\n"));
    (s, site.to_string())
}

fn truncate(text: &str, rng: &mut Rng) -> String {
    let total = words_of(text);
    let keep = (total as f64 * rng.range_f(0.3, 0.9)) as usize;
    let mut out = String::new();
    let mut n = 0;
    'outer: for par in paragraphs(text) {
        let mut line = Vec::new();
        for s in sentences(par) {
            let w = words_of(s);
            if n + w > keep && n > 0 {
                if !line.is_empty() {
                    out.push_str(&line.join(" "));
                }
                break 'outer;
            }
            n += w;
            line.push(s);
        }
        out.push_str(&line.join(" "));
        out.push('\n');
    }
    out.trim_end().to_string()
}

fn insert(text: &str, pool: &mut Vec<&str>, rng: &mut Rng) -> String {
    let mut pars: Vec<String> = paragraphs(text).into_iter().map(String::from).collect();
    let target = (words_of(text) as f64 * rng.range_f(0.2, 0.6)) as usize;
    let n_ins = 1 + rng.below(3);
    let per = (target / n_ins).max(10);
    for _ in 0..n_ins {
        // Consecutive filler paragraphs worth about `per` words.
        let mut chunk = Vec::new();
        let mut n = 0;
        while n < per {
            let Some(p) = pool.pop() else { break };
            n += words_of(p);
            chunk.push(p);
        }
        if chunk.is_empty() {
            break;
        }
        let at = 1 + rng.below(pars.len().max(1));
        pars.insert(at.min(pars.len()), chunk.join("\n"));
    }
    pars.join("\n")
}

fn edit(text: &str, rng: &mut Rng) -> String {
    let total = words_of(text);
    let pars = paragraphs(text);
    let mut sents: Vec<(usize, &str)> = Vec::new();
    for (p, par) in pars.iter().enumerate() {
        for s in sentences(par) {
            sents.push((p, s));
        }
    }
    // Drop 1–2 sentences within 8 % of the words.
    let mut dropped = 0;
    for _ in 0..1 + rng.below(2) {
        if sents.len() < 4 {
            break;
        }
        let i = rng.below(sents.len());
        let w = words_of(sents[i].1);
        if dropped + w <= total * 8 / 100 {
            dropped += w;
            sents.remove(i);
        }
    }
    let rate = rng.range_f(0.02, 0.05);
    let mut out = String::new();
    let mut last_par = usize::MAX;
    for (p, s) in sents {
        if p != last_par && last_par != usize::MAX {
            out.push('\n');
        } else if last_par != usize::MAX {
            out.push(' ');
        }
        last_par = p;
        let mut first = true;
        for w in s.split_whitespace() {
            let r = rng.range_f(0.0, 1.0);
            let extra = EDIT_WORDS[rng.below(EDIT_WORDS.len())];
            let piece: Option<String> = if r < rate * 0.5 {
                Some(extra.to_string()) // replace
            } else if r < rate * 0.75 {
                None // delete
            } else if r < rate {
                Some(format!("{w} {extra}")) // insert
            } else {
                Some(w.to_string())
            };
            if let Some(piece) = piece {
                if !first {
                    out.push(' ');
                }
                out.push_str(&piece);
                first = false;
            }
        }
    }
    out
}

/// Content-word set of a text, for finding same-topic negatives.
fn topic_words(text: &str) -> Vec<u64> {
    let mut v: Vec<u64> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() >= 5)
        .map(|w| xxhash_rust::xxh3::xxh3_64(w.to_lowercase().as_bytes()))
        .collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// Builds the gold set from source bodies. Deterministic for a seed.
pub fn generate(bodies: &[(String, String)], seed: u64) -> GoldSet {
    let mut rng = Rng::new(seed);
    let sources = bodies.len();
    // Candidate bases: long enough, not a real duplicate of an earlier one.
    let mut index = DedupIndex::new();
    let mut kept: Vec<&(String, String)> = Vec::new();
    let mut dropped = 0;
    for b in bodies.iter().filter(|(_, t)| words_of(t) >= 150) {
        let art = Article {
            id: b.0.clone(),
            text: b.1.clone(),
            ..Default::default()
        };
        let fp = index.fingerprint(&art);
        let rels = index.process(&art, &fp);
        if rels.iter().any(|r| r.kind != RelationType::Rewrite) {
            dropped += 1;
            index.remove(&art.id);
        } else {
            kept.push(b);
        }
    }
    // Every third kept body is filler for insertions (never indexed itself);
    // each filler paragraph is used once, so that two groups never share text.
    let (fillers, bases): (Vec<_>, Vec<_>) = kept.iter().enumerate().partition(|(i, _)| i % 3 == 2);
    let mut pool: Vec<&str> = fillers.iter().flat_map(|(_, b)| paragraphs(&b.1)).collect();
    pool.reverse();
    let bases: Vec<&(String, String)> = bases.into_iter().map(|(_, b)| *b).collect();

    let mut set = GoldSet {
        sources,
        bases: bases.len(),
        fillers: fillers.len(),
        dropped_duplicates: dropped,
        ..Default::default()
    };
    for (g, (src, body)) in bases.iter().enumerate() {
        let day = 1 + rng.below(20);
        let date = |d: usize| Some(format!("2025-03-{d:02}"));
        let base_id = format!("g{g:04}-base-{src}");
        let mk = |variant: &'static str, text: String, published, site| GoldDoc {
            id: format!("g{g:04}-{variant}"),
            group: g,
            variant,
            text,
            published,
            site,
        };
        // A third of the copies carry no date: the origin then falls back to arrival.
        let later = |rng: &mut Rng| {
            if rng.below(3) == 0 {
                None
            } else {
                date(day + 1 + rng.below(5))
            }
        };
        let (chrome_text, site) = chrome(body, &mut rng);
        // The same story syndicated to another site, in that site's chrome.
        let other =
            SITES.iter().position(|x| x.0 == site).unwrap_or(0) + 1 + rng.below(SITES.len() - 1);
        let (synd_text, synd_site) = chrome_of(body, other, &mut rng);
        let variants = vec![
            (
                mk("exact", exact_copy(body), later(&mut rng), None),
                RelationType::Exact,
            ),
            (
                mk("chrome", chrome_text, later(&mut rng), Some(site)),
                RelationType::Near,
            ),
            (
                mk("syndicated", synd_text, later(&mut rng), Some(synd_site)),
                RelationType::Near,
            ),
            (
                mk("rewrap", rewrap(body, &mut rng), later(&mut rng), None),
                RelationType::Exact,
            ),
            (
                mk("truncate", truncate(body, &mut rng), later(&mut rng), None),
                RelationType::Containment,
            ),
            (
                mk(
                    "insert",
                    insert(body, &mut pool, &mut rng),
                    later(&mut rng),
                    None,
                ),
                RelationType::Containment,
            ),
            (
                mk("edit", edit(body, &mut rng), later(&mut rng), None),
                RelationType::Near,
            ),
        ];
        let base = GoldDoc {
            id: base_id,
            group: g,
            variant: "base",
            text: body.clone(),
            published: date(day),
            site: None,
        };
        let exact_id = variants[0].0.id.clone();
        for (v, kind) in &variants {
            set.pairs.push(GoldPair {
                a: base.id.clone(),
                b: v.id.clone(),
                kind: *kind,
            });
            if v.id != exact_id {
                set.pairs.push(GoldPair {
                    a: exact_id.clone(),
                    b: v.id.clone(),
                    kind: *kind,
                });
            }
        }
        set.docs.push(base);
        set.docs.extend(variants.into_iter().map(|(v, _)| v));
    }
    // Same-topic negatives: each base with its most similar other base.
    let topics: Vec<Vec<u64>> = bases.iter().map(|b| topic_words(&b.1)).collect();
    let base_ids: Vec<String> = set
        .docs
        .iter()
        .filter(|d| d.variant == "base")
        .map(|d| d.id.clone())
        .collect();
    for (i, ti) in topics.iter().enumerate() {
        let best = topics
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != i)
            .map(|(j, tj)| {
                let shared = crate::relate::shared_sorted(ti, tj);
                (shared as f64 / (ti.len().min(tj.len()).max(1)) as f64, j)
            })
            .max_by(|a, b| a.0.total_cmp(&b.0));
        if let (Some((_, j)), Some(a)) = (best, base_ids.get(i))
            && let Some(b) = base_ids.get(j)
        {
            set.hard_negatives.push((a.clone(), b.clone()));
        }
    }
    set
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(seed: u64) -> String {
        let mut rng = Rng::new(seed);
        let mut pars = Vec::new();
        for _ in 0..6 {
            let mut sents = Vec::new();
            for _ in 0..4 {
                let n = 8 + rng.below(10);
                let words: Vec<String> = (0..n).map(|_| format!("w{}", rng.below(3000))).collect();
                sents.push(format!("Alpha {}.", words.join(" ")));
            }
            pars.push(sents.join(" "));
        }
        pars.join("\n")
    }

    #[test]
    fn variants_have_the_promised_shape() {
        let bodies: Vec<(String, String)> = (0..12).map(|i| (format!("s{i}"), body(i))).collect();
        let set = generate(&bodies, 7);
        assert!(set.bases >= 7, "{} bases", set.bases);
        let base = &set.docs[0];
        let get = |v: &str| {
            set.docs
                .iter()
                .find(|d| d.group == 0 && d.variant == v)
                .map(|d| d.text.clone())
                .unwrap_or_default()
        };
        assert_eq!(
            herald_core::content_hash(&get("exact")),
            herald_core::content_hash(&base.text)
        );
        let t = words_of(&get("truncate")) as f64 / words_of(&base.text) as f64;
        assert!((0.2..=0.9).contains(&t), "truncated to {t}");
        assert!(words_of(&get("insert")) > words_of(&base.text));
        assert!(get("chrome").contains(base.text.as_str()));
        let synd = set
            .docs
            .iter()
            .find(|d| d.group == 0 && d.variant == "syndicated");
        let chrome = set
            .docs
            .iter()
            .find(|d| d.group == 0 && d.variant == "chrome");
        assert!(get("syndicated").contains(base.text.as_str()));
        assert_ne!(
            synd.and_then(|d| d.site.clone()),
            chrome.and_then(|d| d.site.clone())
        );
        let rewrap = get("rewrap");
        assert_eq!(
            herald_core::content_hash(&rewrap),
            herald_core::content_hash(&base.text)
        );
        assert!(rewrap.lines().count() > base.text.lines().count());
        assert_eq!(set.pairs.iter().filter(|p| p.a == base.id).count(), 7);
        assert_eq!(set.hard_negatives.len(), set.bases);
    }
}
