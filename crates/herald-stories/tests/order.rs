//! Order robustness: the same synthetic stream clustered in date order and
//! in shuffled (back-filled) orders gives similar BCubed F1.

use herald_stories::Params;
use herald_stories::eval::{Rng, bcubed, cluster_order_with, synthetic_idf, synthetic_stream};

#[test]
fn shuffled_arrival_gives_similar_bcubed() {
    let (items, gold) = synthetic_stream(11, 60, 6);
    let n = items.len();
    let p = Params::default();
    // Pseudo-words: weighed with the synthetic vocabulary's fixed table.
    let idf = synthetic_idf();
    let cluster_order =
        |items, order: &[usize], p| cluster_order_with(items, order, p, None, Some(&idf)).0;
    let base = cluster_order(&items, &(0..n).collect::<Vec<_>>(), &p);
    let (_, _, f_base) = bcubed(&base, &gold);
    assert!(f_base > 0.9, "date order F1 {f_base}");
    for seed in 1..=3 {
        let mut order: Vec<usize> = (0..n).collect();
        let mut rng = Rng(seed);
        for i in (1..n).rev() {
            order.swap(i, rng.below(i + 1));
        }
        let pred = cluster_order(&items, &order, &p);
        let (_, _, f) = bcubed(&pred, &gold);
        assert!(
            (f - f_base).abs() < 0.05,
            "shuffle {seed}: F1 {f} vs {f_base}"
        );
    }
}
