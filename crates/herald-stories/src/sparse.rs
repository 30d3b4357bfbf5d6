//! Sparse term vectors: `(term id, weight)` sorted by id.

/// A sparse vector sorted by term id, no duplicates.
pub type SparseVec = Vec<(u32, f32)>;

/// Keeps the `k` heaviest entries, then sorts by id.
pub fn top_k(v: &mut SparseVec, k: usize) {
    if v.len() > k {
        // Ties broken by id so the result does not depend on hash order.
        v.select_nth_unstable_by(k, |a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        v.truncate(k);
    }
    v.sort_unstable_by_key(|e| e.0);
}

/// Euclidean length.
pub fn norm(v: &[(u32, f32)]) -> f32 {
    v.iter().map(|e| e.1 * e.1).sum::<f32>().sqrt()
}

/// Scales to unit length (no-op on the zero vector).
pub fn normalize(v: &mut [(u32, f32)]) {
    let n = norm(v);
    if n > 0.0 {
        for e in v.iter_mut() {
            e.1 /= n;
        }
    }
}

/// Dot product of two id-sorted vectors.
pub fn dot(a: &[(u32, f32)], b: &[(u32, f32)]) -> f32 {
    let (mut i, mut j, mut s) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                s += a[i].1 * b[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    s
}

/// Cosine of two vectors (0 when either is zero).
pub fn cosine(a: &[(u32, f32)], b: &[(u32, f32)]) -> f32 {
    let n = norm(a) * norm(b);
    if n > 0.0 {
        (dot(a, b) / n).clamp(0.0, 1.0)
    } else {
        0.0
    }
}

/// `a + scale·b`, merged in one pass.
pub fn add_scaled(a: &[(u32, f32)], b: &[(u32, f32)], scale: f32) -> SparseVec {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        let take_a = j >= b.len() || (i < a.len() && a[i].0 < b[j].0);
        let take_b = i >= a.len() || (j < b.len() && b[j].0 < a[i].0);
        if take_a {
            out.push(a[i]);
            i += 1;
        } else if take_b {
            out.push((b[j].0, b[j].1 * scale));
            j += 1;
        } else {
            out.push((a[i].0, a[i].1 + b[j].1 * scale));
            i += 1;
            j += 1;
        }
    }
    out
}

/// Weight of `id` in `v` (0 when absent).
pub fn get(v: &[(u32, f32)], id: u32) -> f32 {
    v.binary_search_by_key(&id, |e| e.0).map_or(0.0, |i| v[i].1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn basic_algebra() {
        let a = vec![(1, 1.0), (3, 2.0)];
        let b = vec![(2, 5.0), (3, 1.0)];
        assert_eq!(dot(&a, &b), 2.0);
        assert_eq!(add_scaled(&a, &b, 2.0), vec![(1, 1.0), (2, 10.0), (3, 4.0)]);
        assert_eq!(get(&a, 3), 2.0);
        assert_eq!(get(&a, 2), 0.0);
        assert_eq!(cosine(&a, &[]), 0.0);
        let mut c = vec![(9, 1.0), (1, 5.0), (4, 3.0)];
        top_k(&mut c, 2);
        assert_eq!(c, vec![(1, 5.0), (4, 3.0)]);
    }

    proptest! {
        #[test]
        fn cosine_in_unit_range(a in prop::collection::btree_map(0u32..50, 0.0f32..10.0, 0..20),
                                b in prop::collection::btree_map(0u32..50, 0.0f32..10.0, 0..20)) {
            let a: SparseVec = a.into_iter().collect();
            let b: SparseVec = b.into_iter().collect();
            let c = cosine(&a, &b);
            prop_assert!((0.0..=1.0).contains(&c));
            let s = add_scaled(&a, &b, 1.0);
            prop_assert!(s.windows(2).all(|w| w[0].0 < w[1].0));
        }
    }
}
