//! The stateful stages cut into pieces a dataflow engine (Spark) can
//! schedule: candidate keys, pair verification and story clustering — each a
//! thin call into the same `herald-dedup` and `herald-stories` code the
//! pipeline runs in arrival order.

use herald::records::StoryRecord;
use herald_core::{Article, Event, Relation};
use herald_dedup::{DedupIndex, Fingerprint};
use herald_stories::StoryClusterer;
use serde::{Deserialize, Serialize};

use crate::engine::FINGERPRINT_TAG;

/// Candidate key kinds (the index's four ways of finding a candidate).
pub const KEY_EXACT: i64 = 0;
pub const KEY_BAND: i64 = 1;
pub const KEY_SAMPLE: i64 = 2;
pub const KEY_TERM: i64 = 3;

pub fn decode_fingerprint(record: &str, blob: &[u8]) -> Result<Fingerprint, String> {
    herald_core::state::decode::<Fingerprint>(FINGERPRINT_TAG, blob)
        .map_err(|e| format!("record {record}: the fingerprint can't be read: {e}"))
}

pub fn encode_fingerprint(fp: &Fingerprint) -> Result<Vec<u8>, String> {
    herald_core::state::encode(FINGERPRINT_TAG, fp).map_err(|e| e.to_string())
}

/// The keys under which the dedup index would find this fingerprint's
/// candidates: `kind << 32 | key`. Articles sharing a key are candidates;
/// which of them are related is decided by [`relate`], not by the key.
pub fn keys(fp: &Fingerprint) -> Vec<i64> {
    let mut out = Vec::new();
    // Keyed as the index keys it (`index.rs`: `Doc::new`, `query`).
    let exact = u64::from_str_radix(&fp.hash, 16)
        .unwrap_or_else(|_| xxhash_rust::xxh3::xxh3_64(fp.hash.as_bytes())) as u32;
    out.push(KEY_EXACT << 32 | i64::from(exact));
    for k in herald_dedup::lsh::band_keys(&fp.minhash) {
        out.push(KEY_BAND << 32 | i64::from(k));
    }
    for s in &fp.sample {
        out.push(KEY_SAMPLE << 32 | i64::from(s.hash));
    }
    for &t in &fp.terms {
        out.push(KEY_TERM << 32 | i64::from(t));
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// One side of a pair: id, publication date, fingerprint.
pub struct Side {
    pub id: String,
    pub published: Option<String>,
    pub fingerprint: Fingerprint,
}

/// The relations of `newer` to `older` (candidates that arrived before it,
/// in arrival order): exactly what the pipeline's dedup index answers when
/// those articles are in it. Verified by the index's own measures; never
/// transitive.
pub fn relate(newer: &Side, older: &[Side]) -> Vec<Relation> {
    let mut index = DedupIndex::new();
    for o in older {
        index.insert(&o.id, o.published.as_deref(), &o.fingerprint);
    }
    let q = Article {
        id: newer.id.clone(),
        published: newer.published.clone(),
        ..Article::default()
    };
    index.query(&q, &newer.fingerprint)
}

/// What the clusterer needs of one article: the article as the pipeline
/// hands it over (language layer without sentences, relations set) and
/// its events.
#[derive(Serialize, Deserialize)]
pub struct ClusterInput {
    pub article: Article,
    pub events: Vec<Event>,
}

/// Story assignment of a sequence of articles in arrival order, by one
/// `StoryClusterer` as in `herald ingest`: (article id → story id) after
/// every merge and split, and the story records.
pub struct Clustered {
    pub assignments: Vec<(String, String)>,
    pub stories: Vec<String>,
}

pub fn cluster(inputs: &[ClusterInput]) -> Clustered {
    let mut c = StoryClusterer::new();
    for i in inputs {
        c.process(&i.article, &i.events);
    }
    let assignments = inputs
        .iter()
        .map(|i| {
            let id = i.article.id.clone();
            let story = c.story_of(&id).unwrap_or_default();
            (id, story)
        })
        .collect();
    let stories = c
        .stories()
        .iter()
        .map(|s| serde_json::to_string(&StoryRecord::new(s)).unwrap_or_default())
        .collect();
    Clustered {
        assignments,
        stories,
    }
}
