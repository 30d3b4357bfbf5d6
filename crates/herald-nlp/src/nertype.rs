//! Second pass of the entity tagger: re-types each span the BILOU tagger
//! found (person, organisation, place, other) from features of the whole
//! span and its context.
//!
//! Most entity errors are type confusions ("Harrow" the school vs the
//! town), and a word-by-word tagger sees the span only through its current
//! word; this classifier sees every word of the span at once, the words
//! and tags around it and how the parse attaches the span's head ("in X",
//! "X said", "at the X").

use crate::features::{NONE, f1, f2, f3};
use crate::gazetteer;
use crate::ner::{NerInput, TYPES};
use crate::perceptron::{Sparse, Trainer};
use crate::train::Rng;

/// Features of span `[a, b)` of a sentence.
pub(crate) fn features(x: &NerInput<'_>, a: usize, b: usize, out: &mut Vec<u32>) {
    out.clear();
    let n = x.infos.len();
    let lw = |j: isize| {
        if j >= 0 && (j as usize) < n {
            x.infos[j as usize].lower
        } else {
            NONE
        }
    };
    let tg = |j: isize| {
        if j >= 0 && (j as usize) < n {
            u64::from(x.tags[j as usize]) + 1
        } else {
            NONE
        }
    };
    let (ai, bi) = (a as isize, b as isize);
    let len = (b - a).min(4) as u64;
    let first = &x.infos[a];
    let last = &x.infos[b - 1];
    let mut gaz_any = 0u64;
    let mut phrase = 0x51edu64;
    let mut shape = 0x7u64;
    for (k, w) in x.infos[a..b].iter().enumerate() {
        gaz_any |= x.gaz[a + k];
        phrase = phrase.rotate_left(17) ^ w.lower;
        if k < 4 {
            shape = shape.rotate_left(13) ^ w.shape;
        }
        out.push(f1(100, w.lower));
        out.push(f1(101, w.suf3));
        out.push(f1(138, w.suf4));
        out.push(f1(139, w.pre3));
        out.push(f1(140, w.suf2));
        out.push(f1(102, x.gaz[a + k]));
        out.push(f1(132, u64::from(x.tags[a + k]) + 1));
        out.push(f1(141, w.cl[2]));
        out.push(f1(142, w.cl[1]));
        // Each list the word is on, by its place in the span (1 first,
        // 2 last, 3 both, 0 inside): "College" last means an organisation
        // whatever other lists the name's words are on.
        let pos = u64::from(k == 0) | u64::from(a + k + 1 == b) << 1;
        let mut bits = x.gaz[a + k];
        while bits != 0 {
            let bit = u64::from(bits.trailing_zeros());
            bits &= bits - 1;
            out.push(f2(137, bit, pos));
        }
    }
    // Bag of context words on either side.
    for d in 1..=4isize {
        out.push(f1(133, lw(ai - d)));
        out.push(f1(134, lw(bi - 1 + d)));
    }
    // The span's head: its first word attached outside the span.
    let syn = &x.syntax[span_head(x, a, b)];
    let place = gazetteer::place_phrase(
        gazetteer::phrase_key(x.infos[a..b].iter().map(|w| w.lower)),
        (b - a == 1).then_some(first.lower),
    );
    out.extend_from_slice(&[
        f1(0, 0),
        f2(135, u64::from(place), len),
        f2(136, u64::from(place), lw(ai - 1)),
        f1(103, phrase),
        f1(104, shape),
        f1(105, len),
        f2(106, first.lower, len),
        f1(107, last.lower),
        f1(108, last.suf3),
        f1(109, gaz_any),
        f1(110, x.gaz[b - 1]),
        f1(111, lw(ai - 1)),
        f1(112, lw(ai - 2)),
        f2(113, lw(ai - 2), lw(ai - 1)),
        f1(114, lw(bi)),
        f1(115, lw(bi + 1)),
        f2(116, lw(bi), lw(bi + 1)),
        f1(117, tg(ai - 1)),
        f1(118, tg(bi)),
        f2(119, tg(ai - 1), tg(bi)),
        f1(120, syn[0]),
        f2(121, syn[0], syn[1]),
        f1(122, syn[1]),
        f1(123, syn[2]),
        f2(124, syn[2], last.lower),
        f3(125, syn[0], syn[2], len),
        f1(126, u64::from(a == 0)),
        f2(127, lw(ai - 1), last.lower),
        f1(128, first.shape),
        f1(129, last.shape),
        f2(130, x.gaz[a], x.gaz[b - 1]),
        f1(131, first.pre3),
        f1(143, last.cl[2]),
        f1(144, last.cl[0]),
        f1(145, if a > 0 { x.infos[a - 1].cl[2] } else { NONE }),
        f1(146, x.infos.get(b).map_or(NONE, |w| w.cl[2])),
    ]);
}

/// The typer's classes: [`TYPES`].
pub(crate) const CLASSES: usize = TYPES.len();

/// The span's head: its first word attached outside the span.
fn span_head(x: &NerInput<'_>, a: usize, b: usize) -> usize {
    (a..b)
        .find(|&i| {
            let h = x.syntax[i][1];
            !x.infos[a..b].iter().any(|w| w.lower == h)
        })
        .unwrap_or(b - 1)
}

/// Another mention of a span's name in its document: sentence, `[a, b)`,
/// and whether it is a longer name that ends with this one-word mention
/// ("Barack Obama" for "Obama").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Other {
    pub si: usize,
    pub a: usize,
    pub b: usize,
    pub longer: bool,
}

/// At most this many other mentions lend features to a span.
pub(crate) const MAX_OTHERS: usize = 8;

/// Features of a span from the other mentions of its name in the document
/// (`xs` are the document's sentences): the words and attachment around
/// each ("in Coron", "Mr. Obama", "Obama said"), and for a longer name its
/// first word ("Barack"). A name's type is usually plain in some sentence
/// of the article, seldom in all.
pub(crate) fn doc_features(xs: &[NerInput<'_>], others: &[Other], out: &mut Vec<u32>) {
    let start = out.len();
    let mut n = [0u64; 2];
    for o in others.iter().take(MAX_OTHERS) {
        let Some(x) = xs.get(o.si) else { continue };
        let len = x.infos.len();
        if o.a >= o.b || o.b > len {
            continue;
        }
        n[usize::from(o.longer)] += 1;
        let lw = |j: isize| {
            if j >= 0 && (j as usize) < len {
                x.infos[j as usize].lower
            } else {
                NONE
            }
        };
        let (ai, bi) = (o.a as isize, o.b as isize);
        let t = if o.longer { 170 } else { 150 };
        let syn = &x.syntax[span_head(x, o.a, o.b)];
        out.extend_from_slice(&[
            f1(t, lw(ai - 1)),
            f1(t + 1, lw(bi)),
            f2(t + 2, lw(ai - 2), lw(ai - 1)),
            f2(t + 3, syn[0], syn[2]),
            f1(t + 4, syn[1]),
            f2(t + 5, syn[2], syn[1]),
        ]);
        if o.longer {
            out.push(f1(t + 6, x.infos[o.a].lower));
            out.push(f1(t + 7, x.gaz[o.a]));
            out.push(f1(t + 8, (o.b - o.a).min(4) as u64));
        }
    }
    out.push(f2(190, n[0].min(3), n[1].min(2)));
    let mut tail = out.split_off(start);
    tail.sort_unstable();
    tail.dedup();
    out.extend(tail);
}

/// Per-type scores of a span from its [`features`].
pub(crate) fn scores(model: &Sparse, feats: &[u32]) -> [f32; CLASSES] {
    let mut scores = [0.0f32; CLASSES];
    model.score(feats, &mut scores);
    scores
}

/// Index of the largest score (the first on ties).
pub(crate) fn argmax(scores: &[f32]) -> usize {
    let mut t = 0;
    for k in 1..scores.len() {
        if scores[k] > scores[t] {
            t = k;
        }
    }
    t
}

/// One gold span: sentence index, `[start, end)` and type index.
pub(crate) type GoldSpan = (usize, usize, usize, usize);

/// Trains the span typer on gold spans of the given sentences; `others`
/// (one list per span, or none) are the other mentions of each span's name
/// in its document ([`doc_features`]).
pub(crate) fn train(
    inputs: &[NerInput<'_>],
    spans: &[GoldSpan],
    others: &[Vec<Other>],
    epochs: usize,
    seed: u64,
) -> Sparse {
    let mut trainer = Trainer::new(CLASSES);
    let mut order: Vec<usize> = (0..spans.len()).collect();
    let mut rng = Rng::new(seed ^ 0x7e57);
    let mut feats = Vec::with_capacity(64);
    let mut scores = [0.0f32; CLASSES];
    for _ in 0..epochs {
        rng.shuffle(&mut order);
        for &k in &order {
            let (si, a, b, t) = spans[k];
            let Some(x) = inputs.get(si) else { continue };
            features(x, a, b, &mut feats);
            if let Some(o) = others.get(k) {
                doc_features(inputs, o, &mut feats);
            }
            trainer.tick();
            trainer.score(&feats, &mut scores);
            let mut g = 0;
            for c in 1..CLASSES {
                if scores[c] > scores[g] {
                    g = c;
                }
            }
            trainer.update(&feats, t, g);
        }
    }
    trainer.finish(0.02)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::{WordInfo, word_info};

    #[test]
    fn learns_place_after_in_and_org_before_said() {
        let sents = [
            vec!["He", "lives", "in", "Harrow", "."],
            vec!["She", "works", "in", "Leeds", "."],
            vec!["Acme", "said", "no", "."],
            vec!["Harrow", "said", "yes", "."],
        ];
        let infos: Vec<Vec<WordInfo>> = sents
            .iter()
            .map(|s| s.iter().map(|w| word_info(w)).collect())
            .collect();
        let tags: Vec<Vec<u8>> = sents.iter().map(|s| vec![0; s.len()]).collect();
        let gaz: Vec<Vec<u64>> = sents.iter().map(|s| vec![0; s.len()]).collect();
        let syn: Vec<Vec<[u64; 3]>> = sents.iter().map(|s| vec![[NONE; 3]; s.len()]).collect();
        let inputs: Vec<NerInput<'_>> = (0..sents.len())
            .map(|i| NerInput {
                infos: &infos[i],
                tags: &tags[i],
                gaz: &gaz[i],
                syntax: &syn[i],
            })
            .collect();
        let spans = [(0, 3, 4, 2), (1, 3, 4, 2), (2, 0, 1, 1), (3, 0, 1, 1)];
        let model = train(&inputs, &spans, &[], 5, 1);
        let mut f = Vec::new();
        assert_eq!(
            {
                features(&inputs[0], 3, 4, &mut f);
                argmax(&scores(&model, &f))
            },
            2
        );
        assert_eq!(
            {
                features(&inputs[2], 0, 1, &mut f);
                argmax(&scores(&model, &f))
            },
            1
        );
        // Never panics on a span at the sentence edge.
        features(&inputs[3], 0, 4, &mut f);
        let _ = scores(&model, &f);
    }
}
