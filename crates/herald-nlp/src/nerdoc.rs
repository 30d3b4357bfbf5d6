//! Document-level consistency for entity types.
//!
//! A name usually keeps one type throughout an article, and the sentence
//! that makes its type plain ("the town of Coron", "Obama said") is often
//! not the one being typed. So each mention is typed with features of the
//! other mentions of its name in the document ([`nertype::doc_features`]),
//! a one-word mention also borrowing from longer names that end with it
//! ("Obama" after "Barack Obama"); the resulting type probabilities are
//! then pooled by name. A name the tagger found once is also marked where
//! it missed it (capitalised, outside other names).

use std::collections::HashMap;

use crate::features::WordInfo;
use crate::ner::{NerInput, span_class, typed_spans};
use crate::nertype::{self, CLASSES, MAX_OTHERS, Other};
use crate::perceptron::Sparse;

/// Key of a name: its lower-cased words.
fn name_key(words: &[WordInfo]) -> u64 {
    words
        .iter()
        .fold(0x51edu64, |h, w| h.rotate_left(17) ^ w.lower)
}

/// For each mention `(sentence, a, b)`, the other mentions of its name in
/// its document (`doc` of a sentence), and for a one-word mention the
/// longer names ending with its word; at most [`MAX_OTHERS`], nearest
/// first.
pub(crate) fn others<'a>(
    mentions: &[(usize, usize, usize)],
    infos: impl Fn(usize) -> &'a [WordInfo],
    doc: impl Fn(usize) -> usize,
) -> Vec<Vec<Other>> {
    let mut by_key: HashMap<(usize, u64), Vec<usize>> = HashMap::new();
    let mut by_last: HashMap<(usize, u64), Vec<usize>> = HashMap::new();
    for (k, &(si, a, b)) in mentions.iter().enumerate() {
        let w = &infos(si)[a..b];
        by_key.entry((doc(si), name_key(w))).or_default().push(k);
        if b - a >= 2 {
            by_last
                .entry((doc(si), w[w.len() - 1].lower))
                .or_default()
                .push(k);
        }
    }
    // Each list by (sentence, mention): the nearest mentions of a name are
    // then found by binary search, not by sorting all of them for every
    // mention (quadratic when a name repeats thousands of times).
    for list in by_key.values_mut().chain(by_last.values_mut()) {
        list.sort_by_key(|&j| (mentions[j].0, j));
    }
    mentions
        .iter()
        .enumerate()
        .map(|(k, &(si, a, b))| {
            let w = &infos(si)[a..b];
            let d = doc(si);
            // (distance, list, mention): the order a stable sort by distance
            // of the by-name list followed by the by-surname list gives.
            let mut out: Vec<(usize, u8, usize)> = Vec::new();
            if let Some(list) = by_key.get(&(d, name_key(w))) {
                nearest(list, mentions, k, 0, &mut out);
            }
            if b - a == 1
                && let Some(list) = by_last.get(&(d, w[0].lower))
            {
                nearest(list, mentions, k, 1, &mut out);
            }
            out.sort_unstable();
            out.truncate(MAX_OTHERS);
            out.into_iter()
                .map(|(_, tag, j)| {
                    let (sj, aj, bj) = mentions[j];
                    Other {
                        si: sj,
                        a: aj,
                        b: bj,
                        longer: tag == 1,
                    }
                })
                .collect()
        })
        .collect()
}

/// Adds to `out` the entries of `list` (sorted by sentence, then mention)
/// that can be among the [`MAX_OTHERS`] nearest to mention `k` by sentence
/// distance, ties going to the earlier mention: whole sentences outward from
/// `k`'s, at most `MAX_OTHERS + 1` mentions of each, until `MAX_OTHERS` are
/// in hand.
fn nearest(
    list: &[usize],
    mentions: &[(usize, usize, usize)],
    k: usize,
    tag: u8,
    out: &mut Vec<(usize, u8, usize)>,
) {
    let si = mentions[k].0;
    let sent = |i: usize| mentions[list[i]].0;
    let group = |s: usize| {
        let lo = list.partition_point(|&j| mentions[j].0 < s);
        let hi = list.partition_point(|&j| mentions[j].0 <= s);
        (lo, hi)
    };
    let (mut left, mut right) = group(si);
    let mut took = 0;
    // The mention's own sentence, then the nearer of the next sentence on
    // each side.
    let take = |lo: usize, hi: usize, took: &mut usize, out: &mut Vec<(usize, u8, usize)>| {
        for &j in list[lo..hi].iter().filter(|&&j| j != k).take(MAX_OTHERS) {
            out.push((mentions[j].0.abs_diff(si), tag, j));
            *took += 1;
        }
    };
    take(left, right, &mut took, out);
    while took < MAX_OTHERS && (left > 0 || right < list.len()) {
        let dl = (left > 0).then(|| si - sent(left - 1));
        let dr = (right < list.len()).then(|| sent(right) - si);
        let d = match (dl, dr) {
            (Some(l), Some(r)) => l.min(r),
            (Some(l), None) => l,
            (None, Some(r)) => r,
            (None, None) => break,
        };
        if dl == Some(d) {
            let (lo, _) = group(sent(left - 1));
            take(lo, left, &mut took, out);
            left = lo;
        }
        if dr == Some(d) {
            let (_, hi) = group(sent(right));
            take(right, hi, &mut took, out);
            right = hi;
        }
    }
}

/// Softmax of perceptron scores: pooling probabilities keeps one
/// over-confident mention from outvoting several clear ones.
fn softmax(s: &[f32; CLASSES]) -> [f32; CLASSES] {
    let m = s.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let mut out = [0.0f32; CLASSES];
    let mut z = 0.0;
    for (o, &v) in out.iter_mut().zip(s) {
        *o = (v - m).exp();
        z += *o;
    }
    if z > 0.0 {
        out.iter_mut().for_each(|o| *o /= z);
    }
    out
}

/// Spans of names found elsewhere in the document that the tagger missed:
/// capitalised word runs equal to a found name, outside other names.
fn recover(xs: &[NerInput<'_>], classes: &[Vec<u8>], mentions: &mut Vec<(usize, usize, usize)>) {
    let names: std::collections::HashSet<u64> = mentions
        .iter()
        .map(|&(si, a, b)| name_key(&xs[si].infos[a..b]))
        .collect();
    let longest = mentions.iter().map(|m| m.2 - m.1).max().unwrap_or(0).min(6);
    for (si, (x, c)) in xs.iter().zip(classes).enumerate() {
        let n = x.infos.len().min(c.len());
        let cap = |i: usize| x.infos[i].flags & 1 != 0;
        let mut i = 0;
        while i < n {
            if c[i] != 0 || !cap(i) {
                i += 1;
                continue;
            }
            let hit = (1..=longest.min(n - i)).rev().find(|&len| {
                cap(i + len - 1)
                    && c[i..i + len].iter().all(|&c| c == 0)
                    && names.contains(&name_key(&x.infos[i..i + len]))
            });
            match hit {
                Some(len) => {
                    mentions.push((si, i, i + len));
                    i += len;
                }
                None => i += 1,
            }
        }
    }
}

/// Re-types the spans of `classes` (BILOU, one vector per sentence of
/// `xs`, a document) from the typers' scores with document features, pooled
/// by name with `weight`; with `recover`, also marks missed mentions of
/// found names.
pub(crate) fn retype_document(
    typers: &[Sparse],
    xs: &[NerInput<'_>],
    classes: &mut [Vec<u8>],
    weight: f32,
    recover_missed: bool,
) {
    let mut mentions: Vec<(usize, usize, usize)> = Vec::new();
    for (si, (x, c)) in xs.iter().zip(classes.iter()).enumerate() {
        for (a, b, _) in typed_spans(c) {
            if b <= x.infos.len() {
                mentions.push((si, a, b));
            }
        }
    }
    if recover_missed {
        recover(xs, classes, &mut mentions);
    }
    let others = others(&mentions, |si| xs[si].infos, |_| 0);
    let mut feats = Vec::with_capacity(128);
    let probs: Vec<[f32; CLASSES]> = mentions
        .iter()
        .zip(&others)
        .map(|(&(si, a, b), o)| {
            nertype::features(&xs[si], a, b, &mut feats);
            nertype::doc_features(xs, o, &mut feats);
            let mut total = [0.0f32; CLASSES];
            for typer in typers {
                let s = nertype::scores(typer, &feats);
                total.iter_mut().zip(s).for_each(|(t, s)| *t += s);
            }
            softmax(&total)
        })
        .collect();
    // Pooled probabilities per name, and per last word of longer names
    // the typers take for persons.
    let mut by_key: HashMap<u64, [f32; CLASSES]> = HashMap::new();
    let mut by_last: HashMap<u64, [f32; CLASSES]> = HashMap::new();
    let keys: Vec<u64> = mentions
        .iter()
        .map(|&(si, a, b)| name_key(&xs[si].infos[a..b]))
        .collect();
    for (k, (&(si, a, b), p)) in mentions.iter().zip(&probs).enumerate() {
        let e = by_key.entry(keys[k]).or_default();
        e.iter_mut().zip(p).for_each(|(t, p)| *t += p);
        if b - a >= 2 && nertype::argmax(p) == 0 {
            let e = by_last.entry(xs[si].infos[b - 1].lower).or_default();
            e.iter_mut().zip(p).for_each(|(t, p)| *t += p);
        }
    }
    for (k, (&(si, a, b), p)) in mentions.iter().zip(&probs).enumerate() {
        let mut total = *p;
        if let Some(pool) = by_key.get(&keys[k]) {
            for c in 0..CLASSES {
                total[c] += weight * (pool[c] - p[c]);
            }
        }
        if b - a == 1
            && let Some(pool) = by_last.get(&xs[si].infos[a].lower)
        {
            for c in 0..CLASSES {
                total[c] += weight * pool[c];
            }
        }
        let t = nertype::argmax(&total);
        for (j, c) in classes[si][a..b].iter_mut().enumerate() {
            *c = span_class(t, j, b - a);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::word_info;

    #[test]
    fn softmax_sums_to_one_and_keeps_order() {
        let p = softmax(&[2.0, 0.0, -1.0, 1.0]);
        assert!((p.iter().sum::<f32>() - 1.0).abs() < 1e-5);
        assert_eq!(nertype::argmax(&p), 0);
        assert!(p[3] > p[1] && p[1] > p[2]);
    }

    /// Word features of toy sentences with no tags, list hits or syntax.
    struct Toy {
        infos: Vec<Vec<WordInfo>>,
        tags: Vec<Vec<u8>>,
        gaz: Vec<Vec<u64>>,
        syn: Vec<Vec<[u64; 3]>>,
    }

    impl Toy {
        fn new(sents: &[&[&str]]) -> Toy {
            Toy {
                infos: sents
                    .iter()
                    .map(|s| s.iter().map(|w| word_info(w)).collect())
                    .collect(),
                tags: sents.iter().map(|s| vec![0; s.len()]).collect(),
                gaz: sents.iter().map(|s| vec![0; s.len()]).collect(),
                syn: sents
                    .iter()
                    .map(|s| vec![[crate::features::NONE; 3]; s.len()])
                    .collect(),
            }
        }

        fn inputs(&self) -> Vec<NerInput<'_>> {
            (0..self.infos.len())
                .map(|i| NerInput {
                    infos: &self.infos[i],
                    tags: &self.tags[i],
                    gaz: &self.gaz[i],
                    syntax: &self.syn[i],
                })
                .collect()
        }
    }

    /// A typer trained on four one-sentence documents: "in X" is a place,
    /// "X said" a person.
    fn toy_typer() -> Sparse {
        let sents = [
            &["He", "lives", "in", "Leeds", "."][..],
            &["She", "works", "in", "York", "."],
            &["Smith", "said", "no", "."],
            &["Jones", "said", "yes", "."],
        ];
        let toy = Toy::new(&sents);
        let inputs = toy.inputs();
        let spans = [(0, 3, 4, 2), (1, 3, 4, 2), (2, 0, 1, 0), (3, 0, 1, 0)];
        nertype::train(&inputs, &spans, &[], 5, 1)
    }

    #[test]
    fn missed_mentions_are_recovered_and_pooled() {
        let typer = toy_typer();
        let sents = [
            &["They", "met", "in", "Harrogate", "."][..],
            &["Harrogate", "won", "."],
            &["Later", ",", "Harrogate", "lost", "."],
        ];
        let toy = Toy::new(&sents);
        let xs = toy.inputs();
        // The tagger found "Harrogate" (as a person) in the first two
        // sentences and missed it in the third.
        let per = crate::ner::class_of("U-PER");
        let mut classes = vec![vec![0, 0, 0, per, 0], vec![per, 0, 0], vec![0, 0, 0, 0, 0]];
        retype_document(std::slice::from_ref(&typer), &xs, &mut classes, 0.0, false);
        assert_eq!(classes[2], vec![0; 5], "nothing recovered when off");
        let place = crate::ner::class_of("U-PLACE");
        // "in Harrogate" is a place; alone, the others would stay persons.
        assert_eq!(classes[0][3], place);
        retype_document(&[typer], &xs, &mut classes, 4.0, true);
        // Pooled, every mention takes the document's type, the missed one
        // included.
        assert_eq!(classes[0][3], place);
        assert_eq!(classes[1][0], place);
        assert_eq!(classes[2][2], place);
        // Lower-case or already-tagged words are never recovered.
        assert_eq!(classes[2][..2], [0, 0]);
    }

    #[test]
    fn others_link_a_name_and_its_surname_within_a_document() {
        let sents: Vec<Vec<WordInfo>> = [
            &["Barack", "Obama", "spoke", "."][..],
            &["Obama", "left", "."],
            &["Obama", "returned", "."],
        ]
        .iter()
        .map(|s| s.iter().map(|w| word_info(w)).collect())
        .collect();
        let mentions = [(0, 0, 2), (1, 0, 1), (2, 0, 1)];
        let o = others(
            &mentions,
            |si| sents[si].as_slice(),
            |si| usize::from(si == 2),
        );
        // "Barack Obama": no other mention of the same name.
        assert!(o[0].is_empty());
        // "Obama" in sentence 1: the longer name; sentence 2 is another document.
        assert_eq!(
            o[1],
            vec![Other {
                si: 0,
                a: 0,
                b: 2,
                longer: true
            }]
        );
        assert!(o[2].is_empty());
    }

    /// The search by sentence gives what sorting every other mention by
    /// distance gave, on names repeated many times, in any mention order
    /// (recovered mentions are appended after the found ones).
    #[test]
    fn nearest_others_match_a_full_sort() {
        let words = ["Mali", "Keita", "Ibrahim", "said", "."];
        let sents: Vec<Vec<WordInfo>> = (0..60)
            .map(|_| words.iter().map(|w| word_info(w)).collect())
            .collect();
        let mut x: u64 = 7;
        let mut rnd = |n: usize| {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (x >> 33) as usize % n
        };
        let mut mentions = Vec::new();
        for _ in 0..400 {
            let si = rnd(60);
            mentions.push(match rnd(3) {
                0 => (si, 0, 1),
                1 => (si, 1, 2),
                _ => (si, 2, 4 - rnd(2)),
            });
        }
        let doc = |si: usize| si / 25;
        let fast = others(&mentions, |si| sents[si].as_slice(), doc);
        for (k, &(si, a, b)) in mentions.iter().enumerate() {
            let key = |m: &(usize, usize, usize)| name_key(&sents[m.0][m.1..m.2]);
            // Every other mention of the document passing `same`, by distance.
            let near = |same: &dyn Fn(&(usize, usize, usize)) -> bool, longer: bool| {
                mentions
                    .iter()
                    .enumerate()
                    .filter(|&(j, m)| j != k && doc(m.0) == doc(si) && same(m))
                    .map(|(_, m)| {
                        let o = Other {
                            si: m.0,
                            a: m.1,
                            b: m.2,
                            longer,
                        };
                        (m.0.abs_diff(si), o)
                    })
                    .collect::<Vec<_>>()
            };
            let mut all = near(&|m| key(m) == key(&(si, a, b)), false);
            if b - a == 1 {
                all.extend(near(
                    &|m| m.2 - m.1 >= 2 && sents[m.0][m.2 - 1].lower == sents[si][a].lower,
                    true,
                ));
            }
            all.sort_by_key(|o| o.0);
            all.truncate(MAX_OTHERS);
            let slow: Vec<Other> = all.into_iter().map(|o| o.1).collect();
            assert_eq!(fast[k], slow, "mention {k}");
        }
    }
}
