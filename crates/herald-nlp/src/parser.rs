//! Transition-based dependency parser: arc-hybrid with labelled arcs, greedy
//! decoding, an averaged perceptron over rich hashed features
//! (Zhang & Nivre 2011 style), trained with a dynamic oracle and error
//! exploration (Goldberg & Nivre 2013). Optionally, features rare along the
//! gold paths are left out of training ([`ParserTraining::min_count`]): the
//! model is smaller at the same accuracy, so pruning loses less. Besides
//! each word's tag, features see the tagger's runner-up tag where it
//! hesitated ([`crate::tagger::ALT_MARGIN`]): tagging errors cost the
//! parser about 3 UAS, and knowing which tags are shaky recovers some.
//!
//! A parser trained with [`ParserTraining::beam`] > 1 decodes with beam
//! search instead (`beam.rs`: global training with max-violation updates):
//! about one point of UAS/LAS more for about a sixth of the parsing speed.
//! A parser can read sentences right to left ([`ParserTraining::reverse`])
//! and can carry voters (`vote.rs`): parsers whose heads are combined into
//! the tree with the most votes. The optional accurate parser is the beam
//! parser voting with its right-to-left twin and the greedy parser: one
//! more point again, at half the beam parser's speed.

use crate::features::{NONE, WordInfo, f1, f2, f3};
use crate::perceptron::{IdMap, Reader, Sparse, Trainer, put_str, put_u32};
use crate::train::Rng;

mod beam;
mod vote;

const SHIFT: usize = 0;
const NO: usize = usize::MAX;

/// A parser state over words 1..=n (0 is the artificial root).
struct State {
    n: usize,
    stack: Vec<usize>,
    b: usize,
    heads: Vec<usize>,
    labels: Vec<u8>,
    lc1: Vec<usize>,
    lc2: Vec<usize>,
    rc1: Vec<usize>,
    rc2: Vec<usize>,
    vl: Vec<u8>,
    vr: Vec<u8>,
    lset: Vec<u64>,
    rset: Vec<u64>,
}

impl Clone for State {
    fn clone(&self) -> State {
        let mut st = State::new(0);
        st.clone_from(self);
        st
    }

    /// Reuses `self`'s buffers: the beam copies states at every step.
    fn clone_from(&mut self, o: &State) {
        self.n = o.n;
        self.b = o.b;
        self.stack.clone_from(&o.stack);
        self.heads.clone_from(&o.heads);
        self.labels.clone_from(&o.labels);
        self.lc1.clone_from(&o.lc1);
        self.lc2.clone_from(&o.lc2);
        self.rc1.clone_from(&o.rc1);
        self.rc2.clone_from(&o.rc2);
        self.vl.clone_from(&o.vl);
        self.vr.clone_from(&o.vr);
        self.lset.clone_from(&o.lset);
        self.rset.clone_from(&o.rset);
    }
}

impl State {
    fn new(n: usize) -> State {
        let m = n + 1;
        let mut stack = Vec::with_capacity(m);
        stack.push(0);
        State {
            n,
            stack,
            b: 1,
            heads: vec![NO; m],
            labels: vec![0; m],
            lc1: vec![NO; m],
            lc2: vec![NO; m],
            rc1: vec![NO; m],
            rc2: vec![NO; m],
            vl: vec![0; m],
            vr: vec![0; m],
            lset: vec![0; m],
            rset: vec![0; m],
        }
    }

    fn terminal(&self) -> bool {
        self.b > self.n && self.stack.len() == 1
    }

    fn s(&self, k: usize) -> usize {
        let l = self.stack.len();
        if k < l { self.stack[l - 1 - k] } else { NO }
    }

    fn buf(&self, k: usize) -> usize {
        let i = self.b + k;
        if i <= self.n { i } else { NO }
    }

    fn can_shift(&self) -> bool {
        self.b <= self.n
    }
    fn can_left(&self) -> bool {
        self.b <= self.n && self.stack.len() >= 2
    }
    fn can_right(&self) -> bool {
        self.stack.len() >= 2 && (self.s(1) != 0 || self.b > self.n)
    }

    fn add_arc(&mut self, head: usize, dep: usize, label: u8) {
        self.heads[dep] = head;
        self.labels[dep] = label;
        let bit = 1u64 << (label & 63);
        if dep < head {
            self.vl[head] = self.vl[head].saturating_add(1);
            self.lset[head] |= bit;
            // Keep the two leftmost left children.
            if self.lc1[head] == NO || dep < self.lc1[head] {
                self.lc2[head] = self.lc1[head];
                self.lc1[head] = dep;
            } else if self.lc2[head] == NO || dep < self.lc2[head] {
                self.lc2[head] = dep;
            }
        } else {
            self.vr[head] = self.vr[head].saturating_add(1);
            self.rset[head] |= bit;
            if self.rc1[head] == NO || dep > self.rc1[head] {
                self.rc2[head] = self.rc1[head];
                self.rc1[head] = dep;
            } else if self.rc2[head] == NO || dep > self.rc2[head] {
                self.rc2[head] = dep;
            }
        }
    }

    /// Applies class `c` (0 shift, 1+l left, 1+L+l right).
    fn apply(&mut self, c: usize, n_labels: usize) {
        if c == SHIFT {
            self.stack.push(self.b);
            self.b += 1;
        } else if c <= n_labels {
            let s0 = self.stack.pop().unwrap_or(0);
            self.add_arc(self.b, s0, (c - 1) as u8);
        } else {
            let s0 = self.stack.pop().unwrap_or(0);
            let s1 = self.s(0);
            self.add_arc(s1, s0, (c - 1 - n_labels) as u8);
        }
    }
}

/// Per-word hashes the features use.
struct Words<'a> {
    w: &'a [u64],
    p: &'a [u64],
    /// The tagger's runner-up tag (its best when it had no doubt).
    a: &'a [u64],
    /// The word's fine class ([`crate::clusters`]).
    c: &'a [u64],
}

impl Words<'_> {
    #[inline]
    fn w(&self, i: usize) -> u64 {
        if i == NO { NONE } else { self.w[i] }
    }
    #[inline]
    fn p(&self, i: usize) -> u64 {
        if i == NO { NONE } else { self.p[i] }
    }
    #[inline]
    fn a(&self, i: usize) -> u64 {
        if i == NO { NONE } else { self.a[i] }
    }
    #[inline]
    fn c(&self, i: usize) -> u64 {
        if i == NO { NONE } else { self.c[i] }
    }
}

#[inline]
fn lab(st: &State, i: usize) -> u64 {
    if i == NO {
        NONE
    } else {
        u64::from(st.labels[i]) + 1
    }
}

#[inline]
fn child(v: &[usize], i: usize) -> usize {
    if i == NO { NO } else { v[i] }
}

fn dist_bucket(a: usize, b: usize) -> u64 {
    if a == NO || b == NO {
        return 0;
    }
    let d = a.abs_diff(b);
    match d {
        0..=4 => d as u64,
        5..=7 => 5,
        8..=12 => 6,
        _ => 7,
    }
}

fn features(st: &State, wd: &Words<'_>, out: &mut Vec<u32>) {
    out.clear();
    let s0 = st.s(0);
    let s1 = st.s(1);
    let s2 = st.s(2);
    let b0 = st.buf(0);
    let b1 = st.buf(1);
    let b2 = st.buf(2);
    let (s0w, s0p) = (wd.w(s0), wd.p(s0));
    let (s1w, s1p) = (wd.w(s1), wd.p(s1));
    let (b0w, b0p) = (wd.w(b0), wd.p(b0));
    let (b1w, b1p) = (wd.w(b1), wd.p(b1));
    let (b2w, b2p) = (wd.w(b2), wd.p(b2));
    let s2p = wd.p(s2);
    let s0wp = s0w.rotate_left(7) ^ s0p;
    let s1wp = s1w.rotate_left(7) ^ s1p;
    let b0wp = b0w.rotate_left(7) ^ b0p;
    let b1wp = b1w.rotate_left(7) ^ b1p;
    let s0l = child(&st.lc1, s0);
    let s0l2 = child(&st.lc2, s0);
    let s0r = child(&st.rc1, s0);
    let s0r2 = child(&st.rc2, s0);
    let s1l = child(&st.lc1, s1);
    let s1r = child(&st.rc1, s1);
    let b0l = child(&st.lc1, b0);
    let b0l2 = child(&st.lc2, b0);
    let (s0lp, s0rp, b0lp, s1rp) = (wd.p(s0l), wd.p(s0r), wd.p(b0l), wd.p(s1r));
    let d1 = dist_bucket(s0, b0);
    let d2 = dist_bucket(s1, s0);
    let g = |i: usize, v: &[u8]| if i == NO { NONE } else { u64::from(v[i]) };
    let vr0 = g(s0, &st.vr);
    let vl0 = g(s0, &st.vl);
    let vlb = g(b0, &st.vl);
    let vr1 = g(s1, &st.vr);
    let rs0 = if s0 == NO { NONE } else { st.rset[s0] };
    let ls0 = if s0 == NO { NONE } else { st.lset[s0] };
    let lsb = if b0 == NO { NONE } else { st.lset[b0] };
    out.extend_from_slice(&[
        f1(0, 0),
        f1(1, s0w),
        f1(2, s0p),
        f1(3, s0wp),
        f1(4, s1w),
        f1(5, s1p),
        f1(6, s1wp),
        f1(7, b0w),
        f1(8, b0p),
        f1(9, b0wp),
        f1(10, b1w),
        f1(11, b1p),
        f1(12, b1wp),
        f1(13, b2p),
        f1(14, b2w),
        f1(15, s2p),
        f2(16, s0wp, b0wp),
        f2(17, s0wp, b0w),
        f2(18, s0w, b0wp),
        f2(19, s0wp, b0p),
        f2(20, s0p, b0wp),
        f2(21, s0w, b0w),
        f2(22, s0p, b0p),
        f2(23, b0p, b1p),
        f3(24, b0p, b1p, b2p),
        f3(25, s0p, b0p, b1p),
        f3(26, s1p, s0p, b0p),
        f3(27, s0p, s0lp, b0p),
        f3(28, s0p, s0rp, b0p),
        f3(29, s0p, b0p, b0lp),
        f3(30, s1p, s0p, s0rp),
        f2(31, s1wp, s0wp),
        f2(32, s1w, s0w),
        f2(33, s1p, s0p),
        f2(34, s1p, s0w),
        f2(35, s1w, s0p),
        f3(36, s1p, s1rp, s0p),
        f3(37, s2p, s1p, s0p),
        f2(38, s0w, d1),
        f2(39, s0p, d1),
        f2(40, b0w, d1),
        f2(41, b0p, d1),
        f3(42, s0p, b0p, d1),
        f3(43, s1p, s0p, d2),
        f2(44, s0w, d2),
        f2(45, s0w, vr0),
        f2(46, s0p, vr0),
        f2(47, s0w, vl0),
        f2(48, s0p, vl0),
        f2(49, b0w, vlb),
        f2(50, b0p, vlb),
        f2(51, s1p, vr1),
        f1(52, wd.w(s0l)),
        f1(53, s0lp),
        f1(54, lab(st, s0l)),
        f1(55, wd.w(s0r)),
        f1(56, s0rp),
        f1(57, lab(st, s0r)),
        f1(58, wd.w(b0l)),
        f1(59, b0lp),
        f1(60, lab(st, b0l)),
        f1(61, lab(st, s1r)),
        f1(62, s1rp),
        f1(63, lab(st, s1l)),
        f1(64, lab(st, s0l2)),
        f1(65, lab(st, s0r2)),
        f1(66, lab(st, b0l2)),
        f3(67, s0p, lab(st, s0l), lab(st, s0l2)),
        f3(68, s0p, lab(st, s0r), lab(st, s0r2)),
        f3(69, b0p, lab(st, b0l), lab(st, b0l2)),
        f2(70, s0w, rs0),
        f2(71, s0p, ls0),
        f2(72, b0p, lsb),
        f2(73, b0w, b1w),
        f3(74, s1p, s0p, b1p),
        f2(75, s0p, b1wp),
        // Where the tagger hesitated, and between what.
        f2(76, s0p, wd.a(s0)),
        f2(77, b0p, wd.a(b0)),
        f2(78, b1p, wd.a(b1)),
        f3(79, s0p, wd.a(s0), b0p),
        f3(80, b0p, wd.a(b0), s0p),
        // Word classes from unlabelled text stand in for the words.
        f1(81, wd.c(s0)),
        f1(82, wd.c(b0)),
        f1(83, wd.c(s1)),
        f1(84, wd.c(b1)),
        f2(85, wd.c(s0), b0p),
        f2(86, s0p, wd.c(b0)),
        f2(87, wd.c(s0), wd.c(b0)),
        f2(88, wd.c(s1), wd.c(s0)),
        f3(89, wd.c(s0), wd.c(b0), d1),
    ]);
}

/// Returns the best class among valid ones, or None when terminal.
fn best_valid(st: &State, scores: &[f32], n_labels: usize) -> Option<usize> {
    let mut best: Option<usize> = None;
    let mut consider = |c: usize| {
        if best.is_none_or(|b| scores[c] > scores[b]) {
            best = Some(c);
        }
    };
    if st.can_shift() {
        consider(SHIFT);
    }
    if st.can_left() {
        for l in 0..n_labels {
            consider(1 + l);
        }
    }
    if st.can_right() {
        for l in 0..n_labels {
            consider(1 + n_labels + l);
        }
    }
    best
}

#[derive(Debug, Clone)]
pub struct Parser {
    pub labels: Vec<String>,
    root_label: u8,
    roles: Roles,
    pub(crate) model: Sparse,
    /// Beam width for decoding (1: greedy).
    pub(crate) beam: usize,
    /// Reads sentences right to left (trained on reversed sentences).
    pub(crate) reverse: bool,
    /// Parsers that vote with this one on every arc ([`vote`]); empty for
    /// a single parser.
    pub(crate) voters: Vec<Parser>,
}

/// Label ids the well-formedness repair after parsing needs.
#[derive(Debug, Clone, Copy)]
struct Roles {
    /// `nsubj`, `nsubj:pass`, `csubj` (absent labels: `u8::MAX`).
    subjects: [u8; 3],
    cc: u8,
    conj: u8,
}

impl Roles {
    fn of(labels: &[String]) -> Roles {
        let id = |name: &str| {
            labels
                .iter()
                .position(|l| l == name)
                .map_or(u8::MAX, |i| i as u8)
        };
        Roles {
            subjects: [id("nsubj"), id("nsubj:pass"), id("csubj")],
            cc: id("cc"),
            conj: id("conj"),
        }
    }
}

/// UD allows one subject per predicate. A greedy parse sometimes gives a
/// verb two, the later one opening with a coordinator ("Brazil and the
/// United States signed …": States as a second `nsubj`): that later
/// subject is a conjunct of the earlier one. Heads and labels are 1-based
/// (index 0 is the root). Only rewires when every word between the two
/// subjects belongs to one of their subtrees, so the tree stays projective.
fn repair_coordinated_subjects(heads: &mut [usize], labels: &mut [u8], roles: &Roles) {
    let n = heads.len();
    let is_subject = |l: u8| l != u8::MAX && roles.subjects.contains(&l);
    if roles.conj == u8::MAX || (1..n).filter(|&i| is_subject(labels[i])).count() < 2 {
        return;
    }
    for x in 2..n {
        if !is_subject(labels[x]) {
            continue;
        }
        let has_cc = (1..x).any(|c| heads[c] == x && labels[c] == roles.cc);
        let Some(y) = (1..x)
            .rev()
            .find(|&y| heads[y] == heads[x] && is_subject(labels[y]))
        else {
            continue;
        };
        if !has_cc {
            continue;
        }
        let under = |mut k: usize, top: usize| {
            for _ in 0..n {
                if k == top {
                    return true;
                }
                if k == 0 {
                    return false;
                }
                k = heads[k];
            }
            false
        };
        if (y + 1..x).all(|k| under(k, y) || under(k, x)) {
            heads[x] = y;
            labels[x] = roles.conj;
        }
    }
}

/// A parse: 1-based heads (0 = root) and label ids for words 1..=n (index 0 unused).
pub struct Parse {
    pub heads: Vec<usize>,
    pub labels: Vec<u8>,
}

/// Per-word hashes: lower-cased form, tag, runner-up tag, word class.
struct Hashes {
    w: Vec<u64>,
    p: Vec<u64>,
    a: Vec<u64>,
    c: Vec<u64>,
}

impl Hashes {
    /// Per-word hashes in sentence order, or reversed with `reverse`.
    fn new(infos: &[WordInfo], tags: &[u8], alts: &[u8], reverse: bool) -> Hashes {
        let m = infos.len() + 1;
        let mut h = Hashes {
            w: Vec::with_capacity(m),
            p: Vec::with_capacity(m),
            a: Vec::with_capacity(m),
            c: Vec::with_capacity(m),
        };
        h.w.push(0x0001_2345);
        h.p.push(0x0005_4321);
        h.a.push(0x0005_4321);
        h.c.push(0x0005_4321);
        for j in 0..infos.len() {
            let k = if reverse { infos.len() - 1 - j } else { j };
            let i = &infos[k];
            let t = tags.get(k).copied().unwrap_or(0);
            h.w.push(i.lower);
            h.p.push(u64::from(t) + 1);
            h.a.push(u64::from(alts.get(k).copied().unwrap_or(t)) + 1);
            h.c.push(i.cl[2]);
        }
        h
    }

    fn words(&self) -> Words<'_> {
        Words {
            w: &self.w,
            p: &self.p,
            a: &self.a,
            c: &self.c,
        }
    }
}

impl Parser {
    /// Parses one sentence given word infos and tagger classes, with no
    /// runner-up tags (as if the tagger had no doubt).
    pub fn parse(&self, infos: &[WordInfo], tags: &[u8]) -> Parse {
        self.parse_with_alts(infos, tags, tags)
    }

    /// Parses one sentence given word infos, tagger classes and the
    /// tagger's runner-up classes.
    pub fn parse_with_alts(&self, infos: &[WordInfo], tags: &[u8], alts: &[u8]) -> Parse {
        let (mut heads, mut labels) = if self.voters.is_empty() {
            self.parse_alone(infos, tags, alts)
        } else {
            let parses: Vec<(Vec<usize>, Vec<u8>)> = std::iter::once(self)
                .chain(&self.voters)
                .map(|p| p.parse_alone(infos, tags, alts))
                .collect();
            vote::combine(&parses)
        };
        repair_coordinated_subjects(&mut heads, &mut labels, &self.roles);
        Parse { heads, labels }
    }

    /// This parser's own heads and labels (dummy at index 0), in sentence
    /// order whichever way it reads.
    fn parse_alone(&self, infos: &[WordInfo], tags: &[u8], alts: &[u8]) -> (Vec<usize>, Vec<u8>) {
        let n_labels = self.labels.len();
        let h = Hashes::new(infos, tags, alts, self.reverse);
        let wd = h.words();
        let st = if self.beam > 1 {
            let q = beam::Search {
                wd: &wd,
                n_labels,
                root: self.root_label as usize,
                width: self.beam,
            };
            beam::decode(infos.len(), &q, &mut |f, s| self.model.score(f, s))
        } else {
            self.greedy(infos.len(), &wd)
        };
        let n = infos.len();
        let head = |h: usize| if h == NO { 0 } else { h };
        if !self.reverse {
            return (st.heads.iter().map(|&h| head(h)).collect(), st.labels);
        }
        // Word j of the reversed sentence is word n + 1 - j.
        let flip = |h: usize| if h == 0 { 0 } else { n + 1 - h };
        let mut heads = vec![0; n + 1];
        let mut labels = vec![0; n + 1];
        for j in 1..=n {
            heads[n + 1 - j] = flip(head(st.heads[j]));
            labels[n + 1 - j] = st.labels[j];
        }
        (heads, labels)
    }

    fn greedy(&self, n: usize, wd: &Words<'_>) -> State {
        let n_labels = self.labels.len();
        let mut st = State::new(n);
        let mut feats = Vec::with_capacity(80);
        let mut scores = vec![0.0f32; self.model.n_classes()];
        while !st.terminal() {
            // With only the root on the stack, SHIFT is the one legal move.
            if st.stack.len() == 1 {
                st.apply(SHIFT, n_labels);
                continue;
            }
            // With the buffer empty and the root below the top word, the
            // arc from the root is the one move left (right arcs only, and
            // from the root only with its label, as below).
            if st.b > n && st.s(1) == 0 {
                st.apply(1 + n_labels + self.root_label as usize, n_labels);
                continue;
            }
            features(&st, wd, &mut feats);
            self.model.score(&feats, &mut scores);
            let Some(mut c) = best_valid(&st, &scores, n_labels) else {
                break;
            };
            if c > n_labels && st.s(1) == 0 {
                c = 1 + n_labels + self.root_label as usize;
            }
            st.apply(c, n_labels);
        }
        st
    }

    pub fn write(&self, out: &mut Vec<u8>) {
        put_u32(out, self.labels.len() as u32);
        for l in &self.labels {
            put_str(out, l);
        }
        out.push(self.root_label);
        self.model.write(out);
        // Last, so files written before beam search read as greedy.
        put_u32(out, self.beam as u32);
        put_u32(out, u32::from(self.reverse));
        put_u32(out, self.voters.len() as u32);
        for v in &self.voters {
            v.write(out);
        }
    }

    pub fn read(r: &mut Reader<'_>) -> Option<Parser> {
        let n = r.u32()? as usize;
        let mut labels = Vec::with_capacity(n.min(128));
        for _ in 0..n {
            labels.push(r.string()?);
        }
        let root_label = *r.bytes(1)?.first()?;
        let model = Sparse::read(r)?;
        let beam = match r.u32() {
            Some(b @ 1..=256) => b as usize,
            Some(_) => return None,
            None => 1,
        };
        // Older files end here: one parser reading left to right.
        let reverse = r.u32().unwrap_or(0) == 1;
        let n_voters = r.u32().unwrap_or(0) as usize;
        let mut voters = Vec::with_capacity(n_voters.min(8));
        for _ in 0..n_voters {
            let v = Parser::read(r)?;
            if v.labels != labels {
                return None;
            }
            voters.push(v);
        }
        (model.n_classes() == 1 + 2 * labels.len()).then_some(Parser {
            roles: Roles::of(&labels),
            labels,
            root_label,
            model,
            beam,
            reverse,
            voters,
        })
    }
}

/// Costs of every class in the current state against gold heads/labels
/// (1-based arrays, index 0 unused). Invalid classes get `u32::MAX`.
fn costs(st: &State, gh: &[usize], gl: &[u8], n_labels: usize, out: &mut Vec<u32>) {
    out.clear();
    out.resize(1 + 2 * n_labels, u32::MAX);
    let s0 = st.s(0);
    let s1 = st.s(1);
    let b = st.b;
    let n = st.n;
    let deps_in_buffer = |x: usize| (b..=n).filter(|&k| gh[k] == x).count() as u32;
    if st.can_shift() {
        let mut c = 0;
        let top = st.stack.len() - 1;
        for (i, &k) in st.stack.iter().enumerate() {
            if i != top && gh[b] == k {
                c += 1;
            }
            if k != 0 && gh[k] == b {
                c += 1;
            }
        }
        out[SHIFT] = c;
    }
    if st.can_left() {
        let mut c = deps_in_buffer(s0);
        let h = gh[s0];
        if h != b && (h == s1 || (h > b && h <= n)) {
            c += 1;
        }
        for l in 0..n_labels {
            out[1 + l] = c + u32::from(h == b && gl[s0] as usize != l);
        }
    }
    if st.can_right() {
        let mut c = deps_in_buffer(s0);
        let h = gh[s0];
        if h != s1 && h >= b && h <= n {
            c += 1;
        }
        for l in 0..n_labels {
            out[1 + n_labels + l] = c + u32::from(h == s1 && gl[s0] as usize != l);
        }
    }
}

/// One training sentence for the parser.
pub struct ParseExample {
    pub infos: Vec<WordInfo>,
    pub tags: Vec<u8>,
    /// The tagger's runner-up classes (equal to `tags` where it had no doubt).
    pub alts: Vec<u8>,
    /// 1-based gold heads with a dummy at index 0.
    pub heads: Vec<usize>,
    /// Gold label ids with a dummy at index 0.
    pub labels: Vec<u8>,
}

impl ParseExample {
    /// The sentence read right to left: word j becomes word n + 1 - j.
    fn reversed(&self) -> ParseExample {
        let n = self.infos.len();
        let flip = |h: usize| if h == 0 { 0 } else { n + 1 - h };
        let mut heads = vec![0];
        let mut labels = vec![0];
        for j in (1..=n).rev() {
            heads.push(flip(self.heads.get(j).copied().unwrap_or(0)));
            labels.push(self.labels.get(j).copied().unwrap_or(0));
        }
        ParseExample {
            infos: self.infos.iter().rev().cloned().collect(),
            tags: self.tags.iter().rev().copied().collect(),
            alts: self.alts.iter().rev().copied().collect(),
            heads,
            labels,
        }
    }
}

/// Parser training settings.
#[derive(Debug, Clone)]
pub struct ParserTraining {
    pub epochs: usize,
    /// From the second epoch on, the probability of following the model's
    /// own (possibly wrong) move rather than the best gold one.
    pub explore: f64,
    /// Features seen fewer times than this along the gold transition
    /// paths are left out (1 keeps all): fewer, better-estimated weights.
    pub min_count: u32,
    /// Beam width: 1 trains a greedy parser with the dynamic oracle; more
    /// trains globally with beam search and max-violation updates.
    pub beam: usize,
    /// Train a parser that reads sentences right to left: a voter that
    /// errs differently from the left-to-right one ([`vote`]).
    pub reverse: bool,
}

impl Default for ParserTraining {
    fn default() -> Self {
        ParserTraining {
            epochs: 16,
            explore: 0.9,
            min_count: 2,
            beam: 1,
            reverse: false,
        }
    }
}

impl Parser {
    /// One parser whose weights are the mean of `parsers` (same labels):
    /// an ensemble at the cost of one model. Empty input gives an empty
    /// parser that still parses (all scores zero).
    pub fn average(mut parsers: Vec<Parser>) -> Parser {
        if parsers.len() == 1 {
            return parsers.remove(0);
        }
        let models: Vec<Sparse> = parsers.iter().map(|p| p.model.clone()).collect();
        match (parsers.into_iter().next(), Sparse::average(&models)) {
            (Some(first), Some(model)) => Parser { model, ..first },
            (first, _) => first.unwrap_or_else(|| Parser {
                labels: vec!["root".to_string()],
                root_label: 0,
                roles: Roles::of(&[]),
                model: Trainer::new(3).finish(0.0),
                beam: 1,
                reverse: false,
                voters: Vec::new(),
            }),
        }
    }
}

/// Trains the parser.
pub fn train(
    data: &[ParseExample],
    labels: Vec<String>,
    cfg: &ParserTraining,
    seed: u64,
    mut progress: impl FnMut(usize, f64),
) -> Parser {
    if cfg.reverse {
        let reversed: Vec<ParseExample> = data.iter().map(ParseExample::reversed).collect();
        let fwd = ParserTraining {
            reverse: false,
            ..cfg.clone()
        };
        let p = train(&reversed, labels, &fwd, seed, progress);
        return Parser { reverse: true, ..p };
    }
    let epochs = cfg.epochs;
    let counts = (cfg.min_count > 1).then(|| gold_feature_counts(data, labels.len()));
    let keep = |f: &u32| {
        counts
            .as_ref()
            .is_none_or(|c| c.get(f).is_some_and(|&n| n >= cfg.min_count))
    };
    let n_labels = labels.len();
    let root_label = labels.iter().position(|l| l == "root").unwrap_or(0) as u8;
    let mut trainer = Trainer::new(1 + 2 * n_labels);
    let mut order: Vec<usize> = (0..data.len()).collect();
    let mut rng = Rng::new(seed);
    let mut feats = Vec::with_capacity(80);
    let mut scores = vec![0.0f32; 1 + 2 * n_labels];
    let mut cost = Vec::new();
    if cfg.beam > 1 {
        let gold: Vec<Vec<u8>> = data
            .iter()
            .map(|ex| beam::gold_sequence(&ex.heads, &ex.labels, n_labels, root_label as usize))
            .collect();
        for epoch in 0..epochs {
            rng.shuffle(&mut order);
            let mut right = 0usize;
            for &si in &order {
                let ex = &data[si];
                let h = Hashes::new(&ex.infos, &ex.tags, &ex.alts, false);
                let wd = h.words();
                let q = beam::Search {
                    wd: &wd,
                    n_labels,
                    root: root_label as usize,
                    width: cfg.beam,
                };
                let n = ex.infos.len();
                right += usize::from(beam::train_sentence(&mut trainer, n, &q, &gold[si], &keep));
            }
            progress(epoch, right as f64 / data.len().max(1) as f64);
        }
        return Parser {
            roles: Roles::of(&labels),
            labels,
            root_label,
            model: trainer.finish(0.05),
            beam: cfg.beam,
            reverse: false,
            voters: Vec::new(),
        };
    }
    for epoch in 0..epochs {
        rng.shuffle(&mut order);
        let (mut correct, mut total) = (0usize, 0usize);
        for &si in &order {
            let ex = &data[si];
            let h = Hashes::new(&ex.infos, &ex.tags, &ex.alts, false);
            let wd = h.words();
            let mut st = State::new(ex.infos.len());
            while !st.terminal() {
                features(&st, &wd, &mut feats);
                feats.retain(keep);
                trainer.score(&feats, &mut scores);
                costs(&st, &ex.heads, &ex.labels, n_labels, &mut cost);
                let Some(pred) = best_valid(&st, &scores, n_labels) else {
                    break;
                };
                let min = cost.iter().copied().min().unwrap_or(0);
                let mut gold = pred;
                let mut gold_score = f32::NEG_INFINITY;
                for (c, &k) in cost.iter().enumerate() {
                    if k == min && scores[c] > gold_score {
                        gold = c;
                        gold_score = scores[c];
                    }
                }
                trainer.tick();
                if cost[pred] > min {
                    trainer.update(&feats, gold, pred);
                }
                let follow = if epoch > 0 && rng.next_f64() < cfg.explore {
                    pred
                } else {
                    gold
                };
                st.apply(follow, n_labels);
            }
            for i in 1..=st.n {
                total += 1;
                if st.heads[i] == ex.heads[i] {
                    correct += 1;
                }
            }
        }
        progress(epoch, correct as f64 / total.max(1) as f64);
    }
    Parser {
        roles: Roles::of(&labels),
        labels,
        root_label,
        model: trainer.finish(0.05),
        beam: 1,
        reverse: false,
        voters: Vec::new(),
    }
}

/// How often each feature occurs along the static-oracle (gold) paths.
fn gold_feature_counts(data: &[ParseExample], n_labels: usize) -> IdMap<u32> {
    let mut counts = IdMap::default();
    let mut feats = Vec::with_capacity(80);
    let mut cost = Vec::new();
    for ex in data {
        let h = Hashes::new(&ex.infos, &ex.tags, &ex.alts, false);
        let wd = h.words();
        let mut st = State::new(ex.infos.len());
        while !st.terminal() {
            features(&st, &wd, &mut feats);
            for &f in &feats {
                *counts.entry(f).or_insert(0) += 1;
            }
            costs(&st, &ex.heads, &ex.labels, n_labels, &mut cost);
            let Some(c) = cost.iter().position(|&k| k == 0) else {
                break;
            };
            st.apply(c, n_labels);
        }
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roles() -> (Vec<String>, Roles) {
        let labels: Vec<String> = ["root", "nsubj", "cc", "conj", "det", "compound", "obj"]
            .iter()
            .map(|l| l.to_string())
            .collect();
        let r = Roles::of(&labels);
        (labels, r)
    }

    #[test]
    fn second_subject_with_coordinator_becomes_conjunct() {
        // Brazil and the United States signed a deal
        // 1      2   3   4      5      6      7 8
        let (_, r) = roles();
        let mut heads = vec![0, 6, 5, 5, 5, 6, 0, 8, 6];
        let mut labels = vec![0, 1, 2, 4, 5, 1, 0, 4, 6];
        repair_coordinated_subjects(&mut heads, &mut labels, &r);
        assert_eq!(heads, [0, 6, 5, 5, 5, 1, 0, 8, 6]);
        assert_eq!(labels[5], r.conj);
        assert_eq!(labels[1], r.subjects[0]);
    }

    #[test]
    fn subjects_without_coordinator_or_crossing_words_stay() {
        let (_, r) = roles();
        // No coordinator on the second subject: left alone.
        let mut heads = vec![0, 3, 3, 0];
        let mut labels = vec![0, 1, 1, 0];
        repair_coordinated_subjects(&mut heads, &mut labels, &r);
        assert_eq!((heads, labels), (vec![0, 3, 3, 0], vec![0, 1, 1, 0]));
        // A word between the subjects hangs elsewhere (here on the root
        // verb 5): rewiring would cross it, so nothing changes.
        let mut heads = vec![0, 5, 5, 4, 5, 0];
        let mut labels = vec![0, 1, 6, 2, 1, 0];
        repair_coordinated_subjects(&mut heads, &mut labels, &r);
        assert_eq!(heads, [0, 5, 5, 4, 5, 0]);
    }

    fn toy_data() -> Vec<ParseExample> {
        // (words, 1-based heads, label ids) with labels root=0 nsubj=1 obj=2 det=3.
        let sents: [(&[&str], &[usize], &[u8]); 3] = [
            (
                &["Rebels", "attacked", "the", "base"],
                &[2, 0, 4, 2],
                &[1, 0, 3, 2],
            ),
            (
                &["Police", "arrested", "a", "man"],
                &[2, 0, 4, 2],
                &[1, 0, 3, 2],
            ),
            (
                &["the", "army", "shelled", "towns"],
                &[2, 3, 0, 3],
                &[3, 1, 0, 2],
            ),
        ];
        sents
            .iter()
            .map(|(w, h, l)| {
                // Tag ids: 0 noun, 1 verb, 2 determiner.
                let tags: Vec<u8> = w
                    .iter()
                    .map(|w| match *w {
                        "the" | "a" => 2,
                        "attacked" | "arrested" | "shelled" => 1,
                        _ => 0,
                    })
                    .collect();
                ParseExample {
                    infos: w.iter().map(|w| crate::features::word_info(w)).collect(),
                    alts: tags.clone(),
                    tags,
                    heads: [&[0], *h].concat(),
                    labels: [&[0], *l].concat(),
                }
            })
            .collect()
    }

    fn assert_parses_training_trees(p: &Parser, data: &[ParseExample]) {
        for ex in data {
            let parse = p.parse(&ex.infos, &ex.tags);
            assert_eq!(&parse.heads[1..], &ex.heads[1..]);
            assert_eq!(&parse.labels[1..], &ex.labels[1..]);
        }
    }

    /// The parser's bytes and the parser read back from them.
    fn round_trip(p: &Parser) -> (Vec<u8>, Parser) {
        let mut buf = Vec::new();
        p.write(&mut buf);
        let q = Parser::read(&mut Reader::new(&buf)).expect("round trip");
        (buf, q)
    }

    #[test]
    fn averaged_parsers_learn_the_training_trees() {
        let data = toy_data();
        let labels: Vec<String> = ["root", "nsubj", "obj", "det"].map(String::from).to_vec();
        let cfg = ParserTraining {
            epochs: 8,
            explore: 0.9,
            min_count: 1,
            beam: 1,
            reverse: false,
        };
        let runs: Vec<Parser> = (0..2)
            .map(|k| train(&data, labels.clone(), &cfg, 1 + k, |_, _| {}))
            .collect();
        let p = Parser::average(runs);
        assert_parses_training_trees(&p, &data);
        // Serialisation keeps the averaged model.
        let (_, q) = round_trip(&p);
        let ex = &data[2];
        assert_eq!(
            q.parse(&ex.infos, &ex.tags).heads,
            p.parse(&ex.infos, &ex.tags).heads
        );
        // No parsers: an empty model that still returns a tree.
        let empty = Parser::average(Vec::new());
        let parse = empty.parse(&ex.infos, &ex.tags);
        assert_eq!(parse.heads.len(), ex.heads.len());
        assert_eq!(parse.heads[1..].iter().filter(|&&h| h == 0).count(), 1);
    }

    #[test]
    fn right_to_left_parser_and_voting_ensemble_learn_the_training_trees() {
        let data = toy_data();
        let labels: Vec<String> = ["root", "nsubj", "obj", "det"].map(String::from).to_vec();
        let cfg = ParserTraining {
            epochs: 8,
            min_count: 1,
            reverse: true,
            ..ParserTraining::default()
        };
        let rtl = train(&data, labels.clone(), &cfg, 5, |_, _| {});
        assert!(rtl.reverse);
        assert_parses_training_trees(&rtl, &data);
        let fwd = ParserTraining {
            reverse: false,
            ..cfg
        };
        let mut p = train(&data, labels, &fwd, 6, |_, _| {});
        p.voters = vec![rtl.clone(), rtl];
        let (bytes, back) = round_trip(&p);
        assert_eq!(back.voters.len(), 2);
        assert!(back.voters.iter().all(|v| v.reverse) && !back.reverse);
        let mut again = Vec::new();
        back.write(&mut again);
        assert_eq!(bytes, again);
        assert_parses_training_trees(&back, &data);
    }

    #[test]
    fn beam_parser_learns_the_training_trees_and_keeps_its_width() {
        let data = toy_data();
        let labels: Vec<String> = ["root", "nsubj", "obj", "det"].map(String::from).to_vec();
        let cfg = ParserTraining {
            epochs: 6,
            min_count: 1,
            beam: 4,
            ..ParserTraining::default()
        };
        let p = train(&data, labels, &cfg, 7, |_, _| {});
        assert_eq!(p.beam, 4);
        assert_parses_training_trees(&p, &data);
        // The width is part of the file; a file without it (written
        // before beam search) reads as greedy.
        let (buf, q) = round_trip(&p);
        assert_eq!(q.beam, 4);
        let ex = &data[1];
        assert_eq!(q.parse(&ex.infos, &ex.tags).heads, ex.heads);
        // After the width: the direction and the number of voters.
        let old = &buf[..buf.len() - 12];
        assert_eq!(Parser::read(&mut Reader::new(old)).map(|p| p.beam), Some(1));
        let mut bad = buf.clone();
        let n = bad.len();
        bad[n - 12..n - 8].copy_from_slice(&0u32.to_le_bytes());
        assert!(
            Parser::read(&mut Reader::new(&bad)).is_none(),
            "width 0 is corrupt"
        );
    }

    #[test]
    fn gold_paths_count_every_transition() {
        let data = toy_data();
        let counts = gold_feature_counts(&data, 4);
        // The bias feature fires once per transition: 2n per sentence.
        assert_eq!(counts.get(&f1(0, 0)).copied(), Some(2 * 4 * 3));
        // A cutoff above every count leaves no features, yet parses.
        let labels: Vec<String> = ["root", "nsubj", "obj", "det"].map(String::from).to_vec();
        let cfg = ParserTraining {
            epochs: 2,
            explore: 0.9,
            min_count: 1000,
            beam: 1,
            reverse: false,
        };
        let p = train(&data, labels, &cfg, 3, |_, _| {});
        assert_eq!(p.model.size().0, 0);
        let ex = &data[0];
        assert_eq!(p.parse(&ex.infos, &ex.tags).heads.len(), 5);
    }

    #[test]
    fn zero_cost_path_rebuilds_a_projective_tree() {
        // "Rebels attacked the base": heads 2 0 4 2; labels 0..
        let gh = vec![0, 2, 0, 4, 2];
        let gl = vec![0, 1, 0, 2, 3];
        let n_labels = 4;
        let mut st = State::new(4);
        let mut cost = Vec::new();
        while !st.terminal() {
            costs(&st, &gh, &gl, n_labels, &mut cost);
            let c = cost.iter().position(|&k| k == 0).expect("a zero-cost move");
            st.apply(c, n_labels);
        }
        assert_eq!(&st.heads[1..], &gh[1..]);
        assert_eq!(&st.labels[1..], &gl[1..]);
    }
}
