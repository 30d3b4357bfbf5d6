//! Article tone, GDELT style: (positive words − negative words) / words ×
//! 100, with word polarity from the VADER lexicon (`data/vader_lexicon.txt`,
//! MIT, C.J. Hutto; see `data/VADER-LICENSE.txt`). A lexicon word preceded
//! within three words by a negator ("not", "never", "n't", …) flips polarity,
//! as VADER does. Range −100…100; news typically falls within ±10.

use std::collections::HashMap;
use std::sync::LazyLock;

use serde::Serialize;

static LEXICON_TSV: &str = include_str!("../data/vader_lexicon.txt");

/// Decodes the valence lexicon now ([`crate::preload`]).
pub(crate) fn preload() {
    LazyLock::force(&LEXICON);
}

/// word → VADER mean valence (−4…4).
static LEXICON: LazyLock<HashMap<&'static str, f32>> = LazyLock::new(|| {
    LEXICON_TSV
        .lines()
        .filter_map(|l| {
            let mut f = l.split('\t');
            let w = f.next()?;
            let v: f32 = f.next()?.parse().ok()?;
            // Emoticons and other non-word entries cannot match our tokens.
            w.chars().any(char::is_alphabetic).then_some((w, v))
        })
        .collect()
});

const NEGATORS: &[&str] = &[
    "not", "no", "never", "neither", "nor", "none", "nobody", "nothing", "nowhere", "cannot",
    "without", "hardly", "barely", "rarely",
];

/// GDELT-like tone components of one text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct ToneScores {
    /// Positive − negative, per 100 words (GDELT `AvgTone` for one document).
    pub tone: f64,
    /// Positive words per 100 words.
    pub positive: f64,
    /// Negative words per 100 words.
    pub negative: f64,
    /// Positive + negative per 100 words (GDELT "polarity").
    pub polarity: f64,
    pub words: usize,
}

fn negator(w: &str) -> bool {
    w.ends_with("n't") || NEGATORS.contains(&w)
}

/// Tone components of `text`.
pub fn tone_scores(text: &str) -> ToneScores {
    let lex = &*LEXICON;
    let (mut pos, mut neg, mut words) = (0usize, 0usize, 0usize);
    let mut lower = String::new();
    // Words since the last negator (large = none in reach).
    let mut since_neg = usize::MAX;
    for raw in text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’')) {
        let w = raw.trim_matches(|c| c == '\'' || c == '’');
        if w.is_empty() {
            continue;
        }
        words += 1;
        lower.clear();
        lower.extend(
            w.chars()
                .flat_map(char::to_lowercase)
                .map(|c| if c == '’' { '\'' } else { c }),
        );
        if negator(&lower) {
            since_neg = 0;
            continue;
        }
        since_neg = since_neg.saturating_add(1);
        if let Some(&v) = lex.get(lower.as_str()) {
            let v = if since_neg <= 3 { -v } else { v };
            if v > 0.0 {
                pos += 1;
            } else if v < 0.0 {
                neg += 1;
            }
        }
    }
    if words == 0 {
        return ToneScores::default();
    }
    let per = |n: usize| n as f64 * 100.0 / words as f64;
    ToneScores {
        tone: per(pos) - per(neg),
        positive: per(pos),
        negative: per(neg),
        polarity: per(pos + neg),
        words,
    }
}

/// GDELT-style tone of `text`: (positive − negative words) / words × 100.
///
/// ```
/// assert!(herald_events::tone("Troops killed ten people in a brutal attack.") < 0.0);
/// assert!(herald_events::tone("Leaders welcomed the peace deal and praised the progress.") > 0.0);
/// assert_eq!(herald_events::tone(""), 0.0);
/// ```
pub fn tone(text: &str) -> f64 {
    tone_scores(text).tone
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexicon_loads() {
        assert!(LEXICON.len() > 7000);
        assert!(LEXICON["good"] > 0.0 && LEXICON["kill"] < 0.0);
    }

    #[test]
    fn counts_and_negation() {
        let t = tone_scores("The talks were good.");
        assert_eq!((t.words, t.tone), (4, 25.0));
        // "not good" flips: one negative word in four (negator counted as a word).
        let t = tone_scores("Talks were not good.");
        assert_eq!((t.positive, t.negative), (0.0, 25.0));
        assert_eq!(tone_scores("They didn’t kill anyone").negative, 0.0);
    }

    #[test]
    fn never_panics_and_is_bounded() {
        for s in ["", "'''", "’", "ÉÉÉ", "\u{0}\u{ffff}", "n't n't n't"] {
            let t = tone(s);
            assert!((-100.0..=100.0).contains(&t));
        }
    }
}
