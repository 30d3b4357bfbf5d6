//! No input panics the coder: run-on text far over the piece length, all
//! capitals, lists of names, parses from the language layer, and arbitrary
//! tokens with arbitrary (out-of-range, cyclic) heads. Events of ordinary
//! sentences inside such text still come out.

use herald_core::{Article, Event, Sentence, Span, Token};
use herald_events::Coder;
use herald_nlp::Analyzer;
use proptest::prelude::*;

const EVENT: &str = "China offered military aid to Mali on Tuesday.";

/// Words of news text, with actors and verbs the lexicon knows, so long
/// runs are full of mentions and candidate patterns.
const VOCAB: &[&str] = &[
    "the",
    "police",
    "said",
    "government",
    "Iraq",
    "United",
    "States",
    "killed",
    "attacked",
    "troops",
    "in",
    "of",
    "and",
    "Russia",
    "minister",
    "met",
    "with",
    "president",
    "protest",
    "against",
    "Israel",
    "accused",
    "rebels",
    "Syria",
    "arrested",
    "to",
    "by",
    "officials",
    "France",
    "aid",
    "offered",
    "that",
    "they",
    "would",
    "not",
    "urged",
    "Iran",
    "talks",
    "Obama",
    "Putin",
    "city",
    "people",
    "on",
    "Tuesday",
    "was",
    "bombed",
    "UN",
    "sanctions",
];

/// `n` words drawn from [`VOCAB`] by a fixed LCG, joined by spaces.
fn run_on(n: usize, seed: u64) -> String {
    let mut x = seed;
    (0..n)
        .map(|_| {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            VOCAB[(x >> 33) as usize % VOCAB.len()]
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn article(text: &str) -> Article {
    Article {
        id: "r".into(),
        published: Some("2012-09-26".into()),
        text: text.into(),
        ..Default::default()
    }
}

fn triples(events: &[Event]) -> Vec<(String, String, String)> {
    events
        .iter()
        .map(|e| {
            (
                e.source.code.clone(),
                e.target.code.clone(),
                e.cameo.clone(),
            )
        })
        .collect()
}

fn has_event(events: &[Event]) -> bool {
    events
        .iter()
        .any(|e| e.source.code == "CHN" && e.target.code == "MLI" && e.cameo == "0332")
}

/// Texts that used to break the coder, each with the ordinary sentence in it.
fn hard_texts() -> Vec<(&'static str, String)> {
    let names = (0..60)
        .map(|i| {
            [
                "Iraq",
                "Syria",
                "France",
                "Barack Obama",
                "Vladimir Putin",
                "UN",
            ][i % 6]
        })
        .collect::<Vec<_>>();
    let table: String = (0..80)
        .map(|i| format!("| {} | {} | {i} |", VOCAB[i % VOCAB.len()], names[i % 60]))
        .collect::<Vec<_>>()
        .join(" ");
    vec![
        (
            "run-on",
            format!("{}. {EVENT} {}", run_on(350, 1), run_on(400, 2)),
        ),
        (
            "all caps",
            format!(
                "{}. {EVENT} {}",
                run_on(320, 3).to_uppercase(),
                run_on(200, 4).to_uppercase()
            ),
        ),
        (
            "list of names",
            format!("{}. {EVENT} {}", names.join(", "), names.join(" and ")),
        ),
        ("table", format!("{table}\n\n{EVENT}\n\n{table}")),
    ]
}

#[test]
fn hard_text_codes_without_panic_and_keeps_ordinary_events() {
    let analyzer = Analyzer::new();
    let coder = Coder::new();
    for (what, text) in hard_texts() {
        // The coder's own tokeniser (no parse).
        let raw = coder.process(&article(&text));
        assert!(has_event(&raw), "{what}, raw: {:?}", triples(&raw));
        // Through the language layer: long sentences with a dependency parse.
        let mut a = article(&text);
        analyzer.process(&mut a);
        let longest = a.sentences.iter().map(|s| s.tokens.len()).max().unwrap();
        if what != "list of names" {
            assert!(longest > 240, "{what}: longest sentence {longest} tokens");
        }
        let parsed = coder.process(&a);
        assert!(has_event(&parsed), "{what}, parsed: {:?}", triples(&parsed));
    }
}

/// A token with a hand-made arc (`head` counted from the sentence start).
fn tok(text: &str, at: &mut usize, upos: &str, head: Option<usize>, deprel: &str) -> Token {
    let span = Span::new(*at, *at + text.len());
    *at += text.len() + 1;
    Token {
        span,
        text: text.into(),
        upos: upos.into(),
        head,
        deprel: deprel.into(),
        ..Default::default()
    }
}

/// "Russia, which Iran backs, attacked Georgia." parsed, from token `off`
/// of its sentence: the tree names Russia the subject where word order
/// would take Iran.
fn clause(off: usize, at: &mut usize) -> Vec<Token> {
    let h = |i: usize| Some(off + i);
    vec![
        tok("Russia", at, "PROPN", h(6), "nsubj"),
        tok(",", at, "PUNCT", h(4), "punct"),
        tok("which", at, "PRON", h(4), "obj"),
        tok("Iran", at, "PROPN", h(4), "nsubj"),
        tok("backs", at, "VERB", h(0), "acl:relcl"),
        tok(",", at, "PUNCT", h(4), "punct"),
        tok("attacked", at, "VERB", None, "root"),
        tok("Georgia", at, "PROPN", h(6), "obj"),
        tok(".", at, "PUNCT", h(6), "punct"),
    ]
}

fn sentence_article(tokens: Vec<Token>) -> Article {
    let text = tokens.iter().map(|t| t.text.as_str()).collect::<Vec<_>>();
    let text = text.join(" ");
    Article {
        id: "p".into(),
        text: text.clone(),
        sentences: vec![Sentence {
            index: 0,
            span: Span::new(0, text.len()),
            tokens,
        }],
        ..Default::default()
    }
}

#[test]
fn a_parsed_clause_past_the_first_piece_is_coded_as_on_its_own() {
    let coder = Coder::new();
    let mut at = 0;
    let alone = triples(&coder.process(&sentence_article(clause(0, &mut at))));
    assert!(
        alone.contains(&("RUS".into(), "GEO".into(), "190".into())),
        "{alone:?}"
    );
    // 130 filler words first: the clause sits in the second piece, its
    // heads counted from the sentence start.
    let mut at = 0;
    let mut tokens: Vec<Token> = (0..130)
        .map(|_| tok("lorem", &mut at, "X", Some(0), "dep"))
        .collect();
    tokens[0].head = None;
    tokens.extend(clause(130, &mut at));
    let long = triples(&coder.process(&sentence_article(tokens)));
    assert_eq!(long, alone);
}

#[test]
fn codes_from_outside_never_panic() {
    for code in ["€€€€", "0€", "1é9", "", "x", "19€€"] {
        let _ = herald_events::plover_type(code);
        let _ = herald_events::goldstein(code);
        let _ = herald_events::quad_class(code);
    }
    assert_eq!(
        herald_events::plover_type("190€"),
        herald_events::plover_type("190")
    );
}

const DEPRELS: &[&str] = &[
    "",
    "nsubj",
    "nsubj:pass",
    "obj",
    "iobj",
    "obl",
    "obl:agent",
    "nmod",
    "nmod:poss",
    "case",
    "conj",
    "xcomp",
    "advcl",
    "compound",
    "amod",
    "flat",
    "appos",
    "root",
    "punct",
];
const WORDS: &[&str] = &[
    "China",
    "Mali",
    "offered",
    "aid",
    "to",
    "by",
    "was",
    "attacked",
    "the",
    "said",
    "that",
    "Iraq",
    "and",
    ",",
    ".",
    ";",
    "not",
    "urged",
    "whether",
    "according",
    "they",
    "police",
    "killed",
    "in",
    "Baghdad",
    "\"",
    "人ing",
    "ÉTATS",
    "-",
    "'s",
    "help",
    "claimed",
    "Obama",
];

fn any_token() -> impl Strategy<Value = Token> {
    (
        prop::sample::select(WORDS),
        any::<(u16, u16)>(),
        prop::option::of(0usize..600),
        prop::sample::select(DEPRELS),
        prop::sample::select(&["", "VERB", "NOUN", "PROPN", "AUX"][..]),
        prop::option::of(any::<usize>()),
    )
        .prop_map(|(w, (s, e), head, deprel, upos, wild)| Token {
            span: Span {
                start: s as usize,
                end: e as usize,
            },
            text: w.into(),
            lemma: if s % 3 == 0 {
                w.to_lowercase()
            } else {
                String::new()
            },
            upos: upos.into(),
            head: wild.filter(|_| e % 7 == 0).or(head),
            deprel: deprel.into(),
            ..Default::default()
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Arbitrary tokens with arbitrary heads (out of range, self, cycles),
    /// deprels and spans (out of order, beyond the text) never panic.
    #[test]
    fn arbitrary_parses_never_panic(
        sentences in prop::collection::vec(prop::collection::vec(any_token(), 0..400), 1..4),
        text in "\\PC{0,200}",
        index_gap in 0usize..3,
    ) {
        let article = Article {
            id: "x".into(),
            published: Some("2015-03-01".into()),
            text,
            sentences: sentences
                .into_iter()
                .enumerate()
                .map(|(i, tokens)| Sentence { index: i * index_gap, span: Span::default(), tokens })
                .collect(),
            ..Default::default()
        };
        let events = Coder::new().process(&article);
        for e in &events {
            prop_assert!(!e.source.code.is_empty());
        }
    }

    /// Raw text of any kind codes without panic.
    #[test]
    fn arbitrary_text_never_panics(words in prop::collection::vec(prop::sample::select(WORDS), 0..500), junk in "\\PC{0,60}") {
        let text = format!("{junk} {}", words.join(" "));
        let _ = Coder::new().process(&article(&text));
    }
}
