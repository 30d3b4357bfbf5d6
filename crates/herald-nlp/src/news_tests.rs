//! Behaviour the event coder relies on, on news sentences written for these
//! tests: passive voice, reported speech, coordination, negation and titles
//! before names. They need the learned models and are skipped (with a note)
//! when the crate was built without them.

use herald_core::{Article, MentionKind, Sentence};

use crate::Analyzer;

/// `text` analysed with each parser built in (greedy, then beam search),
/// each with its name; empty without models.
fn analyses(text: &str) -> Vec<(&'static str, Article)> {
    [
        ("greedy", Some(Analyzer::new())),
        ("beam", Analyzer::accurate()),
    ]
    .into_iter()
    .filter_map(|(name, a)| Some((name, analyse_with(&a?, text)?)))
    .collect()
}

/// `text` analysed with the default analyser; `None` without models.
pub(crate) fn analyse(text: &str) -> Option<Article> {
    analyse_with(&Analyzer::new(), text)
}

fn analyse_with(a: &Analyzer, text: &str) -> Option<Article> {
    if !a.has_models() {
        eprintln!("no embedded models: skipping model-dependent test");
        return None;
    }
    let mut art = Article {
        text: text.to_string(),
        ..Article::default()
    };
    a.process(&mut art);
    Some(art)
}

/// (head text, relation) of the first token spelled `word`.
fn rel<'a>(s: &'a Sentence, word: &str) -> (&'a str, &'a str) {
    let Some(t) = s.tokens.iter().find(|t| t.text == word) else {
        panic!("no token {word:?}");
    };
    let head = t.head.map_or("ROOT", |h| s.tokens[h].text.as_str());
    (head, t.deprel.as_str())
}

#[test]
fn passive_voice() {
    for (parser, a) in analyses("The convoy was attacked by rebels near the border.") {
        eprintln!("parser: {parser}");
        let s = &a.sentences[0];
        assert_eq!(rel(s, "convoy"), ("attacked", "nsubj:pass"));
        assert_eq!(rel(s, "was"), ("attacked", "aux:pass"));
        // The agent of a passive, as in UD EWT.
        assert_eq!(rel(s, "rebels"), ("attacked", "obl:agent"));
        assert_eq!(rel(s, "by"), ("rebels", "case"));
        let attacked = s.tokens.iter().find(|t| t.text == "attacked").unwrap();
        assert_eq!(
            (attacked.lemma.as_str(), attacked.xpos.as_str()),
            ("attack", "VBN")
        );
    }
}

#[test]
fn reported_speech() {
    for (parser, a) in analyses("The minister said the army would withdraw its troops.") {
        eprintln!("parser: {parser}");
        let s = &a.sentences[0];
        assert_eq!(rel(s, "said"), ("ROOT", "root"));
        assert_eq!(rel(s, "minister"), ("said", "nsubj"));
        assert_eq!(rel(s, "withdraw"), ("said", "ccomp"));
        assert_eq!(rel(s, "army"), ("withdraw", "nsubj"));
        assert_eq!(rel(s, "troops"), ("withdraw", "obj"));
    }
}

#[test]
fn coordination() {
    for (parser, a) in analyses("Brazil and the United States signed a trade agreement on Monday.")
    {
        eprintln!("parser: {parser}");
        let s = &a.sentences[0];
        assert_eq!(rel(s, "Brazil"), ("signed", "nsubj"));
        assert_eq!(rel(s, "States"), ("Brazil", "conj"));
        assert_eq!(rel(s, "and"), ("States", "cc"));
        assert!(
            a.mentions
                .iter()
                .any(|m| m.text == "Brazil" && m.kind == MentionKind::Place)
        );
        assert!(
            a.mentions
                .iter()
                .any(|m| m.text.ends_with("United States") && m.kind == MentionKind::Place)
        );
    }
}

#[test]
fn negation() {
    for (parser, a) in analyses("Police did not arrest the protesters.") {
        eprintln!("parser: {parser}");
        let s = &a.sentences[0];
        assert_eq!(rel(s, "not"), ("arrest", "advmod"));
        assert_eq!(rel(s, "protesters"), ("arrest", "obj"));
        assert_eq!(rel(s, "Police"), ("arrest", "nsubj"));
        let not = s.tokens.iter().find(|t| t.text == "not").unwrap();
        assert_eq!(not.upos, "PART");
    }
}

#[test]
fn titles_before_names() {
    for (parser, a) in analyses(
        "Iraqi Foreign Minister Ibrahim Jafari met Chinese officials in Beijing on Tuesday.",
    ) {
        eprintln!("parser: {parser}");
        let s = &a.sentences[0];
        // The subject of "met" is part of the titled name, and the name holds
        // together (flat/compound/nmod:desc inside it).
        let subj = s
            .tokens
            .iter()
            .find(|t| t.deprel == "nsubj")
            .map(|t| t.text.as_str());
        assert!(
            matches!(subj, Some("Minister" | "Ibrahim" | "Jafari")),
            "{subj:?}"
        );
        assert!(matches!(rel(s, "Jafari").0, "Ibrahim" | "Minister"));
        assert!(
            a.mentions
                .iter()
                .any(|m| m.text.ends_with("Ibrahim Jafari") && m.kind == MentionKind::Person),
            "{:?}",
            a.mentions
        );
        assert!(
            a.mentions
                .iter()
                .any(|m| m.text == "Beijing" && m.kind == MentionKind::Place)
        );
        assert!(
            a.mentions
                .iter()
                .any(|m| m.text == "Chinese" && m.kind == MentionKind::Norp)
        );
        assert!(
            a.mentions
                .iter()
                .any(|m| m.text == "Tuesday" && m.kind == MentionKind::Date)
        );
    }
}

#[test]
fn the_accurate_models_vote_with_a_beam_and_the_default_parses_greedily() {
    if let Some(m) = crate::Models::embedded() {
        assert_eq!(m.beam(), 1, "the default parser is the fast one");
        assert_eq!(m.parser_count(), 1);
    }
    if let Some(m) = crate::Models::embedded_accurate() {
        assert!(m.beam() > 1, "parser-accurate.bin decodes with a beam");
        assert_eq!(m.parser_count(), 3, "and two more parsers vote");
    }
}

#[test]
fn numbers_are_their_own_lemma() {
    // Word hashes fold digits to 0, so a learned exception for one number
    // must not rewrite another.
    let Some(a) = analyse("In 1947, 12 boats and 3,500 men left at 9.30 on 1 March.") else {
        return;
    };
    for t in &a.sentences[0].tokens {
        if t.text.chars().any(|c| c.is_ascii_digit()) {
            assert_eq!(t.lemma, t.text, "lemma of {:?}", t.text);
        }
    }
}
