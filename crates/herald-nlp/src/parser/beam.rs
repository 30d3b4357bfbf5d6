//! Beam-search decoding and global (structured) training for the
//! arc-hybrid parser: the beam keeps the `width` best transition sequences
//! by summed score, and training updates on the prefix where the best
//! wrong sequence beats the gold one by most ("max-violation", Huang,
//! Fayong & Guo 2012; Zhang & Nivre 2011 for the features). A greedy
//! parser commits to each move; the beam can recover from a move that
//! only later turns out wrong, which is where greedy parsing loses most.

use super::{SHIFT, State, Words, costs, features};
use crate::perceptron::Trainer;

/// What every step of one sentence's search shares.
pub(super) struct Search<'a, 'w> {
    pub wd: &'a Words<'w>,
    pub n_labels: usize,
    /// The root label's id (the only label of arcs from the root).
    pub root: usize,
    pub width: usize,
}

/// One partial parse in the beam.
#[derive(Clone)]
struct Item {
    st: State,
    score: f32,
    hist: Vec<u8>,
    /// Every move so far is the gold one.
    gold: bool,
}

/// A candidate extension: parent item, class, new total score.
#[derive(Clone, Copy)]
struct Cand {
    item: usize,
    class: u8,
    score: f32,
}

/// Valid classes in `st` (right arcs from the root only with `root`).
fn valid(st: &State, n_labels: usize, root: usize, out: &mut Vec<u8>) {
    out.clear();
    if st.can_shift() {
        out.push(SHIFT as u8);
    }
    if st.can_left() {
        out.extend((0..n_labels).map(|l| (1 + l) as u8));
    }
    if st.can_right() {
        if st.s(1) == 0 {
            out.push((1 + n_labels + root) as u8);
        } else {
            out.extend((0..n_labels).map(|l| (1 + n_labels + l) as u8));
        }
    }
}

/// Scratch buffers reused across steps.
struct Scratch {
    feats: Vec<u32>,
    scores: Vec<f32>,
    valid: Vec<u8>,
    cands: Vec<Cand>,
    /// Items of past beams, whose buffers the next beam reuses.
    spare: Vec<Item>,
}

impl Scratch {
    fn new(n_classes: usize) -> Scratch {
        Scratch {
            feats: Vec::with_capacity(96),
            scores: vec![0.0; n_classes],
            valid: Vec::with_capacity(n_classes),
            cands: Vec::new(),
            spare: Vec::new(),
        }
    }
}

/// Advances every item by one move and keeps the `width` best.
/// `gold_next` marks which class continues the gold path (training).
fn step(
    beam: &[Item],
    q: &Search<'_, '_>,
    score: &mut dyn FnMut(&[u32], &mut [f32]),
    gold_next: Option<u8>,
    sc: &mut Scratch,
) -> Vec<Item> {
    let (n_labels, width) = (q.n_labels, q.width);
    sc.cands.clear();
    for (k, it) in beam.iter().enumerate() {
        if it.st.stack.len() == 1 && it.st.can_shift() {
            // The one legal move: no choice, no score.
            sc.cands.push(Cand {
                item: k,
                class: SHIFT as u8,
                score: it.score,
            });
            continue;
        }
        features(&it.st, q.wd, &mut sc.feats);
        score(&sc.feats, &mut sc.scores);
        valid(&it.st, n_labels, q.root, &mut sc.valid);
        for &c in &sc.valid {
            sc.cands.push(Cand {
                item: k,
                class: c,
                score: it.score + sc.scores[c as usize],
            });
        }
    }
    let by_score = |a: &Cand, b: &Cand| b.score.total_cmp(&a.score);
    if sc.cands.len() > width {
        sc.cands.select_nth_unstable_by(width - 1, by_score);
        sc.cands.truncate(width);
    }
    sc.cands.sort_by(by_score);
    let mut next = Vec::with_capacity(sc.cands.len());
    for c in &sc.cands {
        let parent = &beam[c.item];
        let mut it = match sc.spare.pop() {
            Some(mut it) => {
                it.st.clone_from(&parent.st);
                it.hist.clone_from(&parent.hist);
                it
            }
            None => parent.clone(),
        };
        it.st.apply(c.class as usize, n_labels);
        it.hist.push(c.class);
        it.score = c.score;
        it.gold = parent.gold && gold_next == Some(c.class);
        next.push(it);
    }
    next
}

/// Makes `next` the beam, keeping the old items' buffers for reuse.
fn advance(beam: &mut Vec<Item>, next: Vec<Item>, sc: &mut Scratch) {
    let old = std::mem::replace(beam, next);
    sc.spare.extend(old);
}

/// Beam-search parse: the final state of the best complete sequence.
pub(super) fn decode(
    n: usize,
    q: &Search<'_, '_>,
    score: &mut dyn FnMut(&[u32], &mut [f32]),
) -> State {
    let mut sc = Scratch::new(1 + 2 * q.n_labels);
    let mut beam = vec![Item {
        st: State::new(n),
        score: 0.0,
        hist: Vec::new(),
        gold: false,
    }];
    while !beam[0].st.terminal() {
        let next = step(&beam, q, score, None, &mut sc);
        if next.is_empty() {
            break;
        }
        advance(&mut beam, next, &mut sc);
    }
    beam.swap_remove(0).st
}

/// The gold transition sequence: least-cost moves, arcs before shifts
/// (a canonical path among equally good ones), right arcs from the root
/// labelled `root`.
pub(super) fn gold_sequence(gh: &[usize], gl: &[u8], n_labels: usize, root: usize) -> Vec<u8> {
    let n = gh.len().saturating_sub(1);
    let mut st = State::new(n);
    let mut cost = Vec::new();
    let mut seq = Vec::with_capacity(2 * n);
    while !st.terminal() {
        costs(&st, gh, gl, n_labels, &mut cost);
        let order = (1..cost.len()).chain(std::iter::once(SHIFT));
        let Some(mut c) = order.min_by_key(|&c| cost[c]) else {
            break;
        };
        if cost[c] == u32::MAX {
            break;
        }
        if c > n_labels && st.s(1) == 0 {
            c = 1 + n_labels + root;
        }
        st.apply(c, n_labels);
        seq.push(c as u8);
    }
    seq
}

/// Adds `delta` to the features of each move of `seq[from..]`, replayed
/// from `st` (the state after `seq[..from]`).
fn replay_update(
    trainer: &mut Trainer,
    (mut st, seq): (State, &[u8]),
    q: &Search<'_, '_>,
    keep: &dyn Fn(&u32) -> bool,
    delta: f32,
    feats: &mut Vec<u32>,
) {
    let n_labels = q.n_labels;
    for &c in seq {
        if !(st.stack.len() == 1 && st.can_shift()) {
            features(&st, q.wd, feats);
            feats.retain(keep);
            trainer.add(feats, c as usize, delta);
        }
        st.apply(c as usize, n_labels);
    }
}

/// One max-violation update on one sentence. Returns whether the model
/// already ranked the gold sequence first (no update).
pub(super) fn train_sentence(
    trainer: &mut Trainer,
    n: usize,
    q: &Search<'_, '_>,
    gold: &[u8],
    keep: &dyn Fn(&u32) -> bool,
) -> bool {
    let n_labels = q.n_labels;
    let mut sc = Scratch::new(trainer.n_classes());
    let mut feats = Vec::with_capacity(96);
    let mut beam = vec![Item {
        st: State::new(n),
        score: 0.0,
        hist: Vec::new(),
        gold: true,
    }];
    let mut gold_st = State::new(n);
    let mut gold_score = 0.0f32;
    // (violation, step, wrong sequence) at the worst step so far.
    let mut worst: Option<(f32, usize, Vec<u8>)> = None;
    let mut kept = Vec::with_capacity(96);
    let mut score = |f: &[u32], s: &mut [f32]| {
        kept.clear();
        kept.extend(f.iter().copied().filter(|x| keep(x)));
        trainer.score(&kept, s);
    };
    for (t, &g) in gold.iter().enumerate() {
        if !(gold_st.stack.len() == 1 && gold_st.can_shift()) {
            features(&gold_st, q.wd, &mut feats);
            score(&feats, &mut sc.scores);
            gold_score += sc.scores[g as usize];
        }
        gold_st.apply(g as usize, n_labels);
        let next = step(&beam, q, &mut score, Some(g), &mut sc);
        if next.is_empty() {
            break;
        }
        advance(&mut beam, next, &mut sc);
        let best = &beam[0];
        if !best.gold {
            let v = best.score - gold_score;
            if worst.as_ref().is_none_or(|w| v >= w.0) {
                worst = Some((v, t, best.hist.clone()));
            }
        }
    }
    trainer.tick();
    let Some((_, t, wrong)) = worst else {
        return true;
    };
    // Shared prefix: identical features on both sides, so skip it.
    let common = wrong
        .iter()
        .zip(&gold[..=t])
        .take_while(|(a, b)| a == b)
        .count();
    let mut st = State::new(n);
    for &c in &gold[..common] {
        st.apply(c as usize, n_labels);
    }
    let gold_part = (st.clone(), &gold[common..=t]);
    replay_update(trainer, gold_part, q, keep, 1.0, &mut feats);
    replay_update(trainer, (st, &wrong[common..]), q, keep, -1.0, &mut feats);
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gold_sequence_rebuilds_the_tree_with_one_root() {
        // "Rebels attacked the base": heads 2 0 4 2; labels root=0 ...
        let gh = vec![0, 2, 0, 4, 2];
        let gl = vec![0, 1, 0, 3, 2];
        let seq = gold_sequence(&gh, &gl, 4, 0);
        assert_eq!(seq.len(), 8, "n shifts and n arcs");
        let mut st = State::new(4);
        for &c in &seq {
            st.apply(c as usize, 4);
        }
        assert!(st.terminal());
        assert_eq!(&st.heads[1..], &gh[1..]);
        assert_eq!(&st.labels[1..], &gl[1..]);
    }

    #[test]
    fn root_arcs_only_take_the_root_label() {
        let mut st = State::new(2);
        st.apply(SHIFT, 3);
        let mut v = Vec::new();
        // Stack [0, 1], buffer [2]: right arcs would attach 1 to the root
        // before the sentence ends, which arc-hybrid forbids here.
        valid(&st, 3, 0, &mut v);
        assert!(v.iter().all(|&c| c as usize <= 3));
        st.apply(SHIFT, 3);
        st.apply(1 + 3 + 1, 3); // 2 → right child of 1
        valid(&st, 3, 0, &mut v);
        assert_eq!(v, vec![(1 + 3) as u8], "one move: 1 ← root, labelled root");
    }
}
