//! Tunable constants, kept in the persisted state so a store keeps clustering
//! the way it started.

use serde::{Deserialize, Serialize};

/// Clustering and similarity parameters. Defaults were chosen on the
/// SemEval-2022 dev pairs and the stream benchmark (see `eval`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Params {
    /// Each title occurrence counts this many body occurrences.
    pub title_weight: f32,
    /// Multiplier for words capitalised mid-sentence and entity mentions.
    pub proper_boost: f32,
    /// Terms kept per article vector.
    pub top_k: usize,
    /// Terms kept per story centroid.
    pub centroid_k: usize,
    /// Centroid terms indexed for candidate retrieval.
    pub index_k: usize,
    /// Article terms used to probe the index.
    pub probe_k: usize,
    /// Index lists longer than this are skipped when probing (too common
    /// to pre-select on).
    pub max_posting: usize,
    /// Candidates scored in full per article.
    pub candidates: usize,
    /// Time decay: factor `exp(-max(0, Δdays - grace) / tau)`.
    pub tau_days: f32,
    pub grace_days: f32,
    /// Strong text evidence outweighs the date gap: a text score of
    /// `strong_lo` starts lifting the time factor, `strong_hi` lifts it to 1
    /// (a story reported again days later is still the same story).
    pub strong_lo: f32,
    pub strong_hi: f32,
    /// Stories more than this many days from an article are not candidates.
    pub window_days: f32,
    /// Weight of shared event actors / event keys in a score.
    pub actor_weight: f32,
    pub event_weight: f32,
    /// Join the best story when its score reaches this.
    pub threshold: f32,
    /// Merge two stories when their centroids' score reaches this.
    pub merge_threshold: f32,
    /// Link stories into one thread at this centroid similarity …
    pub thread_threshold: f32,
    /// … when their spans are at most this many days apart.
    pub thread_span_days: f32,
    /// Stories further apart than that, at this similarity, make their
    /// threads `related` (at most `related_max` per thread).
    pub related_threshold: f32,
    pub related_max: usize,
    /// Split a story when its members form two groups whose centroids
    /// score below this (with the time decay between their spans) …
    pub split_threshold: f32,
    /// … and the smaller group has at least this many members.
    pub split_min: usize,
    /// Stories keep per-member sketches (and can split) up to this size.
    pub split_max: usize,
    /// Embedding cosine (when given) mixes into the text score with this
    /// weight, rescaled so `emb_floor` (unrelated news) maps to 0.
    pub emb_weight: f32,
    pub emb_floor: f32,
    /// A story whose newest article is this many days behind the stream's
    /// clock (the median date of the latest arrivals) …
    pub archive_days: f32,
    /// … and that received no article in this many arrivals is archived:
    /// kept for threads and records, no longer a candidate. Undated stories
    /// are archived after four times as many quiet arrivals.
    pub archive_quiet: u64,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            title_weight: 3.0,
            proper_boost: 1.3,
            top_k: 64,
            centroid_k: 128,
            index_k: 32,
            probe_k: 24,
            max_posting: 200,
            candidates: 8,
            tau_days: 7.0,
            grace_days: 1.0,
            strong_lo: 0.3,
            strong_hi: 0.6,
            window_days: 60.0,
            actor_weight: 0.1,
            event_weight: 0.1,
            threshold: 0.3,
            merge_threshold: 0.5,
            thread_threshold: 0.2,
            thread_span_days: 180.0,
            related_threshold: 0.08,
            related_max: 5,
            split_threshold: 0.4,
            split_min: 2,
            split_max: 256,
            emb_weight: 0.3,
            emb_floor: 0.3,
            archive_days: 90.0,
            archive_quiet: 5_000,
        }
    }
}

impl Params {
    /// Time factor for a gap of `days` (None = undated: neutral).
    pub fn time_factor(&self, days: Option<f32>) -> f32 {
        match days {
            None => 1.0,
            Some(d) => (-(d.abs() - self.grace_days).max(0.0) / self.tau_days).exp(),
        }
    }

    /// The time factor lifted by the strength of the text evidence: between
    /// the plain decay (text ≤ `strong_lo`) and 1 (text ≥ `strong_hi`),
    /// within the story window only (a year apart is another story).
    pub fn time_factor_given(&self, days: Option<f32>, text: f32) -> f32 {
        let tf = self.time_factor(days);
        if days.is_some_and(|d| d.abs() > self.window_days) {
            return tf;
        }
        let span = (self.strong_hi - self.strong_lo).max(1e-6);
        let strong = ((text - self.strong_lo) / span).clamp(0.0, 1.0);
        tf + (1.0 - tf) * strong
    }
}
