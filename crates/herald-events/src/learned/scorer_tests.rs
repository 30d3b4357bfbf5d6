//! Tests of the event scorer and its stacked training.

use std::collections::HashMap;

use herald_core::{Actor, Article, Event, Span};

use super::scorer::{EventScorer, MODEL_THRESHOLD, event_features};
use super::stack::{Doc, ScorerExample, Stack, Status, fit, measure};
use super::tests::{sentence, text_of};

const SAID: &[(&str, &str, &str, usize, &str)] = &[
    ("Iran", "Iran", "PROPN", 2, "nsubj"),
    ("condemned", "condemn", "VERB", 0, "root"),
    ("Israel", "Israel", "PROPN", 2, "obj"),
];

fn article() -> Article {
    let s = sentence(0, 0, SAID);
    Article {
        id: "t".into(),
        text: text_of(std::slice::from_ref(&s)),
        sentences: vec![s],
        ..Default::default()
    }
}

fn event(pattern: &str, cameo: &str, negated: bool) -> Event {
    let actor = |code: &str, text: &str| Actor {
        text: text.into(),
        code: code.into(),
        country: Some(code[..3].into()),
        role: None,
    };
    Event {
        id: "t:0:0".into(),
        article: "t".into(),
        sentence: 0,
        span: Span { start: 5, end: 14 },
        date: None,
        source: actor("IRN", "Iran"),
        target: actor("ISR", "Israel"),
        cameo: cameo.into(),
        plover: String::new(),
        quad_class: 3,
        goldstein: -2.0,
        negated,
        place: None,
        pattern: pattern.into(),
        confidence: 1.0,
    }
}

fn feat_of(name: &str, value: &str) -> u32 {
    super::sentence::fnv(format!("{name}\u{0}{value}").as_bytes())
}

#[test]
fn features_name_the_component_root_and_trigger() {
    let a = article();
    let events = vec![event("speech+condemn", "111", false)];
    let f = event_features(&a.text, &a.sentences, &events, 0, None);
    for (name, value) in [
        ("comp", "speech"),
        ("root", "11"),
        ("lemma", "condemn"),
        ("src-kind", "country"),
        ("in-quote", "false"),
    ] {
        assert!(f.contains(&feat_of(name, value)), "{name}={value}");
    }
    assert_eq!(f, event_features(&a.text, &a.sentences, &events, 0, None));
    let table = vec![event("condemn", "111", false)];
    let g = event_features(&a.text, &a.sentences, &table, 0, None);
    assert!(g.contains(&feat_of("comp", "table")) && !g.contains(&feat_of("comp", "speech")));
}

#[test]
fn apply_sets_confidence_drops_below_threshold_and_keeps_negated() {
    let a = article();
    let weights = HashMap::from([
        (feat_of("comp", "speech"), -4.0),
        (feat_of("comp", "table"), 3.0),
    ]);
    let scorer = EventScorer::new(weights, 0.5);
    let mut events = vec![
        event("speech+condemn", "111", false),
        event("condemn", "111", false),
        event("speech+condemn", "111", true),
    ];
    scorer.apply(&a.text, &a.sentences, &mut events, None);
    assert_eq!(events.len(), 2, "{events:?}");
    assert_eq!(events[0].pattern, "condemn");
    assert!((events[0].confidence - 1.0 / (1.0 + (-3.0f32).exp())).abs() < 1e-4);
    assert!(
        events[1].negated && events[1].confidence == 1.0,
        "negated kept as is"
    );
}

#[test]
fn serialised_scorer_reads_back_and_rejects_damage() {
    let weights = HashMap::from([(1, 0.5), (7, -2.25), (99, 1e-3)]);
    let s = EventScorer::new(weights, 0.07);
    let bytes = s.to_bytes();
    let back = EventScorer::from_bytes(&bytes).expect("reads back");
    assert_eq!(back.threshold, 0.07);
    assert_eq!(back.len(), 3);
    assert!((back.prob(&[1, 7]) - s.prob(&[1, 7])).abs() < 1e-3);
    assert_eq!(back.propose, None, "no proposal floor stays none");
    let floored = EventScorer::from_bytes(&s.clone().proposing_at(Some(0.02)).to_bytes()).unwrap();
    assert_eq!(floored.propose, Some(0.02));
    assert!(EventScorer::from_bytes(&bytes[..bytes.len() / 2]).is_err());
    assert!(EventScorer::from_bytes(b"not gzip").is_err());
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    std::io::Write::write_all(&mut enc, b"HTRIG001 other model").unwrap();
    assert!(EventScorer::from_bytes(&enc.finish().unwrap()).is_err());
}

#[test]
fn fit_separates_a_telling_feature_and_measure_counts_as_the_eval() {
    let ex = |feats: Vec<u32>, y: bool, doc: usize, matched: Vec<usize>| ScorerExample {
        feats,
        y,
        doc,
        matched,
        fold: 0,
    };
    let mut examples = Vec::new();
    for k in 0..40 {
        examples.push(ex(vec![0, 10], true, 0, vec![k % 2]));
        examples.push(ex(vec![0, 20], false, 0, vec![]));
    }
    examples.push(ex(vec![0, 20], false, 1, vec![]));
    let refs: Vec<&ScorerExample> = examples.iter().collect();
    let s = EventScorer::new(fit(&refs, 10, 2), 0.5);
    assert!(s.prob(&[0, 10]) > 0.8 && s.prob(&[0, 20]) < 0.2);
    let stack = Stack {
        examples,
        docs: vec![
            Doc {
                status: Status::Coded,
                gold: 4,
            },
            Doc {
                status: Status::Skipped,
                gold: 0,
            },
        ],
    };
    let probs: Vec<f32> = stack.examples.iter().map(|e| s.prob(&e.feats)).collect();
    let all = measure(&stack, &probs, 0.0);
    assert_eq!(all.recall, 0.5, "two of four gold events matched");
    assert_eq!(all.precision, 0.5);
    assert_eq!(all.false_alarms_skipped, 1.0);
    let kept = measure(&stack, &probs, 0.5);
    assert_eq!(
        (kept.recall, kept.precision, kept.false_alarms_skipped),
        (0.5, 1.0, 0.0)
    );
}

/// An article of `n` copies of the "Iran condemned Israel" sentence.
fn article_of(n: usize) -> Article {
    let ss: Vec<_> = (0..n).map(|i| sentence(i, i * 22, SAID)).collect();
    Article {
        id: "t".into(),
        text: text_of(&ss),
        sentences: ss,
        ..Default::default()
    }
}

#[test]
fn shipped_scorer_loads_and_the_default_coder_uses_it() {
    let s = EventScorer::shipped().expect("models/scorer.bin.gz loads");
    assert!(s.len() > 100 && s.threshold > 0.0 && s.threshold < 1.0);
    let a = article_of(crate::ARTICLE_MIN_SENTENCES);
    assert_eq!(&a.text[22..43], "Iran condemned Israel");
    let scored = crate::Coder::new().process(&a);
    assert!(!scored.is_empty(), "a condemnation in every sentence");
    for e in scored.iter().filter(|e| !e.negated) {
        assert!(e.confidence >= s.threshold && e.confidence < 1.0, "{e:?}");
        // `herald show EVENT` tells the same probability and its weights.
        let x = crate::Coder::new()
            .explain_event(&a, e.span, &e.pattern)
            .expect("the coder proposes its own events");
        assert!(x.judged && x.sentence == "Iran condemned Israel", "{x:?}");
        assert!((x.probability.unwrap() - e.confidence).abs() < 1e-6);
        assert!(!x.weights.is_empty());
    }
}

#[test]
fn a_sentence_alone_is_coded_without_the_article_scorer() {
    // The scorer learned from whole articles: one or two sentences (an API
    // call, PETR-2's items) keep the patterns' and trigger model's events.
    let a = article_of(crate::ARTICLE_MIN_SENTENCES - 1);
    let coded = crate::Coder::new().process(&a);
    let raw = crate::Coder::with_models(super::TriggerModel::shipped_arc(), None).process(&a);
    assert_eq!(coded, raw);
    assert!(!coded.is_empty());
    let x = crate::Coder::new()
        .explain_event(&a, coded[0].span, &coded[0].pattern)
        .unwrap();
    assert!(!x.judged && x.probability.is_none());
}

#[test]
fn trigger_model_proposals_need_the_model_threshold_unless_one_is_set_by_hand() {
    let s = EventScorer::new(HashMap::new(), 0.1);
    assert_eq!(s.threshold_for("stab"), 0.1);
    assert_eq!(s.threshold_for("petrarch:hurl:- * stones * -"), 0.1);
    assert_eq!(s.threshold_for("model:slam"), MODEL_THRESHOLD);
    assert_eq!(s.threshold_for("intent+model:send"), MODEL_THRESHOLD);
    // A scorer stricter than the model threshold holds for both.
    assert_eq!(
        EventScorer::new(HashMap::new(), 0.5).threshold_for("model:slam"),
        0.5
    );
    // `--min-confidence` sets one threshold for every event.
    assert_eq!(s.with_threshold(0.0).threshold_for("model:slam"), 0.0);
}
