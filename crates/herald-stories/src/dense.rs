//! Dense vectors (sentence embeddings): sums, dot products, and an 8-bit
//! form for per-member sketches.

/// Dot product over the common length.
pub fn dense_dot(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// Euclidean length.
pub fn emb_norm(v: &[f32]) -> f32 {
    dense_dot(v, v).sqrt()
}

/// Cosine in [0, 1] (negative cosines clamp to 0; 0 for a zero vector).
pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
    let n = emb_norm(a) * emb_norm(b);
    if n > 0.0 {
        (dense_dot(a, b) / n).clamp(0.0, 1.0)
    } else {
        0.0
    }
}

/// `acc += v` (an empty `acc` becomes a copy of `v`; mismatched lengths are
/// ignored, which cannot happen with one model).
pub fn add_dense(acc: &mut Vec<f32>, v: &[f32]) {
    if acc.is_empty() {
        acc.extend_from_slice(v);
    } else if acc.len() == v.len() {
        for (a, x) in acc.iter_mut().zip(v) {
            *a += x;
        }
    }
}

/// `acc -= v`.
pub fn sub_dense(acc: &mut [f32], v: &[f32]) {
    if acc.len() == v.len() {
        for (a, x) in acc.iter_mut().zip(v) {
            *a -= x;
        }
    }
}

/// Unit-vector components in [-1, 1] as signed bytes (a quarter of the
/// memory; cosines move by well under 0.01).
pub fn quantize(v: &[f32]) -> Vec<i8> {
    v.iter()
        .map(|x| (x * 127.0).round().clamp(-127.0, 127.0) as i8)
        .collect()
}

pub fn dequantize(v: &[i8]) -> Vec<f32> {
    v.iter().map(|&x| f32::from(x) / 127.0).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_and_cosines() {
        let mut acc = Vec::new();
        add_dense(&mut acc, &[1.0, 0.0]);
        add_dense(&mut acc, &[0.0, 1.0]);
        assert_eq!(acc, [1.0, 1.0]);
        sub_dense(&mut acc, &[0.0, 1.0]);
        assert_eq!(acc, [1.0, 0.0]);
        assert!((cosine(&[1.0, 1.0], &[2.0, 2.0]) - 1.0).abs() < 1e-6);
        assert_eq!(cosine(&[1.0, 0.0], &[-1.0, 0.0]), 0.0);
        assert_eq!(cosine(&[], &[]), 0.0);
    }

    #[test]
    fn quantization_round_trips_closely() {
        let v = [0.6f32, -0.8, 0.0];
        let back = dequantize(&quantize(&v));
        for (a, b) in v.iter().zip(&back) {
            assert!((a - b).abs() < 0.005);
        }
    }
}
