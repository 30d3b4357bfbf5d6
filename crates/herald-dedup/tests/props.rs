//! Property tests: no input panics; an exact copy is always found.

use herald_core::{Article, RelationType};
use herald_dedup::{DedupIndex, compare};
use proptest::prelude::*;

fn art(id: &str, text: &str) -> Article {
    Article {
        id: id.into(),
        text: text.into(),
        ..Default::default()
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn never_panics(a in "\\PC{0,400}", b in "(?s).{0,300}") {
        let mut ix = DedupIndex::new();
        for (id, t) in [("a", &a), ("b", &b), ("c", &a)] {
            let x = art(id, t);
            let fp = ix.fingerprint(&x);
            for r in ix.process(&x, &fp) {
                for p in &r.evidence {
                    prop_assert!(p.this.end <= t.len());
                }
            }
        }
        let c = compare(&art("a", &a), &art("b", &b));
        for p in &c.passages {
            prop_assert!(a.get(p.this.start..p.this.end).is_some());
            prop_assert!(b.get(p.other.start..p.other.end).is_some());
        }
        ix.remove("a");
        ix.compact();
    }

    #[test]
    fn exact_copies_are_always_found(
        words in prop::collection::vec("[a-zA-Z0-9À-ÿ]{1,12}", 1..300),
        noise in prop::collection::vec("[a-z]{1,8}", 0..200),
    ) {
        let text = words.join(" ");
        let mut ix = DedupIndex::new();
        let other = art("noise", &noise.join(" "));
        let fp = ix.fingerprint(&other);
        ix.process(&other, &fp);
        let a = art("a", &text);
        let fp = ix.fingerprint(&a);
        ix.process(&a, &fp);
        // Same words, other spacing and case.
        let copy = art("b", &format!("  {}\n", words.join("  ").to_lowercase()));
        let fp = ix.fingerprint(&copy);
        let rels = ix.process(&copy, &fp);
        prop_assert!(
            rels.iter().any(|r| r.article == "a" && r.kind == RelationType::Exact),
            "{:?}", rels
        );
    }
}
