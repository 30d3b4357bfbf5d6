//! Parser combination by reparsing (Sagae & Lavie 2006): every parser
//! votes for one head per word, and the tree with the most votes is found
//! exactly with Eisner's algorithm (projective, one word under the root).
//! Parsers that read the sentence in opposite directions make different
//! mistakes, so their votes fix each other's.

/// Sentences longer than this keep the first parser's tree: Eisner's
/// algorithm is cubic in the length.
pub(super) const MAX_WORDS: usize = 200;

/// The projective tree of highest total arc score with exactly one word
/// under the root. `score[h * (n + 1) + d]` scores the arc h → d (h in
/// 0..=n, 0 the root; d in 1..=n). Returns heads with a dummy at index 0.
pub(super) fn eisner_one_root(n: usize, score: &[f32]) -> Vec<usize> {
    let mut heads = vec![0usize; n + 1];
    if n == 0 {
        return heads;
    }
    let m = n + 1;
    let at = |s: usize, t: usize| s * m + t;
    let arc = |h: usize, d: usize| score[h * m + d];
    // Over words 1..=n. Complete spans: `cr[s,t]` headed by s, `cl[s,t]`
    // by t; incomplete spans: `ir[s,t]` has the arc s → t, `il[s,t]` t → s.
    // Each keeps its best split point for the backtrack.
    let mut cr = vec![0.0f32; m * m];
    let mut cl = vec![0.0f32; m * m];
    let mut ir = vec![f32::NEG_INFINITY; m * m];
    let mut il = vec![f32::NEG_INFINITY; m * m];
    let (mut bcr, mut bcl, mut bi) = (vec![0u16; m * m], vec![0u16; m * m], vec![0u16; m * m]);
    for len in 1..n {
        for s in 1..=n - len {
            let t = s + len;
            let (mut best, mut arg) = (f32::NEG_INFINITY, s);
            for r in s..t {
                let v = cr[at(s, r)] + cl[at(r + 1, t)];
                if v > best {
                    (best, arg) = (v, r);
                }
            }
            ir[at(s, t)] = best + arc(s, t);
            il[at(s, t)] = best + arc(t, s);
            bi[at(s, t)] = arg as u16;
            let (mut best, mut arg) = (f32::NEG_INFINITY, s);
            for r in s..t {
                let v = cl[at(s, r)] + il[at(r, t)];
                if v > best {
                    (best, arg) = (v, r);
                }
            }
            cl[at(s, t)] = best;
            bcl[at(s, t)] = arg as u16;
            let (mut best, mut arg) = (f32::NEG_INFINITY, t);
            for r in s + 1..=t {
                let v = ir[at(s, r)] + cr[at(r, t)];
                if v > best {
                    (best, arg) = (v, r);
                }
            }
            cr[at(s, t)] = best;
            bcr[at(s, t)] = arg as u16;
        }
    }
    let (mut best, mut root) = (f32::NEG_INFINITY, 1);
    for r in 1..=n {
        let v = arc(0, r) + cl[at(1, r)] + cr[at(r, n)];
        if v > best {
            (best, root) = (v, r);
        }
    }
    heads[root] = 0;
    // (kind, s, t): 0 complete headed by s, 1 complete headed by t,
    // 2 incomplete s → t, 3 incomplete t → s.
    let mut todo = vec![(1u8, 1usize, root), (0u8, root, n)];
    while let Some((kind, s, t)) = todo.pop() {
        if s == t {
            continue;
        }
        match kind {
            0 => {
                let r = bcr[at(s, t)] as usize;
                todo.push((2, s, r));
                todo.push((0, r, t));
            }
            1 => {
                let r = bcl[at(s, t)] as usize;
                todo.push((1, s, r));
                todo.push((3, r, t));
            }
            _ => {
                if kind == 2 {
                    heads[t] = s;
                } else {
                    heads[s] = t;
                }
                let r = bi[at(s, t)] as usize;
                todo.push((0, s, r));
                todo.push((1, r + 1, t));
            }
        }
    }
    heads
}

/// Combines parses (heads and labels with a dummy at index 0) of one
/// sentence: each parse votes for its arcs, the tree with the most votes
/// wins, and each word takes the label most of the parses that chose the
/// winning head gave it (the first parse's, if none did). Ties go to the
/// earlier parse: its vote weighs a little more.
pub(super) fn combine(parses: &[(Vec<usize>, Vec<u8>)]) -> (Vec<usize>, Vec<u8>) {
    let weight = |k: usize| 1.0 - 0.01 * k as f32;
    let Some(first) = parses.first() else {
        return (vec![0], vec![0]);
    };
    let n = first.0.len().saturating_sub(1);
    if n > MAX_WORDS || parses.iter().all(|p| p.0 == first.0) {
        return first.clone();
    }
    let m = n + 1;
    let mut score = vec![0.0f32; m * m];
    for (k, p) in parses.iter().enumerate() {
        for d in 1..=n {
            score[p.0[d] * m + d] += weight(k);
        }
    }
    let heads = eisner_one_root(n, &score);
    let labels = (0..=n)
        .map(|d| {
            // The label with most weight among the parses that chose this
            // head; ties to the earliest.
            let mut best = (f32::NEG_INFINITY, first.1[d]);
            for (k, p) in parses.iter().enumerate() {
                if p.0[d] != heads[d] {
                    continue;
                }
                let w: f32 = (k..parses.len())
                    .filter(|&j| parses[j].0[d] == heads[d] && parses[j].1[d] == p.1[d])
                    .map(weight)
                    .sum();
                if w > best.0 {
                    best = (w, p.1[d]);
                }
            }
            best.1
        })
        .collect();
    (heads, labels)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn brute_force_best(n: usize, score: &[f32]) -> f32 {
        // Every head assignment; keep trees (one root child, acyclic,
        // projective) and return the best total.
        let m = n + 1;
        let mut best = f32::NEG_INFINITY;
        let mut heads = vec![0usize; m];
        let total = m.pow(n as u32);
        for code in 0..total {
            let mut c = code;
            for h in heads.iter_mut().skip(1) {
                *h = c % m;
                c /= m;
            }
            if (1..=n).any(|d| heads[d] == d) || (1..=n).filter(|&d| heads[d] == 0).count() != 1 {
                continue;
            }
            let acyclic = (1..=n).all(|d| {
                let mut x = d;
                for _ in 0..=n {
                    if x == 0 {
                        return true;
                    }
                    x = heads[x];
                }
                false
            });
            if !acyclic {
                continue;
            }
            let projective = (1..=n).all(|d| {
                let (lo, hi) = (d.min(heads[d]), d.max(heads[d]));
                (lo + 1..hi).all(|k| {
                    let mut x = k;
                    while x != 0 && x != heads[d] {
                        x = heads[x];
                    }
                    x == heads[d]
                })
            });
            if projective {
                let s: f32 = (1..=n).map(|d| score[heads[d] * m + d]).sum();
                best = best.max(s);
            }
        }
        best
    }

    #[test]
    fn eisner_finds_the_best_projective_single_root_tree() {
        let mut x = 0x2545_f491_u64;
        for n in 1..=5 {
            for _ in 0..40 {
                let m = n + 1;
                let score: Vec<f32> = (0..m * m)
                    .map(|_| {
                        x ^= x << 13;
                        x ^= x >> 7;
                        x ^= x << 17;
                        (x % 1000) as f32 / 100.0
                    })
                    .collect();
                let heads = eisner_one_root(n, &score);
                let got: f32 = (1..=n).map(|d| score[heads[d] * m + d]).sum();
                assert!((got - brute_force_best(n, &score)).abs() < 1e-3, "n={n}");
                assert_eq!((1..=n).filter(|&d| heads[d] == 0).count(), 1);
            }
        }
    }

    #[test]
    fn majority_of_parses_wins_heads_and_labels() {
        // "Rebels attacked the base": two parses attach "base" (4) to
        // "attacked" (2), one to "Rebels" (1); all three attach "Rebels"
        // to "attacked", two of them as label 4.
        let a = (vec![0, 2, 0, 4, 1], vec![0, 1, 0, 3, 7]);
        let b = (vec![0, 2, 0, 4, 2], vec![0, 4, 0, 3, 2]);
        let c = (vec![0, 2, 0, 4, 2], vec![0, 4, 0, 3, 5]);
        let (h, l) = combine(&[a, b, c]);
        assert_eq!(h, vec![0, 2, 0, 4, 2]);
        // Word 4: b and c chose head 2 with different labels: b's (earlier).
        assert_eq!(l, vec![0, 4, 0, 3, 2]);
    }
}
