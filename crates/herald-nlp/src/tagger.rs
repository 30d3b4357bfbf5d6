//! Part-of-speech tagger: greedy left-to-right averaged perceptron over joint
//! UPOS+XPOS classes, with a tag dictionary for frequent unambiguous words.

use std::collections::HashMap;

use crate::features::{NONE, WordInfo, f1, f2, f3};
use crate::perceptron::{Reader, Sparse, Trainer, put_str, put_u32};
use crate::train::{Rng, Sent};

#[derive(Debug, Clone)]
pub struct Tagger {
    /// Class id → (UPOS, XPOS).
    pub classes: Vec<(String, String)>,
    /// Case-sensitive form hash → class, for words that always take one tag.
    tagdict: HashMap<u64, u8>,
    pub(crate) model: Sparse,
}

#[inline]
fn tag_hash(t: Option<u8>) -> u64 {
    t.map_or(NONE, |t| u64::from(t) + 1)
}

fn features(w: &[WordInfo], i: usize, p1: u64, p2: u64, out: &mut Vec<u32>) {
    out.clear();
    let none = WordInfo {
        form: NONE,
        lower: NONE,
        suf3: NONE,
        suf2: NONE,
        shape: NONE,
        ..WordInfo::default()
    };
    let at = |k: isize| -> &WordInfo {
        let j = i as isize + k;
        if j < 0 || j as usize >= w.len() {
            &none
        } else {
            &w[j as usize]
        }
    };
    let c = at(0);
    let (m1, m2, n1, n2) = (at(-1), at(-2), at(1), at(2));
    out.extend_from_slice(&[
        f1(0, 0),
        f1(1, c.lower),
        f1(2, c.form),
        f1(3, c.suf1),
        f1(4, c.suf2),
        f1(5, c.suf3),
        f1(6, c.suf4),
        f1(7, c.pre1),
        f1(8, c.pre3),
        f1(9, c.shape),
        f1(10, c.flags),
        f1(11, p1),
        f2(12, p1, p2),
        f2(13, p1, c.lower),
        f1(14, m1.lower),
        f1(15, m1.suf3),
        f1(16, m2.lower),
        f1(17, n1.lower),
        f1(18, n1.suf3),
        f1(19, n2.lower),
        f2(20, c.lower, n1.lower),
        f2(21, m1.lower, c.lower),
        f1(22, n1.shape),
        f2(23, p1, c.suf3),
        f3(24, p1, c.flags, if i == 0 { 1 } else { 0 }),
        f1(25, n1.suf2),
        f2(26, c.shape, n1.shape),
        f2(27, p1, n1.lower),
        f2(28, n1.lower, n2.lower),
        f1(29, m2.suf3),
        f2(30, m1.suf3, c.suf3),
        // Word classes from unlabelled text (crate::clusters).
        f1(31, c.cl[0]),
        f1(32, c.cl[1]),
        f1(33, c.cl[2]),
        f1(34, m1.cl[1]),
        f1(35, n1.cl[1]),
        f2(36, p1, c.cl[1]),
        f1(37, m1.cl[2]),
        f1(38, n1.cl[2]),
        f1(39, n2.cl[1]),
        f2(40, c.cl[2], n1.cl[1]),
    ]);
}

#[inline]
fn argmax(s: &[f32]) -> usize {
    let mut best = 0;
    for (i, v) in s.iter().enumerate() {
        if *v > s[best] {
            best = i;
        }
    }
    best
}

/// Score margin under which the tagger's runner-up tag is reported (the
/// parser learns which confusions to distrust: with it, UAS +0.3 on EWT
/// dev and +0.5 on GUM dev; reporting the runner-up always gains less).
pub const ALT_MARGIN: f32 = 1.0;

/// The second-best class when its score is within `margin` of the best
/// one's, else `best`.
fn runner_up(scores: &[f32], best: usize, margin: f32) -> usize {
    let mut second = usize::MAX;
    for (k, v) in scores.iter().enumerate() {
        if k != best && (second == usize::MAX || *v > scores[second]) {
            second = k;
        }
    }
    if second != usize::MAX && scores[best] - scores[second] < margin {
        second
    } else {
        best
    }
}

impl Tagger {
    /// Tags one sentence; `out` receives class ids.
    #[cfg(test)]
    pub fn tag(&self, infos: &[WordInfo], out: &mut Vec<u8>) {
        self.tag_inner(infos, out, None);
    }

    /// Tags one sentence (`out` receives class ids); `alts` receives each
    /// word's runner-up class where the tagger hesitated (its margin below
    /// [`ALT_MARGIN`]), else its best class.
    pub fn tag_with_alts(&self, infos: &[WordInfo], out: &mut Vec<u8>, alts: &mut Vec<u8>) {
        self.tag_inner(infos, out, Some(alts));
    }

    fn tag_inner(&self, infos: &[WordInfo], out: &mut Vec<u8>, mut alts: Option<&mut Vec<u8>>) {
        out.clear();
        if let Some(a) = alts.as_deref_mut() {
            a.clear();
        }
        let mut feats = Vec::with_capacity(32);
        let mut scores = vec![0.0f32; self.model.n_classes()];
        for i in 0..infos.len() {
            let cls = if let Some(&c) = self.tagdict.get(&infos[i].form) {
                c
            } else {
                let p1 = tag_hash(out.last().copied());
                let p2 = tag_hash(if i >= 2 {
                    out.get(i - 2).copied()
                } else {
                    None
                });
                features(infos, i, p1, p2, &mut feats);
                self.model.score(&feats, &mut scores);
                let best = argmax(&scores);
                if let Some(a) = alts.as_deref_mut() {
                    a.push(runner_up(&scores, best, ALT_MARGIN) as u8);
                }
                out.push(best as u8);
                continue;
            };
            if let Some(a) = alts.as_deref_mut() {
                a.push(cls);
            }
            out.push(cls);
        }
    }

    /// The class of a (UPOS, XPOS) pair; a pair the tagger does not know
    /// falls back to its UPOS's most frequent class, then to class 0.
    pub fn class_of(&self, upos: &str, xpos: &str) -> u8 {
        self.classes
            .iter()
            .position(|(u, x)| u == upos && x == xpos)
            .or_else(|| self.classes.iter().position(|(u, _)| u == upos))
            .unwrap_or(0) as u8
    }

    pub fn upos(&self, c: u8) -> &str {
        self.classes.get(c as usize).map_or("X", |t| t.0.as_str())
    }

    pub fn xpos(&self, c: u8) -> &str {
        self.classes.get(c as usize).map_or("XX", |t| t.1.as_str())
    }

    pub fn write(&self, out: &mut Vec<u8>) {
        put_u32(out, self.classes.len() as u32);
        for (u, x) in &self.classes {
            put_str(out, u);
            put_str(out, x);
        }
        let mut dict: Vec<_> = self.tagdict.iter().collect();
        dict.sort();
        put_u32(out, dict.len() as u32);
        for (k, v) in dict {
            out.extend_from_slice(&k.to_le_bytes());
            out.push(*v);
        }
        self.model.write(out);
    }

    pub fn read(r: &mut Reader<'_>) -> Option<Tagger> {
        let n = r.u32()? as usize;
        let mut classes = Vec::with_capacity(n.min(256));
        for _ in 0..n {
            classes.push((r.string()?, r.string()?));
        }
        let nd = r.u32()? as usize;
        let mut tagdict = HashMap::with_capacity(nd.min(1 << 20));
        for _ in 0..nd {
            let k = u64::from_le_bytes(r.bytes(8)?.try_into().ok()?);
            let v = *r.bytes(1)?.first()?;
            tagdict.insert(k, v);
        }
        let model = Sparse::read(r)?;
        Some(Tagger {
            classes,
            tagdict,
            model,
        })
    }
}

impl Tagger {
    /// One tagger whose weights are the mean of `taggers` (all trained on
    /// the same data, so with the same classes and tag dictionary).
    pub fn average(mut taggers: Vec<Tagger>) -> Tagger {
        if taggers.len() <= 1 {
            return taggers.pop().unwrap_or_else(|| Tagger {
                classes: vec![("X".to_string(), "XX".to_string())],
                tagdict: HashMap::new(),
                model: crate::perceptron::Trainer::new(1).finish(0.0),
            });
        }
        let models: Vec<Sparse> = taggers.iter().map(|t| t.model.clone()).collect();
        let first = taggers.swap_remove(0);
        match Sparse::average(&models) {
            Some(model) => Tagger { model, ..first },
            None => first,
        }
    }
}

/// Trains a tagger on `sents` for `epochs` passes.
pub fn train(sents: &[Sent], epochs: usize, seed: u64) -> Tagger {
    // Joint classes seen at least 3 times; rarer pairs map to their UPOS's
    // most frequent pair.
    let mut counts: HashMap<(String, String), usize> = HashMap::new();
    for s in sents {
        for (u, x) in s.upos.iter().zip(&s.xpos) {
            *counts.entry((u.clone(), x.clone())).or_default() += 1;
        }
    }
    let mut classes: Vec<((String, String), usize)> =
        counts.into_iter().filter(|(_, n)| *n >= 3).collect();
    classes.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    classes.truncate(255);
    let classes: Vec<(String, String)> = classes.into_iter().map(|(k, _)| k).collect();
    let index: HashMap<&(String, String), u8> = classes
        .iter()
        .enumerate()
        .map(|(i, k)| (k, i as u8))
        .collect();
    let class_of = |u: &str, x: &str| -> u8 {
        let key = (u.to_string(), x.to_string());
        index
            .get(&key)
            .copied()
            .or_else(|| classes.iter().position(|c| c.0 == u).map(|p| p as u8))
            .unwrap_or(0)
    };
    let data: Vec<(Vec<WordInfo>, Vec<u8>)> = sents
        .iter()
        .map(|s| {
            (
                s.forms
                    .iter()
                    .map(|f| crate::features::word_info(f))
                    .collect(),
                s.upos
                    .iter()
                    .zip(&s.xpos)
                    .map(|(u, x)| class_of(u, x))
                    .collect(),
            )
        })
        .collect();
    // Tag dictionary.
    let mut seen: HashMap<u64, HashMap<u8, u32>> = HashMap::new();
    for (w, t) in &data {
        for (info, &c) in w.iter().zip(t) {
            *seen.entry(info.form).or_default().entry(c).or_default() += 1;
        }
    }
    let mut tagdict = HashMap::new();
    for (k, m) in seen {
        let total: u32 = m.values().sum();
        if let Some((&c, &n)) = m.iter().max_by_key(|(c, n)| (**n, u8::MAX - **c))
            && total >= 20
            && f64::from(n) / f64::from(total) >= 0.995
        {
            tagdict.insert(k, c);
        }
    }
    let mut trainer = Trainer::new(classes.len());
    let mut order: Vec<usize> = (0..data.len()).collect();
    let mut rng = Rng::new(seed);
    let mut feats = Vec::with_capacity(32);
    let mut scores = vec![0.0f32; classes.len()];
    for _ in 0..epochs {
        rng.shuffle(&mut order);
        for &si in &order {
            let (w, gold) = &data[si];
            let mut pred: Vec<u8> = Vec::with_capacity(w.len());
            for i in 0..w.len() {
                if let Some(&c) = tagdict.get(&w[i].form) {
                    pred.push(c);
                    continue;
                }
                let p1 = tag_hash(pred.last().copied());
                let p2 = tag_hash(if i >= 2 {
                    pred.get(i - 2).copied()
                } else {
                    None
                });
                features(w, i, p1, p2, &mut feats);
                trainer.tick();
                trainer.score(&feats, &mut scores);
                let guess = argmax(&scores);
                trainer.update(&feats, gold[i] as usize, guess);
                pred.push(guess as u8);
            }
        }
    }
    Tagger {
        classes,
        tagdict,
        model: trainer.finish(0.02),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sent(words: &[(&str, &str, &str)]) -> Sent {
        Sent {
            forms: words.iter().map(|w| w.0.to_string()).collect(),
            upos: words.iter().map(|w| w.1.to_string()).collect(),
            xpos: words.iter().map(|w| w.2.to_string()).collect(),
            ..Sent::default()
        }
    }

    #[test]
    fn averaged_taggers_tag_like_their_members() {
        let data: Vec<Sent> = (0..6)
            .flat_map(|_| {
                [
                    sent(&[
                        ("Rebels", "NOUN", "NNS"),
                        ("attack", "VERB", "VBP"),
                        ("towns", "NOUN", "NNS"),
                    ]),
                    sent(&[
                        ("They", "PRON", "PRP"),
                        ("attack", "VERB", "VBP"),
                        ("the", "DET", "DT"),
                        ("attack", "NOUN", "NN"),
                    ]),
                ]
            })
            .collect();
        let t = Tagger::average(vec![train(&data, 5, 1), train(&data, 5, 2)]);
        let infos: Vec<WordInfo> = ["They", "attack", "the", "attack"]
            .iter()
            .map(|w| crate::features::word_info(w))
            .collect();
        let mut out = Vec::new();
        t.tag(&infos, &mut out);
        let upos: Vec<&str> = out.iter().map(|&c| t.upos(c)).collect();
        assert_eq!(upos, ["PRON", "VERB", "DET", "NOUN"]);
        assert_eq!(Tagger::average(Vec::new()).classes.len(), 1);

        // Same tags with runner-ups.
        let (mut tags, mut alts) = (Vec::new(), Vec::new());
        t.tag_with_alts(&infos, &mut tags, &mut alts);
        assert_eq!(tags, out);
        assert_eq!(alts.len(), tags.len());
        assert!(alts.iter().all(|&a| (a as usize) < t.classes.len()));
    }

    #[test]
    fn runner_up_only_within_the_margin() {
        assert_eq!(runner_up(&[0.2, 3.0, 2.5], 1, 1.0), 2);
        assert_eq!(runner_up(&[0.2, 3.0, 1.5], 1, 1.0), 1);
        assert_eq!(runner_up(&[-4.0, -1.0, -1.2, -9.0], 1, 1.0), 2);
        assert_eq!(runner_up(&[5.0], 0, 1.0), 0);
    }
}
