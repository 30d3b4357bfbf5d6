//! Named-entity tagger: greedy BILOU averaged perceptron over word, shape,
//! part-of-speech, gazetteer, syntax and capitalised-run features.
//!
//! BILOU (begin, inside, last, unit) rather than BIO lets a greedy decoder
//! know where a name ends (Ratinov & Roth 2009). Run features describe the
//! whole capitalised phrase a word sits in ("Trinity College", "Bank of
//! England"): its first and last word and what surrounds it, which types
//! the phrase better than the word alone.

use herald_core::MentionKind;

use crate::features::{NONE, WordInfo, f1, f2, f3};
use std::sync::LazyLock;

use crate::features::word_info;
use crate::gazetteer;
use crate::perceptron::{Reader, Sparse, Trainer};
use crate::rulener::TokenEntity;
use crate::train::Rng;

/// Entity types the tagger learns (B-/I-/L-/U- for each, plus O).
pub const TYPES: [&str; 4] = ["PER", "ORG", "PLACE", "OTHER"];
pub const N_CLASSES: usize = 1 + 4 * TYPES.len();

/// Position of a class within its type: begin, inside, last, unit.
const B: u8 = 0;
const I: u8 = 1;
const L: u8 = 2;
const U: u8 = 3;

#[inline]
fn class(t: usize, pos: u8) -> u8 {
    1 + 4 * t as u8 + pos
}

/// (type, position) of a non-O class.
#[inline]
fn split(c: u8) -> (usize, u8) {
    (((c - 1) / 4) as usize, (c - 1) % 4)
}

pub fn kind_of(t: usize) -> MentionKind {
    match t {
        0 => MentionKind::Person,
        1 => MentionKind::Organization,
        2 => MentionKind::Place,
        _ => MentionKind::Other,
    }
}

/// Class id of a BIO or BILOU label ("O", "B-PER", "U-ORG", …); unknown
/// labels are O.
pub fn class_of(label: &str) -> u8 {
    let Some((bi, t)) = label.split_once('-') else {
        return 0;
    };
    let Some(k) = TYPES.iter().position(|x| *x == t) else {
        return 0;
    };
    match bi {
        "B" => class(k, B),
        "I" => class(k, I),
        "L" => class(k, L),
        "U" => class(k, U),
        _ => 0,
    }
}

/// Rewrites BIO classes as BILOU: a B not followed by its I becomes U, an I
/// not followed by its I becomes L.
pub fn to_bilou(classes: &mut [u8]) {
    for i in 0..classes.len() {
        let c = classes[i];
        if c == 0 {
            continue;
        }
        let (t, pos) = split(c);
        let continues = classes.get(i + 1) == Some(&class(t, I));
        if pos == B && !continues {
            classes[i] = class(t, U);
        } else if pos == I && !continues {
            classes[i] = class(t, L);
        }
    }
}

/// Whether class `c` may follow class `prev` under BILOU; `last` marks the
/// sentence's final word, where no entity may stay open.
#[inline]
fn allowed(prev: u8, c: u8, last: bool) -> bool {
    let open = prev != 0 && matches!(split(prev).1, B | I);
    if c == 0 {
        return !open;
    }
    let (t, pos) = split(c);
    if last && matches!(pos, B | I) {
        return false;
    }
    if open {
        split(prev).0 == t && matches!(pos, I | L)
    } else {
        matches!(pos, B | U)
    }
}

/// Whether a word can only be O after `prev`: no entity is open and the
/// word has neither capitals nor digits ("said", ","). Entities of the
/// kinds the tagger learns almost never start with such a word, and
/// skipping them saves most of the tagger's time.
#[inline]
fn skippable(w: &WordInfo, prev: u8) -> bool {
    let open = prev != 0 && matches!(split(prev).1, B | I);
    !open && w.flags & (1 << 4) != 0 && w.flags & (1 << 2) == 0
}

/// Gazetteer bits for a word (see [`gazetteer::bits`]).
pub fn gaz(word: &str) -> u64 {
    u64::from(gazetteer::bits(word))
}

/// Lower-cased hashes of words that may join a name's parts ("Bank of
/// England", "Marks & Spencer").
static CONNECTORS: LazyLock<Vec<u64>> = LazyLock::new(|| {
    [
        "of", "the", "&", "de", "for", "von", "van", "du", "la", "del", "-", "on", "da",
    ]
    .iter()
    .map(|w| word_info(w).lower)
    .collect()
});

/// Capitalised runs: for each word, the `[start, end)` of the run of
/// capitalised words (with inner connectors) it belongs to, or `None`.
fn runs(infos: &[WordInfo]) -> Vec<Option<(u32, u32)>> {
    let n = infos.len();
    let cap = |i: usize| infos[i].flags & 1 != 0;
    let conn = |i: usize| CONNECTORS.contains(&infos[i].lower);
    let mut out = vec![None; n];
    let mut i = 0;
    while i < n {
        if !cap(i) {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        loop {
            if j < n && cap(j) {
                j += 1;
            } else if j + 1 < n && conn(j) && cap(j + 1) {
                j += 2;
            } else if j + 2 < n && conn(j) && conn(j + 1) && cap(j + 2) {
                j += 3;
            } else {
                break;
            }
        }
        for o in &mut out[i..j] {
            *o = Some((i as u32, j as u32));
        }
        i = j;
    }
    out
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

fn features(
    x: &NerInput<'_>,
    run: Option<(u32, u32)>,
    i: usize,
    prev: u8,
    prev2: u8,
    out: &mut Vec<u32>,
) {
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
        f1(41, w(-1).map_or(NONE, |w| w.form)),
        f1(42, w(1).map_or(NONE, |w| w.form)),
        f1(43, w(-1).map_or(NONE, |w| w.suf3)),
        f1(44, w(1).map_or(NONE, |w| w.suf3)),
        f2(45, c.lower, t(0)),
        f2(46, c.suf4, c.flags),
        f2(47, p, g(0)),
    ]);
    // The capitalised phrase around the word: position in it (1 unit,
    // 2 first, 3 inside, 4 last), length, its first and last words, the
    // words around it and how the parse attaches its last word.
    let (pc, a, b) = match run {
        None => (0u64, i, i + 1),
        Some((a, b)) => {
            let (a, b) = (a as usize, b as usize);
            let pc = if b - a == 1 {
                1
            } else if i == a {
                2
            } else if i + 1 == b {
                4
            } else {
                3
            };
            (pc, a, b)
        }
    };
    let lb = (b - a).min(5) as u64;
    let first = &x.infos[a];
    let lastw = &x.infos[b - 1];
    let before = if a > 0 { x.infos[a - 1].lower } else { NONE };
    let after = x.infos.get(b).map_or(NONE, |w| w.lower);
    let syn = &x.syntax[b - 1];
    // The whole phrase, to remember names seen in training.
    let phrase = if run.is_some() {
        x.infos[a..b]
            .iter()
            .fold(0x9e37u64, |h, w| h.rotate_left(17) ^ w.lower)
    } else {
        NONE
    };
    out.extend_from_slice(&[
        f2(62, phrase, pc),
        f2(48, pc, lb),
        f2(49, lastw.lower, pc),
        f2(50, first.lower, pc),
        f2(51, x.gaz[b - 1], pc),
        f2(52, x.gaz[a], pc),
        f2(53, before, pc),
        f2(54, after, pc),
        f3(55, pc, lb, u64::from(a == 0)),
        f2(56, lastw.lower, c.lower),
        f2(57, syn[0], pc),
        f2(58, syn[2], pc),
        f2(59, syn[1], pc),
        f3(60, syn[2], lastw.lower, pc),
        f2(61, lastw.suf3, pc),
    ]);
}

#[derive(Debug, Clone)]
pub struct NerTagger {
    pub(crate) model: Sparse,
}

fn decode(scores: &[f32], prev: u8, last: bool) -> u8 {
    let mut best: Option<u8> = None;
    for c in 0..scores.len() as u8 {
        if allowed(prev, c, last) && best.is_none_or(|b| scores[c as usize] > scores[b as usize]) {
            best = Some(c);
        }
    }
    best.unwrap_or(0)
}

impl NerTagger {
    /// BILOU classes for one sentence.
    pub fn tag(&self, x: &NerInput<'_>, out: &mut Vec<u8>) {
        out.clear();
        let n = x.infos.len();
        let runs = runs(x.infos);
        let mut feats = Vec::with_capacity(64);
        let mut scores = vec![0.0f32; N_CLASSES];
        for i in 0..n {
            let prev = out.last().copied().unwrap_or(0);
            if skippable(&x.infos[i], prev) {
                out.push(0);
                continue;
            }
            let prev2 = if i >= 2 { out[i - 2] } else { 0 };
            features(x, runs[i], i, prev, prev2, &mut feats);
            self.model.score(&feats, &mut scores);
            out.push(decode(&scores, prev, i + 1 == n));
        }
    }

    /// A model with no weights (tags everything O).
    pub(crate) fn empty() -> NerTagger {
        NerTagger {
            model: Trainer::new(N_CLASSES).finish(0.0),
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

/// Converts BIO or BILOU classes to token-range entities.
pub fn entities(classes: &[u8]) -> Vec<TokenEntity> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < classes.len() {
        let c = classes[i];
        if c == 0 {
            i += 1;
            continue;
        }
        let (t, pos) = split(c);
        let mut j = i + 1;
        if matches!(pos, B | I) {
            while j < classes.len() && classes[j] == class(t, I) {
                j += 1;
            }
            if j < classes.len() && classes[j] == class(t, L) {
                j += 1;
            }
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

/// One training sentence: inputs and gold BIO or BILOU classes.
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
    let mut feats = Vec::with_capacity(64);
    let mut scores = vec![0.0f32; N_CLASSES];
    let golds: Vec<Vec<u8>> = data
        .iter()
        .map(|ex| {
            let mut g = ex.gold.clone();
            to_bilou(&mut g);
            g
        })
        .collect();
    let all_runs: Vec<Vec<Option<(u32, u32)>>> = data.iter().map(|ex| runs(&ex.infos)).collect();
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
            let gold = &golds[si];
            let n = gold.len();
            let mut pred: Vec<u8> = Vec::with_capacity(n);
            for i in 0..n {
                let prev = pred.last().copied().unwrap_or(0);
                if skippable(&ex.infos[i], prev) {
                    pred.push(0);
                    continue;
                }
                let prev2 = if i >= 2 { pred[i - 2] } else { 0 };
                features(&x, all_runs[si][i], i, prev, prev2, &mut feats);
                trainer.tick();
                trainer.score(&feats, &mut scores);
                let guess = decode(&scores, prev, i + 1 == n);
                trainer.update(&feats, gold[i] as usize, guess as usize);
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
        assert!(!allowed(0, class_of("I-PER"), false));
        assert!(allowed(class_of("B-PER"), class_of("I-PER"), false));
        assert!(!allowed(class_of("B-PER"), class_of("I-PER"), true));
        assert!(!allowed(class_of("B-PER"), 0, false));
        let mut c = c;
        to_bilou(&mut c);
        let names: Vec<u8> = ["B-PER", "L-PER", "O", "U-PLACE", "B-ORG", "L-ORG"]
            .iter()
            .map(|l| class_of(l))
            .collect();
        assert_eq!(c, names);
        assert_eq!(entities(&c), e);
    }

    #[test]
    fn lower_case_words_outside_entities_are_skipped() {
        let said = word_info("said");
        assert!(skippable(&said, 0));
        assert!(skippable(&said, class_of("U-PER")));
        assert!(!skippable(&said, class_of("B-ORG")));
        assert!(!skippable(&word_info("Paris"), 0));
        assert!(!skippable(&word_info("iPhone"), 0));
        assert!(!skippable(&word_info("1999"), 0));
        // An empty model never leaves an entity open.
        let infos: Vec<WordInfo> = ["The", "Bank", "of"].iter().map(|w| word_info(w)).collect();
        let syntax = vec![[NONE; 3]; 3];
        let mut out = Vec::new();
        NerTagger::empty().tag(
            &NerInput {
                infos: &infos,
                tags: &[0, 0, 0],
                gaz: &[0, 0, 0],
                syntax: &syntax,
            },
            &mut out,
        );
        assert!(entities(&out).iter().all(|e| e.end <= 3));
    }

    #[test]
    fn capitalised_runs_join_connectors() {
        let words = ["the", "Bank", "of", "England", "and", "Paris", "of", "."];
        let infos: Vec<WordInfo> = words.iter().map(|w| word_info(w)).collect();
        let r = runs(&infos);
        assert_eq!(r[0], None);
        assert_eq!(r[1], Some((1, 4)));
        assert_eq!(r[3], Some((1, 4)));
        assert_eq!(r[5], Some((5, 6)));
        assert_eq!(r[6], None);
    }
}
