use std::collections::{HashMap, HashSet};

use herald_core::{Article, Sentence, Span, Token};

use super::train::{AlignStats, Example, Label, align, examples, fit};
use super::{TriggerModel, class_of, features};
use crate::actors::Mention;
use crate::words::words;

/// A parsed sentence from (word, lemma, upos, head, deprel); heads 1-based, 0 = root.
pub(super) fn sentence(
    index: usize,
    offset: usize,
    toks: &[(&str, &str, &str, usize, &str)],
) -> Sentence {
    let mut at = offset;
    let mut tokens = Vec::new();
    for &(w, l, u, h, d) in toks {
        tokens.push(Token {
            span: Span {
                start: at,
                end: at + w.len(),
            },
            text: w.into(),
            lemma: l.into(),
            upos: u.into(),
            head: h.checked_sub(1),
            deprel: d.into(),
            ..Default::default()
        });
        at += w.len() + 1;
    }
    Sentence {
        index,
        span: Span {
            start: offset,
            end: at - 1,
        },
        tokens,
    }
}

pub(super) fn text_of(ss: &[Sentence]) -> String {
    ss.iter()
        .map(|s| {
            s.tokens
                .iter()
                .map(|t| t.text.as_str())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect::<Vec<_>>()
        .join(" ")
}

const ATTACK: &[(&str, &str, &str, usize, &str)] = &[
    ("Rebels", "rebel", "NOUN", 2, "nsubj"),
    ("shelled", "shell", "VERB", 0, "root"),
    ("the", "the", "DET", 4, "det"),
    ("army", "army", "NOUN", 2, "obj"),
    ("and", "and", "CCONJ", 6, "cc"),
    ("ate", "eat", "VERB", 2, "conj"),
    ("bread", "bread", "NOUN", 6, "obj"),
];
const VISIT: &[(&str, &str, &str, usize, &str)] = &[
    ("Ministers", "minister", "NOUN", 2, "nsubj"),
    ("toured", "tour", "VERB", 0, "root"),
    ("France", "France", "PROPN", 2, "obj"),
    ("and", "and", "CCONJ", 5, "cc"),
    ("slept", "sleep", "VERB", 2, "conj"),
];

fn fixture(id: &str) -> (Article, Vec<Label>) {
    let s0 = sentence(0, 0, ATTACK);
    let s1 = sentence(1, s0.span.end + 1, VISIT);
    let sents = vec![s0, s1];
    let text = text_of(&sents);
    let labels = vec![
        Label {
            article: id.into(),
            sentence: "Rebels shelled the army and ate bread".into(),
            trigger: "shelled".into(),
            cameo: "195".into(),
            source: "---REB".into(),
            target: "---MIL".into(),
        },
        Label {
            article: id.into(),
            sentence: "Ministers toured France and slept".into(),
            trigger: "toured".into(),
            cameo: "042".into(),
            source: "---GOV".into(),
            target: "FRA".into(),
        },
    ];
    let article = Article {
        id: id.into(),
        text,
        sentences: sents,
        ..Default::default()
    };
    (article, labels)
}

#[test]
fn classes_merge_02_into_10_and_skip_01() {
    assert_eq!(class_of("0231"), class_of("100"));
    assert_eq!(class_of("010"), None);
    assert_eq!(class_of("x"), None);
    assert_eq!(super::CLASSES[class_of("195").unwrap()], "19");
}

#[test]
fn labels_align_to_trigger_tokens() {
    let (a, labels) = fixture("wn-1");
    let refs: Vec<&Label> = labels.iter().collect();
    let mut st = AlignStats::default();
    let gold = align(&a, &refs, &mut st);
    assert_eq!(st.aligned, 2);
    assert_eq!(gold.get(&(0, 1)), class_of("19").as_ref());
    assert_eq!(gold.get(&(1, 1)), class_of("04").as_ref());
}

#[test]
fn training_on_a_fixture_learns_it() {
    let model0 = TriggerModel::new(HashMap::new(), 0.5, HashSet::new());
    let mut data: Vec<Example> = Vec::new();
    for k in 0..5 {
        let (a, labels) = fixture(&format!("wn-{k}"));
        let refs: Vec<&Label> = labels.iter().collect();
        let mut st = AlignStats::default();
        let gold = align(&a, &refs, &mut st);
        data.extend(examples(&a, &gold, &model0, &mut st));
    }
    assert_eq!(data.len(), 20, "four verbs per article");
    let model = TriggerModel::new(fit(&data, 10, 1), 0.5, HashSet::new());
    let (a, _) = fixture("wn-x");
    let ws = words(&a.sentences[0]);
    let no: Vec<Mention> = Vec::new();
    assert_eq!(model.predict(&ws, 1, &no).root, "19");
    assert!(model.predict(&ws, 1, &no).prob > 0.5);
    assert!(model.predict(&ws, 5, &no).none > 0.5, "eating is no event");
    let ws = words(&a.sentences[1]);
    assert_eq!(model.predict(&ws, 1, &no).root, "04");
    // The file format keeps what was learned.
    let back = TriggerModel::from_bytes(&model.to_bytes()).unwrap();
    let f = features(&ws, 1, &no);
    let (p, q) = (model.probs(&f), back.probs(&f));
    assert!(p.iter().zip(&q).all(|(x, y)| (x - y).abs() < 1e-3));
}

#[test]
fn broken_model_bytes_are_an_error() {
    assert!(TriggerModel::from_bytes(b"").is_err());
    assert!(TriggerModel::from_bytes(b"not gzip at all").is_err());
    let good = TriggerModel::new(HashMap::new(), 0.5, HashSet::new()).to_bytes();
    assert!(TriggerModel::from_bytes(&good).is_ok());
    let mut raw = Vec::new();
    std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&good[..]), &mut raw).unwrap();
    raw.truncate(raw.len() - 2);
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    std::io::Write::write_all(&mut enc, &raw).unwrap();
    assert!(TriggerModel::from_bytes(&enc.finish().unwrap()).is_err());
}

#[test]
fn shipped_model_loads_and_codes_an_attack() {
    let model = TriggerModel::shipped().expect("models/trigger.bin.gz loads");
    assert!(model.len() > 1000);
    assert!(model.threshold > 0.0 && model.threshold < 1.0);
    let s = sentence(
        0,
        0,
        &[
            ("Troops", "troop", "NOUN", 2, "nsubj"),
            ("bombed", "bomb", "VERB", 0, "root"),
            ("the", "the", "DET", 4, "det"),
            ("village", "village", "NOUN", 2, "obj"),
        ],
    );
    let ws = words(&s);
    let p = model.predict(&ws, 1, &[]);
    assert!(matches!(p.root, "18" | "19" | "20"), "{p:?}");
}

#[test]
fn split_hash_is_fnv1a_as_in_the_python_baseline() {
    use super::sentence::{fnv, held_out};
    assert_eq!(fnv(b""), 0x811c_9dc5);
    assert_eq!(fnv(b"a"), 0xe40c_292c);
    assert_eq!(fnv(b"foobar"), 0xbf9c_f968);
    let held = (0..1000)
        .filter(|k| held_out(&format!("sentence {k}")))
        .count();
    assert!((150..250).contains(&held), "{held}");
}

#[test]
fn the_coder_codes_a_word_no_pattern_covers_with_the_model() {
    // Verbs PETRARCH2 lists without a pattern Herald fires on: the model
    // judges them; at least one must clear its threshold.
    let verbs = [
        ("assured", "assure"),
        ("reassured", "reassure"),
        ("lambasted", "lambast"),
        ("commended", "commend"),
        ("vowed", "vow"),
    ];
    let mut found = None;
    for (surface, lemma) in verbs {
        let s = sentence(
            0,
            0,
            &[
                ("France", "France", "PROPN", 2, "nsubj"),
                (surface, lemma, "VERB", 0, "root"),
                ("Germany", "Germany", "PROPN", 2, "obj"),
            ],
        );
        let article = Article {
            id: "t".into(),
            text: text_of(std::slice::from_ref(&s)),
            sentences: vec![s],
            ..Default::default()
        };
        // The trigger model without the scorer: its probability is the confidence.
        let events = crate::Coder::with_models(TriggerModel::shipped_arc(), None).process(&article);
        let rules = crate::Coder::rules_only().process(&article);
        assert!(rules.iter().all(|e| !e.pattern.starts_with("model:")));
        if let Some(e) = events.into_iter().find(|e| e.pattern.starts_with("model:")) {
            found = Some(e);
            break;
        }
    }
    let e = found.expect("the model codes none of the verbs");
    assert_eq!(
        (e.source.code.as_str(), e.target.code.as_str()),
        ("FRA", "DEU")
    );
    assert!(e.confidence < 1.0 && e.confidence >= TriggerModel::shipped().unwrap().threshold);
    assert!(
        e.cameo.len() == 3 && e.cameo.ends_with('0'),
        "the root's base code: {e:?}"
    );
}
