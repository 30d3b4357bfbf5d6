//! Named-entity tagger: greedy BIO averaged perceptron over word, shape,
//! part-of-speech and gazetteer features.

use herald_core::MentionKind;

use crate::features::{NONE, WordInfo, f1, f2, f3};
use crate::gazetteer::{is_norp, is_org_cue, is_person_cue, is_place};
use crate::perceptron::{Reader, Sparse, Trainer};
use crate::rulener::TokenEntity;
use crate::train::Rng;

/// Entity types the tagger learns (B-/I- for each, plus O).
pub const TYPES: [&str; 4] = ["PER", "ORG", "PLACE", "OTHER"];
pub const N_CLASSES: usize = 1 + 2 * TYPES.len();

pub fn kind_of(t: usize) -> MentionKind {
    match t {
        0 => MentionKind::Person,
        1 => MentionKind::Organization,
        2 => MentionKind::Place,
        _ => MentionKind::Other,
    }
}

/// Class id of a BIO label ("O", "B-PER", …); unknown labels are O.
pub fn class_of(label: &str) -> u8 {
    let Some((bi, t)) = label.split_once('-') else {
        return 0;
    };
    let Some(k) = TYPES.iter().position(|x| *x == t) else {
        return 0;
    };
    match bi {
        "B" => 1 + 2 * k as u8,
        "I" => 2 + 2 * k as u8,
        _ => 0,
    }
}

/// Whether class `c` may follow class `prev` under BIO.
#[inline]
fn allowed(prev: u8, c: u8) -> bool {
    c == 0 || c % 2 == 1 || prev == c || prev + 1 == c
}

/// Gazetteer bits for a word.
pub fn gaz(word: &str) -> u64 {
    u64::from(is_place(word))
        | u64::from(is_norp(word)) << 1
        | u64::from(is_org_cue(word)) << 2
        | u64::from(is_person_cue(word)) << 3
}

/// Per-sentence inputs of the entity tagger.
pub struct NerInput<'a> {
    pub infos: &'a [WordInfo],
    pub tags: &'a [u8],
    pub gaz: &'a [u64],
    /// Per token: hashes of (relation to head, head's lower form, the
    /// lower form of a `case` child such as "in" or "by").
    pub syntax: &'a [[u64; 3]],
}

/// Syntactic context for the entity tagger from a parse (1-based heads with
/// a dummy at 0, label ids) and the parser's label names.
pub fn syntax(
    infos: &[WordInfo],
    heads: &[usize],
    labels: &[u8],
    names: &[String],
) -> Vec<[u64; 3]> {
    let n = infos.len();
    let case = names.iter().position(|l| l == "case").map(|p| p as u8);
    let mut out = vec![[NONE, NONE, NONE]; n];
    for i in 0..n {
        let h = heads.get(i + 1).copied().unwrap_or(0);
        let l = labels.get(i + 1).copied().unwrap_or(0);
        out[i][0] = u64::from(l) + 1;
        out[i][1] = if h >= 1 && h <= n {
            infos[h - 1].lower
        } else {
            1
        };
        if h >= 1 && h <= n && Some(l) == case {
            out[h - 1][2] = infos[i].lower;
        }
    }
    out
}

fn features(x: &NerInput<'_>, i: usize, prev: u8, prev2: u8, out: &mut Vec<u32>) {
    out.clear();
    let n = x.infos.len();
    let w = |k: isize| -> Option<&WordInfo> {
        let j = i as isize + k;
        (j >= 0 && (j as usize) < n).then(|| &x.infos[j as usize])
    };
    let lw = |k: isize| w(k).map_or(NONE, |w| w.lower);
    let sh = |k: isize| w(k).map_or(NONE, |w| w.shape);
    let t = |k: isize| {
        let j = i as isize + k;
        if j >= 0 && (j as usize) < n {
            u64::from(x.tags[j as usize]) + 1
        } else {
            NONE
        }
    };
    let g = |k: isize| {
        let j = i as isize + k;
        if j >= 0 && (j as usize) < n {
            x.gaz[j as usize]
        } else {
            NONE
        }
    };
    let c = &x.infos[i];
    let p = u64::from(prev);
    out.extend_from_slice(&[
        f1(0, 0),
        f1(1, c.lower),
        f1(2, c.form),
        f1(3, c.shape),
        f1(4, c.suf3),
        f1(5, c.pre3),
        f1(6, c.flags),
        f1(7, t(0)),
        f2(8, t(-1), t(0)),
        f2(9, t(0), t(1)),
        f1(10, lw(-1)),
        f1(11, lw(1)),
        f1(12, lw(-2)),
        f1(13, lw(2)),
        f1(14, p),
        f2(15, p, c.lower),
        f2(16, p, t(0)),
        f2(17, p, u64::from(prev2)),
        f1(18, sh(1)),
        f1(19, sh(-1)),
        f1(20, g(0)),
        f1(21, g(-1)),
        f1(22, g(1)),
        f3(23, t(-1), t(0), t(1)),
        f2(24, lw(-1), c.lower),
        f2(25, c.lower, lw(1)),
        f2(26, p, c.shape),
        f2(27, g(0), t(0)),
        f1(28, u64::from(i == 0)),
        f1(29, c.suf2),
        f1(30, lw(-3)),
        f2(31, lw(1), lw(2)),
        f2(32, lw(-2), lw(-1)),
        f1(33, g(2)),
        f1(34, g(-2)),
        f1(35, x.syntax[i][0]),
        f2(36, x.syntax[i][0], x.syntax[i][1]),
        f1(37, x.syntax[i][1]),
        f1(38, x.syntax[i][2]),
        f2(39, x.syntax[i][2], c.flags),
        f2(40, x.syntax[i][0], c.flags),
    ]);
}

#[derive(Debug, Clone)]
pub struct NerTagger {
    pub(crate) model: Sparse,
}

fn decode(scores: &[f32], prev: u8) -> u8 {
    let mut best = 0u8;
    for c in 1..scores.len() as u8 {
        if allowed(prev, c) && scores[c as usize] > scores[best as usize] {
            best = c;
        }
    }
    best
}

impl NerTagger {
    /// BIO classes for one sentence.
    pub fn tag(&self, x: &NerInput<'_>, out: &mut Vec<u8>) {
        out.clear();
        let mut feats = Vec::with_capacity(40);
        let mut scores = vec![0.0f32; N_CLASSES];
        for i in 0..x.infos.len() {
            let prev = out.last().copied().unwrap_or(0);
            let prev2 = if i >= 2 { out[i - 2] } else { 0 };
            features(x, i, prev, prev2, &mut feats);
            self.model.score(&feats, &mut scores);
            out.push(decode(&scores, prev));
        }
    }

    pub fn write(&self, out: &mut Vec<u8>) {
        self.model.write(out);
    }

    pub fn read(r: &mut Reader<'_>) -> Option<NerTagger> {
        let model = Sparse::read(r)?;
        (model.n_classes() == N_CLASSES).then_some(NerTagger { model })
    }
}

/// Converts BIO classes to token-range entities.
pub fn entities(classes: &[u8]) -> Vec<TokenEntity> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < classes.len() {
        let c = classes[i];
        if c == 0 {
            i += 1;
            continue;
        }
        let t = (c as usize - 1) / 2;
        let mut j = i + 1;
        while j < classes.len() && classes[j] == 2 + 2 * t as u8 {
            j += 1;
        }
        out.push(TokenEntity {
            start: i,
            end: j,
            kind: kind_of(t),
        });
        i = j;
    }
    out
}

/// One training sentence: inputs and gold BIO classes.
pub struct NerExample {
    pub infos: Vec<WordInfo>,
    pub tags: Vec<u8>,
    pub gaz: Vec<u64>,
    pub syntax: Vec<[u64; 3]>,
    pub gold: Vec<u8>,
}

pub fn train(data: &[NerExample], epochs: usize, seed: u64) -> NerTagger {
    let mut trainer = Trainer::new(N_CLASSES);
    let mut order: Vec<usize> = (0..data.len()).collect();
    let mut rng = Rng::new(seed);
    let mut feats = Vec::with_capacity(40);
    let mut scores = vec![0.0f32; N_CLASSES];
    for _ in 0..epochs {
        rng.shuffle(&mut order);
        for &si in &order {
            let ex = &data[si];
            let x = NerInput {
                infos: &ex.infos,
                tags: &ex.tags,
                gaz: &ex.gaz,
                syntax: &ex.syntax,
            };
            let mut pred: Vec<u8> = Vec::with_capacity(ex.gold.len());
            for i in 0..ex.gold.len() {
                let prev = pred.last().copied().unwrap_or(0);
                let prev2 = if i >= 2 { pred[i - 2] } else { 0 };
                features(&x, i, prev, prev2, &mut feats);
                trainer.tick();
                trainer.score(&feats, &mut scores);
                let guess = decode(&scores, prev);
                trainer.update(&feats, ex.gold[i] as usize, guess as usize);
                pred.push(guess);
            }
        }
    }
    NerTagger {
        model: trainer.finish(0.02),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bio_round_trip() {
        let c: Vec<u8> = ["B-PER", "I-PER", "O", "B-PLACE", "B-ORG", "I-ORG"]
            .iter()
            .map(|l| class_of(l))
            .collect();
        let e = entities(&c);
        assert_eq!(e.len(), 3);
        assert_eq!(
            (e[0].start, e[0].end, e[0].kind),
            (0, 2, MentionKind::Person)
        );
        assert_eq!(
            (e[1].start, e[1].end, e[1].kind),
            (3, 4, MentionKind::Place)
        );
        assert_eq!((e[2].start, e[2].end), (4, 6));
        assert!(!allowed(0, class_of("I-PER")));
        assert!(allowed(class_of("B-PER"), class_of("I-PER")));
    }
}
