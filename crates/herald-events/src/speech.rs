//! Judgements in reported speech. Coders of real news code a speaker's
//! verdict on another actor as a verbal act even when no action verb names
//! it: "the law is an attack on the Constitution, she said" is her
//! criticism (CAMEO 111) of the government, "X has done a wonderful job,
//! he said" is praise (051). What the speaker said carries the tone: the
//! VADER lexicon Herald ships for GDELT tone decides, and the actor the
//! words are about is the target. Speech that reports an action (a verb
//! the coder knows) is left to the coder, which codes the action itself.

use std::ops::Range;

use crate::actors::Mention;
use crate::tone::tone_scores;
use crate::words::Word;

/// One reported utterance: who said it (a mention), the saying verb and the
/// words said.
#[derive(Debug, Clone)]
pub(crate) struct Speech {
    pub speaker: usize,
    pub verb: usize,
    pub content: Range<usize>,
}

/// Tone (positive − negative words per 100) at or below which the words
/// are a criticism, and at or above which they are praise. Chosen on the
/// hand-coded Wikinews training labels (`training/events/make_eval.py`,
/// F1 0.280 -> 0.290 there), not on a dev set: criticism from -20 to -3
/// (flat above -3), praise from 6 to 99 (flat; 20 keeps false alarms down).
const CRITICISM: f64 = -3.0;
const PRAISE: f64 = 20.0;
/// The confidence of a verdict read from tone (a verb pattern's is 1.0).
pub(crate) const CONFIDENCE: f32 = 0.5;
/// Fewer words than this are no judgement ("it is false").
const MIN_WORDS: usize = 4;

/// The verbal act of `s`, if its words judge another actor: the CAMEO code
/// and the mention judged.
pub(crate) fn judgement(
    ws: &[Word],
    ms: &[Mention],
    s: &Speech,
    text: &str,
    has_action: impl Fn(usize) -> bool,
) -> Option<(&'static str, usize)> {
    let Range { start, end } = s.content.clone();
    if end <= start || end - start < MIN_WORDS || (start..end).any(&has_action) {
        return None;
    }
    let speaker = ms.get(s.speaker)?;
    // The actor judged: the first mention in the words said that is
    // someone else (a pronoun counts when it was resolved).
    let target = (0..ms.len()).find(|&k| {
        let m = &ms[k];
        m.start >= start
            && m.end <= end
            && !m.code.is_empty()
            && m.code != speaker.code
            && m.start < m.end
    })?;
    let words = ws[start].span.cover(&ws[end - 1].span).slice(text);
    let t = tone_scores(words);
    if t.words < MIN_WORDS {
        return None;
    }
    if t.tone <= CRITICISM && t.negative > 0.0 {
        Some(("111", target))
    } else if t.tone >= PRAISE && t.negative == 0.0 {
        Some(("051", target))
    } else {
        None
    }
}
