//! Tests of the PETRARCH2 dictionary on small invented sentences with
//! hand-built dependency trees (and raw text for the discards).

use herald_core::{Article, Sentence, Span, Token};
use proptest::prelude::*;

use super::*;
use crate::Coder;
use crate::lexicon::LEXICON;

/// An article of one parsed sentence; rows are `word lemma UPOS head
/// deprel` with 1-based heads (0 = root).
pub(crate) fn tree(rows: &[&str]) -> Article {
    let mut text = String::new();
    let mut tokens = Vec::new();
    for r in rows {
        let c: Vec<&str> = r.split_whitespace().collect();
        if !text.is_empty() && c[0] != "." {
            text.push(' ');
        }
        let start = text.len();
        text.push_str(c[0]);
        let head: usize = c[3].parse().unwrap();
        tokens.push(Token {
            span: Span::new(start, text.len()),
            text: c[0].into(),
            lemma: c[1].into(),
            upos: c[2].into(),
            xpos: String::new(),
            head: head.checked_sub(1),
            deprel: c[4].into(),
        });
    }
    Article {
        id: "t".into(),
        sentences: vec![Sentence {
            index: 0,
            span: Span::new(0, text.len()),
            tokens,
        }],
        text,
        ..Default::default()
    }
}

/// The proposals of the patterns and the trigger model, before the event
/// scorer judges them (these tests are about what the dictionary proposes).
pub(crate) fn coded(a: &Article) -> Vec<(String, String, String)> {
    Coder::with_models(crate::learned::TriggerModel::shipped_arc(), None)
        .process(a)
        .into_iter()
        .map(|e| (e.source.code, e.target.code, e.cameo))
        .collect()
}

fn triple(s: &str, t: &str, c: &str) -> (String, String, String) {
    (s.into(), t.into(), c.into())
}

/// "<subject> <verb> <object> to <target> ." with the given words.
fn svo_to(subj: &str, verb: (&str, &str), obj: (&str, &str), tgt: &str) -> Article {
    tree(&[
        &format!("{subj} {subj} PROPN 2 nsubj"),
        &format!("{} {} VERB 0 root", verb.0, verb.1),
        &format!("{} {} NOUN 2 obj", obj.0, obj.1),
        "to to ADP 5 case",
        &format!("{tgt} {tgt} PROPN 2 obl"),
        ". . PUNCT 2 punct",
    ])
}

#[test]
fn the_compiled_file_loads_cleanly() {
    let d = &*DICTIONARY;
    assert!(d.problems.is_empty(), "{:?}", d.problems);
    let (verbs, patterns, transforms, discards) = d.counts();
    assert!(verbs > 1500 && patterns > 4000 && transforms >= 7 && discards > 300);
    for v in &d.verbs {
        if let Some(c) = &v.vp.code {
            assert!(LEXICON.cameo.contains_key(c), "verb code {c}");
        }
    }
    for p in d.patterns.values().flatten() {
        if let Some(c) = &p.vp.code {
            assert!(LEXICON.cameo.contains_key(c), "{} -> {c}", p.vp.text);
        }
    }
}

#[test]
fn a_verb_only_the_dictionary_knows_is_coded_by_its_patterns() {
    assert!(!LEXICON.verbs.contains_key("airlift"));
    // "- * &WEAPON [072] # AIRLIFT": the pattern fires ...
    let a = svo_to(
        "Turkey",
        ("airlifted", "airlift"),
        ("weapons", "weapon"),
        "Syria",
    );
    assert_eq!(coded(&a), [triple("TUR", "SYR", "072")]);
    // ... the block's bare code (073) alone does not: on real news it is
    // mostly wrong (see `candidates` in coder.rs).
    let a = svo_to(
        "Turkey",
        ("airlifted", "airlift"),
        ("goats", "goat"),
        "Syria",
    );
    assert_eq!(coded(&a), []);
}

#[test]
fn an_object_pattern_refines_the_block_code() {
    // RUSH has no code of its own; its object decides.
    let a = svo_to("Egypt", ("rushed", "rush"), ("aid", "aid"), "Sudan");
    assert_eq!(coded(&a), [triple("EGY", "SDN", "070")]);
    let a = svo_to("Egypt", ("rushed", "rush"), ("relief", "relief"), "Sudan");
    assert_eq!(coded(&a), [triple("EGY", "SDN", "073")]);
}

#[test]
fn a_synonym_set_matches_any_member_and_its_plural() {
    let a = svo_to(
        "Egypt",
        ("rushed", "rush"),
        ("missiles", "missile"),
        "Sudan",
    );
    assert_eq!(coded(&a), [triple("EGY", "SDN", "194")]);
    // A pre-verb synonym set: the subject's words.
    let a = tree(&[
        "Egyptian Egyptian ADJ 2 amod",
        "troops troop NOUN 3 nsubj",
        "rushed rush VERB 0 root",
        "to to ADP 5 case",
        "Sudan Sudan PROPN 3 obl",
        ". . PUNCT 3 punct",
    ]);
    let got = coded(&a);
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!((got[0].1.as_str(), got[0].2.as_str()), ("SDN", "154"));
    assert!(got[0].0.starts_with("EGY"));
}

#[test]
fn a_prepositional_pattern_needs_its_case_and_noun() {
    let a = tree(&[
        "Egypt Egypt PROPN 2 nsubj",
        "rushed rush VERB 0 root",
        "police police NOUN 2 obj",
        "to to ADP 6 case",
        "the the DET 6 det",
        "border border NOUN 2 obl",
        "with with ADP 8 case",
        "Sudan Sudan PROPN 6 nmod",
        ". . PUNCT 2 punct",
    ]);
    // `* POLICE (TO BORDER)` beats `* (TO BORDER)` and `* (TO)` (the
    // police, an actor, are the object).
    let got = coded(&a);
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!((got[0].0.as_str(), got[0].2.as_str()), ("EGY", "153"));
    // The bare `(TO)` pattern when the phrase holds no border.
    let a = tree(&[
        "Egypt Egypt PROPN 2 nsubj",
        "rushed rush VERB 0 root",
        "to to ADP 4 case",
        "Sudan Sudan PROPN 2 obl",
        ". . PUNCT 2 punct",
    ]);
    assert_eq!(coded(&a), [triple("EGY", "SDN", "042")]);
}

#[test]
fn transformations_rewrite_a_verb_acting_on_a_verb() {
    let said = tree(&["said say VERB 0 root"]);
    let ws = crate::words::words(&said.sentences[0]);
    let d = &*DICTIONARY;
    assert_eq!(
        d.transform(&ws[0], "190", Some(true)),
        Some(("015".into(), false))
    );
    assert_eq!(
        d.transform(&ws[0], "195", Some(false)),
        Some(("112".into(), true))
    );
    assert_eq!(d.transform(&ws[0], "042", None), None);
    // "X said Y attacked Z": X accuses Y.
    let a = tree(&[
        "Iran Iran PROPN 2 nsubj",
        "said say VERB 0 root",
        "Iraq Iraq PROPN 4 nsubj",
        "attacked attack VERB 2 ccomp",
        "Kuwait Kuwait PROPN 4 obj",
        ". . PUNCT 2 punct",
    ]);
    assert_eq!(coded(&a), [triple("IRN", "IRQ", "112")]);
    // "X attempted to assassinate Y" → 185.
    let a = tree(&[
        "Iran Iran PROPN 2 nsubj",
        "attempted attempt VERB 0 root",
        "to to PART 4 mark",
        "assassinate assassinate VERB 2 xcomp",
        "the the DET 7 det",
        "Iraqi Iraqi ADJ 7 amod",
        "president president NOUN 4 obj",
        ". . PUNCT 2 punct",
    ]);
    let got = coded(&a);
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!((got[0].0.as_str(), got[0].2.as_str()), ("IRN", "185"));
    assert!(got[0].1.starts_with("IRQ"));
}

#[test]
fn negation_and_wrappers_apply_to_dictionary_matches() {
    let a = tree(&[
        "Egypt Egypt PROPN 4 nsubj",
        "will will AUX 4 aux",
        "not not PART 4 advmod",
        "rush rush VERB 0 root",
        "aid aid NOUN 4 obj",
        "to to ADP 7 case",
        "Sudan Sudan PROPN 4 obl",
        ". . PUNCT 4 punct",
    ]);
    // A refused 070 is a refusal of aid (Herald's negation table) ...
    assert_eq!(coded(&a), [triple("EGY", "SDN", "121")]);
    // ... aid not sent is no event, only a negated record of one.
    let mut a = a;
    for t in &mut a.sentences[0].tokens {
        if t.text == "will" {
            t.text = "does".into();
            t.lemma = "do".into();
        }
    }
    a.text = a.text.replace("will", "does");
    let events = Coder::new().process(&a);
    assert!(
        !events.is_empty() && events.iter().all(|e| e.negated),
        "{events:?}"
    );
}

#[test]
fn discards_suppress_sport_sentences_and_stories() {
    let raw = |text: &str| Article {
        id: "d".into(),
        text: text.into(),
        ..Default::default()
    };
    assert_eq!(
        coded(&raw("Brazil attacked Argentina.")),
        [triple("BRA", "ARG", "190")]
    );
    assert!(coded(&raw("Brazil attacked Argentina during the football match.")).is_empty());
    // A story-level phrase anywhere drops the whole story.
    assert!(
        coded(&raw(
            "Brazil attacked Argentina. The World Cup resumes on Monday."
        ))
        .is_empty()
    );
    let d = &*DICTIONARY;
    assert!(d.discarded("a FOOTBALL match", Scope::Sentence));
    assert!(!d.discarded("a FOOTBALL match", Scope::Story));
    assert!(!d.discarded("nothing to see", Scope::Sentence));
}

#[test]
fn malformed_lines_are_reported_not_fatal() {
    let d = Dict::parse(
        "# header\n\
         S\t&X\tgun|guns\n\
         V\tfire\tshoot\t190\town\tfire fired\t-\t-\n\
         P\tshoot\t194\t-\t-\t&X\t-\n\
         P\tshoot\t194\t-\t-\t&UNDEFINED\t-\n\
         P\tshoot\t194\t-\n\
         P\tshoot\t194\t-\t-\t-\t:noprep\n\
         T\ta\tsay\ta\tb\tattack=190\ta\tb\t015\n\
         D\tweekly\tcup\n\
         Z\tunknown\n\
         V\n",
    );
    assert_eq!(d.counts(), (1, 1, 0, 0));
    assert_eq!(d.problems.len(), 7, "{:?}", d.problems);
    assert!(d.problems[0].starts_with("line 5:"));
}

proptest! {
    #[test]
    fn parsing_never_panics(text in "(?s)[SVPTD&\\-_|:=,# \\ta-z0-9\\n]{0,400}") {
        let d = Dict::parse(&text);
        let (v, p, t, ds) = d.counts();
        prop_assert!(v + p + t + ds + d.problems.len() <= text.lines().count());
    }

    #[test]
    fn matching_never_panics(words in proptest::collection::vec("[a-z]{1,8}|to|aid|rushed|\\.", 1..12)) {
        let text = words.join(" ");
        let a = Article { id: "p".into(), text, ..Default::default() };
        let _ = Coder::new().process(&a);
    }
}
